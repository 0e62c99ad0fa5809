package huawei

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

var _ iam.PolicyDriver = portable{}

// globalServices are the services whose permissions IAM grants on the
// account rather than on region projects (the console's "global
// services"). A custom policy whose actions all belong to them is created
// with type AX, any other with XA.
var globalServices = map[string]bool{
	"iam": true, "obs": true, "cdn": true, "tms": true, "eps": true, "bss": true, "rms": true, "organizations": true,
}

// customPolicyType chooses the type of a custom policy created through the
// portable API from its actions: AX when every action is a global
// service's, XA otherwise.
func customPolicyType(d *PolicyDocument) RoleType {
	n := 0
	for _, s := range d.Statement {
		if s == nil {
			continue
		}
		for _, a := range s.Action {
			svc, _, _ := strings.Cut(a, ":")
			if !globalServices[strings.ToLower(svc)] {
				return RoleTypeXA
			}
			n++
		}
	}
	if n == 0 {
		return RoleTypeXA
	}
	return RoleTypeAX
}

// grantable is a permission resolved from a PolicyRef: its id and type, and
// the native value behind the portable Policy.
type grantable struct {
	id     string
	typ    RoleType
	role   *Role         // a system role or policy
	custom *CustomPolicy // a custom policy
}

func (g *grantable) policy(project string) *iam.Policy {
	if g.custom != nil {
		return toPortableCustom(g.custom, project)
	}
	return toPortableRole(g.role, project)
}

func policyDocumentText(d *PolicyDocument) string {
	if d == nil {
		return ""
	}
	if len(d.Raw) > 0 {
		return string(d.Raw)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return ""
	}
	return string(b)
}

func toPortableRole(r *Role, project string) *iam.Policy {
	t := iam.PolicySystem
	if r.Custom() {
		t = iam.PolicyCustom
	}
	name := r.DisplayName
	if name == "" {
		name = r.Name
	}
	return &iam.Policy{ID: r.ID, Name: name, Type: t, Description: r.Description, Document: policyDocumentText(r.Policy),
		Project: project, CreatedAt: r.CreatedTime.Time, Native: iam.NewNative(r)}
}

func toPortableCustom(c *CustomPolicy, project string) *iam.Policy {
	return &iam.Policy{ID: c.ID, Name: c.DisplayName, Type: iam.PolicyCustom, Description: c.Description,
		Document: policyDocumentText(c.Policy), Project: project, CreatedAt: c.CreatedTime.Time, Native: iam.NewNative(c)}
}

// checkPolicyRef refuses, before any request, a name no permission has and
// a project that is neither a project name nor an id.
func checkPolicyRef(ref iam.PolicyRef) error {
	if !printable(ref.Name) {
		return invalid("", "PolicyRef.Name", "no Huawei IAM permission has this name: names are valid UTF-8 without control characters")
	}
	if ref.Project != "" && checkProjectName("", "PolicyRef.Project", ref.Project) != nil {
		return invalid("", "PolicyRef.Project", "must be a project name such as cn-north-4 or a project id")
	}
	return nil
}

// resolvePolicy finds the permission ref names: a system role or policy by
// its exact display name (IAM's display_name filter matches loosely, so
// the answer is compared), or a custom policy by its display name. When
// several system permissions share the name, the first one grantable where
// the grant goes wins (onProject: on a project; else on the account or all
// projects).
func (p portable) resolvePolicy(ctx context.Context, ref iam.PolicyRef, onProject bool) (*grantable, error) {
	if ref.Type == iam.PolicyCustom {
		for c, err := range p.c.AllCustomPolicies(ctx, nil) {
			if err != nil {
				return nil, err
			}
			if c.DisplayName == ref.Name && c.ID != "" {
				return &grantable{id: c.ID, typ: c.Type, custom: c}, nil
			}
		}
		return nil, &iam.Error{Provider: Scheme, Op: "ListCustomPolicies", StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "no custom policy named " + quote(ref.Name)}
	}
	var first *Role
	for r, err := range p.c.AllPermissions(ctx, &ListPermissionsInput{DisplayName: ref.Name}) {
		if err != nil {
			return nil, err
		}
		if r.DisplayName != ref.Name || r.ID == "" || r.Custom() {
			continue
		}
		if first == nil {
			first = r
		}
		if onProject && r.Type.OnProject() || !onProject && r.Type != RoleTypeXX {
			first = r
			break
		}
	}
	if first == nil {
		return nil, &iam.Error{Provider: Scheme, Op: "ListPermissions", StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "no system role or policy named " + quote(ref.Name)}
	}
	return &grantable{id: first.ID, typ: first.Type, role: first}, nil
}

