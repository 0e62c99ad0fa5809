package baidu

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

func init() { _ = iam.Register(Scheme, &URLOpener{}) }

// URLOpener opens "baidu://" URLs (iam.Open, iam.URLMux). The package
// registers a zero URLOpener on iam.DefaultURLMux when imported; a service
// that configures its HTTP client, logger or observer in code registers its
// own:
//
//	_ = iam.DefaultURLMux().Replace(baidu.Scheme, &baidu.URLOpener{Observer: obs})
//
// Credentials come from the default chain (DefaultCredentials: the
// environment, the bce CLI's files, the BCC instance role), read at the
// first call, unless the opener has its own. The URL takes the parameters
// every provider shares (see the iam package's URLs section): region (only
// "bj": Baidu IAM is global; BCE_REGION is ignored), endpoint (overrides
// BCE_IAM_ENDPOINT), insecure_http, max_attempts and timeout (the
// per-attempt limit, Config.Timeout); and profile, the profile of the bce
// CLI's ~/.bce/config.json (and section of ~/.bce/credentials) to read
// (CredentialsOptions.Profile). A URL parameter wins over the environment
// and over the opener's fields; any other parameter is an error naming it.
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
	// Credentials, when set, replaces the default chain (Config.Credentials);
	// a URL with profile= is then an error.
	Credentials iam.CredentialsProvider
	// CredentialsOptions configure the default chain when Credentials is
	// nil (files, metadata and STS endpoints, their HTTP client); its
	// Logger defaults to the opener's. The URL's profile wins over its
	// Profile.
	CredentialsOptions CredentialsOptions
}

// OpenClientURL implements iam.URLOpener: it returns the portable client of
// the Baidu account whose credentials the default chain (or o.Credentials)
// finds, configured by o and by u's parameters. A nil o opens as the zero
// URLOpener. Nothing is read from the environment's credentials, the files
// or the network until the first call.
func (o *URLOpener) OpenClientURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	if u == nil {
		return nil, iam.InvalidArgument(Scheme, "Open", "url", "must not be nil")
	}
	p, own, err := urlopt.Parse(Scheme, u, "profile")
	if err != nil {
		return nil, err
	}
	if err := checkRegion("Open", "region", p.Region); err != nil {
		return nil, err
	}
	cfg := Config{Endpoint: strings.TrimSpace(os.Getenv(EnvEndpoint))}
	profile := own["profile"]
	if o != nil && o.Credentials != nil {
		if profile != "" {
			return nil, iam.InvalidArgument(Scheme, "Open", "profile", "the URLOpener has its own Credentials; a profile cannot apply")
		}
		cfg.Credentials = o.Credentials
	} else {
		var co CredentialsOptions
		if o != nil {
			co = o.CredentialsOptions
			if co.Logger == nil {
				co.Logger = o.Logger
			}
		}
		if profile != "" {
			co.Profile = profile
		}
		cfg.Credentials = DefaultCredentials(co)
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
