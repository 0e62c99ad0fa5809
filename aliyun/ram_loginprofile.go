package aliyun

import (
	"context"
	"strconv"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// RAMLoginProfile is a RAM user's console login settings. The password is
// never returned.
type RAMLoginProfile struct {
	UserName              string
	PasswordResetRequired bool
	MFABindRequired       bool
	CreateDate            time.Time
}

type wireRAMLoginProfile struct {
	UserName              string   `json:"UserName"`
	PasswordResetRequired bool     `json:"PasswordResetRequired"`
	MFABindRequired       bool     `json:"MFABindRequired"`
	CreateDate            wireTime `json:"CreateDate"`
}

func (w *wireRAMLoginProfile) native() *RAMLoginProfile {
	if w == nil {
		return nil
	}
	return &RAMLoginProfile{UserName: w.UserName, PasswordResetRequired: w.PasswordResetRequired,
		MFABindRequired: w.MFABindRequired, CreateDate: w.CreateDate.Time()}
}

// boolString renders an optional boolean parameter: nil sends nothing.
func boolString(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// RAMCreateLoginProfileInput is the input of RAMClient.CreateLoginProfile.
type RAMCreateLoginProfileInput struct {
	// UserName is required.
	UserName string
	// Password is required and must satisfy the account's password policy.
	Password iam.Secret
	// PasswordResetRequired makes the user change the password at the next
	// logon; nil takes RAM's default (false).
	PasswordResetRequired *bool
	// MFABindRequired makes the user bind an MFA device at the next logon;
	// nil takes RAM's default (false).
	MFABindRequired *bool
}

// RAMCreateLoginProfileOutput is the answer of RAMClient.CreateLoginProfile.
type RAMCreateLoginProfileOutput struct {
	RequestID    string
	LoginProfile *RAMLoginProfile
}

type ramLoginProfileParams struct {
	UserName              string `url:"UserName"`
	Password              string `url:"Password,omitempty"`
	PasswordResetRequired string `url:"PasswordResetRequired,omitempty"`
	MFABindRequired       string `url:"MFABindRequired,omitempty"`
}

func (c *RAMClient) checkPassword(op string, p iam.Secret, required bool) error {
	switch {
	case p.IsZero() && required:
		return c.rpc.invalidArg(op, "Password", "required")
	case p.IsZero():
		return nil
	case runeLen(p.Reveal()) > 32:
		return c.rpc.invalidArg(op, "Password", "must be at most 32 characters")
	case !isASCIIPrintable(p.Reveal()):
		return c.rpc.invalidArg(op, "Password", "must hold printable ASCII characters only")
	}
	return nil
}

// CreateLoginProfile lets a RAM user sign in to the console (action
// CreateLoginProfile). An existing profile is ErrAlreadyExists.
func (c *RAMClient) CreateLoginProfile(ctx context.Context, in *RAMCreateLoginProfileInput) (*RAMCreateLoginProfileOutput, error) {
	const op = "CreateLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if err := c.checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	if err := c.checkPassword(op, in.Password, true); err != nil {
		return nil, err
	}
	var out struct{ LoginProfile *wireRAMLoginProfile }
	rid, err := c.rpc.call(ctx, op, &ramLoginProfileParams{
		UserName: in.UserName, Password: in.Password.Reveal(),
		PasswordResetRequired: boolString(in.PasswordResetRequired), MFABindRequired: boolString(in.MFABindRequired),
	}, false, &out)
	if err != nil {
		return nil, err
	}
	lp := out.LoginProfile.native()
	if lp == nil {
		lp = &RAMLoginProfile{UserName: in.UserName}
	}
	return &RAMCreateLoginProfileOutput{RequestID: rid, LoginProfile: lp}, nil
}

// RAMGetLoginProfileInput is the input of RAMClient.GetLoginProfile.
type RAMGetLoginProfileInput struct {
	// UserName is required.
	UserName string
}

// RAMGetLoginProfileOutput is the answer of RAMClient.GetLoginProfile.
type RAMGetLoginProfileOutput struct {
	RequestID    string
	LoginProfile *RAMLoginProfile
}

// GetLoginProfile returns a RAM user's console login settings (action
// GetLoginProfile); EntityNotExist.User.LoginProfile is ErrNotFound.
func (c *RAMClient) GetLoginProfile(ctx context.Context, in *RAMGetLoginProfileInput) (*RAMGetLoginProfileOutput, error) {
	const op = "GetLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if err := c.checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var out struct{ LoginProfile *wireRAMLoginProfile }
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, &out)
	if err != nil {
		return nil, err
	}
	if out.LoginProfile == nil {
		return nil, &iam.Error{Provider: SchemeRAM, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse, Message: "the answer has no LoginProfile"}
	}
	return &RAMGetLoginProfileOutput{RequestID: rid, LoginProfile: out.LoginProfile.native()}, nil
}

// RAMUpdateLoginProfileInput is the input of RAMClient.UpdateLoginProfile.
// Unset fields are left as they are.
type RAMUpdateLoginProfileInput struct {
	// UserName is required.
	UserName              string
	Password              iam.Secret
	PasswordResetRequired *bool
	MFABindRequired       *bool
}

// RAMUpdateLoginProfileOutput is the answer of RAMClient.UpdateLoginProfile.
type RAMUpdateLoginProfileOutput struct {
	RequestID string
}

// UpdateLoginProfile changes a RAM user's console login (action UpdateLoginProfile).
func (c *RAMClient) UpdateLoginProfile(ctx context.Context, in *RAMUpdateLoginProfileInput) (*RAMUpdateLoginProfileOutput, error) {
	const op = "UpdateLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if err := c.checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	if err := c.checkPassword(op, in.Password, false); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramLoginProfileParams{
		UserName: in.UserName, Password: in.Password.Reveal(),
		PasswordResetRequired: boolString(in.PasswordResetRequired), MFABindRequired: boolString(in.MFABindRequired),
	}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMUpdateLoginProfileOutput{RequestID: rid}, nil
}

// RAMDeleteLoginProfileInput is the input of RAMClient.DeleteLoginProfile.
type RAMDeleteLoginProfileInput struct {
	// UserName is required.
	UserName string
}

// RAMDeleteLoginProfileOutput is the answer of RAMClient.DeleteLoginProfile.
type RAMDeleteLoginProfileOutput struct {
	RequestID string
}

// DeleteLoginProfile removes a RAM user's console login (action DeleteLoginProfile).
func (c *RAMClient) DeleteLoginProfile(ctx context.Context, in *RAMDeleteLoginProfileInput) (*RAMDeleteLoginProfileOutput, error) {
	const op = "DeleteLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if err := c.checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeleteLoginProfileOutput{RequestID: rid}, nil
}
