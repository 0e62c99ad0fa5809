package aliyuntest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/signer"
)

var nonceSeq atomic.Int64

type caller struct {
	t       *testing.T
	srv     *Server
	rpc     bool // HMAC-SHA1 RPC instead of ACS3
	id, sec string
	token   string    // STS security token, sent and signed when set
	at      time.Time // signing time; zero means now
	nonce   string    // fixed nonce; empty means a fresh one
}

func newCaller(t *testing.T, srv *Server) *caller {
	id, sec := srv.Credentials()
	return &caller{t: t, srv: srv, id: id, sec: sec}
}

func (c *caller) request(version, action string, params url.Values) *http.Request {
	c.t.Helper()
	q := url.Values{}
	for k, v := range params {
		q[k] = v
	}
	if c.rpc {
		q.Set("Action", action)
		q.Set("Version", version)
		q.Set("Format", "JSON")
	}
	r, err := http.NewRequest(http.MethodPost, c.srv.URL+"/?"+q.Encode(), nil)
	require.NoError(c.t, err)
	r.Header.Set("x-acs-action", action)
	r.Header.Set("x-acs-version", version)
	at := c.at
	if at.IsZero() {
		at = time.Now().UTC()
	}
	nonce := c.nonce
	if nonce == "" {
		nonce = "test-nonce-" + strconv.FormatInt(nonceSeq.Add(1), 10)
	}
	p := &signer.SignParams{Credentials: signer.Credentials{AccessKeyID: c.id, SecretAccessKey: c.sec, SecurityToken: c.token}, Time: at, Nonce: nonce}
	if c.rpc {
		require.NoError(c.t, signer.RPC{}.Sign(r, nil, p))
	} else {
		require.NoError(c.t, signer.ACS3{}.Sign(r, nil, p))
	}
	return r
}

func (c *caller) send(r *http.Request) (int, map[string]any) {
	c.t.Helper()
	resp, err := http.DefaultClient.Do(r)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	var m map[string]any
	require.NoError(c.t, json.Unmarshal(b, &m), string(b))
	assert.Equal(c.t, m["RequestId"], resp.Header.Get("x-acs-request-id"))
	return resp.StatusCode, m
}

func (c *caller) do(version, action string, params url.Values) (int, map[string]any) {
	c.t.Helper()
	return c.send(c.request(version, action, params))
}

func (c *caller) ram(action string, kv ...string) (int, map[string]any) {
	c.t.Helper()
	return c.do(ramVersion, action, pairs(kv...))
}

func (c *caller) eiam(action string, kv ...string) (int, map[string]any) {
	c.t.Helper()
	q := pairs(kv...)
	if q.Get("InstanceId") == "" {
		q.Set("InstanceId", c.srv.InstanceID())
	}
	return c.do(eiamVersion, action, q)
}

func pairs(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	return q
}

func TestSignatureVersions(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for _, rpc := range []bool{false, true} {
		c := newCaller(t, srv)
		c.rpc = rpc
		name := "acs3-user"
		if rpc {
			name = "rpc-user"
		}
		st, m := c.ram("CreateUser", "UserName", name, "DisplayName", "Zoë Test")
		require.Equal(t, 200, st, m)
		u := m["User"].(map[string]any)
		assert.Equal(t, name, u["UserName"])
		assert.Equal(t, "Zoë Test", u["DisplayName"])
		st, m = c.eiam("ListUsers")
		require.Equal(t, 200, st, m)
	}
}

