package iam_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

func provisionInput() *iam.ProvisionInput {
	return &iam.ProvisionInput{
		Name: "ops_alice", DisplayName: "Alice", Description: "ops", Email: "alice@example.com",
		Password: iam.NewSecret("Pv-9f!Ka2#pLx7"), PasswordResetRequired: true, AccessKey: true,
	}
}

// userExists reports whether c has the user.
func userExists(t *testing.T, c *iam.Client, name string) bool {
	_, err := c.GetUser(context.Background(), name)
	if errors.Is(err, iam.ErrNotFound) {
		return false
	}
	require.NoError(t, err)
	return true
}

func TestProvision(t *testing.T) {
	clouds := []iam.Cloud{
		{Name: "a", Client: iamtest.NewFake()},
		{Name: "b", Client: iamtest.NewFake(iamtest.WithoutFields(iam.FieldEmail, iam.FieldDisplayName))},
		{Name: "c", Client: iamtest.NewFake(iamtest.WithoutOperations(iam.OpCreateAccessKey, iam.OpListAccessKeys,
			iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey))},
	}
	res, err := iam.Provision(context.Background(), clouds, provisionInput())
	require.NoError(t, err)
	require.Len(t, res, 3)
	for i, r := range res {
		assert.Equal(t, clouds[i].Name, r.Cloud)
		assert.NoError(t, r.Err)
		require.NotNil(t, r.User)
		assert.NotNil(t, r.LoginProfile)
		assert.True(t, userExists(t, clouds[i].Client, "ops_alice"))
	}
	assert.Equal(t, "alice@example.com", res[0].User.Email)
	require.NotNil(t, res[0].AccessKey)
	assert.False(t, res[0].AccessKey.Secret.IsZero(), "the key comes with its secret")
	assert.ElementsMatch(t, []string{"DisplayName", "Email"}, res[1].Skipped, "unsupported fields are skipped, not fatal")
	assert.Nil(t, res[2].AccessKey)
	assert.Equal(t, []string{"AccessKey"}, res[2].Skipped)
}

// Whatever step fails on whichever cloud, nothing Provision created is left
// anywhere, and the error names the failing cloud.
func TestProvisionRollsBackOnEveryFailurePoint(t *testing.T) {
	for _, op := range []iam.Operation{iam.OpGetUser, iam.OpCreateUser, iam.OpSetLoginProfile, iam.OpCreateAccessKey} {
		t.Run(string(op), func(t *testing.T) {
			var mu sync.Mutex
			armed := true
			failing := iamtest.NewFake(iamtest.WithFailures(func(o iam.Operation, _ string) error {
				mu.Lock()
				defer mu.Unlock()
				if o == op && armed {
					armed = false // only the provisioning call fails, not the checks below
					return &iam.Error{Provider: "fake", Kind: iam.ErrUnavailable, Message: "injected"}
				}
				return nil
			}))
			clouds := []iam.Cloud{{Name: "ok1", Client: iamtest.NewFake()}, {Name: "bad", Client: failing}, {Name: "ok2", Client: iamtest.NewFake()}}
			res, err := iam.Provision(context.Background(), clouds, provisionInput())
			var pe *iam.ProvisionError
			require.ErrorAs(t, err, &pe)
			assert.Contains(t, pe.Failed, "bad")
			assert.Len(t, pe.Failed, 1)
			assert.Empty(t, pe.Leftovers)
			assert.ErrorIs(t, err, iam.ErrUnavailable)
			for i, c := range clouds {
				assert.False(t, userExists(t, c.Client, "ops_alice"), "%s still has the user", c.Name)
				if res[i].User != nil {
					assert.True(t, res[i].RolledBack, c.Name)
				}
			}
			assert.True(t, res[0].RolledBack && res[2].RolledBack, "the healthy clouds were rolled back")
		})
	}
}

