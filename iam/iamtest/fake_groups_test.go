package iamtest

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// all collects a sequence, failing the test on an error.
func all[T any](t testing.TB, seq iter.Seq2[*T, error]) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func names[T any](vs []*T, name func(*T) string) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, name(v))
	}
	return out
}

func groupNames(gs []*iam.Group) []string {
	return names(gs, func(g *iam.Group) string { return g.Name })
}
func userNames(us []*iam.User) []string { return names(us, func(u *iam.User) string { return u.Name }) }
func policyNames(ps []*iam.Policy) []string {
	return names(ps, func(p *iam.Policy) string { return p.Name })
}

// requireKind checks err's kind, Field and Op.
func requireKind(t *testing.T, err error, kind iam.Kind, field string, op iam.Operation) *iam.Error {
	t.Helper()
	var ie *iam.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, kind, ie.Kind, "%v", err)
	assert.Equal(t, field, ie.Field, "%v", err)
	assert.Equal(t, string(op), ie.Op, "%v", err)
	return ie
}

func newUsers(t *testing.T, c *iam.Client, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := c.CreateUser(context.Background(), &iam.CreateUserInput{Name: n})
		require.NoError(t, err)
	}
}

func newGroups(t *testing.T, c *iam.Client, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := c.CreateGroup(context.Background(), &iam.CreateGroupInput{Name: n})
		require.NoError(t, err)
	}
}

var readOnly = iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}

func TestFakeGroups(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := NewFake(WithClock(func() time.Time { return clock }))

	g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops", Description: "operators"})
	require.NoError(t, err)
	assert.Equal(t, "ops", g.Name)
	assert.Equal(t, "operators", g.Description)
	assert.Len(t, g.ID, 32)
	assert.Equal(t, clock, g.CreatedAt)
	var fg *FakeGroup
	require.True(t, g.As(&fg))
	assert.Equal(t, FakeGroup{ID: g.ID, Name: "ops", UpdatedAt: clock}, *fg)

	clock = clock.Add(time.Hour)
	up, err := c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{NewName: iam.Ptr("sre"), Description: iam.Ptr("")})
	require.NoError(t, err)
	assert.Equal(t, "sre", up.Name)
	assert.Empty(t, up.Description, "a pointer to empty clears the description")
	assert.Equal(t, g.ID, up.ID)
	assert.Equal(t, g.CreatedAt, up.CreatedAt)
	require.True(t, up.As(&fg))
	assert.Equal(t, clock, fg.UpdatedAt)
	_, err = c.GetGroup(ctx, "ops")
	requireKind(t, err, iam.ErrNotFound, "", iam.OpGetGroup)

	// An empty update reads the group.
	got, err := c.UpdateGroup(ctx, "sre", &iam.UpdateGroupInput{})
	require.NoError(t, err)
	assert.Equal(t, g.ID, got.ID)

	newGroups(t, c, "dev")
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "dev"})
	requireKind(t, err, iam.ErrAlreadyExists, "", iam.OpCreateGroup)
	_, err = c.UpdateGroup(ctx, "sre", &iam.UpdateGroupInput{NewName: iam.Ptr("dev")})
	requireKind(t, err, iam.ErrAlreadyExists, "", iam.OpUpdateGroup)
	_, err = c.UpdateGroup(ctx, "sre", &iam.UpdateGroupInput{NewName: iam.Ptr("sre")})
	require.NoError(t, err, "a rename to its own name changes nothing")

	assert.Equal(t, []string{"sre", "dev"}, groupNames(all(t, c.ListGroups(ctx, nil))), "creation order")

	require.NoError(t, c.DeleteGroup(ctx, "sre"))
	requireKind(t, c.DeleteGroup(ctx, "sre"), iam.ErrNotFound, "", iam.OpDeleteGroup)
	assert.Equal(t, []string{"dev"}, groupNames(all(t, c.ListGroups(ctx, nil))))
}

