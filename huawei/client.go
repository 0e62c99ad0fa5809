package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Client is a native client of Huawei Cloud IAM: Keystone v3 and the v3.0
// OS-USER and OS-CREDENTIAL extensions. It is safe for concurrent use.
// IAM returns the portable iam.Client view of it.
type Client struct {
	base         string
	ak           string
	sk, sts      iam.Secret // kept as Secrets so that %v of a Client never shows them
	token        iam.Secret
	debug        signer.DebugFunc
	obs          *iam.Observer
	tr           *transport.Client
	domainMu     sync.Mutex
	domainID     string
	domainFlight *domainLookup

	creds   iam.CredentialsProvider // Config.Credentials; nil signs with ak, sk, sts
	expired credentialsExpiry       // the last temporary key IAM said had expired
}

// New returns a Client. It checks the configuration (an
// iam.ErrInvalidArgument names the Config field) but sends nothing.
func New(cfg Config) (*Client, error) {
	base, err := cfg.endpoint()
	if err != nil {
		return nil, err
	}
	useToken := !cfg.AuthToken.IsZero()
	if err := checkCredentials(cfg); err != nil {
		return nil, err
	}
	switch {
	case cfg.Credentials != nil:
	case useToken && (cfg.AccessKeyID != "" || !cfg.SecretAccessKey.IsZero()):
		return nil, iam.InvalidArgument(Scheme, "New", "AuthToken", "set either AuthToken or AccessKeyID and SecretAccessKey, not both")
	case !useToken && cfg.AccessKeyID == "":
		return nil, iam.InvalidArgument(Scheme, "New", "AccessKeyID", "required (or set AuthToken)")
	case !useToken && cfg.SecretAccessKey.IsZero():
		return nil, iam.InvalidArgument(Scheme, "New", "SecretAccessKey", "required with AccessKeyID")
	}
	switch {
	case cfg.MaxAttempts < 0:
		return nil, iam.InvalidArgument(Scheme, "New", "MaxAttempts", "must not be negative")
	case cfg.MinBackoff < 0:
		return nil, iam.InvalidArgument(Scheme, "New", "MinBackoff", "must not be negative")
	case cfg.MaxBackoff < 0:
		return nil, iam.InvalidArgument(Scheme, "New", "MaxBackoff", "must not be negative")
	case cfg.Timeout < 0:
		return nil, iam.InvalidArgument(Scheme, "New", "Timeout", "must not be negative")
	}
	if cfg.DomainID != "" {
		if err := checkID("New", "DomainID", cfg.DomainID); err != nil {
			return nil, err
		}
	}
	c := &Client{
		base:     base,
		token:    cfg.AuthToken,
		debug:    cfg.Debug,
		obs:      cfg.Observer,
		domainID: cfg.DomainID,
		ak:       cfg.AccessKeyID,
		sk:       cfg.SecretAccessKey,
		sts:      cfg.SessionToken,
		creds:    cfg.Credentials,
	}
	cl := classify
	if c.creds != nil {
		cl = c.classify
	}
	c.tr = transport.New(transport.Config{
		Provider:         Scheme,
		HTTPClient:       cfg.HTTPClient,
		Sign:             c.sign,
		Classify:         cl,
		RequestIDHeaders: []string{"X-Request-Id", "X-Iam-Trace-Id"},
		MaxAttempts:      cfg.MaxAttempts,
		MinBackoff:       cfg.MinBackoff,
		MaxBackoff:       cfg.MaxBackoff,
		Logger:           cfg.Logger,
		UserAgent:        cfg.UserAgent,
		Observer:         cfg.Observer,
		AttemptTimeout:   cfg.Timeout,
	})
	return c, nil
}

// Endpoint returns the endpoint the client calls, without a trailing slash.
func (c *Client) Endpoint() string { return c.base }

// sign authenticates one attempt: X-Auth-Token, or an SDK-HMAC-SHA256
// signature over the headers already set (User-Agent, X-Domain-Id,
// X-Security-Token) with a fresh X-Sdk-Date.
func (c *Client) sign(r *http.Request, body []byte) error {
	if !c.token.IsZero() {
		r.Header.Set("X-Auth-Token", c.token.Reveal())
		return nil
	}
	if c.creds != nil {
		return c.signRetrieved(r, body)
	}
	return signer.Huawei{}.Sign(r, body, &signer.SignParams{
		Credentials: signer.Credentials{AccessKeyID: c.ak, SecretAccessKey: c.sk.Reveal(), SecurityToken: c.sts.Reveal()},
		Time:        c.tr.Now().UTC(), // corrected after an expired-signature answer
		Debug:       c.debug,          // the signer shows the token as [REDACTED]
	})
}

