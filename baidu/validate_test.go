package baidu

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestValidation(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("a", 65)
	for _, tt := range []struct {
		name  string
		call  func(c *Client) error
		field string
	}{
		{"create nil", func(c *Client) error { _, err := c.CreateUser(ctx, nil); return err }, "in"},
		{"create empty name", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{}); return err }, "Name"},
		{"create long name", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: long}); return err }, "Name"},
		{"create dash", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: "a-b"}); return err }, "Name"},
		{"create space", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: "a b"}); return err }, "Name"},
		{"create unicode", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: "测试"}); return err }, "Name"},
		{"get nil", func(c *Client) error { _, err := c.GetUser(ctx, nil); return err }, "in"},
		{"get empty", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{}); return err }, "UserName"},
		{"get slash", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: "a/b"}); return err }, "UserName"},
		{"get query", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: "a?b"}); return err }, "UserName"},
		{"get hash", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: "a#b"}); return err }, "UserName"},
		{"get dotdot", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: ".."}); return err }, "UserName"},
		{"get control", func(c *Client) error { _, err := c.GetUser(ctx, &GetUserInput{UserName: "a\nb"}); return err }, "UserName"},
		{"update nil", func(c *Client) error { _, err := c.UpdateUser(ctx, nil); return err }, "in"},
		{"update bad rename", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserName: "a", NewName: iam.Ptr("b-c")})
			return err
		}, "NewName"},
		{"update empty rename", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserName: "a", NewName: iam.Ptr("")})
			return err
		}, "NewName"},
		{"delete nil", func(c *Client) error { return c.DeleteUser(ctx, nil) }, "in"},
		{"delete empty", func(c *Client) error { return c.DeleteUser(ctx, &DeleteUserInput{}) }, "UserName"},
		{"lp nil", func(c *Client) error { _, err := c.UpdateLoginProfile(ctx, nil); return err }, "in"},
		{"lp no user", func(c *Client) error { _, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{}); return err }, "UserName"},
		{"lp mfa without type", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", EnabledLoginMfa: iam.Ptr(true)})
			return err
		}, "LoginMfaType"},
		{"lp bad mfa type", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", LoginMfaType: "SMS"})
			return err
		}, "LoginMfaType"},
		{"lp type without account", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", ThirdPartyType: iam.Ptr(ThirdPartyUUAP)})
			return err
		}, "ThirdPartyType"},
		{"lp account without type", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", ThirdPartyAccount: iam.Ptr("x")})
			return err
		}, "ThirdPartyType"},
		{"lp bad type", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", ThirdPartyType: iam.Ptr(ThirdPartyType("QQ")), ThirdPartyAccount: iam.Ptr("x")})
			return err
		}, "ThirdPartyType"},
		{"lp empty type with account", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", ThirdPartyType: iam.Ptr(ThirdPartyType("")), ThirdPartyAccount: iam.Ptr("x")})
			return err
		}, "ThirdPartyType"},
		{"lp type with empty account", func(c *Client) error {
			_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "a", ThirdPartyType: iam.Ptr(ThirdPartyPassport), ThirdPartyAccount: iam.Ptr("")})
			return err
		}, "ThirdPartyAccount"},
		{"get lp nil", func(c *Client) error { _, err := c.GetLoginProfile(ctx, nil); return err }, "in"},
		{"get lp empty", func(c *Client) error { _, err := c.GetLoginProfile(ctx, &GetLoginProfileInput{}); return err }, "UserName"},
		{"delete lp nil", func(c *Client) error { return c.DeleteLoginProfile(ctx, nil) }, "in"},
		{"delete lp empty", func(c *Client) error { return c.DeleteLoginProfile(ctx, &DeleteLoginProfileInput{}) }, "UserName"},
		{"create key nil", func(c *Client) error { _, err := c.CreateAccessKey(ctx, nil); return err }, "in"},
		{"create key empty", func(c *Client) error { _, err := c.CreateAccessKey(ctx, &CreateAccessKeyInput{}); return err }, "UserName"},
		{"disable nil", func(c *Client) error { _, err := c.DisableAccessKey(ctx, nil); return err }, "in"},
		{"disable no id", func(c *Client) error {
			_, err := c.DisableAccessKey(ctx, &DisableAccessKeyInput{UserName: "a"})
			return err
		}, "AccessKeyID"},
		{"enable bad id", func(c *Client) error {
			_, err := c.EnableAccessKey(ctx, &EnableAccessKeyInput{UserName: "a", AccessKeyID: "x/y"})
			return err
		}, "AccessKeyID"},
		{"delete key no user", func(c *Client) error {
			return c.DeleteAccessKey(ctx, &DeleteAccessKeyInput{AccessKeyID: "AK"})
		}, "UserName"},
		{"list keys nil", func(c *Client) error { _, err := c.ListAccessKeys(ctx, nil); return err }, "in"},
		{"list keys empty", func(c *Client) error { _, err := c.ListAccessKeys(ctx, &ListAccessKeysInput{}); return err }, "UserName"},
		{"nil ctx", func(c *Client) error {
			var nilCtx context.Context
			_, err := c.ListUsers(nilCtx, nil)
			return err
		}, "ctx"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newMocked(t, 200, `{}`)
			err := tt.call(c)
			require.Error(t, err)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%T", err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
			assert.Equal(t, tt.field, e.Field)
			assert.NotEmpty(t, e.Message)
			assert.Equal(t, 0, rec.count(), "no request may be sent")
		})
	}
}

