package aliyun_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// counted is an emulator behind a server that counts the requests it gets.
type counted struct {
	emu  *aliyuntest.Emulator
	url  string
	reqs atomic.Int64
}

func newCounted(t *testing.T) *counted {
	c := &counted{emu: aliyuntest.New()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.reqs.Add(1)
		c.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c.url = srv.URL
	return c
}

func (c *counted) config() aliyun.Config {
	id, secret := c.emu.Credentials()
	return aliyun.Config{AccessKeyID: id, SecretAccessKey: iam.NewSecret(secret), Endpoint: c.url, MaxAttempts: 1}
}

func (c *counted) ram(t *testing.T) *aliyun.RAMClient {
	r, err := aliyun.NewRAM(c.config())
	require.NoError(t, err)
	return r
}

func (c *counted) idaas(t *testing.T) *aliyun.IDaaSClient {
	r, err := aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: c.config(), InstanceID: c.emu.InstanceID(), OrganizationalUnitID: c.emu.OrganizationalUnitID()})
	require.NoError(t, err)
	return r
}

// TestPortableRefusalsSendNothing: every input the portable API or the
// cloud's own rules refuse is refused with the portable Field (never the
// native parameter name) and the portable Op, and no request reaches the
// server. The RAM cases include the drifts of the old adapter: an update
// with a nil input, an access key id with query characters, clearing a
// field RAM cannot clear, an unknown MFA method.
func TestPortableRefusalsSendNothing(t *testing.T) {
	ctx := context.Background()
	s := func(v string) *string { return &v }
	type call func(c *iam.Client) error
	cases := []struct {
		name  string
		idaas bool
		call  call
		kind  iam.Kind
		op    iam.Operation
		field string
	}{
		{"RAM new name with @", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice@example"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Name"},
		{"RAM new name with a space", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "bad name"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Name"},
		{"RAM phone without country code", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Phone: "12345"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Phone"},
		{"RAM bad email", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Email: "nope"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Email"},
		{"RAM display name with a control character", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", DisplayName: "a\x01b"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "DisplayName"},
		{"RAM disabled user", false, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Enabled: iam.Ptr(false)})
			return err
		}, iam.ErrUnsupported, iam.OpCreateUser, "Enabled"},
		{"RAM rename to a name with @", false, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{NewName: s("a@b")})
			return err
		}, iam.ErrInvalidArgument, iam.OpUpdateUser, "NewName"},
		{"RAM update phone", false, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{Phone: s("x")})
			return err
		}, iam.ErrInvalidArgument, iam.OpUpdateUser, "Phone"},
		{"RAM update with a nil input", false, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", nil)
			return err
		}, iam.ErrInvalidArgument, iam.OpUpdateUser, "in"},
		{"RAM clear Description", false, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{Description: s("")})
			return err
		}, iam.ErrUnsupported, iam.OpUpdateUser, "Description"},
		{"RAM user name with a control character", false, func(c *iam.Client) error {
			_, err := c.GetUser(ctx, "a\nb")
			return err
		}, iam.ErrInvalidArgument, iam.OpGetUser, "userName"},
		{"RAM key id with query characters", false, func(c *iam.Client) error {
			return c.DisableAccessKey(ctx, "ok", "AK?x=1")
		}, iam.ErrInvalidArgument, iam.OpDisableAccessKey, "accessKeyID"},
		{"RAM unknown MFA method", false, func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "ok", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("fax"))})
			return err
		}, iam.ErrInvalidArgument, iam.OpSetLoginProfile, "MFAMethod"},
		{"RAM MFA by text message", false, func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "ok", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFASMS)})
			return err
		}, iam.ErrUnsupported, iam.OpSetLoginProfile, "MFAMethod"},
		{"RAM password with a control character", false, func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "ok", &iam.LoginProfileInput{Password: iam.NewSecret("pass\x00word")})
			return err
		}, iam.ErrInvalidArgument, iam.OpSetLoginProfile, "Password"},
		{"RAM page size over 1000", false, func(c *iam.Client) error {
			for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1001}) {
				return err
			}
			return nil
		}, iam.ErrInvalidArgument, iam.OpListUsers, "PageSize"},

		{"IDaaS new name with a space", true, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "has space"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Name"},
		{"IDaaS bad email prefix", true, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Email: "bad!x@example.com"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Email"},
		{"IDaaS short phone", true, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", Phone: "+86 12"})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "Phone"},
		{"IDaaS display name over 64", true, func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "ok", DisplayName: strings.Repeat("x", 65)})
			return err
		}, iam.ErrInvalidArgument, iam.OpCreateUser, "DisplayName"},
		{"IDaaS rename", true, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{NewName: s("semi;colon")})
			return err
		}, iam.ErrInvalidArgument, iam.OpUpdateUser, "NewName"},
		{"IDaaS update phone", true, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{Phone: s("86-1")})
			return err
		}, iam.ErrInvalidArgument, iam.OpUpdateUser, "Phone"},
		{"IDaaS clear Email", true, func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "ok", &iam.UpdateUserInput{Email: s("")})
			return err
		}, iam.ErrUnsupported, iam.OpUpdateUser, "Email"},
		{"IDaaS user name with a control character", true, func(c *iam.Client) error {
			return c.DeleteUser(ctx, "a\x7fb")
		}, iam.ErrInvalidArgument, iam.OpDeleteUser, "userName"},
		{"IDaaS login without a password", true, func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "ok", &iam.LoginProfileInput{})
			return err
		}, iam.ErrInvalidArgument, iam.OpSetLoginProfile, "Password"},
		{"IDaaS pending reset", true, func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "ok", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ng-Pass"), PasswordResetRequired: iam.Ptr(true)})
			return err
		}, iam.ErrUnsupported, iam.OpSetLoginProfile, "PasswordResetRequired"},
		{"IDaaS access keys", true, func(c *iam.Client) error {
			_, err := c.CreateAccessKey(ctx, "ok")
			return err
		}, iam.ErrUnsupported, iam.OpCreateAccessKey, ""},
		{"IDaaS page size over 100", true, func(c *iam.Client) error {
			for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 101}) {
				return err
			}
			return nil
		}, iam.ErrInvalidArgument, iam.OpListUsers, "PageSize"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newCounted(t)
			var c *iam.Client
			if tc.idaas {
				c = srv.idaas(t).IAM()
			} else {
				c = srv.ram(t).IAM()
			}
			err := tc.call(c)
			var ie *iam.Error
			require.True(t, errors.As(err, &ie), "%T %v", err, err)
			assert.Equal(t, tc.kind, ie.Kind, "%v", err)
			assert.Equal(t, string(tc.op), ie.Op, "%v", err)
			assert.Equal(t, tc.field, ie.Field, "%v", err)
			assert.Zero(t, srv.reqs.Load(), "requests sent before the refusal")
		})
	}
}

