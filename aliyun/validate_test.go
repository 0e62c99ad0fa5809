package aliyun

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func assertInvalid(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "%T", err)
	assert.Equal(t, iam.ErrInvalidArgument, ie.Kind, "%v", err)
	assert.Equal(t, field, ie.Field, "%v", err)
	assert.NotEmpty(t, ie.Message, "the rule is named")
	assert.Zero(t, ie.StatusCode, "no request was sent")
}

func TestIDaaSCreateUserValidation(t *testing.T) {
	c, mt := newMockIDaaS(t)
	cases := []struct {
		field string
		edit  func(*IDaaSCreateUserInput)
	}{
		{"Username", func(in *IDaaSCreateUserInput) { in.Username = "" }},
		{"Username", func(in *IDaaSCreateUserInput) { in.Username = strings.Repeat("a", 65) }},
		{"Username", func(in *IDaaSCreateUserInput) { in.Username = "has space" }},
		{"Username", func(in *IDaaSCreateUserInput) { in.Username = "semi;colon" }},
		{"DisplayName", func(in *IDaaSCreateUserInput) { in.DisplayName = strings.Repeat("名", 65) }},
		{"Password", func(in *IDaaSCreateUserInput) {
			in.Password = iam.Secret{}
			in.PasswordInitializationConfig.PasswordInitializationType = ""
		}},
		{"Password", func(in *IDaaSCreateUserInput) { in.Password = iam.Secret{}; in.PasswordInitializationConfig = nil }},
		{"PhoneRegion", func(in *IDaaSCreateUserInput) { in.PhoneRegion = "+86" }},
		{"PhoneRegion", func(in *IDaaSCreateUserInput) { in.PhoneRegion = "1234567" }},
		{"PhoneRegion", func(in *IDaaSCreateUserInput) { in.PhoneNumber = ""; in.PhoneNumberVerified = nil }},
		{"PhoneNumber", func(in *IDaaSCreateUserInput) { in.PhoneNumber = "12345" }},
		{"PhoneNumber", func(in *IDaaSCreateUserInput) { in.PhoneNumber = "1234567890123456" }},
		{"PhoneNumber", func(in *IDaaSCreateUserInput) { in.PhoneNumber = "138-0000-0000" }},
		{"PhoneNumberVerified", func(in *IDaaSCreateUserInput) { in.PhoneNumberVerified = nil }},
		{"Email", func(in *IDaaSCreateUserInput) { in.Email = "not-an-email" }},
		{"Email", func(in *IDaaSCreateUserInput) { in.Email = "bad!prefix@example.com" }},
		{"EmailVerified", func(in *IDaaSCreateUserInput) { in.EmailVerified = nil }},
		{"UserExternalId", func(in *IDaaSCreateUserInput) { in.UserExternalID = strings.Repeat("x", 65) }},
		{"PrimaryOrganizationalUnitId", func(in *IDaaSCreateUserInput) { in.PrimaryOrganizationalUnitID = "" }},
		{"OrganizationalUnitIds.2", func(in *IDaaSCreateUserInput) { in.OrganizationalUnitIDs[1] = "" }},
		{"Description", func(in *IDaaSCreateUserInput) { in.Description = strings.Repeat("d", 257) }},
		{"CustomFields.2.FieldName", func(in *IDaaSCreateUserInput) { in.CustomFields[1].FieldName = "" }},
		{"PasswordInitializationConfig.PasswordInitializationPolicyPriority", func(in *IDaaSCreateUserInput) {
			in.PasswordInitializationConfig.PasswordInitializationPolicyPriority = "local"
		}},
		{"PasswordInitializationConfig.PasswordForcedUpdateStatus", func(in *IDaaSCreateUserInput) {
			in.PasswordInitializationConfig.PasswordForcedUpdateStatus = "yes"
		}},
		{"PasswordInitializationConfig.UserNotificationChannels.2", func(in *IDaaSCreateUserInput) {
			in.PasswordInitializationConfig.UserNotificationChannels[1] = "fax"
		}},
		{"PasswordInitializationConfig.PasswordInitializationType", func(in *IDaaSCreateUserInput) {
			in.PasswordInitializationConfig.PasswordInitializationType = "fixed"
		}},
		{"ClientToken", func(in *IDaaSCreateUserInput) { in.ClientToken = strings.Repeat("t", 65) }},
		{"ClientToken", func(in *IDaaSCreateUserInput) { in.ClientToken = "tökén" }},
		{"InstanceId", func(in *IDaaSCreateUserInput) { in.InstanceID = "bad id" }},
	}
	for _, tc := range cases {
		in := seedInput()
		tc.edit(in)
		_, err := c.CreateUser(context.Background(), in)
		assertInvalid(t, err, tc.field)
	}
	_, err := c.CreateUser(context.Background(), nil)
	assertInvalid(t, err, "Username")
	assert.Zero(t, mt.GetTotalCallCount(), "validation failures send nothing")

	// Limits hold at the boundary.
	in := seedInput()
	in.Username = strings.Repeat("a", 64)
	in.DisplayName = strings.Repeat("名", 64)
	in.Description = strings.Repeat("d", 256)
	in.UserExternalID = strings.Repeat("x", 64)
	in.Username = "a.b@c-d_e"
	_, err = c.validateCreate("CreateUser", in)
	assert.NoError(t, err)
	in.Password = iam.Secret{} // random initialization needs no password
	_, err = c.validateCreate("CreateUser", in)
	assert.NoError(t, err)
}

