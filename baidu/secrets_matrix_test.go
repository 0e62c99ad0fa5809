package baidu_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

func sinkLogger(s *faulttest.Sink) *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestSecretsNeverShown runs every portable operation, with temporary
// credentials, debug logging and the Debug hook on, and looks for every
// secret in the logs, the Debug output, errors and printed values.
func TestSecretsNeverShown(t *testing.T) {
	const ak, sk, token = "AKSESSIONFAULT01", "secret-key-of-the-session-0123456789", "session-token-0123456789abcdef"
	emu := baidutest.New(baidutest.WithSessionCredentials(ak, sk, token))
	var sink faulttest.Sink
	var native *baidu.Client
	tg := faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(token),
			Endpoint: endpoint, MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
			Logger: sinkLogger(&sink), Debug: sink.Debug})
		if err != nil {
			return nil, err
		}
		if native == nil {
			native = c // the first client is the one behind the front
		}
		return c.IAM(), nil
	})
	faulttest.RunSecrets(t, faulttest.SecretsRun{Target: tg, Logs: &sink, Secrets: []string{sk, token},
		Native: func(ctx context.Context, _ *iam.Client) (values []any, secrets []string) {
			const pw = "Native-Pw-0042!x"
			u, err := native.CreateUser(ctx, &baidu.CreateUserInput{Name: "native_user1"})
			values = append(values, u, err)
			if u != nil {
				values = append(values, u.User)
			}
			if err != nil {
				t.Errorf("native call: %v", err)
			}
			lp, err := native.UpdateLoginProfile(ctx, &baidu.UpdateLoginProfileInput{UserName: "native_user1", Password: iam.NewSecret(pw)})
			values = append(values, lp, err)
			if lp != nil {
				values = append(values, lp.LoginProfile)
			}
			if err != nil {
				t.Errorf("native call: %v", err)
			}
			k, err := native.CreateAccessKey(ctx, &baidu.CreateAccessKeyInput{UserName: "native_user1"})
			values = append(values, k, err)
			if k != nil {
				values = append(values, k.AccessKey, *k.AccessKey)
			}
			if err != nil {
				t.Errorf("native call: %v", err)
			}
			secrets = append(secrets, pw)
			if err == nil {
				secrets = append(secrets, k.AccessKey.Secret.Reveal())
			}
			return values, secrets
		}})
}
