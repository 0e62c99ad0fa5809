package iam

import (
	"context"
	"iter"
	"time"
)

// Group is a user group as the portable API sees it: users in a group get
// the permissions attached to it (on Huawei Cloud, the only way to give a
// user cloud permissions through the v3 API).
type Group struct {
	// ID is the cloud's identifier (Baidu's 32-hex id, Huawei's 32-hex
	// group id, RAM's GroupId, EIAM's group_...).
	ID string
	// Name is the group's name, by which every method addresses the group
	// (Baidu's and Huawei's name, RAM's and EIAM's GroupName).
	Name string
	// Description is the group's description (RAM's Comments).
	Description string
	// CreatedAt is zero when the cloud does not report it.
	CreatedAt time.Time

	// Native is the provider's own value; use As to reach it.
	Native Native
}

// As sets target to the provider's native group value; see User.As.
func (g *Group) As(target any) bool { return g != nil && g.Native.As(target) }

// CreateGroupInput is the input of CreateGroup; Name is required.
type CreateGroupInput struct {
	// Name is the new group's name (required). Each cloud's own rule for
	// its characters applies, and Capabilities.MaxGroupNameLength bounds it.
	Name string
	// Description is the group's description (RAM's Comments), bounded by
	// Capabilities.MaxGroupDescriptionLength.
	Description string
}

// UpdateGroupInput changes the fields that are non-nil: NewName renames the
// group, Description replaces its description (a pointer to "" clears it
// where Capabilities.CanClear(FieldGroupDescription)).
type UpdateGroupInput struct {
	// NewName renames the group (FieldGroupRename), under the rule of
	// CreateGroupInput.Name.
	NewName *string
	// Description replaces the group's description (RAM's NewComments); ""
	// clears it where Capabilities.CanClear(FieldGroupDescription).
	Description *string
}

// ListGroupsInput narrows ListGroups. The zero value lists every group.
type ListGroupsInput struct {
	// PageSize is how many groups to fetch per request; zero uses the
	// provider's default. It never limits the total.
	PageSize int
}

// PolicyType tells a cloud's built-in policies from the account's own.
type PolicyType string

// The policy types.
const (
	// PolicySystem is a policy (or Huawei system role) the cloud defines:
	// Baidu "System", Huawei system roles and policies, RAM "System".
	PolicySystem PolicyType = "system"
	// PolicyCustom is a policy the account created.
	PolicyCustom PolicyType = "custom"
)

// PolicyRef names a policy to attach, detach or read: its name and type,
// and where the cloud has it, the scope of a grant.
type PolicyRef struct {
	// Name is the policy's name: Baidu's and RAM's policy name, Huawei's
	// display_name of a role or policy ("OBS ReadOnlyAccess").
	Name string
	// Type is PolicySystem or PolicyCustom.
	Type PolicyType
	// Project limits a grant to one project (Huawei: a region project's
	// name such as "cn-north-4", or its id); empty means the whole account.
	// Only clouds with FieldPolicyProject in Capabilities.Fields accept it.
	Project string
}

// Policy is a permission policy: a cloud's system policy or role, or a
// custom policy of the account.
type Policy struct {
	// ID is the cloud's identifier (Huawei's role id, Baidu's policy id);
	// empty where the cloud keys policies by name only (RAM).
	ID string
	// Name is the policy's name, as PolicyRef.Name takes it: Baidu's and
	// RAM's policy name, Huawei's display_name of a role or policy.
	Name string
	// Type tells a cloud's system policy (PolicySystem; Huawei's system
	// roles too) from one of the account's own (PolicyCustom).
	Type PolicyType
	// Description is the policy's description.
	Description string
	// Document is the policy document in the cloud's own format (Baidu's
	// ACL JSON, Huawei's {"Version":"1.1","Statement":[...]}, RAM's
	// {"Version":"1","Statement":[...]}), when the call returns it.
	Document string
	// Project is the scope of an attachment in ListUserPolicies and
	// ListGroupPolicies (Huawei: the project id of a project-scope grant);
	// empty for the whole account.
	Project string
	// CreatedAt and AttachedAt are zero when the cloud does not report them;
	// AttachedAt is set only in the lists of attached policies.
	CreatedAt, AttachedAt time.Time

	// Native is the provider's own value; use As to reach it.
	Native Native
}

// As sets target to the provider's native policy value; see User.As.
func (p *Policy) As(target any) bool { return p != nil && p.Native.As(target) }

// Ref returns the PolicyRef of p, with its attachment scope.
func (p *Policy) Ref() PolicyRef { return PolicyRef{Name: p.Name, Type: p.Type, Project: p.Project} }

