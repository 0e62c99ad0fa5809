package baidutest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// Defaults of the temporary credentials the emulator issues.
const (
	// DefaultSessionTokenSeconds is GetSessionToken's duration when the
	// request names none (the official SDK's default).
	DefaultSessionTokenSeconds = 43200
	// DefaultAssumeRoleSeconds is AssumeRole's duration when the request
	// names none, and its maximum (Baidu: at most 2 hours).
	DefaultAssumeRoleSeconds = 7200
	// DefaultInstanceRoleRotation is how often the instance role's
	// credentials are replaced, as Baidu does on BCC (every 5 minutes).
	DefaultInstanceRoleRotation = 5 * time.Minute
)

// Kinds of TemporaryCredentials.
const (
	KindSessionToken = "sessionToken" // STS GetSessionToken
	KindAssumeRole   = "assumeRole"   // STS AssumeRole
	KindInstanceRole = "instanceRole" // the BCC metadata service
)

// Baidu's refusal of a session token that does not match its key, or has
// expired. Baidu documents no separate code for an expired token;
// RequestExpired is about the signature's timestamp, not the credentials.
const (
	codeInvalidSessionToken = "InvalidSessionToken"
	msgExpiredToken         = "The security token has expired."
)

// tempConfig is the part of config about temporary credentials.
type tempConfig struct {
	ttl          time.Duration
	instanceRole string
	rotation     time.Duration
}

// WithTemporaryCredentialTTL makes every temporary credential the emulator
// issues (STS and instance role) last ttl, whatever the request asks for,
// so that tests see them expire quickly (with WithClock). Zero keeps the
// defaults: STS credentials last the durationSeconds asked for, instance-role
// credentials twice the rotation period.
func WithTemporaryCredentialTTL(ttl time.Duration) Option {
	return func(c *config) { c.temp.ttl = ttl }
}

// WithInstanceRole binds an IAM role to the emulated BCC instance: the
// metadata service (MetadataHandler, Server.MetadataURL) then hands out its
// temporary credentials. Without it the metadata service answers 404, as
// on an instance without a role.
func WithInstanceRole(roleName string) Option {
	return func(c *config) { c.temp.instanceRole = roleName }
}

// WithInstanceRoleRotation sets how often the instance role's credentials
// are replaced (default DefaultInstanceRoleRotation). Each set lasts twice
// as long unless WithTemporaryCredentialTTL says otherwise, so the
// previous one keeps working for a while after a rotation, as on Baidu.
func WithInstanceRoleRotation(every time.Duration) Option {
	return func(c *config) { c.temp.rotation = every }
}

// TemporaryCredentials describe credentials the emulator issued, without
// their secret or token.
type TemporaryCredentials struct {
	// AccessKeyID is the temporary access key id.
	AccessKeyID string
	// Kind is KindSessionToken, KindAssumeRole or KindInstanceRole.
	Kind string
	// AccountID and RoleName are AssumeRole's accountId and roleName, or the
	// instance role's name.
	AccountID, RoleName string
	// DurationSeconds is the durationSeconds the request asked for (or its
	// default); zero for the instance role.
	DurationSeconds int
	// ACL is the access control list sent as the request's body, if any.
	ACL string
	// IssuedAt and Expires bound the credentials' validity on the
	// emulator's clock.
	IssuedAt, Expires time.Time
}

// tempCreds is one issued credential.
type tempCreds struct {
	TemporaryCredentials
	secret, token string
	seq           uint64 // order of issue
}

// tempState holds the temporary credentials issued.
type tempState struct {
	cfg tempConfig

	mu       sync.Mutex
	seq      uint64
	byID     map[string]*tempCreds
	instance *tempCreds // the instance role's current credentials
}

func newTempState(c tempConfig) *tempState {
	if c.rotation <= 0 {
		c.rotation = DefaultInstanceRoleRotation
	}
	return &tempState{cfg: c, byID: map[string]*tempCreds{}}
}

// issue makes and records new credentials valid from now for ttl.
func (s *tempState) issue(t TemporaryCredentials, now time.Time, ttl time.Duration) *tempCreds {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked(t, now, ttl)
}

func (s *tempState) issueLocked(t TemporaryCredentials, now time.Time, ttl time.Duration) *tempCreds {
	if s.cfg.ttl > 0 {
		ttl = s.cfg.ttl
	}
	t.AccessKeyID = strings.ToUpper(randomHex(16))
	t.IssuedAt, t.Expires = now, now.Add(ttl)
	tok := make([]byte, 48)
	_, _ = rand.Read(tok)
	c := &tempCreds{TemporaryCredentials: t, secret: randomHex(16),
		// Like Baidu's, the token holds '+', '/' and '=': a header value
		// the signature must encode.
		token: base64.StdEncoding.EncodeToString(tok) + "+/="}
	// Forget credentials long expired, keeping recent ones to answer that
	// they have expired.
	for id, old := range s.byID {
		if now.Sub(old.Expires) > 24*time.Hour {
			delete(s.byID, id)
		}
	}
	s.seq++
	c.seq = s.seq
	s.byID[t.AccessKeyID] = c
	return c
}

