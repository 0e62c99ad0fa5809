package huawei

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func emulated(t testing.TB, opts ...huaweitest.Option) (*huaweitest.Server, *Client) {
	t.Helper()
	srv := huaweitest.NewServer(opts...)
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := New(Config{Endpoint: srv.URL, AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk)})
	require.NoError(t, err)
	return srv, c
}

// TestNativeLifecycle runs every native operation against the emulator.
func TestNativeLifecycle(t *testing.T) {
	ctx := context.Background()
	srv, c := emulated(t)

	d, err := c.DomainID(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.DomainID(), d, "looked up through GET /v3/auth/domains")

	cu, err := c.CreateUser(ctx, &CreateUserInput{
		Name: "alice", Password: iam.NewSecret("Pa$$w0rd!x"), Email: "alice@example.com", AreaCode: "0086",
		Phone: "13800000000", Enabled: iam.Ptr(true), PwdStatus: iam.Ptr(false), XUserType: "TenantIdp",
		XUserID: "ext-alice", AccessMode: AccessModeDefault, Description: "first",
	})
	require.NoError(t, err)
	id := cu.User.ID
	assert.Regexp(t, "^[0-9a-f]{32}$", id)
	assert.NotEmpty(t, cu.RequestID)
	assert.Equal(t, "alice", cu.User.Name)
	assert.False(t, cu.User.CreateTime.IsZero())

	su, err := c.ShowUser(ctx, &ShowUserInput{UserID: id})
	require.NoError(t, err)
	u := su.User
	assert.Equal(t, "alice@example.com", u.Email)
	assert.Equal(t, "0086", u.AreaCode)
	assert.Equal(t, "13800000000", u.Phone)
	assert.Equal(t, "TenantIdp", u.XUserType)
	assert.Equal(t, "ext-alice", u.XUserID)
	assert.Equal(t, AccessModeDefault, u.AccessMode)
	require.NotNil(t, u.PwdStatus)
	assert.False(t, *u.PwdStatus)
	assert.NotEqual(t, "None", u.PwdStrength)
	assert.False(t, u.PwdCreateTime.IsZero())
	assert.True(t, u.LastLoginTime.IsZero())
	assert.Equal(t, srv.DomainID(), u.DomainID)
	assert.Equal(t, srv.URL+"/v3.0/OS-USER/users/"+id, u.Links.Self)

	up, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: id, Name: iam.Ptr("alice2"), Enabled: iam.Ptr(false),
		Description: iam.Ptr(""), AccessMode: iam.Ptr(AccessModeConsole)})
	require.NoError(t, err)
	assert.Equal(t, "alice2", up.User.Name)
	assert.False(t, up.User.Enabled)
	assert.Equal(t, AccessModeConsole, up.User.AccessMode)

	lu, err := c.ListUsers(ctx, &ListUsersInput{Name: "alice2", Enabled: iam.Ptr(false), DomainID: srv.DomainID()})
	require.NoError(t, err)
	require.Len(t, lu.Users, 1)
	assert.Equal(t, id, lu.Users[0].ID)
	lu, err = c.ListUsers(ctx, &ListUsersInput{Name: "alice2", Enabled: iam.Ptr(true)})
	require.NoError(t, err)
	assert.Empty(t, lu.Users)

	_, err = c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{UserID: id})
	assert.ErrorIs(t, err, iam.ErrNotFound, "never configured")
	lp, err := c.UpdateLoginProtect(ctx, &UpdateLoginProtectInput{UserID: id, Enabled: true, VerificationMethod: VerifyEmail})
	require.NoError(t, err)
	assert.Equal(t, LoginProtect{UserID: id, Enabled: true, VerificationMethod: VerifyEmail}, *lp.LoginProtect)
	sp, err := c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{UserID: id})
	require.NoError(t, err)
	assert.Equal(t, *lp.LoginProtect, *sp.LoginProtect)

	ck, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: id, Description: "ci"})
	require.NoError(t, err)
	k := ck.Credential
	assert.False(t, k.Secret.IsZero())
	assert.Equal(t, CredentialActive, k.Status)
	assert.Equal(t, id, k.UserID)
	assert.False(t, k.CreateTime.IsZero())

	lk, err := c.ListPermanentAccessKeys(ctx, &ListPermanentAccessKeysInput{UserID: id})
	require.NoError(t, err)
	require.Len(t, lk.Credentials, 1)
	assert.Equal(t, k.AccessKeyID, lk.Credentials[0].AccessKeyID)
	assert.True(t, lk.Credentials[0].Secret.IsZero(), "secrets only on creation")

	shk, err := c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: k.AccessKeyID})
	require.NoError(t, err)
	assert.Equal(t, shk.Credential.CreateTime.Time, shk.Credential.LastUseTime.Time)

	uk, err := c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: k.AccessKeyID, Status: CredentialInactive, Description: iam.Ptr("off")})
	require.NoError(t, err)
	assert.Equal(t, CredentialInactive, uk.Credential.Status)
	assert.Equal(t, "off", uk.Credential.Description)

	_, err = c.DeletePermanentAccessKey(ctx, &DeletePermanentAccessKeyInput{AccessKeyID: k.AccessKeyID})
	require.NoError(t, err)
	_, err = c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: k.AccessKeyID})
	assert.ErrorIs(t, err, iam.ErrNotFound)

	_, err = c.DeleteUser(ctx, &DeleteUserInput{UserID: id})
	require.NoError(t, err)
	_, err = c.ShowUser(ctx, &ShowUserInput{UserID: id})
	assert.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.DeleteUser(ctx, &DeleteUserInput{UserID: id})
	assert.ErrorIs(t, err, iam.ErrNotFound)
}

