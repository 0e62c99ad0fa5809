package baidu_test

import (
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// TestClockSkewResigned: a server two hours ahead answers RequestExpired;
// the client re-signs with the server's Date and the create happens once.
func TestClockSkewResigned(t *testing.T) {
	emu := baidutest.New(baidutest.WithClock(faulttest.SkewedClock()))
	ak, sk := emu.Credentials()
	faulttest.RunClockSkew(t, faulttest.Start(t, emu, func(endpoint string) (*iam.Client, error) {
		c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: endpoint,
			MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	}))
}
