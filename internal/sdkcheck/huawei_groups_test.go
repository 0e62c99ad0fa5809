package sdkcheck

import (
	"errors"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	hwiam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

// huaweiClient returns Huawei's official IAM v3 client, signing with the
// emulator's root AK/SK and sending its domain id (GlobalCredentials).
func huaweiClient(t *testing.T, srv *huaweitest.Server) *hwiam.IamClient {
	t.Helper()
	ak, sk := srv.Credentials()
	cred, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(srv.DomainID()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return hwiam.NewIamClient(hcb)
}

// huaweiStatus returns the HTTP status of an official SDK error (0 when it
// is not a service answer).
func huaweiStatus(err error) (int, string) {
	var se *sdkerr.ServiceResponseError
	if errors.As(err, &se) {
		return se.StatusCode, se.ErrorCode
	}
	return 0, ""
}

func hwMust[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func hwWantStatus(t *testing.T, what string, err error, status int) {
	t.Helper()
	got, code := huaweiStatus(err)
	if got != status {
		t.Fatalf("%s: got status %d (%s, %v), want %d", what, got, code, err, status)
	}
}

func hwPtr[T any](v T) *T { return &v }

// TestHuaweiGroupsAndPermissions drives a whole group and permission
// lifecycle with Huawei's official Go SDK (huaweicloud-sdk-go-v3
// services/iam/v3) against huaweitest: groups, membership, system roles
// and policies, projects, grants on the account, a project, all projects
// and an enterprise project, custom policies for cloud services and
// agencies, role assignments, and the refusals of the emulator, every
// request signed by the SDK and verified by the emulator.
func TestHuaweiGroupsAndPermissions(t *testing.T) {
	srv := huaweitest.NewServer()
	defer srv.Close()
	c := huaweiClient(t, srv)
	domain := srv.DomainID()

	// A user to add to the group, created by the SDK too.
	u := hwMust[*model.CreateUserResponse](t, "CreateUser")(c.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{
		User: &model.CreateUserOption{Name: "sdk_alice", DomainId: domain}}}))
	userID := u.User.Id

	// Groups.
	cg := hwMust[*model.KeystoneCreateGroupResponse](t, "KeystoneCreateGroup")(c.KeystoneCreateGroup(&model.KeystoneCreateGroupRequest{
		Body: &model.KeystoneCreateGroupRequestBody{Group: &model.KeystoneCreateGroupOption{Name: "sdk_readers", Description: hwPtr("read-only people")}}}))
	gid := cg.Group.Id
	if cg.Group.Name != "sdk_readers" || cg.Group.CreateTime == 0 || cg.Group.Links == nil || cg.HttpStatusCode != 201 {
		t.Fatalf("KeystoneCreateGroup: %+v", cg)
	}
	_, err := c.KeystoneCreateGroup(&model.KeystoneCreateGroupRequest{Body: &model.KeystoneCreateGroupRequestBody{
		Group: &model.KeystoneCreateGroupOption{Name: "sdk_readers"}}})
	hwWantStatus(t, "KeystoneCreateGroup of a name in use", err, 409)
	sg := hwMust[*model.KeystoneShowGroupResponse](t, "KeystoneShowGroup")(c.KeystoneShowGroup(&model.KeystoneShowGroupRequest{GroupId: gid}))
	if sg.Group.Description != "read-only people" {
		t.Fatalf("KeystoneShowGroup: %+v", sg.Group)
	}
	ug := hwMust[*model.KeystoneUpdateGroupResponse](t, "KeystoneUpdateGroup")(c.KeystoneUpdateGroup(&model.KeystoneUpdateGroupRequest{GroupId: gid,
		Body: &model.KeystoneUpdateGroupRequestBody{Group: &model.KeystoneUpdateGroupOption{Name: hwPtr("sdk_viewers"), Description: hwPtr("")}}}))
	if ug.Group.Name != "sdk_viewers" || ug.Group.Description != "" {
		t.Fatalf("KeystoneUpdateGroup: %+v", ug.Group)
	}
	lg := hwMust[*model.KeystoneListGroupsResponse](t, "KeystoneListGroups")(c.KeystoneListGroups(&model.KeystoneListGroupsRequest{Name: hwPtr("sdk_viewers")}))
	if lg.Groups == nil || len(*lg.Groups) != 1 || (*lg.Groups)[0].Id != gid {
		t.Fatalf("KeystoneListGroups by name: %+v", lg)
	}

	// Membership.
	hwMust[*model.KeystoneAddUserToGroupResponse](t, "KeystoneAddUserToGroup")(c.KeystoneAddUserToGroup(&model.KeystoneAddUserToGroupRequest{GroupId: gid, UserId: userID}))
	hwMust[*model.KeystoneAddUserToGroupResponse](t, "KeystoneAddUserToGroup again")(c.KeystoneAddUserToGroup(&model.KeystoneAddUserToGroupRequest{GroupId: gid, UserId: userID}))
	hwMust[*model.KeystoneCheckUserInGroupResponse](t, "KeystoneCheckUserInGroup")(c.KeystoneCheckUserInGroup(&model.KeystoneCheckUserInGroupRequest{GroupId: gid, UserId: userID}))
	members := hwMust[*model.KeystoneListUsersForGroupByAdminResponse](t, "KeystoneListUsersForGroupByAdmin")(
		c.KeystoneListUsersForGroupByAdmin(&model.KeystoneListUsersForGroupByAdminRequest{GroupId: gid}))
	if members.Users == nil || len(*members.Users) != 1 || (*members.Users)[0].Name != "sdk_alice" {
		t.Fatalf("KeystoneListUsersForGroupByAdmin: %+v", members)
	}
	ugs := hwMust[*model.KeystoneListGroupsForUserResponse](t, "KeystoneListGroupsForUser")(c.KeystoneListGroupsForUser(&model.KeystoneListGroupsForUserRequest{UserId: userID}))
	if ugs.Groups == nil || len(*ugs.Groups) != 1 {
		t.Fatalf("KeystoneListGroupsForUser: %+v", ugs)
	}

	// System permissions, looked up by display name (IAM matches loosely).
	roleID := func(display string) string {
		t.Helper()
		out := hwMust[*model.KeystoneListPermissionsResponse](t, "KeystoneListPermissions "+display)(
			c.KeystoneListPermissions(&model.KeystoneListPermissionsRequest{DisplayName: hwPtr(display)}))
		for _, r := range *out.Roles {
			if r.DisplayName != nil && *r.DisplayName == display {
				return r.Id
			}
		}
		t.Fatalf("no permission %q in %+v", display, out)
		return ""
	}
	guest, ecsRead, vpcRead := roleID("Tenant Guest"), roleID("ECS ReadOnlyAccess"), roleID("VPC ReadOnlyAccess")
	admins := hwMust[*model.KeystoneListPermissionsResponse](t, "KeystoneListPermissions Administrator")(
		c.KeystoneListPermissions(&model.KeystoneListPermissionsRequest{DisplayName: hwPtr("Administrator"), PermissionType: hwPtr("role"), Type: hwPtr("project")}))
	if len(*admins.Roles) < 2 {
		t.Fatalf("a loose display_name filter finds the administrator roles: %+v", admins)
	}
	paged := hwMust[*model.KeystoneListPermissionsResponse](t, "KeystoneListPermissions paged")(
		c.KeystoneListPermissions(&model.KeystoneListPermissionsRequest{Page: hwPtr(int32(2)), PerPage: hwPtr(int32(5)), PermissionType: hwPtr("policy")}))
	if len(*paged.Roles) != 5 {
		t.Fatalf("KeystoneListPermissions page 2 of 5: %d", len(*paged.Roles))
	}
	sp := hwMust[*model.KeystoneShowPermissionResponse](t, "KeystoneShowPermission")(c.KeystoneShowPermission(&model.KeystoneShowPermissionRequest{RoleId: guest}))
	if sp.Role.Type != "AA" || sp.Role.Policy == nil || sp.Role.Policy.Version != "1.0" {
		t.Fatalf("KeystoneShowPermission Tenant Guest: %+v", sp.Role)
	}

	// Projects.
	lp := hwMust[*model.KeystoneListProjectsResponse](t, "KeystoneListProjects")(c.KeystoneListProjects(&model.KeystoneListProjectsRequest{Name: hwPtr("cn-north-4")}))
	if lp.Projects == nil || len(*lp.Projects) != 1 {
		t.Fatalf("KeystoneListProjects cn-north-4: %+v", lp)
	}
	projectID := (*lp.Projects)[0].Id
	hwMust[*model.KeystoneShowProjectResponse](t, "KeystoneShowProject")(c.KeystoneShowProject(&model.KeystoneShowProjectRequest{ProjectId: projectID}))

	// Grants: account, project, all projects.
	hwMust[*model.KeystoneAssociateGroupWithDomainPermissionResponse](t, "KeystoneAssociateGroupWithDomainPermission")(
		c.KeystoneAssociateGroupWithDomainPermission(&model.KeystoneAssociateGroupWithDomainPermissionRequest{DomainId: domain, GroupId: gid, RoleId: guest}))
	_, err = c.KeystoneAssociateGroupWithDomainPermission(&model.KeystoneAssociateGroupWithDomainPermissionRequest{DomainId: domain, GroupId: gid, RoleId: guest})
	hwWantStatus(t, "a grant that exists", err, 409)
	_, err = c.KeystoneAssociateGroupWithDomainPermission(&model.KeystoneAssociateGroupWithDomainPermissionRequest{DomainId: domain, GroupId: gid, RoleId: ecsRead})
	hwWantStatus(t, "a project-level (XA) permission on the account", err, 400)
	hwMust[*model.KeystoneCheckDomainPermissionForGroupResponse](t, "KeystoneCheckDomainPermissionForGroup")(
		c.KeystoneCheckDomainPermissionForGroup(&model.KeystoneCheckDomainPermissionForGroupRequest{DomainId: domain, GroupId: gid, RoleId: guest}))
	ld := hwMust[*model.KeystoneListDomainPermissionsForGroupResponse](t, "KeystoneListDomainPermissionsForGroup")(
		c.KeystoneListDomainPermissionsForGroup(&model.KeystoneListDomainPermissionsForGroupRequest{DomainId: domain, GroupId: gid}))
	if len(*ld.Roles) != 1 || ld.Roles == nil || (*ld.Roles)[0].Id != guest {
		t.Fatalf("KeystoneListDomainPermissionsForGroup: %+v", ld)
	}
	hwMust[*model.KeystoneAssociateGroupWithProjectPermissionResponse](t, "KeystoneAssociateGroupWithProjectPermission")(
		c.KeystoneAssociateGroupWithProjectPermission(&model.KeystoneAssociateGroupWithProjectPermissionRequest{ProjectId: projectID, GroupId: gid, RoleId: ecsRead}))
	hwMust[*model.KeystoneCheckProjectPermissionForGroupResponse](t, "KeystoneCheckProjectPermissionForGroup")(
		c.KeystoneCheckProjectPermissionForGroup(&model.KeystoneCheckProjectPermissionForGroupRequest{ProjectId: projectID, GroupId: gid, RoleId: ecsRead}))
	lpp := hwMust[*model.KeystoneListProjectPermissionsForGroupResponse](t, "KeystoneListProjectPermissionsForGroup")(
		c.KeystoneListProjectPermissionsForGroup(&model.KeystoneListProjectPermissionsForGroupRequest{ProjectId: projectID, GroupId: gid}))
	if len(*lpp.Roles) != 1 {
		t.Fatalf("KeystoneListProjectPermissionsForGroup: %+v", lpp)
	}
	hwMust[*model.UpdateDomainGroupInheritRoleResponse](t, "UpdateDomainGroupInheritRole")(
		c.UpdateDomainGroupInheritRole(&model.UpdateDomainGroupInheritRoleRequest{DomainId: domain, GroupId: gid, RoleId: vpcRead}))
	hwMust[*model.KeystoneCheckroleForGroupResponse](t, "KeystoneCheckroleForGroup")(
		c.KeystoneCheckroleForGroup(&model.KeystoneCheckroleForGroupRequest{DomainId: domain, GroupId: gid, RoleId: vpcRead}))
	li := hwMust[*model.KeystoneListAllProjectPermissionsForGroupResponse](t, "KeystoneListAllProjectPermissionsForGroup")(
		c.KeystoneListAllProjectPermissionsForGroup(&model.KeystoneListAllProjectPermissionsForGroupRequest{DomainId: domain, GroupId: gid}))
	if len(*li.Roles) != 1 || (*li.Roles)[0].Id != vpcRead {
		t.Fatalf("KeystoneListAllProjectPermissionsForGroup: %+v", li)
	}

	// Custom policies: a cloud service one and an agency one.
	obsList := model.ServiceStatement{Action: []string{"obs:bucket:ListAllMyBuckets"}, Effect: model.GetServiceStatementEffectEnum().ALLOW}
	cp := hwMust[*model.CreateCloudServiceCustomPolicyResponse](t, "CreateCloudServiceCustomPolicy")(c.CreateCloudServiceCustomPolicy(&model.CreateCloudServiceCustomPolicyRequest{
		Body: &model.CreateCloudServiceCustomPolicyRequestBody{Role: &model.ServicePolicyRoleOption{
			DisplayName: "sdk bucket lister", Type: "AX", Description: "lists buckets",
			Policy: &model.ServicePolicy{Version: "1.1", Statement: []model.ServiceStatement{obsList}}}}}))
	customID := cp.Role.Id
	if cp.Role.DomainId != domain || cp.Role.Catalog == "" || cp.HttpStatusCode != 201 {
		t.Fatalf("CreateCloudServiceCustomPolicy: %+v", cp.Role)
	}
	obsList.Resource = &[]string{"obs:*:*:bucket:*"}
	obsList.Condition = map[string]map[string][]string{"StringStartWith": {"g:ProjectName": {"cn-north-4"}}}
	hwMust[*model.UpdateCloudServiceCustomPolicyResponse](t, "UpdateCloudServiceCustomPolicy")(c.UpdateCloudServiceCustomPolicy(&model.UpdateCloudServiceCustomPolicyRequest{RoleId: customID,
		Body: &model.UpdateCloudServiceCustomPolicyRequestBody{Role: &model.ServicePolicyRoleOption{
			DisplayName: "sdk bucket lister", Type: "AX", Description: "lists buckets in cn-north-4", DescriptionCn: hwPtr("列举桶"),
			Policy: &model.ServicePolicy{Version: "1.1", Statement: []model.ServiceStatement{obsList}}}}}))
	assume := model.AgencyPolicyStatement{Action: []model.AgencyPolicyStatementAction{model.GetAgencyPolicyStatementActionEnum().IAMAGENCIESASSUME},
		Effect: model.GetAgencyPolicyStatementEffectEnum().ALLOW, Resource: &model.AgencyPolicyResource{Uri: []string{"/iam/agencies/07805acaba800fdd4fbdc00b8f888c7c"}}}
	ap := hwMust[*model.CreateAgencyCustomPolicyResponse](t, "CreateAgencyCustomPolicy")(c.CreateAgencyCustomPolicy(&model.CreateAgencyCustomPolicyRequest{
		Body: &model.CreateAgencyCustomPolicyRequestBody{Role: &model.AgencyPolicyRoleOption{DisplayName: "sdk assume", Type: "AX", Description: "assume an agency",
			Policy: &model.AgencyPolicy{Version: "1.1", Statement: []model.AgencyPolicyStatement{assume}}}}}))
	hwMust[*model.UpdateAgencyCustomPolicyResponse](t, "UpdateAgencyCustomPolicy")(c.UpdateAgencyCustomPolicy(&model.UpdateAgencyCustomPolicyRequest{RoleId: ap.Role.Id,
		Body: &model.UpdateAgencyCustomPolicyRequestBody{Role: &model.AgencyPolicyRoleOption{DisplayName: "sdk assume", Type: "XA", Description: "assume an agency",
			Policy: &model.AgencyPolicy{Version: "1.1", Statement: []model.AgencyPolicyStatement{assume}}}}}))
	lc := hwMust[*model.ListCustomPoliciesResponse](t, "ListCustomPolicies")(c.ListCustomPolicies(&model.ListCustomPoliciesRequest{Page: hwPtr(int32(1)), PerPage: hwPtr(int32(1))}))
	if lc.TotalNumber == nil || *lc.TotalNumber != 2 || len(*lc.Roles) != 1 {
		t.Fatalf("ListCustomPolicies page 1 of 1: %+v", lc)
	}
	lk := hwMust[*model.KeystoneListPermissionsResponse](t, "KeystoneListPermissions custom")(c.KeystoneListPermissions(&model.KeystoneListPermissionsRequest{DomainId: hwPtr(domain)}))
	if lk.TotalNumber == nil || *lk.TotalNumber != 2 {
		t.Fatalf("KeystoneListPermissions with domain_id lists the custom policies: %+v", lk)
	}
	hwMust[*model.KeystoneAssociateGroupWithDomainPermissionResponse](t, "grant a custom policy")(
		c.KeystoneAssociateGroupWithDomainPermission(&model.KeystoneAssociateGroupWithDomainPermissionRequest{DomainId: domain, GroupId: gid, RoleId: customID}))
	sc := hwMust[*model.ShowCustomPolicyResponse](t, "ShowCustomPolicy")(c.ShowCustomPolicy(&model.ShowCustomPolicyRequest{RoleId: customID}))
	if sc.Role.References == nil || *sc.Role.References != 1 || len(sc.Role.Policy.Statement[0].Condition) != 1 {
		t.Fatalf("ShowCustomPolicy: %+v", sc.Role)
	}
	_, err = c.DeleteCustomPolicy(&model.DeleteCustomPolicyRequest{RoleId: customID})
	hwWantStatus(t, "DeleteCustomPolicy of a policy still granted", err, 400)
	ra := hwMust[*model.ShowDomainRoleAssignmentsResponse](t, "ShowDomainRoleAssignments")(c.ShowDomainRoleAssignments(&model.ShowDomainRoleAssignmentsRequest{
		DomainId: domain, SubjectGroupId: hwPtr(gid), Scope: hwPtr("domain"), Page: hwPtr(int32(1)), PerPage: hwPtr(int32(50))}))
	if ra.TotalNum == nil || *ra.TotalNum != 2 {
		t.Fatalf("ShowDomainRoleAssignments of the group on the account: %+v", ra)
	}
	hwMust[*model.KeystoneRemoveDomainPermissionFromGroupResponse](t, "revoke the custom policy")(
		c.KeystoneRemoveDomainPermissionFromGroup(&model.KeystoneRemoveDomainPermissionFromGroupRequest{DomainId: domain, GroupId: gid, RoleId: customID}))
	hwMust[*model.DeleteCustomPolicyResponse](t, "DeleteCustomPolicy")(c.DeleteCustomPolicy(&model.DeleteCustomPolicyRequest{RoleId: customID}))
	hwMust[*model.DeleteCustomPolicyResponse](t, "DeleteCustomPolicy agency")(c.DeleteCustomPolicy(&model.DeleteCustomPolicyRequest{RoleId: ap.Role.Id}))

	// Enterprise projects: a group grant and a user grant.
	const ep = "0"
	hwMust[*model.AssociateRoleToGroupOnEnterpriseProjectResponse](t, "AssociateRoleToGroupOnEnterpriseProject")(
		c.AssociateRoleToGroupOnEnterpriseProject(&model.AssociateRoleToGroupOnEnterpriseProjectRequest{EnterpriseProjectId: ep, GroupId: gid, RoleId: ecsRead}))
	lge := hwMust[*model.ListRolesForGroupOnEnterpriseProjectResponse](t, "ListRolesForGroupOnEnterpriseProject")(
		c.ListRolesForGroupOnEnterpriseProject(&model.ListRolesForGroupOnEnterpriseProjectRequest{EnterpriseProjectId: ep, GroupId: gid}))
	if lge.Roles == nil || len(*lge.Roles) != 1 {
		t.Fatalf("ListRolesForGroupOnEnterpriseProject: %+v", lge)
	}
	eps := hwMust[*model.ListEnterpriseProjectsForGroupResponse](t, "ListEnterpriseProjectsForGroup")(
		c.ListEnterpriseProjectsForGroup(&model.ListEnterpriseProjectsForGroupRequest{GroupId: gid}))
	if eps.EnterpriseProjects == nil || len(*eps.EnterpriseProjects) != 1 || (*eps.EnterpriseProjects)[0].ProjectId != ep {
		t.Fatalf("ListEnterpriseProjectsForGroup: %+v", eps)
	}
	hwMust[*model.RevokeRoleFromGroupOnEnterpriseProjectResponse](t, "RevokeRoleFromGroupOnEnterpriseProject")(
		c.RevokeRoleFromGroupOnEnterpriseProject(&model.RevokeRoleFromGroupOnEnterpriseProjectRequest{EnterpriseProjectId: ep, GroupId: gid, RoleId: ecsRead}))
	hwMust[*model.AssociateRoleToUserOnEnterpriseProjectResponse](t, "AssociateRoleToUserOnEnterpriseProject")(
		c.AssociateRoleToUserOnEnterpriseProject(&model.AssociateRoleToUserOnEnterpriseProjectRequest{EnterpriseProjectId: ep, UserId: userID, RoleId: ecsRead}))
	lue := hwMust[*model.ListRolesForUserOnEnterpriseProjectResponse](t, "ListRolesForUserOnEnterpriseProject")(
		c.ListRolesForUserOnEnterpriseProject(&model.ListRolesForUserOnEnterpriseProjectRequest{EnterpriseProjectId: ep, UserId: userID}))
	if lue.Roles == nil || len(*lue.Roles) != 1 {
		t.Fatalf("ListRolesForUserOnEnterpriseProject: %+v", lue)
	}
	hwMust[*model.RevokeRoleFromUserOnEnterpriseProjectResponse](t, "RevokeRoleFromUserOnEnterpriseProject")(
		c.RevokeRoleFromUserOnEnterpriseProject(&model.RevokeRoleFromUserOnEnterpriseProjectRequest{EnterpriseProjectId: ep, UserId: userID, RoleId: ecsRead}))

	// Revokes and the end of the membership.
	hwMust[*model.KeystoneRemoveDomainPermissionFromGroupResponse](t, "KeystoneRemoveDomainPermissionFromGroup")(
		c.KeystoneRemoveDomainPermissionFromGroup(&model.KeystoneRemoveDomainPermissionFromGroupRequest{DomainId: domain, GroupId: gid, RoleId: guest}))
	_, err = c.KeystoneCheckDomainPermissionForGroup(&model.KeystoneCheckDomainPermissionForGroupRequest{DomainId: domain, GroupId: gid, RoleId: guest})
	hwWantStatus(t, "KeystoneCheckDomainPermissionForGroup after the revoke", err, 404)
	hwMust[*model.KeystoneRemoveProjectPermissionFromGroupResponse](t, "KeystoneRemoveProjectPermissionFromGroup")(
		c.KeystoneRemoveProjectPermissionFromGroup(&model.KeystoneRemoveProjectPermissionFromGroupRequest{ProjectId: projectID, GroupId: gid, RoleId: ecsRead}))
	hwMust[*model.DeleteDomainGroupInheritedRoleResponse](t, "DeleteDomainGroupInheritedRole")(
		c.DeleteDomainGroupInheritedRole(&model.DeleteDomainGroupInheritedRoleRequest{DomainId: domain, GroupId: gid, RoleId: vpcRead}))
	_, err = c.DeleteDomainGroupInheritedRole(&model.DeleteDomainGroupInheritedRoleRequest{DomainId: domain, GroupId: gid, RoleId: vpcRead})
	hwWantStatus(t, "a revoke of a grant that is gone", err, 404)
	hwMust[*model.KeystoneRemoveUserFromGroupResponse](t, "KeystoneRemoveUserFromGroup")(c.KeystoneRemoveUserFromGroup(&model.KeystoneRemoveUserFromGroupRequest{GroupId: gid, UserId: userID}))
	_, err = c.KeystoneCheckUserInGroup(&model.KeystoneCheckUserInGroupRequest{GroupId: gid, UserId: userID})
	hwWantStatus(t, "KeystoneCheckUserInGroup after the removal", err, 404)

	// Deleting a group takes its memberships and grants with it.
	hwMust[*model.KeystoneAddUserToGroupResponse](t, "KeystoneAddUserToGroup")(c.KeystoneAddUserToGroup(&model.KeystoneAddUserToGroupRequest{GroupId: gid, UserId: userID}))
	hwMust[*model.KeystoneAssociateGroupWithDomainPermissionResponse](t, "a last grant")(
		c.KeystoneAssociateGroupWithDomainPermission(&model.KeystoneAssociateGroupWithDomainPermissionRequest{DomainId: domain, GroupId: gid, RoleId: guest}))
	hwMust[*model.KeystoneDeleteGroupResponse](t, "KeystoneDeleteGroup")(c.KeystoneDeleteGroup(&model.KeystoneDeleteGroupRequest{GroupId: gid}))
	_, err = c.KeystoneShowGroup(&model.KeystoneShowGroupRequest{GroupId: gid})
	hwWantStatus(t, "KeystoneShowGroup of a deleted group", err, 404)
	if g := srv.Groups(); len(g) != 0 {
		t.Fatalf("groups left: %+v", g)
	}
	left := hwMust[*model.KeystoneListGroupsForUserResponse](t, "KeystoneListGroupsForUser")(c.KeystoneListGroupsForUser(&model.KeystoneListGroupsForUserRequest{UserId: userID}))
	if len(*left.Groups) != 0 {
		t.Fatalf("the user is still in %+v", left.Groups)
	}
}
