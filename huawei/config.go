package huawei

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Scheme is the URL scheme this package registers with iam.Register
// ("huawei://"), and the Provider of every *iam.Error it returns.
const Scheme = "huawei"

// DefaultEndpoint is the global IAM endpoint. Every IAM API works on it, for
// both the Chinese and the international site.
const DefaultEndpoint = "https://iam.myhuaweicloud.com"

// The environment variables ConfigFromEnv reads. All but EnvRegion are the
// names Huawei Cloud's own SDKs read; EnvRegion is cloudiam's (the official
// SDKs take the region in code).
const (
	// EnvAccessKeyID holds the access key id (AK), permanent or temporary.
	EnvAccessKeyID = "HUAWEICLOUD_SDK_AK"
	// EnvSecretAccessKey holds the secret access key (SK).
	EnvSecretAccessKey = "HUAWEICLOUD_SDK_SK"
	// EnvSessionToken holds the security token of a temporary AK/SK, sent as
	// X-Security-Token.
	EnvSessionToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
	// EnvRegion selects the regional IAM endpoint, such as cn-north-4.
	EnvRegion = "HUAWEICLOUD_SDK_REGION"
	// EnvEndpoint overrides the IAM endpoint; it wins over EnvRegion.
	EnvEndpoint = "HUAWEICLOUD_SDK_IAM_ENDPOINT"
	// EnvDomainID holds the account (domain) id sent as X-Domain-Id.
	EnvDomainID = "HUAWEICLOUD_SDK_DOMAIN_ID"
)

// Config configures a Client. Either Credentials, or AccessKeyID and
// SecretAccessKey (AK/SK signing with SDK-HMAC-SHA256, Huawei's
// recommendation), or AuthToken must be set. Secrets are iam.Secret
// values, so printing a Config never shows them.
type Config struct {
	// AccessKeyID is the access key id (AK) of a permanent or temporary
	// Huawei Cloud access key, named in every signature.
	AccessKeyID string
	// SecretAccessKey is the secret access key (SK) that signs requests; it
	// never leaves the process.
	SecretAccessKey iam.Secret
	// SessionToken is the security token of a temporary AK/SK (from
	// POST /v3.0/OS-CREDENTIAL/securitytokens or an agency); it is sent, and
	// signed, as X-Security-Token. Empty for a permanent key.
	SessionToken iam.Secret
	// Region selects the regional IAM endpoint
	// https://iam.{region}.myhuaweicloud.com (https://iam.eu-west-101.myhuaweicloud.eu
	// for eu-west-101). Empty uses the global endpoint; ignored when
	// Endpoint is set.
	Region string
	// Endpoint overrides the IAM endpoint (https://iam.myhuaweicloud.com by
	// default). It may carry a base path. Plain http is accepted only for a
	// loopback host unless AllowInsecureHTTP is set.
	Endpoint string
	// AllowInsecureHTTP allows an http:// Endpoint on a non-loopback host
	// (a proxy inside a trusted network, say): requests then travel in clear.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests; nil uses a default client that honours
	// HTTP(S)_PROXY, with connect and TLS timeouts. Its Transport is used as
	// given; redirects are never followed.
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one API request, retries included;
	// zero means 4.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A Retry-After longer than
	// MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Timeout bounds each HTTP attempt (a context deadline, so one slow
	// attempt can be retried); zero means 60 s.
	Timeout time.Duration
	// UserAgent is appended to the User-Agent header
	// ("cloudiam-go/<version> (...) <UserAgent>"), which IAM signs and logs.
	UserAgent string
	// Logger (a *slog.Logger, for one) receives debug lines (never a
	// secret); nil logs nothing.
	Logger iam.Logger
	// Observer sees the start and end of every portable call, every IAM API
	// request and every HTTP attempt (for tracing and metrics); nil observes
	// nothing.
	Observer *iam.Observer
	// Debug, when set, receives the canonical request and string to sign of
	// every signature, to diagnose a signature IAM refuses (APIGW.0301). It
	// never sees the secret key; the signed X-Security-Token value appears
	// as [REDACTED].
	Debug signer.DebugFunc

	// DomainID is the account (domain) id: sent as X-Domain-Id with AK/SK, as
	// Huawei's global credentials do, and used as the domain_id of new users.
	// When empty it is resolved once through GET /v3/auth/domains and cached.
	DomainID string
	// AuthToken, instead of AK/SK, is a domain-scoped IAM token (the
	// X-Subject-Token of POST /v3/auth/tokens) sent as X-Auth-Token;
	// requests are then not signed. IAM tokens are valid 24 hours.
	AuthToken iam.Secret

	// Credentials, when set, provides the AK/SK (and security token) in
	// place of AccessKeyID, SecretAccessKey and SessionToken, which must
	// then be empty: DefaultCredentials (the chain of Huawei's SDKs, which
	// ConfigFromEnv sets), one of its sources, AgencyCredentials, or any
	// iam.CredentialsProvider. Every attempt of every request is signed
	// with the credentials Retrieve returns at that attempt, so a retry
	// after a refresh signs with the new ones. When IAM answers that a
	// security token has expired (IAM.1108) and the provider has an
	// Expire method (an iam.CredentialsCache has), the credentials are
	// dropped and the request is signed again with fresh ones. A provider
	// that fetches over the network should be cached (the constructors of
	// this package return cached providers).
	Credentials iam.CredentialsProvider
}

