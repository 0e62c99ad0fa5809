package iamtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
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

// Timeouts of the suite: each subtest's calls, and each cleanup.
const (
	testTimeout    = 2 * time.Minute
	cleanupTimeout = time.Minute
)

// RunClientTests runs the conformance suite against the clients newClient
// returns. Every iam.Client must pass it; a provider calls it from its own
// test, against its emulator (and, when credentials are at hand, against the
// real cloud):
//
//	func TestConformance(t *testing.T) {
//		iamtest.RunClientTests(t, func(t *testing.T) iam.Client { return newEmulatorClient(t) })
//	}
//
// newClient is called once per subtest (and once for the suite) and may
// return a fresh client each time or the same one; subtests run one after
// another. What the suite expects is driven by Capabilities: an operation
// missing from Capabilities().Operations, or a set optional field missing
// from Capabilities().Fields, must fail with iam.ErrUnsupported, and
// everything declared must work.
//
// Users the suite creates are named "ct_<random>_<n>" (valid on every
// cloud) and are deleted, with their keys and login profiles, when the
// subtest that made them ends, so a run leaves the account as it found it.
//
// newClient must build the client with obs as its Observer (the provider's
// Config.Observer): the suite counts the HTTP attempts a call makes, to
// check that bad input is refused before any request.
func RunClientTests(t *testing.T, newClient func(t *testing.T, obs *iam.Observer) *iam.Client) {
	t.Helper()
	s := &suite{newClient: func(t *testing.T) *iam.Client { return newClient(t, nil) }, prefix: "ct_" + randomHex(3) + "_"}

	t.Run("Capabilities", s.testCapabilities)
	t.Run("Unsupported", s.testUnsupported)
	t.Run("Users", func(t *testing.T) {
		t.Run("RoundTrip", s.testUserRoundTrip)
		t.Run("Enabled", s.testUserEnabled)
		t.Run("Rename", s.testRename)
		t.Run("NotFound", s.testUserNotFound)
		t.Run("AlreadyExists", s.testAlreadyExists)
		t.Run("InvalidArgument", s.testInvalidArgument)
		t.Run("CanceledContext", s.testCanceledContext)
		t.Run("Concurrent", s.testConcurrent)
	})
	t.Run("ListUsers", func(t *testing.T) {
		t.Run("Pages", s.testListPages)
		t.Run("BreakEarly", s.testListBreak)
	})
	t.Run("LoginProfile", s.testLoginProfile)
	t.Run("AccessKeys", func(t *testing.T) {
		t.Run("Lifecycle", s.testAccessKeys)
		t.Run("Limit", s.testAccessKeyLimit)
		t.Run("NotFound", s.testAccessKeysNotFound)
	})
	t.Run("LeavesNoUsers", s.testLeavesNoUsers)
}

type suite struct {
	newClient func(t *testing.T) *iam.Client
	prefix    string
	n         atomic.Int64
}

// name returns a fresh user name: "ct_" + 6 hex digits + "_" + a counter.
func (s *suite) name() string { return fmt.Sprintf("%s%d", s.prefix, s.n.Add(1)) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// env is one subtest's client, capabilities and context.
type env struct {
	t    *testing.T
	s    *suite
	c    *iam.Client
	caps iam.Capabilities
	ctx  context.Context
}

func (s *suite) env(t *testing.T) *env {
	t.Helper()
	c := s.newClient(t)
	require.NotNil(t, c, "newClient returned nil")
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return &env{t: t, s: s, c: c, caps: c.Capabilities(), ctx: ctx}
}

// need skips the test unless every op is supported.
func (e *env) need(ops ...iam.Operation) {
	e.t.Helper()
	for _, op := range ops {
		if !e.caps.Supports(op) {
			e.t.Skipf("%s does not support %s", e.caps.Provider, op)
		}
	}
}

// needField skips the test unless the field is supported.
func (e *env) needField(f iam.Field) {
	e.t.Helper()
	if !e.caps.SupportsField(f) {
		e.t.Skipf("%s does not support field %s", e.caps.Provider, f)
	}
}

// track deletes the named user, its keys and its login profile when the
// test ends. Tracking a name that never existed is harmless.
func (e *env) track(name string) {
	t, c, caps := e.t, e.c, e.caps
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if caps.Supports(iam.OpListAccessKeys) && caps.Supports(iam.OpDeleteAccessKey) {
			keys, err := c.ListAccessKeys(ctx, name)
			if errors.Is(err, iam.ErrNotFound) || errors.Is(err, iam.ErrInvalidArgument) {
				return // the user is gone, or the name could never be created
			}
			if err != nil {
				t.Errorf("cleanup: ListAccessKeys(%s): %v", name, err)
			}
			for _, k := range keys {
				if err := c.DeleteAccessKey(ctx, name, k.ID); err != nil && !errors.Is(err, iam.ErrNotFound) {
					t.Errorf("cleanup: DeleteAccessKey(%s, %s): %v", name, k.ID, err)
				}
			}
		}
		if caps.Supports(iam.OpGetLoginProfile) && caps.Supports(iam.OpDeleteLoginProfile) {
			if _, err := c.GetLoginProfile(ctx, name); err == nil {
				if err := c.DeleteLoginProfile(ctx, name); err != nil && !errors.Is(err, iam.ErrNotFound) {
					t.Errorf("cleanup: DeleteLoginProfile(%s): %v", name, err)
				}
			}
		}
		if caps.Supports(iam.OpDeleteUser) {
			err := c.DeleteUser(ctx, name)
			if err != nil && !errors.Is(err, iam.ErrNotFound) && !errors.Is(err, iam.ErrInvalidArgument) {
				t.Errorf("cleanup: DeleteUser(%s): %v", name, err)
			}
		}
	})
}

