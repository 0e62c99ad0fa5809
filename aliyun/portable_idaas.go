package aliyun

import (
	"context"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client over this EIAM client, observed by
// Config.Observer.
//
// Users are addressed by Username: each call resolves it to a UserId by
// listing with UsernameStartsWith and taking the exact match (never a
// guess), so it costs one list call more than the native API. Any name the
// instance holds is reached (accounts synchronized from other directories
// included); new names (CreateUser, a rename) follow EIAM's rule: letters,
// digits, '_', '.', '@', '-'.
//
// Mapping: CreateUser puts the user in IDaaSConfig.OrganizationalUnitID
// (ErrFailedPrecondition when the client has none) and, since the portable
// input has no password, asks for a random initial password
// (PasswordInitializationType "random"), without notifying anyone:
// SetLoginProfile then sets a known one. Email and Phone are sent as
// verified (EmailVerified/PhoneNumberVerified true, what the documentation
// advises "if you have no special business requirements"); Phone is
// "<region>-<number>" ("86-13800000000") or bare digits. Enabled maps to
// EnableUser/DisableUser, Description to UpdateUserDescription (which can
// clear it).
//
// Login profile: an EIAM account's console login is its password.
// GetLoginProfile reports PasswordSet from the account and ErrNotFound when
// no password is set; SetLoginProfile calls UpdateUserPassword, so it needs
// a Password. PasswordResetRequired is not in Capabilities: EIAM's account
// has no readable "reset pending" state and changes it only together with a
// new password, so the portable field could not round-trip (the native
// UpdateUserPassword offers PasswordForcedUpdateStatus). MFA settings and
// DeleteLoginProfile are not either: EIAM sets MFA in instance-wide
// policies, and an account always keeps a password.
//
// Access keys do not exist in EIAM: Capabilities lists no access-key
// operation.
//
// Groups are addressed by GroupName, resolved to a GroupId with ListGroups
// and its exact GroupName filter. EIAM's reference does not say group names
// are unique, so CreateGroup and a rename first check that no other group
// holds the name (ErrAlreadyExists). Description can be cleared
// (UpdateGroupDescription sets it as given). Membership changes go through
// AddUsersToGroup and RemoveUsersFromGroup with one account; joining a
// group twice is answered as EIAM answers it (which its reference does not
// say; aliyuntest, like a batch call, succeeds and changes nothing), and
// leaving a group one is not in is ErrNotFound (checked with
// ListUsersForGroup first). ListGroupUsers and
// ListUserGroups turn the ids EIAM lists into accounts and groups with
// ListUsers and ListGroups, 100 ids at a time. DeleteGroup removes the
// members first. EIAM has no cloud-resource policies (it authorizes
// applications): every policy operation is ErrUnsupported.
func (c *IDaaSClient) IAM() *iam.Client {
	return iam.NewClient(&idaasDriver{c: c}, iam.ClientOptions{Observer: c.rpc.obs})
}

// idaasDriver is the iam.Driver of EIAM.
type idaasDriver struct{ c *IDaaSClient }

// As reaches the native client: a **IDaaSClient target gets it.
func (p *idaasDriver) As(target any) bool {
	t, ok := target.(**IDaaSClient)
	if ok {
		*t = p.c
	}
	return ok
}

// IDaaSCapabilities is what EIAM supports through the portable iam.Client,
// with the limits of the EIAM CreateUser reference: Username and DisplayName
// up to 64 characters (UpdateUser allows a DisplayName of 256; the stricter
// limit is declared, since one limit serves both), Description up to 256,
// Email up to 128, PageSize up to 100. Description can be cleared
// (UpdateUserDescription sets it as given); the other fields cannot.
// Passwords follow the instance's password policy, so no length is declared.
// Groups: GroupName up to 64 characters, Description up to 256 (clearable);
// no policy operations.
func IDaaSCapabilities() iam.Capabilities {
	ops := []iam.Operation{iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser, iam.OpDeleteUser,
		iam.OpListUsers, iam.OpGetLoginProfile, iam.OpSetLoginProfile}
	return iam.Capabilities{
		Provider:   SchemeIDaaS,
		Operations: append(ops, iam.GroupOperations...),
		Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldEnabled, iam.FieldRename, iam.FieldGroupRename, iam.FieldGroupDescription},
		ClearableFields:           []iam.Field{iam.FieldDescription, iam.FieldGroupDescription},
		MaxUserNameLength:         64,
		MaxDisplayNameLength:      64,
		MaxDescriptionLength:      256,
		MaxEmailLength:            128,
		MaxPageSize:               100,
		MaxGroupNameLength:        eiamMaxGroupName,
		MaxGroupDescriptionLength: eiamMaxGroupDescription,
	}
}

// Capabilities implements iam.Driver.
func (p *idaasDriver) Capabilities() iam.Capabilities { return IDaaSCapabilities() }

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

// phoneRule checks a portable Phone as EIAM's PhoneRegion and PhoneNumber.
func phoneRule(phone string) string {
	region, number := splitPhone(phone)
	if region != "" && phoneRegionRule(region) != "" || phoneNumberRule(number) != "" {
		return `must be "<country code>-<number>" (1-6 and 6-15 digits, for example "86-13800000000") or 6-15 digits`
	}
	return ""
}

