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
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/cloudiam-go/cloudiam/iam"
)

// call is the state of one Do. A go-retryablehttp Client built for the call
// runs its attempts, and the call's methods are that client's hooks, in the
// order it calls them:
//
//	startAttempt  (RequestLogHook) the attempt's context: Observer, deadline, trace
//	checkRetry    (CheckRetry)     read and judge the answer, report it, decide
//	backoff       (Backoff)        the wait before the next attempt
//	prepareRetry  (PrepareRetry)   sign the next attempt afresh
//
// The first attempt is signed before the client runs. Everything runs on
// Do's goroutine one step after the other; only the httptrace flags of an
// attempt may be set from net/http's goroutines, hence atomics there.
type call struct {
	c      *Client
	ctx    context.Context // the caller's, as the Observer's CallStart returned it
	req    *Request
	method string

	u        *url.URL        // the URL, parsed once; the first attempt signs it in place
	rawQuery string          // its query before signing, which each retry signs afresh
	reqCtx   context.Context // parent of the attempts' contexts: ctx, or for a Stream a child that Close cancels
	safe     string          // scheme://host/path, built when first needed

	rc   retryablehttp.Client  // runs the attempts, with this call's hooks
	hc   http.Client           // the configured client, copied so that it never follows redirects
	rreq retryablehttp.Request // the request, its body replayable

	maxAttempts int       // the attempts this call may make (Each shares a budget)
	deadline    time.Time // the call's time limit (Config.CallTimeout)

	attempts int           // attempts judged so far
	cur      *attempt      // the attempt sent last; it links to the earlier ones
	last     outcome       // what the last attempt (or signing) came to
	resigned bool          // a ClockSkew answer has been retried once
	resume   bool          // a retry is due after an attempt whose own context ended (see run)
	wait     time.Duration // the wait before the retry decided last
	// mayHaveActed: an earlier attempt of this non-idempotent request
	// reached the server and got no answer proving it did not act (a 5xx,
	// even one Classify marked NotActed, or a connection lost after the
	// request was written).
	mayHaveActed bool

	scrub   []string // secrets to remove from error text, as of scrubAt
	scrubAt *attempt
	scrubOK bool

	cancelStream context.CancelFunc // Stream calls: ends the body's reads
}

// attempt is one try of a call.
type attempt struct {
	n     int
	start time.Time // set when a Logger or an Observer wants a duration
	prev  *attempt

	// As signed, for scrubbing: the credential values they carry never
	// appear in error text.
	header http.Header
	query  string

	ctx    context.Context         // the Observer's context of the attempt
	sent   context.Context         // the context the attempt was sent with
	cancel context.CancelCauseFunc // ends the attempt's context
	timer  *time.Timer             // Config.AttemptTimeout; stopped once the answer is in

	traced       atomic.Bool // GetConn fired: the transport reports through httptrace
	wroteRequest atomic.Bool // WroteRequest fired without error: the request left complete
}

// outcome is what one attempt came to.
type outcome struct {
	done       bool // an attempt (or the signing of one) was judged
	resp       *Response
	err        *iam.Error
	status     int
	requestID  string
	retryable  bool          // the failure allows another attempt
	reason     string        // why (not) retryable, for the log
	retryAfter time.Duration // the server's requested wait, if any
	retry      bool          // the decision taken: another attempt follows
	// mayHaveActed: a non-idempotent request reached the server, which
	// may have acted (see call.mayHaveActed).
	mayHaveActed bool
}

// parked is the client the call's retryablehttp Client holds between
// attempts. When its Do fails it closes its client's idle connections
// (hashicorp/go-retryablehttp#237): on a shared Transport that would cost
// every other call its kept-alive connection. It can do so only between
// attempts, while it holds parked, whose transport has none to close;
// prepareRetry hands it the call's client back for the next attempt.
var parked = &http.Client{Transport: parkedTransport{}}

type parkedTransport struct{}

func (parkedTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("transport: no attempt in flight")
}

