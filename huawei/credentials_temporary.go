package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Limits of POST /v3.0/OS-CREDENTIAL/securitytokens.
const (
	// MinTemporaryDurationSeconds and MaxTemporaryDurationSeconds bound the
	// lifetime of temporary AK/SK IAM issues (15 minutes to 24 hours); IAM's
	// default is 900 seconds.
	MinTemporaryDurationSeconds = 900
	MaxTemporaryDurationSeconds = 86400
)

// TemporaryCredential is temporary AK/SK as
// POST /v3.0/OS-CREDENTIAL/securitytokens returns them. Requests signed
// with them carry SecurityToken as X-Security-Token.
type TemporaryCredential struct {
	// AccessKeyID is the temporary access key id, "access" on the wire.
	AccessKeyID string
	// Secret is the temporary secret access key.
	Secret iam.Secret
	// SecurityToken is the security token, "securitytoken" on the wire.
	SecurityToken iam.Secret
	// ExpiresAt is when the credentials stop working.
	ExpiresAt Time
}

// Credentials returns c as iam.Credentials of the given source.
func (c *TemporaryCredential) Credentials(source string) iam.Credentials {
	return iam.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: c.SecurityToken,
		Expires: c.ExpiresAt.Time, Source: source}
}

// wireTemporary is the credential object of securitytokens (and of the
// instance metadata, which also accepts the other spellings Huawei's SDK
// reads).
type wireTemporary struct {
	Access          string `json:"access"`
	AccessKeyID     string `json:"accessKeyId"`
	Secret          string `json:"secret"`
	SecretAccessKey string `json:"secretAccessKey"`
	SecurityToken   string `json:"securitytoken"`
	SecurityToken2  string `json:"securityToken"`
	ExpiresAt       Time   `json:"expires_at"`
	Expiration      Time   `json:"expiration"`
}

func (w *wireTemporary) temporary() *TemporaryCredential {
	t := &TemporaryCredential{AccessKeyID: w.Access, ExpiresAt: w.ExpiresAt}
	sk, tok := w.Secret, w.SecurityToken
	if t.AccessKeyID == "" {
		t.AccessKeyID = w.AccessKeyID
	}
	if sk == "" {
		sk = w.SecretAccessKey
	}
	if tok == "" {
		tok = w.SecurityToken2
	}
	if t.ExpiresAt.Raw == "" {
		t.ExpiresAt = w.Expiration
	}
	t.Secret, t.SecurityToken = iam.NewSecret(sk), iam.NewSecret(tok)
	return t
}

// complete reports whether the answer holds usable credentials.
func (t *TemporaryCredential) complete() bool {
	return t.AccessKeyID != "" && !t.Secret.IsZero() && !t.SecurityToken.IsZero() && !t.ExpiresAt.IsZero()
}

type temporaryEnvelope struct {
	Credential *wireTemporary `json:"credential"`
}

// CreateTemporaryAccessKeyByAgencyInput is the input of
// CreateTemporaryAccessKeyByAgency.
type CreateTemporaryAccessKeyByAgencyInput struct {
	// AgencyName is the agency (委托) to assume (required).
	AgencyName string
	// DomainID is the id of the account that created the agency; set it or
	// DomainName.
	DomainID string
	// DomainName is the name of the account that created the agency.
	DomainName string
	// DurationSeconds is the lifetime, 900 to 86400 seconds; zero leaves
	// IAM's default, 900.
	DurationSeconds int
	// SessionUserName names the session in IAM's traces: 5-64 letters,
	// digits, '_' or '-', starting with a letter. Optional.
	SessionUserName string
	// Policy, when set, is a policy document (a JSON object, version 1.1)
	// that narrows what the credentials may do.
	Policy json.RawMessage
}

// CreateTemporaryAccessKeyByAgencyOutput is the answer of
// CreateTemporaryAccessKeyByAgency.
type CreateTemporaryAccessKeyByAgencyOutput struct {
	// Credential is the agency's temporary AK/SK.
	Credential *TemporaryCredential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreateTemporaryAccessKeyByAgency assumes an agency: POST
// /v3.0/OS-CREDENTIAL/securitytokens with the assume_role method, signed
// with the client's credentials, 201 with temporary AK/SK acting in the
// agency's account. AgencyCredentials refreshes them for a Client.
func (c *Client) CreateTemporaryAccessKeyByAgency(ctx context.Context, in *CreateTemporaryAccessKeyByAgencyInput) (*CreateTemporaryAccessKeyByAgencyOutput, error) {
	const op = "CreateTemporaryAccessKeyByAgency"
	if in == nil {
		return nil, invalid(op, "CreateTemporaryAccessKeyByAgencyInput", "required")
	}
	if err := in.check(op); err != nil {
		return nil, err
	}
	type sessionUser struct {
		Name string `json:"name"`
	}
	type assumeRole struct {
		AgencyName      string       `json:"agency_name"`
		DomainID        string       `json:"domain_id,omitempty"`
		DomainName      string       `json:"domain_name,omitempty"`
		DurationSeconds int          `json:"duration_seconds,omitempty"`
		SessionUser     *sessionUser `json:"session_user,omitempty"`
	}
	ar := assumeRole{AgencyName: in.AgencyName, DomainID: in.DomainID, DomainName: in.DomainName, DurationSeconds: in.DurationSeconds}
	if in.SessionUserName != "" {
		ar.SessionUser = &sessionUser{Name: in.SessionUserName}
	}
	var body struct {
		Auth struct {
			Identity struct {
				Methods    []string        `json:"methods"`
				AssumeRole assumeRole      `json:"assume_role"`
				Policy     json.RawMessage `json:"policy,omitempty"`
			} `json:"identity"`
		} `json:"auth"`
	}
	body.Auth.Identity.Methods = []string{"assume_role"}
	body.Auth.Identity.AssumeRole = ar
	body.Auth.Identity.Policy = in.Policy
	cred, rid, err := c.securityTokens(ctx, op, body)
	if err != nil {
		return nil, err
	}
	return &CreateTemporaryAccessKeyByAgencyOutput{Credential: cred, RequestID: rid}, nil
}

func (in *CreateTemporaryAccessKeyByAgencyInput) check(op string) error {
	switch {
	case in.AgencyName == "":
		return invalid(op, "AgencyName", "required")
	case len(in.AgencyName) > 64:
		return invalid(op, "AgencyName", "must be at most 64 characters")
	case in.DomainID == "" && in.DomainName == "":
		return invalid(op, "DomainID", "set DomainID or DomainName (the account that created the agency)")
	case in.DomainID != "" && in.DomainName != "":
		return invalid(op, "DomainName", "set DomainID or DomainName, not both")
	}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return err
		}
	}
	if err := checkDuration(op, in.DurationSeconds); err != nil {
		return err
	}
	if in.SessionUserName != "" && !validSessionUser(in.SessionUserName) {
		return invalid(op, "SessionUserName", "must be 5-64 letters, digits, '_' or '-', starting with a letter")
	}
	return checkPolicy(op, in.Policy)
}

