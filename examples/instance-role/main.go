// Command instance-role runs a short user workflow (the quickstart's) on
// Baidu IAM, Huawei IAM and Alibaba RAM with no access key of its own: the
// credentials are an instance role's, the way a service on a BCC or ECS
// instance gets them. Each client's Config.Credentials is its cloud's
// instance-metadata source (baidu.InstanceRoleCredentials,
// huawei.MetadataCredentials, aliyun.ECSRAMRoleCredentials), pointed at the
// emulator's metadata service instead of the link-local address, and cached
// as the default chain caches it.
//
// Halfway through, the cloud rotates the role's credentials and the clock
// (the emulator's and the cache's) jumps 11 minutes, past the expiry of
// the credentials the client holds: the emulator would now refuse them.
// The client notices before its next call, fetches the new ones from the
// metadata service, and carries on.
//
//	go run ./examples/instance-role
//
// It prints, per cloud, each step's result and the access key id that
// signed its requests (read from the Authorization header, shortened),
// then how many distinct keys signed, how many requests the metadata
// service got, and how many requests were signed with an expired key
// (none: the refresh happened before the next call, so no call failed or
// had to be retried). Everything runs on loopback.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "instance-role:", err)
		os.Exit(1)
	}
}

const user = "instance_role_demo"

// workflow is the portable code; the role's credentials rotate and expire
// after the first rotateAfter steps.
var workflow = []struct {
	name string
	do   func(ctx context.Context, c *iam.Client, key *string) error
}{
	{"create user", func(ctx context.Context, c *iam.Client, _ *string) error {
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: user, Description: "signed by an instance role"})
		return err
	}},
	{"get user", func(ctx context.Context, c *iam.Client, _ *string) error {
		_, err := c.GetUser(ctx, user)
		return err
	}},
	{"update user", func(ctx context.Context, c *iam.Client, _ *string) error {
		_, err := c.UpdateUser(ctx, user, &iam.UpdateUserInput{Description: iam.Ptr("updated")})
		return err
	}},
	{"create access key", func(ctx context.Context, c *iam.Client, key *string) error {
		k, err := c.CreateAccessKey(ctx, user)
		if err == nil {
			*key = k.ID
		}
		return err
	}},
	{"list access keys", func(ctx context.Context, c *iam.Client, key *string) error {
		keys, err := c.ListAccessKeys(ctx, user)
		if err == nil && !slices.ContainsFunc(keys, func(k *iam.AccessKey) bool { return k.ID == *key }) {
			err = fmt.Errorf("access key %s not listed", *key)
		}
		return err
	}},
	{"delete access key", func(ctx context.Context, c *iam.Client, key *string) error {
		return c.DeleteAccessKey(ctx, user, *key)
	}},
	{"delete user", func(ctx context.Context, c *iam.Client, _ *string) error {
		return c.DeleteUser(ctx, user)
	}},
}

const (
	rotateAfter = 3                // steps before the rotation
	jump        = 11 * time.Minute // past the 10-minute lifetime of the role's credentials
)

// instance is one cloud's emulator, with a role bound to the emulated
// instance, and a client signing with that role's credentials.
type instance struct {
	client *iam.Client
	rotate func() // the cloud replaces the role's credentials
	close  func()
}