func TestNativeErrorsFromEmulator(t *testing.T) {
	ctx := context.Background()
	srv, c := emulated(t)
	u, err := c.CreateUser(ctx, &CreateUserInput{Name: "dup"})
	require.NoError(t, err)
	_, err = c.CreateUser(ctx, &CreateUserInput{Name: "dup"})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 409, e.StatusCode)
	assert.NotEmpty(t, e.RequestID)

	for range 2 {
		_, err = c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: u.User.ID})
		require.NoError(t, err)
	}
	_, err = c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: u.User.ID})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "akSkNumExceed", e.Code)

	_, err = c.UpdateUser(ctx, &UpdateUserInput{UserID: u.User.ID, Password: iam.NewSecret("weakweak")})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "1118", e.Code)

	// A wrong secret is refused with the gateway's code.
	ak, _ := srv.Credentials()
	bad, err := New(Config{Endpoint: srv.URL, AccessKeyID: ak, SecretAccessKey: iam.NewSecret("wrong"), DomainID: srv.DomainID()})
	require.NoError(t, err)
	_, err = bad.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated)
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "APIGW.0301", e.Code)
	assert.NotContains(t, err.Error(), "wrong")
}

// TestNativeKeyCreatedViaAPI: a key created through the API signs requests;
// deactivated, it is refused.
func TestNativeKeyCreatedViaAPI(t *testing.T) {
	ctx := context.Background()
	srv, c := emulated(t)
	u, err := c.CreateUser(ctx, &CreateUserInput{Name: "robot", AccessMode: AccessModeProgrammatic})
	require.NoError(t, err)
	k, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: u.User.ID})
	require.NoError(t, err)
	rc, err := New(Config{Endpoint: srv.URL, AccessKeyID: k.Credential.AccessKeyID, SecretAccessKey: k.Credential.Secret})
	require.NoError(t, err)
	own, err := rc.ListPermanentAccessKeys(ctx, nil)
	require.NoError(t, err)
	require.Len(t, own.Credentials, 1)
	assert.Equal(t, k.Credential.AccessKeyID, own.Credentials[0].AccessKeyID)

	_, err = c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: k.Credential.AccessKeyID, Status: CredentialInactive})
	require.NoError(t, err)
	_, err = rc.ListUsers(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated)
}

// TestNativeAuthToken: a token issued by the emulator authenticates a Client.
func TestNativeAuthToken(t *testing.T) {
	ctx := context.Background()
	srv, c := emulated(t)
	_, err := c.CreateUser(ctx, &CreateUserInput{Name: "op", Password: iam.NewSecret("Pa$$w0rd!x")})
	require.NoError(t, err)
	tok := issueToken(t, srv, "op", "Pa$$w0rd!x")
	tc, err := New(Config{Endpoint: srv.URL, AuthToken: iam.NewSecret(tok)})
	require.NoError(t, err)
	out, err := tc.ListUsers(ctx, &ListUsersInput{Name: "op"})
	require.NoError(t, err)
	require.Len(t, out.Users, 1)
	_, err = tc.CreateUser(ctx, &CreateUserInput{Name: "made-with-token"})
	require.NoError(t, err)
}

func TestNativePasswordExpiryFilter(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	_, c := emulated(t, huaweitest.WithPasswordValidity(30*24*time.Hour))
	_, err := c.CreateUser(ctx, &CreateUserInput{Name: "pw", Password: iam.NewSecret("Pa$$w0rd!x")})
	require.NoError(t, err)
	_, err = c.CreateUser(ctx, &CreateUserInput{Name: "nopw"})
	require.NoError(t, err)
	out, err := c.ListUsers(ctx, &ListUsersInput{PasswordExpiresAt: &PasswordExpiryFilter{Operator: ExpiresAfter, Time: now.AddDate(-10, 0, 0)}})
	require.NoError(t, err)
	require.Len(t, out.Users, 1)
	assert.Equal(t, "pw", out.Users[0].Name)
	assert.False(t, out.Users[0].PasswordExpiresAt.IsZero())
	out, err = c.ListUsers(ctx, &ListUsersInput{PasswordExpiresAt: &PasswordExpiryFilter{Operator: ExpiresBefore, Time: now.AddDate(-10, 0, 0)}})
	require.NoError(t, err)
	assert.Empty(t, out.Users)
}
