package baidu_test

import (
	"context"
	"iter"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

const readDoc = `{"accessControlList":[{"service":"bcc","region":"*","effect":"Allow","permission":["READ"],"resource":["*"]}]}`

func collect[T any](t *testing.T, seq iter.Seq2[*T, error]) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func names[T any](list []*T, name func(*T) string) []string {
	out := []string{}
	for _, v := range list {
		out = append(out, name(v))
	}
	return out
}

func groupNames(l []*iam.Group) []string {
	return names(l, func(g *iam.Group) string { return g.Name })
}
func userNames(l []*iam.User) []string { return names(l, func(u *iam.User) string { return u.Name }) }
func policyNames(l []*iam.Policy) []string {
	return names(l, func(p *iam.Policy) string { return p.Name })
}

// TestGroupPolicyLifecycle drives every portable group and policy operation
// against the emulator and checks the requests they make.
func TestGroupPolicyLifecycle(t *testing.T) {
	ctx := context.Background()
	c, cs := newCounted(t)
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora"})
	require.NoError(t, err)

	g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read only"})
	require.NoError(t, err)
	assert.Equal(t, "readers", g.Name)
	assert.Equal(t, "read only", g.Description)
	assert.Len(t, g.ID, 32)
	assert.False(t, g.CreatedAt.IsZero())
	var ng *baidu.Group
	require.True(t, g.As(&ng))
	assert.Equal(t, g.ID, ng.ID)

	g, err = c.UpdateGroup(ctx, "readers", &iam.UpdateGroupInput{NewName: iam.Ptr("viewers"), Description: iam.Ptr("viewers of bcc")})
	require.NoError(t, err)
	assert.Equal(t, "viewers", g.Name)
	assert.Equal(t, "viewers of bcc", g.Description)
	g, err = c.GetGroup(ctx, "viewers")
	require.NoError(t, err)
	assert.Equal(t, "viewers of bcc", g.Description)
	assert.Equal(t, []string{"viewers"}, groupNames(collect(t, c.ListGroups(ctx, nil))))

	require.NoError(t, c.AddUserToGroup(ctx, "viewers", "dora"))
	assert.Equal(t, []string{"dora"}, userNames(collect(t, c.ListGroupUsers(ctx, "viewers"))))
	assert.Equal(t, []string{"viewers"}, groupNames(collect(t, c.ListUserGroups(ctx, "dora"))))
	err = c.AddUserToGroup(ctx, "viewers", "dora")
	assert.ErrorIs(t, err, iam.ErrAlreadyExists, "joining twice is refused")

	sys := iam.PolicyRef{Name: "CAReadAccessPolicy", Type: iam.PolicySystem}
	p, err := c.GetPolicy(ctx, sys)
	require.NoError(t, err)
	assert.Equal(t, iam.PolicySystem, p.Type)
	assert.NotEmpty(t, p.Document)
	system := collect(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem}))
	assert.Contains(t, policyNames(system), "CAReadAccessPolicy")

	cp, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "bcc_read", Description: "bcc", Document: readDoc})
	require.NoError(t, err)
	assert.Equal(t, iam.PolicyCustom, cp.Type)
	assert.Contains(t, cp.Document, `"id":"policy_`+cp.ID+`"`, "Baidu injects the policy's id")
	all := collect(t, c.ListPolicies(ctx, nil))
	assert.Contains(t, policyNames(all), "bcc_read")
	assert.Contains(t, policyNames(all), "CAReadAccessPolicy")
	custom := collect(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}))
	assert.Equal(t, []string{"bcc_read"}, policyNames(custom))

	require.NoError(t, c.AttachGroupPolicy(ctx, "viewers", sys))
	require.NoError(t, c.AttachGroupPolicy(ctx, "viewers", iam.PolicyRef{Name: "bcc_read", Type: iam.PolicyCustom}))
	require.NoError(t, c.AttachUserPolicy(ctx, "dora", sys))
	assert.ErrorIs(t, c.AttachUserPolicy(ctx, "dora", sys), iam.ErrAlreadyExists)
	gp := collect(t, c.ListGroupPolicies(ctx, "viewers"))
	assert.Equal(t, []string{"CAReadAccessPolicy", "bcc_read"}, policyNames(gp))
	assert.False(t, gp[0].AttachedAt.IsZero())
	assert.Equal(t, sys, gp[0].Ref())
	up := collect(t, c.ListUserPolicies(ctx, "dora"))
	assert.Equal(t, []string{"CAReadAccessPolicy"}, policyNames(up))

	require.NoError(t, c.DetachUserPolicy(ctx, "dora", sys))
	assert.ErrorIs(t, c.DetachUserPolicy(ctx, "dora", sys), iam.ErrNotFound)
	require.NoError(t, c.DetachGroupPolicy(ctx, "viewers", sys))
	require.NoError(t, c.RemoveUserFromGroup(ctx, "viewers", "dora"))
	assert.Empty(t, collect(t, c.ListGroupUsers(ctx, "viewers")))

	// Deleting the custom policy while attached: the portable delete
	// detaches it first.
	cs.mu.Lock()
	cs.reqs = nil
	cs.mu.Unlock()
	require.NoError(t, c.DeletePolicy(ctx, "bcc_read"))
	assert.Equal(t, []string{
		"GET /v1/policy/bcc_read", "GET /v1/policy/" + cp.ID + "/entity",
		"DELETE /v1/group/viewers/policy/bcc_read", "DELETE /v1/policy/bcc_read",
	}, cs.sent())
	assert.Empty(t, collect(t, c.ListGroupPolicies(ctx, "viewers")))
	_, err = c.GetPolicy(ctx, iam.PolicyRef{Name: "bcc_read", Type: iam.PolicyCustom})
	assert.ErrorIs(t, err, iam.ErrNotFound)

	require.NoError(t, c.DeleteGroup(ctx, "viewers"))
	_, err = c.GetGroup(ctx, "viewers")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	require.NoError(t, c.DeleteUser(ctx, "dora"))
	assert.Empty(t, cs.emu.Users())
	assert.Empty(t, cs.emu.Groups())
}

