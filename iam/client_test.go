package iam_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// recorder is a Driver that records the calls it gets and answers with err
// (or zero values).
type recorder struct {
	caps  iam.Capabilities
	mu    sync.Mutex
	calls []string
	ctxs  []context.Context
	err   error
	users []*iam.User
}

func (r *recorder) note(ctx context.Context, op string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, op)
	r.ctxs = append(r.ctxs, ctx)
	return r.err
}

func (r *recorder) Capabilities() iam.Capabilities { return r.caps }
func (r *recorder) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	return &iam.User{Name: in.Name}, r.note(ctx, "CreateUser")
}
func (r *recorder) GetUser(ctx context.Context, name string) (*iam.User, error) {
	return &iam.User{Name: name}, r.note(ctx, "GetUser")
}
func (r *recorder) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	return &iam.User{Name: name}, r.note(ctx, "UpdateUser")
}
func (r *recorder) DeleteUser(ctx context.Context, name string) error {
	return r.note(ctx, "DeleteUser")
}
func (r *recorder) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		if err := r.note(ctx, "ListUsers"); err != nil {
			yield(nil, err)
			return
		}
		for _, u := range r.users {
			if !yield(u, nil) {
				return
			}
		}
	}
}
func (r *recorder) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	return &iam.LoginProfile{UserName: userName}, r.note(ctx, "GetLoginProfile")
}
func (r *recorder) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	return &iam.LoginProfile{UserName: userName}, r.note(ctx, "SetLoginProfile")
}
func (r *recorder) DeleteLoginProfile(ctx context.Context, userName string) error {
	return r.note(ctx, "DeleteLoginProfile")
}
func (r *recorder) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	return &iam.AccessKey{ID: "AK1", UserName: userName}, r.note(ctx, "CreateAccessKey")
}
func (r *recorder) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	return nil, r.note(ctx, "ListAccessKeys")
}
func (r *recorder) EnableAccessKey(ctx context.Context, userName, id string) error {
	return r.note(ctx, "EnableAccessKey")
}
func (r *recorder) DisableAccessKey(ctx context.Context, userName, id string) error {
	return r.note(ctx, "DisableAccessKey")
}
func (r *recorder) DeleteAccessKey(ctx context.Context, userName, id string) error {
	return r.note(ctx, "DeleteAccessKey")
}

// fullCaps declares everything, with small limits to test against.
func fullCaps() iam.Capabilities {
	return iam.Capabilities{
		Provider:             "rec",
		Operations:           iam.Operations,
		Fields:               []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone, iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod},
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFATOTP},
		ClearableFields:      []iam.Field{iam.FieldDescription},
		MaxUserNameLength:    8,
		MaxDescriptionLength: 5,
		MinPasswordLength:    8,
		MaxPasswordLength:    12,
		MaxPageSize:          100,
	}
}

func newRecorder(caps iam.Capabilities) (*recorder, *iam.Client) {
	r := &recorder{caps: caps}
	return r, iam.NewClient(r, iam.ClientOptions{})
}

