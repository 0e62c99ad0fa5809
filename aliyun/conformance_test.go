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
		t.Run(string(algo), func(t *testing.T) {
			iamtest.RunClientTestsWith(t, iamtest.Harness{
				NewClient: func(t *testing.T, obs *iam.Observer) *iam.Client {
					srv := aliyuntest.NewServer()
					t.Cleanup(srv.Close)
					cfg := config(srv, algo)
					cfg.Observer = obs // the suite counts requests through it
					c, err := aliyun.NewRAM(cfg)
					if err != nil {
						t.Fatal(err)
					}
					return c.IAM()
				},
				Policies: iamtest.Policies{
					ReadOnlySystemPolicy: iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem},
					CustomPolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`,
				},
				DuplicateMembership: iamtest.DuplicateRefused, // EntityAlreadyExists.User.Group
				DuplicateAttachment: iamtest.DuplicateRefused, // EntityAlreadyExists.User.Policy, .Group.Policy
			})
		})
	}
}

func TestIDaaSConformance(t *testing.T) {
	for _, algo := range algorithms {
		t.Run(string(algo), func(t *testing.T) {
			iamtest.RunClientTestsWith(t, iamtest.Harness{
				NewClient: func(t *testing.T, obs *iam.Observer) *iam.Client {
					srv := aliyuntest.NewServer()
					t.Cleanup(srv.Close)
					cfg := config(srv, algo)
					cfg.Observer = obs // the suite counts requests through it
					c, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: cfg,
						InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
					if err != nil {
						t.Fatal(err)
					}
					return c.IAM()
				},
				// AddUsersToGroup is a batch call: a member already is left as is.
				DuplicateMembership: iamtest.DuplicateIgnored,
			})
		})
	}
}