func TestProvisionNeverDeletesAnExistingUser(t *testing.T) {
	existing := iamtest.NewFake()
	_, err := existing.CreateUser(context.Background(), &iam.CreateUserInput{Name: "ops_alice", Description: "someone else's"})
	require.NoError(t, err)
	fresh := iamtest.NewFake()
	_, err = iam.Provision(context.Background(), []iam.Cloud{{Name: "existing", Client: existing}, {Name: "fresh", Client: fresh}}, provisionInput())
	require.ErrorIs(t, err, iam.ErrAlreadyExists)
	u, err := existing.GetUser(context.Background(), "ops_alice")
	require.NoError(t, err, "the pre-existing user is untouched")
	assert.Equal(t, "someone else's", u.Description)
	assert.False(t, userExists(t, fresh, "ops_alice"), "the other cloud was rolled back")
}

func TestProvisionReportsWhatCouldNotBeRolledBack(t *testing.T) {
	stuck := iamtest.NewFake(iamtest.WithFailures(func(o iam.Operation, _ string) error {
		if o == iam.OpDeleteUser {
			return &iam.Error{Provider: "fake", Kind: iam.ErrPermissionDenied, Message: "no delete"}
		}
		return nil
	}))
	failing := iamtest.NewFake(iamtest.WithFailures(func(o iam.Operation, _ string) error {
		if o == iam.OpCreateUser {
			return &iam.Error{Provider: "fake", Kind: iam.ErrThrottled}
		}
		return nil
	}))
	res, err := iam.Provision(context.Background(), []iam.Cloud{{Name: "stuck", Client: stuck}, {Name: "failing", Client: failing}}, provisionInput())
	var pe *iam.ProvisionError
	require.ErrorAs(t, err, &pe)
	require.Contains(t, pe.Leftovers, "stuck")
	assert.ErrorIs(t, pe.Leftovers["stuck"], iam.ErrPermissionDenied)
	assert.False(t, res[0].RolledBack)
	assert.Contains(t, err.Error(), "left behind on stuck")
}

func TestProvisionRefusesBadInput(t *testing.T) {
	c := iamtest.NewFake()
	for _, tc := range []struct {
		clouds []iam.Cloud
		in     *iam.ProvisionInput
	}{
		{[]iam.Cloud{{Name: "a", Client: c}}, nil},
		{[]iam.Cloud{{Name: "a", Client: c}}, &iam.ProvisionInput{}},
		{[]iam.Cloud{{Name: "a", Client: c}, {Name: "a", Client: c}}, provisionInput()},
		{[]iam.Cloud{{Name: "a"}}, provisionInput()},
	} {
		_, err := iam.Provision(context.Background(), tc.clouds, tc.in)
		assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	}
	assert.False(t, userExists(t, c, "ops_alice"))
}

// A create that acted on the cloud but whose answer was lost
// (ErrOutcomeUnknown) is rolled back as if it had succeeded: nothing is
// left on any cloud, whichever create it was.
func TestProvisionRollsBackCreatesWhoseOutcomeIsUnknown(t *testing.T) {
	for _, op := range []iam.Operation{iam.OpCreateUser, iam.OpSetLoginProfile, iam.OpCreateAccessKey} {
		t.Run(string(op), func(t *testing.T) {
			var mu sync.Mutex
			armed := true
			var lost *iam.Client
			lost = iamtest.NewFake(iamtest.WithFailures(func(o iam.Operation, user string) error {
				if o == iam.OpDeleteUser { // like RAM: a user with keys or a login cannot be deleted
					if ks, _ := lost.ListAccessKeys(context.Background(), user); len(ks) > 0 {
						return &iam.Error{Provider: "fake", Kind: iam.ErrFailedPrecondition, Message: "user has access keys"}
					}
					if _, err := lost.GetLoginProfile(context.Background(), user); err == nil {
						return &iam.Error{Provider: "fake", Kind: iam.ErrFailedPrecondition, Message: "user has a login profile"}
					}
				}
				mu.Lock()
				fire := o == op && armed
				if fire {
					armed = false
				}
				mu.Unlock()
				if !fire {
					return nil
				}
				// The cloud acts; the answer never arrives.
				var err error
				switch op {
				case iam.OpCreateUser:
					_, err = lost.CreateUser(context.Background(), &iam.CreateUserInput{Name: user})
				case iam.OpSetLoginProfile:
					_, err = lost.SetLoginProfile(context.Background(), user, &iam.LoginProfileInput{Password: iam.NewSecret("Pv-9f!Ka2#pLx7")})
				case iam.OpCreateAccessKey:
					_, err = lost.CreateAccessKey(context.Background(), user)
				}
				if err != nil {
					return err
				}
				return &iam.Error{Provider: "fake", Kind: iam.ErrUnavailable, OutcomeUnknown: true, Message: "connection reset"}
			}))
			ok := iamtest.NewFake()
			clouds := []iam.Cloud{{Name: "ok", Client: ok}, {Name: "lost", Client: lost}}
			res, err := iam.Provision(context.Background(), clouds, provisionInput())
			var pe *iam.ProvisionError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
			assert.Contains(t, pe.Failed, "lost")
			assert.Empty(t, pe.Leftovers)
			assert.True(t, res[0].RolledBack && res[1].RolledBack, "both clouds rolled back")
			for _, c := range clouds {
				assert.False(t, userExists(t, c.Client, "ops_alice"), "%s still has the user", c.Name)
			}
		})
	}
}

