package huawei

import (
	"context"
	"iter"
	"net/http"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-querystring/query"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The limits IAM documents for user groups, checked before a request is
// sent.
const (
	// MaxGroupNameLength bounds a group name, in characters (1-128; an
	// older reference page says 64, IAM's current pages and the official
	// SDK say 128).
	MaxGroupNameLength = 128
	// MaxGroupDescriptionLength bounds a group's description, in characters.
	MaxGroupDescriptionLength = 255
)

// UnixMillis is a time IAM writes as milliseconds since the Unix epoch, such
// as a group's create_time (1578969208707).
type UnixMillis int64

// Time returns the instant, in UTC; zero for 0.
func (m UnixMillis) Time() time.Time {
	if m == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(m)).UTC()
}

// Group is an IAM user group as Keystone v3 returns it (KeystoneGroupResult).
type Group struct {
	// ID is the group id, 32 hexadecimal characters.
	ID string `json:"id"`
	// Name is the group name, unique in the account.
	Name string `json:"name"`
	// Description is the group's description.
	Description string `json:"description"`
	// DomainID is the id of the account the group belongs to.
	DomainID string `json:"domain_id"`
	// CreateTime is when the group was created.
	CreateTime UnixMillis `json:"create_time"`
	// Links holds the group's resource link (only Self in the create and
	// update answers).
	Links *Links `json:"links,omitempty"`
}

type groupEnvelope struct {
	Group *Group `json:"group"`
}

func (g *Group) missing() string {
	if g == nil {
		return "group"
	}
	return missingIDName(g.ID, g.Name)
}

// complete is the Expect of an answer with a group: IAM always sends its
// id and name.
func (e *groupEnvelope) complete([]byte) error {
	if e.Group == nil {
		return lacks(`"group"`)
	}
	if m := e.Group.missing(); m != "" {
		return lacks("group " + m)
	}
	return nil
}

// checkGroupName applies IAM's rule for a group name: 1-128 characters and
// no control character.
func checkGroupName(op, field, name string) error {
	if name == "" {
		return invalid(op, field, "required")
	}
	if utf8.RuneCountInString(name) > MaxGroupNameLength {
		return invalid(op, field, "must be at most 128 characters")
	}
	if !printable(name) {
		return invalid(op, field, "must be valid UTF-8 without control characters")
	}
	return nil
}

func checkGroupDescription(op, d string) error {
	if utf8.RuneCountInString(d) > MaxGroupDescriptionLength {
		return invalid(op, "Description", "must be at most 255 characters")
	}
	if !printable(d) {
		return invalid(op, "Description", "must be valid UTF-8 without control characters")
	}
	return nil
}

// printable reports whether s is valid UTF-8 with no control character.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// CreateGroupInput is the input of CreateGroup (POST /v3/groups). Name is
// required; empty fields are not sent.
type CreateGroupInput struct {
	// Name is the group name (required): 1-128 characters, unique in the
	// account.
	Name string
	// Description is at most 255 characters.
	Description string
	// DomainID is the account id; empty lets IAM use the caller's account.
	DomainID string
}

// wireGroupOption is the group object of the create and update bodies, in
// the official SDK's field order.
type wireGroupOption struct {
	Description *string `json:"description,omitempty"`
	DomainID    string  `json:"domain_id,omitempty"`
	Name        *string `json:"name,omitempty"`
}

type wireGroupBody struct {
	Group wireGroupOption `json:"group"`
}

// CreateGroupOutput is the answer of CreateGroup.
type CreateGroupOutput struct {
	// Group is the new group.
	Group *Group
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CreateGroup creates a user group: POST /v3/groups, 201
// (KeystoneCreateGroup). A name in use is iam.ErrAlreadyExists (409), and
// an account at its group quota (20 by default) is refused.
func (c *Client) CreateGroup(ctx context.Context, in *CreateGroupInput) (*CreateGroupOutput, error) {
	const op = "CreateGroup"
	if in == nil {
		return nil, invalid(op, "CreateGroupInput", "required")
	}
	if err := checkGroupName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	if err := checkGroupDescription(op, in.Description); err != nil {
		return nil, err
	}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return nil, err
		}
	}
	body := wireGroupBody{Group: wireGroupOption{Description: opt(in.Description), DomainID: in.DomainID, Name: &in.Name}}
	var env groupEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v3/groups", body: body, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &CreateGroupOutput{Group: env.Group, RequestID: resp.RequestID}, nil
}