var clouds = []struct {
	name  string
	start func(now func() time.Time, hc *http.Client) (*instance, error)
}{
	{"baidu", func(now func() time.Time, hc *http.Client) (*instance, error) {
		// Baidu rotates role credentials every 5 minutes; each lasts 10.
		srv := baidutest.NewServer(baidutest.WithInstanceRole("app-role"), baidutest.WithClock(now))
		src := baidu.InstanceRoleCredentials(baidu.CredentialsOptions{
			MetadataEndpoint: srv.MetadataURL, // http://169.254.169.254 on a BCC instance
			HTTPClient:       hc,
			Getenv:           noEnv,
		})
		creds := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{RefreshBefore: baidu.DefaultRefreshBefore, Now: now})
		c, err := baidu.New(baidu.Config{Credentials: creds, Endpoint: srv.URL, HTTPClient: hc})
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &instance{c.IAM(), srv.RotateInstanceRole, srv.Close}, nil
	}},
	{"huawei", func(now func() time.Time, hc *http.Client) (*instance, error) {
		srv := huaweitest.NewServer(huaweitest.WithClock(now))
		md := huaweitest.NewMetadataServer(srv.Emulator, huaweitest.WithInstanceCredentialTTL(10*time.Minute))
		creds := huawei.MetadataCredentials(huawei.CredentialsOptions{ // cached already
			MetadataEndpoint: md.URL, // http://169.254.169.254 on an ECS instance
			HTTPClient:       hc,
			Getenv:           noEnv,
			RefreshBefore:    2 * time.Minute,
			Now:              now,
		})
		closeAll := func() { md.Close(); srv.Close() }
		c, err := huawei.New(huawei.Config{Credentials: creds, Endpoint: srv.URL, HTTPClient: hc})
		if err != nil {
			closeAll()
			return nil, err
		}
		return &instance{c.IAM(), md.Rotate, closeAll}, nil
	}},
	{"aliyun-ram", func(now func() time.Time, hc *http.Client) (*instance, error) {
		srv := aliyuntest.NewServer(aliyuntest.WithInstanceRole("AppRole"), aliyuntest.WithClock(now),
			aliyuntest.WithTemporaryCredentialsTTL(10*time.Minute))
		src := aliyun.ECSRAMRoleCredentials("AppRole", aliyun.CredentialsOptions{
			MetadataEndpoint: srv.MetadataURL, // http://100.100.100.200 on an ECS instance
			HTTPClient:       hc,
			Getenv:           noEnv,
		})
		creds := iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{RefreshBefore: aliyun.DefaultRefreshBefore, Now: now})
		c, err := aliyun.NewRAM(aliyun.Config{Credentials: creds, Endpoint: srv.URL, HTTPClient: hc})
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &instance{c.IAM(), srv.RotateInstanceRole, srv.Close}, nil
	}},
}

// noEnv keeps the machine's variables (ALIBABA_CLOUD_ECS_METADATA_DISABLED
// and the like) out of the example.
func noEnv(string) string { return "" }

// result is what one cloud's run did.
type result struct {
	cloud    string
	steps    []outcome // one per workflow step
	keys     []string  // the distinct signing keys, in order of first use
	metadata int       // unsigned requests: the metadata service's
	stale    int       // requests after the jump signed with a key from before it
	addrs    []string  // the remote address of every request
}

type outcome struct {
	err  error
	keys []string // the keys that signed the step's requests
}

