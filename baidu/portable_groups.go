package baidu

import (
	"context"
	"errors"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

var (
	_ iam.GroupDriver  = portable{}
	_ iam.PolicyDriver = portable{}
)

// notFound reports whether err says the thing is not there: a clean-up step
// that finds nothing to remove has nothing to do.
func notFound(err error) bool { return errors.Is(err, iam.ErrNotFound) }

// each fetches a one-answer list when the loop starts and yields conv of
// every element, or the error.
func each[T, U any](fetch func() ([]*T, error), conv func(*T) *U) iter.Seq2[*U, error] {
	return func(yield func(*U, error) bool) {
		items, err := fetch()
		if err != nil {
			yield(nil, err)
			return
		}
		for _, v := range items {
			if !yield(conv(v), nil) {
				return
			}
		}
	}
}

// failed is a sequence that yields err alone.
func failed[U any](err error) iter.Seq2[*U, error] {
	return func(yield func(*U, error) bool) { yield(nil, err) }
}

func toPortableGroup(g *Group) *iam.Group {
	return &iam.Group{ID: g.ID, Name: g.Name, Description: g.Description, CreatedAt: g.CreateTime, Native: iam.NewNative(g)}
}

// groupName refuses, with the portable field name, a group name that would
// change the request's path.
func groupName(op, name string) error { return checkName(op, "groupName", name) }

// CreateGroup implements iam.GroupDriver with the native CreateGroup.
func (p portable) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	const op = "CreateGroup"
	if err := checkNewName(op, "Name", in.Name, MaxGroupNameLength); err != nil {
		return nil, err
	}
	out, err := p.c.CreateGroup(ctx, &CreateGroupInput{Name: in.Name, Description: in.Description})
	if err != nil {
		return nil, err
	}
	return toPortableGroup(out.Group), nil
}

// GetGroup implements iam.GroupDriver with the native GetGroup.
func (p portable) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	if err := groupName("GetGroup", name); err != nil {
		return nil, err
	}
	out, err := p.c.GetGroup(ctx, &GetGroupInput{GroupName: name})
	if err != nil {
		return nil, err
	}
	return toPortableGroup(out.Group), nil
}

// UpdateGroup implements iam.GroupDriver with the native UpdateGroup (one
// PUT with the name and the description given).
func (p portable) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	const op = "UpdateGroup"
	if err := groupName(op, name); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := checkNewName(op, "NewName", *in.NewName, MaxGroupNameLength); err != nil {
			return nil, err
		}
	}
	out, err := p.c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: name, NewName: in.NewName, Description: in.Description})
	if err != nil {
		return nil, err
	}
	return toPortableGroup(out.Group), nil
}

// DeleteGroup implements iam.GroupDriver: it detaches the group's policies
// and removes its members (a step that finds nothing there is skipped), then
// deletes the group, so that Baidu has nothing to refuse the delete for.
func (p portable) DeleteGroup(ctx context.Context, name string) error {
	if err := groupName("DeleteGroup", name); err != nil {
		return err
	}
	if err := p.emptyGroup(ctx, name); err != nil {
		return err
	}
	_, err := p.c.DeleteGroup(ctx, &DeleteGroupInput{GroupName: name})
	return err
}

func (p portable) emptyGroup(ctx context.Context, name string) error {
	pols, err := p.c.ListGroupAttachedPolicies(ctx, &ListGroupAttachedPoliciesInput{GroupName: name})
	if notFound(err) {
		return nil // no such group: the delete says so
	}
	if err != nil {
		return err
	}
	for _, pol := range pols.Policies {
		_, err := p.c.DetachPolicyFromGroup(ctx, &DetachPolicyFromGroupInput{GroupName: name, PolicyName: pol.Name, PolicyType: pol.Type})
		if err != nil && !notFound(err) {
			return err
		}
	}
	users, err := p.c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: name})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, u := range users.Users {
		_, err := p.c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupName: name, UserName: u.Name})
		if err != nil && !notFound(err) {
			return err
		}
	}
	return nil
}

// ListGroups implements iam.GroupDriver with one native ListGroups (Baidu's
// group list has no pagination); PageSize is ignored.
func (p portable) ListGroups(ctx context.Context, _ *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	return each(func() ([]*Group, error) {
		out, err := p.c.ListGroups(ctx, nil)
		if err != nil {
			return nil, err
		}
		return out.Groups, nil
	}, toPortableGroup)
}

// AddUserToGroup implements iam.GroupDriver with the native AddUserToGroup.
func (p portable) AddUserToGroup(ctx context.Context, group, user string) error {
	return p.membership(ctx, "AddUserToGroup", group, user, p.c.AddUserToGroup)
}

// RemoveUserFromGroup implements iam.GroupDriver with the native
// RemoveUserFromGroup.
func (p portable) RemoveUserFromGroup(ctx context.Context, group, user string) error {
	return p.membership(ctx, "RemoveUserFromGroup", group, user, p.c.RemoveUserFromGroup)
}

