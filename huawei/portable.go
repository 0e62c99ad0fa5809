package huawei

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// IAM returns the portable iam.Client built on c, observed by
// Config.Observer. Both share c's configuration, connections and cached
// domain id.
func (c *Client) IAM() *iam.Client {
	return iam.NewClient(portable{c}, iam.ClientOptions{Observer: c.obs})
}

// portable is the iam.Driver of Huawei Cloud IAM, built on the native
// operations. The iam.Client has checked every argument it receives against
// Capabilities; portable adds IAM's own rules (the characters of a name, the
// shape of an email and a phone number), always before its first request.
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

// Capabilities returns what Huawei Cloud IAM supports through the portable
// iam.Client, with the limits IAM documents: user names of 1-64
// characters, descriptions and emails of at most 255, passwords of 6 to 32
// characters (6 is the lowest minimum an account's password policy can
// set; the policy may ask for more), two access keys per user, MFA by SMS,
// email or a virtual MFA device (totp). Users have no display name; only
// the description can be cleared (IAM requires an email to be an address
// and a phone number to be digits). ListUsers does not page, so no page
// size limit applies. MaxPhoneLength is not declared: IAM bounds the number
// (32 digits) and the portable Phone also carries the country code.
//
// Groups and permissions: every group operation, with rename and a
// clearable description (names of 1-128 characters, descriptions of at
// most 255); the permission operations on groups, with project-scope
// grants (iam.FieldPolicyProject), and custom policies (names of at most
// 128 characters, documents of at most 6144; IAM declares no description
// limit). AttachUserPolicy, DetachUserPolicy and ListUserPolicies are left
// out: IAM v3 grants permissions to groups only. The result is a fresh
// copy.
func Capabilities() iam.Capabilities {
	ops := slices.Clone(iam.Operations)
	ops = append(ops, iam.GroupOperations...)
	for _, op := range iam.PolicyOperations {
		if op != iam.OpAttachUserPolicy && op != iam.OpDetachUserPolicy && op != iam.OpListUserPolicies {
			ops = append(ops, op)
		}
	}
	return iam.Capabilities{
		Provider:   Scheme,
		Operations: ops,
		Fields: []iam.Field{
			iam.FieldDescription, iam.FieldEmail, iam.FieldPhone, iam.FieldEnabled, iam.FieldRename,
			iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod,
			iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
			iam.FieldGroupRename, iam.FieldGroupDescription, iam.FieldPolicyProject,
		},
		MFAMethods:                []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP},
		MaxAccessKeysPerUser:      MaxAccessKeysPerUser,
		MaxUserNameLength:         MaxUserNameLength,
		ClearableFields:           []iam.Field{iam.FieldDescription, iam.FieldGroupDescription},
		MaxDescriptionLength:      MaxDescriptionLength,
		MaxEmailLength:            MaxEmailLength,
		MinPasswordLength:         MinPasswordLength,
		MaxPasswordLength:         MaxPasswordLength,
		MaxGroupNameLength:        MaxGroupNameLength,
		MaxGroupDescriptionLength: MaxGroupDescriptionLength,
		MaxPolicyNameLength:       MaxPolicyNameLength,
		MaxPolicyDocumentLength:   MaxPolicyDocumentLength,
	}
}

// Capabilities implements iam.Driver with the package's Capabilities.
func (portable) Capabilities() iam.Capabilities { return Capabilities() }

// portablePhone joins areacode and phone as "<areacode>-<number>"; IAM's
// "-" placeholder reads as no phone.
func portablePhone(areacode, phone string) string {
	if phone == "" || phone == "-" {
		return ""
	}
	if areacode == "" {
		return phone
	}
	return areacode + "-" + phone
}

