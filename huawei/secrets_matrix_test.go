package huawei_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

func sinkLogger(s *faulttest.Sink) *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestSecretsNeverShown runs every portable operation with debug logging
// and the Debug hook on, and looks for every secret in the logs, the Debug
// output, errors and printed values.
func TestSecretsNeverShown(t *testing.T) {
	emu := huaweitest.New()
	ak, sk := emu.Credentials()
	var sink faulttest.Sink
	var native *huawei.Client
	tg := faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		c, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: emu.DomainID(),
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
	faulttest.RunSecrets(t, faulttest.SecretsRun{Target: tg, Logs: &sink, Secrets: []string{sk},
		Native: func(ctx context.Context, _ *iam.Client) (values []any, secrets []string) {
			const pw = "Native-Pw-0042!x"
			secrets = append(secrets, pw)
			u, err := native.CreateUser(ctx, &huawei.CreateUserInput{Name: "native_user1", Password: iam.NewSecret(pw)})
			values = append(values, u, err)
			if err != nil {
				t.Errorf("native call: %v", err)
			}
			if err != nil {
				return values, secrets
			}
			k, err := native.CreatePermanentAccessKey(ctx, &huawei.CreatePermanentAccessKeyInput{UserID: u.User.ID})
			values = append(values, k, err)
			if err != nil {
				t.Errorf("native call: %v", err)
			}
			if err == nil {
				values = append(values, k.Credential)
				secrets = append(secrets, k.Credential.Secret.Reveal())
			}
			return values, secrets
		}})
}
