package huaweitest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// Lifetimes of what the emulator's credential APIs issue, as IAM documents
// them.
const (
	// minTempDuration and maxTempDuration bound duration_seconds of
	// POST /v3.0/OS-CREDENTIAL/securitytokens; defaultTempDuration is
	// IAM's default.
	minTempDuration     = 900
	maxTempDuration     = 86400
	defaultTempDuration = 900
)

// expiredTokenCode is the answer to a request signed with temporary AK/SK
// whose security token has expired: 401 with IAM's "securitytoken expired"
// code (the API reference lists IAM.1108 for it).
const (
	expiredTokenCode = "IAM.1108"
	expiredTokenMsg  = "The securitytoken has expired."
)

// WithTemporaryCredentialTTL caps the lifetime of every temporary AK/SK the
// emulator issues (POST /v3.0/OS-CREDENTIAL/securitytokens, the instance
// metadata of a MetadataServer, IssueTemporaryCredentials), whatever
// duration_seconds asks, so that tests see them expire quickly. Zero (the
// default) keeps the requested durations.
func WithTemporaryCredentialTTL(d time.Duration) Option {
	return func(o *options) { o.tempTTL = d }
}

// TemporaryCredentials are temporary AK/SK issued by the emulator: a
// request they sign must carry SecurityToken, signed, as X-Security-Token,
// and is refused with 401 IAM.1108 once ExpiresAt has passed.
type TemporaryCredentials struct {
	// AccessKeyID is the temporary access key id (AK).
	AccessKeyID string
	// SecretAccessKey is its secret (SK).
	SecretAccessKey string
	// SecurityToken is the security token that must accompany it.
	SecurityToken string
	// ExpiresAt is when the emulator stops accepting it (its clock).
	ExpiresAt time.Time
}

// String hides the secret and the token.
func (c TemporaryCredentials) String() string {
	return "TemporaryCredentials{AccessKeyID: " + c.AccessKeyID + ", ExpiresAt: " + c.ExpiresAt.UTC().Format(time.RFC3339) + "}"
}

// GoString is String under %#v.
func (c TemporaryCredentials) GoString() string { return c.String() }

// tempKey is one issued temporary AK/SK.
type tempKey struct {
	secret, token string
	expires       time.Time
	userID        string // "" acts as the account (agencies, federation, instances)
}

// stsState is the emulator's temporary credentials, agencies and identity
// providers.
type stsState struct {
	mu       sync.Mutex
	keys     map[string]tempKey
	agencies map[string]bool
	idps     map[string]func(string) bool
}

// AddAgency creates an agency (委托) of the account that
// POST /v3.0/OS-CREDENTIAL/securitytokens with the assume_role method can
// assume (agency_name, with the account's domain_id or domain_name). Every
// authenticated caller may assume it: the emulator has no permission
// model.
func (e *Emulator) AddAgency(name string) {
	e.sts.mu.Lock()
	defer e.sts.mu.Unlock()
	if e.sts.agencies == nil {
		e.sts.agencies = map[string]bool{}
	}
	e.sts.agencies[name] = true
}

// AddIdentityProvider registers an OpenID Connect identity provider: an
// ID token posted to POST /v3.0/OS-AUTH/id-token/tokens with X-Idp-Id: id
// is exchanged for an unscoped federation token when it is a JWT whose
// "exp" claim (if any) has not passed on the emulator's clock and accept
// (when not nil) returns true for it. The emulator does not check the
// JWT's signature: accept stands for the provider's keys.
func (e *Emulator) AddIdentityProvider(id string, accept func(idToken string) bool) {
	e.sts.mu.Lock()
	defer e.sts.mu.Unlock()
	if e.sts.idps == nil {
		e.sts.idps = map[string]func(string) bool{}
	}
	if accept == nil {
		accept = func(string) bool { return true }
	}
	e.sts.idps[id] = accept
}

// IssueTemporaryCredentials issues temporary AK/SK acting as the account,
// valid for ttl (capped by WithTemporaryCredentialTTL) on the emulator's
// clock: what an agency or an instance's metadata hands out, for tests
// that need temporary keys without going through an API.
func (e *Emulator) IssueTemporaryCredentials(ttl time.Duration) TemporaryCredentials {
	return e.issueTemp("", ttl)
}

