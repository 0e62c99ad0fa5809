package huawei

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func emulatedIAM(t *testing.T, opts ...huaweitest.Option) (*huaweitest.Server, *iam.Client) {
	t.Helper()
	srv := huaweitest.NewServer(opts...)
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := New(Config{Endpoint: srv.URL, AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: srv.DomainID()})
	require.NoError(t, err)
	return srv, c.IAM()
}

func collectAll[T any](t *testing.T, seq func(yield func(*T, error) bool)) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func grantsOf(srv *huaweitest.Server, group string) []string {
	var out []string
	for _, g := range srv.Grants(group) {
		out = append(out, g.PermissionName+"@"+string(g.Scope)+":"+g.Project)
	}
	return out
}

// TestGroupPolicyLifecycle: the portable group and permission calls on the
// emulator, from the group's creation to its deletion, with the grants each
// call makes checked in the emulator.
func TestGroupPolicyLifecycle(t *testing.T) {
	ctx := context.Background()
	srv, c := emulatedIAM(t)
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)

	g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read-only people"})
	require.NoError(t, err)
	assert.Equal(t, "readers", g.Name)
	assert.False(t, g.CreatedAt.IsZero())
	var native *Group
	require.True(t, g.As(&native))
	assert.Equal(t, g.ID, native.ID)
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers"})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)

	require.NoError(t, c.AddUserToGroup(ctx, "readers", "alice"))
	require.NoError(t, c.AddUserToGroup(ctx, "readers", "alice"), "Keystone's PUT is idempotent")
	assert.Equal(t, []string{"alice"}, srv.GroupMembers("readers"))
	users := collectAll(t, c.ListGroupUsers(ctx, "readers"))
	require.Len(t, users, 1)
	assert.Equal(t, "alice", users[0].Name)
	groups := collectAll(t, c.ListUserGroups(ctx, "alice"))
	require.Len(t, groups, 1)
	assert.Equal(t, "readers", groups[0].Name)

	// Account-wide grants: AA on the account and all projects, AX on the
	// account, XA on all projects; and a project grant by name and by id.
	guest := iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem}
	obsRead := iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem}
	ecsRead := iam.PolicyRef{Name: "ECS ReadOnlyAccess", Type: iam.PolicySystem}
	vpcRead := iam.PolicyRef{Name: "VPC ReadOnlyAccess", Type: iam.PolicySystem, Project: "cn-north-4"}
	for _, ref := range []iam.PolicyRef{guest, obsRead, ecsRead, vpcRead} {
		require.NoError(t, c.AttachGroupPolicy(ctx, "readers", ref), ref.Name)
	}
	var east string
	for _, p := range srv.Projects() {
		if p.Name == "cn-east-3" {
			east = p.ID
		}
	}
	require.NoError(t, c.AttachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem, Project: east}))
	assert.Equal(t, []string{
		"Tenant Guest@domain:", "Tenant Guest@all_projects:", "OBS ReadOnlyAccess@domain:", "ECS ReadOnlyAccess@all_projects:",
		"VPC ReadOnlyAccess@project:cn-north-4", "Tenant Guest@project:cn-east-3",
	}, grantsOf(srv, "readers"))
	err = c.AttachGroupPolicy(ctx, "readers", guest)
	assert.ErrorIs(t, err, iam.ErrAlreadyExists, "both grants exist")
	err = c.AttachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem, Project: "cn-north-4"})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "an AX permission has no project grant")
	assert.Equal(t, "PolicyRef.Project", errField(err))
	assert.ErrorIs(t, c.AttachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "Tenant", Type: iam.PolicySystem}), iam.ErrNotFound,
		"display names are matched exactly")
	assert.ErrorIs(t, c.AttachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem, Project: "mars-1"}), iam.ErrNotFound)
	assert.ErrorIs(t, c.AttachGroupPolicy(ctx, "nobody", guest), iam.ErrNotFound)

	// The list: account-wide grants once each, then per project (by id).
	ps := collectAll(t, c.ListGroupPolicies(ctx, "readers"))
	var listed []string
	for _, p := range ps {
		listed = append(listed, p.Name+"@"+p.Project)
		assert.Equal(t, iam.PolicySystem, p.Type)
		assert.NotEmpty(t, p.Document)
		var r *Role
		require.True(t, p.As(&r))
	}
	var north string
	for _, p := range srv.Projects() {
		if p.Name == "cn-north-4" {
			north = p.ID
		}
	}
	assert.Equal(t, []string{"Tenant Guest@", "OBS ReadOnlyAccess@", "ECS ReadOnlyAccess@", "VPC ReadOnlyAccess@" + north, "Tenant Guest@" + east}, listed)

	// Each listed policy's Ref detaches it.
	for _, p := range ps {
		require.NoError(t, c.DetachGroupPolicy(ctx, "readers", p.Ref()), p.Name)
	}
	assert.Empty(t, srv.Grants("readers"))
	assert.ErrorIs(t, c.DetachGroupPolicy(ctx, "readers", guest), iam.ErrNotFound)

	// A half-made account-wide grant of an AA permission is completed, and
	// its detach revokes what is there.
	require.NoError(t, srv.AddGrant(huaweitest.Grant{GroupName: "readers", PermissionName: "Tenant Guest", Scope: huaweitest.ScopeDomain}))
	require.NoError(t, c.AttachGroupPolicy(ctx, "readers", guest))
	assert.Equal(t, []string{"Tenant Guest@domain:", "Tenant Guest@all_projects:"}, grantsOf(srv, "readers"))
	require.NoError(t, srv.AddGrant(huaweitest.Grant{GroupName: "readers", PermissionName: "FullAccess", Scope: huaweitest.ScopeAllProjects}))
	require.NoError(t, c.DetachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "FullAccess", Type: iam.PolicySystem}))
	assert.Equal(t, []string{"Tenant Guest@domain:", "Tenant Guest@all_projects:"}, grantsOf(srv, "readers"))

	// Rename and description.
	g, err = c.UpdateGroup(ctx, "readers", &iam.UpdateGroupInput{NewName: iam.Ptr("viewers"), Description: iam.Ptr("")})
	require.NoError(t, err)
	assert.Equal(t, "viewers", g.Name)
	assert.Equal(t, "", g.Description)
	_, err = c.GetGroup(ctx, "readers")
	assert.ErrorIs(t, err, iam.ErrNotFound)

	// Removing a member; removing again is ErrNotFound.
	require.NoError(t, c.RemoveUserFromGroup(ctx, "viewers", "alice"))
	assert.ErrorIs(t, c.RemoveUserFromGroup(ctx, "viewers", "alice"), iam.ErrNotFound)

	// The portable DeleteGroup leaves nothing: a group with members and
	// grants goes at once, as IAM deletes them with it.
	require.NoError(t, c.AddUserToGroup(ctx, "viewers", "alice"))
	require.NoError(t, c.DeleteGroup(ctx, "viewers"))
	assert.Empty(t, srv.Groups())
	assert.Empty(t, collectAll(t, c.ListUserGroups(ctx, "alice")))
	assert.ErrorIs(t, c.DeleteGroup(ctx, "viewers"), iam.ErrNotFound)
}

