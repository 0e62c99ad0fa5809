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

// Provider is the scheme this package registers with iam.Register, and the
// Provider of every *iam.Error it returns.
const Provider = "huawei"

// DefaultEndpoint is the global IAM endpoint. Every IAM API works on it, for
// both the Chinese and the international site.
const DefaultEndpoint = "https://iam.myhuaweicloud.com"

// The environment variables NewFromEnv reads. All but EnvRegion are the ones
// Huawei's own SDKs read; EnvRegion is cloudiam's.
const (
	EnvAccessKeyID   = "HUAWEICLOUD_SDK_AK"
	EnvSecretKey     = "HUAWEICLOUD_SDK_SK"
	EnvSecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
	EnvDomainID      = "HUAWEICLOUD_SDK_DOMAIN_ID"
	EnvIAMEndpoint   = "HUAWEICLOUD_SDK_IAM_ENDPOINT"
	EnvRegion        = "HUAWEICLOUD_SDK_REGION"
)

// Config configures a Client. Either AccessKeyID and SecretAccessKey (AK/SK
// signing, Huawei's recommendation) or AuthToken must be set.
type Config struct {
	// AccessKeyID and SecretAccessKey are a permanent or temporary AK/SK pair.
	AccessKeyID     string
	SecretAccessKey iam.Secret
	// SecurityToken is set with temporary AK/SK; it is sent (and signed) as
	// X-Security-Token.
	SecurityToken iam.Secret
	// AuthToken, instead of AK/SK, is a domain-scoped IAM token sent as
	// X-Auth-Token; requests are then not signed.
	AuthToken iam.Secret
	// DomainID is the account (domain) id, sent as X-Domain-Id with AK/SK and
	// used as the domain_id of new users. When empty it is resolved once
	// through GET /v3/auth/domains and cached.
	DomainID string
	// Region selects the regional endpoint https://iam.{region}.myhuaweicloud.com
	// (https://iam.eu-west-101.myhuaweicloud.eu for eu-west-101). Ignored
	// when Endpoint is set.
	Region string
	// Endpoint overrides the endpoint ("https://iam.myhuaweicloud.com" by
	// default). It may carry a base path. Plain http is accepted only for a
	// loopback host unless AllowInsecureHTTP is set.
	Endpoint string
	// AllowInsecureHTTP allows an http:// Endpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests; nil uses a default client with timeouts.
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one call (retries included); zero means 4.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A Retry-After longer than
	// MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Logger (a *slog.Logger, for one) receives debug lines (never a
	// secret); nil logs nothing.
	Logger iam.Logger
	// Debug, when set, receives the canonical request and string to sign of
	// every signature, to diagnose a refused signature. It never sees the
	// secret key; the signed X-Security-Token value appears as [REDACTED].
	Debug signer.DebugFunc
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
			return "", iam.InvalidArgument(Provider, "New", "Region", "must be a region id such as cn-north-4")
		}
		ep = RegionEndpoint(cfg.Region)
	}
	if ep == "" {
		ep = DefaultEndpoint
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", iam.InvalidArgument(Provider, "New", "Endpoint", "must be an absolute http(s) URL without user info, query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !cfg.AllowInsecureHTTP && !isLoopback(u.Hostname()) {
			return "", iam.InvalidArgument(Provider, "New", "Endpoint", "plain http is allowed only for a loopback host unless AllowInsecureHTTP is set")
		}
	default:
		return "", iam.InvalidArgument(Provider, "New", "Endpoint", "scheme must be https (or http for loopback)")
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

// configFromEnv reads the environment variables into a Config.
func configFromEnv(getenv func(string) string) Config {
	return Config{
		AccessKeyID:     getenv(EnvAccessKeyID),
		SecretAccessKey: iam.NewSecret(getenv(EnvSecretKey)),
		SecurityToken:   iam.NewSecret(getenv(EnvSecurityToken)),
		DomainID:        getenv(EnvDomainID),
		Endpoint:        getenv(EnvIAMEndpoint),
		Region:          getenv(EnvRegion),
	}
}

// NewFromEnv returns a Client configured from the environment variables
// Huawei's SDKs read: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (required),
// HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_DOMAIN_ID,
// HUAWEICLOUD_SDK_IAM_ENDPOINT, and cloudiam's HUAWEICLOUD_SDK_REGION. The
// error names exactly the variables that are missing.
func NewFromEnv() (*Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	return New(cfg)
}

// ConfigFromEnv returns the Config NewFromEnv uses, so that fields such as
// HTTPClient or Logger can be set before New. The error names exactly the
// required variables that are missing.
func ConfigFromEnv() (Config, error) {
	cfg := configFromEnv(os.Getenv)
	return cfg, checkEnv(cfg)
}

func checkEnv(cfg Config) error {
	if cfg.AccessKeyID == "" && cfg.SecretAccessKey.IsZero() && !cfg.SecurityToken.IsZero() {
		return iam.InvalidArgument(Provider, "NewFromEnv", EnvAccessKeyID+", "+EnvSecretKey, "environment variables not set (required with "+EnvSecurityToken+")")
	}
	var missing []string
	if cfg.AccessKeyID == "" {
		missing = append(missing, EnvAccessKeyID)
	}
	if cfg.SecretAccessKey.IsZero() {
		missing = append(missing, EnvSecretKey)
	}
	if len(missing) > 0 {
		return iam.InvalidArgument(Provider, "NewFromEnv", strings.Join(missing, ", "), "environment variable not set")
	}
	return nil
}
