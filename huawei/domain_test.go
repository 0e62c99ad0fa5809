package huawei

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// domainServer answers GET /v3/auth/domains with the id answer returns,
// after delay, counting the lookups.
func domainServer(t *testing.T, delay time.Duration, answer func(n int32) string) (*Client, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/auth/domains" {
			http.NotFound(w, r)
			return
		}
		k := n.Add(1)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"domains":[{"id":"` + answer(k) + `","name":"acme","enabled":true}],"links":{"self":"x"}}`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{AccessKeyID: "AKEXAMPLE0000000000A", SecretAccessKey: iam.NewSecret("sk"), Endpoint: srv.URL, MaxAttempts: 1})
	require.NoError(t, err)
	return c, &n
}

// The domain id is looked up once for many callers, and no caller waits
// for the lookup longer than its own context: no lock is held across it.
func TestDomainLookupOnceWithoutHoldingALock(t *testing.T) {
	c, n := domainServer(t, 300*time.Millisecond, func(int32) string { return "0123456789abcdef0123456789abcdef" })
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := c.DomainID(context.Background())
			assert.NoError(t, err)
			assert.Equal(t, "0123456789abcdef0123456789abcdef", d)
		}()
	}
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.DomainID(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 200*time.Millisecond, "a short caller is not held by the lookup")
	wg.Wait()
	assert.Equal(t, int32(1), n.Load())
}

// A looked-up id that is not an id (here with CR/LF, which would forge a
// header) is refused and not cached: the next call looks again.
func TestDomainLookupRefusesAndDoesNotCacheABadID(t *testing.T) {
	c, n := domainServer(t, 0, func(k int32) string {
		if k == 1 {
			return `abc\r\nX-Injected: 1`
		}
		return "0123456789abcdef0123456789abcdef"
	})
	_, err := c.DomainID(context.Background())
	require.ErrorIs(t, err, iam.ErrInvalidResponse)
	assert.NotContains(t, err.Error(), "\n")
	d, err := c.DomainID(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "0123456789abcdef0123456789abcdef", d)
	assert.Equal(t, int32(2), n.Load())
	_, err = c.DomainID(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load(), "a good id is cached")
}
