package huaweitest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The quotas of an emulated account, as Huawei Cloud IAM's defaults.
const (
	// DefaultMaxGroups is the number of user groups an account may have
	// (WithMaxGroups changes it, as a raised quota does).
	DefaultMaxGroups = 20
	// MaxGroupsPerUser is the number of groups a user may join (not
	// adjustable on Huawei Cloud).
	MaxGroupsPerUser = 10
	// DefaultMaxGroupPermissions is the number of permissions a group may
	// hold on the account, all projects and projects together
	// (WithMaxGroupPermissions changes it).
	DefaultMaxGroupPermissions = 200
	// DefaultMaxCustomPolicies is the number of custom policies an account
	// may have (WithMaxCustomPolicies changes it).
	DefaultMaxCustomPolicies = 200
	// maxEnterpriseProjectPermissions bounds a group's or a user's grants
	// on enterprise projects.
	maxEnterpriseProjectPermissions = 500
)

// permOptions are the options of groups, permissions and projects.
type permOptions struct {
	maxGroups, maxCustomPolicies, maxGroupPermissions int
	projects                                          []string
	projectsSet                                       bool
}

// WithMaxGroups sets the account's group quota (20, Huawei Cloud's default).
func WithMaxGroups(n int) Option {
	return func(o *options) { o.perm.maxGroups = n }
}

// WithMaxCustomPolicies sets the account's custom policy quota (200).
func WithMaxCustomPolicies(n int) Option {
	return func(o *options) { o.perm.maxCustomPolicies = n }
}

// WithMaxGroupPermissions sets how many permissions a group may hold on the
// account, all projects and projects together (200).
func WithMaxGroupPermissions(n int) Option {
	return func(o *options) { o.perm.maxGroupPermissions = n }
}

// WithProjects replaces the account's region projects (by default
// cn-north-4, cn-north-1, cn-east-3, cn-east-2, cn-south-1, ap-southeast-1
// and ap-southeast-3), which GET /v3/projects lists and project-scope
// grants name.
func WithProjects(names ...string) Option {
	return func(o *options) { o.perm.projects, o.perm.projectsSet = slices.Clone(names), true }
}

// grantKind is the scope of a grant.
type grantKind int

const (
	grantDomain grantKind = iota
	grantInherited
	grantProject
	grantEP
)

type group struct {
	id, name, description string
	created               time.Time
	members               []string // user ids, in the order they joined
}

type customPolicy struct {
	id, name, displayName, typ string
	description, descriptionCn string
	hasDescriptionCn           bool
	doc                        json.RawMessage
	created, updated           time.Time
}

type project struct{ id, name, parentID string }

// grantRec is one grant: a permission to a group (or, on an enterprise
// project, a user) on a scope.
type grantRec struct {
	roleID, groupID, userID string
	kind                    grantKind
	scopeID                 string // domain, project or enterprise project id
}

// permState is the account's groups, custom policies, projects and grants,
// guarded by the Emulator's mu.
type permState struct {
	opts      permOptions
	groups    []*group
	customs   []*customPolicy
	customSeq int
	projects  []*project
	grants    []*grantRec
}

func newPermState(o permOptions, domainID string) permState {
	if o.maxGroups <= 0 {
		o.maxGroups = DefaultMaxGroups
	}
	if o.maxCustomPolicies <= 0 {
		o.maxCustomPolicies = DefaultMaxCustomPolicies
	}
	if o.maxGroupPermissions <= 0 {
		o.maxGroupPermissions = DefaultMaxGroupPermissions
	}
	names := defaultProjects
	if o.projectsSet {
		names = o.projects
	}
	s := permState{opts: o}
	for _, n := range names {
		if validProjectName(n) && s.projectByName(n) == nil {
			s.projects = append(s.projects, &project{id: stableID("project", domainID+"/"+n), name: n, parentID: domainID})
		}
	}
	return s
}

func (s *permState) groupByID(id string) *group {
	for _, g := range s.groups {
		if g.id == id {
			return g
		}
	}
	return nil
}

