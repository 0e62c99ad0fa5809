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
