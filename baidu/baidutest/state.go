package baidutest

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// User is an IAM user as the emulator holds it, for seeding (AddUser) and
// inspection (Users).
type User struct {
	// ID is the service's identifier; AddUser makes one when it is empty.
	ID string
	// Name is the user name, unique in the account. AddUser accepts names
	// outside the rule CreateUser enforces (1-64 letters, digits or '_'),
	// as an account may hold from the console or older rules.
	Name string
	// DisplayName is always empty: Baidu IAM users have no display name,
	// and AddUser refuses one.
	DisplayName string
	// Description is the user's description.
	Description string
	// Email is always empty: Baidu IAM users have no email, and AddUser
	// refuses one.
	Email string
	// Phone is always empty: Baidu IAM users have no phone, and AddUser
	// refuses one.
	Phone string
	// Enabled tells whether the user may act. AddUser stores it as given:
	// false seeds a disabled user.
	Enabled bool
	// CreatedAt is when the user was created; AddUser uses the emulator's
	// clock when it is zero.
	CreatedAt time.Time
}

// AccessKey is an access key as the emulator holds it, without its secret.
type AccessKey struct {
	// ID is the access key id (the AK).
	ID string
	// UserName is the user the key belongs to.
	UserName string
	// Active is false once the key is disabled (?disable).
	Active bool
	// CreatedAt is when the key was created.
	CreatedAt time.Time
}

// LoginProfile is a user's console login as the emulator holds it, without
// the password.
type LoginProfile struct {
	// UserName is the user the profile belongs to.
	UserName string
	// PasswordSet tells whether a console password was set.
	PasswordSet bool
	// PasswordResetRequired is needResetPassword: the user must change the
	// password at next login.
	PasswordResetRequired bool
	// MFARequired is enabledLoginMfa: console login asks for a second factor.
	MFARequired bool
	// MFAMethod is loginMfaType in Baidu's words: "PHONE", "TOTP", or ""
	// when none was set.
	MFAMethod string
}

// AddUser seeds the account with u, as if it had been created earlier, and
// returns it as stored (with its ID and CreatedAt). It fails when the name
// is empty, contains '/', or is taken, when the ID is taken, or when u sets
// a field Baidu IAM users do not have (DisplayName, Email, Phone).
func (e *Emulator) AddUser(u User) (User, error) {
	switch {
	case u.Name == "" || strings.Contains(u.Name, "/") || !utf8.ValidString(u.Name):
		return User{}, fmt.Errorf("baidutest: AddUser: the name %q cannot address a user (empty, '/' or not UTF-8)", u.Name)
	case u.DisplayName != "" || u.Email != "" || u.Phone != "":
		return User{}, errors.New("baidutest: AddUser: Baidu IAM users have no DisplayName, Email or Phone")
	}
	s, err := e.st.CreateUser(store.User{ID: u.ID, Name: u.Name, Description: u.Description, Enabled: u.Enabled, CreatedAt: u.CreatedAt})
	if errors.Is(err, store.ErrExists) {
		return User{}, fmt.Errorf("baidutest: AddUser: the user name %q or the ID %q is taken", u.Name, u.ID)
	}
	if err != nil {
		return User{}, fmt.Errorf("baidutest: AddUser: %w", err)
	}
	return publicUser(s), nil
}

func publicUser(u store.User) User {
	return User{ID: u.ID, Name: u.Name, Description: u.Description, Enabled: u.Enabled, CreatedAt: u.CreatedAt}
}

// Users returns every user of the account, in creation order (the order
// ListUser answers in).
func (e *Emulator) Users() []User {
	out := []User{}
	cursor := ""
	for {
		users, next, err := e.st.ListUsers(cursor, 1000, nil)
		if err != nil {
			return out
		}
		for _, u := range users {
			out = append(out, publicUser(u))
		}
		if next == "" {
			return out
		}
		cursor = next
	}
}

// AccessKeys returns the user's access keys in creation order, without
// secrets; nil when there is no such user.
func (e *Emulator) AccessKeys(userName string) []AccessKey {
	u, err := e.st.UserByName(userName)
	if err != nil {
		return nil
	}
	keys, err := e.st.AccessKeys(u.ID)
	if err != nil {
		return nil
	}
	out := make([]AccessKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, AccessKey{ID: k.ID, UserName: u.Name, Active: k.Active, CreatedAt: k.CreatedAt})
	}
	return out
}

// LoginProfile returns the user's console login, and false when the user
// does not exist or has none.
func (e *Emulator) LoginProfile(userName string) (LoginProfile, bool) {
	u, err := e.st.UserByName(userName)
	if err != nil {
		return LoginProfile{}, false
	}
	p, err := e.st.LoginProfile(u.ID)
	if err != nil {
		return LoginProfile{}, false
	}
	return LoginProfile{UserName: u.Name, PasswordSet: p.Password != "", PasswordResetRequired: p.ResetRequired,
		MFARequired: p.MFARequired, MFAMethod: p.MFAMethod}, true
}
