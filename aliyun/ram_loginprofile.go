package aliyun

import (
	"context"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// RAMLoginProfile is a RAM user's console login settings. The password is
// never returned.
type RAMLoginProfile struct {
	// UserName is the user the profile belongs to.
	UserName string
	// PasswordResetRequired makes the user change the password at the next
	// logon.
	PasswordResetRequired bool
	// MFABindRequired makes the user bind a virtual MFA device at the next
	// logon.
	MFABindRequired bool
	// CreateDate is when the profile was created.
	CreateDate time.Time
}

type wireRAMLoginProfile struct {
	UserName              string   `json:"UserName"`
	PasswordResetRequired bool     `json:"PasswordResetRequired"`
	MFABindRequired       bool     `json:"MFABindRequired"`
	CreateDate            wireTime `json:"CreateDate"`
}

// lacks names what a login profile in an answer must have and lacks.
func (w *wireRAMLoginProfile) lacks() string { return needStrings("UserName", w.UserName) }

func (w *wireRAMLoginProfile) native() *RAMLoginProfile {
	if w == nil {
		return nil
	}
	return &RAMLoginProfile{UserName: w.UserName, PasswordResetRequired: w.PasswordResetRequired,
		MFABindRequired: w.MFABindRequired, CreateDate: w.CreateDate.Time()}
}

// RAMCreateLoginProfileInput is the input of RAMClient.CreateLoginProfile.
type RAMCreateLoginProfileInput struct {
	// UserName is the user; required.
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
	// RequestID is the RequestId of the answer.
	RequestID string
	// LoginProfile is the new profile.
	LoginProfile *RAMLoginProfile
}

type ramLoginProfileParams struct {
	UserName              string `url:"UserName"`
	Password              string `url:"Password,omitempty"`
	PasswordResetRequired *bool  `url:"PasswordResetRequired,omitempty"`
	MFABindRequired       *bool  `url:"MFABindRequired,omitempty"`
}

// secrets implements secretParams: the password.
func (p *ramLoginProfileParams) secrets() []string { return []string{p.Password} }

// passwordRule checks a console password. Its length and strength are the
// account's password policy (GetPasswordPolicy), which RAM enforces
// (InvalidParameter.Password.TooWeak); control characters are refused here.
func passwordRule(p iam.Secret) string {
	if hasControl(p.Reveal()) {
		return "must not contain control characters"
	}
	return ""
}

// CreateLoginProfile lets a RAM user sign in to the console (action
// CreateLoginProfile). An existing profile is ErrAlreadyExists.
func (c *RAMClient) CreateLoginProfile(ctx context.Context, in *RAMCreateLoginProfileInput) (*RAMCreateLoginProfileOutput, error) {
	const op = "CreateLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	if in.Password.IsZero() {
		return nil, c.rpc.invalidArg(op, "Password", "required")
	}
	if r := passwordRule(in.Password); r != "" {
		return nil, c.rpc.invalidArg(op, "Password", r)
	}
	var out struct {
		answer
		LoginProfile *wireRAMLoginProfile
	}
	rid, err := c.rpc.call(ctx, op, &ramLoginProfileParams{
		UserName: in.UserName, Password: in.Password.Reveal(),
		PasswordResetRequired: in.PasswordResetRequired, MFABindRequired: in.MFABindRequired,
	}, false, &out, func() string { return needObject("LoginProfile", out.LoginProfile, (*wireRAMLoginProfile).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMCreateLoginProfileOutput{RequestID: rid, LoginProfile: out.LoginProfile.native()}, nil
}

// RAMGetLoginProfileInput is the input of RAMClient.GetLoginProfile.
type RAMGetLoginProfileInput struct {
	// UserName is the user; required.
	UserName string
}

// RAMGetLoginProfileOutput is the answer of RAMClient.GetLoginProfile.
type RAMGetLoginProfileOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// LoginProfile is the user's profile.
	LoginProfile *RAMLoginProfile
}

// GetLoginProfile returns a RAM user's console login settings (action
// GetLoginProfile); EntityNotExist.User.LoginProfile is ErrNotFound.
func (c *RAMClient) GetLoginProfile(ctx context.Context, in *RAMGetLoginProfileInput) (*RAMGetLoginProfileOutput, error) {
	const op = "GetLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	var out struct {
		answer
		LoginProfile *wireRAMLoginProfile
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, &out,
		func() string { return needObject("LoginProfile", out.LoginProfile, (*wireRAMLoginProfile).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMGetLoginProfileOutput{RequestID: rid, LoginProfile: out.LoginProfile.native()}, nil
}

// RAMUpdateLoginProfileInput is the input of RAMClient.UpdateLoginProfile.
// Unset fields are left as they are.
type RAMUpdateLoginProfileInput struct {
	// UserName is the user; required.
	UserName string
	// Password is the new password; zero keeps the old one.
	Password iam.Secret
	// PasswordResetRequired, when set, makes the user change the password at
	// the next logon (true) or not.
	PasswordResetRequired *bool
	// MFABindRequired, when set, makes the user bind an MFA device at the
	// next logon (true) or not.
	MFABindRequired *bool
}

// RAMUpdateLoginProfileOutput is the answer of RAMClient.UpdateLoginProfile.
type RAMUpdateLoginProfileOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// UpdateLoginProfile changes a RAM user's console login (action
// UpdateLoginProfile). With a new Password it is not repeated once the
// server may have acted, and a failure after that is ErrOutcomeUnknown: a
// repeat could be refused for reusing the password it has just set (the
// password policy's history), hiding the change.
func (c *RAMClient) UpdateLoginProfile(ctx context.Context, in *RAMUpdateLoginProfileInput) (*RAMUpdateLoginProfileOutput, error) {
	const op = "UpdateLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	if r := passwordRule(in.Password); r != "" {
		return nil, c.rpc.invalidArg(op, "Password", r)
	}
	rid, err := c.rpc.call(ctx, op, &ramLoginProfileParams{
		UserName: in.UserName, Password: in.Password.Reveal(),
		PasswordResetRequired: in.PasswordResetRequired, MFABindRequired: in.MFABindRequired,
	}, in.Password.IsZero(), nil)
	if err != nil {
		return nil, err
	}
	return &RAMUpdateLoginProfileOutput{RequestID: rid}, nil
}

// RAMDeleteLoginProfileInput is the input of RAMClient.DeleteLoginProfile.
type RAMDeleteLoginProfileInput struct {
	// UserName is the user; required.
	UserName string
}

// RAMDeleteLoginProfileOutput is the answer of RAMClient.DeleteLoginProfile.
type RAMDeleteLoginProfileOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// DeleteLoginProfile removes a RAM user's console login (action DeleteLoginProfile).
func (c *RAMClient) DeleteLoginProfile(ctx context.Context, in *RAMDeleteLoginProfileInput) (*RAMDeleteLoginProfileOutput, error) {
	const op = "DeleteLoginProfile"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeleteLoginProfileOutput{RequestID: rid}, nil
}
