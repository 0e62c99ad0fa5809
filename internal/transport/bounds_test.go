package transport

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// A call is bounded by CallTimeout even when the caller's context has no
// deadline and each attempt may take an hour.
func TestCallTimeoutBoundsACall(t *testing.T) {
	var got atomic.Int64
	ts := hungServer(t, &got)
	cfg := fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{})
	cfg.AttemptTimeout = time.Hour
	cfg.CallTimeout = 200 * time.Millisecond
	start := time.Now()
	hangGuard(t, func() {
		_, err := New(cfg).Do(bg, get(ts.URL+"/v1/users"))
		requireIAMError(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "the call took longer than its time limit (200ms)")
	})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, int64(1), got.Load(), "no attempt is started past the limit")
}

// The default call limit is MaxAttempts × (AttemptTimeout + MaxBackoff).
func TestDefaultCallTimeout(t *testing.T) {
	c := New(Config{Sign: (&testSigner{}).sign})
	assert.Equal(t, 4*(60*time.Second+5*time.Second), c.callTimeout)
	c = New(Config{Sign: (&testSigner{}).sign, MaxAttempts: 2, AttemptTimeout: time.Second, MaxBackoff: time.Second})
	assert.Equal(t, 4*time.Second, c.callTimeout)
	c = New(Config{Sign: (&testSigner{}).sign, CallTimeout: time.Minute})
	assert.Equal(t, time.Minute, c.callTimeout)
}

// A retry whose wait would outlast the call's limit is not made.
func TestNoRetryPastTheCallTimeout(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503), status(200))
	cfg := fastConfig(hc, &testSigner{})
	cfg.MinBackoff, cfg.MaxBackoff = time.Second, time.Second
	cfg.CallTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err := New(cfg).Do(bg, get(testURL))
	e := requireIAMError(t, err, iam.ErrUnavailable)
	assert.Equal(t, 503, e.StatusCode)
	assert.Equal(t, 1, srv.count())
	assert.Less(t, time.Since(start), time.Second, "no wait was started")
}

// drip writes the start of a list, then one byte every interval, forever.
func drip(t *testing.T, interval time.Duration) *httptest.Server {
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"users":[1`)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-release:
				return
			case <-r.Context().Done():
				return
			case <-tick.C:
				_, _ = io.WriteString(w, "1")
				w.(http.Flusher).Flush()
			}
		}
	}))
	t.Cleanup(func() { close(release); ts.Close() })
	return ts
}

// A stream that never stalls but never ends is bounded by the call's time
// limit, with the default client or a caller's without a Timeout.
func TestStreamIsBoundedByTheCallTimeout(t *testing.T) {
	ts := drip(t, 10*time.Millisecond)
	for _, hc := range []*http.Client{nil, {Transport: &http.Transport{}}} {
		cfg := fastConfig(hc, &testSigner{})
		cfg.CallTimeout = 300 * time.Millisecond
		var n int
		hangGuard(t, func() {
			err := New(cfg).Each(bg, get(ts.URL), "users", decodeInts(new([]int)))
			e := requireIAMError(t, err, iam.ErrInvalidResponse)
			assert.Contains(t, e.Message, "took longer than the call's time limit (300ms)")
			n++
		})
		assert.Equal(t, 1, n)
	}
}

// A stalled stream fails after the idle bound with a caller's client
// without a Timeout too.
func TestStreamStallWithACallersClient(t *testing.T) {
	old := streamIdleTimeout
	streamIdleTimeout = 50 * time.Millisecond
	defer func() { streamIdleTimeout = old }()
	release := make(chan struct{})
	defer close(release)
	ts := streamServer(t, func(http.ResponseWriter) { <-release })
	c := New(fastConfig(&http.Client{Transport: &http.Transport{}}, &testSigner{}))
	resp, err := c.Do(bg, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	hangGuard(t, func() { _, err = io.ReadAll(resp.Stream) })
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Contains(t, e.Message, "stalled")
}

// A stream body beyond its total limit fails, and is not asked for again.
func TestStreamTotalLimit(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.WriteString(w, `{"users":[`+strings.Repeat("1,", 5000)+`1]}`)
	}))
	defer ts.Close()
	c := New(fastConfig(nil, &testSigner{}))
	c.streamMax = 1000
	var got []int
	err := c.Each(bg, get(ts.URL), "users", decodeInts(&got))
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Contains(t, e.Message, "larger than 1000 bytes")
	assert.Equal(t, int64(1), calls.Load())
	assert.NotEmpty(t, got)
}

// An endless list element is refused after about 1 MiB, not read into
// memory without end; it is not asked for again.
func TestEachEndlessElement(t *testing.T) {
	var calls, written atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.WriteString(w, `{"users":[{"name":"`)
		chunk := []byte(strings.Repeat("a", 32<<10))
		for r.Context().Err() == nil {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer ts.Close()
	c := New(fastConfig(nil, &testSigner{}))
	hangGuard(t, func() {
		err := c.Each(bg, get(ts.URL), "users", func(dec *json.Decoder) (bool, error) {
			var u struct{ Name string }
			return true, dec.Decode(&u)
		})
		e := requireIAMError(t, err, iam.ErrInvalidResponse)
		assert.Contains(t, e.Message, "larger than 1 MiB")
	})
	assert.Equal(t, int64(1), calls.Load())
	ts.CloseClientConnections()
	// What the server managed to write: the 1 MiB read, the 64 KiB drained
	// on Close, and what the sockets' buffers held.
	assert.Less(t, written.Load(), int64(32<<20))
}

// Each counts every attempt of every request against one budget: a list
// whose body breaks, behind 503s, is not tried MaxAttempts² times.
func TestEachSharesOneAttemptBudget(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1)%3 != 0 {
			w.WriteHeader(503)
			return
		}
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"users":[`) // cut off
	}))
	defer ts.Close()
	cfg := fastConfig(nil, &testSigner{})
	cfg.MaxAttempts = 4
	err := New(cfg).Each(bg, get(ts.URL), "users", decodeInts(new([]int)))
	requireIAMError(t, err, iam.ErrUnavailable)
	assert.Equal(t, int64(4), calls.Load(), "503, 503, cut off, 503: the budget is spent")

	// Within the budget, a broken body is asked for again and the list
	// completes.
	calls.Store(0)
	ts2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(503)
		case 2:
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, `{"users":[`)
		default:
			_, _ = io.WriteString(w, `{"users":[1,2]}`)
		}
	}))
	defer ts2.Close()
	var got []int
	require.NoError(t, New(cfg).Each(bg, get(ts2.URL), "users", decodeInts(&got)))
	assert.Equal(t, []int{1, 2}, got)
	assert.Equal(t, int64(3), calls.Load())
}

// A redirect answering a list is ErrInvalidResponse, never an empty list.
func TestEachRefusesARedirect(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/elsewhere")
		w.WriteHeader(http.StatusTemporaryRedirect)
		_, _ = io.WriteString(w, `{"users":[]}`)
	}))
	defer ts.Close()
	err := New(fastConfig(nil, &testSigner{})).Each(bg, get(ts.URL), "users", decodeInts(new([]int)))
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Equal(t, 307, e.StatusCode)
}
