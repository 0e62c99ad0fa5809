package iam

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Cloud is one named client taking part in Provision, with what the new
// user gets there: groups differ per cloud, and so do policy names.
type Cloud struct {
	// Name identifies the cloud in results ("baidu", "huawei", ...).
	Name string
	// Client is this cloud's portable client (required), through which
	// Provision creates the user and rolls it back.
	Client *Client
	// Groups are existing groups of this cloud the user joins (with the
	// permissions attached to them: on Huawei Cloud the way to give a user
	// permissions).
	Groups []string
	// Policies are attached to the user directly, where the cloud can
	// (Capabilities lists OpAttachUserPolicy); elsewhere they are skipped and
	// listed in Skipped, like other features a cloud lacks.
	Policies []PolicyRef
}

// ProvisionInput is the identity Provision makes exist on every cloud.
type ProvisionInput struct {
	// Name is the user's name on every cloud (required). A user of that
	// name must not exist yet on any of them (ErrAlreadyExists).
	Name string
	// DisplayName is the name shown for the user, set where the cloud has
	// FieldDisplayName and otherwise listed in Skipped.
	DisplayName string
	// Description is the user's description, set where the cloud has
	// FieldDescription and otherwise listed in Skipped.
	Description string
	// Email is the user's email address, set where the cloud has
	// FieldEmail and otherwise listed in Skipped.
	Email string
	// Password, when set, gives the user console login with this password.
	Password Secret
	// PasswordResetRequired asks the user to change it at first login.
	PasswordResetRequired bool
	// AccessKey creates one access key per cloud that has access keys.
	AccessKey bool
}

// ProvisionResult is what Provision did on one cloud.
type ProvisionResult struct {
	// Cloud is the Name of the Cloud this result is for.
	Cloud string
	// User is the user created. When RolledBack is set, User, LoginProfile
	// and AccessKey describe what was removed again; when RollbackErr is
	// set, some of them may still exist (it says which).
	User *User
	// LoginProfile is the user's console login, set when
	// ProvisionInput.Password was given and the cloud has login profiles.
	LoginProfile *LoginProfile
	// AccessKey is the user's new access key with its secret, set when
	// ProvisionInput.AccessKey was true and the cloud has access keys.
	AccessKey *AccessKey
	// Groups are the Cloud's Groups the user joined.
	Groups []string
	// Policies are the Cloud's Policies attached to the user directly.
	Policies []PolicyRef
	// Skipped lists what this cloud does not support and was left out
	// (optional fields, a login profile, an access key).
	Skipped []string
	// Err is this cloud's own failure, if any.
	Err error
	// RolledBack is set when what was created here was removed again
	// because some cloud failed; RollbackErr says what could not be removed.
	RolledBack bool
	// RollbackErr joins the errors of what could not be removed from this
	// cloud after some cloud failed; nil when everything was removed or
	// nothing needed to be.
	RollbackErr error
}

// ProvisionError is Provision's error: which clouds failed, and whether
// everything created elsewhere was rolled back.
type ProvisionError struct {
	// Failed maps a cloud's name to its failure.
	Failed map[string]error
	// Leftovers maps a cloud's name to what could not be rolled back there.
	Leftovers map[string]error
}

// Error lists the failing clouds and any leftovers.
func (e *ProvisionError) Error() string {
	s := "cloudiam: provision failed on"
	for _, name := range slices.Sorted(maps.Keys(e.Failed)) {
		s += fmt.Sprintf(" %s (%v);", name, e.Failed[name])
	}
	if len(e.Leftovers) == 0 {
		return s + " everything created was rolled back"
	}
	for _, name := range slices.Sorted(maps.Keys(e.Leftovers)) {
		s += fmt.Sprintf(" left behind on %s: %v;", name, e.Leftovers[name])
	}
	return s
}

// Unwrap returns the clouds' failures, for errors.Is and errors.As.
func (e *ProvisionError) Unwrap() []error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(e.Failed)) {
		errs = append(errs, e.Failed[name])
	}
	return errs
}

