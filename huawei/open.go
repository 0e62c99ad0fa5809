package huawei

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/urlopt"
)

func init() { _ = iam.Register(Scheme, &URLOpener{}) }

// URLOpener opens "huawei://" URLs for iam.Open and iam.URLMux. Importing
// the package registers a zero URLOpener on iam.DefaultURLMux; register one
// with fields set to give URL-opened clients a service's HTTP client,
// logger, observer or retry policy:
//
//	mux := new(iam.URLMux)
//	_ = mux.Register(huawei.Scheme, &huawei.URLOpener{Observer: obs})
//	c, err := mux.Open(ctx, "huawei://?region=cn-north-4")
//
// Credentials come from Huawei Cloud's default chain, as for ConfigFromEnv
// (DefaultCredentials with the opener's CredentialsOptions), unless the
// Credentials field is set. The URL takes the parameters every scheme
// shares (region, endpoint, insecure_http, max_attempts, timeout; see the
// iam package's URLs section), domain_id, the account id (else the one the
// credentials came with, such as HUAWEICLOUD_SDK_DOMAIN_ID, else looked up
// once through GET /v3/auth/domains), and profile, the section of the
// credentials file the chain reads ("global" by default; an error with the
// Credentials field set). A parameter wins over the environment and over
// the field of the same meaning; any other parameter is an error naming
// it. Opening reads no credentials: the first call does.
type URLOpener struct {
	// HTTPClient is the Config.HTTPClient of opened clients.
	HTTPClient *http.Client
	// Logger is the Config.Logger of opened clients.
	Logger iam.Logger
	// Observer is the Config.Observer of opened clients.
	Observer *iam.Observer
	// MaxAttempts is the Config.MaxAttempts of opened clients; the URL's
	// max_attempts wins.
	MaxAttempts int
	// MinBackoff and MaxBackoff are the Config fields of opened clients.
	MinBackoff, MaxBackoff time.Duration
	// UserAgent is the Config.UserAgent of opened clients.
	UserAgent string
	// Credentials, when set, is the Config.Credentials of opened clients
	// instead of the default chain.
	Credentials iam.CredentialsProvider
	// CredentialsOptions configure the default chain of opened clients
	// (when Credentials is nil); the URL's profile wins over its Profile,
	// and Logger defaults to the opener's.
	CredentialsOptions CredentialsOptions
}

// OpenClientURL implements iam.URLOpener: it returns the portable client of
// the URL's configuration. A nil *URLOpener opens as a zero one.
func (o *URLOpener) OpenClientURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	if o == nil {
		o = &URLOpener{}
	}
	common, own, err := urlopt.Parse(Scheme, u, "domain_id", "profile")
	if err != nil {
		return nil, err
	}
	copts := o.CredentialsOptions
	if v, ok := own["profile"]; ok {
		if o.Credentials != nil {
			return nil, iam.InvalidArgument(Scheme, "Open", "profile", "selects a section of the default chain's credentials file; this opener has its own Credentials")
		}
		if !validProfile(v) {
			return nil, iam.InvalidArgument(Scheme, "Open", "profile", "must be a section name of the credentials file (letters, digits, '-', '_', '.'), such as global or basic")
		}
		copts.Profile = v
	}
	if copts.Logger == nil {
		copts.Logger = o.Logger
	}
	cfg := configFromEnv(os.Getenv, copts)
	if o.Credentials != nil {
		cfg.Credentials = o.Credentials
	}
	cfg.HTTPClient, cfg.Logger, cfg.Observer = o.HTTPClient, o.Logger, o.Observer
	cfg.MaxAttempts, cfg.MinBackoff, cfg.MaxBackoff = o.MaxAttempts, o.MinBackoff, o.MaxBackoff
	cfg.UserAgent = o.UserAgent
	if v, ok := own["domain_id"]; ok {
		cfg.DomainID = v
	}
	if common.Region != "" {
		cfg.Region = common.Region
		cfg.Endpoint = "" // the region's endpoint, unless endpoint= is given too
	}
	if common.Endpoint != "" {
		cfg.Endpoint = common.Endpoint
	}
	cfg.AllowInsecureHTTP = common.InsecureHTTP
	if common.MaxAttempts > 0 {
		cfg.MaxAttempts = common.MaxAttempts
	}
	if common.Timeout > 0 {
		cfg.Timeout = common.Timeout
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}

// validProfile checks a profile= value: a section name.
func validProfile(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
