package aliyun

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

// API versions and default endpoints.
const (
	// RAMVersion is the RAM API version this package speaks.
	RAMVersion = "2015-05-01"
	// IDaaSVersion is the IDaaS EIAM API version this package speaks.
	IDaaSVersion = "2021-12-01"
	// RAMEndpoint is RAM's single, central endpoint.
	RAMEndpoint = "ram.aliyuncs.com"
	// DefaultRegion is the region used when neither Config.Region nor the
	// environment names one. RAM ignores it; EIAM is regional.
	DefaultRegion = "cn-hangzhou"
)

// SignatureAlgorithm is how requests are signed (Config.SignatureAlgorithm).
type SignatureAlgorithm string

// The signatures Alibaba Cloud's RPC APIs accept.
const (
	// SignatureACS3 is ACS3-HMAC-SHA256, the default and what the current
	// Alibaba SDKs send.
	SignatureACS3 SignatureAlgorithm = "ACS3-HMAC-SHA256"
	// SignatureRPC is the older RPC HMAC-SHA1 signature (SignatureVersion
	// 1.0, called "v2" by the current SDKs), still sent by the classic SDK.
	SignatureRPC SignatureAlgorithm = "HMAC-SHA1"
)

// Provider schemes, as registered with iam.Register and written in
// iam.Error.Provider.
const (
	// SchemeRAM is the scheme of RAM ("aliyun-ram://").
	SchemeRAM = "aliyun-ram"
	// SchemeIDaaS is the scheme of IDaaS EIAM ("aliyun-idaas://").
	SchemeIDaaS = "aliyun-idaas"
)

// Environment variables of the environment source (EnvCredentials, the
// first of DefaultCredentials, which ConfigFromEnv, NewRAMFromEnv and
// NewIDaaSFromEnv use) and of ConfigFromEnv's region and endpoint; those of
// the other sources are listed with EnvRoleARN. The first four are the
// names Alibaba's SDKs (credentials-go, the classic SDK) and the aliyun CLI
// read; EnvEndpoint is the aliyun CLI's endpoint override. When one of the first four is unset,
// the aliyun CLI's alternative spellings stand in for it, in this order:
// ALIBABACLOUD_*, then ALICLOUD_* (ALICLOUD_ACCESS_KEY_ID,
// ALICLOUD_ACCESS_KEY_SECRET, ALICLOUD_SECURITY_TOKEN, ALICLOUD_REGION_ID),
// then the classic SDK's ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY and
// ALICLOUD_ACCESS_KEY_STS_TOKEN.
const (
	// EnvAccessKeyID holds the AccessKey id.
	EnvAccessKeyID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	// EnvSecretAccessKey holds the AccessKey secret.
	EnvSecretAccessKey = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	// EnvSessionToken holds the STS security token of temporary credentials.
	EnvSessionToken = "ALIBABA_CLOUD_SECURITY_TOKEN"
	// EnvRegion holds the region id (the EIAM endpoint's region).
	EnvRegion = "ALIBABA_CLOUD_REGION_ID"
	// EnvEndpoint overrides the endpoint of the client built from the
	// environment, as it does for the aliyun CLI: an emulator's URL, a VPC
	// endpoint, a proxy.
	EnvEndpoint = "ALIBABA_CLOUD_ENDPOINT"
)

