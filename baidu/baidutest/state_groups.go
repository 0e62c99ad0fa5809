package baidutest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Group is a group as the emulator holds it, for seeding (AddGroup) and
// inspection (Groups).
type Group struct {
	// ID is the service's identifier (32 hex digits); AddGroup makes one
	// when it is empty.
	ID string
	// Name is the group name, unique in the account: 1-64 characters.
	Name string
	// Description is the group's description: at most 128 characters.
	Description string
	// CreatedAt is when the group was created; AddGroup uses the emulator's
	// clock when it is zero.
	CreatedAt time.Time
}

// Policy is a permission policy as the emulator holds it: a system policy
// of the catalog or a custom policy of the account.
type Policy struct {
	// ID is the service's identifier; AddPolicy makes one when it is empty.
	ID string
	// Name is the policy name, unique among the policies of its type.
	Name string
	// Type is PolicySystem or PolicyCustom ("" seeds a custom policy).
	Type string
	// Description is the policy's description.
	Description string
	// Document is the ACL as the service stores it (for a custom policy,
	// with "id":"policy_<ID>" injected and its keys sorted).
	Document string
	// CreatedAt is when the policy was created; AddPolicy uses the
	// emulator's clock when it is zero.
	CreatedAt time.Time
}

// Role is a role as the emulator holds it.
type Role struct {
	// ID is the service's identifier; AddRole makes one when it is empty.
	ID string
	// Name is the role name, unique in the account.
	Name string
	// Description is the role's description.
	Description string
	// AssumeRolePolicyDocument is the trust policy (an ACL); AddRole
	// requires one.
	AssumeRolePolicyDocument string
	// CreatedAt is when the role was created; AddRole uses the emulator's
	// clock when it is zero.
	CreatedAt time.Time
}

// Attachment is a policy attached to a user, a group or a role.
type Attachment struct {
	// PolicyName is the policy's name.
	PolicyName string
	// PolicyType is PolicySystem or PolicyCustom.
	PolicyType string
	// AttachedAt is when the policy was attached.
	AttachedAt time.Time
}

// seedError is the error of a seeding helper, from the service's message.
func seedError(op, msg string) error {
	return errors.New("baidutest: " + op + ": " + strings.TrimSuffix(msg, "."))
}

func publicGroup(g *groupRec) Group {
	return Group{ID: g.id, Name: g.name, Description: g.description, CreatedAt: g.created}
}

func publicPolicy(p *policyRec) Policy {
	return Policy{ID: p.id, Name: p.name, Type: p.typ, Description: p.description, Document: p.document, CreatedAt: p.created}
}

func publicRole(r *roleRec) Role {
	return Role{ID: r.id, Name: r.name, Description: r.description, AssumeRolePolicyDocument: r.trust, CreatedAt: r.created}
}

func publicAttachments(list []attachment) []Attachment {
	out := make([]Attachment, 0, len(list))
	for _, a := range list {
		out = append(out, Attachment{PolicyName: a.policy.name, PolicyType: a.policy.typ, AttachedAt: a.at})
	}
	return out
}

func (e *Emulator) at(t time.Time) time.Time {
	if t.IsZero() {
		return e.clock()
	}
	return t.UTC()
}

// AddGroup seeds the account with g, as if it had been created earlier, and
// returns it as stored. It fails as CreateGroup would: a name that is empty,
// longer than 64 characters or contains '/', '\' or control characters, a
// description longer than 128 characters, a name or ID taken, or an account
// with as many groups as its limit.
func (e *Emulator) AddGroup(g Group) (Group, error) {
	switch {
	case !validNewName(g.Name, maxGroupName):
		return Group{}, seedError("AddGroup", fmt.Sprintf("%q: %s", g.Name, groupNameRule))
	case !validGroupDescription(g.Description):
		return Group{}, seedError("AddGroup", groupDescriptionRule)
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.group(g.Name) != nil || (g.ID != "" && slices.ContainsFunc(a.groups, func(x *groupRec) bool { return x.id == g.ID })) {
		return Group{}, fmt.Errorf("baidutest: AddGroup: the group name %q or the ID %q is taken", g.Name, g.ID)
	}
	if a.maxGroups > 0 && len(a.groups) >= a.maxGroups {
		return Group{}, fmt.Errorf("baidutest: AddGroup: the account already has %d groups (WithMaxGroups)", a.maxGroups)
	}
	rec := &groupRec{id: g.ID, name: g.Name, description: g.Description, created: e.at(g.CreatedAt)}
	if rec.id == "" {
		rec.id = randomHex(16)
	}
	a.groups = append(a.groups, rec)
	return publicGroup(rec), nil
}

// Groups returns every group of the account, in creation order (the order
// ListGroup answers in).
func (e *Emulator) Groups() []Group {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Group, 0, len(a.groups))
	for _, g := range a.groups {
		out = append(out, publicGroup(g))
	}
	return out
}

