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
	ID string
	// Name is the user name, unique in the account (in the instance, on
	// EIAM), by which every method addresses the user (Baidu's and Huawei's
	// name, RAM's UserName, EIAM's Username).
	Name string
	// DisplayName is the name shown for the user (RAM's and EIAM's
	// DisplayName); Baidu and Huawei users have none.
	DisplayName string
	// Description is the user's description (Baidu's and Huawei's
	// description, RAM's Comments, EIAM's Description).
	Description string
	// Email is the user's email address (Huawei's email, RAM's Email, EIAM's
	// Email); Baidu users have none.
	Email string
	// Phone is the mobile number as "<country code>-<number>": RAM's
	// MobilePhone ("86-13800000000"), EIAM's PhoneRegion and PhoneNumber
	// joined so, Huawei's areacode and phone joined so ("0086-13800000000");
	// Baidu users have none.
	Phone string
	// Enabled tells whether the user may sign in and call APIs (Baidu's and
	// Huawei's enabled; EIAM's Status not disabled). It is always true on
	// RAM, whose users cannot be disabled.
	Enabled bool
	// CreatedAt is when the user was created; zero when the cloud does not
	// report it.
	CreatedAt time.Time
	// LastLoginAt is the user's last login (Baidu's lastLoginTime, which
	// only GetUser reports; Huawei's last_login_time; RAM's LastLoginDate);
	// zero when the user never logged in or the cloud does not report it
	// (EIAM, Huawei's user list).
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
	// Name is the new user's name (required). Each cloud's own rule for its
	// characters applies, and Capabilities.MaxUserNameLength bounds it.
	Name string
	// DisplayName is the name shown for the user, on the clouds that have
	// one (FieldDisplayName: RAM, EIAM).
	DisplayName string
	// Description is the user's description (FieldDescription; RAM's
	// Comments).
	Description string
	// Email is the user's email address, on the clouds that have one
	// (FieldEmail: Huawei, RAM, EIAM).
	Email string
	// Phone is the mobile number as "<country code>-<number>"
	// ("86-13800000000"), the form every cloud with FieldPhone (Huawei, RAM,
	// EIAM) accepts; Huawei takes no other.
	Phone string
	// Enabled defaults to true when nil.
	Enabled *bool
}

// UpdateUserInput changes the fields that are non-nil. A pointer to "" clears
// a field where the cloud allows it.
type UpdateUserInput struct {
	// NewName renames the user (FieldRename), under the rule of
	// CreateUserInput.Name.
	NewName *string
	// DisplayName replaces the name shown for the user (FieldDisplayName:
	// RAM, EIAM).
	DisplayName *string
	// Description replaces the user's description (FieldDescription; RAM's
	// Comments); "" clears it on Huawei and EIAM.
	Description *string
	// Email replaces the user's email address (FieldEmail: Huawei, RAM,
	// EIAM).
	Email *string
	// Phone replaces the mobile number, written as in
	// CreateUserInput.Phone (FieldPhone: Huawei, RAM, EIAM).
	Phone *string
	// Enabled enables or disables the user (FieldEnabled: Baidu, Huawei,
	// EIAM; RAM users cannot be disabled).
	Enabled *bool
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
	// UserName is the name of the user whose console login this is.
	UserName string
	// PasswordSet reports whether the user has a console password.
	PasswordSet bool
	// PasswordResetRequired means the user must change the password at next login.
	PasswordResetRequired bool
	// MFARequired means console login asks for a second factor.
	MFARequired bool
	// MFAMethod is the second factor, when the cloud reports it.
	MFAMethod MFAMethod
	// CreatedAt is when console login was set up (RAM's CreateDate;
	// Huawei's pwd_create_time, else the user's create_time); zero on Baidu
	// and EIAM, which do not report it.
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
	Password Secret
	// PasswordResetRequired makes the user change the password at next
	// login (FieldPasswordReset: Baidu's needResetPassword, Huawei's
	// pwd_status, RAM's PasswordResetRequired).
	PasswordResetRequired *bool
	// MFARequired turns the second factor of console login on or off
	// (FieldMFARequired: Baidu's enabledLoginMfa, Huawei's login
	// protection, RAM's MFABindRequired). On a cloud with more than one
	// MFA method, true needs MFAMethod in the same call.
	MFARequired *bool
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
	// ID is the access key id, the AK (Baidu's id, Huawei's access, RAM's
	// AccessKeyId).
	ID string
	// UserName is the name of the user the key belongs to.
	UserName string
	// Secret is set only in the result of CreateAccessKey.
	Secret Secret
	// Status tells whether the key can authenticate (Baidu's enabled,
	// Huawei's status, RAM's Status).
	Status AccessKeyStatus
	// Description is the key's description (Baidu's and Huawei's
	// description); RAM keys have none.
	Description string
	// CreatedAt is when the key was created (Baidu's createTime, Huawei's
	// create_time, RAM's CreateDate).
	CreatedAt time.Time
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
