package huawei

import (
	"context"
	"net/http"

	"github.com/google/go-querystring/query"

	"github.com/cloudiam-go/cloudiam/iam"
)

// CredentialStatus tells whether a permanent access key can authenticate.
type CredentialStatus string

// The states of a permanent access key.
const (
	// CredentialActive keys authenticate requests.
	CredentialActive CredentialStatus = "active"
	// CredentialInactive keys are refused until made active again.
	CredentialInactive CredentialStatus = "inactive"
)

// Credential is a permanent access key (OS-CREDENTIAL).
type Credential struct {
	// UserID is the id of the user the key belongs to.
	UserID string
	// AccessKeyID is the key's id, "access" on the wire.
	AccessKeyID string
	// Secret is set only in the answer of CreatePermanentAccessKey.
	Secret iam.Secret
	// Status tells whether the key authenticates.
	Status CredentialStatus
	// CreateTime is when the key was created.
	CreateTime Time
	// Description is the key's description.
	Description string
	// LastUseTime is reported by ShowPermanentAccessKey only; IAM reports the
	// creation time for a key that was never used.
	LastUseTime Time
}

// wireCredential is the credential object of the answers.
type wireCredential struct {
	UserID      string           `json:"user_id"`
	Access      string           `json:"access"`
	Secret      string           `json:"secret"`
	Status      CredentialStatus `json:"status"`
	CreateTime  Time             `json:"create_time"`
	Description string           `json:"description"`
	LastUseTime Time             `json:"last_use_time"`
}

func (w *wireCredential) credential() *Credential {
	return &Credential{UserID: w.UserID, AccessKeyID: w.Access, Secret: iam.NewSecret(w.Secret), Status: w.Status,
		CreateTime: w.CreateTime, Description: w.Description, LastUseTime: w.LastUseTime}
}

type credentialEnvelope struct {
	Credential *wireCredential `json:"credential"`
}

// missing names what a key of an answer lacks: IAM always sends its id
// (access) and its user's id.
func (w *wireCredential) missing() string {
	switch {
	case w == nil:
		return "access key"
	case w.Access == "":
		return "access (the key's id)"
	case w.UserID == "":
		return "user_id"
	}
	return ""
}

// complete is the Expect of an answer with one key.
func (e *credentialEnvelope) complete([]byte) error {
	if e.Credential == nil {
		return lacks(`"credential"`)
	}
	if m := e.Credential.missing(); m != "" {
		return lacks("credential " + m)
	}
	return nil
}

// created is the Expect of CreatePermanentAccessKey: the key with its
// secret, which IAM returns this once.
func (e *credentialEnvelope) created(b []byte) error {
	if err := e.complete(b); err != nil {
		return err
	}
	if e.Credential.Secret == "" {
		return lacks("credential secret")
	}
	return nil
}

func checkDescription(op, d string) error {
	if len([]rune(d)) > MaxDescriptionLength {
		return invalid(op, "Description", "must be at most 255 characters")
	}
	return nil
}

// CreatePermanentAccessKeyInput is the input of CreatePermanentAccessKey.
type CreatePermanentAccessKeyInput struct {
	// UserID is the id of the user the key is for (required).
	UserID string
	// Description is at most 255 characters.
	Description string
}

