package aliyun_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

func TestRAMConformance(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(algo, func(t *testing.T) {
			iamtest.RunClientTests(t, func(t *testing.T, _ *iam.Observer) *iam.Client {
				srv := aliyuntest.NewServer()
				t.Cleanup(srv.Close)
				c, err := aliyun.NewRAM(config(srv, algo))
				if err != nil {
					t.Fatal(err)
				}
				return c.IAM()
			})
		})
	}
}

func TestIDaaSConformance(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(algo, func(t *testing.T) {
			iamtest.RunClientTests(t, func(t *testing.T, _ *iam.Observer) *iam.Client {
				srv := aliyuntest.NewServer()
				t.Cleanup(srv.Close)
				c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, algo),
					InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
				if err != nil {
					t.Fatal(err)
				}
				return c.IAM()
			})
		})
	}
}
