package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// benchServer answers every request with a small JSON body and a request
// id, as a cloud's GetUser or CreateUser does.
func benchServer(b *testing.B) *httptest.Server {
	body := []byte(`{"user":{"id":"u-1","name":"bench","description":"a user of the benchmark","create_time":"2026-11-22T10:00:00Z"}}`)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("X-Request-Id", "req-1")
		_, _ = w.Write(body)
	}))
	b.Cleanup(ts.Close)
	return ts
}

// benchSign sets a date, a nonce and an Authorization, as a signer does,
// without the cost of a real signature.
func benchSign(r *http.Request, _ []byte) error {
	r.Header.Set("X-Date", "20261122T100000Z")
	r.Header.Set("X-Nonce", "0123456789abcdef")
	r.Header.Set("Authorization", "bce-auth-v1/AK/2026-11-22T10:00:00Z/1800/host/0123456789abcdef")
	return nil
}

// BenchmarkDo is a full call (sign, send over loopback, read and return
// the answer) with the default HTTP client, as providers make it.
func BenchmarkDo(b *testing.B) {
	ts := benchServer(b)
	c := New(Config{Provider: "bench", Sign: benchSign, RequestIDHeaders: []string{"X-Request-Id"}})
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		req  *Request
	}{
		{"GetUser", &Request{Op: "GetUser", Method: http.MethodGet, URL: ts.URL + "/v1/user/bench?query=1", Idempotent: true}},
		{"CreateUser", &Request{Op: "CreateUser", Method: http.MethodPost, URL: ts.URL + "/v1/user",
			Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"name":"bench","description":"created by a benchmark"}`)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			g0 := goroutinesCreated()
			for b.Loop() {
				if _, err := c.Do(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
			if g0 >= 0 {
				b.ReportMetric(float64(goroutinesCreated()-g0)/float64(b.N), "goroutines/op")
			}
		})
	}
}

// cannedRT answers every request at once from memory, so a benchmark over
// it measures the client's own work only.
type cannedRT struct{ body string }

func (rt cannedRT) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req-1"}},
		Body:          io.NopCloser(strings.NewReader(rt.body)),
		ContentLength: int64(len(rt.body)),
		Request:       r,
	}, nil
}

// BenchmarkDoInMemory is a full call over a caller's client whose
// transport answers from memory: the transport's own cost per call.
func BenchmarkDoInMemory(b *testing.B) {
	hc := &http.Client{Transport: cannedRT{body: `{"user":{"id":"u-1","name":"bench","description":"a user of the benchmark","create_time":"2026-11-22T10:00:00Z"}}`}}
	c := New(Config{Provider: "bench", HTTPClient: hc, Sign: benchSign, RequestIDHeaders: []string{"X-Request-Id"}})
	ctx := context.Background()
	req := &Request{Op: "CreateUser", Method: http.MethodPost, URL: "https://iam.example.com/v1/user",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"name":"bench","description":"created by a benchmark"}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoJSONInMemory is BenchmarkDoInMemory decoding the answer with
// DoJSON and checking it with Expect, as providers call it.
func BenchmarkDoJSONInMemory(b *testing.B) {
	hc := &http.Client{Transport: cannedRT{body: `{"user":{"id":"u-1","name":"bench","description":"a user of the benchmark","create_time":"2026-11-22T10:00:00Z"}}`}}
	c := New(Config{Provider: "bench", HTTPClient: hc, Sign: benchSign, RequestIDHeaders: []string{"X-Request-Id"}})
	ctx := context.Background()
	var out struct {
		User struct{ ID, Name, Description string } `json:"user"`
	}
	req := &Request{Op: "CreateUser", Method: http.MethodPost, URL: "https://iam.example.com/v1/user",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"name":"bench","description":"created by a benchmark"}`),
		Expect: func([]byte) error {
			if out.User.ID == "" {
				return errNoID
			}
			return nil
		}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.DoJSON(ctx, req, &out); err != nil {
			b.Fatal(err)
		}
	}
}

var errNoID = errors.New("the answer has no user id")
