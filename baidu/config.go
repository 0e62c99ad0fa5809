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

// Environment variables read by ConfigFromEnv and NewFromEnv.
// BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY, BCE_SECURITY_TOKEN and
// BCE_REGION are the names Baidu's command-line tool (bce) reads (Baidu's Go
// and Python SDKs read none); BCE_IAM_ENDPOINT is this package's own. The
// BAIDUCLOUD_ names are those terraform-provider-baiducloud reads, used when
// the BCE_ name is unset.
const (
	// EnvAccessKeyID holds the access key id (AK).
	EnvAccessKeyID = "BCE_ACCESS_KEY_ID"
	// EnvSecretAccessKey holds the secret access key (SK).
	EnvSecretAccessKey = "BCE_SECRET_ACCESS_KEY"
	// EnvSessionToken holds the session token of temporary STS credentials
	// (sent as the signed x-bce-security-token header).
	EnvSessionToken = "BCE_SECURITY_TOKEN"
	// EnvRegion holds the region. Baidu IAM is global, so only "bj" (or
	// unset) is accepted: New refuses any other region rather than ignore it.
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
// token. No Baidu tool reads it; ConfigFromEnv refuses it when it is set
// without EnvSessionToken, so temporary credentials never go out without
// their token.
const envOldSessionToken = "BCE_SESSION_TOKEN"

// Config configures a Client of Baidu AI Cloud IAM (API v1). AccessKeyID and
// SecretAccessKey are required; every other field has a working zero value.
type Config struct {
	// AccessKeyID is the access key id (AK) every request is signed with
	// (bce-auth-v1).
	AccessKeyID string
	// SecretAccessKey is the secret access key (SK) of AccessKeyID. It never
	// leaves the process: requests carry only signatures made with it.
	SecretAccessKey iam.Secret
	// SessionToken, when set, marks temporary credentials from Baidu STS
	// (GetSessionToken, AssumeRole); it is sent as the signed
	// x-bce-security-token header.
	SessionToken iam.Secret
	// Region is "bj" or empty: Baidu IAM is global and served from bj only,
	// so any other region is refused (it would select nothing).
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
	return fmt.Sprintf("baidu.Config{AccessKeyID:%q, Region:%q, Endpoint:%q}", c.AccessKeyID, c.Region, c.Endpoint)
}

// GoString is String under %#v.
func (c Config) GoString() string { return c.String() }

// ConfigFromEnv builds a Config from the environment: BCE_ACCESS_KEY_ID and
// BCE_SECRET_ACCESS_KEY (falling back to terraform's BAIDUCLOUD_ACCESS_KEY
// and BAIDUCLOUD_SECRET_KEY), and the optional BCE_SECURITY_TOKEN,
// BCE_REGION and BCE_IAM_ENDPOINT. The error, an *iam.Error of Kind
// iam.ErrInvalidArgument, names every missing variable.
func ConfigFromEnv() (Config, error) {
	cfg := configFromEnv(os.Getenv)
	return cfg, checkEnv(cfg, os.Getenv)
}

// configFromEnv reads the variables, without judging them.
func configFromEnv(getenv func(string) string) Config {
	get := func(names ...string) string {
		for _, n := range names {
			if v := strings.TrimSpace(getenv(n)); v != "" {
				return v
			}
		}
		return ""
	}
	return Config{
		AccessKeyID:     get(EnvAccessKeyID, EnvTerraformAccessKey),
		SecretAccessKey: iam.NewSecret(get(EnvSecretAccessKey, EnvTerraformSecretKey)),
		SessionToken:    iam.NewSecret(get(EnvSessionToken)),
		Region:          get(EnvRegion),
		Endpoint:        get(EnvEndpoint),
	}
}

// checkEnv refuses a Config read from the environment that New could not
// use for want of a variable.
func checkEnv(cfg Config, getenv func(string) string) error {
	var missing []string
	field := ""
	if cfg.AccessKeyID == "" {
		field = EnvAccessKeyID
		missing = append(missing, EnvAccessKeyID+" (or "+EnvTerraformAccessKey+")")
	}
	if cfg.SecretAccessKey.IsZero() {
		if field == "" {
			field = EnvSecretAccessKey
		}
		missing = append(missing, EnvSecretAccessKey+" (or "+EnvTerraformSecretKey+")")
	}
	if len(missing) > 0 {
		return iam.InvalidArgument(Scheme, "ConfigFromEnv", field, "missing environment variable "+strings.Join(missing, " and "))
	}
	if cfg.SessionToken.IsZero() && strings.TrimSpace(getenv(envOldSessionToken)) != "" {
		return iam.InvalidArgument(Scheme, "ConfigFromEnv", EnvSessionToken,
			envOldSessionToken+" is set but not read: put the session token in "+EnvSessionToken+", the name Baidu's bce tool reads")
	}
	return nil
}

// NewFromEnv returns a Client configured by ConfigFromEnv; each opt may then
// adjust the Config (HTTP client, logger, observer, ...). The error names
// every missing environment variable.
func NewFromEnv(opts ...func(*Config)) (*Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
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
