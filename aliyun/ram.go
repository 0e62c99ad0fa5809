package aliyun

import (
	"context"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// RAMClient is a client of Alibaba Cloud RAM (API version 2015-05-01): users,
// console login profiles and access keys. Its methods follow the RAM actions
// one to one; IAM returns the portable iam.Client over it. It is safe for
// concurrent use.
type RAMClient struct {
	rpc *rpcClient
}

// NewRAM returns a RAMClient. cfg.AccessKeyID and cfg.SecretAccessKey are
// required; the endpoint defaults to RAMEndpoint.
func NewRAM(cfg Config) (*RAMClient, error) {
	rpc, err := newRPC(SchemeRAM, RAMVersion, RAMEndpoint, &cfg)
	if err != nil {
		return nil, err
	}
	return &RAMClient{rpc: rpc}, nil
}

// RAMUser is a RAM user as RAM reports it. GetUser also fills UpdateDate and
// LastLoginDate (the last console password logon); the list omits
// LastLoginDate.
type RAMUser struct {
	// UserID is RAM's id of the user (digits).
	UserID string
	// UserName is the user's name, unique in the account.
	UserName string
	// DisplayName is the name shown in the console.
	DisplayName string
	// Email is the user's address (China site only).
	Email string
	// MobilePhone is "<country code>-<number>", for example "86-18688888888"
	// (China site only).
	MobilePhone string
	// Comments is the user's description.
	Comments string
	// CreateDate is when the user was created.
	CreateDate time.Time
	// UpdateDate is when the user was last changed.
	UpdateDate time.Time
	// LastLoginDate is the last console password logon (GetUser only).
	LastLoginDate time.Time
}

type wireRAMUser struct {
	UserID        string   `json:"UserId"`
	UserName      string   `json:"UserName"`
	DisplayName   string   `json:"DisplayName"`
	Email         string   `json:"Email"`
	MobilePhone   string   `json:"MobilePhone"`
	Comments      string   `json:"Comments"`
	CreateDate    wireTime `json:"CreateDate"`
	UpdateDate    wireTime `json:"UpdateDate"`
	LastLoginDate wireTime `json:"LastLoginDate"`
}

// lacksName and lacksIDName name what a user in an answer must have and
// lacks ("" when it has it).
func (w *wireRAMUser) lacksName() string { return needStrings("UserName", w.UserName) }

func (w *wireRAMUser) lacksIDName() string {
	return needStrings("UserId", w.UserID, "UserName", w.UserName)
}

func (w *wireRAMUser) native() *RAMUser {
	if w == nil {
		return nil
	}
	return &RAMUser{
		UserID: w.UserID, UserName: w.UserName, DisplayName: w.DisplayName, Email: w.Email,
		MobilePhone: w.MobilePhone, Comments: w.Comments, CreateDate: w.CreateDate.Time(),
		UpdateDate: w.UpdateDate.Time(), LastLoginDate: w.LastLoginDate.Time(),
	}
}

// RAMCreateUserInput is the input of RAMClient.CreateUser.
type RAMCreateUserInput struct {
	// UserName is required: 1-64 letters, digits, '.', '-' or '_' (the rule
	// for new names; existing users are reached by any name RAM holds).
	UserName string
	// DisplayName is 1-128 characters; optional.
	DisplayName string
	// MobilePhone is "<country code>-<number>" (China site only); optional.
	MobilePhone string
	// Email is the user's address (China site only); optional.
	Email string
	// Comments is up to 128 characters; optional.
	Comments string
}

// RAMCreateUserOutput is the answer of RAMClient.CreateUser.
type RAMCreateUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// User is the created user.
	User *RAMUser
}

type ramCreateUserParams struct {
	UserName    string `url:"UserName"`
	DisplayName string `url:"DisplayName,omitempty"`
	MobilePhone string `url:"MobilePhone,omitempty"`
	Email       string `url:"Email,omitempty"`
	Comments    string `url:"Comments,omitempty"`
}

// ramFields names a user's optional fields in errors: the native
// parameters of CreateUser or UpdateUser, or the portable fields.
type ramFields struct{ display, phone, email, comments string }

