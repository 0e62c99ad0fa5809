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
	Enabled     bool
	Description string
	CreateTime  time.Time
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

func (w *accessKeyWire) key(userName string) *AccessKey {
	return &AccessKey{
		ID: w.ID, UserName: userName, Secret: iam.NewSecret(w.Secret), Enabled: boolDefault(w.Enabled, true),
		Description: w.Description, CreateTime: w.CreateTime.Time(), LastUsedTime: w.LastUsedTime.Time(),
	}
}

// CreateAccessKeyInput is the input of CreateAccessKey
// (POST /v1/user/{userName}/accesskey, no body).
type CreateAccessKeyInput struct {
	// UserName is required.
	UserName string
}

// CreateAccessKey creates an access key for the user. The result carries the
// secret: this is the only time it is available. It fails with
// ErrLimitExceeded when the user has as many keys as Baidu allows. It is not
// retried once the server may have acted on it.
func (c *Client) CreateAccessKey(ctx context.Context, in *CreateAccessKeyInput) (*AccessKey, error) {
	const op = "CreateAccessKey"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w accessKeyWire
	if err := c.do(ctx, call{op: op, method: http.MethodPost, segs: []string{"user", in.UserName, "accesskey"}}, &w); err != nil {
		return nil, err
	}
	return w.key(in.UserName), nil
}

// AccessKeyInput addresses one access key of a user: the input of
// DisableAccessKey, EnableAccessKey and DeleteAccessKey.
type AccessKeyInput struct {
	// UserName and AccessKeyID are required.
	UserName    string
	AccessKeyID string
}

func (in *AccessKeyInput) check(op string) error {
	if in == nil {
		return iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName and AccessKeyID are required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return err
	}
	return checkAccessKeyID(op, in.AccessKeyID)
}

// DisableAccessKeyInput is the input of DisableAccessKey.
type DisableAccessKeyInput = AccessKeyInput

// EnableAccessKeyInput is the input of EnableAccessKey.
type EnableAccessKeyInput = AccessKeyInput

// DeleteAccessKeyInput is the input of DeleteAccessKey.
type DeleteAccessKeyInput = AccessKeyInput

// DisableAccessKey stops a key from authenticating without deleting it
// (PUT /v1/user/{userName}/accesskey/{accessKeyId}?disable) and returns the key.
func (c *Client) DisableAccessKey(ctx context.Context, in *DisableAccessKeyInput) (*AccessKey, error) {
	return c.setAccessKey(ctx, "DisableAccessKey", "disable", in)
}

// EnableAccessKey makes a disabled key usable again
// (PUT /v1/user/{userName}/accesskey/{accessKeyId}?enable) and returns the key.
func (c *Client) EnableAccessKey(ctx context.Context, in *EnableAccessKeyInput) (*AccessKey, error) {
	return c.setAccessKey(ctx, "EnableAccessKey", "enable", in)
}

func (c *Client) setAccessKey(ctx context.Context, op, flag string, in *AccessKeyInput) (*AccessKey, error) {
	if err := in.check(op); err != nil {
		return nil, err
	}
	var w accessKeyWire
	if err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"user", in.UserName, "accesskey", in.AccessKeyID}, flag: flag, idempotent: true}, &w); err != nil {
		return nil, err
	}
	k := w.key(in.UserName)
	k.Secret = iam.Secret{} // never hand out a secret outside CreateAccessKey
	if k.ID == "" {
		k.ID = in.AccessKeyID
	}
	return k, nil
}

// DeleteAccessKey deletes a user's access key
// (DELETE /v1/user/{userName}/accesskey/{accessKeyId}).
func (c *Client) DeleteAccessKey(ctx context.Context, in *DeleteAccessKeyInput) error {
	const op = "DeleteAccessKey"
	if err := in.check(op); err != nil {
		return err
	}
	return c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"user", in.UserName, "accesskey", in.AccessKeyID}, idempotent: true}, nil)
}

// ListAccessKeysInput is the input of ListAccessKeys
// (GET /v1/user/{userName}/accesskey).
type ListAccessKeysInput struct {
	// UserName is required.
	UserName string
}

// ListAccessKeys returns all of a user's access keys, without secrets.
func (c *Client) ListAccessKeys(ctx context.Context, in *ListAccessKeysInput) ([]*AccessKey, error) {
	const op = "ListAccessKeys"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w struct {
		AccessKeys []accessKeyWire `json:"accessKeys"`
	}
	if err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName, "accesskey"}, idempotent: true}, &w); err != nil {
		return nil, err
	}
	out := make([]*AccessKey, 0, len(w.AccessKeys))
	for i := range w.AccessKeys {
		k := w.AccessKeys[i].key(in.UserName)
		k.Secret = iam.Secret{}
		out = append(out, k)
	}
	return out, nil
}