// silentDelete answers DeleteUser with success without deleting: the
// rollback must read back and report the user as left behind.
type silentDelete struct{ iam.Driver }

func (silentDelete) DeleteUser(context.Context, string) error { return nil }

func TestProvisionVerifiesTheRollbackByReadingBack(t *testing.T) {
	liar := iam.NewClient(silentDelete{iamtest.NewFake().Driver()}, iam.ClientOptions{})
	failing := iamtest.NewFake(iamtest.WithFailures(func(o iam.Operation, _ string) error {
		if o == iam.OpCreateUser {
			return &iam.Error{Provider: "fake", Kind: iam.ErrThrottled}
		}
		return nil
	}))
	res, err := iam.Provision(context.Background(), []iam.Cloud{{Name: "liar", Client: liar}, {Name: "failing", Client: failing}}, provisionInput())
	var pe *iam.ProvisionError
	require.ErrorAs(t, err, &pe)
	require.Contains(t, pe.Leftovers, "liar", "a user still there after its delete is a leftover")
	assert.False(t, res[0].RolledBack)
	assert.True(t, userExists(t, liar, "ops_alice"))
}

func TestHelpersRefuseANilContext(t *testing.T) {
	c := iamtest.NewFake()
	var nilCtx context.Context
	_, err := iam.Provision(nilCtx, []iam.Cloud{{Name: "a", Client: c}}, provisionInput())
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "ctx", e.Field)
	_, err = iam.RotateAccessKey(nilCtx, c, "alice", "AK1", nil)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "ctx", e.Field)
	assert.False(t, userExists(t, c, "ops_alice"))
}

var readOnly = iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}

// withGroup returns a fake with the group "ops", which has readOnly attached.
func withGroup(t *testing.T, opts ...iamtest.FakeOption) *iam.Client {
	ctx := context.Background()
	c := iamtest.NewFake(opts...)
	_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: "ops"})
	require.NoError(t, err)
	require.NoError(t, c.AttachGroupPolicy(ctx, "ops", readOnly))
	return c
}

