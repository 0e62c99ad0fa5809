package huawei

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

const (
	testGroupID   = "0c4e8ea5a7b648b0a0b0f1a2b3c4d5e6"
	testRoleID    = "b0d0ee4a7f8f4bbf9d2b2c8a3e6c1f00"
	testProjectID = "06e6b3c8f2a34ee3a4b5c6d7e8f90123"
)

// assertWire checks what every request of the group and permission APIs
// shares with the official SDK's: signed with SDK-HMAC-SHA256 over
// user-agent, x-domain-id and x-sdk-date (never content-type), the content
// type of a request with or without a body, and no token headers.
func assertWire(t *testing.T, r recorded, body string) {
	t.Helper()
	if body != "" {
		assert.Equal(t, "application/json;charset=UTF-8", r.Header.Get("Content-Type"))
	} else {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	}
	assert.Equal(t, testDomainID, r.Header.Get("X-Domain-Id"))
	auth := r.Header.Get("Authorization")
	assert.True(t, strings.HasPrefix(auth, "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders="), auth)
	sh := signedHeaders(auth)
	assert.Subset(t, sh, []string{"user-agent", "x-domain-id", "x-sdk-date"})
	assert.NotContains(t, sh, "content-type")
	assert.NoError(t, r.VerifyErr, "the signature verifies with the secret")
	assert.Empty(t, r.Header.Get("X-Auth-Token"))
}