// CreatePolicyInput is the input of CreatePolicy: a custom policy whose
// Document, in the cloud's own format, is passed through as it is.
type CreatePolicyInput struct {
	// Name is the new policy's name (required): Baidu's and RAM's policy
	// name, Huawei's display_name; Capabilities.MaxPolicyNameLength bounds
	// it.
	Name string
	// Description is the policy's description, bounded by
	// Capabilities.MaxPolicyDescriptionLength.
	Description string
	// Document is the policy document (required) in the cloud's own format:
	// Baidu's ACL JSON, Huawei's {"Version":"1.1","Statement":[...]}, RAM's
	// {"Version":"1","Statement":[...]}; bounded by
	// Capabilities.MaxPolicyDocumentLength.
	Document string
}

// ListPoliciesInput narrows ListPolicies.
type ListPoliciesInput struct {
	// Type lists only system or only custom policies; empty lists both.
	Type PolicyType
	// PageSize is how many policies to fetch per request; zero uses the
	// provider's default.
	PageSize int
}

// GroupDriver is what a provider implements for groups; a Driver that does
// not implement it has no group operations (ErrUnsupported). The Client
// checks arguments and Capabilities first, as for users.
type GroupDriver interface {
	CreateGroup(ctx context.Context, in *CreateGroupInput) (*Group, error)
	GetGroup(ctx context.Context, name string) (*Group, error)
	UpdateGroup(ctx context.Context, name string, in *UpdateGroupInput) (*Group, error)
	// DeleteGroup removes the members and detaches the policies first, so
	// that the cloud does not refuse the delete.
	DeleteGroup(ctx context.Context, name string) error
	ListGroups(ctx context.Context, in *ListGroupsInput) iter.Seq2[*Group, error]
	AddUserToGroup(ctx context.Context, groupName, userName string) error
	RemoveUserFromGroup(ctx context.Context, groupName, userName string) error
	ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*User, error]
	ListUserGroups(ctx context.Context, userName string) iter.Seq2[*Group, error]
}

// PolicyDriver is what a provider implements for permission policies; a
// Driver that does not implement it has no policy operations.
type PolicyDriver interface {
	ListPolicies(ctx context.Context, in *ListPoliciesInput) iter.Seq2[*Policy, error]
	GetPolicy(ctx context.Context, ref PolicyRef) (*Policy, error)
	CreatePolicy(ctx context.Context, in *CreatePolicyInput) (*Policy, error)
	// DeletePolicy deletes a custom policy, detaching it first where the
	// cloud refuses to delete an attached policy.
	DeletePolicy(ctx context.Context, name string) error
	AttachUserPolicy(ctx context.Context, userName string, ref PolicyRef) error
	DetachUserPolicy(ctx context.Context, userName string, ref PolicyRef) error
	ListUserPolicies(ctx context.Context, userName string) iter.Seq2[*Policy, error]
	AttachGroupPolicy(ctx context.Context, groupName string, ref PolicyRef) error
	DetachGroupPolicy(ctx context.Context, groupName string, ref PolicyRef) error
	ListGroupPolicies(ctx context.Context, groupName string) iter.Seq2[*Policy, error]
}

// CreateGroup creates a group; Name is required.
func (c *Client) CreateGroup(ctx context.Context, in *CreateGroupInput) (g *Group, err error) {
	const op = OpCreateGroup
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.groups(ctx, op)
	if err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil: Name is required")
	}
	if err = c.groupName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	if in.Description != "" {
		if err = c.fieldAs(op, FieldGroupDescription, "Description"); err != nil {
			return nil, err
		}
		if err = c.length(op, "Description", in.Description, 0, c.caps.MaxGroupDescriptionLength); err != nil {
			return nil, err
		}
	}
	g, err = d.CreateGroup(ctx, in)
	if err == nil && (g == nil || g.Name == "") {
		return nil, c.lacking(op, "the new group", true)
	}
	return g, err
}

// GetGroup returns the named group, or ErrNotFound.
func (c *Client) GetGroup(ctx context.Context, name string) (g *Group, err error) {
	const op = OpGetGroup
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.groups(ctx, op)
	if err != nil {
		return nil, err
	}
	if err = c.groupName(op, "groupName", name); err != nil {
		return nil, err
	}
	g, err = d.GetGroup(ctx, name)
	if err == nil && (g == nil || g.Name == "") {
		return nil, c.lacking(op, "the group", false)
	}
	return g, err
}

