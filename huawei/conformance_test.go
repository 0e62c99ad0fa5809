package huawei

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// TestConformance runs the portable suite against the emulator, each test
// on a fresh account, the domain id looked up through the API, with the
// suite's Observer (which counts the HTTP attempts of every call), and
// Huawei Cloud's facts for the permission tests: the read-only system role
// Tenant Guest (AA: granted on the account and on projects), the region
// project cn-north-4, a custom policy document of IAM's format, Keystone's
// idempotent membership PUT and IAM's 409 for a grant that exists.
func TestConformance(t *testing.T) {
	iamtest.RunClientTestsWith(t, iamtest.Harness{
		NewClient: func(t *testing.T, obs *iam.Observer) *iam.Client {
			srv := huaweitest.NewServer()
			t.Cleanup(srv.Close)
			ak, sk := srv.Credentials()
			c, err := New(Config{Endpoint: srv.URL, AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Observer: obs})
			require.NoError(t, err)
			return c.IAM()
		},
		Policies: iamtest.Policies{
			ReadOnlySystemPolicy: iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem},
			Project:              "cn-north-4",
			CustomPolicyDocument: `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets"]}]}`,
		},
		DuplicateMembership: iamtest.DuplicateIgnored,
		DuplicateAttachment: iamtest.DuplicateRefused,
	})
}
