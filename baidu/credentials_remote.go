package baidu

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Time limits of the credential endpoints: they must never hang a call.
const (
	credentialsConnectTimeout = time.Second
	metadataTimeout           = 3 * time.Second
	stsAttemptTimeout         = 5 * time.Second
	maxCredentialsBody        = 64 << 10
)

// metadataPath is where a BCC instance reads the temporary credentials of
// its IAM role.
const metadataPath = "/latest/meta-data/sts-credential"

// noRedirect keeps a credentials request where it was sent.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// metadataHTTP is the default client of the metadata service: no proxy (the
// service is link-local), a 1 s connect limit.
var metadataHTTP = sync.OnceValue(func() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:           (&net.Dialer{Timeout: credentialsConnectTimeout}).DialContext,
			ResponseHeaderTimeout: metadataTimeout,
			MaxIdleConns:          2,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: noRedirect,
	}
})

// stsHTTP is the default client of STS: HTTP(S)_PROXY honoured, a 1 s
// connect limit and a 3 s TLS handshake limit.
var stsHTTP = sync.OnceValue(func() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: credentialsConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   3 * time.Second,
			ResponseHeaderTimeout: stsAttemptTimeout,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          4,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: noRedirect,
	}
})

// temporaryWire is the temporary credential Baidu STS returns, and the
// shape read from the instance metadata service.
type temporaryWire struct {
	AccessKeyID     string   `json:"accessKeyId"`
	SecretAccessKey string   `json:"secretAccessKey"`
	SessionToken    string   `json:"sessionToken"`
	CreateTime      wireTime `json:"createTime"`
	Expiration      wireTime `json:"expiration"`
	UserID          string   `json:"userId"`
	RoleID          string   `json:"roleId"`
}

// credentials checks w and returns it as iam.Credentials.
func (w *temporaryWire) credentials(source string) (iam.Credentials, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{{"accessKeyId", w.AccessKeyID}, {"secretAccessKey", w.SecretAccessKey},
		{"sessionToken", w.SessionToken}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if w.Expiration.Time().IsZero() {
		missing = append(missing, "expiration")
	}
	if len(missing) > 0 {
		return iam.Credentials{}, errors.New("the answer has no " + strings.Join(missing, ", "))
	}
	return iam.Credentials{AccessKeyID: strings.TrimSpace(w.AccessKeyID), SecretAccessKey: iam.NewSecret(w.SecretAccessKey),
		SessionToken: iam.NewSecret(w.SessionToken), Expires: w.Expiration.Time(), Source: source}, nil
}

// InstanceRoleCredentials returns the source of a BCC instance's IAM role:
// GET http://169.254.169.254/latest/meta-data/sts-credential
// (CredentialsOptions.MetadataEndpoint), which Baidu documents without a
// metadata token. Baidu rotates these credentials every 5 minutes. The
// answer's field names are not published; this source reads Baidu STS's
// credential shape, accessKeyId, secretAccessKey, sessionToken and
// expiration (ISO-8601 UTC), in any letter case.
//
// Each Retrieve asks the service (1 s to connect, 3 s in all), so wrap the
// source in an iam.CredentialsCache when using it alone (DefaultCredentials
// does). No answer (not on BCC) or 404 (no role bound) is
// iam.ErrNoCredentials; another status or an incomplete answer is an
// *iam.Error.
func InstanceRoleCredentials(opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		base, err := credentialsEndpoint(opts.MetadataEndpoint, DefaultMetadataEndpoint, true, "MetadataEndpoint")
		if err != nil {
			return iam.Credentials{}, err
		}
		rctx, cancel := context.WithTimeout(ctx, metadataTimeout)
		defer cancel()
		req, err := http.NewRequestWithContext(rctx, http.MethodGet, base+metadataPath, nil)
		if err != nil {
			return iam.Credentials{}, badSource("MetadataEndpoint", "cannot make a request to "+base)
		}
		hc := metadataHTTP()
		if opts.HTTPClient != nil {
			c := *opts.HTTPClient
			c.CheckRedirect = noRedirect
			hc = &c
		}
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrUnavailable,
					Message: "asking the BCC metadata service", Err: ctx.Err()}
			}
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return iam.Credentials{}, noCredentials("no BCC metadata service at " + base + " (" + err.Error() + ")")
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody+1))
		bad := func(kind iam.Kind, msg string) error {
			return &iam.Error{Provider: Scheme, Op: "Credentials", Kind: kind, StatusCode: resp.StatusCode,
				Message: "the BCC metadata service " + msg}
		}
		switch {
		case resp.StatusCode == http.StatusNotFound:
			return iam.Credentials{}, noCredentials("no IAM role is bound to this BCC instance (the metadata service at " + base + " answered 404)")
		case resp.StatusCode != http.StatusOK:
			return iam.Credentials{}, bad(iam.ErrUnavailable, "answered "+strconv.Itoa(resp.StatusCode))
		case err != nil:
			return iam.Credentials{}, bad(iam.ErrUnavailable, "answer was cut off")
		case len(body) > maxCredentialsBody:
			return iam.Credentials{}, bad(iam.ErrInvalidResponse, "answer is larger than 64 KiB")
		}
		var w temporaryWire
		if err := json.Unmarshal(body, &w); err != nil {
			return iam.Credentials{}, bad(iam.ErrInvalidResponse, "answer is not a JSON credential")
		}
		creds, err := w.credentials(SourceInstanceRole)
		if err != nil {
			return iam.Credentials{}, bad(iam.ErrInvalidResponse, "answer is incomplete: "+err.Error())
		}
		return creds, nil
	})
}