func (e *Emulator) issueTemp(userID string, ttl time.Duration) TemporaryCredentials {
	if e.opts.tempTTL > 0 && (ttl <= 0 || ttl > e.opts.tempTTL) {
		ttl = e.opts.tempTTL
	}
	now := e.st.Now()
	c := TemporaryCredentials{
		AccessKeyID:     randomString(upperAlnum, 20),
		SecretAccessKey: randomString(alnum, 40),
		SecurityToken:   "gQpjbi1ub3J0aC00" + randomString(alnum, 240),
		ExpiresAt:       now.Add(ttl),
	}
	e.sts.mu.Lock()
	defer e.sts.mu.Unlock()
	if e.sts.keys == nil {
		e.sts.keys = map[string]tempKey{}
	}
	for k, t := range e.sts.keys {
		// Expired keys are kept an hour, so that they are refused as
		// expired rather than unknown.
		if now.Sub(t.expires) > time.Hour {
			delete(e.sts.keys, k)
		}
	}
	e.sts.keys[c.AccessKeyID] = tempKey{secret: c.SecretAccessKey, token: c.SecurityToken, expires: c.ExpiresAt, userID: userID}
	return c
}

// tempLookup returns the signer credentials of a temporary access key.
func (e *Emulator) tempLookup(id string) (signer.Credentials, bool) {
	e.sts.mu.Lock()
	t, ok := e.sts.keys[id]
	e.sts.mu.Unlock()
	if !ok {
		return signer.Credentials{}, false
	}
	return signer.Credentials{AccessKeyID: id, SecretAccessKey: t.secret, SecurityToken: t.token}, true
}

// tempAuthenticated finishes the authentication of a request whose
// signature by a temporary key verified: refused with 401 IAM.1108 once the
// key has expired, or when it acts as a user that is gone or disabled.
// It reports whether id is a temporary key at all.
func (e *Emulator) tempAuthenticated(q *req, id string, now time.Time) (isTemp, ok bool) {
	e.sts.mu.Lock()
	t, found := e.sts.keys[id]
	e.sts.mu.Unlock()
	if !found {
		return false, false
	}
	if !now.Before(t.expires) {
		q.huaweiError(http.StatusUnauthorized, expiredTokenCode, expiredTokenMsg)
		return true, false
	}
	if t.userID != "" {
		u, err := e.st.UserByID(t.userID)
		if err != nil {
			q.huaweiError(http.StatusUnauthorized, "APIGW.0301", "Incorrect IAM authentication information: ak not found")
			return true, false
		}
		if !u.Enabled {
			q.huaweiError(http.StatusForbidden, "IAM.0080", "The user of this access key is disabled.")
			return true, false
		}
	}
	q.who = principal{userID: t.userID}
	return true, e.checkDomain(q)
}

// serveSTS serves the credential APIs that authenticate by their own
// rules: POST /v3.0/OS-AUTH/id-token/tokens (anonymous, with an ID token)
// and POST /v3.0/OS-CREDENTIAL/securitytokens (a token, or AK/SK for
// assume_role). It reports whether it handled the request.
func (e *Emulator) serveSTS(q *req, path string) bool {
	switch path {
	case "v3.0/OS-AUTH/id-token/tokens":
		if q.r.Method != http.MethodPost {
			q.keystoneError(http.StatusMethodNotAllowed, "Method Not Allowed", "The method specified in the request is not allowed for the requested resource.")
			return true
		}
		e.createTokenWithIDToken(q)
		return true
	case "v3.0/OS-CREDENTIAL/securitytokens":
		if q.r.Method != http.MethodPost {
			q.keystoneError(http.StatusMethodNotAllowed, "Method Not Allowed", "The method specified in the request is not allowed for the requested resource.")
			return true
		}
		e.createSecurityToken(q)
		return true
	}
	return false
}

