package iam_test

import (
	"context"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// grouper adds recorded group and policy operations to recorder.
type grouper struct{ *recorder }

func (g grouper) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	return &iam.Group{Name: in.Name}, g.note(ctx, "CreateGroup")
}
func (g grouper) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	return &iam.Group{Name: name}, g.note(ctx, "GetGroup")
}
func (g grouper) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	return &iam.Group{Name: name}, g.note(ctx, "UpdateGroup")
}
func (g grouper) DeleteGroup(ctx context.Context, name string) error {
	return g.note(ctx, "DeleteGroup")
}
func (g grouper) ListGroups(ctx context.Context, in *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	return one(g.note(ctx, "ListGroups"), &iam.Group{Name: "g"})
}
func (g grouper) AddUserToGroup(ctx context.Context, group, user string) error {
	return g.note(ctx, "AddUserToGroup")
}
func (g grouper) RemoveUserFromGroup(ctx context.Context, group, user string) error {
	return g.note(ctx, "RemoveUserFromGroup")
}
func (g grouper) ListGroupUsers(ctx context.Context, group string) iter.Seq2[*iam.User, error] {
	return one(g.note(ctx, "ListGroupUsers"), &iam.User{Name: "u"})
}
func (g grouper) ListUserGroups(ctx context.Context, user string) iter.Seq2[*iam.Group, error] {
	return one(g.note(ctx, "ListUserGroups"), &iam.Group{Name: "g"})
}
func (g grouper) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	return one(g.note(ctx, "ListPolicies"), &iam.Policy{Name: "p"})
}
func (g grouper) GetPolicy(ctx context.Context, ref iam.PolicyRef) (*iam.Policy, error) {
	return &iam.Policy{Name: ref.Name, Type: ref.Type}, g.note(ctx, "GetPolicy")
}
func (g grouper) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput) (*iam.Policy, error) {
	return &iam.Policy{Name: in.Name, Type: iam.PolicyCustom}, g.note(ctx, "CreatePolicy")
}
func (g grouper) DeletePolicy(ctx context.Context, name string) error {
	return g.note(ctx, "DeletePolicy")
}
func (g grouper) AttachUserPolicy(ctx context.Context, user string, ref iam.PolicyRef) error {
	return g.note(ctx, "AttachUserPolicy")
}
func (g grouper) DetachUserPolicy(ctx context.Context, user string, ref iam.PolicyRef) error {
	return g.note(ctx, "DetachUserPolicy")
}
func (g grouper) ListUserPolicies(ctx context.Context, user string) iter.Seq2[*iam.Policy, error] {
	return one(g.note(ctx, "ListUserPolicies"), &iam.Policy{Name: "p"})
}
func (g grouper) AttachGroupPolicy(ctx context.Context, group string, ref iam.PolicyRef) error {
	return g.note(ctx, "AttachGroupPolicy")
}
func (g grouper) DetachGroupPolicy(ctx context.Context, group string, ref iam.PolicyRef) error {
	return g.note(ctx, "DetachGroupPolicy")
}
func (g grouper) ListGroupPolicies(ctx context.Context, group string) iter.Seq2[*iam.Policy, error] {
	return one(g.note(ctx, "ListGroupPolicies"), &iam.Policy{Name: "p"})
}

func one[T any](err error, v *T) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if err != nil {
			yield(nil, err)
			return
		}
		yield(v, nil)
	}
}

func first[T any](seq iter.Seq2[*T, error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

func groupCaps() iam.Capabilities {
	c := fullCaps()
	c.Operations = append(append(append([]iam.Operation(nil), iam.Operations...), iam.GroupOperations...), iam.PolicyOperations...)
	c.Fields = append(c.Fields, iam.FieldGroupRename, iam.FieldGroupDescription)
	c.MaxGroupNameLength, c.MaxGroupDescriptionLength = 6, 4
	c.MaxPolicyNameLength, c.MaxPolicyDocumentLength = 6, 20
	return c
}

func TestGroupAndPolicyCalls(t *testing.T) {
	ctx := context.Background()
	r := &recorder{caps: groupCaps()}
	c := iam.NewClient(grouper{r}, iam.ClientOptions{})
	sys := iam.PolicyRef{Name: "ReadMe", Type: iam.PolicySystem}
	calls := []func() error{
		func() error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops", Description: "four"})
			return err
		},
		func() error { _, err := c.GetGroup(ctx, "ops"); return err },
		func() error {
			_, err := c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{NewName: iam.Ptr("dev")})
			return err
		},
		func() error { _, err := c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{}); return err },
		func() error { return c.DeleteGroup(ctx, "ops") },
		func() error { return first(c.ListGroups(ctx, nil)) },
		func() error { return c.AddUserToGroup(ctx, "ops", "alice") },
		func() error { return c.RemoveUserFromGroup(ctx, "ops", "alice") },
		func() error { return first(c.ListGroupUsers(ctx, "ops")) },
		func() error { return first(c.ListUserGroups(ctx, "alice")) },
		func() error { return first(c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem})) },
		func() error { _, err := c.GetPolicy(ctx, sys); return err },
		func() error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "mine", Document: "{}"})
			return err
		},
		func() error { return c.DeletePolicy(ctx, "mine") },
		func() error { return c.AttachUserPolicy(ctx, "alice", sys) },
		func() error { return c.DetachUserPolicy(ctx, "alice", sys) },
		func() error { return first(c.ListUserPolicies(ctx, "alice")) },
		func() error { return c.AttachGroupPolicy(ctx, "ops", sys) },
		func() error { return c.DetachGroupPolicy(ctx, "ops", sys) },
		func() error { return first(c.ListGroupPolicies(ctx, "ops")) },
	}
	for i, call := range calls {
		require.NoError(t, call(), "call %d", i)
	}
	assert.Equal(t, []string{"CreateGroup", "GetGroup", "UpdateGroup", "GetGroup", "DeleteGroup", "ListGroups",
		"AddUserToGroup", "RemoveUserFromGroup", "ListGroupUsers", "ListUserGroups", "ListPolicies", "GetPolicy",
		"CreatePolicy", "DeletePolicy", "AttachUserPolicy", "DetachUserPolicy", "ListUserPolicies",
		"AttachGroupPolicy", "DetachGroupPolicy", "ListGroupPolicies"}, r.calls)
}