func (p portable) membership(ctx context.Context, op, group, user string,
	f func(context.Context, *GroupMemberInput) (*GroupMemberOutput, error)) error {
	if err := groupName(op, group); err != nil {
		return err
	}
	if err := userName(op, user); err != nil {
		return err
	}
	_, err := f(ctx, &GroupMemberInput{GroupName: group, UserName: user})
	return err
}

// ListGroupUsers implements iam.GroupDriver with the native ListUsersInGroup.
func (p portable) ListGroupUsers(ctx context.Context, group string) iter.Seq2[*iam.User, error] {
	if err := groupName("ListGroupUsers", group); err != nil {
		return failed[iam.User](err)
	}
	return each(func() ([]*User, error) {
		out, err := p.c.ListUsersInGroup(ctx, &ListUsersInGroupInput{GroupName: group})
		if err != nil {
			return nil, err
		}
		return out.Users, nil
	}, toPortableUser)
}

// ListUserGroups implements iam.GroupDriver with the native ListGroupsForUser.
func (p portable) ListUserGroups(ctx context.Context, user string) iter.Seq2[*iam.Group, error] {
	if err := userName("ListUserGroups", user); err != nil {
		return failed[iam.Group](err)
	}
	return each(func() ([]*Group, error) {
		out, err := p.c.ListGroupsForUser(ctx, &ListGroupsForUserInput{UserName: user})
		if err != nil {
			return nil, err
		}
		return out.Groups, nil
	}, toPortableGroup)
}

// Policies.

func toPortableType(t PolicyType) iam.PolicyType {
	switch t {
	case PolicySystem:
		return iam.PolicySystem
	case PolicyCustom:
		return iam.PolicyCustom
	}
	return iam.PolicyType(strings.ToLower(string(t)))
}

func fromPortableType(t iam.PolicyType) PolicyType {
	if t == iam.PolicySystem {
		return PolicySystem
	}
	return PolicyCustom
}

func toPortablePolicy(pol *Policy) *iam.Policy {
	return &iam.Policy{ID: pol.ID, Name: pol.Name, Type: toPortableType(pol.Type), Description: pol.Description,
		Document: pol.Document, CreatedAt: pol.CreateTime, AttachedAt: pol.AttachTime, Native: iam.NewNative(pol)}
}

// ListPolicies implements iam.PolicyDriver with the native ListPolicies,
// once per type: Baidu lists one type per request (custom when none is
// given), so an empty Type lists the system policies, then the custom ones.
func (p portable) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	types := []PolicyType{PolicySystem, PolicyCustom}
	if in.Type != "" {
		types = []PolicyType{fromPortableType(in.Type)}
	}
	return func(yield func(*iam.Policy, error) bool) {
		for _, t := range types {
			out, err := p.c.ListPolicies(ctx, &ListPoliciesInput{PolicyType: t})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, pol := range out.Policies {
				if !yield(toPortablePolicy(pol), nil) {
					return
				}
			}
		}
	}
}

// policyRef refuses, with the portable field name, a policy name that would
// change the request's path.
func policyRef(op string, ref iam.PolicyRef) error { return checkName(op, "PolicyRef.Name", ref.Name) }

// GetPolicy implements iam.PolicyDriver with the native GetPolicy and the
// ref's policyType.
func (p portable) GetPolicy(ctx context.Context, ref iam.PolicyRef) (*iam.Policy, error) {
	if err := policyRef("GetPolicy", ref); err != nil {
		return nil, err
	}
	out, err := p.c.GetPolicy(ctx, &GetPolicyInput{PolicyName: ref.Name, PolicyType: fromPortableType(ref.Type)})
	if err != nil {
		return nil, err
	}
	return toPortablePolicy(out.Policy), nil
}

// CreatePolicy implements iam.PolicyDriver with the native CreatePolicy; the
// document (Baidu's ACL JSON) is passed through.
func (p portable) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput) (*iam.Policy, error) {
	const op = "CreatePolicy"
	if err := checkNewName(op, "Name", in.Name, MaxPolicyNameLength); err != nil {
		return nil, err
	}
	if err := checkDocument(op, "Document", in.Document); err != nil {
		return nil, err
	}
	out, err := p.c.CreatePolicy(ctx, &CreatePolicyInput{Name: in.Name, Description: in.Description, Document: in.Document})
	if err != nil {
		return nil, err
	}
	return toPortablePolicy(out.Policy), nil
}

// DeletePolicy implements iam.PolicyDriver: it reads the custom policy's id,
// detaches the policy from every user, group and role it is attached to
// (ListPolicyAttachedEntities; a step that finds nothing is skipped), then
// deletes it.
func (p portable) DeletePolicy(ctx context.Context, name string) error {
	const op = "DeletePolicy"
	if err := checkName(op, "policyName", name); err != nil {
		return err
	}
	if err := p.detachEverywhere(ctx, name); err != nil {
		return err
	}
	_, err := p.c.DeletePolicy(ctx, &DeletePolicyInput{PolicyName: name})
	return err
}