// TestClientRefusesBeforeTheDriver checks every argument rule of Client:
// the error's Kind, Field and Op, and that the driver was never called.
func TestClientRefusesBeforeTheDriver(t *testing.T) {
	ctx := context.Background()
	var nilCtx context.Context
	tests := []struct {
		name  string
		caps  func(*iam.Capabilities)
		call  func(c *iam.Client) error
		kind  iam.Kind
		field string
		op    iam.Operation
	}{
		{name: "nil ctx CreateUser", call: func(c *iam.Client) error {
			_, err := c.CreateUser(nilCtx, &iam.CreateUserInput{Name: "a"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "ctx", op: iam.OpCreateUser},
		{name: "nil ctx DeleteAccessKey", call: func(c *iam.Client) error {
			return c.DeleteAccessKey(nilCtx, "a", "AK1")
		}, kind: iam.ErrInvalidArgument, field: "ctx", op: iam.OpDeleteAccessKey},
		{name: "nil ctx ListUsers", call: func(c *iam.Client) error {
			for _, err := range c.ListUsers(nilCtx, nil) {
				return err
			}
			return nil
		}, kind: iam.ErrInvalidArgument, field: "ctx", op: iam.OpListUsers},
		{name: "nil CreateUser input", call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, nil)
			return err
		}, kind: iam.ErrInvalidArgument, field: "in", op: iam.OpCreateUser},
		{name: "nil UpdateUser input", call: func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a", nil)
			return err
		}, kind: iam.ErrInvalidArgument, field: "in", op: iam.OpUpdateUser},
		{name: "nil SetLoginProfile input", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", nil)
			return err
		}, kind: iam.ErrInvalidArgument, field: "in", op: iam.OpSetLoginProfile},
		{name: "empty Name", call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Name", op: iam.OpCreateUser},
		{name: "Name too long", call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "abcdefghi"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Name", op: iam.OpCreateUser},
		{name: "Name not UTF-8", call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a\xff"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Name", op: iam.OpCreateUser},
		{name: "empty userName", call: func(c *iam.Client) error {
			_, err := c.GetUser(ctx, "")
			return err
		}, kind: iam.ErrInvalidArgument, field: "userName", op: iam.OpGetUser},
		{name: "userName too long", call: func(c *iam.Client) error {
			return c.DeleteUser(ctx, "abcdefghi")
		}, kind: iam.ErrInvalidArgument, field: "userName", op: iam.OpDeleteUser},
		{name: "empty NewName", call: func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a", &iam.UpdateUserInput{NewName: iam.Ptr("")})
			return err
		}, kind: iam.ErrInvalidArgument, field: "NewName", op: iam.OpUpdateUser},
		{name: "Description too long", call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a", Description: "éééééé"})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Description", op: iam.OpCreateUser},
		{name: "Password too short", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{Password: iam.NewSecret("short")})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Password", op: iam.OpSetLoginProfile},
		{name: "Password too long", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{Password: iam.NewSecret("a-very-long-password")})
			return err
		}, kind: iam.ErrInvalidArgument, field: "Password", op: iam.OpSetLoginProfile},
		{name: "unknown MFA method", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("u2f"))})
			return err
		}, kind: iam.ErrInvalidArgument, field: "MFAMethod", op: iam.OpSetLoginProfile},
		{name: "MFA method the cloud lacks", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAEmail)})
			return err
		}, kind: iam.ErrUnsupported, field: "MFAMethod", op: iam.OpSetLoginProfile},
		{name: "MFA required with no method", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFANone)})
			return err
		}, kind: iam.ErrInvalidArgument, field: "MFAMethod", op: iam.OpSetLoginProfile},
		{name: "MFA required, method left out, several methods", call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
			return err
		}, kind: iam.ErrInvalidArgument, field: "MFAMethod", op: iam.OpSetLoginProfile},
		{name: "PageSize negative", call: func(c *iam.Client) error {
			for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: -1}) {
				return err
			}
			return nil
		}, kind: iam.ErrInvalidArgument, field: "PageSize", op: iam.OpListUsers},
		{name: "PageSize over the cloud's maximum", call: func(c *iam.Client) error {
			for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 101}) {
				return err
			}
			return nil
		}, kind: iam.ErrInvalidArgument, field: "PageSize", op: iam.OpListUsers},
		{name: "accessKeyID with a query", call: func(c *iam.Client) error {
			return c.DisableAccessKey(ctx, "a", "AK?x=1")
		}, kind: iam.ErrInvalidArgument, field: "accessKeyID", op: iam.OpDisableAccessKey},
		{name: "empty accessKeyID", call: func(c *iam.Client) error {
			return c.EnableAccessKey(ctx, "a", "")
		}, kind: iam.ErrInvalidArgument, field: "accessKeyID", op: iam.OpEnableAccessKey},
		{name: "clearing a field the cloud cannot clear", call: func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a", &iam.UpdateUserInput{Email: iam.Ptr("")})
			return err
		}, kind: iam.ErrUnsupported, field: "Email", op: iam.OpUpdateUser},
		{name: "operation the cloud lacks", caps: func(c *iam.Capabilities) {
			c.Operations = []iam.Operation{iam.OpGetUser}
		}, call: func(c *iam.Client) error {
			return c.DeleteLoginProfile(ctx, "a")
		}, kind: iam.ErrUnsupported, op: iam.OpDeleteLoginProfile},
		{name: "field the cloud lacks on create", caps: func(c *iam.Capabilities) {
			c.Fields = nil
		}, call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a", Email: "a@example.com"})
			return err
		}, kind: iam.ErrUnsupported, field: "Email", op: iam.OpCreateUser},
		{name: "create disabled without Enabled", caps: func(c *iam.Capabilities) {
			c.Fields = nil
		}, call: func(c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a", Enabled: iam.Ptr(false)})
			return err
		}, kind: iam.ErrUnsupported, field: "Enabled", op: iam.OpCreateUser},
		{name: "rename without the field", caps: func(c *iam.Capabilities) {
			c.Fields = nil
		}, call: func(c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a", &iam.UpdateUserInput{NewName: iam.Ptr("b")})
			return err
		}, kind: iam.ErrUnsupported, field: "NewName", op: iam.OpUpdateUser},
		{name: "MFA flag without the field", caps: func(c *iam.Capabilities) {
			c.Fields = nil
		}, call: func(c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFARequired: iam.Ptr(false)})
			return err
		}, kind: iam.ErrUnsupported, field: "MFARequired", op: iam.OpSetLoginProfile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			caps := fullCaps()
			if tc.caps != nil {
				tc.caps(&caps)
			}
			r, c := newRecorder(caps)
			err := tc.call(c)
			require.ErrorIs(t, err, tc.kind)
			var e *iam.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.field, e.Field)
			assert.Equal(t, string(tc.op), e.Op)
			assert.Equal(t, "rec", e.Provider)
			assert.Empty(t, r.calls, "the driver must not be called")
		})
	}
}

