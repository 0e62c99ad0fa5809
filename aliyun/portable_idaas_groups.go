package aliyun

import (
	"context"
	"iter"
	"strings"
	"unicode"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The EIAM driver's groups (iam.GroupDriver). EIAM keys groups by GroupId;
// the portable API addresses them by name, resolved as users are. EIAM has
// no cloud-resource policies, so the driver is no iam.PolicyDriver and the
// Client answers ErrUnsupported for every policy operation.

var _ iam.GroupDriver = (*idaasDriver)(nil)

// eiamNewGroupNameRule is the rule of the portable API for a name an EIAM
// group is given (CreateGroup, a rename). EIAM's reference gives only the
// length (64); the portable API needs names that read the same on every
// cloud, so it takes letters (of any script), digits, spaces and
// '_', '-', '.', '@', '(' and ')', and refuses '/', '?', '#', '%' and the
// like. The native CreateGroup and UpdateGroup leave the rule to EIAM.
func eiamNewGroupNameRule(s string) string {
	if r := eiamGroupNameRule(s); r != "" {
		return r
	}
	for _, c := range s {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(" _-.@()", c) {
			return "must be 1-64 letters, digits, spaces, '_', '-', '.', '@', '(' and ')'"
		}
	}
	return ""
}

func idaasGroupToPortable(g *IDaaSGroup) *iam.Group {
	return &iam.Group{ID: g.GroupID, Name: g.GroupName, Description: g.Description, CreatedAt: g.CreateTime, Native: iam.NewNative(g)}
}

// findGroup returns the group called name, or nil when there is none: a
// ListGroups with the exact GroupName filter, the answer checked for the
// exact name. Two groups of that name are ErrFailedPrecondition (EIAM's
// reference does not say names are unique; the portable API needs them to be).
func (p *idaasDriver) findGroup(ctx context.Context, op, field, name string) (*IDaaSGroup, error) {
	if r := eiamGroupNameRule(name); r != "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, field, r)
	}
	var found *IDaaSGroup
	for g, err := range p.c.AllGroups(ctx, &IDaaSListGroupsInput{GroupName: name}) {
		if err != nil {
			return nil, err
		}
		if g.GroupName != name {
			continue
		}
		if found != nil {
			return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrFailedPrecondition,
				Message: "several groups are named " + name + " in instance " + p.c.instanceID + "; use the native API with their GroupId"}
		}
		found = g
	}
	return found, nil
}

// resolveGroup finds the GroupId of the group called name: ErrNotFound
// when there is none.
func (p *idaasDriver) resolveGroup(ctx context.Context, op, name string) (*IDaaSGroup, error) {
	g, err := p.findGroup(ctx, op, "groupName", name)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrNotFound,
			Message: "no group named " + name + " in instance " + p.c.instanceID}
	}
	return g, nil
}

// nameFree refuses a name another group holds, before a create or rename.
func (p *idaasDriver) nameFree(ctx context.Context, op, field, name string) error {
	g, err := p.findGroup(ctx, op, field, name)
	if err != nil {
		return err
	}
	if g != nil {
		return &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrAlreadyExists,
			Message: "a group named " + name + " exists (" + g.GroupID + ")"}
	}
	return nil
}

func (p *idaasDriver) getGroup(ctx context.Context, id string) (*iam.Group, error) {
	out, err := p.c.GetGroup(ctx, &IDaaSGroupInput{GroupID: id})
	if err != nil {
		return nil, err
	}
	return idaasGroupToPortable(out.Group), nil
}

// CreateGroup refuses a name another group holds (one ListGroups), then
// creates the group and reads it back.
func (p *idaasDriver) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	const op = "CreateGroup"
	if r := eiamNewGroupNameRule(in.Name); r != "" {
		return nil, iam.InvalidArgument(SchemeIDaaS, op, "Name", r)
	}
	if err := p.nameFree(ctx, op, "Name", in.Name); err != nil {
		return nil, err
	}
	out, err := p.c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: in.Name, Description: in.Description})
	if err != nil {
		return nil, err
	}
	g, err := p.getGroup(ctx, out.GroupID)
	if err != nil {
		return nil, acted(err)
	}
	return g, nil
}