// TestPortableOpNamesThePortableCall: the error of a portable call is named
// after the call, with the RAM action that failed in NativeOp (the old
// adapter reported UpdateUser as GetUser and DeleteUser as ListAccessKeys).
func TestPortableOpNamesThePortableCall(t *testing.T) {
	ctx := context.Background()
	srv := newCounted(t)
	c := srv.ram(t).IAM()
	_, err := c.UpdateUser(ctx, "nobody", &iam.UpdateUserInput{})
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, iam.ErrNotFound, ie.Kind)
	assert.Equal(t, "UpdateUser", ie.Op)
	assert.Equal(t, "GetUser", ie.NativeOp)

	err = c.DeleteUser(ctx, "nobody")
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, iam.ErrNotFound, ie.Kind)
	assert.Equal(t, "DeleteUser", ie.Op)
	assert.Equal(t, "ListPoliciesForUser", ie.NativeOp, "the first step: detach the user's policies")
	assert.Equal(t, "EntityNotExist.User", ie.Code)
}

// TestRAMLegacyNames: users named under RAM's older rule ('@') or holding
// query characters are reached through every native and portable call that
// addresses an existing user; only new names follow the current rule.
func TestRAMLegacyNames(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"alice@example.com", "a&b=c+d%", "ops.team-1_x@corp"} {
		t.Run(name, func(t *testing.T) {
			srv := newCounted(t)
			_, err := srv.emu.AddUser(aliyuntest.User{Name: name, DisplayName: "Legacy"})
			require.NoError(t, err)
			ram := srv.ram(t)

			got, err := ram.GetUser(ctx, &aliyun.RAMGetUserInput{UserName: name})
			require.NoError(t, err)
			assert.Equal(t, name, got.User.UserName)
			_, err = ram.UpdateUser(ctx, &aliyun.RAMUpdateUserInput{UserName: name, NewComments: "still here"})
			require.NoError(t, err)
			_, err = ram.CreateLoginProfile(ctx, &aliyun.RAMCreateLoginProfileInput{UserName: name, Password: iam.NewSecret("Str0ng-Passw0rd")})
			require.NoError(t, err)

			c := ram.IAM()
			u, err := c.GetUser(ctx, name)
			require.NoError(t, err)
			assert.Equal(t, "still here", u.Description)
			k, err := c.CreateAccessKey(ctx, name)
			require.NoError(t, err)
			require.NoError(t, c.DisableAccessKey(ctx, name, k.ID))
			lp, err := c.GetLoginProfile(ctx, name)
			require.NoError(t, err)
			assert.Equal(t, name, lp.UserName)
			assert.Equal(t, []aliyuntest.AccessKey{{ID: k.ID, UserName: name, CreatedAt: k.CreatedAt}}, srv.emu.AccessKeys(name))

			// A rename gives a name under the current rule; the old name then
			// is gone.
			u, err = c.UpdateUser(ctx, name, &iam.UpdateUserInput{NewName: iam.Ptr("renamed")})
			require.NoError(t, err)
			assert.Equal(t, "renamed", u.Name)
			require.NoError(t, c.DeleteUser(ctx, "renamed"))
			assert.Empty(t, srv.emu.Users())
		})
	}
	srv := newCounted(t)
	_, err := srv.ram(t).CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "new@example.com"})
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument), "%v", err)
	assert.Zero(t, srv.reqs.Load())
}