// isRegionID reports whether s looks like a region id such as cn-north-4:
// ^[a-z]{2,}(-[a-z0-9]+)+$, checked by hand (package regexp would add about
// 200 KB to every program using this package).
func isRegionID(s string) bool {
	first, rest, ok := strings.Cut(s, "-")
	if !ok || len(first) < 2 || strings.IndexFunc(first, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return false
	}
	for part := range strings.SplitSeq(rest, "-") {
		if part == "" || strings.IndexFunc(part, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }) >= 0 {
			return false
		}
	}
	return true
}

// RegionEndpoint returns the IAM endpoint of a region:
// https://iam.{region}.myhuaweicloud.com, or the .eu host for eu-west-101.
func RegionEndpoint(region string) string {
	if region == "eu-west-101" {
		return "https://iam.eu-west-101.myhuaweicloud.eu"
	}
	return "https://iam." + region + ".myhuaweicloud.com"
}

// endpoint validates the configuration's endpoint and returns it without a
// trailing slash.
func (cfg *Config) endpoint() (string, error) {
	ep := cfg.Endpoint
	if ep == "" && cfg.Region != "" {
		if !isRegionID(cfg.Region) {
			return "", iam.InvalidArgument(Scheme, "New", "Region", "must be a region id such as cn-north-4")
		}
		ep = RegionEndpoint(cfg.Region)
	}
	if ep == "" {
		ep = DefaultEndpoint
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", iam.InvalidArgument(Scheme, "New", "Endpoint", "must be an absolute http(s) URL without user info, query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !cfg.AllowInsecureHTTP && !isLoopback(u.Hostname()) {
			return "", iam.InvalidArgument(Scheme, "New", "Endpoint", "plain http is allowed only for a loopback host unless AllowInsecureHTTP is set")
		}
	default:
		return "", iam.InvalidArgument(Scheme, "New", "Endpoint", "scheme must be https (or http for loopback)")
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// configFromEnv returns the Config of the environment: its region and
// endpoint, and the default credentials chain of opts.
func configFromEnv(getenv func(string) string, opts CredentialsOptions) Config {
	return Config{
		Region:      getenv(EnvRegion),
		Endpoint:    getenv(EnvEndpoint),
		Credentials: DefaultCredentials(opts),
	}
}

// ConfigFromEnv returns the Config of Huawei Cloud's default credentials
// chain: Credentials is DefaultCredentials (the environment variables
// HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN
// and HUAWEICLOUD_SDK_DOMAIN_ID or OIDC federation, then the
// ~/.huaweicloud/credentials file, then the instance's agency), which
// reads nothing until a client's first request needs credentials; the
// endpoint comes from HUAWEICLOUD_SDK_IAM_ENDPOINT, else the region of
// HUAWEICLOUD_SDK_REGION. Fields such as HTTPClient or Observer can then be
// set before New. Missing credentials are reported by the first call, with
// every source of the chain and why it had none. The error is nil; it is
// kept for the configurations that read settings which can be wrong.
func ConfigFromEnv() (Config, error) {
	return configFromEnv(os.Getenv, CredentialsOptions{}), nil
}

// NewFromEnv returns a Client configured by ConfigFromEnv, then by each
// option in order (for the fields the environment does not hold):
//
//	c, err := huawei.NewFromEnv(func(c *huawei.Config) { c.Observer = obs })
//
// An option that sets AccessKeyID, SecretAccessKey or AuthToken replaces
// the default credentials chain with them; Config.Logger also receives the
// chain's warnings and refreshes.
func NewFromEnv(opts ...func(*Config)) (*Client, error) {
	cfg := configFromEnv(os.Getenv, CredentialsOptions{})
	chain := cfg.Credentials
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	switch {
	case cfg.Credentials != chain:
	case cfg.AccessKeyID != "" || !cfg.SecretAccessKey.IsZero() || !cfg.AuthToken.IsZero():
		cfg.Credentials = nil
	case cfg.Logger != nil:
		// The chain's warnings (a credentials file others can read) go to
		// the client's logger.
		cfg.Credentials = DefaultCredentials(CredentialsOptions{Logger: cfg.Logger})
	}
	return New(cfg)
}
