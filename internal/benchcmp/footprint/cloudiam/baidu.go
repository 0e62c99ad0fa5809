//go:build baidu || !(huawei || aliyun)

package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/iam"
)

func init() {
	calls = append(calls, func(ctx context.Context, ak string, sk iam.Secret) {
		b, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: sk, Endpoint: os.Getenv("BAIDU_ENDPOINT")})
		if err == nil {
			var u *baidu.GetUserOutput
			u, err = b.GetUser(ctx, &baidu.GetUserInput{UserName: os.Getenv("USER_NAME")})
			fmt.Println(u, err)
		}
	})
}