var (
	ramCreateFields = ramFields{"DisplayName", "MobilePhone", "Email", "Comments"}
	ramUpdateFields = ramFields{"NewDisplayName", "NewMobilePhone", "NewEmail", "NewComments"}
)

// ramProfileRules checks a user's optional fields (empty: not sent).
func ramProfileRules(f ramFields, display, phone, email, comments string) []fieldRule {
	rules := []fieldRule{{f.display, lenRule(display, 128)}, {f.comments, lenRule(comments, 128)}}
	if hasControl(display) {
		rules = append(rules, fieldRule{f.display, "must not contain control characters"})
	}
	if phone != "" {
		rules = append(rules, fieldRule{f.phone, ramPhoneRule(phone)})
	}
	if email != "" {
		rules = append(rules, fieldRule{f.email, ramEmailRule(email)})
	}
	return rules
}

// nameRule checks a UserName that addresses an existing user: see
// existingNameRule (RAM names are at most 64 characters under every rule).
func nameRule(name string) string { return existingNameRule(name, 64) }

// CreateUser creates a RAM user (action CreateUser). It is not retried once
// the server may have acted: a repeat could answer EntityAlreadyExists.User.
func (c *RAMClient) CreateUser(ctx context.Context, in *RAMCreateUserInput) (*RAMCreateUserOutput, error) {
	const op = "CreateUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	rules := append([]fieldRule{{"UserName", ramNewUserNameRule(in.UserName)}},
		ramProfileRules(ramCreateFields, in.DisplayName, in.MobilePhone, in.Email, in.Comments)...)
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		User *wireRAMUser
	}
	rid, err := c.rpc.call(ctx, op, &ramCreateUserParams{
		UserName: in.UserName, DisplayName: in.DisplayName, MobilePhone: in.MobilePhone,
		Email: in.Email, Comments: in.Comments,
	}, false, &out, func() string { return needObject("User", out.User, (*wireRAMUser).lacksIDName) })
	if err != nil {
		return nil, err
	}
	return &RAMCreateUserOutput{RequestID: rid, User: out.User.native()}, nil
}

// RAMGetUserInput is the input of RAMClient.GetUser.
type RAMGetUserInput struct {
	// UserName is the user; required. Any name RAM holds is accepted,
	// including those older rules allowed (with '@').
	UserName string
}

// RAMGetUserOutput is the answer of RAMClient.GetUser.
type RAMGetUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// User is the user, with UpdateDate and LastLoginDate.
	User *RAMUser
}

type ramUserNameParams struct {
	UserName string `url:"UserName"`
}

// GetUser returns a RAM user (action GetUser); EntityNotExist.User is ErrNotFound.
func (c *RAMClient) GetUser(ctx context.Context, in *RAMGetUserInput) (*RAMGetUserOutput, error) {
	const op = "GetUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	var out struct {
		answer
		User *wireRAMUser
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, &out,
		func() string { return needObject("User", out.User, (*wireRAMUser).lacksName) })
	if err != nil {
		return nil, err
	}
	return &RAMGetUserOutput{RequestID: rid, User: out.User.native()}, nil
}

// RAMUpdateUserInput is the input of RAMClient.UpdateUser. Empty New* fields
// are left unchanged: RAM cannot clear a field.
type RAMUpdateUserInput struct {
	// UserName is the user to change; required. Any name RAM holds is
	// accepted, including those older rules allowed (with '@').
	UserName string
	// NewUserName renames the user, under the rule for new names (as
	// RAMCreateUserInput.UserName).
	NewUserName string
	// NewDisplayName is up to 128 characters.
	NewDisplayName string
	// NewMobilePhone is "<country code>-<number>".
	NewMobilePhone string
	// NewEmail is the new address.
	NewEmail string
	// NewComments is up to 128 characters.
	NewComments string
}

// RAMUpdateUserOutput is the answer of RAMClient.UpdateUser: the updated user.
type RAMUpdateUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// User is the user after the change.
	User *RAMUser
}

type ramUpdateUserParams struct {
	UserName       string `url:"UserName"`
	NewUserName    string `url:"NewUserName,omitempty"`
	NewDisplayName string `url:"NewDisplayName,omitempty"`
	NewMobilePhone string `url:"NewMobilePhone,omitempty"`
	NewEmail       string `url:"NewEmail,omitempty"`
	NewComments    string `url:"NewComments,omitempty"`
}