// Config configures a RAMClient, and (inside IDaaSConfig) an IDaaSClient.
// Credentials, or AccessKeyID and SecretAccessKey, are required; every other
// field has a working zero value.
type Config struct {
	// Credentials, when set, gives the credentials every attempt is signed
	// with, retrieved anew for each attempt (so a retry after a refresh signs
	// with the new ones): DefaultCredentials (what ConfigFromEnv sets), one
	// source (ECSRAMRoleCredentials, CLIProfileCredentials, ...), STS
	// (AssumeRoleCredentials, AssumeRoleWithOIDCCredentials) or any
	// iam.CredentialsProvider. It replaces AccessKeyID, SecretAccessKey and
	// SessionToken, which must then be empty. When Alibaba Cloud answers
	// InvalidSecurityToken.Expired and the provider has an Expire method
	// (iam.CredentialsCache), the credentials are dropped and the request is
	// tried again with fresh ones.
	Credentials iam.CredentialsProvider
	// AccessKeyID is the AccessKey id (LTAI..., or STS.... for temporary
	// credentials) every request is signed with when Credentials is not set:
	// static keys, the one-line case.
	AccessKeyID string
	// SecretAccessKey is the AccessKey secret of AccessKeyID. It never
	// leaves the process: requests carry only signatures made with it.
	SecretAccessKey iam.Secret
	// SessionToken is the security token of temporary credentials from
	// Alibaba Cloud STS (AssumeRole, an ECS RAM role); empty for a RAM user's
	// long-term AccessKey. It is sent as the signed x-acs-security-token
	// header (ACS3) or the SecurityToken parameter (HMAC-SHA1).
	SessionToken iam.Secret
	// Region is the region id. It chooses the EIAM endpoint
	// eiam.<Region>.aliyuncs.com, where the instance must live; empty means
	// DefaultRegion. RAM has one central endpoint and only sends the region
	// as RegionId with the HMAC-SHA1 signature.
	Region string
	// Endpoint overrides the endpoint: a host ("ram-vpc.aliyuncs.com") or a
	// URL ("https://host", "http://127.0.0.1:8080" for an emulator). Plain
	// http is accepted only for loopback hosts unless AllowInsecureHTTP.
	Endpoint string
	// AllowInsecureHTTP permits an http:// Endpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// HTTPClient sends the requests; nil uses a default client with
	// connection timeouts. Its Transport is used as given (proxies, tracing,
	// connection tuning).
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one call, retries included
	// (throttling, 5xx and connection errors); zero means 4, 1 disables
	// retries.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A wait Alibaba asks for (the
	// TimeLeft of x-ratelimit-user-api) longer than MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Timeout bounds each attempt (connection, request and answer), as a
	// deadline on the attempt's context; zero means 60 s. The caller's
	// context bounds the whole call, retries included.
	Timeout time.Duration
	// UserAgent is appended to the User-Agent header every request carries
	// ("cloudiam-go/<version> (...)"), to identify the calling service in
	// ActionTrail and Alibaba's logs.
	UserAgent string
	// Logger (a *slog.Logger, for one) receives one debug line per attempt;
	// nil logs nothing. Lines never hold a query string, a header value, a
	// body or a secret.
	Logger iam.Logger
	// Observer receives the start and end of every call (native and
	// portable) and of every HTTP attempt, for metrics and tracing; nil
	// observes nothing. It never sees a secret.
	Observer *iam.Observer
	// Debug, when set, receives the canonical request and string to sign of
	// every signature: compare them with the "server string to sign" of a
	// SignatureDoesNotMatch error. It never receives the AccessKey secret
	// (the security token shows as [REDACTED]), but the canonical request
	// holds every parameter, passwords included: use it to debug, not in
	// production logs.
	Debug signer.DebugFunc
	// SignatureAlgorithm is SignatureACS3 (the default when empty) or
	// SignatureRPC.
	SignatureAlgorithm SignatureAlgorithm
}

// String hides the secrets, so a Config can be printed or logged. A
// Credentials provider shows as its type.
func (c Config) String() string {
	creds := ""
	if c.Credentials != nil {
		creds = fmt.Sprintf(", Credentials:%T", c.Credentials)
	}
	return fmt.Sprintf("aliyun.Config{AccessKeyID:%q, Region:%q, Endpoint:%q, SignatureAlgorithm:%q%s}",
		c.AccessKeyID, c.Region, c.Endpoint, c.SignatureAlgorithm, creds)
}

// GoString is String under %#v.
func (c Config) GoString() string { return c.String() }

// IDaaSConfig configures an IDaaSClient: the common Config plus the EIAM
// instance every request addresses.
type IDaaSConfig struct {
	Config
	// InstanceID is the EIAM instance (idaas_...) every request addresses
	// unless a native input names another; required.
	InstanceID string
	// OrganizationalUnitID is the primary organizational unit (ou_...) of
	// users created through the portable iam.Client, which has no field for
	// it; without it the portable CreateUser fails. The native CreateUser
	// takes it per call.
	OrganizationalUnitID string
}

// String hides the secrets, so an IDaaSConfig can be printed or logged.
func (c IDaaSConfig) String() string {
	return fmt.Sprintf("aliyun.IDaaSConfig{Config:%s, InstanceID:%q, OrganizationalUnitID:%q}",
		c.Config.String(), c.InstanceID, c.OrganizationalUnitID)
}

// GoString is String under %#v.
func (c IDaaSConfig) GoString() string { return c.String() }

// envNames are the variables read for each setting, first match wins.
var envNames = struct {
	id, secret, token, region []string
}{
	id:     []string{EnvAccessKeyID, "ALIBABACLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"},
	secret: []string{EnvSecretAccessKey, "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"},
	token:  []string{EnvSessionToken, "ALIBABACLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_ACCESS_KEY_STS_TOKEN"},
	region: []string{EnvRegion, "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID"},
}

