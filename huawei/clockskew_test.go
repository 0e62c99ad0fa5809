package huawei_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// TestClockSkewResigned: a gateway two hours ahead refuses the X-Sdk-Date
// (APIGW.0301, request expired); the client re-signs with the gateway's
// Date and the create happens once.
func TestClockSkewResigned(t *testing.T) {
	emu := huaweitest.New(huaweitest.WithClock(faulttest.SkewedClock()))
	ak, sk := emu.Credentials()
	faulttest.RunClockSkew(t, faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		c, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: emu.DomainID(), Endpoint: endpoint,
			MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	}))
}
