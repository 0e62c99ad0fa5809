package baidu

import (
	"context"
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client built on c, observed by the Config's
// Observer. Both share c's configuration and connections.
func (c *Client) IAM() *iam.Client {
	return iam.NewClient(portable{c}, iam.ClientOptions{Observer: c.observer})
}

// portable is the iam.Driver of Baidu IAM: each portable operation as the
// native operations. The iam.Client has checked the arguments, the
// operation, the fields and the MFA method against Capabilities before a
// method here runs; what is left is Baidu's own rules, refused before the
// first request.
type portable struct{ c *Client }

var _ iam.Driver = portable{}

// As reaches the native client: a **Client target gets it.
func (p portable) As(target any) bool {
	t, ok := target.(**Client)
	if ok {
		*t = p.c
	}
	return ok
}

// Capabilities returns what Baidu IAM supports through iam.Client, with the
// limits Baidu publishes (see the package documentation, "Portable API").
// The result is a fresh copy.
func Capabilities() iam.Capabilities {
	return iam.Capabilities{
		Provider:   Scheme,
		Operations: slices.Concat(iam.Operations, iam.GroupOperations, iam.PolicyOperations),
		Fields: []iam.Field{
			iam.FieldDescription, iam.FieldEnabled, iam.FieldRename,
			iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod,
			iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
			iam.FieldGroupRename, iam.FieldGroupDescription,
		},
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFATOTP},
		MaxAccessKeysPerUser: 2,
		MaxUserNameLength:    MaxUserNameLength,
		// No ClearableFields: Baidu documents no way to clear a user's
		// description, and its SDKs never send an empty one.
		// Console passwords: 8 to 64 characters, Baidu's published system
		// limits.
		MinPasswordLength: 8,
		MaxPasswordLength: 64,
		// Groups and policies: Baidu's published system limits. A group's
		// description cannot be cleared either (not in ClearableFields).
		// Baidu publishes no limit for a policy's description or document.
		MaxGroupNameLength:        MaxGroupNameLength,
		MaxGroupDescriptionLength: MaxGroupDescriptionLength,
		MaxPolicyNameLength:       MaxPolicyNameLength,
	}
}

// Capabilities implements iam.Driver.
func (portable) Capabilities() iam.Capabilities { return Capabilities() }

func toPortableUser(u *User) *iam.User {
	return &iam.User{
		ID: u.ID, Name: u.Name, Description: u.Description, Enabled: u.Enabled,
		CreatedAt: u.CreateTime, LastLoginAt: u.LastLoginTime, Native: iam.NewNative(u),
	}
}

// userName refuses, with the portable field name, a name that would change
// the request's path.
func userName(op, name string) error { return checkUserName(op, "userName", name) }

// CreateUser implements iam.Driver with the native CreateUser, and
// UpdateUser to create the user disabled: Baidu creates users enabled. If
// disabling fails, the user is deleted again so the call has no half
// effect; if that fails too, the error matches iam.ErrOutcomeUnknown.
func (p portable) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = "CreateUser"
	// Every rule is checked here, before the first request: the follow-up
	// calls below address the user by in.Name, which this check accepts.
	if err := checkNewUserName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	out, err := p.c.CreateUser(ctx, &CreateUserInput{Name: in.Name, Description: in.Description})
	if err != nil {
		return nil, err
	}
	u := out.User
	if in.Enabled != nil && !*in.Enabled {
		d, err := p.c.UpdateUser(ctx, &UpdateUserInput{UserName: in.Name, Enabled: iam.Ptr(false)})
		if err != nil {
			// The clean-up runs even when the caller's context has ended,
			// but no longer than cleanupTimeout.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
			_, derr := p.c.DeleteUser(cctx, &DeleteUserInput{UserName: in.Name})
			cancel()
			if derr != nil {
				return nil, halfCreated(err)
			}
			return nil, err
		}
		u = d.User
	}
	return toPortableUser(u), nil
}

// cleanupTimeout bounds a clean-up that runs after the caller's context
// has ended (deleting a user whose create could not be finished).
var cleanupTimeout = 30 * time.Second

// halfCreated marks the error of a create whose clean-up failed: the user
// exists (enabled), so the caller must look before trying again.
func halfCreated(err error) error {
	var e *iam.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.OutcomeUnknown = true
	c.Message += " (the user was created enabled and could not be deleted again: check with GetUser)"
	return &c
}