func TestFakeGroupRules(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	newGroups(t, c, "ops")
	for _, tc := range []struct {
		name  string
		valid bool
	}{
		{"a", true}, {"Ops_2", true}, {strings.Repeat("g", 64), true},
		{strings.Repeat("g", 65), false}, {"", false}, {"1ops", false}, {"_ops", false},
		{"ops-team", false}, {"ops.team", false}, {"ops team", false}, {"ops/team", false}, {"öps", false},
	} {
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: tc.name})
		if tc.valid {
			require.NoError(t, err, tc.name)
			require.NoError(t, c.DeleteGroup(ctx, tc.name))
			continue
		}
		requireKind(t, err, iam.ErrInvalidArgument, "Name", iam.OpCreateGroup)
		_, err = c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{NewName: &tc.name})
		requireKind(t, err, iam.ErrInvalidArgument, "NewName", iam.OpUpdateGroup)
	}
	for _, ref := range []string{"a/b", "a b", "a?b", "a#b", "a%2F", `a\b`, "a\tb"} {
		_, err := c.GetGroup(ctx, ref)
		requireKind(t, err, iam.ErrInvalidArgument, "groupName", iam.OpGetGroup)
		requireKind(t, c.AddUserToGroup(ctx, ref, "alice"), iam.ErrInvalidArgument, "groupName", iam.OpAddUserToGroup)
	}
	_, err := c.GetGroup(ctx, "a.b")
	requireKind(t, err, iam.ErrNotFound, "", iam.OpGetGroup)

	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "dev", Description: strings.Repeat("x", 129)})
	requireKind(t, err, iam.ErrInvalidArgument, "Description", iam.OpCreateGroup)

	// A cloud whose groups have no description.
	c = NewFake(WithoutFields(iam.FieldGroupDescription))
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "dev", Description: "x"})
	requireKind(t, err, iam.ErrUnsupported, "Description", iam.OpCreateGroup)
	newGroups(t, c, "dev")
	_, err = c.UpdateGroup(ctx, "dev", &iam.UpdateGroupInput{Description: iam.Ptr("x")})
	requireKind(t, err, iam.ErrUnsupported, "Description", iam.OpUpdateGroup)
	_, err = c.UpdateGroup(ctx, "dev", &iam.UpdateGroupInput{NewName: iam.Ptr("ops")})
	require.NoError(t, err)
}

func TestFakeListGroupsPaging(t *testing.T) {
	ctx := context.Background()
	var attempts []string
	c := NewFake(WithObserver(&iam.Observer{AttemptStart: func(ctx context.Context, e iam.Event) context.Context {
		attempts = append(attempts, e.Op)
		return ctx
	}}))
	for i := range 5 {
		newGroups(t, c, fmt.Sprint("g", i))
	}
	attempts = nil
	assert.Equal(t, []string{"g0", "g1", "g2", "g3", "g4"}, groupNames(all(t, c.ListGroups(ctx, &iam.ListGroupsInput{PageSize: 2}))))
	assert.Equal(t, []string{"ListGroups", "ListGroups", "ListGroups"}, attempts, "one request a page")

	attempts = nil
	for range c.ListGroups(ctx, &iam.ListGroupsInput{PageSize: 2}) {
		break
	}
	assert.Len(t, attempts, 1, "a break fetches no more pages")

	// A group deleted between pages is not listed, and none is skipped.
	var got []string
	for g, err := range c.ListGroups(ctx, &iam.ListGroupsInput{PageSize: 2}) {
		require.NoError(t, err)
		got = append(got, g.Name)
		if g.Name == "g1" {
			require.NoError(t, c.DeleteGroup(ctx, "g2"))
			newGroups(t, c, "g5")
		}
	}
	assert.Equal(t, []string{"g0", "g1", "g3", "g4", "g5"}, got)

	for _, size := range []int{-1, 101} {
		err := listErr(t, c.ListGroups(ctx, &iam.ListGroupsInput{PageSize: size}), "ListGroups")
		requireKind(t, err, iam.ErrInvalidArgument, "PageSize", iam.OpListGroups)
	}
}

