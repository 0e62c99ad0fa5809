package aliyun_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

func sinkLogger(s *faulttest.Sink) *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestSecretsNeverShown runs every portable operation of both clients,
// with each signature algorithm, debug logging and the Debug hook on, and
// looks for every secret in the logs, the Debug output, errors and printed
// values.
func TestSecretsNeverShown(t *testing.T) {
	for _, k := range clientKinds {
		for _, algo := range []aliyun.SignatureAlgorithm{aliyun.SignatureACS3, aliyun.SignatureRPC} {
			t.Run(k.name+"/"+string(algo), func(t *testing.T) {
				emu := aliyuntest.New()
				ak, sk := emu.Credentials()
				var sink faulttest.Sink
				var native *aliyun.RAMClient
				tg := faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
					cfg := aliyun.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: endpoint, SignatureAlgorithm: algo,
						MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
						Logger: sinkLogger(&sink), Debug: sink.Debug}
					if k.idaas {
						c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: cfg, InstanceID: emu.InstanceID(), OrganizationalUnitID: emu.OrganizationalUnitID()})
						if err != nil {
							return nil, err
						}
						return c.IAM(), nil
					}
					c, err := aliyun.NewRAM(cfg)
					if err != nil {
						return nil, err
					}
					if native == nil {
						native = c // the first client is the one behind the front
					}
					return c.IAM(), nil
				})
				run := faulttest.SecretsRun{Target: tg, Logs: &sink, Secrets: []string{sk}, DebugShowsParams: true}
				if native != nil {
					run.Native = func(ctx context.Context, _ *iam.Client) (values []any, secrets []string) {
						const pw = "Native-Pw-0042!x"
						secrets = append(secrets, pw)
						u, err := native.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "native_user1"})
						values = append(values, u, err)
						if err != nil {
							t.Errorf("native call: %v", err)
						}
						lp, err := native.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: "native_user1", Password: iam.NewSecret(pw)})
						values = append(values, lp, err)
						if err != nil {
							t.Errorf("native call: %v", err)
						}
						k, err := native.CreateAccessKey(ctx, &aliyun.RAMCreateAccessKeyInput{UserName: "native_user1"})
						values = append(values, k, err)
						if err != nil {
							t.Errorf("native call: %v", err)
						}
						if err == nil {
							values = append(values, k.AccessKey)
							secrets = append(secrets, k.AccessKey.AccessKeySecret.Reveal())
						}
						return values, secrets
					}
				}
				faulttest.RunSecrets(t, run)
			})
		}
	}
}
