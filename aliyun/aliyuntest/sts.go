package aliyuntest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// stsVersion is the STS API version the emulator serves.
const stsVersion = "2015-04-01"

// Defaults of the temporary credentials the emulator issues.
const (
	// DefaultRoleSessionSeconds is the DurationSeconds of AssumeRole and
	// AssumeRoleWithOIDC when the request names none.
	DefaultRoleSessionSeconds = 3600
	// DefaultInstanceRoleTTL is how long the instance role's credentials
	// last (Alibaba does not publish it; this is the emulator's choice).
	DefaultInstanceRoleTTL = 6 * time.Hour
	// DefaultInstanceRoleRotation is how often the instance role's
	// credentials are replaced by new ones (the emulator's choice too).
	DefaultInstanceRoleRotation = time.Hour
)

// Kinds of TemporaryCredentials.
const (
	KindAssumeRole         = "AssumeRole"         // STS AssumeRole
	KindAssumeRoleWithOIDC = "AssumeRoleWithOIDC" // STS AssumeRoleWithOIDC
	KindInstanceRole       = "InstanceRole"       // the ECS metadata service
)

// codeTokenExpired is Alibaba Cloud's refusal of an expired STS token.
const codeTokenExpired = "InvalidSecurityToken.Expired"

// tempConfig is the part of options about temporary credentials.
type tempConfig struct {
	ttl          time.Duration
	instanceRole string
	rotation     time.Duration
	tokenMode    MetadataTokenMode
}

// WithTemporaryCredentialsTTL makes every temporary credential the emulator
// issues (STS and instance role) last ttl, whatever the request asks for,
// so that tests see them expire quickly (with WithClock). Zero keeps the
// defaults: STS credentials last the DurationSeconds asked for, the
// instance role's DefaultInstanceRoleTTL.
func WithTemporaryCredentialsTTL(ttl time.Duration) Option {
	return func(o *options) { o.temp.ttl = ttl }
}

// WithInstanceRole attaches a RAM role to the emulated ECS instance: the
// metadata service (MetadataHandler, Server.MetadataURL) then names it and
// hands out its temporary credentials. Without it the metadata service
// answers 404 for the role, as on an instance without one.
func WithInstanceRole(roleName string) Option {
	return func(o *options) { o.temp.instanceRole = roleName }
}

// WithInstanceRoleRotation sets how often the instance role's credentials
// are replaced (default DefaultInstanceRoleRotation); they are also
// replaced when they expire. Replaced credentials keep working until they
// expire.
func WithInstanceRoleRotation(every time.Duration) Option {
	return func(o *options) { o.temp.rotation = every }
}

// TemporaryCredentials describe credentials the emulator issued, without
// their secret or token.
type TemporaryCredentials struct {
	// AccessKeyID is the temporary AccessKey id (STS.…).
	AccessKeyID string
	// Kind is KindAssumeRole, KindAssumeRoleWithOIDC or KindInstanceRole.
	Kind string
	// RoleARN and RoleSessionName are those of the STS request.
	RoleARN, RoleSessionName string
	// RoleName is the instance role's name.
	RoleName string
	// CallerAccessKeyID is the key that signed AssumeRole (a long-term key
	// or temporary credentials: role chaining).
	CallerAccessKeyID string
	// OIDCProviderARN and OIDCSubject are AssumeRoleWithOIDC's identity
	// provider and the "sub" claim of the OIDC token presented.
	OIDCProviderARN, OIDCSubject string
	// DurationSeconds is the DurationSeconds asked for (or its default);
	// zero for the instance role.
	DurationSeconds int
	// Policy and ExternalID are the request's, if any.
	Policy, ExternalID string
	// IssuedAt and Expires bound the credentials' validity on the
	// emulator's clock.
	IssuedAt, Expires time.Time
}

// tempCreds is one issued credential.
type tempCreds struct {
	TemporaryCredentials
	secret, token string
}

// stsState holds the temporary credentials issued, and the metadata
// service's tokens and requests.
type stsState struct {
	cfg tempConfig

	mu       sync.Mutex
	byID     map[string]*tempCreds
	instance *tempCreds           // the instance role's current credentials
	tokens   map[string]time.Time // metadata token -> expiry
	requests []MetadataRequest
}

