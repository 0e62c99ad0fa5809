package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/jsonstream"
)

// Request is one API call.
type Request struct {
	// Op is the operation name, for errors and logs.
	Op     string
	Method string
	// URL is the full request URL. Logs and errors show it without its query.
	URL    string
	Header http.Header
	// Body is sent as is and handed to Sign on every attempt.
	Body []byte
	// Idempotent marks a request that may be repeated even after the server
	// may have acted on it (reads, deletes, updates that set state). A
	// request that creates something must leave it false: it is then retried
	// only when the failure proves the server did not act (connection never
	// made, request never written, throttled, or a status the provider's
	// Classify marks as not acted on).
	Idempotent bool
	// Stream leaves a successful response's body unread: Do returns it as
	// Response.Stream (Body stays nil), for answers too large to hold, such
	// as an unpaginated list. Error answers are read and classified as usual.
	Stream bool
	// Secrets are values this request carries that must never appear in an
	// error or a log line: a password in a JSON body, a key secret, a
	// token. They are scrubbed (as sent, JSON-escaped and query-escaped)
	// from the cloud's error messages and every other error text, besides
	// what is always scrubbed: credential header values and the values of
	// secret-named query parameters (see Secrets in the package doc).
	// Values shorter than 4 bytes are not scrubbed.
	Secrets []string
	// Expect, when set, checks a successful answer before it is returned:
	// it gets the body (DoJSON calls it after decoding into out, so it may
	// check out instead) and returns an error when the answer lacks what
	// the call must return, such as the id, name or secret of what a
	// create made. The call then fails with ErrInvalidResponse, and, for a
	// request that is not Idempotent, ErrOutcomeUnknown: the cloud acted,
	// but its answer cannot be used. The error's text becomes the message
	// ("the answer has no user id"); it must not quote the body. Not
	// called for a Stream request.
	Expect func(body []byte) error
}

// Response is a response with a 2xx status: complete, or, for a Stream
// request, with its body still to be read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	RequestID  string
	// Stream is the unread body of a Stream request; the caller must close
	// it. A failure while reading it is an *iam.Error: ErrInvalidResponse
	// when the body is cut off, stalls (no data for 30 s), outlasts the
	// call's time limit or grows beyond 256 MiB, or the context's error
	// (errors.Is matches it). Closing it early drains a little so the
	// connection can be reused.
	Stream io.ReadCloser
}

// Decision is what Classify tells the transport about a failed response.
type Decision struct {
	// Err is the *iam.Error to return if the call is not retried. The
	// transport fills Provider, Op, StatusCode and RequestID when empty.
	Err *iam.Error
	// Retry allows another attempt of an idempotent request.
	Retry bool
	// NotActed says the server certainly did not act (throttling, a signature
	// refused, 503 from a gateway), so even a create may be retried when
	// Retry is set, and its failure is not ErrOutcomeUnknown. A 4xx that
	// is not retried is a refusal without it.
	NotActed bool
	// RetryAfter, when positive, is the server's requested wait; it is
	// clamped to [0, 24 h] (build it with ServerWait, which saturates
	// instead of overflowing).
	RetryAfter time.Duration
	// ClockSkew says the server refused the signing time (an expired or
	// future-dated signature). When the response carries a Date header, the
	// Client learns the server's clock from it (Now follows it from then
	// on) and, once per call, signs the request again and retries it; the
	// server did not act, so this holds for creates too.
	ClockSkew bool
}

