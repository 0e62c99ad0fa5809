package iam

import "slices"

// Operation names a method of Client, for Capabilities.
type Operation string

// The portable operations.
const (
	OpCreateUser         Operation = "CreateUser"
	OpGetUser            Operation = "GetUser"
	OpUpdateUser         Operation = "UpdateUser"
	OpDeleteUser         Operation = "DeleteUser"
	OpListUsers          Operation = "ListUsers"
	OpGetLoginProfile    Operation = "GetLoginProfile"
	OpSetLoginProfile    Operation = "SetLoginProfile"
	OpDeleteLoginProfile Operation = "DeleteLoginProfile"
	OpCreateAccessKey    Operation = "CreateAccessKey"
	OpListAccessKeys     Operation = "ListAccessKeys"
	OpEnableAccessKey    Operation = "EnableAccessKey"
	OpDisableAccessKey   Operation = "DisableAccessKey"
	OpDeleteAccessKey    Operation = "DeleteAccessKey"
)

// Operations lists every portable operation, in the order of Client.
var Operations = []Operation{
	OpCreateUser, OpGetUser, OpUpdateUser, OpDeleteUser, OpListUsers,
	OpGetLoginProfile, OpSetLoginProfile, OpDeleteLoginProfile,
	OpCreateAccessKey, OpListAccessKeys, OpEnableAccessKey, OpDisableAccessKey, OpDeleteAccessKey,
}

// Field names an optional field of the portable inputs, for Capabilities.
type Field string

// The optional fields a cloud may or may not support.
const (
	FieldDisplayName       Field = "DisplayName"
	FieldDescription       Field = "Description"
	FieldEmail             Field = "Email"
	FieldPhone             Field = "Phone"
	FieldEnabled           Field = "Enabled" // create or update a user disabled
	FieldRename            Field = "NewName" // rename a user
	FieldPasswordReset     Field = "PasswordResetRequired"
	FieldMFARequired       Field = "MFARequired"
	FieldMFAMethod         Field = "MFAMethod" // choose the second factor
	FieldAccessKeyLastUsed Field = "AccessKey.LastUsedAt"
	FieldUserLastLogin     Field = "User.LastLoginAt"
)

// Capabilities is what a client's cloud supports. A Client method whose
// operation is not in Operations returns ErrUnsupported; a set input field
// that is not in Fields returns ErrUnsupported too, never a silent no-op.
type Capabilities struct {
	// Provider is the scheme the provider registers ("baidu", ...).
	Provider string
	// Operations lists the supported portable operations.
	Operations []Operation
	// Fields lists the supported optional fields.
	Fields []Field
	// MFAMethods lists the MFA methods SetLoginProfile accepts.
	MFAMethods []MFAMethod
	// MaxAccessKeysPerUser is the cloud's limit; zero when the cloud has no
	// access keys.
	MaxAccessKeysPerUser int
	// MaxUserNameLength is the longest user name the cloud accepts, in
	// characters (Unicode code points).
	MaxUserNameLength int
	// ClearableFields lists the optional fields UpdateUser can clear (a
	// pointer to ""): a cloud whose API cannot erase a field lists it in
	// Fields but not here, and clearing it is ErrUnsupported.
	ClearableFields []Field
	// MaxDisplayNameLength, MaxDescriptionLength, MaxEmailLength and
	// MaxPhoneLength bound those fields, in characters; zero means the cloud
	// declares no limit.
	MaxDisplayNameLength, MaxDescriptionLength, MaxEmailLength, MaxPhoneLength int
	// MinPasswordLength and MaxPasswordLength bound a console password, in
	// characters; zero means no declared bound.
	MinPasswordLength, MaxPasswordLength int
	// MaxPageSize is the largest ListUsersInput.PageSize the cloud accepts;
	// zero means any positive size is accepted (and may be ignored, on a
	// cloud that answers the whole list at once).
	MaxPageSize int
}

// Clone returns a copy of c that shares no slice with it.
func (c Capabilities) Clone() Capabilities {
	c.Operations = slices.Clone(c.Operations)
	c.Fields = slices.Clone(c.Fields)
	c.MFAMethods = slices.Clone(c.MFAMethods)
	c.ClearableFields = slices.Clone(c.ClearableFields)
	return c
}

// Supports reports whether op is supported.
func (c Capabilities) Supports(op Operation) bool { return slices.Contains(c.Operations, op) }

// SupportsField reports whether the optional field f is supported.
func (c Capabilities) SupportsField(f Field) bool { return slices.Contains(c.Fields, f) }

// SupportsMFAMethod reports whether SetLoginProfile accepts m.
func (c Capabilities) SupportsMFAMethod(m MFAMethod) bool { return slices.Contains(c.MFAMethods, m) }

// CanClear reports whether UpdateUser can clear the optional field f.
func (c Capabilities) CanClear(f Field) bool { return slices.Contains(c.ClearableFields, f) }
