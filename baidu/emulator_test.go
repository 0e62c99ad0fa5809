package baidu_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func newEmulated(t *testing.T, opts ...baidutest.Option) (*baidu.Client, *baidutest.Server) {
	t.Helper()
	srv := baidutest.NewServer(opts...)
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL})
	require.NoError(t, err)
	return c, srv
}

func TestNativeUsers(t *testing.T) {
	ctx := context.Background()
	c, _ := newEmulated(t)

	cu, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: "alice", Description: "ops"})
	require.NoError(t, err)
	assert.NotEmpty(t, cu.RequestID)
	u := cu.User
	assert.Equal(t, "alice", u.Name)
	assert.Equal(t, "ops", u.Description)
	assert.NotEmpty(t, u.ID)
	assert.True(t, u.Enabled)
	assert.False(t, u.CreateTime.IsZero())

	_, err = c.CreateUser(ctx, &baidu.CreateUserInput{Name: "alice"})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)

	got, err := c.GetUser(ctx, &baidu.GetUserInput{UserName: "alice"})
	require.NoError(t, err)
	assert.NotEmpty(t, got.RequestID)
	assert.NotEqual(t, cu.RequestID, got.RequestID, "each request has its own id")
	assert.Equal(t, u.ID, got.User.ID)
	assert.Equal(t, u.CreateTime, got.User.CreateTime)

	_, err = c.GetUser(ctx, &baidu.GetUserInput{UserName: "nobody"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 404, e.StatusCode)
	assert.NotEmpty(t, e.RequestID)
	assert.Equal(t, "GetUser", e.Op)

	uo, err := c.UpdateUser(ctx, &baidu.UpdateUserInput{UserName: "alice", NewName: iam.Ptr("alice2"), Enabled: iam.Ptr(false), Description: iam.Ptr("dev")})
	require.NoError(t, err)
	assert.NotEmpty(t, uo.RequestID)
	up := uo.User
	assert.Equal(t, "alice2", up.Name)
	assert.False(t, up.Enabled)
	assert.Equal(t, "dev", up.Description)
	assert.Equal(t, u.ID, up.ID)

	uo, err = c.UpdateUser(ctx, &baidu.UpdateUserInput{UserName: "alice2", Enabled: iam.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, uo.User.Enabled)
	assert.Equal(t, "alice2", uo.User.Name)
	assert.Equal(t, "dev", uo.User.Description, "unset fields stay")

	_, err = c.CreateUser(ctx, &baidu.CreateUserInput{Name: "bob"})
	require.NoError(t, err)
	_, err = c.UpdateUser(ctx, &baidu.UpdateUserInput{UserName: "bob", NewName: iam.Ptr("alice2")})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)

	lo, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, lo.RequestID)
	require.Len(t, lo.Users, 2)
	assert.Equal(t, "alice2", lo.Users[0].Name)
	assert.Equal(t, "bob", lo.Users[1].Name)

	do, err := c.DeleteUser(ctx, &baidu.DeleteUserInput{UserName: "bob"})
	require.NoError(t, err)
	assert.NotEmpty(t, do.RequestID)
	_, err = c.DeleteUser(ctx, &baidu.DeleteUserInput{UserName: "bob"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	lo, err = c.ListUsers(ctx, &baidu.ListUsersInput{})
	require.NoError(t, err)
	assert.Len(t, lo.Users, 1)
}

func TestNativeLoginProfile(t *testing.T) {
	ctx := context.Background()
	c, srv := newEmulated(t)
	_, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: "u1"})
	require.NoError(t, err)

	_, err = c.GetLoginProfile(ctx, &baidu.GetLoginProfileInput{UserName: "u1"})
	assert.ErrorIs(t, err, iam.ErrNotFound)

	out, err := c.UpdateLoginProfile(ctx, &baidu.UpdateLoginProfileInput{
		UserName: "u1", Password: iam.NewSecret("Pa$$word4Demo"), NeedResetPassword: iam.Ptr(true),
		EnabledLogin: iam.Ptr(true), EnabledLoginMfa: iam.Ptr(true), LoginMfaType: baidu.MFATOTP,
		ThirdPartyType: iam.Ptr(baidu.ThirdPartyPassport), ThirdPartyAccount: iam.Ptr("acct@example.com"),
	})
	require.NoError(t, err)
	assert.NotEmpty(t, out.RequestID)
	assert.Equal(t, &baidu.LoginProfile{UserName: "u1", NeedResetPassword: true, EnabledLogin: true, EnabledLoginMfa: true,
		LoginMfaType: baidu.MFATOTP, ThirdPartyType: baidu.ThirdPartyPassport, ThirdPartyAccount: "acct@example.com"}, out.LoginProfile)
	sp, ok := srv.LoginProfile("u1")
	require.True(t, ok)
	assert.Equal(t, baidutest.LoginProfile{UserName: "u1", PasswordSet: true, PasswordResetRequired: true, MFARequired: true, MFAMethod: "TOTP"}, sp,
		"the password and settings reached the service")

	// Unbind the third party and switch MFA off; the rest stays.
	out, err = c.UpdateLoginProfile(ctx, &baidu.UpdateLoginProfileInput{UserName: "u1", EnabledLoginMfa: iam.Ptr(false),
		ThirdPartyType: iam.Ptr(baidu.ThirdPartyType("")), ThirdPartyAccount: iam.Ptr("")})
	require.NoError(t, err)
	lp := out.LoginProfile
	assert.False(t, lp.EnabledLoginMfa)
	assert.True(t, lp.NeedResetPassword)
	assert.Empty(t, lp.ThirdPartyType)
	assert.Empty(t, lp.ThirdPartyAccount)

	got, err := c.GetLoginProfile(ctx, &baidu.GetLoginProfileInput{UserName: "u1"})
	require.NoError(t, err)
	assert.NotEmpty(t, got.RequestID)
	assert.Equal(t, lp, got.LoginProfile)

	del, err := c.DeleteLoginProfile(ctx, &baidu.DeleteLoginProfileInput{UserName: "u1"})
	require.NoError(t, err)
	assert.NotEmpty(t, del.RequestID)
	_, err = c.DeleteLoginProfile(ctx, &baidu.DeleteLoginProfileInput{UserName: "u1"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.UpdateLoginProfile(ctx, &baidu.UpdateLoginProfileInput{UserName: "nobody"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
}

func TestNativeAccessKeys(t *testing.T) {
	ctx := context.Background()
	c, srv := newEmulated(t, baidutest.WithMaxAccessKeysPerUser(2))
	_, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: "u1"})
	require.NoError(t, err)

	ko, err := c.CreateAccessKey(ctx, &baidu.CreateAccessKeyInput{UserName: "u1"})
	require.NoError(t, err)
	assert.NotEmpty(t, ko.RequestID)
	k := ko.AccessKey
	assert.NotEmpty(t, k.ID)
	assert.False(t, k.Secret.IsZero())
	assert.True(t, k.Enabled)
	assert.Equal(t, "u1", k.UserName)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", k, *k, *k), k.Secret.Reveal(), "the secret never prints")

	// The new key works as a credential.
	as, err := baidu.New(baidu.Config{AccessKeyID: k.ID, SecretAccessKey: k.Secret, Endpoint: srv.URL})
	require.NoError(t, err)
	_, err = as.ListUsers(ctx, nil)
	require.NoError(t, err)

	_, err = c.CreateAccessKey(ctx, &baidu.CreateAccessKeyInput{UserName: "u1"})
	require.NoError(t, err)
	_, err = c.CreateAccessKey(ctx, &baidu.CreateAccessKeyInput{UserName: "u1"})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)

	lk, err := c.ListAccessKeys(ctx, &baidu.ListAccessKeysInput{UserName: "u1"})
	require.NoError(t, err)
	assert.NotEmpty(t, lk.RequestID)
	keys := lk.AccessKeys
	require.Len(t, keys, 2)
	assert.Equal(t, k.ID, keys[0].ID)
	for _, x := range keys {
		assert.True(t, x.Secret.IsZero(), "no secret outside CreateAccessKey")
	}
	assert.False(t, keys[0].LastUsedTime.IsZero(), "the key was used")

	d, err := c.DisableAccessKey(ctx, &baidu.DisableAccessKeyInput{UserName: "u1", AccessKeyID: k.ID})
	require.NoError(t, err)
	assert.NotEmpty(t, d.RequestID)
	assert.False(t, d.AccessKey.Enabled)
	assert.Equal(t, k.ID, d.AccessKey.ID)
	assert.True(t, d.AccessKey.Secret.IsZero())
	_, err = as.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated, "a disabled key is refused")

	en, err := c.EnableAccessKey(ctx, &baidu.EnableAccessKeyInput{UserName: "u1", AccessKeyID: k.ID})
	require.NoError(t, err)
	assert.NotEmpty(t, en.RequestID)
	assert.True(t, en.AccessKey.Enabled)
	_, err = as.ListUsers(ctx, nil)
	require.NoError(t, err)

	dk, err := c.DeleteAccessKey(ctx, &baidu.DeleteAccessKeyInput{UserName: "u1", AccessKeyID: k.ID})
	require.NoError(t, err)
	assert.NotEmpty(t, dk.RequestID)
	_, err = c.DeleteAccessKey(ctx, &baidu.DeleteAccessKeyInput{UserName: "u1", AccessKeyID: k.ID})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = as.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated, "a deleted key is refused")
	_, err = c.EnableAccessKey(ctx, &baidu.EnableAccessKeyInput{UserName: "u1", AccessKeyID: "AKNOPE"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.ListAccessKeys(ctx, &baidu.ListAccessKeysInput{UserName: "nobody"})
	assert.ErrorIs(t, err, iam.ErrNotFound)
}

func TestNativeAuthFailures(t *testing.T) {
	ctx := context.Background()
	srv := baidutest.NewServer()
	t.Cleanup(srv.Close)
	ak, _ := srv.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret("wrong-secret"), Endpoint: srv.URL})
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	require.ErrorIs(t, err, iam.ErrUnauthenticated)
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "SignatureDoesNotMatch", e.Code)
	assert.NotContains(t, err.Error(), "wrong-secret")

	c, err = baidu.New(baidu.Config{AccessKeyID: "AKUNKNOWN", SecretAccessKey: iam.NewSecret("x"), Endpoint: srv.URL})
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	require.ErrorIs(t, err, iam.ErrUnauthenticated)
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "InvalidAccessKeyId", e.Code)
	assert.Equal(t, 403, e.StatusCode)
}

