// Command cloudiam gets a user on all three clouds through cloudiam, for
// the footprint comparison (endpoints and keys from the environment).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	ctx := context.Background()
	ak, sk := os.Getenv("AK"), iam.NewSecret(os.Getenv("SK"))

	b, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: sk, Endpoint: os.Getenv("BAIDU_ENDPOINT")})
	if err == nil {
		var u *baidu.User
		u, err = b.GetUser(ctx, &baidu.GetUserInput{UserName: os.Getenv("USER_NAME")})
		fmt.Println(u, err)
	}

	h, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: sk, Endpoint: os.Getenv("HUAWEI_ENDPOINT"), DomainID: os.Getenv("DOMAIN_ID")})
	if err == nil {
		var u *huawei.ShowUserOutput
		u, err = h.ShowUser(ctx, &huawei.ShowUserInput{UserID: os.Getenv("USER_ID")})
		fmt.Println(u, err)
	}

	a, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: ak, AccessKeySecret: sk, Endpoint: os.Getenv("ALIYUN_ENDPOINT")})
	if err == nil {
		var u *aliyun.RAMGetUserOutput
		u, err = a.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: os.Getenv("USER_NAME")})
		fmt.Println(u, err)
	}
}