// splitPhone reads a portable phone "<areacode>-<number>" (for example
// "0086-13800000000", "86-13800000000" or "+86-13800000000"); "" clears
// both. A broken rule is ErrInvalidArgument on the portable field Phone.
func splitPhone(phone string) (areacode, number string, err error) {
	if phone == "" {
		return "", "", nil
	}
	a, n, ok := strings.Cut(strings.TrimPrefix(phone, "+"), "-")
	if !ok || !digits(a) || !digits(n) || len(a) > maxAreaCodeLength || len(n) > MaxPhoneLength {
		return "", "", invalid("", "Phone", `must be "<areacode>-<number>" in digits (a number of at most 32), such as "0086-13800000000"`)
	}
	if len(a) < 4 {
		a = strings.Repeat("0", 4-len(a)) + a
	}
	return a, n, nil
}

// checkPortableEmail applies IAM's email rule to the portable field Email.
func checkPortableEmail(email *string) error {
	if email != nil && *email != "" && !plausibleEmail(*email) {
		return invalid("", "Email", "must be an address like name@example.com")
	}
	return nil
}

// checkUserRef refuses, before any request, a name no Huawei IAM user can
// have: IAM's names are letters, digits, spaces, '-', '_' and '.'. The
// rules on the first character apply to new names only (users named under
// older rules stay reachable).
func checkUserRef(name string) error {
	for i := 0; i < len(name); i++ {
		if !nameChar(name[i]) {
			return invalid("", "userName", "no Huawei IAM user has this name: names are letters, digits, spaces, '-', '_' and '.'")
		}
	}
	return nil
}

func toPortableUser(u *User) *iam.User {
	return &iam.User{
		ID: u.ID, Name: u.Name, Description: u.Description, Email: u.Email,
		Phone: portablePhone(u.AreaCode, u.Phone), Enabled: u.Enabled,
		CreatedAt: u.CreateTime.Time, LastLoginAt: u.LastLoginTime.Time, Native: iam.NewNative(u),
	}
}

func toPortableListedUser(u *ListedUser) *iam.User {
	return &iam.User{ID: u.ID, Name: u.Name, Description: u.Description, Enabled: u.Enabled, Native: iam.NewNative(u)}
}

// userID resolves a user name to its id with the list's exact name filter.
// It never guesses: no exact match is ErrNotFound. A name no user can have
// is refused before any request.
func (p portable) userID(ctx context.Context, name string) (string, error) {
	if err := checkUserRef(name); err != nil {
		return "", err
	}
	out, err := p.c.ListUsers(ctx, &ListUsersInput{Name: name})
	if err != nil {
		return "", err
	}
	for _, u := range out.Users {
		if u == nil || u.Name != name || u.ID == "" {
			continue
		}
		if checkID("ListUsers", "id", u.ID) != nil {
			return "", &iam.Error{Provider: Scheme, Op: "ListUsers", RequestID: out.RequestID, Kind: iam.ErrInvalidResponse,
				Message: "the user id in the answer is not an id"}
		}
		return u.ID, nil
	}
	return "", &iam.Error{Provider: Scheme, Op: "ListUsers", StatusCode: 404, RequestID: out.RequestID, Kind: iam.ErrNotFound,
		Message: "no user named " + quote(name)}
}

func quote(s string) string { return `"` + s + `"` }

// CreateUser creates the user with console and programmatic access
// (access_mode default) and no password.
func (p portable) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	if err := checkUserName("", "Name", in.Name); err != nil {
		return nil, err
	}
	if err := checkPortableEmail(&in.Email); err != nil {
		return nil, err
	}
	n := &CreateUserInput{Name: in.Name, Email: in.Email, Description: in.Description, Enabled: in.Enabled}
	var err error
	if n.AreaCode, n.Phone, err = splitPhone(in.Phone); err != nil {
		return nil, err
	}
	out, err := p.c.CreateUser(ctx, n)
	if err != nil {
		return nil, err
	}
	return toPortableUser(out.User), nil
}