func TestFakeMembership(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	newUsers(t, c, "alice", "bob")
	newGroups(t, c, "ops", "dev")

	require.NoError(t, c.AddUserToGroup(ctx, "ops", "alice"))
	require.NoError(t, c.AddUserToGroup(ctx, "ops", "bob"))
	require.NoError(t, c.AddUserToGroup(ctx, "dev", "alice"))
	requireKind(t, c.AddUserToGroup(ctx, "ops", "alice"), iam.ErrAlreadyExists, "", iam.OpAddUserToGroup)
	requireKind(t, c.AddUserToGroup(ctx, "ops", "carol"), iam.ErrNotFound, "", iam.OpAddUserToGroup)
	requireKind(t, c.AddUserToGroup(ctx, "qa", "alice"), iam.ErrNotFound, "", iam.OpAddUserToGroup)

	assert.Equal(t, []string{"alice", "bob"}, userNames(all(t, c.ListGroupUsers(ctx, "ops"))), "joining order")
	assert.Equal(t, []string{"ops", "dev"}, groupNames(all(t, c.ListUserGroups(ctx, "alice"))))
	g, err := c.GetGroup(ctx, "ops")
	require.NoError(t, err)
	var fg *FakeGroup
	require.True(t, g.As(&fg))
	assert.Equal(t, 2, fg.Members)

	// A renamed user stays a member.
	_, err = c.UpdateUser(ctx, "bob", &iam.UpdateUserInput{NewName: iam.Ptr("robert")})
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "robert"}, userNames(all(t, c.ListGroupUsers(ctx, "ops"))))

	require.NoError(t, c.RemoveUserFromGroup(ctx, "ops", "alice"))
	requireKind(t, c.RemoveUserFromGroup(ctx, "ops", "alice"), iam.ErrNotFound, "", iam.OpRemoveUserFromGroup)
	assert.Equal(t, []string{"dev"}, groupNames(all(t, c.ListUserGroups(ctx, "alice"))))

	err = listErr(t, c.ListGroupUsers(ctx, "qa"), "ListGroupUsers")
	requireKind(t, err, iam.ErrNotFound, "", iam.OpListGroupUsers)
	err = listErr(t, c.ListUserGroups(ctx, "carol"), "ListUserGroups")
	requireKind(t, err, iam.ErrNotFound, "", iam.OpListUserGroups)
}

func TestFakeGroupLimits(t *testing.T) {
	ctx := context.Background()
	t.Run("groups per account", func(t *testing.T) {
		c := NewFake()
		for i := range FakeMaxGroups {
			newGroups(t, c, fmt.Sprint("g", i))
		}
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "one_more"})
		requireKind(t, err, iam.ErrLimitExceeded, "", iam.OpCreateGroup)
		require.NoError(t, c.DeleteGroup(ctx, "g0"))
		newGroups(t, c, "one_more")
	})
	t.Run("users per group", func(t *testing.T) {
		c := NewFake()
		newGroups(t, c, "ops")
		for i := range FakeMaxUsersPerGroup {
			newUsers(t, c, fmt.Sprint("u", i))
			require.NoError(t, c.AddUserToGroup(ctx, "ops", fmt.Sprint("u", i)))
		}
		newUsers(t, c, "late")
		requireKind(t, c.AddUserToGroup(ctx, "ops", "late"), iam.ErrLimitExceeded, "", iam.OpAddUserToGroup)
	})
	t.Run("groups per user", func(t *testing.T) {
		c := NewFake()
		newUsers(t, c, "alice")
		for i := range FakeMaxGroupsPerUser {
			newGroups(t, c, fmt.Sprint("g", i))
			require.NoError(t, c.AddUserToGroup(ctx, fmt.Sprint("g", i), "alice"))
		}
		newGroups(t, c, "late")
		requireKind(t, c.AddUserToGroup(ctx, "late", "alice"), iam.ErrLimitExceeded, "", iam.OpAddUserToGroup)
	})
	t.Run("policies per group and per user", func(t *testing.T) {
		c := NewFake()
		newGroups(t, c, "ops")
		newUsers(t, c, "alice")
		for i := range FakeMaxPoliciesPerUser {
			name := fmt.Sprint("p", i)
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: name, Document: "{}"})
			require.NoError(t, err)
			ref := iam.PolicyRef{Name: name, Type: iam.PolicyCustom}
			if i < FakeMaxPoliciesPerGroup {
				require.NoError(t, c.AttachGroupPolicy(ctx, "ops", ref))
			} else {
				requireKind(t, c.AttachGroupPolicy(ctx, "ops", ref), iam.ErrLimitExceeded, "", iam.OpAttachGroupPolicy)
			}
			require.NoError(t, c.AttachUserPolicy(ctx, "alice", ref))
		}
		requireKind(t, c.AttachUserPolicy(ctx, "alice", readOnly), iam.ErrLimitExceeded, "", iam.OpAttachUserPolicy)
		assert.Len(t, all(t, c.ListGroupPolicies(ctx, "ops")), FakeMaxPoliciesPerGroup)
		assert.Len(t, all(t, c.ListUserPolicies(ctx, "alice")), FakeMaxPoliciesPerUser)
	})
	t.Run("custom policies", func(t *testing.T) {
		c := NewFake()
		for i := range FakeMaxCustomPolicies {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: fmt.Sprint("p", i), Document: "{}"})
			require.NoError(t, err)
		}
		_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "late", Document: "{}"})
		requireKind(t, err, iam.ErrLimitExceeded, "", iam.OpCreatePolicy)
	})
}