// UpdateUser changes a RAM user (action UpdateUser). A taken NewUserName is
// ErrAlreadyExists.
func (c *RAMClient) UpdateUser(ctx context.Context, in *RAMUpdateUserInput) (*RAMUpdateUserOutput, error) {
	const op = "UpdateUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	rules := []fieldRule{{"UserName", nameRule(in.UserName)}}
	if in.NewUserName != "" {
		rules = append(rules, fieldRule{"NewUserName", ramNewUserNameRule(in.NewUserName)})
	}
	rules = append(rules, ramProfileRules(ramUpdateFields, in.NewDisplayName, in.NewMobilePhone, in.NewEmail, in.NewComments)...)
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		User *wireRAMUser
	}
	rid, err := c.rpc.call(ctx, op, &ramUpdateUserParams{
		UserName: in.UserName, NewUserName: in.NewUserName, NewDisplayName: in.NewDisplayName,
		NewMobilePhone: in.NewMobilePhone, NewEmail: in.NewEmail, NewComments: in.NewComments,
	}, true, &out, func() string { return needObject("User", out.User, (*wireRAMUser).lacksName) })
	if err != nil {
		return nil, err
	}
	return &RAMUpdateUserOutput{RequestID: rid, User: out.User.native()}, nil
}

// RAMDeleteUserInput is the input of RAMClient.DeleteUser.
type RAMDeleteUserInput struct {
	// UserName is the user; required.
	UserName string
}

// RAMDeleteUserOutput is the answer of RAMClient.DeleteUser.
type RAMDeleteUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// DeleteUser deletes a RAM user (action DeleteUser). RAM refuses while the
// user still has access keys, a login profile, groups, policies or an MFA
// device: DeleteConflict.User.* is ErrFailedPrecondition.
func (c *RAMClient) DeleteUser(ctx context.Context, in *RAMDeleteUserInput) (*RAMDeleteUserOutput, error) {
	const op = "DeleteUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeleteUserOutput{RequestID: rid}, nil
}

// RAMListUsersInput is the input of RAMClient.ListUsers; nil lists the first page.
type RAMListUsersInput struct {
	// Marker is the Marker of the previous page; empty starts at the beginning.
	Marker string
	// MaxItems is the page size, 1-1000; zero uses RAM's default (100).
	MaxItems int
}

// RAMListUsersOutput is one page of RAMClient.ListUsers. While IsTruncated,
// pass Marker back to get the next page.
type RAMListUsersOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// IsTruncated tells whether more pages follow.
	IsTruncated bool
	// Marker is where the next page starts (opaque).
	Marker string
	// Users are the page's users, without LastLoginDate.
	Users []*RAMUser
}

type ramListUsersParams struct {
	Marker   string `url:"Marker,omitempty"`
	MaxItems int    `url:"MaxItems,omitempty"`
}

// ListUsers returns one page of RAM users (action ListUsers).
func (c *RAMClient) ListUsers(ctx context.Context, in *RAMListUsersInput) (*RAMListUsersOutput, error) {
	const op = "ListUsers"
	if in == nil {
		in = &RAMListUsersInput{}
	}
	if in.MaxItems < 0 || in.MaxItems > 1000 {
		return nil, c.rpc.invalidArg(op, "MaxItems", "must be between 1 and 1000 (0 uses the default)")
	}
	var out struct {
		answer
		IsTruncated bool
		Marker      string
		Users       struct{ User []*wireRAMUser }
	}
	rid, err := c.rpc.call(ctx, op, &ramListUsersParams{Marker: in.Marker, MaxItems: in.MaxItems}, true, &out,
		func() string { return needList("Users.User", out.Users.User, (*wireRAMUser).lacksIDName) })
	if err != nil {
		return nil, err
	}
	res := &RAMListUsersOutput{RequestID: rid, IsTruncated: out.IsTruncated, Marker: out.Marker}
	for _, u := range out.Users.User {
		if u != nil {
			res.Users = append(res.Users, u.native())
		}
	}
	if res.IsTruncated && res.Marker == "" {
		return nil, &iam.Error{Provider: SchemeRAM, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse,
			Message: "IsTruncated without a Marker"}
	}
	return res, nil
}
