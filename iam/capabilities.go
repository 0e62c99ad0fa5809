package iam

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
	// MaxUserNameLength is the longest user name the cloud accepts.
	MaxUserNameLength int
}

// Supports reports whether op is supported.
func (c Capabilities) Supports(op Operation) bool {
	for _, o := range c.Operations {
		if o == op {
			return true
		}
	}
	return false
}

// SupportsField reports whether the optional field f is supported.
func (c Capabilities) SupportsField(f Field) bool {
	for _, x := range c.Fields {
		if x == f {
			return true
		}
	}
	return false
}
