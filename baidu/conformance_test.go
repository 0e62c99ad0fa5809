package baidu_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// TestConformance runs the portable suite against baidu.Client on the
// emulator (one emulator for the whole suite, so that LeavesNoUsers,
// LeavesNoGroups and LeavesNoPolicies see what every subtest left behind).
// Each client gets the suite's Observer. The permission tests use a
// read-only system policy of Baidu's catalog and a read-only ACL; the
// emulator refuses a second join or attach (409), as the notes assume of
// Baidu.
func TestConformance(t *testing.T) {
	srv := baidutest.NewServer()
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	iamtest.RunClientTestsWith(t, iamtest.Harness{
		NewClient: func(t *testing.T, obs *iam.Observer) *iam.Client {
			c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL, Observer: obs})
			if err != nil {
				t.Fatal(err)
			}
			return c.IAM()
		},
		Policies: iamtest.Policies{
			ReadOnlySystemPolicy: iam.PolicyRef{Name: "CAReadAccessPolicy", Type: iam.PolicySystem},
			CustomPolicyDocument: `{"accessControlList":[{"service":"bcc","region":"*","effect":"Allow","permission":["READ"],"resource":["*"]}]}`,
		},
		DuplicateMembership: iamtest.DuplicateRefused,
		DuplicateAttachment: iamtest.DuplicateRefused,
	})
}