func checkDuration(op string, d int) error {
	if d != 0 && (d < MinTemporaryDurationSeconds || d > MaxTemporaryDurationSeconds) {
		return invalid(op, "DurationSeconds", "must be from 900 to 86400 (or 0 for IAM's default, 900)")
	}
	return nil
}

func checkPolicy(op string, p json.RawMessage) error {
	if len(p) == 0 {
		return nil
	}
	b := bytes.TrimSpace(p)
	if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
		return invalid(op, "Policy", "must be a JSON object (a policy document)")
	}
	return nil
}

// validSessionUser checks session_user.name: 5-64 letters, digits, '_' or
// '-', starting with a letter.
func validSessionUser(s string) bool {
	if len(s) < 5 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || (c < '0' || c > '9') && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// CreateTemporaryAccessKeyByTokenInput is the input of
// CreateTemporaryAccessKeyByToken; it may be nil.
type CreateTemporaryAccessKeyByTokenInput struct {
	// DurationSeconds is the lifetime, 900 to 86400 seconds; zero leaves
	// IAM's default, 900.
	DurationSeconds int
	// Policy, when set, is a policy document (a JSON object) that narrows
	// what the credentials may do.
	Policy json.RawMessage
}

// CreateTemporaryAccessKeyByTokenOutput is the answer of
// CreateTemporaryAccessKeyByToken.
type CreateTemporaryAccessKeyByTokenOutput struct {
	// Credential is the temporary AK/SK.
	Credential *TemporaryCredential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreateTemporaryAccessKeyByToken exchanges the client's token
// (Config.AuthToken, sent as X-Auth-Token) for temporary AK/SK of the same
// identity: POST /v3.0/OS-CREDENTIAL/securitytokens with the token method,
// 201. A client signing with AK/SK gets iam.ErrUnsupported, before any
// request: IAM has no AK/SK-to-temporary-key exchange on this API.
func (c *Client) CreateTemporaryAccessKeyByToken(ctx context.Context, in *CreateTemporaryAccessKeyByTokenInput) (*CreateTemporaryAccessKeyByTokenOutput, error) {
	const op = "CreateTemporaryAccessKeyByToken"
	if in == nil {
		in = &CreateTemporaryAccessKeyByTokenInput{}
	}
	if c.token.IsZero() {
		return nil, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrUnsupported, Message: "needs a client with Config.AuthToken"}
	}
	if err := checkDuration(op, in.DurationSeconds); err != nil {
		return nil, err
	}
	if err := checkPolicy(op, in.Policy); err != nil {
		return nil, err
	}
	type token struct {
		DurationSeconds int `json:"duration_seconds,omitempty"`
	}
	var body struct {
		Auth struct {
			Identity struct {
				Methods []string        `json:"methods"`
				Token   token           `json:"token"`
				Policy  json.RawMessage `json:"policy,omitempty"`
			} `json:"identity"`
		} `json:"auth"`
	}
	body.Auth.Identity.Methods = []string{"token"}
	body.Auth.Identity.Token.DurationSeconds = in.DurationSeconds
	body.Auth.Identity.Policy = in.Policy
	cred, rid, err := c.securityTokens(ctx, op, body)
	if err != nil {
		return nil, err
	}
	return &CreateTemporaryAccessKeyByTokenOutput{Credential: cred, RequestID: rid}, nil
}

// securityTokens posts a securitytokens body and reads the credential.
func (c *Client) securityTokens(ctx context.Context, op string, body any) (*TemporaryCredential, string, error) {
	var env temporaryEnvelope
	var t *TemporaryCredential
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v3.0/OS-CREDENTIAL/securitytokens", body: body,
		expect: func([]byte) error {
			if env.Credential == nil {
				return lacks(`"credential"`)
			}
			if t = env.Credential.temporary(); !t.complete() {
				return errors.New(`the answer's "credential" lacks access, secret, securitytoken or a readable expires_at (` + strconv.Quote(t.ExpiresAt.Raw) + `)`)
			}
			return nil
		}}, &env)
	if err != nil {
		return nil, "", err
	}
	return t, resp.RequestID, nil
}