// resolve finds the UserId of the account called name.
func (p *idaasDriver) resolve(ctx context.Context, op, name string) (string, error) {
	if r := existingNameRule(name, 256); r != "" {
		return "", iam.InvalidArgument(SchemeIDaaS, op, "userName", r)
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

func (p *idaasDriver) get(ctx context.Context, id string) (*IDaaSUser, error) {
	out, err := p.c.GetUser(ctx, &IDaaSGetUserInput{UserID: id})
	if err != nil {
		return nil, err
	}
	return out.User, nil
}

func (p *idaasDriver) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = "CreateUser"
	if p.c.ouID == "" {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrFailedPrecondition,
			Message: "the client has no organizational unit to create users in (IDaaSConfig.OrganizationalUnitID, or ou= in the URL)"}
	}
	rules := []fieldRule{{"Name", eiamNewUsernameRule(in.Name)}}
	nin := &IDaaSCreateUserInput{
		Username: in.Name, DisplayName: in.DisplayName, Description: in.Description,
		PrimaryOrganizationalUnitID:  p.c.ouID,
		PasswordInitializationConfig: &IDaaSPasswordInitializationConfig{PasswordInitializationType: PasswordInitializationRandom},
	}
	if in.Email != "" {
		nin.Email, nin.EmailVerified = in.Email, iam.Ptr(true)
		rules = append(rules, fieldRule{"Email", eiamEmailRule(in.Email)})
	}
	if in.Phone != "" {
		nin.PhoneRegion, nin.PhoneNumber = splitPhone(in.Phone)
		nin.PhoneNumberVerified = iam.Ptr(true)
		rules = append(rules, fieldRule{"Phone", phoneRule(in.Phone)})
	}
	if err := firstInvalid(SchemeIDaaS, op, rules...); err != nil {
		return nil, err
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

func (p *idaasDriver) GetUser(ctx context.Context, name string) (*iam.User, error) {
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

// UpdateUser sends UpdateUser for the name, display name and contact
// fields, UpdateUserDescription for Description and EnableUser/DisableUser
// for Enabled, then reads the account back. Everything is checked before
// the first request; the Client has refused clearing any field but
// Description.
func (p *idaasDriver) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = "UpdateUser"
	uin := &IDaaSUpdateUserInput{}
	set := false
	var rules []fieldRule
	if in.NewName != nil {
		uin.Username, set = *in.NewName, true
		rules = append(rules, fieldRule{"NewName", eiamNewUsernameRule(*in.NewName)})
	}
	if in.DisplayName != nil {
		uin.DisplayName, set = *in.DisplayName, true
	}
	if in.Email != nil {
		uin.Email, uin.EmailVerified, set = *in.Email, iam.Ptr(true), true
		rules = append(rules, fieldRule{"Email", eiamEmailRule(*in.Email)})
	}
	if in.Phone != nil {
		uin.PhoneRegion, uin.PhoneNumber = splitPhone(*in.Phone)
		uin.PhoneNumberVerified, set = iam.Ptr(true), true
		rules = append(rules, fieldRule{"Phone", phoneRule(*in.Phone)})
	}
	if err := firstInvalid(SchemeIDaaS, op, rules...); err != nil {
		return nil, err
	}
	id, err := p.resolve(ctx, op, name)
	if err != nil {
		return nil, err
	}
	if set {
		uin.UserID = id
		if _, err := p.c.UpdateUser(ctx, uin); err != nil {
			return nil, err
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

func (p *idaasDriver) DeleteUser(ctx context.Context, name string) error {
	id, err := p.resolve(ctx, "DeleteUser", name)
	if err != nil {
		return err
	}
	_, err = p.c.DeleteUser(ctx, &IDaaSUserInput{UserID: id})
	return err
}

func (p *idaasDriver) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		for u, err := range p.c.AllUsers(ctx, &IDaaSListUsersInput{PageSize: in.PageSize}) {
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

func (p *idaasDriver) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
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

// SetLoginProfile sets the account's password (UpdateUserPassword). The
// Client has refused the fields EIAM cannot set per account
// (PasswordResetRequired, MFARequired, MFAMethod).
func (p *idaasDriver) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = "SetLoginProfile"
	if in.Password.IsZero() {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "Password", "required: EIAM changes login settings only with UpdateUserPassword")
	}
	if r := passwordRule(in.Password); r != "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "Password", r)
	}
	id, err := p.resolve(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	if _, err := p.c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: id, Password: in.Password}); err != nil {
		return nil, err
	}
	u, err := p.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &iam.LoginProfile{UserName: u.Username, PasswordSet: true, Native: iam.NewNative(u)}, nil
}

// The operations below are not in IDaaSCapabilities, so the Client never
// calls them; they answer ErrUnsupported for a caller of the Driver itself.

func (p *idaasDriver) DeleteLoginProfile(context.Context, string) error {
	return iam.Unsupported(SchemeIDaaS, "DeleteLoginProfile", "an EIAM account always keeps its password; disable the account instead")
}

func (p *idaasDriver) noKeys(op string) error {
	return iam.Unsupported(SchemeIDaaS, op, "EIAM accounts have no access keys")
}

func (p *idaasDriver) CreateAccessKey(context.Context, string) (*iam.AccessKey, error) {
	return nil, p.noKeys("CreateAccessKey")
}

func (p *idaasDriver) ListAccessKeys(context.Context, string) ([]*iam.AccessKey, error) {
	return nil, p.noKeys("ListAccessKeys")
}

func (p *idaasDriver) EnableAccessKey(context.Context, string, string) error {
	return p.noKeys("EnableAccessKey")
}

func (p *idaasDriver) DisableAccessKey(context.Context, string, string) error {
	return p.noKeys("DisableAccessKey")
}

func (p *idaasDriver) DeleteAccessKey(context.Context, string, string) error {
	return p.noKeys("DeleteAccessKey")
}
