package huawei

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestGroupNativeValidation: every rule of the group and permission calls is
// checked before the first request (not even the domain lookup leaves: no
// DomainID is configured), with the native field's name.
func TestGroupNativeValidation(t *testing.T) {
	ctx := context.Background()
	const g, r = testGroupID, testRoleID
	good := &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{"obs:*:*"}, Effect: EffectAllow}}}
	long := strings.Repeat("名", 129)
	tests := []struct {
		name  string
		call  func(c *Client) error
		field string
	}{
		{"CreateGroup nil", func(c *Client) error { _, err := c.CreateGroup(ctx, nil); return err }, "CreateGroupInput"},
		{"CreateGroup no name", func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{}); return err }, "Name"},
		{"CreateGroup long name", func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: long}); return err }, "Name"},
		{"CreateGroup control", func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "a\x00b"}); return err }, "Name"},
		{"CreateGroup not UTF-8", func(c *Client) error { _, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "a\xff"}); return err }, "Name"},
		{"CreateGroup description", func(c *Client) error {
			_, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "n", Description: strings.Repeat("d", 256)})
			return err
		}, "Description"},
		{"CreateGroup domain", func(c *Client) error {
			_, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "n", DomainID: "../x"})
			return err
		}, "DomainID"},
		{"ShowGroup id", func(c *Client) error { _, err := c.ShowGroup(ctx, &ShowGroupInput{GroupID: "a/b"}); return err }, "GroupID"},
		{"ShowGroup nil", func(c *Client) error { _, err := c.ShowGroup(ctx, nil); return err }, "ShowGroupInput"},
		{"UpdateGroup nothing", func(c *Client) error { _, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: g}); return err }, "UpdateGroupInput"},
		{"UpdateGroup id", func(c *Client) error {
			_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: "", Name: iam.Ptr("x")})
			return err
		}, "GroupID"},
		{"UpdateGroup empty name", func(c *Client) error {
			_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: g, Name: iam.Ptr("")})
			return err
		}, "Name"},
		{"UpdateGroup description", func(c *Client) error {
			_, err := c.UpdateGroup(ctx, &UpdateGroupInput{GroupID: g, Description: iam.Ptr("a\nb")})
			return err
		}, "Description"},
		{"DeleteGroup id", func(c *Client) error { _, err := c.DeleteGroup(ctx, &DeleteGroupInput{GroupID: ".."}); return err }, "GroupID"},
		{"ListGroups name", func(c *Client) error { _, err := c.ListGroups(ctx, &ListGroupsInput{Name: long}); return err }, "Name"},
		{"ListGroups domain", func(c *Client) error { _, err := c.ListGroups(ctx, &ListGroupsInput{DomainID: "a?b"}); return err }, "DomainID"},
		{"AddUserToGroup user", func(c *Client) error {
			_, err := c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupID: g, UserID: "u/1"})
			return err
		}, "UserID"},
		{"CheckUserInGroup group", func(c *Client) error {
			_, err := c.CheckUserInGroup(ctx, &CheckUserInGroupInput{UserID: testUserID})
			return err
		}, "GroupID"},
		{"RemoveUserFromGroup nil", func(c *Client) error { _, err := c.RemoveUserFromGroup(ctx, nil); return err }, "RemoveUserFromGroupInput"},
		{"ListUsersForGroup id", func(c *Client) error {
			_, err := c.ListUsersForGroup(ctx, &ListUsersForGroupInput{GroupID: "#"})
			return err
		}, "GroupID"},
		{"ListGroupsForUser nil", func(c *Client) error { _, err := c.ListGroupsForUser(ctx, nil); return err }, "ListGroupsForUserInput"},
		{"ListPermissions per_page alone", func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{PerPage: 10})
			return err
		}, "Page"},
		{"ListPermissions per_page 301", func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{Page: 1, PerPage: 301})
			return err
		}, "PerPage"},
		{"ListPermissions type", func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{Type: "AX"})
			return err
		}, "Type"},
		{"ListPermissions permission type", func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{PermissionType: "all"})
			return err
		}, "PermissionType"},
		{"ListPermissions permission type with domain", func(c *Client) error {
			_, err := c.ListPermissions(ctx, &ListPermissionsInput{DomainID: testDomainID, PermissionType: PermissionTypeRole})
			return err
		}, "PermissionType"},
		{"ShowPermission id", func(c *Client) error { _, err := c.ShowPermission(ctx, &ShowPermissionInput{}); return err }, "RoleID"},
		{"CreateCloudServiceCustomPolicy name", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{Type: RoleTypeAX, Policy: good})
			return err
		}, "DisplayName"},
		{"CreateCloudServiceCustomPolicy long name", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: long, Type: RoleTypeAX, Policy: good})
			return err
		}, "DisplayName"},
		{"CreateCloudServiceCustomPolicy type AA", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAA, Policy: good})
			return err
		}, "Type"},
		{"CreateCloudServiceCustomPolicy no policy", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy version", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: RoleVersion, Statement: good.Statement}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy effect", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{"obs:*:*"}, Effect: "allow"}}}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy no statement", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy uri resource", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{"obs:*:*"}, Effect: EffectAllow,
					Resource: &PolicyResource{URI: []string{"/iam/agencies/a"}}}}}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy raw not JSON", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Raw: []byte(`{"Version":`)}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy raw version", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Raw: []byte(`{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["obs:*:*"]}]}`)}})
			return err
		}, "Policy"},
		{"CreateCloudServiceCustomPolicy too long", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{"obs:*:" + strings.Repeat("a", 6144)}, Effect: EffectAllow}}}})
			return err
		}, "Policy"},
		{"CreateAgencyCustomPolicy action", func(c *Client) error {
			_, err := c.CreateAgencyCustomPolicy(ctx, &CreateAgencyCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX, Policy: good})
			return err
		}, "Policy"},
		{"CreateAgencyCustomPolicy resource", func(c *Client) error {
			_, err := c.CreateAgencyCustomPolicy(ctx, &CreateAgencyCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX,
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Action: []string{AgencyAssumeAction}, Effect: EffectAllow,
					Resource: &PolicyResource{URI: []string{"/iam/users/u"}}}}}})
			return err
		}, "Policy"},
		{"UpdateCloudServiceCustomPolicy id", func(c *Client) error {
			_, err := c.UpdateCloudServiceCustomPolicy(ctx, &UpdateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX, Policy: good})
			return err
		}, "RoleID"},
		{"UpdateAgencyCustomPolicy nil", func(c *Client) error { _, err := c.UpdateAgencyCustomPolicy(ctx, nil); return err }, "UpdateAgencyCustomPolicyInput"},
		{"ListCustomPolicies page", func(c *Client) error {
			_, err := c.ListCustomPolicies(ctx, &ListCustomPoliciesInput{Page: 1})
			return err
		}, "PerPage"},
		{"ShowCustomPolicy id", func(c *Client) error {
			_, err := c.ShowCustomPolicy(ctx, &ShowCustomPolicyInput{RoleID: "x y"})
			return err
		}, "RoleID"},
		{"DeleteCustomPolicy id", func(c *Client) error { _, err := c.DeleteCustomPolicy(ctx, &DeleteCustomPolicyInput{}); return err }, "RoleID"},
		{"AssociateGroupWithDomainPermission role", func(c *Client) error {
			_, err := c.AssociateGroupWithDomainPermission(ctx, &DomainGroupPermissionInput{GroupID: g})
			return err
		}, "RoleID"},
		{"AssociateGroupWithDomainPermission domain", func(c *Client) error {
			_, err := c.AssociateGroupWithDomainPermission(ctx, &DomainGroupPermissionInput{DomainID: "d/1", GroupID: g, RoleID: r})
			return err
		}, "DomainID"},
		{"CheckDomainPermissionForGroup nil", func(c *Client) error { _, err := c.CheckDomainPermissionForGroup(ctx, nil); return err }, "DomainGroupPermissionInput"},
		{"ListDomainPermissionsForGroup group", func(c *Client) error {
			_, err := c.ListDomainPermissionsForGroup(ctx, &ListDomainPermissionsForGroupInput{})
			return err
		}, "GroupID"},
		{"AssociateGroupWithProjectPermission project", func(c *Client) error {
			_, err := c.AssociateGroupWithProjectPermission(ctx, &ProjectGroupPermissionInput{GroupID: g, RoleID: r})
			return err
		}, "ProjectID"},
		{"RemoveProjectPermissionFromGroup group", func(c *Client) error {
			_, err := c.RemoveProjectPermissionFromGroup(ctx, &ProjectGroupPermissionInput{ProjectID: testProjectID, GroupID: "?", RoleID: r})
			return err
		}, "GroupID"},
		{"ListProjectPermissionsForGroup project", func(c *Client) error {
			_, err := c.ListProjectPermissionsForGroup(ctx, &ListProjectPermissionsForGroupInput{ProjectID: "..", GroupID: g})
			return err
		}, "ProjectID"},
		{"AssociateGroupWithAllProjectsPermission group", func(c *Client) error {
			_, err := c.AssociateGroupWithAllProjectsPermission(ctx, &AllProjectsGroupPermissionInput{RoleID: r})
			return err
		}, "GroupID"},
		{"ListAllProjectsPermissionsForGroup domain", func(c *Client) error {
			_, err := c.ListAllProjectsPermissionsForGroup(ctx, &ListAllProjectsPermissionsForGroupInput{DomainID: "%2F", GroupID: g})
			return err
		}, "DomainID"},
		{"AssociateRoleToGroupOnEnterpriseProject ep", func(c *Client) error {
			_, err := c.AssociateRoleToGroupOnEnterpriseProject(ctx, &EnterpriseProjectGroupRoleInput{GroupID: g, RoleID: r})
			return err
		}, "EnterpriseProjectID"},
		{"ListRolesForGroupOnEnterpriseProject group", func(c *Client) error {
			_, err := c.ListRolesForGroupOnEnterpriseProject(ctx, &ListRolesForGroupOnEnterpriseProjectInput{EnterpriseProjectID: "0"})
			return err
		}, "GroupID"},
		{"ListEnterpriseProjectsForGroup group", func(c *Client) error {
			_, err := c.ListEnterpriseProjectsForGroup(ctx, &ListEnterpriseProjectsForGroupInput{})
			return err
		}, "GroupID"},
		{"AssociateRoleToUserOnEnterpriseProject user", func(c *Client) error {
			_, err := c.AssociateRoleToUserOnEnterpriseProject(ctx, &EnterpriseProjectUserRoleInput{EnterpriseProjectID: "0", RoleID: r})
			return err
		}, "UserID"},
		{"ListRolesForUserOnEnterpriseProject nil", func(c *Client) error { _, err := c.ListRolesForUserOnEnterpriseProject(ctx, nil); return err },
			"ListRolesForUserOnEnterpriseProjectInput"},
		{"ShowDomainRoleAssignments two subjects", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{Subject: SubjectGroup, SubjectUserID: testUserID})
			return err
		}, "Subject"},
		{"ShowDomainRoleAssignments two scopes", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{Scope: ScopeDomain, ScopeProjectID: testProjectID})
			return err
		}, "Scope"},
		{"ShowDomainRoleAssignments subject", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{Subject: "role"})
			return err
		}, "Subject"},
		{"ShowDomainRoleAssignments per_page", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{Page: 1, PerPage: 51})
			return err
		}, "PerPage"},
		{"ShowDomainRoleAssignments role", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{RoleID: "a b"})
			return err
		}, "RoleID"},
		{"ListProjects name", func(c *Client) error { _, err := c.ListProjects(ctx, &ListProjectsInput{Name: "cn north"}); return err }, "Name"},
		{"ListProjects per_page", func(c *Client) error {
			_, err := c.ListProjects(ctx, &ListProjectsInput{Page: 1, PerPage: 5001})
			return err
		}, "PerPage"},
		{"ShowProject id", func(c *Client) error { _, err := c.ShowProject(ctx, &ShowProjectInput{}); return err }, "ProjectID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t)
			c := m.client(Config{})
			err := tt.call(c)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind, "%v", err)
			assert.Equal(t, tt.field, e.Field, "%v", err)
			assert.Equal(t, 0, m.calls(), "no request may leave")
		})
	}
}

