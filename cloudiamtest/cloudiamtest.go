// Package cloudiamtest starts a cloud's emulator and hands back a ready
// *iam.Client on it, in one line, for the tests of code written against
// cloudiam:
//
//	func TestOnboarding(t *testing.T) {
//		srv, client := cloudiamtest.Huawei(t)
//		// ... run the code under test with client, inspect srv.Users() ...
//	}
//
// Each function takes the emulator's options (baidutest.Option, ...),
// signs with the emulator's credentials (and its session token, when
// WithSessionToken made them temporary), and closes the emulator when the
// test ends. For a dependency-free in-memory client, use iamtest.NewFake.
package cloudiamtest

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Baidu starts the Baidu IAM emulator and returns it with a client of it.
func Baidu(tb testing.TB, opts ...baidutest.Option) (*baidutest.Server, *iam.Client) {
	tb.Helper()
	srv := baidutest.NewServer(opts...)
	tb.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk),
		SessionToken: iam.NewSecret(srv.SessionToken()), Endpoint: srv.URL})
	if err != nil {
		tb.Fatalf("cloudiamtest: baidu client: %v", err)
	}
	return srv, c.IAM()
}

// Huawei starts the Huawei IAM emulator and returns it with a client of it.
func Huawei(tb testing.TB, opts ...huaweitest.Option) (*huaweitest.Server, *iam.Client) {
	tb.Helper()
	srv := huaweitest.NewServer(opts...)
	tb.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	c, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk),
		SessionToken: iam.NewSecret(srv.SessionToken()), DomainID: srv.DomainID(), Endpoint: srv.URL})
	if err != nil {
		tb.Fatalf("cloudiamtest: huawei client: %v", err)
	}
	return srv, c.IAM()
}

// AliyunRAM starts the Alibaba Cloud emulator and returns it with a RAM
// client of it.
func AliyunRAM(tb testing.TB, opts ...aliyuntest.Option) (*aliyuntest.Server, *iam.Client) {
	tb.Helper()
	srv := aliyuntest.NewServer(opts...)
	tb.Cleanup(srv.Close)
	c, err := aliyun.NewRAM(aliyunConfig(srv))
	if err != nil {
		tb.Fatalf("cloudiamtest: aliyun RAM client: %v", err)
	}
	return srv, c.IAM()
}

// AliyunIDaaS starts the Alibaba Cloud emulator and returns it with an
// IDaaS EIAM client of its instance, creating users in its root
// organizational unit.
func AliyunIDaaS(tb testing.TB, opts ...aliyuntest.Option) (*aliyuntest.Server, *iam.Client) {
	tb.Helper()
	srv := aliyuntest.NewServer(opts...)
	tb.Cleanup(srv.Close)
	c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: aliyunConfig(srv),
		InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
	if err != nil {
		tb.Fatalf("cloudiamtest: aliyun IDaaS client: %v", err)
	}
	return srv, c.IAM()
}

func aliyunConfig(srv *aliyuntest.Server) aliyun.Config {
	ak, sk := srv.Credentials()
	return aliyun.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk),
		SessionToken: iam.NewSecret(srv.SessionToken()), Endpoint: srv.URL}
}
