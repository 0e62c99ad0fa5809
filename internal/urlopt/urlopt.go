package urlopt

import (
	"errors"
	"net/url"
	"os"
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
	// Timeout is the per-attempt time limit (the "timeout" parameter);
	// providers set it as their Config.Timeout.
	Timeout time.Duration
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

// Env restates the error of a provider's ConfigFromEnv in Open's style:
// Provider is the scheme, Op is "Open" and Field names the first missing
// credential variable. Each element of vars is a variable followed by the
// older names that stand in for it; a variable is missing when none of its
// names is set. When none is missing, err is restated with its own Field.
// A nil err stays nil.
func Env(scheme string, err error, vars ...[]string) error {
	if err == nil {
		return nil
	}
	var missing []string
	field := ""
	for _, names := range vars {
		if len(names) == 0 || anySet(names) {
			continue
		}
		if field == "" {
			field = names[0]
		}
		m := names[0]
		if len(names) > 1 {
			m += " (or " + strings.Join(names[1:], ", ") + ")"
		}
		missing = append(missing, m)
	}
	if len(missing) > 0 {
		return iam.InvalidArgument(scheme, "Open", field, "missing environment variable "+strings.Join(missing, " and "))
	}
	var e *iam.Error
	if errors.As(err, &e) && errors.Is(err, iam.ErrInvalidArgument) {
		return iam.InvalidArgument(scheme, "Open", e.Field, e.Message)
	}
	return err
}

func anySet(names []string) bool {
	for _, n := range names {
		if strings.TrimSpace(os.Getenv(n)) != "" {
			return true
		}
	}
	return false
}