// create creates a user (tracked for cleanup) and fails the test on error.
func (e *env) create(in *iam.CreateUserInput) *iam.User {
	e.t.Helper()
	e.track(in.Name)
	u, err := e.c.CreateUser(e.ctx, in)
	require.NoError(e.t, err, "CreateUser(%s)", in.Name)
	require.NotNil(e.t, u, "CreateUser(%s) returned a nil user", in.Name)
	return u
}

// user creates a user with only a name.
func (e *env) user() string {
	e.t.Helper()
	e.need(iam.OpCreateUser)
	name := e.s.name()
	e.create(&iam.CreateUserInput{Name: name})
	return name
}

// requireKind asserts that err is an *iam.Error of kind k.
func requireKind(t *testing.T, err error, k iam.Kind, msgAndArgs ...any) *iam.Error {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	require.ErrorIs(t, err, k, msgAndArgs...)
	var ie *iam.Error
	require.ErrorAs(t, err, &ie, msgAndArgs...)
	return ie
}

// requireInvalid asserts an ErrInvalidArgument that names the field.
func requireInvalid(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	ie := requireKind(t, err, iam.ErrInvalidArgument, msgAndArgs...)
	assert.NotEmpty(t, ie.Field, "ErrInvalidArgument names the offending field: %v", err)
}

// Sample values for the optional fields, valid on every cloud.
const (
	sampleDisplayName = "CT User"
	sampleDescription = "cloudiam conformance"
	sampleEmail       = "ct@example.com"
	// samplePhoneNumber is the number part of the phone: the area code is
	// written differently by each cloud ("86-" on RAM, "0086-" on Huawei).
	samplePhoneNumber = "13800000000"
	samplePhone       = "86-" + samplePhoneNumber
)

// fullInput sets every optional user field the provider supports.
func (e *env) fullInput(name string) *iam.CreateUserInput {
	in := &iam.CreateUserInput{Name: name}
	if e.caps.SupportsField(iam.FieldDisplayName) {
		in.DisplayName = sampleDisplayName
	}
	if e.caps.SupportsField(iam.FieldDescription) {
		in.Description = sampleDescription
	}
	if e.caps.SupportsField(iam.FieldEmail) {
		in.Email = sampleEmail
	}
	if e.caps.SupportsField(iam.FieldPhone) {
		in.Phone = samplePhone
	}
	return in
}

// checkUser compares the fields of in the provider supports with u.
func (e *env) checkUser(in *iam.CreateUserInput, u *iam.User, what string) {
	t := e.t
	t.Helper()
	require.NotNil(t, u, what)
	assert.Equal(t, in.Name, u.Name, "%s: Name", what)
	assert.NotEmpty(t, u.ID, "%s: ID", what)
	if e.caps.SupportsField(iam.FieldDisplayName) {
		assert.Equal(t, in.DisplayName, u.DisplayName, "%s: DisplayName", what)
	}
	if e.caps.SupportsField(iam.FieldDescription) {
		assert.Equal(t, in.Description, u.Description, "%s: Description", what)
	}
	if e.caps.SupportsField(iam.FieldEmail) {
		assert.Equal(t, in.Email, u.Email, "%s: Email", what)
	}
	if e.caps.SupportsField(iam.FieldPhone) {
		if in.Phone == "" {
			assert.Empty(t, u.Phone, "%s: Phone", what)
		} else {
			assert.Contains(t, u.Phone, samplePhoneNumber, "%s: Phone", what)
		}
	}
	assert.Equal(t, in.Enabled == nil || *in.Enabled, u.Enabled, "%s: Enabled", what)
}

// someUpdate returns an update of one supported field, or nil when the
// provider supports none.
func (e *env) someUpdate() *iam.UpdateUserInput {
	switch {
	case e.caps.SupportsField(iam.FieldDescription):
		return &iam.UpdateUserInput{Description: iam.Ptr("updated by conformance")}
	case e.caps.SupportsField(iam.FieldDisplayName):
		return &iam.UpdateUserInput{DisplayName: iam.Ptr("CT Updated")}
	case e.caps.SupportsField(iam.FieldEmail):
		return &iam.UpdateUserInput{Email: iam.Ptr("ct.updated@example.com")}
	case e.caps.SupportsField(iam.FieldEnabled):
		return &iam.UpdateUserInput{Enabled: iam.Ptr(true)}
	}
	return nil
}

