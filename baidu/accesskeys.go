package baidu

import (
	"context"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// AccessKey is Baidu's AccessKeyModel: a user's long-term API credential.
type AccessKey struct {
	// ID is the access key id (the AK).
	ID string
	// UserName is the user the key belongs to (from the request; the
	// service does not echo it).
	UserName string
	// Secret is the secret access key (the SK). Only CreateAccessKey returns
	// it; it is empty everywhere else.
	Secret iam.Secret
	// Enabled tells whether the key can authenticate. When the service
	// omits the field it is reported as true (a new key is enabled).
	Enabled bool
	// Description is the key's description, where the account set one.
	Description string
	// CreateTime is when the key was created.
	CreateTime time.Time
	// LastUsedTime is when the key last authenticated; zero when never or
	// not reported.
	LastUsedTime time.Time
}

type accessKeyWire struct {
	ID           string   `json:"id"`
	Secret       string   `json:"secret"`
	CreateTime   wireTime `json:"createTime"`
	LastUsedTime wireTime `json:"lastUsedTime"`
	Enabled      *bool    `json:"enabled"`
	Description  string   `json:"description"`
}

// check checks a key of a list: Baidu sends every key with its id.
func (w *accessKeyWire) check() error { return need("an access key in the list", "id", w.ID) }

func (w *accessKeyWire) key(userName string) *AccessKey {
	return &AccessKey{
		ID: w.ID, UserName: userName, Secret: iam.NewSecret(w.Secret), Enabled: boolDefault(w.Enabled, true),
		Description: w.Description, CreateTime: w.CreateTime.Time(), LastUsedTime: w.LastUsedTime.Time(),
	}
}

// CreateAccessKeyInput is the input of CreateAccessKey
// (POST /v1/user/{userName}/accesskey, no body).
type CreateAccessKeyInput struct {
	// UserName is the user who gets the key; required.
	UserName string
}

// CreateAccessKeyOutput is the answer of CreateAccessKey.
type CreateAccessKeyOutput struct {
	// AccessKey is the new key, with its secret: the only time the service
	// hands the secret out.
	AccessKey *AccessKey
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// CreateAccessKey creates an access key for the user. The result carries the
// secret: this is the only time it is available. It fails with
// ErrLimitExceeded when the user has as many keys as Baidu allows. It is not
// retried once the server may have acted on it (a 503 included), and an
// answer without the key's id or secret matches iam.ErrOutcomeUnknown: a key
// may exist that nobody has the secret of (list the keys and delete it).
func (c *Client) CreateAccessKey(ctx context.Context, in *CreateAccessKeyInput) (*CreateAccessKeyOutput, error) {
	const op = "CreateAccessKey"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w accessKeyWire
	// The new key must come with its id and its secret: a key whose secret
	// is lost exists and cannot be used (ErrOutcomeUnknown: delete it).
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, segs: []string{"user", in.UserName, "accesskey"},
		expect: func([]byte) error { return need("the answer's access key", "id", w.ID, "secret", w.Secret) }}, &w)
	if err != nil {
		return nil, err
	}
	return &CreateAccessKeyOutput{AccessKey: w.key(in.UserName), RequestID: resp.RequestID}, nil
}

// AccessKeyInput addresses one access key of a user: the input of
// DisableAccessKey, EnableAccessKey and DeleteAccessKey.
type AccessKeyInput struct {
	// UserName is the user the key belongs to; required.
	UserName string
	// AccessKeyID is the key (the AK); required.
	AccessKeyID string
}

func (in *AccessKeyInput) check(op string) error {
	if in == nil {
		return iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName and AccessKeyID are required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return err
	}
	return checkAccessKeyID(op, "AccessKeyID", in.AccessKeyID)
}

// DisableAccessKeyInput is the input of DisableAccessKey.
type DisableAccessKeyInput = AccessKeyInput

// EnableAccessKeyInput is the input of EnableAccessKey.
type EnableAccessKeyInput = AccessKeyInput

// DeleteAccessKeyInput is the input of DeleteAccessKey.
type DeleteAccessKeyInput = AccessKeyInput

