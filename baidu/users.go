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
	Name string
	// Description is the user's description, where the account set one.
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

// check checks a user of a list: Baidu sends every user with its id and
// name.
func (w *userWire) check() error { return need("a user in the list", "id", w.ID, "name", w.Name) }

func (w *userWire) user() *User {
	return &User{
		ID: w.ID, Name: w.Name, Description: w.Description, Enabled: boolDefault(w.Enabled, true),
		Contact: w.Contact, CreateTime: w.CreateTime.Time(), JoinTime: w.JoinTime.Time(),
		LastLoginTime: w.LastLoginTime.Time(),
	}
}

// CreateUserInput is the input of CreateUser (POST /v1/user).
type CreateUserInput struct {
	// Name is required: 1-64 characters, each an ASCII letter, a digit or
	// '_', as Baidu states for new user names.
	Name string `json:"name"`
	// Description is optional; it is always sent, even empty, as Baidu's
	// SDKs send it.
	Description string `json:"description"`
}

// CreateUserOutput is the answer of CreateUser.
type CreateUserOutput struct {
	// User is the new user as the service reports it.
	User *User
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// CreateUser creates an IAM user. It fails with ErrAlreadyExists when the
// name is taken. It is not retried once the server may have acted on it,
// and an answer without the new user's id and name matches
// iam.ErrOutcomeUnknown (the user may exist).
func (c *Client) CreateUser(ctx context.Context, in *CreateUserInput) (*CreateUserOutput, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: Name is required")
	}
	if err := checkNewUserName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	var w userWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, segs: []string{"user"}, in: in, expect: made("user", &w.ID, &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &CreateUserOutput{User: w.user(), RequestID: resp.RequestID}, nil
}

// GetUserInput is the input of GetUser (GET /v1/user/{userName}).
type GetUserInput struct {
	// UserName is the user to read; required.
	UserName string
}

// GetUserOutput is the answer of GetUser.
type GetUserOutput struct {
	// User is the user, with its last login time.
	User *User
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// GetUser returns the named user, including its last login time, or
// ErrNotFound.
func (c *Client) GetUser(ctx context.Context, in *GetUserInput) (*GetUserOutput, error) {
	const op = "GetUser"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	var w userWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"user", in.UserName}, idempotent: true,
		expect: named("user", &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &GetUserOutput{User: w.user(), RequestID: resp.RequestID}, nil
}

// UpdateUserInput is the input of UpdateUser (PUT /v1/user/{userName}).
// Nil fields are not sent and stay as they are.
type UpdateUserInput struct {
	// UserName is the user to update; required.
	UserName string `json:"-"`
	// NewName renames the user: 1-64 ASCII letters, digits or '_'.
	NewName *string `json:"name,omitempty"`
	// Description replaces the description. A pointer to "" is sent as an
	// empty description; Baidu documents no way to clear a description (its
	// SDKs never send an empty one), so the portable API does not offer it.
	Description *string `json:"description,omitempty"`
	// Enabled enables or disables the user.
	Enabled *bool `json:"enabled,omitempty"`
}

// UpdateUserOutput is the answer of UpdateUser.
type UpdateUserOutput struct {
	// User is the user as updated.
	User *User
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// UpdateUser renames, re-describes, enables or disables a user and returns
// it as updated. A rename is not repeated once the server may have acted on
// it (a failure then matches iam.ErrOutcomeUnknown); other updates are.
func (c *Client) UpdateUser(ctx context.Context, in *UpdateUserInput) (*UpdateUserOutput, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
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
	// A rename is not repeated once the server may have acted: the repeat
	// would find no user of the old name and hide the rename.
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"user", in.UserName}, in: in,
		idempotent: in.NewName == nil || *in.NewName == in.UserName, expect: named("user", &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &UpdateUserOutput{User: w.user(), RequestID: resp.RequestID}, nil
}

// DeleteUserInput is the input of DeleteUser (DELETE /v1/user/{userName}).
type DeleteUserInput struct {
	// UserName is the user to delete; required.
	UserName string
}

// DeleteUserOutput is the answer of DeleteUser.
type DeleteUserOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeleteUser deletes the named user, or fails with ErrNotFound.
func (c *Client) DeleteUser(ctx context.Context, in *DeleteUserInput) (*DeleteUserOutput, error) {
	const op = "DeleteUser"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"user", in.UserName}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteUserOutput{RequestID: resp.RequestID}, nil
}

// ListUsersInput is the input of ListUsers (GET /v1/user). Baidu's ListUser
// takes no parameters and is not paginated; the struct exists so that
// parameters can be added without breaking callers. It may be nil.
type ListUsersInput struct{}

// ListUsersOutput is the answer of ListUsers.
type ListUsersOutput struct {
	// Users is every user of the account, in the service's order.
	Users []*User
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListUsers returns every user of the account, as the service does (it has
// no pagination). For a large account, AllUsers holds one user at a time.
func (c *Client) ListUsers(ctx context.Context, in *ListUsersInput) (*ListUsersOutput, error) {
	var w struct {
		Users []userWire `json:"users"`
	}
	cl := c.listUsersCall()
	cl.expect = func([]byte) error { return checkList("users", w.Users, (*userWire).check) }
	resp, err := c.do(ctx, cl, &w)
	if err != nil {
		return nil, err
	}
	out := &ListUsersOutput{Users: make([]*User, 0, len(w.Users)), RequestID: resp.RequestID}
	for i := range w.Users {
		out.Users = append(out.Users, w.Users[i].user())
	}
	return out, nil
}

func (c *Client) listUsersCall() call {
	return call{op: "ListUsers", method: http.MethodGet, segs: []string{"user"}, idempotent: true}
}

// AllUsers yields every user of the account (GET /v1/user, the ListUsers
// call) as the answer is read, so memory stays constant whatever the
// account's size: Baidu sends the whole list in one response. A failure
// (including a body cut off midway) is yielded last, after the users that
// arrived intact; stopping the loop early closes the response.
func (c *Client) AllUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*User, error] {
	return func(yield func(*User, error) bool) {
		req, err := c.request(ctx, c.listUsersCall())
		if err == nil {
			err = c.http.Each(ctx, req, "users", func(dec *json.Decoder) (bool, error) {
				var w userWire
				if err := dec.Decode(&w); err != nil {
					return false, err
				}
				if err := w.check(); err != nil {
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