func TestAuthenticationFailures(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for _, rpc := range []bool{false, true} {
		t.Run("rpc="+strconv.FormatBool(rpc), func(t *testing.T) {
			c := newCaller(t, srv)
			c.rpc = rpc

			// A replayed nonce is refused even though the signature is right.
			c.nonce = "fixed-nonce-" + strconv.FormatBool(rpc)
			st, m := c.ram("ListUsers")
			require.Equal(t, 200, st, m)
			st, m = c.ram("ListUsers")
			assert.Equal(t, 400, st)
			assert.Equal(t, "SignatureNonceUsed", m["Code"])
			c.nonce = ""

			// Wrong secret.
			bad := *c
			bad.sec = "not-the-secret"
			st, m = bad.ram("ListUsers")
			assert.Equal(t, 400, st)
			assert.Equal(t, "SignatureDoesNotMatch", m["Code"])

			// Old timestamp.
			old := *c
			old.at = time.Now().Add(-time.Hour)
			st, m = old.ram("ListUsers")
			assert.Equal(t, 400, st)
			assert.Equal(t, "InvalidTimeStamp.Expired", m["Code"])

			// Unknown key.
			unknown := *c
			unknown.id = "LTAI5tNoSuchKey"
			st, m = unknown.ram("ListUsers")
			assert.Equal(t, 404, st)
			assert.Equal(t, "InvalidAccessKeyId.NotFound", m["Code"])

			// Tampering after signing.
			r := c.request(ramVersion, "GetUser", pairs("UserName", "alice"))
			q := r.URL.Query()
			q.Set("UserName", "mallory")
			if rpc {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "UserName=alice", "UserName=mallory", 1)
			} else {
				r.URL.RawQuery = q.Encode()
			}
			st, m = c.send(r)
			assert.Equal(t, 400, st)
			assert.Equal(t, "SignatureDoesNotMatch", m["Code"])
		})
	}

	// Not signed at all.
	r, _ := http.NewRequest(http.MethodPost, srv.URL+"/?UserName=x", nil)
	r.Header.Set("x-acs-action", "GetUser")
	r.Header.Set("x-acs-version", ramVersion)
	st, m := newCaller(t, srv).send(r)
	assert.Equal(t, 400, st)
	assert.Equal(t, "IncompleteSignature", m["Code"])
}

func TestKeyCreatedThroughRAMAuthenticates(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newCaller(t, srv)
	st, m := root.ram("CreateUser", "UserName", "deployer")
	require.Equal(t, 200, st, m)
	st, m = root.ram("CreateAccessKey", "UserName", "deployer")
	require.Equal(t, 200, st, m)
	k := m["AccessKey"].(map[string]any)
	id, sec := k["AccessKeyId"].(string), k["AccessKeySecret"].(string)
	require.NotEmpty(t, id)
	require.NotEmpty(t, sec)
	assert.Equal(t, "Active", k["Status"])

	for _, rpc := range []bool{false, true} {
		user := &caller{t: t, srv: srv, id: id, sec: sec, rpc: rpc}
		st, m = user.ram("GetUser", "UserName", "deployer")
		require.Equal(t, 200, st, m)
		// Without UserName, key actions address the caller's own user.
		st, m = user.ram("ListAccessKeys")
		require.Equal(t, 200, st, m)
		keys := m["AccessKeys"].(map[string]any)["AccessKey"].([]any)
		require.Len(t, keys, 1)
		_, hasSecret := keys[0].(map[string]any)["AccessKeySecret"]
		assert.False(t, hasSecret, "a listed key must not carry its secret")
	}

	st, m = root.ram("UpdateAccessKey", "UserName", "deployer", "UserAccessKeyId", id, "Status", "Inactive")
	require.Equal(t, 200, st, m)
	st, m = (&caller{t: t, srv: srv, id: id, sec: sec}).ram("GetUser", "UserName", "deployer")
	assert.Equal(t, 400, st)
	assert.Equal(t, "InvalidAccessKeyId.Inactive", m["Code"])
}

