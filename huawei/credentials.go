package huawei

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The environment variables of Huawei Cloud's credential sources, beyond
// those of the access key (EnvAccessKeyID, EnvSecretAccessKey,
// EnvSessionToken, EnvDomainID). They are the names Huawei's SDKs read.
const (
	// EnvCredentialsFile names the credentials file, instead of
	// ~/.huaweicloud/credentials.
	EnvCredentialsFile = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
	// EnvIdpID is the id of an OpenID Connect identity provider registered
	// in IAM; with EnvIDTokenFile it selects OIDC federation, which then
	// takes precedence over HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.
	EnvIdpID = "HUAWEICLOUD_SDK_IDP_ID"
	// EnvIDTokenFile names the file holding the OpenID Connect ID token
	// (a JWT), read again at each refresh (a Kubernetes projected token,
	// say).
	EnvIDTokenFile = "HUAWEICLOUD_SDK_ID_TOKEN_FILE"
)

const (
	// DefaultMetadataEndpoint is the ECS/BMS metadata service.
	DefaultMetadataEndpoint = "http://169.254.169.254"
	// DefaultProfile is the section of the credentials file read by
	// default: IAM is a global service, and Huawei's SDKs read [global]
	// for it.
	DefaultProfile = "global"
	// DefaultRefreshBefore is how long before expiry cached temporary
	// credentials are refreshed: Huawei's SDKs fetch new ones when less
	// than 40 minutes are left.
	DefaultRefreshBefore = 40 * time.Minute
)

// Timeouts of the credential endpoints: a metadata service that does not
// answer (no instance here) or a slow IAM must never hang a call. (Vars
// for the tests.)
var (
	metadataConnectTimeout = time.Second
	metadataRequestTimeout = 3 * time.Second // each request; Huawei's SDK uses 3 s
	metadataTotalTimeout   = 5 * time.Second // the whole token dance
	iamConnectTimeout      = 2 * time.Second
	iamRequestTimeout      = 10 * time.Second
)

// CredentialsOptions configure DefaultCredentials and the credential
// sources. The zero value reads the real environment, home directory and
// metadata service.
type CredentialsOptions struct {
	// Profile is the section of the credentials file to read: "global"
	// (DefaultProfile) when empty, "basic", or any other section name.
	Profile string
	// CredentialsFile is the path of the credentials file; empty means
	// HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials.
	CredentialsFile string
	// HomeDir is the home directory the default file path starts from;
	// empty means os.UserHomeDir ($HOME). Tests point it at a temporary
	// directory.
	HomeDir string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// MetadataEndpoint is the instance metadata service;
	// empty means http://169.254.169.254 (DefaultMetadataEndpoint).
	MetadataEndpoint string
	// IAMEndpoint is where OIDC federation and agency assumption call IAM;
	// empty means HUAWEICLOUD_SDK_IAM_ENDPOINT (an https:// prefix is added
	// when it has no scheme, as Huawei's SDK does), then the credentials
	// file's iam_endpoint, else https://iam.myhuaweicloud.com.
	IAMEndpoint string
	// AllowInsecureHTTP allows an http:// IAMEndpoint on a non-loopback
	// host. The metadata service is plain http by nature.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests to the metadata service and IAM; nil
	// uses clients that connect within 1 s (metadata, never through a
	// proxy) and 2 s (IAM, honouring HTTP(S)_PROXY). Whatever the client,
	// each metadata request is bounded to 3 s (5 s for the whole token
	// exchange) and each IAM request to 10 s.
	HTTPClient *http.Client
	// Logger receives the refreshes of the cache, and a warning when a
	// credentials file is readable by its group or by others; nil logs
	// nothing. No line holds a secret.
	Logger iam.Logger
	// RefreshBefore is how long before expiry the cache refreshes
	// temporary credentials; zero means 40 minutes (DefaultRefreshBefore).
	RefreshBefore time.Duration
	// Now is the cache's clock; nil means time.Now.
	Now func() time.Time
}

func (o *CredentialsOptions) getenv(k string) string {
	if o.Getenv != nil {
		return o.Getenv(k)
	}
	return os.Getenv(k)
}

func (o *CredentialsOptions) refreshBefore() time.Duration {
	if o.RefreshBefore > 0 {
		return o.RefreshBefore
	}
	return DefaultRefreshBefore
}

// cache wraps a source in an iam.CredentialsCache with the options' window.
func (o *CredentialsOptions) cache(p iam.CredentialsProvider, refreshBefore time.Duration) *iam.CredentialsCache {
	return iam.NewCredentialsCache(p, iam.CredentialsCacheOptions{RefreshBefore: refreshBefore, Logger: o.Logger, Now: o.Now})
}