// TestGroupExactRequests checks method, URL (path and query), body bytes
// and signed headers of every group and permission operation. The bodies
// and queries are those the official Go SDK (v0.1.207) sends for the same
// inputs: the SDK's field order, HTML left unescaped, a trailing newline,
// url.Values order with spaces as %20.
func TestGroupExactRequests(t *testing.T) {
	ctx := context.Background()
	const g, r, p, u = testGroupID, testRoleID, testProjectID, testUserID
	doc := &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{
		Action: []string{"obs:bucket:ListAllMyBuckets"}, Effect: EffectAllow,
		Condition: PolicyCondition{"StringStartWith": {"g:ProjectName": {"cn-north-4"}}},
		Resource:  &PolicyResource{URNs: []string{"obs:*:*:bucket:*"}},
	}}}
	const docJSON = `{"Version":"1.1","Statement":[{"Action":["obs:bucket:ListAllMyBuckets"],"Effect":"Allow","Condition":{"StringStartWith":{"g:ProjectName":["cn-north-4"]}},"Resource":["obs:*:*:bucket:*"]}]}`
	agencyDoc := &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{
		Action: []string{AgencyAssumeAction}, Effect: EffectAllow, Resource: &PolicyResource{URI: []string{"/iam/agencies/a1"}},
	}}}
	const agencyJSON = `{"Version":"1.1","Statement":[{"Action":["iam:agencies:assume"],"Effect":"Allow","Resource":{"uri":["/iam/agencies/a1"]}}]}`
	groupAnswer := reply{status: 200, body: `{"group":{"id":"` + g + `","name":"n"}}`}
	roleAnswer := reply{status: 200, body: `{"role":{"id":"` + r + `","name":"custom_x","display_name":"x","type":"AX","policy":{"Version":"1.1","Statement":[]}}}`}
	rolesAnswer := reply{status: 200, body: `{"roles":[]}`}
	none := reply{status: 204}
	d := "/v3/domains/" + testDomainID + "/groups/" + g + "/roles"
	pp := "/v3/projects/" + p + "/groups/" + g + "/roles"
	inh := "/v3/OS-INHERIT/domains/" + testDomainID + "/groups/" + g + "/roles"
	epg := "/v3.0/OS-PERMISSION/enterprise-projects/0/groups/" + g + "/roles"
	epu := "/v3.0/OS-PERMISSION/enterprise-projects/0/users/" + u + "/roles"
	tests := []struct {
		name   string
		reply  reply
		call   func(c *Client) error
		method string
		path   string
		body   string
	}{
		{"CreateGroup", reply{status: 201, body: `{"group":{"id":"` + g + `","name":"n"}}`}, func(c *Client) error {
			_, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "n <&>", Description: "d", DomainID: testDomainID})
			return err
		}, "POST", "/v3/groups", `{"group":{"description":"d","domain_id":"` + testDomainID + `","name":"n <&>"}}` + "\n"},
		{"CreateGroup minimal", reply{status: 201, body: `{"group":{"id":"` + g + `","name":"n"}}`}, func(c *Client) error {
			_, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "n"})
			return err
		}, "POST", "/v3/groups", `{"group":{"name":"n"}}` + "\n"},
		{"ShowGroup", groupAnswer, func(c *Client) error { _, err := c.ShowGroup(ctx, &ShowGroupInput{GroupID: g}); return err },
			"GET", "/v3/groups/" + g, ""},
		{"UpdateGroup", groupAnswer, func(c *Client) error {
			_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: g, Name: iam.Ptr("n2"), Description: iam.Ptr("")})
			return err
		}, "PATCH", "/v3/groups/" + g, `{"group":{"description":"","name":"n2"}}` + "\n"},
		{"DeleteGroup", none, func(c *Client) error { _, err := c.DeleteGroup(ctx, &DeleteGroupInput{GroupID: g}); return err },
			"DELETE", "/v3/groups/" + g, ""},
		{"ListGroups", reply{status: 200, body: `{"groups":[]}`}, func(c *Client) error {
			_, err := c.ListGroups(ctx, &ListGroupsInput{DomainID: testDomainID, Name: "dev ops"})
			return err
		}, "GET", "/v3/groups?domain_id=" + testDomainID + "&name=dev%20ops", ""},
		{"AddUserToGroup", none, func(c *Client) error {
			_, err := c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupID: g, UserID: u})
			return err
		}, "PUT", "/v3/groups/" + g + "/users/" + u, ""},
		{"CheckUserInGroup", none, func(c *Client) error {
			_, err := c.CheckUserInGroup(ctx, &CheckUserInGroupInput{GroupID: g, UserID: u})
			return err
		}, "HEAD", "/v3/groups/" + g + "/users/" + u, ""},
		{"RemoveUserFromGroup", none, func(c *Client) error {
			_, err := c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupID: g, UserID: u})
			return err
		}, "DELETE", "/v3/groups/" + g + "/users/" + u, ""},
		{"ListUsersForGroup", reply{status: 200, body: `{"users":[]}`}, func(c *Client) error {
			_, err := c.ListUsersForGroup(ctx, &ListUsersForGroupInput{GroupID: g})
			return err
		}, "GET", "/v3/groups/" + g + "/users", ""},
		{"ListGroupsForUser", reply{status: 200, body: `{"groups":[]}`}, func(c *Client) error {
			_, err := c.ListGroupsForUser(ctx, &ListGroupsForUserInput{UserID: u})
			return err
		}, "GET", "/v3/users/" + u + "/groups", ""},
		{"ListPermissions", rolesAnswer, func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{DisplayName: "Tenant Guest", DomainID: testDomainID, Page: 1, PerPage: 300,
				Type: RoleFilterDomain, Catalog: "BASE", Name: "readonly"})
			return err
		}, "GET", "/v3/roles?catalog=BASE&display_name=Tenant%20Guest&domain_id=" + testDomainID + "&name=readonly&page=1&per_page=300&type=domain", ""},
		{"ListPermissions system policies", rolesAnswer, func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{PermissionType: PermissionTypePolicy, Type: RoleFilterAll})
			return err
		}, "GET", "/v3/roles?permission_type=policy&type=all", ""},
		{"ShowPermission", roleAnswer, func(c *Client) error { _, err := c.ShowPermission(ctx, &ShowPermissionInput{RoleID: r}); return err },
			"GET", "/v3/roles/" + r, ""},
		{"CreateCloudServiceCustomPolicy", reply{status: 201, body: `{"role":{"id":"` + r + `","display_name":"x"}}`}, func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Description: "d", DescriptionCn: "中", Policy: doc})
			return err
		}, "POST", "/v3.0/OS-ROLE/roles", `{"role":{"display_name":"x","type":"AX","description":"d","description_cn":"中","policy":` + docJSON + `}}` + "\n"},
		{"CreateCloudServiceCustomPolicy raw document", reply{status: 201, body: `{"role":{"id":"` + r + `","display_name":"x"}}`}, func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeXA,
				Policy: &PolicyDocument{Raw: []byte(`{ "Version": "1.1", "Statement": [ {"Effect":"Allow","Action":["ecs:*:get*"]} ] }`)}})
			return err
		}, "POST", "/v3.0/OS-ROLE/roles", `{"role":{"display_name":"x","type":"XA","description":"","policy":{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["ecs:*:get*"]}]}}}` + "\n"},
		{"CreateAgencyCustomPolicy", reply{status: 201, body: `{"role":{"id":"` + r + `","display_name":"x"}}`}, func(c *Client) error {
			_, err := c.CreateAgencyCustomPolicy(ctx, &CreateAgencyCustomPolicyInput{DisplayName: "y", Type: RoleTypeXA, Description: "d", Policy: agencyDoc})
			return err
		}, "POST", "/v3.0/OS-ROLE/roles", `{"role":{"display_name":"y","type":"XA","description":"d","policy":` + agencyJSON + `}}` + "\n"},
		{"UpdateCloudServiceCustomPolicy", reply{status: 200, body: `{"role":{"id":"` + r + `","display_name":"x"}}`}, func(c *Client) error {
			_, err := c.UpdateCloudServiceCustomPolicy(ctx, &UpdateCloudServiceCustomPolicyInput{RoleID: r, DisplayName: "x", Type: RoleTypeAX, Description: "d", Policy: doc})
			return err
		}, "PATCH", "/v3.0/OS-ROLE/roles/" + r, `{"role":{"display_name":"x","type":"AX","description":"d","policy":` + docJSON + `}}` + "\n"},
		{"UpdateAgencyCustomPolicy", reply{status: 200, body: `{"role":{"id":"` + r + `","display_name":"x"}}`}, func(c *Client) error {
			_, err := c.UpdateAgencyCustomPolicy(ctx, &UpdateAgencyCustomPolicyInput{RoleID: r, DisplayName: "y", Type: RoleTypeAX, Description: "d", Policy: agencyDoc})
			return err
		}, "PATCH", "/v3.0/OS-ROLE/roles/" + r, `{"role":{"display_name":"y","type":"AX","description":"d","policy":` + agencyJSON + `}}` + "\n"},
		{"ListCustomPolicies", rolesAnswer, func(c *Client) error {
			_, err := c.ListCustomPolicies(ctx, &ListCustomPoliciesInput{Page: 2, PerPage: 10})
			return err
		}, "GET", "/v3.0/OS-ROLE/roles?page=2&per_page=10", ""},
		{"ShowCustomPolicy", reply{status: 200, body: `{"role":{"id":"` + r + `","display_name":"x","references":0}}`}, func(c *Client) error {
			_, err := c.ShowCustomPolicy(ctx, &ShowCustomPolicyInput{RoleID: r})
			return err
		}, "GET", "/v3.0/OS-ROLE/roles/" + r, ""},
		{"DeleteCustomPolicy", reply{status: 200, body: `{"message":"Delete success"}`}, func(c *Client) error {
			_, err := c.DeleteCustomPolicy(ctx, &DeleteCustomPolicyInput{RoleID: r})
			return err
		}, "DELETE", "/v3.0/OS-ROLE/roles/" + r, ""},
		{"AssociateGroupWithDomainPermission", none, func(c *Client) error {
			_, err := c.AssociateGroupWithDomainPermission(ctx, &DomainGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "PUT", d + "/" + r, ""},
		{"CheckDomainPermissionForGroup", none, func(c *Client) error {
			_, err := c.CheckDomainPermissionForGroup(ctx, &DomainGroupPermissionInput{DomainID: testDomainID, GroupID: g, RoleID: r})
			return err
		}, "HEAD", d + "/" + r, ""},
		{"RemoveDomainPermissionFromGroup", none, func(c *Client) error {
			_, err := c.RemoveDomainPermissionFromGroup(ctx, &DomainGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "DELETE", d + "/" + r, ""},
		{"ListDomainPermissionsForGroup", rolesAnswer, func(c *Client) error {
			_, err := c.ListDomainPermissionsForGroup(ctx, &ListDomainPermissionsForGroupInput{GroupID: g})
			return err
		}, "GET", d, ""},
		{"AssociateGroupWithProjectPermission", none, func(c *Client) error {
			_, err := c.AssociateGroupWithProjectPermission(ctx, &ProjectGroupPermissionInput{ProjectID: p, GroupID: g, RoleID: r})
			return err
		}, "PUT", pp + "/" + r, ""},
		{"CheckProjectPermissionForGroup", none, func(c *Client) error {
			_, err := c.CheckProjectPermissionForGroup(ctx, &ProjectGroupPermissionInput{ProjectID: p, GroupID: g, RoleID: r})
			return err
		}, "HEAD", pp + "/" + r, ""},
		{"RemoveProjectPermissionFromGroup", none, func(c *Client) error {
			_, err := c.RemoveProjectPermissionFromGroup(ctx, &ProjectGroupPermissionInput{ProjectID: p, GroupID: g, RoleID: r})
			return err
		}, "DELETE", pp + "/" + r, ""},
		{"ListProjectPermissionsForGroup", rolesAnswer, func(c *Client) error {
			_, err := c.ListProjectPermissionsForGroup(ctx, &ListProjectPermissionsForGroupInput{ProjectID: p, GroupID: g})
			return err
		}, "GET", pp, ""},
		{"AssociateGroupWithAllProjectsPermission", none, func(c *Client) error {
			_, err := c.AssociateGroupWithAllProjectsPermission(ctx, &AllProjectsGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "PUT", inh + "/" + r + "/inherited_to_projects", ""},
		{"CheckAllProjectsPermissionForGroup", none, func(c *Client) error {
			_, err := c.CheckAllProjectsPermissionForGroup(ctx, &AllProjectsGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "HEAD", inh + "/" + r + "/inherited_to_projects", ""},
		{"RemoveAllProjectsPermissionFromGroup", none, func(c *Client) error {
			_, err := c.RemoveAllProjectsPermissionFromGroup(ctx, &AllProjectsGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "DELETE", inh + "/" + r + "/inherited_to_projects", ""},
		{"ListAllProjectsPermissionsForGroup", rolesAnswer, func(c *Client) error {
			_, err := c.ListAllProjectsPermissionsForGroup(ctx, &ListAllProjectsPermissionsForGroupInput{GroupID: g})
			return err
		}, "GET", inh + "/inherited_to_projects", ""},
		{"AssociateRoleToGroupOnEnterpriseProject", none, func(c *Client) error {
			_, err := c.AssociateRoleToGroupOnEnterpriseProject(ctx, &EnterpriseProjectGroupRoleInput{EnterpriseProjectID: "0", GroupID: g, RoleID: r})
			return err
		}, "PUT", epg + "/" + r, ""},
		{"RevokeRoleFromGroupOnEnterpriseProject", none, func(c *Client) error {
			_, err := c.RevokeRoleFromGroupOnEnterpriseProject(ctx, &EnterpriseProjectGroupRoleInput{EnterpriseProjectID: "0", GroupID: g, RoleID: r})
			return err
		}, "DELETE", epg + "/" + r, ""},
		{"ListRolesForGroupOnEnterpriseProject", rolesAnswer, func(c *Client) error {
			_, err := c.ListRolesForGroupOnEnterpriseProject(ctx, &ListRolesForGroupOnEnterpriseProjectInput{EnterpriseProjectID: "0", GroupID: g})
			return err
		}, "GET", epg, ""},
		{"ListEnterpriseProjectsForGroup", reply{status: 200, body: `{"enterprise-projects":[{"projectId":"0"}]}`}, func(c *Client) error {
			_, err := c.ListEnterpriseProjectsForGroup(ctx, &ListEnterpriseProjectsForGroupInput{GroupID: g})
			return err
		}, "GET", "/v3.0/OS-PERMISSION/groups/" + g + "/enterprise-projects", ""},
		{"AssociateRoleToUserOnEnterpriseProject", none, func(c *Client) error {
			_, err := c.AssociateRoleToUserOnEnterpriseProject(ctx, &EnterpriseProjectUserRoleInput{EnterpriseProjectID: "0", UserID: u, RoleID: r})
			return err
		}, "PUT", epu + "/" + r, ""},
		{"RevokeRoleFromUserOnEnterpriseProject", none, func(c *Client) error {
			_, err := c.RevokeRoleFromUserOnEnterpriseProject(ctx, &EnterpriseProjectUserRoleInput{EnterpriseProjectID: "0", UserID: u, RoleID: r})
			return err
		}, "DELETE", epu + "/" + r, ""},
		{"ListRolesForUserOnEnterpriseProject", rolesAnswer, func(c *Client) error {
			_, err := c.ListRolesForUserOnEnterpriseProject(ctx, &ListRolesForUserOnEnterpriseProjectInput{EnterpriseProjectID: "0", UserID: u})
			return err
		}, "GET", epu, ""},
		{"ShowDomainRoleAssignments", reply{status: 200, body: `{"total_num":0,"role_assignments":[]}`}, func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{RoleID: "r1", SubjectGroupID: "g1", Scope: ScopeDomain,
				IsInherited: iam.Ptr(true), Page: 1, PerPage: 50})
			return err
		}, "GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id=" + testDomainID + "&is_inherited=true&page=1&per_page=50&role_id=r1&scope=domain&subject.group_id=g1", ""},
		{"ShowDomainRoleAssignments of a user", reply{status: 200, body: `{"total_num":0,"role_assignments":[]}`}, func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{DomainID: "other", SubjectUserID: u,
				ScopeEnterpriseProjectsID: "0", IncludeGroup: iam.Ptr(false)})
			return err
		}, "GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id=other&include_group=false&scope.enterprise_projects_id=0&subject.user_id=" + u, ""},
		{"ListProjects", reply{status: 200, body: `{"projects":[]}`}, func(c *Client) error {
			_, err := c.ListProjects(ctx, &ListProjectsInput{Name: "cn-north-4", Enabled: iam.Ptr(true), DomainID: testDomainID,
				ParentID: testDomainID, IsDomain: iam.Ptr(false), Page: 1, PerPage: 5000})
			return err
		}, "GET", "/v3/projects?domain_id=" + testDomainID + "&enabled=true&is_domain=false&name=cn-north-4&page=1&parent_id=" + testDomainID + "&per_page=5000", ""},
		{"ShowProject", reply{status: 200, body: `{"project":{"id":"` + p + `","name":"cn-north-4"}}`}, func(c *Client) error {
			_, err := c.ShowProject(ctx, &ShowProjectInput{ProjectID: p})
			return err
		}, "GET", "/v3/projects/" + p, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, tt.reply)
			c := m.client(Config{DomainID: testDomainID})
			require.NoError(t, tt.call(c))
			reqs := m.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.method, reqs[0].Method)
			assert.Equal(t, testEndpoint+tt.path, reqs[0].URL)
			assert.Equal(t, tt.body, string(reqs[0].Body))
			assertWire(t, reqs[0], tt.body)
		})
	}
}
