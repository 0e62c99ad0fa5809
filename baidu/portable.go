package baidu

import (
	"context"
	"errors"
	"iter"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client built on c. Both share c's
// configuration and connections.
func (c *Client) IAM() *iam.Client { return iam.NewClient(portable{c}, iam.ClientOptions{}) }

// portable implements iam.Client with the native operations.
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

// capabilities is what Baidu IAM supports through iam.Client.
var capabilities = iam.Capabilities{
	Provider:   Provider,
	Operations: append([]iam.Operation(nil), iam.Operations...),
	Fields: []iam.Field{
		iam.FieldDescription, iam.FieldEnabled, iam.FieldRename,
		iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod,
		iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
	},
	MFAMethods: []iam.MFAMethod{iam.MFASMS, iam.MFATOTP},
	// Baidu documents no per-user key limit in the sources this package was
	// written from; 2 is the limit the emulator enforces by default.
	MaxAccessKeysPerUser: 2,
	MaxUserNameLength:    MaxUserNameLength,
}

// Capabilities returns what Baidu IAM supports. The result is a copy.
func (p portable) Capabilities() iam.Capabilities {
	c := capabilities
	c.Operations = append([]iam.Operation(nil), c.Operations...)
	c.Fields = append([]iam.Field(nil), c.Fields...)
	c.MFAMethods = append([]iam.MFAMethod(nil), c.MFAMethods...)
	return c
}

func toPortableUser(u *User) *iam.User {
	return &iam.User{
		ID: u.ID, Name: u.Name, Description: u.Description, Enabled: u.Enabled,
		CreatedAt: u.CreateTime, LastLoginAt: u.LastLoginTime, Native: iam.NewNative(u),
	}
}

func unsupportedField(op string, f iam.Field) error {
	return iam.Unsupported(Provider, op, "Baidu IAM users have no "+string(f))
}

// CreateUser implements iam.Client.CreateUser with the native CreateUser (and UpdateUser to create it disabled).
func (p portable) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: Name is required")
	}
	switch {
	case in.DisplayName != "":
		return nil, unsupportedField(op, iam.FieldDisplayName)
	case in.Email != "":
		return nil, unsupportedField(op, iam.FieldEmail)
	case in.Phone != "":
		return nil, unsupportedField(op, iam.FieldPhone)
	}
	u, err := p.c.CreateUser(ctx, &CreateUserInput{Name: in.Name, Description: in.Description})
	if err != nil {
		return nil, err
	}
	if in.Enabled != nil && !*in.Enabled {
		// Baidu creates users enabled; disabling is a second call. If it
		// fails, the user is removed again so the call has no half effect.
		d, err := p.c.UpdateUser(ctx, &UpdateUserInput{UserName: u.Name, Enabled: iam.Ptr(false)})
		if err != nil {
			_ = p.c.DeleteUser(context.WithoutCancel(ctx), &DeleteUserInput{UserName: u.Name})
			return nil, err
		}
		u = d
	}
	return toPortableUser(u), nil
}

// GetUser implements iam.Client.GetUser with the native GetUser.
func (p portable) GetUser(ctx context.Context, name string) (*iam.User, error) {
	u, err := p.c.GetUser(ctx, &GetUserInput{UserName: name})
	if err != nil {
		return nil, err
	}
	return toPortableUser(u), nil
}

// UpdateUser implements iam.Client.UpdateUser with the native UpdateUser.
func (p portable) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil")
	}
	switch {
	case in.DisplayName != nil:
		return nil, unsupportedField(op, iam.FieldDisplayName)
	case in.Email != nil:
		return nil, unsupportedField(op, iam.FieldEmail)
	case in.Phone != nil:
		return nil, unsupportedField(op, iam.FieldPhone)
	}
	u, err := p.c.UpdateUser(ctx, &UpdateUserInput{UserName: name, NewName: in.NewName, Description: in.Description, Enabled: in.Enabled})
	if err != nil {
		return nil, err
	}
	return toPortableUser(u), nil
}

// DeleteUser implements iam.Client.DeleteUser with the native DeleteUser.
func (p portable) DeleteUser(ctx context.Context, name string) error {
	return p.c.DeleteUser(ctx, &DeleteUserInput{UserName: name})
}

