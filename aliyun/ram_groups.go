package aliyun

import (
	"context"
	"iter"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// RAMGroup is a RAM user group as RAM reports it. Which dates are set
// depends on the call: CreateGroup gives CreateDate; GetGroup, UpdateGroup
// and ListGroups add UpdateDate; ListGroupsForUser gives JoinDate (when the
// user joined) and no CreateDate; ListEntitiesForPolicy gives AttachDate
// (when the policy was attached) and no GroupId.
type RAMGroup struct {
	// GroupID is RAM's id of the group (digits); informational, since RAM
	// addresses groups by name.
	GroupID string
	// GroupName is the group's name, unique in the account.
	GroupName string
	// Comments is the group's description.
	Comments string
	// CreateDate is when the group was created.
	CreateDate time.Time
	// UpdateDate is when the group was last changed.
	UpdateDate time.Time
	// JoinDate is when the user joined the group (ListGroupsForUser).
	JoinDate time.Time
	// AttachDate is when the policy was attached to the group
	// (ListEntitiesForPolicy).
	AttachDate time.Time
}

type wireRAMGroup struct {
	GroupID    string   `json:"GroupId"`
	GroupName  string   `json:"GroupName"`
	Comments   string   `json:"Comments"`
	CreateDate wireTime `json:"CreateDate"`
	UpdateDate wireTime `json:"UpdateDate"`
	JoinDate   wireTime `json:"JoinDate"`
	AttachDate wireTime `json:"AttachDate"`
}

// lacks names what a group in an answer must have and lacks: RAM
// addresses groups by name.
func (w *wireRAMGroup) lacks() string { return needStrings("GroupName", w.GroupName) }

func (w *wireRAMGroup) native() *RAMGroup {
	return &RAMGroup{GroupID: w.GroupID, GroupName: w.GroupName, Comments: w.Comments, CreateDate: w.CreateDate.Time(),
		UpdateDate: w.UpdateDate.Time(), JoinDate: w.JoinDate.Time(), AttachDate: w.AttachDate.Time()}
}

// RAMUserSummary is a user in the lists of a group's members
// (ListUsersForGroup, with JoinDate) and of a policy's users
// (ListEntitiesForPolicy, with UserID and AttachDate).
type RAMUserSummary struct {
	// UserID is RAM's id of the user; ListUsersForGroup does not return it.
	UserID string
	// UserName is the user's name.
	UserName string
	// DisplayName is the name shown in the console.
	DisplayName string
	// JoinDate is when the user joined the group (ListUsersForGroup).
	JoinDate time.Time
	// AttachDate is when the policy was attached to the user
	// (ListEntitiesForPolicy).
	AttachDate time.Time
}

type wireRAMUserSummary struct {
	UserID      string   `json:"UserId"`
	UserName    string   `json:"UserName"`
	DisplayName string   `json:"DisplayName"`
	JoinDate    wireTime `json:"JoinDate"`
	AttachDate  wireTime `json:"AttachDate"`
}

// lacks names what a user of a list of members or of a policy's users
// must have and lacks.
func (w *wireRAMUserSummary) lacks() string { return needStrings("UserName", w.UserName) }

func (w *wireRAMUserSummary) native() *RAMUserSummary {
	return &RAMUserSummary{UserID: w.UserID, UserName: w.UserName, DisplayName: w.DisplayName,
		JoinDate: w.JoinDate.Time(), AttachDate: w.AttachDate.Time()}
}

// ramNewGroupNameRule is RAM's rule for a name a group is given (CreateGroup's
// GroupName, UpdateGroup's NewGroupName): 1-64 letters, digits, '.', '-' or
// '_', as the current API reference says. Older pages allowed letters,
// digits and '-' only; names of that rule pass too.
func ramNewGroupNameRule(s string) string {
	if !onlyOf(s, alnum+"._-", 1, 64) {
		return "must be 1-64 characters of letters, digits, '.', '-' and '_'"
	}
	return ""
}

// groupRule checks a GroupName that addresses an existing group: any name
// RAM may hold, up to 64 characters, sent percent-encoded.
func groupRule(name string) string { return existingNameRule(name, 64) }

// RAMCreateGroupInput is the input of RAMClient.CreateGroup.
type RAMCreateGroupInput struct {
	// GroupName is required: 1-64 letters, digits, '.', '-' or '_'.
	GroupName string
	// Comments is the group's description, up to 128 characters; optional.
	Comments string
}

// RAMCreateGroupOutput is the answer of RAMClient.CreateGroup.
type RAMCreateGroupOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Group is the new group, with CreateDate.
	Group *RAMGroup
}

