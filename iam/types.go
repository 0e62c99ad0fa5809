package iam

import (
	"time"
)

// User is a cloud user as the portable API sees it. Fields a cloud does not
// report stay zero; the provider's own value, with every field the cloud
// sent, is reachable through As.
type User struct {
	// ID is the cloud's identifier for the user (Baidu's id, Huawei's 32-hex
	// user_id, RAM's UserId, EIAM's user_...).
	ID          string
	Name        string
	DisplayName string
	Description string
	Email       string
	// Phone is the mobile number as the cloud writes it (for example
	// "86-13800000000" on RAM).
	Phone   string
	Enabled bool
	// CreatedAt and LastLoginAt are zero when the cloud does not report them.
	CreatedAt   time.Time
	LastLoginAt time.Time

	// Native is the provider's own value; use As to reach it.
	Native Native
}

// As sets target, a pointer to the provider's native user type, to the value
// behind u. It reports whether the types matched. Each provider package
// documents which types it supports.
func (u *User) As(target any) bool { return u != nil && u.Native.As(target) }

// CreateUserInput is the portable input of CreateUser. Zero values mean
// "not set"; Name is required.
type CreateUserInput struct {
	Name        string
	DisplayName string
	Description string
	Email       string
	Phone       string
	// Enabled defaults to true when nil.
	Enabled *bool
}

// UpdateUserInput changes the fields that are non-nil. A pointer to "" clears
// a field where the cloud allows it.
type UpdateUserInput struct {
	NewName     *string
	DisplayName *string
	Description *string
	Email       *string
	Phone       *string
	Enabled     *bool
}

// ListUsersInput narrows ListUsers. The zero value lists every user.
type ListUsersInput struct {
	// PageSize is how many users to fetch per request; zero uses the
	// provider's default. It never limits the total.
	PageSize int
}

// MFAMethod is a second factor for console login.
type MFAMethod string

// The MFA methods the clouds offer for console login.
const (
	MFANone  MFAMethod = ""
	MFASMS   MFAMethod = "sms"   // a code sent to the user's phone
	MFAEmail MFAMethod = "email" // a code sent to the user's email
	MFATOTP  MFAMethod = "totp"  // a virtual MFA device
)

// LoginProfile is a user's console login settings.
type LoginProfile struct {
	UserName string
	// PasswordSet reports whether the user has a console password.
	PasswordSet bool
	// PasswordResetRequired means the user must change the password at next login.
	PasswordResetRequired bool
	// MFARequired means console login asks for a second factor.
	MFARequired bool
	// MFAMethod is the second factor, when the cloud reports it.
	MFAMethod MFAMethod
	CreatedAt time.Time

	// Native is the provider's own value; use As to reach it.
	Native Native
}

// As sets target to the provider's native login-profile value; see User.As.
func (p *LoginProfile) As(target any) bool { return p != nil && p.Native.As(target) }

// LoginProfileInput is the input of SetLoginProfile. Nil fields are left as
// they are on update and take the cloud's default on create.
type LoginProfileInput struct {
	// Password sets the console password; the zero Secret leaves it unchanged.
	Password              Secret
	PasswordResetRequired *bool
	MFARequired           *bool
	// MFAMethod chooses the second factor where the cloud lets you choose;
	// nil leaves it as it is.
	MFAMethod *MFAMethod
}

// AccessKeyStatus tells whether an access key can authenticate.
type AccessKeyStatus string

// Access key states.
const (
	AccessKeyActive   AccessKeyStatus = "Active"
	AccessKeyInactive AccessKeyStatus = "Inactive"
)

// AccessKey is a user's long-term API credential.
type AccessKey struct {
	ID       string
	UserName string
	// Secret is set only in the result of CreateAccessKey.
	Secret      Secret
	Status      AccessKeyStatus
	Description string
	CreatedAt   time.Time
	// LastUsedAt is zero when unknown or never used.
	LastUsedAt time.Time

	// Native is the provider's own value; use As to reach it.
	Native Native
}

// As sets target to the provider's native access-key value; see User.As.
func (k *AccessKey) As(target any) bool { return k != nil && k.Native.As(target) }

// Ptr returns a pointer to v, for the optional fields of inputs:
// iam.UpdateUserInput{Description: iam.Ptr("ops team")}.
func Ptr[T any](v T) *T { return &v }