// projectID resolves a project name (a region such as cn-north-4, or a
// subproject) or id: the name first, with the list's name filter, then the
// id.
func (p portable) projectID(ctx context.Context, project string) (string, error) {
	out, err := p.c.ListProjects(ctx, &ListProjectsInput{Name: project})
	if err != nil {
		return "", err
	}
	for _, pr := range out.Projects {
		if pr != nil && pr.Name == project && pr.ID != "" {
			return pr.ID, checkID("ListProjects", "id", pr.ID)
		}
	}
	s, err := p.c.ShowProject(ctx, &ShowProjectInput{ProjectID: project})
	if errors.Is(err, iam.ErrNotFound) {
		return "", &iam.Error{Provider: Scheme, Op: "ShowProject", StatusCode: 404, Kind: iam.ErrNotFound,
			Message: "no project named or with the id " + quote(project)}
	}
	if err != nil {
		return "", err
	}
	return s.Project.ID, nil
}

// grant is one grant of a permission to a group: on the account, on all
// projects, or on one project.
type grant struct {
	scope   AssignmentScope // ScopeDomain or ScopeProject
	inherit bool            // with ScopeDomain: all projects
	project string
}

func notOnProject(t RoleType) error {
	return invalid("", "PolicyRef.Project", "this permission is granted on the account (type "+string(t)+"), not on a project: attach it without Project")
}

// grantsFor tells which grants attaching g with project means: on a project
// the project grant; without one, the account for AX, all projects for XA,
// and both for AA, so that the permission holds in the whole account.
func grantsFor(g *grantable, projectID string) ([]grant, error) {
	if projectID != "" {
		if !g.typ.OnProject() {
			return nil, notOnProject(g.typ)
		}
		return []grant{{scope: ScopeProject, project: projectID}}, nil
	}
	switch g.typ {
	case RoleTypeAX:
		return []grant{{scope: ScopeDomain}}, nil
	case RoleTypeXA:
		return []grant{{scope: ScopeDomain, inherit: true}}, nil
	case RoleTypeAA:
		return []grant{{scope: ScopeDomain}, {scope: ScopeDomain, inherit: true}}, nil
	}
	return nil, invalid("", "PolicyRef.Name", "this permission (type "+string(g.typ)+") cannot be granted")
}

func (p portable) applyGrant(ctx context.Context, gr grant, groupID, roleID string, revoke bool) error {
	var err error
	switch {
	case gr.scope == ScopeProject:
		in := &ProjectGroupPermissionInput{ProjectID: gr.project, GroupID: groupID, RoleID: roleID}
		if revoke {
			_, err = p.c.RemoveProjectPermissionFromGroup(ctx, in)
		} else {
			_, err = p.c.AssociateGroupWithProjectPermission(ctx, in)
		}
	case gr.inherit:
		in := &AllProjectsGroupPermissionInput{GroupID: groupID, RoleID: roleID}
		if revoke {
			_, err = p.c.RemoveAllProjectsPermissionFromGroup(ctx, in)
		} else {
			_, err = p.c.AssociateGroupWithAllProjectsPermission(ctx, in)
		}
	default:
		in := &DomainGroupPermissionInput{GroupID: groupID, RoleID: roleID}
		if revoke {
			_, err = p.c.RemoveDomainPermissionFromGroup(ctx, in)
		} else {
			_, err = p.c.AssociateGroupWithDomainPermission(ctx, in)
		}
	}
	return err
}

