package baidu_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// FuzzPortableResponses feeds every portable operation's decoder arbitrary
// answers: each call ends with nil or an *iam.Error, never a panic or a hang.
func FuzzPortableResponses(f *testing.F) {
	faulttest.FuzzResponses(f, func(endpoint string) (*iam.Client, error) {
		c, err := baidu.New(baidu.Config{AccessKeyID: "AKFUZZ", SecretAccessKey: iam.NewSecret("sk"), Endpoint: endpoint, MaxAttempts: 1})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	},
		`{"id":"u1","name":"fuzz_user1","createTime":"2024-01-02T03:04:05Z","enabled":true}`,
		`{"users":[{"id":"u1","name":"a"}],"isTruncated":true,"nextMarker":"m"}`,
		`{"accessKeys":[{"id":"k","secret":"s","enabled":true}]}`,
		`{"code":"NoSuchUser","message":"m","requestId":"r"}`)
}