func errField(err error) string {
	var e *iam.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// TestPortableDeleteUserLeavesNothing: a user in groups, with a grant on an
// enterprise project, is deleted by one portable call.
func TestPortableDeleteUserLeavesNothing(t *testing.T) {
	ctx := context.Background()
	srv, c := emulatedIAM(t)
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "bob"})
	require.NoError(t, err)
	for _, g := range []string{"a", "b"} {
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: g})
		require.NoError(t, err)
		require.NoError(t, c.AddUserToGroup(ctx, g, "bob"))
	}
	_, err = c.CreateAccessKey(ctx, "bob")
	require.NoError(t, err)
	require.NoError(t, srv.AddGrant(huaweitest.Grant{UserName: "bob", PermissionName: "ECS ReadOnlyAccess", Scope: huaweitest.ScopeEnterpriseProject, Project: "0"}))
	require.NoError(t, c.DeleteUser(ctx, "bob"))
	assert.Empty(t, srv.Users())
	assert.Empty(t, srv.GroupMembers("a"))
	assert.Empty(t, srv.GroupMembers("b"))
}

// TestPortableCustomPolicies: CreatePolicy chooses the type from the
// actions, GetPolicy and ListPolicies read it back, and DeletePolicy
// revokes every grant to groups and users before the delete IAM would
// refuse otherwise.
func TestPortableCustomPolicies(t *testing.T) {
	ctx := context.Background()
	srv, c := emulatedIAM(t)
	obs := `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets","iam:users:listUsers"]}]}`
	ecs := `{ "Version": "1.1", "Statement": [ {"Effect": "Allow", "Action": ["ecs:*:get*", "obs:*:*"]} ] }`
	p, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "global lister", Description: "lists", Document: obs})
	require.NoError(t, err)
	assert.Equal(t, iam.PolicyCustom, p.Type)
	assert.Equal(t, obs, p.Document)
	var cp *CustomPolicy
	require.True(t, p.As(&cp))
	assert.Equal(t, RoleTypeAX, cp.Type, "only global services: account level")
	p2, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "ecs reader", Document: ecs})
	require.NoError(t, err)
	require.True(t, p2.As(&cp))
	assert.Equal(t, RoleTypeXA, cp.Type, "a regional service: project level")
	assert.JSONEq(t, ecs, p2.Document, "the document as written")
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "ecs reader", Document: ecs})
	assert.ErrorIs(t, err, iam.ErrAlreadyExists)

	got, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "ecs reader", Type: iam.PolicyCustom})
	require.NoError(t, err)
	assert.Equal(t, p2.ID, got.ID)
	_, err = c.GetPolicy(ctx, iam.PolicyRef{Name: "ecs reader", Type: iam.PolicySystem})
	assert.ErrorIs(t, err, iam.ErrNotFound, "the type is part of the reference")
	sys, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "FullAccess", Type: iam.PolicySystem})
	require.NoError(t, err)
	assert.Contains(t, sys.Document, `"Version":"1.1"`)

	custom := collectAll(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}))
	assert.Equal(t, []string{"global lister", "ecs reader"}, names(custom))
	system := collectAll(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem, PageSize: 7}))
	assert.Len(t, system, len(srv.Permissions()), "every page of system permissions")
	all := collectAll(t, c.ListPolicies(ctx, nil))
	assert.Len(t, all, len(srv.Permissions())+2)

	// Granted on every scope it can be, to two groups and a user.
	for _, g := range []string{"g1", "g2"} {
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: g})
		require.NoError(t, err)
	}
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "carol"})
	require.NoError(t, err)
	ref := iam.PolicyRef{Name: "ecs reader", Type: iam.PolicyCustom}
	require.NoError(t, c.AttachGroupPolicy(ctx, "g1", ref))
	require.NoError(t, c.AttachGroupPolicy(ctx, "g2", iam.PolicyRef{Name: "ecs reader", Type: iam.PolicyCustom, Project: "cn-south-1"}))
	require.NoError(t, srv.AddGrant(huaweitest.Grant{GroupName: "g2", PermissionName: "ecs reader", Scope: huaweitest.ScopeEnterpriseProject, Project: "0"}))
	require.NoError(t, srv.AddGrant(huaweitest.Grant{UserName: "carol", PermissionName: "ecs reader", Scope: huaweitest.ScopeEnterpriseProject, Project: "0"}))
	require.NoError(t, c.AttachGroupPolicy(ctx, "g1", iam.PolicyRef{Name: "global lister", Type: iam.PolicyCustom}))
	assert.Equal(t, []string{"ecs reader@all_projects:", "global lister@domain:"}, grantsOf(srv, "g1"))
	lp := collectAll(t, c.ListGroupPolicies(ctx, "g1"))
	require.Len(t, lp, 2)
	assert.Equal(t, iam.PolicyCustom, lp[0].Type)

	require.NoError(t, c.DeletePolicy(ctx, "ecs reader"))
	assert.Equal(t, []string{"global lister@domain:"}, grantsOf(srv, "g1"))
	assert.Empty(t, srv.Grants("g2"))
	assert.Empty(t, srv.UserGrants("carol"))
	assert.Equal(t, []string{"global lister"}, permNames(srv.CustomPolicies()))
	assert.ErrorIs(t, c.DeletePolicy(ctx, "ecs reader"), iam.ErrNotFound)
	assert.ErrorIs(t, c.DeletePolicy(ctx, "FullAccess"), iam.ErrNotFound, "system policies are not custom ones")
}

