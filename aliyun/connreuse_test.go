package aliyun_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/conntest"
)

// Connection reuse: a client with the default HTTP client (Config.HTTPClient
// nil, what users get) keeps one connection alive across calls, error
// answers and retries. The server counts the connections it accepts; every
// call is sequential, so a second connection means one was not returned to
// the pool (a body not read to its end, or keep-alive off).

// reuseOps are the user operations of one client, addressed by the id
// create returns (the name for RAM, the UserId for IDaaS).
type reuseOps struct {
	create func(ctx context.Context, name string) (id string, err error)
	get    func(ctx context.Context, id string) (name string, err error)
	update func(ctx context.Context, id string) error
	delete func(ctx context.Context, id string) error
}

// reuseClients builds each client of the emulator at url with the default
// HTTP client; retries wait at most a millisecond.
var reuseClients = []struct {
	name string
	ops  func(t *testing.T, emu *aliyuntest.Emulator, url string, algo aliyun.SignatureAlgorithm) reuseOps
}{
	{"RAM", func(t *testing.T, emu *aliyuntest.Emulator, url string, algo aliyun.SignatureAlgorithm) reuseOps {
		c, err := aliyun.NewRAM(reuseConfig(emu, url, algo))
		require.NoError(t, err)
		return reuseOps{
			create: func(ctx context.Context, name string) (string, error) {
				_, err := c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: name})
				return name, err
			},
			get: func(ctx context.Context, id string) (string, error) {
				out, err := c.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: id})
				if err != nil {
					return "", err
				}
				return out.User.UserName, nil
			},
			update: func(ctx context.Context, id string) error {
				_, err := c.UpdateUser(ctx, &aliyun.RAMUpdateUserInput{UserName: id, NewComments: "updated"})
				return err
			},
			delete: func(ctx context.Context, id string) error {
				_, err := c.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: id})
				return err
			},
		}
	}},
	{"IDaaS", func(t *testing.T, emu *aliyuntest.Emulator, url string, algo aliyun.SignatureAlgorithm) reuseOps {
		c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: reuseConfig(emu, url, algo), InstanceID: emu.InstanceID(),
			OrganizationalUnitID: emu.OrganizationalUnitID()})
		require.NoError(t, err)
		return reuseOps{
			create: func(ctx context.Context, name string) (string, error) {
				out, err := c.CreateUser(ctx, &aliyun.IDaaSCreateUserInput{Username: name, Password: iam.NewSecret("Pa$$w0rd!*~"),
					PrimaryOrganizationalUnitID: emu.OrganizationalUnitID()})
				if err != nil {
					return "", err
				}
				return out.UserID, nil
			},
			get: func(ctx context.Context, id string) (string, error) {
				out, err := c.GetUser(ctx, &aliyun.IDaaSGetUserInput{UserID: id})
				if err != nil {
					return "", err
				}
				return out.User.Username, nil
			},
			update: func(ctx context.Context, id string) error {
				_, err := c.UpdateUserDescription(ctx, &aliyun.IDaaSUpdateUserDescriptionInput{UserID: id, Description: "updated"})
				return err
			},
			delete: func(ctx context.Context, id string) error {
				_, err := c.DeleteUser(ctx, &aliyun.IDaaSUserInput{UserID: id})
				return err
			},
		}
	}},
}

func reuseConfig(emu *aliyuntest.Emulator, url string, algo aliyun.SignatureAlgorithm) aliyun.Config {
	id, secret := emu.Credentials()
	return aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: url, SignatureAlgorithm: algo,
		MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
}

// bigPage is an HTML error page of exactly 64 KiB, like a gateway's,
// titled with a status line ("503 Service Unavailable").
func bigPage(status string) []byte {
	head, tail := "<html><body><h1>"+status+"</h1><pre>", "</pre></body></html>"
	return []byte(head + strings.Repeat("x", 64<<10-len(head)-len(tail)) + tail)
}