// changeGrants grants (or revokes) every grant of gs. Where there are two
// (an AA permission account-wide), one that exists already (or is gone
// already) is no error as long as the other changed: the call completes a
// half-made grant. Only when every grant was in place already (or absent)
// is the cloud's answer returned: ErrAlreadyExists (or ErrNotFound).
func (p portable) changeGrants(ctx context.Context, gs []grant, groupID, roleID string, revoke bool) error {
	same := iam.ErrAlreadyExists
	if revoke {
		same = iam.ErrNotFound
	}
	changed := false
	var sameErr error
	for _, gr := range gs {
		err := p.applyGrant(ctx, gr, groupID, roleID, revoke)
		switch {
		case err == nil:
			changed = true
		case errors.Is(err, same):
			sameErr = err
		default:
			return afterChange(changed, err)
		}
	}
	if !changed {
		return sameErr
	}
	return nil
}

// attachment resolves a group, a permission and a project for a grant.
func (p portable) attachment(ctx context.Context, groupName string, ref iam.PolicyRef) (groupID string, g *grantable, gs []grant, err error) {
	if err = checkGroupRef("groupName", groupName); err != nil {
		return "", nil, nil, err
	}
	if err = checkPolicyRef(ref); err != nil {
		return "", nil, nil, err
	}
	if groupID, err = p.groupID(ctx, groupName); err != nil {
		return "", nil, nil, err
	}
	if g, err = p.resolvePolicy(ctx, ref, ref.Project != ""); err != nil {
		return "", nil, nil, err
	}
	projectID := ""
	if ref.Project != "" {
		if !g.typ.OnProject() {
			return "", nil, nil, notOnProject(g.typ)
		}
		if projectID, err = p.projectID(ctx, ref.Project); err != nil {
			return "", nil, nil, err
		}
	}
	gs, err = grantsFor(g, projectID)
	return groupID, g, gs, err
}

// AttachGroupPolicy grants the permission to the group: with
// ref.Project on that project (the permission must be XA or AA); without,
// in the whole account (AX on the account, XA on all projects, AA both).
func (p portable) AttachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	gid, g, gs, err := p.attachment(ctx, groupName, ref)
	if err != nil {
		return err
	}
	return p.changeGrants(ctx, gs, gid, g.id, false)
}

// DetachGroupPolicy revokes the grants AttachGroupPolicy made for the same
// ref; ErrNotFound when none exists.
func (p portable) DetachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	gid, g, gs, err := p.attachment(ctx, groupName, ref)
	if err != nil {
		return err
	}
	return p.changeGrants(ctx, gs, gid, g.id, true)
}

// ListGroupPolicies lists the group's grants: on the account and on all
// projects (Project ""; a permission granted on both is listed once), then
// on each project (Project is the project's id), one request per project
// of the account.
func (p portable) ListGroupPolicies(ctx context.Context, groupName string) iter.Seq2[*iam.Policy, error] {
	return func(yield func(*iam.Policy, error) bool) {
		gid, err := p.groupID(ctx, groupName)
		if err != nil {
			yield(nil, err)
			return
		}
		d, err := p.c.ListDomainPermissionsForGroup(ctx, &ListDomainPermissionsForGroupInput{GroupID: gid})
		if err != nil {
			yield(nil, err)
			return
		}
		in, err := p.c.ListAllProjectsPermissionsForGroup(ctx, &ListAllProjectsPermissionsForGroupInput{GroupID: gid})
		if err != nil {
			yield(nil, err)
			return
		}
		seen := map[string]bool{}
		for _, r := range append(d.Roles, in.Roles...) {
			if r == nil || seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			if !yield(toPortableRole(r, ""), nil) {
				return
			}
		}
		// The project list is read whole first (an account has tens of
		// projects), so that no answer stays open across the per-project
		// requests.
		projects, err := p.c.ListProjects(ctx, nil)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, pr := range projects.Projects {
			if pr == nil || checkID("ListProjects", "id", pr.ID) != nil {
				yield(nil, &iam.Error{Provider: Scheme, Op: "ListProjects", RequestID: projects.RequestID, Kind: iam.ErrInvalidResponse,
					Message: "a project in the answer has no valid id"})
				return
			}
			out, err := p.c.ListProjectPermissionsForGroup(ctx, &ListProjectPermissionsForGroupInput{ProjectID: pr.ID, GroupID: gid})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, r := range out.Roles {
				if r != nil && !yield(toPortableRole(r, pr.ID), nil) {
					return
				}
			}
		}
	}
}

