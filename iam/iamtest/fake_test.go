package iamtest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// fakePolicies tells the suite about the fake's policies.
var fakePolicies = Policies{
	ReadOnlySystemPolicy: iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem},
	Project:              "cn-north-4",
	ProjectPolicy:        iam.PolicyRef{Name: "OBS ReadOnlyAccess", Type: iam.PolicySystem},
	CustomPolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`,
}

// fakeHarness is the harness of fakes built by opts, each with the suite's
// observer.
func fakeHarness(opts ...FakeOption) Harness {
	return Harness{
		NewClient: func(_ *testing.T, obs *iam.Observer) *iam.Client {
			return NewFake(append([]FakeOption{WithObserver(obs)}, opts...)...)
		},
		Policies:            fakePolicies,
		DuplicateMembership: DuplicateRefused,
		DuplicateAttachment: DuplicateRefused,
	}
}

// fakeConformance runs the suite against fakes built by opts.
func fakeConformance(t *testing.T, opts ...FakeOption) { RunClientTestsWith(t, fakeHarness(opts...)) }

// Capabilities of clouds, written here as a provider would declare them
// (iamtest imports no provider).
var (
	// oneMethodCloud has a single MFA method, no Enabled field, cannot clear
	// Description and pages up to 1000 (Alibaba Cloud RAM's shape).
	oneMethodCloud = iam.Capabilities{
		Provider:   "one-method",
		Operations: iam.Operations,
		Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldUserLastLogin},
		MFAMethods:           []iam.MFAMethod{iam.MFATOTP},
		MaxAccessKeysPerUser: 2,
		MaxUserNameLength:    64,
		ClearableFields:      []iam.Field{iam.FieldDisplayName, iam.FieldEmail, iam.FieldPhone},
		MaxDisplayNameLength: 128, MaxDescriptionLength: 128,
		MinPasswordLength: 8, MaxPasswordLength: 32,
		MaxPageSize: 1000,
	}
	// unpagedCloud answers the whole list at once (no MaxPageSize), has few
	// fields and long names (Baidu's shape).
	unpagedCloud = iam.Capabilities{
		Provider:   "unpaged",
		Operations: iam.Operations,
		Fields: []iam.Field{iam.FieldDescription, iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset,
			iam.FieldMFARequired, iam.FieldMFAMethod},
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFATOTP},
		MaxAccessKeysPerUser: 2,
		MaxUserNameLength:    255,
		ClearableFields:      []iam.Field{iam.FieldDescription},
		MinPasswordLength:    8, MaxPasswordLength: 64,
	}
	// usersOnlyCloud has no access keys and no login profile deletion
	// (Alibaba Cloud IDaaS's shape).
	usersOnlyCloud = iam.Capabilities{
		Provider: "users-only",
		Operations: []iam.Operation{iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser, iam.OpDeleteUser,
			iam.OpListUsers, iam.OpGetLoginProfile, iam.OpSetLoginProfile},
		Fields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldEnabled, iam.FieldRename},
		MaxUserNameLength:    128,
		MaxDisplayNameLength: 128, MaxDescriptionLength: 256, MaxEmailLength: 128, MaxPhoneLength: 22,
		MaxPageSize: 100,
	}
	// groupsOnlyCloud has groups without rename or policies (Alibaba Cloud
	// IDaaS's shape, with its lengths).
	groupsOnlyCloud = iam.Capabilities{
		Provider:             "groups-only",
		Operations:           slices.Concat(usersOnlyCloud.Operations, iam.GroupOperations),
		Fields:               []iam.Field{iam.FieldDescription, iam.FieldGroupDescription},
		ClearableFields:      []iam.Field{iam.FieldGroupDescription},
		MaxUserNameLength:    128,
		MaxDescriptionLength: 256,
		MaxPageSize:          100,
		MaxGroupNameLength:   64, MaxGroupDescriptionLength: 256,
	}
	// groupGrantsCloud grants policies to groups only, in projects too
	// (Huawei Cloud's shape), and cannot clear a group's description.
	groupGrantsCloud = iam.Capabilities{
		Provider: "group-grants",
		Operations: slices.Concat(iam.Operations, iam.GroupOperations, []iam.Operation{
			iam.OpListPolicies, iam.OpGetPolicy, iam.OpCreatePolicy, iam.OpDeletePolicy,
			iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, iam.OpListGroupPolicies}),
		Fields:               []iam.Field{iam.FieldGroupRename, iam.FieldGroupDescription, iam.FieldPolicyProject},
		MaxAccessKeysPerUser: 2,
		MaxUserNameLength:    64,
		MinPasswordLength:    6, MaxPasswordLength: 32,
		MaxPageSize:        200,
		MaxGroupNameLength: 128, MaxGroupDescriptionLength: 255,
		MaxPolicyNameLength: 128, MaxPolicyDocumentLength: 6144,
	}
)

func TestFakeConformance(t *testing.T) {
	t.Run("fresh client per subtest", func(t *testing.T) { fakeConformance(t) })
	// RunClientTests knows nothing of the fake's policies: the permission
	// tests that need one are skipped.
	t.Run("without a harness", func(t *testing.T) {
		RunClientTests(t, func(_ *testing.T, obs *iam.Observer) *iam.Client { return NewFake(WithObserver(obs)) })
	})
	t.Run("one shared client", func(t *testing.T) {
		var c *iam.Client
		RunClientTests(t, func(_ *testing.T, obs *iam.Observer) *iam.Client {
			if c == nil {
				c = NewFake(WithObserver(obs))
			}
			return c
		})
	})
	t.Run("limit of three keys", func(t *testing.T) { fakeConformance(t, WithMaxAccessKeys(3)) })
	// A less capable client passes too: the suite expects ErrUnsupported
	// for what is not declared.
	t.Run("without optional fields", func(t *testing.T) {
		fakeConformance(t, WithoutFields(iam.FieldDisplayName, iam.FieldEmail, iam.FieldPhone,
			iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFAMethod))
	})
	t.Run("without MFA", func(t *testing.T) {
		fakeConformance(t, WithoutFields(iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldDescription))
	})
	t.Run("without access keys and login profiles", func(t *testing.T) {
		fakeConformance(t, WithoutOperations(iam.OpGetLoginProfile, iam.OpSetLoginProfile, iam.OpDeleteLoginProfile,
			iam.OpCreateAccessKey, iam.OpListAccessKeys, iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey))
	})
	t.Run("without enable, disable and update", func(t *testing.T) {
		fakeConformance(t, WithoutOperations(iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpUpdateUser))
	})
	t.Run("without groups and policies", func(t *testing.T) {
		fakeConformance(t, WithoutOperations(slices.Concat(iam.GroupOperations, iam.PolicyOperations)...))
	})
	t.Run("without policies", func(t *testing.T) { fakeConformance(t, WithoutOperations(iam.PolicyOperations...)) })
	t.Run("without group fields and projects", func(t *testing.T) {
		fakeConformance(t, WithoutFields(iam.FieldGroupRename, iam.FieldGroupDescription, iam.FieldPolicyProject))
	})
	t.Run("without group updates, removals and detaching", func(t *testing.T) {
		fakeConformance(t, WithoutOperations(iam.OpUpdateGroup, iam.OpRemoveUserFromGroup, iam.OpDetachGroupPolicy,
			iam.OpDetachUserPolicy, iam.OpListUserGroups, iam.OpCreatePolicy))
	})
	// The fake as one chosen cloud.
	for _, caps := range []iam.Capabilities{oneMethodCloud, unpagedCloud, usersOnlyCloud, groupsOnlyCloud, groupGrantsCloud} {
		t.Run("as "+caps.Provider, func(t *testing.T) { fakeConformance(t, WithCapabilities(caps)) })
	}
}

func TestFakeCapabilities(t *testing.T) {
	caps := NewFake().Capabilities()
	assert.Equal(t, iam.Capabilities{
		Provider:             "fake",
		Operations:           allOps,
		Fields:               allFields,
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP},
		MaxAccessKeysPerUser: 2,
		MaxUserNameLength:    64,
		ClearableFields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldGroupDescription},
		MaxDisplayNameLength: 64,
		MaxDescriptionLength: 128,
		MaxEmailLength:       128,
		MaxPhoneLength:       22,
		MinPasswordLength:    8,
		MaxPasswordLength:    32,
		MaxPageSize:          100,

		MaxGroupNameLength:         64,
		MaxGroupDescriptionLength:  128,
		MaxPolicyNameLength:        64,
		MaxPolicyDescriptionLength: 1024,
		MaxPolicyDocumentLength:    6144,
	}, caps)

	caps = NewFake(WithMaxAccessKeys(5), WithoutFields(iam.FieldMFAMethod, iam.FieldEmail), WithoutOperations(iam.OpDeleteUser)).Capabilities()
	assert.Equal(t, 5, caps.MaxAccessKeysPerUser)
	assert.False(t, caps.SupportsField(iam.FieldMFAMethod))
	assert.Empty(t, caps.MFAMethods)
	assert.False(t, caps.Supports(iam.OpDeleteUser))
	assert.True(t, caps.Supports(iam.OpGetUser))
	assert.Equal(t, []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldPhone, iam.FieldGroupDescription},
		caps.ClearableFields, "a removed field cannot be cleared either")

	caps = NewFake(WithMaxAccessKeys(-1), WithoutOperations(iam.OpCreateAccessKey)).Capabilities()
	assert.Zero(t, caps.MaxAccessKeysPerUser, "no access keys, no limit")

	// WithCapabilities takes a cloud's capabilities as they are, as a copy.
	want := oneMethodCloud.Clone()
	in := oneMethodCloud.Clone()
	c := NewFake(WithCapabilities(in))
	in.Operations[0] = "Changed"
	assert.Equal(t, want, c.Capabilities())
	assert.Equal(t, "one-method", c.Provider())
	assert.Equal(t, 4, NewFake(WithMaxAccessKeys(4), WithCapabilities(oneMethodCloud)).Capabilities().MaxAccessKeysPerUser,
		"WithMaxAccessKeys applies on top, in any order")
	assert.Equal(t, FakeProvider, NewFake(WithCapabilities(iam.Capabilities{Operations: iam.Operations})).Provider(),
		"no Provider: the fake's")
	caps = NewFake(WithCapabilities(usersOnlyCloud)).Capabilities()
	assert.Zero(t, caps.MaxAccessKeysPerUser)
	assert.False(t, caps.Supports(iam.OpCreateAccessKey))
	caps = NewFake(WithCapabilities(iam.Capabilities{Operations: iam.Operations})).Capabilities()
	assert.Equal(t, FakeMaxAccessKeysPerUser, caps.MaxAccessKeysPerUser, "a cloud with keys but no declared limit gets the fake's")
}

func TestFakeAsOneCloud(t *testing.T) {
	ctx := context.Background()
	c := NewFake(WithCapabilities(oneMethodCloud))
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice", Description: "ops"})
	require.NoError(t, err)

	// The Client applies the cloud's capabilities, with its Provider.
	_, err = c.UpdateUser(ctx, "alice", &iam.UpdateUserInput{Description: iam.Ptr("")})
	var ie *iam.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrUnsupported, ie.Kind)
	assert.Equal(t, "Description", ie.Field)
	assert.Equal(t, "one-method", ie.Provider)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "bob", Enabled: iam.Ptr(false)})
	assert.ErrorIs(t, err, iam.ErrUnsupported)
	for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1000}) {
		require.NoError(t, err, "this cloud pages up to 1000")
	}

	// The fake's errors carry the cloud's Provider too.
	_, err = c.GetUser(ctx, "nobody")
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "one-method", ie.Provider)
	assert.Equal(t, iam.ErrNotFound, ie.Kind)

	// With one MFA method, MFARequired alone chooses it.
	_, err = c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{Password: iam.NewSecret("Sup3r-secret!"), MFARequired: iam.Ptr(true)})
	require.NoError(t, err)
	p, err := c.GetLoginProfile(ctx, "alice")
	require.NoError(t, err)
	assert.True(t, p.MFARequired)
	assert.Equal(t, iam.MFATOTP, p.MFAMethod)
	_, err = c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFASMS)})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, iam.ErrUnsupported, ie.Kind)
	assert.Equal(t, "MFAMethod", ie.Field)

	// An unpaged cloud takes any page size; the fake pages by 100 when
	// none is given.
	var pages []int
	c = NewFake(WithCapabilities(unpagedCloud), withPageHook(func(n int) { pages = append(pages, n) }))
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "a" + strings.Repeat("b", 200)})
	require.NoError(t, err, "this cloud takes names up to 255 characters")
	for _, size := range []int{0, 5000} {
		for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: size}) {
			require.NoError(t, err)
		}
	}
	assert.Equal(t, []int{100, 5000}, pages)
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
	var attempts atomic.Int64
	c := NewFake(WithObserver(&iam.Observer{AttemptStart: func(ctx context.Context, _ iam.Event) context.Context {
		attempts.Add(1)
		return nil
	}}))
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	tests := []struct {
		ref   string
		kind  iam.Kind
		field string // of ErrInvalidArgument
	}{
		{"", iam.ErrInvalidArgument, "userName"}, // the Client
		{"a/b", iam.ErrInvalidArgument, "userName"},
		{"a b", iam.ErrInvalidArgument, "userName"},
		{"a?b", iam.ErrInvalidArgument, "userName"},
		{"a#b", iam.ErrInvalidArgument, "userName"},
		{"a%2Fb", iam.ErrInvalidArgument, "userName"},
		{`a\b`, iam.ErrInvalidArgument, "userName"},
		{"a\nb", iam.ErrInvalidArgument, "userName"},
		{strings.Repeat("a", 65), iam.ErrInvalidArgument, "userName"}, // the Client
		// Names no user can have are simply not found.
		{"alice.smith", iam.ErrNotFound, ""},
		{"Alice", iam.ErrNotFound, ""},
		{"..", iam.ErrNotFound, ""},
	}
	for _, tc := range tests {
		before := attempts.Load()
		for what, err := range map[string]error{
			"GetUser":         func() error { _, err := c.GetUser(ctx, tc.ref); return err }(),
			"DeleteUser":      c.DeleteUser(ctx, tc.ref),
			"ListAccessKeys":  func() error { _, err := c.ListAccessKeys(ctx, tc.ref); return err }(),
			"DeleteAccessKey": c.DeleteAccessKey(ctx, tc.ref, "AK1"),
		} {
			var ie *iam.Error
			require.ErrorAs(t, err, &ie, "%s(%q)", what, tc.ref)
			assert.Equal(t, tc.kind, ie.Kind, "%s(%q)", what, tc.ref)
			assert.Equal(t, tc.field, ie.Field, "%s(%q)", what, tc.ref)
		}
		if tc.kind == iam.ErrInvalidArgument {
			assert.Equal(t, before, attempts.Load(), "%q is refused before the account is reached", tc.ref)
		}
	}
	// Access key ids are the Client's: ASCII letters and digits.
	for _, id := range []string{"", "a/b", "AK?x=1", "ÄK", strings.Repeat("A", 129)} {
		err := c.DeleteAccessKey(ctx, "alice", id)
		var ie *iam.Error
		require.ErrorAs(t, err, &ie, "DeleteAccessKey(alice, %q)", id)
		assert.Equal(t, iam.ErrInvalidArgument, ie.Kind)
		assert.Equal(t, "accessKeyID", ie.Field)
	}
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "alice", "AKNOSUCHKEY"), iam.ErrNotFound)
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
		{"page size 100", &iam.ListUsersInput{PageSize: 100}, 0, 7, []int{100}},
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
	for _, size := range []int{-1, 101} {
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
			name: "MFA on without a method is refused where there are several", in: &iam.LoginProfileInput{MFARequired: iam.Ptr(true)},
			wantErr: iam.ErrInvalidArgument, field: "MFAMethod",
		},
		{
			name: "another field keeps MFA and its method", in: &iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(false)},
			check: func(t *testing.T, p *iam.LoginProfile) {
				assert.True(t, p.MFARequired)
				assert.Equal(t, iam.MFATOTP, p.MFAMethod)
				assert.False(t, p.PasswordResetRequired)
			},
		},
		{
			name: "removing the method of a required MFA", in: &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFANone)},
			wantErr: iam.ErrInvalidArgument, field: "MFAMethod",
		},
		{name: "password over 32 characters", in: &iam.LoginProfileInput{Password: iam.NewSecret(strings.Repeat("Aa9!", 8) + "x")}, wantErr: iam.ErrInvalidArgument, field: "Password"},
		{name: "unknown MFA method", in: &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("carrier-pigeon"))}, wantErr: iam.ErrInvalidArgument, field: "MFAMethod"},
		{name: "MFA method the cloud lacks", in: &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("sms"))}, check: func(t *testing.T, p *iam.LoginProfile) {
			assert.Equal(t, iam.MFASMS, p.MFAMethod, "the fake has sms")
		}},
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
	f := &fake{provider: FakeProvider}
	boom := errors.New("boom")
	err := f.storeErr(iam.OpGetUser, "user", boom)
	assert.ErrorIs(t, err, iam.ErrUnknown)
	assert.ErrorIs(t, err, boom)
	ie := &iam.Error{Kind: iam.ErrThrottled}
	assert.Same(t, ie, f.storeErr(iam.OpGetUser, "user", ie))
	assert.NoError(t, f.storeErr(iam.OpGetUser, "user", nil))
}

// TestFakeObserver checks what WithObserver reports: the Client's portable
// call, and one native request of one attempt per access to the account.
func TestFakeObserver(t *testing.T) {
	ctx := context.Background()
	var events []string
	var mu sync.Mutex
	add := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	obs := &iam.Observer{
		CallStart: func(_ context.Context, e iam.Event) context.Context {
			add(fmt.Sprintf("call %s native=%v", e.Op, e.Native))
			return nil
		},
		CallDone: func(_ context.Context, e iam.Event) {
			add(fmt.Sprintf("done %s %d %s", e.Op, e.StatusCode, string(e.Kind)))
		},
		AttemptStart: func(_ context.Context, e iam.Event) context.Context {
			add(fmt.Sprintf("attempt %s #%d %s %s", e.Op, e.Attempt, e.Method, e.Path))
			return nil
		},
		AttemptDone: func(_ context.Context, e iam.Event) {
			add(fmt.Sprintf("answer %s %d %s", e.Op, e.StatusCode, string(e.Kind)))
		},
	}
	c := NewFake(WithObserver(obs), WithFailures(func(op iam.Operation, _ string) error {
		if op == iam.OpDeleteUser {
			return &iam.Error{Kind: iam.ErrThrottled}
		}
		return nil
	}))
	take := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := events
		events = nil
		return out
	}

	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"call CreateUser native=false",
		"call CreateUser native=true",
		"attempt CreateUser #1 POST /users",
		"answer CreateUser 200 ",
		"done CreateUser 200 ",
		"done CreateUser 0 ",
	}, take())

	_, err = c.GetUser(ctx, "bob")
	require.ErrorIs(t, err, iam.ErrNotFound)
	assert.Equal(t, []string{
		"call GetUser native=false",
		"call GetUser native=true",
		"attempt GetUser #1 GET /users/bob",
		"answer GetUser 404 not found",
		"done GetUser 404 not found",
		"done GetUser 0 not found",
	}, take())

	// A state rule is answered after the account is reached.
	_, err = c.SetLoginProfile(ctx, "alice", &iam.LoginProfileInput{})
	require.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Equal(t, []string{
		"call SetLoginProfile native=false",
		"call GetUser native=true",
		"attempt GetUser #1 GET /users/alice",
		"answer GetUser 200 ",
		"done GetUser 200 ",
		"call GetLoginProfile native=true",
		"attempt GetLoginProfile #1 GET /users/" + u.ID + "/login-profile",
		"answer GetLoginProfile 200 ",
		"done GetLoginProfile 200 ",
		"done SetLoginProfile 0 invalid argument",
	}, take())

	// An injected failure is the answer to the first request.
	require.ErrorIs(t, c.DeleteUser(ctx, "alice"), iam.ErrThrottled)
	assert.Equal(t, []string{
		"call DeleteUser native=false",
		"call GetUser native=true",
		"attempt GetUser #1 GET /users/alice",
		"answer GetUser 429 throttled",
		"done GetUser 429 throttled",
		"done DeleteUser 0 throttled",
	}, take())

	// Bad input, whether the Client or the fake refuses it, reaches nothing.
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "bad/name"})
	require.ErrorIs(t, err, iam.ErrInvalidArgument)
	_, err = c.GetUser(ctx, "a?b")
	require.ErrorIs(t, err, iam.ErrInvalidArgument)
	_, err = c.CreateUser(ctx, nil)
	require.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Equal(t, []string{
		"call CreateUser native=false", "done CreateUser 0 invalid argument",
		"call GetUser native=false", "done GetUser 0 invalid argument",
		"call CreateUser native=false", "done CreateUser 0 invalid argument",
	}, take())

	// A done context sends nothing either.
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.GetUser(canceled, "alice")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []string{"call GetUser native=false", "done GetUser 0 unavailable"}, take())
}

// TestStandardLibraryOnly checks that iamtest, built for a user's tests,
// brings no third-party package (testify was one): only the standard
// library and cloudiam's own packages.
func TestStandardLibraryOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}",
		"github.com/cloudiam-go/cloudiam/iam/iamtest").CombinedOutput()
	require.NoError(t, err, "go list:\n%s", out)
	var deps []string
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "github.com/cloudiam-go/cloudiam/") {
			deps = append(deps, p)
		}
	}
	assert.Empty(t, deps, "iamtest's non-test files import only the standard library and cloudiam")
	assert.Contains(t, string(out), "github.com/cloudiam-go/cloudiam/iam/iamtest", "go list listed iamtest itself")
}