// TestConnReuseAcrossCalls proves 100 sequential calls of each client, with
// either signature (creates, reads, updates, deletes, and reads of a deleted
// user answered 404 with an error body), share one kept-alive connection.
func TestConnReuseAcrossCalls(t *testing.T) {
	for _, rc := range reuseClients {
		for _, algo := range []aliyun.SignatureAlgorithm{aliyun.SignatureACS3, aliyun.SignatureRPC} {
			t.Run(rc.name+"/"+string(algo), func(t *testing.T) {
				ctx := context.Background()
				emu := aliyuntest.New()
				srv := conntest.NewServer(t, emu)
				c := rc.ops(t, emu, srv.URL, algo)

				const calls = 100
				for i := 0; i < calls/5; i++ {
					name := fmt.Sprintf("user_%02d", i)
					id, err := c.create(ctx, name)
					require.NoError(t, err)
					got, err := c.get(ctx, id)
					require.NoError(t, err)
					require.Equal(t, name, got)
					require.NoError(t, c.update(ctx, id))
					require.NoError(t, c.delete(ctx, id))
					_, err = c.get(ctx, id)
					require.ErrorIs(t, err, iam.ErrNotFound)
				}
				assert.EqualValues(t, calls, srv.Reqs.Load(), "one request per call")
				assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d sequential calls", calls)
			})
		}
	}
}

// TestConnReuseAcrossRetries proves a retried call keeps its connection: the
// first attempt of every call gets a retryable failure (whose body the
// client must drain, up to a 64 KiB page, with or without Content-Length),
// the retry succeeds, and 10 such calls (creates and reads) open one
// connection in all. A 503 proves nothing about a create (the server may
// have acted), so a create is not retried after one: with a 503 only the
// reads fail once, and each create is one request.
func TestConnReuseAcrossRetries(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		body      []byte
		chunked   bool
		readsOnly bool
	}{
		{"503 ServiceUnavailable", http.StatusServiceUnavailable,
			[]byte(`{"RequestId":"6C7B3A4E-0000-4000-8000-000000000001","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}`), false, true},
		{"400 Throttling.User", http.StatusBadRequest,
			[]byte(`{"RequestId":"6C7B3A4E-0000-4000-8000-000000000002","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`), false, false},
		{"429 Throttling with a 64 KiB page", http.StatusTooManyRequests, bigPage("429 Too Many Requests"), false, false},
		{"503 with a 64 KiB page", http.StatusServiceUnavailable, bigPage("503 Service Unavailable"), false, true},
		{"503 with a 64 KiB chunked page", http.StatusServiceUnavailable, bigPage("503 Service Unavailable"), true, true},
	}
	for _, rc := range reuseClients {
		for _, tc := range cases {
			t.Run(rc.name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				emu := aliyuntest.New()
				ct := "application/json;charset=utf-8"
				if tc.body[0] == '<' {
					ct = "text/html"
				}
				f := &conntest.FailOnce{Next: emu, Status: tc.status, Body: tc.body, Chunked: tc.chunked,
					Header: map[string]string{"Content-Type": ct}}
				srv := conntest.NewServer(t, f)
				c := rc.ops(t, emu, srv.URL, "")

				const calls = 10
				var id string
				failed := 0
				for i := 0; i < calls; i++ {
					name := fmt.Sprintf("user_%02d", i/2)
					if i%2 == 1 || !tc.readsOnly {
						f.Arm()
						failed++
					}
					if i%2 == 0 {
						var err error
						id, err = c.create(ctx, name)
						require.NoError(t, err, "call %d", i)
					} else {
						got, err := c.get(ctx, id)
						require.NoError(t, err, "call %d", i)
						require.Equal(t, name, got)
					}
					require.EqualValues(t, failed, f.Failed(), "call %d: its first attempt failed", i)
					require.EqualValues(t, i+1+failed, srv.Reqs.Load(), "call %d: two attempts when the first failed", i)
				}
				assert.EqualValues(t, 1, srv.Conns.Load(), "connections opened for %d retried calls", calls)
			})
		}
	}
}