func names(ps []*iam.Policy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func permNames(ps []huaweitest.Permission) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.DisplayName)
	}
	return out
}

// TestPortableQuotas: IAM's quota refusals are ErrLimitExceeded.
func TestPortableQuotas(t *testing.T) {
	ctx := context.Background()
	srv, c := emulatedIAM(t, huaweitest.WithMaxGroups(1), huaweitest.WithMaxCustomPolicies(1), huaweitest.WithMaxGroupPermissions(1))
	_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "one"})
	require.NoError(t, err)
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "two"})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)
	doc := `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*:*"]}]}`
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p1", Document: doc})
	require.NoError(t, err)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p2", Document: doc})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)
	require.NoError(t, c.AttachGroupPolicy(ctx, "one", iam.PolicyRef{Name: "p1", Type: iam.PolicyCustom}))
	err = c.AttachGroupPolicy(ctx, "one", iam.PolicyRef{Name: "IAM ReadOnlyAccess", Type: iam.PolicySystem})
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)

	// A user joins at most 10 groups.
	srv2, c2 := emulatedIAM(t, huaweitest.WithMaxGroups(11))
	_, err = srv2.AddUser(huaweitest.User{Name: "dave", Enabled: true})
	require.NoError(t, err)
	for i := range 11 {
		name := "g" + string(rune('a'+i))
		_, err := c2.CreateGroup(ctx, &iam.CreateGroupInput{Name: name})
		require.NoError(t, err)
		err = c2.AddUserToGroup(ctx, name, "dave")
		if i < huaweitest.MaxGroupsPerUser {
			require.NoError(t, err)
		} else {
			assert.ErrorIs(t, err, iam.ErrLimitExceeded)
		}
	}
	_ = srv
}

