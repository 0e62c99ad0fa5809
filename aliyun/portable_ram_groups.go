package aliyun

import (
	"context"
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The RAM driver's groups and policies (iam.GroupDriver, iam.PolicyDriver).
// Groups and policies are addressed by name, as RAM does; the Client has
// checked empty names, lengths against RAMCapabilities and PolicyRef.Type.

var (
	_ iam.GroupDriver  = (*ramDriver)(nil)
	_ iam.PolicyDriver = (*ramDriver)(nil)
)

// conflictBackoff is how long the portable deletes wait before each repeat
// of a delete that RAM refused with DeleteConflict.* right after the
// dependents were removed: RAM propagates removals with a short delay.
var conflictBackoff = []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}

// deleteAfterCleanup runs del, and when cleaned (something was just removed)
// repeats it, after conflictBackoff, while RAM answers one of the
// DeleteConflict codes of what was removed (retryOn, code prefixes).
func deleteAfterCleanup(ctx context.Context, cleaned bool, retryOn []string, del func() error) error {
	err := del()
	if !cleaned {
		return err
	}
	for _, wait := range conflictBackoff {
		if !slices.ContainsFunc(retryOn, func(code string) bool { return isCode(err, code) }) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		err = del()
	}
	return err
}

func ramGroupToPortable(g *RAMGroup) *iam.Group {
	return &iam.Group{ID: g.GroupID, Name: g.GroupName, Description: g.Comments, CreatedAt: g.CreateDate, Native: iam.NewNative(g)}
}

func (p *ramDriver) groupName(op, name string) error {
	return firstInvalid(SchemeRAM, op, fieldRule{"groupName", groupRule(name)})
}

func (p *ramDriver) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	if err := firstInvalid(SchemeRAM, "CreateGroup", fieldRule{"Name", ramNewGroupNameRule(in.Name)}); err != nil {
		return nil, err
	}
	out, err := p.c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: in.Name, Comments: in.Description})
	if err != nil {
		return nil, err
	}
	return ramGroupToPortable(out.Group), nil
}

func (p *ramDriver) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	if err := p.groupName("GetGroup", name); err != nil {
		return nil, err
	}
	out, err := p.c.GetGroup(ctx, &RAMGetGroupInput{GroupName: name})
	if err != nil {
		return nil, err
	}
	return ramGroupToPortable(out.Group), nil
}

// UpdateGroup maps NewName to NewGroupName and Description to NewComments.
// The Client has refused clearing the description (RAM leaves an empty
// NewComments unchanged).
func (p *ramDriver) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	const op = "UpdateGroup"
	rin := &RAMUpdateGroupInput{GroupName: name}
	rules := []fieldRule{{"groupName", groupRule(name)}}
	if in.NewName != nil {
		rin.NewGroupName = *in.NewName
		rules = append(rules, fieldRule{"NewName", ramNewGroupNameRule(*in.NewName)})
	}
	if in.Description != nil {
		rin.NewComments = *in.Description
	}
	if err := firstInvalid(SchemeRAM, op, rules...); err != nil {
		return nil, err
	}
	out, err := p.c.UpdateGroup(ctx, rin)
	if err != nil {
		return nil, err
	}
	return ramGroupToPortable(out.Group), nil
}

// DeleteGroup removes the group's members and detaches its policies, then
// deletes it, repeating the delete a few times while RAM still reports a
// DeleteConflict.Group.* right after the removals.
func (p *ramDriver) DeleteGroup(ctx context.Context, name string) error {
	if err := p.groupName("DeleteGroup", name); err != nil {
		return err
	}
	// Read the whole list before changing it, so no page is skipped.
	var members []string
	for u, err := range p.c.AllUsersForGroup(ctx, name, 1000) {
		if err != nil {
			return err
		}
		members = append(members, u.UserName)
	}
	cleaned := false
	for _, u := range members {
		if _, err := p.c.RemoveUserFromGroup(ctx, &RAMGroupMemberInput{GroupName: name, UserName: u}); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return err
		}
		cleaned = true
	}
	pols, err := p.c.ListPoliciesForGroup(ctx, &RAMListPoliciesForInput{GroupName: name})
	if err != nil {
		return err
	}
	for _, pol := range pols.Policies {
		if _, err := p.c.DetachPolicyFromGroup(ctx, &RAMPolicyAttachmentInput{GroupName: name, PolicyName: pol.PolicyName,
			PolicyType: pol.PolicyType}); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return err
		}
		cleaned = true
	}
	return deleteAfterCleanup(ctx, cleaned, []string{"DeleteConflict.Group."}, func() error {
		_, err := p.c.DeleteGroup(ctx, &RAMDeleteGroupInput{GroupName: name})
		return err
	})
}