// iamEndpoint returns the IAM endpoint of federation and agencies: the
// option, the environment, the file's value, the global endpoint.
func (o *CredentialsOptions) iamEndpoint(fromFile string) string {
	if o.IAMEndpoint != "" {
		return o.IAMEndpoint
	}
	if ep := strings.TrimSpace(o.getenv(EnvEndpoint)); ep != "" {
		if !strings.Contains(ep, "://") {
			ep = "https://" + ep
		}
		return ep
	}
	if fromFile != "" {
		return fromFile
	}
	return DefaultEndpoint
}

var (
	defaultClientsOnce sync.Once
	metadataHTTP       *http.Client
	iamHTTP            *http.Client
)

// defaultClients returns the HTTP clients of the credential endpoints.
func defaultClients() (metadata, iamClient *http.Client) {
	defaultClientsOnce.Do(func() {
		metadataHTTP = &http.Client{
			Transport: &http.Transport{
				Proxy:                 nil, // link-local: never through a proxy
				DialContext:           (&net.Dialer{Timeout: metadataConnectTimeout}).DialContext,
				ResponseHeaderTimeout: metadataRequestTimeout,
				MaxIdleConns:          2,
				IdleConnTimeout:       30 * time.Second,
			},
			Timeout:       metadataRequestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		iamHTTP = &http.Client{
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: iamConnectTimeout}).DialContext,
				TLSHandshakeTimeout:   iamConnectTimeout,
				ResponseHeaderTimeout: iamRequestTimeout,
				MaxIdleConns:          4,
				IdleConnTimeout:       30 * time.Second,
				ForceAttemptHTTP2:     true,
			},
			Timeout:       iamRequestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	})
	return metadataHTTP, iamHTTP
}

func (o *CredentialsOptions) metadataClient() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	m, _ := defaultClients()
	return m
}

func (o *CredentialsOptions) iamClient() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	_, c := defaultClients()
	return c
}

// DefaultCredentials returns Huawei Cloud's default credentials chain, in
// the order of Huawei's SDKs, wrapped in an iam.CredentialsCache that
// refreshes temporary credentials 40 minutes before they expire (as
// Huawei's SDKs do; CredentialsOptions.RefreshBefore changes it):
//
//  1. "env": HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
//     HUAWEICLOUD_SDK_SECURITY_TOKEN and HUAWEICLOUD_SDK_DOMAIN_ID; or OIDC
//     federation when HUAWEICLOUD_SDK_IDP_ID and
//     HUAWEICLOUD_SDK_ID_TOKEN_FILE are set (EnvCredentials);
//  2. "profile": the [global] section of ~/.huaweicloud/credentials or of
//     HUAWEICLOUD_SDK_CREDENTIALS_FILE (ProfileCredentials);
//  3. "metadata": the agency of the ECS or BMS instance, from
//     http://169.254.169.254/openstack/latest/securitykey
//     (MetadataCredentials).
//
// Nothing is read and nothing is sent until the first Retrieve (a
// client's first request). When no source has credentials the error, an
// *iam.CredentialsChainError, names every source and why it gave none.
func DefaultCredentials(o CredentialsOptions) *iam.CredentialsCache {
	return o.cache(o.chain(), o.refreshBefore())
}

func (o CredentialsOptions) chain() *iam.CredentialsChain {
	return &iam.CredentialsChain{Sources: []iam.CredentialsSource{
		{Name: "env", Provider: &envSource{o: o}},
		{Name: "profile", Provider: &profileSource{o: o}},
		{Name: "metadata", Provider: newMetadataSource(o)},
	}}
}

// EnvCredentials returns, cached, the credentials of the environment
// variables of Huawei's SDKs: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK,
// with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys and
// HUAWEICLOUD_SDK_DOMAIN_ID for the account id (else looked up by the
// client). When HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE
// are set they win: OIDC federation, as FederationCredentials. With
// neither set the error matches iam.ErrNoCredentials; with one of a pair
// missing it is an iam.ErrInvalidArgument whose Field names the variable.
func EnvCredentials(o CredentialsOptions) *iam.CredentialsCache {
	return o.cache(&envSource{o: o}, o.refreshBefore())
}

type envSource struct {
	o CredentialsOptions

	mu  sync.Mutex
	fed *federationSource // the federation of the last IDP_ID/ID_TOKEN_FILE seen
}

