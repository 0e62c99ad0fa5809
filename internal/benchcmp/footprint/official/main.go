// Command official gets a user on all three clouds through the official
// SDKs (bce-sdk-go, huaweicloud-sdk-go-v3, the darabonba-openapi generic
// client), for the footprint comparison.
//
// Built with one of the tags baidu, huawei or aliyun it gets the user on
// that cloud only (the per-cloud rows of the table).
package main

import "os"

// calls are the GetUser calls of the clouds built in (one file each).
var calls []func(ak, sk string)

func main() {
	for _, call := range calls {
		call(os.Getenv("AK"), os.Getenv("SK"))
	}
}
