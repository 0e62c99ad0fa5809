package baidu

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

func init() { iam.Register(Provider, openURL) }

// openURL opens "baidu://?region=bj&endpoint=...". Credentials come from the
// environment (see ConfigFromEnv). Parameters:
//   - region: optional, and only "bj" (Baidu IAM is global);
//   - endpoint: optional, overrides BCE_IAM_ENDPOINT and the default;
//   - insecure_http: "true" allows a plain-http endpoint on a non-loopback host;
//   - max_attempts: optional attempt bound.
//
// Any other parameter is an error, so a typo is not silently ignored.
func openURL(_ context.Context, u *url.URL) (iam.Client, error) {
	bad := func(field, rule string) error { return iam.InvalidArgument(Provider, "Open", field, rule) }
	if u.Host != "" || (u.Path != "" && u.Path != "/") {
		return nil, bad("url", `must be "baidu://" with query parameters only (for example baidu://?region=bj)`)
	}
	q := u.Query()
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	for k, vs := range q {
		v := ""
		if len(vs) > 0 {
			v = vs[len(vs)-1]
		}
		switch k {
		case "region":
			if v != "" && !strings.EqualFold(v, Region) {
				return nil, bad("region", `must be "bj": Baidu IAM is global and served from bj only`)
			}
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
			return nil, bad(k, "unknown URL parameter (known: region, endpoint, insecure_http, max_attempts)")
		}
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
