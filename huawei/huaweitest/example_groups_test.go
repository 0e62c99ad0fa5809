package huaweitest_test

import (
	"fmt"
	"strings"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

func ExampleEmulator_AddGroup() {
	srv := huaweitest.NewServer()
	defer srv.Close()

	if _, err := srv.AddUser(huaweitest.User{Name: "alice", Enabled: true}); err != nil {
		panic(err)
	}
	g, err := srv.AddGroup(huaweitest.Group{Name: "readers", Description: "read-only people"})
	if err != nil {
		panic(err)
	}
	if err := srv.AddUserToGroup("readers", "alice"); err != nil {
		panic(err)
	}
	fmt.Println(len(g.ID), g.Name, srv.GroupMembers("readers"))
	// Output: 32 readers [alice]
}

func ExampleEmulator_AddGrant() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	if _, err := srv.AddGroup(huaweitest.Group{Name: "readers"}); err != nil {
		panic(err)
	}
	// Tenant Guest (AA) on the account, ECS ReadOnlyAccess (XA) in one
	// region project; an XA permission cannot be granted on the account.
	for _, g := range []huaweitest.Grant{
		{GroupName: "readers", PermissionName: "Tenant Guest", Scope: huaweitest.ScopeDomain},
		{GroupName: "readers", PermissionName: "ECS ReadOnlyAccess", Scope: huaweitest.ScopeProject, Project: "cn-north-4"},
		{GroupName: "readers", PermissionName: "ECS ReadOnlyAccess", Scope: huaweitest.ScopeDomain},
	} {
		fmt.Println(srv.AddGrant(g) == nil)
	}
	for _, g := range srv.Grants("readers") {
		fmt.Println(strings.TrimSpace(g.PermissionName + " on " + string(g.Scope) + " " + g.Project))
	}
	// Output:
	// true
	// true
	// false
	// Tenant Guest on domain
	// ECS ReadOnlyAccess on project cn-north-4
}

func ExampleEmulator_Permissions() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	for _, p := range srv.Permissions() {
		switch p.DisplayName {
		case "Tenant Guest", "FullAccess", "OBS ReadOnlyAccess", "ECS ReadOnlyAccess":
			fmt.Println(p.DisplayName, p.Kind, p.Type, p.Name)
		}
	}
	// Output:
	// Tenant Guest role AA readonly
	// FullAccess policy AA system_all_1001
	// OBS ReadOnlyAccess policy AX system_all_36
	// ECS ReadOnlyAccess policy XA system_all_2
}

func ExampleEmulator_Projects() {
	srv := huaweitest.NewServer(huaweitest.WithProjects("cn-north-4", "ap-southeast-1"))
	defer srv.Close()
	if _, err := srv.AddProject("cn-north-4_dev"); err != nil {
		panic(err)
	}
	for _, p := range srv.Projects() {
		fmt.Println(p.Name, len(p.ID))
	}
	// Output:
	// cn-north-4 32
	// ap-southeast-1 32
	// cn-north-4_dev 32
}