func (s *envSource) Retrieve(ctx context.Context) (iam.Credentials, error) {
	o := &s.o
	idp, tokenFile := strings.TrimSpace(o.getenv(EnvIdpID)), strings.TrimSpace(o.getenv(EnvIDTokenFile))
	switch {
	case idp != "" && tokenFile != "":
		s.mu.Lock()
		if s.fed == nil || s.fed.idp != idp || s.fed.tokenFile != tokenFile {
			s.fed = newFederationSource(idp, tokenFile, o.iamEndpoint(""), *o)
		}
		f := s.fed
		s.mu.Unlock()
		return f.Retrieve(ctx)
	case idp != "":
		return iam.Credentials{}, iam.InvalidArgument(Scheme, "Credentials", EnvIDTokenFile, "environment variable not set (required with "+EnvIdpID+")")
	case tokenFile != "":
		return iam.Credentials{}, iam.InvalidArgument(Scheme, "Credentials", EnvIdpID, "environment variable not set (required with "+EnvIDTokenFile+")")
	}
	ak, sk := strings.TrimSpace(o.getenv(EnvAccessKeyID)), o.getenv(EnvSecretAccessKey)
	token := o.getenv(EnvSessionToken)
	switch {
	case ak == "" && sk == "" && token == "":
		return iam.Credentials{}, noCredentials(EnvAccessKeyID + " and " + EnvSecretAccessKey + " are not set")
	case ak == "" && sk == "":
		return iam.Credentials{}, iam.InvalidArgument(Scheme, "Credentials", EnvAccessKeyID+", "+EnvSecretAccessKey, "environment variables not set (required with "+EnvSessionToken+")")
	case ak == "":
		return iam.Credentials{}, iam.InvalidArgument(Scheme, "Credentials", EnvAccessKeyID, "environment variable not set (required with "+EnvSecretAccessKey+")")
	case sk == "":
		return iam.Credentials{}, iam.InvalidArgument(Scheme, "Credentials", EnvSecretAccessKey, "environment variable not set (required with "+EnvAccessKeyID+")")
	}
	noteDomain(ak, strings.TrimSpace(o.getenv(EnvDomainID)))
	return iam.Credentials{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), SessionToken: iam.NewSecret(token), Source: "env"}, nil
}

// noCredentials is the error of a source that is simply not configured.
type noCredentialsError struct{ why string }

func (e *noCredentialsError) Error() string { return e.why + ": " + iam.ErrNoCredentials.Error() }
func (e *noCredentialsError) Is(target error) bool {
	return target == iam.ErrNoCredentials
}

func noCredentials(why string) error { return &noCredentialsError{why: why} }

// domainHints remembers the account (domain) id that a credentials source
// learnt along with the credentials it returned (HUAWEICLOUD_SDK_DOMAIN_ID,
// a file's domain_id, an agency's domain), by access key id, so that a
// Client sends it as X-Domain-Id instead of looking it up. It is bounded:
// when full it starts over (a Client then looks the id up).
var domainHints = struct {
	mu sync.Mutex
	m  map[string]string
}{m: map[string]string{}}

const maxDomainHints = 256

func noteDomain(accessKeyID, domainID string) {
	if accessKeyID == "" || domainID == "" {
		return
	}
	domainHints.mu.Lock()
	defer domainHints.mu.Unlock()
	if domainHints.m[accessKeyID] == domainID {
		return
	}
	if len(domainHints.m) >= maxDomainHints {
		clear(domainHints.m)
	}
	domainHints.m[accessKeyID] = domainID
}

func domainHint(accessKeyID string) string {
	domainHints.mu.Lock()
	defer domainHints.mu.Unlock()
	return domainHints.m[accessKeyID]
}

// credentialsError is the error of a call whose credentials could not be
// retrieved, before any request of it was sent: an *iam.Error of Kind
// ErrInvalidArgument (nothing is configured, or configured wrongly: a
// configuration mistake like any other), or of the Kind of the source's
// own failure when it is transient or about authentication
// (ErrUnavailable, ErrThrottled, ErrInvalidResponse, ErrUnauthenticated,
// ErrPermissionDenied). The source's error stays readable in the text, and
// through errors.As for an *iam.CredentialsChainError, but its own kinds
// do not leak into the call's: an agency that does not exist must not read
// as a user that does not exist.
func credentialsError(err error) error {
	kind := iam.ErrInvalidArgument
	var ie *iam.Error
	if errors.As(err, &ie) {
		switch ie.Kind {
		case iam.ErrUnavailable, iam.ErrThrottled, iam.ErrInvalidResponse, iam.ErrUnauthenticated, iam.ErrPermissionDenied:
			kind = ie.Kind
		}
	}
	return &iam.Error{Provider: Scheme, Kind: kind, Message: "no credentials", Err: &sourceError{err: err}}
}

// sourceError carries a credentials source's error inside a call's error:
// its text, errors.Is for iam.ErrNoCredentials and context errors, and
// errors.As for *iam.CredentialsChainError; not the *iam.Error values
// inside.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }

func (e *sourceError) Is(target error) bool {
	switch target {
	case iam.ErrNoCredentials, context.Canceled, context.DeadlineExceeded:
		return errors.Is(e.err, target)
	}
	return false
}

func (e *sourceError) As(target any) bool {
	if p, ok := target.(**iam.CredentialsChainError); ok {
		return errors.As(e.err, p)
	}
	return false
}
