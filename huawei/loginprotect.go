package huawei

import (
	"context"
	"net/http"
)

// VerificationMethod is the second factor of login protection.
type VerificationMethod string

// The login protection methods.
const (
	// VerifySMS sends a code to the user's mobile number.
	VerifySMS VerificationMethod = "sms"
	// VerifyEmail sends a code to the user's email address.
	VerifyEmail VerificationMethod = "email"
	// VerifyVMFA uses the user's virtual MFA device, which must be bound.
	VerifyVMFA VerificationMethod = "vmfa"
	// VerifyNone is what IAM may report for a disabled entry.
	VerifyNone VerificationMethod = "none"
)

// LoginProtect is a user's login protection (a second factor at console login).
type LoginProtect struct {
	// UserID is the id of the protected user.
	UserID string `json:"user_id"`
	// Enabled tells whether the second factor is asked at console login.
	Enabled bool `json:"enabled"`
	// VerificationMethod is the second factor (VerifyNone may be reported
	// for a disabled entry).
	VerificationMethod VerificationMethod `json:"verification_method"`
}

type loginProtectEnvelope struct {
	LoginProtect *LoginProtect `json:"login_protect"`
}

// complete is the Expect of an answer with a login protection: IAM always
// sends the user's id.
func (e *loginProtectEnvelope) complete([]byte) error {
	switch {
	case e.LoginProtect == nil:
		return lacks(`"login_protect"`)
	case e.LoginProtect.UserID == "":
		return lacks("login_protect user_id")
	}
	return nil
}

// ShowUserLoginProtectInput is the input of ShowUserLoginProtect.
type ShowUserLoginProtectInput struct {
	// UserID is the id of the user (required).
	UserID string
}

// ShowUserLoginProtectOutput is the answer of ShowUserLoginProtect.
type ShowUserLoginProtectOutput struct {
	// LoginProtect is the user's login protection.
	LoginProtect *LoginProtect
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowUserLoginProtect returns a user's login protection:
// GET /v3.0/OS-USER/users/{user_id}/login-protect. IAM answers 404
// (IAM.0004, ErrNotFound) for a user whose login protection was never
// configured, which means it is off.
func (c *Client) ShowUserLoginProtect(ctx context.Context, in *ShowUserLoginProtectInput) (*ShowUserLoginProtectOutput, error) {
	const op = "ShowUserLoginProtect"
	if in == nil {
		return nil, invalid(op, "ShowUserLoginProtectInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	var env loginProtectEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-USER/users/" + in.UserID + "/login-protect", idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowUserLoginProtectOutput{LoginProtect: env.LoginProtect, RequestID: resp.RequestID}, nil
}

// UpdateLoginProtectInput is the input of UpdateLoginProtect. Both Enabled
// and VerificationMethod are sent; the method is required even to disable.
type UpdateLoginProtectInput struct {
	// UserID is the id of the user (required); an administrator cannot
	// change their own setting.
	UserID string
	// Enabled turns the second factor at console login on or off.
	Enabled bool
	// VerificationMethod is VerifySMS, VerifyEmail or VerifyVMFA (required).
	VerificationMethod VerificationMethod
}

type wireUpdateLoginProtect struct {
	LoginProtect struct {
		Enabled            bool               `json:"enabled"`
		VerificationMethod VerificationMethod `json:"verification_method"`
	} `json:"login_protect"`
}

// UpdateLoginProtectOutput is the answer of UpdateLoginProtect.
type UpdateLoginProtectOutput struct {
	// LoginProtect is the user's login protection as changed.
	LoginProtect *LoginProtect
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdateLoginProtect turns a user's login protection on or off and sets its
// method: PUT /v3.0/OS-USER/users/{user_id}/login-protect. vmfa needs a
// bound virtual MFA device; an administrator cannot change their own setting.
func (c *Client) UpdateLoginProtect(ctx context.Context, in *UpdateLoginProtectInput) (*UpdateLoginProtectOutput, error) {
	return c.updateLoginProtect(ctx, in, false)
}

// updateLoginProtect is UpdateLoginProtect; once sends the request once,
// so that a failure after IAM may have acted is ErrOutcomeUnknown, for a
// caller that must say so (SetLoginProfile).
func (c *Client) updateLoginProtect(ctx context.Context, in *UpdateLoginProtectInput, once bool) (*UpdateLoginProtectOutput, error) {
	const op = "UpdateLoginProtect"
	if in == nil {
		return nil, invalid(op, "UpdateLoginProtectInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return nil, err
	}
	switch in.VerificationMethod {
	case VerifySMS, VerifyEmail, VerifyVMFA:
	default:
		return nil, invalid(op, "VerificationMethod", "must be sms, email or vmfa")
	}
	var body wireUpdateLoginProtect
	body.LoginProtect.Enabled = in.Enabled
	body.LoginProtect.VerificationMethod = in.VerificationMethod
	var env loginProtectEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, path: "/v3.0/OS-USER/users/" + in.UserID + "/login-protect", body: body,
		idempotent: !once, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &UpdateLoginProtectOutput{LoginProtect: env.LoginProtect, RequestID: resp.RequestID}, nil
}