func TestRAMRules(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newCaller(t, srv)
	cases := []struct {
		action string
		kv     []string
		status int
		code   string
	}{
		{"CreateUser", nil, 400, "MissingParameter"},
		{"CreateUser", []string{"UserName", "bad name"}, 400, "InvalidParameter.UserName.InvalidChars"},
		{"CreateUser", []string{"UserName", strings.Repeat("a", 65)}, 400, "InvalidParameter.UserName.Length"},
		{"CreateUser", []string{"UserName", "u1", "MobilePhone", "12345"}, 400, "InvalidParameter.MobilePhone.Format"},
		{"CreateUser", []string{"UserName", "u1", "Email", "nope"}, 400, "InvalidParameter.Email.Format"},
		{"CreateUser", []string{"UserName", "u1", "MobilePhone", "86-13800000000", "Email", "u1@example.com"}, 200, ""},
		{"CreateUser", []string{"UserName", "u1"}, 409, "EntityAlreadyExists.User"},
		{"GetUser", []string{"UserName", "ghost"}, 404, "EntityNotExist.User"},
		{"GetLoginProfile", []string{"UserName", "u1"}, 404, "EntityNotExist.User.LoginProfile"},
		{"CreateLoginProfile", []string{"UserName", "u1", "Password", "short"}, 400, "InvalidParameter.Password.TooWeak"},
		{"CreateLoginProfile", []string{"UserName", "u1", "Password", "Long-enough-1", "MFABindRequired", "yes"}, 400, "InvalidParameter.MFABindRequired"},
		{"CreateLoginProfile", []string{"UserName", "u1", "Password", "Long-enough-1", "PasswordResetRequired", "true"}, 200, ""},
		{"CreateLoginProfile", []string{"UserName", "u1", "Password", "Long-enough-1"}, 409, "EntityAlreadyExists.User.LoginProfile"},
		{"DeleteUser", []string{"UserName", "u1"}, 409, "DeleteConflict.User.LoginProfile"},
		{"CreateAccessKey", []string{"UserName", "u1"}, 200, ""},
		{"CreateAccessKey", []string{"UserName", "u1"}, 200, ""},
		{"CreateAccessKey", []string{"UserName", "u1"}, 409, "LimitExceeded.User.AccessKey"},
		{"DeleteUser", []string{"UserName", "u1"}, 409, "DeleteConflict.User.AccessKey"},
		{"UpdateAccessKey", []string{"UserName", "u1", "UserAccessKeyId", "LTAI5tNope", "Status", "Inactive"}, 404, "EntityNotExist.User.AccessKey"},
		{"UpdateAccessKey", []string{"UserName", "u1", "UserAccessKeyId", "x", "Status", "Off"}, 400, "InvalidParameter.Status"},
		{"ListUsers", []string{"MaxItems", "1001"}, 400, "InvalidParameter.MaxItems"},
		{"NoSuchAction", nil, 404, "InvalidAction.NotFound"},
	}
	for i, tc := range cases {
		st, m := c.ram(tc.action, tc.kv...)
		assert.Equal(t, tc.status, st, "case %d %s: %v", i, tc.action, m)
		if tc.code != "" {
			assert.Equal(t, tc.code, m["Code"], "case %d %s", i, tc.action)
			assert.NotEmpty(t, m["HostId"])
			assert.NotEmpty(t, m["Recommend"])
		}
	}
	st, m := c.ram("GetLoginProfile", "UserName", "u1")
	require.Equal(t, 200, st)
	lp := m["LoginProfile"].(map[string]any)
	assert.Equal(t, true, lp["PasswordResetRequired"])
	assert.Equal(t, false, lp["MFABindRequired"])
	_, hasPassword := lp["Password"]
	assert.False(t, hasPassword)
}

func TestRAMPaging(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newCaller(t, srv)
	for i := 0; i < 7; i++ {
		st, m := c.ram("CreateUser", "UserName", "user-"+strconv.Itoa(i))
		require.Equal(t, 200, st, m)
	}
	var names []string
	marker := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		kv := []string{"MaxItems", "3"}
		if marker != "" {
			kv = append(kv, "Marker", marker)
		}
		st, m := c.ram("ListUsers", kv...)
		require.Equal(t, 200, st, m)
		for _, u := range m["Users"].(map[string]any)["User"].([]any) {
			names = append(names, u.(map[string]any)["UserName"].(string))
		}
		if m["IsTruncated"] != true {
			break
		}
		marker = m["Marker"].(string)
	}
	assert.Equal(t, []string{"user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6"}, names)
}

// vectorQuery is the query of the eiam-CreateUser-full vector in
// shared/vectors/aliyun-generated.json: every seed field, flattened as the
// official client flattens it.
const vectorQuery = "ClientToken=client-token-0009&CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=tester&CustomFields.2.FieldName=age&CustomFields.2.FieldValue=30&Description=seed+user&DisplayName=Test+User+Zo%C3%AB&Email=test_user%40example.com&EmailVerified=true&InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx&OrganizationalUnitIds.1=ou_primaryxxxxxxxxxxxxxxxxxx&OrganizationalUnitIds.2=ou_secondxxxxxxxxxxxxxxxxxxx&Password=Pa%24%24w0rd%21%2A~&PasswordInitializationConfig.PasswordForcedUpdateStatus=enabled&PasswordInitializationConfig.PasswordInitializationPolicyPriority=custom&PasswordInitializationConfig.PasswordInitializationType=random&PasswordInitializationConfig.UserNotificationChannels.1=email&PasswordInitializationConfig.UserNotificationChannels.2=sms&PhoneNumber=13800000000&PhoneNumberVerified=true&PhoneRegion=86&PrimaryOrganizationalUnitId=ou_primaryxxxxxxxxxxxxxxxxxx&UserExternalId=ext-0001&Username=test_user"

