package baidutest_test

import (
	"fmt"
	"log"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
)

func ExampleEmulator_AddGroup() {
	srv := baidutest.NewServer()
	defer srv.Close()

	// Seed a group with a member and a system policy, as the code under
	// test expects to find them.
	if _, err := srv.AddUser(baidutest.User{Name: "alice", Enabled: true}); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddGroup(baidutest.Group{Name: "readers", Description: "read only"}); err != nil {
		log.Fatal(err)
	}
	if err := srv.AddGroupMember("readers", "alice"); err != nil {
		log.Fatal(err)
	}
	if err := srv.AttachGroupPolicy("readers", "QianfanReadAccessPolicy", baidutest.PolicySystem); err != nil {
		log.Fatal(err)
	}
	// ... run the code under test against srv.URL, then inspect:
	fmt.Println(srv.GroupMembers("readers"), srv.UserGroups("alice"))
	for _, a := range srv.GroupPolicies("readers") {
		fmt.Println(a.PolicyName, a.PolicyType)
	}
	// Output:
	// [alice] [readers]
	// QianfanReadAccessPolicy System
}

func ExampleEmulator_AddPolicy() {
	srv := baidutest.NewServer()
	defer srv.Close()

	// A custom policy in Baidu's ACL format, and a system policy the
	// catalog lacks.
	p, err := srv.AddPolicy(baidutest.Policy{Name: "bcc_read",
		Document: `{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"]}]}`})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Type)
	if _, err := srv.AddPolicy(baidutest.Policy{Name: "BOSReadAccessPolicy", Type: baidutest.PolicySystem}); err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, p := range srv.Policies() {
		if p.Type == baidutest.PolicySystem {
			n++
		}
	}
	fmt.Println(n > 1)
	// Output:
	// bcc_read Custom
	// true
}

func ExampleWithMaxGroups() {
	// A smaller account, to test what the code does at Baidu's limits
	// (50 groups, 20 users per group, 5 policies per group by default).
	srv := baidutest.NewServer(baidutest.WithMaxGroups(1), baidutest.WithMaxUsersPerGroup(2), baidutest.WithMaxPoliciesPerGroup(1))
	defer srv.Close()
	if _, err := srv.AddGroup(baidutest.Group{Name: "only"}); err != nil {
		log.Fatal(err)
	}
	_, err := srv.AddGroup(baidutest.Group{Name: "second"})
	fmt.Println(err != nil)
	// Output: true
}