func (s *permState) groupByName(name string) *group {
	for _, g := range s.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (s *permState) customByID(id string) *customPolicy {
	for _, c := range s.customs {
		if c.id == id {
			return c
		}
	}
	return nil
}

func (s *permState) customByName(display string) *customPolicy {
	for _, c := range s.customs {
		if c.displayName == display {
			return c
		}
	}
	return nil
}

func (s *permState) projectByID(id string) *project {
	for _, p := range s.projects {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (s *permState) projectByName(name string) *project {
	for _, p := range s.projects {
		if p.name == name {
			return p
		}
	}
	return nil
}

// roleType returns the type of a system permission or custom policy, ""
// when there is none with that id.
func (s *permState) roleType(id string) string {
	if p := systemByID(id); p != nil {
		return p.typ
	}
	if c := s.customByID(id); c != nil {
		return c.typ
	}
	return ""
}

func (s *permState) roleName(id string) string {
	if p := systemByID(id); p != nil {
		return p.displayName
	}
	if c := s.customByID(id); c != nil {
		return c.displayName
	}
	return ""
}

func (s *permState) findGrant(g grantRec) int {
	return slices.IndexFunc(s.grants, func(x *grantRec) bool { return *x == g })
}

// references counts the grants of a permission.
func (s *permState) references(roleID string) int {
	n := 0
	for _, g := range s.grants {
		if g.roleID == roleID {
			n++
		}
	}
	return n
}

// countGrants counts the grants of a group (or user) on IAM projects
// (ep false: account, all projects, projects) or on enterprise projects.
func (s *permState) countGrants(groupID, userID string, ep bool) int {
	n := 0
	for _, g := range s.grants {
		if g.groupID == groupID && g.userID == userID && (g.kind == grantEP) == ep {
			n++
		}
	}
	return n
}

func (s *permState) groupsOf(userID string) []*group {
	var out []*group
	for _, g := range s.groups {
		if slices.Contains(g.members, userID) {
			out = append(out, g)
		}
	}
	return out
}

// deleteGroup removes a group with its memberships and grants, as Keystone
// does.
func (s *permState) deleteGroup(id string) bool {
	i := slices.IndexFunc(s.groups, func(g *group) bool { return g.id == id })
	if i < 0 {
		return false
	}
	s.groups = slices.Delete(s.groups, i, i+1)
	s.grants = slices.DeleteFunc(s.grants, func(g *grantRec) bool { return g.groupID == id })
	return true
}

// forgetUser removes a deleted user from every group and drops its grants.
func (s *permState) forgetUser(id string) {
	for _, g := range s.groups {
		g.members = slices.DeleteFunc(g.members, func(m string) bool { return m == id })
	}
	s.grants = slices.DeleteFunc(s.grants, func(g *grantRec) bool { return g.userID == id })
}

// validGroupName applies IAM's rule for group names: 1-128 characters, no
// control character.
func validGroupName(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= 128 && printableText(s)
}

func validGroupDescription(s string) bool {
	return utf8.RuneCountInString(s) <= 255 && printableText(s)
}

func printableText(s string) bool {
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

// ---- public types and helpers -----------------------------------------------

// Group is a user group of the emulated account, as AddGroup seeds it and
// Groups reports it.
type Group struct {
	// ID is the group id: 32 lower-case hexadecimal characters. AddGroup
	// assigns one when empty.
	ID string
	// Name is the group name, unique in the account: 1-128 characters.
	Name string
	// Description is at most 255 characters.
	Description string
	// CreatedAt is when the group was created; AddGroup uses the
	// emulator's clock when zero.
	CreatedAt time.Time
}

// GrantScope is where a permission is granted.
type GrantScope string

// The grant scopes.
const (
	// ScopeDomain: the account (global services),
	// /v3/domains/{domain_id}/groups/{group_id}/roles/{role_id}.
	ScopeDomain GrantScope = "domain"
	// ScopeAllProjects: every project of the account, the inherited grant
	// /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/{role_id}/inherited_to_projects.
	ScopeAllProjects GrantScope = "all_projects"
	// ScopeProject: one project,
	// /v3/projects/{project_id}/groups/{group_id}/roles/{role_id}.
	ScopeProject GrantScope = "project"
	// ScopeEnterpriseProject: an enterprise project (to a group or a user),
	// /v3.0/OS-PERMISSION/enterprise-projects/....
	ScopeEnterpriseProject GrantScope = "enterprise_project"
)

// Grant is a permission granted to a group (or, on an enterprise project,
// to a user).
type Grant struct {
	// GroupName is the group's name; "" for a grant to a user.
	GroupName string
	// UserName is the user's name for an enterprise project grant to a
	// user; "" otherwise.
	UserName string
	// PermissionID is the id of the system role, system policy or custom
	// policy. AddGrant looks PermissionName up when it is empty.
	PermissionID string
	// PermissionName is the permission's display name, such as "Tenant
	// Guest".
	PermissionName string
	// Scope is where the permission is granted.
	Scope GrantScope
	// Project is the project's name (AddGrant also takes its id) for
	// ScopeProject, the enterprise project's id for ScopeEnterpriseProject,
	// and "" otherwise.
	Project string
}

// PermissionKind tells system roles, system policies and custom policies
// apart.
type PermissionKind string

// The permission kinds.
const (
	PermissionRole   PermissionKind = "role"   // a system role (policy Version 1.0)
	PermissionPolicy PermissionKind = "policy" // a system policy (flag fine_grained)
	PermissionCustom PermissionKind = "custom" // a custom policy of the account
)

// Permission is a system role, a system policy or a custom policy.
type Permission struct {
	// ID is the id grants name it by.
	ID string
	// Name is the internal name ("readonly", "system_all_1001", or the
	// generated name of a custom policy).
	Name string
	// DisplayName is the name people know it by ("Tenant Guest").
	DisplayName string
	// Type is AX (granted on the account), XA (on projects) or AA (both).
	Type string
	// Kind tells a system role, a system policy and a custom policy apart.
	Kind PermissionKind
	// Catalog is the service catalog ("BASE", "ECS"; "CUSTOMED" for custom
	// policies).
	Catalog string
	// Description describes the permission.
	Description string
	// Document is the policy document, as JSON.
	Document string
}

// Project is a project of the emulated account.
type Project struct {
	// ID is the project id.
	ID string
	// Name is the project name: a region id such as "cn-north-4".
	Name string
}

func publicGroup(g *group) Group {
	return Group{ID: g.id, Name: g.name, Description: g.description, CreatedAt: g.created}
}

func publicCustom(c *customPolicy) Permission {
	return Permission{ID: c.id, Name: c.name, DisplayName: c.displayName, Type: c.typ, Kind: PermissionCustom,
		Catalog: customCatalog, Description: c.description, Document: string(c.doc)}
}

// AddGroup adds a group to the account as if it had been created through
// the API (under its name rules and the group quota) and returns it as
// stored. A name in use is an error.
func (e *Emulator) AddGroup(g Group) (Group, error) {
	if !validGroupName(g.Name) {
		return Group{}, fmt.Errorf("huaweitest: invalid group name %q: 1-128 characters without control characters", g.Name)
	}
	if !validGroupDescription(g.Description) {
		return Group{}, errors.New("huaweitest: invalid group description: at most 255 characters without control characters")
	}
	if g.ID != "" && (len(g.ID) > 64 || !alnumOnly(g.ID)) {
		return Group{}, fmt.Errorf("huaweitest: invalid group id %q: letters and digits, at most 64", g.ID)
	}
	if g.CreatedAt.IsZero() {
		g.CreatedAt = e.st.Now()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &e.perm
	if s.groupByName(g.Name) != nil || g.ID != "" && s.groupByID(g.ID) != nil {
		return Group{}, fmt.Errorf("huaweitest: a group named %q (or with id %q) exists", g.Name, g.ID)
	}
	if len(s.groups) >= s.opts.maxGroups {
		return Group{}, fmt.Errorf("huaweitest: the account has %d groups, its quota", len(s.groups))
	}
	if g.ID == "" {
		g.ID = randomString(lowerHex, 32)
	}
	ng := &group{id: g.ID, name: g.Name, description: g.Description, created: g.CreatedAt.UTC().Truncate(time.Millisecond)}
	s.groups = append(s.groups, ng)
	return publicGroup(ng), nil
}

// Groups returns the account's groups in creation order (the order of
// GET /v3/groups).
func (e *Emulator) Groups() []Group {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Group, 0, len(e.perm.groups))
	for _, g := range e.perm.groups {
		out = append(out, publicGroup(g))
	}
	return out
}

// GroupMembers returns the names of the group's members in the order they
// joined; nil when there is no such group.
func (e *Emulator) GroupMembers(groupName string) []string {
	e.mu.Lock()
	g := e.perm.groupByName(groupName)
	var ids []string
	if g != nil {
		ids = slices.Clone(g.members)
	}
	e.mu.Unlock()
	if g == nil {
		return nil
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if u, err := e.st.UserByID(id); err == nil {
			names = append(names, u.Name)
		}
	}
	return names
}

// AddUserToGroup makes the user a member of the group, as PUT
// /v3/groups/{group_id}/users/{user_id} does (a member already stays one;
// a user in 10 groups cannot join another).
func (e *Emulator) AddUserToGroup(groupName, userName string) error {
	u, err := e.st.UserByName(userName)
	if err != nil {
		return fmt.Errorf("huaweitest: no user named %q", userName)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.perm.groupByName(groupName)
	if g == nil {
		return fmt.Errorf("huaweitest: no group named %q", groupName)
	}
	if slices.Contains(g.members, u.ID) {
		return nil
	}
	if len(e.perm.groupsOf(u.ID)) >= MaxGroupsPerUser {
		return fmt.Errorf("huaweitest: user %q is in %d groups already", userName, MaxGroupsPerUser)
	}
	g.members = append(g.members, u.ID)
	return nil
}

// publicGrant renders a grant; callers hold e.mu.
func (e *Emulator) publicGrant(g *grantRec) Grant {
	s := &e.perm
	p := Grant{PermissionID: g.roleID, PermissionName: s.roleName(g.roleID)}
	if gr := s.groupByID(g.groupID); gr != nil {
		p.GroupName = gr.name
	}
	if g.userID != "" {
		if u, err := e.st.UserByID(g.userID); err == nil {
			p.UserName = u.Name
		}
	}
	switch g.kind {
	case grantDomain:
		p.Scope = ScopeDomain
	case grantInherited:
		p.Scope = ScopeAllProjects
	case grantProject:
		p.Scope = ScopeProject
		if pr := s.projectByID(g.scopeID); pr != nil {
			p.Project = pr.name
		}
	case grantEP:
		p.Scope, p.Project = ScopeEnterpriseProject, g.scopeID
	}
	return p
}

// Grants returns the permissions granted to the group, in the order they
// were granted; nil when there is no such group.
func (e *Emulator) Grants(groupName string) []Grant {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.perm.groupByName(groupName)
	if g == nil {
		return nil
	}
	out := []Grant{}
	for _, gr := range e.perm.grants {
		if gr.groupID == g.id {
			out = append(out, e.publicGrant(gr))
		}
	}
	return out
}

// UserGrants returns the enterprise project grants of the user (the only
// grants IAM v3 makes to a user); nil when there is no such user.
func (e *Emulator) UserGrants(userName string) []Grant {
	u, err := e.st.UserByName(userName)
	if err != nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []Grant{}
	for _, gr := range e.perm.grants {
		if gr.userID == u.ID {
			out = append(out, e.publicGrant(gr))
		}
	}
	return out
}

// AddGrant grants a permission as the API would: to GroupName (or, on an
// enterprise project, UserName), the permission by PermissionID or else by
// PermissionName (a system one first, then a custom policy), on Scope
// (with Project), under the API's rules on permission types and quotas. A
// grant that exists already is an error.
func (e *Emulator) AddGrant(g Grant) error {
	var userID string
	if g.UserName != "" {
		u, err := e.st.UserByName(g.UserName)
		if err != nil {
			return fmt.Errorf("huaweitest: no user named %q", g.UserName)
		}
		userID = u.ID
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &e.perm
	rec := grantRec{userID: userID}
	if g.GroupName != "" {
		gr := s.groupByName(g.GroupName)
		if gr == nil {
			return fmt.Errorf("huaweitest: no group named %q", g.GroupName)
		}
		rec.groupID = gr.id
	}
	if (rec.groupID == "") == (rec.userID == "") {
		return errors.New("huaweitest: set GroupName or (for an enterprise project) UserName")
	}
	rec.roleID = g.PermissionID
	if rec.roleID == "" {
		for _, p := range systemCatalog {
			if p.displayName == g.PermissionName {
				rec.roleID = p.id
				break
			}
		}
		if c := s.customByName(g.PermissionName); rec.roleID == "" && c != nil {
			rec.roleID = c.id
		}
	}
	if s.roleType(rec.roleID) == "" {
		return fmt.Errorf("huaweitest: no permission %q %q", g.PermissionID, g.PermissionName)
	}
	switch g.Scope {
	case ScopeDomain:
		rec.kind, rec.scopeID = grantDomain, e.opts.domainID
	case ScopeAllProjects:
		rec.kind, rec.scopeID = grantInherited, e.opts.domainID
	case ScopeProject:
		p := s.projectByName(g.Project)
		if p == nil {
			p = s.projectByID(g.Project)
		}
		if p == nil {
			return fmt.Errorf("huaweitest: no project %q", g.Project)
		}
		rec.kind, rec.scopeID = grantProject, p.id
	case ScopeEnterpriseProject:
		if g.Project == "" || !alnumDash(g.Project) {
			return fmt.Errorf("huaweitest: invalid enterprise project id %q", g.Project)
		}
		rec.kind, rec.scopeID = grantEP, g.Project
	default:
		return fmt.Errorf("huaweitest: unknown scope %q", g.Scope)
	}
	if rec.userID != "" && rec.kind != grantEP {
		return errors.New("huaweitest: IAM grants a user permissions on enterprise projects only")
	}
	if msg := s.refuseGrant(rec); msg != "" {
		return errors.New("huaweitest: " + msg)
	}
	s.grants = append(s.grants, &rec)
	return nil
}

// refuseGrant says why a new grant is refused ("" when it is not): a type
// the scope does not take, a grant that exists, or a full quota.
func (s *permState) refuseGrant(rec grantRec) string {
	typ := s.roleType(rec.roleID)
	switch {
	case rec.kind == grantDomain && typ != "AX" && typ != "AA":
		return "the permission " + s.roleName(rec.roleID) + " (type " + typ + ") cannot be granted on the account: grant it on projects"
	case (rec.kind == grantProject || rec.kind == grantInherited) && typ != "XA" && typ != "AA":
		return "the permission " + s.roleName(rec.roleID) + " (type " + typ + ") cannot be granted on projects: grant it on the account"
	case s.findGrant(rec) >= 0:
		return "the role assignment exists"
	case rec.kind != grantEP && s.countGrants(rec.groupID, rec.userID, false) >= s.opts.maxGroupPermissions:
		return "The number of permissions of the user group has reached the maximum allowed limit."
	case rec.kind == grantEP && s.countGrants(rec.groupID, rec.userID, true) >= maxEnterpriseProjectPermissions:
		return "The number of enterprise project permissions has reached the maximum allowed limit."
	}
	return ""
}

func alnumDash(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != "" && len(s) <= 64
}

// Permissions returns the system roles and system policies every account
// sees, in the order of GET /v3/roles.
func (e *Emulator) Permissions() []Permission {
	out := make([]Permission, 0, len(systemCatalog))
	for _, p := range systemCatalog {
		k := PermissionRole
		if p.policy {
			k = PermissionPolicy
		}
		out = append(out, Permission{ID: p.id, Name: p.name, DisplayName: p.displayName, Type: p.typ, Kind: k,
			Catalog: p.catalog, Description: p.description, Document: string(p.document())})
	}
	return out
}

// CustomPolicies returns the account's custom policies in creation order.
func (e *Emulator) CustomPolicies() []Permission {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Permission, 0, len(e.perm.customs))
	for _, c := range e.perm.customs {
		out = append(out, publicCustom(c))
	}
	return out
}

// AddCustomPolicy adds a custom policy as POST /v3.0/OS-ROLE/roles would,
// under the same rules: DisplayName (unique, at most 128 characters), Type
// AX or XA, Description, and Document, a policy document of Version "1.1".
// ID and Name are assigned; Kind and Catalog are ignored.
func (e *Emulator) AddCustomPolicy(p Permission) (Permission, error) {
	in := &customPolicyIn{DisplayName: &p.DisplayName, Type: &p.Type, Description: &p.Description, Policy: json.RawMessage(p.Document)}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, status, _, msg := e.newCustomPolicy(in, "")
	if status != 0 {
		return Permission{}, errors.New("huaweitest: " + msg)
	}
	return publicCustom(c), nil
}

// Projects returns the account's projects.
func (e *Emulator) Projects() []Project {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Project, 0, len(e.perm.projects))
	for _, p := range e.perm.projects {
		out = append(out, Project{ID: p.id, Name: p.name})
	}
	return out
}

// AddProject adds a project (a region such as "eu-west-101", or a
// subproject "cn-north-4_dev") and returns it with its id.
func (e *Emulator) AddProject(name string) (Project, error) {
	if !validProjectName(name) {
		return Project{}, fmt.Errorf("huaweitest: invalid project name %q", name)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.perm.projectByName(name) != nil {
		return Project{}, fmt.Errorf("huaweitest: a project named %q exists", name)
	}
	p := &project{id: stableID("project", e.opts.domainID+"/"+name), name: name, parentID: e.opts.domainID}
	if region, _, sub := strings.Cut(name, "_"); sub {
		if r := e.perm.projectByName(region); r != nil {
			p.parentID = r.id // a subproject's parent is its region's project
		}
	}
	e.perm.projects = append(e.perm.projects, p)
	return Project{ID: p.id, Name: p.name}, nil
}