// jwtExpiry reads the "exp" claim of a compact JWT; ok is false when s is
// not a JWT. exp is zero when the claim is absent.
func jwtExpiry(s string) (exp time.Time, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}, false
	}
	if claims.Exp == nil {
		return time.Time{}, true
	}
	return time.Unix(int64(*claims.Exp), 0), true
}

// createTokenWithIDToken is POST /v3.0/OS-AUTH/id-token/tokens: an OpenID
// Connect ID token of the identity provider named by X-Idp-Id is exchanged
// for an unscoped federation token, 201 with the token in X-Subject-Token.
func (e *Emulator) createTokenWithIDToken(q *req) {
	idp := q.r.Header.Get("X-Idp-Id")
	e.sts.mu.Lock()
	accept, known := e.sts.idps[idp]
	e.sts.mu.Unlock()
	if idp == "" || !known {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find identity provider: "+idp+".")
		return
	}
	var b struct {
		Auth struct {
			IDToken *struct {
				ID string `json:"id"`
			} `json:"id_token"`
		} `json:"auth"`
	}
	if !q.decode(&b) {
		return
	}
	if b.Auth.IDToken == nil || b.Auth.IDToken.ID == "" {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "auth.id_token.id is required.")
		return
	}
	now := e.st.Now()
	exp, isJWT := jwtExpiry(b.Auth.IDToken.ID)
	if !isJWT || (!exp.IsZero() && !now.Before(exp)) || !accept(b.Auth.IDToken.ID) {
		q.keystoneError(http.StatusUnauthorized, "Unauthorized", "The request you have made requires authentication.")
		return
	}
	ttl := tokenTTL
	if e.opts.tempTTL > 0 && e.opts.tempTTL < ttl {
		ttl = e.opts.tempTTL
	}
	tok := "MII" + randomString(alnum, 61)
	e.mu.Lock()
	for k, t := range e.tokens {
		if now.After(t.expires) {
			delete(e.tokens, k)
		}
	}
	e.tokens[tok] = issuedToken{expires: now.Add(ttl), idp: idp}
	e.mu.Unlock()
	dom := map[string]any{"id": e.opts.domainID, "name": e.opts.domainName}
	q.w.Header().Set("X-Subject-Token", tok)
	q.writeJSON(http.StatusCreated, map[string]any{"token": map[string]any{
		"expires_at": now.Add(ttl).UTC().Format(keystoneTimeLayout),
		"issued_at":  now.UTC().Format(keystoneTimeLayout),
		"methods":    []string{"mapped"},
		"user": map[string]any{
			"id": randomString(lowerHex, 32), "name": "FederationUser", "domain": dom,
			"OS-FEDERATION": map[string]any{
				"identity_provider": map[string]any{"id": idp},
				"protocol":          map[string]any{"id": "oidc"},
				"groups":            []any{},
			},
		},
		"roles":   []any{},
		"catalog": []any{},
	}})
}

// securityTokenBody is the body of POST /v3.0/OS-CREDENTIAL/securitytokens.
type securityTokenBody struct {
	Auth *struct {
		Identity *struct {
			Methods []string `json:"methods"`
			Token   *struct {
				ID              string `json:"id"`
				DurationSeconds *int   `json:"duration_seconds"`
			} `json:"token"`
			AssumeRole *struct {
				AgencyName      string `json:"agency_name"`
				DomainID        string `json:"domain_id"`
				DomainName      string `json:"domain_name"`
				DurationSeconds *int   `json:"duration_seconds"`
				SessionUser     *struct {
					Name string `json:"name"`
				} `json:"session_user"`
			} `json:"assume_role"`
			Policy json.RawMessage `json:"policy"`
		} `json:"identity"`
	} `json:"auth"`
}