// credentialsEndpoint validates a metadata or STS endpoint and returns its
// scheme://host form.
func credentialsEndpoint(s, def string, anyHTTP bool, field string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	ep, err := parseEndpoint(s, anyHTTP)
	if err != nil {
		var e *iam.Error
		if errors.As(err, &e) {
			return "", badSource(field, e.Message)
		}
		return "", err
	}
	return ep, nil
}

// AssumeRoleInput is the request of Baidu STS AssumeRole
// (POST /v1/credential?assumeRole&accountId=&roleName=&durationSeconds=).
// Baidu grants AssumeRole to accounts on its allow list only.
type AssumeRoleInput struct {
	// AccountID is the id of the account that owns the role; required.
	AccountID string
	// RoleName is the role to act as; required.
	RoleName string
	// DurationSeconds is how long the credentials last: at most 7200 (2
	// hours, Baidu's limit); zero means 7200, the official SDK's default.
	DurationSeconds int
	// UserID, optional, is sent as the userId parameter.
	UserID string
	// ACL, optional, is an access control list in Baidu's JSON policy form
	// ({"accessControlList":[...]}) that narrows what the credentials may
	// do; it is the request's body.
	ACL string
}

// SessionTokenInput is the request of Baidu STS GetSessionToken
// (POST /v1/sessionToken?durationSeconds=).
type SessionTokenInput struct {
	// DurationSeconds is how long the credentials last; zero means 43200
	// (12 hours), the official SDK's default.
	DurationSeconds int
	// ACL, optional, is an access control list in Baidu's JSON policy form
	// that narrows what the credentials may do; it is the request's body.
	ACL string
}

// AssumeRoleCredentials returns temporary credentials of a role from Baidu
// STS (CredentialsOptions.STSEndpoint, default https://sts.bj.baidubce.com),
// asked for with source's credentials (any source: static keys, the
// default chain, an instance role), and asked again RefreshBefore they
// expire: the result is already an iam.CredentialsCache. The request is
// signed with bce-auth-v1, like IAM's; each attempt is bounded to 5 s and
// a failed one is tried once more.
func AssumeRoleCredentials(source iam.CredentialsProvider, in AssumeRoleInput, opts CredentialsOptions) *iam.CredentialsCache {
	return newCache(&stsProvider{source: source, opts: opts, assume: &in}, opts)
}

// SessionTokenCredentials returns temporary credentials of source's own
// identity from Baidu STS GetSessionToken, as AssumeRoleCredentials does for
// a role (same endpoint, signing, limits and cache).
func SessionTokenCredentials(source iam.CredentialsProvider, in SessionTokenInput, opts CredentialsOptions) *iam.CredentialsCache {
	return newCache(&stsProvider{source: source, opts: opts, session: &in}, opts)
}

