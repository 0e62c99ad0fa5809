// Command provider-swap runs one function, written once against iam.Client,
// on whichever cloud CLOUDIAM_URL names: the cloud is chosen by
// configuration only, through iam.Open and each cloud's own environment
// variables.
//
//	CLOUDIAM_URL='huawei://?domain_id=...' go run ./examples/provider-swap
//	go run ./examples/provider-swap   # no URL: the same function on every emulator
//
// Without CLOUDIAM_URL it starts the emulators and, for each, sets that
// cloud's credential variables and opens a URL such as
// "baidu://?endpoint=http://127.0.0.1:PORT", exactly as a deployment would.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"

	// Each provider registers its schemes with iam.Open.
	_ "github.com/cloudiam-go/cloudiam/aliyun"
	_ "github.com/cloudiam-go/cloudiam/baidu"
	_ "github.com/cloudiam-go/cloudiam/huawei"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv("CLOUDIAM_URL"), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "provider-swap:", err)
		os.Exit(1)
	}
}

// onboard is the application code: it knows nothing of any cloud.
func onboard(ctx context.Context, c *iam.Client, name string, out io.Writer) error {
	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: name, Description: "onboarded by provider-swap"})
	if err != nil {
		return err
	}
	n := 0
	for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 50}) {
		if err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(out, "%-13s created %s (id %s); the account has %d users\n", c.Capabilities().Provider, u.Name, u.ID, n)
	return c.DeleteUser(ctx, name)
}

func run(ctx context.Context, cloudURL string, out io.Writer) error {
	name := "swap_" + time.Now().Format("150405")
	if cloudURL != "" {
		c, err := iam.Open(ctx, cloudURL)
		if err != nil {
			return err
		}
		return onboard(ctx, c, name, out)
	}
	var errs []error
	for _, e := range emulated() {
		func() {
			url, stop := e()
			defer stop()
			c, err := iam.Open(ctx, url)
			if err == nil {
				err = onboard(ctx, c, name, out)
			}
			errs = append(errs, err)
		}()
	}
	return errors.Join(errs...)
}

// emulated returns, per cloud API, a function that starts its emulator,
// puts its credentials in that cloud's environment variables and returns
// the URL to open.
func emulated() []func() (string, func()) {
	return []func() (string, func()){
		func() (string, func()) {
			s := baidutest.NewServer()
			ak, sk := s.Credentials()
			setenv("BCE_ACCESS_KEY_ID", ak, "BCE_SECRET_ACCESS_KEY", sk)
			return "baidu://?endpoint=" + s.URL, s.Close
		},
		func() (string, func()) {
			s := huaweitest.NewServer()
			ak, sk := s.Credentials()
			setenv("HUAWEICLOUD_SDK_AK", ak, "HUAWEICLOUD_SDK_SK", sk)
			return "huawei://?domain_id=" + s.DomainID() + "&endpoint=" + s.URL, s.Close
		},
		func() (string, func()) {
			s := aliyuntest.NewServer()
			ak, sk := s.Credentials()
			setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ak, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", sk)
			return "aliyun-ram://?endpoint=" + s.URL + "&timeout=30s", s.Close
		},
		func() (string, func()) {
			s := aliyuntest.NewServer()
			ak, sk := s.Credentials()
			setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ak, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", sk)
			return "aliyun-idaas://?instance_id=" + s.InstanceID() + "&ou=" + s.OrganizationalUnitID() + "&endpoint=" + s.URL + "&max_attempts=3", s.Close
		},
	}
}

func setenv(kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		_ = os.Setenv(kv[i], kv[i+1])
	}
}
