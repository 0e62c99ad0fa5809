package aliyun

import (
	"context"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client over this EIAM client.
//
// Users are addressed by Username: each call resolves it to a UserId by
// listing with UsernameStartsWith and taking the exact match (never a
// guess), so it costs one list call more than the native API.
//
// Mapping: CreateUser puts the user in IDaaSConfig.OrganizationalUnitID (an
// error when unset) and, since the portable input has no password, asks for
// a random initial password (PasswordInitializationType "random"), without
// notifying anyone: SetLoginProfile then sets a known one. Email and Phone
// are sent as verified (EmailVerified/PhoneNumberVerified true, what the
// documentation advises "if you have no special business requirements");
// Phone is "<region>-<number>" ("86-13800000000") or bare digits.
// Enabled maps to EnableUser/DisableUser.
//
// Login profile: an EIAM account's console login is its password.
// GetLoginProfile reports PasswordSet from the account and ErrNotFound when
// no password is set; SetLoginProfile calls UpdateUserPassword, so it needs
// a Password. PasswordResetRequired is ErrUnsupported (not in Capabilities):
// EIAM's account has no readable "reset pending" state and changes it only
// together with a new password, so the portable field could not round-trip;
// the native UpdateUserPassword offers PasswordForcedUpdateStatus. MFA
// settings (MFARequired, MFAMethod) and DeleteLoginProfile are
// ErrUnsupported too: EIAM sets MFA in instance-wide policies, and an
// account always keeps a password.
//
// Access keys do not exist in EIAM: the access-key methods return
// ErrUnsupported, and Capabilities says so.
func (c *IDaaSClient) IAM() *iam.Client { return iam.NewClient(&idaasIAM{c: c}, iam.ClientOptions{}) }

// As reaches the native client: a **IDaaSClient target gets it.
func (p *idaasIAM) As(target any) bool {
	t, ok := target.(**IDaaSClient)
	if ok {
		*t = p.c
	}
	return ok
}

type idaasIAM struct{ c *IDaaSClient }

func (p *idaasIAM) Capabilities() iam.Capabilities {
	return iam.Capabilities{
		Provider: SchemeIDaaS,
		Operations: []iam.Operation{iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser, iam.OpDeleteUser,
			iam.OpListUsers, iam.OpGetLoginProfile, iam.OpSetLoginProfile},
		Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldEnabled, iam.FieldRename},
		MaxUserNameLength: 64,
	}
}

func idaasUserToPortable(u *IDaaSUser) *iam.User {
	phone := u.PhoneNumber
	if phone != "" && u.PhoneRegion != "" {
		phone = u.PhoneRegion + "-" + phone
	}
	return &iam.User{
		ID: u.UserID, Name: u.Username, DisplayName: u.DisplayName, Description: u.Description,
		Email: u.Email, Phone: phone, Enabled: u.Status != IDaaSUserDisabled, CreatedAt: u.CreateTime,
		Native: iam.NewNative(u),
	}
}

// splitPhone turns "86-13800000000", "+86 13800000000" or "13800000000"
// into the EIAM region and number.
func splitPhone(s string) (region, number string) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	for _, sep := range []string{"-", " "} {
		if r, n, ok := strings.Cut(s, sep); ok {
			return r, strings.ReplaceAll(n, " ", "")
		}
	}
	return "", s
}

// resolve finds the UserId of the account called name.
func (p *idaasIAM) resolve(ctx context.Context, op, name string) (string, error) {
	if err := p.c.checkUsername(op, name); err != nil {
		return "", renameField(err, map[string]string{"Username": "name"})
	}
	for u, err := range p.c.AllUsers(ctx, &IDaaSListUsersInput{UsernameStartsWith: name}) {
		if err != nil {
			return "", err
		}
		if u.Username == name {
			return u.UserID, nil
		}
	}
	return "", &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrNotFound,
		Message: "no account named " + name + " in instance " + p.c.instanceID}
}

