package aliyun

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/urlopt"
)

func init() {
	_ = iam.Register(SchemeRAM, &URLOpener{})
	_ = iam.Register(SchemeIDaaS, &URLOpener{})
}

// URLOpener opens "aliyun-ram://" and "aliyun-idaas://" URLs (see the
// package documentation's URLs section), one opener for both schemes: it
// dispatches on the URL's scheme. Credentials come from the default chain
// (DefaultCredentials, as ConfigFromEnv), read at the first call, unless
// the opener has its own; the fields carry what a service sets in code. A
// URL parameter wins over the field of the same setting (max_attempts over
// MaxAttempts, profile over CredentialsOptions.Profile). The zero value is ready to use and is what importing the
// package registers with iam.Register; register a configured one on your
// own iam.URLMux:
//
//	mux := new(iam.URLMux)
//	_ = mux.Register(aliyun.SchemeRAM, &aliyun.URLOpener{Logger: logger, Observer: obs})
type URLOpener struct {
	// HTTPClient sends the requests (Config.HTTPClient); nil uses the default.
	HTTPClient *http.Client
	// Logger receives debug lines per attempt (Config.Logger).
	Logger iam.Logger
	// Observer sees every call and attempt (Config.Observer).
	Observer *iam.Observer
	// MaxAttempts bounds the attempts of a call (Config.MaxAttempts); the
	// max_attempts parameter wins.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait between attempts
	// (Config.MinBackoff, Config.MaxBackoff).
	MinBackoff, MaxBackoff time.Duration
	// UserAgent is appended to the User-Agent header (Config.UserAgent).
	UserAgent string
	// Credentials, when set, replaces the default chain (Config.Credentials);
	// a URL with profile= is then an error.
	Credentials iam.CredentialsProvider
	// CredentialsOptions configure the default chain when Credentials is
	// nil (files, metadata and STS endpoints, their HTTP client); its Logger
	// defaults to the opener's. The URL's profile wins over its Profile.
	CredentialsOptions CredentialsOptions
}

// OpenClientURL implements iam.URLOpener for both schemes:
//
//	aliyun-ram://?region=...&endpoint=...&signature=v1&profile=...
//	aliyun-idaas://?instance_id=idaas_...&ou=ou_...&region=...&endpoint=...&profile=...
//
// instance_id is required for aliyun-idaas; every other parameter is
// optional. profile selects the profile of ~/.aliyun/config.json and the
// section of ~/.alibabacloud/credentials (CredentialsOptions.Profile).
// Nothing is read from the credential variables, the files or the network
// until the first call.
func (o *URLOpener) OpenClientURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	switch strings.ToLower(u.Scheme) {
	case SchemeRAM:
		cfg, _, err := o.config(SchemeRAM, u)
		if err != nil {
			return nil, err
		}
		c, err := NewRAM(cfg)
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	case SchemeIDaaS:
		cfg, q, err := o.config(SchemeIDaaS, u, "instance_id", "ou")
		if err != nil {
			return nil, err
		}
		c, err := NewIDaaS(IDaaSConfig{Config: cfg, InstanceID: q["instance_id"], OrganizationalUnitID: q["ou"]})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	}
	return nil, iam.InvalidArgument("aliyun", "Open", "url",
		"scheme must be "+SchemeRAM+" or "+SchemeIDaaS+", not "+u.Scheme)
}

// config builds the Config of a URL: the parameters every provider shares
// (see the iam package's URLs section), signature (acs3, or v1 for
// HMAC-SHA1) and the scheme's own extra ones, whose values it returns. URL
// mistakes are reported before the environment is read.
func (o *URLOpener) config(scheme string, u *url.URL, extra ...string) (Config, map[string]string, error) {
	common, own, err := urlopt.Parse(scheme, u, append([]string{"signature", "profile"}, extra...)...)
	if err != nil {
		return Config{}, nil, err
	}
	var algo SignatureAlgorithm
	if v, ok := own["signature"]; ok {
		if algo, ok = signatureParam(v); !ok {
			return Config{}, nil, iam.InvalidArgument(scheme, "Open", "signature", "must be acs3 (ACS3-HMAC-SHA256, the default) or v1 (HMAC-SHA1)")
		}
	}
	if scheme == SchemeIDaaS && own["instance_id"] == "" {
		return Config{}, nil, iam.InvalidArgument(scheme, "Open", "instance_id", "required: aliyun-idaas://?instance_id=idaas_...&ou=ou_...")
	}
	co := o.CredentialsOptions
	if co.Logger == nil {
		co.Logger = o.Logger
	}
	if p := own["profile"]; p != "" {
		if o.Credentials != nil {
			return Config{}, nil, iam.InvalidArgument(scheme, "Open", "profile", "the URLOpener has its own Credentials; a profile cannot apply")
		}
		co.Profile = p
	}
	cfg := configFromEnv(os.Getenv, co)
	if o.Credentials != nil {
		cfg.Credentials = o.Credentials
	}
	cfg.HTTPClient, cfg.Logger, cfg.Observer, cfg.UserAgent = o.HTTPClient, o.Logger, o.Observer, o.UserAgent
	cfg.MaxAttempts, cfg.MinBackoff, cfg.MaxBackoff = o.MaxAttempts, o.MinBackoff, o.MaxBackoff
	if common.Region != "" {
		cfg.Region = common.Region
	}
	if common.Endpoint != "" {
		cfg.Endpoint = common.Endpoint
	}
	if common.MaxAttempts != 0 {
		cfg.MaxAttempts = common.MaxAttempts
	}
	cfg.AllowInsecureHTTP = common.InsecureHTTP
	cfg.Timeout = common.Timeout
	cfg.SignatureAlgorithm = algo
	return cfg, own, nil
}

// signatureParam reads the signature URL parameter: acs3 (or v3, or the
// algorithm's name) for ACS3-HMAC-SHA256, v1 (or v2, rpc, hmac-sha1) for the
// HMAC-SHA1 RPC signature, as the official SDKs name them.
func signatureParam(v string) (SignatureAlgorithm, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "acs3", "v3", strings.ToLower(string(SignatureACS3)):
		return SignatureACS3, true
	case "v1", "v2", "rpc", strings.ToLower(string(SignatureRPC)):
		return SignatureRPC, true
	}
	return "", false
}