func newSTSState(c tempConfig) *stsState {
	if c.rotation <= 0 {
		c.rotation = DefaultInstanceRoleRotation
	}
	return &stsState{cfg: c, byID: map[string]*tempCreds{}, tokens: map[string]time.Time{}}
}

// issueLocked makes and records new credentials valid from now for ttl.
func (s *stsState) issueLocked(t TemporaryCredentials, now time.Time, ttl time.Duration) *tempCreds {
	if s.cfg.ttl > 0 {
		ttl = s.cfg.ttl
	}
	t.AccessKeyID = "STS.NT" + randomFrom(alnum, 26)
	t.IssuedAt, t.Expires = now, now.Add(ttl)
	tok := make([]byte, 240)
	_, _ = rand.Read(tok)
	// Like Alibaba's, the token holds '+', '/' and '=': a value the
	// signatures must escape.
	c := &tempCreds{TemporaryCredentials: t, secret: randomFrom(alnum, 44), token: "CAIS" + base64.StdEncoding.EncodeToString(tok) + "+/=="}
	// Forget credentials long expired, keeping recent ones to answer that
	// they have expired.
	for id, old := range s.byID {
		if now.Sub(old.Expires) > 24*time.Hour {
			delete(s.byID, id)
		}
	}
	s.byID[t.AccessKeyID] = c
	return c
}

// lookup returns the signing credentials of a temporary key.
func (s *stsState) lookup(id string) (signer.Credentials, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	if !ok {
		return signer.Credentials{}, false
	}
	return signer.Credentials{AccessKeyID: id, SecretAccessKey: c.secret, SecurityToken: c.token}, true
}

// expired reports whether id is a temporary key past its expiry at now.
func (s *stsState) expired(id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	return ok && !now.Before(c.Expires)
}

// instanceCreds returns the instance role's current credentials, issuing
// new ones when the rotation period has passed, they have expired, or
// rotate is set.
func (s *stsState) instanceCreds(now time.Time, rotate bool) (*tempCreds, bool) {
	if s.cfg.instanceRole == "" {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.instance; c != nil && !rotate && now.Before(c.IssuedAt.Add(s.cfg.rotation)) && now.Before(c.Expires) {
		return c, true
	}
	s.instance = s.issueLocked(TemporaryCredentials{Kind: KindInstanceRole, RoleName: s.cfg.instanceRole}, now, DefaultInstanceRoleTTL)
	return s.instance, true
}

// TemporaryCredentials lists the temporary credentials the emulator issued
// (STS and instance role), oldest first, without secrets or tokens.
func (e *Emulator) TemporaryCredentials() []TemporaryCredentials {
	e.sts.mu.Lock()
	out := make([]TemporaryCredentials, 0, len(e.sts.byID))
	for _, c := range e.sts.byID {
		out = append(out, c.TemporaryCredentials)
	}
	e.sts.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].IssuedAt.Equal(out[j].IssuedAt) {
			return out[i].IssuedAt.Before(out[j].IssuedAt)
		}
		return out[i].AccessKeyID < out[j].AccessKeyID
	})
	return out
}

// stsCredentials is the Credentials object of STS's answers (and, with
// Code and LastUpdated, of the metadata service's).
type stsCredentials struct {
	AccessKeyId     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
}

func (c *tempCreds) wire() stsCredentials {
	return stsCredentials{AccessKeyId: c.AccessKeyID, AccessKeySecret: c.secret, SecurityToken: c.token, Expiration: ramDate(c.Expires)}
}

// anonymous reports whether req is served without a signature: STS
// AssumeRoleWithOIDC, whose proof is the OIDC token.
func anonymous(req *request) bool {
	return req.version == stsVersion && req.action == "AssumeRoleWithOIDC"
}

var (
	stsRoleARN     = regexp.MustCompile(`^acs:ram::[0-9]+:role/[A-Za-z0-9._-]{1,64}$`)
	stsProviderARN = regexp.MustCompile(`^acs:ram::[0-9]+:oidc-provider/[A-Za-z0-9._-]{1,128}$`)
	stsSessionName = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)
)

func invalidParam(name string) *apiError {
	return errf(400, "InvalidParameter."+name, "The parameter "+name+" is invalid.")
}