func (p *idaasIAM) get(ctx context.Context, id string) (*IDaaSUser, error) {
	out, err := p.c.GetUser(ctx, &IDaaSGetUserInput{UserID: id})
	if err != nil {
		return nil, err
	}
	return out.User, nil
}

func (p *idaasIAM) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "Name", "required")
	}
	if p.c.ouID == "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "OrganizationalUnitID",
			"the client needs a default organizational unit (IDaaSConfig.OrganizationalUnitID or ?ou=) to create users")
	}
	nin := &IDaaSCreateUserInput{
		Username: in.Name, DisplayName: in.DisplayName, Description: in.Description,
		PrimaryOrganizationalUnitID:  p.c.ouID,
		PasswordInitializationConfig: &IDaaSPasswordInitializationConfig{PasswordInitializationType: PasswordInitializationRandom},
	}
	if in.Email != "" {
		nin.Email, nin.EmailVerified = in.Email, iam.Ptr(true)
	}
	if in.Phone != "" {
		nin.PhoneRegion, nin.PhoneNumber = splitPhone(in.Phone)
		nin.PhoneNumberVerified = iam.Ptr(true)
	}
	fields := map[string]string{"Username": "Name", "PhoneRegion": "Phone", "PhoneNumber": "Phone"}
	if err := func() error { _, err := p.c.validateCreate(op, nin); return err }(); err != nil {
		return nil, renameField(err, fields)
	}
	out, err := p.c.CreateUser(ctx, nin)
	if err != nil {
		return nil, err
	}
	if in.Enabled != nil && !*in.Enabled {
		if _, err := p.c.DisableUser(ctx, &IDaaSUserInput{UserID: out.UserID}); err != nil {
			return nil, acted(err)
		}
	}
	u, err := p.get(ctx, out.UserID)
	if err != nil {
		return nil, acted(err)
	}
	return idaasUserToPortable(u), nil
}

func (p *idaasIAM) GetUser(ctx context.Context, name string) (*iam.User, error) {
	id, err := p.resolve(ctx, "GetUser", name)
	if err != nil {
		return nil, err
	}
	u, err := p.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return idaasUserToPortable(u), nil
}

func (p *idaasIAM) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	if in == nil {
		in = &iam.UpdateUserInput{}
	}
	if in.NewName != nil && *in.NewName == "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "NewName", "must not be empty: a user always has a name")
	}
	for field, v := range map[string]*string{"NewName": in.NewName, "DisplayName": in.DisplayName,
		"Email": in.Email, "Phone": in.Phone} {
		if v != nil && *v == "" {
			return nil, iam.Unsupported(SchemeIDaaS, op, "EIAM UpdateUser cannot clear "+field)
		}
	}
	uin := &IDaaSUpdateUserInput{}
	set := false
	if in.NewName != nil {
		uin.Username, set = *in.NewName, true
	}
	if in.DisplayName != nil {
		uin.DisplayName, set = *in.DisplayName, true
	}
	if in.Email != nil {
		uin.Email, uin.EmailVerified, set = *in.Email, iam.Ptr(true), true
	}
	if in.Phone != nil {
		uin.PhoneRegion, uin.PhoneNumber = splitPhone(*in.Phone)
		uin.PhoneNumberVerified, set = iam.Ptr(true), true
	}
	fields := map[string]string{"Username": "NewName", "PhoneRegion": "Phone", "PhoneNumber": "Phone"}
	// Validate everything before the first request.
	if set {
		if err := p.c.checkUpdateFields(op, uin); err != nil {
			return nil, renameField(err, fields)
		}
	}
	if in.Description != nil {
		if r := checkLen(*in.Description, 256); r != "" {
			return nil, iam.InvalidArgument(SchemeIDaaS, op, "Description", r)
		}
	}
	id, err := p.resolve(ctx, op, name)
	if err != nil {
		return nil, err
	}
	if set {
		uin.UserID = id
		if _, err := p.c.UpdateUser(ctx, uin); err != nil {
			return nil, renameField(err, fields)
		}
	}
	if in.Description != nil {
		if _, err := p.c.UpdateUserDescription(ctx, &IDaaSUpdateUserDescriptionInput{UserID: id, Description: *in.Description}); err != nil {
			return nil, err
		}
	}
	if in.Enabled != nil {
		action := p.c.DisableUser
		if *in.Enabled {
			action = p.c.EnableUser
		}
		if _, err := action(ctx, &IDaaSUserInput{UserID: id}); err != nil {
			return nil, err
		}
	}
	u, err := p.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return idaasUserToPortable(u), nil
}

