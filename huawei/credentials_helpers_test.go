package huawei

import (
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// credSeen is one request an IAM emulator served.
type credSeen struct {
	Method, Path string
	AK           string // Access= of the signature ("" when unsigned)
	DomainHeader string
	HasToken     bool // X-Security-Token
	AuthToken    bool // X-Auth-Token
}

// credServer is an IAM emulator behind a recorder of its requests; front,
// when set, may answer a request itself (returning true).
type credServer struct {
	*huaweitest.Emulator
	URL string

	mu    sync.Mutex
	reqs  []credSeen
	front func(w http.ResponseWriter, r *http.Request) bool
}

func newCredServer(t *testing.T, opts ...huaweitest.Option) *credServer {
	t.Helper()
	s := &credServer{Emulator: huaweitest.New(opts...)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, credSeen{Method: r.Method, Path: r.URL.Path, AK: accessKeyOf(r.Header.Get("Authorization")),
			DomainHeader: r.Header.Get("X-Domain-Id"), HasToken: r.Header.Get("X-Security-Token") != "",
			AuthToken: r.Header.Get("X-Auth-Token") != ""})
		front := s.front
		s.mu.Unlock()
		if front != nil && front(w, r) {
			return
		}
		s.Emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *credServer) requests() []credSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]credSeen(nil), s.reqs...)
}

func (s *credServer) count(path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func (s *credServer) setFront(f func(w http.ResponseWriter, r *http.Request) bool) {
	s.mu.Lock()
	s.front = f
	s.mu.Unlock()
}

// credClient is a Client of s signing with p.
func credClient(t *testing.T, s *credServer, p iam.CredentialsProvider, opts ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{Endpoint: s.URL, Credentials: p, MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c
}

// envMap is a concurrency-safe environment for CredentialsOptions.Getenv,
// recording which variables were read.
type envMap struct {
	mu   sync.Mutex
	vars map[string]string
	read map[string]int
}

func newEnv(vars map[string]string) *envMap {
	if vars == nil {
		vars = map[string]string{}
	}
	return &envMap{vars: vars, read: map[string]int{}}
}

func (e *envMap) get(k string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.read[k]++
	return e.vars[k]
}

func (e *envMap) set(k, v string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if v == "" {
		delete(e.vars, k)
	} else {
		e.vars[k] = v
	}
}

func (e *envMap) reads(k string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.read[k]
}

// closedURL is the URL of a port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	u := "http://" + l.Addr().String()
	require.NoError(t, l.Close())
	return u
}

// testOptions are CredentialsOptions that touch nothing real: env from
// env, an empty temporary home, no metadata service.
func testOptions(t *testing.T, env *envMap) CredentialsOptions {
	t.Helper()
	if env == nil {
		env = newEnv(nil)
	}
	return CredentialsOptions{Getenv: env.get, HomeDir: t.TempDir(), MetadataEndpoint: closedURL(t)}
}

// writeCredFile writes a file with mode perm under dir and returns its path.
func writeCredFile(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
	require.NoError(t, os.WriteFile(p, []byte(content), perm))
	require.NoError(t, os.Chmod(p, perm))
	return p
}

// credLog is what a logger received.
type credLog struct {
	mu sync.Mutex
	l  []string
}

func (l *credLog) DebugContext(_ context.Context, msg string, args ...any) { l.add("DEBUG", msg, args) }
func (l *credLog) WarnContext(_ context.Context, msg string, args ...any)  { l.add("WARN", msg, args) }

func (l *credLog) add(level, msg string, args []any) {
	var b strings.Builder
	b.WriteString(level + " " + msg)
	for _, a := range args {
		b.WriteString(" ")
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(stringOf(a), "\n", " ")))
	}
	l.mu.Lock()
	l.l = append(l.l, b.String())
	l.mu.Unlock()
}

func (l *credLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.l, "\n")
}

func stringOf(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case interface{ String() string }:
		return v.String()
	case error:
		return v.Error()
	}
	return ""
}

// waitCred polls cond for up to 5 s.
func waitCred(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// httptestServer serves h on loopback and returns its URL.
func httptestServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
