package faulttest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the Front does with one request instead of (or after)
// handing it to the wrapped handler.
type Fault struct {
	// Name identifies the fault in test names.
	Name string
	// Forward hands the request to the wrapped handler first: the server
	// acts on it, then the fault spoils the answer.
	Forward bool
	// Status, Header and Body make the answer (with Forward unset). A zero
	// Status with no other effect passes the request through.
	Status int
	Header http.Header
	Body   string
	// Reset closes the connection without an answer (an abortive close).
	Reset bool
	// Truncate sends the status line, the headers and the first half of
	// the body (of the handler's answer with Forward), then closes the
	// connection: the body is cut off mid-JSON.
	Truncate bool
	// Delay holds the answer this long, or until the client gives up.
	// With Forward the request reaches the handler after the delay, and
	// only if the client still waits.
	Delay time.Duration
	// Hang never answers: the request waits until the client gives up.
	Hang bool
	// Rewrite, with Forward, replaces the handler's answer (its status,
	// headers and body) by the one it returns: the server acted, then a
	// proxy spoiled its answer.
	Rewrite func(status int, header http.Header, body []byte) (int, http.Header, []byte)
	// Answer, when set, makes the answer (with Forward unset) from the
	// request and its body: an error that echoes what the request carried,
	// or one in the cloud's own format. A zero status passes the request
	// to the handler untouched.
	Answer func(r *http.Request, body []byte) (status int, header http.Header, respBody []byte)
	// Endless sends the status and headers (Status, 200 by default, or
	// the handler's with Forward), then Endless, then filler bytes that
	// never end, until the client goes away. With Forward, only a 2xx
	// answer is made endless; others pass unchanged.
	Endless string
}

// Front is an http.Handler that injects faults in front of another one.
// It is safe for concurrent use.
type Front struct {
	next     http.Handler
	mu       sync.Mutex
	queue    []Fault
	requests atomic.Int64
	passed   atomic.Int64
	failed   atomic.Int64
	stop     chan struct{}
	once     sync.Once
	credMu   sync.Mutex
	creds    map[string]bool
	clock    atomic.Pointer[func() time.Time]
}

// SetClock makes every answer carry a Date header from now, as a server
// whose clock differs from the client's would send.
func (f *Front) SetClock(now func() time.Time) { f.clock.Store(&now) }

// credentialHeaders carry a credential or a signature in a request.
var credentialHeaders = []string{"Authorization", "X-Auth-Token", "X-Security-Token",
	"X-Bce-Security-Token", "X-Acs-Security-Token"}

// credentialParams carry them in an RPC query string.
var credentialParams = []string{"Signature", "SecurityToken"}

// Credentials returns every credential value (Authorization and token
// headers, RPC signatures) the Front has seen, to look for in logs.
func (f *Front) Credentials() []string {
	f.credMu.Lock()
	defer f.credMu.Unlock()
	out := make([]string, 0, len(f.creds))
	for v := range f.creds {
		out = append(out, v)
	}
	return out
}

func (f *Front) record(r *http.Request) {
	f.credMu.Lock()
	defer f.credMu.Unlock()
	if f.creds == nil {
		f.creds = map[string]bool{}
	}
	for _, h := range credentialHeaders {
		for _, v := range r.Header.Values(h) {
			f.creds[v] = true
		}
	}
	q := r.URL.Query()
	for _, p := range credentialParams {
		for _, v := range q[p] {
			f.creds[v] = true
		}
	}
}

// Wrap returns a Front passing requests to h.
func Wrap(h http.Handler) *Front {
	return &Front{next: h, stop: make(chan struct{})}
}

// Inject queues faults: the next requests get them, one each, in order.
func (f *Front) Inject(faults ...Fault) {
	f.mu.Lock()
	f.queue = append(f.queue, faults...)
	f.mu.Unlock()
}

// Clear drops the faults not yet applied.
func (f *Front) Clear() {
	f.mu.Lock()
	f.queue = nil
	f.mu.Unlock()
}

// Requests returns how many requests the Front has received.
func (f *Front) Requests() int { return int(f.requests.Load()) }