// TestPortableAttachRefusesXX: a permission of type XX cannot be granted;
// the driver says so before any grant request.
func TestPortableAttachRefusesXX(t *testing.T) {
	m := newMock(t,
		reply{status: 200, body: `{"groups":[{"id":"` + testGroupID + `","name":"ops"}]}`},
		reply{status: 200, body: `{"roles":[{"id":"` + testRoleID + `","name":"hidden","display_name":"Hidden","type":"XX","policy":{"Version":"1.0","Statement":[]}}]}`},
	)
	err := m.client(Config{DomainID: testDomainID}).IAM().AttachGroupPolicy(context.Background(), "ops",
		iam.PolicyRef{Name: "Hidden", Type: iam.PolicySystem})
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Equal(t, "PolicyRef.Name", errField(err))
	methods := []string{}
	for _, r := range m.requests() {
		methods = append(methods, r.Method)
	}
	assert.False(t, slices.Contains(methods, "PUT"), "no grant was sent: %v", methods)
}

// TestPortableAttachHalfFailure: when the second grant of an AA permission
// fails after the first was made, the error says the outcome is unknown.
func TestPortableAttachHalfFailure(t *testing.T) {
	m := newMock(t,
		reply{status: 200, body: `{"groups":[{"id":"` + testGroupID + `","name":"ops"}]}`},
		reply{status: 200, body: `{"roles":[{"id":"` + testRoleID + `","name":"te_guest","display_name":"Tenant Guest","type":"AA","policy":{"Version":"1.0","Statement":[]}}]}`},
		reply{status: 204},
		reply{status: 403, body: `{"error_code":"IAM.0002","error_msg":"not authorized"}`},
	)
	err := m.client(Config{DomainID: testDomainID}).IAM().AttachGroupPolicy(context.Background(), "ops",
		iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem})
	assert.ErrorIs(t, err, iam.ErrPermissionDenied)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	reqs := m.requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, testEndpoint+"/v3/domains/"+testDomainID+"/groups/"+testGroupID+"/roles/"+testRoleID, reqs[2].URL)
	assert.Equal(t, testEndpoint+"/v3/OS-INHERIT/domains/"+testDomainID+"/groups/"+testGroupID+"/roles/"+testRoleID+"/inherited_to_projects", reqs[3].URL)
}
