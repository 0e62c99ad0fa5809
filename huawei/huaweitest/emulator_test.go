package huaweitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/signer"
)

// client signs requests to a Server as the official SDK does.
type client struct {
	t      *testing.T
	srv    *Server
	ak, sk string
	token  string
	domain string
	now    func() time.Time
	// sts is sent as X-Security-Token, signed unless stsUnsigned.
	sts         string
	stsUnsigned bool
}

func newClient(t *testing.T, srv *Server) *client {
	ak, sk := srv.Credentials()
	return &client{t: t, srv: srv, ak: ak, sk: sk, domain: srv.DomainID(), now: time.Now}
}

type answer struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (c *client) do(method, path string, body any) answer {
	c.t.Helper()
	var b []byte
	if body != nil {
		var err error
		b, err = json.Marshal(body)
		require.NoError(c.t, err)
		b = append(b, '\n')
	}
	r, err := http.NewRequest(method, c.srv.URL+path, bytes.NewReader(b))
	require.NoError(c.t, err)
	r.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	if body != nil {
		r.Header.Set("Content-Type", "application/json;charset=UTF-8")
	} else {
		r.Header.Set("Content-Type", "application/json")
	}
	if c.domain != "" {
		r.Header.Set("X-Domain-Id", c.domain)
	}
	if c.token != "" {
		r.Header.Set("X-Auth-Token", c.token)
	} else if c.ak != "" {
		creds := signer.Credentials{AccessKeyID: c.ak, SecretAccessKey: c.sk}
		if !c.stsUnsigned {
			creds.SecurityToken = c.sts
		}
		require.NoError(c.t, signer.Huawei{}.Sign(r, b, &signer.SignParams{Credentials: creds, Time: c.now().UTC()}))
		if c.stsUnsigned {
			r.Header.Set("X-Security-Token", c.sts)
		}
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &a.body), "body %s", raw)
	}
	require.Len(c.t, resp.Header.Get("X-Request-Id"), 32)
	return a
}

func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	v, ok := m[key].(map[string]any)
	require.True(t, ok, "%q is not an object in %v", key, m)
	return v
}

func createUser(t *testing.T, c *client, name string, extra map[string]any) string {
	t.Helper()
	u := map[string]any{"name": name, "domain_id": c.srv.DomainID()}
	for k, v := range extra {
		u[k] = v
	}
	a := c.do("POST", "/v3.0/OS-USER/users", map[string]any{"user": u})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	return obj(t, a.body, "user")["id"].(string)
}

