package huawei_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// faultTarget starts an emulator behind a fault-injecting front, with
// tiny backoffs so the matrix stays fast.
func faultTarget(t testing.TB, mod ...func(*huawei.Config)) faulttest.Target {
	emu := huaweitest.New()
	ak, sk := emu.Credentials()
	return faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		cfg := huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: emu.DomainID(), Endpoint: endpoint,
			MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
		for _, m := range mod {
			m(&cfg)
		}
		c, err := huawei.New(cfg)
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	})
}

func TestFaultMatrix(t *testing.T) {
	faulttest.RunMatrix(t, append(faulttest.Faults(), faulttest.SkewFault(401, `{"error_msg":"Incorrect IAM authentication information: request expired","error_code":"APIGW.0301","request_id":"r1"}`)), func(t testing.TB) faulttest.Target { return faultTarget(t) })
}
