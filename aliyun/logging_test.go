package aliyun_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Secrets (the AccessKey secret, passwords in the query, created key
// secrets) never reach a log line, and the Debug hook gets the strings to
// sign but never the secret.
func TestLogsAndDebugCarryNoSecrets(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			srv := aliyuntest.NewServer()
			defer srv.Close()
			var logs bytes.Buffer
			var debugs []signer.Debug
			cfg := config(srv, algo)
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			cfg.Debug = func(d signer.Debug) { debugs = append(debugs, d) }
			c, err := aliyun.NewRAM(cfg)
			require.NoError(t, err)
			ctx := context.Background()
			_, err = c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "logged"})
			require.NoError(t, err)
			_, err = c.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: "logged", Password: iam.NewSecret("Very-Secret-Pw1")})
			require.NoError(t, err)
			key, err := c.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "logged"})
			require.NoError(t, err)

			_, secret := srv.Credentials()
			out := logs.String()
			require.NotEmpty(t, out, "debug logging is on")
			for _, s := range []string{secret, "Very-Secret-Pw1", "Very-Secret", key.AccessKey.AccessKeySecret.Reveal()} {
				assert.NotContains(t, out, s)
			}
			require.NotEmpty(t, debugs)
			for _, d := range debugs {
				assert.NotContains(t, d.CanonicalRequest+d.StringToSign, secret)
			}
			if algo == aliyun.SignatureACS3 {
				assert.True(t, strings.HasPrefix(debugs[0].StringToSign, "ACS3-HMAC-SHA256\n"), debugs[0].StringToSign)
			}
		})
	}
}

func TestDebugHidesSecurityToken(t *testing.T) {
	const token = "CAIS+EXAMPLE/SecurityToken==ab12"
	for _, algo := range algorithms {
		var debugs []signer.Debug
		c, err := aliyun.NewRAM(aliyun.Config{
			AccessKeyID: "STS.NUEXAMPLE", SecretAccessKey: iam.NewSecret("sts-secret"), SessionToken: iam.NewSecret(token),
			Endpoint: "http://127.0.0.1:1", SignatureAlgorithm: algo, MaxAttempts: 1,
			Debug: func(d signer.Debug) { debugs = append(debugs, d) },
		})
		require.NoError(t, err)
		_, _ = c.GetUser(context.Background(), &aliyun.RAMGetUserInput{UserName: "a"}) // nothing listens: the request is still signed
		require.NotEmpty(t, debugs, algo)
		for _, d := range debugs {
			all := d.CanonicalRequest + d.StringToSign
			assert.Contains(t, all, "[REDACTED]", algo)
			for _, s := range []string{token, "SecurityToken==ab12", "SecurityToken%3D%3Dab12", "SecurityToken%253D%253Dab12"} {
				assert.NotContains(t, all, s, algo)
			}
		}
	}
}