// UpdateGroup renames the group or changes its description and returns the
// group as it now is. An input with no field set changes nothing.
func (c *Client) UpdateGroup(ctx context.Context, name string, in *UpdateGroupInput) (g *Group, err error) {
	const op = OpUpdateGroup
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.groups(ctx, op)
	if err != nil {
		return nil, err
	}
	if err = c.groupName(op, "groupName", name); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil: set the fields to change")
	}
	if in.NewName != nil {
		if err = c.fieldAs(op, FieldGroupRename, "NewName"); err != nil {
			return nil, err
		}
		if err = c.groupName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	if in.Description != nil {
		if err = c.fieldAs(op, FieldGroupDescription, "Description"); err != nil {
			return nil, err
		}
		if *in.Description == "" && !c.caps.CanClear(FieldGroupDescription) {
			return nil, &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Field: "Description",
				Message: "this cloud cannot clear a group's description (Capabilities.ClearableFields)"}
		}
		if err = c.length(op, "Description", *in.Description, 0, c.caps.MaxGroupDescriptionLength); err != nil {
			return nil, err
		}
	}
	if in.NewName == nil && in.Description == nil {
		g, err = d.GetGroup(ctx, name)
	} else {
		g, err = d.UpdateGroup(ctx, name, in)
	}
	if err == nil && (g == nil || g.Name == "") {
		return nil, c.lacking(op, "the group", in.NewName != nil || in.Description != nil)
	}
	return g, err
}

// DeleteGroup deletes the group, after removing its members and detaching
// its policies where the cloud would refuse the delete otherwise.
func (c *Client) DeleteGroup(ctx context.Context, name string) (err error) {
	const op = OpDeleteGroup
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.groups(ctx, op)
	if err != nil {
		return err
	}
	if err = c.groupName(op, "groupName", name); err != nil {
		return err
	}
	return d.DeleteGroup(ctx, name)
}

// ListGroups iterates over the account's groups, fetching pages lazily; see
// ListUsers. in may be nil.
func (c *Client) ListGroups(ctx context.Context, in *ListGroupsInput) iter.Seq2[*Group, error] {
	const op = OpListGroups
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*Group, error], error) {
		d, err := c.groups(ctx, op)
		if err != nil {
			return nil, err
		}
		if in == nil {
			in = &ListGroupsInput{}
		}
		if err := c.pageSize(op, in.PageSize); err != nil {
			return nil, err
		}
		return d.ListGroups(ctx, in), nil
	})
}

// AddUserToGroup makes the user a member of the group. Joining a group the
// user is in already is ErrAlreadyExists on the clouds that say so.
func (c *Client) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	return c.membership(ctx, OpAddUserToGroup, groupName, userName, func(d GroupDriver) func(context.Context, string, string) error {
		return d.AddUserToGroup
	})
}

// RemoveUserFromGroup ends the user's membership of the group.
func (c *Client) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	return c.membership(ctx, OpRemoveUserFromGroup, groupName, userName, func(d GroupDriver) func(context.Context, string, string) error {
		return d.RemoveUserFromGroup
	})
}

func (c *Client) membership(ctx context.Context, op Operation, groupName, userName string,
	f func(GroupDriver) func(context.Context, string, string) error) (err error) {
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.groups(ctx, op)
	if err != nil {
		return err
	}
	if err = c.groupName(op, "groupName", groupName); err != nil {
		return err
	}
	if err = c.userName(op, userName); err != nil {
		return err
	}
	return f(d)(ctx, groupName, userName)
}

// ListGroupUsers iterates over the members of the group.
func (c *Client) ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*User, error] {
	const op = OpListGroupUsers
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*User, error], error) {
		d, err := c.groups(ctx, op)
		if err != nil {
			return nil, err
		}
		if err := c.groupName(op, "groupName", groupName); err != nil {
			return nil, err
		}
		return d.ListGroupUsers(ctx, groupName), nil
	})
}

// ListUserGroups iterates over the groups the user is a member of.
func (c *Client) ListUserGroups(ctx context.Context, userName string) iter.Seq2[*Group, error] {
	const op = OpListUserGroups
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*Group, error], error) {
		d, err := c.groups(ctx, op)
		if err != nil {
			return nil, err
		}
		if err := c.userName(op, userName); err != nil {
			return nil, err
		}
		return d.ListUserGroups(ctx, userName), nil
	})
}

// ListPolicies iterates over the policies the account can attach: the
// cloud's system policies (and Huawei's system roles) and its custom ones.
// in may be nil.
func (c *Client) ListPolicies(ctx context.Context, in *ListPoliciesInput) iter.Seq2[*Policy, error] {
	const op = OpListPolicies
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*Policy, error], error) {
		d, err := c.policies(ctx, op)
		if err != nil {
			return nil, err
		}
		if in == nil {
			in = &ListPoliciesInput{}
		}
		if in.Type != "" {
			if err := c.policyType(op, "Type", in.Type); err != nil {
				return nil, err
			}
		}
		if err := c.pageSize(op, in.PageSize); err != nil {
			return nil, err
		}
		return d.ListPolicies(ctx, in), nil
	})
}