// checkUpdateFields runs UpdateUser's rules on the fields the portable
// adapter sets, before it sends anything.
func (c *IDaaSClient) checkUpdateFields(op string, in *IDaaSUpdateUserInput) error {
	if in.Username != "" {
		if err := c.checkUsername(op, in.Username); err != nil {
			return err
		}
	}
	if r := checkLen(in.DisplayName, 256); r != "" {
		return c.rpc.invalidArg(op, "DisplayName", r)
	}
	return c.checkContact(op, in.PhoneRegion, in.PhoneNumber, in.PhoneNumberVerified, in.Email, in.EmailVerified)
}

func (p *idaasIAM) DeleteUser(ctx context.Context, name string) error {
	id, err := p.resolve(ctx, "DeleteUser", name)
	if err != nil {
		return err
	}
	_, err = p.c.DeleteUser(ctx, &IDaaSUserInput{UserID: id})
	return err
}

func (p *idaasIAM) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		size := 0
		if in != nil {
			size = in.PageSize
		}
		for u, err := range p.c.AllUsers(ctx, &IDaaSListUsersInput{PageSize: size}) {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(idaasUserToPortable(u), nil) {
				return
			}
		}
	}
}

func (p *idaasIAM) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	const op = "GetLoginProfile"
	id, err := p.resolve(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	u, err := p.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !u.PasswordSet {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrNotFound, Message: "account " + userName + " has no password"}
	}
	return &iam.LoginProfile{UserName: u.Username, PasswordSet: true, Native: iam.NewNative(u)}, nil
}

func (p *idaasIAM) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = "SetLoginProfile"
	if in == nil {
		in = &iam.LoginProfileInput{}
	}
	if in.MFARequired != nil || in.MFAMethod != nil {
		return nil, iam.Unsupported(SchemeIDaaS, op, "EIAM sets MFA in instance-wide policies, not per account")
	}
	if in.PasswordResetRequired != nil {
		return nil, iam.Unsupported(SchemeIDaaS, op, "EIAM neither reports nor changes a pending password reset on its own; "+
			"use IDaaSClient.UpdateUserPassword with PasswordForcedUpdateStatus")
	}
	if in.Password.IsZero() {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "Password", "required: EIAM changes login settings only with UpdateUserPassword")
	}
	if err := p.c.checkPassword(op, in.Password); err != nil {
		return nil, err
	}
	pin := &IDaaSUpdateUserPasswordInput{Password: in.Password}
	id, err := p.resolve(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	pin.UserID = id
	if _, err := p.c.UpdateUserPassword(ctx, pin); err != nil {
		return nil, err
	}
	u, err := p.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &iam.LoginProfile{UserName: u.Username, PasswordSet: true, Native: iam.NewNative(u)}, nil
}

func (p *idaasIAM) DeleteLoginProfile(ctx context.Context, userName string) error {
	return iam.Unsupported(SchemeIDaaS, "DeleteLoginProfile", "an EIAM account always keeps its password; disable the account instead")
}

func (p *idaasIAM) noKeys(op string) error {
	return iam.Unsupported(SchemeIDaaS, op, "EIAM accounts have no access keys")
}

func (p *idaasIAM) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	return nil, p.noKeys("CreateAccessKey")
}

func (p *idaasIAM) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	return nil, p.noKeys("ListAccessKeys")
}

func (p *idaasIAM) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.noKeys("EnableAccessKey")
}

func (p *idaasIAM) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.noKeys("DisableAccessKey")
}

func (p *idaasIAM) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.noKeys("DeleteAccessKey")
}
