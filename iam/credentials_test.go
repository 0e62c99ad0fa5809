package iam_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// issuer hands out numbered credentials valid for ttl; fail makes it fail,
// gate (when set) holds each call until it is closed.
type issuer struct {
	clk   *clock
	ttl   time.Duration
	calls atomic.Int32
	fail  atomic.Bool
	gate  chan struct{}
}

func (s *issuer) Retrieve(ctx context.Context) (iam.Credentials, error) {
	n := s.calls.Add(1)
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return iam.Credentials{}, ctx.Err()
		}
	}
	if s.fail.Load() {
		return iam.Credentials{}, errors.New("metadata service down")
	}
	return iam.Credentials{AccessKeyID: fmt.Sprintf("STS.%d", n), SecretAccessKey: iam.NewSecret("sk"),
		SessionToken: iam.NewSecret("tok"), Expires: s.clk.now().Add(s.ttl), Source: "test"}, nil
}

func TestCredentialsCacheFetchesOnceForManyGoroutines(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	src := &issuer{clk: clk, ttl: time.Hour, gate: make(chan struct{})}
	cache := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.now})
	var wg sync.WaitGroup
	got := make([]string, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := cache.Retrieve(context.Background())
			assert.NoError(t, err)
			got[i] = c.AccessKeyID
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(src.gate)
	wg.Wait()
	assert.Equal(t, int32(1), src.calls.Load())
	for _, id := range got {
		assert.Equal(t, "STS.1", id)
	}
	c, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "STS.1", c.AccessKeyID, "cached")
	assert.Equal(t, int32(1), src.calls.Load())
}

func TestCredentialsCacheRefreshesAheadWithoutBlocking(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	src := &issuer{clk: clk, ttl: time.Hour}
	cache := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.now, RefreshBefore: 10 * time.Minute})
	c, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	require.Equal(t, "STS.1", c.AccessKeyID)

	clk.add(55 * time.Minute) // inside the refresh window, still valid
	src.gate = make(chan struct{})
	c, err = cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "STS.1", c.AccessKeyID, "the valid credentials are served while the refresh runs")
	close(src.gate)
	require.Eventually(t, func() bool {
		c, err := cache.Retrieve(context.Background())
		return err == nil && c.AccessKeyID == "STS.2"
	}, 2*time.Second, 5*time.Millisecond)
	assert.Equal(t, int32(2), src.calls.Load())
}

func TestCredentialsCacheServesValidCredentialsWhenARefreshFails(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	src := &issuer{clk: clk, ttl: time.Hour}
	cache := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.now, RefreshBefore: 10 * time.Minute})
	_, err := cache.Retrieve(context.Background())
	require.NoError(t, err)

	src.fail.Store(true)
	clk.add(55 * time.Minute)
	for range 5 {
		c, err := cache.Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "STS.1", c.AccessKeyID)
		time.Sleep(2 * time.Millisecond)
	}
	clk.add(10 * time.Minute) // now expired, and the source still fails
	_, err = cache.Retrieve(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "sk")

	src.fail.Store(false)
	c, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(c.AccessKeyID, "STS."))
	assert.NotEqual(t, "STS.1", c.AccessKeyID)
}

func TestCredentialsCacheNeverBlocksPastTheContext(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	src := &issuer{clk: clk, ttl: time.Hour, gate: make(chan struct{})}
	defer close(src.gate)
	cache := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.now})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := cache.Retrieve(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	assert.Less(t, time.Since(start), time.Second)
}

func TestCredentialsCacheKeepsStaticKeys(t *testing.T) {
	var calls atomic.Int32
	p := iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) {
		calls.Add(1)
		return iam.Credentials{AccessKeyID: "AK", SecretAccessKey: iam.NewSecret("sk")}, nil
	})
	cache := iam.NewCredentialsCache(p, iam.CredentialsCacheOptions{})
	for range 3 {
		c, err := cache.Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "AK", c.AccessKeyID)
	}
	assert.Equal(t, int32(1), calls.Load())
	cache.Expire()
	_, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(2), calls.Load(), "Expire forces a fetch")
}

func TestCredentialsChain(t *testing.T) {
	none := func(why string) iam.CredentialsProvider {
		return iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) {
			return iam.Credentials{}, fmt.Errorf("%s: %w", why, iam.ErrNoCredentials)
		})
	}
	chain := &iam.CredentialsChain{Sources: []iam.CredentialsSource{
		{Name: "env", Provider: none("ALIBABA_CLOUD_ACCESS_KEY_ID is not set")},
		{Name: "static", Provider: iam.StaticCredentials("AK1", iam.NewSecret("secret-1"), iam.Secret{})},
	}}
	c, err := chain.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AK1", c.AccessKeyID)
	assert.Equal(t, "static", c.Source)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", c, c, c), "secret-1")

	chain = &iam.CredentialsChain{Sources: []iam.CredentialsSource{
		{Name: "env", Provider: none("ALIBABA_CLOUD_ACCESS_KEY_ID is not set")},
		{Name: "profile", Provider: none("~/.alibabacloud/credentials does not exist")},
	}}
	_, err = chain.Retrieve(context.Background())
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Equal(t, "cloudiam: no credentials: env: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; "+
		"profile: ~/.alibabacloud/credentials does not exist", err.Error())

	down := errors.New("metadata: connection refused")
	chain.Sources = append(chain.Sources, iam.CredentialsSource{Name: "ecs-ram-role", Provider: iam.CredentialsProviderFunc(
		func(context.Context) (iam.Credentials, error) { return iam.Credentials{}, down })})
	_, err = chain.Retrieve(context.Background())
	assert.NotErrorIs(t, err, iam.ErrNoCredentials, "a source that is configured but failed")
	assert.ErrorIs(t, err, down)
	var ce *iam.CredentialsChainError
	require.ErrorAs(t, err, &ce)
	assert.Len(t, ce.Sources, 3)
}

// A source whose fresh credentials are already inside the refresh window
// is asked again only every few seconds, not on every call.
func TestCredentialsCacheSpacesRefreshesOfShortLivedCredentials(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	src := &issuer{clk: clk, ttl: 2 * time.Minute} // shorter than the window
	cache := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.now, RefreshBefore: 5 * time.Minute})
	_, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	for range 50 {
		_, err := cache.Retrieve(context.Background())
		require.NoError(t, err)
	}
	time.Sleep(20 * time.Millisecond) // let a background refresh finish
	n := src.calls.Load()
	assert.LessOrEqual(t, n, int32(2), "not one refresh per call")
	time.Sleep(1100 * time.Millisecond) // the spacing is wall-clock time
	_, err = cache.Retrieve(context.Background())
	require.NoError(t, err)
	require.Eventually(t, func() bool { return src.calls.Load() > n }, time.Second, 5*time.Millisecond,
		"asked again once the spacing has passed")
}
