package huawei_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Through the portable API, a read-only group: users get permissions from
// their groups, and a permission is granted in the whole account or in one
// region project.
func Example_groupsAndPermissions() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()
	client := c.IAM()

	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	if _, err := client.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read-only people"}); err != nil {
		log.Fatal(err)
	}
	if err := client.AddUserToGroup(ctx, "readers", "alice"); err != nil {
		log.Fatal(err)
	}
	// Tenant Guest (a system role) in the whole account; ECS ReadOnlyAccess
	// (a system policy) in the region project cn-north-4 only.
	for _, ref := range []iam.PolicyRef{
		{Name: "Tenant Guest", Type: iam.PolicySystem},
		{Name: "ECS ReadOnlyAccess", Type: iam.PolicySystem, Project: "cn-north-4"},
	} {
		if err := client.AttachGroupPolicy(ctx, "readers", ref); err != nil {
			log.Fatal(err)
		}
	}
	for p, err := range client.ListGroupPolicies(ctx, "readers") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Name, p.Type, p.Project != "")
	}
	// Deleting the group takes its membership and grants with it.
	if err := client.DeleteGroup(ctx, "readers"); err != nil {
		log.Fatal(err)
	}
	for g, err := range client.ListUserGroups(ctx, "alice") {
		fmt.Println(g, err)
	}
	// Output:
	// Tenant Guest system false
	// ECS ReadOnlyAccess system true
}

// A custom policy in IAM's own document format, granted to a group.
func Example_customPolicy() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()
	client := c.IAM()

	p, err := client.CreatePolicy(ctx, &iam.CreatePolicyInput{
		Name:        "bucket lister",
		Description: "lists the account's OBS buckets",
		Document:    `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets"]}]}`,
	})
	if err != nil {
		log.Fatal(err)
	}
	var native *huawei.CustomPolicy
	p.As(&native)
	fmt.Println(p.Name, p.Type, native.Type) // OBS is a global service: AX
	if _, err := client.CreateGroup(ctx, &iam.CreateGroupInput{Name: "storage"}); err != nil {
		log.Fatal(err)
	}
	if err := client.AttachGroupPolicy(ctx, "storage", p.Ref()); err != nil {
		log.Fatal(err)
	}
	// DeletePolicy revokes the policy's grants first: IAM refuses to delete
	// a policy still granted.
	fmt.Println(client.DeletePolicy(ctx, "bucket lister"))
	// Output:
	// bucket lister custom AX
	// <nil>
}

// The native calls: a group, a system permission looked up by display name,
// and a grant on one region project.
func ExampleClient_AssociateGroupWithProjectPermission() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()

	g, err := c.CreateGroup(ctx, &huawei.CreateGroupInput{Name: "ecs-viewers"})
	if err != nil {
		log.Fatal(err)
	}
	var role *huawei.Role
	for r, err := range c.AllPermissions(ctx, &huawei.ListPermissionsInput{DisplayName: "ECS ReadOnlyAccess"}) {
		if err != nil {
			log.Fatal(err)
		}
		if r.DisplayName == "ECS ReadOnlyAccess" { // the filter matches loosely
			role = r
		}
	}
	projects, err := c.ListProjects(ctx, &huawei.ListProjectsInput{Name: "cn-north-4"})
	if err != nil {
		log.Fatal(err)
	}
	project := projects.Projects[0]
	if _, err := c.AssociateGroupWithProjectPermission(ctx, &huawei.ProjectGroupPermissionInput{
		ProjectID: project.ID, GroupID: g.Group.ID, RoleID: role.ID,
	}); err != nil {
		log.Fatal(err)
	}
	check, err := c.CheckProjectPermissionForGroup(ctx, &huawei.ProjectGroupPermissionInput{
		ProjectID: project.ID, GroupID: g.Group.ID, RoleID: role.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(role.Type, role.SystemPolicy(), project.Name, check.Granted)
	// Output: XA true cn-north-4 true
}
