package iam

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// RotationStep names a step of RotateAccessKey.
type RotationStep string

// The steps of a rotation, in order.
const (
	RotationCheck      RotationStep = "check"       // list the user's keys and the cloud's limit
	RotationCreate     RotationStep = "create"      // create the new key
	RotationConfirm    RotationStep = "confirm"     // the caller proves the new key works
	RotationDisableOld RotationStep = "disable-old" // stop the old key
	RotationDeleteOld  RotationStep = "delete-old"  // delete the old key
)

// Rotation is the result of RotateAccessKey.
type Rotation struct {
	// UserName is the name of the user whose access key was rotated.
	UserName string
	// OldKeyID is the key that was replaced.
	OldKeyID string
	// New is the new key, with its secret: store it before anything else.
	New *AccessKey
}

// RotationError says exactly where a rotation stopped and what it left.
type RotationError struct {
	// Step is the step that failed.
	Step RotationStep
	// UserName is the name of the user whose access key was being rotated.
	UserName string
	// OldKeyID is the id of the key being replaced; State says whether it
	// is still active.
	OldKeyID string
	// NewKeyID is the new key's id when one was created.
	NewKeyID string
	// RolledBack is set when the new key was deleted again (after a failed
	// confirm, or a stray key from a create whose outcome was unknown).
	RolledBack bool
	// State describes the user's keys as the rotation left them.
	State string
	// Err is the failure of Step (and of the rollback, joined, if that failed too).
	Err error
}

// Error reads like "rotate access key of deploy_bot: confirm failed (new key
// deleted again; old key AK1 still active): ...".
func (e *RotationError) Error() string {
	return fmt.Sprintf("cloudiam: rotate access key of %s: %s failed (%s): %v", e.UserName, e.Step, e.State, e.Err)
}

// Unwrap returns the step's error, so errors.Is(err, ErrLimitExceeded) works.
func (e *RotationError) Unwrap() error { return e.Err }

// rollbackTimeout bounds the clean-up calls, which run even when the
// caller's context has ended.
const rollbackTimeout = 30 * time.Second

