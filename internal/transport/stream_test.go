package transport

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
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

func stream(url string) *Request {
	return &Request{Op: "ListUsers", Method: http.MethodGet, URL: url, Idempotent: true, Stream: true}
}

// A Stream call returns the body unread; reading it all and closing keeps
// the connection; error answers are classified (and retried) as usual.
func TestStreamReadsLazilyAndReusesTheConnection(t *testing.T) {
	var conns, calls atomic.Int64
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{"users":[1,2,3]}`)
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()
	c := New(fastConfig(nil, &testSigner{}))
	for range 3 {
		resp, err := c.Do(bg, stream(ts.URL))
		require.NoError(t, err)
		assert.Nil(t, resp.Body)
		b, err := io.ReadAll(resp.Stream)
		require.NoError(t, err)
		assert.Equal(t, `{"users":[1,2,3]}`, string(b))
		require.NoError(t, resp.Stream.Close())
	}
	assert.Equal(t, int64(4), calls.Load(), "the 503 was retried")
	assert.Equal(t, int64(1), conns.Load())
}

// streamServer sends the start of a body, then does what then says.
func streamServer(t *testing.T, then func(w http.ResponseWriter)) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = io.WriteString(w, `{"users":[`)
		w.(http.Flusher).Flush()
		then(w)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestStreamCutOffIsTyped(t *testing.T) {
	ts := streamServer(t, func(w http.ResponseWriter) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	})
	c := New(fastConfig(nil, &testSigner{}))
	resp, err := c.Do(bg, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	_, err = io.ReadAll(resp.Stream)
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Contains(t, e.Message, "cut off")
	assert.Equal(t, 200, e.StatusCode)
}

func TestStreamStallTimesOut(t *testing.T) {
	old := streamIdleTimeout
	streamIdleTimeout = 50 * time.Millisecond
	defer func() { streamIdleTimeout = old }()
	release := make(chan struct{})
	defer close(release)
	ts := streamServer(t, func(http.ResponseWriter) { <-release })
	c := New(fastConfig(nil, &testSigner{}))
	resp, err := c.Do(bg, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	hangGuard(t, func() {
		_, err = io.ReadAll(resp.Stream)
	})
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Contains(t, e.Message, "stalled")
}

func TestStreamContextCancelled(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ts := streamServer(t, func(http.ResponseWriter) { <-release })
	c := New(fastConfig(nil, &testSigner{}))
	ctx, cancel := context.WithCancel(bg)
	resp, err := c.Do(ctx, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	time.AfterFunc(20*time.Millisecond, cancel)
	hangGuard(t, func() {
		_, err = io.ReadAll(resp.Stream)
	})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	var ie *iam.Error
	require.ErrorAs(t, err, &ie)
}

// With a caller's client, its own timeout still applies to the body.
func TestStreamKeepsTheCallersTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ts := streamServer(t, func(http.ResponseWriter) { <-release })
	c := New(fastConfig(&http.Client{Timeout: 100 * time.Millisecond}, &testSigner{}))
	resp, err := c.Do(bg, stream(ts.URL))
	require.NoError(t, err)
	defer resp.Stream.Close()
	hangGuard(t, func() {
		_, err = io.ReadAll(resp.Stream)
	})
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.True(t, strings.Contains(e.Error(), "cut off"), e.Error())
}

func decodeInts(got *[]int) func(dec *json.Decoder) (bool, error) {
	return func(dec *json.Decoder) (bool, error) {
		var n int
		if err := dec.Decode(&n); err != nil {
			return false, err
		}
		*got = append(*got, n)
		return true, nil
	}
}

// Each asks again when the body fails before anything was delivered, and
// never after (the caller has seen elements).
func TestEachRetriesOnlyBeforeTheFirstElement(t *testing.T) {
	var calls atomic.Int64
	cutAt := map[int64]string{1: `{"users":[`, 2: `{"users":[1,2,`}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if part, ok := cutAt[n]; ok {
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, part)
			return // the body ends short of its length
		}
		_, _ = io.WriteString(w, `{"users":[1,2,3]}`)
	}))
	defer ts.Close()
	c := New(fastConfig(nil, &testSigner{}))
	var got []int
	err := c.Each(bg, get(ts.URL), "users", decodeInts(&got))
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.Contains(t, e.Message, "cut off")
	assert.Equal(t, []int{1, 2}, got, "the second attempt delivered two elements, then failed: no third attempt")
	assert.Equal(t, int64(2), calls.Load())

	got = nil
	require.NoError(t, c.Each(bg, get(ts.URL), "users", decodeInts(&got)))
	assert.Equal(t, []int{1, 2, 3}, got)
}

func TestEachTypesBadAnswers(t *testing.T) {
	for body, msg := range map[string]string{
		`{"links":{}}`:       `no "users" array`,
		`<html>oops</html>`:  "cannot decode",
		`{"users":["x"]}`:    "cannot decode",
		`{"users":{"a":1}}`:  "cannot decode",
		`{"users":[1] trail`: "cannot decode",
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) }))
		c := New(fastConfig(nil, &testSigner{}))
		var got []int
		err := c.Each(bg, get(ts.URL), "users", decodeInts(&got))
		e := requireIAMError(t, err, iam.ErrInvalidResponse)
		assert.Contains(t, e.Message, msg, body)
		ts.Close()
	}
}

// Acted marks a copy (the original is shared) and passes other errors on.
func TestActed(t *testing.T) {
	orig := &iam.Error{Provider: "test", Op: "SetLoginProfile", Kind: iam.ErrUnavailable, Message: "reset"}
	err := Acted(orig)
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.True(t, e.OutcomeUnknown)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Contains(t, e.Message, "after the change was made")
	assert.False(t, orig.OutcomeUnknown, "the original is not changed")
	plain := errors.New("plain")
	assert.Same(t, plain, Acted(plain))
}
