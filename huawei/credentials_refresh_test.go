package huawei

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Instance credentials that expire every few seconds, refreshed under 64
// goroutines: every call succeeds, the metadata service is asked a few
// times (not once per goroutine), and the calls move to the new keys.
func TestRefreshUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	s := newCredServer(t)
	m := huaweitest.NewMetadataServer(s.Emulator, huaweitest.WithInstanceCredentialTTL(3*time.Second))
	defer m.Close()
	o := testOptions(t, nil)
	o.MetadataEndpoint = m.URL
	o.RefreshBefore = time.Second // below half the lifetime: the service has new keys by then
	c := credClient(t, s, MetadataCredentials(o), func(c *Config) { c.DomainID = s.DomainID() })
	deadline := time.Now().Add(4 * time.Second)
	var wg sync.WaitGroup
	var calls, failures atomic.Int64
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				calls.Add(1)
				if err := showNobody(t, c); !assert.ErrorIs(t, err, iam.ErrNotFound) {
					failures.Add(1)
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Zero(t, failures.Load())
	aks := map[string]bool{}
	for _, r := range s.requests() {
		aks[r.AK] = true
	}
	assert.GreaterOrEqual(t, len(aks), 2, "the calls moved to refreshed keys (%d calls)", calls.Load())
	keys := m.Requests().SecurityKey
	assert.GreaterOrEqual(t, keys, 2)
	assert.Less(t, keys, 64, "one refresh at a time, not one per goroutine")
	assert.Equal(t, 1, m.Requests().Token, "the metadata token is reused")
}

// While a refresh fails, the credentials that still work are served; once
// they expire the calls fail with the source's error; once the source
// recovers, they work again.
func TestFailedRefreshKeepsValidCredentials(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	s := newCredServer(t)
	m := huaweitest.NewMetadataServer(s.Emulator, huaweitest.WithInstanceCredentialTTL(3*time.Second))
	defer m.Close()
	var fail atomic.Bool
	var failed atomic.Int32
	front := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			failed.Add(1)
			http.Error(w, "metadata service down", http.StatusInternalServerError)
			return
		}
		m.ServeHTTP(w, r)
	})
	o := testOptions(t, nil)
	o.MetadataEndpoint = front
	o.RefreshBefore = 2 * time.Second
	c := credClient(t, s, MetadataCredentials(o), func(c *Config) { c.DomainID = s.DomainID() })
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	first := m.Credentials()

	fail.Store(true)
	time.Sleep(1100 * time.Millisecond) // inside the refresh window
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound, "served while the refresh fails")
	waitCred(t, "a failed refresh", func() bool { return failed.Load() > 0 })
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound, "and again")
	reqs := s.requests()
	assert.Equal(t, first.AccessKeyID, reqs[len(reqs)-1].AK)

	time.Sleep(time.Until(first.ExpiresAt) + 50*time.Millisecond)
	err := showNobody(t, c)
	require.Error(t, err)
	assert.ErrorIs(t, err, iam.ErrUnavailable, "the metadata service's 500")
	assert.NotErrorIs(t, err, iam.ErrNotFound)

	fail.Store(false)
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	reqs = s.requests()
	assert.NotEqual(t, first.AccessKeyID, reqs[len(reqs)-1].AK)
}

