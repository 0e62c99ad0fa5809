package aliyun

import (
	"context"
	"net/url"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/urlopt"
)

func init() {
	_ = iam.Register(SchemeRAM, ramOpener{})
	_ = iam.Register(SchemeIDaaS, idaasOpener{})
}

// ramOpener and idaasOpener are the iam.Openers of the two schemes.
type (
	ramOpener   struct{}
	idaasOpener struct{}
)

// OpenClientURL implements iam.Opener with openRAM.
func (ramOpener) OpenClientURL(ctx context.Context, u *url.URL) (*iam.Client, error) {
	return openRAM(ctx, u)
}

// OpenClientURL implements iam.Opener with openIDaaS.
func (idaasOpener) OpenClientURL(ctx context.Context, u *url.URL) (*iam.Client, error) {
	return openIDaaS(ctx, u)
}

// applyURL reads the parameters every provider shares (see the iam
// package's URLs section) plus signature (acs3, or v1 for HMAC-SHA1) and
// the scheme's own extra ones into cfg; any other parameter is an error
// naming it.
func applyURL(scheme string, u *url.URL, cfg *Config, extra ...string) (map[string]string, error) {
	o, own, err := urlopt.Parse(scheme, u, append([]string{"signature"}, extra...)...)
	if err != nil {
		return nil, err
	}
	if o.Region != "" {
		cfg.RegionID = o.Region
	}
	if o.Endpoint != "" {
		cfg.Endpoint = o.Endpoint
	}
	if v, ok := own["signature"]; ok {
		if _, ok := signatureAlgorithm(v); !ok {
			return nil, iam.InvalidArgument(scheme, "Open", "signature", "must be acs3 (ACS3-HMAC-SHA256, the default) or v1 (HMAC-SHA1)")
		}
		cfg.SignatureAlgorithm = strings.TrimSpace(v)
	}
	cfg.AllowInsecureHTTP = o.InsecureHTTP
	cfg.MaxAttempts = o.MaxAttempts
	cfg.HTTPClient = o.HTTPClient()
	return own, nil
}

// openRAM opens "aliyun-ram://?region=...&endpoint=...&signature=v1".
// Credentials come from ConfigFromEnv; every parameter is optional.
func openRAM(_ context.Context, u *url.URL) (*iam.Client, error) {
	var cfg Config
	if _, err := applyURL(SchemeRAM, u, &cfg); err != nil { // URL mistakes first
		return nil, err
	}
	env, err := ConfigFromEnv()
	if err != nil {
		return nil, urlopt.Env(SchemeRAM, err, envNames.id, envNames.secret)
	}
	_, _ = applyURL(SchemeRAM, u, &env) // the URL overrides the environment
	cfg = env
	c, err := NewRAM(cfg)
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}

// openIDaaS opens "aliyun-idaas://?instance_id=idaas_...&ou=ou_...&region=...".
// instance_id is required; ou is the default organizational unit of created
// users. Credentials come from ConfigFromEnv.
func openIDaaS(_ context.Context, u *url.URL) (*iam.Client, error) {
	var cfg Config
	q, err := applyURL(SchemeIDaaS, u, &cfg, "instance_id", "ou") // URL mistakes first
	if err != nil {
		return nil, err
	}
	if q["instance_id"] == "" {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: "Open", Kind: iam.ErrInvalidArgument, Field: "instance_id",
			Message: "required: aliyun-idaas://?instance_id=idaas_...&ou=ou_..."}
	}
	env, err := ConfigFromEnv()
	if err != nil {
		return nil, urlopt.Env(SchemeIDaaS, err, envNames.id, envNames.secret)
	}
	_, _ = applyURL(SchemeIDaaS, u, &env, "instance_id", "ou") // the URL overrides the environment
	c, err := NewIDaaS(IDaaSConfig{Config: env, InstanceID: q["instance_id"], OrganizationalUnitID: q["ou"]})
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
