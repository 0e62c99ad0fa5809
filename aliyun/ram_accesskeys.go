package aliyun

import (
	"context"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// AccessKeyStatus is the state of a RAM access key.
type AccessKeyStatus string

// RAM access key states.
const (
	// AccessKeyActive is a key that authenticates requests.
	AccessKeyActive AccessKeyStatus = "Active"
	// AccessKeyInactive is a disabled key: RAM refuses its requests.
	AccessKeyInactive AccessKeyStatus = "Inactive"
)

// RAMAccessKey is a RAM user's access key. AccessKeySecret is set only in the
// answer of CreateAccessKey: RAM never returns it again.
type RAMAccessKey struct {
	// AccessKeyID is the key's id (LTAI...).
	AccessKeyID string
	// AccessKeySecret is the key's secret, only in CreateAccessKey's answer.
	AccessKeySecret iam.Secret
	// Status is AccessKeyActive or AccessKeyInactive.
	Status AccessKeyStatus
	// CreateDate is when the key was created.
	CreateDate time.Time
}

type wireRAMAccessKey struct {
	AccessKeyID     string          `json:"AccessKeyId"`
	AccessKeySecret string          `json:"AccessKeySecret"`
	Status          AccessKeyStatus `json:"Status"`
	CreateDate      wireTime        `json:"CreateDate"`
}

func (w *wireRAMAccessKey) native() *RAMAccessKey {
	return &RAMAccessKey{AccessKeyID: w.AccessKeyID, AccessKeySecret: iam.NewSecret(w.AccessKeySecret),
		Status: w.Status, CreateDate: w.CreateDate.Time()}
}

type ramOptUserParams struct {
	UserName string `url:"UserName,omitempty"`
}

// checkOptUserName validates a UserName that may be empty (the caller's own user).
func (c *RAMClient) checkOptUserName(op, name string) error {
	if name == "" {
		return nil
	}
	if r := nameRule(name); r != "" {
		return c.rpc.invalidArg(op, "UserName", r)
	}
	return nil
}

// RAMCreateAccessKeyInput is the input of RAMClient.CreateAccessKey.
type RAMCreateAccessKeyInput struct {
	// UserName is the key's owner; empty means the caller's own user.
	UserName string
}

// RAMCreateAccessKeyOutput is the answer of RAMClient.CreateAccessKey; the
// key carries its secret.
type RAMCreateAccessKeyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// AccessKey is the new key, with its secret.
	AccessKey *RAMAccessKey
}

// CreateAccessKey creates an access key (action CreateAccessKey). RAM allows
// two keys per user: a third is ErrLimitExceeded. It is never repeated once
// the server may have acted, since a repeat could mint a second key.
func (c *RAMClient) CreateAccessKey(ctx context.Context, in *RAMCreateAccessKeyInput) (*RAMCreateAccessKeyOutput, error) {
	const op = "CreateAccessKey"
	if in == nil {
		in = &RAMCreateAccessKeyInput{}
	}
	if err := c.checkOptUserName(op, in.UserName); err != nil {
		return nil, err
	}
	var out struct {
		answer
		AccessKey *wireRAMAccessKey
	}
	rid, err := c.rpc.call(ctx, op, &ramOptUserParams{UserName: in.UserName}, false, &out, func() string {
		return needObject("AccessKey", out.AccessKey, func(k *wireRAMAccessKey) string {
			return needStrings("AccessKeyId", k.AccessKeyID, "AccessKeySecret", k.AccessKeySecret)
		})
	})
	if err != nil {
		return nil, err
	}
	return &RAMCreateAccessKeyOutput{RequestID: rid, AccessKey: out.AccessKey.native()}, nil
}

// RAMUpdateAccessKeyInput is the input of RAMClient.UpdateAccessKey.
type RAMUpdateAccessKeyInput struct {
	// UserName is the key's owner; empty means the caller's own user.
	UserName string
	// UserAccessKeyID is the key; required.
	UserAccessKeyID string
	// Status is AccessKeyActive or AccessKeyInactive; required.
	Status AccessKeyStatus
}

// RAMUpdateAccessKeyOutput is the answer of RAMClient.UpdateAccessKey.
type RAMUpdateAccessKeyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type ramAccessKeyParams struct {
	UserName        string          `url:"UserName,omitempty"`
	UserAccessKeyID string          `url:"UserAccessKeyId"`
	Status          AccessKeyStatus `url:"Status,omitempty"`
}

