package huawei

import (
	"context"
	"errors"
	"net/url"
	"testing"

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
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s"), DomainID: "a/b"}, "DomainID"},
		{Config{AuthToken: iam.NewSecret("t")}, ""},
		{Config{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("s")}, ""},
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

func TestNewFromEnv(t *testing.T) {
	for _, k := range []string{EnvAccessKeyID, EnvSecretKey, EnvSecurityToken, EnvDomainID, EnvIAMEndpoint, EnvRegion} {
		t.Setenv(k, "")
	}
	_, err := NewFromEnv()
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK", e.Field)

	t.Setenv(EnvAccessKeyID, testAK)
	_, err = NewFromEnv()
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "HUAWEICLOUD_SDK_SK", e.Field, "names exactly what is missing")

	t.Setenv(EnvSecretKey, testSK)
	t.Setenv(EnvSecurityToken, "sts")
	t.Setenv(EnvDomainID, testDomainID)
	t.Setenv(EnvRegion, "cn-east-3")
	c, err := NewFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://iam.cn-east-3.myhuaweicloud.com", c.Endpoint())
	assert.Equal(t, testDomainID, c.domainID)
	assert.Equal(t, "sts", c.sts.Reveal())

	t.Setenv(EnvIAMEndpoint, "https://iam.example.com")
	c, err = NewFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://iam.example.com", c.Endpoint(), "HUAWEICLOUD_SDK_IAM_ENDPOINT wins over the region")
}

func TestOpenURL(t *testing.T) {
	t.Setenv(EnvAccessKeyID, testAK)
	t.Setenv(EnvSecretKey, testSK)
	t.Setenv(EnvSecurityToken, "")
	t.Setenv(EnvDomainID, "")
	t.Setenv(EnvIAMEndpoint, "")
	t.Setenv(EnvRegion, "")
	assert.Contains(t, iam.Schemes(), "huawei")
	ctx := context.Background()
	c, err := iam.Open(ctx, "huawei://?domain_id="+testDomainID+"&region=cn-north-4")
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

	for _, bad := range []string{"huawei://host", "huawei://?regoin=x", "huawei://?max_attempts=0", "huawei://?insecure_http=maybe", "huawei://?endpoint=http://example.com"} {
		_, err := iam.Open(ctx, bad)
		assert.ErrorIs(t, err, iam.ErrInvalidArgument, bad)
	}
}

func TestCapabilities(t *testing.T) {
	c, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK)})
	require.NoError(t, err)
	caps := c.IAM().Capabilities()
	assert.Equal(t, "huawei", caps.Provider)
	for _, op := range iam.Operations {
		assert.True(t, caps.Supports(op), op)
	}
	assert.Equal(t, 2, caps.MaxAccessKeysPerUser)
	assert.Equal(t, 64, caps.MaxUserNameLength)
	assert.False(t, caps.SupportsField(iam.FieldDisplayName))
	caps.Operations[0] = "changed"
	assert.True(t, c.IAM().Capabilities().Supports(iam.OpCreateUser), "a copy is returned")
}
