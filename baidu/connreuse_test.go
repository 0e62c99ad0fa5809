package baidu_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/conntest"
)

// Connection reuse: a client with the default HTTP client (Config.HTTPClient
// nil, what users get) keeps one connection alive across calls, error
// answers and retries. The server counts the connections it accepts; every
// call is sequential, so a second connection means one was not returned to
// the pool (a body not read to its end, or keep-alive off).

// reuseClient is a client of the emulator at url with the default HTTP
// client; retries wait at most a millisecond.
func reuseClient(t *testing.T, emu *baidutest.Emulator, url string) *baidu.Client {
	t.Helper()
	ak, sk := emu.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: url,
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
// updates, deletes, and reads of a deleted user answered 404 with an error
// body) share one kept-alive connection.
func TestConnReuseAcrossCalls(t *testing.T) {
	ctx := context.Background()
	emu := baidutest.New()
	srv := conntest.NewServer(t, emu)
	c := reuseClient(t, emu, srv.URL)

	const calls = 100
	for i := 0; i < calls/5; i++ {
		name := fmt.Sprintf("u_%02d", i)
		_, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: name})
		require.NoError(t, err)
		u, err := c.GetUser(ctx, &baidu.GetUserInput{UserName: name})
		require.NoError(t, err)
		require.Equal(t, name, u.User.Name)
		_, err = c.UpdateUser(ctx, &baidu.UpdateUserInput{UserName: name, Description: iam.Ptr("updated " + name)})
		require.NoError(t, err)
		_, err = c.DeleteUser(ctx, &baidu.DeleteUserInput{UserName: name})
		require.NoError(t, err)
		_, err = c.GetUser(ctx, &baidu.GetUserInput{UserName: name})
		require.ErrorIs(t, err, iam.ErrNotFound)
	}
	assert.EqualValues(t, calls, srv.Reqs.Load(), "one request per call")
	assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d sequential calls", calls)
}

// TestConnReuseAcrossRetries proves a retried call keeps its connection: the
// first attempt of every call gets a retryable failure (whose body the
// client must drain, up to a 64 KiB page, with or without Content-Length),
// the retry succeeds, and 10 such calls (writes and reads) open one
// connection in all. A create is repeated after throttling only (a 503 is
// no proof the server did not act): after a 503 the writes are updates.
func TestConnReuseAcrossRetries(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		body    []byte
		chunked bool
	}{
		{"503 ServiceUnavailable", http.StatusServiceUnavailable,
			[]byte(`{"code":"ServiceUnavailable","message":"Service is busy, please try again later.","requestId":"0f0e0d0c-0000-4000-8000-000000000001"}`), false},
		{"429 throttled", http.StatusTooManyRequests,
			[]byte(`{"code":"RequestRateLimitExceeded","message":"Request rate limit exceeded.","requestId":"0f0e0d0c-0000-4000-8000-000000000002"}`), false},
		{"503 with a 64 KiB page", http.StatusServiceUnavailable, bigPage(), false},
		{"503 with a 64 KiB chunked page", http.StatusServiceUnavailable, bigPage(), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			emu := baidutest.New()
			ct := "application/json; charset=utf-8"
			if tc.body[0] == '<' {
				ct = "text/html"
			}
			f := &conntest.FailOnce{Next: emu, Status: tc.status, Body: tc.body, Chunked: tc.chunked,
				Header: map[string]string{"Content-Type": ct}}
			srv := conntest.NewServer(t, f)
			c := reuseClient(t, emu, srv.URL)
			create := tc.status == http.StatusTooManyRequests
			if !create {
				// The users to update, made past the counting server.
				direct := httptest.NewServer(emu)
				t.Cleanup(direct.Close)
				seed := reuseClient(t, emu, direct.URL)
				for i := 0; i < 5; i++ {
					_, err := seed.CreateUser(ctx, &baidu.CreateUserInput{Name: fmt.Sprintf("u_%02d", i)})
					require.NoError(t, err)
				}
			}

			const calls = 10
			for i := 0; i < calls; i++ {
				name := fmt.Sprintf("u_%02d", i/2)
				f.Arm()
				switch {
				case i%2 == 0 && create:
					_, err := c.CreateUser(ctx, &baidu.CreateUserInput{Name: name})
					require.NoError(t, err, "call %d", i)
				case i%2 == 0:
					_, err := c.UpdateUser(ctx, &baidu.UpdateUserInput{UserName: name, Description: iam.Ptr("retried")})
					require.NoError(t, err, "call %d", i)
				default:
					u, err := c.GetUser(ctx, &baidu.GetUserInput{UserName: name})
					require.NoError(t, err, "call %d", i)
					require.Equal(t, name, u.User.Name)
				}
				require.EqualValues(t, i+1, f.Failed(), "call %d: its first attempt failed", i)
				require.EqualValues(t, 2*(i+1), srv.Reqs.Load(), "call %d: two attempts", i)
			}
			assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d retried calls", calls)
		})
	}
}
