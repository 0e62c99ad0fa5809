package aliyun

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

// Time limits of the metadata service and the credentials URI: they must
// never hang a call.
const (
	credentialsConnectTimeout = time.Second
	metadataRequestTimeout    = 2 * time.Second
	metadataTimeout           = 5 * time.Second
	uriTimeout                = 5 * time.Second
	// metadataTokenTTL is the life asked for a metadata token (6 hours, as
	// Alibaba's tools ask). A token is fetched before each credential fetch.
	metadataTokenTTL = "21600"
)

// Paths of the ECS metadata service.
const (
	metadataTokenPath = "/latest/api/token"
	metadataRolePath  = "/latest/meta-data/ram/security-credentials/"
	// The metadata token headers, as Alibaba spells them.
	headerMetadataTokenTTL = "X-aliyun-ecs-metadata-token-ttl-seconds"
	headerMetadataToken    = "X-aliyun-ecs-metadata-token"
)

// noRedirect keeps a credentials request where it was sent.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// metadataHTTP is the default client of the metadata service: no proxy (the
// service is link-local), a 1 s connect limit.
var metadataHTTP = sync.OnceValue(func() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:           (&net.Dialer{Timeout: credentialsConnectTimeout}).DialContext,
			ResponseHeaderTimeout: metadataRequestTimeout,
			MaxIdleConns:          2,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: noRedirect,
	}
})

// remoteHTTP is the default client of STS and the credentials URI:
// HTTP(S)_PROXY honoured, a 1 s connect limit and a 3 s TLS handshake limit.
var remoteHTTP = sync.OnceValue(func() *http.Client {
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

// userClient is opts.HTTPClient, copied so that it never follows a redirect.
func (o *CredentialsOptions) userClient() *http.Client {
	c := *o.HTTPClient
	c.CheckRedirect = noRedirect
	return &c
}

func (o *CredentialsOptions) metadataClient() *http.Client {
	if o.HTTPClient != nil {
		return o.userClient()
	}
	return metadataHTTP()
}

func (o *CredentialsOptions) stsClient() *http.Client {
	if o.HTTPClient != nil {
		return o.userClient()
	}
	return remoteHTTP()
}

// netErrorText describes a failed request without its URL (which the
// caller names) and without Go's wrapping.
func netErrorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	return err.Error()
}

// ECSRAMRoleCredentials returns the source of an ECS instance's RAM role,
// from the instance metadata service (CredentialsOptions.MetadataEndpoint,
// http://100.100.100.200 by default), hardened as Alibaba's tools do it:
//
//  1. PUT /latest/api/token with X-aliyun-ecs-metadata-token-ttl-seconds:
//     21600 gives a metadata token, sent as X-aliyun-ecs-metadata-token
//     with the requests below. When the service refuses (an HTTP error),
//     they are sent without it (IMDSv1) unless
//     ALIBABA_CLOUD_IMDSV1_DISABLED=true.
//  2. Without roleName (and ALIBABA_CLOUD_ECS_METADATA), GET
//     /latest/meta-data/ram/security-credentials/ names the role.
//  3. GET /latest/meta-data/ram/security-credentials/<role> returns the
//     credentials ({"Code":"Success","AccessKeyId",...,"Expiration"}).
//
// Each Retrieve asks the service (1 s to connect, 2 s per request, 5 s in
// all), so wrap the source in an iam.CredentialsCache when using it alone
// (DefaultCredentials does). ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
// (which also keeps the EcsRamRole modes of the files from asking), no
// answer at all (not on ECS) or no role bound to the instance is
// iam.ErrNoCredentials; any other failure is an *iam.Error.
func ECSRAMRoleCredentials(roleName string, opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		role := roleName
		if role == "" {
			role = opts.getenv(EnvECSMetadata)
		}
		return opts.ecsRAMRole(ctx, role)
	})
}

// metadataError is a failure of the metadata service.
func metadataError(msg string, status int) error {
	return &iam.Error{Provider: "aliyun", Op: "Credentials", Kind: iam.ErrUnavailable, StatusCode: status, Message: msg}
}

