package aliyun

import (
	"context"
	"net/url"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

func init() {
	iam.Register(SchemeRAM, openRAM)
	iam.Register(SchemeIDaaS, openIDaaS)
}

// applyURL reads the parameters both schemes share into cfg.
func applyURL(scheme string, u *url.URL, cfg *Config, extra ...string) error {
	q := u.Query()
	known := map[string]bool{"region": true, "endpoint": true, "signature": true}
	for _, k := range extra {
		known[k] = true
	}
	for k := range q {
		if !known[k] {
			return &iam.Error{Provider: scheme, Op: "Open", Kind: iam.ErrInvalidArgument, Field: "url",
				Message: "unknown parameter " + k}
		}
	}
	if u.Host != "" || (u.Path != "" && u.Path != "/") {
		return &iam.Error{Provider: scheme, Op: "Open", Kind: iam.ErrInvalidArgument, Field: "url",
			Message: "put settings in the query (" + scheme + "://?region=...), not in the host or path"}
	}
	if v := q.Get("region"); v != "" {
		cfg.RegionID = v
	}
	if v := q.Get("endpoint"); v != "" {
		cfg.Endpoint = v
	}
	if v := q.Get("signature"); v != "" {
		cfg.SignatureAlgorithm = strings.TrimSpace(v)
	}
	return nil
}

// openRAM opens "aliyun-ram://?region=...&endpoint=...&signature=v1".
// Credentials come from ConfigFromEnv; every parameter is optional.
func openRAM(_ context.Context, u *url.URL) (iam.Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	if err := applyURL(SchemeRAM, u, &cfg); err != nil {
		return nil, err
	}
	c, err := NewRAM(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}

// openIDaaS opens "aliyun-idaas://?instance_id=idaas_...&ou=ou_...&region=...".
// instance_id is required; ou is the default organizational unit of created
// users. Credentials come from ConfigFromEnv.
func openIDaaS(_ context.Context, u *url.URL) (iam.Client, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	if err := applyURL(SchemeIDaaS, u, &cfg, "instance_id", "ou"); err != nil {
		return nil, err
	}
	q := u.Query()
	if q.Get("instance_id") == "" {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: "Open", Kind: iam.ErrInvalidArgument, Field: "instance_id",
			Message: "required: aliyun-idaas://?instance_id=idaas_...&ou=ou_..."}
	}
	c, err := NewIDaaS(IDaaSConfig{Config: cfg, InstanceID: q.Get("instance_id"), OrganizationalUnitID: q.Get("ou")})
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
