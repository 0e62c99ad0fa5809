package huaweitest

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// tempClient is a client signing with temporary credentials.
func tempClient(t *testing.T, srv *Server, ak, sk, token string, now func() time.Time) *client {
	return &client{t: t, srv: srv, ak: ak, sk: sk, sts: token, domain: srv.DomainID(), now: now}
}

func credentialOf(t *testing.T, a answer) (ak, sk, token string, expires time.Time) {
	t.Helper()
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	c := obj(t, a.body, "credential")
	exp, err := time.Parse(keystoneTimeLayout, c["expires_at"].(string))
	require.NoError(t, err)
	return c["access"].(string), c["secret"].(string), c["securitytoken"].(string), exp
}

func TestTemporaryCredentialsExpire(t *testing.T) {
	clk := &fakeClock{t: time.Now().UTC()}
	srv := NewServer(WithClock(clk.now), WithTemporaryCredentialTTL(5*time.Minute))
	defer srv.Close()
	tc := srv.IssueTemporaryCredentials(time.Hour)
	assert.Equal(t, clk.now().Add(5*time.Minute), tc.ExpiresAt, "WithTemporaryCredentialTTL caps the lifetime")
	assert.NotContains(t, tc.String()+tc.GoString(), tc.SecretAccessKey)
	assert.NotContains(t, tc.String(), tc.SecurityToken)

	c := tempClient(t, srv, tc.AccessKeyID, tc.SecretAccessKey, tc.SecurityToken, clk.now)
	a := c.do("GET", "/v3/users", nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)

	c.sts = ""
	a = c.do("GET", "/v3/users", nil)
	assert.Equal(t, http.StatusUnauthorized, a.status, "temporary keys need their token")
	assert.Equal(t, "APIGW.0301", a.body["error_code"])
	c.sts, c.stsUnsigned = tc.SecurityToken, true
	a = c.do("GET", "/v3/users", nil)
	assert.Equal(t, http.StatusUnauthorized, a.status, "the token must be signed")
	c.stsUnsigned = false

	clk.add(5 * time.Minute)
	a = c.do("GET", "/v3/users", nil)
	assert.Equal(t, http.StatusUnauthorized, a.status)
	assert.Equal(t, "IAM.1108", a.body["error_code"], "expired: IAM's securitytoken-expired code")
	assert.NotEmpty(t, a.body["error_msg"])
	assert.NotEmpty(t, a.body["request_id"])

	// A temporary key acting as a user stops with the user.
	root := newClient(t, srv)
	root.now = clk.now
	uid := createUser(t, root, "alice", map[string]any{"password": "Pa$$w0rd!x"})
	anon := &client{t: t, srv: srv, now: clk.now}
	a = anon.do("POST", "/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"password"}, "password": map[string]any{"user": map[string]any{"name": "alice", "password": "Pa$$w0rd!x",
			"domain": map[string]any{"name": srv.DomainName()}}}}}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	userToken := a.header.Get("X-Subject-Token")
	tok := &client{t: t, srv: srv, token: userToken, now: clk.now}
	ak, sk, st, _ := credentialOf(t, tok.do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"token"}, "token": map[string]any{"duration_seconds": 900}}}}))
	uc := tempClient(t, srv, ak, sk, st, clk.now)
	a = uc.do("GET", "/v3.0/OS-CREDENTIAL/credentials", nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	a = root.do("PUT", "/v3.0/OS-USER/users/"+uid, map[string]any{"user": map[string]any{"enabled": false}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	a = uc.do("GET", "/v3.0/OS-CREDENTIAL/credentials", nil)
	assert.Equal(t, http.StatusForbidden, a.status)
	assert.Equal(t, "IAM.0080", a.body["error_code"])
}

func TestSecurityTokensByToken(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newClient(t, srv)
	createUser(t, root, "bob", map[string]any{"password": "Pa$$w0rd!x"})
	anon := &client{t: t, srv: srv, now: time.Now}
	a := anon.do("POST", "/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"password"}, "password": map[string]any{"user": map[string]any{"name": "bob", "password": "Pa$$w0rd!x",
			"domain": map[string]any{"name": srv.DomainName()}}}}}})
	require.Equal(t, http.StatusCreated, a.status)
	userToken := a.header.Get("X-Subject-Token")

	body := func(extra map[string]any) map[string]any {
		tok := map[string]any{}
		for k, v := range extra {
			tok[k] = v
		}
		return map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"token"}, "token": tok}}}
	}
	// The token in the header, or (deprecated) in the body.
	_, _, _, exp := credentialOf(t, (&client{t: t, srv: srv, token: userToken, now: time.Now}).do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", body(nil)))
	assert.WithinDuration(t, time.Now().Add(900*time.Second), exp, 5*time.Second, "IAM's default is 900 s")
	_, _, _, exp = credentialOf(t, anon.do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", body(map[string]any{"id": userToken, "duration_seconds": 3600})))
	assert.WithinDuration(t, time.Now().Add(time.Hour), exp, 5*time.Second)

	for name, tc := range map[string]struct {
		c      *client
		body   map[string]any
		status int
	}{
		"no token":         {anon, body(nil), 401},
		"unknown token":    {&client{t: t, srv: srv, token: "MIIxxx", now: time.Now}, body(nil), 401},
		"short duration":   {anon, body(map[string]any{"id": userToken, "duration_seconds": 899}), 400},
		"long duration":    {anon, body(map[string]any{"id": userToken, "duration_seconds": 86401}), 400},
		"unknown method":   {anon, map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"password"}}}}, 400},
		"two methods":      {anon, map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"token", "assume_role"}}}}, 400},
		"policy not a doc": {anon, map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"token"}, "policy": "x"}}}, 400},
	} {
		a := tc.c.do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", tc.body)
		assert.Equal(t, tc.status, a.status, "%s: %s", name, a.raw)
	}
	a = anon.do("GET", "/v3.0/OS-CREDENTIAL/securitytokens", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, a.status)
}