func (s *suite) testCapabilities(t *testing.T) {
	e := s.env(t)
	caps := e.caps
	assert.NotEmpty(t, caps.Provider, "Provider")
	assert.Positive(t, caps.MaxUserNameLength, "MaxUserNameLength")
	for _, op := range caps.Operations {
		assert.Contains(t, iam.Operations, op, "Operations holds only portable operations")
	}
	all := []iam.Field{
		iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
		iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired,
		iam.FieldMFAMethod, iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
	}
	for _, f := range caps.Fields {
		assert.Contains(t, all, f, "Fields holds only portable fields")
	}
	if caps.Supports(iam.OpCreateAccessKey) {
		assert.Positive(t, caps.MaxAccessKeysPerUser, "a provider with access keys declares its limit")
	}
	if caps.SupportsField(iam.FieldMFAMethod) {
		assert.NotEmpty(t, caps.MFAMethods, "a provider that lets you choose the MFA method lists the methods")
	}
	for _, m := range caps.MFAMethods {
		assert.Contains(t, []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP}, m, "MFAMethods")
	}
	// The result is a copy: changing it does not change the client.
	if len(caps.Operations) > 0 {
		caps.Operations[0] = "Changed"
		assert.NotEqual(t, iam.Operation("Changed"), e.c.Capabilities().Operations[0], "Capabilities returns a copy")
	}
}

func (s *suite) testUnsupported(t *testing.T) {
	e := s.env(t)
	ctx, c := e.ctx, e.c
	// Unsupported operations are called on a user that exists where
	// possible, so ErrNotFound is no excuse.
	name := s.name()
	if e.caps.Supports(iam.OpCreateUser) {
		e.create(&iam.CreateUserInput{Name: name})
	}
	const keyID = "AKIDCONFORMANCE0000"
	calls := map[iam.Operation]func() error{
		iam.OpCreateUser: func() error { _, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: s.name()}); return err },
		iam.OpGetUser:    func() error { _, err := c.GetUser(ctx, name); return err },
		iam.OpUpdateUser: func() error {
			_, err := c.UpdateUser(ctx, name, &iam.UpdateUserInput{Description: iam.Ptr("x")})
			return err
		},
		iam.OpDeleteUser: func() error { return c.DeleteUser(ctx, name) },
		iam.OpListUsers: func() error {
			for _, err := range c.ListUsers(ctx, nil) {
				return err
			}
			return errors.New("ListUsers yielded nothing")
		},
		iam.OpGetLoginProfile: func() error { _, err := c.GetLoginProfile(ctx, name); return err },
		iam.OpSetLoginProfile: func() error {
			_, err := c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(password())})
			return err
		},
		iam.OpDeleteLoginProfile: func() error { return c.DeleteLoginProfile(ctx, name) },
		iam.OpCreateAccessKey:    func() error { _, err := c.CreateAccessKey(ctx, name); return err },
		iam.OpListAccessKeys:     func() error { _, err := c.ListAccessKeys(ctx, name); return err },
		iam.OpEnableAccessKey:    func() error { return c.EnableAccessKey(ctx, name, keyID) },
		iam.OpDisableAccessKey:   func() error { return c.DisableAccessKey(ctx, name, keyID) },
		iam.OpDeleteAccessKey:    func() error { return c.DeleteAccessKey(ctx, name, keyID) },
	}
	for _, op := range iam.Operations {
		if e.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			requireKind(t, calls[op](), iam.ErrUnsupported, "%s is not in Capabilities().Operations", op)
		})
	}

	fieldCalls := map[iam.Field][]func() error{}
	add := func(f iam.Field, op iam.Operation, call func() error) {
		if e.caps.Supports(op) {
			fieldCalls[f] = append(fieldCalls[f], call)
		}
	}
	createWith := func(mod func(*iam.CreateUserInput)) func() error {
		return func() error {
			in := &iam.CreateUserInput{Name: s.name()}
			mod(in)
			e.track(in.Name)
			_, err := c.CreateUser(ctx, in)
			return err
		}
	}
	updateWith := func(in *iam.UpdateUserInput) func() error {
		return func() error { _, err := c.UpdateUser(ctx, name, in); return err }
	}
	profileWith := func(in *iam.LoginProfileInput) func() error {
		return func() error {
			in.Password = iam.NewSecret(password())
			_, err := c.SetLoginProfile(ctx, name, in)
			return err
		}
	}
	add(iam.FieldDisplayName, iam.OpCreateUser, createWith(func(in *iam.CreateUserInput) { in.DisplayName = sampleDisplayName }))
	add(iam.FieldDescription, iam.OpCreateUser, createWith(func(in *iam.CreateUserInput) { in.Description = sampleDescription }))
	add(iam.FieldEmail, iam.OpCreateUser, createWith(func(in *iam.CreateUserInput) { in.Email = sampleEmail }))
	add(iam.FieldPhone, iam.OpCreateUser, createWith(func(in *iam.CreateUserInput) { in.Phone = samplePhone }))
	add(iam.FieldEnabled, iam.OpCreateUser, createWith(func(in *iam.CreateUserInput) { in.Enabled = iam.Ptr(false) }))
	add(iam.FieldDisplayName, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{DisplayName: iam.Ptr(sampleDisplayName)}))
	add(iam.FieldDescription, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{Description: iam.Ptr(sampleDescription)}))
	add(iam.FieldEmail, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{Email: iam.Ptr(sampleEmail)}))
	add(iam.FieldPhone, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{Phone: iam.Ptr(samplePhone)}))
	add(iam.FieldEnabled, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{Enabled: iam.Ptr(false)}))
	add(iam.FieldRename, iam.OpUpdateUser, updateWith(&iam.UpdateUserInput{NewName: iam.Ptr(s.name())}))
	add(iam.FieldPasswordReset, iam.OpSetLoginProfile, profileWith(&iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(true)}))
	add(iam.FieldMFARequired, iam.OpSetLoginProfile, profileWith(&iam.LoginProfileInput{MFARequired: iam.Ptr(false)}))
	add(iam.FieldMFAMethod, iam.OpSetLoginProfile, profileWith(&iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFATOTP)}))
	for _, f := range []iam.Field{
		iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone, iam.FieldEnabled,
		iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod,
	} {
		if e.caps.SupportsField(f) || len(fieldCalls[f]) == 0 {
			continue
		}
		t.Run("Field"+string(f), func(t *testing.T) {
			for i, call := range fieldCalls[f] {
				requireKind(t, call(), iam.ErrUnsupported, "setting %s (call %d) when it is not in Capabilities().Fields", f, i)
			}
		})
	}

	// MFA methods the provider does not offer.
	if e.caps.Supports(iam.OpSetLoginProfile) && e.caps.SupportsField(iam.FieldMFAMethod) {
		for _, m := range []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP} {
			if slices.Contains(e.caps.MFAMethods, m) {
				continue
			}
			t.Run("MFAMethod_"+string(m), func(t *testing.T) {
				err := profileWith(&iam.LoginProfileInput{MFAMethod: iam.Ptr(m)})()
				requireKind(t, err, iam.ErrUnsupported, "MFA method %s is not in Capabilities().MFAMethods", m)
			})
		}
	}
}

