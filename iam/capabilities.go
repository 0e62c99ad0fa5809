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

	OpCreateGroup         Operation = "CreateGroup"
	OpGetGroup            Operation = "GetGroup"
	OpUpdateGroup         Operation = "UpdateGroup"
	OpDeleteGroup         Operation = "DeleteGroup"
	OpListGroups          Operation = "ListGroups"
	OpAddUserToGroup      Operation = "AddUserToGroup"
	OpRemoveUserFromGroup Operation = "RemoveUserFromGroup"
	OpListGroupUsers      Operation = "ListGroupUsers"
	OpListUserGroups      Operation = "ListUserGroups"

	OpListPolicies      Operation = "ListPolicies"
	OpGetPolicy         Operation = "GetPolicy"
	OpCreatePolicy      Operation = "CreatePolicy"
	OpDeletePolicy      Operation = "DeletePolicy"
	OpAttachUserPolicy  Operation = "AttachUserPolicy"
	OpDetachUserPolicy  Operation = "DetachUserPolicy"
	OpListUserPolicies  Operation = "ListUserPolicies"
	OpAttachGroupPolicy Operation = "AttachGroupPolicy"
	OpDetachGroupPolicy Operation = "DetachGroupPolicy"
	OpListGroupPolicies Operation = "ListGroupPolicies"
)

// Operations lists the portable operations on users, login profiles and
// access keys, in the order of Client.
var Operations = []Operation{
	OpCreateUser, OpGetUser, OpUpdateUser, OpDeleteUser, OpListUsers,
	OpGetLoginProfile, OpSetLoginProfile, OpDeleteLoginProfile,
	OpCreateAccessKey, OpListAccessKeys, OpEnableAccessKey, OpDisableAccessKey, OpDeleteAccessKey,
}

// GroupOperations lists the portable operations on groups.
var GroupOperations = []Operation{
	OpCreateGroup, OpGetGroup, OpUpdateGroup, OpDeleteGroup, OpListGroups,
	OpAddUserToGroup, OpRemoveUserFromGroup, OpListGroupUsers, OpListUserGroups,
}

// PolicyOperations lists the portable operations on permission policies.
var PolicyOperations = []Operation{
	OpListPolicies, OpGetPolicy, OpCreatePolicy, OpDeletePolicy,
	OpAttachUserPolicy, OpDetachUserPolicy, OpListUserPolicies,
	OpAttachGroupPolicy, OpDetachGroupPolicy, OpListGroupPolicies,
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
	// FieldGroupRename: UpdateGroup can rename a group.
	FieldGroupRename Field = "Group.NewName"
	// FieldGroupDescription: groups have a description (clearable when in
	// ClearableFields).
	FieldGroupDescription Field = "Group.Description"
	// FieldPolicyProject: a grant can be limited to one project
	// (PolicyRef.Project; Huawei).
	FieldPolicyProject Field = "PolicyRef.Project"
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
	// MaxGroupNameLength and MaxGroupDescriptionLength bound a group's name
	// and description, in characters; zero means no declared bound.
	MaxGroupNameLength, MaxGroupDescriptionLength int
	// MaxPolicyNameLength, MaxPolicyDescriptionLength and
	// MaxPolicyDocumentLength bound a custom policy, in characters; zero
	// means no declared bound.
	MaxPolicyNameLength, MaxPolicyDescriptionLength, MaxPolicyDocumentLength int
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
