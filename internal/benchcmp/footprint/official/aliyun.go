//go:build aliyun || !(baidu || huawei)

package main

import (
	"fmt"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

func init() {
	calls = append(calls, func(ak, sk string) {
		a, err := openapi.NewClient(&openapi.Config{AccessKeyId: dara.String(ak), AccessKeySecret: dara.String(sk), Endpoint: dara.String(os.Getenv("ALIYUN_ENDPOINT"))})
		if err == nil {
			u, err := a.CallApi(&openapi.Params{
				Action: dara.String("GetUser"), Version: dara.String("2015-05-01"), Protocol: dara.String("HTTPS"),
				Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
				Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
			}, &openapi.OpenApiRequest{Query: map[string]*string{"UserName": dara.String(os.Getenv("USER_NAME"))}}, &dara.RuntimeOptions{})
			fmt.Println(u, err)
		}
	})
}