// A refresh that races a retry: the retry is signed with the new keys.
func TestRetrySignsWithRefreshedCredentials(t *testing.T) {
	// 1. A 503 answered while the keys rotate and the cache is dropped.
	s := newCredServer(t)
	m := huaweitest.NewMetadataServer(s.Emulator)
	defer m.Close()
	o := testOptions(t, nil)
	o.MetadataEndpoint = m.URL
	p := MetadataCredentials(o)
	c := credClient(t, s, p, func(c *Config) { c.DomainID = s.DomainID() })
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	old := m.Credentials().AccessKeyID
	var once sync.Once
	s.setFront(func(w http.ResponseWriter, r *http.Request) bool {
		answered := false
		once.Do(func() {
			m.Rotate()
			p.Expire()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error_code":"IAM.0006","error_msg":"busy"}`))
			answered = true
		})
		return answered
	})
	n := len(s.requests())
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	reqs := s.requests()[n:]
	require.Len(t, reqs, 2)
	assert.Equal(t, old, reqs[0].AK)
	assert.NotEqual(t, old, reqs[1].AK, "the retry signs with the refreshed keys")
	assert.Equal(t, m.Credentials().AccessKeyID, reqs[1].AK)

	// 2. IAM says the security token has expired (its clock is ahead of
	// ours): the cache is dropped once and the request signed again.
	var skew atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	s2 := newCredServer(t, huaweitest.WithClock(clock))
	m2 := huaweitest.NewMetadataServer(s2.Emulator, huaweitest.WithInstanceCredentialTTL(10*time.Minute))
	defer m2.Close()
	o2 := testOptions(t, nil)
	o2.MetadataEndpoint = m2.URL
	o2.RefreshBefore = time.Second
	c2 := credClient(t, s2, MetadataCredentials(o2), func(c *Config) { c.DomainID = s2.DomainID() })
	require.ErrorIs(t, showNobody(t, c2), iam.ErrNotFound)
	old = m2.Credentials().AccessKeyID
	skew.Store(int64(11 * time.Minute)) // within the 15 minutes a signature may be off
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); assert.ErrorIs(t, showNobody(t, c2), iam.ErrNotFound) }()
	}
	wg.Wait()
	var expired, renewed int
	for _, r := range s2.requests() {
		switch r.AK {
		case old:
			expired++
		case m2.Credentials().AccessKeyID:
			renewed++
		}
	}
	assert.GreaterOrEqual(t, expired, 2, "the first call, then at least one refused (IAM.1108)")
	assert.LessOrEqual(t, expired, 9, "each refused at most once")
	assert.Equal(t, 8, renewed, "every call then signed with the new keys")
	assert.Equal(t, 2, m2.Requests().SecurityKey, "one refresh for the eight refused calls")
}

// Secrets, tokens and signatures never reach logs, errors or %v.
func TestCredentialsKeepSecrets(t *testing.T) {
	var logs syncBuf
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newCredServer(t)
	s.AddAgency("ops")
	m := huaweitest.NewMetadataServer(s.Emulator)
	defer m.Close()
	ak, sk := s.Credentials()
	o := testOptions(t, newEnv(map[string]string{EnvSessionToken: "env-session-token-secret"}))
	o.MetadataEndpoint = m.URL
	o.IAMEndpoint = s.URL
	o.Logger = logger
	writeCredFile(t, o.HomeDir, ".huaweicloud/credentials", "[global]\nak = "+ak+"\nsk = "+sk+"\n", 0o644)
	chain := DefaultCredentials(o)
	agency, err := AgencyCredentials(chain, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: s.DomainID()}, o)
	require.NoError(t, err)
	c := credClient(t, s, agency, func(c *Config) { c.Logger = logger })
	require.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	creds, err := agency.Retrieve(context.Background())
	require.NoError(t, err)
	mc, err := MetadataCredentials(o).Retrieve(context.Background())
	require.NoError(t, err)

	var all bytes.Buffer
	all.WriteString(logs.String())
	for _, v := range []any{creds, mc, chain, agency, c, Config{Credentials: agency}} {
		fmt.Fprintf(&all, "%v %+v %#v %s\n", v, v, v, v)
	}
	// A failing chain's error.
	_, err = DefaultCredentials(testOptions(t, newEnv(map[string]string{EnvAccessKeyID: "AK", EnvSessionToken: "env-session-token-secret"}))).Retrieve(context.Background())
	require.Error(t, err)
	all.WriteString(err.Error())
	text := all.String()
	require.Contains(t, text, "readable by its group or others", "the warning is logged")
	require.Contains(t, text, "cloudiam credentials refreshed")
	for _, secret := range []string{sk, creds.SecretAccessKey.Reveal(), creds.SessionToken.Reveal(), mc.SecretAccessKey.Reveal(),
		mc.SessionToken.Reveal(), "env-session-token-secret", "Signature="} {
		assert.NotContains(t, text, secret)
	}
	assert.False(t, strings.Contains(text, "X-Metadata-Token:"), "no metadata token either")
}