func TestClientPassesGoodInput(t *testing.T) {
	ctx := context.Background()
	r, c := newRecorder(fullCaps())
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "abcdefgh", Description: "ééééé", Enabled: iam.Ptr(true)})
	require.NoError(t, err, "limits are inclusive and count characters")
	_, err = c.UpdateUser(ctx, "a", &iam.UpdateUserInput{Description: iam.Ptr("")})
	require.NoError(t, err, "a clearable field")
	_, err = c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{Password: iam.NewSecret("12345678"), MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	require.NoError(t, c.DeleteAccessKey(ctx, "a", "AKIDabc123"))
	for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 100}) {
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"CreateUser", "UpdateUser", "SetLoginProfile", "DeleteAccessKey", "ListUsers"}, r.calls)

	// One MFA method: MFARequired alone is enough.
	caps := fullCaps()
	caps.MFAMethods = []iam.MFAMethod{iam.MFATOTP}
	r, c = newRecorder(caps)
	_, err = c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, []string{"SetLoginProfile"}, r.calls)
}

func TestClientEmptyUpdateReads(t *testing.T) {
	r, c := newRecorder(fullCaps())
	u, err := c.UpdateUser(context.Background(), "alice", &iam.UpdateUserInput{})
	require.NoError(t, err)
	assert.Equal(t, "alice", u.Name)
	assert.Equal(t, []string{"GetUser"}, r.calls, "nothing to change: no update is sent")
}

func TestClientNamesErrorsAfterThePortableOperation(t *testing.T) {
	ctx := context.Background()
	r, c := newRecorder(fullCaps())
	r.err = &iam.Error{Provider: "rec", Op: "ListAccessKeys", Kind: iam.ErrPermissionDenied, Code: "Denied"}
	err := c.DeleteUser(ctx, "alice")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "DeleteUser", e.Op)
	assert.Equal(t, "ListAccessKeys", e.NativeOp)
	assert.ErrorIs(t, err, iam.ErrPermissionDenied)
	assert.Equal(t, "cloudiam: rec DeleteUser (ListAccessKeys): Denied", err.Error())
	assert.Equal(t, "ListAccessKeys", r.err.(*iam.Error).Op, "the driver's error is copied, not changed")

	// An error of the same name keeps no NativeOp.
	r.err = &iam.Error{Provider: "rec", Op: "DeleteUser", Kind: iam.ErrNotFound}
	err = c.DeleteUser(ctx, "alice")
	require.ErrorAs(t, err, &e)
	assert.Empty(t, e.NativeOp)

	// A plain error becomes an *Error; a context error stays reachable.
	r.err = errors.New("boom")
	_, err = c.GetUser(ctx, "alice")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, iam.ErrUnknown, e.Kind)
	assert.Equal(t, "GetUser", e.Op)
	r.err = context.DeadlineExceeded
	_, err = c.GetUser(ctx, "alice")
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// Lists too.
	r.err = &iam.Error{Provider: "rec", Op: "ListUsersPage", Kind: iam.ErrThrottled}
	for _, err := range c.ListUsers(ctx, nil) {
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "ListUsers", e.Op)
		assert.Equal(t, "ListUsersPage", e.NativeOp)
	}
}

