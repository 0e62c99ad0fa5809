package huawei

import (
	"net/http"
	"strings"
	"sync"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
	"github.com/cloudiam-go/cloudiam/signer"
)

// checkCredentials refuses a Config with Credentials and other credentials.
func checkCredentials(cfg Config) error {
	if cfg.Credentials == nil {
		return nil
	}
	switch {
	case !cfg.AuthToken.IsZero():
		return iam.InvalidArgument(Scheme, "New", "AuthToken", "set either AuthToken or Credentials, not both")
	case cfg.AccessKeyID != "" || !cfg.SecretAccessKey.IsZero() || !cfg.SessionToken.IsZero():
		return iam.InvalidArgument(Scheme, "New", "Credentials", "set either Credentials or AccessKeyID, SecretAccessKey and SessionToken, not both")
	}
	return nil
}

// signRetrieved signs an attempt with the credentials Config.Credentials
// returns now.
func (c *Client) signRetrieved(r *http.Request, body []byte) error {
	creds, err := c.creds.Retrieve(r.Context())
	if err != nil {
		return credentialsError(err)
	}
	if creds.AccessKeyID == "" || creds.SecretAccessKey.IsZero() {
		return &iam.Error{Provider: Scheme, Kind: iam.ErrInvalidArgument,
			Message: "the credentials of " + creds.Source + " have no access key id or secret"}
	}
	return signer.Huawei{}.Sign(r, body, &signer.SignParams{
		Credentials: signer.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey.Reveal(),
			SecurityToken: creds.SessionToken.Reveal()},
		Time:  c.tr.Now().UTC(),
		Debug: c.debug,
	})
}

// credentialsExpiry remembers the last temporary key IAM refused as
// expired, so that many requests refused together drop the cached
// credentials once.
type credentialsExpiry struct {
	mu sync.Mutex
	ak string
}

// classify is the transport's Classify hook for a client with a
// credentials provider: on IAM.1108 (the security token has expired) it
// drops the provider's cached credentials, once per refused key, and has
// the request signed again with fresh ones (IAM did not act on it).
func (c *Client) classify(resp *http.Response, body []byte) transport.Decision {
	d := classify(resp, body)
	if d.Err == nil || d.Err.Code != "IAM.1108" {
		return d
	}
	exp, ok := c.creds.(interface{ Expire() })
	if !ok {
		return d
	}
	ak := ""
	if resp.Request != nil {
		ak = accessKeyOf(resp.Request.Header.Get("Authorization"))
	}
	c.expired.mu.Lock()
	if ak == "" || ak != c.expired.ak {
		c.expired.ak = ak
		exp.Expire()
	}
	c.expired.mu.Unlock()
	d.Retry, d.NotActed = true, true
	return d
}

// accessKeyOf returns the Access= of an SDK-HMAC-SHA256 Authorization.
func accessKeyOf(auth string) string {
	_, rest, ok := strings.Cut(auth, "Access=")
	if !ok {
		return ""
	}
	ak, _, _ := strings.Cut(rest, ",")
	return strings.TrimSpace(ak)
}
