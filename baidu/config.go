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

// Provider is the scheme this package registers with iam.Register, and the
// Provider of every *iam.Error it returns.
const Provider = "baidu"

// DefaultEndpoint is Baidu IAM's only endpoint. IAM is global: its region is
// always bj.
const DefaultEndpoint = "https://iam.bj.baidubce.com"

// Region is the only region Baidu IAM has.
const Region = "bj"

// Environment variables read by ConfigFromEnv and NewFromEnv.
const (
	// EnvAccessKeyID and EnvSecretAccessKey hold the account's access key
	// (the names Baidu's CLI tooling and most scripts use).
	EnvAccessKeyID     = "BCE_ACCESS_KEY_ID"
	EnvSecretAccessKey = "BCE_SECRET_ACCESS_KEY"
	// EnvSessionToken holds an STS session token, for temporary credentials.
	EnvSessionToken = "BCE_SESSION_TOKEN"
	// EnvTerraformAccessKey and EnvTerraformSecretKey are the names
	// terraform-provider-baiducloud reads; they are used when the BCE_ names
	// are unset.
	EnvTerraformAccessKey = "BAIDUCLOUD_ACCESS_KEY"
	EnvTerraformSecretKey = "BAIDUCLOUD_SECRET_KEY"
	// EnvEndpoint overrides DefaultEndpoint (for example an emulator's URL).
	EnvEndpoint = "BCE_IAM_ENDPOINT"
)

// Config configures a Client. AccessKeyID and SecretAccessKey are required.
type Config struct {
	// AccessKeyID and SecretAccessKey are the credentials every request is
	// signed with (bce-auth-v1).
	AccessKeyID     string
	SecretAccessKey iam.Secret
	// SessionToken, when set, marks temporary STS credentials; it is sent as
	// the signed x-bce-security-token header.
	SessionToken iam.Secret
	// Endpoint is the service URL; empty means DefaultEndpoint. A bare host
	// ("iam.bj.baidubce.com") means https. Plain http is accepted only for
	// loopback hosts (emulators) unless AllowInsecureHTTP is set.
	Endpoint string
	// AllowInsecureHTTP allows an http:// endpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests; nil uses a default client with sensible
	// timeouts. Its Transport is kept (proxies, tracing).
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one call, retries included; zero
	// means 4, 1 disables retries.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A Retry-After longer than
	// MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Logger (a *slog.Logger, for one) receives debug lines per attempt; nil
	// logs nothing. Secrets, tokens and the Authorization header never
	// appear in a log line.
	Logger iam.Logger
	// Debug, when set, receives the canonical request and string to sign of
	// every signature: the quickest way to learn why a signature is refused.
	Debug signer.DebugFunc
}

// String hides the secrets, so a Config can be printed or logged.
func (c Config) String() string {
	return fmt.Sprintf("baidu.Config{AccessKeyID:%q, Endpoint:%q}", c.AccessKeyID, c.Endpoint)
}

// GoString is String under %#v.
func (c Config) GoString() string { return c.String() }

// ConfigFromEnv builds a Config from the environment: BCE_ACCESS_KEY_ID and
// BCE_SECRET_ACCESS_KEY (falling back to terraform's BAIDUCLOUD_ACCESS_KEY and
// BAIDUCLOUD_SECRET_KEY), BCE_SESSION_TOKEN (optional) and BCE_IAM_ENDPOINT
// (optional). The error names every missing variable.
func ConfigFromEnv() (Config, error) {
	get := func(names ...string) string {
		for _, n := range names {
			if v := strings.TrimSpace(os.Getenv(n)); v != "" {
				return v
			}
		}
		return ""
	}
	cfg := Config{
		AccessKeyID:     get(EnvAccessKeyID, EnvTerraformAccessKey),
		SecretAccessKey: iam.NewSecret(get(EnvSecretAccessKey, EnvTerraformSecretKey)),
		SessionToken:    iam.NewSecret(get(EnvSessionToken)),
		Endpoint:        get(EnvEndpoint),
	}
	var missing []string
	if cfg.AccessKeyID == "" {
		missing = append(missing, EnvAccessKeyID+" (or "+EnvTerraformAccessKey+")")
	}
	if cfg.SecretAccessKey.IsZero() {
		missing = append(missing, EnvSecretAccessKey+" (or "+EnvTerraformSecretKey+")")
	}
	if len(missing) > 0 {
		return cfg, &iam.Error{Provider: Provider, Op: "NewFromEnv", Kind: iam.ErrInvalidArgument,
			Field: "environment", Message: "missing environment variable " + strings.Join(missing, " and ")}
	}
	return cfg, nil
}

// NewFromEnv returns a Client configured by ConfigFromEnv; each opt may then
// adjust the Config (HTTP client, logger, ...). The error names every
// missing environment variable.
func NewFromEnv(opts ...func(*Config)) (*Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(&cfg)
	}
	return New(cfg)
}

// parseEndpoint validates an endpoint and returns its scheme://host form.
func parseEndpoint(s string, allowHTTP bool) (string, error) {
	bad := func(rule string) error {
		return iam.InvalidArgument(Provider, "New", "Endpoint", rule)
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
