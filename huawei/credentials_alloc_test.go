//go:build !race

// The race detector makes sync.Pool drop items at random, so allocation
// counts are measured without it.

package huawei

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestSignAllocations: signing with a credentials provider (a warm cache)
// allocates no more than signing with static keys.
func TestSignAllocations(t *testing.T) {
	static, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK), DomainID: testDomainID})
	require.NoError(t, err)
	cache := iam.NewCredentialsCache(iam.StaticCredentials(testAK, iam.NewSecret(testSK), iam.Secret{}), iam.CredentialsCacheOptions{})
	_, err = cache.Retrieve(context.Background())
	require.NoError(t, err)
	dynamic, err := New(Config{Credentials: cache, DomainID: testDomainID})
	require.NoError(t, err)
	ctx := context.Background()
	measure := func(c *Client) float64 {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, testEndpoint+"/v3.0/OS-USER/users/"+testUserID, nil)
		require.NoError(t, err)
		return testing.AllocsPerRun(200, func() {
			clear(r.Header)
			r.Header["Content-Type"] = []string{"application/json"}
			r.Header["X-Domain-Id"] = []string{testDomainID}
			if err := c.sign(r, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	s, d := measure(static), measure(dynamic)
	assert.LessOrEqual(t, d, s, "static %v, provider %v allocations per signature", s, d)
}