func (s *suite) testUserRoundTrip(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser)
	in := e.fullInput(s.name())
	created := e.create(in)
	e.checkUser(in, created, "CreateUser result")

	got, err := e.c.GetUser(e.ctx, in.Name)
	require.NoError(t, err, "GetUser")
	e.checkUser(in, got, "GetUser result")
	assert.Equal(t, created.ID, got.ID, "GetUser returns the user CreateUser made")
	if !created.CreatedAt.IsZero() && !got.CreatedAt.IsZero() {
		assert.True(t, created.CreatedAt.Equal(got.CreatedAt), "CreatedAt is stable: %v vs %v", created.CreatedAt, got.CreatedAt)
	}

	if e.caps.Supports(iam.OpUpdateUser) {
		up := &iam.UpdateUserInput{}
		want := *in
		if e.caps.SupportsField(iam.FieldDisplayName) {
			up.DisplayName, want.DisplayName = iam.Ptr("CT Renamed"), "CT Renamed"
		}
		if e.caps.SupportsField(iam.FieldDescription) {
			up.Description, want.Description = iam.Ptr("updated by conformance"), "updated by conformance"
		}
		if e.caps.SupportsField(iam.FieldEmail) {
			up.Email, want.Email = iam.Ptr("ct.updated@example.com"), "ct.updated@example.com"
		}
		updated, err := e.c.UpdateUser(e.ctx, in.Name, up)
		require.NoError(t, err, "UpdateUser")
		e.checkUser(&want, updated, "UpdateUser result")
		assert.Equal(t, created.ID, updated.ID, "UpdateUser keeps the ID")
		got, err := e.c.GetUser(e.ctx, in.Name)
		require.NoError(t, err, "GetUser after UpdateUser")
		e.checkUser(&want, got, "GetUser after UpdateUser")
	}

	if e.caps.Supports(iam.OpListUsers) {
		n := 0
		for u, err := range e.c.ListUsers(e.ctx, nil) {
			require.NoError(t, err, "ListUsers")
			require.NotNil(t, u, "ListUsers yields no nil user without an error")
			if u.Name == in.Name {
				n++
				assert.Equal(t, created.ID, u.ID, "ListUsers: ID")
			}
		}
		assert.Equal(t, 1, n, "ListUsers yields the created user once")
	}

	if e.caps.Supports(iam.OpDeleteUser) {
		require.NoError(t, e.c.DeleteUser(e.ctx, in.Name), "DeleteUser")
		_, err = e.c.GetUser(e.ctx, in.Name)
		requireKind(t, err, iam.ErrNotFound, "GetUser after DeleteUser")
		requireKind(t, e.c.DeleteUser(e.ctx, in.Name), iam.ErrNotFound, "DeleteUser twice")
		if up := e.someUpdate(); up != nil && e.caps.Supports(iam.OpUpdateUser) {
			_, err = e.c.UpdateUser(e.ctx, in.Name, up)
			requireKind(t, err, iam.ErrNotFound, "UpdateUser after DeleteUser")
		}
		if e.caps.Supports(iam.OpListUsers) {
			for u, err := range e.c.ListUsers(e.ctx, nil) {
				require.NoError(t, err, "ListUsers")
				assert.NotEqual(t, in.Name, u.Name, "ListUsers after DeleteUser yields the deleted user")
			}
		}
	}
}

