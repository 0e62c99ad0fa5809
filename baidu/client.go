package baidu

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
	"github.com/cloudiam-go/cloudiam/signer"
)

// contentType is what the official SDK sends on every request, GET and
// DELETE included, so it is always among the signed headers.
const contentType = "application/json;charset=utf-8"

// Client is a client of Baidu AI Cloud IAM (API v1). Its methods are the
// service's own operations with their own names and fields; IAM returns the
// portable iam.Client built on them. A Client is safe for concurrent use.
type Client struct {
	endpoint string
	creds    signer.Credentials
	// provider, when set, gives the credentials of each attempt instead of
	// creds (Config.Credentials); expirer is provider when it can drop
	// credentials the service refused.
	provider iam.CredentialsProvider
	expirer  expirer
	debug    signer.DebugFunc
	observer *iam.Observer
	http     *transport.Client
	// now is the signing clock; tests may replace it.
	now func() time.Time
}

// New returns a Client for cfg. It fails with ErrInvalidArgument, naming the
// Config field, when the credentials are missing (neither Credentials nor
// the static keys), given twice (both) or a setting is not acceptable.
func New(cfg Config) (*Client, error) {
	bad := func(field, rule string) error { return iam.InvalidArgument(Scheme, "New", field, rule) }
	static := strings.TrimSpace(cfg.AccessKeyID) != "" || !cfg.SecretAccessKey.IsZero() || !cfg.SessionToken.IsZero()
	switch {
	case cfg.Credentials != nil && static:
		return nil, bad("Credentials", "set either Credentials or AccessKeyID, SecretAccessKey and SessionToken, not both")
	case cfg.Credentials != nil:
	case strings.TrimSpace(cfg.AccessKeyID) == "":
		return nil, bad("AccessKeyID", "is required (or set Credentials)")
	case cfg.SecretAccessKey.IsZero():
		return nil, bad("SecretAccessKey", "is required")
	}
	switch {
	case cfg.MaxAttempts < 0:
		return nil, bad("MaxAttempts", "must not be negative")
	case cfg.MinBackoff < 0:
		return nil, bad("MinBackoff", "must not be negative")
	case cfg.MaxBackoff < 0:
		return nil, bad("MaxBackoff", "must not be negative")
	case cfg.Timeout < 0:
		return nil, bad("Timeout", "must not be negative")
	case strings.ContainsFunc(cfg.UserAgent, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return nil, bad("UserAgent", "must not contain control characters")
	}
	if err := checkRegion("New", "Region", strings.TrimSpace(cfg.Region)); err != nil {
		return nil, err
	}
	ep, err := parseEndpoint(cfg.Endpoint, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	c := &Client{
		endpoint: ep,
		creds: signer.Credentials{
			AccessKeyID:     strings.TrimSpace(cfg.AccessKeyID),
			SecretAccessKey: cfg.SecretAccessKey.Reveal(),
			SecurityToken:   cfg.SessionToken.Reveal(),
		},
		provider: cfg.Credentials,
		debug:    cfg.Debug,
		observer: cfg.Observer,
	}
	cls := classify
	if e, ok := cfg.Credentials.(expirer); ok {
		c.expirer, cls = e, c.classifyRefreshing
	}
	c.http = transport.New(transport.Config{
		Provider:         Scheme,
		HTTPClient:       cfg.HTTPClient,
		Sign:             c.sign,
		Classify:         cls,
		RequestIDHeaders: []string{"x-bce-request-id"},
		MaxAttempts:      cfg.MaxAttempts,
		MinBackoff:       cfg.MinBackoff,
		MaxBackoff:       cfg.MaxBackoff,
		Logger:           cfg.Logger,
		UserAgent:        cfg.UserAgent,
		Observer:         cfg.Observer,
		AttemptTimeout:   cfg.Timeout,
	})
	c.now = c.http.Now // the local clock, corrected after a RequestExpired
	return c, nil
}

// Endpoint returns the endpoint the client sends to (scheme://host[:port]).
func (c *Client) Endpoint() string { return c.endpoint }

// sign signs one attempt with the credentials of that attempt: a fresh
// x-bce-date and x-bce-request-id, then bce-auth-v1 with the same instant,
// so date and signature always agree.
func (c *Client) sign(r *http.Request, body []byte) error {
	creds, err := c.signingCredentials(r)
	if err != nil {
		return err
	}
	t := c.now().UTC().Truncate(time.Second)
	r.Header.Set("x-bce-date", t.Format("2006-01-02T15:04:05Z"))
	r.Header.Set("x-bce-request-id", newRequestID())
	return signer.BCE{}.Sign(r, body, &signer.SignParams{Credentials: creds, Time: t, Debug: c.debug})
}

// newRequestID returns a random UUIDv4, as the official SDK sends.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// call is one API request.
type call struct {
	op     string
	method string
	// segs are the path segments after /v1; each is escaped.
	segs []string
	// flag is a bare query key (?disable, ?enable), or "".
	flag string
	// query holds key=value parameters (?policyType=System); see params.
	query url.Values
	// in is marshalled as the JSON body when non-nil.
	in any
	// secrets are values in the body that must never appear in an error or
	// a log line (a password); see transport.Request.Secrets.
	secrets []string
	// expect, when set, is transport.Request.Expect: it checks the answer,
	// decoded into do's out (the body is there too), and returns an error
	// naming what the answer lacks (an id, a name, a secret, a list). The
	// call then fails with ErrInvalidResponse, and with ErrOutcomeUnknown
	// unless idempotent.
	expect func(body []byte) error
	// idempotent allows retries after the server may have acted. A call
	// that creates something, or whose repeat would hide that it acted
	// (a rename, a password change), leaves it false.
	idempotent bool
}

// do sends cl and decodes its JSON answer into out, through the
// transport's DoJSON: the one place where an answer that cannot be used
// (no body, a 204, HTML, a byte-order mark, undecodable, lacking what
// cl.expect requires) becomes ErrInvalidResponse, and ErrOutcomeUnknown
// after a request that is not idempotent. With a nil out, the answer must
// be empty or JSON: Baidu answers a delete, a membership or an attachment
// with no body, and anything else (a proxy's page) is not its answer. It
// returns the answer (its request id, status and headers).
func (c *Client) do(ctx context.Context, cl call, out any) (*transport.Response, error) {
	req, err := c.request(ctx, cl)
	if err != nil {
		return nil, err
	}
	req.Expect = cl.expect
	if req.Expect == nil && out == nil {
		req.Expect = emptyOrJSON
	}
	return c.http.DoJSON(ctx, req, out)
}

// emptyOrJSON accepts the answer of a call that expects none: no body, or
// JSON.
func emptyOrJSON(body []byte) error {
	b := bytes.TrimLeft(body, " \t\r\n")
	if len(b) == 0 || b[0] == '{' || b[0] == '[' {
		return nil
	}
	return errors.New("the answer is not Baidu's (" + strconv.Itoa(len(body)) + " bytes that are not JSON)")
}

// request builds the transport request of cl.
func (c *Client) request(ctx context.Context, cl call) (*transport.Request, error) {
	if ctx == nil {
		return nil, iam.InvalidArgument(Scheme, cl.op, "ctx", "must not be nil")
	}
	var path strings.Builder
	path.WriteString("/v1")
	for _, s := range cl.segs {
		path.WriteByte('/')
		path.WriteString(url.PathEscape(s))
	}
	u := c.endpoint + path.String()
	q := cl.flag
	if len(cl.query) > 0 {
		if enc := cl.query.Encode(); enc != "" {
			if q != "" {
				q += "&"
			}
			q += enc
		}
	}
	if q != "" {
		u += "?" + q
	}
	h := http.Header{}
	h.Set("Content-Type", contentType)
	var body []byte
	if cl.in != nil {
		// json.Marshal, like the official SDK (it escapes <, > and & too).
		b, err := json.Marshal(cl.in)
		if err != nil {
			return nil, &iam.Error{Provider: Scheme, Op: cl.op, Kind: iam.ErrInvalidArgument, Message: "cannot encode the request", Err: err}
		}
		body = b
		sum := md5.Sum(body)
		h.Set("Content-Md5", base64.StdEncoding.EncodeToString(sum[:]))
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return &transport.Request{Op: cl.op, Method: cl.method, URL: u, Header: h, Body: body, Idempotent: cl.idempotent,
		Secrets: cl.secrets}, nil
}