// TestGroupIteratorsRefuseFirst: the All* iterators yield the validation
// error alone, before any request.
func TestGroupIteratorsRefuseFirst(t *testing.T) {
	ctx := context.Background()
	m := newMock(t)
	c := m.client(Config{})
	for name, seq := range map[string]func(yield func(any, error) bool){
		"AllGroups":          adapt(c.AllGroups(ctx, &ListGroupsInput{DomainID: "a/b"})),
		"AllUsersForGroup":   adapt(c.AllUsersForGroup(ctx, nil)),
		"AllGroupsForUser":   adapt(c.AllGroupsForUser(ctx, &ListGroupsForUserInput{UserID: ".."})),
		"AllPermissions":     adapt(c.AllPermissions(ctx, &ListPermissionsInput{PerPage: 301})),
		"AllCustomPolicies":  adapt(c.AllCustomPolicies(ctx, &ListCustomPoliciesInput{Page: -1})),
		"AllProjects":        adapt(c.AllProjects(ctx, &ListProjectsInput{Name: "a b"})),
		"AllRoleAssignments": adapt(c.AllRoleAssignments(ctx, &ShowDomainRoleAssignmentsInput{PerPage: 51})),
	} {
		n := 0
		for v, err := range seq {
			n++
			assert.Nil(t, v, name)
			assert.ErrorIs(t, err, iam.ErrInvalidArgument, name)
		}
		assert.Equal(t, 1, n, name)
	}
	assert.Equal(t, 0, m.calls())
}

