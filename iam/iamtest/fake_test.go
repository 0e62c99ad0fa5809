package iamtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestFakeConformance(t *testing.T) {
	t.Run("fresh client per subtest", func(t *testing.T) {
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client { return NewFake() })
	})
	t.Run("one shared client", func(t *testing.T) {
		c := NewFake()
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client { return c })
	})
	t.Run("limit of three keys", func(t *testing.T) {
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client { return NewFake(WithMaxAccessKeys(3)) })
	})
	// A less capable client passes too: the suite expects ErrUnsupported
	// for what is not declared.
	t.Run("without optional fields", func(t *testing.T) {
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client {
			return NewFake(WithoutFields(iam.FieldDisplayName, iam.FieldEmail, iam.FieldPhone,
				iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFAMethod))
		})
	})
	t.Run("without MFA", func(t *testing.T) {
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client {
			return NewFake(WithoutFields(iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldDescription))
		})
	})
	t.Run("without access keys and login profiles", func(t *testing.T) {
		c := NewFake(WithoutOperations(iam.OpGetLoginProfile, iam.OpSetLoginProfile, iam.OpDeleteLoginProfile,
			iam.OpCreateAccessKey, iam.OpListAccessKeys, iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey))
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client { return c })
	})
	t.Run("without enable, disable and update", func(t *testing.T) {
		RunClientTests(t, func(*testing.T, *iam.Observer) *iam.Client {
			return NewFake(WithoutOperations(iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpUpdateUser))
		})
	})
}

func TestFakeCapabilities(t *testing.T) {
	caps := NewFake().Capabilities()
	assert.Equal(t, "fake", caps.Provider)
	assert.Equal(t, iam.Operations, caps.Operations)
	assert.Len(t, caps.Fields, 11)
	assert.Equal(t, 2, caps.MaxAccessKeysPerUser)
	assert.Equal(t, 64, caps.MaxUserNameLength)
	assert.Equal(t, []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP}, caps.MFAMethods)

	caps = NewFake(WithMaxAccessKeys(5), WithoutFields(iam.FieldMFAMethod), WithoutOperations(iam.OpDeleteUser)).Capabilities()
	assert.Equal(t, 5, caps.MaxAccessKeysPerUser)
	assert.False(t, caps.SupportsField(iam.FieldMFAMethod))
	assert.Empty(t, caps.MFAMethods)
	assert.False(t, caps.Supports(iam.OpDeleteUser))
	assert.True(t, caps.Supports(iam.OpGetUser))

	caps = NewFake(WithMaxAccessKeys(-1), WithoutOperations(iam.OpCreateAccessKey)).Capabilities()
	assert.Zero(t, caps.MaxAccessKeysPerUser, "no access keys, no limit")
}

func TestFakeUserNames(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		valid bool
	}{
		{"a", true},
		{"Alice_01", true},
		{"ct_" + strings.Repeat("x", 61), true},
		{strings.Repeat("x", 65), false},
		{"", false},
		{"1alice", false},
		{"_alice", false},
		{"alice.smith", false},
		{"alice-smith", false},
		{"alice@example.com", false},
		{"alice smith", false},
		{"ali/ce", false},
		{"zoë", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewFake()
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: tc.name})
			if tc.valid {
				require.NoError(t, err)
				// The same rule holds for a rename.
				_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "other"})
				require.NoError(t, err)
				_, err = c.UpdateUser(ctx, "other", &iam.UpdateUserInput{NewName: iam.Ptr(tc.name + "2")})
				assert.Equal(t, len(tc.name) < 64, err == nil, "rename to %q: %v", tc.name+"2", err)
				return
			}
			var ie *iam.Error
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, iam.ErrInvalidArgument, ie.Kind)
			assert.Equal(t, "Name", ie.Field)
			assert.Equal(t, "fake", ie.Provider)
			assert.Equal(t, "CreateUser", ie.Op)
			assert.Contains(t, ie.Error(), "must be 1-64 characters")

			_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "other"})
			require.NoError(t, err)
			_, err = c.UpdateUser(ctx, "other", &iam.UpdateUserInput{NewName: &tc.name})
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "NewName", ie.Field)
		})
	}
}