func (s *suite) testUserEnabled(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser)
	e.needField(iam.FieldEnabled)
	in := &iam.CreateUserInput{Name: s.name(), Enabled: iam.Ptr(false)}
	u := e.create(in)
	assert.False(t, u.Enabled, "CreateUser with Enabled false")
	got, err := e.c.GetUser(e.ctx, in.Name)
	require.NoError(t, err)
	assert.False(t, got.Enabled, "GetUser of a user created disabled")

	if e.caps.Supports(iam.OpUpdateUser) {
		u, err = e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{Enabled: iam.Ptr(true)})
		require.NoError(t, err, "UpdateUser Enabled true")
		assert.True(t, u.Enabled, "UpdateUser result")
		got, err = e.c.GetUser(e.ctx, in.Name)
		require.NoError(t, err)
		assert.True(t, got.Enabled, "GetUser after enabling")

		_, err = e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{Enabled: iam.Ptr(false)})
		require.NoError(t, err, "UpdateUser Enabled false")
		got, err = e.c.GetUser(e.ctx, in.Name)
		require.NoError(t, err)
		assert.False(t, got.Enabled, "GetUser after disabling")
	}
}

func (s *suite) testRename(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser)
	e.needField(iam.FieldRename)
	oldName, newName := s.name(), s.name()
	e.track(newName)
	created := e.create(&iam.CreateUserInput{Name: oldName})
	taken := e.user()

	u, err := e.c.UpdateUser(e.ctx, oldName, &iam.UpdateUserInput{NewName: iam.Ptr(newName)})
	require.NoError(t, err, "rename")
	assert.Equal(t, newName, u.Name, "UpdateUser result carries the new name")
	assert.Equal(t, created.ID, u.ID, "a rename keeps the ID")

	_, err = e.c.GetUser(e.ctx, oldName)
	requireKind(t, err, iam.ErrNotFound, "GetUser of the old name")
	got, err := e.c.GetUser(e.ctx, newName)
	require.NoError(t, err, "GetUser of the new name")
	assert.Equal(t, created.ID, got.ID)

	_, err = e.c.UpdateUser(e.ctx, newName, &iam.UpdateUserInput{NewName: iam.Ptr(taken)})
	requireKind(t, err, iam.ErrAlreadyExists, "rename to a name in use")

	_, err = e.c.UpdateUser(e.ctx, newName, &iam.UpdateUserInput{NewName: iam.Ptr("ct/bad")})
	requireInvalid(t, err, "rename to an invalid name")
}

func (s *suite) testUserNotFound(t *testing.T) {
	e := s.env(t)
	missing := s.name()
	if e.caps.Supports(iam.OpGetUser) {
		_, err := e.c.GetUser(e.ctx, missing)
		requireKind(t, err, iam.ErrNotFound, "GetUser of a missing user")
	}
	if up := e.someUpdate(); up != nil && e.caps.Supports(iam.OpUpdateUser) {
		_, err := e.c.UpdateUser(e.ctx, missing, up)
		requireKind(t, err, iam.ErrNotFound, "UpdateUser of a missing user")
	}
	if e.caps.Supports(iam.OpDeleteUser) {
		requireKind(t, e.c.DeleteUser(e.ctx, missing), iam.ErrNotFound, "DeleteUser of a missing user")
	}
}

func (s *suite) testAlreadyExists(t *testing.T) {
	e := s.env(t)
	name := e.user()
	_, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: name})
	requireKind(t, err, iam.ErrAlreadyExists, "CreateUser of a name in use")
}

func (s *suite) testInvalidArgument(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser)
	max := e.caps.MaxUserNameLength
	long := s.name() + "_"
	if len(long) > max {
		long = "c"
	}
	long += strings.Repeat("a", max+1-len(long))
	for _, tc := range []struct {
		what string
		name string
	}{
		{"empty name", ""},
		{"name with '/'", "ct_bad/name"},
		{fmt.Sprintf("name over %d characters", max), long},
	} {
		t.Run(strings.ReplaceAll(tc.what, " ", "_"), func(t *testing.T) {
			e.track(tc.name)
			_, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: tc.name})
			requireInvalid(t, err, "CreateUser with %s", tc.what)
		})
	}
	t.Run("nil_input", func(t *testing.T) {
		_, err := e.c.CreateUser(e.ctx, nil)
		requireInvalid(t, err, "CreateUser(nil)")
	})
	t.Run("name_of_max_length", func(t *testing.T) {
		name := long[:max]
		u := e.create(&iam.CreateUserInput{Name: name})
		assert.Equal(t, name, u.Name, "a name of exactly MaxUserNameLength is accepted")
	})
	if e.caps.Supports(iam.OpGetUser) {
		t.Run("GetUser_empty_name", func(t *testing.T) {
			_, err := e.c.GetUser(e.ctx, "")
			requireInvalid(t, err, `GetUser("")`)
		})
	}
	if e.caps.Supports(iam.OpSetLoginProfile) {
		t.Run("SetLoginProfile_nil_input", func(t *testing.T) {
			name := e.user()
			_, err := e.c.SetLoginProfile(e.ctx, name, nil)
			requireInvalid(t, err, "SetLoginProfile(nil)")
		})
	}
}

