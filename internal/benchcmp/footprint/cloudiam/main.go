// Command cloudiam gets a user on all three clouds through cloudiam, for
// the footprint comparison (endpoints and keys from the environment).
//
// Built with one of the tags baidu, huawei or aliyun it gets the user on
// that cloud only (the per-cloud rows of the table).
package main

import (
	"context"
	"os"

	"github.com/cloudiam-go/cloudiam/iam"
)

// calls are the GetUser calls of the clouds built in (one file each).
var calls []func(ctx context.Context, ak string, sk iam.Secret)

func main() {
	for _, call := range calls {
		call(context.Background(), os.Getenv("AK"), iam.NewSecret(os.Getenv("SK")))
	}
}