func TestFakeAddressingRules(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	tests := []struct {
		ref  string
		kind iam.Kind
	}{
		{"", iam.ErrInvalidArgument},
		{"a/b", iam.ErrInvalidArgument},
		{"a b", iam.ErrInvalidArgument},
		{"a?b", iam.ErrInvalidArgument},
		{"a\nb", iam.ErrInvalidArgument},
		{strings.Repeat("a", 256), iam.ErrInvalidArgument},
		// Names no user can have are simply not found.
		{"alice.smith", iam.ErrNotFound},
		{"Alice", iam.ErrNotFound},
	}
	for _, tc := range tests {
		_, err := c.GetUser(ctx, tc.ref)
		assert.ErrorIs(t, err, tc.kind, "GetUser(%q)", tc.ref)
		assert.ErrorIs(t, c.DeleteUser(ctx, tc.ref), tc.kind, "DeleteUser(%q)", tc.ref)
		_, err = c.ListAccessKeys(ctx, tc.ref)
		assert.ErrorIs(t, err, tc.kind, "ListAccessKeys(%q)", tc.ref)
		// The same rules for key IDs.
		assert.ErrorIs(t, c.DeleteAccessKey(ctx, "alice", tc.ref), tc.kind, "DeleteAccessKey(alice, %q)", tc.ref)
	}
}

func TestFakeUsers(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := NewFake(WithClock(func() time.Time { return clock }))

	u, err := c.CreateUser(ctx, &iam.CreateUserInput{
		Name: "alice", DisplayName: "Alice", Description: "ops", Email: "a@example.com", Phone: "86-13800000000",
	})
	require.NoError(t, err)
	assert.Equal(t, "alice", u.Name)
	assert.Equal(t, "Alice", u.DisplayName)
	assert.Equal(t, "ops", u.Description)
	assert.Equal(t, "a@example.com", u.Email)
	assert.Equal(t, "86-13800000000", u.Phone)
	assert.True(t, u.Enabled, "Enabled defaults to true")
	assert.Equal(t, clock, u.CreatedAt)
	assert.True(t, u.LastLoginAt.IsZero())
	assert.Len(t, u.ID, 32)

	var fu *FakeUser
	require.True(t, u.As(&fu), "As reaches the fake's native user")
	assert.Equal(t, FakeUser{ID: u.ID, Name: "alice", UpdatedAt: clock}, *fu)
	var wrong *iam.User
	assert.False(t, u.As(&wrong))

	clock = clock.Add(time.Hour)
	up, err := c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Description: iam.Ptr(""), Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	assert.Empty(t, up.Description, "a pointer to empty clears the field")
	assert.False(t, up.Enabled)
	assert.Equal(t, "Alice", up.DisplayName, "nil fields are left as they are")
	require.True(t, up.As(&fu))
	assert.Equal(t, clock, fu.UpdatedAt)
	assert.Equal(t, u.CreatedAt, up.CreatedAt)

	// An empty update changes nothing but is allowed; a nil one is not.
	_, err = c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{})
	require.NoError(t, err)
	_, err = c.UpdateUser(ctx, "alice", nil)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)

	// Returned users are copies.
	up.Name = "mallory"
	got, err := c.GetUser(ctx, "alice")
	require.NoError(t, err)
	assert.Equal(t, "alice", got.Name)
}

