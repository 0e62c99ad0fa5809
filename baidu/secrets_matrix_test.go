package baidu_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/faulttest"
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
	tg := faulttest.Start(t, emu, func(endpoint string) (iam.Client, error) {
		c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(token),
			Endpoint: endpoint, MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
			Logger: sinkLogger(&sink), Debug: sink.Debug})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	})
	faulttest.RunSecrets(t, faulttest.SecretsRun{Target: tg, Logs: &sink, Secrets: []string{sk, token}})
}