// TestPortableDeletesLeaveNothing: the portable DeleteUser and DeleteGroup
// remove what Baidu would refuse the delete for (the emulator refuses,
// 409), and a step that finds nothing is skipped.
func TestPortableDeletesLeaveNothing(t *testing.T) {
	ctx := context.Background()
	c, cs := newCounted(t)
	emu := cs.emu
	for _, u := range []string{"erin", "finn"} {
		_, err := emu.AddUser(baidutest.User{Name: u, Enabled: true})
		require.NoError(t, err)
	}
	for _, g := range []string{"ops", "dev"} {
		_, err := emu.AddGroup(baidutest.Group{Name: g})
		require.NoError(t, err)
		require.NoError(t, emu.AddGroupMember(g, "erin"))
		require.NoError(t, emu.AttachGroupPolicy(g, "CAReadAccessPolicy", baidutest.PolicySystem))
	}
	require.NoError(t, emu.AddGroupMember("ops", "finn"))
	_, err := emu.AddPolicy(baidutest.Policy{Name: "mine", Document: readDoc})
	require.NoError(t, err)
	require.NoError(t, emu.AttachUserPolicy("erin", "mine", baidutest.PolicyCustom))
	require.NoError(t, emu.AttachUserPolicy("erin", "QianfanReadAccessPolicy", baidutest.PolicySystem))
	_, err = c.CreateAccessKey(ctx, "erin")
	require.NoError(t, err)
	_, err = c.SetLoginProfile(ctx, "erin", &iam.LoginProfileInput{Password: iam.NewSecret("Passw0rd!Passw0rd")})
	require.NoError(t, err)

	// The native deletes keep Baidu's semantics: refused while in use.
	n := c.As
	var nc *baidu.Client
	require.True(t, n(&nc))
	_, err = nc.DeleteUser(ctx, &baidu.DeleteUserInput{UserName: "erin"})
	assert.ErrorIs(t, err, iam.ErrFailedPrecondition)
	var ie *iam.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, http.StatusConflict, ie.StatusCode)
	assert.Equal(t, "DeleteConflict", ie.Code)
	_, err = nc.DeleteGroup(ctx, &baidu.DeleteGroupInput{GroupName: "ops"})
	assert.ErrorIs(t, err, iam.ErrFailedPrecondition)
	_, err = nc.DeletePolicy(ctx, &baidu.DeletePolicyInput{PolicyName: "mine"})
	assert.ErrorIs(t, err, iam.ErrFailedPrecondition)

	cs.mu.Lock()
	cs.reqs = nil
	cs.mu.Unlock()
	require.NoError(t, c.DeleteUser(ctx, "erin"))
	key := cs.sent()[7]
	assert.Equal(t, []string{
		"GET /v1/user/erin/policy",
		"DELETE /v1/user/erin/policy/mine", "DELETE /v1/user/erin/policy/QianfanReadAccessPolicy",
		"GET /v1/user/erin/group",
		"DELETE /v1/group/ops/user/erin", "DELETE /v1/group/dev/user/erin",
		"GET /v1/user/erin/accesskey", key,
		"DELETE /v1/user/erin/loginProfile", "DELETE /v1/user/erin",
	}, cs.sent())
	assert.Regexp(t, `^DELETE /v1/user/erin/accesskey/\w+$`, key)
	assert.Equal(t, []string{"finn"}, emu.GroupMembers("ops"))
	assert.Empty(t, emu.GroupMembers("dev"))

	cs.mu.Lock()
	cs.reqs = nil
	cs.mu.Unlock()
	require.NoError(t, c.DeleteGroup(ctx, "ops"))
	assert.Equal(t, []string{
		"GET /v1/group/ops/policy", "DELETE /v1/group/ops/policy/CAReadAccessPolicy",
		"GET /v1/group/ops/user", "DELETE /v1/group/ops/user/finn", "DELETE /v1/group/ops",
	}, cs.sent())
	assert.Equal(t, []string{"dev"}, groupNames(collect(t, c.ListGroups(ctx, nil))))
	require.Len(t, emu.Users(), 1)
	assert.Equal(t, "finn", emu.Users()[0].Name)
	assert.Empty(t, emu.UserGroups("finn"))

	// A user without anything: the deletes that find nothing are skipped
	// (the login profile's 404 is tolerated).
	cs.mu.Lock()
	cs.reqs = nil
	cs.mu.Unlock()
	require.NoError(t, c.DeleteUser(ctx, "finn"))
	assert.Equal(t, []string{"GET /v1/user/finn/policy", "GET /v1/user/finn/group", "GET /v1/user/finn/accesskey",
		"DELETE /v1/user/finn/loginProfile", "DELETE /v1/user/finn"}, cs.sent())

	// Missing things are ErrNotFound, after the one list that says so.
	for _, tt := range []struct {
		name string
		call func() error
		sent []string
	}{
		{"DeleteUser", func() error { return c.DeleteUser(ctx, "nobody") },
			[]string{"GET /v1/user/nobody/policy", "DELETE /v1/user/nobody"}},
		{"DeleteGroup", func() error { return c.DeleteGroup(ctx, "nogroup") },
			[]string{"GET /v1/group/nogroup/policy", "DELETE /v1/group/nogroup"}},
		{"DeletePolicy", func() error { return c.DeletePolicy(ctx, "nopolicy") },
			[]string{"GET /v1/policy/nopolicy", "DELETE /v1/policy/nopolicy"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs.mu.Lock()
			cs.reqs = nil
			cs.mu.Unlock()
			assert.ErrorIs(t, tt.call(), iam.ErrNotFound)
			assert.Equal(t, tt.sent, cs.sent())
		})
	}
}

// TestGroupPolicyCapabilities: groups and policies are declared with
// Baidu's published limits.
func TestGroupPolicyCapabilities(t *testing.T) {
	caps := baidu.Capabilities()
	for _, op := range append(append([]iam.Operation{}, iam.GroupOperations...), iam.PolicyOperations...) {
		assert.True(t, caps.Supports(op), op)
	}
	assert.True(t, caps.SupportsField(iam.FieldGroupRename))
	assert.True(t, caps.SupportsField(iam.FieldGroupDescription))
	assert.False(t, caps.SupportsField(iam.FieldPolicyProject), "Baidu has no project-scope grants")
	assert.False(t, caps.CanClear(iam.FieldGroupDescription))
	assert.Equal(t, 64, caps.MaxGroupNameLength)
	assert.Equal(t, 128, caps.MaxGroupDescriptionLength)
	assert.Equal(t, 64, caps.MaxPolicyNameLength)
	assert.Zero(t, caps.MaxPolicyDescriptionLength)
	assert.Zero(t, caps.MaxPolicyDocumentLength)
	assert.Zero(t, caps.MaxPageSize, "Baidu's group lists are not paginated")
}
