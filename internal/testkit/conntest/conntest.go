// Package conntest holds the test servers of the connection-reuse tests:
// a loopback server that counts the connections it accepts, and a handler
// that fails one armed request. It imports no provider, so every provider's
// tests can use it.
package conntest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// Server serves a handler on a loopback httptest.Server and counts the
// connections it accepts and the requests it serves.
type Server struct {
	*httptest.Server
	Conns atomic.Int64 // connections accepted (http.StateNew)
	Reqs  atomic.Int64 // requests served
}

// NewServer starts a Server for h, closed when the test ends.
func NewServer(t testing.TB, h http.Handler) *Server {
	t.Helper()
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Reqs.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.Conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// FailOnce answers the next request after Arm with a canned failure and
// passes every other request to Next.
type FailOnce struct {
	Next    http.Handler
	Status  int
	Header  map[string]string
	Body    []byte
	Chunked bool // flush the header first, so the body goes out chunked

	armed  atomic.Bool
	failed atomic.Int64
}

// Arm makes the next request fail.
func (f *FailOnce) Arm() { f.armed.Store(true) }

// Failed counts the requests answered with the failure.
func (f *FailOnce) Failed() int64 { return f.failed.Load() }

// ServeHTTP implements http.Handler.
func (f *FailOnce) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !f.armed.CompareAndSwap(true, false) {
		f.Next.ServeHTTP(w, r)
		return
	}
	f.failed.Add(1)
	_, _ = io.Copy(io.Discard, r.Body)
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	if f.Chunked {
		w.WriteHeader(f.Status)
		_ = http.NewResponseController(w).Flush()
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		w.WriteHeader(f.Status)
	}
	_, _ = w.Write(f.Body)
}
