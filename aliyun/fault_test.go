package aliyun_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// faultTargets builds, on one emulator behind a fault-injecting front,
// the RAM or the IDaaS portable client, with tiny backoffs.
func faultTarget(t testing.TB, idaas bool, mod ...func(*aliyun.Config)) faulttest.Target {
	emu := aliyuntest.New()
	ak, sk := emu.Credentials()
	return faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		cfg := aliyun.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: endpoint,
			MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
		for _, m := range mod {
			m(&cfg)
		}
		if idaas {
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
		return c.IAM(), nil
	})
}

// clientKinds names the two portable clients of the package.
var clientKinds = []struct {
	name  string
	idaas bool
}{{"RAM", false}, {"IDaaS", true}}

func TestFaultMatrix(t *testing.T) {
	for _, k := range clientKinds {
		t.Run(k.name, func(t *testing.T) {
			faulttest.RunMatrix(t, append(faulttest.Faults(), faulttest.SkewFault(400, `{"Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired.","RequestId":"r1"}`)), func(t testing.TB) faulttest.Target { return faultTarget(t, k.idaas) })
		})
	}
}
