package aliyuntest

import (
	"errors"
	"time"
)

// Group is a RAM user group or an EIAM group as the emulator holds it, for
// seeding (AddGroup, AddIDaaSGroup) and inspecting (Groups, IDaaSGroups).
type Group struct {
	// ID is RAM's GroupId or EIAM's GroupId (group_...); empty in AddGroup
	// and AddIDaaSGroup assigns one.
	ID string
	// Name is the GroupName.
	Name string
	// Description is RAM's Comments or EIAM's Description.
	Description string
	// ExternalID is EIAM's GroupExternalId (the group id when not given);
	// unused by RAM.
	ExternalID string
	// CreatedAt is when the group was created; zero in AddGroup and
	// AddIDaaSGroup means now.
	CreatedAt time.Time
}

// Policy is a RAM policy as the emulator holds it: a system policy of the
// catalog or a custom policy of the account.
type Policy struct {
	// Name is the PolicyName.
	Name string
	// Type is "System" or "Custom"; AddPolicy adds Custom policies only.
	Type string
	// Description is the policy's description.
	Description string
	// Document is the default version's document; empty in AddPolicy gives
	// a read-only ECS policy.
	Document string
	// DefaultVersion is the version in force ("v1", ...).
	DefaultVersion string
	// Versions are the policy's versions, oldest first.
	Versions []string
	// CreatedAt is when the policy was created; zero in AddPolicy means now.
	CreatedAt time.Time
}

// Attachment is a policy attached to a RAM user, group or role.
type Attachment struct {
	// PolicyName and PolicyType ("System" or "Custom") name the policy.
	PolicyName, PolicyType string
	// ResourceGroupID is the resource group the grant is limited to; empty
	// for the whole account.
	ResourceGroupID string
	// AttachedAt is when the policy was attached.
	AttachedAt time.Time
}

// Role is a RAM role, which the emulator holds only for policy attachments
// (AttachPolicyToRole and the role entries of ListEntitiesForPolicy).
type Role struct {
	// ID is the RoleId; empty in AddRole assigns one.
	ID string
	// Name is the RoleName.
	Name string
	// Description is the role's description.
	Description string
}

// Errors of the group, policy and role seed helpers.
var (
	// ErrGroupExists: a group with that name (or ID) exists.
	ErrGroupExists = errors.New("aliyuntest: a group with that name or ID exists")
	// ErrPolicyExists: a policy with that name exists (custom or system).
	ErrPolicyExists = errors.New("aliyuntest: a policy with that name exists")
	// ErrRoleExists: a role with that name exists.
	ErrRoleExists = errors.New("aliyuntest: a role with that name exists")
	// ErrNotFound: no user, group, policy or role of that name or ID.
	ErrNotFound = errors.New("aliyuntest: no such user, group, policy or role")
	// ErrDuplicate: the user is in the group already, or the policy is
	// attached already.
	ErrDuplicate = errors.New("aliyuntest: the membership or attachment exists")
)

// seedErr maps an API error of a seed helper to the helpers' errors.
func seedErr(err error, exists error) error {
	var ae *apiError
	if !errors.As(err, &ae) {
		return err
	}
	switch {
	case ae.status == 404:
		return ErrNotFound
	case ae.code == "EntityAlreadyExists.User.Group", ae.code == "EntityAlreadyExists.User.Policy",
		ae.code == "EntityAlreadyExists.Group.Policy", ae.code == "EntityAlreadyExists.Role.Policy":
		return ErrDuplicate
	case ae.status == 409:
		return exists
	}
	return err
}

