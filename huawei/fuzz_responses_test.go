package huawei_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// FuzzPortableResponses feeds every portable operation's decoder arbitrary
// answers: each call ends with nil or an *iam.Error, never a panic or a hang.
func FuzzPortableResponses(f *testing.F) {
	faulttest.FuzzResponses(f, func(endpoint string) (*iam.Client, error) {
		c, err := huawei.New(huawei.Config{AccessKeyID: "AKFUZZ", SecretAccessKey: iam.NewSecret("sk"),
			DomainID: "0123456789abcdef0123456789abcdef", Endpoint: endpoint, MaxAttempts: 1})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	},
		`{"users":[{"id":"0123456789abcdef0123456789abcdef","name":"fuzz_user1","enabled":true}],"links":{"next":"x"}}`,
		`{"user":{"id":"0123456789abcdef0123456789abcdef","name":"fuzz_user1","create_time":"2024-01-02 03:04:05.0"}}`,
		`{"credentials":[{"access":"AK","status":"active","create_time":"2024-01-02T03:04:05.000000Z"}]}`,
		`{"credential":{"access":"AK","secret":"s","status":"active"}}`,
		`{"error_msg":"m","error_code":"IAM.0004","request_id":"r"}`)
}
