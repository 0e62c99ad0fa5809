package aliyun

import (
	"context"
	"errors"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client over this RAM client, observed by
// Config.Observer.
//
// Mapping: iam.User.Description is RAM's Comments, Phone is MobilePhone
// ("86-18688888888"; "+86 18688888888" is rewritten so), Enabled is always
// true (RAM users cannot be disabled, so Enabled is not in Capabilities).
// RAM's UpdateUser leaves an empty field unchanged, so no field can be
// cleared (Capabilities.ClearableFields is empty). The login profile's
// MFARequired is MFABindRequired, whose second factor is a virtual MFA
// device (iam.MFATOTP). DeleteUser first detaches the user's policies,
// removes it from its groups and deletes its access keys and login profile,
// as deleting a user does on the other clouds; RAM still refuses
// (ErrFailedPrecondition, DeleteConflict.User.MFADevice) while an MFA
// device is bound.
//
// Groups: iam.Group.Description is the group's Comments (RAM cannot clear
// it), groups are renamed with NewGroupName. DeleteGroup removes the
// members and detaches the policies first. ListGroupUsers reads each member
// with GetUser, since RAM's ListUsersForGroup gives names without ids.
// Policies: iam.PolicyRef names a RAM policy and its type (PolicySystem is
// "System", PolicyCustom "Custom"); grants are on the whole account (RAM's
// resource-group grants are in the native API). CreatePolicy creates a
// custom policy from RAM's JSON document; DeletePolicy detaches it from
// every user, group and role and deletes its versions with it
// (CascadingDelete).
//
// New names (CreateUser, a rename) follow RAM's current rule (letters,
// digits, '.', '-', '_'); existing users are reached by any name RAM holds,
// such as names with '@' from its older rule.
func (c *RAMClient) IAM() *iam.Client {
	return iam.NewClient(&ramDriver{c: c}, iam.ClientOptions{Observer: c.rpc.obs})
}

// ramDriver is the iam.Driver of RAM.
type ramDriver struct{ c *RAMClient }

// As reaches the native client: a **RAMClient target gets it.
func (p *ramDriver) As(target any) bool {
	t, ok := target.(**RAMClient)
	if ok {
		*t = p.c
	}
	return ok
}

// RAMCapabilities is what RAM supports through the portable iam.Client, with
// the limits the RAM API reference states: UserName 1-64 characters,
// DisplayName and Comments (Description) up to 128, two access keys per
// user, MaxItems up to 1000 (the current reference; older pages said 100).
// RAM's reference gives no length for Email or MobilePhone, and passwords
// follow the account's password policy, so those limits are left to RAM.
//
// Groups and policies: GroupName 1-64 characters, Comments (the group's
// Description) up to 128, PolicyName 1-128, a policy's Description up to
// 1024 and its PolicyDocument up to 6144 (the current reference; older
// pages said 2048 or 4096, which RAM then enforces itself).
func RAMCapabilities() iam.Capabilities {
	ops := append([]iam.Operation(nil), iam.Operations...)
	ops = append(ops, iam.GroupOperations...)
	ops = append(ops, iam.PolicyOperations...)
	return iam.Capabilities{
		Provider:   SchemeRAM,
		Operations: ops,
		Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldUserLastLogin,
			iam.FieldGroupRename, iam.FieldGroupDescription},
		MFAMethods:                 []iam.MFAMethod{iam.MFATOTP},
		MaxAccessKeysPerUser:       2,
		MaxUserNameLength:          64,
		MaxDisplayNameLength:       128,
		MaxDescriptionLength:       128,
		MaxPageSize:                1000,
		MaxGroupNameLength:         64,
		MaxGroupDescriptionLength:  128,
		MaxPolicyNameLength:        128,
		MaxPolicyDescriptionLength: ramMaxPolicyDescription,
		MaxPolicyDocumentLength:    ramMaxPolicyDocument,
	}
}

// Capabilities implements iam.Driver.
func (p *ramDriver) Capabilities() iam.Capabilities { return RAMCapabilities() }

func ramUserToPortable(u *RAMUser) *iam.User {
	return &iam.User{
		ID: u.UserID, Name: u.UserName, DisplayName: u.DisplayName, Description: u.Comments,
		Email: u.Email, Phone: u.MobilePhone, Enabled: true, CreatedAt: u.CreateDate,
		LastLoginAt: u.LastLoginDate, Native: iam.NewNative(u),
	}
}

// ramPortableFields names RAM's optional fields as the portable API does.
var ramPortableFields = ramFields{"DisplayName", "Phone", "Email", "Description"}

// userName checks the userName argument of every method but CreateUser.
func (p *ramDriver) userName(op, name string) error {
	return firstInvalid(SchemeRAM, op, fieldRule{"userName", nameRule(name)})
}