// stsAction serves STS AssumeRole (signed by any valid key, temporary ones
// included) and AssumeRoleWithOIDC (anonymous).
func (e *Emulator) stsAction(req *request) (any, error) {
	p := req.params
	switch req.action {
	case "AssumeRole", "AssumeRoleWithOIDC":
	case "":
		return nil, missing("Action")
	default:
		return nil, errf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
	}
	t := TemporaryCredentials{Kind: req.action, RoleARN: p.Get("RoleArn"), RoleSessionName: p.Get("RoleSessionName"),
		Policy: p.Get("Policy"), DurationSeconds: DefaultRoleSessionSeconds}
	switch {
	case t.RoleARN == "":
		return nil, missing("RoleArn")
	case !stsRoleARN.MatchString(t.RoleARN):
		return nil, invalidParam("RoleArn")
	case t.RoleSessionName == "":
		return nil, missing("RoleSessionName")
	case !stsSessionName.MatchString(t.RoleSessionName):
		return nil, invalidParam("RoleSessionName")
	case t.Policy != "" && (len(t.Policy) > 2048 || !json.Valid([]byte(t.Policy))):
		return nil, errf(400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.")
	}
	if v := p.Get("DurationSeconds"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 900 || n > 43200 {
			return nil, errf(400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/12hr.")
		}
		t.DurationSeconds = n
	}
	now := e.ram.Now()
	var info map[string]any
	if req.action == "AssumeRole" {
		t.CallerAccessKeyID, t.ExternalID = req.caller.ID, p.Get("ExternalId")
	} else {
		t.OIDCProviderARN = p.Get("OIDCProviderArn")
		token := p.Get("OIDCToken")
		switch {
		case t.OIDCProviderARN == "":
			return nil, missing("OIDCProviderArn")
		case !stsProviderARN.MatchString(t.OIDCProviderARN):
			return nil, invalidParam("OIDCProviderArn")
		case token == "":
			return nil, missing("OIDCToken")
		}
		claims, ok := parseJWTClaims(token)
		if !ok {
			return nil, errf(400, "InvalidParameter.OIDCToken", "The OIDC token is invalid.")
		}
		if claims.Exp != 0 && !now.Before(time.Unix(claims.Exp, 0)) {
			return nil, errf(400, "InvalidParameter.OIDCToken", "The OIDC token has expired.")
		}
		t.OIDCSubject = claims.Sub
		info = map[string]any{"Subject": claims.Sub, "Issuer": claims.Iss, "ClientIds": strings.Join(claims.Aud, ","),
			"ExpirationTime": unixDate(claims.Exp), "IssuanceTime": unixDate(claims.Iat),
			"VerificationInfo": "Success"}
	}
	e.sts.mu.Lock()
	c := e.sts.issueLocked(t, now, time.Duration(t.DurationSeconds)*time.Second)
	e.sts.mu.Unlock()
	out := map[string]any{
		"RequestId": req.requestID,
		"AssumedRoleUser": map[string]string{
			"Arn":           t.RoleARN + "/" + t.RoleSessionName,
			"AssumedRoleId": "3" + randomFrom(digits, 17) + ":" + t.RoleSessionName,
		},
		"Credentials": c.wire(),
	}
	if info != nil {
		out["OIDCTokenInfo"] = info
	}
	return out, nil
}

// unixDate writes a JWT time as STS does; "" for none.
func unixDate(n int64) string {
	if n == 0 {
		return ""
	}
	return ramDate(time.Unix(n, 0))
}

// jwtClaims are the claims of an OIDC token the emulator reads.
type jwtClaims struct {
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Aud audience `json:"aud"`
	Exp int64    `json:"exp"`
	Iat int64    `json:"iat"`
}

// audience is a JWT "aud": one string or a list.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}

// parseJWTClaims reads the claims of a JWT (three base64url segments) with
// an issuer and a subject. The emulator does not check its signature: it
// holds no OIDC provider's keys.
func parseJWTClaims(token string) (jwtClaims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return jwtClaims{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, false
	}
	var c jwtClaims
	if json.Unmarshal(b, &c) != nil || c.Iss == "" || c.Sub == "" {
		return jwtClaims{}, false
	}
	return c, true
}
