package baidu

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// User is Baidu's UserModel: an IAM user (sub-user) of the account, with
// every field the service documents.
type User struct {
	// ID is the service's identifier for the user.
	ID string
	// Name is the user name; users are addressed by name in every path.
	Name        string
	Description string
	// Enabled tells whether the user may act. When the service omits the
	// field it is reported as true (a new user is enabled).
	Enabled bool
	// Contact is the user's contact information, where the account set one.
	Contact string
	// CreateTime is when the user was created.
	CreateTime time.Time
	// JoinTime is when the user joined the account, where reported.
	JoinTime time.Time
	// LastLoginTime is the last console login; only GetUser reports it, and
	// it is zero when the user never logged in.
	LastLoginTime time.Time
}

// userWire is UserModel as the service writes it.
type userWire struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	CreateTime    wireTime `json:"createTime"`
	Description   string   `json:"description"`
	Enabled       *bool    `json:"enabled"`
	Contact       string   `json:"contact"`
	JoinTime      wireTime `json:"joinTime"`
	LastLoginTime wireTime `json:"lastLoginTime"`
}

func (w *userWire) user() *User {
	return &User{
		ID: w.ID, Name: w.Name, Description: w.Description, Enabled: boolDefault(w.Enabled, true),
		Contact: w.Contact, CreateTime: w.CreateTime.Time(), JoinTime: w.JoinTime.Time(),
		LastLoginTime: w.LastLoginTime.Time(),
	}
}

// CreateUserInput is the input of CreateUser (POST /v1/user).
type CreateUserInput struct {
	// Name is required: 1-64 letters, digits or '_'.
	Name string `json:"name"`
	// Description is optional; the official SDK always sends it, even empty.
	Description string `json:"description"`
}

// CreateUser creates an IAM user. It fails with ErrAlreadyExists when the
// name is taken. It is not retried once the server may have acted on it.
func (c *Client) CreateUser(ctx context.Context, in *CreateUserInput) (*User, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: Name is required")
	}
	if err := checkNewUserName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	var w userWire
	if err := c.do(ctx, call{op: op, method: http.MethodPost, segs: []string{"user"}, in: in}, &w); err != nil {
		return nil, err
	}
	return w.user(), nil
}

// GetUserInput is the input of GetUser (GET /v1/user/{userName}).
type GetUserInput struct {
	// UserName is required.
	UserName string
}

// GetUser returns the named user, including its last login time, or
// ErrNotFound.
func (c *Client) GetUser(ctx context.Context, in *GetUserInput) (*User, error) {
	const op = "GetUser"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w userWire
	if err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName}, idempotent: true}, &w); err != nil {
		return nil, err
	}
	return w.user(), nil
}

// UpdateUserInput is the input of UpdateUser (PUT /v1/user/{userName}).
// Nil fields are left unchanged.
type UpdateUserInput struct {
	// UserName is the user to update; required.
	UserName string `json:"-"`
	// NewName renames the user: 1-64 letters, digits or '_'.
	NewName *string `json:"name,omitempty"`
	// Description replaces the description; a pointer to "" clears it.
	Description *string `json:"description,omitempty"`
	// Enabled enables or disables the user.
	Enabled *bool `json:"enabled,omitempty"`
}

// UpdateUser renames, re-describes, enables or disables a user and returns
// it as updated.
func (c *Client) UpdateUser(ctx context.Context, in *UpdateUserInput) (*User, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewUserName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	var w userWire
	if err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"user", in.UserName}, in: in, idempotent: true}, &w); err != nil {
		return nil, err
	}
	return w.user(), nil
}

// DeleteUserInput is the input of DeleteUser (DELETE /v1/user/{userName}).
type DeleteUserInput struct {
	// UserName is required.
	UserName string
}

// DeleteUser deletes the named user, or fails with ErrNotFound.
func (c *Client) DeleteUser(ctx context.Context, in *DeleteUserInput) error {
	const op = "DeleteUser"
	if in == nil {
		return iam.InvalidArgument(Provider, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return err
	}
	return c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"user", in.UserName}, idempotent: true}, nil)
}

// ListUsersInput is the input of ListUsers (GET /v1/user). Baidu's ListUser
// takes no parameters and is not paginated; the struct exists so that
// parameters can be added without breaking callers. It may be nil.
type ListUsersInput struct{}

// ListUsers returns every user of the account, as the service does (it has
// no pagination). For a large account, AllUsers holds one user at a time.
func (c *Client) ListUsers(ctx context.Context, in *ListUsersInput) ([]*User, error) {
	out := []*User{}
	for u, err := range c.AllUsers(ctx, in) {
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// AllUsers yields every user of the account (GET /v1/user, the ListUsers
// call) as the answer is read, so memory stays constant whatever the
// account's size: Baidu sends the whole list in one response. A failure
// (including a body cut off midway) is yielded last, after the users that
// arrived intact; stopping the loop early closes the response.
func (c *Client) AllUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*User, error] {
	return func(yield func(*User, error) bool) {
		req, err := c.request(ctx, call{op: "ListUsers", method: http.MethodGet, segs: []string{"user"}, idempotent: true})
		if err == nil {
			err = c.http.Each(ctx, req, "users", func(dec *json.Decoder) (bool, error) {
				var w userWire
				if err := dec.Decode(&w); err != nil {
					return false, err
				}
				return yield(w.user(), nil), nil
			})
		}
		if err != nil {
			yield(nil, err)
		}
	}
}
