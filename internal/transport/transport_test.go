package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Every attempt is signed afresh: the server sees a new date and nonce each
// time, and the signer always gets the exact body.
func TestEveryAttemptIsReSigned(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503), status(503), status(200))
	s := &testSigner{}
	c := New(fastConfig(hc, s))
	req := &Request{Op: "UpdateUser", Method: http.MethodPut, URL: testURL, Body: []byte(`{"a":1}`), Idempotent: true}
	_, err := c.Do(bg, req)
	require.NoError(t, err)

	recs := s.records()
	require.Len(t, recs, 3)
	seen := map[string]bool{}
	for i, r := range srv.requests() {
		nonce := r.Header.Get("X-Nonce")
		assert.False(t, seen[nonce], "attempt %d reused a nonce", i)
		seen[nonce] = true
		assert.Equal(t, recs[i].nonce, nonce)
		assert.Equal(t, `{"a":1}`, string(srv.bodies[i]), "attempt %d body", i)
		assert.Equal(t, `{"a":1}`, string(recs[i].body))
	}
	assert.NotEqual(t, recs[0].date, recs[1].date)
}

func TestUserAgentIsSetBeforeSigning(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(200))
	s := &testSigner{}
	cfg := fastConfig(hc, s)
	cfg.UserAgent = "myapp/1.2"
	c := New(cfg)
	_, err := c.Do(bg, get(testURL))
	require.NoError(t, err)
	ua := s.records()[0].userAgent
	assert.True(t, strings.HasPrefix(ua, "cloudiam-go/"+iam.Version+" ("), ua)
	assert.True(t, strings.HasSuffix(ua, " myapp/1.2"), ua)
	assert.Equal(t, ua, c.UserAgent())
}

func TestThrottlingIsRetried(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter []string
		wantWait   time.Duration
	}{
		{"without Retry-After", nil, 0},
		{"with Retry-After seconds", []string{"Retry-After", "2"}, 2 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, mt := mockClient()
			srv := serve(mt, status(429, tc.retryAfter...), status(200))
			cfg := fastConfig(hc, &testSigner{})
			cfg.MaxBackoff = time.Minute // so a Retry-After of 2 s is honoured
			c := New(cfg)
			w := &waits{}
			c.observeWait = w.observe
			// Even a create: a 429 proves the server did not act.
			_, err := c.Do(bg, create(testURL, `{}`))
			require.NoError(t, err)
			assert.Equal(t, 2, srv.count())
			require.Len(t, w.all(), 1)
			if tc.wantWait > 0 {
				assert.Equal(t, tc.wantWait, w.all()[0], "the wait honours Retry-After")
			} else {
				assert.LessOrEqual(t, w.all()[0], time.Minute)
			}
		})
	}
}

func TestRetryAfterBeyondMaxBackoffStops(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(429, "Retry-After", "3600"), status(200))
	c := New(fastConfig(hc, &testSigner{}))
	_, err := c.Do(bg, get(testURL))
	requireIAMError(t, err, iam.ErrThrottled)
	assert.Equal(t, 1, srv.count(), "waiting an hour is the caller's choice, not ours")
}

func TestServerErrorsRetriedOnlyWhenIdempotent(t *testing.T) {
	for _, code := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			hc, mt := mockClient()
			srv := serve(mt, status(code), status(200))
			c := New(fastConfig(hc, &testSigner{}))
			_, err := c.Do(bg, get(testURL))
			require.NoError(t, err)
			assert.Equal(t, 2, srv.count(), "a read is retried")

			hc, mt = mockClient()
			srv = serve(mt, status(code), status(200))
			c = New(fastConfig(hc, &testSigner{}))
			_, err = c.Do(bg, create(testURL, `{}`))
			e := requireIAMError(t, err, iam.ErrUnavailable)
			assert.Equal(t, 1, srv.count(), "a create is not repeated after the server may have acted")
			assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
			assert.Equal(t, code, e.StatusCode)
		})
	}
}