func (p *idaasDriver) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	g, err := p.resolveGroup(ctx, "GetGroup", name)
	if err != nil {
		return nil, err
	}
	return p.getGroup(ctx, g.GroupID)
}

// UpdateGroup renames the group with UpdateGroup (after checking that no
// other group holds the name) and sets its description with
// UpdateGroupDescription ("" clears it), then reads it back.
func (p *idaasDriver) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	const op = "UpdateGroup"
	if in.NewName != nil {
		if r := eiamNewGroupNameRule(*in.NewName); r != "" {
			return nil, iam.InvalidArgument(SchemeIDaaS, op, "NewName", r)
		}
	}
	g, err := p.resolveGroup(ctx, op, name)
	if err != nil {
		return nil, err
	}
	if in.NewName != nil && *in.NewName != g.GroupName {
		if err := p.nameFree(ctx, op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
		if _, err := p.c.UpdateGroup(ctx, &IDaaSUpdateGroupInput{GroupID: g.GroupID, GroupName: *in.NewName}); err != nil {
			return nil, err
		}
	}
	if in.Description != nil {
		if _, err := p.c.UpdateGroupDescription(ctx, &IDaaSUpdateGroupDescriptionInput{GroupID: g.GroupID, Description: *in.Description}); err != nil {
			return nil, err
		}
	}
	out, err := p.getGroup(ctx, g.GroupID)
	if err != nil {
		return nil, acted(err)
	}
	return out, nil
}

// DeleteGroup removes the group's members (RemoveUsersFromGroup, 100 at a
// time), then deletes the group. EIAM documents no precondition for
// DeleteGroup; removing the members first keeps the portable delete the
// same on every cloud whatever EIAM does.
func (p *idaasDriver) DeleteGroup(ctx context.Context, name string) error {
	const op = "DeleteGroup"
	g, err := p.resolveGroup(ctx, op, name)
	if err != nil {
		return err
	}
	var members []string
	for m, err := range p.c.AllUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: g.GroupID}) {
		if err != nil {
			return err
		}
		members = append(members, m.UserID)
	}
	for len(members) > 0 {
		n := min(len(members), eiamMaxIDsPerCall)
		if _, err := p.c.RemoveUsersFromGroup(ctx, &IDaaSGroupUsersInput{GroupID: g.GroupID, UserIDs: members[:n]}); err != nil {
			return err
		}
		members = members[n:]
	}
	_, err = p.c.DeleteGroup(ctx, &IDaaSGroupInput{GroupID: g.GroupID})
	return err
}

func (p *idaasDriver) ListGroups(ctx context.Context, in *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	return mapSeq(p.c.AllGroups(ctx, &IDaaSListGroupsInput{PageSize: in.PageSize}), idaasGroupToPortable)
}

// memberIDs resolves a group name and a user name.
func (p *idaasDriver) memberIDs(ctx context.Context, op, groupName, userName string) (groupID, userID string, err error) {
	if r := existingNameRule(userName, 256); r != "" {
		return "", "", iam.InvalidArgument(SchemeIDaaS, op, "userName", r)
	}
	g, err := p.resolveGroup(ctx, op, groupName)
	if err != nil {
		return "", "", err
	}
	userID, err = p.resolve(ctx, op, userName)
	if err != nil {
		return "", "", err
	}
	return g.GroupID, userID, nil
}

// AddUserToGroup sends AddUsersToGroup with the one account. EIAM
// documents no answer for a member's joining again; the emulator, like a
// batch call, answers it with success and changes nothing.
func (p *idaasDriver) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	const op = "AddUserToGroup"
	gid, uid, err := p.memberIDs(ctx, op, groupName, userName)
	if err != nil {
		return err
	}
	_, err = p.c.AddUsersToGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{uid}})
	return err
}

