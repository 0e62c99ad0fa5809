package aliyun_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func config(srv *aliyuntest.Server, algo aliyun.SignatureAlgorithm) aliyun.Config {
	id, secret := srv.Credentials()
	return aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: srv.URL, SignatureAlgorithm: algo}
}

func code(err error) string {
	var ie *iam.Error
	if errors.As(err, &ie) {
		return ie.Code
	}
	return ""
}

var algorithms = []aliyun.SignatureAlgorithm{aliyun.SignatureACS3, aliyun.SignatureRPC}

func TestRAMLifecycleOnEmulator(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			srv := aliyuntest.NewServer()
			defer srv.Close()
			ctx := context.Background()
			c, err := aliyun.NewRAM(config(srv, algo))
			require.NoError(t, err)

			cu, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice", DisplayName: "Alice Zoë",
				MobilePhone: "86-13800000000", Email: "alice@example.com", Comments: "ops"})
			require.NoError(t, err)
			assert.NotEmpty(t, cu.RequestID)
			assert.NotEmpty(t, cu.User.UserID)
			assert.False(t, cu.User.CreateDate.IsZero())

			_, err = c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"})
			assert.True(t, errors.Is(err, iam.ErrAlreadyExists), "%v", err)
			assert.Equal(t, "EntityAlreadyExists.User", code(err))

			gu, err := c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "alice"})
			require.NoError(t, err)
			assert.Equal(t, *cu.User.CreateDate.Location(), *gu.User.CreateDate.Location())
			assert.Equal(t, "Alice Zoë", gu.User.DisplayName)
			assert.Equal(t, "86-13800000000", gu.User.MobilePhone)
			assert.Equal(t, "ops", gu.User.Comments)

			uu, err := c.UpdateUser(ctx, &aliyun.RAMUpdateUserInput{UserName: "alice", NewUserName: "alice2", NewComments: "dev"})
			require.NoError(t, err)
			assert.Equal(t, "alice2", uu.User.UserName)
			assert.Equal(t, "dev", uu.User.Comments)
			_, err = c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "alice"})
			assert.True(t, errors.Is(err, iam.ErrNotFound), "%v", err)
			assert.Equal(t, "EntityNotExist.User", code(err))

			for i := 0; i < 4; i++ {
				_, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "bulk" + strconv.Itoa(i)})
				require.NoError(t, err)
			}
			var names []string
			marker := ""
			for {
				page, err := c.ListUsers(ctx, &aliyun.RAMListUsersInput{Marker: marker, MaxItems: 2})
				require.NoError(t, err)
				for _, u := range page.Users {
					names = append(names, u.UserName)
				}
				if !page.IsTruncated {
					break
				}
				marker = page.Marker
			}
			assert.Equal(t, []string{"alice2", "bulk0", "bulk1", "bulk2", "bulk3"}, names)

			_, err = c.GetLoginProfile(ctx, &aliyun.RAMGetLoginProfileInput{UserName: "alice2"})
			assert.True(t, errors.Is(err, iam.ErrNotFound))
			lp, err := c.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: "alice2",
				Password: iam.NewSecret("Str0ng+Pass/word="), PasswordResetRequired: iam.Ptr(true)})
			require.NoError(t, err)
			assert.True(t, lp.LoginProfile.PasswordResetRequired)
			_, err = c.UpdateLoginProfile(ctx, &aliyun.RAMUpdateLoginProfileInput{UserName: "alice2", MFABindRequired: iam.Ptr(true), PasswordResetRequired: iam.Ptr(false)})
			require.NoError(t, err)
			gl, err := c.GetLoginProfile(ctx, &aliyun.RAMGetLoginProfileInput{UserName: "alice2"})
			require.NoError(t, err)
			assert.True(t, gl.LoginProfile.MFABindRequired)
			assert.False(t, gl.LoginProfile.PasswordResetRequired)

			k1, err := c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "alice2"})
			require.NoError(t, err)
			require.False(t, k1.AccessKey.AccessKeySecret.IsZero())
			_, err = c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "alice2"})
			require.NoError(t, err)
			_, err = c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "alice2"})
			assert.True(t, errors.Is(err, iam.ErrLimitExceeded), "%v", err)

			// The new key authenticates, with either signature.
			kc := config(srv, algo)
			kc.AccessKeyID, kc.SecretAccessKey = k1.AccessKey.AccessKeyID, k1.AccessKey.AccessKeySecret
			userClient, err := aliyun.NewRAM(kc)
			require.NoError(t, err)
			own, err := userClient.ListAccessKeys(ctx, nil)
			require.NoError(t, err)
			assert.Len(t, own.AccessKeys, 2)
			for _, k := range own.AccessKeys {
				assert.True(t, k.AccessKeySecret.IsZero())
			}

			_, err = c.UpdateAccessKey(ctx, &aliyun.RAMUpdateAccessKeyInput{UserName: "alice2", UserAccessKeyID: k1.AccessKey.AccessKeyID, Status: aliyun.AccessKeyInactive})
			require.NoError(t, err)
			_, err = userClient.ListAccessKeys(ctx, nil)
			assert.True(t, errors.Is(err, iam.ErrUnauthenticated), "%v", err)
			assert.Equal(t, "InvalidAccessKeyId.Inactive", code(err))

			_, err = c.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: "alice2"})
			assert.True(t, errors.Is(err, iam.ErrFailedPrecondition), "%v", err)
			keys, err := c.ListAccessKeys(ctx, &aliyun.RAMListAccessKeysInput{UserName: "alice2"})
			require.NoError(t, err)
			for _, k := range keys.AccessKeys {
				_, err := c.DeleteAccessKey(ctx, &aliyun.RAMDeleteAccessKeyInput{UserName: "alice2", UserAccessKeyID: k.AccessKeyID})
				require.NoError(t, err)
			}
			_, err = c.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: "alice2"})
			assert.Equal(t, "DeleteConflict.User.LoginProfile", code(err))
			_, err = c.DeleteLoginProfile(ctx, &aliyun.RAMDeleteLoginProfileInput{UserName: "alice2"})
			require.NoError(t, err)
			_, err = c.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: "alice2"})
			require.NoError(t, err)
			_, err = c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: "alice2"})
			assert.True(t, errors.Is(err, iam.ErrNotFound))
		})
	}
}