// ListGroups pages with MaxItems = in.PageSize, at most 100: RAM's
// ListGroups takes 1-100 where ListUsers takes up to 1000 (what
// Capabilities.MaxPageSize declares), and PageSize tunes the requests
// without limiting the total.
func (p *ramDriver) ListGroups(ctx context.Context, in *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	return mapSeq(p.c.AllGroups(ctx, min(in.PageSize, 100)), ramGroupToPortable)
}

// mapSeq converts the elements of a native sequence.
func mapSeq[N, P any](seq iter.Seq2[*N, error], f func(*N) *P) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		for n, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(f(n), nil) {
				return
			}
		}
	}
}

func (p *ramDriver) member(ctx context.Context, op, groupName, userName string,
	call func(context.Context, *RAMGroupMemberInput) (*RAMGroupMemberOutput, error)) error {
	if err := firstInvalid(SchemeRAM, op, fieldRule{"groupName", groupRule(groupName)},
		fieldRule{"userName", nameRule(userName)}); err != nil {
		return err
	}
	_, err := call(ctx, &RAMGroupMemberInput{GroupName: groupName, UserName: userName})
	return err
}

// AddUserToGroup joins the user to the group; a member already is
// ErrAlreadyExists (EntityAlreadyExists.User.Group).
func (p *ramDriver) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	return p.member(ctx, "AddUserToGroup", groupName, userName, p.c.AddUserToGroup)
}

// RemoveUserFromGroup ends the membership; a user who is not a member is
// ErrNotFound (EntityNotExist.User.Group).
func (p *ramDriver) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	return p.member(ctx, "RemoveUserFromGroup", groupName, userName, p.c.RemoveUserFromGroup)
}

// ListGroupUsers lists the members: ListUsersForGroup gives their names,
// and since RAM does not return their ids there, each member is read with
// GetUser, lazily as the sequence is consumed. A member deleted in between
// is skipped.
func (p *ramDriver) ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		if err := p.groupName("ListGroupUsers", groupName); err != nil {
			yield(nil, err)
			return
		}
		for m, err := range p.c.AllUsersForGroup(ctx, groupName, 1000) {
			if err != nil {
				yield(nil, err)
				return
			}
			out, err := p.c.GetUser(ctx, &RAMGetUserInput{UserName: m.UserName})
			if errors.Is(err, iam.ErrNotFound) {
				continue
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(ramUserToPortable(out.User), nil) {
				return
			}
		}
	}
}

// ListUserGroups lists the user's groups (ListGroupsForUser, one request).
func (p *ramDriver) ListUserGroups(ctx context.Context, userName string) iter.Seq2[*iam.Group, error] {
	return func(yield func(*iam.Group, error) bool) {
		if err := p.userName("ListUserGroups", userName); err != nil {
			yield(nil, err)
			return
		}
		out, err := p.c.ListGroupsForUser(ctx, &RAMListGroupsForUserInput{UserName: userName})
		if err != nil {
			yield(nil, err)
			return
		}
		for _, g := range out.Groups {
			if !yield(ramGroupToPortable(g), nil) {
				return
			}
		}
	}
}

// ramPolicyType maps a portable policy type to RAM's.
func ramPolicyType(t iam.PolicyType) RAMPolicyType {
	switch t {
	case iam.PolicySystem:
		return RAMPolicySystem
	case iam.PolicyCustom:
		return RAMPolicyCustom
	}
	return ""
}

func portablePolicyType(t RAMPolicyType) iam.PolicyType {
	switch t {
	case RAMPolicySystem:
		return iam.PolicySystem
	case RAMPolicyCustom:
		return iam.PolicyCustom
	}
	return iam.PolicyType(t)
}