func TestUserLifecycle(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)

	id := createUser(t, c, "alice", map[string]any{
		"password": "Pa$$w0rd!x", "email": "a@example.com", "areacode": "0086", "phone": "13800000000",
		"xuser_type": "TenantIdp", "xuser_id": "ext-alice", "access_mode": "console", "description": "first",
	})
	assert.Regexp(t, "^[0-9a-f]{32}$", id)

	a := c.do("GET", "/v3.0/OS-USER/users/"+id, nil)
	require.Equal(t, http.StatusOK, a.status)
	u := obj(t, a.body, "user")
	for _, k := range []string{"pwd_strength", "create_time", "pwd_create_time", "modify_pwd_time", "last_login_time",
		"areacode", "enabled", "domain_id", "xuser_id", "pwd_status", "update_time", "phone", "is_domain_owner",
		"access_mode", "name", "links", "id", "xuser_type", "email", "description"} {
		assert.Contains(t, u, k)
	}
	assert.Equal(t, "alice", u["name"])
	assert.Equal(t, "console", u["access_mode"])
	assert.Equal(t, "0086", u["areacode"])
	assert.Equal(t, "13800000000", u["phone"])
	assert.Equal(t, true, u["pwd_status"], "pwd_status defaults to true with a password")
	assert.Nil(t, u["last_login_time"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.0$`, u["create_time"])
	assert.Equal(t, srv.URL+"/v3.0/OS-USER/users/"+id, obj(t, u, "links")["self"])
	assert.NotContains(t, string(a.raw), "Pa$$w0rd", "the password is never returned")

	a = c.do("PUT", "/v3.0/OS-USER/users/"+id, map[string]any{"user": map[string]any{"name": "alice2", "enabled": false, "description": ""}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	u = obj(t, a.body, "user")
	assert.Equal(t, "alice2", u["name"])
	assert.Equal(t, false, u["enabled"])
	assert.Equal(t, "", u["description"])
	assert.Contains(t, obj(t, u, "links")["self"], id)

	a = c.do("DELETE", "/v3/users/"+id, nil)
	assert.Equal(t, http.StatusNoContent, a.status)
	assert.Empty(t, a.raw)
	a = c.do("GET", "/v3.0/OS-USER/users/"+id, nil)
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.Equal(t, "IAM.0004", a.body["error_code"])
	a = c.do("DELETE", "/v3/users/"+id, nil)
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.EqualValues(t, 404, obj(t, a.body, "error")["code"], "Keystone shape on /v3")
}

func TestCreateUserErrors(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	createUser(t, c, "taken", nil)
	dom := srv.DomainID()
	tests := []struct {
		name   string
		user   map[string]any
		status int
		code   string
	}{
		{"duplicate", map[string]any{"name": "taken", "domain_id": dom}, 409, ""},
		{"bad name", map[string]any{"name": "1abc", "domain_id": dom}, 400, "1101"},
		{"missing name", map[string]any{"domain_id": dom}, 400, "1100"},
		{"missing domain", map[string]any{"name": "bob"}, 400, "1100"},
		{"phone without areacode", map[string]any{"name": "bob", "domain_id": dom, "phone": "138"}, 400, "1106"},
		{"xuser_id without type", map[string]any{"name": "bob", "domain_id": dom, "xuser_id": "x"}, 400, "1105"},
		{"access mode", map[string]any{"name": "bob", "domain_id": dom, "access_mode": "web"}, 400, "1120"},
		{"weak password", map[string]any{"name": "bob", "domain_id": dom, "password": "abcdefgh"}, 400, "1118"},
		{"other domain", map[string]any{"name": "bob", "domain_id": "0000"}, 403, "IAM.0002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := c.do("POST", "/v3.0/OS-USER/users", map[string]any{"user": tt.user})
			require.Equal(t, tt.status, a.status, "%s", a.raw)
			if tt.code != "" {
				assert.Equal(t, tt.code, a.body["error_code"])
				assert.NotEmpty(t, a.body["error_msg"])
			} else {
				e := obj(t, a.body, "error")
				assert.EqualValues(t, 409, e["code"])
				assert.Contains(t, e, "error_code")
				assert.Contains(t, e["message"], "Duplicate entry")
			}
		})
	}
	a := c.do("POST", "/v3.0/OS-USER/users", nil)
	assert.Equal(t, 400, a.status)
	assert.Equal(t, "IAM.0011", a.body["error_code"])
}

func TestListUsersFilters(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	srv := NewServer(WithClock(func() time.Time { return now }), WithPasswordValidity(90*24*time.Hour))
	defer srv.Close()
	c := newClient(t, srv)
	c.now = func() time.Time { return now }
	createUser(t, c, "a", map[string]any{"password": "Secret-123x"})
	createUser(t, c, "b", map[string]any{"enabled": false})
	createUser(t, c, "c", nil)

	names := func(query string) []string {
		a := c.do("GET", "/v3/users"+query, nil)
		require.Equal(t, 200, a.status, "%s", a.raw)
		links := obj(t, a.body, "links")
		assert.Nil(t, links["next"])
		assert.Nil(t, links["previous"])
		assert.True(t, strings.HasPrefix(links["self"].(string), srv.URL+"/v3/users"))
		var out []string
		for _, u := range a.body["users"].([]any) {
			m := u.(map[string]any)
			out = append(out, m["name"].(string))
			assert.Contains(t, m, "password_expires_at")
			assert.Contains(t, obj(t, m, "links")["self"], "/v3/users/"+m["id"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"a", "b", "c"}, names(""))
	assert.Equal(t, []string{"a", "c"}, names("?enabled=true"))
	assert.Equal(t, []string{"b"}, names("?enabled=false"))
	assert.Equal(t, []string{"c"}, names("?name=c"))
	assert.Empty(t, names("?name=C"), "name is exact")
	assert.Equal(t, []string{"a", "b", "c"}, names("?domain_id="+srv.DomainID()))
	assert.Empty(t, names("?domain_id=other"))
	// a's password expires on 2027-02-20T10:00:00Z; b and c have none (null).
	assert.Equal(t, []string{"a"}, names("?password_expires_at=lt%3A2027-03-01T00%3A00%3A00Z"))
	assert.Empty(t, names("?password_expires_at=lt:2027-01-01T00:00:00Z"))
	assert.Equal(t, []string{"a"}, names("?password_expires_at=eq:2027-02-20T10:00:00Z"))
	assert.Equal(t, []string{"a"}, names("?password_expires_at=gte:2027-02-20T10:00:00Z"))
	assert.Empty(t, names("?password_expires_at=gt:2027-02-20T10:00:00Z"))
	assert.Equal(t, []string{"a"}, names("?password_expires_at=lte:2027-02-20T10:00:00Z"))
	assert.Empty(t, names("?password_expires_at=neq:2027-02-20T10:00:00Z"))
	assert.Equal(t, []string{"a"}, names("?password_expires_at=neq:2027-02-21T10:00:00Z"))
	assert.Equal(t, []string{"a"}, names("?enabled=true&password_expires_at=gt:2026-01-01T00:00:00Z"))

	a := c.do("GET", "/v3/users?password_expires_at=like:2027-01-01T00:00:00Z", nil)
	assert.Equal(t, 400, a.status)
	assert.EqualValues(t, 400, obj(t, a.body, "error")["code"])
	a = c.do("GET", "/v3/users?enabled=maybe", nil)
	assert.Equal(t, 400, a.status)
}

func TestAuthentication(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newClient(t, srv)
	id := createUser(t, root, "svc", map[string]any{"password": "Pa$$w0rd!x"})

	refused := func(t *testing.T, a answer) {
		t.Helper()
		assert.Equal(t, http.StatusUnauthorized, a.status, "%s", a.raw)
		assert.Equal(t, "APIGW.0301", a.body["error_code"])
		assert.NotEmpty(t, a.body["request_id"])
	}

	t.Run("wrong secret", func(t *testing.T) {
		c := newClient(t, srv)
		c.sk = "wrong"
		refused(t, c.do("GET", "/v3/users", nil))
	})
	t.Run("unsigned", func(t *testing.T) {
		c := newClient(t, srv)
		c.ak = ""
		refused(t, c.do("GET", "/v3/users", nil))
	})
	t.Run("stale date", func(t *testing.T) {
		c := newClient(t, srv)
		c.now = func() time.Time { return time.Now().Add(-time.Hour) }
		refused(t, c.do("GET", "/v3/users", nil))
	})
	t.Run("other domain", func(t *testing.T) {
		c := newClient(t, srv)
		c.domain = "0123"
		refused(t, c.do("GET", "/v3/users", nil))
	})
	t.Run("tampered body", func(t *testing.T) {
		ak, sk := srv.Credentials()
		body := []byte(`{"user":{"name":"x1","domain_id":"` + srv.DomainID() + `"}}`)
		r, _ := http.NewRequest("POST", srv.URL+"/v3.0/OS-USER/users", bytes.NewReader([]byte(`{"user":{"name":"x2","domain_id":"`+srv.DomainID()+`"}}`)))
		r.Header.Set("Content-Type", "application/json")
		require.NoError(t, signer.Huawei{}.Sign(r, body, &signer.SignParams{Credentials: signer.Credentials{AccessKeyID: ak, SecretAccessKey: sk}, Time: time.Now().UTC()}))
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 401, resp.StatusCode)
	})

	// A key created through the API authenticates; disabled, it is refused.
	a := root.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": id, "description": "ci"}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	cred := obj(t, a.body, "credential")
	assert.Equal(t, "active", cred["status"])
	assert.Equal(t, "ci", cred["description"])
	assert.Regexp(t, `^[0-9A-Z]{20}$`, cred["access"])
	assert.Len(t, cred["secret"], 40)
	user := newClient(t, srv)
	user.ak, user.sk = cred["access"].(string), cred["secret"].(string)
	a = user.do("GET", "/v3.0/OS-USER/users/"+id, nil)
	require.Equal(t, 200, a.status, "%s", a.raw)
	a = user.do("GET", "/v3.0/OS-CREDENTIAL/credentials", nil)
	require.Equal(t, 200, a.status)
	assert.Len(t, a.body["credentials"], 1, "without user_id: the caller's own keys")

	a = root.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+user.ak, map[string]any{"credential": map[string]any{"status": "inactive"}})
	require.Equal(t, 200, a.status, "%s", a.raw)
	assert.Equal(t, "inactive", obj(t, a.body, "credential")["status"])
	refused(t, user.do("GET", "/v3.0/OS-USER/users/"+id, nil))

	a = root.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+user.ak, map[string]any{"credential": map[string]any{"status": "active"}})
	require.Equal(t, 200, a.status)
	assert.Equal(t, 200, user.do("GET", "/v3/users", nil).status)

	// Console-only users may not use AK/SK; disabled users neither.
	a = root.do("PUT", "/v3.0/OS-USER/users/"+id, map[string]any{"user": map[string]any{"access_mode": "console"}})
	require.Equal(t, 200, a.status)
	a = user.do("GET", "/v3/users", nil)
	assert.Equal(t, 403, a.status)
	assert.Equal(t, "IAM.0081", a.body["error_code"])
	a = root.do("PUT", "/v3.0/OS-USER/users/"+id, map[string]any{"user": map[string]any{"access_mode": "default", "enabled": false}})
	require.Equal(t, 200, a.status)
	a = user.do("GET", "/v3/users", nil)
	assert.Equal(t, 403, a.status)
	assert.Equal(t, "IAM.0080", a.body["error_code"])

	// Deleted with its user, the key no longer authenticates.
	require.Equal(t, 204, root.do("DELETE", "/v3/users/"+id, nil).status)
	refused(t, user.do("GET", "/v3/users", nil))
}

func TestTokens(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newClient(t, srv)
	id := createUser(t, root, "op", map[string]any{"password": "Pa$$w0rd!x"})

	issue := func(name, password string) answer {
		anon := newClient(t, srv)
		anon.ak, anon.domain = "", ""
		return anon.do("POST", "/v3/auth/tokens", map[string]any{"auth": map[string]any{
			"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": map[string]any{
				"name": name, "password": password, "domain": map[string]any{"name": srv.DomainName()}}}},
			"scope": map[string]any{"domain": map[string]any{"name": srv.DomainName()}},
		}})
	}
	a := issue("op", "wrong-Pass1")
	assert.Equal(t, 401, a.status)
	a = issue("op", "Pa$$w0rd!x")
	require.Equal(t, 201, a.status, "%s", a.raw)
	tok := a.header.Get("X-Subject-Token")
	require.NotEmpty(t, tok)
	assert.Equal(t, id, obj(t, obj(t, a.body, "token"), "user")["id"])

	c := newClient(t, srv)
	c.token = tok
	a = c.do("GET", "/v3.0/OS-USER/users/"+id, nil)
	require.Equal(t, 200, a.status, "%s", a.raw)
	assert.NotNil(t, obj(t, a.body, "user")["last_login_time"], "a password login is a login")

	c.token = "MIIforged"
	a = c.do("GET", "/v3/users", nil)
	assert.Equal(t, 401, a.status)
	assert.Equal(t, "APIGW.0301", a.body["error_code"])

	require.Equal(t, 204, root.do("DELETE", "/v3/users/"+id, nil).status)
	c.token = tok
	assert.Equal(t, 401, c.do("GET", "/v3/users", nil).status, "a deleted user's token is revoked")
}

func TestCredentials(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	id := createUser(t, c, "keys", nil)
	var aks []string
	for range 2 {
		a := c.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": id}})
		require.Equal(t, 201, a.status)
		aks = append(aks, obj(t, a.body, "credential")["access"].(string))
	}
	a := c.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": id}})
	require.Equal(t, 400, a.status)
	assert.Equal(t, map[string]any{"message": "akSkNumExceed", "code": 400.0, "title": "Bad Request"}, obj(t, a.body, "error"))

	a = c.do("GET", "/v3.0/OS-CREDENTIAL/credentials?user_id="+id, nil)
	require.Equal(t, 200, a.status)
	list := a.body["credentials"].([]any)
	require.Len(t, list, 2)
	for _, x := range list {
		m := x.(map[string]any)
		assert.NotContains(t, m, "secret")
		assert.Equal(t, id, m["user_id"])
		assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`, m["create_time"])
	}

	a = c.do("GET", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], nil)
	require.Equal(t, 200, a.status)
	cr := obj(t, a.body, "credential")
	assert.Equal(t, cr["create_time"], cr["last_use_time"], "never used: last use is the creation time")
	assert.NotContains(t, cr, "secret")

	a = c.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], map[string]any{"credential": map[string]any{"description": "rotated"}})
	require.Equal(t, 200, a.status)
	assert.Equal(t, "rotated", obj(t, a.body, "credential")["description"])
	assert.Equal(t, "active", obj(t, a.body, "credential")["status"])
	a = c.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], map[string]any{"credential": map[string]any{"status": "paused"}})
	assert.Equal(t, 400, a.status)
	a = c.do("PUT", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], map[string]any{"credential": map[string]any{}})
	assert.Equal(t, 400, a.status)

	assert.Equal(t, 204, c.do("DELETE", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], nil).status)
	a = c.do("DELETE", "/v3.0/OS-CREDENTIAL/credentials/"+aks[0], nil)
	assert.Equal(t, 404, a.status)
	assert.EqualValues(t, 404, obj(t, a.body, "error")["code"])
	root, _ := srv.Credentials()
	assert.Equal(t, 404, c.do("GET", "/v3.0/OS-CREDENTIAL/credentials/"+root, nil).status, "root keys are not served")
	a = c.do("POST", "/v3.0/OS-CREDENTIAL/credentials", map[string]any{"credential": map[string]any{"user_id": "nobody"}})
	assert.Equal(t, 404, a.status)
}

