package cloudiamtest_test

import (
	"context"
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/cloudiamtest"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Each helper's client works on its emulator, and what it does shows in
// the emulator's state; session-token emulators work the same way.
func TestHelpers(t *testing.T) {
	ctx := context.Background()
	type users func() []string
	names := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, n := range list {
			m[n] = true
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) (*iam.Client, users)
	}{
		{"baidu", func(t *testing.T) (*iam.Client, users) {
			srv, c := cloudiamtest.Baidu(t, baidutest.WithSessionToken("tok"))
			return c, func() (n []string) {
				for _, u := range srv.Users() {
					n = append(n, u.Name)
				}
				return n
			}
		}},
		{"huawei", func(t *testing.T) (*iam.Client, users) {
			srv, c := cloudiamtest.Huawei(t, huaweitest.WithSessionToken("tok"))
			return c, func() (n []string) {
				for _, u := range srv.Users() {
					n = append(n, u.Name)
				}
				return n
			}
		}},
		{"aliyun-ram", func(t *testing.T) (*iam.Client, users) {
			srv, c := cloudiamtest.AliyunRAM(t, aliyuntest.WithSessionToken("tok"))
			return c, func() (n []string) {
				for _, u := range srv.Users() {
					n = append(n, u.Name)
				}
				return n
			}
		}},
		{"aliyun-idaas", func(t *testing.T) (*iam.Client, users) {
			srv, c := cloudiamtest.AliyunIDaaS(t)
			return c, func() (n []string) {
				for _, u := range srv.IDaaSUsers() {
					n = append(n, u.Name)
				}
				return n
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, list := tc.start(t)
			if c.Provider() != tc.name {
				t.Fatalf("provider %q, want %q", c.Provider(), tc.name)
			}
			if _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "helper_user"}); err != nil {
				t.Fatal(err)
			}
			if !names(list())["helper_user"] {
				t.Fatalf("the emulator has %v, want helper_user", list())
			}
		})
	}
}
