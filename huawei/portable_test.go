package huawei

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestPortableUsers(t *testing.T) {
	ctx := context.Background()
	_, nc := emulated(t)
	c := nc.IAM()

	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "carol", Email: "carol@example.com", Phone: "86-13800000000", Description: "ops"})
	require.NoError(t, err)
	assert.Equal(t, "carol", u.Name)
	assert.Equal(t, "0086-13800000000", u.Phone, "areacode is written with four digits")
	assert.True(t, u.Enabled)
	var nu *User
	require.True(t, u.As(&nu))
	assert.Equal(t, "0086", nu.AreaCode)

	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "carol"})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora", DisplayName: "Dora"})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora", Phone: "13800000000"})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)

	g, err := c.GetUser(ctx, "carol")
	require.NoError(t, err)
	assert.Equal(t, u.ID, g.ID)
	assert.Equal(t, "carol@example.com", g.Email)
	assert.False(t, g.CreatedAt.IsZero())
	_, err = c.GetUser(ctx, "nobody")
	assert.ErrorIs(t, err, iam.ErrNotFound)

	up, err := c.UpdateUser(ctx, "carol", &iam.UpdateUserInput{NewName: iam.Ptr("carol2"), Enabled: iam.Ptr(false),
		Phone: iam.Ptr("0086-13900000000"), Description: iam.Ptr("")})
	require.NoError(t, err)
	assert.Equal(t, "carol2", up.Name)
	assert.False(t, up.Enabled)
	assert.Equal(t, "0086-13900000000", up.Phone)
	assert.Equal(t, "", up.Description, "a description can be cleared")
	_, err = c.UpdateUser(ctx, "carol2", &iam.UpdateUserInput{DisplayName: iam.Ptr("x")})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	for _, in := range []*iam.UpdateUserInput{{Phone: iam.Ptr("")}, {Email: iam.Ptr("")}} {
		_, err = c.UpdateUser(ctx, "carol2", in)
		assert.ErrorIs(t, err, iam.ErrUnsupported, "IAM cannot clear an email or a phone number")
	}
	same, err := c.UpdateUser(ctx, "carol2", &iam.UpdateUserInput{})
	require.NoError(t, err)
	assert.Equal(t, up.ID, same.ID)

	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "erin", Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	var names []string
	for u, err := range c.ListUsers(ctx, nil) {
		require.NoError(t, err)
		names = append(names, u.Name)
		var lu *ListedUser
		assert.True(t, u.As(&lu))
	}
	assert.ElementsMatch(t, []string{"carol2", "erin"}, names)
	n := 0
	for range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1}) {
		n++
		break
	}
	assert.Equal(t, 1, n)

	require.NoError(t, c.DeleteUser(ctx, "carol2"))
	assert.ErrorIs(t, c.DeleteUser(ctx, "carol2"), iam.ErrNotFound)
}

func TestPortableLoginProfile(t *testing.T) {
	ctx := context.Background()
	_, nc := emulated(t)
	c := nc.IAM()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "frank"})
	require.NoError(t, err)

	p, err := c.GetLoginProfile(ctx, "frank")
	require.NoError(t, err, "access_mode default means console access")
	assert.False(t, p.PasswordSet)
	assert.False(t, p.MFARequired)

	require.NoError(t, c.DeleteLoginProfile(ctx, "frank"))
	_, err = c.GetLoginProfile(ctx, "frank")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	assert.ErrorIs(t, c.DeleteLoginProfile(ctx, "frank"), iam.ErrNotFound)

	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{Password: iam.NewSecret("Pa$$w0rd!x"), PasswordResetRequired: iam.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, p.PasswordSet)
	assert.True(t, p.PasswordResetRequired)
	assert.False(t, p.CreatedAt.IsZero())
	var np *LoginProfile
	require.True(t, p.As(&np))
	assert.Equal(t, AccessModeDefault, np.User.AccessMode)

	_, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "IAM has several methods: MFARequired needs one")

	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	assert.True(t, p.MFARequired)
	assert.Equal(t, iam.MFATOTP, p.MFAMethod)
	require.True(t, p.As(&np))
	assert.Equal(t, VerifyVMFA, np.LoginProtect.VerificationMethod)

	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFARequired: iam.Ptr(false)})
	require.NoError(t, err)
	assert.False(t, p.MFARequired)
	require.True(t, p.As(&np))
	assert.Equal(t, LoginProtect{UserID: np.User.ID, Enabled: false, VerificationMethod: VerifyVMFA}, *np.LoginProtect,
		"turning MFA off keeps the method IAM stores")
	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFASMS)})
	require.NoError(t, err, "a method alone turns MFA on")
	assert.True(t, p.MFARequired)
	assert.Equal(t, iam.MFASMS, p.MFAMethod)
	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFANone)})
	require.NoError(t, err, "MFANone alone turns MFA off")
	assert.False(t, p.MFARequired)
	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFAEmail)})
	require.NoError(t, err)
	assert.Equal(t, iam.MFAEmail, p.MFAMethod)
	p, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(false)})
	require.NoError(t, err)
	assert.False(t, p.PasswordResetRequired)
	assert.True(t, p.MFARequired)

	_, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("u2f"))})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "an unknown method")
	_, err = c.SetLoginProfile(ctx, "frank", &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFANone)})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	_, err = c.SetLoginProfile(ctx, "nobody", &iam.LoginProfileInput{})
	assert.ErrorIs(t, err, iam.ErrNotFound)
}