func TestIDaaSOtherValidation(t *testing.T) {
	c, mt := newMockIDaaS(t)
	ctx := context.Background()
	_, err := c.GetUser(ctx, &IDaaSGetUserInput{})
	assertInvalid(t, err, "UserId")
	_, err = c.ListUsers(ctx, &IDaaSListUsersInput{PageSize: 101})
	assertInvalid(t, err, "PageSize")
	_, err = c.ListUsers(ctx, &IDaaSListUsersInput{PageNumber: -1})
	assertInvalid(t, err, "PageNumber")
	_, err = c.ListUsers(ctx, &IDaaSListUsersInput{Status: "locked"})
	assertInvalid(t, err, "Status")
	_, err = c.UpdateUser(ctx, &IDaaSUpdateUserInput{UserID: "user_1", Email: "a@example.com"})
	assertInvalid(t, err, "EmailVerified")
	_, err = c.UpdateUser(ctx, &IDaaSUpdateUserInput{UserID: "user_1", DisplayName: strings.Repeat("x", 257)})
	assertInvalid(t, err, "DisplayName")
	_, err = c.UpdateUser(ctx, &IDaaSUpdateUserInput{UserID: "user_1", CustomFields: []IDaaSUpdateCustomField{{FieldName: "a", Operation: "merge"}}})
	assertInvalid(t, err, "CustomFields.1.Operation")
	_, err = c.UpdateUserDescription(ctx, &IDaaSUpdateUserDescriptionInput{UserID: "user_1", Description: strings.Repeat("x", 257)})
	assertInvalid(t, err, "Description")
	_, err = c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: "user_1"})
	assertInvalid(t, err, "Password")
	_, err = c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: "user_1", Password: iam.NewSecret("x"), PasswordForcedUpdateStatus: "on"})
	assertInvalid(t, err, "PasswordForcedUpdateStatus")
	_, err = c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: "user_1", Password: iam.NewSecret("x"), UserNotificationChannels: []NotificationChannel{"sms", "pigeon"}})
	assertInvalid(t, err, "UserNotificationChannels.2")
	for _, f := range []func(context.Context, *IDaaSUserInput) (*IDaaSUserOutput, error){c.DeleteUser, c.EnableUser, c.DisableUser} {
		_, err = f(ctx, &IDaaSUserInput{})
		assertInvalid(t, err, "UserId")
		_, err = f(ctx, nil)
		assertInvalid(t, err, "UserId")
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestRAMValidation(t *testing.T) {
	c, mt := newMockRAM(t)
	ctx := context.Background()
	check := func(field string, err error) { t.Helper(); assertInvalid(t, err, field) }
	_, err := c.CreateUser(ctx, &RAMCreateUserInput{})
	check("UserName", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: "a@b"})
	check("UserName", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: strings.Repeat("a", 65)})
	check("UserName", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: "a", DisplayName: strings.Repeat("x", 129)})
	check("DisplayName", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: "a", MobilePhone: "13800000000"})
	check("MobilePhone", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: "a", Email: "nope"})
	check("Email", err)
	_, err = c.CreateUser(ctx, &RAMCreateUserInput{UserName: "a", Comments: strings.Repeat("x", 129)})
	check("Comments", err)
	_, err = c.UpdateUser(ctx, &RAMUpdateUserInput{UserName: "a", NewUserName: "b c"})
	check("NewUserName", err)
	_, err = c.UpdateUser(ctx, &RAMUpdateUserInput{UserName: "a", NewMobilePhone: "x"})
	check("NewMobilePhone", err)
	_, err = c.ListUsers(ctx, &RAMListUsersInput{MaxItems: 1001})
	check("MaxItems", err)
	_, err = c.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "a"})
	check("Password", err)
	_, err = c.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "a", Password: iam.NewSecret("pass\nword")})
	check("Password", err)
	_, err = c.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: "a", UserAccessKeyID: "LTAI1", Status: "active"})
	check("Status", err)
	_, err = c.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: "a", Status: "Active"})
	check("UserAccessKeyId", err)
	_, err = c.DeleteAccessKey(ctx, &RAMDeleteAccessKeyInput{UserName: "a"})
	check("UserAccessKeyId", err)
	_, err = c.GetUser(ctx, nil)
	check("UserName", err)
	_, err = c.DeleteUser(ctx, &RAMDeleteUserInput{})
	check("UserName", err)
	_, err = c.GetLoginProfile(ctx, &RAMGetLoginProfileInput{})
	check("UserName", err)
	_, err = c.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{})
	check("UserName", err)

	p := c.IAM()
	_, err = p.CreateUser(ctx, &iam.CreateUserInput{Name: "bad name"})
	check("Name", err)
	_, err = p.CreateAccessKey(ctx, "")
	check("userName", err)
	_, err = p.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Enabled: iam.Ptr(false)})
	assert.True(t, errors.Is(err, iam.ErrUnsupported))
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestNewValidation(t *testing.T) {
	_, err := NewRAM(Config{})
	assertInvalid(t, err, "AccessKeyID")
	_, err = NewRAM(Config{AccessKeyID: "id"})
	assertInvalid(t, err, "SecretAccessKey")
	base := Config{AccessKeyID: "id", SecretAccessKey: iam.NewSecret("s")}
	for _, tc := range []struct {
		edit  func(*Config)
		field string
	}{
		{func(c *Config) { c.SignatureAlgorithm = "md5" }, "SignatureAlgorithm"},
		{func(c *Config) { c.Endpoint = "http://ram.example.com" }, "Endpoint"},
		{func(c *Config) { c.Endpoint = "https://ram.example.com/path" }, "Endpoint"},
		{func(c *Config) { c.Endpoint = "ftp://ram.example.com" }, "Endpoint"},
		{func(c *Config) { c.MaxAttempts = -1 }, "MaxAttempts"},
	} {
		cfg := base
		tc.edit(&cfg)
		_, err := NewRAM(cfg)
		assertInvalid(t, err, tc.field)
	}
	for _, ep := range []string{"http://127.0.0.1:8080", "http://localhost:1", "ram-vpc.aliyuncs.com", "https://ram.aliyuncs.com/"} {
		cfg := base
		cfg.Endpoint = ep
		_, err := NewRAM(cfg)
		assert.NoError(t, err, ep)
	}
	cfg := base
	cfg.Endpoint, cfg.AllowInsecureHTTP = "http://ram.internal", true
	_, err = NewRAM(cfg)
	assert.NoError(t, err)

	_, err = NewIDaaS(IDaaSConfig{Config: base})
	assertInvalid(t, err, "InstanceID")
	_, err = NewIDaaS(IDaaSConfig{Config: base, InstanceID: "idaas_x", OrganizationalUnitID: "ou x"})
	assertInvalid(t, err, "OrganizationalUnitID")
	_, err = NewIDaaS(IDaaSConfig{Config: Config{AccessKeyID: "id", SecretAccessKey: iam.NewSecret("s"), Region: "cn hangzhou"}, InstanceID: "idaas_x"})
	assertInvalid(t, err, "Region")
	c, err := NewIDaaS(IDaaSConfig{Config: Config{AccessKeyID: "id", SecretAccessKey: iam.NewSecret("s"), Region: "ap-southeast-1"}, InstanceID: "idaas_x"})
	require.NoError(t, err)
	assert.Equal(t, "eiam.ap-southeast-1.aliyuncs.com", c.rpc.base.Host)
	assert.Equal(t, "idaas_x", c.InstanceID())
}

