package huawei_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/faulttest"
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
	tg := faulttest.Start(t, emu, func(endpoint string) (iam.Client, error) {
		c, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: emu.DomainID(),
			Endpoint: endpoint, MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
			Logger: sinkLogger(&sink), Debug: sink.Debug})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	})
	faulttest.RunSecrets(t, faulttest.SecretsRun{Target: tg, Logs: &sink, Secrets: []string{sk}})
}
