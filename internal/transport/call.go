package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// call is the state of one Do: the request, the attempt in flight and the
// outcome of the last one. Its loop (run) sends attempts through an
// *http.Client built for this call and decides after each with the small
// policy functions in policy.go. The loop and the round-tripper run on Do's
// goroutine one after the other; only the httptrace flags of an attempt may
// be set from net/http's goroutines, hence atomics there.
type call struct {
	c       *Client
	ctx     context.Context
	req     *Request
	method  string
	safeURL string // scheme://host/path: no query, no user info

	scrub []string // strings that must never appear in an error or log line

	attempts int      // attempts evaluated so far
	cur      *attempt // the attempt the round-tripper started last
	last     outcome  // outcome of the last evaluated attempt
	wait     time.Duration
	resigned bool // a ClockSkew answer has been retried once

	cancelStream context.CancelFunc // Stream calls: ends the body's reads
}

// attempt is one try of a call, as seen by the round-tripper and httptrace.
type attempt struct {
	n     int
	start time.Time

	traced       atomic.Bool // GetConn fired: the transport reports through httptrace
	gotConn      atomic.Bool
	wroteRequest atomic.Bool // WroteRequest fired without error: the request left complete
}

// outcome is what one attempt came to.
type outcome struct {
	done       bool // an attempt was evaluated
	resp       *Response
	err        *iam.Error
	status     int
	requestID  string
	retryable  bool          // the failure allows another attempt
	reason     string        // why (not) retryable, for the log
	retryAfter time.Duration // the server's requested wait, if any
	retry      bool          // the decision taken: another attempt follows
}

func (c *Client) newCall(ctx context.Context, req *Request, method string, u *url.URL) *call {
	st := &call{c: c, ctx: ctx, req: req, method: method, safeURL: redactURL(u)}
	if u.RawQuery != "" {
		st.scrub = append(st.scrub, u.RawQuery)
		for _, vs := range u.Query() {
			for _, v := range vs {
				if len(v) >= minScrubLen {
					st.scrub = append(st.scrub, v, url.QueryEscape(v))
				}
			}
		}
	}
	return st
}

// httpClient returns the client for this call: a copy of the configured
// *http.Client (never mutated) whose Transport is wrapped by the signing
// round-tripper, and which never follows redirects.
func (st *call) httpClient() *http.Client {
	hc := *st.c.hc
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &signingTransport{call: st, next: next}
	if st.req.Stream && st.c.defaultClient {
		// The overall timeout would cut a long listing read by a slow
		// loop; the body's reads are bounded by streamIdleTimeout instead,
		// the wait for headers by the transport's ResponseHeaderTimeout.
		hc.Timeout = 0
	}
	// A signed API request is never redirected: following one would send
	// credentials (token headers, a signature) to another URL.
	hc.CheckRedirect = noRedirects
	return &hc
}

// run sends attempts of req until one is final, waiting between them as
// decided. It returns the context's error when the context ends during a
// wait. Idle connections are never closed here: a failed call must not
// cost the next one its kept-alive connection.
func (st *call) run(req *http.Request) error {
	hc := st.httpClient()
	for {
		resp, err := hc.Do(req)
		if !st.evaluate(resp, err) {
			return nil
		}
		t := time.NewTimer(st.wait)
		select {
		case <-st.ctx.Done():
			t.Stop()
			return st.ctx.Err()
		case <-t.C:
		}
	}
}

// noRedirects returns 3xx responses to the caller instead of following them.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// signingTransport signs every attempt afresh and traces it.
type signingTransport struct {
	call *call
	next http.RoundTripper
}

// signError marks a failure of Config.Sign: it is never retried.
type signError struct{ err error }

func (e *signError) Error() string { return "signing the request: " + e.err.Error() }
func (e *signError) Unwrap() error { return e.err }

// RoundTrip clones the request with the call's exact body, sets the
// User-Agent, signs the clone (fresh date and nonce on every attempt) and
// sends it with an httptrace that tells whether it was written.
func (t *signingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	st := t.call
	if r.Body != nil {
		r.Body.Close()
	}
	a := &attempt{n: st.attempts + 1, start: time.Now()}
	st.cur = a
	ctx := httptrace.WithClientTrace(r.Context(), a.trace())
	// The clone Sign may change: its own header map and URL (RPC signing
	// adds to the query). r.Clone would also copy forms, trailers and
	// cookies-related state an API request never has, at 8 KB of binary.
	out := r.WithContext(ctx)
	u := *r.URL
	out.URL = &u
	out.Header = r.Header.Clone()
	if out.Header == nil {
		out.Header = http.Header{}
	}
	body := st.req.Body
	out.ContentLength = int64(len(body))
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	} else {
		out.Body = http.NoBody
		out.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
	}
	out.Header.Set("User-Agent", st.c.ua)
	if err := st.c.cfg.Sign(out, body); err != nil {
		return nil, &signError{err}
	}
	st.noteSecretHeaders(out.Header)
	return t.next.RoundTrip(out)
}

