package aliyun_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func ExampleRAMClient_CreateGroup() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	out := must(c.CreateGroup(ctx, &aliyun.RAMCreateGroupInput{GroupName: "dev-team", Comments: "Developers"}))
	fmt.Println(out.Group.GroupName, out.Group.Comments)
	_, err := c.CreateGroup(ctx, &aliyun.RAMCreateGroupInput{GroupName: "dev-team"})
	fmt.Println(errors.Is(err, iam.ErrAlreadyExists)) // EntityAlreadyExists.Group
	// Output:
	// dev-team Developers
	// true
}

func ExampleRAMClient_AddUserToGroup() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "alice"}))
	must(c.CreateGroup(ctx, &aliyun.RAMCreateGroupInput{GroupName: "dev-team"}))
	must(c.AddUserToGroup(ctx, &aliyun.RAMGroupMemberInput{GroupName: "dev-team", UserName: "alice"}))
	for u, err := range c.AllUsersForGroup(ctx, "dev-team", 0) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.UserName)
	}
	groups := must(c.ListGroupsForUser(ctx, &aliyun.RAMListGroupsForUserInput{UserName: "alice"}))
	fmt.Println(groups.Groups[0].GroupName)
	_, err := c.DeleteGroup(ctx, &aliyun.RAMDeleteGroupInput{GroupName: "dev-team"})
	fmt.Println(errors.Is(err, iam.ErrFailedPrecondition)) // DeleteConflict.Group.User
	// Output:
	// alice
	// dev-team
	// true
}

func ExampleRAMClient_AttachPolicyToGroup() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreateGroup(ctx, &aliyun.RAMCreateGroupInput{GroupName: "auditors"}))
	must(c.AttachPolicyToGroup(ctx, &aliyun.RAMPolicyAttachmentInput{
		GroupName: "auditors", PolicyName: "ReadOnlyAccess", PolicyType: aliyun.RAMPolicySystem,
	}))
	out := must(c.ListPoliciesForGroup(ctx, &aliyun.RAMListPoliciesForInput{GroupName: "auditors"}))
	for _, p := range out.Policies {
		fmt.Println(p.PolicyName, p.PolicyType)
	}
	_, err := c.AttachPolicyToGroup(ctx, &aliyun.RAMPolicyAttachmentInput{
		GroupName: "auditors", PolicyName: "NoSuchPolicy", PolicyType: aliyun.RAMPolicySystem,
	})
	fmt.Println(errors.Is(err, iam.ErrNotFound)) // EntityNotExist.Policy
	// Output:
	// ReadOnlyAccess System
	// true
}

func ExampleRAMClient_CreatePolicy() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	out := must(c.CreatePolicy(ctx, &aliyun.RAMCreatePolicyInput{
		PolicyName:     "ecs-read",
		Description:    "Read ECS instances",
		PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`,
	}))
	fmt.Println(out.Policy.PolicyName, out.Policy.PolicyType, out.Policy.DefaultVersion)
	got := must(c.GetPolicy(ctx, &aliyun.RAMGetPolicyInput{PolicyName: "ecs-read", PolicyType: aliyun.RAMPolicyCustom}))
	fmt.Println(got.DefaultPolicyVersion.PolicyDocument)
	// Output:
	// ecs-read Custom v1
	// {"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}
}

// A custom policy's document changes through a new default version.
func ExampleRAMClient_CreatePolicyVersion() {
	c, done := ramClient()
	defer done()
	ctx := context.Background()
	must(c.CreatePolicy(ctx, &aliyun.RAMCreatePolicyInput{PolicyName: "oss-read",
		PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"}]}`}))
	v := must(c.CreatePolicyVersion(ctx, &aliyun.RAMCreatePolicyVersionInput{
		PolicyName:     "oss-read",
		PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Get*","oss:List*"],"Resource":"*"}]}`,
		SetAsDefault:   true,
		RotateStrategy: aliyun.RAMRotateDeleteOldest, // never fails on the 5-version limit
	}))
	fmt.Println(v.PolicyVersion.VersionID, v.PolicyVersion.IsDefaultVersion)
	versions := must(c.ListPolicyVersions(ctx, &aliyun.RAMListPolicyVersionsInput{PolicyName: "oss-read", PolicyType: aliyun.RAMPolicyCustom}))
	for _, pv := range versions.PolicyVersions {
		fmt.Println(pv.VersionID, pv.IsDefaultVersion)
	}
	_, err := c.DeletePolicyVersion(ctx, &aliyun.RAMPolicyVersionInput{PolicyName: "oss-read", VersionID: "v2"})
	fmt.Println(errors.Is(err, iam.ErrFailedPrecondition)) // DeleteConflict.Policy.Version.Default
	// Output:
	// v2 true
	// v1 false
	// v2 true
	// true
}