func TestGroupAndPolicyRefusals(t *testing.T) {
	ctx := context.Background()
	sys := iam.PolicyRef{Name: "ReadMe", Type: iam.PolicySystem}
	tests := []struct {
		name  string
		noDrv bool
		call  func(c *iam.Client) error
		kind  iam.Kind
		field string
		op    iam.Operation
	}{
		{name: "driver without groups", noDrv: true, call: func(c *iam.Client) error { return c.DeleteGroup(ctx, "ops") },
			kind: iam.ErrUnsupported, op: iam.OpDeleteGroup},
		{name: "driver without policies", noDrv: true, call: func(c *iam.Client) error { return first(c.ListPolicies(ctx, nil)) },
			kind: iam.ErrUnsupported, op: iam.OpListPolicies},
		{name: "nil CreateGroup input", call: func(c *iam.Client) error { _, err := c.CreateGroup(ctx, nil); return err },
			kind: iam.ErrInvalidArgument, field: "in", op: iam.OpCreateGroup},
		{name: "group name too long", call: func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "toolong"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Name", op: iam.OpCreateGroup},
		{name: "group description too long", call: func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops", Description: "fives"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Description", op: iam.OpCreateGroup},
		{name: "empty groupName", call: func(c *iam.Client) error { return c.AddUserToGroup(ctx, "", "alice") },
			kind: iam.ErrInvalidArgument, field: "groupName", op: iam.OpAddUserToGroup},
		{name: "empty userName in a membership", call: func(c *iam.Client) error { return c.RemoveUserFromGroup(ctx, "ops", "") },
			kind: iam.ErrInvalidArgument, field: "userName", op: iam.OpRemoveUserFromGroup},
		{name: "clearing a group description", call: func(c *iam.Client) error {
			_, err := c.UpdateGroup(ctx, "ops", &iam.UpdateGroupInput{Description: iam.Ptr("")})
			return err
		}, kind: iam.ErrUnsupported, field: "Description", op: iam.OpUpdateGroup},
		{name: "policy without a type", call: func(c *iam.Client) error {
			return c.AttachUserPolicy(ctx, "alice", iam.PolicyRef{Name: "ReadMe"})
		}, kind: iam.ErrInvalidArgument, field: "PolicyRef.Type", op: iam.OpAttachUserPolicy},
		{name: "policy without a name", call: func(c *iam.Client) error {
			return c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Type: iam.PolicyCustom})
		}, kind: iam.ErrInvalidArgument, field: "PolicyRef.Name", op: iam.OpAttachGroupPolicy},
		{name: "project scope the cloud lacks", call: func(c *iam.Client) error {
			return c.AttachGroupPolicy(ctx, "ops", iam.PolicyRef{Name: "ReadMe", Type: iam.PolicySystem, Project: "cn-north-4"})
		}, kind: iam.ErrUnsupported, field: "PolicyRef.Project", op: iam.OpAttachGroupPolicy},
		{name: "unknown policy type in a list", call: func(c *iam.Client) error {
			return first(c.ListPolicies(ctx, &iam.ListPoliciesInput{Type: "managed"}))
		}, kind: iam.ErrInvalidArgument, field: "Type", op: iam.OpListPolicies},
		{name: "policy without a document", call: func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "mine"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Document", op: iam.OpCreatePolicy},
		{name: "document over the limit", call: func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "mine", Document: `{"Statement":[{"Effect":"Allow"}]}`})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Document", op: iam.OpCreatePolicy},
		{name: "nil ctx", call: func(c *iam.Client) error {
			var nilCtx context.Context
			return c.DetachGroupPolicy(nilCtx, "ops", sys)
		}, kind: iam.ErrInvalidArgument, field: "ctx", op: iam.OpDetachGroupPolicy},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{caps: groupCaps()}
			var d iam.Driver = grouper{r}
			if tc.noDrv {
				d = r
			}
			c := iam.NewClient(d, iam.ClientOptions{})
			err := tc.call(c)
			require.ErrorIs(t, err, tc.kind)
			var e *iam.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.field, e.Field)
			assert.Equal(t, string(tc.op), e.Op)
			assert.Empty(t, r.calls)
		})
	}
}
