package baidutest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddUser(t *testing.T) {
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		in      User
		want    User // ID is checked apart
		wantErr string
	}{
		{"minimal", User{Name: "u1"}, User{Name: "u1", CreatedAt: now}, ""},
		{"everything", User{ID: "id-9", Name: "u_2", Description: "d", Enabled: true, CreatedAt: at},
			User{ID: "id-9", Name: "u_2", Description: "d", Enabled: true, CreatedAt: at}, ""},
		{"legacy name", User{Name: "测试 user+x@y", Enabled: true}, User{Name: "测试 user+x@y", Enabled: true, CreatedAt: now}, ""},
		{"empty name", User{}, User{}, "cannot address"},
		{"slash", User{Name: "a/b"}, User{}, "cannot address"},
		{"bad utf-8", User{Name: "a\xffb"}, User{}, "cannot address"},
		{"display name", User{Name: "u3", DisplayName: "U"}, User{}, "no DisplayName"},
		{"email", User{Name: "u3", Email: "u@example.com"}, User{}, "no DisplayName, Email or Phone"},
		{"phone", User{Name: "u3", Phone: "13800000000"}, User{}, "no DisplayName, Email or Phone"},
		{"taken name", User{Name: "taken"}, User{}, "is taken"},
		{"taken id", User{ID: "taken-id", Name: "other"}, User{}, "is taken"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := New(WithClock(func() time.Time { return now }))
			_, err := e.AddUser(User{ID: "taken-id", Name: "taken"})
			require.NoError(t, err)
			got, err := e.AddUser(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Len(t, e.Users(), 1, "a refused user is not stored")
				return
			}
			require.NoError(t, err)
			assert.NotEmpty(t, got.ID)
			if tt.want.ID == "" {
				tt.want.ID = got.ID
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, []User{{ID: "taken-id", Name: "taken", CreatedAt: now}, got}, e.Users())
		})
	}
}

// TestSeededStateThroughTheAPI: a seeded user is served by the API, and
// what the API does is seen through Users, AccessKeys and LoginProfile.
func TestSeededStateThroughTheAPI(t *testing.T) {
	c, srv := newCaller(t)
	assert.Empty(t, srv.Users())
	assert.Nil(t, srv.AccessKeys("nobody"))
	_, ok := srv.LoginProfile("nobody")
	assert.False(t, ok)

	seeded, err := srv.AddUser(User{Name: "seeded", Description: "from a test", Enabled: false})
	require.NoError(t, err)
	r := c.do("GET", "/v1/user/seeded", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, seeded.ID, r.body["id"])
	assert.Equal(t, "from a test", r.body["description"])
	assert.Equal(t, false, r.body["enabled"])

	_, ok = srv.LoginProfile("seeded")
	assert.False(t, ok, "no console login yet")
	require.Equal(t, http.StatusOK, c.do("PUT", "/v1/user/seeded/loginProfile", map[string]any{"needResetPassword": true}).status)
	lp, ok := srv.LoginProfile("seeded")
	require.True(t, ok)
	assert.Equal(t, LoginProfile{UserName: "seeded", PasswordResetRequired: true}, lp, "no password was set")

	assert.Empty(t, srv.AccessKeys("seeded"))
	r = c.do("POST", "/v1/user/seeded/accesskey", nil)
	require.Equal(t, http.StatusOK, r.status)
	id := r.body["id"].(string)
	require.Equal(t, http.StatusOK, c.do("PUT", "/v1/user/seeded/accesskey/"+id+"?disable", nil).status)
	keys := srv.AccessKeys("seeded")
	require.Len(t, keys, 1)
	assert.Equal(t, id, keys[0].ID)
	assert.Equal(t, "seeded", keys[0].UserName)
	assert.False(t, keys[0].Active)
	assert.False(t, keys[0].CreatedAt.IsZero())

	require.Equal(t, http.StatusOK, c.do("DELETE", "/v1/user/seeded", nil).status)
	assert.Empty(t, srv.Users())
	assert.Nil(t, srv.AccessKeys("seeded"))
}

func TestSessionToken(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []Option
	}{
		{"random key", []Option{WithSessionToken("tok/en+=")}},
		{"fixed key", []Option{WithCredentials("AKFIXED", "fixed-secret"), WithSessionToken("tok/en+=")}},
		{"in one option", []Option{WithSessionCredentials("AKFIXED", "fixed-secret", "tok/en+=")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := newCaller(t, tt.opts...)
			assert.Equal(t, "tok/en+=", srv.SessionToken())
			assertError(t, c.do("GET", "/v1/user", nil), http.StatusForbidden, "InvalidSessionToken")
			c.token = srv.SessionToken()
			assert.Equal(t, http.StatusOK, c.do("GET", "/v1/user", nil).status)
			c.token = "other"
			assertError(t, c.do("GET", "/v1/user", nil), http.StatusForbidden, "InvalidSessionToken")
		})
	}
}
