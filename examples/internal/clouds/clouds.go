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

// EnvURL is the variable that opts in to a real cloud: when it holds a URL
// for iam.Open ("huawei://?domain_id=...", "baidu://", ...), Open returns
// that one cloud, with the credentials its own tools keep; otherwise only
// the built-in emulators are used, whatever credentials the environment
// holds.
const EnvURL = "CLOUDIAM_URL"

// Open returns a Target per cloud API, in a fixed order, and a function that
// stops the emulators it started. Nothing is sent to a real cloud unless
// CLOUDIAM_URL names one: then that cloud alone is returned, opened with
// iam.Open.
func Open(ctx context.Context) (targets []Target, closeAll func(), err error) {
	if u := os.Getenv(EnvURL); u != "" {
		c, err := iam.Open(ctx, u)
		if err != nil {
			return nil, func() {}, err
		}
		return []Target{{Name: c.Provider(), Client: c, Where: "cloud"}}, func() {}, nil
	}
	var closers []func()
	closeAll = func() {
		for _, c := range closers {
			c()
		}
	}
	add := func(name string, emulated func() (*iam.Client, reopener, func(), error)) error {
		c, reopen, stop, err := emulated()
		if err != nil {
			return err
		}
		closers = append(closers, stop)
		targets = append(targets, Target{Name: name, Client: c, Where: "emulator", Reopen: reopen})
		return nil
	}
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
	steps := []error{
		add("baidu", Baidu),
		add("huawei", Huawei),
		add("aliyun-ram", func() (*iam.Client, reopener, func(), error) {
			c, reopen, err := ramClient(startAli())
			return c, reopen, noStop, err
		}),
		add("aliyun-idaas", func() (*iam.Client, reopener, func(), error) {
			cfg := startAli()
			c, reopen, err := idaasClient(aliyun.IDaaSConfig{Config: cfg, InstanceID: ali.InstanceID(), OrganizationalUnitID: ali.OrganizationalUnitID()})
			return c, reopen, noStop, err
		}),
	}
	if err := errors.Join(steps...); err != nil {
		closeAll()
		return nil, func() {}, err
	}
	return targets, closeAll, nil
}

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
		// The new key replaces the credentials provider (ConfigFromEnv's chain).
		cfg.Credentials = nil
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