// Forwarded returns how many requests reached the wrapped handler.
func (f *Front) Forwarded() int { return int(f.passed.Load()) }

// Release ends every hung or delayed answer (call it before closing the
// server, so no handler outlives the test).
func (f *Front) Release() { f.once.Do(func() { close(f.stop) }) }

func (f *Front) next1() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) == 0 {
		return Fault{}, false
	}
	ft := f.queue[0]
	f.queue = f.queue[1:]
	return ft, true
}

// Failed returns how many answers of the wrapped handler had a status of
// 400 or more.
func (f *Front) Failed() int { return int(f.failed.Load()) }

func (f *Front) forward(w http.ResponseWriter, r *http.Request) {
	f.passed.Add(1)
	sw := &statusWriter{ResponseWriter: w}
	f.next.ServeHTTP(sw, r)
	if sw.status >= 400 {
		f.failed.Add(1)
	}
}

// statusWriter notes the status a handler writes.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// ServeHTTP applies the next queued fault, if any, to r.
func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	f.record(r)
	if now := f.clock.Load(); now != nil {
		w.Header().Set("Date", (*now)().UTC().Format(http.TimeFormat))
	}
	ft, ok := f.next1()
	if !ok {
		f.forward(w, r)
		return
	}
	if ft.Hang {
		select {
		case <-r.Context().Done():
		case <-f.stop:
		}
		return
	}
	if ft.Delay > 0 {
		t := time.NewTimer(ft.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return
		case <-f.stop:
			return
		case <-t.C:
		}
	}
	status, header, body := ft.Status, ft.Header, []byte(ft.Body)
	switch {
	case ft.Forward:
		rec := httptest.NewRecorder()
		f.forward(rec, r)
		status, header, body = rec.Code, rec.Header(), rec.Body.Bytes()
		if ft.Rewrite != nil {
			status, header, body = ft.Rewrite(status, header.Clone(), body)
		}
	case ft.Answer != nil:
		reqBody, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		status, header, body = ft.Answer(r, reqBody)
	}
	switch {
	case ft.Endless != "" && (!ft.Forward || status >= 200 && status <= 299):
		f.endless(w, r, status, header, ft.Endless)
	case ft.Reset:
		reset(w)
	case ft.Truncate:
		cut(w, status, header, body)
	case status == 0:
		if ft.Forward {
			writeAll(w, http.StatusOK, header, body)
			return
		}
		f.forward(w, r)
	default:
		writeAll(w, status, header, body)
	}
}

// endless writes the status and headers, then prefix, then filler without
// end (chunked), until the client goes away or the Front is released.
func (f *Front) endless(w http.ResponseWriter, r *http.Request, status int, header http.Header, prefix string) {
	for k, v := range header {
		if !strings.EqualFold(k, "Content-Length") {
			w.Header()[k] = v
		}
	}
	w.Header().Del("Content-Length")
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if _, err := io.WriteString(w, prefix); err != nil {
		return
	}
	chunk := []byte(strings.Repeat("a", 32<<10))
	for {
		select {
		case <-r.Context().Done():
			return
		case <-f.stop:
			return
		default:
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func writeAll(w http.ResponseWriter, status int, header http.Header, body []byte) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// reset drops the connection with an RST, before any byte of an answer.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// cut writes a response announcing the whole body, sends half of it and
// closes the connection.
func cut(w http.ResponseWriter, status int, header http.Header, body []byte) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	if status == 0 {
		status = http.StatusOK
	}
	if len(body) < 2 {
		body = []byte(`{"x":"` + strings.Repeat("y", 64) + `"}`)
	}
	writeHead(buf, status, header, len(body))
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}

func writeHead(buf *bufio.ReadWriter, status int, header http.Header, n int) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	for k, vs := range header {
		if strings.EqualFold(k, "Content-Length") || strings.EqualFold(k, "Transfer-Encoding") || strings.EqualFold(k, "Connection") {
			continue
		}
		for _, v := range vs {
			fmt.Fprintf(buf, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(buf, "Content-Length: %d\r\nConnection: close\r\n\r\n", n)
}
