package aliyuntest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCredentialsRandomOrFixed(t *testing.T) {
	a, b := NewServer(), NewServer()
	defer a.Close()
	defer b.Close()
	aid, asec := a.Credentials()
	bid, bsec := b.Credentials()
	assert.True(t, strings.HasPrefix(aid, "LTAI5t"), aid)
	assert.NotEqual(t, aid, bid, "every emulator has its own random key")
	assert.NotEqual(t, asec, bsec)
	assert.Empty(t, a.SessionToken())

	fixed := NewServer(WithCredentials("LTAI5tFixedKey0001", "fixed-secret"))
	defer fixed.Close()
	id, sec := fixed.Credentials()
	assert.Equal(t, "LTAI5tFixedKey0001", id)
	assert.Equal(t, "fixed-secret", sec)
	for _, srv := range []*Server{a, fixed} {
		st, m := newCaller(t, srv).ram("ListUsers")
		assert.Equal(t, 200, st, m)
	}
}

func TestSessionToken(t *testing.T) {
	srv := NewServer(WithCredentials("STS.NUEXAMPLE0001", "sts-secret"), WithSessionToken("CAIS+token/=="))
	defer srv.Close()
	assert.Equal(t, "CAIS+token/==", srv.SessionToken())
	for _, rpc := range []bool{false, true} {
		c := newCaller(t, srv)
		c.rpc = rpc
		st, m := c.ram("ListUsers")
		assert.Equal(t, 400, st, "no token: %v", m)
		assert.Equal(t, "InvalidSecurityToken.Mismatch", m["Code"])

		c.token = "CAIS+other"
		st, m = c.ram("ListUsers")
		assert.Equal(t, 400, st, "wrong token: %v", m)

		c.token = srv.SessionToken()
		st, m = c.ram("ListUsers")
		assert.Equal(t, 200, st, m)
	}
}

func TestSeedAndInspectRAM(t *testing.T) {
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := NewServer()
	defer srv.Close()
	u, err := srv.AddUser(User{Name: "legacy@example", DisplayName: "Legacy", Description: "old rule", Phone: "86-13800000000", CreatedAt: at})
	require.NoError(t, err)
	assert.NotEmpty(t, u.ID)
	assert.True(t, u.Enabled, "RAM users are always enabled")
	assert.Equal(t, at, u.CreatedAt)
	_, err = srv.AddUser(User{Name: "legacy@example"})
	assert.ErrorIs(t, err, ErrUserExists)
	_, err = srv.AddUser(User{})
	assert.Error(t, err)

	c := newCaller(t, srv)
	// The API reaches the seeded user, although it would refuse to create it.
	st, m := c.ram("GetUser", "UserName", "legacy@example")
	require.Equal(t, 200, st, m)
	assert.Equal(t, "Legacy", m["User"].(map[string]any)["DisplayName"])
	st, _ = c.ram("CreateUser", "UserName", "new@example")
	assert.Equal(t, 400, st)

	st, m = c.ram("CreateAccessKey", "UserName", "legacy@example")
	require.Equal(t, 200, st, m)
	keyID := m["AccessKey"].(map[string]any)["AccessKeyId"].(string)
	st, _ = c.ram("UpdateAccessKey", "UserName", "legacy@example", "UserAccessKeyId", keyID, "Status", "Inactive")
	require.Equal(t, 200, st)
	st, _ = c.ram("CreateLoginProfile", "UserName", "legacy@example", "Password", "Str0ng-Pass", "MFABindRequired", "true")
	require.Equal(t, 200, st)

	assert.Equal(t, []User{u}, srv.Users())
	keys := srv.AccessKeys("legacy@example")
	require.Len(t, keys, 1)
	assert.Equal(t, AccessKey{ID: keyID, UserName: "legacy@example", Active: false, CreatedAt: keys[0].CreatedAt}, keys[0])
	assert.Nil(t, srv.AccessKeys("nobody"))
	lp, ok := srv.LoginProfile("legacy@example")
	require.True(t, ok)
	assert.Equal(t, LoginProfile{UserName: "legacy@example", PasswordSet: true, MFARequired: true, MFAMethod: "totp"}, lp)
	_, ok = srv.LoginProfile("nobody")
	assert.False(t, ok)
	assert.Empty(t, srv.IDaaSUsers(), "RAM and EIAM are apart")
}

func TestSeedAndInspectIDaaS(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	u, err := srv.AddIDaaSUser(User{Name: "synced user", Email: "s@example.com", Phone: "86-13800000000", Enabled: true})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(u.ID, "user_"), u.ID)
	_, err = srv.AddIDaaSUser(User{Name: "synced user"})
	assert.ErrorIs(t, err, ErrUserExists)
	off, err := srv.AddIDaaSUser(User{Name: "off", Phone: "13900000000"})
	require.NoError(t, err)
	assert.False(t, off.Enabled)
	assert.Equal(t, "86-13900000000", off.Phone)

	c := newCaller(t, srv)
	st, m := c.eiam("GetUser", "UserId", u.ID)
	require.Equal(t, 200, st, m)
	got := m["User"].(map[string]any)
	assert.Equal(t, "synced user", got["Username"])
	assert.Equal(t, "86", got["PhoneRegion"])
	assert.Equal(t, true, got["EmailVerified"])
	assert.Equal(t, srv.OrganizationalUnitID(), got["PrimaryOrganizationalUnitId"])
	assert.Equal(t, false, got["PasswordSet"])
	_, ok := srv.IDaaSLoginProfile("synced user")
	assert.False(t, ok, "seeded without a password")

	st, _ = c.eiam("UpdateUserPassword", "UserId", u.ID, "Password", "N3w-Passw0rd", "PasswordForcedUpdateStatus", "enabled")
	require.Equal(t, 200, st)
	lp, ok := srv.IDaaSLoginProfile("synced user")
	require.True(t, ok)
	assert.Equal(t, LoginProfile{UserName: "synced user", PasswordSet: true, PasswordResetRequired: true}, lp)
	users := srv.IDaaSUsers()
	require.Len(t, users, 2)
	assert.Equal(t, []string{"synced user", "off"}, []string{users[0].Name, users[1].Name})
	assert.Empty(t, srv.Users())
}