// GetUser resolves the name and returns ShowUser's details.
func (p portable) GetUser(ctx context.Context, name string) (*iam.User, error) {
	u, err := p.showByName(ctx, name)
	if err != nil {
		return nil, err
	}
	return toPortableUser(u), nil
}

func (p portable) showByName(ctx context.Context, name string) (*User, error) {
	id, err := p.userID(ctx, name)
	if err != nil {
		return nil, err
	}
	out, err := p.c.ShowUser(ctx, &ShowUserInput{UserID: id})
	if err != nil {
		return nil, err
	}
	return out.User, nil
}

// UpdateUser resolves the name and modifies the user (PUT v3.0), then
// returns ShowUser's details.
func (p portable) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	if in.NewName != nil {
		if err := checkUserName("", "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	if err := checkPortableEmail(in.Email); err != nil {
		return nil, err
	}
	n := &UpdateUserInput{Name: in.NewName, Email: in.Email, Description: in.Description, Enabled: in.Enabled}
	if in.Phone != nil {
		a, num, err := splitPhone(*in.Phone)
		if err != nil {
			return nil, err
		}
		n.AreaCode, n.Phone = &a, &num
	}
	id, err := p.userID(ctx, name)
	if err != nil {
		return nil, err
	}
	n.UserID = id
	if *n == (UpdateUserInput{UserID: id}) {
		// Nothing to change: report the user as it is.
		return p.show(ctx, id)
	}
	if _, err := p.c.UpdateUser(ctx, n); err != nil {
		return nil, err
	}
	return p.show(ctx, id)
}

func (p portable) show(ctx context.Context, id string) (*iam.User, error) {
	out, err := p.c.ShowUser(ctx, &ShowUserInput{UserID: id})
	if err != nil {
		return nil, err
	}
	return toPortableUser(out.User), nil
}

// DeleteUser resolves the name and deletes the user; IAM deletes its
// access keys, its group memberships and its grants with it (as Keystone
// does, with no documented precondition), so nothing is removed first.
func (p portable) DeleteUser(ctx context.Context, name string) error {
	id, err := p.userID(ctx, name)
	if err != nil {
		return err
	}
	_, err = p.c.DeleteUser(ctx, &DeleteUserInput{UserID: id})
	return err
}

// ListUsers makes one request (Keystone's list does not page) and ignores
// PageSize. The users carry the list's fields (no email, phone or times);
// their native value is *ListedUser.
func (p portable) ListUsers(ctx context.Context, _ *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		for u, err := range p.c.AllUsers(ctx, nil) {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(toPortableListedUser(u), nil) {
				return
			}
		}
	}
}

// LoginProfile is the native value behind an iam.LoginProfile: Huawei has no
// login-profile resource, so it is the user (access_mode, pwd_status,
// pwd_strength, password times) and its login protection (nil when never
// configured).
type LoginProfile struct {
	// User is the user as ShowUser returns it.
	User *User
	// LoginProtect is the user's login protection; nil when never configured.
	LoginProtect *LoginProtect
}

var mfaToHuawei = map[iam.MFAMethod]VerificationMethod{iam.MFASMS: VerifySMS, iam.MFAEmail: VerifyEmail, iam.MFATOTP: VerifyVMFA}

func mfaFromHuawei(m VerificationMethod) iam.MFAMethod {
	switch m {
	case VerifySMS:
		return iam.MFASMS
	case VerifyEmail:
		return iam.MFAEmail
	case VerifyVMFA:
		return iam.MFATOTP
	}
	return iam.MFANone
}

func hasConsole(m AccessMode) bool {
	return m == "" || m == AccessModeDefault || m == AccessModeConsole
}

// passwordSet reads pwd_strength: "None" (or absent) means no password.
func passwordSet(u *User) bool {
	return u.PwdStrength != "" && !strings.EqualFold(string(u.PwdStrength), string(PasswordStrengthNone))
}

