package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/examples/internal/clouds"
	"github.com/cloudiam-go/cloudiam/iam"
)

// failingAt wraps a real client and fails one operation, after the cloud
// has done everything before it.
type failingAt struct {
	iam.Driver
	op iam.Operation
}

var errInjected = &iam.Error{Provider: "test", Kind: iam.ErrUnavailable, Message: "injected"}

func (f failingAt) SetLoginProfile(ctx context.Context, user string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	if f.op == iam.OpSetLoginProfile {
		return nil, errInjected
	}
	return f.Driver.SetLoginProfile(ctx, user, in)
}

func (f failingAt) CreateAccessKey(ctx context.Context, user string) (*iam.AccessKey, error) {
	if f.op == iam.OpCreateAccessKey {
		return nil, errInjected
	}
	return f.Driver.CreateAccessKey(ctx, user)
}

// On the emulators: whichever step fails on whichever cloud, no user, login
// profile or key Provision made is left on any of them.
func TestProvisionLeavesNothingBehindOnTheEmulators(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	for _, op := range []iam.Operation{iam.OpSetLoginProfile, iam.OpCreateAccessKey} {
		for bad := 0; bad < 3; bad++ { // the clouds with every step: baidu, huawei, RAM
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			targets, closeAll, err := clouds.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var cls []iam.Cloud
			for i, tg := range targets {
				c := tg.Client
				if i == bad {
					c = iam.NewClient(failingAt{Driver: c.Driver(), op: op}, iam.ClientOptions{})
				}
				cls = append(cls, iam.Cloud{Name: tg.Name, Client: c})
			}
			in := &iam.ProvisionInput{Name: "rollback_probe", Password: iam.NewSecret("Pv-9f!Ka2#pLx7"), AccessKey: true}
			_, err = iam.Provision(ctx, cls, in)
			var pe *iam.ProvisionError
			if !errors.As(err, &pe) || len(pe.Leftovers) != 0 || pe.Failed[targets[bad].Name] == nil {
				t.Errorf("%s failing on %s: err = %v", op, targets[bad].Name, err)
			}
			for _, tg := range targets {
				if _, err := tg.Client.GetUser(ctx, in.Name); !errors.Is(err, iam.ErrNotFound) {
					t.Errorf("%s failing on %s: %s still has the user (err %v)", op, targets[bad].Name, tg.Name, err)
				}
			}
			closeAll()
			cancel()
		}
	}
}