func ramPolicyToPortable(p *RAMPolicy) *iam.Policy {
	return &iam.Policy{Name: p.PolicyName, Type: portablePolicyType(p.PolicyType), Description: p.Description,
		Document: p.PolicyDocument, CreatedAt: p.CreateDate, AttachedAt: p.AttachDate, Native: iam.NewNative(p)}
}

// ListPolicies lists RAM's system policies and the account's custom ones,
// MaxItems = in.PageSize, without documents (GetPolicy has them).
func (p *ramDriver) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	return mapSeq(p.c.AllPolicies(ctx, &RAMListPoliciesInput{PolicyType: ramPolicyType(in.Type), MaxItems: in.PageSize}), ramPolicyToPortable)
}

// policyRefRule checks ref.Name for a policy that exists.
func policyRefRule(op string, ref iam.PolicyRef) error {
	return firstInvalid(SchemeRAM, op, fieldRule{"PolicyRef.Name", policyRule(ref.Name)})
}

// GetPolicy returns the policy with the document of its default version.
func (p *ramDriver) GetPolicy(ctx context.Context, ref iam.PolicyRef) (*iam.Policy, error) {
	if err := policyRefRule("GetPolicy", ref); err != nil {
		return nil, err
	}
	out, err := p.c.GetPolicy(ctx, &RAMGetPolicyInput{PolicyName: ref.Name, PolicyType: ramPolicyType(ref.Type)})
	if err != nil {
		return nil, err
	}
	pol := ramPolicyToPortable(out.Policy)
	if out.DefaultPolicyVersion != nil && out.DefaultPolicyVersion.PolicyDocument != "" {
		pol.Document = out.DefaultPolicyVersion.PolicyDocument
	}
	return pol, nil
}

// CreatePolicy creates a custom policy; Document is RAM's JSON policy,
// passed through. The answer carries no document, so the returned Policy
// holds the one sent.
func (p *ramDriver) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput) (*iam.Policy, error) {
	if err := firstInvalid(SchemeRAM, "CreatePolicy", fieldRule{"Name", ramNewPolicyNameRule(in.Name)}); err != nil {
		return nil, err
	}
	out, err := p.c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: in.Name, PolicyDocument: in.Document, Description: in.Description})
	if err != nil {
		return nil, err
	}
	pol := ramPolicyToPortable(out.Policy)
	if pol.Type == "" {
		pol.Type = iam.PolicyCustom
	}
	pol.Document = in.Document
	return pol, nil
}

// DeletePolicy detaches the custom policy from every user, group and role
// (ListEntitiesForPolicy), then deletes it with CascadingDelete, so that
// its other versions go too; the delete is repeated a few times while RAM
// still reports a DeleteConflict.Policy.* right after the detachments.
// Grants limited to resource groups are not listed by RAM and not removed.
func (p *ramDriver) DeletePolicy(ctx context.Context, name string) error {
	if err := firstInvalid(SchemeRAM, "DeletePolicy", fieldRule{"policyName", policyRule(name)}); err != nil {
		return err
	}
	ents, err := p.c.ListEntitiesForPolicy(ctx, &RAMListEntitiesForPolicyInput{PolicyName: name, PolicyType: RAMPolicyCustom})
	if err != nil {
		return err
	}
	var detach []func() error
	for _, u := range ents.Users {
		in := &RAMPolicyAttachmentInput{PolicyName: name, PolicyType: RAMPolicyCustom, UserName: u.UserName}
		detach = append(detach, func() error { _, err := p.c.DetachPolicyFromUser(ctx, in); return err })
	}
	for _, g := range ents.Groups {
		in := &RAMPolicyAttachmentInput{PolicyName: name, PolicyType: RAMPolicyCustom, GroupName: g.GroupName}
		detach = append(detach, func() error { _, err := p.c.DetachPolicyFromGroup(ctx, in); return err })
	}
	for _, r := range ents.Roles {
		in := &RAMPolicyAttachmentInput{PolicyName: name, PolicyType: RAMPolicyCustom, RoleName: r.RoleName}
		detach = append(detach, func() error { _, err := p.c.DetachPolicyFromRole(ctx, in); return err })
	}
	for _, d := range detach {
		if err := d(); err != nil && !errors.Is(err, iam.ErrNotFound) {
			return err
		}
	}
	return deleteAfterCleanup(ctx, len(detach) > 0, []string{"DeleteConflict.Policy.User",
		"DeleteConflict.Policy.Group", "DeleteConflict.Policy.Role"}, func() error {
		_, err := p.c.DeletePolicy(ctx, &RAMDeletePolicyInput{PolicyName: name, CascadingDelete: true})
		return err
	})
}

