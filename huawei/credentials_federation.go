package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// federationDuration is the lifetime federation asks for: 6 hours, as
// Huawei's SDKs do.
const federationDuration = 21600

// FederationCredentials returns, cached, temporary AK/SK obtained with an
// OpenID Connect ID token (workload identity, say on Kubernetes), as
// Huawei's SDKs do for HUAWEICLOUD_SDK_IDP_ID and
// HUAWEICLOUD_SDK_ID_TOKEN_FILE:
//
//  1. POST /v3.0/OS-AUTH/id-token/tokens with X-Idp-Id: idpID and
//     {"auth":{"id_token":{"id":"<the JWT in idTokenFile>"}}}, unsigned:
//     an unscoped federation token, in X-Subject-Token;
//  2. POST /v3.0/OS-CREDENTIAL/securitytokens with that token and the
//     token method: temporary AK/SK valid 6 hours.
//
// idTokenFile is read again at every refresh (projected tokens rotate).
// IAM is reached at CredentialsOptions.IAMEndpoint, else
// HUAWEICLOUD_SDK_IAM_ENDPOINT, else https://iam.myhuaweicloud.com. The
// account id of the federation token is kept for clients' X-Domain-Id.
func FederationCredentials(idpID, idTokenFile string, o CredentialsOptions) *iam.CredentialsCache {
	return o.cache(newFederationSource(idpID, idTokenFile, o.iamEndpoint(""), o), o.refreshBefore())
}

type federationSource struct {
	idp, tokenFile, endpoint string
	o                        CredentialsOptions
}

func newFederationSource(idp, tokenFile, endpoint string, o CredentialsOptions) *federationSource {
	return &federationSource{idp: idp, tokenFile: tokenFile, endpoint: endpoint, o: o}
}

func (s *federationSource) Retrieve(ctx context.Context) (iam.Credentials, error) {
	const op = "CreateTokenWithIdToken"
	if s.idp == "" {
		return iam.Credentials{}, invalid("FederationCredentials", "idpID", "required")
	}
	cfg := Config{Endpoint: s.endpoint, AllowInsecureHTTP: s.o.AllowInsecureHTTP}
	base, err := cfg.endpoint()
	if err != nil {
		return iam.Credentials{}, invalid("FederationCredentials", "IAMEndpoint", "must be an https URL (http only for a loopback host unless AllowInsecureHTTP is set)")
	}
	idToken, err := readTokenFile(s.tokenFile)
	if err != nil {
		return iam.Credentials{}, err
	}
	// 1. The ID token for an unscoped federation token.
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": idToken}}})
	rctx, cancel := context.WithTimeout(ctx, iamRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, base+"/v3.0/OS-AUTH/id-token/tokens", bytes.NewReader(body.Bytes()))
	if err != nil {
		return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrInvalidArgument, Message: "cannot build the request", Err: err}
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-Idp-Id", s.idp)
	resp, err := s.o.iamClient().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable, Message: "waiting for IAM", Err: ctx.Err()}
		}
		return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnavailable, Message: "cannot reach IAM at " + base, Err: err}
	}
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsFile))
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		d := classify(resp, data)
		d.Err.Op = op
		return iam.Credentials{}, d.Err
	}
	subject := resp.Header.Get("X-Subject-Token")
	if rerr != nil || subject == "" {
		return iam.Credentials{}, &iam.Error{Provider: Scheme, Op: op, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"),
			Kind: iam.ErrInvalidResponse, Message: "answer without X-Subject-Token"}
	}
	var tok struct {
		Token struct {
			User struct {
				Domain struct {
					ID string `json:"id"`
				} `json:"domain"`
			} `json:"user"`
		} `json:"token"`
	}
	_ = json.Unmarshal(data, &tok) // the domain id is a hint only
	// 2. The token for temporary AK/SK.
	c, err := New(Config{AuthToken: iam.NewSecret(subject), Endpoint: s.endpoint, AllowInsecureHTTP: s.o.AllowInsecureHTTP,
		HTTPClient: s.o.iamClient(), MaxAttempts: 2, Timeout: iamRequestTimeout, Logger: s.o.Logger})
	if err != nil {
		return iam.Credentials{}, err
	}
	out, err := c.CreateTemporaryAccessKeyByToken(ctx, &CreateTemporaryAccessKeyByTokenInput{DurationSeconds: federationDuration})
	if err != nil {
		return iam.Credentials{}, err
	}
	noteDomain(out.Credential.AccessKeyID, tok.Token.User.Domain.ID)
	return out.Credential.Credentials("federation " + s.idp), nil
}

// readTokenFile reads an ID token file (configured, so a missing file is
// an error, not an absent source).
func readTokenFile(path string) (string, error) {
	if path == "" {
		return "", invalid("FederationCredentials", "idTokenFile", "required")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Message: "cannot read the ID token file " + path, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCredentialsFile))
	if err != nil {
		return "", &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Message: "cannot read the ID token file " + path, Err: err}
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", &iam.Error{Provider: Scheme, Op: "Credentials", Kind: iam.ErrInvalidArgument, Message: "the ID token file " + path + " is empty"}
	}
	return t, nil
}