// AddGroupMember makes the user a member of the group, as AddUserToGroup
// would. It fails when either does not exist, the user is a member
// already, or the group is full.
func (e *Emulator) AddGroupMember(groupName, userName string) error {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.group(groupName)
	if g == nil {
		return fmt.Errorf("baidutest: AddGroupMember: no group %q", groupName)
	}
	u, err := e.st.UserByName(userName)
	if err != nil {
		return fmt.Errorf("baidutest: AddGroupMember: no user %q", userName)
	}
	if slices.ContainsFunc(g.members, func(m member) bool { return m.userID == u.ID }) {
		return fmt.Errorf("baidutest: AddGroupMember: %q is in %q already", userName, groupName)
	}
	if a.maxUsersPerGroup > 0 && len(g.members) >= a.maxUsersPerGroup {
		return fmt.Errorf("baidutest: AddGroupMember: the group %q already has %d users (WithMaxUsersPerGroup)", groupName, a.maxUsersPerGroup)
	}
	g.members = append(g.members, member{userID: u.ID, joined: e.clock()})
	return nil
}

// GroupMembers returns the names of the group's members in the order they
// joined; nil when there is no such group.
func (e *Emulator) GroupMembers(groupName string) []string {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.group(groupName)
	if g == nil {
		return nil
	}
	out := make([]string, 0, len(g.members))
	for _, m := range g.members {
		if u, err := e.st.UserByID(m.userID); err == nil {
			out = append(out, u.Name)
		}
	}
	return out
}

// UserGroups returns the names of the groups the user is a member of, in
// the groups' creation order; nil when there is no such user.
func (e *Emulator) UserGroups(userName string) []string {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := e.st.UserByName(userName)
	if err != nil {
		return nil
	}
	out := []string{}
	for _, g := range a.groups {
		if slices.ContainsFunc(g.members, func(m member) bool { return m.userID == u.ID }) {
			out = append(out, g.name)
		}
	}
	return out
}

// AddPolicy seeds a policy. A custom policy (Type PolicyCustom or "") is
// checked as CreatePolicy checks it: a name of 1-64 characters, not taken,
// and a document in Baidu's ACL format, stored as the service stores it.
// A system policy (Type PolicySystem) extends the catalog, for a test that
// needs a system policy the catalog lacks; its document may be any JSON,
// or empty for none.
func (e *Emulator) AddPolicy(p Policy) (Policy, error) {
	if p.Type == "" {
		p.Type = PolicyCustom
	}
	if p.Type != PolicyCustom && p.Type != PolicySystem {
		return Policy{}, fmt.Errorf("baidutest: AddPolicy: Type %q is neither %q nor %q", p.Type, PolicySystem, PolicyCustom)
	}
	if !validNewName(p.Name, maxPolicyName) {
		return Policy{}, seedError("AddPolicy", fmt.Sprintf("%q: %s", p.Name, policyNameRule))
	}
	rec := &policyRec{id: p.ID, name: p.Name, typ: p.Type, description: p.Description, created: e.at(p.CreatedAt)}
	if rec.id == "" {
		rec.id = randomHex(16)
	}
	switch {
	case p.Type == PolicyCustom:
		doc, msg := checkACL(p.Document, rec.id)
		if msg != "" {
			return Policy{}, seedError("AddPolicy", msg)
		}
		rec.document = doc
	case p.Document != "" && !json.Valid([]byte(p.Document)):
		return Policy{}, errors.New("baidutest: AddPolicy: the document of a system policy must be JSON")
	default:
		rec.document = p.Document
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.policy(p.Name, p.Type) != nil || a.policyByID(rec.id) != nil {
		return Policy{}, fmt.Errorf("baidutest: AddPolicy: the %s policy name %q or the ID %q is taken", p.Type, p.Name, p.ID)
	}
	if p.Type == PolicySystem {
		a.system = append(a.system, rec)
	} else {
		a.custom = append(a.custom, rec)
	}
	return publicPolicy(rec), nil
}

// Policies returns the system policies of the catalog, then the account's
// custom policies in creation order.
func (e *Emulator) Policies() []Policy {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Policy, 0, len(a.system)+len(a.custom))
	for _, list := range [][]*policyRec{a.system, a.custom} {
		for _, p := range list {
			out = append(out, publicPolicy(p))
		}
	}
	return out
}