func (p *ramDriver) attach(ctx context.Context, op string, in *RAMPolicyAttachmentInput, who principal,
	call func(context.Context, *RAMPolicyAttachmentInput) (*RAMPolicyAttachmentOutput, error)) error {
	rule := fieldRule{"userName", nameRule(in.UserName)}
	if who == principalGroup {
		rule = fieldRule{"groupName", groupRule(in.GroupName)}
	}
	if err := firstInvalid(SchemeRAM, op, rule, fieldRule{"PolicyRef.Name", policyRule(in.PolicyName)}); err != nil {
		return err
	}
	_, err := call(ctx, in)
	return err
}

// AttachUserPolicy grants the policy on the whole account.
func (p *ramDriver) AttachUserPolicy(ctx context.Context, userName string, ref iam.PolicyRef) error {
	return p.attach(ctx, "AttachUserPolicy", &RAMPolicyAttachmentInput{UserName: userName, PolicyName: ref.Name,
		PolicyType: ramPolicyType(ref.Type)}, principalUser, p.c.AttachPolicyToUser)
}

func (p *ramDriver) DetachUserPolicy(ctx context.Context, userName string, ref iam.PolicyRef) error {
	return p.attach(ctx, "DetachUserPolicy", &RAMPolicyAttachmentInput{UserName: userName, PolicyName: ref.Name,
		PolicyType: ramPolicyType(ref.Type)}, principalUser, p.c.DetachPolicyFromUser)
}

// AttachGroupPolicy grants the policy to the group on the whole account.
func (p *ramDriver) AttachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	return p.attach(ctx, "AttachGroupPolicy", &RAMPolicyAttachmentInput{GroupName: groupName, PolicyName: ref.Name,
		PolicyType: ramPolicyType(ref.Type)}, principalGroup, p.c.AttachPolicyToGroup)
}

func (p *ramDriver) DetachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	return p.attach(ctx, "DetachGroupPolicy", &RAMPolicyAttachmentInput{GroupName: groupName, PolicyName: ref.Name,
		PolicyType: ramPolicyType(ref.Type)}, principalGroup, p.c.DetachPolicyFromGroup)
}

func (p *ramDriver) policiesOf(check error,
	list func() (*RAMListPoliciesForOutput, error)) iter.Seq2[*iam.Policy, error] {
	return func(yield func(*iam.Policy, error) bool) {
		if check != nil {
			yield(nil, check)
			return
		}
		out, err := list()
		if err != nil {
			yield(nil, err)
			return
		}
		for _, pol := range out.Policies {
			if !yield(ramPolicyToPortable(pol), nil) {
				return
			}
		}
	}
}

// ListUserPolicies lists the policies attached to the user directly, on the
// whole account (ListPoliciesForUser, one request), with AttachedAt.
func (p *ramDriver) ListUserPolicies(ctx context.Context, userName string) iter.Seq2[*iam.Policy, error] {
	return p.policiesOf(p.userName("ListUserPolicies", userName), func() (*RAMListPoliciesForOutput, error) {
		return p.c.ListPoliciesForUser(ctx, &RAMListPoliciesForInput{UserName: userName})
	})
}

// ListGroupPolicies lists the policies attached to the group on the whole
// account (ListPoliciesForGroup, one request), with AttachedAt.
func (p *ramDriver) ListGroupPolicies(ctx context.Context, groupName string) iter.Seq2[*iam.Policy, error] {
	return p.policiesOf(p.groupName("ListGroupPolicies", groupName), func() (*RAMListPoliciesForOutput, error) {
		return p.c.ListPoliciesForGroup(ctx, &RAMListPoliciesForInput{GroupName: groupName})
	})
}