type ramCreateGroupParams struct {
	GroupName string `url:"GroupName"`
	Comments  string `url:"Comments,omitempty"`
}

// CreateGroup creates a RAM user group (action CreateGroup). A taken name is
// ErrAlreadyExists (EntityAlreadyExists.Group); a full account is
// ErrLimitExceeded (LimitExceeded.Group). It is not repeated once the server
// may have acted.
func (c *RAMClient) CreateGroup(ctx context.Context, in *RAMCreateGroupInput) (*RAMCreateGroupOutput, error) {
	const op = "CreateGroup"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"GroupName", ramNewGroupNameRule(in.GroupName)},
		fieldRule{"Comments", lenRule(in.Comments, 128)}); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Group *wireRAMGroup
	}
	rid, err := c.rpc.call(ctx, op, &ramCreateGroupParams{GroupName: in.GroupName, Comments: in.Comments}, false, &out,
		func() string { return needObject("Group", out.Group, (*wireRAMGroup).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMCreateGroupOutput{RequestID: rid, Group: out.Group.native()}, nil
}

// RAMGetGroupInput is the input of RAMClient.GetGroup.
type RAMGetGroupInput struct {
	// GroupName is the group; required.
	GroupName string
}

// RAMGetGroupOutput is the answer of RAMClient.GetGroup.
type RAMGetGroupOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Group is the group, with CreateDate and UpdateDate.
	Group *RAMGroup
}

type ramGroupNameParams struct {
	GroupName string `url:"GroupName"`
}

// GetGroup returns a RAM user group (action GetGroup); EntityNotExist.Group
// is ErrNotFound.
func (c *RAMClient) GetGroup(ctx context.Context, in *RAMGetGroupInput) (*RAMGetGroupOutput, error) {
	const op = "GetGroup"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	if r := groupRule(in.GroupName); r != "" {
		return nil, c.rpc.invalidArg(op, "GroupName", r)
	}
	var out struct {
		answer
		Group *wireRAMGroup
	}
	rid, err := c.rpc.call(ctx, op, &ramGroupNameParams{GroupName: in.GroupName}, true, &out,
		func() string { return needObject("Group", out.Group, (*wireRAMGroup).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMGetGroupOutput{RequestID: rid, Group: out.Group.native()}, nil
}

// RAMUpdateGroupInput is the input of RAMClient.UpdateGroup. Empty New*
// fields are left unchanged: RAM cannot clear a group's Comments.
type RAMUpdateGroupInput struct {
	// GroupName is the group to change; required.
	GroupName string
	// NewGroupName renames the group: 1-64 letters, digits, '.', '-' or '_'.
	NewGroupName string
	// NewComments replaces the description: 1-128 characters.
	NewComments string
}

// RAMUpdateGroupOutput is the answer of RAMClient.UpdateGroup.
type RAMUpdateGroupOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Group is the group after the change.
	Group *RAMGroup
}

type ramUpdateGroupParams struct {
	GroupName    string `url:"GroupName"`
	NewGroupName string `url:"NewGroupName,omitempty"`
	NewComments  string `url:"NewComments,omitempty"`
}

// UpdateGroup renames a RAM user group or changes its description (action
// UpdateGroup). A taken NewGroupName is ErrAlreadyExists.
func (c *RAMClient) UpdateGroup(ctx context.Context, in *RAMUpdateGroupInput) (*RAMUpdateGroupOutput, error) {
	const op = "UpdateGroup"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	rules := []fieldRule{{"GroupName", groupRule(in.GroupName)}}
	if in.NewGroupName != "" {
		rules = append(rules, fieldRule{"NewGroupName", ramNewGroupNameRule(in.NewGroupName)})
	}
	rules = append(rules, fieldRule{"NewComments", lenRule(in.NewComments, 128)})
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	var out struct {
		answer
		Group *wireRAMGroup
	}
	rid, err := c.rpc.call(ctx, op, &ramUpdateGroupParams{GroupName: in.GroupName, NewGroupName: in.NewGroupName,
		NewComments: in.NewComments}, true, &out, func() string { return needObject("Group", out.Group, (*wireRAMGroup).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMUpdateGroupOutput{RequestID: rid, Group: out.Group.native()}, nil
}

// RAMDeleteGroupInput is the input of RAMClient.DeleteGroup.
type RAMDeleteGroupInput struct {
	// GroupName is the group; required.
	GroupName string
}

// RAMDeleteGroupOutput is the answer of RAMClient.DeleteGroup.
type RAMDeleteGroupOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

// DeleteGroup deletes a RAM user group (action DeleteGroup). RAM refuses
// while the group has members (DeleteConflict.Group.User) or attached
// policies (DeleteConflict.Group.Policy): ErrFailedPrecondition. The
// portable DeleteGroup removes both first.
func (c *RAMClient) DeleteGroup(ctx context.Context, in *RAMDeleteGroupInput) (*RAMDeleteGroupOutput, error) {
	const op = "DeleteGroup"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	if r := groupRule(in.GroupName); r != "" {
		return nil, c.rpc.invalidArg(op, "GroupName", r)
	}
	rid, err := c.rpc.call(ctx, op, &ramGroupNameParams{GroupName: in.GroupName}, true, nil)
	if err != nil {
		return nil, err
	}
	return &RAMDeleteGroupOutput{RequestID: rid}, nil
}

// RAMListGroupsInput is the input of RAMClient.ListGroups; nil lists the
// first page.
type RAMListGroupsInput struct {
	// Marker is the Marker of the previous page; empty starts at the beginning.
	Marker string
	// MaxItems is the page size, 1-100; zero uses RAM's default (100).
	MaxItems int
}

// RAMListGroupsOutput is one page of RAMClient.ListGroups. While
// IsTruncated, pass Marker back to get the next page.
type RAMListGroupsOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// IsTruncated tells whether more pages follow.
	IsTruncated bool
	// Marker is where the next page starts (opaque).
	Marker string
	// Groups are the page's groups.
	Groups []*RAMGroup
}

type ramListParams struct {
	Marker   string `url:"Marker,omitempty"`
	MaxItems int    `url:"MaxItems,omitempty"`
}

// checkMaxItems checks a MaxItems of 1-max (0: the default).
func (c *RAMClient) checkMaxItems(op string, n, max int) error {
	if n < 0 || n > max {
		return c.rpc.invalidArg(op, "MaxItems", "must be between 1 and "+itoa(max)+" (0 uses the default)")
	}
	return nil
}

// truncatedWithoutMarker is the error of a page that says more follow
// without saying where.
func truncatedWithoutMarker(op, rid string) error {
	return &iam.Error{Provider: SchemeRAM, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse,
		Message: "IsTruncated without a Marker"}
}

// ListGroups returns one page of the account's RAM user groups (action
// ListGroups).
func (c *RAMClient) ListGroups(ctx context.Context, in *RAMListGroupsInput) (*RAMListGroupsOutput, error) {
	const op = "ListGroups"
	if in == nil {
		in = &RAMListGroupsInput{}
	}
	if err := c.checkMaxItems(op, in.MaxItems, 100); err != nil {
		return nil, err
	}
	var out struct {
		answer
		IsTruncated bool
		Marker      string
		Groups      struct{ Group []*wireRAMGroup }
	}
	rid, err := c.rpc.call(ctx, op, &ramListParams{Marker: in.Marker, MaxItems: in.MaxItems}, true, &out,
		func() string { return needList("Groups.Group", out.Groups.Group, (*wireRAMGroup).lacks) })
	if err != nil {
		return nil, err
	}
	res := &RAMListGroupsOutput{RequestID: rid, IsTruncated: out.IsTruncated, Marker: out.Marker,
		Groups: nativeList(out.Groups.Group, (*wireRAMGroup).native)}
	if res.IsTruncated && res.Marker == "" {
		return nil, truncatedWithoutMarker(op, rid)
	}
	return res, nil
}

// nativeList converts the non-null elements of a decoded list.
func nativeList[W, N any](ws []*W, f func(*W) *N) []*N {
	var out []*N
	for _, w := range ws {
		if w != nil {
			out = append(out, f(w))
		}
	}
	return out
}

// markerPages iterates over a Marker/MaxItems/IsTruncated list: page
// fetches the page that starts at a marker and returns its items, whether
// more follow, the next marker and the request id. Pages are fetched
// lazily; a failure, or a server that repeats a Marker, ends the sequence
// with one (nil, err) pair.
func markerPages[T any](op string, page func(marker string) ([]*T, bool, string, string, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		seen := map[string]bool{}
		marker := ""
		for {
			items, truncated, next, rid, err := page(marker)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, x := range items {
				if !yield(x, nil) {
					return
				}
			}
			if !truncated {
				return
			}
			if seen[next] {
				yield(nil, &iam.Error{Provider: SchemeRAM, Op: op, RequestID: rid, Kind: iam.ErrInvalidResponse,
					Message: "the server repeated a Marker"})
				return
			}
			seen[next] = true
			marker = next
		}
	}
}

// AllGroups iterates over every RAM user group, following Marker while
// IsTruncated. maxItems is the page size (0 uses RAM's default of 100).
// Pages are fetched lazily: breaking out of the loop stops fetching.
func (c *RAMClient) AllGroups(ctx context.Context, maxItems int) iter.Seq2[*RAMGroup, error] {
	return markerPages("ListGroups", func(marker string) ([]*RAMGroup, bool, string, string, error) {
		out, err := c.ListGroups(ctx, &RAMListGroupsInput{Marker: marker, MaxItems: maxItems})
		if err != nil {
			return nil, false, "", "", err
		}
		return out.Groups, out.IsTruncated, out.Marker, out.RequestID, nil
	})
}

// RAMGroupMemberInput names a user and a group, for AddUserToGroup and
// RemoveUserFromGroup.
type RAMGroupMemberInput struct {
	// GroupName is the group; required.
	GroupName string
	// UserName is the user; required.
	UserName string
}

// RAMGroupMemberOutput is the answer of AddUserToGroup and RemoveUserFromGroup.
type RAMGroupMemberOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
}

type ramGroupMemberParams struct {
	GroupName string `url:"GroupName"`
	UserName  string `url:"UserName"`
}

func (c *RAMClient) membership(ctx context.Context, op string, in *RAMGroupMemberInput, idempotent bool) (*RAMGroupMemberOutput, error) {
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	if err := firstInvalid(SchemeRAM, op, fieldRule{"GroupName", groupRule(in.GroupName)},
		fieldRule{"UserName", nameRule(in.UserName)}); err != nil {
		return nil, err
	}
	rid, err := c.rpc.call(ctx, op, &ramGroupMemberParams{GroupName: in.GroupName, UserName: in.UserName}, idempotent, nil)
	if err != nil {
		return nil, err
	}
	return &RAMGroupMemberOutput{RequestID: rid}, nil
}

// AddUserToGroup makes a RAM user a member of a group (action
// AddUserToGroup). A member already is ErrAlreadyExists
// (EntityAlreadyExists.User.Group); a user in as many groups as RAM allows
// is ErrLimitExceeded (LimitExceeded.User.Group). It is not repeated once
// the server may have acted.
func (c *RAMClient) AddUserToGroup(ctx context.Context, in *RAMGroupMemberInput) (*RAMGroupMemberOutput, error) {
	return c.membership(ctx, "AddUserToGroup", in, false)
}

// RemoveUserFromGroup ends a RAM user's membership of a group (action
// RemoveUserFromGroup). A user who is not a member is ErrNotFound
// (EntityNotExist.User.Group).
func (c *RAMClient) RemoveUserFromGroup(ctx context.Context, in *RAMGroupMemberInput) (*RAMGroupMemberOutput, error) {
	return c.membership(ctx, "RemoveUserFromGroup", in, true)
}

// RAMListUsersForGroupInput is the input of RAMClient.ListUsersForGroup.
type RAMListUsersForGroupInput struct {
	// GroupName is the group; required.
	GroupName string
	// Marker is the Marker of the previous page; empty starts at the beginning.
	Marker string
	// MaxItems is the page size, 1-1000; zero uses RAM's default (100).
	MaxItems int
}

// RAMListUsersForGroupOutput is one page of RAMClient.ListUsersForGroup.
type RAMListUsersForGroupOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// IsTruncated tells whether more pages follow.
	IsTruncated bool
	// Marker is where the next page starts (opaque).
	Marker string
	// Users are the page's members, with UserName, DisplayName and JoinDate.
	Users []*RAMUserSummary
}

type ramListUsersForGroupParams struct {
	GroupName string `url:"GroupName"`
	Marker    string `url:"Marker,omitempty"`
	MaxItems  int    `url:"MaxItems,omitempty"`
}

// ListUsersForGroup returns one page of a group's members (action
// ListUsersForGroup).
func (c *RAMClient) ListUsersForGroup(ctx context.Context, in *RAMListUsersForGroupInput) (*RAMListUsersForGroupOutput, error) {
	const op = "ListUsersForGroup"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "GroupName", "required")
	}
	if r := groupRule(in.GroupName); r != "" {
		return nil, c.rpc.invalidArg(op, "GroupName", r)
	}
	if err := c.checkMaxItems(op, in.MaxItems, 1000); err != nil {
		return nil, err
	}
	var out struct {
		answer
		IsTruncated bool
		Marker      string
		Users       struct{ User []*wireRAMUserSummary }
	}
	rid, err := c.rpc.call(ctx, op, &ramListUsersForGroupParams{GroupName: in.GroupName, Marker: in.Marker,
		MaxItems: in.MaxItems}, true, &out, func() string { return needList("Users.User", out.Users.User, (*wireRAMUserSummary).lacks) })
	if err != nil {
		return nil, err
	}
	res := &RAMListUsersForGroupOutput{RequestID: rid, IsTruncated: out.IsTruncated, Marker: out.Marker,
		Users: nativeList(out.Users.User, (*wireRAMUserSummary).native)}
	if res.IsTruncated && res.Marker == "" {
		return nil, truncatedWithoutMarker(op, rid)
	}
	return res, nil
}

// AllUsersForGroup iterates over every member of a group, following Marker
// while IsTruncated; maxItems is the page size (0: RAM's default of 100).
// Pages are fetched lazily.
func (c *RAMClient) AllUsersForGroup(ctx context.Context, groupName string, maxItems int) iter.Seq2[*RAMUserSummary, error] {
	return markerPages("ListUsersForGroup", func(marker string) ([]*RAMUserSummary, bool, string, string, error) {
		out, err := c.ListUsersForGroup(ctx, &RAMListUsersForGroupInput{GroupName: groupName, Marker: marker, MaxItems: maxItems})
		if err != nil {
			return nil, false, "", "", err
		}
		return out.Users, out.IsTruncated, out.Marker, out.RequestID, nil
	})
}

// RAMListGroupsForUserInput is the input of RAMClient.ListGroupsForUser.
type RAMListGroupsForUserInput struct {
	// UserName is the user; required.
	UserName string
}

// RAMListGroupsForUserOutput is the answer of RAMClient.ListGroupsForUser:
// every group of the user, in one answer.
type RAMListGroupsForUserOutput struct {
	// RequestID is the RequestId of the answer.
	RequestID string
	// Groups are the user's groups, with GroupID, GroupName, Comments and
	// JoinDate.
	Groups []*RAMGroup
}

// ListGroupsForUser lists the groups a RAM user belongs to (action
// ListGroupsForUser; not paged).
func (c *RAMClient) ListGroupsForUser(ctx context.Context, in *RAMListGroupsForUserInput) (*RAMListGroupsForUserOutput, error) {
	const op = "ListGroupsForUser"
	if in == nil {
		return nil, c.rpc.invalidArg(op, "UserName", "required")
	}
	if r := nameRule(in.UserName); r != "" {
		return nil, c.rpc.invalidArg(op, "UserName", r)
	}
	var out struct {
		answer
		Groups struct{ Group []*wireRAMGroup }
	}
	rid, err := c.rpc.call(ctx, op, &ramUserNameParams{UserName: in.UserName}, true, &out,
		func() string { return needList("Groups.Group", out.Groups.Group, (*wireRAMGroup).lacks) })
	if err != nil {
		return nil, err
	}
	return &RAMListGroupsForUserOutput{RequestID: rid, Groups: nativeList(out.Groups.Group, (*wireRAMGroup).native)}, nil
}