// RemoveUserFromGroup sends RemoveUsersFromGroup with the one account,
// after checking that it is a member (ListUsersForGroup filtered by its
// id): a user who is not is ErrNotFound, as on the other clouds.
func (p *idaasDriver) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	const op = "RemoveUserFromGroup"
	gid, uid, err := p.memberIDs(ctx, op, groupName, userName)
	if err != nil {
		return err
	}
	out, err := p.c.ListUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: gid, UserIDs: []string{uid}})
	if err != nil {
		return err
	}
	member := false
	for _, m := range out.Users {
		member = member || m.UserID == uid
	}
	if !member {
		return &iam.Error{Provider: SchemeIDaaS, Op: op, Kind: iam.ErrNotFound,
			Message: "account " + userName + " is not a member of group " + groupName}
	}
	_, err = p.c.RemoveUsersFromGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{uid}})
	return err
}

// batches reads ids from seq 100 at a time and yields, for each batch, the
// elements fetch returns; a failure ends the sequence with one (nil, err).
func batches[T any](seq iter.Seq2[*IDaaSMembership, error], id func(*IDaaSMembership) string,
	fetch func(ids []string) ([]*T, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var ids []string
		flush := func() bool {
			if len(ids) == 0 {
				return true
			}
			items, err := fetch(ids)
			ids = ids[:0]
			if err != nil {
				yield(nil, err)
				return false
			}
			for _, x := range items {
				if !yield(x, nil) {
					return false
				}
			}
			return true
		}
		for m, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			ids = append(ids, id(m))
			if len(ids) == eiamMaxIDsPerCall && !flush() {
				return
			}
		}
		flush()
	}
}

// ListGroupUsers lists the members: ListUsersForGroup gives their ids, 100
// at a time, and ListUsers with those UserIds gives the accounts.
func (p *idaasDriver) ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		g, err := p.resolveGroup(ctx, "ListGroupUsers", groupName)
		if err != nil {
			yield(nil, err)
			return
		}
		seq := p.c.AllUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: g.GroupID})
		users := batches(seq, func(m *IDaaSMembership) string { return m.UserID }, func(ids []string) ([]*IDaaSUser, error) {
			out, err := p.c.ListUsers(ctx, &IDaaSListUsersInput{UserIDs: ids, PageSize: eiamMaxIDsPerCall})
			if err != nil {
				return nil, err
			}
			return out.Users, nil
		})
		for u, err := range mapSeq(users, idaasUserToPortable) {
			if !yield(u, err) || err != nil {
				return
			}
		}
	}
}

// ListUserGroups lists the account's groups: ListGroupsForUser gives their
// ids, 100 at a time, and ListGroups with those GroupIds gives the groups.
func (p *idaasDriver) ListUserGroups(ctx context.Context, userName string) iter.Seq2[*iam.Group, error] {
	return func(yield func(*iam.Group, error) bool) {
		uid, err := p.resolve(ctx, "ListUserGroups", userName)
		if err != nil {
			yield(nil, err)
			return
		}
		seq := p.c.AllGroupsForUser(ctx, &IDaaSListGroupsForUserInput{UserID: uid})
		groups := batches(seq, func(m *IDaaSMembership) string { return m.GroupID }, func(ids []string) ([]*IDaaSGroup, error) {
			out, err := p.c.ListGroups(ctx, &IDaaSListGroupsInput{GroupIDs: ids, PageSize: eiamMaxIDsPerCall})
			if err != nil {
				return nil, err
			}
			return out.Groups, nil
		})
		for g, err := range mapSeq(groups, idaasGroupToPortable) {
			if !yield(g, err) || err != nil {
				return
			}
		}
	}
}
