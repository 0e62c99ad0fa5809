package transport

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"runtime"
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
}

// Response is a response with a status below 400: complete, or, for a
// Stream request, with its body still to be read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	RequestID  string
	// Stream is the unread body of a Stream request; the caller must close
	// it. A failure while reading it is an *iam.Error: ErrInvalidResponse
	// when the body is cut off, or the context's error (errors.Is matches
	// it). Closing it early drains a little so the connection can be reused.
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
	// refused, 503 from a gateway), so even a create may be retried when Retry is set.
	NotActed bool
	// RetryAfter, when positive, is the server's requested wait.
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
}

// Defaults applied by New.
const (
	defaultMaxAttempts = 4
	defaultMinBackoff  = 200 * time.Millisecond
	defaultMaxBackoff  = 5 * time.Second

	// errorBodyLimit bounds what is read of an error response (and handed
	// to Classify); successBodyLimit bounds a successful response.
	errorBodyLimit   = 1 << 20
	successBodyLimit = 64 << 20
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

	// defaultClient: hc is ours, without an overall timeout, so a Stream
	// body's reads are bounded by a read-idle timeout (streamIdleTimeout).
	defaultClient bool

	// Seams for tests; set only by New and by tests in this package.
	now         func() time.Time
	successMax  int64
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
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
		c.defaultClient = true
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
	c.timeoutErr = &attemptTimeoutError{d: d}
	return c
}

// attemptTimeoutError ends an attempt that outlasts Config.AttemptTimeout.
// Like net/http's own timeouts it is a net.Error whose Timeout is true, and
// it matches context.DeadlineExceeded.
type attemptTimeoutError struct{ d time.Duration }

func (e *attemptTimeoutError) Error() string {
	return "the attempt took longer than its time limit (" + e.d.String() + ")"
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

// Do sends req. A status >= 400 or a transport failure returns an error that
// is or wraps *iam.Error (context errors stay reachable through errors.Is);
// otherwise the whole response body is read and returned. Config.Observer
// sees the request as a native call (named req.Op) and each of its attempts.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if req == nil {
		return nil, iam.InvalidArgument(c.cfg.Provider, "", "req", "must not be nil")
	}
	if ctx == nil {
		return nil, iam.InvalidArgument(c.cfg.Provider, req.Op, "ctx", "must not be nil")
	}
	if c.cfg.Observer == nil { // (ObserveCall is nil-safe, at the cost of an allocation)
		return result(c.do(ctx, req))
	}
	ctx, done := c.cfg.Observer.ObserveCall(ctx, iam.Event{Provider: c.cfg.Provider, Op: req.Op, Native: true})
	resp, e := c.do(ctx, req)
	if e != nil {
		done(e, e.StatusCode, e.RequestID)
	} else {
		done(nil, resp.StatusCode, resp.RequestID)
	}
	return result(resp, e)
}

// result returns Do's values, with a nil error interface on success.
func result(resp *Response, e *iam.Error) (*Response, error) {
	if e != nil {
		return nil, e
	}
	return resp, nil
}

func (c *Client) do(ctx context.Context, req *Request) (*Response, *iam.Error) {
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
	return resp, e
}

// UserAgent returns the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.ua }

// Each sends req as a Stream request and calls fn for each element of the
// array under key in the JSON answer, as the body is read
// (jsonstream.Each): fn decodes one element from dec and says whether to
// go on. When the body fails (cut off, stalled) before fn has taken an
// element and req is idempotent, the request is sent again, within the
// attempt budget. Every error is an *iam.Error: an answer without the
// array or malformed is ErrInvalidResponse.
func (c *Client) Each(ctx context.Context, req *Request, key string, fn func(dec *json.Decoder) (more bool, err error)) error {
	r := *req
	r.Stream = true
	for attempt := 1; ; attempt++ {
		resp, err := c.Do(ctx, &r)
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
		_ = resp.Stream.Close()
		if err == nil {
			return nil
		}
		var ie *iam.Error
		if errors.As(err, &ie) {
			if taken == 0 && r.Idempotent && attempt < c.maxAttempts && ie.Kind == iam.ErrInvalidResponse {
				continue // the body failed before anything was delivered: ask again
			}
			return ie
		}
		e := &iam.Error{Provider: c.cfg.Provider, Op: r.Op, StatusCode: resp.StatusCode, RequestID: resp.RequestID,
			Kind: iam.ErrInvalidResponse, Message: "cannot decode the response body", Err: err}
		if errors.Is(err, jsonstream.ErrNotFound) {
			e.Message, e.Err = `the answer has no "`+key+`" array`, nil
		}
		return e
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
