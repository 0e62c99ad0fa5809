package baidu

import (
	"context"
	"net/url"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/urlopt"
)

func init() { _ = iam.Register(Provider, urlOpener{}) }

// urlOpener is the iam.Opener of the "baidu" scheme.
type urlOpener struct{}

// OpenClientURL implements iam.Opener with openURL.
func (urlOpener) OpenClientURL(ctx context.Context, u *url.URL) (*iam.Client, error) {
	return openURL(ctx, u)
}

// openURL opens "baidu://?region=bj&endpoint=...". Credentials come from the
// environment (see ConfigFromEnv). It takes the parameters every provider
// shares (see the iam package's URLs section): region (only "bj": Baidu IAM
// is global), endpoint (overrides BCE_IAM_ENDPOINT), insecure_http,
// max_attempts and timeout. Any other parameter is an error naming it.
func openURL(_ context.Context, u *url.URL) (*iam.Client, error) {
	o, _, err := urlopt.Parse(Provider, u)
	if err != nil {
		return nil, err
	}
	if o.Region != "" && !strings.EqualFold(o.Region, Region) {
		return nil, iam.InvalidArgument(Provider, "Open", "region", `must be "bj": Baidu IAM is global and served from bj only`)
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, urlopt.Env(Provider, err,
			[]string{EnvAccessKeyID, EnvTerraformAccessKey}, []string{EnvSecretAccessKey, EnvTerraformSecretKey})
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
