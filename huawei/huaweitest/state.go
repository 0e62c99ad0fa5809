package huaweitest

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// User is an IAM user of the emulated account, as AddUser seeds it and Users
// reports it. Huawei IAM users have no display name.
type User struct {
	// ID is the user id: 32 lower-case hexadecimal characters, as IAM
	// assigns. AddUser assigns one when empty.
	ID string
	// Name is the user name, unique in the account: 1-64 letters, digits,
	// spaces, '-', '_' or '.'. The API refuses a new name starting with a
	// digit or a space; AddUser accepts one, as an account may hold users
	// named under IAM's older rules.
	Name string
	// DisplayName is always "": IAM users have none, and AddUser refuses one.
	DisplayName string
	// Description is the user's description, at most 255 characters.
	Description string
	// Email is the user's email address.
	Email string
	// Phone is the mobile number as "<areacode>-<number>", such as
	// "0086-13800000000" (IAM keeps the areacode and the number apart), or
	// "" for none.
	Phone string
	// Enabled tells whether the user may sign in and call APIs. AddUser
	// stores it as given: false seeds a disabled user.
	Enabled bool
	// CreatedAt is when the user was created; AddUser uses the emulator's
	// clock when zero.
	CreatedAt time.Time
}

// AccessKey is a permanent access key of an IAM user, without its secret.
type AccessKey struct {
	// ID is the access key id (AK).
	ID string
	// UserName is the name of the user the key belongs to.
	UserName string
	// Active tells whether the key's status is active.
	Active bool
	// CreatedAt is when the key was created.
	CreatedAt time.Time
}

// LoginProfile is a user's console login, read from the attributes IAM
// keeps it in: console access (access_mode default or console), the
// password, pwd_status, and login protection.
type LoginProfile struct {
	// UserName is the user's name.
	UserName string
	// PasswordSet tells whether the user has a password.
	PasswordSet bool
	// PasswordResetRequired is pwd_status: the password must be changed at
	// the next login.
	PasswordResetRequired bool
	// MFARequired tells whether login protection is enabled.
	MFARequired bool
	// MFAMethod is the login protection's verification_method in IAM's
	// words: "sms", "email" or "vmfa" (a virtual MFA device), or "" when
	// login protection was never configured. It is kept while protection is
	// off.
	MFAMethod string
}

// AddUser adds a user to the account as if it had been created through the
// API, under IAM's rules for names (see User.Name), emails and phone
// numbers, and returns it as stored (with its ID and CreatedAt). A name in
// use is an error.
func (e *Emulator) AddUser(u User) (User, error) {
	if !validLegacyName(u.Name) {
		return User{}, fmt.Errorf("huaweitest: invalid user name %q: 1-64 letters, digits, spaces, '-', '_' or '.'", u.Name)
	}
	if u.DisplayName != "" {
		return User{}, errors.New("huaweitest: Huawei IAM users have no display name")
	}
	if u.ID != "" && (len(u.ID) > 64 || !alnumOnly(u.ID)) {
		return User{}, fmt.Errorf("huaweitest: invalid user id %q: letters and digits, at most 64", u.ID)
	}
	if u.Email != "" && (len(u.Email) > 255 || !strings.Contains(u.Email, "@")) {
		return User{}, fmt.Errorf("huaweitest: invalid email %q", u.Email)
	}
	if len([]rune(u.Description)) > 255 {
		return User{}, errors.New("huaweitest: description longer than 255 characters")
	}
	su := store.User{ID: u.ID, Name: u.Name, Description: u.Description, Email: u.Email, Enabled: u.Enabled,
		CreatedAt: u.CreatedAt.UTC(), Attrs: map[string]string{}}
	if u.Phone != "" {
		area, num, ok := strings.Cut(strings.TrimPrefix(u.Phone, "+"), "-")
		if !ok || !allDigits(area) || !allDigits(num) || len(num) > 32 {
			return User{}, fmt.Errorf(`huaweitest: invalid phone %q: want "<areacode>-<number>" in digits`, u.Phone)
		}
		su.Phone, su.Attrs[attrAreaCode] = num, area
	}
	created, err := e.st.CreateUser(su)
	if errors.Is(err, store.ErrExists) {
		return User{}, fmt.Errorf("huaweitest: a user named %q (or with id %q) exists", u.Name, u.ID)
	}
	if err != nil {
		return User{}, fmt.Errorf("huaweitest: %w", err)
	}
	return publicUser(&created), nil
}

// validLegacyName reports whether IAM may hold a user named s, under its
// current or older rules.
func validLegacyName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func alnumOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func publicUser(u *store.User) User {
	p := User{ID: u.ID, Name: u.Name, Description: u.Description, Email: u.Email, Enabled: u.Enabled, CreatedAt: u.CreatedAt}
	if u.Phone != "" {
		p.Phone = u.Phone
		if a := u.Attrs[attrAreaCode]; a != "" {
			p.Phone = a + "-" + u.Phone
		}
	}
	return p
}

// Users returns the account's users in creation order (the order of
// GET /v3/users).
func (e *Emulator) Users() []User {
	users := []User{}
	cursor := ""
	for {
		page, next, err := e.st.ListUsers(cursor, 1000, nil)
		if err != nil {
			return users
		}
		for i := range page {
			users = append(users, publicUser(&page[i]))
		}
		if next == "" {
			return users
		}
		cursor = next
	}
}

// AccessKeys returns the permanent access keys of the named user, in
// creation order; nil when there is no such user.
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

// LoginProfile returns the named user's console login; false when there is
// no such user or the user has no console access (access_mode
// programmatic).
func (e *Emulator) LoginProfile(userName string) (LoginProfile, bool) {
	u, err := e.st.UserByName(userName)
	if err != nil || accessMode(&u) == "programmatic" {
		return LoginProfile{}, false
	}
	p := LoginProfile{
		UserName:              u.Name,
		PasswordSet:           u.Attrs[attrPassword] != "",
		PasswordResetRequired: u.Attrs[attrPassword] != "" && u.Attrs[attrPwdStatus] == "true",
		MFARequired:           u.Attrs[attrLPEnabled] == "true",
		MFAMethod:             u.Attrs[attrLPMethod],
	}
	return p, true
}
