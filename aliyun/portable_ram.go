package aliyun

import (
	"context"
	"errors"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client over this RAM client.
//
// Mapping: iam.User.Description is RAM's Comments, Phone is MobilePhone
// ("86-18688888888"), Enabled is always true (RAM users cannot be
// disabled: setting Enabled to false is ErrUnsupported). The login profile's
// MFARequired is MFABindRequired, whose second factor is a virtual MFA
// device (iam.MFATOTP). DeleteUser first deletes the user's access keys and
// login profile, as deleting a user does on the other clouds; RAM still
// refuses (ErrFailedPrecondition) while the user is in groups, has policies
// attached or an MFA device bound.
func (c *RAMClient) IAM() *iam.Client { return iam.NewClient(&ramIAM{c: c}, iam.ClientOptions{}) }

// As reaches the native client: a **RAMClient target gets it.
func (p *ramIAM) As(target any) bool {
	t, ok := target.(**RAMClient)
	if ok {
		*t = p.c
	}
	return ok
}

type ramIAM struct{ c *RAMClient }

var ramCapabilities = iam.Capabilities{
	Provider:   SchemeRAM,
	Operations: append([]iam.Operation(nil), iam.Operations...),
	Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
		iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldUserLastLogin},
	MFAMethods:           []iam.MFAMethod{iam.MFATOTP},
	MaxAccessKeysPerUser: 2,
	MaxUserNameLength:    64,
}

func (p *ramIAM) Capabilities() iam.Capabilities {
	c := ramCapabilities
	c.Operations = append([]iam.Operation(nil), c.Operations...)
	c.Fields = append([]iam.Field(nil), c.Fields...)
	c.MFAMethods = append([]iam.MFAMethod(nil), c.MFAMethods...)
	return c
}

func ramUserToPortable(u *RAMUser) *iam.User {
	return &iam.User{
		ID: u.UserID, Name: u.UserName, DisplayName: u.DisplayName, Description: u.Comments,
		Email: u.Email, Phone: u.MobilePhone, Enabled: true, CreatedAt: u.CreateDate,
		LastLoginAt: u.LastLoginDate, Native: iam.NewNative(u),
	}
}

func (p *ramIAM) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	if in == nil {
		return nil, iam.InvalidArgument(SchemeRAM, "CreateUser", "Name", "required")
	}
	if in.Enabled != nil && !*in.Enabled {
		return nil, iam.Unsupported(SchemeRAM, "CreateUser", "RAM users cannot be disabled (Enabled=false)")
	}
	out, err := p.c.CreateUser(ctx, &RAMCreateUserInput{UserName: in.Name, DisplayName: in.DisplayName,
		MobilePhone: ramPhone(in.Phone), Email: in.Email, Comments: in.Description})
	if err != nil {
		return nil, renameField(err, map[string]string{"UserName": "Name", "Comments": "Description", "MobilePhone": "Phone"})
	}
	return ramUserToPortable(out.User), nil
}

func (p *ramIAM) GetUser(ctx context.Context, name string) (*iam.User, error) {
	out, err := p.c.GetUser(ctx, &RAMGetUserInput{UserName: name})
	if err != nil {
		return nil, renameField(err, map[string]string{"UserName": "name"})
	}
	return ramUserToPortable(out.User), nil
}

func (p *ramIAM) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	if in == nil {
		in = &iam.UpdateUserInput{}
	}
	if in.Enabled != nil && !*in.Enabled {
		return nil, iam.Unsupported(SchemeRAM, op, "RAM users cannot be disabled (Enabled=false)")
	}
	if in.NewName != nil && *in.NewName == "" {
		return nil, iam.InvalidArgument(SchemeRAM, op, "NewName", "must not be empty: a user always has a name")
	}
	for field, v := range map[string]*string{"NewName": in.NewName, "DisplayName": in.DisplayName,
		"Description": in.Description, "Email": in.Email, "Phone": in.Phone} {
		if v != nil && *v == "" {
			return nil, iam.Unsupported(SchemeRAM, op, "RAM UpdateUser cannot clear "+field)
		}
	}
	rin := &RAMUpdateUserInput{UserName: name}
	set := false
	for _, f := range []struct {
		src *string
		dst *string
	}{{in.NewName, &rin.NewUserName}, {in.DisplayName, &rin.NewDisplayName}, {in.Description, &rin.NewComments},
		{in.Email, &rin.NewEmail}, {in.Phone, &rin.NewMobilePhone}} {
		if f.src != nil {
			*f.dst = *f.src
			set = true
		}
	}
	rin.NewMobilePhone = ramPhone(rin.NewMobilePhone)
	if !set {
		return p.GetUser(ctx, name)
	}
	out, err := p.c.UpdateUser(ctx, rin)
	if err != nil {
		return nil, renameField(err, map[string]string{"UserName": "name", "NewUserName": "NewName",
			"NewComments": "Description", "NewDisplayName": "DisplayName", "NewEmail": "Email", "NewMobilePhone": "Phone"})
	}
	if out.User == nil || out.User.UserName == "" {
		newName := name
		if in.NewName != nil {
			newName = *in.NewName
		}
		return p.GetUser(ctx, newName)
	}
	return ramUserToPortable(out.User), nil
}