// ConfigFromEnv reads the region and endpoint; the credentials are the
// default chain, whose environment source reads the names of Alibaba's
// tools (TestEnvCredentials has the rest).
func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cfg := configFromEnv(env(map[string]string{
		EnvAccessKeyID: "id", EnvSecretAccessKey: "sec", EnvSessionToken: "tok", EnvRegion: "cn-shanghai",
		EnvEndpoint: "http://127.0.0.1:9000", "ALICLOUD_ACCESS_KEY": "ignored", EnvCLIProfileDisabled: "true",
	}), CredentialsOptions{HomeDir: t.TempDir()})
	assert.Equal(t, "cn-shanghai", cfg.Region)
	assert.Equal(t, "http://127.0.0.1:9000", cfg.Endpoint)
	assert.Empty(t, cfg.AccessKeyID)
	require.NotNil(t, cfg.Credentials)
	got, err := cfg.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "id", got.AccessKeyID)
	assert.Equal(t, "sec", got.SecretAccessKey.Reveal())
	assert.Equal(t, "tok", got.SessionToken.Reveal())
	assert.Equal(t, "default/env", got.Source)

	// The aliyun CLI's region names stand in; bare names no official tool
	// reads are not read.
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"ALIBABACLOUD_REGION_ID": "cn-beijing"}, "cn-beijing"},
		{map[string]string{"ALICLOUD_REGION_ID": "cn-beijing"}, "cn-beijing"},
		{map[string]string{"REGION_ID": "cn-x", "REGION": "cn-y"}, ""},
	} {
		assert.Equal(t, tc.want, configFromEnv(env(tc.env), CredentialsOptions{}).Region, tc.env)
	}
}

