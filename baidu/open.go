package baidu

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

// URLOpener opens "baidu://" URLs (iam.Open, iam.URLMux). The package
// registers a zero URLOpener on iam.DefaultURLMux when imported; a service
// that configures its HTTP client, logger or observer in code registers its
// own:
//
//	_ = iam.DefaultURLMux().Replace(baidu.Scheme, &baidu.URLOpener{Observer: obs})
//
// Credentials come from the environment, as for NewFromEnv. The URL takes
// the parameters every provider shares (see the iam package's URLs
// section): region (only "bj": Baidu IAM is global), endpoint (overrides
// BCE_IAM_ENDPOINT), insecure_http, max_attempts and timeout (the
// per-attempt limit, Config.Timeout). A URL parameter wins over the
// environment and over the opener's fields; any other parameter is an
// error naming it.
type URLOpener struct {
	// HTTPClient sends the requests (Config.HTTPClient); nil uses the
	// default client.
	HTTPClient *http.Client
	// Logger receives debug lines per attempt (Config.Logger); nil logs
	// nothing.
	Logger iam.Logger
	// Observer receives the start and end of every call and attempt
	// (Config.Observer and the portable client's observer).
	Observer *iam.Observer
	// MaxAttempts bounds the attempts of one call (Config.MaxAttempts);
	// the URL's max_attempts wins.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait between attempts
	// (Config.MinBackoff, Config.MaxBackoff).
	MinBackoff, MaxBackoff time.Duration
	// UserAgent is appended to the User-Agent header (Config.UserAgent).
	UserAgent string
}

// OpenClientURL implements iam.URLOpener: it returns the portable client of
// the Baidu account whose credentials the environment holds, configured by
// o and by u's parameters. A nil o opens as the zero URLOpener.
func (o *URLOpener) OpenClientURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	if u == nil {
		return nil, iam.InvalidArgument(Scheme, "Open", "url", "must not be nil")
	}
	p, _, err := urlopt.Parse(Scheme, u)
	if err != nil {
		return nil, err
	}
	if err := checkRegion("Open", "region", p.Region); err != nil {
		return nil, err
	}
	cfg := configFromEnv(os.Getenv)
	if err := checkEnv(cfg, os.Getenv); err != nil {
		return nil, urlopt.Env(Scheme, err,
			[]string{EnvAccessKeyID, EnvTerraformAccessKey}, []string{EnvSecretAccessKey, EnvTerraformSecretKey})
	}
	if o != nil {
		cfg.HTTPClient = o.HTTPClient
		cfg.Logger = o.Logger
		cfg.Observer = o.Observer
		cfg.MaxAttempts = o.MaxAttempts
		cfg.MinBackoff, cfg.MaxBackoff = o.MinBackoff, o.MaxBackoff
		cfg.UserAgent = o.UserAgent
	}
	if p.Region != "" {
		cfg.Region = p.Region
	}
	if p.Endpoint != "" {
		cfg.Endpoint = p.Endpoint
	}
	if p.InsecureHTTP {
		cfg.AllowInsecureHTTP = true
	}
	if p.MaxAttempts != 0 {
		cfg.MaxAttempts = p.MaxAttempts
	}
	if p.Timeout != 0 {
		cfg.Timeout = p.Timeout
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