// validSessionUser checks session_user.name: 5-64 letters, digits, '_' or
// '-', starting with a letter.
func validSessionUser(s string) bool {
	if len(s) < 5 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || (c < '0' || c > '9') && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// createSecurityToken is POST /v3.0/OS-CREDENTIAL/securitytokens: 201
// {"credential":{"access","secret","securitytoken","expires_at"}}. The
// token method exchanges the X-Auth-Token (or auth.identity.token.id) of a
// user or a federation for temporary AK/SK; assume_role, called with AK/SK
// or a token, returns temporary AK/SK of an agency.
func (e *Emulator) createSecurityToken(q *req) {
	var b securityTokenBody
	if !q.decode(&b) {
		return
	}
	if b.Auth == nil || b.Auth.Identity == nil || len(b.Auth.Identity.Methods) != 1 {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "auth.identity.methods must hold one method.")
		return
	}
	id := b.Auth.Identity
	if len(id.Policy) > 0 && !bytes.Equal(bytes.TrimSpace(id.Policy), []byte("null")) {
		var p map[string]any
		if json.Unmarshal(id.Policy, &p) != nil {
			q.huaweiError(http.StatusBadRequest, "IAM.0073", "auth.identity.policy is not a policy document.")
			return
		}
	}
	duration := func(p *int) (time.Duration, bool) {
		if p == nil {
			return defaultTempDuration * time.Second, true
		}
		if *p < minTempDuration || *p > maxTempDuration {
			q.keystoneError(http.StatusBadRequest, "Bad Request", "Invalid input for field 'duration_seconds': it must be from 900 to 86400.")
			return 0, false
		}
		return time.Duration(*p) * time.Second, true
	}
	switch id.Methods[0] {
	case "token":
		tok := q.r.Header.Get("X-Auth-Token")
		if tok == "" && id.Token != nil {
			tok = id.Token.ID
		}
		var ttl time.Duration
		if id.Token != nil {
			d, ok := duration(id.Token.DurationSeconds)
			if !ok {
				return
			}
			ttl = d
		} else {
			ttl = defaultTempDuration * time.Second
		}
		now := e.st.Now()
		e.mu.Lock()
		t, ok := e.tokens[tok]
		e.mu.Unlock()
		if tok == "" || !ok || !now.Before(t.expires) {
			q.keystoneError(http.StatusUnauthorized, "Unauthorized", "The request you have made requires authentication.")
			return
		}
		if t.userID != "" {
			if u, err := e.st.UserByID(t.userID); err != nil || !u.Enabled {
				q.keystoneError(http.StatusUnauthorized, "Unauthorized", "The request you have made requires authentication.")
				return
			}
		}
		q.writeTemp(e.issueTemp(t.userID, ttl))
	case "assume_role":
		if !e.authenticate(q) {
			return
		}
		ar := id.AssumeRole
		if ar == nil || ar.AgencyName == "" || ar.DomainID == "" && ar.DomainName == "" {
			q.huaweiError(http.StatusBadRequest, "IAM.0072", "assume_role.agency_name and assume_role.domain_id or domain_name are required.")
			return
		}
		if ar.SessionUser != nil && !validSessionUser(ar.SessionUser.Name) {
			q.huaweiError(http.StatusBadRequest, "IAM.0073", "assume_role.session_user.name must be 5-64 letters, digits, '_' or '-', starting with a letter.")
			return
		}
		ttl, ok := duration(ar.DurationSeconds)
		if !ok {
			return
		}
		e.sts.mu.Lock()
		known := e.sts.agencies[ar.AgencyName]
		e.sts.mu.Unlock()
		if ar.DomainID != "" && ar.DomainID != e.opts.domainID || ar.DomainName != "" && ar.DomainName != e.opts.domainName || !known {
			q.keystoneError(http.StatusNotFound, "Not Found", "Could not find agency: "+ar.AgencyName+".")
			return
		}
		q.writeTemp(e.issueTemp("", ttl))
	default:
		q.huaweiError(http.StatusBadRequest, "IAM.0073", "auth.identity.methods must be token or assume_role.")
	}
}

// writeTemp writes the 201 answer of securitytokens.
func (q *req) writeTemp(c TemporaryCredentials) {
	q.writeJSON(http.StatusCreated, map[string]any{"credential": map[string]any{
		"access": c.AccessKeyID, "secret": c.SecretAccessKey, "securitytoken": c.SecurityToken,
		"expires_at": c.ExpiresAt.UTC().Format(keystoneTimeLayout),
	}})
}