func TestClientListUsersRefusesNilUser(t *testing.T) {
	r, c := newRecorder(fullCaps())
	r.users = []*iam.User{{Name: "a"}, nil}
	var names []string
	var last error
	for u, err := range c.ListUsers(context.Background(), nil) {
		if err != nil {
			last = err
			break
		}
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"a"}, names)
	assert.ErrorIs(t, last, iam.ErrInvalidResponse)
}

func TestClientObserver(t *testing.T) {
	type key struct{}
	var mu sync.Mutex
	var started, done []iam.Event
	obs := &iam.Observer{
		CallStart: func(ctx context.Context, e iam.Event) context.Context {
			mu.Lock()
			defer mu.Unlock()
			started = append(started, e)
			return context.WithValue(ctx, key{}, e.Op)
		},
		CallDone: func(ctx context.Context, e iam.Event) {
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, e.Op, ctx.Value(key{}), "CallDone gets CallStart's context")
			done = append(done, e)
		},
	}
	r := &recorder{caps: fullCaps()}
	c := iam.NewClient(r, iam.ClientOptions{Observer: obs})
	ctx := context.Background()
	_, err := c.GetUser(ctx, "alice")
	require.NoError(t, err)
	r.err = &iam.Error{Provider: "rec", Op: "DeleteUser", Kind: iam.ErrNotFound, StatusCode: 404, RequestID: "rid-1"}
	require.Error(t, c.DeleteUser(ctx, "alice"))
	_, err = c.CreateUser(ctx, nil)
	require.Error(t, err)
	for range c.ListUsers(ctx, nil) {
	}

	require.Len(t, started, 4)
	require.Len(t, done, 4)
	assert.Equal(t, "GetUser", r.ctxs[0].Value(key{}), "the driver runs in CallStart's context")
	assert.Equal(t, iam.Event{Provider: "rec", Op: "GetUser"}, started[0])
	assert.Nil(t, done[0].Err)
	assert.Equal(t, iam.Kind(""), done[0].Kind)
	assert.Equal(t, "DeleteUser", done[1].Op)
	assert.Equal(t, iam.ErrNotFound, done[1].Kind)
	assert.Equal(t, 404, done[1].StatusCode)
	assert.Equal(t, "rid-1", done[1].RequestID)
	assert.Equal(t, iam.ErrInvalidArgument, done[2].Kind, "refused input is observed too")
	assert.Equal(t, "ListUsers", done[3].Op)
	for _, e := range done {
		assert.False(t, e.Native)
		assert.GreaterOrEqual(t, e.Duration.Nanoseconds(), int64(0))
	}
}

func TestClientCapabilitiesAreCopies(t *testing.T) {
	_, c := newRecorder(fullCaps())
	caps := c.Capabilities()
	caps.Operations[0] = "Changed"
	caps.ClearableFields[0] = "Changed"
	assert.Equal(t, iam.OpCreateUser, c.Capabilities().Operations[0])
	assert.Equal(t, iam.FieldDescription, c.Capabilities().ClearableFields[0])
	assert.Equal(t, "rec", c.Provider())
}

func TestClientAs(t *testing.T) {
	_, c := newRecorder(fullCaps())
	var r *recorder
	assert.False(t, c.As(&r), "a driver without As exposes nothing")
	assert.True(t, strings.HasPrefix(iam.KindOf(errors.New("x")).Error(), "cloudiam: "))
	assert.Equal(t, iam.Kind(""), iam.KindOf(nil))
}

// empty answers every call with success but without what the call returns.
type empty struct{ *recorder }

