// Package store is the in-memory state behind every emulator (baidutest,
// huaweitest, aliyuntest) and behind iamtest.NewFake: users, console login
// profiles, access keys (including the emulator's own root keys, so that keys
// created through an API authenticate afterwards), and the nonces seen by
// replay-protected signatures. It knows nothing of any cloud's wire format;
// each emulator maps its own fields onto it and keeps cloud-only attributes
// in Attrs. All methods are safe for concurrent use, and every value handed
// out is a copy.
package store

import (
	"errors"
	"time"
)

// Errors of the store; emulators translate them into their cloud's errors.
var (
	ErrNotFound = errors.New("store: not found")
	ErrExists   = errors.New("store: already exists")
	ErrLimit    = errors.New("store: limit exceeded")
)

// User is one user of an emulated account.
type User struct {
	// ID is assigned by CreateUser (Options.NewUserID) when empty.
	ID          string
	Name        string // unique (case-sensitive) within the store
	DisplayName string
	Description string
	Email       string
	Phone       string
	Enabled     bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	LastLoginAt time.Time
	// Attrs keeps provider-only attributes (areacode, access_mode, xuser_id,
	// custom fields, ...). The store copies the map.
	Attrs map[string]string
}

// LoginProfile is a user's console login.
type LoginProfile struct {
	Password      string
	ResetRequired bool
	MFARequired   bool
	MFAMethod     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Attrs keeps provider-only attributes (thirdPartyType, ...).
	Attrs map[string]string
}

// AccessKey is an access key of a user, or a root key of the account when
// UserID is empty.
type AccessKey struct {
	ID          string
	Secret      string
	UserID      string
	Active      bool
	Description string
	CreatedAt   time.Time
	LastUsedAt  time.Time
}

// Options configure a Store. Zero fields get sensible defaults.
type Options struct {
	// MaxAccessKeysPerUser is the per-user key limit; zero means 2.
	MaxAccessKeysPerUser int
	// NewUserID makes user IDs; default: 32 random lower-case hex digits.
	NewUserID func() string
	// NewAccessKeyID makes access key IDs; default: "AK" + 18 random upper-case alphanumerics.
	NewAccessKeyID func() string
	// NewSecret makes access key secrets; default: 30 random alphanumerics.
	NewSecret func() string
	// Now is the clock; default time.Now (UTC, truncated to the second).
	Now func() time.Time
	// NonceTTL is how long a seen nonce is remembered; zero means 15 minutes.
	NonceTTL time.Duration
}

// Store is the state of one emulated account.
type Store struct{}

// New returns an empty store.
func New(opts Options) *Store { panic("not implemented") }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { panic("not implemented") }

// CreateUser adds u (assigning ID, CreatedAt and UpdatedAt when zero) and
// returns the stored copy; ErrExists when the name is taken.
func (s *Store) CreateUser(u User) (User, error) { panic("not implemented") }

// UserByName returns the user called name, or ErrNotFound.
func (s *Store) UserByName(name string) (User, error) { panic("not implemented") }

// UserByID returns the user with that ID, or ErrNotFound.
func (s *Store) UserByID(id string) (User, error) { panic("not implemented") }

// UpdateUser applies fn to a copy of the user with that ID and stores the
// result atomically (UpdatedAt is set). A changed Name must stay unique
// (ErrExists); an error from fn aborts the update and is returned as is.
func (s *Store) UpdateUser(id string, fn func(*User) error) (User, error) { panic("not implemented") }

// DeleteUser removes the user with that ID together with its login profile
// and access keys; ErrNotFound when absent. Emulators whose cloud refuses to
// delete a user that still has keys check HasDependents first.
func (s *Store) DeleteUser(id string) error { panic("not implemented") }

// HasDependents reports whether the user still has a login profile or keys.
func (s *Store) HasDependents(id string) (loginProfile bool, accessKeys int) {
	panic("not implemented")
}

// ListUsers returns up to limit users (in creation order) after the opaque
// cursor ("" starts at the beginning) that match keep (nil keeps all), and
// the cursor of the next page ("" when there is none). A page costs
// O(limit + log n), so emulators can serve 100 000 users.
func (s *Store) ListUsers(cursor string, limit int, keep func(*User) bool) (users []User, next string, err error) {
	panic("not implemented")
}

// CountUsers returns how many users match keep (nil counts all).
func (s *Store) CountUsers(keep func(*User) bool) int { panic("not implemented") }

// LoginProfile returns the user's login profile, or ErrNotFound.
func (s *Store) LoginProfile(userID string) (LoginProfile, error) { panic("not implemented") }

// PutLoginProfile creates or replaces the user's login profile
// (CreatedAt is kept on replace); ErrNotFound when the user is absent.
func (s *Store) PutLoginProfile(userID string, p LoginProfile) (LoginProfile, error) {
	panic("not implemented")
}

// DeleteLoginProfile removes the user's login profile; ErrNotFound when there is none.
func (s *Store) DeleteLoginProfile(userID string) error { panic("not implemented") }

// CreateAccessKey makes a new active key for the user; ErrNotFound when the
// user is absent, ErrLimit at Options.MaxAccessKeysPerUser.
func (s *Store) CreateAccessKey(userID, description string) (AccessKey, error) {
	panic("not implemented")
}

// AddRootKey registers an account-level key (UserID ""), for the emulator's
// own credentials. It replaces a key with the same ID.
func (s *Store) AddRootKey(id, secret string) { panic("not implemented") }

// AccessKey returns the key with that ID, or ErrNotFound.
func (s *Store) AccessKey(id string) (AccessKey, error) { panic("not implemented") }

// AccessKeys returns the user's keys in creation order.
func (s *Store) AccessKeys(userID string) ([]AccessKey, error) { panic("not implemented") }

// UpdateAccessKey applies fn to a copy of the key and stores it; ErrNotFound when absent.
func (s *Store) UpdateAccessKey(id string, fn func(*AccessKey) error) (AccessKey, error) {
	panic("not implemented")
}

// DeleteAccessKey removes the key; ErrNotFound when absent.
func (s *Store) DeleteAccessKey(id string) error { panic("not implemented") }

// TouchAccessKey records that the key authenticated a request at t.
func (s *Store) TouchAccessKey(id string, t time.Time) { panic("not implemented") }

// SeenNonce records (accessKeyID, nonce) and reports whether it was already
// seen within Options.NonceTTL: the replay check of ACS3 and RPC signatures.
func (s *Store) SeenNonce(accessKeyID, nonce string, now time.Time) bool { panic("not implemented") }