func TestAssumeAgency(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	srv.AddAgency("ops")
	root := newClient(t, srv)
	assume := func(c *client, ar map[string]any) answer {
		return c.do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"assume_role"}, "assume_role": ar}}})
	}
	ak, sk, st, exp := credentialOf(t, assume(root, map[string]any{"agency_name": "ops", "domain_id": srv.DomainID(),
		"duration_seconds": 3600, "session_user": map[string]any{"name": "deployer"}}))
	assert.WithinDuration(t, time.Now().Add(time.Hour), exp, 5*time.Second)
	ac := tempClient(t, srv, ak, sk, st, time.Now)
	a := ac.do("GET", "/v3/auth/domains", nil)
	require.Equal(t, http.StatusOK, a.status, "the agency's keys authenticate")

	// Agency keys may assume again (chained), by domain name too.
	_, _, _, _ = credentialOf(t, assume(ac, map[string]any{"agency_name": "ops", "domain_name": srv.DomainName()}))

	for name, tc := range map[string]struct {
		ar     map[string]any
		status int
	}{
		"unknown agency":   {map[string]any{"agency_name": "nope", "domain_id": srv.DomainID()}, 404},
		"other domain":     {map[string]any{"agency_name": "ops", "domain_id": "0123"}, 404},
		"no domain":        {map[string]any{"agency_name": "ops"}, 400},
		"no agency":        {map[string]any{"domain_id": srv.DomainID()}, 400},
		"short duration":   {map[string]any{"agency_name": "ops", "domain_id": srv.DomainID(), "duration_seconds": 60}, 400},
		"bad session user": {map[string]any{"agency_name": "ops", "domain_id": srv.DomainID(), "session_user": map[string]any{"name": "1abc"}}, 400},
	} {
		a := assume(root, tc.ar)
		assert.Equal(t, tc.status, a.status, "%s: %s", name, a.raw)
	}
	// assume_role needs an authenticated caller.
	a = assume(&client{t: t, srv: srv, now: time.Now}, map[string]any{"agency_name": "ops", "domain_id": srv.DomainID()})
	assert.Equal(t, http.StatusUnauthorized, a.status)
	assert.Equal(t, "APIGW.0301", a.body["error_code"])
	bad := newClient(t, srv)
	bad.sk = "wrong"
	a = assume(bad, map[string]any{"agency_name": "ops", "domain_id": srv.DomainID()})
	assert.Equal(t, http.StatusUnauthorized, a.status)
}

// jwt returns an unsigned compact JWT with the given exp.
func jwt(exp time.Time) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." +
		enc.EncodeToString([]byte(`{"sub":"system:serviceaccount:default:app","exp":`+strconv.FormatInt(exp.Unix(), 10)+`}`)) + ".sig"
}

func TestFederationWithIDToken(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	var seen []string
	var mu sync.Mutex
	srv.AddIdentityProvider("k8s-idp", func(tok string) bool {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, tok)
		return !strings.Contains(tok, "revoked")
	})
	anon := &client{t: t, srv: srv, now: time.Now}
	idToken := func(idp, tok string) answer {
		r, err := http.NewRequest("POST", srv.URL+"/v3.0/OS-AUTH/id-token/tokens",
			strings.NewReader(`{"auth":{"id_token":{"id":"`+tok+`"}}}`))
		require.NoError(t, err)
		r.Header.Set("Content-Type", "application/json;charset=UTF-8")
		if idp != "" {
			r.Header.Set("X-Idp-Id", idp)
		}
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	}
	good := jwt(time.Now().Add(time.Hour))
	a := idToken("k8s-idp", good)
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	fed := a.header.Get("X-Subject-Token")
	require.NotEmpty(t, fed)
	assert.Contains(t, string(a.raw), srv.DomainID(), "the token names its account")
	assert.Equal(t, []string{good}, seen)

	// The unscoped token buys temporary AK/SK, and nothing else.
	fc := &client{t: t, srv: srv, token: fed, now: time.Now}
	ak, sk, st, exp := credentialOf(t, fc.do("POST", "/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"token"}, "token": map[string]any{"id": fed, "duration_seconds": 21600}}}}))
	assert.WithinDuration(t, time.Now().Add(6*time.Hour), exp, 5*time.Second)
	a = tempClient(t, srv, ak, sk, st, time.Now).do("GET", "/v3/auth/domains", nil)
	assert.Equal(t, http.StatusOK, a.status)
	a = fc.do("GET", "/v3/users", nil)
	assert.Equal(t, http.StatusUnauthorized, a.status, "an unscoped federation token is not an IAM API token")
	_ = anon

	for name, tc := range map[string]struct {
		idp, tok string
		status   int
	}{
		"unknown idp":   {"other", good, 404},
		"no idp":        {"", good, 404},
		"not a jwt":     {"k8s-idp", "opaque", 401},
		"expired":       {"k8s-idp", jwt(time.Now().Add(-time.Minute)), 401},
		"refused":       {"k8s-idp", jwt(time.Now().Add(time.Hour)) + "revoked", 401},
		"empty id":      {"k8s-idp", "", 400},
		"no exp at all": {"k8s-idp", base64.RawURLEncoding.EncodeToString([]byte(`{}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"x"}`)) + ".s", 201},
	} {
		a := idToken(tc.idp, tc.tok)
		assert.Equal(t, tc.status, a.status, "%s: %s", name, a.raw)
	}
}
