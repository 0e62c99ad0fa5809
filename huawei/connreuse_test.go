package huawei

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/conntest"
)

// Connection reuse: a client with the default HTTP client (Config.HTTPClient
// nil, what users get) keeps one connection alive across calls, error
// answers and retries. The server counts the connections it accepts; every
// call is sequential, so a second connection means one was not returned to
// the pool (a body not read to its end, or keep-alive off).

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
	srv := conntest.NewServer(t, emu)
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
	assert.EqualValues(t, calls, srv.Reqs.Load(), "one request per call")
	assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d sequential calls", calls)
}

// TestConnReuseAcrossRetries proves a retried call keeps its connection: the
// first attempt of every read, and of every create under throttling, gets a
// retryable failure (whose body the client must drain, up to a 64 KiB page,
// with or without Content-Length), the retry succeeds, and 10 such calls
// (creates and reads) open one connection in all. A create is not repeated
// after a 503 (IAM may have acted before it): it ends outcome-unknown after
// one request, its body drained too.
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
			f := &conntest.FailOnce{Next: emu, Status: tc.status, Body: tc.body, Chunked: tc.chunked,
				Header: map[string]string{"Content-Type": ct}}
			srv := conntest.NewServer(t, f)
			c := reuseClient(t, emu, srv.URL)

			const calls = 10
			var id string
			failed := int64(0)
			throttled := tc.status == http.StatusTooManyRequests
			for i := 0; i < calls; i++ {
				name := fmt.Sprintf("user-%02d", i/2)
				create := i%2 == 0
				if !create || throttled {
					f.Arm()
					failed++
				}
				if create {
					cu, err := c.CreateUser(ctx, &CreateUserInput{Name: name})
					require.NoError(t, err, "call %d", i)
					id = cu.User.ID
				} else {
					su, err := c.ShowUser(ctx, &ShowUserInput{UserID: id})
					require.NoError(t, err, "call %d", i)
					require.Equal(t, name, su.User.Name)
				}
				require.EqualValues(t, failed, f.Failed(), "call %d: its first attempt failed", i)
				require.EqualValues(t, int64(i+1)+failed, srv.Reqs.Load(), "call %d: two attempts after a failure", i)
			}
			if !throttled {
				f.Arm()
				_, err := c.CreateUser(ctx, &CreateUserInput{Name: "user-last"})
				require.ErrorIs(t, err, iam.ErrOutcomeUnknown, "a create answered %d", tc.status)
				require.EqualValues(t, int64(calls)+failed+1, srv.Reqs.Load(), "a create is not repeated after a %d", tc.status)
			}
			assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d retried calls", calls)
		})
	}
}
