package baidu

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestGroupPolicyValidation: every native group, policy and role call
// refuses bad input with ErrInvalidArgument naming the native field, before
// any request.
func TestGroupPolicyValidation(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("组", 65) // 65 characters
	type call = func(c *Client) error
	do := func(f func(c *Client) (any, error)) call { return func(c *Client) error { _, err := f(c); return err } }
	cases := []struct {
		name  string
		call  call
		field string
	}{
		{"CreateGroup nil", do(func(c *Client) (any, error) { return c.CreateGroup(ctx, nil) }), "in"},
		{"CreateGroup empty", do(func(c *Client) (any, error) { return c.CreateGroup(ctx, &CreateGroupInput{}) }), "Name"},
		{"CreateGroup long", do(func(c *Client) (any, error) { return c.CreateGroup(ctx, &CreateGroupInput{Name: long}) }), "Name"},
		{"CreateGroup slash", do(func(c *Client) (any, error) { return c.CreateGroup(ctx, &CreateGroupInput{Name: "a/b"}) }), "Name"},
		{"CreateGroup long description", do(func(c *Client) (any, error) {
			return c.CreateGroup(ctx, &CreateGroupInput{Name: "g", Description: strings.Repeat("d", 129)})
		}), "Description"},
		{"GetGroup nil", do(func(c *Client) (any, error) { return c.GetGroup(ctx, nil) }), "in"},
		{"GetGroup empty", do(func(c *Client) (any, error) { return c.GetGroup(ctx, &GetGroupInput{}) }), "GroupName"},
		{"GetGroup query", do(func(c *Client) (any, error) { return c.GetGroup(ctx, &GetGroupInput{GroupName: "a?b"}) }), "GroupName"},
		{"GetGroup dotdot", do(func(c *Client) (any, error) { return c.GetGroup(ctx, &GetGroupInput{GroupName: ".."}) }), "GroupName"},
		{"UpdateGroup nil", do(func(c *Client) (any, error) { return c.UpdateGroup(ctx, nil) }), "in"},
		{"UpdateGroup empty", do(func(c *Client) (any, error) { return c.UpdateGroup(ctx, &UpdateGroupInput{}) }), "GroupName"},
		{"UpdateGroup empty rename", do(func(c *Client) (any, error) {
			return c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "g", NewName: iam.Ptr("")})
		}), "NewName"},
		{"UpdateGroup long rename", do(func(c *Client) (any, error) {
			return c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "g", NewName: iam.Ptr(long)})
		}), "NewName"},
		{"UpdateGroup long description", do(func(c *Client) (any, error) {
			return c.UpdateGroup(ctx, &UpdateGroupInput{GroupName: "g", Description: iam.Ptr(strings.Repeat("d", 129))})
		}), "Description"},
		{"DeleteGroup nil", do(func(c *Client) (any, error) { return c.DeleteGroup(ctx, nil) }), "in"},
		{"DeleteGroup hash", do(func(c *Client) (any, error) { return c.DeleteGroup(ctx, &DeleteGroupInput{GroupName: "a#b"}) }), "GroupName"},
		{"AddUserToGroup nil", do(func(c *Client) (any, error) { return c.AddUserToGroup(ctx, nil) }), "in"},
		{"AddUserToGroup no group", do(func(c *Client) (any, error) {
			return c.AddUserToGroup(ctx, &AddUserToGroupInput{UserName: "u"})
		}), "GroupName"},
		{"AddUserToGroup no user", do(func(c *Client) (any, error) {
			return c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupName: "g"})
		}), "UserName"},
		{"RemoveUserFromGroup slash", do(func(c *Client) (any, error) {
			return c.RemoveUserFromGroup(ctx, &RemoveUserFromGroupInput{GroupName: "g", UserName: "a/b"})
		}), "UserName"},
		{"ListUsersInGroup nil", do(func(c *Client) (any, error) { return c.ListUsersInGroup(ctx, nil) }), "in"},
		{"ListUsersInGroup empty", do(func(c *Client) (any, error) { return c.ListUsersInGroup(ctx, &ListUsersInGroupInput{}) }), "GroupName"},
		{"ListGroupsForUser nil", do(func(c *Client) (any, error) { return c.ListGroupsForUser(ctx, nil) }), "in"},
		{"ListGroupsForUser empty", do(func(c *Client) (any, error) { return c.ListGroupsForUser(ctx, &ListGroupsForUserInput{}) }), "UserName"},

		{"CreatePolicy nil", do(func(c *Client) (any, error) { return c.CreatePolicy(ctx, nil) }), "in"},
		{"CreatePolicy empty", do(func(c *Client) (any, error) { return c.CreatePolicy(ctx, &CreatePolicyInput{Document: aclDoc}) }), "Name"},
		{"CreatePolicy long", do(func(c *Client) (any, error) {
			return c.CreatePolicy(ctx, &CreatePolicyInput{Name: long, Document: aclDoc})
		}), "Name"},
		{"CreatePolicy no document", do(func(c *Client) (any, error) { return c.CreatePolicy(ctx, &CreatePolicyInput{Name: "p"}) }), "Document"},
		{"CreatePolicy not JSON", do(func(c *Client) (any, error) {
			return c.CreatePolicy(ctx, &CreatePolicyInput{Name: "p", Document: "{allow all"})
		}), "Document"},
		{"GetPolicy nil", do(func(c *Client) (any, error) { return c.GetPolicy(ctx, nil) }), "in"},
		{"GetPolicy empty", do(func(c *Client) (any, error) { return c.GetPolicy(ctx, &GetPolicyInput{}) }), "PolicyName"},
		{"GetPolicy bad type", do(func(c *Client) (any, error) {
			return c.GetPolicy(ctx, &GetPolicyInput{PolicyName: "p", PolicyType: "system"})
		}), "PolicyType"},
		{"UpdatePolicy nil", do(func(c *Client) (any, error) { return c.UpdatePolicy(ctx, nil) }), "in"},
		{"UpdatePolicy empty", do(func(c *Client) (any, error) { return c.UpdatePolicy(ctx, &UpdatePolicyInput{}) }), "PolicyName"},
		{"UpdatePolicy long rename", do(func(c *Client) (any, error) {
			return c.UpdatePolicy(ctx, &UpdatePolicyInput{PolicyName: "p", NewName: iam.Ptr(long)})
		}), "NewName"},
		{"UpdatePolicy bad document", do(func(c *Client) (any, error) {
			return c.UpdatePolicy(ctx, &UpdatePolicyInput{PolicyName: "p", Document: iam.Ptr("")})
		}), "Document"},
		{"DeletePolicy nil", do(func(c *Client) (any, error) { return c.DeletePolicy(ctx, nil) }), "in"},
		{"DeletePolicy percent", do(func(c *Client) (any, error) { return c.DeletePolicy(ctx, &DeletePolicyInput{PolicyName: "a%2F"}) }), "PolicyName"},
		{"ListPolicies bad type", do(func(c *Client) (any, error) {
			return c.ListPolicies(ctx, &ListPoliciesInput{PolicyType: "All"})
		}), "PolicyType"},
		{"ListPolicies bad filter", do(func(c *Client) (any, error) {
			return c.ListPolicies(ctx, &ListPoliciesInput{NameFilter: "a\xffb"})
		}), "NameFilter"},
		{"AttachPolicyToUser nil", do(func(c *Client) (any, error) { return c.AttachPolicyToUser(ctx, nil) }), "in"},
		{"AttachPolicyToUser no user", do(func(c *Client) (any, error) {
			return c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{PolicyName: "p"})
		}), "UserName"},
		{"AttachPolicyToUser no policy", do(func(c *Client) (any, error) {
			return c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{UserName: "u"})
		}), "PolicyName"},
		{"AttachPolicyToUser bad type", do(func(c *Client) (any, error) {
			return c.AttachPolicyToUser(ctx, &AttachPolicyToUserInput{UserName: "u", PolicyName: "p", PolicyType: "custom"})
		}), "PolicyType"},
		{"DetachPolicyFromUser nil", do(func(c *Client) (any, error) { return c.DetachPolicyFromUser(ctx, nil) }), "in"},
		{"ListUserAttachedPolicies nil", do(func(c *Client) (any, error) { return c.ListUserAttachedPolicies(ctx, nil) }), "in"},
		{"ListUserAttachedPolicies empty", do(func(c *Client) (any, error) {
			return c.ListUserAttachedPolicies(ctx, &ListUserAttachedPoliciesInput{})
		}), "UserName"},
		{"AttachPolicyToGroup nil", do(func(c *Client) (any, error) { return c.AttachPolicyToGroup(ctx, nil) }), "in"},
		{"AttachPolicyToGroup no group", do(func(c *Client) (any, error) {
			return c.AttachPolicyToGroup(ctx, &AttachPolicyToGroupInput{PolicyName: "p"})
		}), "GroupName"},
		{"DetachPolicyFromGroup slash policy", do(func(c *Client) (any, error) {
			return c.DetachPolicyFromGroup(ctx, &DetachPolicyFromGroupInput{GroupName: "g", PolicyName: "a/b"})
		}), "PolicyName"},
		{"ListGroupAttachedPolicies nil", do(func(c *Client) (any, error) { return c.ListGroupAttachedPolicies(ctx, nil) }), "in"},
		{"ListGroupAttachedPolicies empty", do(func(c *Client) (any, error) {
			return c.ListGroupAttachedPolicies(ctx, &ListGroupAttachedPoliciesInput{})
		}), "GroupName"},
		{"AttachPolicyToRole nil", do(func(c *Client) (any, error) { return c.AttachPolicyToRole(ctx, nil) }), "in"},
		{"AttachPolicyToRole no role", do(func(c *Client) (any, error) {
			return c.AttachPolicyToRole(ctx, &AttachPolicyToRoleInput{PolicyName: "p"})
		}), "RoleName"},
		{"DetachPolicyFromRole bad type", do(func(c *Client) (any, error) {
			return c.DetachPolicyFromRole(ctx, &DetachPolicyFromRoleInput{RoleName: "r", PolicyName: "p", PolicyType: "X"})
		}), "PolicyType"},
		{"ListRoleAttachedPolicies nil", do(func(c *Client) (any, error) { return c.ListRoleAttachedPolicies(ctx, nil) }), "in"},
		{"ListPolicyAttachedEntities nil", do(func(c *Client) (any, error) { return c.ListPolicyAttachedEntities(ctx, nil) }), "in"},
		{"ListPolicyAttachedEntities empty", do(func(c *Client) (any, error) {
			return c.ListPolicyAttachedEntities(ctx, &ListPolicyAttachedEntitiesInput{})
		}), "PolicyID"},
		{"ListPolicyGrantedEntities nil", do(func(c *Client) (any, error) { return c.ListPolicyGrantedEntities(ctx, nil) }), "in"},
		{"ListPolicyGrantedEntities no type", do(func(c *Client) (any, error) {
			return c.ListPolicyGrantedEntities(ctx, &ListPolicyGrantedEntitiesInput{PolicyID: "p"})
		}), "GrantType"},

		{"CreateRole nil", do(func(c *Client) (any, error) { return c.CreateRole(ctx, nil) }), "in"},
		{"CreateRole empty", do(func(c *Client) (any, error) {
			return c.CreateRole(ctx, &CreateRoleInput{AssumeRolePolicyDocument: "{}"})
		}), "Name"},
		{"CreateRole no document", do(func(c *Client) (any, error) { return c.CreateRole(ctx, &CreateRoleInput{Name: "r"}) }),
			"AssumeRolePolicyDocument"},
		{"GetRole nil", do(func(c *Client) (any, error) { return c.GetRole(ctx, nil) }), "in"},
		{"GetRole space", do(func(c *Client) (any, error) { return c.GetRole(ctx, &GetRoleInput{RoleName: "a b"}) }), "RoleName"},
		{"UpdateRole nil", do(func(c *Client) (any, error) { return c.UpdateRole(ctx, nil) }), "in"},
		{"UpdateRole bad document", do(func(c *Client) (any, error) {
			return c.UpdateRole(ctx, &UpdateRoleInput{RoleName: "r", AssumeRolePolicyDocument: iam.Ptr("[")})
		}), "AssumeRolePolicyDocument"},
		{"DeleteRole nil", do(func(c *Client) (any, error) { return c.DeleteRole(ctx, nil) }), "in"},
		{"DeleteRole empty", do(func(c *Client) (any, error) { return c.DeleteRole(ctx, &DeleteRoleInput{}) }), "RoleName"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newMocked(t, 200, `{}`)
			err := tt.call(c)
			require.Error(t, err)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%T %v", err, err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, Scheme, e.Provider)
			assert.Equal(t, 0, rec.count(), "no request may be sent")
		})
	}
}