// Provision makes one identity exist on every cloud at once (the clouds are
// called concurrently): the user, console login when in.Password is set,
// an access key when in.AccessKey is set, and each cloud's Groups and
// Policies. What a cloud does not support (Capabilities) is left out and
// listed in Skipped rather than failing.
//
// It is all or nothing: when any cloud fails, everything Provision created
// on every cloud is removed again, newest first (policies, group
// memberships, key, login profile, user), the removal of the user is
// checked by reading it back, and the error is a *ProvisionError. A user
// that already existed is a failure (ErrAlreadyExists) and is never deleted.
//
// A create whose outcome is unknown (ErrOutcomeUnknown: the cloud may have
// acted though the answer was lost) counts as a failure, and the rollback
// assumes it happened: a user of that name that appeared is deleted (it did
// not exist when Provision checked), a login profile is deleted, and after
// a lost key create every key of the new user is deleted, since its secret
// never arrived. Provision does not retry such creates; the caller may run
// it again once the error is seen. The rollback runs even if ctx has ended.
func Provision(ctx context.Context, clouds []Cloud, in *ProvisionInput) ([]ProvisionResult, error) {
	if ctx == nil {
		return nil, InvalidArgument("iam", "Provision", "ctx", "must not be nil (use context.Background())")
	}
	if in == nil {
		return nil, InvalidArgument("iam", "Provision", "input", "must not be nil")
	}
	if in.Name == "" {
		return nil, InvalidArgument("iam", "Provision", "Name", "must not be empty")
	}
	seen := map[string]bool{}
	for i, c := range clouds {
		if c.Client == nil || c.Name == "" || seen[c.Name] {
			return nil, InvalidArgument("iam", "Provision", fmt.Sprintf("clouds[%d]", i), "needs a unique Name and a Client")
		}
		for j, g := range c.Groups {
			if g == "" {
				return nil, InvalidArgument("iam", "Provision", fmt.Sprintf("clouds[%d].Groups[%d]", i, j), "is required")
			}
		}
		for j, p := range c.Policies {
			if p.Name == "" || (p.Type != PolicySystem && p.Type != PolicyCustom) {
				return nil, InvalidArgument("iam", "Provision", fmt.Sprintf("clouds[%d].Policies[%d]", i, j), `needs a Name and a Type ("system" or "custom")`)
			}
		}
		seen[c.Name] = true
	}
	results := make([]ProvisionResult, len(clouds))
	created := make([]provisioned, len(clouds))
	var wg sync.WaitGroup
	for i := range clouds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], created[i] = provisionOne(ctx, clouds[i], in)
		}()
	}
	wg.Wait()

	failed := map[string]error{}
	for _, r := range results {
		if r.Err != nil {
			failed[r.Cloud] = r.Err
		}
	}
	if len(failed) == 0 {
		return results, nil
	}
	perr := &ProvisionError{Failed: failed}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	for i := range clouds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i].RolledBack, results[i].RollbackErr = created[i].rollback(rctx, clouds[i].Client, in.Name)
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.RollbackErr != nil {
			if perr.Leftovers == nil {
				perr.Leftovers = map[string]error{}
			}
			perr.Leftovers[r.Cloud] = r.RollbackErr
		}
	}
	return results, perr
}

// provisioned records what Provision created on one cloud.
type provisioned struct {
	user, maybeUser bool // created; or created with an unknown outcome
	loginProfile    bool // set, or set with an unknown outcome
	keyID           string
	maybeKey        bool        // a key create whose outcome is unknown
	groups          []string    // joined, or joined with an unknown outcome
	policies        []PolicyRef // attached, or attached with an unknown outcome
}