func TestWrongSecretRefused(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	for _, algo := range algorithms {
		cfg := config(srv, algo)
		cfg.SecretAccessKey = iam.NewSecret("wrong-secret")
		c, err := aliyun.NewRAM(cfg)
		require.NoError(t, err)
		_, err = c.ListUsers(context.Background(), nil)
		assert.True(t, errors.Is(err, iam.ErrUnauthenticated), "%v", err)
		assert.Equal(t, "SignatureDoesNotMatch", code(err))
		assert.NotContains(t, err.Error(), "wrong-secret")
	}
}

func seedServer() *aliyuntest.Server {
	return aliyuntest.NewServer(
		aliyuntest.WithInstanceID("idaas_ue2jvisn35ea5lmthk267xxxxx"),
		aliyuntest.WithOrganizationalUnitID("ou_primaryxxxxxxxxxxxxxxxxxx"),
		aliyuntest.WithOrganizationalUnit("ou_secondxxxxxxxxxxxxxxxxxxx", "Second"))
}

func TestIDaaSLifecycleOnEmulator(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			srv := seedServer()
			defer srv.Close()
			ctx := context.Background()
			c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, algo), InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
			require.NoError(t, err)

			out, err := c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{
				Username: "test_user", DisplayName: "Test User Zoë", Password: iam.NewSecret("Pa$$w0rd!*~"),
				PhoneRegion: "86", PhoneNumber: "13800000000", PhoneNumberVerified: iam.Ptr(true),
				Email: "test_user@example.com", EmailVerified: iam.Ptr(false), UserExternalID: "ext-0001",
				PrimaryOrganizationalUnitID: srv.OrganizationalUnitID(),
				OrganizationalUnitIDs:       []string{"ou_secondxxxxxxxxxxxxxxxxxxx"},
				Description:                 "seed user",
				CustomFields:                []aliyun.IDaaSCustomField{{FieldName: "nick_name", FieldValue: "tester"}},
				PasswordInitializationConfig: &aliyun.IDaaSPasswordInitializationConfig{
					PasswordInitializationPolicyPriority: "global", PasswordForcedUpdateStatus: "enabled",
					UserNotificationChannels: []aliyun.NotificationChannel{"email"},
				},
				ClientToken: "token-1",
			})
			require.NoError(t, err)
			require.NotEmpty(t, out.UserID)
			assert.NotEmpty(t, out.RequestID)

			g, err := c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: out.UserID})
			require.NoError(t, err)
			u := g.User
			assert.Equal(t, "test_user", u.Username)
			assert.Equal(t, "Test User Zoë", u.DisplayName)
			assert.Equal(t, "86", u.PhoneRegion)
			assert.Equal(t, "13800000000", u.PhoneNumber)
			assert.True(t, u.PhoneNumberVerified)
			assert.False(t, u.EmailVerified)
			assert.Equal(t, "ext-0001", u.UserExternalID)
			assert.Equal(t, srv.InstanceID(), u.InstanceID)
			assert.Equal(t, srv.OrganizationalUnitID(), u.PrimaryOrganizationalUnitID)
			assert.Len(t, u.OrganizationalUnits, 2)
			assert.Equal(t, []*aliyun.IDaaSCustomField{{FieldName: "nick_name", FieldValue: "tester"}}, u.CustomFields)
			assert.True(t, u.PasswordSet)
			assert.Equal(t, aliyun.IDaaSUserEnabled, u.Status)
			assert.False(t, u.CreateTime.IsZero())
			assert.True(t, u.PasswordExpireTime.IsZero(), "-1 means never")

			_, err = c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: "test_user", Password: iam.NewSecret("Secret-123"),
				PrimaryOrganizationalUnitID: srv.OrganizationalUnitID()})
			assert.True(t, errors.Is(err, iam.ErrAlreadyExists), "%v", err)

			_, err = c.UpdateUser(ctx, &aliyun.IDaaSUpdateUserInput{UserID: out.UserID, Username: "renamed", DisplayName: "R",
				CustomFields: []aliyun.IDaaSUpdateCustomField{{FieldName: "nick_name", Operation: aliyun.CustomFieldRemove}, {FieldName: "age", FieldValue: "31", Operation: aliyun.CustomFieldAdd}}})
			require.NoError(t, err)
			_, err = c.UpdateUserDescription(ctx, &aliyun.IDaaSUpdateUserDescriptionInput{UserID: out.UserID, Description: "new"})
			require.NoError(t, err)
			_, err = c.DisableUser(ctx, &aliyun.IDaaSUserInput{UserID: out.UserID})
			require.NoError(t, err)
			l, err := c.ListUsers(ctx, &aliyun.IDaaSListUsersInput{UsernameStartsWith: "ren", Status: aliyun.IDaaSUserDisabled})
			require.NoError(t, err)
			require.EqualValues(t, 1, l.TotalCount)
			assert.Equal(t, "renamed", l.Users[0].Username)
			assert.Equal(t, "new", l.Users[0].Description)
			_, err = c.EnableUser(ctx, &aliyun.IDaaSUserInput{UserID: out.UserID})
			require.NoError(t, err)
			_, err = c.UpdateUserPassword(ctx, &aliyun.IDaaSUpdateUserPasswordInput{UserID: out.UserID, Password: iam.NewSecret("N3w P@ss+word/=%"),
				PasswordForcedUpdateStatus: aliyun.PasswordForcedUpdateEnabled, UserNotificationChannels: []aliyun.NotificationChannel{"sms"}})
			require.NoError(t, err)
			g, err = c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: out.UserID})
			require.NoError(t, err)
			assert.Equal(t, "renamed", g.User.Username)
			assert.Equal(t, []*aliyun.IDaaSCustomField{{FieldName: "age", FieldValue: "31"}}, g.User.CustomFields)
			assert.Equal(t, aliyun.IDaaSUserEnabled, g.User.Status)

			_, err = c.DeleteUser(ctx, &aliyun.IDaaSUserInput{UserID: out.UserID})
			require.NoError(t, err)
			_, err = c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: out.UserID})
			assert.True(t, errors.Is(err, iam.ErrNotFound), "%v", err)
		})
	}
}