func TestLoginProtect(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	id := createUser(t, c, "lp", nil)
	path := "/v3.0/OS-USER/users/" + id + "/login-protect"

	a := c.do("GET", path, nil)
	assert.Equal(t, 404, a.status)
	assert.Equal(t, "IAM.0004", a.body["error_code"], "never configured")

	a = c.do("PUT", path, map[string]any{"login_protect": map[string]any{"enabled": true, "verification_method": "vmfa"}})
	require.Equal(t, 200, a.status, "%s", a.raw)
	assert.Equal(t, map[string]any{"user_id": id, "enabled": true, "verification_method": "vmfa"}, obj(t, a.body, "login_protect"))
	a = c.do("GET", path, nil)
	require.Equal(t, 200, a.status)
	assert.Equal(t, "vmfa", obj(t, a.body, "login_protect")["verification_method"])

	for _, body := range []map[string]any{
		{"login_protect": map[string]any{"enabled": true, "verification_method": "totp"}},
		{"login_protect": map[string]any{"enabled": true}},
		{"login_protect": map[string]any{"verification_method": "sms"}},
	} {
		assert.Equal(t, 400, c.do("PUT", path, body).status, "%v", body)
	}
	assert.Equal(t, 404, c.do("PUT", "/v3.0/OS-USER/users/nobody/login-protect",
		map[string]any{"login_protect": map[string]any{"enabled": false, "verification_method": "sms"}}).status)
}

