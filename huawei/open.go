package huawei

import (
	"context"
	"net/url"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/urlopt"
)

func init() { _ = iam.Register(Provider, urlOpener{}) }

// urlOpener is the iam.Opener of the "huawei" scheme.
type urlOpener struct{}

// OpenClientURL implements iam.Opener with openURL.
func (urlOpener) OpenClientURL(ctx context.Context, u *url.URL) (*iam.Client, error) {
	return openURL(ctx, u)
}

// openURL opens "huawei://?domain_id=...&region=...&endpoint=...".
// Credentials come from the environment as for NewFromEnv; the parameters
// override the environment. Parameters:
//   - domain_id: the account id (else HUAWEICLOUD_SDK_DOMAIN_ID, else looked up);
//   - region: selects https://iam.{region}.myhuaweicloud.com;
//   - endpoint: overrides the endpoint;
//   - insecure_http: "true" allows a plain-http endpoint on a non-loopback host;
//   - max_attempts: the attempt bound;
//   - timeout: the per-attempt time limit ("30s").
//
// These are the parameters every provider shares (see the iam package's
// URLs section), plus domain_id. Any other parameter is an error naming it.
func openURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	o, own, err := urlopt.Parse(Provider, u, "domain_id")
	if err != nil {
		return nil, err
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, urlopt.Env(Provider, err, []string{EnvAccessKeyID}, []string{EnvSecretKey})
	}
	if v, ok := own["domain_id"]; ok {
		cfg.DomainID = v
	}
	if o.Region != "" {
		cfg.Region = o.Region
		cfg.Endpoint = "" // the region's endpoint, unless endpoint= is given too
	}
	if o.Endpoint != "" {
		cfg.Endpoint = o.Endpoint
	}
	cfg.AllowInsecureHTTP = o.InsecureHTTP
	cfg.MaxAttempts = o.MaxAttempts
	cfg.HTTPClient = o.HTTPClient()
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