// lookup returns the signing credentials of a temporary key.
func (s *tempState) lookup(id string) (signer.Credentials, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	if !ok {
		return signer.Credentials{}, false
	}
	return signer.Credentials{AccessKeyID: id, SecretAccessKey: c.secret, SecurityToken: c.token}, true
}

// expired reports whether id is a temporary key past its expiry at now.
func (s *tempState) expired(id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	return ok && !now.Before(c.Expires)
}

// instanceCreds returns the instance role's current credentials, issuing
// new ones when the rotation period has passed (or rotate is set).
func (s *tempState) instanceCreds(now time.Time, rotate bool) (*tempCreds, bool) {
	if s.cfg.instanceRole == "" {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.instance; c != nil && !rotate && now.Before(c.IssuedAt.Add(s.cfg.rotation)) {
		return c, true
	}
	s.instance = s.issueLocked(TemporaryCredentials{Kind: KindInstanceRole, RoleName: s.cfg.instanceRole}, now, 2*s.cfg.rotation)
	return s.instance, true
}

// TemporaryCredentials lists the temporary credentials the emulator issued
// (STS and instance role), in the order of issue, without secrets or
// tokens.
func (e *Emulator) TemporaryCredentials() []TemporaryCredentials {
	e.temp.mu.Lock()
	all := make([]*tempCreds, 0, len(e.temp.byID))
	for _, c := range e.temp.byID {
		all = append(all, c)
	}
	e.temp.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := make([]TemporaryCredentials, len(all))
	for i, c := range all {
		out[i] = c.TemporaryCredentials
	}
	return out
}

// credentialModel is the credential STS returns (and the metadata service).
type credentialModel struct {
	AccessKeyID     string   `json:"accessKeyId"`
	SecretAccessKey string   `json:"secretAccessKey"`
	SessionToken    string   `json:"sessionToken"`
	CreateTime      jsonTime `json:"createTime"`
	Expiration      jsonTime `json:"expiration"`
	UserID          string   `json:"userId,omitempty"`
	RoleID          string   `json:"roleId,omitempty"`
}

func (c *tempCreds) model() credentialModel {
	return credentialModel{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.secret, SessionToken: c.token,
		CreateTime: jsonTime(c.IssuedAt), Expiration: jsonTime(c.Expires)}
}

// serveSTS answers the STS operations, when r is one: GetSessionToken
// (POST /v1/sessionToken?durationSeconds=) and AssumeRole (POST
// /v1/credential?assumeRole&accountId=&roleName=&durationSeconds=). The
// request has been authenticated; any valid key may call them.
func (e *Emulator) serveSTS(rw *reply, r *http.Request, body []byte) bool {
	var kind string
	switch r.URL.Path {
	case "/v1/sessionToken":
		kind = KindSessionToken
	case "/v1/credential":
		kind = KindAssumeRole
	default:
		return false
	}
	if r.Method != http.MethodPost {
		rw.fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		return true
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		rw.fail(http.StatusBadRequest, "InvalidURI", "Could not parse the specified URI.")
		return true
	}
	bad := func(msg string) bool {
		rw.fail(http.StatusBadRequest, "InvalidHTTPRequest", msg)
		return true
	}
	t := TemporaryCredentials{Kind: kind}
	maxSeconds, seconds := 0, DefaultSessionTokenSeconds
	if kind == KindAssumeRole {
		if _, ok := q["assumeRole"]; !ok {
			return bad("The assumeRole parameter is missing.")
		}
		t.AccountID, t.RoleName = q.Get("accountId"), q.Get("roleName")
		if t.AccountID == "" || t.RoleName == "" {
			return bad("The accountId and roleName parameters are required.")
		}
		maxSeconds, seconds = DefaultAssumeRoleSeconds, DefaultAssumeRoleSeconds
	}
	if v, ok := q["durationSeconds"]; ok {
		n, err := strconv.Atoi(v[len(v)-1])
		if err != nil || n <= 0 || (maxSeconds > 0 && n > maxSeconds) {
			if maxSeconds > 0 {
				return bad("The durationSeconds parameter must be an integer from 1 to " + strconv.Itoa(maxSeconds) + ".")
			}
			return bad("The durationSeconds parameter must be a positive integer.")
		}
		seconds = n
	}
	t.DurationSeconds = seconds
	if b := bytes.TrimSpace(body); len(b) > 0 {
		var acl map[string]any
		if json.Unmarshal(b, &acl) != nil {
			rw.fail(http.StatusBadRequest, "MalformedJSON", "The JSON you provided was not well-formed.")
			return true
		}
		t.ACL = string(b)
	}
	c := e.temp.issue(t, e.now().UTC().Truncate(time.Second), time.Duration(seconds)*time.Second)
	m := c.model()
	m.UserID = strings.ToLower(randomHex(16))
	if kind == KindAssumeRole {
		m.RoleID = strings.ToLower(randomHex(16))
	}
	rw.ok(http.StatusOK, m)
	return true
}
