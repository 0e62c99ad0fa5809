package aliyun_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// TestClockSkewResigned: a server two hours ahead answers
// InvalidTimeStamp.Expired; the client re-signs with the server's Date and
// the create happens once, for both clients and both signatures.
func TestClockSkewResigned(t *testing.T) {
	for _, k := range clientKinds {
		for _, algo := range []aliyun.SignatureAlgorithm{aliyun.SignatureACS3, aliyun.SignatureRPC} {
			t.Run(k.name+"/"+string(algo), func(t *testing.T) {
				emu := aliyuntest.New(aliyuntest.WithClock(faulttest.SkewedClock()))
				ak, sk := emu.Credentials()
				faulttest.RunClockSkew(t, faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
					cfg := aliyun.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: endpoint, SignatureAlgorithm: algo,
						MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}
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
					return c.IAM(), nil
				}))
			})
		}
	}
}