// AddGroup adds a RAM user group directly, without the API's naming rules
// or the account's group quota. Name is required.
func (e *Emulator) AddGroup(g Group) (Group, error) {
	if g.Name == "" {
		return Group{}, errors.New("aliyuntest: AddGroup needs a Name")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.addRAMGroup(g.Name, g.Description, g.ID, g.CreatedAt, false)
	if err != nil {
		return Group{}, seedErr(err, ErrGroupExists)
	}
	return Group{ID: rec.id, Name: rec.name, Description: rec.comments, CreatedAt: rec.at}, nil
}

// Groups returns the RAM user groups, in creation order.
func (e *Emulator) Groups() []Group {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Group
	for _, g := range sortedBySeq(e.ramIAM.groups, func(g *ramGroupRec) uint64 { return g.seq }) {
		out = append(out, Group{ID: g.id, Name: g.name, Description: g.comments, CreatedAt: g.at})
	}
	return out
}

// AddGroupMember makes a RAM user a member of a group, without the limit of
// groups per user: ErrNotFound for an unknown user or group, ErrDuplicate
// for a member already.
func (e *Emulator) AddGroupMember(groupName, userName string) error {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return ErrNotFound
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.ramIAM.groupByName(groupName)
	if g == nil {
		return ErrNotFound
	}
	return seedErr(e.joinRAMGroup(g, u.ID, false), ErrDuplicate)
}

// GroupMembers returns the names of a RAM group's members in the order they
// joined, or nil when there is no such group.
func (e *Emulator) GroupMembers(groupName string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.ramIAM.groupByName(groupName)
	if g == nil {
		return nil
	}
	out := []string{}
	for _, m := range e.membersWhere(func(k memberKey) bool { return k.groupID == g.id }) {
		if u, err := e.ram.UserByID(m.key.userID); err == nil {
			out = append(out, u.Name)
		}
	}
	return out
}

// UserGroups returns the names of the RAM groups a user is in, in the order
// joined, or nil when there is no such user.
func (e *Emulator) UserGroups(userName string) []string {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []string{}
	for _, m := range e.membersWhere(func(k memberKey) bool { return k.userID == u.ID }) {
		if g := e.ramIAM.groups[m.key.groupID]; g != nil {
			out = append(out, g.name)
		}
	}
	return out
}

// defaultSeedDocument is the document of a policy seeded without one.
const defaultSeedDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`

// AddPolicy adds a custom RAM policy directly, without the API's naming
// and document rules or the account's quota. Name is required.
func (e *Emulator) AddPolicy(p Policy) (Policy, error) {
	if p.Name == "" {
		return Policy{}, errors.New("aliyuntest: AddPolicy needs a Name")
	}
	if p.Type != "" && p.Type != "Custom" {
		return Policy{}, errors.New(`aliyuntest: AddPolicy adds Custom policies; the System ones are RAM's catalog`)
	}
	if p.Document == "" {
		p.Document = defaultSeedDocument
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.addRAMPolicy(p.Name, p.Description, p.Document, nil, p.CreatedAt, false)
	if err != nil {
		return Policy{}, seedErr(err, ErrPolicyExists)
	}
	return publicPolicy(rec), nil
}

func publicPolicy(p *ramPolicyRec) Policy {
	out := Policy{Name: p.name, Type: p.typ, Description: p.description, DefaultVersion: p.defaultVersion, CreatedAt: p.at}
	for _, v := range p.versions {
		out.Versions = append(out.Versions, v.id)
		if v.id == p.defaultVersion {
			out.Document = v.document
		}
	}
	return out
}

// Policies returns the RAM policies of one type ("System", "Custom"), or
// all of them for "", in ListPolicies order.
func (e *Emulator) Policies(policyType string) []Policy {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Policy
	for _, p := range sortedBySeq(e.ramIAM.policies, func(p *ramPolicyRec) uint64 { return p.seq }) {
		if policyType == "" || p.typ == policyType {
			out = append(out, publicPolicy(p))
		}
	}
	return out
}