func TestNotImplementedIsNotRetried(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(501))
	c := New(fastConfig(hc, &testSigner{}))
	_, err := c.Do(bg, get(testURL))
	requireIAMError(t, err, iam.ErrUnavailable)
	assert.Equal(t, 1, srv.count())
}

func TestCreateRetriedWhenTheRequestNeverLeft(t *testing.T) {
	hc, mt := mockClient()
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	srv := serve(mt, fail(dialErr), status(200))
	c := New(fastConfig(hc, &testSigner{}))
	_, err := c.Do(bg, create(testURL, `{}`))
	require.NoError(t, err)
	assert.Equal(t, 2, srv.count())
}

func TestClassifyNotActedAllowsCreateRetry(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(400), status(200))
	cfg := fastConfig(hc, &testSigner{})
	cfg.Classify = func(*http.Response, []byte) Decision {
		return Decision{Err: &iam.Error{Code: "SignatureNonceUsed", Kind: iam.ErrUnauthenticated}, Retry: true, NotActed: true}
	}
	_, err := New(cfg).Do(bg, create(testURL, `{}`))
	require.NoError(t, err)
	assert.Equal(t, 2, srv.count())

	// Without NotActed the same create is not repeated.
	hc, mt = mockClient()
	srv = serve(mt, status(400), status(200))
	cfg = fastConfig(hc, &testSigner{})
	cfg.Classify = func(*http.Response, []byte) Decision {
		return Decision{Err: &iam.Error{Code: "InternalFlake", Kind: iam.ErrUnavailable}, Retry: true}
	}
	_, err = New(cfg).Do(bg, create(testURL, `{}`))
	require.Error(t, err)
	assert.Equal(t, 1, srv.count())
}

func TestClassifiedErrorKeepsProviderFields(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(404, "X-Trace-Id", "trace-1"))
	cfg := fastConfig(hc, &testSigner{})
	cfg.Classify = func(*http.Response, []byte) Decision {
		return Decision{Err: &iam.Error{Code: "NoSuchUser", Message: "no such user", Kind: iam.ErrNotFound}}
	}
	_, err := New(cfg).Do(bg, get(testURL))
	e := requireIAMError(t, err, iam.ErrNotFound)
	assert.Equal(t, "test", e.Provider)
	assert.Equal(t, "GetUser", e.Op)
	assert.Equal(t, 404, e.StatusCode)
	assert.Equal(t, "trace-1", e.RequestID)
	assert.Equal(t, "NoSuchUser", e.Code)
}

func TestAttemptsAreBounded(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503))
	cfg := fastConfig(hc, &testSigner{})
	cfg.MaxAttempts = 3
	_, err := New(cfg).Do(bg, get(testURL))
	requireIAMError(t, err, iam.ErrUnavailable)
	assert.Equal(t, 3, srv.count())

	hc, mt = mockClient()
	srv = serve(mt, status(503))
	cfg = fastConfig(hc, &testSigner{})
	cfg.MaxAttempts = 1
	_, err = New(cfg).Do(bg, get(testURL))
	require.Error(t, err)
	assert.Equal(t, 1, srv.count(), "MaxAttempts 1 disables retries")
}

