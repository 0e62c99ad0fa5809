package huawei

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestEndpoints(t *testing.T) {
	tests := []struct {
		cfg   Config
		want  string
		field string
	}{
		{Config{}, "https://iam.myhuaweicloud.com", ""},
		{Config{Region: "cn-north-4"}, "https://iam.cn-north-4.myhuaweicloud.com", ""},
		{Config{Region: "ap-southeast-1"}, "https://iam.ap-southeast-1.myhuaweicloud.com", ""},
		{Config{Region: "eu-west-101"}, "https://iam.eu-west-101.myhuaweicloud.eu", ""},
		{Config{Region: "cn-north-4", Endpoint: "https://iam.example.com/"}, "https://iam.example.com", ""},
		{Config{Endpoint: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080", ""},
		{Config{Endpoint: "http://localhost:8080/base/"}, "http://localhost:8080/base", ""},
		{Config{Endpoint: "http://[::1]:8080"}, "http://[::1]:8080", ""},
		{Config{Endpoint: "http://iam.example.com", AllowInsecureHTTP: true}, "http://iam.example.com", ""},
		{Config{Endpoint: "http://iam.example.com"}, "", "Endpoint"},
		{Config{Endpoint: "ftp://iam.example.com"}, "", "Endpoint"},
		{Config{Endpoint: "iam.example.com"}, "", "Endpoint"},
		{Config{Endpoint: "https://u:p@iam.example.com"}, "", "Endpoint"},
		{Config{Endpoint: "https://iam.example.com?x=1"}, "", "Endpoint"},
		{Config{Region: "CN North"}, "", "Region"},
		{Config{Region: "cn-north-4.evil.com/"}, "", "Region"},
	}
	for _, tt := range tests {
		tt.cfg.AccessKeyID, tt.cfg.SecretAccessKey = testAK, iam.NewSecret(testSK)
		c, err := New(tt.cfg)
		if tt.field != "" {
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%+v", tt.cfg)
			assert.Equal(t, tt.field, e.Field)
			assert.ErrorIs(t, err, iam.ErrInvalidArgument)
			continue
		}
		require.NoError(t, err, "%+v", tt.cfg)
		assert.Equal(t, tt.want, c.Endpoint())
	}
}

func TestNewCredentials(t *testing.T) {
	tests := []struct {
		cfg   Config
		field string
	}{
		{Config{}, "AccessKeyID"},
		{Config{AccessKeyID: "AK"}, "SecretAccessKey"},
		{Config{AuthToken: iam.NewSecret("t"), AccessKeyID: "AK"}, "AuthToken"},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), MaxAttempts: -1}, "MaxAttempts"},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), Timeout: -time.Second}, "Timeout"},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), MinBackoff: -time.Second}, "MinBackoff"},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), MaxBackoff: -time.Second}, "MaxBackoff"},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), DomainID: "a/b"}, "DomainID"},
		{Config{AuthToken: iam.NewSecret("t")}, ""},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s")}, ""},
		{Config{Credentials: iam.StaticCredentials("AK", iam.NewSecret("s"), iam.Secret{})}, ""},
		{Config{Credentials: iam.StaticCredentials("AK", iam.NewSecret("s"), iam.Secret{}), AccessKeyID: "AK"}, "Credentials"},
		{Config{Credentials: iam.StaticCredentials("AK", iam.NewSecret("s"), iam.Secret{}), SessionToken: iam.NewSecret("t")}, "Credentials"},
		{Config{Credentials: iam.StaticCredentials("AK", iam.NewSecret("s"), iam.Secret{}), AuthToken: iam.NewSecret("t")}, "AuthToken"},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if tt.field == "" {
			assert.NoError(t, err)
			continue
		}
		var e *iam.Error
		require.True(t, errors.As(err, &e))
		assert.Equal(t, tt.field, e.Field)
	}
}

// clearEnv empties every variable ConfigFromEnv and the default chain
// read, and makes HOME an empty directory.
func clearEnv(t *testing.T) {
	for _, k := range []string{EnvAccessKeyID, EnvSecretAccessKey, EnvSessionToken, EnvDomainID, EnvEndpoint, EnvRegion,
		EnvCredentialsFile, EnvIdpID, EnvIDTokenFile} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", t.TempDir())
}