func unsupportedUserGrant() error {
	return &iam.Error{Provider: Scheme, Kind: iam.ErrUnsupported,
		Message: "Huawei Cloud IAM grants permissions to user groups: add the user to a group instead"}
}

// AttachUserPolicy is unsupported: IAM v3 grants permissions to groups only
// (Capabilities leaves it out, so the iam.Client refuses it first).
func (portable) AttachUserPolicy(context.Context, string, iam.PolicyRef) error {
	return unsupportedUserGrant()
}

// DetachUserPolicy is unsupported, as AttachUserPolicy.
func (portable) DetachUserPolicy(context.Context, string, iam.PolicyRef) error {
	return unsupportedUserGrant()
}

// ListUserPolicies is unsupported: a user holds no grant of its own in IAM
// v3, only those of its groups (ListUserGroups, then ListGroupPolicies).
func (portable) ListUserPolicies(context.Context, string) iter.Seq2[*iam.Policy, error] {
	return failed[iam.Policy](unsupportedUserGrant())
}

// ListPolicies lists the system permissions (roles and policies), then the
// custom policies, each a page at a time (PageSize, at most 300 a page).
func (p portable) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	per := int32(MaxPermissionsPerPage)
	if in.PageSize > 0 && in.PageSize < MaxPermissionsPerPage {
		per = int32(in.PageSize)
	}
	return func(yield func(*iam.Policy, error) bool) {
		if in.Type == "" || in.Type == iam.PolicySystem {
			for r, err := range p.c.AllPermissions(ctx, &ListPermissionsInput{PerPage: per}) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(toPortableRole(r, ""), nil) {
					return
				}
			}
		}
		if in.Type == "" || in.Type == iam.PolicyCustom {
			for c, err := range p.c.AllCustomPolicies(ctx, &ListCustomPoliciesInput{PerPage: per}) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(toPortableCustom(c, ""), nil) {
					return
				}
			}
		}
	}
}

// GetPolicy returns the system role or policy, or the custom policy, with
// its document.
func (p portable) GetPolicy(ctx context.Context, ref iam.PolicyRef) (*iam.Policy, error) {
	if err := checkPolicyRef(ref); err != nil {
		return nil, err
	}
	g, err := p.resolvePolicy(ctx, ref, false)
	if err != nil {
		return nil, err
	}
	return g.policy(""), nil
}

// portableField renames the Field of a native validation error to the
// portable vocabulary.
func portableField(err error, names map[string]string) error {
	var e *iam.Error
	if errors.As(err, &e) && names[e.Field] != "" {
		c := *e
		c.Field = names[e.Field]
		return &c
	}
	return err
}

// CreatePolicy creates a cloud service custom policy whose document is
// in.Document as it is; its type is AX when every action belongs to a
// global service (such as obs or iam), XA otherwise.
func (p portable) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput) (*iam.Policy, error) {
	doc := &PolicyDocument{Raw: json.RawMessage(in.Document)}
	if !json.Valid(doc.Raw) || strings.TrimSpace(in.Document)[0] != '{' {
		return nil, invalid("", "Document", "must be a JSON policy document: {\"Version\":\"1.1\",\"Statement\":[...]}")
	}
	var parsed PolicyDocument
	if err := json.Unmarshal(doc.Raw, &parsed); err != nil {
		return nil, invalid("", "Document", "must be a JSON policy document")
	}
	f := customPolicyFields{displayName: in.Name, description: in.Description, typ: customPolicyType(&parsed), policy: doc}
	names := map[string]string{"Policy": "Document", "DisplayName": "Name", "Description": "Description"}
	if err := checkCustomPolicy("", f, false); err != nil {
		return nil, portableField(err, names)
	}
	out, err := p.c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{
		DisplayName: in.Name, Type: f.typ, Description: in.Description, Policy: doc})
	if err != nil {
		return nil, portableField(err, names)
	}
	return toPortableCustom(out.Role, ""), nil
}

