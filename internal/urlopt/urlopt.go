package urlopt

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Common holds the shared parameters; zero values mean "not given".
type Common struct {
	Region       string
	Endpoint     string
	InsecureHTTP bool
	MaxAttempts  int
	Timeout      time.Duration
}

// HTTPClient returns a client with the per-attempt timeout, or nil (the
// provider's default client) when no timeout was given.
func (c Common) HTTPClient() *http.Client {
	if c.Timeout <= 0 {
		return nil
	}
	return &http.Client{Timeout: c.Timeout} // DefaultTransport: honours HTTP(S)_PROXY
}

var shared = []string{"region", "endpoint", "insecure_http", "max_attempts", "timeout"}

// Parse reads u ("scheme://?k=v&..."; no host or path) for provider. extra
// names the provider's own parameters, whose values are returned in the map.
func Parse(provider string, u *url.URL, extra ...string) (Common, map[string]string, error) {
	bad := func(field, rule string) error { return iam.InvalidArgument(provider, "Open", field, rule) }
	var c Common
	if u.Host != "" || (u.Path != "" && u.Path != "/") || u.Opaque != "" {
		return c, nil, bad("url", "put settings in the query ("+provider+"://?region=...), not in the host or path")
	}
	known := append(append([]string(nil), shared...), extra...)
	own := map[string]string{}
	for k, vs := range u.Query() {
		v := strings.TrimSpace(vs[len(vs)-1])
		switch k {
		case "region":
			c.Region = v
		case "endpoint":
			c.Endpoint = v
		case "insecure_http":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return c, nil, bad("insecure_http", "must be true or false")
			}
			c.InsecureHTTP = b
		case "max_attempts":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 20 {
				return c, nil, bad("max_attempts", "must be an integer from 1 to 20")
			}
			c.MaxAttempts = n
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, nil, bad("timeout", `must be a positive duration such as "30s"`)
			}
			c.Timeout = d
		default:
			if !contains(extra, k) {
				sorted := append([]string(nil), known...)
				sort.Strings(sorted)
				return c, nil, bad(k, "unknown URL parameter (known: "+strings.Join(sorted, ", ")+")")
			}
			own[k] = v
		}
	}
	return c, own, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
