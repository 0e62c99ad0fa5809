//go:build huawei || !(baidu || aliyun)

package main

import (
	"fmt"
	"os"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	hwiam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"
)

func init() {
	calls = append(calls, func(ak, sk string) {
		cred, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(os.Getenv("DOMAIN_ID")).SafeBuild()
		if err == nil {
			hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{os.Getenv("HUAWEI_ENDPOINT")}).WithCredential(cred).SafeBuild()
			if err == nil {
				u, err := hwiam.NewIamClient(hcb).ShowUser(&model.ShowUserRequest{UserId: os.Getenv("USER_ID")})
				fmt.Println(u, err)
			}
		}
	})
}
