package baidu_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// faultTarget starts an emulator behind a fault-injecting front, with
// tiny backoffs so the matrix stays fast.
func faultTarget(t testing.TB, mod ...func(*baidu.Config)) faulttest.Target {
	emu := baidutest.New()
	ak, sk := emu.Credentials()
	return faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		cfg := baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: endpoint,
			MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
		for _, m := range mod {
			m(&cfg)
		}
		c, err := baidu.New(cfg)
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	})
}

func TestFaultMatrix(t *testing.T) {
	faulttest.RunMatrix(t, append(faulttest.Faults(), faulttest.SkewFault(400, `{"code":"RequestExpired","message":"Request has expired.","requestId":"r1"}`)), func(t testing.TB) faulttest.Target { return faultTarget(t) })
}
