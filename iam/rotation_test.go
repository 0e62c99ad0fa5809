package iam_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// rotationFixture is a fake with a user holding one key, and a switch to
// make one operation fail.
type rotationFixture struct {
	c      *iam.Client
	oldKey string
	failOp iam.Operation
	failAt int // fail the failAt-th call of failOp (1-based); 0 = every call
	calls  map[iam.Operation]int
	err    error
}

func newRotationFixture(t *testing.T) *rotationFixture {
	f := &rotationFixture{calls: map[iam.Operation]int{}, err: &iam.Error{Provider: "fake", Kind: iam.ErrUnavailable, Message: "injected"}}
	f.c = iamtest.NewFake(iamtest.WithFailures(func(op iam.Operation, _ string) error {
		f.calls[op]++
		if op == f.failOp && (f.failAt == 0 || f.calls[op] == f.failAt) {
			return f.err
		}
		return nil
	}))
	ctx := context.Background()
	_, err := f.c.CreateUser(ctx, &iam.CreateUserInput{Name: "bot"})
	require.NoError(t, err)
	k, err := f.c.CreateAccessKey(ctx, "bot")
	require.NoError(t, err)
	f.oldKey = k.ID
	f.calls = map[iam.Operation]int{}
	return f
}

// keys returns the user's keys by id and status.
func (f *rotationFixture) keys(t *testing.T) map[string]iam.AccessKeyStatus {
	f.failOp = ""
	ks, err := f.c.ListAccessKeys(context.Background(), "bot")
	require.NoError(t, err)
	m := map[string]iam.AccessKeyStatus{}
	for _, k := range ks {
		m[k.ID] = k.Status
	}
	return m
}

func TestRotateAccessKey(t *testing.T) {
	f := newRotationFixture(t)
	var confirmed *iam.AccessKey
	rot, err := iam.RotateAccessKey(context.Background(), f.c, "bot", f.oldKey, func(_ context.Context, k *iam.AccessKey) error {
		confirmed = k
		return nil
	})
	require.NoError(t, err)
	require.NotNil(t, confirmed)
	assert.False(t, confirmed.Secret.IsZero(), "confirm gets the new key with its secret")
	assert.Equal(t, confirmed.ID, rot.New.ID)
	assert.Equal(t, map[string]iam.AccessKeyStatus{rot.New.ID: iam.AccessKeyActive}, f.keys(t), "only the new key is left")
}

func TestRotateAccessKeyFailurePoints(t *testing.T) {
	injected := errors.New("confirm: the new key is refused")
	for _, tc := range []struct {
		name       string
		failOp     iam.Operation
		confirmErr error
		step       iam.RotationStep
		rolledBack bool
		returnsKey bool
		// want is the key state left: "old" active only, "both" active,
		// "new+disabled-old"
		want string
	}{
		{"list fails", iam.OpListAccessKeys, nil, iam.RotationCheck, false, false, "old"},
		{"create fails", iam.OpCreateAccessKey, nil, iam.RotationCreate, false, false, "old"},
		{"confirm fails", "", injected, iam.RotationConfirm, true, false, "old"},
		{"disable fails", iam.OpDisableAccessKey, nil, iam.RotationDisableOld, false, true, "both"},
		{"delete fails", iam.OpDeleteAccessKey, nil, iam.RotationDeleteOld, false, true, "new+disabled-old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRotationFixture(t)
			f.failOp = tc.failOp
			rot, err := iam.RotateAccessKey(context.Background(), f.c, "bot", f.oldKey, func(context.Context, *iam.AccessKey) error { return tc.confirmErr })
			var re *iam.RotationError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.step, re.Step)
			assert.Equal(t, tc.rolledBack, re.RolledBack)
			assert.NotEmpty(t, re.State)
			assert.Contains(t, err.Error(), string(tc.step))
			if tc.confirmErr != nil {
				assert.ErrorIs(t, err, tc.confirmErr)
			} else {
				assert.ErrorIs(t, err, iam.ErrUnavailable, "the step's error is reachable")
			}
			assert.Equal(t, tc.returnsKey, rot != nil, "the new key is returned once it is usable")

			keys := f.keys(t)
			switch tc.want {
			case "old":
				assert.Equal(t, map[string]iam.AccessKeyStatus{f.oldKey: iam.AccessKeyActive}, keys)
			case "both":
				require.Len(t, keys, 2)
				for _, s := range keys {
					assert.Equal(t, iam.AccessKeyActive, s)
				}
			case "new+disabled-old":
				assert.Equal(t, map[string]iam.AccessKeyStatus{f.oldKey: iam.AccessKeyInactive, rot.New.ID: iam.AccessKeyActive}, keys)
			}
		})
	}
}

func TestRotateAccessKeyRespectsTheLimit(t *testing.T) {
	f := newRotationFixture(t)
	_, err := f.c.CreateAccessKey(context.Background(), "bot") // the second key: the fake's limit is 2
	require.NoError(t, err)
	before := f.keys(t)
	_, err = iam.RotateAccessKey(context.Background(), f.c, "bot", f.oldKey, nil)
	var re *iam.RotationError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, iam.RotationCheck, re.Step)
	assert.ErrorIs(t, err, iam.ErrLimitExceeded)
	assert.Equal(t, before, f.keys(t), "nothing was created or changed")
}

func TestRotateAccessKeyUnknownKey(t *testing.T) {
	f := newRotationFixture(t)
	_, err := iam.RotateAccessKey(context.Background(), f.c, "bot", "NOSUCHKEY", nil)
	assert.ErrorIs(t, err, iam.ErrNotFound)
	assert.Len(t, f.keys(t), 1)
}

// A create whose outcome is unknown may have made a key whose secret never
// arrived: rotation deletes it, leaving the old key as the only one.
func TestRotateAccessKeyOutcomeUnknownCleansUp(t *testing.T) {
	var c *iam.Client
	armed := true
	c = iamtest.NewFake(iamtest.WithFailures(func(op iam.Operation, user string) error {
		if op == iam.OpCreateAccessKey && armed && user == "bot" {
			armed = false
			// The server acts, but the answer is lost.
			if _, err := c.CreateAccessKey(context.Background(), user); err != nil {
				return err
			}
			return &iam.Error{Provider: "fake", Kind: iam.ErrUnavailable, OutcomeUnknown: true}
		}
		return nil
	}))
	ctx := context.Background()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "bot"})
	require.NoError(t, err)
	armed = false
	old, err := c.CreateAccessKey(ctx, "bot")
	require.NoError(t, err)
	armed = true

	_, err = iam.RotateAccessKey(ctx, c, "bot", old.ID, nil)
	var re *iam.RotationError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, iam.RotationCreate, re.Step)
	assert.True(t, re.RolledBack, re.State)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	ks, err := c.ListAccessKeys(ctx, "bot")
	require.NoError(t, err)
	require.Len(t, ks, 1)
	assert.Equal(t, old.ID, ks[0].ID, "the stray key is gone, the old one is intact")
}

func TestRotateAccessKeyOnACloudWithoutKeys(t *testing.T) {
	c := iamtest.NewFake(iamtest.WithoutOperations(iam.OpCreateAccessKey, iam.OpListAccessKeys, iam.OpDeleteAccessKey, iam.OpEnableAccessKey, iam.OpDisableAccessKey))
	_, err := iam.RotateAccessKey(context.Background(), c, "bot", "AK", nil)
	assert.ErrorIs(t, err, iam.ErrUnsupported)
}