func adapt[T any](seq func(yield func(*T, error) bool)) func(yield func(any, error) bool) {
	return func(yield func(any, error) bool) {
		seq(func(v *T, err error) bool {
			if v == nil {
				return yield(nil, err)
			}
			return yield(v, err)
		})
	}
}

// TestGroupPortableRefusedBeforeAnyRequest: Huawei's own rules of the
// portable group and permission calls are refused with the portable Field
// before any request, and the user-level permission calls are
// ErrUnsupported.
func TestGroupPortableRefusedBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	ref := iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem}
	tests := []struct {
		name  string
		call  func(c *iam.Client) error
		kind  iam.Kind
		field string
	}{
		{"CreateGroup dot", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "dev.ops"})
			return err
		},
			iam.ErrInvalidArgument, "Name"},
		{"CreateGroup slash", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "a/b"})
			return err
		},
			iam.ErrInvalidArgument, "Name"},
		{"CreateGroup description", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ok", Description: "a\x01"})
			return err
		}, iam.ErrInvalidArgument, "Description"},
		{"UpdateGroup new name", func(c *iam.Client) error {
			_, err := c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{NewName: iam.Ptr("a?b")})
			return err
		}, iam.ErrInvalidArgument, "NewName"},
		{"GetGroup control", func(c *iam.Client) error { _, err := c.GetGroup(ctx, "a\tb"); return err }, iam.ErrInvalidArgument, "groupName"},
		{"AddUserToGroup user", func(c *iam.Client) error { return c.AddUserToGroup(ctx, "ops", "a/b") }, iam.ErrInvalidArgument, "userName"},
		{"RemoveUserFromGroup group", func(c *iam.Client) error { return c.RemoveUserFromGroup(ctx, "a\nb", "alice") }, iam.ErrInvalidArgument, "groupName"},
		{"AttachGroupPolicy project", func(c *iam.Client) error {
			return c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem, Project: "cn north 4"})
		}, iam.ErrInvalidArgument, "PolicyRef.Project"},
		{"DetachGroupPolicy name", func(c *iam.Client) error {
			return c.DetachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "a\x7fb", Type: iam.PolicySystem})
		}, iam.ErrInvalidArgument, "PolicyRef.Name"},
		{"GetPolicy name", func(c *iam.Client) error {
			_, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "a\x00", Type: iam.PolicyCustom})
			return err
		}, iam.ErrInvalidArgument, "PolicyRef.Name"},
		{"CreatePolicy not JSON", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p", Document: "allow all"})
			return err
		}, iam.ErrInvalidArgument, "Document"},
		{"CreatePolicy array", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p", Document: `[{"Version":"1.1"}]`})
			return err
		}, iam.ErrInvalidArgument, "Document"},
		{"CreatePolicy version", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p", Document: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`})
			return err
		}, iam.ErrInvalidArgument, "Document"},
		{"CreatePolicy name", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p\n", Document: `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*:*"]}]}`})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"DeletePolicy name", func(c *iam.Client) error { return c.DeletePolicy(ctx, "p\x00") }, iam.ErrInvalidArgument, "policyName"},
		{"AttachUserPolicy", func(c *iam.Client) error { return c.AttachUserPolicy(ctx, "alice", ref) }, iam.ErrUnsupported, ""},
		{"DetachUserPolicy", func(c *iam.Client) error { return c.DetachUserPolicy(ctx, "alice", ref) }, iam.ErrUnsupported, ""},
		{"ListUserPolicies", func(c *iam.Client) error {
			for _, err := range c.ListUserPolicies(ctx, "alice") {
				return err
			}
			return nil
		}, iam.ErrUnsupported, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t)
			err := tt.call(m.client(Config{}).IAM())
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, tt.kind, e.Kind, "%v", err)
			assert.Equal(t, tt.field, e.Field, "%v", err)
			assert.Equal(t, 0, m.calls(), "no request may leave")
		})
	}
}
