package huawei

import (
	"context"
	"iter"
	"strings"
	"unicode"

	"github.com/cloudiam-go/cloudiam/iam"
)

var _ iam.GroupDriver = portable{}

func toPortableGroup(g *Group) *iam.Group {
	return &iam.Group{ID: g.ID, Name: g.Name, Description: g.Description, CreatedAt: g.CreateTime.Time(), Native: iam.NewNative(g)}
}

// checkGroupRef refuses, before any request, a group name IAM cannot hold
// (invalid UTF-8 or a control character); field is the portable argument.
func checkGroupRef(field, name string) error {
	if !printable(name) {
		return invalid("", field, "no Huawei IAM group has this name: names are valid UTF-8 without control characters")
	}
	return nil
}

// groupByName resolves a group name with the list's exact name filter. It
// never guesses: no exact match is ErrNotFound.
func (p portable) groupByName(ctx context.Context, name string) (*Group, error) {
	if err := checkGroupRef("groupName", name); err != nil {
		return nil, err
	}
	out, err := p.c.ListGroups(ctx, &ListGroupsInput{Name: name})
	if err != nil {
		return nil, err
	}
	for _, g := range out.Groups {
		if g == nil || g.Name != name || g.ID == "" {
			continue
		}
		if checkID("ListGroups", "id", g.ID) != nil {
			return nil, &iam.Error{Provider: Scheme, Op: "ListGroups", RequestID: out.RequestID, Kind: iam.ErrInvalidResponse,
				Message: "the group id in the answer is not an id"}
		}
		return g, nil
	}
	return nil, &iam.Error{Provider: Scheme, Op: "ListGroups", StatusCode: 404, RequestID: out.RequestID, Kind: iam.ErrNotFound,
		Message: "no group named " + quote(name)}
}

func (p portable) groupID(ctx context.Context, name string) (string, error) {
	g, err := p.groupByName(ctx, name)
	if err != nil {
		return "", err
	}
	return g.ID, nil
}

// checkNewGroupName applies the stricter of IAM's two group name rules to
// a new name: IAM v5 allows letters (Chinese ones too), digits, spaces,
// '_', '-', '{' and '}'; v3 documents no character rule. A name that
// passes is valid under both readings.
func checkNewGroupName(field, name string) error {
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" _-{}", r) {
			return invalid("", field, "must be letters, digits, spaces, '_', '-', '{' or '}' (IAM's group name rule)")
		}
	}
	return checkGroupRef(field, name)
}

// CreateGroup creates the group in the client's account.
func (p portable) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	if err := checkNewGroupName("Name", in.Name); err != nil {
		return nil, err
	}
	if !printable(in.Description) {
		return nil, invalid("", "Description", "must be valid UTF-8 without control characters")
	}
	out, err := p.c.CreateGroup(ctx, &CreateGroupInput{Name: in.Name, Description: in.Description})
	if err != nil {
		return nil, err
	}
	return toPortableGroup(out.Group), nil
}

// GetGroup resolves the name; the list's answer carries every field.
func (p portable) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	g, err := p.groupByName(ctx, name)
	if err != nil {
		return nil, err
	}
	return toPortableGroup(g), nil
}

// UpdateGroup resolves the name and patches the group's name or description.
func (p portable) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	if err := checkGroupRef("groupName", name); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewGroupName("NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	if in.Description != nil && !printable(*in.Description) {
		return nil, invalid("", "Description", "must be valid UTF-8 without control characters")
	}
	id, err := p.groupID(ctx, name)
	if err != nil {
		return nil, err
	}
	out, err := p.c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: id, Name: in.NewName, Description: in.Description})
	if err != nil {
		return nil, err
	}
	return toPortableGroup(out.Group), nil
}

// DeleteGroup resolves the name and deletes the group. IAM, like Keystone,
// removes the group's memberships and role grants with it and documents no
// precondition, so nothing is removed first.
func (p portable) DeleteGroup(ctx context.Context, name string) error {
	id, err := p.groupID(ctx, name)
	if err != nil {
		return err
	}
	_, err = p.c.DeleteGroup(ctx, &DeleteGroupInput{GroupID: id})
	return err
}

// ListGroups makes one request (Keystone's list does not page) and ignores
// PageSize; the groups are read as the answer arrives.
func (p portable) ListGroups(ctx context.Context, _ *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	return mapSeq(p.c.AllGroups(ctx, nil), toPortableGroup)
}

// mapSeq converts the elements of a native sequence, ending at its first
// error.
func mapSeq[N, P any](seq iter.Seq2[*N, error], f func(*N) *P) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		for v, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(f(v), nil) {
				return
			}
		}
	}
}

// failed is a sequence that yields err alone.
func failed[T any](err error) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) { yield(nil, err) }
}

// members resolves a group and a user name (both checked before the first
// request).
func (p portable) members(ctx context.Context, groupName, userName string) (groupID, userID string, err error) {
	if err = checkGroupRef("groupName", groupName); err != nil {
		return "", "", err
	}
	if err = checkUserRef(userName); err != nil {
		return "", "", err
	}
	if groupID, err = p.groupID(ctx, groupName); err != nil {
		return "", "", err
	}
	userID, err = p.userID(ctx, userName)
	return groupID, userID, err
}

// AddUserToGroup resolves both names and adds the member; IAM's PUT is
// idempotent, so adding a member again succeeds and changes nothing.
func (p portable) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	gid, uid, err := p.members(ctx, groupName, userName)
	if err != nil {
		return err
	}
	_, err = p.c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupID: gid, UserID: uid})
	return err
}

// RemoveUserFromGroup resolves both names and removes the member; a user
// who is not a member is ErrNotFound.
func (p portable) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	gid, uid, err := p.members(ctx, groupName, userName)
	if err != nil {
		return err
	}
	_, err = p.c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupID: gid, UserID: uid})
	return err
}

// ListGroupUsers resolves the group and reads its members as they arrive;
// the users carry the Keystone list's fields (native value *ListedUser).
func (p portable) ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*iam.User, error] {
	id, err := p.groupID(ctx, groupName)
	if err != nil {
		return failed[iam.User](err)
	}
	return mapSeq(p.c.AllUsersForGroup(ctx, &ListUsersForGroupInput{GroupID: id}), toPortableListedUser)
}

// ListUserGroups resolves the user and reads its groups as they arrive.
func (p portable) ListUserGroups(ctx context.Context, userName string) iter.Seq2[*iam.Group, error] {
	id, err := p.userID(ctx, userName)
	if err != nil {
		return failed[iam.Group](err)
	}
	return mapSeq(p.c.AllGroupsForUser(ctx, &ListGroupsForUserInput{UserID: id}), toPortableGroup)
}
