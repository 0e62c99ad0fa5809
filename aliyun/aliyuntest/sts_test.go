package aliyuntest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/signer"
)

// testClock is a settable clock for WithClock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const testRoleARN = "acs:ram::1234567890123456:role/deployer"

// stsRequest is an STS call as credentials-go sends it: the common
// parameters in the query, the action's in a form body, HMAC-SHA1 signed
// over both (unsigned when c is nil).
func stsRequest(t *testing.T, srv *Server, c *caller, action string, form url.Values, at time.Time) *http.Request {
	t.Helper()
	q := url.Values{"Action": {action}, "Version": {stsVersion}, "Format": {"JSON"}}
	if c == nil {
		q.Set("Timestamp", at.UTC().Format("2006-01-02T15:04:05Z"))
	}
	body := form.Encode()
	r, err := http.NewRequest(http.MethodPost, srv.URL+"/?"+q.Encode(), strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c != nil {
		p := &signer.SignParams{Credentials: signer.Credentials{AccessKeyID: c.id, SecretAccessKey: c.sec, SecurityToken: c.token},
			Time: at, Nonce: "sts-nonce-" + strconv.FormatInt(nonceSeq.Add(1), 10)}
		require.NoError(t, signer.RPC{}.Sign(r, []byte(body), p))
	}
	return r
}

// assume calls AssumeRole signed by c and returns a caller with the
// credentials it got.
func assume(t *testing.T, srv *Server, c *caller, at time.Time, kv ...string) (int, map[string]any, *caller) {
	t.Helper()
	form := pairs("RoleArn", testRoleARN, "RoleSessionName", "tests")
	for k, v := range pairs(kv...) {
		form[k] = v
	}
	st, m := c.send(stsRequest(t, srv, c, "AssumeRole", form, at))
	if st != 200 {
		return st, m, nil
	}
	creds := m["Credentials"].(map[string]any)
	return st, m, &caller{t: t, srv: srv, id: creds["AccessKeyId"].(string), sec: creds["AccessKeySecret"].(string),
		token: creds["SecurityToken"].(string), at: at}
}

// STS AssumeRole answers the documented shape; its credentials
// authenticate RAM and EIAM with their token, with either signature, until
// they expire, then InvalidSecurityToken.Expired.
func TestAssumeRole(t *testing.T) {
	clock := newTestClock()
	srv := NewServer(WithClock(clock.Now))
	defer srv.Close()
	root := newCaller(t, srv)
	root.at = clock.Now()
	st, m, sess := assume(t, srv, root, clock.Now(), "DurationSeconds", "900", "ExternalId", "ext-1",
		"Policy", `{"Version":"1","Statement":[]}`)
	require.Equal(t, 200, st, m)
	creds := m["Credentials"].(map[string]any)
	assert.True(t, strings.HasPrefix(creds["AccessKeyId"].(string), "STS."))
	assert.Contains(t, creds["SecurityToken"], "+/")
	assert.Equal(t, clock.Now().Add(900*time.Second).Format("2006-01-02T15:04:05Z"), creds["Expiration"])
	user := m["AssumedRoleUser"].(map[string]any)
	assert.Equal(t, testRoleARN+"/tests", user["Arn"])
	assert.True(t, strings.HasSuffix(user["AssumedRoleId"].(string), ":tests"))

	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 1)
	rootID, _ := srv.Credentials()
	assert.Equal(t, TemporaryCredentials{AccessKeyID: sess.id, Kind: KindAssumeRole, RoleARN: testRoleARN, RoleSessionName: "tests",
		CallerAccessKeyID: rootID, DurationSeconds: 900, Policy: `{"Version":"1","Statement":[]}`, ExternalID: "ext-1",
		IssuedAt: clock.Now(), Expires: clock.Now().Add(900 * time.Second)}, issued[0])

	for _, rpc := range []bool{false, true} {
		sess.rpc = rpc
		st, m := sess.ram("CreateUser", "UserName", "by-role-"+strconv.FormatBool(rpc))
		require.Equal(t, 200, st, m)
		st, m = sess.eiam("ListUsers")
		require.Equal(t, 200, st, m)
	}

	// Without the token, or with another, the key is refused.
	noToken := *sess
	noToken.token = ""
	st, m = noToken.ram("ListUsers")
	assert.Equal(t, 400, st)
	assert.Equal(t, "InvalidSecurityToken.Mismatch", m["Code"])

	// Role chaining: temporary credentials may call AssumeRole.
	st, m, chained := assume(t, srv, sess, clock.Now(), "RoleSessionName", "chained")
	require.Equal(t, 200, st, m)
	for _, c := range srv.TemporaryCredentials() {
		if c.AccessKeyID == chained.id {
			assert.Equal(t, sess.id, c.CallerAccessKeyID)
			assert.Equal(t, "chained", c.RoleSessionName)
		}
	}

	clock.Add(900 * time.Second)
	sess.at = clock.Now()
	for _, rpc := range []bool{false, true} {
		sess.rpc = rpc
		st, m := sess.ram("ListUsers")
		assert.Equal(t, 400, st)
		assert.Equal(t, "InvalidSecurityToken.Expired", m["Code"])
		assert.Equal(t, "Specified SecurityToken is expired.", m["Message"])
	}
	chained.at = clock.Now()
	st, m = chained.ram("ListUsers")
	assert.Equal(t, 200, st, "the chained session asked for 3600 s: %v", m)
}

