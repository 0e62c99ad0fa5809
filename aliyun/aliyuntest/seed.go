package aliyuntest

import (
	"errors"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// User is a user as the emulator holds it, for seeding (AddUser,
// AddIDaaSUser) and inspecting (Users, IDaaSUsers) state without the API.
type User struct {
	// ID is RAM's UserId or EIAM's UserId (user_...); empty in AddUser and
	// AddIDaaSUser assigns one.
	ID string
	// Name is RAM's UserName or EIAM's Username.
	Name string
	// DisplayName is the user's DisplayName.
	DisplayName string
	// Description is RAM's Comments or EIAM's Description.
	Description string
	// Email is the user's address.
	Email string
	// Phone is "<country code>-<number>" (RAM's MobilePhone; EIAM's
	// PhoneRegion and PhoneNumber).
	Phone string
	// Enabled is EIAM's Status (true: enabled). RAM users cannot be
	// disabled: AddUser ignores it and Users reports true.
	Enabled bool
	// CreatedAt is when the user was created; zero in AddUser and
	// AddIDaaSUser means now.
	CreatedAt time.Time
}

// AccessKey is a RAM access key as the emulator holds it, without its secret.
type AccessKey struct {
	// ID is the AccessKeyId.
	ID string
	// UserName is the key's owner.
	UserName string
	// Active is false once UpdateAccessKey set it Inactive.
	Active bool
	// CreatedAt is when the key was created.
	CreatedAt time.Time
}

// LoginProfile is a user's console login as the emulator holds it, without
// the password.
type LoginProfile struct {
	// UserName is the profile's user.
	UserName string
	// PasswordSet is true: RAM profiles and EIAM passwords always have one.
	PasswordSet bool
	// PasswordResetRequired is RAM's PasswordResetRequired, or EIAM's
	// PasswordForcedUpdateStatus "enabled" of the last password set.
	PasswordResetRequired bool
	// MFARequired is RAM's MFABindRequired (always false on EIAM).
	MFARequired bool
	// MFAMethod is "totp" when MFARequired (RAM's virtual MFA device), else "".
	MFAMethod string
}

// ErrUserExists is returned by AddUser and AddIDaaSUser for a name or ID
// already taken.
var ErrUserExists = errors.New("aliyuntest: a user with that name or ID exists")

// AddUser adds a RAM user directly, without the API's rules: tests seed
// users the API would no longer create, such as names with '@' from RAM's
// older naming rule. Name is required.
func (e *Emulator) AddUser(u User) (User, error) {
	if u.Name == "" {
		return User{}, errors.New("aliyuntest: AddUser needs a Name")
	}
	su, err := e.ram.CreateUser(store.User{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Description: u.Description,
		Email: u.Email, Phone: u.Phone, Enabled: true, CreatedAt: u.CreatedAt})
	if errors.Is(err, store.ErrExists) {
		return User{}, ErrUserExists
	}
	if err != nil {
		return User{}, err
	}
	return publicUser(su), nil
}

// Users returns the RAM users, in creation order.
func (e *Emulator) Users() []User { return allUsers(e.ram) }

// AccessKeys returns a RAM user's access keys in creation order, or nil when
// there is no such user.
func (e *Emulator) AccessKeys(userName string) []AccessKey {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return nil
	}
	keys, err := e.ram.AccessKeys(u.ID)
	if err != nil {
		return nil
	}
	out := make([]AccessKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, AccessKey{ID: k.ID, UserName: u.Name, Active: k.Active, CreatedAt: k.CreatedAt})
	}
	return out
}

// LoginProfile returns a RAM user's login profile; false when the user has
// none (or does not exist).
func (e *Emulator) LoginProfile(userName string) (LoginProfile, bool) {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return LoginProfile{}, false
	}
	lp, err := e.ram.LoginProfile(u.ID)
	if err != nil {
		return LoginProfile{}, false
	}
	p := LoginProfile{UserName: u.Name, PasswordSet: true, PasswordResetRequired: lp.ResetRequired, MFARequired: lp.MFARequired}
	if lp.MFARequired {
		p.MFAMethod = "totp"
	}
	return p, true
}

// AddIDaaSUser adds an EIAM account to the instance directly, without the
// API's rules (tests seed names the API refuses, as accounts synchronized
// from other directories may have). The account is in the root
// organizational unit, with no password; Email and Phone are verified, Phone
// is "<country code>-<number>" or bare digits (country code 86). Name is
// required; set Enabled for an enabled account.
func (e *Emulator) AddIDaaSUser(u User) (User, error) {
	if u.Name == "" {
		return User{}, errors.New("aliyuntest: AddIDaaSUser needs a Name")
	}
	su := store.User{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Description: u.Description, Email: u.Email,
		Enabled: u.Enabled, CreatedAt: u.CreatedAt,
		Attrs: map[string]string{aPrimaryOU: e.opts.ouID, aOUs: e.opts.ouID}}
	if u.Email != "" {
		su.Attrs[aEmailVerified] = "true"
	}
	if u.Phone != "" {
		region, number, ok := strings.Cut(u.Phone, "-")
		if !ok {
			region, number = "86", u.Phone
		}
		su.Phone = region + "-" + number
		su.Attrs[aPhoneRegion], su.Attrs[aPhoneNumber], su.Attrs[aPhoneVerified] = region, number, "true"
	}
	created, err := e.eiam.CreateUser(su)
	if errors.Is(err, store.ErrExists) {
		return User{}, ErrUserExists
	}
	if err != nil {
		return User{}, err
	}
	_, _ = e.eiam.UpdateUser(created.ID, func(x *store.User) error { x.Attrs[aExternalID] = x.ID; return nil })
	return publicUser(created), nil
}

// IDaaSUsers returns the EIAM instance's accounts, in creation order.
func (e *Emulator) IDaaSUsers() []User { return allUsers(e.eiam) }

// IDaaSLoginProfile returns an EIAM account's login (its password); false
// when the account has no password (or does not exist).
func (e *Emulator) IDaaSLoginProfile(userName string) (LoginProfile, bool) {
	u, err := e.eiam.UserByName(userName)
	if err != nil {
		return LoginProfile{}, false
	}
	lp, err := e.eiam.LoginProfile(u.ID)
	if err != nil {
		return LoginProfile{}, false
	}
	return LoginProfile{UserName: u.Name, PasswordSet: true, PasswordResetRequired: lp.ResetRequired}, true
}

func publicUser(u store.User) User {
	return User{ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Description: u.Description, Email: u.Email,
		Phone: u.Phone, Enabled: u.Enabled, CreatedAt: u.CreatedAt}
}

// allUsers lists every user of s in creation order.
func allUsers(s *store.Store) []User {
	var out []User
	cursor := ""
	for {
		page, next, err := s.ListUsers(cursor, 1000, nil)
		if err != nil {
			return out
		}
		for _, u := range page {
			out = append(out, publicUser(u))
		}
		if next == "" {
			return out
		}
		cursor = next
	}
}
