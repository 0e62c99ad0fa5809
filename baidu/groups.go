package baidu

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The limits Baidu publishes for groups and policies (IAM system limits).
// The account's live quotas are in GetAccountSummary.
const (
	// MaxGroupNameLength is the longest group name, in characters.
	MaxGroupNameLength = 64
	// MaxGroupDescriptionLength is the longest group description (the
	// console's "备注"), in characters.
	MaxGroupDescriptionLength = 128
	// MaxPolicyNameLength is the longest custom policy name, in characters.
	MaxPolicyNameLength = 64
	// MaxGroups is how many groups an account may hold.
	MaxGroups = 50
	// MaxUsersPerGroup is how many IAM users a group may hold.
	MaxUsersPerGroup = 20
	// MaxPoliciesPerGroup is how many policies may be attached to a group.
	MaxPoliciesPerGroup = 5
)

// checkNewName checks a name a create or a rename gives: required, at most
// max characters, and safe in a path (it addresses the resource afterwards).
// Baidu's console allows letters, digits and '_' in group names; the API's
// rule is not published, so the service judges the characters.
func checkNewName(op, field, name string, max int) error {
	if err := checkPathParam(op, field, name, 4*max); err != nil {
		return err
	}
	if utf8.RuneCountInString(name) > max {
		return iam.InvalidArgument(Scheme, op, field, "must be 1-"+strconv.Itoa(max)+" characters")
	}
	return nil
}

// checkLength refuses a value longer than max characters (or not UTF-8).
func checkLength(op, field, v string, max int) error {
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
		return iam.InvalidArgument(Scheme, op, field, "must be valid UTF-8 of at most "+strconv.Itoa(max)+" characters")
	}
	return nil
}

// checkName checks a name that addresses an existing group, policy or role:
// non-empty and safe in a path (names made under other rules stay reachable).
func checkName(op, field, name string) error { return checkPathParam(op, field, name, 255) }

// params returns the query of the key/value pairs whose value is set.
func params(kv ...string) url.Values {
	var q url.Values
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			if q == nil {
				q = url.Values{}
			}
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}

// Group is Baidu's GroupModel: a group of IAM users that share the policies
// attached to it.
type Group struct {
	// ID is the service's identifier for the group (32 hex digits).
	ID string
	// Name is the group name; groups are addressed by name in every path.
	Name string
	// Description is the group's description; "" when none was set.
	Description string
	// CreateTime is when the group was created.
	CreateTime time.Time
}

type groupWire struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	CreateTime  wireTime `json:"createTime"`
	Description string   `json:"description"`
}

// check checks a group of a list: Baidu sends every group with its name.
func (w *groupWire) check() error { return need("a group in the list", "name", w.Name) }

func (w *groupWire) group() *Group {
	return &Group{ID: w.ID, Name: w.Name, Description: w.Description, CreateTime: w.CreateTime.Time()}
}

// CreateGroupInput is the input of CreateGroup (POST /v1/group).
type CreateGroupInput struct {
	// Name is required: at most 64 characters (MaxGroupNameLength). Baidu's
	// console allows letters, digits and '_'.
	Name string `json:"name"`
	// Description is optional, at most 128 characters; it is always sent,
	// even empty, as Baidu's SDK sends it.
	Description string `json:"description"`
}