func TestFakeErrors(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	_, err := c.GetUser(ctx, "nobody")
	var ie *iam.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, &iam.Error{Provider: "fake", Op: "GetUser", Kind: iam.ErrNotFound, Code: "NotFound",
		Message: `user "nobody" does not exist`}, ie)
	assert.Equal(t, `cloudiam: fake GetUser: NotFound: user "nobody" does not exist`, err.Error())

	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrAlreadyExists, ie.Kind)
	assert.Equal(t, "AlreadyExists", ie.Code)

	for range 2 {
		_, err = c.CreateAccessKey(ctx, "alice")
		require.NoError(t, err)
	}
	_, err = c.CreateAccessKey(ctx, "alice")
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrLimitExceeded, ie.Kind)
	assert.Equal(t, "CreateAccessKey", ie.Op)

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.GetUser(canceled, "alice")
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrUnavailable, ie.Kind)
	assert.ErrorIs(t, err, context.Canceled)

	var nilCtx context.Context
	_, err = c.GetUser(nilCtx, "alice")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)

	_, err = NewFake(WithoutOperations(iam.OpGetUser)).GetUser(ctx, "alice")
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrUnsupported, ie.Kind)
	assert.Equal(t, "GetUser", ie.Op)
}

func TestFakeListUsersPaging(t *testing.T) {
	ctx := context.Background()
	var pages []int
	c := NewFake(withPageHook(func(size int) { pages = append(pages, size) }))
	for i := range 7 {
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: fmt.Sprintf("user%d", i)})
		require.NoError(t, err)
	}
	tests := []struct {
		name      string
		in        *iam.ListUsersInput
		stopAfter int // 0: read everything
		wantUsers int
		wantPages []int
	}{
		{"nil input: one default page", nil, 0, 7, []int{100}},
		{"page size 2", &iam.ListUsersInput{PageSize: 2}, 0, 7, []int{2, 2, 2, 2}},
		{"page size 7: no empty page", &iam.ListUsersInput{PageSize: 7}, 0, 7, []int{7}},
		{"break in the first page fetches one page", &iam.ListUsersInput{PageSize: 2}, 1, 1, []int{2}},
		{"break at a page end fetches no more", &iam.ListUsersInput{PageSize: 2}, 4, 4, []int{2, 2}},
		{"page size 1000", &iam.ListUsersInput{PageSize: 1000}, 0, 7, []int{1000}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pages = nil
			var got []string
			for u, err := range c.ListUsers(ctx, tc.in) {
				require.NoError(t, err)
				got = append(got, u.Name)
				if len(got) == tc.stopAfter {
					break
				}
			}
			assert.Len(t, got, tc.wantUsers)
			assert.Equal(t, "user0", got[0], "creation order")
			assert.Equal(t, tc.wantPages, pages)
		})
	}

	pages = nil
	seq := c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 3})
	assert.Empty(t, pages, "nothing is fetched before the loop runs")
	for range seq {
		break
	}
	assert.Equal(t, []int{3}, pages)
	for _, size := range []int{-1, 1001} {
		n := 0
		for u, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: size}) {
			n++
			assert.Nil(t, u)
			var ie *iam.Error
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, iam.ErrInvalidArgument, ie.Kind)
			assert.Equal(t, "PageSize", ie.Field)
		}
		assert.Equal(t, 1, n, "a failure ends the sequence with one pair")
	}
}

