package baidu

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

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
		{"delete nil", func(c *Client) error { _, err := c.DeleteUser(ctx, nil); return err }, "in"},
		{"delete empty", func(c *Client) error { _, err := c.DeleteUser(ctx, &DeleteUserInput{}); return err }, "UserName"},
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
		{"delete lp nil", func(c *Client) error { _, err := c.DeleteLoginProfile(ctx, nil); return err }, "in"},
		{"delete lp empty", func(c *Client) error { _, err := c.DeleteLoginProfile(ctx, &DeleteLoginProfileInput{}); return err }, "UserName"},
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
			_, err := c.DeleteAccessKey(ctx, &DeleteAccessKeyInput{AccessKeyID: "AK"})
			return err
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
		{"negative min backoff", func(c *Config) { c.MinBackoff = -1 }, "MinBackoff", ""},
		{"negative max backoff", func(c *Config) { c.MaxBackoff = -1 }, "MaxBackoff", ""},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "Timeout", ""},
		{"user agent with a newline", func(c *Config) { c.UserAgent = "svc/1\r\nX-Evil: 1" }, "UserAgent", ""},
		{"region bj", func(c *Config) { c.Region = "bj" }, "", DefaultEndpoint},
		{"region BJ", func(c *Config) { c.Region = "BJ" }, "", DefaultEndpoint},
		{"region gz refused", func(c *Config) { c.Region = "gz" }, "Region", ""},
		{"region cn-north-4 refused", func(c *Config) { c.Region = "cn-north-4" }, "Region", ""},
		{"every setting", func(c *Config) {
			c.Region, c.Timeout, c.UserAgent, c.Observer = "bj", 5*time.Second, "svc/1.2", &iam.Observer{}
		}, "", DefaultEndpoint},
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

func clearEnv(t *testing.T) {
	for _, k := range []string{EnvAccessKeyID, EnvSecretAccessKey, EnvSessionToken, EnvRegion, EnvEndpoint,
		EnvTerraformAccessKey, EnvTerraformSecretKey, envOldSessionToken} {
		t.Setenv(k, "")
	}
}

// TestConfigFromEnv: ConfigFromEnv sets the default chain and reads no
// credential; the environment is read at the first Retrieve. BCE_REGION,
// shared by every Baidu tool, is ignored (IAM is global).
func TestConfigFromEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("HOME", t.TempDir())
	t.Setenv(EnvEndpoint, "http://127.0.0.1:9")
	t.Setenv(EnvRegion, "gz")
	cfg, err := ConfigFromEnv()
	require.NoError(t, err)
	require.IsType(t, &iam.CredentialsCache{}, cfg.Credentials)
	assert.Empty(t, cfg.AccessKeyID)
	assert.Empty(t, cfg.Region, "BCE_REGION is not read: Baidu IAM is global")
	assert.Equal(t, "http://127.0.0.1:9", cfg.Endpoint)
	c, err := NewFromEnv(func(c *Config) { c.MaxAttempts = 1 }, nil)
	require.NoError(t, err, "a BCE_REGION=gz set for BCC does not stop IAM")
	assert.Equal(t, "http://127.0.0.1:9", c.Endpoint())

	// Set after the client was made: read at the first need.
	t.Setenv(EnvTerraformAccessKey, "tf-ak")
	t.Setenv(EnvTerraformSecretKey, "tf-sk")
	t.Setenv(EnvAccessKeyID, "bce-ak")
	t.Setenv(EnvSessionToken, "tok")
	creds, err := c.provider.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "bce-ak", creds.AccessKeyID, "BCE_ names win over terraform's")
	assert.Equal(t, "tf-sk", creds.SecretAccessKey.Reveal())
	assert.Equal(t, "tok", creds.SessionToken.Reveal())
	assert.Equal(t, SourceEnv, creds.Source)
	assert.NotContains(t, fmtAll(creds), "tf-sk")
	assert.NotContains(t, fmtAll(creds), "tok")
	assert.NotContains(t, fmtAll(cfg), "tf-sk")

	// An explicit region other than bj stays an error.
	_, err = NewFromEnv(func(c *Config) { c.Region = "gz" })
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Region", e.Field)

	// An option that sets static keys replaces the chain.
	c, err = NewFromEnv(func(c *Config) { c.AccessKeyID, c.SecretAccessKey = "opt-ak", iam.NewSecret("opt-sk") })
	require.NoError(t, err)
	assert.Nil(t, c.provider)
	assert.Equal(t, "opt-ak", c.creds.AccessKeyID)

	// New takes Credentials or the static keys, not both.
	for _, cfg := range []Config{
		{Credentials: iam.StaticCredentials("ak", iam.NewSecret("sk"), iam.Secret{}), AccessKeyID: "ak"},
		{Credentials: iam.StaticCredentials("ak", iam.NewSecret("sk"), iam.Secret{}), SecretAccessKey: iam.NewSecret("sk")},
		{Credentials: iam.StaticCredentials("ak", iam.NewSecret("sk"), iam.Secret{}), SessionToken: iam.NewSecret("tok")},
	} {
		_, err = New(cfg)
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "Credentials", e.Field)
	}
}

// TestEnvCredentialsOldSessionToken: BCE_SESSION_TOKEN, which no Baidu tool
// reads, is not taken for the token; set alone it is refused, so temporary
// credentials never go out without their token.
func TestEnvCredentialsOldSessionToken(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvAccessKeyID, "ak")
	t.Setenv(EnvSecretAccessKey, "sk")
	t.Setenv(envOldSessionToken, "old-tok")
	_, err := EnvCredentials(CredentialsOptions{}).Retrieve(context.Background())
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
	assert.Equal(t, EnvSessionToken, e.Field)
	assert.Contains(t, e.Message, "BCE_SESSION_TOKEN")
	assert.NotContains(t, err.Error(), "old-tok")
	assert.NotErrorIs(t, err, iam.ErrNoCredentials, "configured, but wrongly")

	t.Setenv(EnvSessionToken, "new-tok")
	creds, err := EnvCredentials(CredentialsOptions{}).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "new-tok", creds.SessionToken.Reveal())
}