func collect[T any](t *testing.T, seq func(func(*T, error) bool)) []*T {
	var out []*T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestProvisionJoinsGroupsAndAttachesPolicies(t *testing.T) {
	ctx := context.Background()
	a := withGroup(t)
	b := withGroup(t, iamtest.WithoutOperations(iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpListUserPolicies))
	res, err := iam.Provision(ctx, []iam.Cloud{
		{Name: "a", Client: a, Groups: []string{"ops"}, Policies: []iam.PolicyRef{readOnly}},
		{Name: "b", Client: b, Groups: []string{"ops"}, Policies: []iam.PolicyRef{readOnly}},
	}, provisionInput())
	require.NoError(t, err)
	assert.Equal(t, []string{"ops"}, res[0].Groups)
	assert.Equal(t, []iam.PolicyRef{readOnly}, res[0].Policies)
	assert.Contains(t, res[1].Skipped, "Policies", "a cloud without user policies skips them")
	for _, c := range []*iam.Client{a, b} {
		members := collect(t, c.ListGroupUsers(ctx, "ops"))
		require.Len(t, members, 1)
		assert.Equal(t, "ops_alice", members[0].Name)
	}
	attached := collect(t, a.ListUserPolicies(ctx, "ops_alice"))
	require.Len(t, attached, 1)
	assert.Equal(t, "ReadOnlyAccess", attached[0].Name)
}

// A failure anywhere removes the memberships and attachments made
// everywhere, and leaves the groups themselves (they were not Provision's).
func TestProvisionRollsBackGroupsAndPolicies(t *testing.T) {
	ctx := context.Background()
	for _, failAt := range []iam.Operation{iam.OpCreateAccessKey, iam.OpAddUserToGroup, iam.OpAttachUserPolicy} {
		t.Run(string(failAt), func(t *testing.T) {
			a := withGroup(t)
			b := withGroup(t, iamtest.WithFailures(func(op iam.Operation, _ string) error {
				if op == failAt {
					return &iam.Error{Provider: "fake", Op: string(op), Kind: iam.ErrUnavailable, Message: "injected", OutcomeUnknown: true}
				}
				return nil
			}))
			res, err := iam.Provision(ctx, []iam.Cloud{
				{Name: "a", Client: a, Groups: []string{"ops"}, Policies: []iam.PolicyRef{readOnly}},
				{Name: "b", Client: b, Groups: []string{"ops"}, Policies: []iam.PolicyRef{readOnly}},
			}, provisionInput())
			var pe *iam.ProvisionError
			require.ErrorAs(t, err, &pe)
			assert.Empty(t, pe.Leftovers)
			for i, c := range []*iam.Client{a, b} {
				assert.True(t, res[i].RolledBack)
				assert.False(t, userExists(t, c, "ops_alice"))
				assert.Empty(t, collect(t, c.ListGroupUsers(ctx, "ops")), "no member left")
				g, err := c.GetGroup(ctx, "ops")
				require.NoError(t, err, "the group stays")
				assert.Equal(t, "ops", g.Name)
			}
		})
	}
}

func TestProvisionRefusesBadGroupsAndPolicies(t *testing.T) {
	c := iamtest.NewFake()
	for _, cl := range []iam.Cloud{
		{Name: "a", Client: c, Groups: []string{""}},
		{Name: "a", Client: c, Policies: []iam.PolicyRef{{Name: "ReadOnlyAccess"}}},
	} {
		_, err := iam.Provision(context.Background(), []iam.Cloud{cl}, provisionInput())
		var e *iam.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
		assert.Contains(t, e.Field, "clouds[0].")
	}
	assert.False(t, userExists(t, c, "ops_alice"))
}

// When the user itself cannot be deleted, its memberships and attachments
// are still taken back (each step of the rollback runs), and the user is
// reported as left behind.
func TestProvisionRollbackDetachesEvenWhenTheUserStays(t *testing.T) {
	ctx := context.Background()
	stuck := withGroup(t, iamtest.WithFailures(func(op iam.Operation, _ string) error {
		if op == iam.OpDeleteUser {
			return &iam.Error{Provider: "fake", Op: string(op), Kind: iam.ErrPermissionDenied, Message: "no delete"}
		}
		return nil
	}))
	failing := iamtest.NewFake(iamtest.WithFailures(func(op iam.Operation, _ string) error {
		if op == iam.OpCreateUser {
			return &iam.Error{Provider: "fake", Op: string(op), Kind: iam.ErrThrottled}
		}
		return nil
	}))
	_, err := iam.Provision(ctx, []iam.Cloud{
		{Name: "stuck", Client: stuck, Groups: []string{"ops"}, Policies: []iam.PolicyRef{readOnly}},
		{Name: "failing", Client: failing},
	}, provisionInput())
	var pe *iam.ProvisionError
	require.ErrorAs(t, err, &pe)
	require.Contains(t, pe.Leftovers, "stuck")
	assert.True(t, userExists(t, stuck, "ops_alice"))
	assert.Empty(t, collect(t, stuck.ListGroupUsers(ctx, "ops")), "membership taken back")
	assert.Empty(t, collect(t, stuck.ListUserPolicies(ctx, "ops_alice")), "policy detached")
}