func (p *ramIAM) DeleteUser(ctx context.Context, name string) error {
	if err := p.c.checkUserName("DeleteUser", "name", name); err != nil {
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
	}
	if _, err := p.c.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{UserName: name}); err != nil {
		if !isLoginProfileMissing(err) {
			return err
		}
	}
	_, err = p.c.DeleteUser(ctx, &RAMDeleteUserInput{UserName: name})
	return err
}

// isLoginProfileMissing tells "no login profile" from "no user".
func isLoginProfileMissing(err error) bool {
	var ie *iam.Error
	return errors.As(err, &ie) && ie.Kind == iam.ErrNotFound && strings.Contains(ie.Code, "LoginProfile")
}

func (p *ramIAM) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		size := 0
		if in != nil {
			size = in.PageSize
		}
		for u, err := range p.c.AllUsers(ctx, size) {
			if err != nil {
				yield(nil, renameField(err, map[string]string{"MaxItems": "PageSize"}))
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

func (p *ramIAM) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	out, err := p.c.GetLoginProfile(ctx, &RAMGetLoginProfileInput{UserName: userName})
	if err != nil {
		return nil, renameField(err, map[string]string{"UserName": "userName"})
	}
	return ramProfileToPortable(out.LoginProfile, userName), nil
}

func (p *ramIAM) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = "SetLoginProfile"
	if in == nil {
		in = &iam.LoginProfileInput{}
	}
	mfa := in.MFARequired
	if in.MFAMethod != nil {
		switch *in.MFAMethod {
		case iam.MFATOTP:
			if mfa == nil {
				mfa = iam.Ptr(true)
			}
		case iam.MFANone:
			if mfa != nil && *mfa {
				return nil, iam.InvalidArgument(SchemeRAM, op, "MFAMethod", "must be totp when MFARequired is true")
			}
			mfa = iam.Ptr(false)
		default:
			return nil, iam.Unsupported(SchemeRAM, op, "RAM console MFA is a virtual MFA device (totp); "+string(*in.MFAMethod)+" is not offered")
		}
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
		return nil, renameField(err, map[string]string{"UserName": "userName"})
	}
	lp, err := p.GetLoginProfile(ctx, userName)
	if err != nil {
		return nil, acted(err)
	}
	return lp, nil
}

func (p *ramIAM) DeleteLoginProfile(ctx context.Context, userName string) error {
	_, err := p.c.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{UserName: userName})
	return renameField(err, map[string]string{"UserName": "userName"})
}

func ramKeyToPortable(k *RAMAccessKey, user string) *iam.AccessKey {
	return &iam.AccessKey{ID: k.AccessKeyID, UserName: user, Secret: k.AccessKeySecret,
		Status: iam.AccessKeyStatus(k.Status), CreatedAt: k.CreateDate, Native: iam.NewNative(k)}
}

// requireUser refuses an empty user name: RAM would act on the caller's own
// user, which the portable API never means.
func (p *ramIAM) requireUser(op, userName string) error {
	if userName == "" {
		return iam.InvalidArgument(SchemeRAM, op, "userName", "required")
	}
	return p.c.checkUserName(op, "userName", userName)
}

func (p *ramIAM) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	if err := p.requireUser("CreateAccessKey", userName); err != nil {
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

func (p *ramIAM) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	if err := p.requireUser("ListAccessKeys", userName); err != nil {
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

func (p *ramIAM) setKey(ctx context.Context, op, userName, id, status string) error {
	if err := p.requireUser(op, userName); err != nil {
		return err
	}
	if id == "" {
		return iam.InvalidArgument(SchemeRAM, op, "accessKeyID", "required")
	}
	_, err := p.c.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: userName, UserAccessKeyID: id, Status: status})
	return err
}

func (p *ramIAM) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKey(ctx, "EnableAccessKey", userName, accessKeyID, AccessKeyActive)
}

func (p *ramIAM) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKey(ctx, "DisableAccessKey", userName, accessKeyID, AccessKeyInactive)
}

func (p *ramIAM) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	if err := p.requireUser("DeleteAccessKey", userName); err != nil {
		return err
	}
	if accessKeyID == "" {
		return iam.InvalidArgument(SchemeRAM, "DeleteAccessKey", "accessKeyID", "required")
	}
	_, err := p.c.DeleteAccessKey(ctx, &RAMDeleteAccessKeyInput{UserName: userName, UserAccessKeyID: accessKeyID})
	return err
}

// renameField rewrites the Field of a validation error from the native
// parameter name to the portable one.
func renameField(err error, names map[string]string) error {
	var ie *iam.Error
	if err != nil && errors.As(err, &ie) && ie.Kind == iam.ErrInvalidArgument && ie.StatusCode == 0 {
		if n, ok := names[ie.Field]; ok {
			ie.Field = n
		}
	}
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