// ShowGroupInput is the input of ShowGroup.
type ShowGroupInput struct {
	// GroupID is the id of the group to show (required).
	GroupID string
}

// ShowGroupOutput is the answer of ShowGroup.
type ShowGroupOutput struct {
	// Group is the group.
	Group *Group
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowGroup returns a group: GET /v3/groups/{group_id} (KeystoneShowGroup).
func (c *Client) ShowGroup(ctx context.Context, in *ShowGroupInput) (*ShowGroupOutput, error) {
	const op = "ShowGroup"
	if in == nil {
		return nil, invalid(op, "ShowGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	var env groupEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3/groups/" + in.GroupID, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowGroupOutput{Group: env.Group, RequestID: resp.RequestID}, nil
}

// UpdateGroupInput is the input of UpdateGroup (PATCH /v3/groups/{group_id}):
// GroupID and at least one of Name and Description are required.
type UpdateGroupInput struct {
	// GroupID is the id of the group to modify (required).
	GroupID string
	// Name renames the group, under the rule of CreateGroupInput.Name.
	Name *string
	// Description sets the description; a pointer to "" clears it.
	Description *string
	// DomainID is the account id the body may carry; it cannot move the
	// group to another account.
	DomainID string
}

// UpdateGroupOutput is the answer of UpdateGroup.
type UpdateGroupOutput struct {
	// Group is the modified group.
	Group *Group
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// UpdateGroup renames a group or changes its description: PATCH
// /v3/groups/{group_id}, 200 (KeystoneUpdateGroup). A name in use is
// iam.ErrAlreadyExists (409).
func (c *Client) UpdateGroup(ctx context.Context, in *UpdateGroupInput) (*UpdateGroupOutput, error) {
	const op = "UpdateGroup"
	if in == nil {
		return nil, invalid(op, "UpdateGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	if in.Name == nil && in.Description == nil {
		return nil, invalid(op, "UpdateGroupInput", "set Name or Description")
	}
	if in.Name != nil {
		if err := checkGroupName(op, "Name", *in.Name); err != nil {
			return nil, err
		}
	}
	if in.Description != nil {
		if err := checkGroupDescription(op, *in.Description); err != nil {
			return nil, err
		}
	}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return nil, err
		}
	}
	body := wireGroupBody{Group: wireGroupOption{Description: in.Description, DomainID: in.DomainID, Name: in.Name}}
	var env groupEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodPatch, path: "/v3/groups/" + in.GroupID, body: body, idempotent: true, expect: env.complete}, &env)
	if err != nil {
		return nil, err
	}
	return &UpdateGroupOutput{Group: env.Group, RequestID: resp.RequestID}, nil
}

// DeleteGroupInput is the input of DeleteGroup.
type DeleteGroupInput struct {
	// GroupID is the id of the group to delete (required).
	GroupID string
}

// DeleteGroupOutput is the (empty) answer of DeleteGroup.
type DeleteGroupOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// DeleteGroup deletes a group: DELETE /v3/groups/{group_id}, 204
// (KeystoneDeleteGroup). IAM documents no precondition: as in Keystone,
// the group's memberships and role grants go with it.
func (c *Client) DeleteGroup(ctx context.Context, in *DeleteGroupInput) (*DeleteGroupOutput, error) {
	const op = "DeleteGroup"
	if in == nil {
		return nil, invalid(op, "DeleteGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: "/v3/groups/" + in.GroupID, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &DeleteGroupOutput{RequestID: rid}, nil
}

// ListGroupsInput filters ListGroups (GET /v3/groups); it may be nil.
type ListGroupsInput struct {
	// DomainID lists only the groups of that account.
	DomainID string
	// Name lists only the group with exactly that name.
	Name string
}

// ListGroupsOutput is the answer of ListGroups. Keystone's list has no
// paging: it holds every matching group.
type ListGroupsOutput struct {
	// Groups are the matching groups.
	Groups []*Group `json:"groups"`
	// Links holds the list's own link; Previous and Next are "".
	Links Links `json:"links"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

type listGroupsQuery struct {
	DomainID string `url:"domain_id,omitempty"`
	Name     string `url:"name,omitempty"`
}

func listGroupsCall(in *ListGroupsInput) (call, error) {
	const op = "ListGroups"
	if in == nil {
		in = &ListGroupsInput{}
	}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return call{}, err
		}
	}
	if utf8.RuneCountInString(in.Name) > MaxGroupNameLength {
		return call{}, invalid(op, "Name", "must be at most 128 characters")
	}
	v, err := query.Values(listGroupsQuery{DomainID: in.DomainID, Name: in.Name})
	if err != nil {
		return call{}, &iam.Error{Provider: Scheme, Op: op, Kind: iam.ErrInvalidArgument, Message: "cannot encode the query", Err: err}
	}
	return call{op: op, method: http.MethodGet, path: "/v3/groups", query: v, idempotent: true}, nil
}

// ListGroups lists the account's groups: GET /v3/groups with the domain_id
// and name (exact) filters (KeystoneListGroups). AllGroups holds one group
// at a time instead.
func (c *Client) ListGroups(ctx context.Context, in *ListGroupsInput) (*ListGroupsOutput, error) {
	k, err := listGroupsCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListGroupsOutput{}
	k.expect = func([]byte) error { return checkList(out.Groups, "groups") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllGroups yields the groups ListGroups lists as the answer is read, so
// memory stays constant whatever the account's size; a failure is yielded
// last.
func (c *Client) AllGroups(ctx context.Context, in *ListGroupsInput) iter.Seq2[*Group, error] {
	k, err := listGroupsCall(in)
	return stream[Group](c, ctx, k, err, "groups")
}

// membershipCall validates a group and user id pair.
func membershipCall(op, method, groupID, userID string) (call, error) {
	if err := checkID(op, "GroupID", groupID); err != nil {
		return call{}, err
	}
	if err := checkID(op, "UserID", userID); err != nil {
		return call{}, err
	}
	return call{op: op, method: method, path: "/v3/groups/" + groupID + "/users/" + userID, idempotent: true}, nil
}

// AddUserToGroupInput is the input of AddUserToGroup.
type AddUserToGroupInput struct {
	// GroupID is the id of the group (required).
	GroupID string
	// UserID is the id of the user to add (required).
	UserID string
}

// AddUserToGroupOutput is the (empty) answer of AddUserToGroup.
type AddUserToGroupOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// AddUserToGroup adds a user to a group: PUT
// /v3/groups/{group_id}/users/{user_id}, 204, no body
// (KeystoneAddUserToGroup). Adding a member again changes nothing (204); a
// user may join at most 10 groups.
func (c *Client) AddUserToGroup(ctx context.Context, in *AddUserToGroupInput) (*AddUserToGroupOutput, error) {
	const op = "AddUserToGroup"
	if in == nil {
		return nil, invalid(op, "AddUserToGroupInput", "required")
	}
	k, err := membershipCall(op, http.MethodPut, in.GroupID, in.UserID)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, k)
	if err != nil {
		return nil, err
	}
	return &AddUserToGroupOutput{RequestID: rid}, nil
}

// CheckUserInGroupInput is the input of CheckUserInGroup.
type CheckUserInGroupInput struct {
	// GroupID is the id of the group (required).
	GroupID string
	// UserID is the id of the user (required).
	UserID string
}

// CheckUserInGroupOutput is the answer of CheckUserInGroup.
type CheckUserInGroupOutput struct {
	// Member is true for IAM's 204, false for its 404 (the user is not a
	// member, or the group or the user does not exist).
	Member bool
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CheckUserInGroup tells whether a user is a member of a group: HEAD
// /v3/groups/{group_id}/users/{user_id} (KeystoneCheckUserInGroup).
func (c *Client) CheckUserInGroup(ctx context.Context, in *CheckUserInGroupInput) (*CheckUserInGroupOutput, error) {
	const op = "CheckUserInGroup"
	if in == nil {
		return nil, invalid(op, "CheckUserInGroupInput", "required")
	}
	k, err := membershipCall(op, http.MethodHead, in.GroupID, in.UserID)
	if err != nil {
		return nil, err
	}
	ok, rid, err := c.check(ctx, k)
	if err != nil {
		return nil, err
	}
	return &CheckUserInGroupOutput{Member: ok, RequestID: rid}, nil
}

// RemoveUserFromGroupInput is the input of RemoveUserFromGroup.
type RemoveUserFromGroupInput struct {
	// GroupID is the id of the group (required).
	GroupID string
	// UserID is the id of the user to remove (required).
	UserID string
}

// RemoveUserFromGroupOutput is the (empty) answer of RemoveUserFromGroup.
type RemoveUserFromGroupOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// RemoveUserFromGroup removes a user from a group: DELETE
// /v3/groups/{group_id}/users/{user_id}, 204 (KeystoneRemoveUserFromGroup).
// A user who is not a member is iam.ErrNotFound (404).
func (c *Client) RemoveUserFromGroup(ctx context.Context, in *RemoveUserFromGroupInput) (*RemoveUserFromGroupOutput, error) {
	const op = "RemoveUserFromGroup"
	if in == nil {
		return nil, invalid(op, "RemoveUserFromGroupInput", "required")
	}
	k, err := membershipCall(op, http.MethodDelete, in.GroupID, in.UserID)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, k)
	if err != nil {
		return nil, err
	}
	return &RemoveUserFromGroupOutput{RequestID: rid}, nil
}

// ListUsersForGroupInput is the input of ListUsersForGroup.
type ListUsersForGroupInput struct {
	// GroupID is the id of the group (required).
	GroupID string
}

// ListUsersForGroupOutput is the answer of ListUsersForGroup; the list has
// no paging.
type ListUsersForGroupOutput struct {
	// Users are the group's members, in the Keystone user shape.
	Users []*ListedUser `json:"users"`
	// Links holds the list's own link.
	Links Links `json:"links"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

func listUsersForGroupCall(in *ListUsersForGroupInput) (call, error) {
	const op = "ListUsersForGroup"
	if in == nil {
		return call{}, invalid(op, "ListUsersForGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return call{}, err
	}
	return call{op: op, method: http.MethodGet, path: "/v3/groups/" + in.GroupID + "/users", idempotent: true}, nil
}

// ListUsersForGroup lists a group's members: GET /v3/groups/{group_id}/users
// (KeystoneListUsersForGroupByAdmin). AllUsersForGroup holds one user at a
// time instead.
func (c *Client) ListUsersForGroup(ctx context.Context, in *ListUsersForGroupInput) (*ListUsersForGroupOutput, error) {
	k, err := listUsersForGroupCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListUsersForGroupOutput{}
	k.expect = func([]byte) error { return checkList(out.Users, "users") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllUsersForGroup yields a group's members as the answer is read.
func (c *Client) AllUsersForGroup(ctx context.Context, in *ListUsersForGroupInput) iter.Seq2[*ListedUser, error] {
	k, err := listUsersForGroupCall(in)
	return stream[ListedUser](c, ctx, k, err, "users")
}

// ListGroupsForUserInput is the input of ListGroupsForUser.
type ListGroupsForUserInput struct {
	// UserID is the id of the user (required).
	UserID string
}

// ListGroupsForUserOutput is the answer of ListGroupsForUser; the list has
// no paging.
type ListGroupsForUserOutput struct {
	// Groups are the groups the user is a member of.
	Groups []*Group `json:"groups"`
	// Links holds the list's own link.
	Links Links `json:"links"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

func listGroupsForUserCall(in *ListGroupsForUserInput) (call, error) {
	const op = "ListGroupsForUser"
	if in == nil {
		return call{}, invalid(op, "ListGroupsForUserInput", "required")
	}
	if err := checkID(op, "UserID", in.UserID); err != nil {
		return call{}, err
	}
	return call{op: op, method: http.MethodGet, path: "/v3/users/" + in.UserID + "/groups", idempotent: true}, nil
}

// ListGroupsForUser lists the groups a user is a member of: GET
// /v3/users/{user_id}/groups (KeystoneListGroupsForUser). AllGroupsForUser
// holds one group at a time instead.
func (c *Client) ListGroupsForUser(ctx context.Context, in *ListGroupsForUserInput) (*ListGroupsForUserOutput, error) {
	k, err := listGroupsForUserCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListGroupsForUserOutput{}
	k.expect = func([]byte) error { return checkList(out.Groups, "groups") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllGroupsForUser yields the groups of a user as the answer is read.
func (c *Client) AllGroupsForUser(ctx context.Context, in *ListGroupsForUserInput) iter.Seq2[*Group, error] {
	k, err := listGroupsForUserCall(in)
	return stream[Group](c, ctx, k, err, "groups")
}
