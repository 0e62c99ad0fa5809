package aliyun

import (
	"bytes"
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

// call sends one action. params is a wire struct encoded by encodeParams;
// out, when non-nil, receives the JSON answer. The request id of the answer
// is returned.
func (c *rpcClient) call(ctx context.Context, action string, params any, idempotent bool, out any) (string, error) {
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
	if c.credentials != nil && ctx != nil {
		// The signing of every attempt retrieves credentials with the
		// call's context (a retry is signed on the previous attempt's
		// request, whose own context has ended).
		ctx = context.WithValue(ctx, callCtxKey{}, ctx)
	}
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("x-acs-action", action)
	h.Set("x-acs-version", c.version)
	resp, err := c.http.Do(ctx, &transport.Request{
		Op:         action,
		Method:     http.MethodPost,
		URL:        u.String(),
		Header:     h,
		Idempotent: idempotent,
	})
	if err != nil {
		return "", c.finishErr(action, err)
	}
	var envelope struct {
		RequestID string `json:"RequestId"`
	}
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 || body[0] != '{' || json.Unmarshal(body, &envelope) != nil {
		return resp.RequestID, c.invalid(action, resp, "the answer is not a JSON object")
	}
	rid := envelope.RequestID
	if rid == "" {
		rid = resp.RequestID
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return rid, c.invalid(action, resp, "cannot decode the answer: "+describeJSONError(err))
		}
	}
	return rid, nil
}

func (c *rpcClient) invalid(action string, resp *transport.Response, msg string) *iam.Error {
	return &iam.Error{Provider: c.provider, Op: action, StatusCode: resp.StatusCode,
		RequestID: resp.RequestID, Kind: iam.ErrInvalidResponse, Message: msg}
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