func TestEnvNames(t *testing.T) {
	// Huawei Cloud's own SDK variables (and cloudiam's region).
	assert.Equal(t, "HUAWEICLOUD_SDK_AK", EnvAccessKeyID)
	assert.Equal(t, "HUAWEICLOUD_SDK_SK", EnvSecretAccessKey)
	assert.Equal(t, "HUAWEICLOUD_SDK_SECURITY_TOKEN", EnvSessionToken)
	assert.Equal(t, "HUAWEICLOUD_SDK_DOMAIN_ID", EnvDomainID)
	assert.Equal(t, "HUAWEICLOUD_SDK_IAM_ENDPOINT", EnvEndpoint)
	assert.Equal(t, "HUAWEICLOUD_SDK_REGION", EnvRegion)
	assert.Equal(t, "HUAWEICLOUD_SDK_CREDENTIALS_FILE", EnvCredentialsFile)
	assert.Equal(t, "HUAWEICLOUD_SDK_IDP_ID", EnvIdpID)
	assert.Equal(t, "HUAWEICLOUD_SDK_ID_TOKEN_FILE", EnvIDTokenFile)
	assert.Equal(t, "huawei", Scheme)
}

func TestNewFromEnv(t *testing.T) {
	clearEnv(t)
	c, err := NewFromEnv()
	require.NoError(t, err, "the default chain reads nothing before the first call")
	assert.NotNil(t, c.creds)
	assert.Equal(t, DefaultEndpoint, c.Endpoint())
	assert.Empty(t, c.domainID, "HUAWEICLOUD_SDK_DOMAIN_ID comes with the env credentials, at the first call")
	cfg, err := ConfigFromEnv()
	require.NoError(t, err)
	assert.NotNil(t, cfg.Credentials)
	assert.Empty(t, cfg.AccessKeyID)

	t.Setenv(EnvRegion, "cn-east-3")
	c, err = NewFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://iam.cn-east-3.myhuaweicloud.com", c.Endpoint())

	t.Setenv(EnvEndpoint, "https://iam.example.com")
	obs := &iam.Observer{}
	c, err = NewFromEnv(nil, func(cfg *Config) { cfg.Observer = obs }, func(cfg *Config) { cfg.DomainID = "d2" })
	require.NoError(t, err)
	assert.Equal(t, "https://iam.example.com", c.Endpoint(), "HUAWEICLOUD_SDK_IAM_ENDPOINT wins over the region")
	assert.Same(t, obs, c.obs, "options apply after the environment")
	assert.Equal(t, "d2", c.domainID)
	assert.NotNil(t, c.creds, "options that set no credentials keep the chain")

	// An option may bring credentials of its own: they replace the chain.
	clearEnv(t)
	c, err = NewFromEnv(func(cfg *Config) { cfg.AuthToken = iam.NewSecret("MIItoken") })
	require.NoError(t, err)
	assert.Equal(t, "MIItoken", c.token.Reveal())
	assert.Nil(t, c.creds)
	c, err = NewFromEnv(func(cfg *Config) { cfg.AccessKeyID, cfg.SecretAccessKey = testAK, iam.NewSecret(testSK) })
	require.NoError(t, err)
	assert.Nil(t, c.creds)
	assert.Equal(t, testAK, c.ak)
	p := iam.StaticCredentials(testAK, iam.NewSecret(testSK), iam.Secret{})
	c, err = NewFromEnv(func(cfg *Config) { cfg.Credentials = p })
	require.NoError(t, err)
	assert.Equal(t, p, c.creds)
}

func TestOpenURL(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvAccessKeyID, testAK)
	t.Setenv(EnvSecretAccessKey, testSK)
	assert.Contains(t, iam.Schemes(), "huawei")
	ctx := context.Background()
	c, err := iam.Open(ctx, "huawei://?domain_id="+testDomainID+"&region=cn-north-4&timeout=30s")
	require.NoError(t, err)
	assert.Equal(t, "huawei", c.Capabilities().Provider)
	var p *Client
	require.True(t, c.As(&p))
	assert.Equal(t, "https://iam.cn-north-4.myhuaweicloud.com", p.Endpoint())
	assert.Equal(t, testDomainID, p.domainID)

	c, err = iam.Open(ctx, "huawei://?endpoint="+url.QueryEscape("http://127.0.0.1:9")+"&max_attempts=2")
	require.NoError(t, err)
	require.True(t, c.As(&p))
	assert.Equal(t, "http://127.0.0.1:9", p.Endpoint())

	for _, bad := range []string{"huawei://host", "huawei://?regoin=x", "huawei://?max_attempts=0", "huawei://?insecure_http=maybe",
		"huawei://?endpoint=http://example.com", "huawei://?timeout=soon", "huawei://?domain_id=a/b"} {
		_, err := iam.Open(ctx, bad)
		assert.ErrorIs(t, err, iam.ErrInvalidArgument, bad)
	}

	// Opening reads no credentials: with none anywhere, the first call
	// reports them missing (TestDefaultChainErrorListsEverySource).
	clearEnv(t)
	c, err = iam.Open(ctx, "huawei://?profile=basic")
	require.NoError(t, err)
	require.True(t, c.As(&p))
	assert.NotNil(t, p.creds)
	for _, bad := range []string{"huawei://?profile=a/b", "huawei://?profile="} {
		_, err := iam.Open(ctx, bad)
		var e *iam.Error
		require.True(t, errors.As(err, &e), bad)
		assert.Equal(t, "Open", e.Op)
		assert.Equal(t, "profile", e.Field)
	}
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(Scheme, &URLOpener{Credentials: iam.StaticCredentials(testAK, iam.NewSecret(testSK), iam.Secret{})}))
	_, err = mux.Open(ctx, "huawei://?profile=basic")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "profile= selects the default chain's file, not the opener's own credentials")
}

