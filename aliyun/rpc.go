package aliyun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
	"github.com/cloudiam-go/cloudiam/signer"
)

// rpcClient is the plumbing RAM and EIAM share: parameters in the query of a
// POST to "/", an empty body, the action and version in x-acs-* headers (and,
// with the RPC signature, in the query), signing, and error decoding.
type rpcClient struct {
	provider string // SchemeRAM or SchemeIDaaS
	version  string
	region   string
	base     *url.URL
	algo     SignatureAlgorithm
	obs      *iam.Observer
	creds    signer.Credentials
	debug    signer.DebugFunc
	http     *transport.Client
	// credentials, when set (Config.Credentials), gives the credentials of
	// each attempt instead of creds; expirer is credentials when it can drop
	// credentials Alibaba Cloud has refused as expired.
	credentials iam.CredentialsProvider
	expirer     expirer
}

func newRPC(provider, version, defaultHost string, cfg *Config) (*rpcClient, error) {
	static := cfg.AccessKeyID != "" || !cfg.SecretAccessKey.IsZero() || !cfg.SessionToken.IsZero()
	switch {
	case cfg.Credentials != nil && static:
		return nil, iam.InvalidArgument(provider, "New", "Credentials",
			"set either Credentials or AccessKeyID, SecretAccessKey and SessionToken, not both")
	case cfg.Credentials != nil:
	case cfg.AccessKeyID == "":
		return nil, iam.InvalidArgument(provider, "New", "AccessKeyID", "required (or set Credentials)")
	case cfg.SecretAccessKey.IsZero():
		return nil, iam.InvalidArgument(provider, "New", "SecretAccessKey", "required")
	}
	algo, ok := signatureAlgorithm(cfg.SignatureAlgorithm)
	if !ok {
		return nil, iam.InvalidArgument(provider, "New", "SignatureAlgorithm",
			`must be "`+string(SignatureACS3)+`" (default) or "`+string(SignatureRPC)+`"`)
	}
	if cfg.MaxAttempts < 0 {
		return nil, iam.InvalidArgument(provider, "New", "MaxAttempts", "must not be negative")
	}
	if cfg.Timeout < 0 {
		return nil, iam.InvalidArgument(provider, "New", "Timeout", "must not be negative")
	}
	base, err := resolveEndpoint(provider, cfg.Endpoint, defaultHost, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	region := cfg.Region
	if region == "" {
		region = DefaultRegion
	}
	c := &rpcClient{
		provider: provider,
		version:  version,
		region:   region,
		base:     base,
		algo:     algo,
		obs:      cfg.Observer,
		creds: signer.Credentials{
			AccessKeyID:     cfg.AccessKeyID,
			SecretAccessKey: cfg.SecretAccessKey.Reveal(),
			SecurityToken:   cfg.SessionToken.Reveal(),
		},
		debug:       cfg.Debug, // the signer shows the STS token as [REDACTED]
		credentials: cfg.Credentials,
	}
	classify := c.classify
	if e, ok := cfg.Credentials.(expirer); ok {
		c.expirer, classify = e, c.classifyRefreshing
	}
	c.http = transport.New(transport.Config{
		Provider:         provider,
		HTTPClient:       cfg.HTTPClient,
		Sign:             c.sign,
		Classify:         classify,
		RequestIDHeaders: []string{"x-acs-request-id"},
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

// rpcSignatureParams are the query parameters the RPC signature adds; they
// are removed before each attempt is signed afresh.
var rpcSignatureParams = []string{"AccessKeyId", "SignatureMethod", "SignatureVersion",
	"SignatureNonce", "Timestamp", "SecurityToken", "Signature"}

// sign signs one attempt with a fresh time and nonce, and with the
// credentials of that attempt: the static keys, or those Config.Credentials
// has now.
func (c *rpcClient) sign(r *http.Request, body []byte) error {
	creds := c.creds
	if c.credentials != nil {
		var source string
		var err error
		if creds, source, err = c.attemptCredentials(r); err != nil {
			return err
		}
		if source != "" && c.algo == SignatureACS3 {
			// As Alibaba's SDKs do: the source, signed with the request.
			r.Header[headerCredentialsProvider] = []string{source}
		}
	}
	p := &signer.SignParams{
		Credentials: creds,
		Time:        c.http.Now().UTC(), // corrected after an InvalidTimeStamp answer
		Nonce:       newNonce(),
		Debug:       c.debug,
	}
	if c.algo == SignatureRPC {
		q := r.URL.Query()
		for _, k := range rpcSignatureParams {
			q.Del(k)
		}
		r.URL.RawQuery = q.Encode()
		return signer.RPC{}.Sign(r, body, p)
	}
	return signer.ACS3{}.Sign(r, body, p)
}

func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// answer is what every answer of an RPC action holds, whatever else it
// carries: its RequestId. The values call decodes an answer into embed it.
type answer struct {
	RequestID string `json:"RequestId"`
}

func (a *answer) requestID() string { return a.RequestID }

// answerer is a value call decodes an answer into: a struct that embeds
// answer.
type answerer interface{ requestID() string }

// check is a test of a decoded answer for what the call must return: ""
// when the answer holds it, else what is wrong, as the end of "the answer
// has ..." ("no User", "a User without its UserId").
type check func() string

// secretParams is a parameter struct that carries secrets (passwords):
// call hands them to the transport, which keeps them out of every error
// and log line, the cloud's own messages included.
type secretParams interface{ secrets() []string }

// call sends one action and decodes its answer into out (nil: the answer
// is only checked), through the transport's DoJSON, the one place every
// answer is decoded. params is a wire struct encoded by encodeParams. An
// answer must be a JSON object with a RequestId and pass every check: one
// that is not (an HTML page, no body, a 204, a byte-order mark, JSON without
// what the call returns) is ErrInvalidResponse and, after an action that
// is not idempotent, ErrOutcomeUnknown too, since the cloud acted. The
// answer's RequestId is returned.
func (c *rpcClient) call(ctx context.Context, action string, params any, idempotent bool, out answerer, checks ...check) (string, error) {
	q, err := encodeParams(params)
	if err != nil {
		return "", &iam.Error{Provider: c.provider, Op: action, Kind: iam.ErrInvalidArgument, Message: "cannot encode parameters", Err: err}
	}
	if c.algo == SignatureRPC {
		q.Set("Action", action)
		q.Set("Version", c.version)
		q.Set("Format", "JSON")
		q.Set("RegionId", c.region)
	}
	u := *c.base
	u.RawQuery = q.Encode()
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("x-acs-action", action)
	h.Set("x-acs-version", c.version)
	if out == nil {
		out = &answer{}
	}
	req := &transport.Request{
		Op:         action,
		Method:     http.MethodPost,
		URL:        u.String(),
		Header:     h,
		Idempotent: idempotent,
		Expect: func([]byte) error {
			for _, chk := range checks {
				if what := chk(); what != "" {
					return errors.New("the answer has " + what)
				}
			}
			if out.requestID() == "" {
				return errors.New("the answer has no RequestId")
			}
			return nil
		},
	}
	if sp, ok := params.(secretParams); ok {
		req.Secrets = sp.secrets()
	}
	if _, err := c.http.DoJSON(ctx, req, out); err != nil {
		return "", c.finishErr(action, err)
	}
	return out.requestID(), nil
}

// needObject is the check of an object the answer must hold: "no <name>"
// when it is absent (or null), else what lacks says of it.
func needObject[T any](name string, v *T, lacks func(*T) string) string {
	if v == nil {
		return "no " + name
	}
	if lacks != nil {
		if what := lacks(v); what != "" {
			return "a " + name + " without its " + what
		}
	}
	return ""
}

// needList is the check of a list the answer must hold: "no <name>" when
// it is absent or null (which is not an empty list), else what lacks says
// of an element. Null elements are left to the decoders, which skip them.
func needList[T any](name string, list []*T, lacks func(*T) string) string {
	if list == nil {
		return "no " + name + " list"
	}
	if lacks != nil {
		for _, x := range list {
			if x == nil {
				continue
			}
			if what := lacks(x); what != "" {
				return "a " + name + " element without its " + what
			}
		}
	}
	return ""
}

// needNamed is the check of a value the answer must hold: "no <name>"
// when it is empty.
func needNamed(name, value string) string {
	if value == "" {
		return "no " + name
	}
	return ""
}

// needStrings names the first of name, value pairs whose value is empty
// ("" when none is).
func needStrings(pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return pairs[i]
		}
	}
	return ""
}

// describeJSONError names what was wrong without quoting the body.
func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "field " + te.Field + " is " + te.Value + ", want " + te.Type.String()
	}
	return "malformed JSON"
}

// finishErr makes sure every error is an *iam.Error of this provider.
func (c *rpcClient) finishErr(action string, err error) error {
	var ie *iam.Error
	if errors.As(err, &ie) {
		if ie.Provider == "" {
			ie.Provider = c.provider
		}
		if ie.Op == "" {
			ie.Op = action
		}
		return err
	}
	// Network and context failures; errors.Is still reaches the context error.
	return &iam.Error{Provider: c.provider, Op: action, Kind: iam.ErrUnavailable, Err: err}
}

// invalidArg is the validation error of an action.
func (c *rpcClient) invalidArg(op, field, rule string) error {
	return iam.InvalidArgument(c.provider, op, field, rule)
}

// trimTo shortens s to at most n runes for an error message.
func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}
