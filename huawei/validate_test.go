package huawei

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestValidation: bad input is ErrInvalidArgument naming the field, and no
// request leaves.
func TestValidation(t *testing.T) {
	ctx := context.Background()
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name  string
		call  func(c *Client) error
		field string
	}{
		{"create nil", func(c *Client) error { _, err := c.CreateUser(ctx, nil); return err }, "CreateUserInput"},
		{"create empty name", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{}); return err }, "Name"},
		{"create name 65", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: long(65)}); return err }, "Name"},
		{"create name digit", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: "1alice"}); return err }, "Name"},
		{"create name space", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: " alice"}); return err }, "Name"},
		{"create name charset", func(c *Client) error { _, err := c.CreateUser(ctx, &CreateUserInput{Name: "al/ice"}); return err }, "Name"},
		{"create password 33", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", Password: iam.NewSecret(long(33))})
			return err
		}, "Password"},
		{"create email 256", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", Email: long(246) + "@example.c"})
			return err
		}, "Email"},
		{"create phone letters", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", AreaCode: "0086", Phone: "138x"})
			return err
		}, "Phone"},
		{"create phone 33", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", AreaCode: "0086", Phone: strings.Repeat("1", 33)})
			return err
		}, "Phone"},
		{"create phone alone", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", Phone: "138"})
			return err
		}, "AreaCode"},
		{"create areacode alone", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", AreaCode: "0086"})
			return err
		}, "AreaCode"},
		{"create xuser_id alone", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", XUserID: "x"})
			return err
		}, "XUserID"},
		{"create xuser_type 65", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", XUserID: "x", XUserType: long(65)})
			return err
		}, "XUserType"},
		{"create access mode", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", AccessMode: "web"})
			return err
		}, "AccessMode"},
		{"create description 256", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", Description: long(256)})
			return err
		}, "Description"},
		{"create domain id", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "a", DomainID: "../x"})
			return err
		}, "DomainID"},
		{"show nil", func(c *Client) error { _, err := c.ShowUser(ctx, nil); return err }, "ShowUserInput"},
		{"show empty id", func(c *Client) error { _, err := c.ShowUser(ctx, &ShowUserInput{}); return err }, "UserID"},
		{"show id slash", func(c *Client) error { _, err := c.ShowUser(ctx, &ShowUserInput{UserID: "a/../b"}); return err }, "UserID"},
		{"update nil", func(c *Client) error { _, err := c.UpdateUser(ctx, nil); return err }, "UpdateUserInput"},
		{"update nothing", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID})
			return err
		}, "UpdateUserInput"},
		{"update bad name", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, Name: iam.Ptr("")})
			return err
		}, "Name"},
		{"update access mode", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, AccessMode: iam.Ptr(AccessMode("all"))})
			return err
		}, "AccessMode"},
		{"update phone alone", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, Phone: iam.Ptr("138")})
			return err
		}, "AreaCode"},
		{"delete empty id", func(c *Client) error { _, err := c.DeleteUser(ctx, &DeleteUserInput{}); return err }, "UserID"},
		{"list operator", func(c *Client) error {
			_, err := c.ListUsers(ctx, &ListUsersInput{PasswordExpiresAt: &PasswordExpiryFilter{Operator: "le", Time: time.Now()}})
			return err
		}, "PasswordExpiresAt.Operator"},
		{"list time", func(c *Client) error {
			_, err := c.ListUsers(ctx, &ListUsersInput{PasswordExpiresAt: &PasswordExpiryFilter{Operator: ExpiresAt}})
			return err
		}, "PasswordExpiresAt.Time"},
		{"list name 65", func(c *Client) error { _, err := c.ListUsers(ctx, &ListUsersInput{Name: long(65)}); return err }, "Name"},
		{"list domain", func(c *Client) error { _, err := c.ListUsers(ctx, &ListUsersInput{DomainID: "a?b"}); return err }, "DomainID"},
		{"login protect method", func(c *Client) error {
			_, err := c.UpdateLoginProtect(ctx, &UpdateLoginProtectInput{UserID: testUserID, Enabled: true, VerificationMethod: "totp"})
			return err
		}, "VerificationMethod"},
		{"login protect id", func(c *Client) error {
			_, err := c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{})
			return err
		}, "UserID"},
		{"key create id", func(c *Client) error {
			_, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{})
			return err
		}, "UserID"},
		{"key create description", func(c *Client) error {
			_, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: testUserID, Description: long(256)})
			return err
		}, "Description"},
		{"key list id", func(c *Client) error {
			_, err := c.ListPermanentAccessKeys(ctx, &ListPermanentAccessKeysInput{UserID: "a b"})
			return err
		}, "UserID"},
		{"key show id", func(c *Client) error {
			_, err := c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{})
			return err
		}, "AccessKeyID"},
		{"key update status", func(c *Client) error {
			_, err := c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: "AK", Status: "Active"})
			return err
		}, "Status"},
		{"key update nothing", func(c *Client) error {
			_, err := c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: "AK"})
			return err
		}, "UpdatePermanentAccessKeyInput"},
		{"key delete id", func(c *Client) error {
			_, err := c.DeletePermanentAccessKey(ctx, &DeletePermanentAccessKeyInput{AccessKeyID: "a#b"})
			return err
		}, "AccessKeyID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t)
			c := m.client(Config{}) // no DomainID: not even the lookup may happen
			err := tt.call(c)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
			assert.Equal(t, tt.field, e.Field)
			assert.NotEmpty(t, e.Message, "the rule is stated")
			assert.Equal(t, 0, m.calls(), "no request may leave")
		})
	}
}

func TestValidNames(t *testing.T) {
	for _, n := range []string{"a", "Alice", "a b", "a-b_c.d", "A1", strings.Repeat("z", 64)} {
		assert.NoError(t, checkUserName("op", "Name", n), n)
	}
}

// TestSecretsNeverPrinted: passwords, secrets and tokens stay out of
// fmt output and errors.
func TestSecretsNeverPrinted(t *testing.T) {
	cfg := Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK), SessionToken: iam.NewSecret("sts-secret-token"),
		AuthToken: iam.NewSecret("MIIsecret")}
	in := CreateUserInput{Name: "a", Password: iam.NewSecret("Pa$$w0rd!x")}
	k := Credential{AccessKeyID: "AK", Secret: iam.NewSecret("very-secret-value")}
	for _, s := range []string{fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), fmt.Sprintf("%v %+v %#v", in, in, in), fmt.Sprintf("%v %+v %#v", k, k, k)} {
		for _, secret := range []string{testSK, "sts-secret-token", "MIIsecret", "Pa$$w0rd!x", "very-secret-value"} {
			assert.NotContains(t, s, secret)
		}
	}
	c, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK), DomainID: testDomainID})
	require.NoError(t, err)
	s := fmt.Sprintf("%v %+v %#v", c, c, c)
	assert.NotContains(t, s, testSK)
}
