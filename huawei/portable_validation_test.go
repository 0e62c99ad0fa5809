package huawei

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// TestPortableRefusedBeforeAnyRequest: a portable call that breaks a rule,
// the iam.Client's or IAM's own (the characters of a name, the shape of an
// email or a phone), is refused with the portable Field vocabulary, and not
// one request leaves (not even the domain lookup: no DomainID is set).
func TestPortableRefusedBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	const ak = "HWAK0000000000000001"
	tests := []struct {
		name  string
		call  func(c *iam.Client) error
		kind  iam.Kind
		field string
	}{
		// Names no IAM user can have: refused, not looked up.
		{"GetUser a/../b", func(c *iam.Client) error { _, err := c.GetUser(ctx, "a/../b"); return err }, iam.ErrInvalidArgument, "userName"},
		{"GetUser query", func(c *iam.Client) error { _, err := c.GetUser(ctx, "a?name=b"); return err }, iam.ErrInvalidArgument, "userName"},
		{"GetUser non-ASCII", func(c *iam.Client) error { _, err := c.GetUser(ctx, "zoë"); return err }, iam.ErrInvalidArgument, "userName"},
		{"UpdateUser name", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a#b", &iam.UpdateUserInput{Description: iam.Ptr("x")})
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"DeleteUser name", func(c *iam.Client) error { return c.DeleteUser(ctx, "a/b") }, iam.ErrInvalidArgument, "userName"},
		{"GetLoginProfile name", func(c *iam.Client) error { _, err := c.GetLoginProfile(ctx, "a%2Fb"); return err }, iam.ErrInvalidArgument, "userName"},
		{"SetLoginProfile name", func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a/b", &iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(true)})
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"DeleteLoginProfile name", func(c *iam.Client) error { return c.DeleteLoginProfile(ctx, "a\\b") }, iam.ErrInvalidArgument, "userName"},
		{"CreateAccessKey name", func(c *iam.Client) error { _, err := c.CreateAccessKey(ctx, "a&b"); return err }, iam.ErrInvalidArgument, "userName"},
		{"ListAccessKeys name", func(c *iam.Client) error { _, err := c.ListAccessKeys(ctx, "a:b"); return err }, iam.ErrInvalidArgument, "userName"},
		{"EnableAccessKey name", func(c *iam.Client) error { return c.EnableAccessKey(ctx, "a/b", ak) }, iam.ErrInvalidArgument, "userName"},
		{"DisableAccessKey name", func(c *iam.Client) error { return c.DisableAccessKey(ctx, "a/b", ak) }, iam.ErrInvalidArgument, "userName"},
		{"DeleteAccessKey name", func(c *iam.Client) error { return c.DeleteAccessKey(ctx, "a/b", ak) }, iam.ErrInvalidArgument, "userName"},
		{"DeleteAccessKey key", func(c *iam.Client) error { return c.DeleteAccessKey(ctx, "alice", "../x") }, iam.ErrInvalidArgument, "accessKeyID"},

		// IAM's rules for new names, emails and phone numbers.
		{"CreateUser leading digit", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "1alice"})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser leading space", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: " alice"})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser slash", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "al/ice"})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser name 65", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: strings.Repeat("a", 65)})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser email", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Email: "alice.example.com"})
			return err
		}, iam.ErrInvalidArgument, "Email"},
		{"CreateUser phone without areacode", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Phone: "13800000000"})
			return err
		}, iam.ErrInvalidArgument, "Phone"},
		{"CreateUser phone letters", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Phone: "0086-138x"})
			return err
		}, iam.ErrInvalidArgument, "Phone"},
		{"CreateUser phone 33 digits", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Phone: "0086-" + strings.Repeat("1", 33)})
			return err
		}, iam.ErrInvalidArgument, "Phone"},
		{"CreateUser areacode 9 digits", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Phone: "123456789-138"})
			return err
		}, iam.ErrInvalidArgument, "Phone"},
		{"CreateUser description 256", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Description: strings.Repeat("d", 256)})
			return err
		}, iam.ErrInvalidArgument, "Description"},
		{"CreateUser display name", func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", DisplayName: "Alice"})
			return err
		}, iam.ErrUnsupported, "DisplayName"},
		{"UpdateUser new name", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{NewName: iam.Ptr("9lives")})
			return err
		}, iam.ErrInvalidArgument, "NewName"},
		{"UpdateUser email", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Email: iam.Ptr("a b@example.com")})
			return err
		}, iam.ErrInvalidArgument, "Email"},
		{"UpdateUser phone", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Phone: iam.Ptr("phone")})
			return err
		}, iam.ErrInvalidArgument, "Phone"},
		{"UpdateUser clears the phone", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Phone: iam.Ptr("")})
			return err
		}, iam.ErrUnsupported, "Phone"},
		{"UpdateUser clears the email", func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Email: iam.Ptr("")})
			return err
		}, iam.ErrUnsupported, "Email"},

		// Login profiles: IAM has three MFA methods, so MFARequired needs one.
		{"SetLoginProfile MFARequired without a method", func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
			return err
		}, iam.ErrInvalidArgument, "MFAMethod"},
		{"SetLoginProfile unknown method", func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("u2f"))})
			return err
		}, iam.ErrInvalidArgument, "MFAMethod"},
		{"SetLoginProfile password 5", func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{Password: iam.NewSecret("Ab1!x")})
			return err
		}, iam.ErrInvalidArgument, "Password"},
		{"SetLoginProfile password 33", func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{Password: iam.NewSecret("Ab1!" + strings.Repeat("x", 29))})
			return err
		}, iam.ErrInvalidArgument, "Password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t)
			c := m.client(Config{}).IAM()
			err := tt.call(c)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, tt.kind, e.Kind)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, Scheme, e.Provider)
			assert.NotEmpty(t, e.Op)
			assert.Equal(t, 0, m.calls(), "no request may leave")
		})
	}
}

// TestPortableLegacyNames: names IAM refuses for new users (a leading digit
// or space, from older rules) still address existing users.
func TestPortableLegacyNames(t *testing.T) {
	ctx := context.Background()
	srv, nc := emulated(t)
	for _, name := range []string{"1legacy", " spaced"} {
		seedLegacy(t, srv, name)
		u, err := nc.IAM().GetUser(ctx, name)
		require.NoError(t, err, name)
		assert.Equal(t, name, u.Name)
	}
}

func seedLegacy(t *testing.T, srv *huaweitest.Server, name string) {
	t.Helper()
	_, err := srv.AddUser(huaweitest.User{Name: name, Enabled: true})
	require.NoError(t, err)
}