func TestFakePolicies(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	system := all(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem}))
	assert.Equal(t, []string{"AdministratorAccess", "ReadOnlyAccess", "AliyunRAMReadOnlyAccess", "AliyunOSSReadOnlyAccess",
		"OBS ReadOnlyAccess", "Tenant Guest"}, policyNames(system))
	for _, p := range system {
		assert.Equal(t, iam.PolicySystem, p.Type)
		assert.Empty(t, p.Document, "lists leave documents out")
		assert.True(t, strings.HasPrefix(p.ID, "sys-"), p.ID)
		assert.NotEmpty(t, p.Description)
	}
	assert.Equal(t, "sys-obsreadonlyaccess", system[4].ID)

	p, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem})
	require.NoError(t, err)
	assert.Contains(t, p.Document, `"Version":"1.1"`)
	_, err = c.GetPolicy(ctx, iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicyCustom})
	requireKind(t, err, iam.ErrNotFound, "", iam.OpGetPolicy)

	const doc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`
	created, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "oss-read", Description: "read objects", Document: doc})
	require.NoError(t, err)
	assert.Equal(t, iam.PolicyCustom, created.Type)
	assert.Equal(t, doc, created.Document, "the document is kept as it is")
	assert.Len(t, created.ID, 32)
	got, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "oss-read", Type: iam.PolicyCustom})
	require.NoError(t, err)
	assert.Equal(t, created.ID, got.ID)
	assert.Equal(t, doc, got.Document)
	assert.Equal(t, "read objects", got.Description)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "oss-read", Document: doc})
	requireKind(t, err, iam.ErrAlreadyExists, "", iam.OpCreatePolicy)

	assert.Equal(t, []string{"oss-read"}, policyNames(all(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}))))
	everything := all(t, c.ListPolicies(ctx, &iam.ListPoliciesInput{PageSize: 4}))
	assert.Len(t, everything, 7, "system policies, then custom ones, across pages")
	assert.Equal(t, "oss-read", everything[6].Name)

	// Rules of custom policies.
	for _, name := range []string{"oss_read", "oss read", "oss/read", "öss"} {
		_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: name, Document: doc})
		requireKind(t, err, iam.ErrInvalidArgument, "Name", iam.OpCreatePolicy)
	}
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "bad", Document: "not json"})
	requireKind(t, err, iam.ErrInvalidArgument, "Document", iam.OpCreatePolicy)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "big", Document: `"` + strings.Repeat("x", 6143) + `"`})
	requireKind(t, err, iam.ErrInvalidArgument, "Document", iam.OpCreatePolicy)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: strings.Repeat("p", 65), Document: doc})
	requireKind(t, err, iam.ErrInvalidArgument, "Name", iam.OpCreatePolicy)
	for _, ref := range []string{"a/b", "a?b", "a%b", "a\nb"} {
		_, err := c.GetPolicy(ctx, iam.PolicyRef{Name: ref, Type: iam.PolicySystem})
		requireKind(t, err, iam.ErrInvalidArgument, "PolicyRef.Name", iam.OpGetPolicy)
		requireKind(t, c.DeletePolicy(ctx, ref), iam.ErrInvalidArgument, "policyName", iam.OpDeletePolicy)
	}

	require.NoError(t, c.DeletePolicy(ctx, "oss-read"))
	requireKind(t, c.DeletePolicy(ctx, "oss-read"), iam.ErrNotFound, "", iam.OpDeletePolicy)
	requireKind(t, c.DeletePolicy(ctx, "ReadOnlyAccess"), iam.ErrNotFound, "", iam.OpDeletePolicy)
}

func TestFakeAttachments(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := NewFake(WithClock(func() time.Time { return clock }))
	newUsers(t, c, "alice")
	newGroups(t, c, "ops")
	_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "oss-read", Document: "{}"})
	require.NoError(t, err)
	custom := iam.PolicyRef{Name: "oss-read", Type: iam.PolicyCustom}

	for _, tc := range []struct {
		kind                 string
		name                 string
		attach, detach       func(context.Context, string, iam.PolicyRef) error
		list                 func(context.Context, string) iter.Seq2[*iam.Policy, error]
		attachOp, detachOp   iam.Operation
		missing, missingKind string
	}{
		{"group", "ops", c.AttachGroupPolicy, c.DetachGroupPolicy, c.ListGroupPolicies, iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, "qa", "group"},
		{"user", "alice", c.AttachUserPolicy, c.DetachUserPolicy, c.ListUserPolicies, iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, "carol", "user"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			require.NoError(t, tc.attach(ctx, tc.name, readOnly))
			require.NoError(t, tc.attach(ctx, tc.name, custom))
			requireKind(t, tc.attach(ctx, tc.name, readOnly), iam.ErrAlreadyExists, "", tc.attachOp)
			requireKind(t, tc.attach(ctx, tc.name, iam.PolicyRef{Name: "NoSuchPolicy", Type: iam.PolicySystem}), iam.ErrNotFound, "", tc.attachOp)
			requireKind(t, tc.attach(ctx, tc.missing, readOnly), iam.ErrNotFound, "", tc.attachOp)

			ps := all(t, tc.list(ctx, tc.name))
			require.Len(t, ps, 2)
			assert.Equal(t, readOnly, ps[0].Ref())
			assert.Equal(t, custom, ps[1].Ref())
			assert.Equal(t, clock, ps[0].AttachedAt)
			assert.Empty(t, ps[0].Document)
			var fp *FakePolicy
			require.True(t, ps[1].As(&fp))
			assert.Equal(t, "oss-read", fp.Name)
			assert.Equal(t, iam.PolicyCustom, fp.Type)

			require.NoError(t, tc.detach(ctx, tc.name, readOnly))
			requireKind(t, tc.detach(ctx, tc.name, readOnly), iam.ErrNotFound, "", tc.detachOp)
			assert.Equal(t, []string{"oss-read"}, policyNames(all(t, tc.list(ctx, tc.name))))
		})
	}
	p, err := c.GetPolicy(ctx, custom)
	require.NoError(t, err)
	var fp *FakePolicy
	require.True(t, p.As(&fp))
	assert.Equal(t, 2, fp.AttachmentCount, "attached to the group and the user")

	// Deleting an attached custom policy detaches it everywhere.
	require.NoError(t, c.DeletePolicy(ctx, "oss-read"))
	assert.Empty(t, all(t, c.ListGroupPolicies(ctx, "ops")))
	assert.Empty(t, all(t, c.ListUserPolicies(ctx, "alice")))
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "oss-read", Document: "{}"})
	require.NoError(t, err)
	assert.Empty(t, all(t, c.ListGroupPolicies(ctx, "ops")), "a new policy of the same name is not attached")
}

func TestFakeProjectScope(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	newGroups(t, c, "ops")
	obs := iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem}
	inProject := obs
	inProject.Project = "cn-north-4"

	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", obs))
	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", inProject), "another scope is another grant")
	byID := obs
	byID.Project = "0a5c8e3f9b1d4e7aa2c6f8b0d3e5a7c9"
	requireKind(t, c.AttachGroupPolicy(ctx, "ops", byID), iam.ErrAlreadyExists, "", iam.OpAttachGroupPolicy)
	unknown := obs
	unknown.Project = "mars-1"
	requireKind(t, c.AttachGroupPolicy(ctx, "ops", unknown), iam.ErrNotFound, "", iam.OpAttachGroupPolicy)
	requireKind(t, c.DetachGroupPolicy(ctx, "ops", unknown), iam.ErrNotFound, "", iam.OpDetachGroupPolicy)
	spaced := obs
	spaced.Project = "cn north"
	requireKind(t, c.AttachGroupPolicy(ctx, "ops", spaced), iam.ErrInvalidArgument, "PolicyRef.Project", iam.OpAttachGroupPolicy)

	ps := all(t, c.ListGroupPolicies(ctx, "ops"))
	require.Len(t, ps, 2)
	assert.Empty(t, ps[0].Project)
	assert.Equal(t, "0a5c8e3f9b1d4e7aa2c6f8b0d3e5a7c9", ps[1].Project, "lists report the project's ID")
	require.NoError(t, c.DetachGroupPolicy(ctx, "ops", ps[1].Ref()))
	requireKind(t, c.DetachGroupPolicy(ctx, "ops", inProject), iam.ErrNotFound, "", iam.OpDetachGroupPolicy)
	assert.Equal(t, []iam.PolicyRef{obs}, []iam.PolicyRef{all(t, c.ListGroupPolicies(ctx, "ops"))[0].Ref()})

	// A cloud without projects.
	c = NewFake(WithoutFields(iam.FieldPolicyProject))
	newGroups(t, c, "ops")
	requireKind(t, c.AttachGroupPolicy(ctx, "ops", inProject), iam.ErrUnsupported, "PolicyRef.Project", iam.OpAttachGroupPolicy)
}

// TestFakeDeletesLeaveNothing: the portable deletes take memberships and
// attachments with them.
func TestFakeDeletesLeaveNothing(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	newUsers(t, c, "alice", "bob")
	newGroups(t, c, "ops")
	require.NoError(t, c.AddUserToGroup(ctx, "ops", "alice"))
	require.NoError(t, c.AddUserToGroup(ctx, "ops", "bob"))
	require.NoError(t, c.AttachUserPolicy(ctx, "alice", readOnly))
	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", readOnly))

	require.NoError(t, c.DeleteUser(ctx, "alice"))
	assert.Equal(t, []string{"bob"}, userNames(all(t, c.ListGroupUsers(ctx, "ops"))))
	newUsers(t, c, "alice")
	assert.Empty(t, all(t, c.ListUserGroups(ctx, "alice")))
	assert.Empty(t, all(t, c.ListUserPolicies(ctx, "alice")))

	require.NoError(t, c.DeleteGroup(ctx, "ops"))
	assert.Empty(t, all(t, c.ListUserGroups(ctx, "bob")))
	newGroups(t, c, "ops")
	assert.Empty(t, all(t, c.ListGroupUsers(ctx, "ops")))
	assert.Empty(t, all(t, c.ListGroupPolicies(ctx, "ops")))
	p, err := c.GetPolicy(ctx, readOnly)
	require.NoError(t, err)
	var fp *FakePolicy
	require.True(t, p.As(&fp))
	assert.Zero(t, fp.AttachmentCount)
}

func TestFakeGroupCapabilities(t *testing.T) {
	caps := NewFake(WithoutOperations(iam.GroupOperations...)).Capabilities()
	assert.Zero(t, caps.MaxGroupNameLength)
	assert.Zero(t, caps.MaxGroupDescriptionLength)
	assert.False(t, caps.SupportsField(iam.FieldGroupRename))
	assert.False(t, caps.CanClear(iam.FieldGroupDescription))
	assert.True(t, caps.Supports(iam.OpAttachUserPolicy), "policies stay")
	assert.Equal(t, 64, caps.MaxPolicyNameLength)

	caps = NewFake(WithoutOperations(iam.PolicyOperations...)).Capabilities()
	assert.Zero(t, caps.MaxPolicyNameLength+caps.MaxPolicyDescriptionLength+caps.MaxPolicyDocumentLength)
	assert.False(t, caps.SupportsField(iam.FieldPolicyProject))
	assert.Equal(t, 64, caps.MaxGroupNameLength)

	c := NewFake(WithoutOperations(iam.OpAttachUserPolicy))
	err := c.AttachUserPolicy(context.Background(), "alice", readOnly)
	requireKind(t, err, iam.ErrUnsupported, "", iam.OpAttachUserPolicy)
	_, err = c.CreateGroup(context.Background(), &iam.CreateGroupInput{Name: "ops"})
	require.NoError(t, err)
}

// TestFakeGroupObserver checks the requests group and policy calls report.
func TestFakeGroupObserver(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var attempts []string
	c := NewFake(WithObserver(&iam.Observer{AttemptStart: func(ctx context.Context, e iam.Event) context.Context {
		mu.Lock()
		attempts = append(attempts, e.Op+" "+e.Method+" "+e.Path)
		mu.Unlock()
		return ctx
	}}))
	take := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := attempts
		attempts = nil
		return out
	}
	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	g, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops"})
	require.NoError(t, err)
	take()

	require.NoError(t, c.AddUserToGroup(ctx, "ops", "alice"))
	assert.Equal(t, []string{"GetGroup GET /groups/ops", "GetUser GET /users/alice",
		"AddUserToGroup PUT /groups/" + g.ID + "/users/" + u.ID}, take())
	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem}))
	assert.Equal(t, []string{"GetGroup GET /groups/ops",
		"AttachGroupPolicy PUT /groups/" + g.ID + "/policies/system/OBS%20ReadOnlyAccess"}, take())
	all(t, c.ListGroupPolicies(ctx, "ops"))
	assert.Equal(t, []string{"GetGroup GET /groups/ops", "ListGroupPolicies GET /groups/" + g.ID + "/policies"}, take())
	require.NoError(t, c.DeleteUser(ctx, "alice"))
	assert.Equal(t, []string{"GetUser GET /users/alice", "DeleteUser DELETE /users/" + u.ID}, take(),
		"DeleteUser leaves its groups in the same request")

	// Bad input sends nothing; a list sends nothing until it is ranged over.
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "bad/name"})
	require.Error(t, err)
	require.Error(t, c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "x", Type: "System"}))
	seq := c.ListGroupUsers(ctx, "ops")
	assert.Empty(t, take())
	all(t, seq)
	assert.Len(t, take(), 2)
}

func TestFakeGroupFailures(t *testing.T) {
	ctx := context.Background()
	var calls []string
	c := NewFake(WithFailures(func(op iam.Operation, name string) error {
		calls = append(calls, string(op)+":"+name)
		if op == iam.OpAttachGroupPolicy {
			return &iam.Error{Kind: iam.ErrThrottled}
		}
		return nil
	}))
	newUsers(t, c, "alice")
	newGroups(t, c, "ops")
	require.NoError(t, c.AddUserToGroup(ctx, "ops", "alice"))
	assert.ErrorIs(t, c.AttachGroupPolicy(ctx, "ops", readOnly), iam.ErrThrottled)
	assert.Empty(t, all(t, c.ListGroupPolicies(ctx, "ops")), "a failed call does nothing")
	all(t, c.ListGroups(ctx, nil))
	_, err := c.GetPolicy(ctx, readOnly)
	require.NoError(t, err)
	assert.Equal(t, []string{"CreateUser:alice", "CreateGroup:ops", "AddUserToGroup:alice", "AttachGroupPolicy:ops",
		"ListGroupPolicies:ops", "ListGroups:", "GetPolicy:ReadOnlyAccess"}, calls)
}

// TestFakeGroupsConcurrentUse races memberships and attachments against
// deletes: nothing is left that points to a deleted user or group.
func TestFakeGroupsConcurrentUse(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	newGroups(t, c, "g0", "g1", "g2", "g3")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				name := fmt.Sprintf("w%d_u%d", w, i)
				if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: name}); !assert.NoError(t, err) {
					return
				}
				group := fmt.Sprint("g", (w+i)%4)
				done := make(chan struct{})
				go func() {
					defer close(done)
					_ = c.AddUserToGroup(ctx, group, name) // may lose the race with the delete
					_ = c.AttachUserPolicy(ctx, name, readOnly)
				}()
				assert.NoError(t, c.DeleteUser(ctx, name))
				<-done
				for range c.ListGroupUsers(ctx, group) {
				}
			}
		}()
	}
	wg.Wait()
	for i := range 4 {
		assert.Empty(t, all(t, c.ListGroupUsers(ctx, fmt.Sprint("g", i))), "members of deleted users are left in g%d", i)
	}
	p, err := c.GetPolicy(ctx, readOnly)
	require.NoError(t, err)
	var fp *FakePolicy
	require.True(t, p.As(&fp))
	assert.Zero(t, fp.AttachmentCount, "attachments of deleted users are left")
}