// GetPolicy returns the policy ref names, with its document where the cloud
// returns one, or ErrNotFound. ref.Project is ignored.
func (c *Client) GetPolicy(ctx context.Context, ref PolicyRef) (p *Policy, err error) {
	const op = OpGetPolicy
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.policies(ctx, op)
	if err != nil {
		return nil, err
	}
	ref.Project = ""
	if err = c.policyRef(op, ref); err != nil {
		return nil, err
	}
	p, err = d.GetPolicy(ctx, ref)
	if err == nil && (p == nil || p.Name == "") {
		return nil, c.lacking(op, "the policy", false)
	}
	return p, err
}

// CreatePolicy creates a custom policy from a document in the cloud's own
// format, passed through unchanged.
func (c *Client) CreatePolicy(ctx context.Context, in *CreatePolicyInput) (p *Policy, err error) {
	const op = OpCreatePolicy
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.policies(ctx, op)
	if err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil: Name and Document are required")
	}
	if err = c.policyName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	if in.Document == "" {
		return nil, c.invalid(op, "Document", "is required")
	}
	if err = c.length(op, "Document", in.Document, 0, c.caps.MaxPolicyDocumentLength); err != nil {
		return nil, err
	}
	if err = c.length(op, "Description", in.Description, 0, c.caps.MaxPolicyDescriptionLength); err != nil {
		return nil, err
	}
	p, err = d.CreatePolicy(ctx, in)
	if err == nil && (p == nil || p.Name == "") {
		return nil, c.lacking(op, "the new policy", true)
	}
	return p, err
}

// DeletePolicy deletes a custom policy, detaching it from users and groups
// first where the cloud would refuse the delete otherwise.
func (c *Client) DeletePolicy(ctx context.Context, name string) (err error) {
	const op = OpDeletePolicy
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.policies(ctx, op)
	if err != nil {
		return err
	}
	if err = c.policyName(op, "policyName", name); err != nil {
		return err
	}
	return d.DeletePolicy(ctx, name)
}

// AttachUserPolicy grants the policy to the user directly. Huawei Cloud
// grants permissions to groups only: there it is ErrUnsupported.
func (c *Client) AttachUserPolicy(ctx context.Context, userName string, ref PolicyRef) error {
	return c.attachment(ctx, OpAttachUserPolicy, "userName", userName, ref, func(d PolicyDriver) func(context.Context, string, PolicyRef) error {
		return d.AttachUserPolicy
	})
}

// DetachUserPolicy revokes a policy attached to the user directly.
func (c *Client) DetachUserPolicy(ctx context.Context, userName string, ref PolicyRef) error {
	return c.attachment(ctx, OpDetachUserPolicy, "userName", userName, ref, func(d PolicyDriver) func(context.Context, string, PolicyRef) error {
		return d.DetachUserPolicy
	})
}

// AttachGroupPolicy grants the policy to the group's members; ref.Project
// limits the grant to one project where the cloud has projects.
func (c *Client) AttachGroupPolicy(ctx context.Context, groupName string, ref PolicyRef) error {
	return c.attachment(ctx, OpAttachGroupPolicy, "groupName", groupName, ref, func(d PolicyDriver) func(context.Context, string, PolicyRef) error {
		return d.AttachGroupPolicy
	})
}

// DetachGroupPolicy revokes a policy from the group (in ref.Project's
// scope, or the account's).
func (c *Client) DetachGroupPolicy(ctx context.Context, groupName string, ref PolicyRef) error {
	return c.attachment(ctx, OpDetachGroupPolicy, "groupName", groupName, ref, func(d PolicyDriver) func(context.Context, string, PolicyRef) error {
		return d.DetachGroupPolicy
	})
}

func (c *Client) attachment(ctx context.Context, op Operation, field, name string, ref PolicyRef,
	f func(PolicyDriver) func(context.Context, string, PolicyRef) error) (err error) {
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	d, err := c.policies(ctx, op)
	if err != nil {
		return err
	}
	if field == "groupName" {
		err = c.groupName(op, field, name)
	} else {
		err = c.userName(op, name)
	}
	if err != nil {
		return err
	}
	if err = c.policyRef(op, ref); err != nil {
		return err
	}
	return f(d)(ctx, name, ref)
}