// TestPortableGroupPolicyValidation: the portable calls refuse what Baidu's
// paths cannot carry, with the iam package's Field names, before any
// request (the iam.Client checks emptiness and lengths; the driver the
// rest).
func TestPortableGroupPolicyValidation(t *testing.T) {
	ctx := context.Background()
	sys := iam.PolicyRef{Name: "CAReadAccessPolicy", Type: iam.PolicySystem}
	bad := iam.PolicyRef{Name: "a/b", Type: iam.PolicyCustom}
	for _, tt := range []struct {
		name  string
		call  func(c *iam.Client) error
		field string
	}{
		{"CreateGroup slash", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "a/b"})
			return err
		}, "Name"},
		{"CreateGroup long", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: strings.Repeat("g", 65)})
			return err
		}, "Name"},
		{"CreateGroup long description", func(c *iam.Client) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "g", Description: strings.Repeat("d", 129)})
			return err
		}, "Description"},
		{"GetGroup query", func(c *iam.Client) error { _, err := c.GetGroup(ctx, "a?b"); return err }, "groupName"},
		{"UpdateGroup rename slash", func(c *iam.Client) error {
			_, err := c.UpdateGroup(ctx, "g", &iam.UpdateGroupInput{NewName: iam.Ptr("a/b")})
			return err
		}, "NewName"},
		{"DeleteGroup hash", func(c *iam.Client) error { return c.DeleteGroup(ctx, "a#b") }, "groupName"},
		{"AddUserToGroup group", func(c *iam.Client) error { return c.AddUserToGroup(ctx, "a b", "u") }, "groupName"},
		{"AddUserToGroup user", func(c *iam.Client) error { return c.AddUserToGroup(ctx, "g", "a/b") }, "userName"},
		{"RemoveUserFromGroup user", func(c *iam.Client) error { return c.RemoveUserFromGroup(ctx, "g", "..") }, "userName"},
		{"ListGroupUsers", func(c *iam.Client) error {
			for _, err := range c.ListGroupUsers(ctx, "a/b") {
				return err
			}
			return nil
		}, "groupName"},
		{"ListUserGroups", func(c *iam.Client) error {
			for _, err := range c.ListUserGroups(ctx, "a/b") {
				return err
			}
			return nil
		}, "userName"},
		{"GetPolicy slash", func(c *iam.Client) error { _, err := c.GetPolicy(ctx, bad); return err }, "PolicyRef.Name"},
		{"CreatePolicy slash", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "a/b", Document: aclDoc})
			return err
		}, "Name"},
		{"CreatePolicy not JSON", func(c *iam.Client) error {
			_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: "p", Document: "allow"})
			return err
		}, "Document"},
		{"DeletePolicy percent", func(c *iam.Client) error { return c.DeletePolicy(ctx, "a%b") }, "policyName"},
		{"AttachUserPolicy user", func(c *iam.Client) error { return c.AttachUserPolicy(ctx, "a/b", sys) }, "userName"},
		{"AttachUserPolicy policy", func(c *iam.Client) error { return c.AttachUserPolicy(ctx, "u", bad) }, "PolicyRef.Name"},
		{"DetachUserPolicy policy", func(c *iam.Client) error { return c.DetachUserPolicy(ctx, "u", bad) }, "PolicyRef.Name"},
		{"AttachGroupPolicy group", func(c *iam.Client) error { return c.AttachGroupPolicy(ctx, "a/b", sys) }, "groupName"},
		{"DetachGroupPolicy policy", func(c *iam.Client) error { return c.DetachGroupPolicy(ctx, "g", bad) }, "PolicyRef.Name"},
		{"ListUserPolicies", func(c *iam.Client) error {
			for _, err := range c.ListUserPolicies(ctx, "a?b") {
				return err
			}
			return nil
		}, "userName"},
		{"ListGroupPolicies", func(c *iam.Client) error {
			for _, err := range c.ListGroupPolicies(ctx, "a?b") {
				return err
			}
			return nil
		}, "groupName"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newMocked(t, 200, `{}`)
			err := tt.call(c.IAM())
			require.Error(t, err)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%T %v", err, err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind, e.Error())
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, 0, rec.count(), "no request may be sent")
		})
	}
	// Project-scope grants do not exist on Baidu: the iam.Client refuses.
	c, rec := newMocked(t, 200, `{}`)
	err := c.IAM().AttachGroupPolicy(ctx, "g", iam.PolicyRef{Name: "p", Type: iam.PolicySystem, Project: "bj"})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	assert.Equal(t, 0, rec.count())
}