// noRedirects returns 3xx responses to the caller instead of following
// them: following one would send credentials (token headers, a signature)
// to another URL.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// run signs the first attempt and has the retryablehttp Client send it and
// any retries. It returns the Client's error: the context's when the
// context ends during a wait, nil when the last attempt got an answer.
// What the attempts came to is in st.last.
//
// The Client waits before a retry on the request's context, which is the
// last attempt's: when that attempt's own time limit ended it, the wait
// would end at once and the retry with it. checkRetry stops the Client
// then, and run waits and sends the retries with another Do.
func (st *call) run(hreq *http.Request) error {
	st.hc = *st.c.hc
	st.hc.CheckRedirect = noRedirects
	st.rc = retryablehttp.Client{
		HTTPClient:     &st.hc,
		RetryWaitMin:   st.c.minBackoff,
		RetryWaitMax:   st.c.maxBackoff,
		RetryMax:       st.maxAttempts, // checkRetry stops first
		RequestLogHook: st.startAttempt,
		CheckRetry:     st.checkRetry,
		Backoff:        st.backoff,
		PrepareRetry:   st.prepareRetry,
		// The last answer and error come back as they are: st.last maps them.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	st.rreq.Request = hreq
	if len(st.req.Body) > 0 {
		// A []byte is replayed by a fresh reader per attempt, never copied.
		_ = st.rreq.SetBody(st.req.Body) // cannot fail for a []byte
	}
	if err := st.sign(hreq); err != nil {
		st.last = st.signFailed(err)
		return nil
	}
	for {
		_, err := st.rc.Do(&st.rreq)
		if !st.resume {
			return err
		}
		st.resume = false
		t := time.NewTimer(st.backoff(st.c.minBackoff, st.c.maxBackoff, 0, nil))
		select {
		case <-st.ctx.Done():
			t.Stop()
			return st.ctx.Err()
		case <-t.C:
		}
		r := *st.rreq.Request // net/http may still read the request sent
		st.rreq.Request = &r
		if err := st.prepareRetry(&r); err != nil {
			return err
		}
	}
}

// signError marks a failure of Config.Sign: it is never retried.
type signError struct{ err error }

func (e *signError) Error() string { return "signing the request: " + e.err.Error() }
func (e *signError) Unwrap() error { return e.err }

// sign prepares r for an attempt and signs it: its own header map (the
// request's headers and the User-Agent, set before signing so a signer may
// cover it) and, on a retry, its own copy of the URL with the query as it
// was before signing (RPC signing adds to it); Sign then sets a fresh date
// and nonce.
func (st *call) sign(r *http.Request) error {
	if st.attempts > 0 {
		u := *r.URL
		u.RawQuery = st.rawQuery
		r.URL = &u
	}
	switch {
	case st.req.Header != nil:
		r.Header = st.req.Header.Clone()
	case st.attempts > 0:
		r.Header = make(http.Header, 8)
	} // else: the first attempt's empty map from http.NewRequest
	r.Header.Set("User-Agent", st.c.ua)
	if err := st.c.cfg.Sign(r, st.req.Body); err != nil {
		return &signError{err}
	}
	return nil
}

// startAttempt (RequestLogHook) opens an attempt just before it is sent:
// the Observer's AttemptStart, the attempt's deadline (a context, which
// net/http enforces without a goroutine, unlike http.Client.Timeout) and,
// for a request that must not be repeated blindly, an httptrace telling
// whether it was written.
func (st *call) startAttempt(_ retryablehttp.Logger, r *http.Request, _ int) {
	a := &attempt{n: st.attempts + 1, prev: st.cur, header: r.Header, query: r.URL.RawQuery}
	if st.c.cfg.Logger != nil || st.c.cfg.Observer != nil {
		a.start = time.Now()
	}
	ctx := st.reqCtx
	if o := st.c.cfg.Observer; o != nil && o.AttemptStart != nil {
		if c := o.AttemptStart(ctx, st.event(a)); c != nil {
			ctx = c
		}
	}
	a.ctx = ctx
	ctx, cancel := context.WithCancelCause(ctx)
	a.cancel = cancel
	timeout := st.c.timeoutErr
	if left := st.deadline.Sub(st.c.now()); left < timeout.d {
		// The call's time limit comes first.
		timeout = &attemptTimeoutError{d: st.c.callTimeout, what: "call"}
		a.timer = time.AfterFunc(max(left, 0), func() { cancel(timeout) })
	} else {
		a.timer = time.AfterFunc(timeout.d, func() { cancel(timeout) })
	}
	if !st.req.Idempotent {
		ctx = httptrace.WithClientTrace(ctx, a.trace())
	}
	a.sent = ctx
	*r = *r.WithContext(ctx)
	st.cur = a
}

// trace records the connection milestones of an attempt.
func (a *attempt) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { a.traced.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				a.wroteRequest.Store(true)
			}
		},
	}
}

