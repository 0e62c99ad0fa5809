package huawei

import (
	"context"
	"net/url"
	"strconv"

	"github.com/cloudiam-go/cloudiam/iam"
)

func init() { iam.Register(Provider, openURL) }

// openURL opens "huawei://?domain_id=...&region=...&endpoint=...".
// Credentials come from the environment as for NewFromEnv; the parameters
// override the environment. Parameters:
//   - domain_id: the account id (else HUAWEICLOUD_SDK_DOMAIN_ID, else looked up);
//   - region: selects https://iam.{region}.myhuaweicloud.com;
//   - endpoint: overrides the endpoint;
//   - insecure_http: "true" allows a plain-http endpoint on a non-loopback host;
//   - max_attempts: the attempt bound.
//
// Any other parameter is an error, so a typo is not silently ignored.
func openURL(_ context.Context, u *url.URL) (iam.Client, error) {
	bad := func(field, rule string) error { return iam.InvalidArgument(Provider, "Open", field, rule) }
	if u.Host != "" || (u.Path != "" && u.Path != "/") || u.Opaque != "" {
		return nil, bad("url", `must be "huawei://" with query parameters only (for example huawei://?region=cn-north-4)`)
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	for k, vs := range u.Query() {
		v := ""
		if len(vs) > 0 {
			v = vs[len(vs)-1]
		}
		switch k {
		case "domain_id":
			cfg.DomainID = v
		case "region":
			cfg.Region = v
			cfg.Endpoint = ""
		case "endpoint":
			cfg.Endpoint = v
		case "insecure_http":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, bad("insecure_http", "must be true or false")
			}
			cfg.AllowInsecureHTTP = b
		case "max_attempts":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, bad("max_attempts", "must be a positive integer")
			}
			cfg.MaxAttempts = n
		default:
			return nil, bad(k, "unknown URL parameter (known: domain_id, region, endpoint, insecure_http, max_attempts)")
		}
	}
	if q := u.Query(); q.Has("region") && q.Has("endpoint") {
		cfg.Endpoint = q.Get("endpoint")
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