// Config configures a Client.
type Config struct {
	// Provider is the provider's scheme, for errors, logs and the User-Agent.
	Provider string
	// HTTPClient sends the requests; nil uses a default client that honours
	// HTTP(S)_PROXY, with connect (10 s), TLS (10 s) and response-header
	// (30 s) timeouts, and no overall Timeout (see AttemptTimeout). A
	// caller's client (its Transport: tracing, proxies, connection tuning)
	// gets each attempt already signed, its Transport unwrapped; it is
	// copied per call so that it never follows a redirect, and never
	// modified. A Timeout set on it applies as well, at the cost net/http
	// charges for one: two goroutines per request.
	HTTPClient *http.Client
	// Sign signs one attempt in place: it must set a fresh date (and nonce)
	// each time it is called.
	Sign func(r *http.Request, body []byte) error
	// Classify turns a response with status >= 400, whose body has been read
	// (at most 1 MiB), into a Decision. Nil classifies by status alone.
	Classify func(resp *http.Response, body []byte) Decision
	// RequestIDHeaders are the response headers that carry the request id,
	// in order of preference.
	RequestIDHeaders []string
	// MaxAttempts bounds the attempts of one call; zero means 4.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential backoff;
	// zero means 200 ms and 5 s. A Retry-After longer than MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Logger receives one debug line per attempt and one per retry decision;
	// nil logs nothing. No line ever holds a query string, a header value,
	// a body, a secret or a token.
	Logger iam.Logger
	// UserAgent is appended to "cloudiam-go/<version> (<go version>; <os>/<arch>)".
	UserAgent string
	// Observer receives the start and end of every request (Native calls
	// named by Request.Op) and of every HTTP attempt; nil observes nothing.
	Observer *iam.Observer
	// AttemptTimeout bounds each attempt, from sending the request to the
	// end of its answer (for a Stream request, to its headers); zero means
	// 60 s. It is a context deadline, not http.Client.Timeout, so it costs
	// no goroutine. An attempt that outlasts it fails like a lost
	// connection (ErrUnavailable, retried by the usual rules), and
	// errors.Is(err, context.DeadlineExceeded) holds.
	AttemptTimeout time.Duration
	// CallTimeout bounds a whole call, every attempt and wait included, and
	// for a Stream request the reading of its body, whatever the caller's
	// context says; zero means MaxAttempts × (AttemptTimeout + MaxBackoff)
	// (4 × 65 s with the defaults). A retry that would start past it is
	// not made; an attempt or a body read it ends fails like one that
	// outlasts AttemptTimeout.
	CallTimeout time.Duration
}

// Defaults applied by New.
const (
	defaultMaxAttempts = 4
	defaultMinBackoff  = 200 * time.Millisecond
	defaultMaxBackoff  = 5 * time.Second

	// errorBodyLimit bounds what is read of an error response (and handed
	// to Classify) or of a 1xx/3xx one; successBodyLimit bounds a
	// successful response read whole, streamBodyLimit a Stream's body.
	errorBodyLimit   = 1 << 20
	successBodyLimit = 64 << 20
	streamBodyLimit  = 256 << 20

	// maxServerWait bounds a wait the server asks for (Retry-After, a
	// provider's hint): longer ones are read as this, never overflowing.
	maxServerWait = 24 * time.Hour
)

// Client sends signed requests with retries. It is safe for concurrent use.
type Client struct {
	cfg         Config
	hc          *http.Client // the base client; copied per call, never mutated
	ua          string
	maxAttempts int
	minBackoff  time.Duration
	maxBackoff  time.Duration
	timeoutErr  *attemptTimeoutError // ends an attempt after AttemptTimeout
	callTimeout time.Duration

	// Seams for tests; set only by New and by tests in this package.
	now         func() time.Time
	successMax  int64
	streamMax   int64
	observeWait func(time.Duration) time.Duration // nil: wait as decided

	// skew is the server's clock minus ours, in nanoseconds, learnt from
	// the Date header of a ClockSkew answer.
	skew atomic.Int64
}

// Now is the signing clock: the local time corrected by the offset learnt
// from a server that refused a signing time (see Decision.ClockSkew).
// Providers sign with it.
func (c *Client) Now() time.Time { return c.now().Add(time.Duration(c.skew.Load())) }

// learnSkew records the server's clock from a Date header; it reports
// whether the header was usable.
func (c *Client) learnSkew(date string) bool {
	t, err := http.ParseTime(date)
	if err != nil {
		return false
	}
	// Date has a one-second resolution: round our clock the same way.
	c.skew.Store(int64(t.Sub(c.now().Truncate(time.Second))))
	return true
}