// trace records the connection milestones of an attempt.
func (a *attempt) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { a.traced.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { a.gotConn.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				a.wroteRequest.Store(true)
			}
		},
	}
}

// current returns the attempt being evaluated, or nil when the
// round-tripper never ran for it.
func (st *call) current() *attempt {
	if st.cur != nil && st.cur.n == st.attempts {
		return st.cur
	}
	return nil
}

// evaluate judges an attempt (reading the whole body), logs it and decides
// whether to try again; the wait before that attempt is left in st.wait.
func (st *call) evaluate(resp *http.Response, err error) bool {
	st.attempts++
	a := st.current()
	var o outcome
	if err != nil {
		o = st.onError(err, a)
	} else {
		o = st.onResponse(resp)
	}
	o.done = true
	st.logAttempt(a, o)
	if o.err == nil {
		st.last = o
		return false
	}
	d := decideRetry(retryInput{
		ctxDone:     st.ctx.Err() != nil,
		retryable:   o.retryable,
		reason:      o.reason,
		attempt:     st.attempts,
		maxAttempts: st.c.maxAttempts,
		retryAfter:  o.retryAfter,
		minBackoff:  st.c.minBackoff,
		maxBackoff:  st.c.maxBackoff,
	}, rand.Int64N)
	if d.retry && st.c.observeWait != nil {
		d.wait = st.c.observeWait(d.wait)
	}
	o.retry = d.retry
	st.wait = d.wait
	st.last = o
	st.logDecision(d)
	return d.retry
}

// onResponse reads and closes the body (so the connection is reused),
// leaves a replayable copy in its place, and classifies the response.
func (st *call) onResponse(resp *http.Response) outcome {
	status := resp.StatusCode
	o := outcome{status: status, requestID: requestID(resp.Header, st.c.cfg.RequestIDHeaders)}
	if status < 400 && st.req.Stream {
		o.resp = &Response{StatusCode: status, Header: resp.Header, RequestID: o.requestID,
			Stream: st.newStreamBody(resp.Body, status, o.requestID)}
		resp.Body = http.NoBody // the caller owns the body now
		return o
	}
	limit := int64(errorBodyLimit)
	if status < 400 {
		limit = st.c.successMax
	}
	body, tooLarge, readErr := readBody(resp.Body, limit)
	resp.Body = io.NopCloser(bytes.NewReader(body))

	switch {
	case readErr != nil:
		if err := st.ctx.Err(); err != nil {
			o.err = st.contextError(err, st.scrubbed(readErr))
			o.err.StatusCode, o.err.RequestID = status, o.requestID
			o.reason = "context done"
			return o
		}
		o.err = st.newError(status, o.requestID, iam.ErrInvalidResponse, "the response body was cut off", st.scrubbed(readErr))
		o.retryable = st.req.Idempotent
		o.reason = "response body cut off"
		if !o.retryable {
			// The server answered, so it may well have acted: the caller
			// must check before trying again.
			o.reason += "; not repeating a non-idempotent request"
			o.err.OutcomeUnknown = true
			o.err.Message += " (" + outcomeUnknown + ")"
		}
		return o
	case status < 400 && tooLarge:
		o.err = st.newError(status, o.requestID, iam.ErrInvalidResponse,
			"the response body is larger than "+sizeString(limit), nil)
		o.reason = "response body too large"
		return o
	case status < 400:
		o.resp = &Response{StatusCode: status, Header: resp.Header, Body: body, RequestID: o.requestID}
		return o
	}

	var d Decision
	if st.c.cfg.Classify != nil {
		d = st.c.cfg.Classify(resp, body)
	}
	if d.ClockSkew {
		// Re-sign with the server's time, once per call; the server did
		// not act on a request it refused to authenticate.
		if !st.resigned && st.c.learnSkew(resp.Header.Get("Date")) {
			st.resigned = true
			d.Retry, d.NotActed = true, true
		} else {
			d.Retry, d.NotActed = false, false
		}
	}
	p := statusPolicy(status, d, st.req.Idempotent)
	o.retryable, o.reason = p.retryable, p.reason
	o.retryAfter = d.RetryAfter
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), st.c.now()); ok && ra > o.retryAfter {
		o.retryAfter = ra
	}
	o.err = st.statusError(status, o.requestID, d.Err, p.outcomeUnknown)
	return o
}

