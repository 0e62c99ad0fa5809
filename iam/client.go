package iam

import (
	"context"
	"iter"
)

// Client is the portable identity API that every provider implements.
// Users are addressed by name; a provider whose API keys users by ID
// resolves the name itself.
//
// Every method returns, on failure, an error that is or wraps *Error, so
// errors.Is(err, ErrNotFound) and friends work the same on every cloud.
// Methods are safe for concurrent use.
type Client interface {
	// CreateUser creates a user and returns it as the cloud reports it.
	CreateUser(ctx context.Context, in *CreateUserInput) (*User, error)
	// GetUser returns the named user, or ErrNotFound.
	GetUser(ctx context.Context, name string) (*User, error)
	// UpdateUser changes the fields set in in and returns the updated user.
	UpdateUser(ctx context.Context, name string, in *UpdateUserInput) (*User, error)
	// DeleteUser deletes the named user.
	DeleteUser(ctx context.Context, name string) error
	// ListUsers iterates over the account's users, fetching pages lazily.
	// Breaking out of the loop stops fetching. A failure ends the sequence
	// with one (nil, err) pair. in may be nil.
	ListUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*User, error]

	// GetLoginProfile returns the user's console login settings, or
	// ErrNotFound when the user cannot sign in to the console.
	GetLoginProfile(ctx context.Context, userName string) (*LoginProfile, error)
	// SetLoginProfile creates the user's console login, or updates the fields
	// set in in when it exists.
	SetLoginProfile(ctx context.Context, userName string, in *LoginProfileInput) (*LoginProfile, error)
	// DeleteLoginProfile removes the user's console login.
	DeleteLoginProfile(ctx context.Context, userName string) error

	// CreateAccessKey creates an access key for the user. The returned key
	// carries its secret: this is the only time the secret is available.
	CreateAccessKey(ctx context.Context, userName string) (*AccessKey, error)
	// ListAccessKeys lists the user's access keys, without secrets.
	ListAccessKeys(ctx context.Context, userName string) ([]*AccessKey, error)
	// EnableAccessKey makes a disabled key usable again.
	EnableAccessKey(ctx context.Context, userName, accessKeyID string) error
	// DisableAccessKey stops a key from authenticating without deleting it.
	DisableAccessKey(ctx context.Context, userName, accessKeyID string) error
	// DeleteAccessKey deletes the key.
	DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error

	// Capabilities tells what this client's cloud supports, so callers and
	// the conformance suite can decide before calling.
	Capabilities() Capabilities
}