// GetUser implements iam.Driver with the native GetUser.
func (p portable) GetUser(ctx context.Context, name string) (*iam.User, error) {
	if err := userName("GetUser", name); err != nil {
		return nil, err
	}
	out, err := p.c.GetUser(ctx, &GetUserInput{UserName: name})
	if err != nil {
		return nil, err
	}
	return toPortableUser(out.User), nil
}

// UpdateUser implements iam.Driver with the native UpdateUser.
func (p portable) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	if err := userName(op, name); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewUserName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	out, err := p.c.UpdateUser(ctx, &UpdateUserInput{UserName: name, NewName: in.NewName, Description: in.Description, Enabled: in.Enabled})
	if err != nil {
		return nil, err
	}
	return toPortableUser(out.User), nil
}

// DeleteUser implements iam.Driver: it detaches the user's policies, takes
// the user out of its groups, deletes its access keys and its login profile
// (a step that finds nothing there is skipped), then deletes the user, so
// that Baidu has nothing to refuse the delete for.
func (p portable) DeleteUser(ctx context.Context, name string) error {
	if err := userName("DeleteUser", name); err != nil {
		return err
	}
	if err := p.emptyUser(ctx, name); err != nil {
		return err
	}
	_, err := p.c.DeleteUser(ctx, &DeleteUserInput{UserName: name})
	return err
}

// emptyUser removes what could stop Baidu from deleting the user. A list
// that answers NotFound means there is no such user: the delete says so.
func (p portable) emptyUser(ctx context.Context, name string) error {
	pols, err := p.c.ListUserAttachedPolicies(ctx, &ListUserAttachedPoliciesInput{UserName: name})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, pol := range pols.Policies {
		_, err := p.c.DetachPolicyFromUser(ctx, &DetachPolicyFromUserInput{UserName: name, PolicyName: pol.Name, PolicyType: pol.Type})
		if err != nil && !notFound(err) {
			return err
		}
	}
	groups, err := p.c.ListGroupsForUser(ctx, &ListGroupsForUserInput{UserName: name})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, g := range groups.Groups {
		_, err := p.c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupName: g.Name, UserName: name})
		if err != nil && !notFound(err) {
			return err
		}
	}
	keys, err := p.c.ListAccessKeys(ctx, &ListAccessKeysInput{UserName: name})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, k := range keys.AccessKeys {
		_, err := p.c.DeleteAccessKey(ctx, &DeleteAccessKeyInput{UserName: name, AccessKeyID: k.ID})
		if err != nil && !notFound(err) {
			return err
		}
	}
	if _, err := p.c.DeleteLoginProfile(ctx, &DeleteLoginProfileInput{UserName: name}); err != nil && !notFound(err) {
		return err
	}
	return nil
}

// ListUsers streams the list (AllUsers): Baidu sends every user in one
// response, read as the loop goes, in constant memory. PageSize is
// accepted and ignored.
func (p portable) ListUsers(ctx context.Context, _ *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		for u, err := range p.c.AllUsers(ctx, nil) {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(toPortableUser(u), nil) {
				return
			}
		}
	}
}

var mfaToBaidu = map[iam.MFAMethod]MFAType{iam.MFASMS: MFAPhone, iam.MFATOTP: MFATOTP}

func mfaFromBaidu(t MFAType) iam.MFAMethod {
	switch t {
	case MFAPhone:
		return iam.MFASMS
	case MFATOTP:
		return iam.MFATOTP
	}
	return iam.MFANone
}

// toPortableProfile maps a Baidu login profile. Baidu does not report
// whether a password is set; an existing login profile is reported with
// PasswordSet true, since console login is configured with a password.
func toPortableProfile(lp *LoginProfile) *iam.LoginProfile {
	return &iam.LoginProfile{
		UserName: lp.UserName, PasswordSet: true, PasswordResetRequired: lp.NeedResetPassword,
		MFARequired: lp.EnabledLoginMfa, MFAMethod: mfaFromBaidu(lp.LoginMfaType), Native: iam.NewNative(lp),
	}
}

// GetLoginProfile implements iam.Driver with the native GetLoginProfile.
func (p portable) GetLoginProfile(ctx context.Context, name string) (*iam.LoginProfile, error) {
	if err := userName("GetLoginProfile", name); err != nil {
		return nil, err
	}
	out, err := p.c.GetLoginProfile(ctx, &GetLoginProfileInput{UserName: name})
	if err != nil {
		return nil, err
	}
	return toPortableProfile(out.LoginProfile), nil
}