func TestSessionToken(t *testing.T) {
	ctx := context.Background()
	srv := baidutest.NewServer(baidutest.WithSessionCredentials("AKSTS", "sts-secret", "SESSIONTOKENEXAMPLE/abc+def=="))
	t.Cleanup(srv.Close)
	c, err := baidu.New(baidu.Config{AccessKeyID: "AKSTS", SecretAccessKey: iam.NewSecret("sts-secret"),
		SessionToken: iam.NewSecret("SESSIONTOKENEXAMPLE/abc+def=="), Endpoint: srv.URL})
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)

	c, err = baidu.New(baidu.Config{AccessKeyID: "AKSTS", SecretAccessKey: iam.NewSecret("sts-secret"), Endpoint: srv.URL})
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated, "temporary credentials need their token")
}

// TestPathEscaping: users named under looser rules (the console, older
// accounts) stay reachable; their names are escaped in the path and signed
// the way the service canonicalises them.
func TestPathEscaping(t *testing.T) {
	ctx := context.Background()
	c, srv := newEmulated(t)
	for _, name := range []string{"a-b.c", "测试_user", "x+y=z@w", "a:b,c;d$e&f"} {
		_, err := srv.AddUser(baidutest.User{Name: name, Enabled: true})
		require.NoError(t, err)
		u, err := c.GetUser(ctx, &baidu.GetUserInput{UserName: name})
		require.NoError(t, err, name)
		assert.Equal(t, name, u.User.Name)
		k, err := c.CreateAccessKey(ctx, &baidu.CreateAccessKeyInput{UserName: name})
		require.NoError(t, err, name)
		_, err = c.DisableAccessKey(ctx, &baidu.DisableAccessKeyInput{UserName: name, AccessKeyID: k.AccessKey.ID})
		require.NoError(t, err, name)
		_, err = c.DeleteUser(ctx, &baidu.DeleteUserInput{UserName: name})
		require.NoError(t, err, name)
	}
}