func TestFakeListUsersStopsOnCancel(t *testing.T) {
	c := NewFake()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 5 {
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: fmt.Sprintf("user%d", i)})
		require.NoError(t, err)
	}
	var users int
	var errs []error
	for u, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 2}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		users++
		cancel() // the next page must not be fetched
		_ = u
	}
	assert.Equal(t, 2, users, "the page in hand is delivered")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestFakeLoginProfile(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	pw := iam.NewSecret("Sup3r-secret!")

	tests := []struct {
		name    string
		in      *iam.LoginProfileInput
		wantErr iam.Kind
		field   string
		check   func(t *testing.T, p *iam.LoginProfile)
	}{
		{name: "create needs a password", in: &iam.LoginProfileInput{}, wantErr: iam.ErrInvalidArgument, field: "Password"},
		{name: "short password", in: &iam.LoginProfileInput{Password: iam.NewSecret("short")}, wantErr: iam.ErrInvalidArgument, field: "Password"},
		{
			name: "create", in: &iam.LoginProfileInput{Password: pw, PasswordResetRequired: iam.Ptr(true)},
			check: func(t *testing.T, p *iam.LoginProfile) {
				assert.True(t, p.PasswordSet)
				assert.True(t, p.PasswordResetRequired)
				assert.False(t, p.MFARequired)
				assert.Equal(t, "alice", p.UserName)
			},
		},
		{
			name: "MFA without a method", in: &iam.LoginProfileInput{MFARequired: iam.Ptr(true)},
			wantErr: iam.ErrInvalidArgument, field: "MFAMethod",
		},
		{
			name: "MFA with a method", in: &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFATOTP)},
			check: func(t *testing.T, p *iam.LoginProfile) {
				assert.True(t, p.MFARequired)
				assert.Equal(t, iam.MFATOTP, p.MFAMethod)
				assert.True(t, p.PasswordResetRequired, "fields not set are kept")
				assert.True(t, p.PasswordSet)
			},
		},
		{
			name: "MFA stays on with the method chosen before", in: &iam.LoginProfileInput{MFARequired: iam.Ptr(true)},
			check: func(t *testing.T, p *iam.LoginProfile) { assert.Equal(t, iam.MFATOTP, p.MFAMethod) },
		},
		{name: "unknown MFA method", in: &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("carrier-pigeon"))}, wantErr: iam.ErrUnsupported},
		{name: "nil input", in: nil, wantErr: iam.ErrInvalidArgument, field: "in"},
	}
	for _, tc := range tests { // in order: each step builds on the ones before
		t.Run(tc.name, func(t *testing.T) {
			p, err := c.SetLoginProfile(ctx, "alice", tc.in)
			if tc.wantErr != "" {
				var ie *iam.Error
				require.ErrorAs(t, err, &ie)
				assert.Equal(t, tc.wantErr, ie.Kind)
				assert.Equal(t, tc.field, ie.Field)
				return
			}
			require.NoError(t, err)
			tc.check(t, p)
			got, err := c.GetLoginProfile(ctx, "alice")
			require.NoError(t, err)
			assert.Equal(t, p.PasswordResetRequired, got.PasswordResetRequired)
			assert.Equal(t, p.MFARequired, got.MFARequired)
			assert.Equal(t, p.MFAMethod, got.MFAMethod)
			var fp *FakeLoginProfile
			require.True(t, got.As(&fp))
			assert.Equal(t, "alice", fp.UserName)
			assert.NotContains(t, fmt.Sprintf("%v %+v %#v", got, *got, fp), pw.Reveal())
		})
	}

	// The login profile goes with its user.
	require.NoError(t, c.DeleteUser(ctx, "alice"))
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	_, err = c.GetLoginProfile(ctx, "alice")
	assert.ErrorIs(t, err, iam.ErrNotFound)
	assert.ErrorIs(t, c.DeleteLoginProfile(ctx, "alice"), iam.ErrNotFound)
}

func TestFakeAccessKeys(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	for _, n := range []string{"alice", "bob"} {
		_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: n})
		require.NoError(t, err)
	}
	k, err := c.CreateAccessKey(ctx, "alice")
	require.NoError(t, err)
	assert.Regexp(t, `^AK[0-9A-Z]{18}$`, k.ID)
	assert.Len(t, k.Secret.Reveal(), 30)
	assert.Equal(t, iam.AccessKeyActive, k.Status)
	assert.False(t, k.CreatedAt.IsZero())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", k, *k, *k), k.Secret.Reveal())
	var fk *FakeAccessKey
	require.True(t, k.As(&fk))
	assert.Equal(t, k.ID, fk.ID)

	// Keys are addressed through their user.
	assert.ErrorIs(t, c.DisableAccessKey(ctx, "bob", k.ID), iam.ErrNotFound)
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "bob", k.ID), iam.ErrNotFound)
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "nobody", k.ID), iam.ErrNotFound)
	keys, err := c.ListAccessKeys(ctx, "bob")
	require.NoError(t, err)
	assert.Empty(t, keys)

	require.NoError(t, c.DisableAccessKey(ctx, "alice", k.ID))
	require.NoError(t, c.DisableAccessKey(ctx, "alice", k.ID), "disabling twice is fine")
	keys, err = c.ListAccessKeys(ctx, "alice")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, iam.AccessKeyInactive, keys[0].Status)
	assert.True(t, keys[0].Secret.IsZero())

	// Deleting the user deletes its keys.
	require.NoError(t, c.DeleteUser(ctx, "alice"))
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	assert.ErrorIs(t, c.EnableAccessKey(ctx, "alice", k.ID), iam.ErrNotFound)
}