// stsProvider asks Baidu STS for temporary credentials.
type stsProvider struct {
	source  iam.CredentialsProvider
	opts    CredentialsOptions
	assume  *AssumeRoleInput
	session *SessionTokenInput

	once   sync.Once
	client *Client
	err    error
}

// maxAssumeRoleSeconds is Baidu's limit on AssumeRole's durationSeconds.
const maxAssumeRoleSeconds = 7200

// Retrieve implements iam.CredentialsProvider.
func (p *stsProvider) Retrieve(ctx context.Context) (iam.Credentials, error) {
	cl, source, err := p.call()
	if err != nil {
		return iam.Credentials{}, err
	}
	p.once.Do(func() {
		hc := p.opts.HTTPClient
		if hc == nil {
			hc = stsHTTP()
		}
		ep, err := credentialsEndpoint(p.opts.STSEndpoint, DefaultSTSEndpoint, p.opts.AllowInsecureHTTP, "STSEndpoint")
		if err != nil {
			p.err = err
			return
		}
		p.client, p.err = New(Config{Credentials: p.source, Endpoint: ep, AllowInsecureHTTP: p.opts.AllowInsecureHTTP,
			HTTPClient: hc, MaxAttempts: 2, Timeout: stsAttemptTimeout, Logger: p.opts.Logger})
		if p.err == nil && p.opts.Now != nil {
			p.client.now = p.opts.Now
		}
	})
	if p.err != nil {
		return iam.Credentials{}, p.err
	}
	var w temporaryWire
	var creds iam.Credentials
	cl.expect = func([]byte) (err error) {
		creds, err = w.credentials(source)
		return err
	}
	if _, err := p.client.do(ctx, cl, &w); err != nil {
		return iam.Credentials{}, err
	}
	return creds, nil
}

// call checks the input and returns the STS request and the source name.
func (p *stsProvider) call() (call, string, error) {
	if p.source == nil {
		return call{}, "", badSource("source", "STS needs the credentials of a source to sign with")
	}
	if a := p.assume; a != nil {
		switch {
		case strings.TrimSpace(a.AccountID) == "":
			return call{}, "", badSource("AccountID", "is required")
		case strings.TrimSpace(a.RoleName) == "":
			return call{}, "", badSource("RoleName", "is required")
		case a.DurationSeconds < 0 || a.DurationSeconds > maxAssumeRoleSeconds:
			return call{}, "", badSource("DurationSeconds", "must be 0 (7200) or 1 to 7200: Baidu's AssumeRole lasts at most 2 hours")
		case a.ACL != "" && !json.Valid([]byte(a.ACL)):
			return call{}, "", badSource("ACL", "must be a JSON access control list")
		}
		d := a.DurationSeconds
		if d == 0 {
			d = maxAssumeRoleSeconds
		}
		q := url.Values{"accountId": {strings.TrimSpace(a.AccountID)}, "roleName": {strings.TrimSpace(a.RoleName)},
			"durationSeconds": {strconv.Itoa(d)}}
		if a.UserID != "" {
			q.Set("userId", a.UserID)
		}
		return call{op: "AssumeRole", method: http.MethodPost, segs: []string{"credential"}, flag: "assumeRole", query: q,
			in: rawBody(a.ACL), idempotent: true}, SourceAssumeRole + " " + strings.TrimSpace(a.RoleName), nil
	}
	s := p.session
	switch {
	case s.DurationSeconds < 0:
		return call{}, "", badSource("DurationSeconds", "must not be negative")
	case s.ACL != "" && !json.Valid([]byte(s.ACL)):
		return call{}, "", badSource("ACL", "must be a JSON access control list")
	}
	d := s.DurationSeconds
	if d == 0 {
		d = 43200
	}
	return call{op: "GetSessionToken", method: http.MethodPost, segs: []string{"sessionToken"},
		query: url.Values{"durationSeconds": {strconv.Itoa(d)}}, in: rawBody(s.ACL), idempotent: true}, SourceSessionToken, nil
}

// rawBody is the optional ACL body: nil (no body) when empty.
func rawBody(acl string) any {
	if strings.TrimSpace(acl) == "" {
		return nil
	}
	return json.RawMessage(acl)
}
