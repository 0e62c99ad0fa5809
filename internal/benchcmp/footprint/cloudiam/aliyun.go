//go:build aliyun || !(baidu || huawei)

package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/iam"
)

func init() {
	calls = append(calls, func(ctx context.Context, ak string, sk iam.Secret) {
		a, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: ak, SecretAccessKey: sk, Endpoint: os.Getenv("ALIYUN_ENDPOINT")})
		if err == nil {
			var u *aliyun.RAMGetUserOutput
			u, err = a.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: os.Getenv("USER_NAME")})
			fmt.Println(u, err)
		}
	})
}
