package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/conntest"
)

// goroutinesCreated reads the runtime's count of goroutines ever created,
// or -1 when the runtime lacks the metric.
func goroutinesCreated() int64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return -1
	}
	return int64(s[0].Value.Uint64())
}

// Calls start no goroutine of their own: 50 calls with the default client
// start no more goroutines than 50 plain GETs on the same server (whose
// own goroutines both counts include).
func TestCallsStartNoGoroutine(t *testing.T) {
	if goroutinesCreated() < 0 {
		t.Skip("the runtime lacks the /sched/goroutines-created metric")
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"user":{"name":"x"}}`)
	}))
	defer ts.Close()
	plain := &http.Client{Transport: &http.Transport{}}
	defer plain.CloseIdleConnections()
	c := New(Config{Provider: "test", Sign: (&testSigner{}).sign})

	bare := func() error {
		resp, err := plain.Get(ts.URL + "/v1/users")
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	read := func() error { _, err := c.Do(bg, get(ts.URL+"/v1/users")); return err }
	write := func() error { _, err := c.Do(bg, create(ts.URL+"/v1/users", `{"name":"x"}`)); return err }

	// started counts the goroutines 50 calls start, after one call that
	// opens the connection; the least of three runs, as other work of the
	// process (the garbage collector, the test runner) may start some.
	started := func(call func() error) int64 {
		least := int64(-1)
		for range 3 {
			require.NoError(t, call())
			g := goroutinesCreated()
			for range 50 {
				require.NoError(t, call())
			}
			if n := goroutinesCreated() - g; least < 0 || n < least {
				least = n
			}
		}
		return least
	}
	baseline := started(bare)
	assert.LessOrEqual(t, started(read), baseline, "GetUser-like calls")
	assert.LessOrEqual(t, started(write), baseline, "CreateUser-like calls")
}

// hungServer answers nothing until the request's context ends.
func hungServer(t *testing.T, got *atomic.Int64) *httptest.Server {
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); ts.Close() })
	return ts
}

// An attempt that outlasts AttemptTimeout fails like a lost connection: a
// read is retried, a create that was written is not, and says its outcome
// is unknown. The caller's context is not involved.
func TestAttemptTimeout(t *testing.T) {
	var got atomic.Int64
	ts := hungServer(t, &got)
	cfg := fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{})
	cfg.AttemptTimeout = 200 * time.Millisecond
	c := New(cfg)
	hangGuard(t, func() {
		_, err := c.Do(bg, get(ts.URL+"/v1/users"))
		requireIAMError(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown)
		// (The last attempt may end by the call's limit, 3 × 200 ms.)
		assert.Contains(t, err.Error(), "took longer than its time limit (")
	})
	// (A request written just before its attempt ended may reach the
	// handler a little later.)
	assert.Eventually(t, func() bool { return got.Load() == int64(cfg.MaxAttempts) }, 5*time.Second, time.Millisecond,
		"a read is retried: %d attempts", got.Load())

	got.Store(0)
	hangGuard(t, func() {
		_, err := c.Do(bg, create(ts.URL+"/v1/users", `{"name":"x"}`))
		requireIAMError(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, iam.ErrOutcomeUnknown, "the request was written")
	})
	assert.Eventually(t, func() bool { return got.Load() >= 1 }, 5*time.Second, time.Millisecond)
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, int64(1), got.Load(), "a create that reached the server is not repeated")
}

// The attempt's time limit covers the body of an answer read whole.
func TestAttemptTimeoutCoversTheBody(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ts := streamServer(t, func(http.ResponseWriter) { <-release })
	cfg := fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{})
	cfg.AttemptTimeout = 50 * time.Millisecond
	cfg.MaxAttempts = 1
	hangGuard(t, func() {
		_, err := New(cfg).Do(bg, get(ts.URL))
		e := requireIAMError(t, err, iam.ErrInvalidResponse)
		assert.Contains(t, e.Message, "cut off")
	})
}

// A Stream's body is read past the attempt's time limit, which ends with
// its headers.
func TestAttemptTimeoutEndsWithAStreamsHeaders(t *testing.T) {
	ts := streamServer(t, func(w http.ResponseWriter) {
		time.Sleep(150 * time.Millisecond)
		_, _ = io.WriteString(w, `1,2,3]}`+string(make([]byte, 1000-len(`{"users":[1,2,3]}`))))
	})
	cfg := fastConfig(nil, &testSigner{})
	cfg.AttemptTimeout = 50 * time.Millisecond
	cfg.CallTimeout = time.Minute
	resp, err := New(cfg).Do(bg, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	b, err := io.ReadAll(resp.Stream)
	require.NoError(t, err)
	assert.Len(t, b, 1000)
}

// A call whose last attempt fails on the network keeps the pool: the
// connection to another server stays idle and is reused
// (go-retryablehttp closes idle connections when its Do fails).
func TestNetworkFailureKeepsIdleConnections(t *testing.T) {
	ok := conntest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{}`)
	}))
	reset := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	defer reset.Close()
	c := New(fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{}))
	_, err := c.Do(bg, get(ok.URL))
	require.NoError(t, err)
	_, err = c.Do(bg, get(reset.URL))
	requireIAMError(t, err, iam.ErrUnavailable)
	_, err = c.Do(bg, get(ok.URL))
	require.NoError(t, err)
	assert.Equal(t, int64(1), ok.Conns.Load(), "the failed call must not close the pool")
}