// checkRetry (CheckRetry) judges the attempt just made (reading the whole
// body, unless it is a Stream's), reports it to the Logger and the
// Observer, and decides whether to try again. It never returns an error:
// the outcome is kept in st.last.
func (st *call) checkRetry(_ context.Context, resp *http.Response, err error) (bool, error) {
	st.rc.HTTPClient = parked
	a := st.cur
	st.attempts++
	var o outcome
	if err != nil {
		o = st.onError(err, a)
	} else {
		o = st.onResponse(resp)
	}
	a.timer.Stop() // the answer is in; a Stream's body has its own bounds
	o.done = true
	st.attemptDone(a, o)
	if o.err == nil {
		st.last = o
		return false, nil
	}
	st.earlierActed(o.err)
	st.mayHaveActed = st.mayHaveActed || o.mayHaveActed
	in := retryInput{
		ctxDone:     st.ctx.Err() != nil,
		retryable:   o.retryable,
		reason:      o.reason,
		attempt:     st.attempts,
		maxAttempts: st.maxAttempts,
		retryAfter:  o.retryAfter,
		maxBackoff:  st.c.maxBackoff,
	}
	if in.retryable && !in.ctxDone && in.attempt < in.maxAttempts {
		// The wait is decided now, so that a retry that would start past
		// the call's time limit is not made.
		st.wait = backoffDelay(st.c.minBackoff, st.c.maxBackoff, st.attempts-1, rand.Int64N)
		if o.retryAfter > st.wait {
			st.wait = o.retryAfter
		}
		in.wait, in.timeLeft = st.wait, st.deadline.Sub(st.c.now())
	}
	d := decideRetry(in)
	o.retry, o.reason = d.retry, d.reason
	st.last = o
	if !d.retry {
		st.logDecision(false, d.reason, 0)
		return false, nil
	}
	if a.sent.Err() != nil {
		st.resume = true // the Client would not wait: see run
		return false, nil
	}
	return true, nil
}

// backoff (Backoff) is the wait before the next retry, as checkRetry
// decided it: the jittered exponential backoff between MinBackoff and
// MaxBackoff, or the server's Retry-After when longer (checkRetry refused
// one beyond MaxBackoff).
func (st *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	wait := st.wait
	if st.c.observeWait != nil {
		wait = st.c.observeWait(wait)
	}
	st.logDecision(true, st.last.reason, wait)
	return wait
}

// prepareRetry (PrepareRetry) ends the attempt before and signs the next
// one afresh: a new date and nonce, and, after a ClockSkew answer, the
// server's clock.
func (st *call) prepareRetry(r *http.Request) error {
	st.cur.cancel(nil)
	// r is the previous attempt's request, whose context has just ended:
	// Sign sees the call's own context (a credentials provider may have to
	// refresh under it); startAttempt then gives the attempt its own.
	*r = *r.WithContext(st.reqCtx)
	if err := st.sign(r); err != nil {
		st.last = st.signFailed(err)
		st.earlierActed(st.last.err)
		return err
	}
	st.rc.HTTPClient = &st.hc
	return nil
}