func (p *ramDriver) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = "CreateUser"
	phone := ramPhone(in.Phone)
	rules := append([]fieldRule{{"Name", ramNewUserNameRule(in.Name)}},
		ramProfileRules(ramPortableFields, in.DisplayName, phone, in.Email, in.Description)...)
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	out, err := p.c.CreateUser(ctx, &RAMCreateUserInput{UserName: in.Name, DisplayName: in.DisplayName,
		MobilePhone: phone, Email: in.Email, Comments: in.Description})
	if err != nil {
		return nil, err
	}
	return ramUserToPortable(out.User), nil
}

func (p *ramDriver) GetUser(ctx context.Context, name string) (*iam.User, error) {
	if err := p.userName("GetUser", name); err != nil {
		return nil, err
	}
	out, err := p.c.GetUser(ctx, &RAMGetUserInput{UserName: name})
	if err != nil {
		return nil, err
	}
	return ramUserToPortable(out.User), nil
}

// UpdateUser maps the set fields to RAM's New* parameters. The Client has
// refused clearing a field (none is clearable) and Enabled (not a field
// RAM has), and calls GetUser for an input with nothing set.
func (p *ramDriver) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	rin := &RAMUpdateUserInput{UserName: name, NewUserName: deref(in.NewName), NewDisplayName: deref(in.DisplayName),
		NewMobilePhone: ramPhone(deref(in.Phone)), NewEmail: deref(in.Email), NewComments: deref(in.Description)}
	rules := []fieldRule{{"userName", nameRule(name)}}
	if in.NewName != nil {
		rules = append(rules, fieldRule{"NewName", ramNewUserNameRule(rin.NewUserName)})
	}
	rules = append(rules, ramProfileRules(ramPortableFields, rin.NewDisplayName, rin.NewMobilePhone, rin.NewEmail, rin.NewComments)...)
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	out, err := p.c.UpdateUser(ctx, rin)
	if err != nil {
		return nil, err
	}
	return ramUserToPortable(out.User), nil
}

// DeleteUser detaches the user's policies, removes it from its groups,
// deletes its access keys and login profile, then the user, repeating the
// last step a few times while RAM still reports a DeleteConflict.User.*
// right after the removals.
func (p *ramDriver) DeleteUser(ctx context.Context, name string) error {
	if err := p.userName("DeleteUser", name); err != nil {
		return err
	}
	cleaned, err := p.leaveGroupsAndPolicies(ctx, name)
	if err != nil {
		return err
	}
	keys, err := p.c.ListAccessKeys(ctx, &RAMListAccessKeysInput{UserName: name})
	if err != nil {
		return err
	}
	for _, k := range keys.AccessKeys {
		if _, err := p.c.DeleteAccessKey(ctx, &RAMDeleteAccessKeyInput{UserName: name, UserAccessKeyID: k.AccessKeyID}); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return err
		}
		cleaned = true
	}
	if _, err := p.c.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{UserName: name}); err != nil {
		if !isLoginProfileMissing(err) {
			return err
		}
	} else {
		cleaned = true
	}
	return deleteAfterCleanup(ctx, cleaned, []string{"DeleteConflict.User.Policy", "DeleteConflict.User.Group",
		"DeleteConflict.User.AccessKey", "DeleteConflict.User.LoginProfile"}, func() error {
		_, err := p.c.DeleteUser(ctx, &RAMDeleteUserInput{UserName: name})
		return err
	})
}

// leaveGroupsAndPolicies detaches the user's policies and removes it from
// its groups; cleaned tells whether there was anything to remove.
func (p *ramDriver) leaveGroupsAndPolicies(ctx context.Context, name string) (cleaned bool, err error) {
	pols, err := p.c.ListPoliciesForUser(ctx, &RAMListPoliciesForInput{UserName: name})
	if err != nil {
		return false, err
	}
	for _, pol := range pols.Policies {
		if _, err := p.c.DetachPolicyFromUser(ctx, &RAMPolicyAttachmentInput{UserName: name, PolicyName: pol.PolicyName,
			PolicyType: pol.PolicyType}); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return cleaned, err
		}
		cleaned = true
	}
	groups, err := p.c.ListGroupsForUser(ctx, &RAMListGroupsForUserInput{UserName: name})
	if err != nil {
		return cleaned, err
	}
	for _, g := range groups.Groups {
		if _, err := p.c.RemoveUserFromGroup(ctx, &RAMGroupMemberInput{GroupName: g.GroupName, UserName: name}); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return cleaned, err
		}
		cleaned = true
	}
	return cleaned, nil
}

// isLoginProfileMissing tells "no login profile" from "no user".
func isLoginProfileMissing(err error) bool {
	var ie *iam.Error
	return errors.As(err, &ie) && ie.Kind == iam.ErrNotFound && strings.Contains(ie.Code, "LoginProfile")
}

func (p *ramDriver) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		for u, err := range p.c.AllUsers(ctx, in.PageSize) {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(ramUserToPortable(u), nil) {
				return
			}
		}
	}
}

