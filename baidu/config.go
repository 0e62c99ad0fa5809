package baidu

import (
	"fmt"
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
// ("baidu://"), and the Provider of every *iam.Error it returns.
const Scheme = "baidu"

// DefaultEndpoint is Baidu IAM's only endpoint. IAM is global: its region is
// always bj.
const DefaultEndpoint = "https://iam.bj.baidubce.com"

// DefaultRegion is the only region Baidu IAM has: the service is global and
// served from bj.
const DefaultRegion = "bj"

// Environment variables read by the environment source of DefaultCredentials
// (EnvCredentials), which ConfigFromEnv and NewFromEnv use, and by
// ConfigFromEnv for the endpoint. BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY,
// BCE_SECURITY_TOKEN and BCE_REGION are the names Baidu's command-line tool
// (bce) reads (Baidu's Go and Python SDKs read none); BCE_IAM_ENDPOINT is
// this package's own. The BAIDUCLOUD_ names are those
// terraform-provider-baiducloud reads, used when the BCE_ name is unset.
const (
	// EnvAccessKeyID holds the access key id (AK).
	EnvAccessKeyID = "BCE_ACCESS_KEY_ID"
	// EnvSecretAccessKey holds the secret access key (SK).
	EnvSecretAccessKey = "BCE_SECRET_ACCESS_KEY"
	// EnvSessionToken holds the session token of temporary STS credentials
	// (sent as the signed x-bce-security-token header).
	EnvSessionToken = "BCE_SECURITY_TOKEN"
	// EnvRegion holds the region of every Baidu tool. Baidu IAM is global,
	// so this package ignores it: a BCE_REGION=gz set for BCC does not stop
	// IAM calls. (An explicit Config.Region or URL region other than "bj"
	// is an error.)
	EnvRegion = "BCE_REGION"
	// EnvEndpoint overrides DefaultEndpoint (an emulator's URL, a proxy).
	EnvEndpoint = "BCE_IAM_ENDPOINT"
	// EnvTerraformAccessKey stands in for EnvAccessKeyID when that is unset.
	EnvTerraformAccessKey = "BAIDUCLOUD_ACCESS_KEY"
	// EnvTerraformSecretKey stands in for EnvSecretAccessKey when that is
	// unset.
	EnvTerraformSecretKey = "BAIDUCLOUD_SECRET_KEY"
)

// envOldSessionToken is a name some third-party tools use for the session
// token. No Baidu tool reads it; the environment source (EnvCredentials)
// refuses it when it is set without EnvSessionToken, so temporary
// credentials never go out without their token.
const envOldSessionToken = "BCE_SESSION_TOKEN"

// Config configures a Client of Baidu AI Cloud IAM (API v1). Credentials, or
// AccessKeyID and SecretAccessKey, are required; every other field has a
// working zero value.
type Config struct {
	// Credentials, when set, gives the credentials every attempt is signed
	// with, fetched anew for each attempt (so a retry after a refresh signs
	// with the new ones): DefaultCredentials (what ConfigFromEnv sets), one
	// source (InstanceRoleCredentials, ...), STS (AssumeRoleCredentials) or
	// any iam.CredentialsProvider. It replaces AccessKeyID, SecretAccessKey
	// and SessionToken, which must then be empty. When Baidu refuses the
	// session token (InvalidSessionToken) and the provider has an Expire
	// method (iam.CredentialsCache), the credentials are dropped and the
	// request is tried again with fresh ones.
	Credentials iam.CredentialsProvider
	// AccessKeyID is the access key id (AK) every request is signed with
	// (bce-auth-v1), when Credentials is not set: static keys, the one-line
	// case.
	AccessKeyID string
	// SecretAccessKey is the secret access key (SK) of AccessKeyID. It never
	// leaves the process: requests carry only signatures made with it.
	SecretAccessKey iam.Secret
	// SessionToken, when set, marks temporary credentials from Baidu STS
	// (GetSessionToken, AssumeRole); it is sent as the signed
	// x-bce-security-token header.
	SessionToken iam.Secret
	// Region is "bj" or empty: Baidu IAM is global and served from bj only,
	// so any other region is refused (it would select nothing). BCE_REGION
	// is not read into it.
	Region string
	// Endpoint is the service URL; empty means DefaultEndpoint. A bare host
	// ("iam.bj.baidubce.com") means https. Plain http is accepted only for
	// loopback hosts (emulators) unless AllowInsecureHTTP is set.
	Endpoint string
	// AllowInsecureHTTP allows an http:// Endpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests; nil uses a default client with sensible
	// connection timeouts. Its Transport is used as given (proxies, tracing,
	// connection tuning).
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one call, retries included; zero
	// means 4, 1 disables retries.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A Retry-After longer than
	// MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Timeout bounds each attempt (connection, request and answer), as a
	// deadline on the attempt's context; zero means 60 s. The caller's
	// context bounds the whole call, retries included.
	Timeout time.Duration
	// UserAgent is appended to the User-Agent header every request carries
	// ("cloudiam-go/<version> (...)"), to identify the calling service in
	// Baidu's logs.
	UserAgent string
	// Logger (a *slog.Logger, for one) receives debug lines per attempt; nil
	// logs nothing. Secrets, tokens and the Authorization header never
	// appear in a log line.
	Logger iam.Logger
	// Observer receives the start and end of every call (native and
	// portable) and of every HTTP attempt, for metrics and tracing; nil
	// observes nothing. It never sees a secret.
	Observer *iam.Observer
	// Debug, when set, receives the canonical request and string to sign of
	// every signature: the quickest way to learn why Baidu refuses one
	// (SignatureDoesNotMatch). It never sees the secret key; the session
	// token appears as [REDACTED].
	Debug signer.DebugFunc
}

// String hides the secrets, so a Config can be printed or logged.
func (c Config) String() string {
	creds := ""
	if c.Credentials != nil {
		creds = ", Credentials:" + fmt.Sprintf("%T", c.Credentials)
	}
	return fmt.Sprintf("baidu.Config{AccessKeyID:%q, Region:%q, Endpoint:%q%s}", c.AccessKeyID, c.Region, c.Endpoint, creds)
}

// GoString is String under %#v.
func (c Config) GoString() string { return c.String() }

// ConfigFromEnv returns a Config whose Credentials is the default chain,
// DefaultCredentials: the environment (BCE_ACCESS_KEY_ID,
// BCE_SECRET_ACCESS_KEY, BCE_SECURITY_TOKEN, or terraform's
// BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY), then the bce CLI's
// files, then the BCC instance role. Nothing is read from the files or the
// network until a client needs credentials; the first call's error then
// names every source and why it gave none. Endpoint is BCE_IAM_ENDPOINT.
// BCE_REGION is ignored (IAM is global; see EnvRegion). The error is
// always nil: it stays for the shape every provider shares.
func ConfigFromEnv() (Config, error) {
	return Config{Credentials: DefaultCredentials(CredentialsOptions{}), Endpoint: strings.TrimSpace(os.Getenv(EnvEndpoint))}, nil
}

// NewFromEnv returns a Client configured by ConfigFromEnv; each opt may then
// adjust the Config (HTTP client, logger, observer, ...). An opt that sets
// AccessKeyID or SecretAccessKey replaces the default chain with those
// static keys; a Logger an opt sets also receives the chain's warnings
// (a credentials file others can read) and refreshes.
func NewFromEnv(opts ...func(*Config)) (*Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	chain := cfg.Credentials
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.Credentials == chain {
		switch {
		case strings.TrimSpace(cfg.AccessKeyID) != "" || !cfg.SecretAccessKey.IsZero():
			cfg.Credentials = nil
		case cfg.Logger != nil:
			cfg.Credentials = DefaultCredentials(CredentialsOptions{Logger: cfg.Logger})
		}
	}
	return New(cfg)
}

// checkRegion accepts "" and "bj" (in any case).
func checkRegion(op, field, region string) error {
	if region == "" || strings.EqualFold(region, DefaultRegion) {
		return nil
	}
	return iam.InvalidArgument(Scheme, op, field, `must be "bj" or empty: Baidu IAM is global and served from bj only`)
}

// parseEndpoint validates an endpoint and returns its scheme://host form.
func parseEndpoint(s string, allowHTTP bool) (string, error) {
	bad := func(rule string) error {
		return iam.InvalidArgument(Scheme, "New", "Endpoint", rule)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultEndpoint, nil
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", bad("must be a URL such as https://iam.bj.baidubce.com")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return "", bad("must be scheme://host[:port] without user info, path, query or fragment")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !allowHTTP && !isLoopback(u.Hostname()) {
			return "", bad("plain http is allowed only for loopback hosts; use https or set AllowInsecureHTTP")
		}
	default:
		return "", bad("scheme must be https or http")
	}
	return strings.ToLower(u.Scheme) + "://" + u.Host, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