// onResponse reads and closes the body (so the connection is reused) and
// classifies the response. Only a 2xx is a success: a 1xx or 3xx is
// ErrInvalidResponse (redirects are never followed), and a status >= 400
// goes to Classify. For a request that is not idempotent, every failure
// after the answer began is ErrOutcomeUnknown unless the status is a
// refusal (see statusPolicy).
func (st *call) onResponse(resp *http.Response) outcome {
	status := resp.StatusCode
	o := outcome{status: status, requestID: requestID(resp.Header, st.c.cfg.RequestIDHeaders)}
	success := status >= 200 && status <= 299
	if success && st.req.Stream {
		o.resp = &Response{StatusCode: status, Header: resp.Header, RequestID: o.requestID,
			Stream: st.newStreamBody(resp.Body, status, o.requestID)}
		resp.Body = http.NoBody // the caller owns the body now
		return o
	}
	limit := int64(errorBodyLimit)
	if success {
		limit = st.c.successMax
	}
	body, tooLarge, readErr := readBody(resp.Body, resp.ContentLength, limit)
	resp.Body = http.NoBody

	switch {
	case readErr != nil:
		if err := st.ctx.Err(); err != nil {
			o.err = st.contextError(err, st.scrubbed(readErr))
			o.err.StatusCode, o.err.RequestID = status, o.requestID
			o.reason = "context done"
			if !st.req.Idempotent {
				o.err.OutcomeUnknown = true
			}
			return o
		}
		o.err = st.newError(status, o.requestID, iam.ErrInvalidResponse, "the response body was cut off", st.scrubbed(readErr))
		o.retryable = st.req.Idempotent
		o.reason = "response body cut off"
		if !o.retryable {
			// The server answered, so it may well have acted: the caller
			// must check before trying again.
			o.reason += "; not repeating a non-idempotent request"
			st.unknown(o.err)
		}
		return o
	case !success && status < 400:
		o.err = st.newError(status, o.requestID, iam.ErrInvalidResponse, unexpectedStatus(status), nil)
		o.reason = "status " + strconv.Itoa(status) + " is not an answer"
		if !st.req.Idempotent {
			st.unknown(o.err)
		}
		return o
	case success && tooLarge:
		o.err = st.newError(status, o.requestID, iam.ErrInvalidResponse,
			"the response body is larger than "+sizeString(limit), nil)
		o.reason = "response body too large"
		if !st.req.Idempotent {
			st.unknown(o.err)
		}
		return o
	case success:
		o.resp = &Response{StatusCode: status, Header: resp.Header, Body: body, RequestID: o.requestID}
		return o
	}

	var d Decision
	if st.c.cfg.Classify != nil {
		resp.Body = io.NopCloser(bytes.NewReader(body)) // for a Classify that reads it
		d = st.c.cfg.Classify(resp, body)
		resp.Body = http.NoBody
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
	o.mayHaveActed = !st.req.Idempotent && status >= 500 && !d.ClockSkew
	o.retryAfter = clampWait(d.RetryAfter)
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), st.c.now()); ok && ra > o.retryAfter {
		o.retryAfter = ra
	}
	o.err = st.statusError(status, o.requestID, d.Err, p.outcomeUnknown)
	if !st.req.Idempotent && !o.err.OutcomeUnknown && o.err.Kind == iam.ErrAlreadyExists && st.mayHaveActed {
		// An earlier attempt of this very call reached the server and may
		// have made what now exists (checkRetry marks other failures).
		o.err.OutcomeUnknown = true
		o.err.Message += " (an earlier attempt of this call may have created it: " + outcomeUnknown + ")"
	}
	return o
}

// earlierActed marks e, the failure of an attempt of a non-idempotent
// request, as outcome-unknown when an earlier attempt reached the server
// and may have acted: whatever this attempt met (a refusal, a conflict
// with what the earlier one made), the call's outcome is unknown.
func (st *call) earlierActed(e *iam.Error) {
	if e != nil && st.mayHaveActed && !st.req.Idempotent && !e.OutcomeUnknown {
		e.OutcomeUnknown = true
		e.Message += " (an earlier attempt of this call may have acted: " + outcomeUnknown + ")"
	}
}

// unknown marks e as the failure of a request the server may have acted on.
func (st *call) unknown(e *iam.Error) {
	e.OutcomeUnknown = true
	e.Message += " (" + outcomeUnknown + ")"
}

// unexpectedStatus is the message of a 1xx or 3xx final answer.
func unexpectedStatus(status int) string {
	s := strconv.Itoa(status)
	if t := http.StatusText(status); t != "" {
		s += " " + t
	}
	if status >= 300 {
		return "the server answered " + s + "; redirects are not followed"
	}
	return "the server answered " + s + ", which is not a final answer"
}

// onError classifies a failure to get a response.
func (st *call) onError(err error, a *attempt) outcome {
	cause := unwrapURLError(err)
	if ctxErr := st.ctx.Err(); ctxErr != nil {
		e := st.contextError(ctxErr, st.scrubbed(cause))
		if !st.req.Idempotent && !requestNotSent(a, cause) {
			e.Message = st.method + " " + st.safeURL() + ": " + outcomeUnknown
			e.OutcomeUnknown = true
		}
		return outcome{err: e, reason: "context done"}
	}
	p := networkPolicy(cause, a, st.req.Idempotent)
	return outcome{err: st.networkErrorFor(cause, p.outcomeUnknown), retryable: p.retryable, reason: p.reason,
		mayHaveActed: !st.req.Idempotent && !requestNotSent(a, cause)}
}

// signFailed is the outcome of a Config.Sign failure: no attempt was sent,
// and none will be.
func (st *call) signFailed(err error) outcome {
	se := err.(*signError)
	var ie *iam.Error
	if errors.As(se.err, &ie) {
		e := *ie
		st.fill(&e, 0, "")
		return outcome{done: true, err: &e, reason: "signing failed"}
	}
	return outcome{done: true, err: st.newError(0, "", iam.ErrUnknown, "signing the request failed", st.scrubbed(se.err)),
		reason: "signing failed"}
}