// RotateAccessKey replaces the user's access key oldKeyID with a new one:
// it creates the new key, calls confirm so the caller can prove the new key
// works (sign a request with it, deploy it), disables the old key, then
// deletes it. confirm may be nil to skip that step.
//
// It never leaves the user without a working key: it fails before creating
// anything when the cloud's key limit leaves no room (delete an unused key
// first), and when confirm fails it deletes the new key again and leaves the
// old one active. Once the new key exists, the returned *Rotation carries it
// (with its secret) even when a later step fails, so the secret is never
// lost. A create whose outcome is unknown (ErrOutcomeUnknown) is reconciled:
// any key that appeared without its secret reaching us is deleted, since
// nobody could use it. Every failure is a *RotationError naming the step
// and the state it left.
func RotateAccessKey(ctx context.Context, c *Client, userName, oldKeyID string, confirm func(ctx context.Context, newKey *AccessKey) error) (*Rotation, error) {
	if ctx == nil {
		return nil, InvalidArgument("iam", "RotateAccessKey", "ctx", "must not be nil (use context.Background())")
	}
	if c == nil {
		return nil, InvalidArgument("iam", "RotateAccessKey", "client", "must not be nil")
	}
	if userName == "" {
		return nil, InvalidArgument("iam", "RotateAccessKey", "userName", "must not be empty")
	}
	if oldKeyID == "" {
		return nil, InvalidArgument("iam", "RotateAccessKey", "oldKeyID", "must not be empty")
	}
	caps := c.Capabilities()
	if !caps.Supports(OpCreateAccessKey) || !caps.Supports(OpDeleteAccessKey) || !caps.Supports(OpListAccessKeys) {
		return nil, Unsupported(caps.Provider, "RotateAccessKey", "this cloud has no access keys")
	}
	fail := func(step RotationStep, state string, err error) *RotationError {
		return &RotationError{Step: step, UserName: userName, OldKeyID: oldKeyID, State: state, Err: err}
	}

	// Check: the old key exists, and there is room for one more.
	before, err := c.ListAccessKeys(ctx, userName)
	if err != nil {
		return nil, fail(RotationCheck, "nothing changed", err)
	}
	if !slices.ContainsFunc(before, func(k *AccessKey) bool { return k.ID == oldKeyID }) {
		return nil, fail(RotationCheck, "nothing changed", &Error{Provider: caps.Provider, Op: "RotateAccessKey",
			Kind: ErrNotFound, Message: "the user has no access key " + oldKeyID})
	}
	if max := caps.MaxAccessKeysPerUser; max > 0 && len(before) >= max {
		return nil, fail(RotationCheck, "nothing changed", &Error{Provider: caps.Provider, Op: "RotateAccessKey",
			Kind: ErrLimitExceeded, Message: fmt.Sprintf("the user already has %d access keys, the cloud's limit; delete the one not being rotated first", len(before))})
	}

	// Create.
	newKey, err := c.CreateAccessKey(ctx, userName)
	if err != nil {
		e := fail(RotationCreate, "old key "+oldKeyID+" untouched, no new key", err)
		if errors.Is(err, ErrOutcomeUnknown) {
			e.RolledBack, e.State, e.Err = reconcileStrayKeys(ctx, c, userName, before, err)
		}
		return nil, e
	}
	rot := &Rotation{UserName: userName, OldKeyID: oldKeyID, New: newKey}

	// Confirm; on failure, take the new key back.
	if confirm != nil {
		if err := confirm(ctx, newKey); err != nil {
			e := fail(RotationConfirm, "", err)
			e.NewKeyID = newKey.ID
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
			defer cancel()
			if derr := c.DeleteAccessKey(rctx, userName, newKey.ID); derr != nil && !errors.Is(derr, ErrNotFound) {
				e.State = "old key " + oldKeyID + " still active; the new key " + newKey.ID + " could not be deleted again: delete it"
				e.Err = errors.Join(err, fmt.Errorf("deleting the new key: %w", derr))
				return rot, e
			}
			e.RolledBack = true
			e.State = "new key deleted again; old key " + oldKeyID + " still active"
			return nil, e
		}
	}

	// Disable, then delete the old key.
	if err := c.DisableAccessKey(ctx, userName, oldKeyID); err != nil {
		e := fail(RotationDisableOld, "both keys active; the new key "+newKey.ID+" works and is returned", err)
		e.NewKeyID = newKey.ID
		return rot, e
	}
	if err := c.DeleteAccessKey(ctx, userName, oldKeyID); err != nil {
		e := fail(RotationDeleteOld, "old key "+oldKeyID+" disabled but not deleted; the new key "+newKey.ID+" is active", err)
		e.NewKeyID = newKey.ID
		return rot, e
	}
	return rot, nil
}

// reconcileStrayKeys deletes keys that appeared after a create whose
// outcome was unknown: their secret never reached us, so nobody can use them.
func reconcileStrayKeys(ctx context.Context, c *Client, userName string, before []*AccessKey, cause error) (rolledBack bool, state string, err error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	after, lerr := c.ListAccessKeys(rctx, userName)
	if lerr != nil {
		return false, "a new key may have been created; list the user's keys and delete any you did not expect", errors.Join(cause, lerr)
	}
	var stray []string
	for _, k := range after {
		if !slices.ContainsFunc(before, func(b *AccessKey) bool { return b.ID == k.ID }) {
			stray = append(stray, k.ID)
		}
	}
	if len(stray) == 0 {
		return false, "old key untouched, no new key (the create did not happen)", cause
	}
	for _, id := range stray {
		if derr := c.DeleteAccessKey(rctx, userName, id); derr != nil && !errors.Is(derr, ErrNotFound) {
			return false, "a new key " + id + " was created but its secret was lost; delete it", errors.Join(cause, derr)
		}
	}
	return true, "old key untouched; the key created without its secret reaching us was deleted", cause
}