func (p portable) detachEverywhere(ctx context.Context, name string) error {
	got, err := p.c.GetPolicy(ctx, &GetPolicyInput{PolicyName: name, PolicyType: PolicyCustom})
	if notFound(err) {
		return nil // no such policy: the delete says so
	}
	if err != nil {
		return err
	}
	if got.Policy.ID == "" {
		return nil
	}
	ents, err := p.c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{PolicyID: got.Policy.ID})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents.Entities {
		switch e.Type {
		case GrantUser:
			_, err = p.c.DetachPolicyFromUser(ctx, &DetachPolicyFromUserInput{UserName: e.Name, PolicyName: name, PolicyType: PolicyCustom})
		case GrantGroup:
			_, err = p.c.DetachPolicyFromGroup(ctx, &DetachPolicyFromGroupInput{GroupName: e.Name, PolicyName: name, PolicyType: PolicyCustom})
		case GrantRole:
			_, err = p.c.DetachPolicyFromRole(ctx, &DetachPolicyFromRoleInput{RoleName: e.Name, PolicyName: name, PolicyType: PolicyCustom})
		default:
			continue // an attachment of a kind Baidu did not document: the delete reports it
		}
		if err != nil && !notFound(err) {
			return err
		}
	}
	return nil
}

// AttachUserPolicy implements iam.PolicyDriver with the native
// AttachPolicyToUser and the ref's policyType.
func (p portable) AttachUserPolicy(ctx context.Context, user string, ref iam.PolicyRef) error {
	return p.userPolicy(ctx, "AttachUserPolicy", user, ref, p.c.AttachPolicyToUser)
}

// DetachUserPolicy implements iam.PolicyDriver with the native
// DetachPolicyFromUser.
func (p portable) DetachUserPolicy(ctx context.Context, user string, ref iam.PolicyRef) error {
	return p.userPolicy(ctx, "DetachUserPolicy", user, ref, p.c.DetachPolicyFromUser)
}

func (p portable) userPolicy(ctx context.Context, op, user string, ref iam.PolicyRef,
	f func(context.Context, *UserPolicyInput) (*AttachmentOutput, error)) error {
	if err := userName(op, user); err != nil {
		return err
	}
	if err := policyRef(op, ref); err != nil {
		return err
	}
	_, err := f(ctx, &UserPolicyInput{UserName: user, PolicyName: ref.Name, PolicyType: fromPortableType(ref.Type)})
	return err
}

// ListUserPolicies implements iam.PolicyDriver with the native
// ListUserAttachedPolicies.
func (p portable) ListUserPolicies(ctx context.Context, user string) iter.Seq2[*iam.Policy, error] {
	if err := userName("ListUserPolicies", user); err != nil {
		return failed[iam.Policy](err)
	}
	return each(func() ([]*Policy, error) {
		out, err := p.c.ListUserAttachedPolicies(ctx, &ListUserAttachedPoliciesInput{UserName: user})
		if err != nil {
			return nil, err
		}
		return out.Policies, nil
	}, toPortablePolicy)
}

// AttachGroupPolicy implements iam.PolicyDriver with the native
// AttachPolicyToGroup.
func (p portable) AttachGroupPolicy(ctx context.Context, group string, ref iam.PolicyRef) error {
	return p.groupPolicy(ctx, "AttachGroupPolicy", group, ref, p.c.AttachPolicyToGroup)
}

// DetachGroupPolicy implements iam.PolicyDriver with the native
// DetachPolicyFromGroup.
func (p portable) DetachGroupPolicy(ctx context.Context, group string, ref iam.PolicyRef) error {
	return p.groupPolicy(ctx, "DetachGroupPolicy", group, ref, p.c.DetachPolicyFromGroup)
}

func (p portable) groupPolicy(ctx context.Context, op, group string, ref iam.PolicyRef,
	f func(context.Context, *GroupPolicyInput) (*AttachmentOutput, error)) error {
	if err := groupName(op, group); err != nil {
		return err
	}
	if err := policyRef(op, ref); err != nil {
		return err
	}
	_, err := f(ctx, &GroupPolicyInput{GroupName: group, PolicyName: ref.Name, PolicyType: fromPortableType(ref.Type)})
	return err
}

// ListGroupPolicies implements iam.PolicyDriver with the native
// ListGroupAttachedPolicies.
func (p portable) ListGroupPolicies(ctx context.Context, group string) iter.Seq2[*iam.Policy, error] {
	if err := groupName("ListGroupPolicies", group); err != nil {
		return failed[iam.Policy](err)
	}
	return each(func() ([]*Policy, error) {
		out, err := p.c.ListGroupAttachedPolicies(ctx, &ListGroupAttachedPoliciesInput{GroupName: group})
		if err != nil {
			return nil, err
		}
		return out.Policies, nil
	}, toPortablePolicy)
}
