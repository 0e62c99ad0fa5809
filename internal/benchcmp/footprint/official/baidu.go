//go:build baidu || !(huawei || aliyun)

package main

import (
	"fmt"
	"os"

	bceiam "github.com/baidubce/bce-sdk-go/services/iam"
)

func init() {
	calls = append(calls, func(ak, sk string) {
		b, err := bceiam.NewClientWithEndpoint(ak, sk, os.Getenv("BAIDU_ENDPOINT"))
		if err == nil {
			u, err := b.GetUser(os.Getenv("USER_NAME"))
			fmt.Println(u, err)
		}
	})
}
