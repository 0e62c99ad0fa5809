package aliyun

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

// API versions and default endpoints.
const (
	// RAMVersion is the RAM API version this package speaks.
	RAMVersion = "2015-05-01"
	// IDaaSVersion is the IDaaS EIAM API version this package speaks.
	IDaaSVersion = "2021-12-01"
	// RAMEndpoint is RAM's single, central endpoint.
	RAMEndpoint = "ram.aliyuncs.com"
	// DefaultRegionID is the region used when neither Config.RegionID nor the
	// environment names one. RAM ignores it; EIAM is regional.
	DefaultRegionID = "cn-hangzhou"
)

// Signature algorithms for Config.SignatureAlgorithm.
const (
	// SignatureACS3 is ACS3-HMAC-SHA256, the default and what the current
	// Alibaba SDKs send.
	SignatureACS3 = "ACS3-HMAC-SHA256"
	// SignatureRPC is the older RPC HMAC-SHA1 signature (SignatureVersion
	// 1.0, called "v2" by the current SDKs), still sent by the classic SDK.
	SignatureRPC = "HMAC-SHA1"
)

// Provider schemes, as registered with iam.Register and written in
// iam.Error.Provider.
const (
	SchemeRAM   = "aliyun-ram"
	SchemeIDaaS = "aliyun-idaas"
)

// Config configures a RAMClient or an IDaaSClient.
type Config struct {
	// AccessKeyID and AccessKeySecret are the AccessKey pair; required.
	AccessKeyID     string
	AccessKeySecret iam.Secret
	// SecurityToken is the STS token of temporary credentials; empty for
	// long-term keys.
	SecurityToken iam.Secret
	// RegionID chooses the EIAM endpoint eiam.<RegionID>.aliyuncs.com;
	// empty means DefaultRegionID. RAM has one central endpoint and only
	// sends the region as RegionId with the RPC signature.
	RegionID string
	// Endpoint overrides the endpoint: a host ("ram-vpc.aliyuncs.com") or a
	// URL ("https://host", "http://127.0.0.1:8080" for an emulator). Plain
	// http is accepted only for loopback hosts unless AllowInsecureHTTP.
	Endpoint string
	// AllowInsecureHTTP permits an http:// Endpoint on a non-loopback host.
	AllowInsecureHTTP bool
	// SignatureAlgorithm is SignatureACS3 (the default when empty) or
	// SignatureRPC. The aliases "v3" (ACS3) and "v1", "v2", "rpc" (HMAC-SHA1)
	// are accepted too.
	SignatureAlgorithm string
	// HTTPClient sends the requests; nil uses a default client with timeouts.
	HTTPClient *http.Client
	// MaxAttempts bounds the attempts of one call (retries of throttling,
	// 5xx and connection errors); zero means 4.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the jittered exponential wait between
	// attempts; zero means 200 ms and 5 s. A Retry-After longer than
	// MaxBackoff ends retrying.
	MinBackoff, MaxBackoff time.Duration
	// Logger (a *slog.Logger, for one) receives one debug line per attempt;
	// nil logs nothing. Lines never hold a query string, a header value, a
	// body or a secret.
	Logger iam.Logger
	// Debug, when set, receives the canonical request and string to sign of
	// every signature: compare them with the "server string to sign" of a
	// SignatureDoesNotMatch error. It never receives the AccessKey secret,
	// but the canonical request holds every parameter, passwords included:
	// use it to debug, not in production logs.
	Debug signer.DebugFunc
}

// IDaaSConfig configures an IDaaSClient: the common Config plus the EIAM
// instance every request addresses.
type IDaaSConfig struct {
	Config
	// InstanceID is the EIAM instance (idaas_...); required.
	InstanceID string
	// OrganizationalUnitID is the default primary organizational unit
	// (ou_...) of users created through the portable iam.Client, which has
	// no field for it. The native CreateUser takes it per call.
	OrganizationalUnitID string
}

// envNames are the variables read for each setting, first match wins: the
// official SDKs' ALIBABA_CLOUD_* names, then the aliyun CLI's alternatives.
var envNames = struct {
	id, secret, token, region []string
}{
	id:     []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY", "ACCESS_KEY_ID"},
	secret: []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY", "ACCESS_KEY_SECRET"},
	token:  []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_ACCESS_KEY_STS_TOKEN", "SECURITY_TOKEN"},
	region: []string{"ALIBABA_CLOUD_REGION_ID", "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID", "REGION_ID", "REGION"},
}

func firstEnv(getenv func(string) string, names []string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// ConfigFromEnv reads the credentials and region from the environment
// variables Alibaba's own tools read: ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN (optional)
// and ALIBABA_CLOUD_REGION_ID (optional), falling back to the aliyun CLI's
// ALIBABACLOUD_*, ALICLOUD_* and bare names. A missing key id or secret is an
// ErrInvalidArgument naming exactly the variables that were looked for.
func ConfigFromEnv() (Config, error) { return configFromEnv(os.Getenv) }

func configFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		AccessKeyID:     firstEnv(getenv, envNames.id),
		AccessKeySecret: iam.NewSecret(firstEnv(getenv, envNames.secret)),
		SecurityToken:   iam.NewSecret(firstEnv(getenv, envNames.token)),
		RegionID:        firstEnv(getenv, envNames.region),
	}
	var missing []string
	if cfg.AccessKeyID == "" {
		missing = append(missing, envNames.id[0]+" (or "+strings.Join(envNames.id[1:], ", ")+")")
	}
	if cfg.AccessKeySecret.IsZero() {
		missing = append(missing, envNames.secret[0]+" (or "+strings.Join(envNames.secret[1:], ", ")+")")
	}
	if len(missing) > 0 {
		return cfg, &iam.Error{Provider: "aliyun", Op: "ConfigFromEnv", Kind: iam.ErrInvalidArgument,
			Field: "environment", Message: "missing " + strings.Join(missing, " and ")}
	}
	return cfg, nil
}

// NewRAMFromEnv returns a RAMClient configured by ConfigFromEnv.
func NewRAMFromEnv() (*RAMClient, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	return NewRAM(cfg)
}

// NewIDaaSFromEnv returns an IDaaSClient for the EIAM instance, with the
// credentials and region of ConfigFromEnv. ouID is the default primary
// organizational unit of users created through the portable API; it may be
// empty when only the native API is used.
func NewIDaaSFromEnv(instanceID, ouID string) (*IDaaSClient, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	return NewIDaaS(IDaaSConfig{Config: cfg, InstanceID: instanceID, OrganizationalUnitID: ouID})
}

// signatureAlgorithm normalises Config.SignatureAlgorithm.
func signatureAlgorithm(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "v3", "acs3", strings.ToLower(SignatureACS3):
		return SignatureACS3, true
	case "v1", "v2", "rpc", "hmac-sha1", strings.ToLower(signer.NameRPC):
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