func (s *suite) testCanceledContext(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpGetUser)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	_, err := e.c.GetUser(ctx, s.name())
	require.Error(t, err, "GetUser with a canceled context")
	assert.ErrorIs(t, err, context.Canceled, "the context's error is kept")
	var ie *iam.Error
	assert.ErrorAs(t, err, &ie, "every error is or wraps *iam.Error")

	if e.caps.Supports(iam.OpListUsers) {
		n := 0
		for u, err := range e.c.ListUsers(ctx, nil) {
			n++
			assert.Nil(t, u, "ListUsers with a canceled context yields no user")
			assert.ErrorIs(t, err, context.Canceled, "ListUsers with a canceled context")
		}
		assert.Equal(t, 1, n, "a failure ends the sequence with one (nil, err) pair")
	}
}

// testConcurrent uses one client from several goroutines: Client methods
// are safe for concurrent use.
func (s *suite) testConcurrent(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser)
	const n = 4
	names := make([]string, n)
	for i := range names {
		names[i] = s.name()
		e.track(names[i])
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: name}); err != nil {
				errs[i] = fmt.Errorf("CreateUser(%s): %w", name, err)
				return
			}
			u, err := e.c.GetUser(e.ctx, name)
			if err != nil {
				errs[i] = fmt.Errorf("GetUser(%s): %w", name, err)
				return
			}
			if u.Name != name {
				errs[i] = fmt.Errorf("GetUser(%s) returned %s", name, u.Name)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}

func (s *suite) testListPages(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpListUsers)
	want := map[string]string{} // name -> ID
	for range 5 {
		name := s.name()
		want[name] = e.create(&iam.CreateUserInput{Name: name}).ID
	}
	seen := map[string]int{}
	ids := map[string]int{}
	for u, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: 2}) {
		require.NoError(t, err, "ListUsers")
		require.NotNil(t, u, "ListUsers yields no nil user without an error")
		ids[u.ID]++
		if _, ok := want[u.Name]; ok {
			seen[u.Name]++
			assert.Equal(t, want[u.Name], u.ID, "ListUsers: ID of %s", u.Name)
		}
	}
	for name := range want {
		assert.Equal(t, 1, seen[name], "ListUsers with PageSize 2 yields %s exactly once", name)
	}
	for id, n := range ids {
		assert.Equal(t, 1, n, "ListUsers yields user ID %s %d times", id, n)
	}
}

func (s *suite) testListBreak(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpListUsers)
	for range 3 {
		e.user()
	}
	n := 0
	for u, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: 2}) {
		require.NoError(t, err)
		require.NotNil(t, u)
		n++
		break // a range-over-func iterator that calls yield again panics
	}
	assert.Equal(t, 1, n)

	// Stopping mid-page and at a page boundary both work; the sequence can
	// be ranged over again.
	for _, stop := range []int{2, 3} {
		n = 0
		for _, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: 2}) {
			require.NoError(t, err)
			n++
			if n == stop {
				break
			}
		}
		assert.Equal(t, stop, n)
	}
	seq := e.c.ListUsers(e.ctx, nil)
	first, second := 0, 0
	for _, err := range seq {
		require.NoError(t, err)
		first++
	}
	for _, err := range seq {
		require.NoError(t, err)
		second++
	}
	assert.Equal(t, first, second, "ranging over the same sequence twice lists again")
}

// password returns a fresh password that meets every cloud's policy: upper
// and lower case, digits and a symbol, 20 characters, no user name.
func password() string { return "Ct#" + randomHex(6) + "Aa9!zZ" }