func firstEnv(getenv func(string) string, names []string) string {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// ConfigFromEnv returns a Config whose Credentials is Alibaba Cloud's
// default chain, DefaultCredentials: the environment (EnvAccessKeyID,
// EnvSecretAccessKey, EnvSessionToken and the aliyun CLI's alternative
// names), the OIDC role of ACK RRSA, the aliyun CLI's ~/.aliyun/config.json,
// ~/.alibabacloud/credentials, the ECS RAM role and a credentials URI, in
// that order. Nothing is read from the files or the network, nor are the
// credential variables, until a client needs credentials; the first call's
// error then names every source and why it gave none. Region is EnvRegion
// (or the aliyun CLI's ALIBABACLOUD_REGION_ID, ALICLOUD_REGION_ID) and
// Endpoint EnvEndpoint. The error is always nil: it stays for the shape
// every provider shares.
func ConfigFromEnv() (Config, error) { return configFromEnv(os.Getenv, CredentialsOptions{}), nil }

func configFromEnv(getenv func(string) string, opts CredentialsOptions) Config {
	if opts.Getenv == nil {
		opts.Getenv = getenv
	}
	return Config{
		Credentials: DefaultCredentials(opts),
		Region:      firstEnv(getenv, envNames.region),
		Endpoint:    strings.TrimSpace(getenv(EnvEndpoint)),
	}
}

// fromEnv settles the credentials after the options of NewRAMFromEnv and
// NewIDaaSFromEnv: an option that sets static keys (AccessKeyID,
// SecretAccessKey or SessionToken) without touching Credentials replaces
// the default chain with them, and an option's Logger hears the chain's
// warnings (the chain, unused so far, is made again with it).
func fromEnv(cfg *Config, chain iam.CredentialsProvider) {
	switch {
	case cfg.Credentials != chain:
	case cfg.AccessKeyID != "" || !cfg.SecretAccessKey.IsZero() || !cfg.SessionToken.IsZero():
		cfg.Credentials = nil
	case cfg.Logger != nil:
		cfg.Credentials = DefaultCredentials(CredentialsOptions{Logger: cfg.Logger})
	}
}

// NewRAMFromEnv returns a RAMClient configured by ConfigFromEnv; each opt
// then changes the Config (a Logger, an Observer, a Timeout) before the
// client is built. An option that sets AccessKeyID and SecretAccessKey
// replaces the default chain with those keys.
func NewRAMFromEnv(opts ...func(*Config)) (*RAMClient, error) {
	cfg := configFromEnv(os.Getenv, CredentialsOptions{})
	chain := cfg.Credentials
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	fromEnv(&cfg, chain)
	return NewRAM(cfg)
}

// NewIDaaSFromEnv returns an IDaaSClient with the credentials (the default
// chain), region and endpoint of ConfigFromEnv. No Alibaba tool has a
// variable for the EIAM instance, so an opt must set InstanceID (and
// OrganizationalUnitID for the portable CreateUser):
//
//	c, err := aliyun.NewIDaaSFromEnv(func(c *aliyun.IDaaSConfig) {
//		c.InstanceID, c.OrganizationalUnitID = "idaas_...", "ou_..."
//	})
func NewIDaaSFromEnv(opts ...func(*IDaaSConfig)) (*IDaaSClient, error) {
	icfg := IDaaSConfig{Config: configFromEnv(os.Getenv, CredentialsOptions{})}
	chain := icfg.Credentials
	for _, o := range opts {
		if o != nil {
			o(&icfg)
		}
	}
	fromEnv(&icfg.Config, chain)
	return NewIDaaS(icfg)
}

// signatureAlgorithm checks Config.SignatureAlgorithm; empty is the default.
func signatureAlgorithm(s SignatureAlgorithm) (SignatureAlgorithm, bool) {
	switch s {
	case "", SignatureACS3:
		return SignatureACS3, true
	case SignatureRPC:
		return SignatureRPC, true
	}
	return "", false
}

// resolveEndpoint turns Config.Endpoint (or the default host) into a base URL.
func resolveEndpoint(provider, endpoint, defaultHost string, allowHTTP bool) (*url.URL, error) {
	bad := func(rule string) error {
		return iam.InvalidArgument(provider, "New", "Endpoint", rule)
	}
	if endpoint == "" {
		endpoint = defaultHost
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, bad("must be a host name or an http(s) URL")
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return nil, bad("must not carry a path, query or user info (RPC APIs are served at /)")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !allowHTTP && !isLoopback(u.Hostname()) {
			return nil, bad("plain http is accepted only for loopback hosts unless AllowInsecureHTTP is set")
		}
	default:
		return nil, bad("scheme must be https or http")
	}
	u.Path = "/"
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