// CreateGroupOutput is the answer of CreateGroup.
type CreateGroupOutput struct {
	// Group is the new group as the service reports it.
	Group *Group
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// CreateGroup creates a group. It fails with ErrAlreadyExists when the name
// is taken and ErrLimitExceeded when the account holds as many groups as
// Baidu allows (50). It is not retried once the server may have acted on it.
func (c *Client) CreateGroup(ctx context.Context, in *CreateGroupInput) (*CreateGroupOutput, error) {
	const op = "CreateGroup"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: Name is required")
	}
	if err := checkNewName(op, "Name", in.Name, MaxGroupNameLength); err != nil {
		return nil, err
	}
	if err := checkLength(op, "Description", in.Description, MaxGroupDescriptionLength); err != nil {
		return nil, err
	}
	var w groupWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, segs: []string{"group"}, in: in,
		expect: made("group", &w.ID, &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &CreateGroupOutput{Group: w.group(), RequestID: resp.RequestID}, nil
}

// GetGroupInput is the input of GetGroup (GET /v1/group/{groupName}).
type GetGroupInput struct {
	// GroupName is the group to read; required.
	GroupName string
}

// GetGroupOutput is the answer of GetGroup.
type GetGroupOutput struct {
	// Group is the group.
	Group *Group
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// GetGroup returns the named group, or ErrNotFound.
func (c *Client) GetGroup(ctx context.Context, in *GetGroupInput) (*GetGroupOutput, error) {
	const op = "GetGroup"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName is required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	var w groupWire
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"group", in.GroupName}, idempotent: true,
		expect: named("group", &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &GetGroupOutput{Group: w.group(), RequestID: resp.RequestID}, nil
}

// UpdateGroupInput is the input of UpdateGroup (PUT /v1/group/{groupName}).
// Nil fields are not sent and stay as they are.
type UpdateGroupInput struct {
	// GroupName is the group to update; required.
	GroupName string `json:"-"`
	// NewName renames the group: at most 64 characters.
	NewName *string `json:"name,omitempty"`
	// Description replaces the description, at most 128 characters. A
	// pointer to "" is sent as an empty description; Baidu's SDKs never send
	// one, and Baidu documents no way to clear a description.
	Description *string `json:"description,omitempty"`
}

// UpdateGroupOutput is the answer of UpdateGroup.
type UpdateGroupOutput struct {
	// Group is the group as updated.
	Group *Group
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// UpdateGroup renames a group or changes its description and returns it as
// updated. A rename is not repeated once the server may have acted on it (a
// failure then matches iam.ErrOutcomeUnknown).
func (c *Client) UpdateGroup(ctx context.Context, in *UpdateGroupInput) (*UpdateGroupOutput, error) {
	const op = "UpdateGroup"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName is required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewName(op, "NewName", *in.NewName, MaxGroupNameLength); err != nil {
			return nil, err
		}
	}
	if in.Description != nil {
		if err := checkLength(op, "Description", *in.Description, MaxGroupDescriptionLength); err != nil {
			return nil, err
		}
	}
	var w groupWire
	// A rename is not repeated once the server may have acted: the repeat
	// would find no group of the old name and hide the rename.
	resp, err := c.do(ctx, call{op: op, method: http.MethodPut, segs: []string{"group", in.GroupName}, in: in,
		idempotent: in.NewName == nil || *in.NewName == in.GroupName, expect: named("group", &w.Name)}, &w)
	if err != nil {
		return nil, err
	}
	return &UpdateGroupOutput{Group: w.group(), RequestID: resp.RequestID}, nil
}

// DeleteGroupInput is the input of DeleteGroup (DELETE /v1/group/{groupName}).
type DeleteGroupInput struct {
	// GroupName is the group to delete; required.
	GroupName string
}

// DeleteGroupOutput is the answer of DeleteGroup.
type DeleteGroupOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// DeleteGroup deletes the named group, with Baidu's own semantics: a group
// that still has members or attached policies may be refused (see the
// package documentation, "Errors"); the portable DeleteGroup empties it
// first.
func (c *Client) DeleteGroup(ctx context.Context, in *DeleteGroupInput) (*DeleteGroupOutput, error) {
	const op = "DeleteGroup"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName is required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodDelete, segs: []string{"group", in.GroupName}, idempotent: true}, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteGroupOutput{RequestID: resp.RequestID}, nil
}

// ListGroupsInput is the input of ListGroups (GET /v1/group). Baidu's
// ListGroup takes no parameters and is not paginated; the struct exists so
// that parameters can be added without breaking callers. It may be nil.
type ListGroupsInput struct{}

// ListGroupsOutput is the answer of ListGroups and ListGroupsForUser.
type ListGroupsOutput struct {
	// Groups is every group of the answer, in the service's order.
	Groups []*Group
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListGroups returns every group of the account in one answer (Baidu's
// group lists have no pagination; an account holds at most 50 groups).
func (c *Client) ListGroups(ctx context.Context, _ *ListGroupsInput) (*ListGroupsOutput, error) {
	return c.listGroups(ctx, "ListGroups", []string{"group"})
}

func (c *Client) listGroups(ctx context.Context, op string, segs []string) (*ListGroupsOutput, error) {
	var w struct {
		Groups []groupWire `json:"groups"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: segs, idempotent: true,
		expect: func([]byte) error { return checkList("groups", w.Groups, (*groupWire).check) }}, &w)
	if err != nil {
		return nil, err
	}
	out := &ListGroupsOutput{Groups: make([]*Group, 0, len(w.Groups)), RequestID: resp.RequestID}
	for i := range w.Groups {
		out.Groups = append(out.Groups, w.Groups[i].group())
	}
	return out, nil
}

// GroupMemberInput addresses a user's membership of a group: the input of
// AddUserToGroup and RemoveUserFromGroup
// (PUT|DELETE /v1/group/{groupName}/user/{userName}, no body).
type GroupMemberInput struct {
	// GroupName is the group; required.
	GroupName string
	// UserName is the user; required.
	UserName string
}

// AddUserToGroupInput is the input of AddUserToGroup.
type AddUserToGroupInput = GroupMemberInput

// RemoveUserFromGroupInput is the input of RemoveUserFromGroup.
type RemoveUserFromGroupInput = GroupMemberInput

// GroupMemberOutput is the answer of AddUserToGroup and RemoveUserFromGroup.
type GroupMemberOutput struct {
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

func (in *GroupMemberInput) check(op string) error {
	if in == nil {
		return iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName and UserName are required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return err
	}
	return checkUserName(op, "UserName", in.UserName)
}

// AddUserToGroup makes the user a member of the group. A group holds at
// most 20 users (ErrLimitExceeded beyond); whether Baidu accepts joining
// twice is not documented (see the package documentation, "Errors").
func (c *Client) AddUserToGroup(ctx context.Context, in *AddUserToGroupInput) (*GroupMemberOutput, error) {
	return c.membership(ctx, "AddUserToGroup", http.MethodPut, in)
}

// RemoveUserFromGroup ends the user's membership of the group (Baidu's
// DeleteUserFromGroup).
func (c *Client) RemoveUserFromGroup(ctx context.Context, in *RemoveUserFromGroupInput) (*GroupMemberOutput, error) {
	return c.membership(ctx, "RemoveUserFromGroup", http.MethodDelete, in)
}

func (c *Client) membership(ctx context.Context, op, method string, in *GroupMemberInput) (*GroupMemberOutput, error) {
	if err := in.check(op); err != nil {
		return nil, err
	}
	// Joining again is refused (409), so a join is repeated only when the
	// server certainly did not act; a removal may be repeated.
	resp, err := c.do(ctx, call{op: op, method: method, segs: []string{"group", in.GroupName, "user", in.UserName},
		idempotent: method == http.MethodDelete}, nil)
	if err != nil {
		return nil, err
	}
	return &GroupMemberOutput{RequestID: resp.RequestID}, nil
}

// ListUsersInGroupInput is the input of ListUsersInGroup
// (GET /v1/group/{groupName}/user).
type ListUsersInGroupInput struct {
	// GroupName is the group; required.
	GroupName string
}

// ListUsersInGroupOutput is the answer of ListUsersInGroup.
type ListUsersInGroupOutput struct {
	// Users are the group's members, each with its JoinTime (when it joined
	// the group).
	Users []*User
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// ListUsersInGroup returns the members of the group in one answer (not
// paginated: a group holds at most 20 users).
func (c *Client) ListUsersInGroup(ctx context.Context, in *ListUsersInGroupInput) (*ListUsersInGroupOutput, error) {
	const op = "ListUsersInGroup"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: GroupName is required")
	}
	if err := checkName(op, "GroupName", in.GroupName); err != nil {
		return nil, err
	}
	var w struct {
		Users []userWire `json:"users"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"group", in.GroupName, "user"}, idempotent: true,
		expect: func([]byte) error { return checkList("users", w.Users, (*userWire).check) }}, &w)
	if err != nil {
		return nil, err
	}
	out := &ListUsersInGroupOutput{Users: make([]*User, 0, len(w.Users)), RequestID: resp.RequestID}
	for i := range w.Users {
		out.Users = append(out.Users, w.Users[i].user())
	}
	return out, nil
}

// ListGroupsForUserInput is the input of ListGroupsForUser
// (GET /v1/user/{userName}/group).
type ListGroupsForUserInput struct {
	// UserName is the user; required.
	UserName string
}

// ListGroupsForUser returns the groups the user is a member of, in one
// answer.
func (c *Client) ListGroupsForUser(ctx context.Context, in *ListGroupsForUserInput) (*ListGroupsOutput, error) {
	const op = "ListGroupsForUser"
	if in == nil {
		return nil, iam.InvalidArgument(Scheme, op, "in", "must not be nil: UserName is required")
	}
	if err := checkUserName(op, "UserName", in.UserName); err != nil {
		return nil, err
	}
	return c.listGroups(ctx, op, []string{"user", in.UserName, "group"})
}
