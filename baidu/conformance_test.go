package baidu_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// TestConformance runs the portable suite against baidu.Client on the
// emulator (one emulator for the whole suite, so that LeavesNoUsers sees
// what every subtest left behind). Each client gets the suite's Observer.
func TestConformance(t *testing.T) {
	srv := baidutest.NewServer()
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	iamtest.RunClientTests(t, func(t *testing.T, obs *iam.Observer) *iam.Client {
		c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL, Observer: obs})
		if err != nil {
			t.Fatal(err)
		}
		return c.IAM()
	})
}