func toPortableProfile(u *User, lp *LoginProtect) *iam.LoginProfile {
	p := &iam.LoginProfile{
		UserName:              u.Name,
		PasswordSet:           passwordSet(u),
		PasswordResetRequired: u.PwdStatus != nil && *u.PwdStatus,
		CreatedAt:             u.PwdCreateTime.Time,
		Native:                iam.NewNative(&LoginProfile{User: u, LoginProtect: lp}),
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = u.CreateTime.Time
	}
	if lp != nil && lp.Enabled {
		p.MFARequired = true
		p.MFAMethod = mfaFromHuawei(lp.VerificationMethod)
	}
	return p
}

// loginProtect returns the user's login protection, nil when never configured.
func (p portable) loginProtect(ctx context.Context, id string) (*LoginProtect, error) {
	out, err := p.c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{UserID: id})
	if errors.Is(err, iam.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return out.LoginProtect, nil
}

// GetLoginProfile reports console access: ErrNotFound when the user's
// access_mode is programmatic.
func (p portable) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	u, err := p.showByName(ctx, userName)
	if err != nil {
		return nil, err
	}
	if !hasConsole(u.AccessMode) {
		return nil, &iam.Error{Provider: Scheme, StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "user " + quote(userName) + " has no console access (access_mode programmatic)"}
	}
	lp, err := p.loginProtect(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return toPortableProfile(u, lp), nil
}

// SetLoginProfile gives the user console access (access_mode default when it
// was programmatic), sets the password and pwd_status given, and sets login
// protection for MFARequired and MFAMethod (totp is Huawei's vmfa, which
// needs a bound virtual MFA device). The iam.Client has made sure that
// MFARequired true comes with a method. It refuses nothing itself: every
// failure is IAM's answer, and one after a change was made also matches
// iam.ErrOutcomeUnknown.
func (p portable) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	var method VerificationMethod // "" without a method (or MFANone)
	if in.MFAMethod != nil {
		method = mfaToHuawei[*in.MFAMethod]
	}
	// Login protection: MFARequired turns it on or off; a method alone
	// changes the method and turns it on, MFANone alone turns it off.
	wantOn := in.MFARequired
	if wantOn == nil && in.MFAMethod != nil {
		wantOn = ptr(method != "")
	}
	u, err := p.showByName(ctx, userName)
	if err != nil {
		return nil, err
	}
	changed := false // once true, a later failure must say the change was made
	upd := &UpdateUserInput{UserID: u.ID, Password: in.Password, PwdStatus: in.PasswordResetRequired}
	if !hasConsole(u.AccessMode) {
		upd.AccessMode = ptr(AccessModeDefault)
	}
	if upd.AccessMode != nil || !upd.Password.IsZero() || upd.PwdStatus != nil {
		// Sent once: a failure after IAM may have acted must say so.
		if _, err := p.c.updateUser(ctx, upd, true); err != nil {
			return nil, err
		}
		changed = true
	}
	if wantOn != nil {
		cur, err := p.loginProtect(ctx, u.ID)
		if err != nil {
			return nil, afterChange(changed, err)
		}
		if method == "" && cur != nil && cur.VerificationMethod != VerifyNone {
			method = cur.VerificationMethod // turning off keeps the method
		}
		if method == "" {
			method = VerifySMS // IAM wants a method even to turn protection off
		}
		if *wantOn || (cur != nil && cur.Enabled) {
			if _, err := p.c.updateLoginProtect(ctx, &UpdateLoginProtectInput{UserID: u.ID, Enabled: *wantOn, VerificationMethod: method}, true); err != nil {
				return nil, afterChange(changed, err)
			}
			changed = true
		}
		// Turning off what is off (or was never configured) changes nothing.
	}
	lp, err := p.GetLoginProfile(ctx, userName)
	if err != nil {
		return nil, afterChange(changed, err)
	}
	return lp, nil
}