// A signing failure before a retry ends the call with that failure; the
// retry is not sent.
func TestSignFailureOnARetry(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503), status(200))
	cfg := fastConfig(hc, &testSigner{})
	n := 0
	cfg.Sign = func(*http.Request, []byte) error {
		if n++; n > 1 {
			return &iam.Error{Kind: iam.ErrUnauthenticated, Message: "the credentials expired"}
		}
		return nil
	}
	_, err := New(cfg).Do(bg, get(testURL))
	e := requireIAMError(t, err, iam.ErrUnauthenticated)
	assert.Equal(t, "test", e.Provider)
	assert.Equal(t, "GetUser", e.Op)
	assert.Equal(t, 1, srv.count())
}

// Credentials a signer adds to the query (RPC signing) never reach error
// text, whichever attempt they were signed for.
func TestSignedQueryIsScrubbed(t *testing.T) {
	hc, mt := mockClient()
	var sent []string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		sent = append(sent, r.URL.String())
		return nil, &urlLikeError{r.URL.String()}
	})
	cfg := fastConfig(hc, &testSigner{})
	n := 0
	cfg.Sign = func(r *http.Request, _ []byte) error {
		n++
		r.URL.RawQuery += "&Signature=SIGNED" + itoa(int64(n)) + "SECRET&SignatureNonce=NONCE" + itoa(int64(n))
		return nil
	}
	_, err := New(cfg).Do(bg, get(testURL+"?Action=GetUser"))
	require.Error(t, err)
	require.Len(t, sent, 3)
	assert.Contains(t, sent[2], "Action=GetUser&Signature=SIGNED3SECRET", "each retry signs the query as it was before signing")
	for _, s := range []string{"SIGNED1SECRET", "SIGNED2SECRET", "SIGNED3SECRET", "NONCE3"} {
		assert.NotContains(t, err.Error(), s)
		assert.NotContains(t, errors.Unwrap(err).Error(), s)
	}
}

// Bodies are read by their declared length; an answer without a body (to
// a HEAD) is empty whatever its Content-Length says.
func TestBodiesByContentLength(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "11")
		_, _ = io.WriteString(w, `{"id":"u1"}`)
	}))
	defer ts.Close()
	c := New(fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{}))
	resp, err := c.Do(bg, get(ts.URL))
	require.NoError(t, err)
	assert.Equal(t, `{"id":"u1"}`, string(resp.Body))
	assert.Equal(t, 11, cap(resp.Body), "one buffer of the declared size")

	resp, err = c.Do(bg, &Request{Op: "HeadUser", Method: http.MethodHead, URL: ts.URL, Idempotent: true})
	require.NoError(t, err)
	assert.Empty(t, resp.Body)
}