// TestURLOpener: the opener's fields configure the clients it opens, and a
// URL parameter wins over the field of the same meaning.
func TestURLOpener(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvAccessKeyID, testAK)
	t.Setenv(EnvSecretAccessKey, testSK)
	ctx := context.Background()
	m := newMock(t, reply{status: 503, body: `{"error_code":"IAM.0006","error_msg":"busy"}`})
	var calls []string
	obs := &iam.Observer{CallStart: func(ctx context.Context, e iam.Event) context.Context {
		if !e.Native {
			calls = append(calls, e.Op)
		}
		return ctx
	}}
	o := &URLOpener{HTTPClient: &http.Client{Transport: m.mt}, Observer: obs, MaxAttempts: 3,
		MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, UserAgent: "my-service/1.0"}
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(Scheme, o))
	c, err := mux.Open(ctx, "huawei://?domain_id="+testDomainID+"&max_attempts=2")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "alice")
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	reqs := m.requests()
	require.Len(t, reqs, 2, "the URL's max_attempts wins over the field; the field's HTTP client sends")
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "my-service/1.0")
	assert.Equal(t, []string{"GetUser"}, calls, "the field's observer sees the portable call")

	m = newMock(t, reply{status: 503, body: `{}`})
	o.HTTPClient = &http.Client{Transport: m.mt}
	c, err = mux.Open(ctx, "huawei://?domain_id="+testDomainID)
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "alice")
	assert.Error(t, err)
	assert.Equal(t, 3, m.calls(), "without max_attempts, the field")

	c, err = (*URLOpener)(nil).OpenClientURL(ctx, &url.URL{Scheme: Scheme})
	require.NoError(t, err, "a nil opener opens as a zero one")
	assert.Equal(t, "huawei", c.Provider())
}

func TestCapabilities(t *testing.T) {
	c, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK)})
	require.NoError(t, err)
	caps := c.IAM().Capabilities()
	assert.Equal(t, Capabilities(), caps, "the client declares the package's Capabilities")
	assert.Equal(t, "huawei", caps.Provider)
	for _, op := range iam.Operations {
		assert.True(t, caps.Supports(op), op)
	}
	assert.Equal(t, 2, caps.MaxAccessKeysPerUser)
	assert.Equal(t, 64, caps.MaxUserNameLength)
	assert.Equal(t, 255, caps.MaxDescriptionLength)
	assert.Equal(t, 255, caps.MaxEmailLength)
	assert.Equal(t, 0, caps.MaxPhoneLength, "IAM bounds the number, not the portable areacode-number")
	assert.Equal(t, 0, caps.MaxDisplayNameLength, "no display name")
	assert.Equal(t, 6, caps.MinPasswordLength)
	assert.Equal(t, 32, caps.MaxPasswordLength)
	assert.Equal(t, 0, caps.MaxPageSize, "the Keystone list does not page")
	assert.Equal(t, []iam.Field{iam.FieldDescription, iam.FieldGroupDescription}, caps.ClearableFields)
	assert.False(t, caps.SupportsField(iam.FieldDisplayName))
	assert.Equal(t, []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP}, caps.MFAMethods)
	caps.Operations[0] = "changed"
	assert.True(t, Capabilities().Supports(iam.OpCreateUser), "a fresh copy every time")
	assert.True(t, c.IAM().Capabilities().Supports(iam.OpCreateUser), "a copy is returned")
}

// TestObserver: Config.Observer sees the portable calls of IAM().
func TestObserver(t *testing.T) {
	var events []iam.Event
	obs := &iam.Observer{CallDone: func(_ context.Context, e iam.Event) {
		if !e.Native {
			events = append(events, e)
		}
	}}
	_, nc := emulated(t)
	c, err := New(Config{Endpoint: nc.Endpoint(), AccessKeyID: nc.ak, SecretAccessKey: nc.sk, Observer: obs})
	require.NoError(t, err)
	_, err = c.IAM().GetUser(context.Background(), "nobody")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	require.Len(t, events, 1)
	assert.Equal(t, "huawei", events[0].Provider)
	assert.Equal(t, "GetUser", events[0].Op)
	assert.Equal(t, iam.ErrNotFound, events[0].Kind)
}
