package baidu

import (
	"context"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// MFAType is the second factor of console login (loginMfaType).
type MFAType string

// The login MFA types Baidu documents.
const (
	// MFAPhone sends a code to the user's mobile phone.
	MFAPhone MFAType = "PHONE"
	// MFATOTP uses a virtual MFA device.
	MFATOTP MFAType = "TOTP"
)

// ThirdPartyType is the kind of external account bound for console login
// (thirdPartyType).
type ThirdPartyType string

// The third-party login types Baidu documents.
const (
	// ThirdPartyPassport is a Baidu account (phone, email or account name).
	ThirdPartyPassport ThirdPartyType = "PASSPORT"
	// ThirdPartyUUAP is a Baidu intranet account.
	ThirdPartyUUAP ThirdPartyType = "UUAP"
)

// LoginProfile is a user's console login configuration. The password is
// write-only: the service never returns it.
type LoginProfile struct {
	// UserName is the user the profile belongs to (from the request; the
	// service does not echo it).
	UserName string
	// NeedResetPassword: the user must change the password at next login.
	NeedResetPassword bool
	// EnabledLogin: console login is enabled.
	EnabledLogin bool
	// EnabledLoginMfa: console login asks for a second factor.
	EnabledLoginMfa bool
	// LoginMfaType is the second factor, when MFA is on.
	LoginMfaType MFAType
	// ThirdPartyType is the kind of external account bound for console
	// login, or "" when none is bound.
	ThirdPartyType ThirdPartyType
	// ThirdPartyAccount is the bound external account (for PASSPORT a
	// phone number, email or account name), or "".
	ThirdPartyAccount string
	// PasswordExpireDate is when the password expires; only GetLoginProfile
	// reports it, and it is zero when unknown.
	PasswordExpireDate time.Time
}

type loginProfileWire struct {
	NeedResetPassword  bool     `json:"needResetPassword"`
	EnabledLogin       bool     `json:"enabledLogin"`
	EnabledLoginMfa    bool     `json:"enabledLoginMfa"`
	LoginMfaType       string   `json:"loginMfaType"`
	ThirdPartyType     string   `json:"thirdPartyType"`
	ThirdPartyAccount  string   `json:"thirdPartyAccount"`
	PasswordExpireDate wireTime `json:"passwordExpireDate"`
}

func (w *loginProfileWire) profile(userName string) *LoginProfile {
	return &LoginProfile{
		UserName: userName, NeedResetPassword: w.NeedResetPassword, EnabledLogin: w.EnabledLogin,
		EnabledLoginMfa: w.EnabledLoginMfa, LoginMfaType: MFAType(w.LoginMfaType),
		ThirdPartyType: ThirdPartyType(w.ThirdPartyType), ThirdPartyAccount: w.ThirdPartyAccount,
		PasswordExpireDate: w.PasswordExpireDate.Time(),
	}
}

// UpdateLoginProfileInput is the input of UpdateLoginProfile
// (PUT /v1/user/{userName}/loginProfile). Unset fields (nil pointers, the
// zero Password, an empty LoginMfaType) are not sent and stay as they are,
// like the official SDK's UpdateUserLoginProfileArgsV2.
type UpdateLoginProfileInput struct {
	// UserName is the user whose console login is configured; required.
	UserName string
	// Password sets the console password; it is never returned.
	Password iam.Secret
	// NeedResetPassword makes the user change the password at next login.
	NeedResetPassword *bool
	// EnabledLogin turns console login on or off.
	EnabledLogin *bool
	// EnabledLoginMfa turns the login second factor on or off; turning it on
	// requires LoginMfaType.
	EnabledLoginMfa *bool
	// LoginMfaType is MFAPhone or MFATOTP.
	LoginMfaType MFAType
	// ThirdPartyType binds an external account of this kind; it is set
	// together with ThirdPartyAccount. Both pointing to "" unbind it, as
	// Baidu documents.
	ThirdPartyType *ThirdPartyType
	// ThirdPartyAccount is the external account to bind (for PASSPORT a
	// phone number, email or account name); set with ThirdPartyType.
	ThirdPartyAccount *string
}

// loginProfileBody is the request body of UpdateLoginProfile: only set
// fields, with the password revealed. It is built only to be sent, so the
// password never reaches a log through the exported input type.
type loginProfileBody struct {
	Password          string          `json:"password,omitempty"`
	NeedResetPassword *bool           `json:"needResetPassword,omitempty"`
	EnabledLogin      *bool           `json:"enabledLogin,omitempty"`
	EnabledLoginMfa   *bool           `json:"enabledLoginMfa,omitempty"`
	LoginMfaType      MFAType         `json:"loginMfaType,omitempty"`
	ThirdPartyType    *ThirdPartyType `json:"thirdPartyType,omitempty"`
	ThirdPartyAccount *string         `json:"thirdPartyAccount,omitempty"`
}

func (in *UpdateLoginProfileInput) body() *loginProfileBody {
	return &loginProfileBody{
		Password: in.Password.Reveal(), NeedResetPassword: in.NeedResetPassword, EnabledLogin: in.EnabledLogin,
		EnabledLoginMfa: in.EnabledLoginMfa, LoginMfaType: in.LoginMfaType,
		ThirdPartyType: in.ThirdPartyType, ThirdPartyAccount: in.ThirdPartyAccount,
	}
}

// secretsOf lists the values of the secrets a request carries, for
// transport.Request.Secrets; an unset secret is left out.
func secretsOf(secrets ...iam.Secret) []string {
	var out []string
	for _, s := range secrets {
		if !s.IsZero() {
			out = append(out, s.Reveal())
		}
	}
	return out
}

// validate checks the rules Baidu documents for the login profile.
func (in *UpdateLoginProfileInput) validate(op string) error {
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return err
	}
	switch in.LoginMfaType {
	case "", MFAPhone, MFATOTP:
	default:
		return iam.InvalidArgument(Scheme, op, "LoginMfaType", `must be "PHONE" or "TOTP"`)
	}
	if in.EnabledLoginMfa != nil && *in.EnabledLoginMfa && in.LoginMfaType == "" {
		return iam.InvalidArgument(Scheme, op, "LoginMfaType", "is required when EnabledLoginMfa is true")
	}
	if (in.ThirdPartyType == nil) != (in.ThirdPartyAccount == nil) {
		return iam.InvalidArgument(Scheme, op, "ThirdPartyType",
			"ThirdPartyType and ThirdPartyAccount must be set together (both empty to unbind)")
	}
	if in.ThirdPartyType != nil {
		t, a := *in.ThirdPartyType, *in.ThirdPartyAccount
		switch {
		case t == "" && a == "":
			// unbind
		case t == "":
			return iam.InvalidArgument(Scheme, op, "ThirdPartyType", "is required with ThirdPartyAccount (both empty to unbind)")
		case t != ThirdPartyPassport && t != ThirdPartyUUAP:
			return iam.InvalidArgument(Scheme, op, "ThirdPartyType", `must be "PASSPORT" or "UUAP" (or "" with an empty account to unbind)`)
		case a == "":
			return iam.InvalidArgument(Scheme, op, "ThirdPartyAccount", "is required with ThirdPartyType (both empty to unbind)")
		}
	}
	return nil
}

