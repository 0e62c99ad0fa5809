package huaweitest_test

import (
	"fmt"
	"strings"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

func ExampleNewServer() {
	srv := huaweitest.NewServer(huaweitest.WithMaxAccessKeysPerUser(2))
	defer srv.Close()

	// Point any Huawei IAM client (this module's huawei.Client, Huawei's own
	// SDKs) at srv.URL, signing with the account's root AK/SK and sending
	// srv.DomainID() as X-Domain-Id.
	ak, sk := srv.Credentials()
	fmt.Println(strings.HasPrefix(srv.URL, "http://127.0.0.1:"), len(ak), len(sk), srv.DomainID() == huaweitest.DefaultDomainID)
	// Output: true 20 40 true
}

func ExampleWithCredentials() {
	srv := huaweitest.NewServer(huaweitest.WithCredentials("HWAKEXAMPLE000000001", "example-secret"))
	defer srv.Close()
	fmt.Println(srv.Credentials())
	// Output: HWAKEXAMPLE000000001 example-secret
}

func ExampleWithSessionToken() {
	// The root AK/SK become temporary credentials: every request must carry
	// the token in the signed X-Security-Token header.
	srv := huaweitest.NewServer(huaweitest.WithSessionToken("security-token"))
	defer srv.Close()
	fmt.Println(srv.SessionToken())
	// Output: security-token
}

func ExampleEmulator_AddUser() {
	srv := huaweitest.NewServer()
	defer srv.Close()

	u, err := srv.AddUser(huaweitest.User{Name: "alice", Phone: "0086-13800000000", Enabled: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(u.ID), u.Name, u.Phone, u.Enabled)
	_, err = srv.AddUser(huaweitest.User{Name: "alice"})
	fmt.Println(err != nil)
	// Output:
	// 32 alice 0086-13800000000 true
	// true
}

func ExampleEmulator_Users() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	for _, name := range []string{"alice", "bob"} {
		if _, err := srv.AddUser(huaweitest.User{Name: name, Enabled: true}); err != nil {
			panic(err)
		}
	}
	for _, u := range srv.Users() {
		fmt.Println(u.Name)
	}
	// Output:
	// alice
	// bob
}

func ExampleEmulator_LoginProfile() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	if _, err := srv.AddUser(huaweitest.User{Name: "carol", Enabled: true}); err != nil {
		panic(err)
	}
	// A new user has console access (access_mode default) but no password
	// and no login protection yet.
	p, ok := srv.LoginProfile("carol")
	fmt.Println(ok, p.PasswordSet, p.MFARequired)
	fmt.Println(srv.AccessKeys("carol"))
	// Output:
	// true false false
	// []
}