// AddRole adds a RAM role, to attach policies to. Name is required.
func (e *Emulator) AddRole(r Role) (Role, error) {
	if r.Name == "" {
		return Role{}, errors.New("aliyuntest: AddRole needs a Name")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.ramIAM.roles[r.Name]; ok {
		return Role{}, ErrRoleExists
	}
	if r.ID == "" {
		r.ID = "3" + randomFrom(digits, 16)
	}
	e.ramIAM.roles[r.Name] = &ramRoleRec{stamp: e.ramIAM.next(e.now()), id: r.ID, name: r.Name, description: r.Description}
	return r, nil
}

// attachSeed attaches a policy to a principal without the quotas.
func (e *Emulator) attachSeed(kind, principal, policyType, policyName string) error {
	if _, ok := e.ramIAM.policies[policyKey{policyType, policyName}]; !ok {
		return ErrNotFound
	}
	return seedErr(e.attachRAMPolicy(attachKey{kind: kind, principal: principal, policy: policyKey{policyType, policyName}}, false), ErrDuplicate)
}

// AddUserPolicy attaches a policy ("System" or "Custom") to a RAM user on
// the whole account, without the quotas: ErrNotFound for an unknown user
// or policy, ErrDuplicate when attached already.
func (e *Emulator) AddUserPolicy(userName, policyType, policyName string) error {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return ErrNotFound
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.attachSeed(onUser, u.ID, policyType, policyName)
}

// AddGroupPolicy attaches a policy to a RAM group on the whole account,
// without the quotas; errors as AddUserPolicy.
func (e *Emulator) AddGroupPolicy(groupName, policyType, policyName string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.ramIAM.groupByName(groupName)
	if g == nil {
		return ErrNotFound
	}
	return e.attachSeed(onGroup, g.id, policyType, policyName)
}

func (e *Emulator) attachmentsOf(kind, principal string) []Attachment {
	out := []Attachment{}
	for _, a := range e.attachmentsWhere(func(k attachKey) bool { return k.kind == kind && k.principal == principal }) {
		out = append(out, Attachment{PolicyName: a.key.policy.name, PolicyType: a.key.policy.typ,
			ResourceGroupID: a.key.resourceGroup, AttachedAt: a.at})
	}
	return out
}

// UserPolicies returns the policies attached to a RAM user (every scope),
// in the order attached, or nil when there is no such user.
func (e *Emulator) UserPolicies(userName string) []Attachment {
	u, err := e.ram.UserByName(userName)
	if err != nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.attachmentsOf(onUser, u.ID)
}

// GroupPolicies returns the policies attached to a RAM group, or nil when
// there is no such group.
func (e *Emulator) GroupPolicies(groupName string) []Attachment {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.ramIAM.groupByName(groupName)
	if g == nil {
		return nil
	}
	return e.attachmentsOf(onGroup, g.id)
}

// RolePolicies returns the policies attached to a RAM role, or nil when
// there is no such role.
func (e *Emulator) RolePolicies(roleName string) []Attachment {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.ramIAM.roles[roleName]; !ok {
		return nil
	}
	return e.attachmentsOf(onRole, roleName)
}

// AddIDaaSGroup adds a group to the EIAM instance directly. Name is
// required and, as in the API, unique; ExternalID defaults to the id.
func (e *Emulator) AddIDaaSGroup(g Group) (Group, error) {
	if g.Name == "" {
		return Group{}, errors.New("aliyuntest: AddIDaaSGroup needs a Name")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.addEIAMGroup(g.Name, g.Description, g.ExternalID, g.ID, g.CreatedAt)
	if err != nil {
		return Group{}, seedErr(err, ErrGroupExists)
	}
	return publicIDaaSGroup(rec), nil
}

func publicIDaaSGroup(g *eiamGroupRec) Group {
	return Group{ID: g.id, Name: g.name, Description: g.description, ExternalID: g.externalID, CreatedAt: g.at}
}

// IDaaSGroups returns the EIAM instance's groups, in creation order.
func (e *Emulator) IDaaSGroups() []Group {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Group
	for _, g := range sortedBySeq(e.eiamGroups.groups, func(g *eiamGroupRec) uint64 { return g.seq }) {
		out = append(out, publicIDaaSGroup(g))
	}
	return out
}

// AddIDaaSGroupMember adds an EIAM account to a group, both by id:
// ErrNotFound for an unknown account or group, ErrDuplicate for a member
// already.
func (e *Emulator) AddIDaaSGroupMember(groupID, userID string) error {
	if _, err := e.eiam.UserByID(userID); err != nil {
		return ErrNotFound
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.eiamGroups.groups[groupID] == nil {
		return ErrNotFound
	}
	k := memberKey{groupID, userID}
	if _, ok := e.eiamGroups.members[k]; ok {
		return ErrDuplicate
	}
	e.eiamGroups.members[k] = e.eiamGroups.next(e.now())
	return nil
}

// IDaaSGroupMembers returns the accounts in an EIAM group in the order they
// joined, or nil when there is no such group.
func (e *Emulator) IDaaSGroupMembers(groupID string) []User {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.eiamGroups.groups[groupID] == nil {
		return nil
	}
	out := []User{}
	for _, m := range e.eiamMembers(func(k memberKey) bool { return k.groupID == groupID }) {
		if u, err := e.eiam.UserByID(m.key.userID); err == nil {
			out = append(out, publicUser(u))
		}
	}
	return out
}