// New returns a Client. It panics if cfg.Sign is nil (a programming error).
func New(cfg Config) *Client {
	if cfg.Sign == nil {
		panic("transport.New: Config.Sign is nil")
	}
	c := &Client{
		cfg:         cfg,
		hc:          cfg.HTTPClient,
		ua:          userAgent(cfg.UserAgent),
		maxAttempts: cfg.MaxAttempts,
		minBackoff:  cfg.MinBackoff,
		maxBackoff:  cfg.MaxBackoff,
		now:         time.Now,
		successMax:  successBodyLimit,
		streamMax:   streamBodyLimit,
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	if c.cfg.Logger != nil && nilLogger(c.cfg.Logger) {
		c.cfg.Logger = nil
	}
	switch {
	case c.maxAttempts == 0:
		c.maxAttempts = defaultMaxAttempts
	case c.maxAttempts < 0:
		c.maxAttempts = 1
	}
	if c.minBackoff <= 0 {
		c.minBackoff = defaultMinBackoff
	}
	if c.maxBackoff <= 0 {
		c.maxBackoff = defaultMaxBackoff
	}
	if c.maxBackoff < c.minBackoff {
		c.maxBackoff = c.minBackoff
	}
	d := cfg.AttemptTimeout
	if d <= 0 {
		d = defaultAttemptTimeout
	}
	c.timeoutErr = &attemptTimeoutError{d: d, what: "attempt"}
	c.callTimeout = cfg.CallTimeout
	if c.callTimeout <= 0 {
		c.callTimeout = time.Duration(c.maxAttempts) * (d + c.maxBackoff)
	}
	return c
}

// attemptTimeoutError ends an attempt that outlasts Config.AttemptTimeout
// (what is "attempt") or Config.CallTimeout (what is "call"). Like
// net/http's own timeouts it is a net.Error whose Timeout is true, and it
// matches context.DeadlineExceeded.
type attemptTimeoutError struct {
	d    time.Duration
	what string
}

func (e *attemptTimeoutError) Error() string {
	return "the " + e.what + " took longer than its time limit (" + e.d.String() + ")"
}
func (e *attemptTimeoutError) Timeout() bool        { return true }
func (e *attemptTimeoutError) Temporary() bool      { return true }
func (e *attemptTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// userAgent builds "cloudiam-go/<version> (<go version>; <os>/<arch>)",
// followed by extra when set.
func userAgent(extra string) string {
	ua := "cloudiam-go/" + iam.Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if extra != "" {
		ua += " " + extra
	}
	return ua
}

// Do sends req. A status other than 2xx or a transport failure returns an
// error that is or wraps *iam.Error (context errors stay reachable through
// errors.Is); otherwise the whole response body is read and returned, and
// checked by req.Expect when set. Config.Observer sees the request as a
// native call (named req.Op) and each of its attempts.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	return c.call(ctx, req, nil, nil)
}

// DoJSON is Do for an answer that must be JSON: it decodes the successful
// body into out (a pointer, as for json.Unmarshal), then checks it with
// req.Expect when set. An answer that cannot be used (no body, a 204, an
// HTML page, a byte-order mark, JSON that is not an object or array, a
// value that does not decode, a failed Expect) is ErrInvalidResponse; for
// a request that is not Idempotent it is also ErrOutcomeUnknown, since
// the cloud acted on it. A nil out only runs Expect, as Do.
//
// Providers decode every JSON answer through it, so that this rule holds
// for every operation in one place.
func (c *Client) DoJSON(ctx context.Context, req *Request, out any) (*Response, error) {
	if req != nil && req.Stream {
		return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "req.Stream", "must be false: use Each for a streamed answer")
	}
	return c.call(ctx, req, out, nil)
}

// call runs Do and DoJSON, within b when a caller shares an attempt budget.
func (c *Client) call(ctx context.Context, req *Request, out any, b *budget) (*Response, error) {
	if req == nil {
		return nil, iam.InvalidArgument(c.cfg.Provider, "", "req", "must not be nil")
	}
	if ctx == nil {
		return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "ctx", "must not be nil")
	}
	if c.cfg.Observer == nil { // (ObserveCall is nil-safe, at the cost of an allocation)
		return result(c.checked(ctx, req, out, b))
	}
	ctx, done := c.cfg.Observer.ObserveCall(ctx, iam.Event{Provider: c.cfg.Provider, Op: req.Op, Native: true})
	resp, e := c.checked(ctx, req, out, b)
	if e != nil {
		done(e, e.StatusCode, e.RequestID)
	} else {
		done(nil, resp.StatusCode, resp.RequestID)
	}
	return result(resp, e)
}

