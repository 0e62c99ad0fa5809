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
	Client *iam.Client
	// Where says what the client talks to: "emulator" or "cloud".
	Where string
	// Reopen builds a client of the same cloud signing with other
	// credentials, for example a freshly created access key.
	Reopen func(accessKeyID string, secret iam.Secret) (*iam.Client, error)
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
	add := func(name string, real func() (*iam.Client, reopener, error), emulated func() (*iam.Client, reopener, func(), error), hasEnv bool) error {
		if hasEnv {
			c, reopen, err := real()
			if err != nil {
				return err
			}
			targets = append(targets, Target{Name: name, Client: c, Where: "cloud", Reopen: reopen})
			return nil
		}
		c, reopen, stop, err := emulated()
		if err != nil {
			return err
		}
		closers = append(closers, stop)
		targets = append(targets, Target{Name: name, Client: c, Where: "emulator", Reopen: reopen})
		return nil
	}
	steps := []error{
		add("baidu", func() (*iam.Client, reopener, error) {
			cfg, err := baidu.ConfigFromEnv()
			if err != nil {
				return nil, nil, err
			}
			return baiduClient(cfg)
		}, Baidu, env("BCE_ACCESS_KEY_ID") || env("BAIDUCLOUD_ACCESS_KEY")),
		add("huawei", func() (*iam.Client, reopener, error) {
			cfg, err := huawei.ConfigFromEnv()
			if err != nil {
				return nil, nil, err
			}
			return huaweiClient(cfg)
		}, Huawei, env("HUAWEICLOUD_SDK_AK")),
	}
	aliEnv := env("ALIBABA_CLOUD_ACCESS_KEY_ID") || env("ALICLOUD_ACCESS_KEY_ID")
	var ali *aliyuntest.Server // RAM and IDaaS share one emulator, as one account
	startAli := func() aliyun.Config {
		if ali == nil {
			ali = aliyuntest.NewServer()
			closers = append(closers, ali.Close)
		}
		ak, sk := ali.Credentials()
		return aliyun.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: ali.URL}
	}
	noStop := func() {}
	steps = append(steps,
		add("aliyun-ram", func() (*iam.Client, reopener, error) {
			cfg, err := aliyun.ConfigFromEnv()
			if err != nil {
				return nil, nil, err
			}
			return ramClient(cfg)
		}, func() (*iam.Client, reopener, func(), error) {
			c, reopen, err := ramClient(startAli())
			return c, reopen, noStop, err
		}, aliEnv),
		add("aliyun-idaas", func() (*iam.Client, reopener, error) {
			cfg, err := aliyun.ConfigFromEnv()
			if err != nil {
				return nil, nil, err
			}
			return idaasClient(aliyun.IDaaSConfig{Config: cfg, InstanceID: os.Getenv("CLOUDIAM_IDAAS_INSTANCE_ID"), OrganizationalUnitID: os.Getenv("CLOUDIAM_IDAAS_OU")})
		}, func() (*iam.Client, reopener, func(), error) {
			cfg := startAli()
			c, reopen, err := idaasClient(aliyun.IDaaSConfig{Config: cfg, InstanceID: ali.InstanceID(), OrganizationalUnitID: ali.OrganizationalUnitID()})
			return c, reopen, noStop, err
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

// reopener builds a client of the same cloud with other credentials.
type reopener = func(accessKeyID string, secret iam.Secret) (*iam.Client, error)

// Baidu starts a Baidu IAM emulator and returns a portable client on it.
func Baidu() (*iam.Client, reopener, func(), error) {
	s := baidutest.NewServer()
	ak, sk := s.Credentials()
	c, reopen, err := baiduClient(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: s.URL})
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return c, reopen, s.Close, nil
}

func baiduClient(cfg baidu.Config) (*iam.Client, reopener, error) {
	c, err := baidu.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c.IAM(), func(ak string, sk iam.Secret) (*iam.Client, error) {
		cfg := cfg
		cfg.AccessKeyID, cfg.SecretAccessKey, cfg.SessionToken = ak, sk, iam.Secret{}
		c, _, err := baiduClient(cfg)
		return c, err
	}, nil
}

// Huawei starts a Huawei IAM emulator and returns a portable client on it.
func Huawei() (*iam.Client, reopener, func(), error) {
	s := huaweitest.NewServer()
	ak, sk := s.Credentials()
	c, reopen, err := huaweiClient(huawei.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: s.DomainID(), Endpoint: s.URL})
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return c, reopen, s.Close, nil
}

func huaweiClient(cfg huawei.Config) (*iam.Client, reopener, error) {
	c, err := huawei.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c.IAM(), func(ak string, sk iam.Secret) (*iam.Client, error) {
		cfg := cfg
		cfg.AccessKeyID, cfg.SecretAccessKey, cfg.SessionToken = ak, sk, iam.Secret{}
		c, _, err := huaweiClient(cfg)
		return c, err
	}, nil
}

func ramClient(cfg aliyun.Config) (*iam.Client, reopener, error) {
	c, err := aliyun.NewRAM(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c.IAM(), func(ak string, sk iam.Secret) (*iam.Client, error) {
		cfg := cfg
		cfg.AccessKeyID, cfg.SecretAccessKey, cfg.SessionToken = ak, sk, iam.Secret{}
		c, _, err := ramClient(cfg)
		return c, err
	}, nil
}

func idaasClient(cfg aliyun.IDaaSConfig) (*iam.Client, reopener, error) {
	c, err := aliyun.NewIDaaS(cfg)
	if err != nil {
		return nil, nil, err
	}
	return c.IAM(), func(ak string, sk iam.Secret) (*iam.Client, error) {
		cfg := cfg
		cfg.AccessKeyID, cfg.SecretAccessKey, cfg.SessionToken = ak, sk, iam.Secret{}
		c, _, err := idaasClient(cfg)
		return c, err
	}, nil
}