func TestPortableOnEmulator(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	ramc, err := aliyun.NewRAM(config(srv, ""))
	require.NoError(t, err)
	ram := ramc.IAM()
	u, err := ram.CreateUser(ctx, &iam.CreateUserInput{Name: "bob", DisplayName: "Bob", Description: "d", Phone: "86-13800000000"})
	require.NoError(t, err)
	assert.Equal(t, "bob", u.Name)
	assert.Equal(t, "d", u.Description)
	var native aliyun.RAMUser
	require.True(t, u.As(&native))
	assert.Equal(t, "d", native.Comments)
	_, err = ram.SetLoginProfile(ctx, "bob", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ngPassw0rd"), MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	lp, err := ram.GetLoginProfile(ctx, "bob")
	require.NoError(t, err)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFATOTP, lp.MFAMethod)
	_, err = ram.SetLoginProfile(ctx, "bob", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFASMS)})
	assert.True(t, errors.Is(err, iam.ErrUnsupported))
	k, err := ram.CreateAccessKey(ctx, "bob")
	require.NoError(t, err)
	require.NoError(t, ram.DisableAccessKey(ctx, "bob", k.ID))
	keys, err := ram.ListAccessKeys(ctx, "bob")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, iam.AccessKeyInactive, keys[0].Status)
	// The portable DeleteUser removes keys and login profile first.
	require.NoError(t, ram.DeleteUser(ctx, "bob"))
	_, err = ram.GetUser(ctx, "bob")
	assert.True(t, errors.Is(err, iam.ErrNotFound))

	idc, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, aliyun.SignatureRPC), InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
	require.NoError(t, err)
	id := idc.IAM()
	for i := 0; i < 3; i++ {
		_, err := id.CreateUser(ctx, &iam.CreateUserInput{Name: "carol" + strconv.Itoa(i), Email: "c@example.com", Phone: "86-13900000000"})
		require.NoError(t, err)
	}
	// carol1 shares the prefix of carol10: resolution takes the exact match only.
	_, err = id.CreateUser(ctx, &iam.CreateUserInput{Name: "carol10", Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	got, err := id.GetUser(ctx, "carol1")
	require.NoError(t, err)
	assert.Equal(t, "carol1", got.Name)
	assert.Equal(t, "86-13900000000", got.Phone)
	assert.True(t, got.Enabled)
	got, err = id.GetUser(ctx, "carol10")
	require.NoError(t, err)
	assert.False(t, got.Enabled)
	_, err = id.GetUser(ctx, "carol")
	assert.True(t, errors.Is(err, iam.ErrNotFound))

	n := 0
	for u, err := range id.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1}) {
		require.NoError(t, err)
		require.NotNil(t, u)
		n++
	}
	assert.Equal(t, 4, n)

	up, err := id.UpdateUser(ctx, "carol0", &iam.UpdateUserInput{NewName: iam.Ptr("dave"), Description: iam.Ptr("x"), Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, "dave", up.Name)
	assert.Equal(t, "x", up.Description)
	assert.False(t, up.Enabled)

	lp, err = id.SetLoginProfile(ctx, "dave", &iam.LoginProfileInput{Password: iam.NewSecret("N3w P@ss")})
	require.NoError(t, err)
	assert.True(t, lp.PasswordSet)
	_, err = id.SetLoginProfile(ctx, "dave", &iam.LoginProfileInput{Password: iam.NewSecret("N3w P@ss"), PasswordResetRequired: iam.Ptr(true)})
	assert.True(t, errors.Is(err, iam.ErrUnsupported))
	_, err = id.SetLoginProfile(ctx, "dave", &iam.LoginProfileInput{Password: iam.NewSecret("N3w P@ss"), MFARequired: iam.Ptr(true)})
	assert.True(t, errors.Is(err, iam.ErrUnsupported))
	assert.True(t, errors.Is(id.DeleteLoginProfile(ctx, "dave"), iam.ErrUnsupported))
	_, err = id.CreateAccessKey(ctx, "dave")
	assert.True(t, errors.Is(err, iam.ErrUnsupported))
	assert.False(t, id.Capabilities().Supports(iam.OpCreateAccessKey))
	require.NoError(t, id.DeleteUser(ctx, "dave"))
	_, err = id.GetUser(ctx, "dave")
	assert.True(t, errors.Is(err, iam.ErrNotFound))
}

