package huawei

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Connection reuse: a client with the default HTTP client (Config.HTTPClient
// nil, what users get) keeps one connection alive across calls, error
// answers and retries. The server counts the connections it accepts; every
// call is sequential, so a second connection means one was not returned to
// the pool (a body not read to its end, or keep-alive off).

// reuseServer serves h on a loopback httptest.Server and counts the
// connections it accepts and the requests it serves.
type reuseServer struct {
	*httptest.Server
	conns atomic.Int64 // connections accepted (http.StateNew)
	reqs  atomic.Int64 // requests served
}

func newReuseServer(t *testing.T, h http.Handler) *reuseServer {
	t.Helper()
	s := &reuseServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.reqs.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// failOnce answers the next request after arm with a canned failure and
// passes every other request to next.
type failOnce struct {
	next    http.Handler
	status  int
	header  map[string]string
	body    []byte
	chunked bool // flush the header first, so the body goes out chunked

	armed  atomic.Bool
	failed atomic.Int64
}

func (f *failOnce) arm() { f.armed.Store(true) }

func (f *failOnce) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !f.armed.CompareAndSwap(true, false) {
		f.next.ServeHTTP(w, r)
		return
	}
	f.failed.Add(1)
	_, _ = io.Copy(io.Discard, r.Body)
	for k, v := range f.header {
		w.Header().Set(k, v)
	}
	if f.chunked {
		w.WriteHeader(f.status)
		_ = http.NewResponseController(w).Flush()
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
		w.WriteHeader(f.status)
	}
	_, _ = w.Write(f.body)
}

// reuseClient is a client of the emulator at url with the default HTTP
// client; retries wait at most a millisecond. DomainID is set, so no call
// looks it up first.
func reuseClient(t *testing.T, emu *huaweitest.Emulator, url string) *Client {
	t.Helper()
	ak, sk := emu.Credentials()
	c, err := New(Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: emu.DomainID(), Endpoint: url,
		MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	require.NoError(t, err)
	return c
}

// bigPage is an HTML error page of exactly 64 KiB, like a gateway's.
func bigPage() []byte {
	const head, tail = "<html><body><h1>503 Service Unavailable</h1><pre>", "</pre></body></html>"
	return []byte(head + strings.Repeat("x", 64<<10-len(head)-len(tail)) + tail)
}

// TestConnReuseAcrossCalls proves 100 sequential calls (creates, reads,
// updates, deletes answered 204 without a body, and reads of a deleted user
// answered 404 with an error body) share one kept-alive connection.
func TestConnReuseAcrossCalls(t *testing.T) {
	ctx := context.Background()
	emu := huaweitest.New()
	srv := newReuseServer(t, emu)
	c := reuseClient(t, emu, srv.URL)

	const calls = 100
	for i := 0; i < calls/5; i++ {
		name := fmt.Sprintf("user-%02d", i)
		cu, err := c.CreateUser(ctx, &CreateUserInput{Name: name})
		require.NoError(t, err)
		id := cu.User.ID
		su, err := c.ShowUser(ctx, &ShowUserInput{UserID: id})
		require.NoError(t, err)
		require.Equal(t, name, su.User.Name)
		_, err = c.UpdateUser(ctx, &UpdateUserInput{UserID: id, Description: iam.Ptr("updated " + name)})
		require.NoError(t, err)
		_, err = c.DeleteUser(ctx, &DeleteUserInput{UserID: id})
		require.NoError(t, err)
		_, err = c.ShowUser(ctx, &ShowUserInput{UserID: id})
		require.ErrorIs(t, err, iam.ErrNotFound)
	}
	assert.EqualValues(t, calls, srv.reqs.Load(), "one request per call")
	assert.EqualValues(t, 1, srv.conns.Load(), "connections opened for %d sequential calls", calls)
}

// TestConnReuseAcrossRetries proves a retried call keeps its connection: the
// first attempt of every call gets a retryable failure (whose body the
// client must drain, up to a 64 KiB page, with or without Content-Length),
// the retry succeeds, and 10 such calls (creates and reads) open one
// connection in all.
func TestConnReuseAcrossRetries(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		body    []byte
		chunked bool
	}{
		{"503 IAM.0006", http.StatusServiceUnavailable,
			[]byte(`{"error_code":"IAM.0006","error_msg":"The service is unavailable.","request_id":"5f2c6d8e0a1b4c3d9e8f7a6b5c4d3e2f"}`), false},
		{"429 APIGW.0308 throttled", http.StatusTooManyRequests,
			[]byte(`{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute","request_id":"5f2c6d8e0a1b4c3d9e8f7a6b5c4d3e30"}`), false},
		{"503 with a 64 KiB page", http.StatusServiceUnavailable, bigPage(), false},
		{"503 with a 64 KiB chunked page", http.StatusServiceUnavailable, bigPage(), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			emu := huaweitest.New()
			ct := "application/json;charset=UTF-8"
			if tc.body[0] == '<' {
				ct = "text/html"
			}
			f := &failOnce{next: emu, status: tc.status, body: tc.body, chunked: tc.chunked,
				header: map[string]string{"Content-Type": ct}}
			srv := newReuseServer(t, f)
			c := reuseClient(t, emu, srv.URL)

			const calls = 10
			var id string
			for i := 0; i < calls; i++ {
				name := fmt.Sprintf("user-%02d", i/2)
				f.arm()
				if i%2 == 0 {
					cu, err := c.CreateUser(ctx, &CreateUserInput{Name: name})
					require.NoError(t, err, "call %d", i)
					id = cu.User.ID
				} else {
					su, err := c.ShowUser(ctx, &ShowUserInput{UserID: id})
					require.NoError(t, err, "call %d", i)
					require.Equal(t, name, su.User.Name)
				}
				require.EqualValues(t, i+1, f.failed.Load(), "call %d: its first attempt failed", i)
				require.EqualValues(t, 2*(i+1), srv.reqs.Load(), "call %d: two attempts", i)
			}
			assert.EqualValues(t, 1, srv.conns.Load(), "connections opened for %d retried calls", calls)
		})
	}
}
