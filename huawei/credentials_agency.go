package huawei

import (
	"context"
	"sync"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// defaultAgencyDuration is the lifetime AgencyCredentials asks for when the
// input leaves it zero: IAM's own default, 900 seconds.
const defaultAgencyDuration = MinTemporaryDurationSeconds

// AgencyCredentials returns, cached, the temporary AK/SK of an agency
// (委托), assumed with the credentials of source (any provider: static
// keys, DefaultCredentials, an instance's metadata, another agency):
// POST /v3.0/OS-CREDENTIAL/securitytokens with the assume_role method on
// CredentialsOptions.IAMEndpoint (else HUAWEICLOUD_SDK_IAM_ENDPOINT, else
// https://iam.myhuaweicloud.com), again shortly before they expire. The
// caller's X-Domain-Id comes from source (its domain id, else looked up);
// the credentials returned act in the agency's account, whose DomainID
// (when given) clients then send. The input is checked here (an
// iam.ErrInvalidArgument names the field) and nothing is sent before the
// first Retrieve.
//
// The cache refreshes 40 minutes before expiry (RefreshBefore), but never
// earlier than a third of the way through the credentials' lifetime: with
// IAM's default of 900 seconds, 5 minutes before they expire.
func AgencyCredentials(source iam.CredentialsProvider, in CreateTemporaryAccessKeyByAgencyInput, o CredentialsOptions) (*iam.CredentialsCache, error) {
	const op = "AgencyCredentials"
	if source == nil {
		return nil, invalid(op, "source", "required")
	}
	if err := in.check(op); err != nil {
		return nil, err
	}
	ep := o.iamEndpoint("")
	cfg := Config{Endpoint: ep, AllowInsecureHTTP: o.AllowInsecureHTTP}
	if _, err := cfg.endpoint(); err != nil {
		return nil, invalid(op, "IAMEndpoint", "must be an https URL (http only for a loopback host unless AllowInsecureHTTP is set)")
	}
	d := in.DurationSeconds
	if d == 0 {
		d = defaultAgencyDuration
	}
	rb := o.refreshBefore()
	if third := time.Duration(d) * time.Second / 3; rb > third {
		rb = third
	}
	s := &agencySource{source: source, in: in, endpoint: ep, o: o}
	return o.cache(s, rb), nil
}

type agencySource struct {
	source   iam.CredentialsProvider
	in       CreateTemporaryAccessKeyByAgencyInput
	endpoint string
	o        CredentialsOptions

	once sync.Once
	c    *Client
	err  error
}

func (s *agencySource) client() (*Client, error) {
	s.once.Do(func() {
		s.c, s.err = New(Config{
			Credentials:       s.source,
			Endpoint:          s.endpoint,
			AllowInsecureHTTP: s.o.AllowInsecureHTTP,
			HTTPClient:        s.o.iamClient(),
			MaxAttempts:       2,
			Timeout:           iamRequestTimeout,
			Logger:            s.o.Logger,
		})
	})
	return s.c, s.err
}

func (s *agencySource) Retrieve(ctx context.Context) (iam.Credentials, error) {
	c, err := s.client()
	if err != nil {
		return iam.Credentials{}, err
	}
	in := s.in
	out, err := c.CreateTemporaryAccessKeyByAgency(ctx, &in)
	if err != nil {
		return iam.Credentials{}, err
	}
	noteDomain(out.Credential.AccessKeyID, s.in.DomainID)
	return out.Credential.Credentials("agency " + s.in.AgencyName), nil
}
