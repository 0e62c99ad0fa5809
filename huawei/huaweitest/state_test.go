package huaweitest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAddUser: seeded users are served by the API and reported by Users,
// under IAM's rules (older names included).
func TestAddUser(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	srv := NewServer(WithClock(func() time.Time { return at }))
	defer srv.Close()
	c := newClient(t, srv)
	c.now = func() time.Time { return at }

	alice, err := srv.AddUser(User{Name: "alice", Description: "ops", Email: "alice@example.com", Phone: "0086-13800000000", Enabled: true})
	require.NoError(t, err)
	assert.Regexp(t, "^[0-9a-f]{32}$", alice.ID)
	assert.Equal(t, at, alice.CreatedAt, "the emulator's clock when CreatedAt is zero")
	legacy, err := srv.AddUser(User{ID: "0123456789abcdef0123456789abcdef", Name: "1legacy", CreatedAt: at.Add(-time.Hour)})
	require.NoError(t, err, "a name under older rules")
	assert.Equal(t, "0123456789abcdef0123456789abcdef", legacy.ID)
	assert.False(t, legacy.Enabled, "stored as given")

	a := c.do("GET", "/v3.0/OS-USER/users/"+alice.ID, nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	u := obj(t, a.body, "user")
	assert.Equal(t, "0086", u["areacode"])
	assert.Equal(t, "13800000000", u["phone"])
	assert.Equal(t, "alice@example.com", u["email"])
	a = c.do("GET", "/v3/users?name=1legacy", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["users"], 1)

	assert.Equal(t, []User{alice, legacy}, srv.Users())

	for _, bad := range []User{
		{Name: "alice"},                         // taken
		{Name: "bob", ID: alice.ID},             // id taken
		{Name: ""},                              // empty
		{Name: "a/b"},                           // charset
		{Name: "bob", DisplayName: "Bob"},       // no display names on Huawei
		{Name: "bob", Email: "bob.example.com"}, // not an address
		{Name: "bob", Phone: "13800000000"},     // no areacode
		{Name: "bob", Phone: "0086-138x"},       // not digits
		{Name: "bob", ID: "../x"},               // not an id
	} {
		_, err := srv.AddUser(bad)
		assert.Error(t, err, "%+v", bad)
	}
	assert.Len(t, srv.Users(), 2, "nothing added by a refused AddUser")
}

// TestInspect: AccessKeys and LoginProfile report what API calls did.
func TestInspect(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	id := createUser(t, c, "carol", nil)

	assert.Empty(t, srv.AccessKeys("carol"))
	assert.Nil(t, srv.AccessKeys("nobody"))
	a := c.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": id}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	ak := obj(t, a.body, "credential")["access"].(string)
	a = c.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+ak, map[string]any{"credential": map[string]any{"status": "inactive"}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	keys := srv.AccessKeys("carol")
	require.Len(t, keys, 1)
	assert.Equal(t, ak, keys[0].ID)
	assert.Equal(t, "carol", keys[0].UserName)
	assert.False(t, keys[0].Active)
	assert.False(t, keys[0].CreatedAt.IsZero())

	p, ok := srv.LoginProfile("carol")
	require.True(t, ok, "access_mode default: console access")
	assert.Equal(t, LoginProfile{UserName: "carol"}, p)
	a = c.do("PUT", "/v3.0/OS-USER/users/"+id, map[string]any{"user": map[string]any{"password": "Pa$$w0rd!x", "pwd_status": true}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	a = c.do("PUT", "/v3.0/OS-USER/users/"+id+"/login-protect", map[string]any{"login_protect": map[string]any{"enabled": true, "verification_method": "vmfa"}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	p, ok = srv.LoginProfile("carol")
	require.True(t, ok)
	assert.Equal(t, LoginProfile{UserName: "carol", PasswordSet: true, PasswordResetRequired: true, MFARequired: true, MFAMethod: "vmfa"}, p)

	a = c.do("PUT", "/v3.0/OS-USER/users/"+id, map[string]any{"user": map[string]any{"access_mode": "programmatic"}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	_, ok = srv.LoginProfile("carol")
	assert.False(t, ok, "no console access")
	_, ok = srv.LoginProfile("nobody")
	assert.False(t, ok)
}

// TestSessionToken: with WithSessionToken the root keys are temporary: the
// token must come with every request, signed.
func TestSessionToken(t *testing.T) {
	srv := NewServer(WithCredentials("HWSTSAK0000000000001", "sts-secret"), WithSessionToken("sts-token/+="))
	defer srv.Close()
	ak, sk := srv.Credentials()
	assert.Equal(t, "HWSTSAK0000000000001", ak)
	assert.Equal(t, "sts-secret", sk)
	assert.Equal(t, "sts-token/+=", srv.SessionToken())

	for _, tc := range []struct {
		name     string
		sts      string
		unsigned bool
		status   int
	}{
		{"with the token", "sts-token/+=", false, http.StatusOK},
		{"without a token", "", false, http.StatusUnauthorized},
		{"another token", "other", false, http.StatusUnauthorized},
		{"the token unsigned", "sts-token/+=", true, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, srv)
			c.sts, c.stsUnsigned = tc.sts, tc.unsigned
			a := c.do("GET", "/v3/users", nil)
			assert.Equal(t, tc.status, a.status, "%s", a.raw)
			if tc.status == http.StatusUnauthorized {
				assert.Equal(t, "APIGW.0301", a.body["error_code"])
			}
		})
	}

	// Keys created through the API stay permanent: no token.
	root := newClient(t, srv)
	root.sts = "sts-token/+="
	id := createUser(t, root, "dave", nil)
	a := root.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": id}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	cred := obj(t, a.body, "credential")
	user := newClient(t, srv)
	user.ak, user.sk = cred["access"].(string), cred["secret"].(string)
	assert.Equal(t, http.StatusOK, user.do("GET", "/v3/users", nil).status)
	user.sts = "sts-token/+="
	assert.Equal(t, http.StatusUnauthorized, user.do("GET", "/v3/users", nil).status, "a permanent key presents no token")
}

// TestRandomCredentials: without WithCredentials, each emulator has its own
// random root keys.
func TestRandomCredentials(t *testing.T) {
	a, b := New(), New()
	aak, ask := a.Credentials()
	bak, bsk := b.Credentials()
	assert.Regexp(t, "^[0-9A-Z]{20}$", aak)
	assert.Len(t, ask, 40)
	assert.NotEqual(t, aak, bak)
	assert.NotEqual(t, ask, bsk)
	assert.Empty(t, a.SessionToken())
}