// DeletePolicy deletes the custom policy. IAM refuses to delete a policy
// still granted, so when ShowCustomPolicy counts references, its grants to
// groups (on the account, all projects, projects and enterprise projects)
// and to users (on enterprise projects) are found with
// ShowDomainRoleAssignments and revoked first. Grants to agencies are left:
// IAM then refuses the delete.
func (p portable) DeletePolicy(ctx context.Context, name string) error {
	ref := iam.PolicyRef{Name: name, Type: iam.PolicyCustom}
	if !printable(name) {
		return invalid("", "policyName", "no Huawei IAM policy has this name: names are valid UTF-8 without control characters")
	}
	g, err := p.resolvePolicy(ctx, ref, false)
	if err != nil {
		return err
	}
	show, err := p.c.ShowCustomPolicy(ctx, &ShowCustomPolicyInput{RoleID: g.id})
	if err != nil {
		return err
	}
	changed := false
	if r := show.Role.References; r == nil || *r > 0 {
		if changed, err = p.revokeAll(ctx, g.id); err != nil {
			return afterChange(changed, err)
		}
	}
	_, err = p.c.DeleteCustomPolicy(ctx, &DeleteCustomPolicyInput{RoleID: g.id})
	return afterChange(changed, err)
}

// revokeAll revokes every grant of the permission to groups and users.
func (p portable) revokeAll(ctx context.Context, roleID string) (changed bool, err error) {
	queries := []ShowDomainRoleAssignmentsInput{
		{Subject: SubjectGroup, Scope: ScopeDomain, IsInherited: iam.Ptr(false)},
		{Subject: SubjectGroup, Scope: ScopeDomain, IsInherited: iam.Ptr(true)},
		{Subject: SubjectGroup, Scope: ScopeProject},
		{Subject: SubjectGroup, Scope: ScopeEnterpriseProject},
		{Subject: SubjectUser, Scope: ScopeEnterpriseProject, IncludeGroup: iam.Ptr(false)},
	}
	for _, q := range queries {
		q.RoleID = roleID
		// Collect the page's records first: revoking while reading would
		// move the later pages.
		var found []*RoleAssignment
		for a, err := range p.c.AllRoleAssignments(ctx, &q) {
			if err != nil {
				return changed, err
			}
			found = append(found, a)
		}
		for _, a := range found {
			switch err := p.revoke(ctx, a, roleID); {
			case err == nil:
				changed = true
			case !errors.Is(err, iam.ErrNotFound): // gone already: fine
				return changed, err
			}
		}
	}
	return changed, nil
}

// revoke revokes one assignment record of a group or a user.
func (p portable) revoke(ctx context.Context, a *RoleAssignment, roleID string) error {
	if a.Scope == nil {
		return nil
	}
	var err error
	switch {
	case a.Group != nil && a.Scope.Project != nil:
		_, err = p.c.RemoveProjectPermissionFromGroup(ctx, &ProjectGroupPermissionInput{ProjectID: a.Scope.Project.ID, GroupID: a.Group.ID, RoleID: roleID})
	case a.Group != nil && a.Scope.Domain != nil && a.IsInherited:
		_, err = p.c.RemoveAllProjectsPermissionFromGroup(ctx, &AllProjectsGroupPermissionInput{DomainID: a.Scope.Domain.ID, GroupID: a.Group.ID, RoleID: roleID})
	case a.Group != nil && a.Scope.Domain != nil:
		_, err = p.c.RemoveDomainPermissionFromGroup(ctx, &DomainGroupPermissionInput{DomainID: a.Scope.Domain.ID, GroupID: a.Group.ID, RoleID: roleID})
	case a.Group != nil && a.Scope.EnterpriseProject != nil:
		_, err = p.c.RevokeRoleFromGroupOnEnterpriseProject(ctx, &EnterpriseProjectGroupRoleInput{EnterpriseProjectID: a.Scope.EnterpriseProject.ID, GroupID: a.Group.ID, RoleID: roleID})
	case a.User != nil && a.Scope.EnterpriseProject != nil:
		_, err = p.c.RevokeRoleFromUserOnEnterpriseProject(ctx, &EnterpriseProjectUserRoleInput{EnterpriseProjectID: a.Scope.EnterpriseProject.ID, UserID: a.User.ID, RoleID: roleID})
	}
	return err
}