// checked sends req, then decodes the answer into out (when set) and runs
// req.Expect.
func (c *Client) checked(ctx context.Context, req *Request, out any, b *budget) (*Response, *iam.Error) {
	resp, e := c.do(ctx, req, b)
	if e != nil || req.Stream {
		return resp, e
	}
	if out != nil {
		if e := c.decode(req, resp, out); e != nil {
			return nil, e
		}
	}
	if req.Expect != nil {
		if err := req.Expect(resp.Body); err != nil {
			return nil, c.unusable(req, resp, err.Error(), nil)
		}
	}
	return resp, nil
}

// bom is the UTF-8 byte-order mark, which JSON text must not start with.
var bom = []byte("\xef\xbb\xbf")

// decode unmarshals a successful JSON answer into out.
func (c *Client) decode(req *Request, resp *Response, out any) *iam.Error {
	b := resp.Body
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	switch {
	case i == len(b):
		return c.unusable(req, resp, "the answer has no body ("+strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode)+")", nil)
	case bytes.HasPrefix(b[i:], bom):
		return c.unusable(req, resp, "the answer starts with a byte-order mark", nil)
	case b[i] != '{' && b[i] != '[':
		return c.unusable(req, resp, "the answer is not a JSON object ("+contentType(resp.Header)+", "+strconv.Itoa(len(b))+" bytes)", nil)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return c.unusable(req, resp, "cannot decode the answer", err)
	}
	return nil
}

// contentType names an answer's media type for a message.
func contentType(h http.Header) string {
	ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	if ct = strings.TrimSpace(ct); ct == "" || len(ct) > 64 {
		return "no content type"
	}
	return cleanText(ct, 64)
}

// unusable is the error of a successful answer the call cannot use. After
// a request that is not idempotent the cloud acted: the outcome is
// unknown.
func (c *Client) unusable(req *Request, resp *Response, msg string, err error) *iam.Error {
	e := &iam.Error{Provider: c.cfg.Provider, Op: req.Op, StatusCode: resp.StatusCode, RequestID: resp.RequestID,
		Kind: iam.ErrInvalidResponse, Message: msg, Err: err}
	if !req.Idempotent {
		e.OutcomeUnknown = true
		e.Message += " (" + outcomeUnknown + ")"
	}
	return e
}

// result returns Do's values, with a nil error interface on success.
func result(resp *Response, e *iam.Error) (*Response, error) {
	if e != nil {
		return nil, e
	}
	return resp, nil
}

// budget is what a call may spend: attempts and time. Each shares one
// across the requests of a listing, so a body that breaks and is asked
// for again does not start a fresh budget.
type budget struct {
	attempts int       // attempts left
	deadline time.Time // when the call must end
}

func (c *Client) newBudget() *budget {
	return &budget{attempts: c.maxAttempts, deadline: c.now().Add(c.callTimeout)}
}

func (c *Client) do(ctx context.Context, req *Request, b *budget) (*Response, *iam.Error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	// The one parse of the URL: every attempt signs a copy of hreq.URL.
	hreq, err := http.NewRequestWithContext(ctx, method, req.URL, nil)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			// url.Error quotes the whole URL, query included: never show it.
			return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "URL", "must be an absolute http or https URL")
		}
		return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "Method", "must be a valid HTTP method")
	}
	u := hreq.URL
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "URL", "must be an absolute http or https URL")
	}

	st := &call{c: c, ctx: ctx, req: req, method: method, u: u, rawQuery: u.RawQuery, reqCtx: ctx}
	if b == nil {
		st.maxAttempts, st.deadline = c.maxAttempts, c.now().Add(c.callTimeout)
	} else {
		st.maxAttempts, st.deadline = b.attempts, b.deadline
	}
	if err := ctx.Err(); err != nil {
		return nil, st.contextError(err, nil)
	}
	if req.Stream {
		// The body outlives Do: its reads are cancelled through this
		// context by Close, by the idle timer, or when the call fails.
		st.reqCtx, st.cancelStream = context.WithCancel(ctx)
	}
	resp, e := st.result(st.run(hreq))
	switch {
	case req.Stream && e != nil:
		st.cancelStream()
	case !req.Stream && st.cur != nil:
		st.cur.cancel(nil) // the answer is read
	}
	if b != nil {
		b.attempts -= st.attempts
	}
	return resp, e
}