func TestBackoffIsBoundedAndGrows(t *testing.T) {
	const min, max = 100 * time.Millisecond, 2 * time.Second
	top := func(n int64) int64 { return n - 1 } // the largest jitter
	low := func(int64) int64 { return 0 }       // the smallest
	prev := time.Duration(0)
	for retry := 0; retry < 70; retry++ {
		hi := backoffDelay(min, max, retry, top)
		lo := backoffDelay(min, max, retry, low)
		assert.GreaterOrEqual(t, lo, min, "retry %d", retry)
		assert.LessOrEqual(t, hi, max, "retry %d", retry)
		assert.LessOrEqual(t, lo, hi)
		assert.GreaterOrEqual(t, hi, prev, "the ceiling never shrinks")
		prev = hi
	}
	assert.Equal(t, max, backoffDelay(min, max, 69, top), "capped at MaxBackoff")
	assert.Less(t, backoffDelay(min, max, 0, top), backoffDelay(min, max, 3, top), "exponential growth")

	// The waits a client decides stay within its bounds.
	hc, mt := mockClient()
	serve(mt, status(503))
	cfg := fastConfig(hc, &testSigner{})
	cfg.MaxAttempts, cfg.MinBackoff, cfg.MaxBackoff = 6, min, max
	c := New(cfg)
	w := &waits{}
	c.observeWait = w.observe
	_, _ = c.Do(bg, get(testURL))
	require.Len(t, w.all(), 5)
	for _, d := range w.all() {
		assert.GreaterOrEqual(t, d, min)
		assert.LessOrEqual(t, d, max)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0":                             0,
		"7":                             7 * time.Second,
		"Sun, 22 Nov 2026 10:00:30 GMT": 30 * time.Second,
		"Sun, 22 Nov 2026 09:00:00 GMT": 0, // in the past
	} {
		got, ok := parseRetryAfter(v, now)
		assert.True(t, ok, v)
		assert.Equal(t, want, got, v)
	}
	for _, v := range []string{"", "soon", "-3", "1.5"} {
		_, ok := parseRetryAfter(v, now)
		assert.False(t, ok, v)
	}
}

// hangGuard fails the test if fn does not return within a generous bound:
// a guard against hangs, not a timing assertion.
func hangGuard(t *testing.T, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the call hung")
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503))
	cfg := fastConfig(hc, &testSigner{})
	cfg.MinBackoff, cfg.MaxBackoff = time.Hour, time.Hour // the wait is long
	c := New(cfg)
	ctx, cancel := context.WithCancel(bg)
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		resp, err := srv.respond(r)
		cancel() // cancelled right after the first answer, before the backoff
		return resp, err
	})
	hangGuard(t, func() {
		_, err := c.Do(ctx, get(testURL))
		requireIAMError(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, context.Canceled)
	})
	assert.Equal(t, 1, srv.count())
}

func TestContextDeadlineDuringAHungRequest(t *testing.T) {
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answers on its own
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(release)
	c := New(fastConfig(&http.Client{}, &testSigner{}))
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	hangGuard(t, func() {
		_, err := c.Do(ctx, get(ts.URL+"/v1/users"))
		requireIAMError(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestAlreadyCancelledContextSendsNothing(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(200))
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err := New(fastConfig(hc, &testSigner{})).Do(ctx, get(testURL))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, srv.count())
}

// Neither errors nor log lines hold the query (signatures and tokens live
// there in RPC), the Authorization value or a token header.
func TestSecretsAreRedacted(t *testing.T) {
	leaks := []string{secretSig, secretTok, secretAuth}
	check := func(t *testing.T, what, text string) {
		t.Helper()
		for _, s := range leaks {
			assert.NotContains(t, text, s, "%s leaks %s", what, s)
		}
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"status errors", []step{status(503), status(500)}},
		{"network errors quoting the URL", []step{fail(&urlLikeError{testURL + secretQuery})}},
		{"success", []step{status(200)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, mt := mockClient()
			serve(mt, tc.steps...)
			buf := &syncBuffer{}
			cfg := fastConfig(hc, &testSigner{})
			cfg.Logger = debugLogger(buf)
			_, err := New(cfg).Do(bg, get(testURL+secretQuery))
			if err != nil {
				check(t, "error", err.Error())
				check(t, "error %+v", fmt.Sprintf("%+v", err))
			}
			require.NotEmpty(t, buf.String(), "debug logging is on")
			check(t, "log", buf.String())
			assert.Contains(t, buf.String(), "iam.example.com/v1/users", "the log still says where the call went")
		})
	}
}

// urlLikeError is a transport error whose text is a whole URL, as net/http's are.
type urlLikeError struct{ u string }

func (e *urlLikeError) Error() string { return "Get \"" + e.u + "\": connection reset by peer" }

func TestNoLoggingByDefault(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(503), status(200))
	c := New(fastConfig(hc, &testSigner{}))
	assert.Nil(t, c.cfg.Logger)
	_, err := c.Do(bg, get(testURL))
	require.NoError(t, err)
}