func TestFakeFailures(t *testing.T) {
	ctx := context.Background()
	throttled := &iam.Error{Provider: "fake", Op: "CreateAccessKey", Kind: iam.ErrThrottled, Code: "Throttling"}
	var calls []string
	c := NewFake(WithFailures(func(op iam.Operation, user string) error {
		calls = append(calls, string(op)+":"+user)
		if op == iam.OpCreateAccessKey || op == iam.OpListUsers {
			return throttled
		}
		return nil
	}))
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	_, err = c.CreateAccessKey(ctx, "alice")
	assert.Same(t, throttled, err, "the injected error is returned unchanged")
	keys, err := c.ListAccessKeys(ctx, "alice")
	require.NoError(t, err)
	assert.Empty(t, keys, "a failed call does nothing")
	for _, err := range c.ListUsers(ctx, nil) {
		assert.ErrorIs(t, err, iam.ErrThrottled)
	}
	assert.Equal(t, []string{"CreateUser:alice", "CreateAccessKey:alice", "ListAccessKeys:alice", "ListUsers:"}, calls)
}

func TestFakeUnsupportedFields(t *testing.T) {
	ctx := context.Background()
	c := NewFake(WithoutFields(iam.FieldEmail, iam.FieldEnabled, iam.FieldMFARequired))
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Email: "a@example.com"})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Enabled: iam.Ptr(true)})
	require.NoError(t, err, "asking for the default is not using the field")
	_, err = c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Enabled: iam.Ptr(true)})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	_, err = c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{Password: iam.NewSecret("Sup3r-secret!"), MFARequired: iam.Ptr(false)})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	_, err = c.GetLoginProfile(ctx, "alice")
	assert.ErrorIs(t, err, iam.ErrNotFound, "the refused call created nothing")
}

func TestFakeConcurrentUse(t *testing.T) {
	ctx := context.Background()
	c := NewFake()
	var wg sync.WaitGroup
	var listed atomic.Int64
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				name := fmt.Sprintf("w%d_u%d", w, i)
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: name})
				if !assert.NoError(t, err) {
					return
				}
				k, err := c.CreateAccessKey(ctx, name)
				assert.NoError(t, err)
				assert.NoError(t, c.DisableAccessKey(ctx, name, k.ID))
				_, err = c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret("Sup3r-secret!")})
				assert.NoError(t, err)
				for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 3}) {
					assert.NoError(t, err)
					listed.Add(1)
				}
				if i%2 == 0 {
					assert.NoError(t, c.DeleteUser(ctx, name))
				}
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, err := range c.ListUsers(ctx, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 80, n)
	assert.Positive(t, listed.Load())
}

func TestStoreErrUnknown(t *testing.T) {
	boom := errors.New("boom")
	err := storeErr(iam.OpGetUser, "user", boom)
	assert.ErrorIs(t, err, iam.ErrUnknown)
	assert.ErrorIs(t, err, boom)
	ie := &iam.Error{Kind: iam.ErrThrottled}
	assert.Same(t, ie, storeErr(iam.OpGetUser, "user", ie))
}
