package aliyun_test

import (
	"context"
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// BenchmarkRAMGetUserCredentials is BenchmarkRAMGetUser with the keys
// given by a Config.Credentials provider (an iam.CredentialsCache, as
// DefaultCredentials returns) instead of static keys: the cost of
// retrieving credentials at every attempt, and of naming their source in
// x-acs-credentials-provider with ACS3.
func BenchmarkRAMGetUserCredentials(b *testing.B) {
	facts := benchtest.Start(b, "aliyun", 1)
	for _, algo := range algorithms {
		b.Run(string(algo), func(b *testing.B) {
			cfg := benchConfig(facts, algo)
			cfg.Credentials = iam.NewCredentialsCache(iam.StaticCredentials(cfg.AccessKeyID, cfg.SecretAccessKey, iam.Secret{}), iam.CredentialsCacheOptions{})
			cfg.AccessKeyID, cfg.SecretAccessKey = "", iam.Secret{}
			c, err := aliyun.NewRAM(cfg)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			in := &aliyun.RAMGetUserInput{UserName: benchtest.UserName(0)}
			b.ReportAllocs()
			stop := benchtest.CPU(b)
			for b.Loop() {
				if _, err := c.GetUser(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
			stop()
		})
	}
}