// DeleteLoginProfile removes console access by setting access_mode to
// programmatic. The password and login protection stay stored by IAM (no
// v3 API deletes a password), so a later SetLoginProfile restores them.
// ErrNotFound when the user has no console access.
func (p portable) DeleteLoginProfile(ctx context.Context, userName string) error {
	u, err := p.showByName(ctx, userName)
	if err != nil {
		return err
	}
	if !hasConsole(u.AccessMode) {
		return &iam.Error{Provider: Scheme, StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "user " + quote(userName) + " has no console access"}
	}
	_, err = p.c.UpdateUser(ctx, &UpdateUserInput{UserID: u.ID, AccessMode: ptr(AccessModeProgrammatic)})
	return err
}

func ptr[T any](v T) *T { return &v }

func toPortableKey(userName string, k *Credential) *iam.AccessKey {
	st := iam.AccessKeyActive
	if k.Status == CredentialInactive {
		st = iam.AccessKeyInactive
	}
	ak := &iam.AccessKey{
		ID: k.AccessKeyID, UserName: userName, Secret: k.Secret, Status: st, Description: k.Description,
		CreatedAt: k.CreateTime.Time, Native: iam.NewNative(k),
	}
	// IAM reports the creation time as the last use of a key never used.
	if !k.LastUseTime.Time.IsZero() && !k.LastUseTime.Time.Equal(k.CreateTime.Time) {
		ak.LastUsedAt = k.LastUseTime.Time
	}
	return ak
}

// CreateAccessKey creates a permanent access key for the user.
func (p portable) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	id, err := p.userID(ctx, userName)
	if err != nil {
		return nil, err
	}
	out, err := p.c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: id})
	if err != nil {
		return nil, err
	}
	return toPortableKey(userName, out.Credential), nil
}

// ListAccessKeys lists the user's keys, then shows each (a user has at most
// two) for its last use time.
func (p portable) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	id, err := p.userID(ctx, userName)
	if err != nil {
		return nil, err
	}
	out, err := p.c.ListPermanentAccessKeys(ctx, &ListPermanentAccessKeysInput{UserID: id})
	if err != nil {
		return nil, err
	}
	keys := make([]*iam.AccessKey, 0, len(out.Credentials))
	for _, k := range out.Credentials {
		if s, err := p.c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: k.AccessKeyID}); err == nil {
			k.LastUseTime = s.Credential.LastUseTime
		} else if !errors.Is(err, iam.ErrNotFound) {
			return nil, err
		}
		keys = append(keys, toPortableKey(userName, k))
	}
	return keys, nil
}

// ownedKey checks that the key belongs to the named user: ErrNotFound otherwise.
func (p portable) ownedKey(ctx context.Context, userName, accessKeyID string) error {
	id, err := p.userID(ctx, userName)
	if err != nil {
		return err
	}
	out, err := p.c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: accessKeyID})
	if err != nil {
		return err
	}
	if out.Credential.UserID != id {
		return &iam.Error{Provider: Scheme, StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "user " + quote(userName) + " has no access key " + accessKeyID}
	}
	return nil
}

func (p portable) setKeyStatus(ctx context.Context, userName, accessKeyID string, st CredentialStatus) error {
	if err := p.ownedKey(ctx, userName, accessKeyID); err != nil {
		return err
	}
	_, err := p.c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: accessKeyID, Status: st})
	return err
}

// EnableAccessKey sets the key's status to active, after checking it is
// the user's.
func (p portable) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKeyStatus(ctx, userName, accessKeyID, CredentialActive)
}

// DisableAccessKey sets the key's status to inactive, after checking it is
// the user's.
func (p portable) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return p.setKeyStatus(ctx, userName, accessKeyID, CredentialInactive)
}

// DeleteAccessKey deletes the key after checking it is the user's.
func (p portable) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	if err := p.ownedKey(ctx, userName, accessKeyID); err != nil {
		return err
	}
	_, err := p.c.DeletePermanentAccessKey(ctx, &DeletePermanentAccessKeyInput{AccessKeyID: accessKeyID})
	return err
}