// ListUserPolicies iterates over the policies attached to the user
// directly (not those of its groups).
func (c *Client) ListUserPolicies(ctx context.Context, userName string) iter.Seq2[*Policy, error] {
	const op = OpListUserPolicies
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*Policy, error], error) {
		d, err := c.policies(ctx, op)
		if err != nil {
			return nil, err
		}
		if err := c.userName(op, userName); err != nil {
			return nil, err
		}
		return d.ListUserPolicies(ctx, userName), nil
	})
}

// ListGroupPolicies iterates over the policies attached to the group, with
// the scope of each grant in Policy.Project.
func (c *Client) ListGroupPolicies(ctx context.Context, groupName string) iter.Seq2[*Policy, error] {
	const op = OpListGroupPolicies
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*Policy, error], error) {
		d, err := c.policies(ctx, op)
		if err != nil {
			return nil, err
		}
		if err := c.groupName(op, "groupName", groupName); err != nil {
			return nil, err
		}
		return d.ListGroupPolicies(ctx, groupName), nil
	})
}

// groups checks the context and the operation and returns the group driver.
func (c *Client) groups(ctx context.Context, op Operation) (GroupDriver, error) {
	if err := c.check(ctx, op); err != nil {
		return nil, err
	}
	d, ok := c.d.(GroupDriver)
	if !ok {
		return nil, &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Message: "this cloud has no groups"}
	}
	return d, nil
}

// policies checks the context and the operation and returns the policy driver.
func (c *Client) policies(ctx context.Context, op Operation) (PolicyDriver, error) {
	if err := c.check(ctx, op); err != nil {
		return nil, err
	}
	d, ok := c.d.(PolicyDriver)
	if !ok {
		return nil, &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Message: "this cloud has no permission policies"}
	}
	return d, nil
}

func (c *Client) groupName(op Operation, field, name string) error {
	if name == "" {
		return c.invalid(op, field, "is required")
	}
	return c.length(op, field, name, 0, c.caps.MaxGroupNameLength)
}

func (c *Client) policyName(op Operation, field, name string) error {
	if name == "" {
		return c.invalid(op, field, "is required")
	}
	return c.length(op, field, name, 0, c.caps.MaxPolicyNameLength)
}

func (c *Client) policyType(op Operation, field string, t PolicyType) error {
	if t != PolicySystem && t != PolicyCustom {
		return c.invalid(op, field, `must be "system" or "custom"`)
	}
	return nil
}

// policyRef checks a PolicyRef: a name, a type, and a project only where
// the cloud has project-scope grants.
func (c *Client) policyRef(op Operation, ref PolicyRef) error {
	if err := c.policyName(op, "PolicyRef.Name", ref.Name); err != nil {
		return err
	}
	if err := c.policyType(op, "PolicyRef.Type", ref.Type); err != nil {
		return err
	}
	if ref.Project != "" && !c.caps.SupportsField(FieldPolicyProject) {
		return &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Field: "PolicyRef.Project",
			Message: "this cloud has no project-scope grants (Capabilities.Fields)"}
	}
	return c.length(op, "PolicyRef.Project", ref.Project, 0, 128)
}

func (c *Client) pageSize(op Operation, n int) error {
	if n < 0 || (c.caps.MaxPageSize > 0 && n > c.caps.MaxPageSize) {
		rule := "must not be negative"
		if c.caps.MaxPageSize > 0 {
			rule = "must be 0 (the cloud's default) to " + itoa(c.caps.MaxPageSize)
		}
		return c.invalid(op, "PageSize", rule)
	}
	return nil
}

// unnamed reports a listed user, group or policy without a name: an
// answer the caller could not use (a spoiled list element).
func unnamed(v any) bool {
	switch v := v.(type) {
	case *User:
		return v.Name == ""
	case *Group:
		return v.Name == ""
	case *Policy:
		return v.Name == ""
	}
	return false
}

// listOf runs a list call: the observer and the checks in start, then the
// driver's sequence with every error named after op; a nil element ends the
// sequence with ErrInvalidResponse.
func listOf[T any](c *Client, ctx context.Context, op Operation, start func(context.Context) (iter.Seq2[*T, error], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		ctx, done := c.begin(ctx, op)
		var err error
		defer func() { done(err) }()
		seq, err := start(ctx)
		if err != nil {
			err = c.wrap(op, err)
			yield(nil, err)
			return
		}
		for v, e := range seq {
			if e != nil {
				err = c.wrap(op, e)
				yield(nil, err)
				return
			}
			if v == nil || unnamed(v) {
				err = c.lacking(op, "an element of the list (or its name)", false)
				yield(nil, err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}