func TestEIAMCreateUserEverySeedField(t *testing.T) {
	srv := NewServer(WithInstanceID("idaas_ue2jvisn35ea5lmthk267xxxxx"),
		WithOrganizationalUnitID("ou_primaryxxxxxxxxxxxxxxxxxx"),
		WithOrganizationalUnit("ou_secondxxxxxxxxxxxxxxxxxxx", "Second"))
	defer srv.Close()
	q, err := url.ParseQuery(vectorQuery)
	require.NoError(t, err)
	for _, rpc := range []bool{false, true} {
		c := newCaller(t, srv)
		c.rpc = rpc
		st, m := c.do(eiamVersion, "CreateUser", q)
		require.Equal(t, 200, st, m)
		id := m["UserId"].(string)
		require.True(t, strings.HasPrefix(id, "user_"), id)
		// The same ClientToken answers with the same account.
		st, m = c.do(eiamVersion, "CreateUser", q)
		require.Equal(t, 200, st, m)
		assert.Equal(t, id, m["UserId"])

		st, m = c.eiam("GetUser", "UserId", id)
		require.Equal(t, 200, st, m)
		u := m["User"].(map[string]any)
		assert.Equal(t, "test_user", u["Username"])
		assert.Equal(t, "Test User Zoë", u["DisplayName"])
		assert.Equal(t, "seed user", u["Description"])
		assert.Equal(t, "test_user@example.com", u["Email"])
		assert.Equal(t, true, u["EmailVerified"])
		assert.Equal(t, "86", u["PhoneRegion"])
		assert.Equal(t, "13800000000", u["PhoneNumber"])
		assert.Equal(t, true, u["PhoneNumberVerified"])
		assert.Equal(t, "ext-0001", u["UserExternalId"])
		assert.Equal(t, "ou_primaryxxxxxxxxxxxxxxxxxx", u["PrimaryOrganizationalUnitId"])
		assert.Len(t, u["OrganizationalUnits"], 2)
		assert.Equal(t, []any{
			map[string]any{"FieldName": "age", "FieldValue": "30"},
			map[string]any{"FieldName": "nick_name", "FieldValue": "tester"},
		}, u["CustomFields"])
		assert.Equal(t, true, u["PasswordSet"])
		assert.Equal(t, "enabled", u["Status"])
		assert.IsType(t, float64(0), u["CreateTime"], "EIAM times are epoch milliseconds")

		st, m = c.eiam("DeleteUser", "UserId", id)
		require.Equal(t, 200, st, m)
	}
}

func TestEIAMRules(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newCaller(t, srv)
	ou := srv.OrganizationalUnitID()
	base := []string{"PrimaryOrganizationalUnitId", ou, "Password", "Secret-123"}
	cases := []struct {
		action string
		kv     []string
		status int
		code   string
	}{
		{"CreateUser", append([]string{}, base...), 400, "MissingParameter"},
		{"CreateUser", append([]string{"Username", "has space"}, base...), 400, "InvalidParameter.Username"},
		{"CreateUser", append([]string{"Username", strings.Repeat("a", 65)}, base...), 400, "InvalidParameter.Username"},
		{"CreateUser", []string{"Username", "nopw", "PrimaryOrganizationalUnitId", ou}, 400, "MissingParameter"},
		{"CreateUser", []string{"Username", "nopw", "PrimaryOrganizationalUnitId", ou, "PasswordInitializationConfig.PasswordInitializationType", "random"}, 200, ""},
		{"CreateUser", append([]string{"Username", "p1", "PhoneNumber", "13800000000"}, base...), 400, "MissingParameter"},
		{"CreateUser", append([]string{"Username", "p1", "PhoneNumber", "123", "PhoneNumberVerified", "true"}, base...), 400, "InvalidParameter.PhoneNumber"},
		{"CreateUser", append([]string{"Username", "p1", "PhoneRegion", "+86", "PhoneNumber", "13800000000", "PhoneNumberVerified", "true"}, base...), 400, "InvalidParameter.PhoneRegion"},
		{"CreateUser", append([]string{"Username", "p1", "Email", "a@example.com"}, base...), 400, "MissingParameter"},
		{"CreateUser", append([]string{"Username", "p1", "CustomFields.1.FieldName", "undefined_field"}, base...), 404, "EntityNotExists.CustomField"},
		{"CreateUser", []string{"Username", "p1", "Password", "Secret-123", "PrimaryOrganizationalUnitId", "ou_nope"}, 404, "EntityNotExists.OrganizationalUnit"},
		{"CreateUser", append([]string{"Username", "p1", "PasswordInitializationConfig.UserNotificationChannels.1", "fax"}, base...), 400, "InvalidParameter.PasswordInitializationConfig.UserNotificationChannels.1"},
		{"CreateUser", append([]string{"Username", "nopw"}, base...), 409, "EntityAlreadyExists.User.Username"},
		{"GetUser", []string{"UserId", "user_nope"}, 404, "EntityNotExists.User"},
		{"GetUser", []string{"UserId", "user_nope", "InstanceId", "idaas_other"}, 404, "EntityNotExists.Instance"},
		{"ListUsers", []string{"PageSize", "101"}, 400, "InvalidParameter.PageSize"},
	}
	for i, tc := range cases {
		st, m := c.eiam(tc.action, tc.kv...)
		assert.Equal(t, tc.status, st, "case %d %s: %v", i, tc.action, m)
		if tc.code != "" {
			assert.Equal(t, tc.code, m["Code"], "case %d %s: %v", i, tc.action, m)
		}
	}
}

