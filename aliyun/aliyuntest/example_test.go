package aliyuntest_test

import (
	"fmt"
	"log"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
)

// Tests seed users the API would not create (RAM names with '@' from the
// older naming rule, EIAM accounts synchronized from other directories) and
// inspect what a client did, through this package's own types.
func ExampleServer_AddUser() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	if _, err := srv.AddUser(aliyuntest.User{Name: "alice@example.com", Description: "named under the old rule"}); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddIDaaSUser(aliyuntest.User{Name: "Zoë Lin", Phone: "86-13800000000", Enabled: true}); err != nil {
		log.Fatal(err)
	}
	for _, u := range srv.Users() {
		fmt.Println("RAM:", u.Name, u.Description)
	}
	for _, u := range srv.IDaaSUsers() {
		fmt.Println("EIAM:", u.Name, u.Phone, u.Enabled)
	}
	_, hasLogin := srv.LoginProfile("alice@example.com")
	fmt.Println(len(srv.AccessKeys("alice@example.com")), hasLogin)
	// Output:
	// RAM: alice@example.com named under the old rule
	// EIAM: Zoë Lin 86-13800000000 true
	// 0 false
}

func ExampleWithSessionToken() {
	srv := aliyuntest.NewServer(
		aliyuntest.WithCredentials("STS.NUEXAMPLE0001", "sts-secret"),
		aliyuntest.WithSessionToken("CAIS+example=="),
	)
	defer srv.Close()
	id, _ := srv.Credentials()
	// Clients must send the token with the key: aliyun.Config.SessionToken.
	fmt.Println(id, srv.SessionToken())
	// Output: STS.NUEXAMPLE0001 CAIS+example==
}

// Tests seed groups, members and policy attachments, and inspect what a
// client left behind.
func ExampleServer_AddGroup() {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	if _, err := srv.AddUser(aliyuntest.User{Name: "alice"}); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddGroup(aliyuntest.Group{Name: "auditors", Description: "read everything"}); err != nil {
		log.Fatal(err)
	}
	if err := srv.AddGroupMember("auditors", "alice"); err != nil {
		log.Fatal(err)
	}
	if err := srv.AddGroupPolicy("auditors", "System", "ReadOnlyAccess"); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddPolicy(aliyuntest.Policy{Name: "ecs-read"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.GroupMembers("auditors"), srv.UserGroups("alice"))
	for _, a := range srv.GroupPolicies("auditors") {
		fmt.Println(a.PolicyType, a.PolicyName)
	}
	fmt.Println(srv.Policies("Custom")[0].Document)
	// Output:
	// [alice] [auditors]
	// System ReadOnlyAccess
	// {"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}
}

// WithRAMLimits lowers RAM's quotas, to test what a client does when one
// is reached.
func ExampleWithRAMLimits() {
	srv := aliyuntest.NewServer(aliyuntest.WithRAMLimits(aliyuntest.RAMLimits{Groups: 10}))
	defer srv.Close()
	fmt.Println(aliyuntest.DefaultRAMLimits().Groups, aliyuntest.DefaultRAMLimits().VersionsPerPolicy)
	// Output: 50 5
}
