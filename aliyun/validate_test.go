package aliyun

import (
	"context"
	"errors"
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
	_, err = c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: "user_1", Password: iam.NewSecret("x"), UserNotificationChannels: []string{"sms", "pigeon"}})
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
	_, err = c.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "a", Password: iam.NewSecret(strings.Repeat("p", 33))})
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
	assertInvalid(t, err, "AccessKeySecret")
	base := Config{AccessKeyID: "id", AccessKeySecret: iam.NewSecret("s")}
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
	_, err = NewIDaaS(IDaaSConfig{Config: Config{AccessKeyID: "id", AccessKeySecret: iam.NewSecret("s"), RegionID: "cn hangzhou"}, InstanceID: "idaas_x"})
	assertInvalid(t, err, "RegionID")
	c, err := NewIDaaS(IDaaSConfig{Config: Config{AccessKeyID: "id", AccessKeySecret: iam.NewSecret("s"), RegionID: "ap-southeast-1"}, InstanceID: "idaas_x"})
	require.NoError(t, err)
	assert.Equal(t, "eiam.ap-southeast-1.aliyuncs.com", c.rpc.base.Host)
	assert.Equal(t, "idaas_x", c.InstanceID())
}

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cfg, err := configFromEnv(env(map[string]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "sec",
		"ALIBABA_CLOUD_SECURITY_TOKEN": "tok", "ALIBABA_CLOUD_REGION_ID": "cn-shanghai",
		"ALICLOUD_ACCESS_KEY": "ignored",
	}))
	require.NoError(t, err)
	assert.Equal(t, "id", cfg.AccessKeyID)
	assert.Equal(t, "sec", cfg.AccessKeySecret.Reveal())
	assert.Equal(t, "tok", cfg.SecurityToken.Reveal())
	assert.Equal(t, "cn-shanghai", cfg.RegionID)

	cfg, err = configFromEnv(env(map[string]string{"ALICLOUD_ACCESS_KEY": "id2", "ALICLOUD_SECRET_KEY": "s2", "ALICLOUD_REGION_ID": "cn-beijing"}))
	require.NoError(t, err)
	assert.Equal(t, "id2", cfg.AccessKeyID)
	assert.Equal(t, "s2", cfg.AccessKeySecret.Reveal())
	assert.Equal(t, "cn-beijing", cfg.RegionID)

	_, err = configFromEnv(env(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "id"}))
	require.Error(t, err)
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument))
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
	assert.NotContains(t, err.Error(), "ALIBABA_CLOUD_ACCESS_KEY_ID (")

	_, err = configFromEnv(env(nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_ACCESS_KEY_ID")
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
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
