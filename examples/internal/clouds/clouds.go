// Package clouds gives the examples one iam.Client per cloud API: the real
// service when that cloud's environment credentials are set, otherwise an
// in-process emulator, so every example runs with no set-up.
//
// Real clouds are chosen by the variables each cloud's own tools read:
// Baidu BCE_ACCESS_KEY_ID / BCE_SECRET_ACCESS_KEY, Huawei HUAWEICLOUD_SDK_AK /
// HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_DOMAIN_ID), Alibaba
// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET; IDaaS also
// needs CLOUDIAM_IDAAS_INSTANCE_ID and CLOUDIAM_IDAAS_OU (the EIAM instance
// and the organizational unit new users go to).
package clouds

import (
	"context"
	"errors"
	"os"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Target is one cloud API to run an example on.
type Target struct {
	// Name is the provider's scheme: baidu, huawei, aliyun-ram, aliyun-idaas.
	Name   string
	Client iam.Client
	// Where says what the client talks to: "emulator" or "cloud".
	Where string
}

// Open returns a Target per cloud API, in a fixed order, and a function that
// stops the emulators it started.
func Open(ctx context.Context) (targets []Target, closeAll func(), err error) {
	var closers []func()
	closeAll = func() {
		for _, c := range closers {
			c()
		}
	}
	add := func(name string, real func() (iam.Client, error), emulated func() (iam.Client, func(), error), hasEnv bool) error {
		if hasEnv {
			c, err := real()
			if err != nil {
				return err
			}
			targets = append(targets, Target{Name: name, Client: c, Where: "cloud"})
			return nil
		}
		c, stop, err := emulated()
		if err != nil {
			return err
		}
		closers = append(closers, stop)
		targets = append(targets, Target{Name: name, Client: c, Where: "emulator"})
		return nil
	}
	steps := []error{
		add("baidu", func() (iam.Client, error) {
			c, err := baidu.NewFromEnv()
			if err != nil {
				return nil, err
			}
			return c.IAM(), nil
		}, Baidu, env("BCE_ACCESS_KEY_ID") || env("BAIDUCLOUD_ACCESS_KEY")),
		add("huawei", func() (iam.Client, error) {
			cfg, err := huawei.ConfigFromEnv()
			if err != nil {
				return nil, err
			}
			c, err := huawei.New(cfg)
			if err != nil {
				return nil, err
			}
			return c.IAM(), nil
		}, Huawei, env("HUAWEICLOUD_SDK_AK")),
	}
	aliEnv := env("ALIBABA_CLOUD_ACCESS_KEY_ID") || env("ALICLOUD_ACCESS_KEY_ID")
	var ali *aliyuntest.Server // RAM and IDaaS share one emulator, as one account
	startAli := func() *aliyuntest.Server {
		if ali == nil {
			ali = aliyuntest.NewServer()
			closers = append(closers, ali.Close)
		}
		return ali
	}
	steps = append(steps,
		add("aliyun-ram", func() (iam.Client, error) {
			c, err := aliyun.NewRAMFromEnv()
			if err != nil {
				return nil, err
			}
			return c.IAM(), nil
		}, func() (iam.Client, func(), error) {
			c, err := aliyunRAM(startAli())
			return c, func() {}, err
		}, aliEnv),
		add("aliyun-idaas", func() (iam.Client, error) {
			c, err := aliyun.NewIDaaSFromEnv(os.Getenv("CLOUDIAM_IDAAS_INSTANCE_ID"), os.Getenv("CLOUDIAM_IDAAS_OU"))
			if err != nil {
				return nil, err
			}
			return c.IAM(), nil
		}, func() (iam.Client, func(), error) {
			c, err := aliyunIDaaS(startAli())
			return c, func() {}, err
		}, aliEnv && env("CLOUDIAM_IDAAS_INSTANCE_ID")),
	)
	if err := errors.Join(steps...); err != nil {
		closeAll()
		return nil, func() {}, err
	}
	_ = ctx
	return targets, closeAll, nil
}

func env(k string) bool { return os.Getenv(k) != "" }

// Baidu starts a Baidu IAM emulator and returns a portable client on it.
func Baidu() (iam.Client, func(), error) {
	s := baidutest.NewServer()
	ak, sk := s.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: s.URL})
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return c.IAM(), s.Close, nil
}

// Huawei starts a Huawei IAM emulator and returns a portable client on it.
func Huawei() (iam.Client, func(), error) {
	s := huaweitest.NewServer()
	ak, sk := s.Credentials()
	c, err := huawei.New(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: s.DomainID(), Endpoint: s.URL})
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return c.IAM(), s.Close, nil
}

func aliyunRAM(s *aliyuntest.Server) (iam.Client, error) {
	ak, sk := s.Credentials()
	c, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: ak, AccessKeySecret: iam.NewSecret(sk), Endpoint: s.URL})
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}

func aliyunIDaaS(s *aliyuntest.Server) (iam.Client, error) {
	ak, sk := s.Credentials()
	c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{
		Config:               aliyun.Config{AccessKeyID: ak, AccessKeySecret: iam.NewSecret(sk), Endpoint: s.URL},
		InstanceID:           s.InstanceID(),
		OrganizationalUnitID: s.OrganizationalUnitID(),
	})
	if err != nil {
		return nil, err
	}
	return c.IAM(), nil
}