func TestAssumeRoleRefusals(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newCaller(t, srv)
	for _, tc := range []struct {
		kv   []string
		code string
	}{
		{[]string{"RoleArn", ""}, "MissingParameter"},
		{[]string{"RoleArn", "acs:ram::123:user/deployer"}, "InvalidParameter.RoleArn"},
		{[]string{"RoleSessionName", ""}, "MissingParameter"},
		{[]string{"RoleSessionName", "a"}, "InvalidParameter.RoleSessionName"},
		{[]string{"RoleSessionName", "has space"}, "InvalidParameter.RoleSessionName"},
		{[]string{"DurationSeconds", "899"}, "InvalidParameter.DurationSeconds"},
		{[]string{"DurationSeconds", "43201"}, "InvalidParameter.DurationSeconds"},
		{[]string{"Policy", "{not json"}, "InvalidParameter.PolicyGrammar"},
	} {
		st, m, _ := assume(t, srv, root, time.Now(), tc.kv...)
		assert.Equal(t, 400, st, tc.kv)
		assert.Equal(t, tc.code, m["Code"], tc.kv)
		assert.Equal(t, "sts.aliyuncs.com", m["HostId"])
	}
	// AssumeRole must be signed.
	st, m := root.send(stsRequest(t, srv, nil, "AssumeRole", pairs("RoleArn", testRoleARN, "RoleSessionName", "x"), time.Now()))
	assert.Equal(t, 400, st)
	assert.Equal(t, "IncompleteSignature", m["Code"])
	// The form body is signed: changing it breaks the signature.
	r := stsRequest(t, srv, root, "AssumeRole", pairs("RoleArn", testRoleARN, "RoleSessionName", "x"), time.Now())
	r.Body = http.NoBody
	r.ContentLength = 0
	st, m = root.send(r)
	assert.Equal(t, 400, st)
	assert.Equal(t, "SignatureDoesNotMatch", m["Code"])
	assert.Empty(t, srv.TemporaryCredentials())
}

// WithTemporaryCredentialsTTL shortens every credential, whatever
// DurationSeconds asks.
func TestTemporaryCredentialsTTL(t *testing.T) {
	clock := newTestClock()
	srv := NewServer(WithClock(clock.Now), WithTemporaryCredentialsTTL(10*time.Second))
	defer srv.Close()
	root := newCaller(t, srv)
	st, m, sess := assume(t, srv, root, clock.Now(), "DurationSeconds", "3600")
	require.Equal(t, 200, st, m)
	assert.Equal(t, clock.Now().Add(10*time.Second), srv.TemporaryCredentials()[0].Expires)
	clock.Add(9 * time.Second)
	sess.at = clock.Now()
	st, _ = sess.ram("ListUsers")
	assert.Equal(t, 200, st)
	clock.Add(time.Second)
	sess.at = clock.Now()
	st, m = sess.ram("ListUsers")
	assert.Equal(t, 400, st)
	assert.Equal(t, "InvalidSecurityToken.Expired", m["Code"])
}