func (s *suite) testLoginProfile(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpSetLoginProfile)
	// Email and phone are set where supported: some clouds send the second
	// factor there and refuse MFA for a user without them.
	name := s.name()
	e.create(e.fullInput(name))
	canGet := e.caps.Supports(iam.OpGetLoginProfile)
	get := func(what string) *iam.LoginProfile {
		t.Helper()
		p, err := e.c.GetLoginProfile(e.ctx, name)
		require.NoError(t, err, what)
		require.NotNil(t, p, what)
		assert.Equal(t, name, p.UserName, "%s: UserName", what)
		return p
	}

	if canGet {
		// A new user has no console login on some clouds (ErrNotFound) and
		// a default one on others (Huawei, EIAM): both are correct.
		p, err := e.c.GetLoginProfile(e.ctx, name)
		if err != nil {
			requireKind(t, err, iam.ErrNotFound, "GetLoginProfile of a new user")
		} else {
			require.NotNil(t, p, "GetLoginProfile of a new user")
			assert.Equal(t, name, p.UserName, "GetLoginProfile of a new user: UserName")
		}
	}

	pw := password()
	in := &iam.LoginProfileInput{Password: iam.NewSecret(pw)}
	reset := e.caps.SupportsField(iam.FieldPasswordReset)
	if reset {
		in.PasswordResetRequired = iam.Ptr(true)
	}
	p, err := e.c.SetLoginProfile(e.ctx, name, in)
	require.NoError(t, err, "SetLoginProfile (create)")
	require.NotNil(t, p)
	assert.Equal(t, name, p.UserName, "SetLoginProfile result: UserName")
	assert.True(t, p.PasswordSet, "SetLoginProfile result: PasswordSet")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", p, *p, in), pw, "the password never prints")
	if reset {
		assert.True(t, p.PasswordResetRequired, "SetLoginProfile result: PasswordResetRequired")
	}
	if canGet {
		got := get("GetLoginProfile after create")
		assert.True(t, got.PasswordSet, "PasswordSet")
		if reset {
			assert.True(t, got.PasswordResetRequired, "PasswordResetRequired")
		}
	}

	if reset {
		p, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(false)})
		require.NoError(t, err, "SetLoginProfile (update without password)")
		assert.False(t, p.PasswordResetRequired, "SetLoginProfile result after update")
		if canGet {
			got := get("GetLoginProfile after update")
			assert.False(t, got.PasswordResetRequired, "PasswordResetRequired after update")
			assert.True(t, got.PasswordSet, "an update without a password keeps the password")
		}
	}

	if e.caps.SupportsField(iam.FieldMFARequired) {
		mfa := &iam.LoginProfileInput{MFARequired: iam.Ptr(true)}
		var method iam.MFAMethod
		if e.caps.SupportsField(iam.FieldMFAMethod) && len(e.caps.MFAMethods) > 0 {
			method = e.caps.MFAMethods[0]
			mfa.MFAMethod = &method
		}
		p, err = e.c.SetLoginProfile(e.ctx, name, mfa)
		require.NoError(t, err, "SetLoginProfile MFARequired")
		assert.True(t, p.MFARequired, "SetLoginProfile result: MFARequired")
		if canGet {
			got := get("GetLoginProfile after MFA")
			assert.True(t, got.MFARequired, "MFARequired")
			if method != "" {
				assert.Equal(t, method, got.MFAMethod, "MFAMethod")
			}
		}
		p, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{MFARequired: iam.Ptr(false)})
		require.NoError(t, err, "SetLoginProfile MFARequired false")
		assert.False(t, p.MFARequired, "SetLoginProfile result: MFARequired false")
	}

	// A new password on an existing profile.
	_, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(password())})
	require.NoError(t, err, "SetLoginProfile (new password)")

	missing := s.name()
	_, err = e.c.SetLoginProfile(e.ctx, missing, &iam.LoginProfileInput{Password: iam.NewSecret(password())})
	requireKind(t, err, iam.ErrNotFound, "SetLoginProfile of a missing user")
	if canGet {
		_, err = e.c.GetLoginProfile(e.ctx, missing)
		requireKind(t, err, iam.ErrNotFound, "GetLoginProfile of a missing user")
	}

	if e.caps.Supports(iam.OpDeleteLoginProfile) {
		require.NoError(t, e.c.DeleteLoginProfile(e.ctx, name), "DeleteLoginProfile")
		if canGet {
			_, err = e.c.GetLoginProfile(e.ctx, name)
			requireKind(t, err, iam.ErrNotFound, "GetLoginProfile after DeleteLoginProfile")
		}
	}
}

// keyOps are the operations the access key tests need.
var keyOps = []iam.Operation{iam.OpCreateUser, iam.OpCreateAccessKey, iam.OpListAccessKeys}

func findKey(keys []*iam.AccessKey, id string) *iam.AccessKey {
	for _, k := range keys {
		if k != nil && k.ID == id {
			return k
		}
	}
	return nil
}