// A nil *slog.Logger in the Logger interface is no logger, not a panic.
func TestNilSlogLoggerLogsNothing(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(503), status(200))
	cfg := fastConfig(hc, &testSigner{})
	var l *slog.Logger
	cfg.Logger = l
	c := New(cfg)
	assert.Nil(t, c.cfg.Logger)
	_, err := c.Do(bg, get(testURL))
	require.NoError(t, err)
}

func TestRequestIDIsCaptured(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(200, "X-Trace-Id", "t-2", "X-Request-Id", "r-1"))
	resp, err := New(fastConfig(hc, &testSigner{})).Do(bg, get(testURL))
	require.NoError(t, err)
	assert.Equal(t, "r-1", resp.RequestID, "the first configured header wins")

	hc, mt = mockClient()
	serve(mt, status(409, "X-Trace-Id", "t-3"))
	_, err = New(fastConfig(hc, &testSigner{})).Do(bg, get(testURL))
	e := requireIAMError(t, err, iam.ErrAlreadyExists)
	assert.Equal(t, "t-3", e.RequestID)
	assert.Contains(t, e.Error(), "RequestID: t-3")
}

func TestDefaultClient(t *testing.T) {
	hc := defaultHTTPClient()
	// No Timeout: behind it net/http starts two goroutines per request. Each
	// attempt is bounded by a context deadline instead.
	assert.Zero(t, hc.Timeout)
	assert.Equal(t, 60*time.Second, New(Config{Sign: (&testSigner{}).sign}).timeoutErr.d)
	assert.Equal(t, 5*time.Second, New(Config{Sign: (&testSigner{}).sign, AttemptTimeout: 5 * time.Second}).timeoutErr.d)
	tr, ok := hc.Transport.(*http.Transport)
	require.True(t, ok)
	require.NotNil(t, tr.Proxy)
	assert.Equal(t, reflect.ValueOf(http.ProxyFromEnvironment).Pointer(), reflect.ValueOf(tr.Proxy).Pointer(),
		"HTTP(S)_PROXY and NO_PROXY are honoured")
	assert.Equal(t, tlsHandshakeTimeout, tr.TLSHandshakeTimeout)
	assert.Equal(t, responseHeaderTimeout, tr.ResponseHeaderTimeout)
	assert.NotNil(t, tr.DialContext)
	assert.Same(t, tr, defaultHTTPClient().Transport, "clients share one connection pool")
	assert.Same(t, hc.Transport, New(Config{Sign: (&testSigner{}).sign}).hc.Transport)
}

type countingRT struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingRT) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestCallersHTTPClientIsUsedAndNotMutated(t *testing.T) {
	_, mt := mockClient()
	serve(mt, status(200))
	rt := &countingRT{next: mt}
	hc := &http.Client{Transport: rt, Timeout: 7 * time.Second}
	before := *hc
	_, err := New(fastConfig(hc, &testSigner{})).Do(bg, get(testURL))
	require.NoError(t, err)
	assert.Equal(t, int64(1), rt.n.Load(), "the caller's transport carried the request")
	assert.Same(t, rt, hc.Transport.(*countingRT), "the caller's client is not modified")
	assert.Equal(t, before.Timeout, hc.Timeout)
	assert.Nil(t, hc.CheckRedirect)
}