// run executes the workflow on each cloud, prints the table to out and
// fails if any step failed.
func run(ctx context.Context, out io.Writer) ([]result, error) {
	var results []result
	failed := 0
	for _, cl := range clouds {
		r, err := runOn(ctx, cl.name, cl.start)
		if err != nil {
			return results, fmt.Errorf("%s: %w", cl.name, err)
		}
		for i, o := range r.steps {
			if o.err != nil {
				failed++
				fmt.Fprintf(out, "%s: %s: %v\n", cl.name, workflow[i].name, o.err)
			}
		}
		results = append(results, r)
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	row := func(name string, cell func(r result) string) {
		line := name
		for _, r := range results {
			line += "\t" + cell(r)
		}
		fmt.Fprintln(tw, line)
	}
	row("step", func(r result) string { return r.cloud })
	for i, s := range workflow {
		if i == rotateAfter {
			row(fmt.Sprintf("-- rotate, clock +%dm", jump/time.Minute), func(result) string { return "--" })
		}
		row(s.name, func(r result) string {
			o := r.steps[i]
			if o.err != nil {
				return "FAILED"
			}
			short := make([]string, len(o.keys))
			for j, k := range o.keys {
				short[j] = shorten(k)
			}
			return "ok  " + strings.Join(short, " -> ")
		})
	}
	row("signing keys", func(r result) string { return fmt.Sprint(len(r.keys)) })
	row("metadata requests", func(r result) string { return fmt.Sprint(r.metadata) })
	row("stale-key requests", func(r result) string { return fmt.Sprint(r.stale) })
	if err := tw.Flush(); err != nil {
		return results, err
	}
	if failed > 0 {
		return results, fmt.Errorf("%d step(s) failed", failed)
	}
	return results, nil
}

// runOn starts one cloud's emulator and runs the workflow, rotating and
// expiring the role's credentials after rotateAfter steps.
func runOn(ctx context.Context, name string, start func(func() time.Time, *http.Client) (*instance, error)) (result, error) {
	var skew atomic.Int64 // the emulated time runs ahead of the real one by skew
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	w := &wire{transport: &http.Transport{ // no Proxy: connect where the URL says
		DialContext: (&net.Dialer{Timeout: time.Second}).DialContext,
	}}
	defer w.transport.CloseIdleConnections()
	hc := &http.Client{
		Transport:     w,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	inst, err := start(now, hc)
	if err != nil {
		return result{}, err
	}
	defer inst.close()

	r := result{cloud: name}
	var key string
	var expired []string // the keys signed with before the jump
	for i, s := range workflow {
		if i == rotateAfter {
			inst.rotate()
			skew.Add(int64(jump))
			expired = slices.Clone(r.keys)
		}
		err := s.do(ctx, inst.client, &key)
		var keys []string
		for _, c := range w.take() {
			r.addrs = append(r.addrs, c.addr)
			switch {
			case c.key == "":
				r.metadata++
				continue
			case slices.Contains(expired, c.key):
				r.stale++
			}
			if !slices.Contains(keys, c.key) {
				keys = append(keys, c.key)
			}
			if !slices.Contains(r.keys, c.key) {
				r.keys = append(r.keys, c.key)
			}
		}
		r.steps = append(r.steps, outcome{err, keys})
	}
	return r, nil
}

// call is one HTTP request as it went out.
type call struct {
	addr string // the address the connection went to
	key  string // the access key id that signed it; "" when unsigned
}

// wire carries every request of one cloud's run, to its IAM API and to its
// metadata service alike, straight to the URL's host (no proxy), and notes
// where each one went and who signed it.
type wire struct {
	transport *http.Transport
	mu        sync.Mutex
	calls     []call
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	c := call{addr: req.URL.Host, key: signingKey(req)} // addr until connected
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { c.addr = info.Conn.RemoteAddr().String() }}
	resp, err := w.transport.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	w.mu.Lock()
	w.calls = append(w.calls, c)
	w.mu.Unlock()
	return resp, err
}

// take returns the calls since the last take.
func (w *wire) take() []call {
	w.mu.Lock()
	defer w.mu.Unlock()
	calls := w.calls
	w.calls = nil
	return calls
}

// authKey finds the access key id in the Authorization header of
// bce-auth-v1 (Baidu), SDK-HMAC-SHA256 (Huawei) and ACS3 (Alibaba).
var authKey = regexp.MustCompile(`^(?:bce-auth-v1/|SDK-HMAC-SHA256 Access=|ACS3-HMAC-SHA256 Credential=)([^/,\s]+)`)

func signingKey(req *http.Request) string {
	if m := authKey.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
		return m[1]
	}
	return req.URL.Query().Get("AccessKeyId") // Alibaba's HMAC-SHA1 signs in the query
}

// shorten keeps enough of an access key id to tell two apart.
func shorten(id string) string {
	if len(id) <= 12 {
		return id
	}
	return id[:6] + "…" + id[len(id)-4:]
}