func TestOpen(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	id, secret := srv.Credentials()
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
	ctx := context.Background()

	ram, err := iam.Open(ctx, "aliyun-ram://?endpoint="+srv.URL+"&signature=v1")
	require.NoError(t, err)
	assert.Equal(t, "aliyun-ram", ram.Capabilities().Provider)
	_, err = ram.CreateUser(ctx, &iam.CreateUserInput{Name: "opened"})
	require.NoError(t, err)

	idaas, err := iam.Open(ctx, "aliyun-idaas://?instance_id="+srv.InstanceID()+"&ou="+srv.OrganizationalUnitID()+"&endpoint="+srv.URL+"&region=cn-shanghai")
	require.NoError(t, err)
	_, err = idaas.CreateUser(ctx, &iam.CreateUserInput{Name: "opened"})
	require.NoError(t, err)

	_, err = iam.Open(ctx, "aliyun-idaas://?endpoint="+srv.URL)
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument))
	_, err = iam.Open(ctx, "aliyun-ram://?bogus=1")
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument))
	// Credentials are looked for at the first call, which names every
	// source of the default chain and why it had none.
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	ram, err = iam.Open(ctx, "aliyun-ram://?endpoint="+srv.URL)
	require.NoError(t, err)
	_, err = ram.GetUser(ctx, "opened")
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument), "%v", err)
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
	assert.Contains(t, err.Error(), "ecs_ram_role: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true")
}

// Temporary credentials: with the emulator's session token the client's
// requests pass, with either signature; without it they are refused.
func TestSessionTokenOnEmulator(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.WithSessionToken("CAIS+EXAMPLE/SecurityToken=="))
	defer srv.Close()
	ctx := context.Background()
	for _, algo := range algorithms {
		cfg := config(srv, algo)
		c, err := aliyun.NewRAM(cfg)
		require.NoError(t, err)
		_, err = c.ListUsers(ctx, nil)
		assert.True(t, errors.Is(err, iam.ErrUnauthenticated), "%s: %v", algo, err)

		cfg.SessionToken = iam.NewSecret(srv.SessionToken())
		c, err = aliyun.NewRAM(cfg)
		require.NoError(t, err)
		_, err = c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "sts_" + string(algo[:4])})
		require.NoError(t, err, algo)
	}
	assert.Len(t, srv.Users(), 2)
}
