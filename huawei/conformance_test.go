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
// suite's Observer (which counts the HTTP attempts of every call).
func TestConformance(t *testing.T) {
	iamtest.RunClientTests(t, func(t *testing.T, obs *iam.Observer) *iam.Client {
		srv := huaweitest.NewServer()
		t.Cleanup(srv.Close)
		ak, sk := srv.Credentials()
		c, err := New(Config{Endpoint: srv.URL, AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Observer: obs})
		require.NoError(t, err)
		return c.IAM()
	})
}