func TestFromEnvOptions(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "id")
	t.Setenv(EnvSecretAccessKey, "sec")
	t.Setenv(EnvRegion, "ap-southeast-1")
	t.Setenv(EnvEndpoint, "")
	r, err := NewRAMFromEnv(func(c *Config) { c.Endpoint = "http://127.0.0.1:1" })
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:1", r.rpc.base.Host)

	_, err = NewIDaaSFromEnv()
	assertInvalid(t, err, "InstanceID")
	c, err := NewIDaaSFromEnv(func(c *IDaaSConfig) { c.InstanceID, c.OrganizationalUnitID = "idaas_x", "ou_y" })
	require.NoError(t, err)
	assert.Equal(t, "eiam.ap-southeast-1.aliyuncs.com", c.rpc.base.Host)
	assert.Equal(t, "ou_y", c.ouID)
}

func TestConfigPrintsNoSecret(t *testing.T) {
	cfg := IDaaSConfig{Config: Config{AccessKeyID: "id", SecretAccessKey: iam.NewSecret("sec-123"), SessionToken: iam.NewSecret("tok-123")}, InstanceID: "idaas_x"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v %#v", cfg, cfg), fmt.Sprint(cfg.Config), fmt.Sprintf("%#v", cfg.Config)} {
		assert.NotContains(t, s, "sec-123")
		assert.NotContains(t, s, "tok-123")
		assert.Contains(t, s, `"id"`)
	}
}

