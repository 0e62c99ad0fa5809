package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

const (
	secretSig   = "SECRETSIGVALUE"
	secretTok   = "TOKVALUE42"
	secretAuth  = "AUTHSIGSECRET"
	secretQuery = "?Signature=" + secretSig + "&SecurityToken=" + secretTok + "&Action=CreateUser"
	testURL     = "https://iam.example.com/v1/users"
)

// signRecord is what one call of the test signer saw and set.
type signRecord struct {
	body      []byte
	userAgent string
	date      string
	nonce     string
}

// testSigner signs like a real provider: a fresh date and nonce on every
// call, an Authorization over them, and a token header.
type testSigner struct {
	mu   sync.Mutex
	n    int
	seen []signRecord
}

func (s *testSigner) sign(r *http.Request, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	var b [8]byte
	_, _ = rand.Read(b[:])
	rec := signRecord{
		body:      bytes.Clone(body),
		userAgent: r.Header.Get("User-Agent"),
		date:      time.Date(2026, 11, 22, 22, 0, s.n, 0, time.UTC).Format(time.RFC3339),
		nonce:     hex.EncodeToString(b[:]),
	}
	s.seen = append(s.seen, rec)
	r.Header.Set("X-Date", rec.date)
	r.Header.Set("X-Nonce", rec.nonce)
	r.Header.Set("X-Security-Token", secretTok)
	r.Header.Set("Authorization", "ACS3 Credential=AK,Signature="+secretAuth+"-"+rec.nonce)
	return nil
}

func (s *testSigner) records() []signRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]signRecord(nil), s.seen...)
}

// fastConfig is a Config with tiny backoffs, so retrying tests run fast.
func fastConfig(hc *http.Client, s *testSigner) Config {
	return Config{
		Provider:         "test",
		HTTPClient:       hc,
		Sign:             s.sign,
		RequestIDHeaders: []string{"X-Request-Id", "X-Trace-Id"},
		MaxAttempts:      3,
		MinBackoff:       time.Microsecond,
		MaxBackoff:       10 * time.Microsecond,
	}
}

// mockClient is an *http.Client over a fresh httpmock transport.
func mockClient() (*http.Client, *httpmock.MockTransport) {
	mt := httpmock.NewMockTransport()
	return &http.Client{Transport: mt}, mt
}

// step is one scripted answer of a mock server.
type step func(*http.Request) (*http.Response, error)

// script answers the n-th request with steps[n], and the last step for
// every request after that. It counts the requests.
type script struct {
	mu     sync.Mutex
	steps  []step
	reqs   []*http.Request
	bodies [][]byte
}

func (s *script) respond(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(r.Body)
		body = buf.Bytes()
	}
	s.mu.Lock()
	i := len(s.reqs)
	s.reqs = append(s.reqs, r)
	s.bodies = append(s.bodies, body)
	if i >= len(s.steps) {
		i = len(s.steps) - 1
	}
	f := s.steps[i]
	s.mu.Unlock()
	return f(r)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *script) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

// serve installs steps as the only responder of mt.
func serve(mt *httpmock.MockTransport, steps ...step) *script {
	s := &script{steps: steps}
	mt.RegisterNoResponder(s.respond)
	return s
}

// status answers with a status, a small JSON body and headers given as
// name, value pairs.
func status(code int, kv ...string) step {
	return func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, `{"code":"`+strconv.Itoa(code)+`"}`)
		for i := 0; i+1 < len(kv); i += 2 {
			resp.Header.Set(kv[i], kv[i+1])
		}
		resp.Request = r
		return resp, nil
	}
}

// fail answers with a transport error.
func fail(err error) step {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// waits records the waits a client decides, and makes them instant.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) observe(d time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return 0
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// debugLogger returns a logger writing every Debug line into buf.
func debugLogger(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// requireIAMError asserts err is an *iam.Error of kind and returns it.
func requireIAMError(t *testing.T, err error, kind iam.Kind) *iam.Error {
	t.Helper()
	require.Error(t, err)
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "error %T is not an *iam.Error: %v", err, err)
	require.ErrorIs(t, err, kind, "kind of %v", err)
	return ie
}

// get and create are the two kinds of request the tests send.
func get(url string) *Request {
	return &Request{Op: "GetUser", Method: http.MethodGet, URL: url, Idempotent: true}
}

func create(url string, body string) *Request {
	return &Request{Op: "CreateUser", Method: http.MethodPost, URL: url, Body: []byte(body),
		Header: http.Header{"Content-Type": {"application/json"}}}
}

var bg = context.Background()