func provisionOne(ctx context.Context, cl Cloud, in *ProvisionInput) (ProvisionResult, provisioned) {
	r := ProvisionResult{Cloud: cl.Name}
	var done provisioned
	c := cl.Client
	caps := c.Capabilities()
	opt := func(f Field, v string) string {
		if v != "" && !caps.SupportsField(f) {
			r.Skipped = append(r.Skipped, string(f))
			return ""
		}
		return v
	}
	// A user that already exists is never taken over (nor deleted by a
	// rollback): checking first also makes a create whose outcome is
	// unknown safe to roll back.
	if _, err := c.GetUser(ctx, in.Name); err == nil {
		r.Err = &Error{Provider: caps.Provider, Op: "Provision", Kind: ErrAlreadyExists, Message: "user " + in.Name + " already exists"}
		return r, done
	} else if !errors.Is(err, ErrNotFound) {
		r.Err = err
		return r, done
	}
	u, err := c.CreateUser(ctx, &CreateUserInput{
		Name:        in.Name,
		DisplayName: opt(FieldDisplayName, in.DisplayName),
		Description: opt(FieldDescription, in.Description),
		Email:       opt(FieldEmail, in.Email),
	})
	if err != nil {
		done.maybeUser = errors.Is(err, ErrOutcomeUnknown)
		r.Err = err
		return r, done
	}
	r.User, done.user = u, true

	if !in.Password.IsZero() {
		if !caps.Supports(OpSetLoginProfile) {
			r.Skipped = append(r.Skipped, "LoginProfile")
		} else {
			lp := &LoginProfileInput{Password: in.Password}
			if in.PasswordResetRequired {
				if caps.SupportsField(FieldPasswordReset) {
					lp.PasswordResetRequired = Ptr(true)
				} else {
					r.Skipped = append(r.Skipped, string(FieldPasswordReset))
				}
			}
			p, err := c.SetLoginProfile(ctx, in.Name, lp)
			if err != nil {
				done.loginProfile = errors.Is(err, ErrOutcomeUnknown)
				r.Err = err
				return r, done
			}
			r.LoginProfile, done.loginProfile = p, true
		}
	}
	if in.AccessKey {
		if !caps.Supports(OpCreateAccessKey) {
			r.Skipped = append(r.Skipped, "AccessKey")
		} else {
			k, err := c.CreateAccessKey(ctx, in.Name)
			if err != nil {
				done.maybeKey = errors.Is(err, ErrOutcomeUnknown)
				r.Err = err
				return r, done
			}
			r.AccessKey, done.keyID = k, k.ID
		}
	}
	if len(cl.Groups) > 0 && !caps.Supports(OpAddUserToGroup) {
		r.Skipped = append(r.Skipped, "Groups")
	} else {
		for _, g := range cl.Groups {
			err := c.AddUserToGroup(ctx, g, in.Name)
			if err == nil || errors.Is(err, ErrOutcomeUnknown) {
				done.groups = append(done.groups, g)
			}
			if err != nil {
				r.Err = err
				return r, done
			}
			r.Groups = append(r.Groups, g)
		}
	}
	if len(cl.Policies) > 0 && !caps.Supports(OpAttachUserPolicy) {
		r.Skipped = append(r.Skipped, "Policies")
	} else {
		for _, p := range cl.Policies {
			err := c.AttachUserPolicy(ctx, in.Name, p)
			if err == nil || errors.Is(err, ErrOutcomeUnknown) {
				done.policies = append(done.policies, p)
			}
			if err != nil {
				r.Err = err
				return r, done
			}
			r.Policies = append(r.Policies, p)
		}
	}
	return r, done
}

// rollback removes what was created, newest first. Deleting the user
// removes whatever the cloud deletes with it; the key and login profile go
// first for clouds that refuse to delete a user that still has them. After
// a key create whose outcome is unknown, every key of the user goes: the
// user is Provision's own, so any key it has was made by Provision.
func (p provisioned) rollback(ctx context.Context, c *Client, name string) (bool, error) {
	if !p.user && !p.maybeUser {
		return false, nil
	}
	var errs []error
	gone := func(err error) bool { return err == nil || errors.Is(err, ErrNotFound) }
	for i := len(p.policies) - 1; i >= 0; i-- {
		ref := p.policies[i]
		if err := c.DetachUserPolicy(ctx, name, ref); !gone(err) {
			errs = append(errs, fmt.Errorf("policy %s: %w", ref.Name, err))
		}
	}
	for i := len(p.groups) - 1; i >= 0; i-- {
		if err := c.RemoveUserFromGroup(ctx, p.groups[i], name); !gone(err) {
			errs = append(errs, fmt.Errorf("group %s: %w", p.groups[i], err))
		}
	}
	if p.maybeKey {
		keys, err := c.ListAccessKeys(ctx, name)
		if !gone(err) {
			errs = append(errs, fmt.Errorf("listing access keys after a create whose outcome is unknown: %w", err))
		}
		for _, k := range keys {
			if err := c.DeleteAccessKey(ctx, name, k.ID); !gone(err) {
				errs = append(errs, fmt.Errorf("access key %s: %w", k.ID, err))
			}
		}
	}
	if p.keyID != "" {
		if err := c.DeleteAccessKey(ctx, name, p.keyID); !gone(err) {
			errs = append(errs, fmt.Errorf("access key %s: %w", p.keyID, err))
		}
	}
	if p.loginProfile {
		if err := c.DeleteLoginProfile(ctx, name); !gone(err) && !errors.Is(err, ErrUnsupported) {
			errs = append(errs, fmt.Errorf("login profile: %w", err))
		}
	}
	if err := c.DeleteUser(ctx, name); !gone(err) {
		errs = append(errs, fmt.Errorf("user %s: %w", name, err))
	} else if _, err := c.GetUser(ctx, name); !errors.Is(err, ErrNotFound) {
		// Read back: a delete the cloud answered but did not carry out (or
		// a user that came back from a create retried underneath) is a
		// leftover the caller must see.
		if err == nil {
			err = &Error{Provider: c.Provider(), Op: "Provision", Kind: ErrFailedPrecondition, Message: "the user still exists after it was deleted"}
		}
		errs = append(errs, fmt.Errorf("user %s: checking that it is gone: %w", name, err))
	}
	if len(errs) > 0 {
		return false, errors.Join(errs...)
	}
	return true, nil
}
