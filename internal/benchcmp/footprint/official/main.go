// Command official gets a user on all three clouds through the official
// SDKs (bce-sdk-go, huaweicloud-sdk-go-v3, the darabonba-openapi generic
// client), for the footprint comparison.
package main

import (
	"fmt"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	bceiam "github.com/baidubce/bce-sdk-go/services/iam"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	hwiam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"
)

func main() {
	ak, sk := os.Getenv("AK"), os.Getenv("SK")

	b, err := bceiam.NewClientWithEndpoint(ak, sk, os.Getenv("BAIDU_ENDPOINT"))
	if err == nil {
		u, err := b.GetUser(os.Getenv("USER_NAME"))
		fmt.Println(u, err)
	}

	cred, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(os.Getenv("DOMAIN_ID")).SafeBuild()
	if err == nil {
		hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{os.Getenv("HUAWEI_ENDPOINT")}).WithCredential(cred).SafeBuild()
		if err == nil {
			u, err := hwiam.NewIamClient(hcb).ShowUser(&model.ShowUserRequest{UserId: os.Getenv("USER_ID")})
			fmt.Println(u, err)
		}
	}

	a, err := openapi.NewClient(&openapi.Config{AccessKeyId: dara.String(ak), AccessKeySecret: dara.String(sk), Endpoint: dara.String(os.Getenv("ALIYUN_ENDPOINT"))})
	if err == nil {
		u, err := a.CallApi(&openapi.Params{
			Action: dara.String("GetUser"), Version: dara.String("2015-05-01"), Protocol: dara.String("HTTPS"),
			Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
			Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}, &openapi.OpenApiRequest{Query: map[string]*string{"UserName": dara.String(os.Getenv("USER_NAME"))}}, &dara.RuntimeOptions{})
		fmt.Println(u, err)
	}
}