// ListUsers streams the list (AllUsers): Baidu sends every user in one
// response, read as the loop goes, in constant memory. PageSize is
// accepted and ignored.
func (p portable) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		if in != nil && in.PageSize < 0 {
			yield(nil, iam.InvalidArgument(Provider, "ListUsers", "PageSize", "must not be negative"))
			return
		}
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

// GetLoginProfile implements iam.Client.GetLoginProfile with the native GetLoginProfile.
func (p portable) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	lp, err := p.c.GetLoginProfile(ctx, &GetLoginProfileInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	return toPortableProfile(lp), nil
}

// SetLoginProfile enables console login (enabledLogin) and sets the fields
// given. Baidu requires an MFA type whenever MFA is on: when MFARequired is
// true and MFAMethod is nil, the type already configured is kept, and the
// call fails with ErrInvalidArgument when there is none.
func (p portable) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = "SetLoginProfile"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil")
	}
	n := &UpdateLoginProfileInput{
		UserName: userName, Password: in.Password, NeedResetPassword: in.PasswordResetRequired,
		EnabledLogin: iam.Ptr(true), EnabledLoginMfa: in.MFARequired,
	}
	if in.MFAMethod != nil {
		switch m := *in.MFAMethod; m {
		case iam.MFANone:
			if in.MFARequired != nil && *in.MFARequired {
				return nil, iam.InvalidArgument(Provider, op, "MFAMethod", "must be sms or totp when MFARequired is true")
			}
			n.EnabledLoginMfa = iam.Ptr(false)
		default:
			t, ok := mfaToBaidu[m]
			if !ok {
				return nil, iam.Unsupported(Provider, op, "MFA method "+string(m)+" (Baidu offers sms and totp)")
			}
			n.LoginMfaType = t
		}
	}
	if n.EnabledLoginMfa != nil && *n.EnabledLoginMfa && n.LoginMfaType == "" {
		if err := checkUserName(op, "userName", userName); err != nil {
			return nil, err
		}
		cur, err := p.c.GetLoginProfile(ctx, &GetLoginProfileInput{UserName: userName})
		if err != nil && !errors.Is(err, iam.ErrNotFound) {
			return nil, err
		}
		if cur == nil || cur.LoginMfaType == "" {
			return nil, iam.InvalidArgument(Provider, op, "MFAMethod", "is required by Baidu when MFARequired is true (sms or totp)")
		}
		n.LoginMfaType = cur.LoginMfaType
	}
	lp, err := p.c.UpdateLoginProfile(ctx, n)
	if err != nil {
		return nil, err
	}
	return toPortableProfile(lp), nil
}

// DeleteLoginProfile implements iam.Client.DeleteLoginProfile with the native DeleteLoginProfile.
func (p portable) DeleteLoginProfile(ctx context.Context, userName string) error {
	return p.c.DeleteLoginProfile(ctx, &DeleteLoginProfileInput{UserName: userName})
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

// CreateAccessKey implements iam.Client.CreateAccessKey with the native CreateAccessKey.
func (p portable) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	k, err := p.c.CreateAccessKey(ctx, &CreateAccessKeyInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	return toPortableKey(k), nil
}

// ListAccessKeys implements iam.Client.ListAccessKeys with the native ListAccessKeys.
func (p portable) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	keys, err := p.c.ListAccessKeys(ctx, &ListAccessKeysInput{UserName: userName})
	if err != nil {
		return nil, err
	}
	out := make([]*iam.AccessKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, toPortableKey(k))
	}
	return out, nil
}

// EnableAccessKey implements iam.Client.EnableAccessKey with the native EnableAccessKey.
func (p portable) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	_, err := p.c.EnableAccessKey(ctx, &AccessKeyInput{UserName: userName, AccessKeyID: accessKeyID})
	return err
}

// DisableAccessKey implements iam.Client.DisableAccessKey with the native DisableAccessKey.
func (p portable) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	_, err := p.c.DisableAccessKey(ctx, &AccessKeyInput{UserName: userName, AccessKeyID: accessKeyID})
	return err
}

// DeleteAccessKey implements iam.Client.DeleteAccessKey with the native DeleteAccessKey.
func (p portable) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.c.DeleteAccessKey(ctx, &AccessKeyInput{UserName: userName, AccessKeyID: accessKeyID})
}