// AddRole seeds a role, as CreateRole would create it: a name usable in a
// path and not taken, and a trust policy (an ACL).
func (e *Emulator) AddRole(r Role) (Role, error) {
	switch {
	case !validNewName(r.Name, maxRoleName):
		return Role{}, fmt.Errorf("baidutest: AddRole: the name %q cannot address a role", r.Name)
	case !validTrust(r.AssumeRolePolicyDocument):
		return Role{}, seedError("AddRole", trustRule)
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.role(r.Name) != nil || (r.ID != "" && slices.ContainsFunc(a.roles, func(x *roleRec) bool { return x.id == r.ID })) {
		return Role{}, fmt.Errorf("baidutest: AddRole: the role name %q or the ID %q is taken", r.Name, r.ID)
	}
	rec := &roleRec{id: r.ID, name: r.Name, description: r.Description, trust: r.AssumeRolePolicyDocument, created: e.at(r.CreatedAt)}
	if rec.id == "" {
		rec.id = randomHex(16)
	}
	a.roles = append(a.roles, rec)
	return publicRole(rec), nil
}

// Roles returns every role of the account, in creation order.
func (e *Emulator) Roles() []Role {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Role, 0, len(a.roles))
	for _, r := range a.roles {
		out = append(out, publicRole(r))
	}
	return out
}

// AttachUserPolicy attaches the policy (of type PolicySystem or
// PolicyCustom; "" is custom) to the user, as AttachPolicyToUser would.
func (e *Emulator) AttachUserPolicy(userName, policyName, policyType string) error {
	return e.seedAttach(grantUser, userName, policyName, policyType)
}

// AttachGroupPolicy attaches the policy to the group, as
// AttachPolicyToGroup would (the group's policy limit applies).
func (e *Emulator) AttachGroupPolicy(groupName, policyName, policyType string) error {
	return e.seedAttach(grantGroup, groupName, policyName, policyType)
}

// AttachRolePolicy attaches the policy to the role, as AttachPolicyToRole
// would.
func (e *Emulator) AttachRolePolicy(roleName, policyName, policyType string) error {
	return e.seedAttach(grantRole, roleName, policyName, policyType)
}

func (e *Emulator) seedAttach(kind, name, policyName, policyType string) error {
	if policyType == "" {
		policyType = PolicyCustom
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	list, set, msg := e.attachments(kind, name)
	if msg != "" {
		return seedError("attach", msg)
	}
	p := a.policy(policyName, policyType)
	switch {
	case p == nil:
		return fmt.Errorf("baidutest: attach: no %s policy %q", policyType, policyName)
	case attached(list, p) >= 0:
		return fmt.Errorf("baidutest: attach: %q is attached to the %s %q already", policyName, kindWord[kind], name)
	case kind == grantGroup && a.maxPoliciesPerGroup > 0 && len(list) >= a.maxPoliciesPerGroup:
		return fmt.Errorf("baidutest: attach: the group %q already has %d policies (WithMaxPoliciesPerGroup)", name, a.maxPoliciesPerGroup)
	}
	set(append(slices.Clone(list), attachment{policy: p, at: e.clock()}))
	return nil
}

// UserPolicies returns the policies attached to the user directly, in the
// order they were attached; nil when there is no such user.
func (e *Emulator) UserPolicies(userName string) []Attachment { return e.inspect(grantUser, userName) }

// GroupPolicies returns the policies attached to the group; nil when there
// is no such group.
func (e *Emulator) GroupPolicies(groupName string) []Attachment {
	return e.inspect(grantGroup, groupName)
}

// RolePolicies returns the policies attached to the role; nil when there is
// no such role.
func (e *Emulator) RolePolicies(roleName string) []Attachment { return e.inspect(grantRole, roleName) }

func (e *Emulator) inspect(kind, name string) []Attachment {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	list, _, msg := e.attachments(kind, name)
	if msg != "" {
		return nil
	}
	return publicAttachments(list)
}