// CreatePermanentAccessKeyOutput is the answer of CreatePermanentAccessKey;
// Credential.Secret is set: this is the only time IAM returns it.
type CreatePermanentAccessKeyOutput struct {
	// Credential is the new key, with its secret.
	Credential *Credential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreatePermanentAccessKey creates an access key for a user:
// POST /v3.0/OS-CREDENTIAL/credentials, 201. A user has at most two keys;
// a third gives ErrLimitExceeded (akSkNumExceed).
func (c *Client) CreatePermanentAccessKey(ctx context.Context, in *CreatePermanentAccessKeyInput) (*CreatePermanentAccessKeyOutput, error) {
	const op = "CreatePermanentAccessKey"
	if in == nil {
		return nil, invalid(op, "CreatePermanentAccessKeyInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	if err := checkDescription(op, in.Description); err != nil {
		return nil, err
	}
	body := struct {
		Credential struct {
			UserID      string `json:"user_id"`
			Description string `json:"description,omitempty"`
		} `json:"credential"`
	}{}
	body.Credential.UserID, body.Credential.Description = in.UserID, in.Description
	var env credentialEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v3.0/OS-CREDENTIAL/credentials", body: body, expect: env.created}, &env)
	if err != nil {
		return nil, err
	}
	return &CreatePermanentAccessKeyOutput{Credential: env.Credential.credential(), RequestID: resp.RequestID}, nil
}

// ListPermanentAccessKeysInput is the input of ListPermanentAccessKeys; it
// may be nil, which lists the caller's own keys.
type ListPermanentAccessKeysInput struct {
	// UserID lists that user's keys; empty lists the caller's own.
	UserID string
}

// ListPermanentAccessKeysOutput is the answer of ListPermanentAccessKeys
// (no secrets, no last-use times).
type ListPermanentAccessKeysOutput struct {
	// Credentials are the keys, without secrets.
	Credentials []*Credential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// listCredentialsQuery is the query of GET /v3.0/OS-CREDENTIAL/credentials,
// encoded by go-querystring.
type listCredentialsQuery struct {
	UserID string `url:"user_id,omitempty"`
}

// ListPermanentAccessKeys lists access keys:
// GET /v3.0/OS-CREDENTIAL/credentials[?user_id=].
func (c *Client) ListPermanentAccessKeys(ctx context.Context, in *ListPermanentAccessKeysInput) (*ListPermanentAccessKeysOutput, error) {
	const op = "ListPermanentAccessKeys"
	var qs listCredentialsQuery
	if in != nil && in.UserID != "" {
		if err := checkID(op, "UserID", in.UserID); err != nil {
			return nil, err
		}
		qs.UserID = in.UserID
	}
	q, err := query.Values(qs)
	if err != nil {
		return nil, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrInvalidArgument, Message: "cannot encode the query", Err: err}
	}
	var env struct {
		Credentials []*wireCredential `json:"credentials"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-CREDENTIAL/credentials", query: q, idempotent: true,
		expect: func([]byte) error { return checkList(env.Credentials, "credentials") }}, &env)
	if err != nil {
		return nil, err
	}
	out := &ListPermanentAccessKeysOutput{Credentials: make([]*Credential, 0, len(env.Credentials)), RequestID: resp.RequestID}
	for _, w := range env.Credentials {
		out.Credentials = append(out.Credentials, w.credential())
	}
	return out, nil
}

// ShowPermanentAccessKeyInput is the input of ShowPermanentAccessKey.
type ShowPermanentAccessKeyInput struct {
	// AccessKeyID is the key to show (required).
	AccessKeyID string
}

// ShowPermanentAccessKeyOutput is the answer of ShowPermanentAccessKey.
type ShowPermanentAccessKeyOutput struct {
	// Credential is the key with its LastUseTime, without its secret.
	Credential *Credential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowPermanentAccessKey returns one access key with its last use time:
// GET /v3.0/OS-CREDENTIAL/credentials/{access_key}.
func (c *Client) ShowPermanentAccessKey(ctx context.Context, in *ShowPermanentAccessKeyInput) (*ShowPermanentAccessKeyOutput, error) {
	const op = "ShowPermanentAccessKey"
	if in == nil {
		return nil, invalid(op, "ShowPermanentAccessKeyInput", "required")
	}
	if err := checkID(op, "AccessKeyID", in.AccessKeyID); err != nil {
		return nil, err
	}
	var env credentialEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-CREDENTIAL/credentials/" + in.AccessKeyID, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowPermanentAccessKeyOutput{Credential: env.Credential.credential(), RequestID: resp.RequestID}, nil
}

// UpdatePermanentAccessKeyInput is the input of UpdatePermanentAccessKey;
// set Status, Description or both.
type UpdatePermanentAccessKeyInput struct {
	// AccessKeyID is the key to change (required).
	AccessKeyID string
	// Status, when not empty, activates or deactivates the key.
	Status CredentialStatus
	// Description, when not nil, sets the description ("" clears it).
	Description *string
}

// UpdatePermanentAccessKeyOutput is the answer of UpdatePermanentAccessKey.
type UpdatePermanentAccessKeyOutput struct {
	// Credential is the changed key, without its secret.
	Credential *Credential
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdatePermanentAccessKey changes an access key's status or description:
// PUT /v3.0/OS-CREDENTIAL/credentials/{access_key}.
func (c *Client) UpdatePermanentAccessKey(ctx context.Context, in *UpdatePermanentAccessKeyInput) (*UpdatePermanentAccessKeyOutput, error) {
	const op = "UpdatePermanentAccessKey"
	if in == nil {
		return nil, invalid(op, "UpdatePermanentAccessKeyInput", "required")
	}
	if err := checkID(op, "AccessKeyID", in.AccessKeyID); err != nil {
		return nil, err
	}
	switch in.Status {
	case "", CredentialActive, CredentialInactive:
	default:
		return nil, invalid(op, "Status", "must be active or inactive")
	}
	if in.Status == "" && in.Description == nil {
		return nil, invalid(op, "UpdatePermanentAccessKeyInput", "set Status, Description or both")
	}
	if in.Description != nil {
		if err := checkDescription(op, *in.Description); err != nil {
			return nil, err
		}
	}
	body := struct {
		Credential struct {
			Status      CredentialStatus `json:"status,omitempty"`
			Description *string          `json:"description,omitempty"`
		} `json:"credential"`
	}{}
	body.Credential.Status, body.Credential.Description = in.Status, in.Description
	var env credentialEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, path: "/v3.0/OS-CREDENTIAL/credentials/" + in.AccessKeyID, body: body, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &UpdatePermanentAccessKeyOutput{Credential: env.Credential.credential(), RequestID: resp.RequestID}, nil
}

// DeletePermanentAccessKeyInput is the input of DeletePermanentAccessKey.
type DeletePermanentAccessKeyInput struct {
	// AccessKeyID is the key to delete (required).
	AccessKeyID string
}

// DeletePermanentAccessKeyOutput is the (empty) answer of DeletePermanentAccessKey.
type DeletePermanentAccessKeyOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// DeletePermanentAccessKey deletes an access key:
// DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}, 204.
func (c *Client) DeletePermanentAccessKey(ctx context.Context, in *DeletePermanentAccessKeyInput) (*DeletePermanentAccessKeyOutput, error) {
	const op = "DeletePermanentAccessKey"
	if in == nil {
		return nil, invalid(op, "DeletePermanentAccessKeyInput", "required")
	}
	if err := checkID(op, "AccessKeyID", in.AccessKeyID); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, path: "/v3.0/OS-CREDENTIAL/credentials/" + in.AccessKeyID, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeletePermanentAccessKeyOutput{RequestID: resp.RequestID}, nil
}
