package aliyun

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every documented rule of the group and policy actions is checked before
// a request leaves, with the native parameter's name.
func TestRAMGroupPolicyValidation(t *testing.T) {
	c, mt := newMockRAM(t)
	ctx := context.Background()
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		field string
		call  func() error
	}{
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, nil); return err }},
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, &RAMCreateGroupInput{}); return err }},
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: long(65)}); return err }},
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "dev team"}); return err }},
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "dev/team"}); return err }},
		{"Comments", func() error {
			_, err := c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "g", Comments: strings.Repeat("é", 129)})
			return err
		}},
		{"GroupName", func() error { _, err := c.GetGroup(ctx, &RAMGetGroupInput{}); return err }},
		{"GroupName", func() error { _, err := c.GetGroup(ctx, &RAMGetGroupInput{GroupName: "a\nb"}); return err }},
		{"GroupName", func() error { _, err := c.GetGroup(ctx, &RAMGetGroupInput{GroupName: long(65)}); return err }},
		{"NewGroupName", func() error {
			_, err := c.UpdateGroup(ctx, &RAMUpdateGroupInput{GroupName: "g", NewGroupName: "a?b"})
			return err
		}},
		{"NewComments", func() error {
			_, err := c.UpdateGroup(ctx, &RAMUpdateGroupInput{GroupName: "g", NewComments: long(129)})
			return err
		}},
		{"GroupName", func() error { _, err := c.DeleteGroup(ctx, &RAMDeleteGroupInput{}); return err }},
		{"MaxItems", func() error { _, err := c.ListGroups(ctx, &RAMListGroupsInput{MaxItems: 101}); return err }},
		{"MaxItems", func() error { _, err := c.ListGroups(ctx, &RAMListGroupsInput{MaxItems: -1}); return err }},
		{"GroupName", func() error { _, err := c.AddUserToGroup(ctx, &RAMGroupMemberInput{UserName: "u"}); return err }},
		{"UserName", func() error { _, err := c.AddUserToGroup(ctx, &RAMGroupMemberInput{GroupName: "g"}); return err }},
		{"UserName", func() error {
			_, err := c.RemoveUserFromGroup(ctx, &RAMGroupMemberInput{GroupName: "g", UserName: "\x00"})
			return err
		}},
		{"GroupName", func() error { _, err := c.ListUsersForGroup(ctx, nil); return err }},
		{"MaxItems", func() error {
			_, err := c.ListUsersForGroup(ctx, &RAMListUsersForGroupInput{GroupName: "g", MaxItems: 1001})
			return err
		}},
		{"UserName", func() error { _, err := c.ListGroupsForUser(ctx, &RAMListGroupsForUserInput{}); return err }},

		{"PolicyName", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyDocument: testDoc})
			return err
		}},
		{"PolicyName", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "has_underscore", PolicyDocument: testDoc})
			return err
		}},
		{"PolicyName", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: long(129), PolicyDocument: testDoc})
			return err
		}},
		{"PolicyDocument", func() error { _, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "p"}); return err }},
		{"PolicyDocument", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "p", PolicyDocument: long(6145)})
			return err
		}},
		{"Description", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "p", PolicyDocument: testDoc, Description: long(1025)})
			return err
		}},
		{"Tag.2.Key", func() error {
			_, err := c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "p", PolicyDocument: testDoc, Tags: []RAMTag{{Key: "a"}, {Value: "v"}}})
			return err
		}},
		{"PolicyType", func() error { _, err := c.GetPolicy(ctx, &RAMGetPolicyInput{PolicyName: "p"}); return err }},
		{"PolicyType", func() error {
			_, err := c.GetPolicy(ctx, &RAMGetPolicyInput{PolicyName: "p", PolicyType: "system"})
			return err
		}},
		{"PolicyName", func() error { _, err := c.GetPolicy(ctx, &RAMGetPolicyInput{PolicyType: RAMPolicySystem}); return err }},
		{"NewDescription", func() error {
			_, err := c.UpdatePolicyDescription(ctx, &RAMUpdatePolicyDescriptionInput{PolicyName: "p"})
			return err
		}},
		{"NewDescription", func() error {
			_, err := c.UpdatePolicyDescription(ctx, &RAMUpdatePolicyDescriptionInput{PolicyName: "p", NewDescription: long(1025)})
			return err
		}},
		{"PolicyName", func() error { _, err := c.DeletePolicy(ctx, &RAMDeletePolicyInput{}); return err }},
		{"PolicyType", func() error { _, err := c.ListPolicies(ctx, &RAMListPoliciesInput{PolicyType: "All"}); return err }},
		{"MaxItems", func() error { _, err := c.ListPolicies(ctx, &RAMListPoliciesInput{MaxItems: 1001}); return err }},
		{"PolicyType", func() error {
			_, err := c.AttachPolicyToUser(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", UserName: "u"})
			return err
		}},
		{"UserName", func() error {
			_, err := c.AttachPolicyToUser(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", PolicyType: RAMPolicySystem})
			return err
		}},
		{"GroupName", func() error {
			_, err := c.AttachPolicyToUser(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", PolicyType: RAMPolicySystem, UserName: "u", GroupName: "g"})
			return err
		}},
		{"GroupName", func() error {
			_, err := c.DetachPolicyFromGroup(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", PolicyType: RAMPolicySystem})
			return err
		}},
		{"RoleName", func() error {
			_, err := c.AttachPolicyToRole(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", PolicyType: RAMPolicySystem})
			return err
		}},
		{"ResourceGroupId", func() error {
			_, err := c.AttachPolicyToGroup(ctx, &RAMPolicyAttachmentInput{PolicyName: "p", PolicyType: RAMPolicySystem, GroupName: "g", ResourceGroupID: "rg x"})
			return err
		}},
		{"PolicyName", func() error { _, err := c.DetachPolicyFromUser(ctx, nil); return err }},
		{"UserName", func() error { _, err := c.ListPoliciesForUser(ctx, &RAMListPoliciesForInput{}); return err }},
		{"UserName", func() error {
			_, err := c.ListPoliciesForGroup(ctx, &RAMListPoliciesForInput{GroupName: "g", UserName: "u"})
			return err
		}},
		{"RoleName", func() error { _, err := c.ListPoliciesForRole(ctx, nil); return err }},
		{"PolicyType", func() error {
			_, err := c.ListEntitiesForPolicy(ctx, &RAMListEntitiesForPolicyInput{PolicyName: "p"})
			return err
		}},
		{"PolicyDocument", func() error {
			_, err := c.CreatePolicyVersion(ctx, &RAMCreatePolicyVersionInput{PolicyName: "p"})
			return err
		}},
		{"RotateStrategy", func() error {
			_, err := c.CreatePolicyVersion(ctx, &RAMCreatePolicyVersionInput{PolicyName: "p", PolicyDocument: testDoc, RotateStrategy: "Oldest"})
			return err
		}},
		{"VersionId", func() error {
			_, err := c.GetPolicyVersion(ctx, &RAMGetPolicyVersionInput{PolicyName: "p", PolicyType: RAMPolicyCustom})
			return err
		}},
		{"VersionId", func() error {
			_, err := c.GetPolicyVersion(ctx, &RAMGetPolicyVersionInput{PolicyName: "p", PolicyType: RAMPolicyCustom, VersionID: "1"})
			return err
		}},
		{"PolicyType", func() error {
			_, err := c.ListPolicyVersions(ctx, &RAMListPolicyVersionsInput{PolicyName: "p"})
			return err
		}},
		{"VersionId", func() error {
			_, err := c.DeletePolicyVersion(ctx, &RAMPolicyVersionInput{PolicyName: "p", VersionID: "vx"})
			return err
		}},
		{"PolicyName", func() error {
			_, err := c.SetDefaultPolicyVersion(ctx, &RAMPolicyVersionInput{VersionID: "v1"})
			return err
		}},
	}
	for _, tc := range cases {
		assertInvalid(t, tc.call(), tc.field)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "validation failures send nothing")

	// The wider group-name set of the current reference, and names at the limits.
	assert.Empty(t, ramNewGroupNameRule("a.b_c-D9"))
	assert.Empty(t, ramNewGroupNameRule(long(64)))
	assert.Empty(t, ramNewPolicyNameRule(long(128)))
	assert.Empty(t, documentRule(long(6144)))
	assert.Empty(t, versionIDRule("v12"))
}

func TestIDaaSGroupValidation(t *testing.T) {
	c, mt := newMockIDaaS(t)
	ctx := context.Background()
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "user_" + itoa(i)
		}
		return out
	}
	cases := []struct {
		field string
		call  func() error
	}{
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, nil); return err }},
		{"GroupName", func() error { _, err := c.CreateGroup(ctx, &IDaaSCreateGroupInput{}); return err }},
		{"GroupName", func() error {
			_, err := c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: strings.Repeat("组", 65)})
			return err
		}},
		{"Description", func() error {
			_, err := c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: "g", Description: strings.Repeat("d", 257)})
			return err
		}},
		{"GroupExternalId", func() error {
			_, err := c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: "g", GroupExternalID: strings.Repeat("x", 65)})
			return err
		}},
		{"InstanceId", func() error {
			_, err := c.CreateGroup(ctx, &IDaaSCreateGroupInput{InstanceID: "bad id", GroupName: "g"})
			return err
		}},
		{"GroupId", func() error { _, err := c.GetGroup(ctx, &IDaaSGroupInput{}); return err }},
		{"GroupId", func() error { _, err := c.DeleteGroup(ctx, &IDaaSGroupInput{GroupID: "group x"}); return err }},
		{"GroupName", func() error {
			_, err := c.UpdateGroup(ctx, &IDaaSUpdateGroupInput{GroupID: "group_1", GroupName: "a\tb"})
			return err
		}},
		{"Description", func() error {
			_, err := c.UpdateGroupDescription(ctx, &IDaaSUpdateGroupDescriptionInput{GroupID: "group_1", Description: strings.Repeat("d", 257)})
			return err
		}},
		{"PageSize", func() error { _, err := c.ListGroups(ctx, &IDaaSListGroupsInput{PageSize: 101}); return err }},
		{"PageNumber", func() error { _, err := c.ListGroups(ctx, &IDaaSListGroupsInput{PageNumber: -1}); return err }},
		{"GroupIds", func() error { _, err := c.ListGroups(ctx, &IDaaSListGroupsInput{GroupIDs: ids(101)}); return err }},
		{"GroupIds.2", func() error {
			_, err := c.ListGroups(ctx, &IDaaSListGroupsInput{GroupIDs: []string{"group_a", "bad id"}})
			return err
		}},
		{"UserIds", func() error { _, err := c.AddUsersToGroup(ctx, &IDaaSGroupUsersInput{GroupID: "group_1"}); return err }},
		{"UserIds", func() error {
			_, err := c.AddUsersToGroup(ctx, &IDaaSGroupUsersInput{GroupID: "group_1", UserIDs: ids(101)})
			return err
		}},
		{"GroupId", func() error {
			_, err := c.RemoveUsersFromGroup(ctx, &IDaaSGroupUsersInput{UserIDs: ids(1)})
			return err
		}},
		{"PageSize", func() error {
			_, err := c.ListUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: "group_1", PageSize: 101})
			return err
		}},
		{"UserIds.1", func() error {
			_, err := c.ListUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: "group_1", UserIDs: []string{""}})
			return err
		}},
		{"UserId", func() error { _, err := c.ListGroupsForUser(ctx, &IDaaSListGroupsForUserInput{}); return err }},
		{"PageNumber", func() error {
			_, err := c.ListGroupsForUser(ctx, &IDaaSListGroupsForUserInput{UserID: "user_1", PageNumber: -2})
			return err
		}},
	}
	for _, tc := range cases {
		assertInvalid(t, tc.call(), tc.field)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "validation failures send nothing")
	require.Empty(t, eiamNewGroupNameRule("研发 team (2).x@y_z-1"))
	require.NotEmpty(t, eiamNewGroupNameRule("a/b"))
}
