package aliyun_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// fakeClock is a settable clock shared by a client's cache and an emulator.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// envMap is a Getenv over a map.
func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// writeFile writes a file (and its directory) with mode.
func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode))
}

// credServer is an aliyuntest emulator behind a recording front: every
// RAM, EIAM and STS request is noted (action, signing key, the
// x-acs-credentials-provider header), and intercept may answer instead of
// the emulator.
type credServer struct {
	*aliyuntest.Emulator
	URL, MetadataURL string

	mu        sync.Mutex
	seen      []seenRequest
	intercept func(r *http.Request, n int) (status int, body string, ok bool)
}

type seenRequest struct {
	Action, AccessKeyID, Provider string
}

func newCredServer(t *testing.T, opts ...aliyuntest.Option) *credServer {
	t.Helper()
	s := &credServer{Emulator: aliyuntest.New(opts...)}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := r.Header.Get("x-acs-action")
		if action == "" {
			action = r.URL.Query().Get("Action")
		}
		s.mu.Lock()
		s.seen = append(s.seen, seenRequest{Action: action, AccessKeyID: signingKey(r), Provider: r.Header.Get("x-acs-credentials-provider")})
		n, intercept := len(s.seen), s.intercept
		s.mu.Unlock()
		if intercept != nil {
			if status, body, ok := intercept(r, n); ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
				return
			}
		}
		s.ServeHTTP(w, r)
	}))
	md := httptest.NewServer(s.MetadataHandler())
	t.Cleanup(func() {
		api.Close()
		md.Close()
	})
	s.URL, s.MetadataURL = api.URL, md.URL
	return s
}

// signingKey is the access key id a request is signed with.
func signingKey(r *http.Request) string {
	if a := r.Header.Get("Authorization"); a != "" {
		if _, rest, ok := strings.Cut(a, "Credential="); ok {
			id, _, _ := strings.Cut(rest, ",")
			return id
		}
	}
	return r.URL.Query().Get("AccessKeyId")
}

func (s *credServer) requests() []seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenRequest(nil), s.seen...)
}

// count returns how many requests had the action.
func (s *credServer) count(action string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Action == action {
			n++
		}
	}
	return n
}

// lastSigner returns the access key id the last request with the action
// was signed with ("" when there was none).
func lastSigner(s *credServer, action string) string {
	reqs := s.requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == action {
			return reqs[i].AccessKeyID
		}
	}
	return ""
}

func (s *credServer) setIntercept(f func(r *http.Request, n int) (int, string, bool)) {
	s.mu.Lock()
	s.intercept = f
	s.mu.Unlock()
}

// options points the credential sources at s, a temporary home and env.
func (s *credServer) options(t *testing.T, env map[string]string) aliyun.CredentialsOptions {
	return aliyun.CredentialsOptions{Getenv: envMap(env), HomeDir: t.TempDir(), STSEndpoint: s.URL, MetadataEndpoint: s.MetadataURL}
}

// ram returns a RAM client of s signing with p.
func (s *credServer) ram(t *testing.T, p iam.CredentialsProvider, algo aliyun.SignatureAlgorithm) *aliyun.RAMClient {
	t.Helper()
	c, err := aliyun.NewRAM(aliyun.Config{Credentials: p, Endpoint: s.URL, SignatureAlgorithm: algo, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	require.NoError(t, err)
	return c
}

// staticKeys returns the emulator's root key as a provider.
func (s *credServer) staticKeys() iam.CredentialsProvider {
	id, secret := s.Credentials()
	return iam.StaticCredentials(id, iam.NewSecret(secret), iam.Secret{})
}

func retrieve(t *testing.T, p iam.CredentialsProvider) (iam.Credentials, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return p.Retrieve(ctx)
}

// testJWT builds an unsigned JWT with the given claims.
func testJWT(t *testing.T, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	require.NoError(t, err)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256"}`)) + "." + enc(b) + "." + enc([]byte("sig"))
}

const (
	testRoleARN     = "acs:ram::1234567890123456:role/deployer"
	testProviderARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1"
)

// captureLogger records every line, at debug and warn level.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLogger) add(level, msg string, args []any) {
	var b strings.Builder
	b.WriteString(level + " " + msg)
	for _, a := range args {
		b.WriteString(" ")
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(toString(a)), "\n", " "))
	}
	l.mu.Lock()
	l.lines = append(l.lines, b.String())
	l.mu.Unlock()
}

func toString(a any) string {
	b, err := json.Marshal(a)
	if err != nil {
		return "?"
	}
	return string(b)
}

func (l *captureLogger) DebugContext(_ context.Context, msg string, args ...any) {
	l.add("DEBUG", msg, args)
}
func (l *captureLogger) WarnContext(_ context.Context, msg string, args ...any) {
	l.add("WARN", msg, args)
}

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