func TestRouting(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	a := c.do("GET", "/v3/nothing", nil)
	assert.Equal(t, 404, a.status)
	assert.EqualValues(t, 404, obj(t, a.body, "error")["code"])
	a = c.do("DELETE", "/v3.0/OS-USER/users", nil)
	assert.Equal(t, 405, a.status)
	assert.Equal(t, "Method Not Allowed", obj(t, a.body, "error")["title"])

	a = c.do("GET", "/v3/auth/domains", nil)
	require.Equal(t, 200, a.status)
	d := a.body["domains"].([]any)[0].(map[string]any)
	assert.Equal(t, srv.DomainID(), d["id"])
	assert.Equal(t, srv.DomainName(), d["name"])
}

func TestKeystoneUserAPIs(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	a := c.do("POST", "/v3/users", map[string]any{"user": map[string]any{"name": "ks", "domain_id": srv.DomainID(), "enabled": true}})
	require.Equal(t, 201, a.status, "%s", a.raw)
	id := obj(t, a.body, "user")["id"].(string)
	a = c.do("PATCH", "/v3/users/"+id, map[string]any{"user": map[string]any{"password": "N3w!Passw0rd", "pwd_status": true}})
	require.Equal(t, 200, a.status, "%s", a.raw)
	assert.Equal(t, true, obj(t, a.body, "user")["pwd_status"])
	a = c.do("PATCH", "/v3/users/"+id, map[string]any{"user": map[string]any{"password": "N3w!Passw0rd"}})
	assert.Equal(t, 400, a.status)
	assert.Equal(t, "1108", a.body["error_code"], "a new password must differ")
	a = c.do("GET", "/v3/users/"+id, nil)
	require.Equal(t, 200, a.status)
	assert.Equal(t, "ks", obj(t, a.body, "user")["name"])
}