func TestNewConfig(t *testing.T) {
	good := Config{AccessKeyID: "ak", SecretAccessKey: iam.NewSecret("sk")}
	for _, tt := range []struct {
		name     string
		mod      func(*Config)
		field    string
		endpoint string
	}{
		{"default", func(*Config) {}, "", DefaultEndpoint},
		{"bare host", func(c *Config) { c.Endpoint = "iam.bj.baidubce.com" }, "", "https://iam.bj.baidubce.com"},
		{"loopback http", func(c *Config) { c.Endpoint = "http://127.0.0.1:8080" }, "", "http://127.0.0.1:8080"},
		{"localhost http", func(c *Config) { c.Endpoint = "http://localhost:1/" }, "", "http://localhost:1"},
		{"remote http refused", func(c *Config) { c.Endpoint = "http://iam.bj.baidubce.com" }, "Endpoint", ""},
		{"remote http allowed", func(c *Config) { c.Endpoint = "http://iam.bj.baidubce.com"; c.AllowInsecureHTTP = true }, "", "http://iam.bj.baidubce.com"},
		{"path", func(c *Config) { c.Endpoint = "https://iam.bj.baidubce.com/v1" }, "Endpoint", ""},
		{"query", func(c *Config) { c.Endpoint = "https://iam.bj.baidubce.com?x=1" }, "Endpoint", ""},
		{"ftp", func(c *Config) { c.Endpoint = "ftp://iam.bj.baidubce.com" }, "Endpoint", ""},
		{"no ak", func(c *Config) { c.AccessKeyID = "" }, "AccessKeyID", ""},
		{"no sk", func(c *Config) { c.SecretAccessKey = iam.Secret{} }, "SecretAccessKey", ""},
		{"negative attempts", func(c *Config) { c.MaxAttempts = -1 }, "MaxAttempts", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.mod(&cfg)
			c, err := New(cfg)
			if tt.field == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.endpoint, c.Endpoint())
				return
			}
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
			assert.Equal(t, tt.field, e.Field)
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, k := range []string{EnvAccessKeyID, EnvSecretAccessKey, EnvSessionToken, EnvTerraformAccessKey, EnvTerraformSecretKey, EnvEndpoint} {
		t.Setenv(k, "")
	}
	_, err := ConfigFromEnv()
	require.Error(t, err)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "BCE_ACCESS_KEY_ID (or BAIDUCLOUD_ACCESS_KEY)")
	assert.Contains(t, err.Error(), "BCE_SECRET_ACCESS_KEY (or BAIDUCLOUD_SECRET_KEY)")

	t.Setenv(EnvTerraformAccessKey, "tf-ak")
	_, err = NewFromEnv()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "BCE_ACCESS_KEY_ID")
	assert.Contains(t, err.Error(), "BCE_SECRET_ACCESS_KEY")

	t.Setenv(EnvTerraformSecretKey, "tf-sk")
	t.Setenv(EnvAccessKeyID, "bce-ak")
	t.Setenv(EnvSessionToken, "tok")
	t.Setenv(EnvEndpoint, "http://127.0.0.1:9")
	cfg, err := ConfigFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "bce-ak", cfg.AccessKeyID, "BCE_ names win over terraform's")
	assert.Equal(t, "tf-sk", cfg.SecretAccessKey.Reveal())
	assert.Equal(t, "tok", cfg.SessionToken.Reveal())
	assert.NotContains(t, cfg.String(), "tf-sk")
	assert.NotContains(t, fmtAll(cfg), "tf-sk")
	c, err := NewFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9", c.Endpoint())
}