func ramProfileToPortable(lp *RAMLoginProfile, name string) *iam.LoginProfile {
	p := &iam.LoginProfile{UserName: lp.UserName, PasswordSet: true, PasswordResetRequired: lp.PasswordResetRequired,
		MFARequired: lp.MFABindRequired, CreatedAt: lp.CreateDate, Native: iam.NewNative(lp)}
	if p.UserName == "" {
		p.UserName = name
	}
	if p.MFARequired {
		p.MFAMethod = iam.MFATOTP
	}
	return p
}

func (p *ramDriver) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	if err := p.userName("GetLoginProfile", userName); err != nil {
		return nil, err
	}
	out, err := p.c.GetLoginProfile(ctx, &RAMGetLoginProfileInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	return ramProfileToPortable(out.LoginProfile, userName), nil
}

// SetLoginProfile creates the login profile (a Password is then required)
// or updates it. The Client has refused MFA methods other than totp and ""
// (RAM's only second factor is a virtual MFA device).
func (p *ramDriver) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = "SetLoginProfile"
	if err := firstInvalid(SchemeRAM, op, fieldRule{"userName", nameRule(userName)},
		fieldRule{"Password", passwordRule(in.Password)}); err != nil {
		return nil, err
	}
	mfa := in.MFARequired
	if in.MFAMethod != nil && mfa == nil {
		mfa = iam.Ptr(*in.MFAMethod == iam.MFATOTP) // naming the method turns MFA on; "" turns it off
	}
	_, err := p.c.GetLoginProfile(ctx, &RAMGetLoginProfileInput{UserName: userName})
	switch {
	case err == nil:
		if _, err := p.c.UpdateLoginProfile(ctx, &RAMUpdateLoginProfileInput{UserName: userName, Password: in.Password,
			PasswordResetRequired: in.PasswordResetRequired, MFABindRequired: mfa}); err != nil {
			return nil, err
		}
	case isLoginProfileMissing(err):
		if in.Password.IsZero() {
			return nil, iam.InvalidArgument(SchemeRAM, op, "Password", "required to create a login profile")
		}
		if _, err := p.c.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: userName, Password: in.Password,
			PasswordResetRequired: in.PasswordResetRequired, MFABindRequired: mfa}); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	lp, err := p.GetLoginProfile(ctx, userName)
	if err != nil {
		return nil, acted(err)
	}
	return lp, nil
}

func (p *ramDriver) DeleteLoginProfile(ctx context.Context, userName string) error {
	if err := p.userName("DeleteLoginProfile", userName); err != nil {
		return err
	}
	_, err := p.c.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{UserName: userName})
	return err
}

func ramKeyToPortable(k *RAMAccessKey, user string) *iam.AccessKey {
	return &iam.AccessKey{ID: k.AccessKeyID, UserName: user, Secret: k.AccessKeySecret,
		Status: iam.AccessKeyStatus(k.Status), CreatedAt: k.CreateDate, Native: iam.NewNative(k)}
}

func (p *ramDriver) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	if err := p.userName("CreateAccessKey", userName); err != nil {
		return nil, err
	}
	out, err := p.c.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	if out.AccessKey.Status == "" {
		out.AccessKey.Status = AccessKeyActive
	}
	return ramKeyToPortable(out.AccessKey, userName), nil
}

func (p *ramDriver) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	if err := p.userName("ListAccessKeys", userName); err != nil {
		return nil, err
	}
	out, err := p.c.ListAccessKeys(ctx, &RAMListAccessKeysInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	keys := make([]*iam.AccessKey, 0, len(out.AccessKeys))
	for _, k := range out.AccessKeys {
		keys = append(keys, ramKeyToPortable(k, userName))
	}
	return keys, nil
}

func (p *ramDriver) setKey(ctx context.Context, op, userName, id string, status AccessKeyStatus) error {
	if err := p.userName(op, userName); err != nil {
		return err
	}
	_, err := p.c.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: userName, UserAccessKeyID: id, Status: status})
	return err
}

func (p *ramDriver) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKey(ctx, "EnableAccessKey", userName, accessKeyID, AccessKeyActive)
}

func (p *ramDriver) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKey(ctx, "DisableAccessKey", userName, accessKeyID, AccessKeyInactive)
}

func (p *ramDriver) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	if err := p.userName("DeleteAccessKey", userName); err != nil {
		return err
	}
	_, err := p.c.DeleteAccessKey(ctx, &RAMDeleteAccessKeyInput{UserName: userName, UserAccessKeyID: accessKeyID})
	return err
}

// ramPhone writes a portable phone number ("+86 13800000000",
// "86-13800000000") the way RAM wants it: "<country code>-<number>".
func ramPhone(s string) string {
	if s == "" {
		return ""
	}
	region, number := splitPhone(s)
	if region == "" {
		return number
	}
	return region + "-" + number
}