// SetLoginProfile implements iam.Driver with one native UpdateLoginProfile:
// it turns console login on (enabledLogin) and sends the fields given.
// MFAMethod sms is Baidu's PHONE, totp its TOTP; "" turns MFA off. The
// iam.Client has already refused MFARequired true without a method, which
// Baidu would refuse too (loginMfaType is required with enabledLoginMfa).
func (p portable) SetLoginProfile(ctx context.Context, name string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	if err := userName("SetLoginProfile", name); err != nil {
		return nil, err
	}
	n := &UpdateLoginProfileInput{
		UserName: name, Password: in.Password, NeedResetPassword: in.PasswordResetRequired,
		EnabledLogin: iam.Ptr(true), EnabledLoginMfa: in.MFARequired,
	}
	if in.MFAMethod != nil {
		if *in.MFAMethod == iam.MFANone {
			n.EnabledLoginMfa = iam.Ptr(false)
		} else {
			n.LoginMfaType = mfaToBaidu[*in.MFAMethod]
		}
	}
	out, err := p.c.UpdateLoginProfile(ctx, n)
	if err != nil {
		return nil, err
	}
	return toPortableProfile(out.LoginProfile), nil
}

// DeleteLoginProfile implements iam.Driver with the native DeleteLoginProfile.
func (p portable) DeleteLoginProfile(ctx context.Context, name string) error {
	if err := userName("DeleteLoginProfile", name); err != nil {
		return err
	}
	_, err := p.c.DeleteLoginProfile(ctx, &DeleteLoginProfileInput{UserName: name})
	return err
}

func toPortableKey(k *AccessKey) *iam.AccessKey {
	st := iam.AccessKeyActive
	if !k.Enabled {
		st = iam.AccessKeyInactive
	}
	return &iam.AccessKey{
		ID: k.ID, UserName: k.UserName, Secret: k.Secret, Status: st, Description: k.Description,
		CreatedAt: k.CreateTime, LastUsedAt: k.LastUsedTime, Native: iam.NewNative(k),
	}
}

// CreateAccessKey implements iam.Driver with the native CreateAccessKey.
func (p portable) CreateAccessKey(ctx context.Context, name string) (*iam.AccessKey, error) {
	if err := userName("CreateAccessKey", name); err != nil {
		return nil, err
	}
	out, err := p.c.CreateAccessKey(ctx, &CreateAccessKeyInput{UserName: name})
	if err != nil {
		return nil, err
	}
	return toPortableKey(out.AccessKey), nil
}

// ListAccessKeys implements iam.Driver with the native ListAccessKeys.
func (p portable) ListAccessKeys(ctx context.Context, name string) ([]*iam.AccessKey, error) {
	if err := userName("ListAccessKeys", name); err != nil {
		return nil, err
	}
	out, err := p.c.ListAccessKeys(ctx, &ListAccessKeysInput{UserName: name})
	if err != nil {
		return nil, err
	}
	keys := make([]*iam.AccessKey, 0, len(out.AccessKeys))
	for _, k := range out.AccessKeys {
		keys = append(keys, toPortableKey(k))
	}
	return keys, nil
}

// keyInput checks a user name and an access key id with the portable field
// names. The iam.Client has checked that the id is ASCII letters and
// digits, which Baidu's path accepts.
func keyInput(op, name, id string) (*AccessKeyInput, error) {
	if err := userName(op, name); err != nil {
		return nil, err
	}
	if err := checkAccessKeyID(op, "accessKeyID", id); err != nil {
		return nil, err
	}
	return &AccessKeyInput{UserName: name, AccessKeyID: id}, nil
}

// EnableAccessKey implements iam.Driver with the native EnableAccessKey.
func (p portable) EnableAccessKey(ctx context.Context, name, id string) error {
	in, err := keyInput("EnableAccessKey", name, id)
	if err != nil {
		return err
	}
	_, err = p.c.EnableAccessKey(ctx, in)
	return err
}

// DisableAccessKey implements iam.Driver with the native DisableAccessKey.
func (p portable) DisableAccessKey(ctx context.Context, name, id string) error {
	in, err := keyInput("DisableAccessKey", name, id)
	if err != nil {
		return err
	}
	_, err = p.c.DisableAccessKey(ctx, in)
	return err
}

// DeleteAccessKey implements iam.Driver with the native DeleteAccessKey.
func (p portable) DeleteAccessKey(ctx context.Context, name, id string) error {
	in, err := keyInput("DeleteAccessKey", name, id)
	if err != nil {
		return err
	}
	_, err = p.c.DeleteAccessKey(ctx, in)
	return err
}