// onError classifies a failure to get a response.
func (st *call) onError(err error, a *attempt) outcome {
	cause := unwrapURLError(err)
	if ctxErr := st.ctx.Err(); ctxErr != nil {
		e := st.contextError(ctxErr, st.scrubbed(cause))
		if !st.req.Idempotent && !requestNotSent(a, cause) {
			e.Message = st.method + " " + st.safeURL + ": " + outcomeUnknown
			e.OutcomeUnknown = true
		}
		return outcome{err: e, reason: "context done"}
	}
	var se *signError
	if errors.As(cause, &se) {
		var ie *iam.Error
		if errors.As(se.err, &ie) {
			e := *ie
			st.fill(&e, 0, "")
			return outcome{err: &e, reason: "signing failed"}
		}
		return outcome{
			err:    st.newError(0, "", iam.ErrUnknown, "signing the request failed", st.scrubbed(se.err)),
			reason: "signing failed",
		}
	}
	p := networkPolicy(cause, a, st.req.Idempotent)
	return outcome{err: st.networkErrorFor(cause, p.outcomeUnknown), retryable: p.retryable, reason: p.reason}
}

// result turns the last outcome into Do's return values. rerr is what run
// returned: the context error when it stopped during a backoff.
func (st *call) result(rerr error) (*Response, error) {
	o := st.last
	if !o.done {
		if rerr == nil {
			rerr = errors.New("no attempt was made")
		}
		return nil, st.networkError(rerr, false)
	}
	if (rerr != nil && o.retry) || (o.err != nil && o.retryable && st.ctx.Err() != nil) {
		// Stopped while waiting to retry, or before retrying: only the
		// context does that, so the error says so (errors.Is matches it).
		if err := st.ctx.Err(); err != nil {
			e := st.contextError(err, o.err)
			e.StatusCode, e.RequestID = o.status, o.requestID
			e.OutcomeUnknown = o.err.OutcomeUnknown
			return nil, e
		}
	}
	if o.err != nil {
		return nil, o.err
	}
	return o.resp, nil
}

// readBody reads at most limit bytes of body and closes it. When the body
// is longer, tooLarge is set; up to a little more is drained so a slightly
// long error body does not cost the connection.
func readBody(body io.ReadCloser, limit int64) (b []byte, tooLarge bool, err error) {
	defer body.Close()
	b, err = io.ReadAll(io.LimitReader(body, limit))
	if err != nil {
		return b, false, err
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	return b, n > 0, nil
}

// sizeString prints a byte limit for a message.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " bytes"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// noteSecretHeaders remembers the values of credential-bearing headers the
// signer set, so no error text can carry them.
func (st *call) noteSecretHeaders(h http.Header) {
	for name, vs := range h {
		if !isSecretHeader(name) {
			continue
		}
		for _, v := range vs {
			if len(v) >= minScrubLen {
				st.scrub = append(st.scrub, v)
			}
		}
	}
}

// isSecretHeader reports whether a header may carry a credential.
func isSecretHeader(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"authorization", "token", "signature", "secret", "password", "credential", "cookie"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// streamIdleTimeout bounds each read of a Stream body made with the
// default client: a server that sends nothing for this long has stalled.
var streamIdleTimeout = 30 * time.Second

// streamBody is the body of a Stream response: read errors become
// *iam.Error, a read that gets no data for streamIdleTimeout fails, and
// Close drains a little so the connection can be reused.
type streamBody struct {
	body      io.ReadCloser
	st        *call
	status    int
	requestID string
	idle      *time.Timer // nil with a caller's client (its own timeouts apply)
	timedOut  atomic.Bool
	err       error // the first read error, returned from then on
}

func (st *call) newStreamBody(body io.ReadCloser, status int, requestID string) *streamBody {
	b := &streamBody{body: body, st: st, status: status, requestID: requestID}
	if st.c.defaultClient {
		b.idle = time.AfterFunc(time.Hour, func() {
			b.timedOut.Store(true)
			st.cancelStream()
		})
		b.idle.Stop()
	}
	return b
}

func (b *streamBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.idle != nil {
		b.idle.Reset(streamIdleTimeout)
	}
	n, err := b.body.Read(p)
	if b.idle != nil {
		b.idle.Stop()
	}
	if err != nil && err != io.EOF {
		st := b.st
		var e *iam.Error
		switch ctxErr := st.ctx.Err(); {
		case ctxErr != nil:
			e = st.contextError(ctxErr, st.scrubbed(err))
			e.StatusCode, e.RequestID = b.status, b.requestID
		case b.timedOut.Load():
			e = st.newError(b.status, b.requestID, iam.ErrInvalidResponse,
				"the response body stalled: no data for "+streamIdleTimeout.String(), nil)
		default:
			e = st.newError(b.status, b.requestID, iam.ErrInvalidResponse, "the response body was cut off", st.scrubbed(err))
		}
		b.err = e
		return n, e
	}
	return n, err
}

// Close drains up to 64 KiB (a listing abandoned near its end keeps its
// connection), closes the body and ends the call.
func (b *streamBody) Close() error {
	if b.err == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(b, 64<<10))
	}
	err := b.body.Close()
	if b.idle != nil {
		b.idle.Stop()
	}
	b.st.cancelStream()
	return err
}