// UpdateLoginProfileOutput is the answer of UpdateLoginProfile.
type UpdateLoginProfileOutput struct {
	// LoginProfile is the resulting configuration (never the password).
	LoginProfile *LoginProfile
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// UpdateLoginProfile configures a user's console login, creating it when the
// user has none, and returns the resulting configuration. It is not
// repeated once the server may have acted on it: a failure after the
// request left matches iam.ErrOutcomeUnknown (read the profile back). The
// password never appears in an error, even when Baidu's message quotes it.
func (c *Client) UpdateLoginProfile(ctx context.Context, in *UpdateLoginProfileInput) (*UpdateLoginProfileOutput, error) {
	const op = "UpdateLoginProfile"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := in.validate(op); err != nil {
		return nil, err
	}
	var w loginProfileWire
	// Not idempotent: a repeat after the server acted could be refused
	// (a password that must differ from the current one) and hide that the
	// first attempt set it, so every failure after the request left is
	// ErrOutcomeUnknown. The password is scrubbed from any error text,
	// Baidu's own messages included.
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"user", in.UserName, "loginProfile"}, in: in.body(),
		secrets: secretsOf(in.Password)}, &w)
	if err != nil {
		return nil, err
	}
	return &UpdateLoginProfileOutput{LoginProfile: w.profile(in.UserName), RequestID: resp.RequestID}, nil
}

// GetLoginProfileInput is the input of GetLoginProfile
// (GET /v1/user/{userName}/loginProfile).
type GetLoginProfileInput struct {
	// UserName is the user whose console login is read; required.
	UserName string
}

// GetLoginProfileOutput is the answer of GetLoginProfile.
type GetLoginProfileOutput struct {
	// LoginProfile is the user's console login configuration, with the
	// password's expiry date (never the password).
	LoginProfile *LoginProfile
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// GetLoginProfile returns a user's console login configuration, or
// ErrNotFound when the user has none.
func (c *Client) GetLoginProfile(ctx context.Context, in *GetLoginProfileInput) (*GetLoginProfileOutput, error) {
	const op = "GetLoginProfile"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w loginProfileWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName, "loginProfile"}, idempotent: true}, &w)
	if err != nil {
		return nil, err
	}
	return &GetLoginProfileOutput{LoginProfile: w.profile(in.UserName), RequestID: resp.RequestID}, nil
}

// DeleteLoginProfileInput is the input of DeleteLoginProfile
// (DELETE /v1/user/{userName}/loginProfile).
type DeleteLoginProfileInput struct {
	// UserName is the user whose console login is removed; required.
	UserName string
}

// DeleteLoginProfileOutput is the answer of DeleteLoginProfile.
type DeleteLoginProfileOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeleteLoginProfile removes a user's console login configuration, which
// closes console login for the user.
func (c *Client) DeleteLoginProfile(ctx context.Context, in *DeleteLoginProfileInput) (*DeleteLoginProfileOutput, error) {
	const op = "DeleteLoginProfile"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"user", in.UserName, "loginProfile"}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteLoginProfileOutput{RequestID: resp.RequestID}, nil
}