// call describes one API request.
type call struct {
	op     string
	method string
	path   string // already escaped
	query  url.Values
	body   any // marshalled as JSON when non-nil
	// idempotent: may be retried after the server may have acted.
	idempotent bool
	// noDomain: do not send X-Domain-Id (the domain lookup itself).
	noDomain bool
	// secrets are values the body carries that must never be shown, such
	// as a password (transport.Request.Secrets): scrubbed from every
	// error and log line.
	secrets []string
	// expect checks a successful answer once it is decoded
	// (transport.Request.Expect): it returns what the answer lacks of what
	// the call must return (an id, a name, a secret, a list). Nil for a
	// call without a decoded answer means IAM sends none (204): an answer
	// may then be empty or JSON, but not a page (see noBody).
	expect func(body []byte) error
}

// do sends a call and decodes its JSON answer into out (when non-nil)
// through the transport's DoJSON, which checks it with k.expect: an answer
// that cannot be used is ErrInvalidResponse, and after a call that is not
// idempotent also ErrOutcomeUnknown (the cloud acted).
func (c *Client) do(ctx context.Context, k call, out any) (*transport.Response, error) {
	req, err := c.request(ctx, k)
	if err != nil {
		return nil, err
	}
	req.Expect = k.expect
	if req.Expect == nil && out == nil {
		req.Expect = noBody
	}
	return c.tr.DoJSON(ctx, req, out)
}

// noBody is the Expect of a call IAM answers without a body (204): an
// empty answer or JSON passes, anything else (an HTML or text page from a
// proxy) is not IAM's answer.
func noBody(body []byte) error {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || (b[0] == '{' || b[0] == '[') && json.Valid(b) {
		return nil
	}
	return errors.New("the answer is not IAM's: a body that is not JSON where IAM sends none")
}

// lacks is the error of an Expect: the answer lacks what the call must
// return.
func lacks(what string) error { return errors.New("the answer has no " + what) }

// element is an element of a list answer: missing names what it lacks of
// what IAM always sends (its id, its name), "" when it is complete. It is
// nil-safe: a null element lacks everything.
type element interface{ missing() string }

// checkList checks a list answer: the array itself (nil when the answer
// has none under key) and every element.
func checkList[E element](list []E, key string) error {
	if list == nil {
		return lacks(strconv.Quote(key) + " array")
	}
	for i, e := range list {
		if m := e.missing(); m != "" {
			return errors.New("element " + strconv.Itoa(i) + " of " + strconv.Quote(key) + " has no " + m)
		}
	}
	return nil
}

// missingIDName is element.missing for the many elements with an id and a
// name.
func missingIDName(id, name string) string {
	switch {
	case id == "" && name == "":
		return "id or name"
	case id == "":
		return "id"
	case name == "":
		return "name"
	}
	return ""
}

// request builds the transport request of a call (resolving the domain id
// first when needed).
func (c *Client) request(ctx context.Context, k call) (*transport.Request, error) {
	h := http.Header{}
	var body []byte
	if k.body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // as the official SDK: bytes sent == bytes hashed
		if err := enc.Encode(k.body); err != nil {
			return nil, &iam.Error{Provider: Scheme, Op: k.op, Kind: iam.ErrInvalidArgument, Message: "cannot encode request body", Err: err}
		}
		body = buf.Bytes()
		h.Set("Content-Type", "application/json;charset=UTF-8")
	} else {
		h.Set("Content-Type", "application/json")
	}
	if !k.noDomain && c.token.IsZero() {
		d, err := c.domain(ctx)
		if err != nil {
			var e *iam.Error
			if errors.As(err, &e) && e.Op == "" {
				e.Op = k.op // the credentials' error, before this call's request
			}
			return nil, err
		}
		h.Set("X-Domain-Id", d)
	}
	u := c.base + k.path
	if len(k.query) > 0 {
		// As the official SDK: url.Values encoding with spaces as %20.
		u += "?" + strings.ReplaceAll(k.query.Encode(), "+", "%20")
	}
	return &transport.Request{
		Op:         k.op,
		Method:     k.method,
		URL:        u,
		Header:     h,
		Body:       body,
		Idempotent: k.idempotent,
		Secrets:    k.secrets,
	}, nil
}

// Domain is an account (a Keystone domain) as GET /v3/auth/domains lists it.
type Domain struct {
	// ID is the account id, the domain_id of IAM's APIs.
	ID string `json:"id"`
	// Name is the account name, used to scope password tokens.
	Name string `json:"name"`
	// Enabled tells whether the account is enabled.
	Enabled bool `json:"enabled"`
	// Description is the account's description.
	Description string `json:"description"`
	// Links holds the domain's resource link.
	Links Links `json:"links"`
}

// missing names what a listed domain lacks: its id, which the client
// uses (the name is not required: the lookup needs only the id).
func (d *Domain) missing() string {
	if d == nil || d.ID == "" {
		return "id"
	}
	return ""
}

