package aliyun

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// The opener's fields become the Config; a URL parameter wins over the
// field of the same setting, and timeout is the per-attempt Config.Timeout.
func TestURLOpenerConfig(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "id")
	t.Setenv(EnvSecretAccessKey, "sec")
	t.Setenv(EnvEndpoint, "")
	hc := &http.Client{}
	logger := slog.Default()
	obs := &iam.Observer{}
	o := &URLOpener{HTTPClient: hc, Logger: logger, Observer: obs, MaxAttempts: 5,
		MinBackoff: time.Millisecond, MaxBackoff: time.Second, UserAgent: "billing/1.0"}

	cfg, _, err := o.config(SchemeRAM, mustURL(t, "aliyun-ram://"))
	require.NoError(t, err)
	assert.Same(t, hc, cfg.HTTPClient)
	assert.Equal(t, iam.Logger(logger), cfg.Logger)
	assert.Same(t, obs, cfg.Observer)
	assert.Equal(t, 5, cfg.MaxAttempts)
	assert.Equal(t, [2]time.Duration{time.Millisecond, time.Second}, [2]time.Duration{cfg.MinBackoff, cfg.MaxBackoff})
	assert.Equal(t, "billing/1.0", cfg.UserAgent)
	assert.Zero(t, cfg.Timeout)
	assert.Equal(t, SignatureAlgorithm(""), cfg.SignatureAlgorithm)
	assert.Empty(t, cfg.AccessKeyID, "the credentials are the default chain's")
	got, err := cfg.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "id", got.AccessKeyID)

	cfg, q, err := o.config(SchemeIDaaS, mustURL(t,
		"aliyun-idaas://?instance_id=idaas_x&ou=ou_y&max_attempts=2&timeout=250ms&region=cn-shanghai&endpoint=http://127.0.0.1:1&signature=v1"),
		"instance_id", "ou")
	require.NoError(t, err)
	assert.Equal(t, 2, cfg.MaxAttempts, "the URL wins")
	assert.Equal(t, 250*time.Millisecond, cfg.Timeout)
	assert.Nil(t, nilIfSame(cfg.HTTPClient, hc), "timeout does not replace the HTTP client")
	assert.Equal(t, "cn-shanghai", cfg.Region)
	assert.Equal(t, "http://127.0.0.1:1", cfg.Endpoint)
	assert.Equal(t, SignatureRPC, cfg.SignatureAlgorithm)
	assert.Equal(t, map[string]string{"instance_id": "idaas_x", "ou": "ou_y", "signature": "v1"}, q)

	for raw, want := range map[string]SignatureAlgorithm{"acs3": SignatureACS3, "v3": SignatureACS3, "v2": SignatureRPC, "rpc": SignatureRPC, "HMAC-SHA1": SignatureRPC} {
		cfg, _, err := o.config(SchemeRAM, mustURL(t, "aliyun-ram://?signature="+raw))
		require.NoError(t, err, raw)
		assert.Equal(t, want, cfg.SignatureAlgorithm, raw)
	}
}

func nilIfSame(a, b *http.Client) *http.Client {
	if a == b {
		return nil
	}
	return a
}

// One URLOpener serves both schemes, dispatching on the URL's scheme.
func TestURLOpenerDispatch(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "id")
	t.Setenv(EnvSecretAccessKey, "sec")
	t.Setenv(EnvEndpoint, "")
	ctx := context.Background()
	o := &URLOpener{}
	c, err := o.OpenClientURL(ctx, mustURL(t, "aliyun-ram://"))
	require.NoError(t, err)
	assert.Equal(t, SchemeRAM, c.Provider())
	var ram *RAMClient
	assert.True(t, c.As(&ram))

	c, err = o.OpenClientURL(ctx, mustURL(t, "ALIYUN-IDAAS://?instance_id=idaas_x"))
	require.NoError(t, err)
	assert.Equal(t, SchemeIDaaS, c.Provider())
	var idaas *IDaaSClient
	require.True(t, c.As(&idaas))
	assert.Equal(t, "idaas_x", idaas.InstanceID())

	for raw, field := range map[string]string{
		"aliyun-idaas://":                 "instance_id",
		"aliyun-ram://?signature=md5":     "signature",
		"aliyun-ram://?bogus=1":           "bogus",
		"aliyun-ram://?timeout=soon":      "timeout",
		"aliyun-ram://?instance_id=x":     "instance_id", // not RAM's
		"aliyun-other://?instance_id=x":   "url",
		"aliyun-idaas://?instance_id=a b": "InstanceID",
	} {
		_, err := o.OpenClientURL(ctx, mustURL(t, raw))
		var ie *iam.Error
		require.True(t, errors.As(err, &ie), "%s: %v", raw, err)
		assert.Equal(t, iam.ErrInvalidArgument, ie.Kind, raw)
		assert.Equal(t, field, ie.Field, raw)
	}
}