// result turns the last outcome into Do's return values. rerr is what run
// returned: the context's error when it stopped during a backoff.
func (st *call) result(rerr error) (*Response, *iam.Error) {
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

// readBody reads body, whose declared length is n (-1 when unknown), up to
// limit bytes, and closes it. A declared length within limit is read into
// one buffer of that size. A longer body sets tooLarge; up to a little
// more is drained so a slightly long error body does not cost the
// connection.
func readBody(body io.ReadCloser, n, limit int64) (b []byte, tooLarge bool, err error) {
	defer body.Close()
	if body == http.NoBody { // HEAD, 204, 304: whatever the length says
		return nil, false, nil
	}
	if n >= 0 && n <= limit {
		b = make([]byte, n)
		k, err := io.ReadFull(body, b)
		return b[:k], false, err
	}
	b, err = io.ReadAll(io.LimitReader(body, limit))
	if err != nil {
		return b, false, err
	}
	extra, _ := io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	return b, extra > 0, nil
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

// streamIdleTimeout bounds each read of a Stream body: a server that
// sends nothing for this long has stalled.
var streamIdleTimeout = 30 * time.Second

// streamBody is the body of a Stream response: read errors become
// *iam.Error; a read that gets no data for streamIdleTimeout, a read past
// the call's time limit and a body beyond Client.streamMax fail; Close
// drains a little so the connection can be reused.
type streamBody struct {
	body      io.ReadCloser
	st        *call
	status    int
	requestID string
	idle      *time.Timer // ends a read that waits too long
	timedOut  atomic.Bool
	read      int64 // bytes read so far
	err       error // the first read error, returned from then on
	// retryable: the body failed in a way asking again may cure (cut off,
	// stalled), not by its size or the call's time limit.
	retryable bool
}

func (st *call) newStreamBody(body io.ReadCloser, status int, requestID string) *streamBody {
	b := &streamBody{body: body, st: st, status: status, requestID: requestID}
	b.idle = time.AfterFunc(time.Hour, func() {
		b.timedOut.Store(true)
		st.cancelStream()
	})
	b.idle.Stop()
	return b
}

func (b *streamBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	st := b.st
	wait := streamIdleTimeout
	left := st.deadline.Sub(st.c.now())
	if left <= 0 {
		return 0, b.fail(st.newError(b.status, b.requestID, iam.ErrInvalidResponse,
			"the response body took longer than the call's time limit ("+st.c.callTimeout.String()+")", nil), false)
	}
	wait = min(wait, left)
	if rest := st.c.streamMax - b.read; int64(len(p)) > rest {
		if rest <= 0 {
			return 0, b.fail(st.newError(b.status, b.requestID, iam.ErrInvalidResponse,
				"the response body is larger than "+sizeString(st.c.streamMax), nil), false)
		}
		p = p[:rest]
	}
	b.idle.Reset(wait)
	n, err := b.body.Read(p)
	b.idle.Stop()
	b.read += int64(n)
	if err != nil && err != io.EOF {
		var e *iam.Error
		retryable := false
		switch ctxErr := st.ctx.Err(); {
		case ctxErr != nil:
			e = st.contextError(ctxErr, st.scrubbed(err))
			e.StatusCode, e.RequestID = b.status, b.requestID
		case b.timedOut.Load() && !st.c.now().Before(st.deadline):
			e = st.newError(b.status, b.requestID, iam.ErrInvalidResponse,
				"the response body took longer than the call's time limit ("+st.c.callTimeout.String()+")", nil)
		case b.timedOut.Load():
			e = st.newError(b.status, b.requestID, iam.ErrInvalidResponse,
				"the response body stalled: no data for "+streamIdleTimeout.String(), nil)
			retryable = true
		default:
			e = st.newError(b.status, b.requestID, iam.ErrInvalidResponse, "the response body was cut off", st.scrubbed(err))
			retryable = true
		}
		return n, b.fail(e, retryable)
	}
	return n, err
}

// fail keeps e as the body's error, returned by every later Read.
func (b *streamBody) fail(e *iam.Error, retryable bool) error {
	b.err, b.retryable = e, retryable
	return e
}

// Close drains up to 64 KiB (a listing abandoned near its end keeps its
// connection), closes the body and ends the call.
func (b *streamBody) Close() error {
	if b.err == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(b, 64<<10))
	}
	err := b.body.Close()
	b.idle.Stop()
	b.st.cancelStream()
	return err
}