func TestEIAMPagingAndFilters(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newCaller(t, srv)
	for i := 0; i < 5; i++ {
		st, m := c.eiam("CreateUser", "Username", "member"+strconv.Itoa(i), "Password", "Secret-123",
			"PrimaryOrganizationalUnitId", srv.OrganizationalUnitID())
		require.Equal(t, 200, st, m)
	}
	st, m := c.eiam("CreateUser", "Username", "other", "Password", "Secret-123", "PrimaryOrganizationalUnitId", srv.OrganizationalUnitID())
	require.Equal(t, 200, st, m)
	otherID := m["UserId"].(string)
	st, m = c.eiam("DisableUser", "UserId", otherID)
	require.Equal(t, 200, st, m)
	st, m = c.eiam("DisableUser", "UserId", otherID) // already disabled: still fine
	require.Equal(t, 200, st, m)

	st, m = c.eiam("ListUsers", "PageNumber", "2", "PageSize", "2", "UsernameStartsWith", "member")
	require.Equal(t, 200, st, m)
	assert.EqualValues(t, 5, m["TotalCount"])
	users := m["Users"].([]any)
	require.Len(t, users, 2)
	assert.Equal(t, "member2", users[0].(map[string]any)["Username"])

	st, m = c.eiam("ListUsers", "Status", "disabled")
	require.Equal(t, 200, st, m)
	assert.EqualValues(t, 1, m["TotalCount"])

	st, m = c.eiam("ListUsers", "PageNumber", "9")
	require.Equal(t, 200, st, m)
	assert.Empty(t, m["Users"])
	assert.EqualValues(t, 6, m["TotalCount"])
}

func TestEIAMHugePageNumber(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newCaller(t, srv)
	st, m := c.eiam("CreateUser", "Username", "one", "Password", "Secret-123", "PrimaryOrganizationalUnitId", srv.OrganizationalUnitID())
	require.Equal(t, 200, st, m)
	st, m = c.eiam("ListUsers", "PageNumber", "999999999999999999", "PageSize", "100")
	require.Equal(t, 200, st, m)
	assert.Empty(t, m["Users"])
	assert.EqualValues(t, 1, m["TotalCount"])
}

func TestRootKeys(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	root := newCaller(t, srv)
	st, m := root.ram("CreateAccessKey")
	require.Equal(t, 200, st, m)
	k := m["AccessKey"].(map[string]any)
	st, m = root.ram("ListAccessKeys")
	require.Equal(t, 200, st, m)
	assert.Len(t, m["AccessKeys"].(map[string]any)["AccessKey"], 2, "the emulator's key and the new one")
	second := &caller{t: t, srv: srv, id: k["AccessKeyId"].(string), sec: k["AccessKeySecret"].(string), rpc: true}
	st, m = second.eiam("ListUsers")
	require.Equal(t, 200, st, m)
}
