package aliyun_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

var fuzzSeeds = []string{
	`{"RequestId":"R","User":{"UserId":"1","UserName":"fuzz_user1","CreateDate":"2015-01-23T12:33:18Z"}}`,
	`{"RequestId":"R","IsTruncated":true,"Marker":"m","Users":{"User":[{"UserName":"a"}]}}`,
	`{"RequestId":"R","TotalCount":1,"Users":[{"UserId":"user_1","Username":"fuzz_user1","CreateTime":1700000000000}]}`,
	`{"RequestId":"R","AccessKeys":{"AccessKey":[{"AccessKeyId":"k","Status":"Active"}]}}`,
	`{"RequestId":"R","Code":"EntityNotExist.User","Message":"m"}`,
}

// FuzzRAMResponses feeds every portable RAM operation's decoder arbitrary
// answers: each call ends with nil or an *iam.Error, never a panic or a hang.
func FuzzRAMResponses(f *testing.F) {
	faulttest.FuzzResponses(f, func(endpoint string) (*iam.Client, error) {
		c, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: "AKFUZZ", SecretAccessKey: iam.NewSecret("sk"), Endpoint: endpoint, MaxAttempts: 1})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	}, fuzzSeeds...)
}

// FuzzIDaaSResponses is FuzzRAMResponses for the EIAM client.
func FuzzIDaaSResponses(f *testing.F) {
	faulttest.FuzzResponses(f, func(endpoint string) (*iam.Client, error) {
		c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: aliyun.Config{AccessKeyID: "AKFUZZ", SecretAccessKey: iam.NewSecret("sk"),
			Endpoint: endpoint, MaxAttempts: 1}, InstanceID: "idaas_fuzz0000000000000000000001", OrganizationalUnitID: "ou_fuzz000000000000000000001"})
		if err != nil {
			return nil, err
		}
		return c.IAM(), nil
	}, fuzzSeeds...)
}