func (e empty) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	return &iam.User{}, e.note(ctx, "CreateUser")
}
func (e empty) GetUser(ctx context.Context, name string) (*iam.User, error) {
	return nil, e.note(ctx, "GetUser")
}
func (e empty) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	return nil, e.note(ctx, "UpdateUser")
}
func (e empty) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	return nil, e.note(ctx, "GetLoginProfile")
}
func (e empty) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	return nil, e.note(ctx, "SetLoginProfile")
}
func (e empty) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	return &iam.AccessKey{ID: "AK1", UserName: userName}, e.note(ctx, "CreateAccessKey") // no secret
}
func (e empty) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	return []*iam.AccessKey{{ID: "AK1"}, nil}, e.note(ctx, "ListAccessKeys")
}

// TestClientRefusesSuccessWithoutResult: a success answer lacking what the
// call returns is ErrInvalidResponse, never a zero value, and after a change
// it also says the change may have happened.
func TestClientRefusesSuccessWithoutResult(t *testing.T) {
	ctx := context.Background()
	c := iam.NewClient(empty{&recorder{caps: fullCaps()}}, iam.ClientOptions{})
	check := func(name string, err error, acted bool) {
		t.Helper()
		assert.ErrorIs(t, err, iam.ErrInvalidResponse, name)
		assert.Equal(t, acted, errors.Is(err, iam.ErrOutcomeUnknown), name)
		var e *iam.Error
		if assert.ErrorAs(t, err, &e, name) {
			assert.Equal(t, name, e.Op)
		}
	}
	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a"})
	assert.Nil(t, u)
	check("CreateUser", err, true)
	_, err = c.GetUser(ctx, "a")
	check("GetUser", err, false)
	_, err = c.UpdateUser(ctx, "a", &iam.UpdateUserInput{Description: iam.Ptr("x")})
	check("UpdateUser", err, true)
	_, err = c.UpdateUser(ctx, "a", &iam.UpdateUserInput{})
	check("UpdateUser", err, false)
	_, err = c.GetLoginProfile(ctx, "a")
	check("GetLoginProfile", err, false)
	_, err = c.SetLoginProfile(ctx, "a", &iam.LoginProfileInput{Password: iam.NewSecret("12345678")})
	check("SetLoginProfile", err, true)
	k, err := c.CreateAccessKey(ctx, "a")
	assert.Nil(t, k)
	check("CreateAccessKey", err, true)
	_, err = c.ListAccessKeys(ctx, "a")
	check("ListAccessKeys", err, false)
}

// blank answers every read with a value whose name (or id) is empty, as a
// spoiled answer ("{}" or every string emptied) decodes.
type blank struct{ *recorder }

func (b blank) GetUser(ctx context.Context, name string) (*iam.User, error) {
	return &iam.User{}, b.note(ctx, "GetUser")
}
func (b blank) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	return &iam.User{}, b.note(ctx, "UpdateUser")
}
func (b blank) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	return func(yield func(*iam.User, error) bool) {
		_ = b.note(ctx, "ListUsers")
		if yield(&iam.User{Name: "a"}, nil) {
			yield(&iam.User{ID: "u-2"}, nil)
		}
	}
}
func (b blank) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	return []*iam.AccessKey{{UserName: userName}}, b.note(ctx, "ListAccessKeys")
}

// TestClientRefusesBlankAnswers: a user, list element or key without its
// name (or id) is ErrInvalidResponse, never a zero value passed on.
func TestClientRefusesBlankAnswers(t *testing.T) {
	ctx := context.Background()
	c := iam.NewClient(blank{&recorder{caps: fullCaps()}}, iam.ClientOptions{})
	_, err := c.GetUser(ctx, "a")
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	_, err = c.UpdateUser(ctx, "a", &iam.UpdateUserInput{Description: iam.Ptr("x")})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown, "the update may have happened")
	_, err = c.ListAccessKeys(ctx, "a")
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	var names []string
	var last error
	for u, err := range c.ListUsers(ctx, nil) {
		if err != nil {
			last = err
			break
		}
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"a"}, names)
	assert.ErrorIs(t, last, iam.ErrInvalidResponse)
}
