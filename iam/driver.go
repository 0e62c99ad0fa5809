package iam

import (
	"context"
	"iter"
)

// Driver is what a provider implements so that a *Client can run on its
// cloud (the idea of gocloud.dev's driver packages). Users never call it:
// they hold *Client, which checks every argument, gates every operation and
// field by Capabilities, names every error after the portable operation and
// calls the Observer before it calls the Driver.
//
// A Driver can therefore rely on what the Client has already checked:
// contexts and required inputs are non-nil, user names and access key ids
// are non-empty and within the declared lengths, and every operation, field
// and MFA method it receives is one its Capabilities declare. It still
// refuses its cloud's own rules (a name's characters, say) itself, always
// before its first request, with an *Error whose Field uses the vocabulary
// of the package documentation.
//
// Errors a Driver returns should be *Error values; the Client sets their Op
// to the portable operation and keeps the Driver's Op in NativeOp.
//
// The Driver lives in package iam, not in a package of its own, because its
// methods take and return the portable types (User, AccessKey, ...): a
// separate package would need a copy of each type and a conversion per call,
// for no gain in the direction of the imports (iam imports no provider).
type Driver interface {
	// Capabilities tells what the cloud supports. The Client reads it once,
	// when it is built.
	Capabilities() Capabilities

	CreateUser(ctx context.Context, in *CreateUserInput) (*User, error)
	GetUser(ctx context.Context, name string) (*User, error)
	UpdateUser(ctx context.Context, name string, in *UpdateUserInput) (*User, error)
	DeleteUser(ctx context.Context, name string) error
	// ListUsers gets a non-nil in; a failure ends the sequence with one
	// (nil, err) pair.
	ListUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*User, error]

	GetLoginProfile(ctx context.Context, userName string) (*LoginProfile, error)
	SetLoginProfile(ctx context.Context, userName string, in *LoginProfileInput) (*LoginProfile, error)
	DeleteLoginProfile(ctx context.Context, userName string) error

	CreateAccessKey(ctx context.Context, userName string) (*AccessKey, error)
	ListAccessKeys(ctx context.Context, userName string) ([]*AccessKey, error)
	EnableAccessKey(ctx context.Context, userName, accessKeyID string) error
	DisableAccessKey(ctx context.Context, userName, accessKeyID string) error
	DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error
}
