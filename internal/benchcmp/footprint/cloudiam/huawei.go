//go:build huawei || !(baidu || aliyun)

package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/iam"
)

func init() {
	calls = append(calls, func(ctx context.Context, ak string, sk iam.Secret) {
		h, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: sk, Endpoint: os.Getenv("HUAWEI_ENDPOINT"), DomainID: os.Getenv("DOMAIN_ID")})
		if err == nil {
			var u *huawei.ShowUserOutput
			u, err = h.ShowUser(ctx, &huawei.ShowUserInput{UserID: os.Getenv("USER_ID")})
			fmt.Println(u, err)
		}
	})
}
