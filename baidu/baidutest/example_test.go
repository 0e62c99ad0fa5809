package baidutest_test

import (
	"fmt"
	"strings"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
)

func ExampleNewServer() {
	srv := baidutest.NewServer(baidutest.WithMaxAccessKeysPerUser(2))
	defer srv.Close()

	// Point any Baidu IAM client (this module's baidu.Client, Baidu's own
	// SDKs) at srv.URL, signing with the emulator's root key.
	ak, sk := srv.Credentials()
	fmt.Println(strings.HasPrefix(srv.URL, "http://127.0.0.1:"), ak != "", sk != "")
	// Output: true true true
}

func ExampleWithCredentials() {
	srv := baidutest.NewServer(baidutest.WithCredentials("AKEXAMPLE", "example-secret"))
	defer srv.Close()
	fmt.Println(srv.Credentials())
	// Output: AKEXAMPLE example-secret
}

func ExampleWithSessionToken() {
	// The root key becomes temporary credentials: every request must carry
	// the token in the signed x-bce-security-token header.
	srv := baidutest.NewServer(baidutest.WithCredentials("AKSTS", "sts-secret"), baidutest.WithSessionToken("session-token"))
	defer srv.Close()
	fmt.Println(srv.SessionToken())
	// Output: session-token
}

func ExampleEmulator_AddUser() {
	srv := baidutest.NewServer()
	defer srv.Close()

	// Seed the account before the code under test runs. A seeded name may
	// break the rule CreateUser enforces, as older accounts' names do.
	for _, name := range []string{"alice", "legacy.user-1"} {
		if _, err := srv.AddUser(baidutest.User{Name: name, Description: "seeded", Enabled: true}); err != nil {
			fmt.Println(err)
		}
	}
	_, err := srv.AddUser(baidutest.User{Name: "bob", Email: "bob@example.com"})
	fmt.Println(err)

	for _, u := range srv.Users() {
		fmt.Println(u.Name, u.Description, u.Enabled)
	}
	// Output:
	// baidutest: AddUser: Baidu IAM users have no DisplayName, Email or Phone
	// alice seeded true
	// legacy.user-1 seeded true
}

func ExampleEmulator_LoginProfile() {
	srv := baidutest.NewServer()
	defer srv.Close()
	if _, err := srv.AddUser(baidutest.User{Name: "alice", Enabled: true}); err != nil {
		fmt.Println(err)
	}

	// After the code under test has run, inspect what it left.
	_, ok := srv.LoginProfile("alice")
	fmt.Println("console login:", ok)
	fmt.Println("access keys:", len(srv.AccessKeys("alice")))
	// Output:
	// console login: false
	// access keys: 0
}