// testJWT builds an unsigned JWT with the given claims.
func testJWT(t *testing.T, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	require.NoError(t, err)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." + enc(b) + "." + enc([]byte("signature"))
}

const testProviderARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1"

// AssumeRoleWithOIDC is anonymous: the OIDC token is the proof. Its answer
// adds OIDCTokenInfo, and its credentials authenticate like AssumeRole's.
func TestAssumeRoleWithOIDC(t *testing.T) {
	clock := newTestClock()
	srv := NewServer(WithClock(clock.Now))
	defer srv.Close()
	c := newCaller(t, srv) // for send only
	exp := clock.Now().Add(time.Hour).Unix()
	token := testJWT(t, map[string]any{"iss": "https://oidc-ack.cn-hangzhou.aliyuncs.com/c1", "sub": "system:serviceaccount:ns:app",
		"aud": "sts.aliyuncs.com", "exp": exp, "iat": clock.Now().Unix()})
	form := pairs("RoleArn", testRoleARN, "OIDCProviderArn", testProviderARN, "OIDCToken", token, "RoleSessionName", "pod-1")
	st, m := c.send(stsRequest(t, srv, nil, "AssumeRoleWithOIDC", form, clock.Now()))
	require.Equal(t, 200, st, m)
	info := m["OIDCTokenInfo"].(map[string]any)
	assert.Equal(t, "system:serviceaccount:ns:app", info["Subject"])
	assert.Equal(t, "sts.aliyuncs.com", info["ClientIds"])
	assert.Equal(t, time.Unix(exp, 0).UTC().Format("2006-01-02T15:04:05Z"), info["ExpirationTime"])
	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, KindAssumeRoleWithOIDC, issued[0].Kind)
	assert.Equal(t, testProviderARN, issued[0].OIDCProviderARN)
	assert.Equal(t, "system:serviceaccount:ns:app", issued[0].OIDCSubject)
	assert.Equal(t, clock.Now().Add(time.Hour), issued[0].Expires)

	creds := m["Credentials"].(map[string]any)
	sess := &caller{t: t, srv: srv, id: creds["AccessKeyId"].(string), sec: creds["AccessKeySecret"].(string),
		token: creds["SecurityToken"].(string), at: clock.Now()}
	st, m = sess.ram("ListUsers")
	assert.Equal(t, 200, st, m)

	for _, tc := range []struct {
		change []string
		code   string
	}{
		{[]string{"OIDCToken", ""}, "MissingParameter"},
		{[]string{"OIDCToken", "not-a-jwt"}, "InvalidParameter.OIDCToken"},
		{[]string{"OIDCToken", testJWT(t, map[string]any{"iss": "x"})}, "InvalidParameter.OIDCToken"},
		{[]string{"OIDCToken", testJWT(t, map[string]any{"iss": "x", "sub": "y", "exp": clock.Now().Unix()})}, "InvalidParameter.OIDCToken"},
		{[]string{"OIDCProviderArn", ""}, "MissingParameter"},
		{[]string{"OIDCProviderArn", testRoleARN}, "InvalidParameter.OIDCProviderArn"},
		{[]string{"RoleArn", "role"}, "InvalidParameter.RoleArn"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(tc.change[0], tc.change[1])
		st, m := c.send(stsRequest(t, srv, nil, "AssumeRoleWithOIDC", f, clock.Now()))
		assert.Equal(t, 400, st, tc.change)
		assert.Equal(t, tc.code, m["Code"], tc.change)
	}
	assert.Len(t, srv.TemporaryCredentials(), 1)
}
