package huawei

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// Granting permissions (system roles, system policies and custom policies)
// to user groups, on the four scopes of IAM v3: the account (domain), one
// region project, all projects (the inherited grant), and an enterprise
// project. Grants and revokes have no body and answer 204; a grant that
// exists already is refused (409), a revoke of one that does not exist is
// iam.ErrNotFound.

// MaxGroupProjectPermissions is the default number of permissions a group
// can be granted on IAM projects (account, projects, all projects); IAM
// checks it and the quota can be raised.
const MaxGroupProjectPermissions = 200

// listedRoles is the answer of the calls that list a group's or a user's
// grants on one scope.
type listedRoles struct {
	Roles []*Role `json:"roles"`
	Links Links   `json:"links"`
}

func (c *Client) listRoles(ctx context.Context, op, path string) (*listedRoles, string, error) {
	out := &listedRoles{}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, idempotent: true,
		expect: func([]byte) error { return checkList(out.Roles, "roles") }}, out)
	if err != nil {
		return nil, "", err
	}
	return out, resp.RequestID, nil
}

// ids checks path ids in order, naming the first bad one.
func ids(op string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkID(op, pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// ---- account (domain) scope ----------------------------------------------

// DomainGroupPermissionInput names a grant on the account: the input of
// AssociateGroupWithDomainPermission, CheckDomainPermissionForGroup and
// RemoveDomainPermissionFromGroup.
type DomainGroupPermissionInput struct {
	// DomainID is the account id; empty uses the client's.
	DomainID string
	// GroupID is the id of the group (required).
	GroupID string
	// RoleID is the id of the permission (required); it must be grantable
	// on the account (type AX or AA).
	RoleID string
}

func (c *Client) domainGrantPath(ctx context.Context, op string, in *DomainGroupPermissionInput) (string, error) {
	if in == nil {
		return "", invalid(op, "DomainGroupPermissionInput", "required")
	}
	if err := ids(op, "GroupID", in.GroupID, "RoleID", in.RoleID); err != nil {
		return "", err
	}
	d, err := c.domainOr(ctx, op, "DomainID", in.DomainID)
	if err != nil {
		return "", err
	}
	return "/v3/domains/" + d + "/groups/" + in.GroupID + "/roles/" + in.RoleID, nil
}

// GrantOutput is the (empty) answer of a grant or a revoke.
type GrantOutput struct {
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// CheckGrantOutput is the answer of a grant check.
type CheckGrantOutput struct {
	// Granted is true for IAM's 204, false for its 404.
	Granted bool
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// AssociateGroupWithDomainPermission grants a permission to a group on the
// account (global services): PUT
// /v3/domains/{domain_id}/groups/{group_id}/roles/{role_id}, 204
// (KeystoneAssociateGroupWithDomainPermission).
func (c *Client) AssociateGroupWithDomainPermission(ctx context.Context, in *DomainGroupPermissionInput) (*GrantOutput, error) {
	const op = "AssociateGroupWithDomainPermission"
	path, err := c.domainGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodPut, path: path})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// CheckDomainPermissionForGroup tells whether a group holds a permission on
// the account: HEAD on the grant's path (KeystoneCheckDomainPermissionForGroup).
func (c *Client) CheckDomainPermissionForGroup(ctx context.Context, in *DomainGroupPermissionInput) (*CheckGrantOutput, error) {
	const op = "CheckDomainPermissionForGroup"
	path, err := c.domainGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	ok, rid, err := c.check(ctx, call{op: op, path: path})
	if err != nil {
		return nil, err
	}
	return &CheckGrantOutput{Granted: ok, RequestID: rid}, nil
}

// RemoveDomainPermissionFromGroup revokes a permission granted to a group
// on the account: DELETE on the grant's path, 204
// (KeystoneRemoveDomainPermissionFromGroup).
func (c *Client) RemoveDomainPermissionFromGroup(ctx context.Context, in *DomainGroupPermissionInput) (*GrantOutput, error) {
	const op = "RemoveDomainPermissionFromGroup"
	path, err := c.domainGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// ListDomainPermissionsForGroupInput is the input of
// ListDomainPermissionsForGroup.
type ListDomainPermissionsForGroupInput struct {
	// DomainID is the account id; empty uses the client's.
	DomainID string
	// GroupID is the id of the group (required).
	GroupID string
}

// ListGrantedRolesOutput is the answer of the calls that list the
// permissions granted on one scope.
type ListGrantedRolesOutput struct {
	// Roles are the permissions granted.
	Roles []*Role
	// Links holds the list's links.
	Links Links
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ListDomainPermissionsForGroup lists the permissions a group holds on the
// account: GET /v3/domains/{domain_id}/groups/{group_id}/roles
// (KeystoneListDomainPermissionsForGroup).
func (c *Client) ListDomainPermissionsForGroup(ctx context.Context, in *ListDomainPermissionsForGroupInput) (*ListGrantedRolesOutput, error) {
	const op = "ListDomainPermissionsForGroup"
	if in == nil {
		return nil, invalid(op, "ListDomainPermissionsForGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	d, err := c.domainOr(ctx, op, "DomainID", in.DomainID)
	if err != nil {
		return nil, err
	}
	out, rid, err := c.listRoles(ctx, op, "/v3/domains/"+d+"/groups/"+in.GroupID+"/roles")
	if err != nil {
		return nil, err
	}
	return &ListGrantedRolesOutput{Roles: out.Roles, Links: out.Links, RequestID: rid}, nil
}

// ---- one project ------------------------------------------------------------

// ProjectGroupPermissionInput names a grant on one project: the input of
// AssociateGroupWithProjectPermission, CheckProjectPermissionForGroup and
// RemoveProjectPermissionFromGroup.
type ProjectGroupPermissionInput struct {
	// ProjectID is the id of the project (required); ListProjects with
	// Name "cn-north-4" finds a region's.
	ProjectID string
	// GroupID is the id of the group (required).
	GroupID string
	// RoleID is the id of the permission (required); it must be grantable
	// on projects (type XA or AA).
	RoleID string
}

func projectGrantPath(op string, in *ProjectGroupPermissionInput) (string, error) {
	if in == nil {
		return "", invalid(op, "ProjectGroupPermissionInput", "required")
	}
	if err := ids(op, "ProjectID", in.ProjectID, "GroupID", in.GroupID, "RoleID", in.RoleID); err != nil {
		return "", err
	}
	return "/v3/projects/" + in.ProjectID + "/groups/" + in.GroupID + "/roles/" + in.RoleID, nil
}

// AssociateGroupWithProjectPermission grants a permission to a group on one
// project: PUT /v3/projects/{project_id}/groups/{group_id}/roles/{role_id},
// 204 (KeystoneAssociateGroupWithProjectPermission).
func (c *Client) AssociateGroupWithProjectPermission(ctx context.Context, in *ProjectGroupPermissionInput) (*GrantOutput, error) {
	const op = "AssociateGroupWithProjectPermission"
	path, err := projectGrantPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodPut, path: path})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// CheckProjectPermissionForGroup tells whether a group holds a permission on
// a project: HEAD on the grant's path (KeystoneCheckProjectPermissionForGroup).
func (c *Client) CheckProjectPermissionForGroup(ctx context.Context, in *ProjectGroupPermissionInput) (*CheckGrantOutput, error) {
	const op = "CheckProjectPermissionForGroup"
	path, err := projectGrantPath(op, in)
	if err != nil {
		return nil, err
	}
	ok, rid, err := c.check(ctx, call{op: op, path: path})
	if err != nil {
		return nil, err
	}
	return &CheckGrantOutput{Granted: ok, RequestID: rid}, nil
}

// RemoveProjectPermissionFromGroup revokes a permission granted to a group
// on a project: DELETE on the grant's path, 204
// (KeystoneRemoveProjectPermissionFromGroup).
func (c *Client) RemoveProjectPermissionFromGroup(ctx context.Context, in *ProjectGroupPermissionInput) (*GrantOutput, error) {
	const op = "RemoveProjectPermissionFromGroup"
	path, err := projectGrantPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// ListProjectPermissionsForGroupInput is the input of
// ListProjectPermissionsForGroup.
type ListProjectPermissionsForGroupInput struct {
	// ProjectID is the id of the project (required).
	ProjectID string
	// GroupID is the id of the group (required).
	GroupID string
}

// ListProjectPermissionsForGroup lists the permissions a group holds on a
// project: GET /v3/projects/{project_id}/groups/{group_id}/roles
// (KeystoneListProjectPermissionsForGroup).
func (c *Client) ListProjectPermissionsForGroup(ctx context.Context, in *ListProjectPermissionsForGroupInput) (*ListGrantedRolesOutput, error) {
	const op = "ListProjectPermissionsForGroup"
	if in == nil {
		return nil, invalid(op, "ListProjectPermissionsForGroupInput", "required")
	}
	if err := ids(op, "ProjectID", in.ProjectID, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	out, rid, err := c.listRoles(ctx, op, "/v3/projects/"+in.ProjectID+"/groups/"+in.GroupID+"/roles")
	if err != nil {
		return nil, err
	}
	return &ListGrantedRolesOutput{Roles: out.Roles, Links: out.Links, RequestID: rid}, nil
}

// ---- all projects (inherited) ---------------------------------------------

// AllProjectsGroupPermissionInput names a grant on all projects of the
// account (the console's "all resources"): the input of
// AssociateGroupWithAllProjectsPermission,
// CheckAllProjectsPermissionForGroup and
// RemoveAllProjectsPermissionFromGroup.
type AllProjectsGroupPermissionInput struct {
	// DomainID is the account id; empty uses the client's.
	DomainID string
	// GroupID is the id of the group (required).
	GroupID string
	// RoleID is the id of the permission (required).
	RoleID string
}

func (c *Client) inheritedGrantPath(ctx context.Context, op string, in *AllProjectsGroupPermissionInput) (string, error) {
	if in == nil {
		return "", invalid(op, "AllProjectsGroupPermissionInput", "required")
	}
	if err := ids(op, "GroupID", in.GroupID, "RoleID", in.RoleID); err != nil {
		return "", err
	}
	d, err := c.domainOr(ctx, op, "DomainID", in.DomainID)
	if err != nil {
		return "", err
	}
	return "/v3/OS-INHERIT/domains/" + d + "/groups/" + in.GroupID + "/roles/" + in.RoleID + "/inherited_to_projects", nil
}

// AssociateGroupWithAllProjectsPermission grants a permission to a group on
// every project of the account, present and future: PUT
// /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/{role_id}/inherited_to_projects,
// 204 (the official SDK's UpdateDomainGroupInheritRole).
func (c *Client) AssociateGroupWithAllProjectsPermission(ctx context.Context, in *AllProjectsGroupPermissionInput) (*GrantOutput, error) {
	const op = "AssociateGroupWithAllProjectsPermission"
	path, err := c.inheritedGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodPut, path: path})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// CheckAllProjectsPermissionForGroup tells whether a group holds a
// permission on all projects: HEAD on the grant's path (the official SDK's
// KeystoneCheckroleForGroup).
func (c *Client) CheckAllProjectsPermissionForGroup(ctx context.Context, in *AllProjectsGroupPermissionInput) (*CheckGrantOutput, error) {
	const op = "CheckAllProjectsPermissionForGroup"
	path, err := c.inheritedGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	ok, rid, err := c.check(ctx, call{op: op, path: path})
	if err != nil {
		return nil, err
	}
	return &CheckGrantOutput{Granted: ok, RequestID: rid}, nil
}

// RemoveAllProjectsPermissionFromGroup revokes a permission granted to a
// group on all projects: DELETE on the grant's path, 204 (the official
// SDK's DeleteDomainGroupInheritedRole).
func (c *Client) RemoveAllProjectsPermissionFromGroup(ctx context.Context, in *AllProjectsGroupPermissionInput) (*GrantOutput, error) {
	const op = "RemoveAllProjectsPermissionFromGroup"
	path, err := c.inheritedGrantPath(ctx, op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// ListAllProjectsPermissionsForGroupInput is the input of
// ListAllProjectsPermissionsForGroup.
type ListAllProjectsPermissionsForGroupInput struct {
	// DomainID is the account id; empty uses the client's.
	DomainID string
	// GroupID is the id of the group (required).
	GroupID string
}

// ListAllProjectsPermissionsForGroup lists the permissions a group holds on
// all projects: GET
// /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/inherited_to_projects
// (KeystoneListAllProjectPermissionsForGroup).
func (c *Client) ListAllProjectsPermissionsForGroup(ctx context.Context, in *ListAllProjectsPermissionsForGroupInput) (*ListGrantedRolesOutput, error) {
	const op = "ListAllProjectsPermissionsForGroup"
	if in == nil {
		return nil, invalid(op, "ListAllProjectsPermissionsForGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	d, err := c.domainOr(ctx, op, "DomainID", in.DomainID)
	if err != nil {
		return nil, err
	}
	out, rid, err := c.listRoles(ctx, op, "/v3/OS-INHERIT/domains/"+d+"/groups/"+in.GroupID+"/roles/inherited_to_projects")
	if err != nil {
		return nil, err
	}
	return &ListGrantedRolesOutput{Roles: out.Roles, Links: out.Links, RequestID: rid}, nil
}

// ---- enterprise projects ----------------------------------------------------

// EnterpriseProjectGroupRoleInput names a grant to a group on an enterprise
// project: the input of AssociateRoleToGroupOnEnterpriseProject and
// RevokeRoleFromGroupOnEnterpriseProject.
type EnterpriseProjectGroupRoleInput struct {
	// EnterpriseProjectID is the id of the enterprise project (required).
	EnterpriseProjectID string
	// GroupID is the id of the group (required).
	GroupID string
	// RoleID is the id of the permission (required).
	RoleID string
}

func epGroupPath(op string, in *EnterpriseProjectGroupRoleInput) (string, error) {
	if in == nil {
		return "", invalid(op, "EnterpriseProjectGroupRoleInput", "required")
	}
	if err := ids(op, "EnterpriseProjectID", in.EnterpriseProjectID, "GroupID", in.GroupID, "RoleID", in.RoleID); err != nil {
		return "", err
	}
	return "/v3.0/OS-PERMISSION/enterprise-projects/" + in.EnterpriseProjectID + "/groups/" + in.GroupID + "/roles/" + in.RoleID, nil
}

// AssociateRoleToGroupOnEnterpriseProject grants a permission to a group on
// an enterprise project: PUT
// /v3.0/OS-PERMISSION/enterprise-projects/{enterprise_project_id}/groups/{group_id}/roles/{role_id}, 204.
func (c *Client) AssociateRoleToGroupOnEnterpriseProject(ctx context.Context, in *EnterpriseProjectGroupRoleInput) (*GrantOutput, error) {
	const op = "AssociateRoleToGroupOnEnterpriseProject"
	path, err := epGroupPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodPut, path: path})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// RevokeRoleFromGroupOnEnterpriseProject revokes a group's permission on an
// enterprise project: DELETE on the grant's path, 204.
func (c *Client) RevokeRoleFromGroupOnEnterpriseProject(ctx context.Context, in *EnterpriseProjectGroupRoleInput) (*GrantOutput, error) {
	const op = "RevokeRoleFromGroupOnEnterpriseProject"
	path, err := epGroupPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// ListRolesForGroupOnEnterpriseProjectInput is the input of
// ListRolesForGroupOnEnterpriseProject.
type ListRolesForGroupOnEnterpriseProjectInput struct {
	// EnterpriseProjectID is the id of the enterprise project (required).
	EnterpriseProjectID string
	// GroupID is the id of the group (required).
	GroupID string
}

// ListRolesForGroupOnEnterpriseProject lists a group's permissions on an
// enterprise project: GET
// /v3.0/OS-PERMISSION/enterprise-projects/{enterprise_project_id}/groups/{group_id}/roles.
func (c *Client) ListRolesForGroupOnEnterpriseProject(ctx context.Context, in *ListRolesForGroupOnEnterpriseProjectInput) (*ListGrantedRolesOutput, error) {
	const op = "ListRolesForGroupOnEnterpriseProject"
	if in == nil {
		return nil, invalid(op, "ListRolesForGroupOnEnterpriseProjectInput", "required")
	}
	if err := ids(op, "EnterpriseProjectID", in.EnterpriseProjectID, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	out, rid, err := c.listRoles(ctx, op, "/v3.0/OS-PERMISSION/enterprise-projects/"+in.EnterpriseProjectID+"/groups/"+in.GroupID+"/roles")
	if err != nil {
		return nil, err
	}
	return &ListGrantedRolesOutput{Roles: out.Roles, Links: out.Links, RequestID: rid}, nil
}

// ListEnterpriseProjectsForGroupInput is the input of
// ListEnterpriseProjectsForGroup.
type ListEnterpriseProjectsForGroupInput struct {
	// GroupID is the id of the group (required).
	GroupID string
}

// EnterpriseProjectRef names an enterprise project.
type EnterpriseProjectRef struct {
	// ProjectID is the enterprise project's id ("projectId" on the wire).
	ProjectID string `json:"projectId"`
}

func (r *EnterpriseProjectRef) missing() string {
	if r == nil || r.ProjectID == "" {
		return "projectId"
	}
	return ""
}

// ListEnterpriseProjectsForGroupOutput is the answer of
// ListEnterpriseProjectsForGroup.
type ListEnterpriseProjectsForGroupOutput struct {
	// EnterpriseProjects are the enterprise projects the group holds
	// permissions on.
	EnterpriseProjects []*EnterpriseProjectRef `json:"enterprise-projects"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

// ListEnterpriseProjectsForGroup lists the enterprise projects a group
// holds permissions on: GET
// /v3.0/OS-PERMISSION/groups/{group_id}/enterprise-projects.
func (c *Client) ListEnterpriseProjectsForGroup(ctx context.Context, in *ListEnterpriseProjectsForGroupInput) (*ListEnterpriseProjectsForGroupOutput, error) {
	const op = "ListEnterpriseProjectsForGroup"
	if in == nil {
		return nil, invalid(op, "ListEnterpriseProjectsForGroupInput", "required")
	}
	if err := checkID(op, "GroupID", in.GroupID); err != nil {
		return nil, err
	}
	out := &ListEnterpriseProjectsForGroupOutput{}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3.0/OS-PERMISSION/groups/" + in.GroupID + "/enterprise-projects", idempotent: true,
		expect: func([]byte) error { return checkList(out.EnterpriseProjects, "enterprise-projects") }}, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// EnterpriseProjectUserRoleInput names a grant to a user on an enterprise
// project, the only direct grant to a user in IAM v3: the input of
// AssociateRoleToUserOnEnterpriseProject and
// RevokeRoleFromUserOnEnterpriseProject.
type EnterpriseProjectUserRoleInput struct {
	// EnterpriseProjectID is the id of the enterprise project (required).
	EnterpriseProjectID string
	// UserID is the id of the user (required).
	UserID string
	// RoleID is the id of the permission (required).
	RoleID string
}

func epUserPath(op string, in *EnterpriseProjectUserRoleInput) (string, error) {
	if in == nil {
		return "", invalid(op, "EnterpriseProjectUserRoleInput", "required")
	}
	if err := ids(op, "EnterpriseProjectID", in.EnterpriseProjectID, "UserID", in.UserID, "RoleID", in.RoleID); err != nil {
		return "", err
	}
	return "/v3.0/OS-PERMISSION/enterprise-projects/" + in.EnterpriseProjectID + "/users/" + in.UserID + "/roles/" + in.RoleID, nil
}

// AssociateRoleToUserOnEnterpriseProject grants a permission to a user on an
// enterprise project: PUT
// /v3.0/OS-PERMISSION/enterprise-projects/{enterprise_project_id}/users/{user_id}/roles/{role_id}, 204.
func (c *Client) AssociateRoleToUserOnEnterpriseProject(ctx context.Context, in *EnterpriseProjectUserRoleInput) (*GrantOutput, error) {
	const op = "AssociateRoleToUserOnEnterpriseProject"
	path, err := epUserPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodPut, path: path})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// RevokeRoleFromUserOnEnterpriseProject revokes a user's permission on an
// enterprise project: DELETE on the grant's path, 204.
func (c *Client) RevokeRoleFromUserOnEnterpriseProject(ctx context.Context, in *EnterpriseProjectUserRoleInput) (*GrantOutput, error) {
	const op = "RevokeRoleFromUserOnEnterpriseProject"
	path, err := epUserPath(op, in)
	if err != nil {
		return nil, err
	}
	rid, err := c.exec(ctx, call{op: op, method: http.MethodDelete, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	return &GrantOutput{RequestID: rid}, nil
}

// ListRolesForUserOnEnterpriseProjectInput is the input of
// ListRolesForUserOnEnterpriseProject.
type ListRolesForUserOnEnterpriseProjectInput struct {
	// EnterpriseProjectID is the id of the enterprise project (required).
	EnterpriseProjectID string
	// UserID is the id of the user (required).
	UserID string
}

// ListRolesForUserOnEnterpriseProject lists a user's direct permissions on
// an enterprise project: GET
// /v3.0/OS-PERMISSION/enterprise-projects/{enterprise_project_id}/users/{user_id}/roles.
func (c *Client) ListRolesForUserOnEnterpriseProject(ctx context.Context, in *ListRolesForUserOnEnterpriseProjectInput) (*ListGrantedRolesOutput, error) {
	const op = "ListRolesForUserOnEnterpriseProject"
	if in == nil {
		return nil, invalid(op, "ListRolesForUserOnEnterpriseProjectInput", "required")
	}
	if err := ids(op, "EnterpriseProjectID", in.EnterpriseProjectID, "UserID", in.UserID); err != nil {
		return nil, err
	}
	out, rid, err := c.listRoles(ctx, op, "/v3.0/OS-PERMISSION/enterprise-projects/"+in.EnterpriseProjectID+"/users/"+in.UserID+"/roles")
	if err != nil {
		return nil, err
	}
	return &ListGrantedRolesOutput{Roles: out.Roles, Links: out.Links, RequestID: rid}, nil
}

// ---- assignment records -----------------------------------------------------

// AssignmentSubject is the kind of holder role assignments are listed for.
type AssignmentSubject string

// The subjects of ShowDomainRoleAssignments.
const (
	SubjectUser   AssignmentSubject = "user"
	SubjectGroup  AssignmentSubject = "group"
	SubjectAgency AssignmentSubject = "agency"
)

// AssignmentScope is the kind of scope role assignments are listed on.
type AssignmentScope string

// The scopes of ShowDomainRoleAssignments.
const (
	ScopeProject           AssignmentScope = "project"
	ScopeDomain            AssignmentScope = "domain"
	ScopeEnterpriseProject AssignmentScope = "enterprise_project"
)

// MaxAssignmentsPerPage is the largest per_page of ShowDomainRoleAssignments.
const MaxAssignmentsPerPage = 50

// ShowDomainRoleAssignmentsInput filters ShowDomainRoleAssignments. At most
// one of Subject, SubjectUserID, SubjectGroupID and SubjectAgencyID, and
// at most one of Scope, ScopeProjectID, ScopeDomainID and
// ScopeEnterpriseProjectsID, may be set.
type ShowDomainRoleAssignmentsInput struct {
	// DomainID is the account id; empty uses the client's.
	DomainID string
	// RoleID lists only the grants of that permission.
	RoleID string
	// Subject lists the grants to users, groups or agencies.
	Subject AssignmentSubject
	// SubjectUserID, SubjectGroupID and SubjectAgencyID list the grants of
	// one holder.
	SubjectUserID, SubjectGroupID, SubjectAgencyID string
	// Scope lists the grants on projects, on the account or on enterprise
	// projects.
	Scope AssignmentScope
	// ScopeProjectID, ScopeDomainID and ScopeEnterpriseProjectsID list the
	// grants on one scope.
	ScopeProjectID, ScopeDomainID, ScopeEnterpriseProjectsID string
	// IsInherited, with the domain scope, lists the all-projects grants
	// (true) instead of the account grants (false, IAM's default).
	IsInherited *bool
	// IncludeGroup, with a user subject, also lists the grants of the
	// user's groups (IAM's default: true).
	IncludeGroup *bool
	// Page (from 1) and PerPage (1-50) select a page; they are set together.
	Page, PerPage int32
}

// AssignmentRef is the id of the holder, permission or scope of an
// assignment.
type AssignmentRef struct {
	// ID is the id.
	ID string `json:"id"`
}

// AssignmentScopeRef is the scope of an assignment: one of its fields is set.
type AssignmentScopeRef struct {
	// Project is set for a grant on a project.
	Project *AssignmentRef `json:"project,omitempty"`
	// Domain is set for a grant on the account, or on all its projects
	// (RoleAssignment.IsInherited).
	Domain *AssignmentRef `json:"domain,omitempty"`
	// EnterpriseProject is set for a grant on an enterprise project.
	EnterpriseProject *AssignmentRef `json:"enterprise_project,omitempty"`
}

// RoleAssignment is one grant record: a holder (user, group or agency), a
// permission and a scope.
type RoleAssignment struct {
	// User is set for a grant to a user (on an enterprise project).
	User *AssignmentRef `json:"user,omitempty"`
	// Group is set for a grant to a group.
	Group *AssignmentRef `json:"group,omitempty"`
	// Agency is set for a grant to an agency.
	Agency *AssignmentRef `json:"agency,omitempty"`
	// Role is the permission granted.
	Role *AssignmentRef `json:"role,omitempty"`
	// Scope is where it is granted.
	Scope *AssignmentScopeRef `json:"scope,omitempty"`
	// IsInherited is true for an all-projects grant.
	IsInherited bool `json:"is_inherited,omitempty"`
}

// missing names what a grant record lacks: IAM always sends the
// permission, the holder and the scope, each with its id.
func (a *RoleAssignment) missing() string {
	switch {
	case a == nil:
		return "record"
	case !a.Role.set():
		return "role id"
	case !a.User.set() && !a.Group.set() && !a.Agency.set():
		return "user, group or agency id"
	case a.Scope == nil || !a.Scope.Project.set() && !a.Scope.Domain.set() && !a.Scope.EnterpriseProject.set():
		return "scope id"
	}
	return ""
}

func (r *AssignmentRef) set() bool { return r != nil && r.ID != "" }

// ShowDomainRoleAssignmentsOutput is the answer of ShowDomainRoleAssignments.
type ShowDomainRoleAssignmentsOutput struct {
	// TotalNum is the number of matching records.
	TotalNum int64 `json:"total_num"`
	// RoleAssignments are the records of the page.
	RoleAssignments []*RoleAssignment `json:"role_assignments"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

func (c *Client) roleAssignmentsCall(ctx context.Context, in *ShowDomainRoleAssignmentsInput) (call, error) {
	const op = "ShowDomainRoleAssignments"
	if in == nil {
		in = &ShowDomainRoleAssignmentsInput{}
	}
	q := url.Values{}
	count := func(vs ...string) int {
		n := 0
		for _, v := range vs {
			if v != "" {
				n++
			}
		}
		return n
	}
	if count(string(in.Subject), in.SubjectUserID, in.SubjectGroupID, in.SubjectAgencyID) > 1 {
		return call{}, invalid(op, "Subject", "set at most one of Subject, SubjectUserID, SubjectGroupID and SubjectAgencyID")
	}
	if count(string(in.Scope), in.ScopeProjectID, in.ScopeDomainID, in.ScopeEnterpriseProjectsID) > 1 {
		return call{}, invalid(op, "Scope", "set at most one of Scope, ScopeProjectID, ScopeDomainID and ScopeEnterpriseProjectsID")
	}
	switch in.Subject {
	case "", SubjectUser, SubjectGroup, SubjectAgency:
	default:
		return call{}, invalid(op, "Subject", "must be user, group or agency")
	}
	switch in.Scope {
	case "", ScopeProject, ScopeDomain, ScopeEnterpriseProject:
	default:
		return call{}, invalid(op, "Scope", "must be project, domain or enterprise_project")
	}
	for _, f := range []struct{ field, key, v string }{
		{"RoleID", "role_id", in.RoleID},
		{"SubjectUserID", "subject.user_id", in.SubjectUserID},
		{"SubjectGroupID", "subject.group_id", in.SubjectGroupID},
		{"SubjectAgencyID", "subject.agency_id", in.SubjectAgencyID},
		{"ScopeProjectID", "scope.project_id", in.ScopeProjectID},
		{"ScopeDomainID", "scope.domain_id", in.ScopeDomainID},
		{"ScopeEnterpriseProjectsID", "scope.enterprise_projects_id", in.ScopeEnterpriseProjectsID},
	} {
		if f.v != "" {
			if err := checkID(op, f.field, f.v); err != nil {
				return call{}, err
			}
			q.Set(f.key, f.v)
		}
	}
	if in.Subject != "" {
		q.Set("subject", string(in.Subject))
	}
	if in.Scope != "" {
		q.Set("scope", string(in.Scope))
	}
	if in.IsInherited != nil {
		q.Set("is_inherited", strconv.FormatBool(*in.IsInherited))
	}
	if in.IncludeGroup != nil {
		q.Set("include_group", strconv.FormatBool(*in.IncludeGroup))
	}
	if err := pageQuery(op, in.Page, in.PerPage, MaxAssignmentsPerPage, q); err != nil {
		return call{}, err
	}
	d, err := c.domainOr(ctx, op, "DomainID", in.DomainID)
	if err != nil {
		return call{}, err
	}
	q.Set("domain_id", d)
	return call{op: op, method: http.MethodGet, path: "/v3.0/OS-PERMISSION/role-assignments", query: q, idempotent: true}, nil
}

// ShowDomainRoleAssignments lists grant records of the account: GET
// /v3.0/OS-PERMISSION/role-assignments with its filters.
// AllRoleAssignments reads every page.
func (c *Client) ShowDomainRoleAssignments(ctx context.Context, in *ShowDomainRoleAssignmentsInput) (*ShowDomainRoleAssignmentsOutput, error) {
	k, err := c.roleAssignmentsCall(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &ShowDomainRoleAssignmentsOutput{}
	k.expect = func([]byte) error { return checkList(out.RoleAssignments, "role_assignments") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllRoleAssignments yields every record ShowDomainRoleAssignments lists, a
// page (in.PerPage, 50 when zero) at a time from in.Page (or 1).
func (c *Client) AllRoleAssignments(ctx context.Context, in *ShowDomainRoleAssignmentsInput) iter.Seq2[*RoleAssignment, error] {
	q := ShowDomainRoleAssignmentsInput{}
	if in != nil {
		q = *in
	}
	if q.PerPage == 0 {
		q.PerPage = MaxAssignmentsPerPage
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if err := pageQuery("ShowDomainRoleAssignments", q.Page, q.PerPage, MaxAssignmentsPerPage, url.Values{}); err != nil {
		return func(yield func(*RoleAssignment, error) bool) { yield(nil, err) }
	}
	key := func(a *RoleAssignment) string {
		s := ""
		for _, r := range []*AssignmentRef{a.User, a.Group, a.Agency, a.Role} {
			if r != nil {
				s += r.ID
			}
			s += "/"
		}
		if a.Scope != nil {
			for _, r := range []*AssignmentRef{a.Scope.Project, a.Scope.Domain, a.Scope.EnterpriseProject} {
				if r != nil {
					s += r.ID
				}
				s += "/"
			}
		}
		return s + strconv.FormatBool(a.IsInherited)
	}
	return pages(int(q.Page), int(q.PerPage), key, func(page int) (pageOf[RoleAssignment], error) {
		p := q
		p.Page = int32(page)
		out, err := c.ShowDomainRoleAssignments(ctx, &p)
		if err != nil {
			return pageOf[RoleAssignment]{}, err
		}
		return pageOf[RoleAssignment]{items: out.RoleAssignments, total: int(out.TotalNum) - int(q.Page-1)*int(q.PerPage)}, nil
	})
}
