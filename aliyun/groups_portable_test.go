package aliyun_test

import (
	"context"
	"errors"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

const ecsReadOnly = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`

func collect[T any](t *testing.T, seq iter.Seq2[*T, error]) []*T {
	t.Helper()
	var out []*T
	for x, err := range seq {
		require.NoError(t, err)
		out = append(out, x)
	}
	return out
}

func groupNames(gs []*iam.Group) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return out
}

func userNames(us []*iam.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func policyNames(ps []*iam.Policy) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// The RAM driver through a whole group and permission lifecycle, on both
// signatures.
func TestRAMGroupPolicyLifecycle(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			srv := aliyuntest.NewServer()
			defer srv.Close()
			ctx := context.Background()
			rc, err := aliyun.NewRAM(config(srv, algo))
			require.NoError(t, err)
			c := rc.IAM()

			_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Email: "alice@example.com"})
			require.NoError(t, err)
			g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read only"})
			require.NoError(t, err)
			assert.NotEmpty(t, g.ID)
			assert.Equal(t, "read only", g.Description)
			var native *aliyun.RAMGroup
			require.True(t, g.As(&native))
			assert.Equal(t, "read only", native.Comments)

			require.NoError(t, c.AddUserToGroup(ctx, "readers", "alice"))
			assert.ErrorIs(t, c.AddUserToGroup(ctx, "readers", "alice"), iam.ErrAlreadyExists)
			ro := iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}
			require.NoError(t, c.AttachGroupPolicy(ctx, "readers", ro))
			custom, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "ecs-read", Description: "ECS", Document: ecsReadOnly})
			require.NoError(t, err)
			assert.Equal(t, iam.PolicyCustom, custom.Type)
			assert.Equal(t, ecsReadOnly, custom.Document)
			require.NoError(t, c.AttachUserPolicy(ctx, "alice", custom.Ref()))

			members := collect(t, c.ListGroupUsers(ctx, "readers"))
			require.Len(t, members, 1)
			assert.Equal(t, "alice", members[0].Name)
			assert.Equal(t, srv.Users()[0].ID, members[0].ID, "ids come from GetUser")
			assert.Equal(t, "alice@example.com", members[0].Email)
			assert.Equal(t, []string{"readers"}, groupNames(collect(t, c.ListUserGroups(ctx, "alice"))))
			gp := collect(t, c.ListGroupPolicies(ctx, "readers"))
			require.Len(t, gp, 1)
			assert.Equal(t, ro, gp[0].Ref())
			assert.False(t, gp[0].AttachedAt.IsZero())
			assert.Equal(t, []string{"ecs-read"}, policyNames(collect(t, c.ListUserPolicies(ctx, "alice"))))

			got, err := c.GetPolicy(ctx, ro)
			require.NoError(t, err)
			assert.Contains(t, got.Document, `"Effect":"Allow"`)
			got, err = c.GetPolicy(ctx, custom.Ref())
			require.NoError(t, err)
			assert.Equal(t, ecsReadOnly, got.Document)
			assert.Equal(t, "ECS", got.Description)

			sys := collect(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem, PageSize: 7}))
			assert.Len(t, sys, len(srv.Policies("System")), "every page of the catalog")
			assert.Equal(t, []string{"ecs-read"}, policyNames(collect(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}))))

			newName, desc := "readers2", "still read only"
			g, err = c.UpdateGroup(ctx, "readers", &iam.UpdateGroupInput{NewName: &newName, Description: &desc})
			require.NoError(t, err)
			assert.Equal(t, "readers2", g.Name)
			assert.Equal(t, desc, g.Description)
			_, err = c.UpdateGroup(ctx, "readers2", &iam.UpdateGroupInput{Description: iam.Ptr("")})
			assert.ErrorIs(t, err, iam.ErrUnsupported, "RAM cannot clear Comments")

			require.NoError(t, c.DetachGroupPolicy(ctx, "readers2", ro))
			assert.ErrorIs(t, c.DetachGroupPolicy(ctx, "readers2", ro), iam.ErrNotFound)
			require.NoError(t, c.DetachUserPolicy(ctx, "alice", custom.Ref()))
			require.NoError(t, c.RemoveUserFromGroup(ctx, "readers2", "alice"))
			assert.ErrorIs(t, c.RemoveUserFromGroup(ctx, "readers2", "alice"), iam.ErrNotFound)
			require.NoError(t, c.DeleteGroup(ctx, "readers2"))
			_, err = c.GetGroup(ctx, "readers2")
			assert.ErrorIs(t, err, iam.ErrNotFound)
			require.NoError(t, c.DeletePolicy(ctx, "ecs-read"))
			assert.Empty(t, srv.Policies("Custom"))
			assert.Empty(t, srv.Groups())
		})
	}
}

// The portable deletes leave nothing RAM would refuse them for, while the
// native deletes keep RAM's DeleteConflict errors.
func TestRAMPortableDeletesCleanUp(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	rc, err := aliyun.NewRAM(config(srv, ""))
	require.NoError(t, err)
	c := rc.IAM()

	for _, u := range []string{"alice", "bob"} {
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: u})
		require.NoError(t, err)
	}
	for _, g := range []string{"dev", "ops"} {
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: g})
		require.NoError(t, err)
		require.NoError(t, c.AddUserToGroup(ctx, g, "alice"))
		require.NoError(t, c.AddUserToGroup(ctx, g, "bob"))
		require.NoError(t, c.AttachGroupPolicy(ctx, g, iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}))
	}
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "ecs-read", Document: ecsReadOnly})
	require.NoError(t, err)
	custom := iam.PolicyRef{Name: "ecs-read", Type: iam.PolicyCustom}
	require.NoError(t, c.AttachUserPolicy(ctx, "alice", custom))
	require.NoError(t, c.AttachUserPolicy(ctx, "alice", iam.PolicyRef{Name: "AliyunSTSAssumeRoleAccess", Type: iam.PolicySystem}))
	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", custom))
	_, err = c.CreateAccessKey(ctx, "alice")
	require.NoError(t, err)
	_, err = c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ng-Passw0rd")})
	require.NoError(t, err)
	_, err = rc.CreatePolicyVersion(ctx, &aliyun.RAMCreatePolicyVersionInput{PolicyName: "ecs-read", PolicyDocument: ecsReadOnly})
	require.NoError(t, err)
	_, err = srv.AddRole(aliyuntest.Role{Name: "ecs-admin"})
	require.NoError(t, err)
	_, err = rc.AttachPolicyToRole(ctx, &aliyun.RAMPolicyAttachmentInput{PolicyName: "ecs-read", PolicyType: aliyun.RAMPolicyCustom, RoleName: "ecs-admin"})
	require.NoError(t, err)

	// The native deletes answer RAM's conflicts.
	conflict := func(err error, code string) {
		t.Helper()
		var ie *iam.Error
		require.True(t, errors.As(err, &ie), "%v", err)
		assert.Equal(t, iam.ErrFailedPrecondition, ie.Kind)
		assert.Equal(t, code, ie.Code)
		assert.Equal(t, 409, ie.StatusCode)
	}
	_, err = rc.DeleteUser(ctx, &aliyun.RAMDeleteUserInput{UserName: "alice"})
	conflict(err, "DeleteConflict.User.Policy")
	_, err = rc.DeleteGroup(ctx, &aliyun.RAMDeleteGroupInput{GroupName: "dev"})
	conflict(err, "DeleteConflict.Group.User")
	_, err = rc.DeletePolicy(ctx, &aliyun.RAMDeletePolicyInput{PolicyName: "ecs-read"})
	conflict(err, "DeleteConflict.Policy.User")

	// The portable ones clean up first.
	require.NoError(t, c.DeleteUser(ctx, "alice"))
	assert.Equal(t, []string{"bob"}, []string{srv.Users()[0].Name})
	assert.Equal(t, []string{"bob"}, srv.GroupMembers("dev"))
	assert.Empty(t, srv.AccessKeys("alice"))

	require.NoError(t, c.DeleteGroup(ctx, "dev"))
	assert.Equal(t, []string{"ops"}, []string{srv.Groups()[0].Name})
	assert.Equal(t, []string{"ops"}, srv.UserGroups("bob"), "bob left dev only")

	require.NoError(t, c.DeletePolicy(ctx, "ecs-read"))
	assert.Empty(t, srv.Policies("Custom"), "detached from group and role, versions deleted with it")
	assert.Empty(t, srv.RolePolicies("ecs-admin"))
	assert.Len(t, srv.GroupPolicies("ops"), 1, "only ReadOnlyAccess left")

	require.NoError(t, c.DeleteGroup(ctx, "ops"))
	require.NoError(t, c.DeleteUser(ctx, "bob"))
	assert.Empty(t, srv.Users())
	assert.Empty(t, srv.Groups())

	assert.ErrorIs(t, c.DeleteGroup(ctx, "ops"), iam.ErrNotFound)
	assert.ErrorIs(t, c.DeletePolicy(ctx, "ecs-read"), iam.ErrNotFound)
	assert.ErrorIs(t, c.DeleteUser(ctx, "bob"), iam.ErrNotFound)
}

// The EIAM driver: groups by name, membership, the checks the portable API
// adds, and no policies.
func TestIDaaSGroupLifecycle(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			srv := aliyuntest.NewServer()
			defer srv.Close()
			ctx := context.Background()
			ic, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, algo), InstanceID: srv.InstanceID(),
				OrganizationalUnitID: srv.OrganizationalUnitID()})
			require.NoError(t, err)
			c := ic.IAM()

			for _, u := range []string{"alice", "bob"} {
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: u, DisplayName: u + " Z"})
				require.NoError(t, err)
			}
			g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "研发 team", Description: "R&D"})
			require.NoError(t, err)
			assert.Regexp(t, `^group_`, g.ID)
			var native *aliyun.IDaaSGroup
			require.True(t, g.As(&native))
			assert.Equal(t, aliyun.IDaaSGroupSourceBuildIn, native.GroupSourceType)
			_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "研发 team"})
			assert.ErrorIs(t, err, iam.ErrAlreadyExists)

			require.NoError(t, c.AddUserToGroup(ctx, "研发 team", "alice"))
			require.NoError(t, c.AddUserToGroup(ctx, "研发 team", "alice"), "EIAM's batch add leaves a member as is")
			require.NoError(t, c.AddUserToGroup(ctx, "研发 team", "bob"))
			assert.ErrorIs(t, c.AddUserToGroup(ctx, "研发 team", "nobody"), iam.ErrNotFound)
			assert.ErrorIs(t, c.AddUserToGroup(ctx, "nogroup", "alice"), iam.ErrNotFound)

			members := collect(t, c.ListGroupUsers(ctx, "研发 team"))
			assert.Equal(t, []string{"alice", "bob"}, userNames(members))
			assert.Equal(t, "alice Z", members[0].DisplayName)
			assert.Equal(t, []string{"研发 team"}, groupNames(collect(t, c.ListUserGroups(ctx, "bob"))))

			newName := "rd"
			g, err = c.UpdateGroup(ctx, "研发 team", &iam.UpdateGroupInput{NewName: &newName, Description: iam.Ptr("")})
			require.NoError(t, err)
			assert.Equal(t, "rd", g.Name)
			assert.Empty(t, g.Description, "EIAM clears a description")
			_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops"})
			require.NoError(t, err)
			_, err = c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{NewName: &newName})
			assert.ErrorIs(t, err, iam.ErrAlreadyExists)
			assert.Equal(t, []string{"rd", "ops"}, groupNames(collect(t, c.ListGroups(ctx, &iam.ListGroupsInput{PageSize: 1}))))

			require.NoError(t, c.RemoveUserFromGroup(ctx, "rd", "alice"))
			assert.ErrorIs(t, c.RemoveUserFromGroup(ctx, "rd", "alice"), iam.ErrNotFound)
			require.NoError(t, c.DeleteGroup(ctx, "rd"), "bob is removed first")
			_, err = c.GetGroup(ctx, "rd")
			assert.ErrorIs(t, err, iam.ErrNotFound)
			assert.Empty(t, collect(t, c.ListUserGroups(ctx, "bob")))

			_, err = c.GetPolicy(ctx, iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem})
			assert.ErrorIs(t, err, iam.ErrUnsupported)
			assert.ErrorIs(t, c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "x", Type: iam.PolicySystem}), iam.ErrUnsupported)
		})
	}
}

// More members than one page of ids: ListGroupUsers reads them 100 at a
// time, and DeleteGroup removes them 100 at a time.
func TestIDaaSManyMembers(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	ic, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, ""), InstanceID: srv.InstanceID()})
	require.NoError(t, err)
	g, err := srv.AddIDaaSGroup(aliyuntest.Group{Name: "all"})
	require.NoError(t, err)
	for i := range 230 {
		u, err := srv.AddIDaaSUser(aliyuntest.User{Name: "u" + itoa3(i), Enabled: true})
		require.NoError(t, err)
		require.NoError(t, srv.AddIDaaSGroupMember(g.ID, u.ID))
	}
	c := ic.IAM()
	users := collect(t, c.ListGroupUsers(ctx, "all"))
	assert.Len(t, users, 230)
	seen := map[string]bool{}
	for _, u := range users {
		seen[u.Name] = true
	}
	assert.Len(t, seen, 230)
	groups := collect(t, c.ListUserGroups(ctx, "u007"))
	assert.Equal(t, []string{"all"}, groupNames(groups))
	require.NoError(t, c.DeleteGroup(ctx, "all"))
	assert.Empty(t, srv.IDaaSGroups())
}

func itoa3(i int) string {
	return string([]byte{byte('0' + i/100), byte('0' + i/10%10), byte('0' + i%10)})
}

func TestCapabilitiesDeclareGroupsAndPolicies(t *testing.T) {
	ram, idaas := aliyun.RAMCapabilities(), aliyun.IDaaSCapabilities()
	for _, op := range append(append([]iam.Operation(nil), iam.GroupOperations...), iam.PolicyOperations...) {
		assert.True(t, ram.Supports(op), op)
	}
	for _, op := range iam.GroupOperations {
		assert.True(t, idaas.Supports(op), op)
	}
	for _, op := range iam.PolicyOperations {
		assert.False(t, idaas.Supports(op), op)
	}
	assert.False(t, ram.SupportsField(iam.FieldPolicyProject))
	assert.False(t, ram.CanClear(iam.FieldGroupDescription))
	assert.True(t, idaas.CanClear(iam.FieldGroupDescription))
}