// ListAuthDomainsOutput is the answer of ListAuthDomains.
type ListAuthDomainsOutput struct {
	// Domains are the accounts the credentials may access.
	Domains []*Domain `json:"domains"`
	// Links holds the list's resource link.
	Links Links `json:"links"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

// ListAuthDomainsInput is the (empty) input of ListAuthDomains; it may be nil.
type ListAuthDomainsInput struct{}

// ListAuthDomains lists the domains (accounts) the credentials may access:
// GET /v3/auth/domains, the call the client uses to learn its domain id.
func (c *Client) ListAuthDomains(ctx context.Context, _ *ListAuthDomainsInput) (*ListAuthDomainsOutput, error) {
	out := &ListAuthDomainsOutput{}
	resp, err := c.do(ctx, call{op: "ListAuthDomains", method: http.MethodGet, path: "/v3/auth/domains", idempotent: true, noDomain: true,
		expect: func([]byte) error { return checkList(out.Domains, "domains") }}, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// DomainID returns the account (domain) id: Config.DomainID, else the one
// the credentials' source gave with them (HUAWEICLOUD_SDK_DOMAIN_ID, a
// credentials file's domain_id, an agency's DomainID, a federation token's
// account), else the first domain of GET /v3/auth/domains, looked up once
// and cached.
func (c *Client) DomainID(ctx context.Context) (string, error) { return c.domain(ctx) }

// domainLookup is one lookup of the domain id under way; done closes when
// id and err are set.
type domainLookup struct {
	done chan struct{}
	id   string
	err  error
}

// domainLookupTimeout bounds a lookup, whoever waits for it.
const domainLookupTimeout = 30 * time.Second

// domain returns the cached domain id, or looks it up once for any number
// of callers. No lock is held while the lookup's requests are under way:
// the first caller starts it, every caller waits for it no longer than its
// own context, and a failed lookup is not cached (the next call tries
// again). An id is cached and sent in X-Domain-Id only once it has the
// form of an id.
func (c *Client) domain(ctx context.Context) (string, error) {
	c.domainMu.Lock()
	if c.domainID != "" {
		d := c.domainID
		c.domainMu.Unlock()
		return d, nil
	}
	f := c.domainFlight
	if f == nil {
		f = &domainLookup{done: make(chan struct{})}
		c.domainFlight = f
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), domainLookupTimeout)
		go func() {
			defer cancel()
			id, err := c.lookupDomain(lctx)
			c.domainMu.Lock()
			f.id, f.err = id, err
			if err == nil {
				c.domainID = id
			}
			c.domainFlight = nil
			c.domainMu.Unlock()
			close(f.done)
		}()
	}
	c.domainMu.Unlock()
	select {
	case <-f.done:
		return f.id, f.err
	case <-ctx.Done():
		return "", &iam.Error{Provider: Scheme, Op: "ListAuthDomains", Kind: iam.ErrUnavailable,
			Message: "waiting for the account's domain id", Err: ctx.Err()}
	}
}

// lookupDomain finds the account's domain id: from the credentials'
// source, else GET /v3/auth/domains.
func (c *Client) lookupDomain(ctx context.Context) (string, error) {
	if c.creds != nil {
		// The source may know the account of its credentials.
		creds, err := c.creds.Retrieve(ctx)
		if err != nil {
			return "", credentialsError(err)
		}
		if d := domainHint(creds.AccessKeyID); d != "" {
			if err := checkDomainID(d); err != nil {
				return "", err
			}
			return d, nil
		}
	}
	out, err := c.ListAuthDomains(ctx, nil)
	if err != nil {
		return "", err
	}
	if len(out.Domains) == 0 || out.Domains[0] == nil || out.Domains[0].ID == "" {
		return "", &iam.Error{Provider: Scheme, Op: "ListAuthDomains", RequestID: out.RequestID, Kind: iam.ErrInvalidResponse,
			Message: "no domain in GET /v3/auth/domains; set Config.DomainID"}
	}
	d := out.Domains[0].ID
	if err := checkDomainID(d); err != nil {
		e := err.(*iam.Error)
		e.Kind, e.Op, e.RequestID, e.Field = iam.ErrInvalidResponse, "ListAuthDomains", out.RequestID, ""
		e.Message = "GET /v3/auth/domains answered a domain id that is not an id (" + e.Message + "); set Config.DomainID"
		return "", e
	}
	return d, nil
}

// checkDomainID accepts an account id before it is cached or sent as the
// X-Domain-Id header: Huawei's domain ids are 32 hexadecimal characters;
// letters, digits, '-' and '_' up to 64 are accepted, and nothing that could
// change a header (CR, LF, spaces, control characters).
func checkDomainID(d string) error {
	if d == "" || len(d) > 64 {
		return &iam.Error{Provider: Scheme, Op: "DomainID", Kind: iam.ErrInvalidArgument, Field: "DomainID",
			Message: "must be 1 to 64 letters, digits, '-' or '_'"}
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return &iam.Error{Provider: Scheme, Op: "DomainID", Kind: iam.ErrInvalidArgument, Field: "DomainID",
				Message: "must be 1 to 64 letters, digits, '-' or '_'"}
		}
	}
	return nil
}
