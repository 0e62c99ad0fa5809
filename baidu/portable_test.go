package baidu_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func TestPortable(t *testing.T) {
	ctx := context.Background()
	nc, _ := newEmulated(t)
	c := nc.IAM()

	caps := c.Capabilities()
	assert.Equal(t, "baidu", caps.Provider)
	for _, op := range iam.Operations {
		assert.True(t, caps.Supports(op), op)
	}
	assert.False(t, caps.SupportsField(iam.FieldEmail))
	assert.False(t, caps.SupportsField(iam.FieldPhone))
	assert.False(t, caps.SupportsField(iam.FieldDisplayName))
	assert.Equal(t, 2, caps.MaxAccessKeysPerUser)
	assert.Equal(t, 64, caps.MaxUserNameLength)
	assert.Equal(t, []iam.MFAMethod{iam.MFASMS, iam.MFATOTP}, caps.MFAMethods)

	for name, in := range map[string]*iam.CreateUserInput{
		"DisplayName": {Name: "x", DisplayName: "X"},
		"Email":       {Name: "x", Email: "x@example.com"},
		"Phone":       {Name: "x", Phone: "86-13800000000"},
	} {
		_, err := c.CreateUser(ctx, in)
		assert.ErrorIs(t, err, iam.ErrUnsupported, name)
	}
	_, err := c.GetUser(ctx, "x")
	assert.ErrorIs(t, err, iam.ErrNotFound, "an unsupported field must not create the user")

	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "carol", Description: "qa", Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, "carol", u.Name)
	assert.Equal(t, "qa", u.Description)
	assert.False(t, u.Enabled)
	assert.NotEmpty(t, u.ID)
	var nu *baidu.User
	require.True(t, u.As(&nu))
	assert.Equal(t, u.ID, nu.ID)
	var nv baidu.User
	require.True(t, u.As(&nv))
	assert.Equal(t, "carol", nv.Name)

	_, err = c.UpdateUser(ctx, "carol", &iam.UpdateUserInput{Email: iam.Ptr("c@example.com")})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	u, err = c.UpdateUser(ctx, "carol", &iam.UpdateUserInput{NewName: iam.Ptr("carol2"), Enabled: iam.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, "carol2", u.Name)
	assert.True(t, u.Enabled)

	var names []string
	for u, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1}) {
		require.NoError(t, err)
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"carol2"}, names)

	_, err = c.GetLoginProfile(ctx, "carol2")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "Baidu needs a type to turn MFA on")
	_, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAEmail)})
	assert.ErrorIs(t, err, iam.ErrUnsupported)

	lp, err := c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{Password: iam.NewSecret("Pa55w0rd!x"),
		PasswordResetRequired: iam.Ptr(true), MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	assert.Equal(t, "carol2", lp.UserName)
	assert.True(t, lp.PasswordSet)
	assert.True(t, lp.PasswordResetRequired)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFATOTP, lp.MFAMethod)
	var nlp *baidu.LoginProfile
	require.True(t, lp.As(&nlp))
	assert.True(t, nlp.EnabledLogin)
	assert.Equal(t, baidu.MFATOTP, nlp.LoginMfaType)

	// MFA off, then on again without a method: the configured type is kept.
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFARequired: iam.Ptr(false)})
	require.NoError(t, err)
	assert.False(t, lp.MFARequired)
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFATOTP, lp.MFAMethod)
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFASMS)})
	require.NoError(t, err)
	assert.Equal(t, iam.MFASMS, lp.MFAMethod)

	got, err := c.GetLoginProfile(ctx, "carol2")
	require.NoError(t, err)
	assert.Equal(t, lp.MFAMethod, got.MFAMethod)
	assert.True(t, got.PasswordResetRequired)
	require.NoError(t, c.DeleteLoginProfile(ctx, "carol2"))
	assert.ErrorIs(t, c.DeleteLoginProfile(ctx, "carol2"), iam.ErrNotFound)

	k, err := c.CreateAccessKey(ctx, "carol2")
	require.NoError(t, err)
	assert.False(t, k.Secret.IsZero())
	assert.Equal(t, iam.AccessKeyActive, k.Status)
	assert.Equal(t, "carol2", k.UserName)
	var nk *baidu.AccessKey
	require.True(t, k.As(&nk))
	assert.Equal(t, k.ID, nk.ID)

	require.NoError(t, c.DisableAccessKey(ctx, "carol2", k.ID))
	keys, err := c.ListAccessKeys(ctx, "carol2")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, iam.AccessKeyInactive, keys[0].Status)
	assert.True(t, keys[0].Secret.IsZero())
	require.NoError(t, c.EnableAccessKey(ctx, "carol2", k.ID))
	require.NoError(t, c.DeleteAccessKey(ctx, "carol2", k.ID))
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "carol2", k.ID), iam.ErrNotFound)

	require.NoError(t, c.DeleteUser(ctx, "carol2"))
	assert.ErrorIs(t, c.DeleteUser(ctx, "carol2"), iam.ErrNotFound)
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	srv := baidutest.NewServer()
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	t.Setenv(baidu.EnvAccessKeyID, ak)
	t.Setenv(baidu.EnvSecretAccessKey, sk)
	t.Setenv(baidu.EnvSessionToken, "")
	t.Setenv(baidu.EnvEndpoint, "")

	c, err := iam.Open(ctx, "baidu://?region=bj&endpoint="+url.QueryEscape(srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "baidu", c.Capabilities().Provider)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "opened"})
	require.NoError(t, err)
	_, err = srv.Store().UserByName("opened")
	require.NoError(t, err)

	t.Setenv(baidu.EnvEndpoint, srv.URL)
	c, err = iam.Open(ctx, "baidu://")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "opened")
	require.NoError(t, err)

	for _, bad := range []string{"baidu://?region=gz", "baidu://?regoin=bj", "baidu://host", "baidu://?max_attempts=0", "baidu://?insecure_http=maybe"} {
		_, err := iam.Open(ctx, bad)
		assert.ErrorIs(t, err, iam.ErrInvalidArgument, bad)
	}
	t.Setenv(baidu.EnvAccessKeyID, "")
	_, err = iam.Open(ctx, "baidu://")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Contains(t, err.Error(), baidu.EnvAccessKeyID)
}