func TestPhoneForms(t *testing.T) {
	for in, want := range map[string][2]string{
		"86-13800000000":    {"86", "13800000000"},
		"+86 13800000000":   {"86", "13800000000"},
		"+86 138 0000 0000": {"86", "13800000000"},
		"13800000000":       {"", "13800000000"},
	} {
		r, n := splitPhone(in)
		assert.Equal(t, want, [2]string{r, n}, in)
	}
	assert.Equal(t, "86-13800000000", ramPhone("+86 13800000000"))
	assert.Equal(t, "", ramPhone(""))
}

// The input rules accept and refuse what the API references state.
func TestRules(t *testing.T) {
	long := strings.Repeat("a", 64)
	cases := []struct {
		name string
		rule func(string) string
		ok   []string
		bad  []string
	}{
		{"RAM new user name", ramNewUserNameRule,
			[]string{"a", "user.name-x_1", long},
			[]string{"", "a@b", "a b", "ü", long + "a", "a/b"}},
		{"RAM existing user name", nameRule,
			[]string{"a", "alice@example.com", "a b&c=d+e%", "Zoë", long},
			[]string{"", "a\nb", "a\x7f", "\xff", long + "a"}},
		{"RAM phone", ramPhoneRule,
			[]string{"86-18688888888", "1-1234", "123456-12345678901234567890"},
			[]string{"", "86-123", "1234567-12345", "-1234", "86-", "+86-12345", "8613800000000"}},
		{"RAM email", ramEmailRule,
			[]string{"a@b.c", "a+b@ex-ample.com", "名@例子.中国"},
			[]string{"", "a@b", "a@.c", "a@b.", "@b.c", "a@@b.c", "a b@c.d", "a@b.c\n"}},
		{"EIAM new user name", eiamNewUsernameRule,
			[]string{"a", "a.b@c-d_e", long},
			[]string{"", "has space", "semi;colon", long + "a"}},
		{"EIAM email", eiamEmailRule,
			[]string{"test_user@example.com", "a.b-c+d@x.y.z"},
			[]string{"", "not-an-email", "bad!prefix@example.com", "a@b", "a@b..c", "x@.y.z", strings.Repeat("a", 120) + "@example.com"}},
		{"EIAM phone region", phoneRegionRule, []string{"86", "123456"}, []string{"", "+86", "1234567", "8a"}},
		{"EIAM phone number", phoneNumberRule, []string{"123456", "123456789012345"}, []string{"12345", "1234567890123456", "138-0000"}},
		{"portable phone on EIAM", phoneRule,
			[]string{"86-13800000000", "+86 138 0000 0000", "13800000000"},
			[]string{"86-1", "+86 12", "x", "1234567-13800000000"}},
	}
	for _, tc := range cases {
		for _, s := range tc.ok {
			assert.Empty(t, tc.rule(s), "%s: %q", tc.name, s)
		}
		for _, s := range tc.bad {
			assert.NotEmpty(t, tc.rule(s), "%s: %q", tc.name, s)
		}
	}
	assert.True(t, isID("idaas_ue2jvisn35ea5lmthk267xxxxx"))
	assert.False(t, isID("bad id"))
	assert.True(t, isRegion("cn-hangzhou"))
	assert.False(t, isRegion("CN-x"))
}
