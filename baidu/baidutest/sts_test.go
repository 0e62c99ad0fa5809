package baidutest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testClock is a settable clock for the emulator and the caller alike.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// temporary reads a credential answer (STS or metadata) into a caller.
func temporary(t *testing.T, base caller, body map[string]any) (caller, time.Time) {
	t.Helper()
	for _, k := range []string{"accessKeyId", "secretAccessKey", "sessionToken", "createTime", "expiration"} {
		require.NotEmpty(t, body[k], k)
	}
	exp, err := time.Parse(time.RFC3339, body["expiration"].(string))
	require.NoError(t, err)
	c := base
	c.ak, c.sk, c.token = body["accessKeyId"].(string), body["secretAccessKey"].(string), body["sessionToken"].(string)
	return c, exp
}

func TestSTSGetSessionToken(t *testing.T) {
	clk := newTestClock()
	root, srv := newCaller(t, WithClock(clk.Now))
	root.now = clk.Now()

	r := root.do("POST", "/v1/sessionToken?durationSeconds=3600", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.NotEmpty(t, r.body["userId"])
	assert.Nil(t, r.body["roleId"])
	sess, exp := temporary(t, root, r.body)
	assert.Equal(t, clk.Now().Add(time.Hour), exp)
	assert.Contains(t, sess.token, "+/=", "the token needs encoding in the signature")

	// The credentials authenticate with their token, and only with it.
	require.Equal(t, http.StatusOK, sess.do("GET", "/v1/user", nil).status)
	noToken := sess
	noToken.token = ""
	assertError(t, noToken.do("GET", "/v1/user", nil), http.StatusForbidden, codeInvalidSessionToken)
	wrong := sess
	wrong.token = "other"
	assertError(t, wrong.do("GET", "/v1/user", nil), http.StatusForbidden, codeInvalidSessionToken)
	forged := sess
	forged.sk = "not-the-secret"
	assertError(t, forged.do("GET", "/v1/user", nil), http.StatusBadRequest, "SignatureDoesNotMatch")

	// Until they expire; then Baidu's refusal of the token.
	clk.Add(time.Hour - time.Second)
	sess.now = clk.Now()
	require.Equal(t, http.StatusOK, sess.do("GET", "/v1/user", nil).status)
	clk.Add(time.Second)
	sess.now = clk.Now()
	r = sess.do("GET", "/v1/user", nil)
	assertError(t, r, http.StatusForbidden, codeInvalidSessionToken)
	assert.Equal(t, msgExpiredToken, r.body["message"])

	// The default duration is the SDK's 12 hours.
	root.now = clk.Now()
	r = root.do("POST", "/v1/sessionToken", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	_, exp = temporary(t, root, r.body)
	assert.Equal(t, clk.Now().Add(DefaultSessionTokenSeconds*time.Second), exp)

	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 2)
	assert.Equal(t, KindSessionToken, issued[0].Kind)
	assert.Equal(t, 3600, issued[0].DurationSeconds)
	assert.Equal(t, sess.ak, issued[0].AccessKeyID)
	assert.Equal(t, DefaultSessionTokenSeconds, issued[1].DurationSeconds)
	for _, k := range issued {
		assert.NotContains(t, strings.ToLower(fmtAny(k)), strings.ToLower(sess.sk))
	}
}

func fmtAny(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestSTSAssumeRole(t *testing.T) {
	clk := newTestClock()
	root, srv := newCaller(t, WithClock(clk.Now))
	root.now = clk.Now()

	for _, q := range []string{
		"?accountId=a&roleName=r", // no assumeRole
		"?assumeRole&roleName=r",  // no accountId
		"?assumeRole&accountId=a", // no roleName
		"?assumeRole&accountId=a&roleName=r&durationSeconds=7201",
		"?assumeRole&accountId=a&roleName=r&durationSeconds=0",
		"?assumeRole&accountId=a&roleName=r&durationSeconds=x",
	} {
		assertError(t, root.do("POST", "/v1/credential"+q, nil), http.StatusBadRequest, "InvalidHTTPRequest")
	}
	assertError(t, root.do("GET", "/v1/credential?assumeRole&accountId=a&roleName=r", nil), http.StatusMethodNotAllowed, "MethodNotAllowed")
	acl := map[string]any{"accessControlList": []any{map[string]any{"service": "bce:iam", "region": "*",
		"effect": "Allow", "permission": []any{"READ"}}}}
	r := root.do("POST", "/v1/credential?assumeRole&accountId=acc1&roleName=deployer&durationSeconds=900&userId=u9", acl)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.NotEmpty(t, r.body["roleId"])
	role, exp := temporary(t, root, r.body)
	assert.Equal(t, clk.Now().Add(15*time.Minute), exp)
	require.Equal(t, http.StatusOK, role.do("GET", "/v1/user", nil).status)

	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, TemporaryCredentials{AccessKeyID: role.ak, Kind: KindAssumeRole, AccountID: "acc1", RoleName: "deployer",
		DurationSeconds: 900, ACL: issued[0].ACL, IssuedAt: clk.Now(), Expires: exp}, issued[0])
	assert.JSONEq(t, fmtAny(acl), issued[0].ACL)

	// Temporary credentials may ask STS again (here: for a role).
	r = role.do("POST", "/v1/credential?assumeRole&accountId=acc1&roleName=other", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	_, exp = temporary(t, root, r.body)
	assert.Equal(t, clk.Now().Add(DefaultAssumeRoleSeconds*time.Second), exp)

	clk.Add(15 * time.Minute)
	role.now = clk.Now()
	assertError(t, role.do("GET", "/v1/user", nil), http.StatusForbidden, codeInvalidSessionToken)
	assertError(t, role.do("POST", "/v1/sessionToken", nil), http.StatusForbidden, codeInvalidSessionToken)
}

// TestSTSUnsignedAndBadBody: STS requests are authenticated like IAM's, and
// an ACL body must be JSON.
func TestSTSUnsignedAndBadBody(t *testing.T) {
	root, srv := newCaller(t)
	res, err := http.Post(srv.URL+"/v1/sessionToken", "application/json", nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assertError(t, root.do("POST", "/v1/sessionToken", []int{1}), http.StatusBadRequest, "MalformedJSON")
	assert.Empty(t, srv.TemporaryCredentials())
}

func TestTemporaryCredentialsTTL(t *testing.T) {
	clk := newTestClock()
	root, _ := newCaller(t, WithClock(clk.Now), WithTemporaryCredentialTTL(2*time.Second))
	root.now = clk.Now()
	r := root.do("POST", "/v1/sessionToken?durationSeconds=3600", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	sess, exp := temporary(t, root, r.body)
	assert.Equal(t, clk.Now().Add(2*time.Second), exp, "the TTL option wins over durationSeconds")
	require.Equal(t, http.StatusOK, sess.do("GET", "/v1/user", nil).status)
	clk.Add(2 * time.Second)
	sess.now = clk.Now()
	assertError(t, sess.do("GET", "/v1/user", nil), http.StatusForbidden, codeInvalidSessionToken)
}