// UserAgent returns the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.ua }

// Each sends req as a Stream request and calls fn for each element of the
// array under key in the JSON answer, as the body is read
// (jsonstream.Each): fn decodes one element from dec and says whether to
// go on. When the body fails (cut off, stalled) before fn has taken an
// element and req is idempotent, the request is sent again after a
// backoff; every request and attempt counts against one budget of
// MaxAttempts and one CallTimeout, the body's reading included. Every
// error is an *iam.Error: an answer without the array, malformed, with an
// element beyond jsonstream.MaxValueSize (1 MiB) or a body beyond 256 MiB
// is ErrInvalidResponse.
func (c *Client) Each(ctx context.Context, req *Request, key string, fn func(dec *json.Decoder) (more bool, err error)) error {
	if req == nil {
		return iam.InvalidArgument(c.cfg.Provider, "", "req", "must not be nil")
	}
	r := *req
	r.Stream = true
	b := c.newBudget()
	for n := 0; ; n++ {
		resp, err := c.call(ctx, &r, nil, b)
		if err != nil {
			return err
		}
		taken := 0
		err = jsonstream.Each(resp.Stream, key, func(dec *json.Decoder) (bool, error) {
			more, err := fn(dec)
			if err == nil {
				taken++
			}
			return more, err
		})
		sb, _ := resp.Stream.(*streamBody)
		_ = resp.Stream.Close()
		if err == nil {
			return nil
		}
		var ie *iam.Error
		if errors.As(err, &ie) {
			if taken == 0 && r.Idempotent && sb != nil && sb.retryable && b.attempts > 0 {
				if werr := c.waitBeforeAgain(ctx, b, n); werr != nil {
					return ie
				}
				continue // the body failed before anything was delivered: ask again
			}
			return ie
		}
		e := &iam.Error{Provider: c.cfg.Provider, Op: r.Op, StatusCode: resp.StatusCode, RequestID: resp.RequestID,
			Kind: iam.ErrInvalidResponse, Message: "cannot decode the response body", Err: err}
		switch {
		case errors.Is(err, jsonstream.ErrNotFound):
			e.Message, e.Err = `the answer has no "`+key+`" array`, nil
		case errors.Is(err, jsonstream.ErrTooLarge):
			e.Message, e.Err = "a value of the answer is larger than "+sizeString(jsonstream.MaxValueSize), nil
		}
		return e
	}
}

// waitBeforeAgain waits the backoff before Each asks again (its n-th
// repeat, from 0), within the budget's time and the context.
func (c *Client) waitBeforeAgain(ctx context.Context, b *budget, n int) error {
	wait := backoffDelay(c.minBackoff, c.maxBackoff, n, rand.Int64N)
	if c.observeWait != nil {
		wait = c.observeWait(wait)
	}
	if !c.now().Add(wait).Before(b.deadline) {
		return context.DeadlineExceeded
	}
	if wait <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Acted marks err, which ended a call after the cloud had already created
// or changed something, with OutcomeUnknown: the change happened, so the
// caller must check (for example with GetUser) rather than repeat it. An
// error that is not an *iam.Error is returned as is.
func Acted(err error) error {
	var e *iam.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.OutcomeUnknown = true
	c.Message += " (after the change was made)"
	return &c
}

// ServerWait converts a wait the server sent as an integer count of unit
// (a TimeLeft in milliseconds, a Retry-After in seconds) into a duration
// for Decision.RetryAfter, saturating instead of overflowing: negative
// counts are 0, and anything beyond 24 h is 24 h (which ends retrying,
// being beyond any MaxBackoff).
func ServerWait(n int64, unit time.Duration) time.Duration {
	switch {
	case n <= 0 || unit <= 0:
		return 0
	case n > int64(maxServerWait/unit):
		return maxServerWait
	}
	return time.Duration(n) * unit
}