func (s *suite) testAccessKeys(t *testing.T) {
	e := s.env(t)
	e.need(keyOps...)
	name := e.user()

	keys, err := e.c.ListAccessKeys(e.ctx, name)
	require.NoError(t, err, "ListAccessKeys of a new user")
	assert.Empty(t, keys, "a new user has no keys")

	k, err := e.c.CreateAccessKey(e.ctx, name)
	require.NoError(t, err, "CreateAccessKey")
	require.NotNil(t, k)
	assert.NotEmpty(t, k.ID, "ID")
	assert.False(t, k.Secret.IsZero(), "CreateAccessKey returns the secret")
	assert.Equal(t, iam.AccessKeyActive, k.Status, "a new key is active")
	assert.Equal(t, name, k.UserName, "UserName")
	secret := k.Secret.Reveal()
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", k, *k, *k, k.Secret), secret, "the secret never prints")

	keys, err = e.c.ListAccessKeys(e.ctx, name)
	require.NoError(t, err, "ListAccessKeys")
	require.Len(t, keys, 1)
	listed := findKey(keys, k.ID)
	require.NotNil(t, listed, "ListAccessKeys lists the created key")
	assert.True(t, listed.Secret.IsZero(), "ListAccessKeys never returns a secret")
	assert.Equal(t, iam.AccessKeyActive, listed.Status)
	assert.Equal(t, name, listed.UserName, "UserName")

	status := func(what string) iam.AccessKeyStatus {
		t.Helper()
		keys, err := e.c.ListAccessKeys(e.ctx, name)
		require.NoError(t, err, what)
		k := findKey(keys, k.ID)
		require.NotNil(t, k, what)
		assert.True(t, k.Secret.IsZero(), "%s: no secret", what)
		return k.Status
	}
	if e.caps.Supports(iam.OpDisableAccessKey) {
		require.NoError(t, e.c.DisableAccessKey(e.ctx, name, k.ID), "DisableAccessKey")
		assert.Equal(t, iam.AccessKeyInactive, status("after DisableAccessKey"))
	}
	if e.caps.Supports(iam.OpEnableAccessKey) {
		require.NoError(t, e.c.EnableAccessKey(e.ctx, name, k.ID), "EnableAccessKey")
		assert.Equal(t, iam.AccessKeyActive, status("after EnableAccessKey"))
	}
	if e.caps.Supports(iam.OpDeleteAccessKey) {
		require.NoError(t, e.c.DeleteAccessKey(e.ctx, name, k.ID), "DeleteAccessKey")
		keys, err = e.c.ListAccessKeys(e.ctx, name)
		require.NoError(t, err, "ListAccessKeys after DeleteAccessKey")
		assert.Nil(t, findKey(keys, k.ID), "a deleted key is not listed")
		requireKind(t, e.c.DeleteAccessKey(e.ctx, name, k.ID), iam.ErrNotFound, "DeleteAccessKey twice")
		if e.caps.Supports(iam.OpDisableAccessKey) {
			requireKind(t, e.c.DisableAccessKey(e.ctx, name, k.ID), iam.ErrNotFound, "DisableAccessKey of a deleted key")
		}
		if e.caps.Supports(iam.OpEnableAccessKey) {
			requireKind(t, e.c.EnableAccessKey(e.ctx, name, k.ID), iam.ErrNotFound, "EnableAccessKey of a deleted key")
		}
	}
}

func (s *suite) testAccessKeyLimit(t *testing.T) {
	e := s.env(t)
	e.need(keyOps...)
	max := e.caps.MaxAccessKeysPerUser
	require.Positive(t, max, "MaxAccessKeysPerUser")
	name := e.user()
	made := map[string]bool{}
	for i := range max {
		k, err := e.c.CreateAccessKey(e.ctx, name)
		require.NoError(t, err, "CreateAccessKey %d of %d", i+1, max)
		made[k.ID] = true
	}
	assert.Len(t, made, max, "each key has its own ID")

	if e.caps.Supports(iam.OpDisableAccessKey) {
		// A disabled key still counts towards the limit.
		for id := range made {
			require.NoError(t, e.c.DisableAccessKey(e.ctx, name, id))
			break
		}
	}
	_, err := e.c.CreateAccessKey(e.ctx, name)
	requireKind(t, err, iam.ErrLimitExceeded, "CreateAccessKey past MaxAccessKeysPerUser (%d)", max)

	keys, err := e.c.ListAccessKeys(e.ctx, name)
	require.NoError(t, err)
	assert.Len(t, keys, max, "the refused key was not created")

	if e.caps.Supports(iam.OpDeleteAccessKey) {
		require.NoError(t, e.c.DeleteAccessKey(e.ctx, name, keys[0].ID))
		_, err = e.c.CreateAccessKey(e.ctx, name)
		require.NoError(t, err, "deleting a key frees a place")
	}
}

func (s *suite) testAccessKeysNotFound(t *testing.T) {
	e := s.env(t)
	e.need(keyOps...)
	missing := s.name()
	_, err := e.c.ListAccessKeys(e.ctx, missing)
	requireKind(t, err, iam.ErrNotFound, "ListAccessKeys of a missing user")
	_, err = e.c.CreateAccessKey(e.ctx, missing)
	requireKind(t, err, iam.ErrNotFound, "CreateAccessKey for a missing user")

	// Another user's key is not found under this user.
	owner, other := e.user(), e.user()
	k, err := e.c.CreateAccessKey(e.ctx, owner)
	require.NoError(t, err)
	if e.caps.Supports(iam.OpDeleteAccessKey) {
		requireKind(t, e.c.DeleteAccessKey(e.ctx, other, k.ID), iam.ErrNotFound, "DeleteAccessKey of another user's key")
		keys, err := e.c.ListAccessKeys(e.ctx, owner)
		require.NoError(t, err)
		assert.NotNil(t, findKey(keys, k.ID), "the owner's key survives")
	}
}

func (s *suite) testLeavesNoUsers(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpListUsers)
	for u, err := range e.c.ListUsers(e.ctx, nil) {
		require.NoError(t, err)
		assert.False(t, strings.HasPrefix(u.Name, s.prefix), "user %s created by the suite was not cleaned up", u.Name)
	}
}