// ecsRAMRole fetches the credentials of role ("" to ask the service),
// unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true forbids asking.
func (o *CredentialsOptions) ecsRAMRole(ctx context.Context, role string) (iam.Credentials, error) {
	if o.envTrue(EnvECSMetadataDisabled) {
		return iam.Credentials{}, noCredentials(EnvECSMetadataDisabled + "=true")
	}
	base := strings.TrimRight(o.MetadataEndpoint, "/")
	if base == "" {
		base = DefaultMetadataEndpoint
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return iam.Credentials{}, badSource("MetadataEndpoint", "must be an http URL such as "+DefaultMetadataEndpoint)
	}
	mctx, cancel := context.WithTimeout(ctx, metadataTimeout)
	defer cancel()
	get := func(method, path string, h http.Header) (int, []byte, error) {
		rctx, cancel := context.WithTimeout(mctx, metadataRequestTimeout)
		defer cancel()
		r, err := http.NewRequestWithContext(rctx, method, base+path, nil)
		if err != nil {
			return 0, nil, badSource("MetadataEndpoint", "cannot make a request to "+base)
		}
		for k, v := range h {
			r.Header[k] = v
		}
		resp, err := o.metadataClient().Do(r)
		if err != nil {
			if ctx.Err() != nil {
				return 0, nil, &iam.Error{Provider: "aliyun", Op: "Credentials", Kind: iam.ErrUnavailable,
					Message: "asking the ECS metadata service", Err: ctx.Err()}
			}
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody+1))
		if err != nil || len(b) > maxCredentialsBody {
			return resp.StatusCode, nil, metadataError("cannot read the answer of the ECS metadata service to "+method+" "+path, resp.StatusCode)
		}
		return resp.StatusCode, b, nil
	}
	// absent turns a request that got no answer into "not on ECS".
	absent := func(err error) error {
		var ie *iam.Error
		if errors.As(err, &ie) {
			return err
		}
		return noCredentials("no ECS metadata service answered at " + base + " (" + netErrorText(err) + ")")
	}

	var h http.Header
	status, tok, err := get(http.MethodPut, metadataTokenPath, http.Header{headerMetadataTokenTTL: {metadataTokenTTL}})
	switch {
	case err != nil:
		// No answer at all: there is no metadata service to fall back to.
		return iam.Credentials{}, absent(err)
	case status == http.StatusOK && len(strings.TrimSpace(string(tok))) > 0:
		h = http.Header{headerMetadataToken: {strings.TrimSpace(string(tok))}}
	case o.envTrue(EnvIMDSv1Disabled):
		return iam.Credentials{}, metadataError("the ECS metadata service gave no metadata token (HTTP "+strconv.Itoa(status)+
			") and "+EnvIMDSv1Disabled+"=true forbids reading it without one", status)
	}

	if role == "" {
		status, b, err := get(http.MethodGet, metadataRolePath, h)
		switch {
		case err != nil:
			return iam.Credentials{}, absent(err)
		case status == http.StatusNotFound:
			return iam.Credentials{}, noCredentials("the ECS instance has no RAM role")
		case status != http.StatusOK:
			return iam.Credentials{}, metadataError("the ECS metadata service answered HTTP "+strconv.Itoa(status)+" for the RAM role's name", status)
		}
		role = strings.TrimSpace(string(b))
		if i := strings.IndexByte(role, '\n'); i >= 0 {
			role = strings.TrimSpace(role[:i])
		}
		if role == "" {
			return iam.Credentials{}, noCredentials("the ECS instance has no RAM role")
		}
	}
	if strings.ContainsAny(role, "/?#%") || hasControl(role) {
		return iam.Credentials{}, badSource(EnvECSMetadata, "the RAM role name "+strconv.Quote(role)+" is not a role name")
	}
	status, b, err := get(http.MethodGet, metadataRolePath+role, h)
	switch {
	case err != nil:
		return iam.Credentials{}, absent(err)
	case status == http.StatusNotFound:
		return iam.Credentials{}, metadataError("the ECS instance has no RAM role named "+strconv.Quote(role), status)
	case status != http.StatusOK:
		return iam.Credentials{}, metadataError("the ECS metadata service answered HTTP "+strconv.Itoa(status)+
			" for the credentials of the RAM role "+strconv.Quote(role), status)
	}
	var w struct {
		Code            string `json:"Code"`
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string `json:"AccessKeySecret"`
		SecurityToken   string `json:"SecurityToken"`
		Expiration      string `json:"Expiration"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return iam.Credentials{}, invalidCredentials("the ECS metadata service's answer", describeJSONError(err))
	}
	if w.Code != "Success" {
		return iam.Credentials{}, invalidCredentials("the ECS metadata service's answer", "Code is "+strconv.Quote(trimTo(w.Code, 64))+", not Success")
	}
	return temporaryCredentials("the ECS metadata service's answer", w.AccessKeyID, w.AccessKeySecret, w.SecurityToken, w.Expiration, SourceECSRAMRole)
}

// invalidCredentials is the error of an answer that holds no credentials.
func invalidCredentials(what, why string) error {
	return &iam.Error{Provider: "aliyun", Op: "Credentials", Kind: iam.ErrInvalidResponse, Message: what + ": " + why}
}

// temporaryCredentials checks the four fields of temporary credentials.
func temporaryCredentials(what, id, secret, token, expiration, source string) (iam.Credentials, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{{"AccessKeyId", id}, {"AccessKeySecret", secret}, {"SecurityToken", token}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	exp, ok := parseExpiration(expiration)
	if !ok {
		missing = append(missing, "Expiration")
	}
	if len(missing) > 0 {
		return iam.Credentials{}, invalidCredentials(what, "no valid "+strings.Join(missing, ", "))
	}
	return iam.Credentials{AccessKeyID: strings.TrimSpace(id), SecretAccessKey: iam.NewSecret(secret),
		SessionToken: iam.NewSecret(token), Expires: exp, Source: source}, nil
}

// URICredentials returns the credentials URI source: GET uri (empty means
// ALIBABA_CLOUD_CREDENTIALS_URI) answers 200 with
// {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}, all four
// required (a "Code" other than "Success", when present, is a failure). The
// URI is configured by whoever runs the program (a sidecar, a local agent),
// so http and https are accepted for any host. Each Retrieve asks it (1 s to
// connect, 5 s in all); no URI is iam.ErrNoCredentials.
func URICredentials(uri string, opts CredentialsOptions) iam.CredentialsProvider {
	return iam.CredentialsProviderFunc(func(ctx context.Context) (iam.Credentials, error) {
		uri := uri
		if uri == "" {
			uri = opts.getenv(EnvCredentialsURI)
		}
		if uri == "" {
			return iam.Credentials{}, noCredentials(EnvCredentialsURI + " is not set")
		}
		u, err := url.Parse(uri)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return iam.Credentials{}, badSource(EnvCredentialsURI, "must be an http or https URL")
		}
		// The URI may carry a secret in its query or user info: errors name
		// its scheme and host only.
		where := u.Scheme + "://" + u.Host
		rctx, cancel := context.WithTimeout(ctx, uriTimeout)
		defer cancel()
		r, err := http.NewRequestWithContext(rctx, http.MethodGet, uri, nil)
		if err != nil {
			return iam.Credentials{}, badSource(EnvCredentialsURI, "cannot make a request to "+where)
		}
		r.Header.Set("Accept", "application/json")
		resp, err := opts.stsClient().Do(r)
		if err != nil {
			if ctx.Err() != nil {
				return iam.Credentials{}, &iam.Error{Provider: "aliyun", Op: "Credentials", Kind: iam.ErrUnavailable,
					Message: "asking the credentials URI", Err: ctx.Err()}
			}
			return iam.Credentials{}, metadataError("the credentials URI at "+where+" did not answer ("+netErrorText(err)+")", 0)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody+1))
		switch {
		case err != nil || len(b) > maxCredentialsBody:
			return iam.Credentials{}, metadataError("cannot read the answer of the credentials URI at "+where, resp.StatusCode)
		case resp.StatusCode != http.StatusOK:
			return iam.Credentials{}, metadataError("the credentials URI at "+where+" answered HTTP "+strconv.Itoa(resp.StatusCode), resp.StatusCode)
		}
		var w struct {
			Code            *string `json:"Code"`
			AccessKeyID     string  `json:"AccessKeyId"`
			AccessKeySecret string  `json:"AccessKeySecret"`
			SecurityToken   string  `json:"SecurityToken"`
			Expiration      string  `json:"Expiration"`
		}
		what := "the answer of the credentials URI at " + where
		if err := json.Unmarshal(b, &w); err != nil {
			return iam.Credentials{}, invalidCredentials(what, describeJSONError(err))
		}
		if w.Code != nil && *w.Code != "Success" {
			return iam.Credentials{}, invalidCredentials(what, "Code is "+strconv.Quote(trimTo(*w.Code, 64))+", not Success")
		}
		return temporaryCredentials(what, w.AccessKeyID, w.AccessKeySecret, w.SecurityToken, w.Expiration, SourceCredentialsURI)
	})
}