// DisableAccessKeyOutput is the answer of DisableAccessKey.
type DisableAccessKeyOutput struct {
	// AccessKey is the key as disabled, without its secret.
	AccessKey *AccessKey
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// EnableAccessKeyOutput is the answer of EnableAccessKey.
type EnableAccessKeyOutput struct {
	// AccessKey is the key as enabled, without its secret.
	AccessKey *AccessKey
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DisableAccessKey stops a key from authenticating without deleting it
// (PUT /v1/user/{userName}/accesskey/{accessKeyId}?disable) and returns the key.
func (c *Client) DisableAccessKey(ctx context.Context, in *DisableAccessKeyInput) (*DisableAccessKeyOutput, error) {
	k, rid, err := c.setAccessKey(ctx, "DisableAccessKey", "disable", in)
	if err != nil {
		return nil, err
	}
	return &DisableAccessKeyOutput{AccessKey: k, RequestID: rid}, nil
}

// EnableAccessKey makes a disabled key usable again
// (PUT /v1/user/{userName}/accesskey/{accessKeyId}?enable) and returns the key.
func (c *Client) EnableAccessKey(ctx context.Context, in *EnableAccessKeyInput) (*EnableAccessKeyOutput, error) {
	k, rid, err := c.setAccessKey(ctx, "EnableAccessKey", "enable", in)
	if err != nil {
		return nil, err
	}
	return &EnableAccessKeyOutput{AccessKey: k, RequestID: rid}, nil
}

func (c *Client) setAccessKey(ctx context.Context, op, flag string, in *AccessKeyInput) (*AccessKey, string, error) {
	if err := in.check(op); err != nil {
		return nil, "", err
	}
	var w accessKeyWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"user", in.UserName, "accesskey", in.AccessKeyID}, flag: flag, idempotent: true}, &w)
	if err != nil {
		return nil, "", err
	}
	k := w.key(in.UserName)
	k.Secret = iam.Secret{} // never hand out a secret outside CreateAccessKey
	if k.ID == "" {
		k.ID = in.AccessKeyID
	}
	return k, resp.RequestID, nil
}

// DeleteAccessKeyOutput is the answer of DeleteAccessKey.
type DeleteAccessKeyOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeleteAccessKey deletes a user's access key
// (DELETE /v1/user/{userName}/accesskey/{accessKeyId}).
func (c *Client) DeleteAccessKey(ctx context.Context, in *DeleteAccessKeyInput) (*DeleteAccessKeyOutput, error) {
	const op = "DeleteAccessKey"
	if err := in.check(op); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"user", in.UserName, "accesskey", in.AccessKeyID}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteAccessKeyOutput{RequestID: resp.RequestID}, nil
}

// ListAccessKeysInput is the input of ListAccessKeys
// (GET /v1/user/{userName}/accesskey).
type ListAccessKeysInput struct {
	// UserName is the user whose keys are listed; required.
	UserName string
}

// ListAccessKeysOutput is the answer of ListAccessKeys.
type ListAccessKeysOutput struct {
	// AccessKeys is every key of the user, without secrets.
	AccessKeys []*AccessKey
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListAccessKeys returns all of a user's access keys, without secrets.
func (c *Client) ListAccessKeys(ctx context.Context, in *ListAccessKeysInput) (*ListAccessKeysOutput, error) {
	const op = "ListAccessKeys"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w struct {
		AccessKeys []accessKeyWire `json:"accessKeys"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName, "accesskey"}, idempotent: true,
		expect: func([]byte) error { return checkList("accessKeys", w.AccessKeys, (*accessKeyWire).check) }}, &w)
	if err != nil {
		return nil, err
	}
	out := &ListAccessKeysOutput{AccessKeys: make([]*AccessKey, 0, len(w.AccessKeys)), RequestID: resp.RequestID}
	for i := range w.AccessKeys {
		k := w.AccessKeys[i].key(in.UserName)
		k.Secret = iam.Secret{}
		out.AccessKeys = append(out.AccessKeys, k)
	}
	return out, nil
}