func (c *RAMClient) checkKeyID(op, id string) error {
	if id == "" {
		return c.rpc.invalidArg(op, "UserAccessKeyId", "required")
	}
	if len(id) > 128 || !isASCIIPrintable(id) {
		return c.rpc.invalidArg(op, "UserAccessKeyId", "must be an access key id")
	}
	return nil
}

// UpdateAccessKey activates or deactivates an access key (action UpdateAccessKey).
func (c *RAMClient) UpdateAccessKey(ctx context.Context, in *RAMUpdateAccessKeyInput) (*RAMUpdateAccessKeyOutput, error) {
	const op = "UpdateAccessKey"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserAccessKeyId", "required")
	}
	if err := c.checkOptUserName(op, in.UserName); err != nil {
		return nil, err
	}
	if err := c.checkKeyID(op, in.UserAccessKeyID); err != nil {
		return nil, err
	}
	if in.Status != AccessKeyActive && in.Status != AccessKeyInactive {
		return nil, c.rpc.invalidArg(op, "Status", `must be "Active" or "Inactive"`)
	}
	rid, err := c.rpc.call(ctx, op, &ramAccessKeyParams{UserName: in.UserName, UserAccessKeyID: in.UserAccessKeyID, Status: in.Status}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMUpdateAccessKeyOutput{RequestID: rid}, nil
}

// RAMDeleteAccessKeyInput is the input of RAMClient.DeleteAccessKey.
type RAMDeleteAccessKeyInput struct {
	// UserName is the key's owner; empty means the caller's own user.
	UserName string
	// UserAccessKeyID is the key; required.
	UserAccessKeyID string
}

// RAMDeleteAccessKeyOutput is the answer of RAMClient.DeleteAccessKey.
type RAMDeleteAccessKeyOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// DeleteAccessKey deletes an access key (action DeleteAccessKey).
func (c *RAMClient) DeleteAccessKey(ctx context.Context, in *RAMDeleteAccessKeyInput) (*RAMDeleteAccessKeyOutput, error) {
	const op = "DeleteAccessKey"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserAccessKeyId", "required")
	}
	if err := c.checkOptUserName(op, in.UserName); err != nil {
		return nil, err
	}
	if err := c.checkKeyID(op, in.UserAccessKeyID); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramAccessKeyParams{UserName: in.UserName, UserAccessKeyID: in.UserAccessKeyID}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeleteAccessKeyOutput{RequestID: rid}, nil
}

// RAMListAccessKeysInput is the input of RAMClient.ListAccessKeys.
type RAMListAccessKeysInput struct {
	// UserName is the keys' owner; empty means the caller's own user.
	UserName string
}

// RAMListAccessKeysOutput is the answer of RAMClient.ListAccessKeys; the
// keys carry no secrets.
type RAMListAccessKeysOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// AccessKeys are the keys, without secrets.
	AccessKeys []*RAMAccessKey
}

// ListAccessKeys lists a user's access keys (action ListAccessKeys).
func (c *RAMClient) ListAccessKeys(ctx context.Context, in *RAMListAccessKeysInput) (*RAMListAccessKeysOutput, error) {
	const op = "ListAccessKeys"
	if in == nil {
		in = &RAMListAccessKeysInput{}
	}
	if err := c.checkOptUserName(op, in.UserName); err != nil {
		return nil, err
	}
	var out struct {
		answer
		AccessKeys struct {
			AccessKey []*wireRAMAccessKey
		}
	}
	rid, err := c.rpc.call(ctx, op, &ramOptUserParams{UserName: in.UserName}, true, &out, func() string {
		return needList("AccessKeys.AccessKey", out.AccessKeys.AccessKey, func(k *wireRAMAccessKey) string {
			return needStrings("AccessKeyId", k.AccessKeyID)
		})
	})
	if err != nil {
		return nil, err
	}
	res := &RAMListAccessKeysOutput{RequestID: rid}
	for _, k := range out.AccessKeys.AccessKey {
		if k != nil {
			nk := k.native()
			nk.AccessKeySecret = iam.Secret{} // never trust a list to carry one
			res.AccessKeys = append(res.AccessKeys, nk)
		}
	}
	return res, nil
}