// Keep-alive: sequential calls, error answers and retries share one connection.
func TestConnectionsAreReused(t *testing.T) {
	var calls, conns atomic.Int64
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1)%3 == 1 {
			w.WriteHeader(503) // every third call is retried once
			_, _ = io.WriteString(w, `{"code":"busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()
	c := New(fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{}))
	for i := 0; i < 20; i++ {
		_, err := c.Do(bg, get(ts.URL+"/v1/users"))
		require.NoError(t, err)
	}
	assert.Greater(t, calls.Load(), int64(20), "some calls were retried")
	assert.Equal(t, int64(1), conns.Load(), "one connection for every call and retry")
}

// A call that fails for good (retries exhausted) or is cancelled while
// waiting to retry keeps the pool: the next call, of this client or of
// another on the same transport, reuses the connection.
func TestFailedCallsKeepIdleConnections(t *testing.T) {
	var conns atomic.Int64
	var busy atomic.Bool
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if busy.Load() {
			w.WriteHeader(503)
			_, _ = io.WriteString(w, `{"code":"busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()
	hc := &http.Client{Transport: &http.Transport{}}
	c := New(fastConfig(hc, &testSigner{}))
	other := New(fastConfig(hc, &testSigner{}))

	_, err := c.Do(bg, get(ts.URL+"/v1/users"))
	require.NoError(t, err)
	busy.Store(true)
	_, err = c.Do(bg, get(ts.URL+"/v1/users"))
	requireIAMError(t, err, iam.ErrUnavailable)

	cfg := fastConfig(hc, &testSigner{})
	cfg.MinBackoff, cfg.MaxBackoff = time.Hour, time.Hour
	slow := New(cfg)
	ctx, cancel := context.WithCancel(bg)
	slow.observeWait = func(d time.Duration) time.Duration { cancel(); return d }
	_, err = slow.Do(ctx, get(ts.URL+"/v1/users"))
	require.ErrorIs(t, err, context.Canceled)

	busy.Store(false)
	_, err = other.Do(bg, get(ts.URL+"/v1/users"))
	require.NoError(t, err)
	assert.Equal(t, int64(1), conns.Load(), "failed and cancelled calls must not close the pool")
}

// A connection reset after the request was written: a read is retried, a
// create is not, and says its outcome is unknown.
func TestResetAfterTheRequestWasWritten(t *testing.T) {
	var got atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		got.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close() // no answer at all
		}
	}))
	defer ts.Close()
	cfg := fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{})
	c := New(cfg)
	_, err := c.Do(bg, create(ts.URL+"/v1/user", `{"name":"x"}`))
	requireIAMError(t, err, iam.ErrUnavailable)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Equal(t, int64(1), got.Load(), "the create reached the server once and was not repeated")

	got.Store(0)
	_, err = c.Do(bg, get(ts.URL+"/v1/user/x"))
	requireIAMError(t, err, iam.ErrUnavailable)
	assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Equal(t, int64(cfg.MaxAttempts), got.Load(), "a read is retried")
}

// A success whose body is cut off: typed error; a create says its outcome
// is unknown (the server answered, so it acted).
func TestBodyCutOff(t *testing.T) {
	var got atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"user":{"na`)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = buf.Flush()
			_ = conn.Close()
		}
	}))
	defer ts.Close()
	c := New(fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{}))
	_, err := c.Do(bg, create(ts.URL+"/v1/user", `{}`))
	requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Equal(t, int64(1), got.Load())

	got.Store(0)
	_, err = c.Do(bg, get(ts.URL+"/v1/user/x"))
	requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Equal(t, int64(3), got.Load(), "a read is retried")
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var other atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer target.Close()
	ts := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer ts.Close()
	_, _ = New(fastConfig(&http.Client{}, &testSigner{})).Do(bg, get(ts.URL+"/v1/users"))
	assert.Equal(t, int64(0), other.Load(), "signed credentials never follow a redirect")
}

func TestBadRequestsAreRefusedBeforeSending(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(200))
	c := New(fastConfig(hc, &testSigner{}))
	for _, req := range []*Request{nil, {Op: "X", URL: "ftp://h/x"}, {Op: "X", URL: "/relative"}, {Op: "X", Method: "BAD METHOD", URL: testURL}} {
		_, err := c.Do(bg, req)
		requireIAMError(t, err, iam.ErrInvalidArgument)
	}
	assert.Equal(t, 0, srv.count())
	assert.Panics(t, func() { New(Config{}) }, "a Config without Sign is a programming error")
}

func TestSignFailureIsNotRetried(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(200))
	cfg := fastConfig(hc, &testSigner{})
	cfg.Sign = func(*http.Request, []byte) error { return errors.New("no key") }
	_, err := New(cfg).Do(bg, get(testURL))
	require.Error(t, err)
	assert.Equal(t, 0, srv.count())
}