func TestPortableAccessKeys(t *testing.T) {
	ctx := context.Background()
	srv, nc := emulated(t)
	c := nc.IAM()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "gina"})
	require.NoError(t, err)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "hank"})
	require.NoError(t, err)

	k1, err := c.CreateAccessKey(ctx, "gina")
	require.NoError(t, err)
	assert.False(t, k1.Secret.IsZero())
	assert.Equal(t, iam.AccessKeyActive, k1.Status)
	assert.Equal(t, "gina", k1.UserName)
	assert.True(t, k1.LastUsedAt.IsZero())
	var nk *Credential
	require.True(t, k1.As(&nk))
	_, err = c.CreateAccessKey(ctx, "gina")
	require.NoError(t, err)
	_, err = c.CreateAccessKey(ctx, "gina")
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)

	// The key signs requests, which makes it "used".
	kc, err := New(Config{Endpoint: srv.URL, AccessKeyID: k1.ID, SecretAccessKey: k1.Secret, DomainID: srv.DomainID()})
	require.NoError(t, err)
	_, err = kc.ListUsers(ctx, nil)
	require.NoError(t, err)

	keys, err := c.ListAccessKeys(ctx, "gina")
	require.NoError(t, err)
	require.Len(t, keys, 2)
	for _, k := range keys {
		assert.True(t, k.Secret.IsZero())
		assert.Equal(t, "gina", k.UserName)
	}

	require.NoError(t, c.DisableAccessKey(ctx, "gina", k1.ID))
	keys, err = c.ListAccessKeys(ctx, "gina")
	require.NoError(t, err)
	for _, k := range keys {
		if k.ID == k1.ID {
			assert.Equal(t, iam.AccessKeyInactive, k.Status)
		}
	}
	_, err = kc.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated, "a disabled key is refused")
	require.NoError(t, c.EnableAccessKey(ctx, "gina", k1.ID))
	_, err = kc.ListUsers(ctx, nil)
	require.NoError(t, err)

	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "hank", k1.ID), iam.ErrNotFound, "not hank's key")
	assert.ErrorIs(t, c.DisableAccessKey(ctx, "hank", k1.ID), iam.ErrNotFound)
	require.NoError(t, c.DeleteAccessKey(ctx, "gina", k1.ID))
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "gina", k1.ID), iam.ErrNotFound)
	_, err = c.ListAccessKeys(ctx, "nobody")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.CreateAccessKey(ctx, "")
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
}

// TestPortableLastUsed: LastUsedAt is reported once the key was used.
func TestPortableLastUsed(t *testing.T) {
	k := &Credential{AccessKeyID: "AK", Status: CredentialActive}
	k.CreateTime.Time = mustTime("2026-01-01T00:00:00Z")
	k.LastUseTime = k.CreateTime
	assert.True(t, toPortableKey("u", k).LastUsedAt.IsZero(), "never used")
	k.LastUseTime.Time = mustTime("2026-02-01T00:00:00Z")
	assert.Equal(t, k.LastUseTime.Time, toPortableKey("u", k).LastUsedAt)
}

func mustTime(s string) (t0 time.Time) {
	t0, _ = ParseTime(s)
	return t0
}
