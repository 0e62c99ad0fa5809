package aliyun_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// What Capabilities leaves out really is ErrUnsupported, and what it
// declares is not.
func TestCapabilitiesMatchBehaviour(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	ramc, err := aliyun.NewRAM(config(srv, ""))
	require.NoError(t, err)
	idc, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: config(srv, ""), InstanceID: srv.InstanceID(), OrganizationalUnitID: srv.OrganizationalUnitID()})
	require.NoError(t, err)

	for _, c := range []*iam.Client{ramc.IAM(), idc.IAM()} {
		caps := c.Capabilities()
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "capuser"})
		require.NoError(t, err)
		calls := map[iam.Operation]func() error{
			iam.OpGetLoginProfile: func() error { _, err := c.GetLoginProfile(ctx, "capuser"); return err },
			iam.OpSetLoginProfile: func() error {
				_, err := c.SetLoginProfile(ctx, "capuser", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ng-Passw0rd")})
				return err
			},
			iam.OpDeleteLoginProfile: func() error { return c.DeleteLoginProfile(ctx, "capuser") },
			iam.OpCreateAccessKey:    func() error { _, err := c.CreateAccessKey(ctx, "capuser"); return err },
			iam.OpListAccessKeys:     func() error { _, err := c.ListAccessKeys(ctx, "capuser"); return err },
			iam.OpEnableAccessKey:    func() error { return c.EnableAccessKey(ctx, "capuser", "LTAI5tNoSuchKey") },
			iam.OpDisableAccessKey:   func() error { return c.DisableAccessKey(ctx, "capuser", "LTAI5tNoSuchKey") },
			iam.OpDeleteAccessKey:    func() error { return c.DeleteAccessKey(ctx, "capuser", "LTAI5tNoSuchKey") },
		}
		for _, op := range []iam.Operation{iam.OpSetLoginProfile, iam.OpGetLoginProfile, iam.OpCreateAccessKey, iam.OpListAccessKeys,
			iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey, iam.OpDeleteLoginProfile} {
			err := calls[op]()
			assert.Equal(t, !caps.Supports(op), errors.Is(err, iam.ErrUnsupported), "%s %s: %v", caps.Provider, op, err)
		}
		if !caps.SupportsField(iam.FieldMFARequired) {
			_, err := c.SetLoginProfile(ctx, "capuser", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ng-Passw0rd"), MFARequired: iam.Ptr(true)})
			assert.True(t, errors.Is(err, iam.ErrUnsupported), "%s: %v", caps.Provider, err)
		}
		if !caps.SupportsField(iam.FieldEnabled) {
			_, err := c.UpdateUser(ctx, "capuser", &iam.UpdateUserInput{Enabled: iam.Ptr(false)})
			assert.True(t, errors.Is(err, iam.ErrUnsupported), "%s: %v", caps.Provider, err)
		}
		assert.Equal(t, 64, caps.MaxUserNameLength)
	}
	assert.Equal(t, 2, ramc.IAM().Capabilities().MaxAccessKeysPerUser)
	assert.Zero(t, idc.IAM().Capabilities().MaxAccessKeysPerUser)
}