// TestIDaaSNamesFromOtherSources: an account synchronized with a name EIAM
// would not give (a space) is reached by the portable calls.
func TestIDaaSNamesFromOtherSources(t *testing.T) {
	ctx := context.Background()
	srv := newCounted(t)
	_, err := srv.emu.AddIDaaSUser(aliyuntest.User{Name: "Zoë Lin", Enabled: true})
	require.NoError(t, err)
	c := srv.idaas(t).IAM()
	u, err := c.GetUser(ctx, "Zoë Lin")
	require.NoError(t, err)
	assert.True(t, u.Enabled)
	_, err = c.SetLoginProfile(ctx, "Zoë Lin", &iam.LoginProfileInput{Password: iam.NewSecret("Str0ng-Passw0rd")})
	require.NoError(t, err)
	lp, ok := srv.emu.IDaaSLoginProfile("Zoë Lin")
	assert.True(t, ok && lp.PasswordSet)
	require.NoError(t, c.DeleteUser(ctx, "Zoë Lin"))
	assert.Empty(t, srv.emu.IDaaSUsers())
}

// TestIDaaSClearsDescription: the one field EIAM can clear, as declared.
func TestIDaaSClearsDescription(t *testing.T) {
	ctx := context.Background()
	srv := newCounted(t)
	c := srv.idaas(t).IAM()
	assert.True(t, c.Capabilities().CanClear(iam.FieldDescription))
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora", Description: "on call"})
	require.NoError(t, err)
	u, err := c.UpdateUser(ctx, "dora", &iam.UpdateUserInput{Description: iam.Ptr("")})
	require.NoError(t, err)
	assert.Empty(t, u.Description)
	assert.Empty(t, srv.emu.IDaaSUsers()[0].Description)
}

func TestCapabilitiesExported(t *testing.T) {
	srv := newCounted(t)
	assert.Equal(t, aliyun.RAMCapabilities(), srv.ram(t).IAM().Capabilities())
	assert.Equal(t, aliyun.IDaaSCapabilities(), srv.idaas(t).IAM().Capabilities())

	ram := aliyun.RAMCapabilities()
	assert.Equal(t, aliyun.SchemeRAM, ram.Provider)
	assert.Equal(t, [4]int{64, 128, 128, 1000}, [4]int{ram.MaxUserNameLength, ram.MaxDisplayNameLength, ram.MaxDescriptionLength, ram.MaxPageSize})
	assert.Empty(t, ram.ClearableFields, "RAM's UpdateUser leaves empty fields unchanged")
	assert.Zero(t, ram.MaxPasswordLength, "the password policy decides")

	idaas := aliyun.IDaaSCapabilities()
	assert.Equal(t, aliyun.SchemeIDaaS, idaas.Provider)
	assert.Equal(t, [5]int{64, 64, 256, 128, 100}, [5]int{idaas.MaxUserNameLength, idaas.MaxDisplayNameLength,
		idaas.MaxDescriptionLength, idaas.MaxEmailLength, idaas.MaxPageSize})
	assert.Equal(t, []iam.Field{iam.FieldDescription, iam.FieldGroupDescription}, idaas.ClearableFields)
	assert.Equal(t, [2]int{64, 256}, [2]int{idaas.MaxGroupNameLength, idaas.MaxGroupDescriptionLength})
	assert.Equal(t, [5]int{64, 128, 128, 1024, 6144}, [5]int{ram.MaxGroupNameLength, ram.MaxGroupDescriptionLength,
		ram.MaxPolicyNameLength, ram.MaxPolicyDescriptionLength, ram.MaxPolicyDocumentLength})

	// Each call returns its own copy.
	ram.Fields[0] = "changed"
	assert.Equal(t, iam.FieldDisplayName, aliyun.RAMCapabilities().Fields[0])
}

// TestObserverSeesPortableCalls: Config.Observer is the portable client's
// observer.
func TestObserverSeesPortableCalls(t *testing.T) {
	srv := newCounted(t)
	var ops []string
	obs := &iam.Observer{CallDone: func(_ context.Context, e iam.Event) {
		if !e.Native {
			ops = append(ops, e.Provider+" "+e.Op+" "+string(e.Kind))
		}
	}}
	cfg := srv.config()
	cfg.Observer = obs
	ram, err := aliyun.NewRAM(cfg)
	require.NoError(t, err)
	c := ram.IAM()
	_, err = c.CreateUser(context.Background(), &iam.CreateUserInput{Name: "observed"})
	require.NoError(t, err)
	_, err = c.GetUser(context.Background(), "nobody")
	require.Error(t, err)
	assert.Equal(t, []string{"aliyun-ram CreateUser ", "aliyun-ram GetUser not found"}, ops)
}