func ExampleRAMClient_AllPolicies() {
	c, done := ramClient()
	defer done()
	n := 0
	for p, err := range c.AllPolicies(context.Background(), &aliyun.RAMListPoliciesInput{PolicyType: aliyun.RAMPolicySystem}) {
		if err != nil {
			log.Fatal(err)
		}
		if p.PolicyName == "AliyunSTSAssumeRoleAccess" {
			fmt.Println(p.PolicyName, p.PolicyType)
		}
		n++
	}
	fmt.Println(n > 20)
	// Output:
	// AliyunSTSAssumeRoleAccess System
	// true
}

func ExampleIDaaSClient_CreateGroup() {
	c, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	alice := must(srv.AddIDaaSUser(aliyuntest.User{Name: "alice", Enabled: true}))
	g := must(c.CreateGroup(ctx, &aliyun.IDaaSCreateGroupInput{GroupName: "Sales EMEA", Description: "sellers"}))
	must(c.AddUsersToGroup(ctx, &aliyun.IDaaSGroupUsersInput{GroupID: g.GroupID, UserIDs: []string{alice.ID}}))
	members := must(c.ListUsersForGroup(ctx, &aliyun.IDaaSListUsersForGroupInput{GroupID: g.GroupID}))
	fmt.Println(members.TotalCount, members.Users[0].UserID == alice.ID, members.Users[0].GroupMemberRelationSourceType)
	got := must(c.GetGroup(ctx, &aliyun.IDaaSGroupInput{GroupID: g.GroupID}))
	fmt.Println(got.Group.GroupName, got.Group.Description)
	// Output:
	// 1 true build_in
	// Sales EMEA sellers
}

// The portable API: a group with a read-only policy, and a user in it.
// Deleting them removes the membership and the attachment first.
func ExampleRAMClient_IAM_groups() {
	rc, done := ramClient()
	defer done()
	ctx := context.Background()
	c := rc.IAM()
	must(c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}))
	must(c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read only"}))
	if err := c.AttachGroupPolicy(ctx, "readers", iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}); err != nil {
		log.Fatal(err)
	}
	if err := c.AddUserToGroup(ctx, "readers", "alice"); err != nil {
		log.Fatal(err)
	}
	for p, err := range c.ListGroupPolicies(ctx, "readers") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Name, p.Type)
	}
	for g, err := range c.ListUserGroups(ctx, "alice") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(g.Name, g.Description)
	}
	fmt.Println(c.DeleteGroup(ctx, "readers"), c.DeleteUser(ctx, "alice"))
	// Output:
	// ReadOnlyAccess system
	// readers read only
	// <nil> <nil>
}

// EIAM has groups and no cloud-resource policies.
func ExampleIDaaSClient_IAM_groups() {
	ic, srv := idaasClient()
	defer srv.Close()
	ctx := context.Background()
	c := ic.IAM()
	must(c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}))
	must(c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "sales"}))
	if err := c.AddUserToGroup(ctx, "sales", "alice"); err != nil {
		log.Fatal(err)
	}
	for u, err := range c.ListGroupUsers(ctx, "sales") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Name)
	}
	err := c.AttachGroupPolicy(ctx, "sales", iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem})
	fmt.Println(errors.Is(err, iam.ErrUnsupported))
	// Output:
	// alice
	// true
}
