package baidu

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestSignAllocations: signing with a credentials provider (a warm cache)
// allocates no more than signing with static keys, and the static path
// costs nothing for the provider support.
func TestSignAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	static, err := New(Config{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: iam.NewSecret("secret"), Endpoint: "http://127.0.0.1:1"})
	require.NoError(t, err)
	cache := iam.NewCredentialsCache(iam.StaticCredentials("AKIDEXAMPLE", iam.NewSecret("secret"), iam.Secret{}), iam.CredentialsCacheOptions{})
	_, err = cache.Retrieve(context.Background())
	require.NoError(t, err)
	dynamic, err := New(Config{Credentials: cache, Endpoint: "http://127.0.0.1:1"})
	require.NoError(t, err)
	ctx := context.Background()
	measure := func(c *Client) float64 {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/v1/user/alice", nil)
		require.NoError(t, err)
		h := http.Header{"Content-Type": {contentType}}
		return testing.AllocsPerRun(200, func() {
			clear(r.Header)
			for k, v := range h {
				r.Header[k] = v
			}
			if err := c.sign(r, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	s, d := measure(static), measure(dynamic)
	assert.LessOrEqual(t, d, s, "static %v, provider %v allocations per signature", s, d)
}
