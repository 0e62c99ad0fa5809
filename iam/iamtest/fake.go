package iamtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/store"
)

// FakeProvider is the Provider of the fake's capabilities and errors.
const FakeProvider = "fake"

// Limits of the fake, the strictest of the clouds so that code tested
// against it works on all of them.
const (
	// FakeMaxUserNameLength is the longest user name the fake accepts.
	FakeMaxUserNameLength = 64
	// FakeMaxAccessKeysPerUser is the fake's default per-user key limit.
	FakeMaxAccessKeysPerUser = 2
	// FakeDefaultPageSize is the page size of ListUsers when PageSize is zero.
	FakeDefaultPageSize = 100
	// FakeMaxPageSize is the largest PageSize ListUsers accepts.
	FakeMaxPageSize = 1000
)

// FakeUser is the fake's native user, reachable with (*iam.User).As.
type FakeUser struct {
	ID        string
	Name      string
	UpdatedAt time.Time
}

// FakeLoginProfile is the fake's native login profile, reachable with
// (*iam.LoginProfile).As. It holds no password.
type FakeLoginProfile struct {
	UserName  string
	UpdatedAt time.Time
}

// FakeAccessKey is the fake's native access key, reachable with
// (*iam.AccessKey).As. It holds no secret.
type FakeAccessKey struct {
	ID     string
	UserID string
}

// FakeOption configures NewFake.
type FakeOption func(*fakeConfig)

type fakeConfig struct {
	maxKeys      int
	now          func() time.Time
	noOps        []iam.Operation
	noFields     []iam.Field
	fail         func(op iam.Operation, userName string) error
	pageRequests func(pageSize int)
}

// WithMaxAccessKeys sets the per-user access key limit (default 2).
func WithMaxAccessKeys(n int) FakeOption { return func(c *fakeConfig) { c.maxKeys = n } }

// WithClock sets the clock the fake stamps CreatedAt and friends with
// (default: time.Now in UTC, truncated to the second).
func WithClock(now func() time.Time) FakeOption { return func(c *fakeConfig) { c.now = now } }

// WithoutOperations removes operations from the fake, as a cloud that lacks
// them: they return ErrUnsupported and leave Capabilities().Operations.
// Use it to test how code copes with a less capable cloud.
func WithoutOperations(ops ...iam.Operation) FakeOption {
	return func(c *fakeConfig) { c.noOps = append(c.noOps, ops...) }
}

// WithoutFields removes optional fields from the fake: setting them returns
// ErrUnsupported, and they leave Capabilities().Fields. Removing
// iam.FieldMFAMethod also empties Capabilities().MFAMethods.
func WithoutFields(fields ...iam.Field) FakeOption {
	return func(c *fakeConfig) { c.noFields = append(c.noFields, fields...) }
}

// WithFailures makes the fake call fail before each operation; when it
// returns a non-nil error, the operation returns that error unchanged and
// does nothing. userName is the user the call addresses ("" for ListUsers).
// Use it to test how code handles errors:
//
//	iamtest.WithFailures(func(op iam.Operation, _ string) error {
//		if op == iam.OpCreateAccessKey {
//			return &iam.Error{Provider: "fake", Kind: iam.ErrThrottled}
//		}
//		return nil
//	})
func WithFailures(fail func(op iam.Operation, userName string) error) FakeOption {
	return func(c *fakeConfig) { c.fail = fail }
}

// withPageHook reports each page ListUsers fetches (for tests).
func withPageHook(f func(pageSize int)) FakeOption {
	return func(c *fakeConfig) { c.pageRequests = f }
}

// fake is the in-memory iam.Client of NewFake.
type fake struct {
	st   *store.Store
	caps iam.Capabilities
	cfg  fakeConfig
}

// NewFake returns an in-memory iam.Client for unit tests of code that uses
// cloudiam: no network, no credentials, a fresh empty account per call. It
// supports every operation and optional field (unless options remove them),
// passes RunClientTests, and is safe for concurrent use.
//
// It validates like the strictest cloud, so that code tested against it
// works on all of them:
//   - a new user name (CreateUser, a rename) is 1 to 64 characters, starts
//     with an ASCII letter, and has only ASCII letters, digits and '_';
//   - a name or key ID that addresses something must be non-empty and free
//     of '/', '?', '#', '%', '\', spaces and control characters;
//   - a user holds at most 2 access keys (WithMaxAccessKeys), disabled ones
//     included;
//   - ListUsersInput.PageSize is 0 (100) to 1000;
//   - a console password is 8 to 128 characters, and creating a login
//     profile needs one;
//   - MFAMethod is sms, email or totp, and MFARequired with no method chosen
//     (now or before) is refused.
//
// Errors are *iam.Error with Provider "fake", StatusCode zero and the
// portable Kind. A user's login profile and keys are deleted with it.
// Secrets are returned only by CreateAccessKey. A call whose context is
// done returns ErrUnavailable wrapping the context's error.
func NewFake(opts ...FakeOption) *iam.Client {
	cfg := fakeConfig{maxKeys: FakeMaxAccessKeysPerUser}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.maxKeys <= 0 {
		cfg.maxKeys = FakeMaxAccessKeysPerUser
	}
	caps := iam.Capabilities{
		Provider:             FakeProvider,
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP},
		MaxAccessKeysPerUser: cfg.maxKeys,
		MaxUserNameLength:    FakeMaxUserNameLength,
		MinPasswordLength:    8,
		MaxPasswordLength:    128,
		MaxPageSize:          1000,
	}
	for _, f := range []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone} {
		if !slices.Contains(cfg.noFields, f) {
			caps.ClearableFields = append(caps.ClearableFields, f)
		}
	}
	for _, op := range iam.Operations {
		if !slices.Contains(cfg.noOps, op) {
			caps.Operations = append(caps.Operations, op)
		}
	}
	for _, f := range allFields {
		if !slices.Contains(cfg.noFields, f) {
			caps.Fields = append(caps.Fields, f)
		}
	}
	if !caps.SupportsField(iam.FieldMFAMethod) {
		caps.MFAMethods = nil
	}
	if !caps.Supports(iam.OpCreateAccessKey) {
		caps.MaxAccessKeysPerUser = 0
	}
	return iam.NewClient(&fake{
		st:   store.New(store.Options{MaxAccessKeysPerUser: cfg.maxKeys, Now: cfg.now}),
		caps: caps,
		cfg:  cfg,
	}, iam.ClientOptions{})
}

var allFields = []iam.Field{
	iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
	iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired,
	iam.FieldMFAMethod, iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
}

// Capabilities returns a copy of what the fake supports.
func (f *fake) Capabilities() iam.Capabilities {
	c := f.caps
	c.Operations = slices.Clone(c.Operations)
	c.Fields = slices.Clone(c.Fields)
	c.MFAMethods = slices.Clone(c.MFAMethods)
	return c
}

// begin runs the checks every operation starts with: supported, context
// alive, injected failure.
func (f *fake) begin(ctx context.Context, op iam.Operation, userName string) error {
	if !f.caps.Supports(op) {
		return iam.Unsupported(FakeProvider, string(op), "the fake was built without "+string(op))
	}
	if ctx == nil {
		return iam.InvalidArgument(FakeProvider, string(op), "ctx", "must not be nil")
	}
	if err := ctx.Err(); err != nil {
		return &iam.Error{Provider: FakeProvider, Op: string(op), Kind: iam.ErrUnavailable, Err: err}
	}
	if f.cfg.fail != nil {
		if err := f.cfg.fail(op, userName); err != nil {
			return err
		}
	}
	return nil
}

func (f *fake) field(op iam.Operation, fld iam.Field, set bool) error {
	if set && !f.caps.SupportsField(fld) {
		return iam.Unsupported(FakeProvider, string(op), "the fake was built without field "+string(fld))
	}
	return nil
}

// storeErr turns a store error into the portable one.
func storeErr(op iam.Operation, what string, err error) error {
	e := &iam.Error{Provider: FakeProvider, Op: string(op)}
	switch {
	case errors.Is(err, store.ErrNotFound):
		e.Kind, e.Code, e.Message = iam.ErrNotFound, "NotFound", what+" does not exist"
	case errors.Is(err, store.ErrExists):
		e.Kind, e.Code, e.Message = iam.ErrAlreadyExists, "AlreadyExists", what+" already exists"
	case errors.Is(err, store.ErrLimit):
		e.Kind, e.Code, e.Message = iam.ErrLimitExceeded, "LimitExceeded", what+" has reached its limit"
	default:
		var ie *iam.Error
		if errors.As(err, &ie) {
			return err
		}
		e.Kind, e.Message, e.Err = iam.ErrUnknown, what, err
	}
	return e
}

const newNameRule = "must be 1-64 characters: an ASCII letter, then ASCII letters, digits or '_'"

// checkNewName enforces the fake's rule for new user names.
func checkNewName(op iam.Operation, field, name string) error {
	if name == "" || len(name) > FakeMaxUserNameLength {
		return iam.InvalidArgument(FakeProvider, string(op), field, newNameRule)
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if i == 0 && !letter || !(letter || b >= '0' && b <= '9' || b == '_') {
			return iam.InvalidArgument(FakeProvider, string(op), field, newNameRule)
		}
	}
	return nil
}

// checkRef checks a name or ID that addresses an existing object. It is
// looser than checkNewName but refuses what would break a cloud's URL path.
func checkRef(op iam.Operation, field, v string) error {
	if v == "" {
		return iam.InvalidArgument(FakeProvider, string(op), field, "is required")
	}
	if len(v) > 255 || strings.ContainsAny(v, `/?#%\`) ||
		strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return iam.InvalidArgument(FakeProvider, string(op), field,
			`must be at most 255 bytes without '/', '?', '#', '%', '\', spaces or control characters`)
	}
	return nil
}

func toUser(u store.User) *iam.User {
	return &iam.User{
		ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Description: u.Description,
		Email: u.Email, Phone: u.Phone, Enabled: u.Enabled,
		CreatedAt: u.CreatedAt, LastLoginAt: u.LastLoginAt,
		Native: iam.NewNative(&FakeUser{ID: u.ID, Name: u.Name, UpdatedAt: u.UpdatedAt}),
	}
}

// user resolves a name to the stored user.
func (f *fake) user(op iam.Operation, name string) (store.User, error) {
	if err := checkRef(op, "UserName", name); err != nil {
		return store.User{}, err
	}
	u, err := f.st.UserByName(name)
	if err != nil {
		return store.User{}, storeErr(op, fmt.Sprintf("user %q", name), err)
	}
	return u, nil
}

// CreateUser implements iam.Client.
func (f *fake) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = iam.OpCreateUser
	var name string
	if in != nil {
		name = in.Name
	}
	if err := f.begin(ctx, op, name); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "in", "must not be nil: Name is required")
	}
	if err := checkNewName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		f   iam.Field
		set bool
	}{
		{iam.FieldDisplayName, in.DisplayName != ""},
		{iam.FieldDescription, in.Description != ""},
		{iam.FieldEmail, in.Email != ""},
		{iam.FieldPhone, in.Phone != ""},
		{iam.FieldEnabled, in.Enabled != nil && !*in.Enabled},
	} {
		if err := f.field(op, c.f, c.set); err != nil {
			return nil, err
		}
	}
	u, err := f.st.CreateUser(store.User{
		Name: in.Name, DisplayName: in.DisplayName, Description: in.Description,
		Email: in.Email, Phone: in.Phone, Enabled: in.Enabled == nil || *in.Enabled,
	})
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("user %q", in.Name), err)
	}
	return toUser(u), nil
}

// GetUser implements iam.Client.
func (f *fake) GetUser(ctx context.Context, name string) (*iam.User, error) {
	const op = iam.OpGetUser
	if err := f.begin(ctx, op, name); err != nil {
		return nil, err
	}
	u, err := f.user(op, name)
	if err != nil {
		return nil, err
	}
	return toUser(u), nil
}

// UpdateUser implements iam.Client.
func (f *fake) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = iam.OpUpdateUser
	if err := f.begin(ctx, op, name); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "in", "must not be nil")
	}
	if err := checkRef(op, "UserName", name); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		f   iam.Field
		set bool
	}{
		{iam.FieldRename, in.NewName != nil},
		{iam.FieldDisplayName, in.DisplayName != nil},
		{iam.FieldDescription, in.Description != nil},
		{iam.FieldEmail, in.Email != nil},
		{iam.FieldPhone, in.Phone != nil},
		{iam.FieldEnabled, in.Enabled != nil},
	} {
		if err := f.field(op, c.f, c.set); err != nil {
			return nil, err
		}
	}
	if in.NewName != nil {
		if err := checkNewName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	cur, err := f.user(op, name)
	if err != nil {
		return nil, err
	}
	u, err := f.st.UpdateUser(cur.ID, func(u *store.User) error {
		if u.Name != name { // renamed concurrently
			return store.ErrNotFound
		}
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		set(&u.Name, in.NewName)
		set(&u.DisplayName, in.DisplayName)
		set(&u.Description, in.Description)
		set(&u.Email, in.Email)
		set(&u.Phone, in.Phone)
		if in.Enabled != nil {
			u.Enabled = *in.Enabled
		}
		return nil
	})
	if errors.Is(err, store.ErrExists) {
		return nil, storeErr(op, fmt.Sprintf("user %q", *in.NewName), err)
	}
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("user %q", name), err)
	}
	return toUser(u), nil
}

// DeleteUser implements iam.Client.
func (f *fake) DeleteUser(ctx context.Context, name string) error {
	const op = iam.OpDeleteUser
	if err := f.begin(ctx, op, name); err != nil {
		return err
	}
	u, err := f.user(op, name)
	if err != nil {
		return err
	}
	if err := f.st.DeleteUser(u.ID); err != nil {
		return storeErr(op, fmt.Sprintf("user %q", name), err)
	}
	return nil
}

// ListUsers implements iam.Client. It fetches PageSize users at a time
// from the store, lazily, only when the loop asks for more.
func (f *fake) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	const op = iam.OpListUsers
	return func(yield func(*iam.User, error) bool) {
		if err := f.begin(ctx, op, ""); err != nil {
			yield(nil, err)
			return
		}
		size := FakeDefaultPageSize
		if in != nil && in.PageSize != 0 {
			size = in.PageSize
		}
		if size < 0 || size > FakeMaxPageSize {
			yield(nil, iam.InvalidArgument(FakeProvider, string(op), "PageSize",
				fmt.Sprintf("must be 0 (the default, %d) to %d", FakeDefaultPageSize, FakeMaxPageSize)))
			return
		}
		cursor := ""
		for first := true; first || cursor != ""; first = false {
			if !first {
				// Later pages are separate requests on a cloud: check again.
				if err := f.begin(ctx, op, ""); err != nil {
					yield(nil, err)
					return
				}
			}
			if f.cfg.pageRequests != nil {
				f.cfg.pageRequests(size)
			}
			page, next, err := f.st.ListUsers(cursor, size, nil)
			if err != nil {
				yield(nil, storeErr(op, "page", err))
				return
			}
			for _, u := range page {
				if !yield(toUser(u), nil) {
					return
				}
			}
			cursor = next
		}
	}
}

func toProfile(name string, p store.LoginProfile) *iam.LoginProfile {
	return &iam.LoginProfile{
		UserName: name, PasswordSet: p.Password != "", PasswordResetRequired: p.ResetRequired,
		MFARequired: p.MFARequired, MFAMethod: iam.MFAMethod(p.MFAMethod), CreatedAt: p.CreatedAt,
		Native: iam.NewNative(&FakeLoginProfile{UserName: name, UpdatedAt: p.UpdatedAt}),
	}
}

// GetLoginProfile implements iam.Client.
func (f *fake) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	const op = iam.OpGetLoginProfile
	if err := f.begin(ctx, op, userName); err != nil {
		return nil, err
	}
	u, err := f.user(op, userName)
	if err != nil {
		return nil, err
	}
	p, err := f.st.LoginProfile(u.ID)
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("login profile of %q", userName), err)
	}
	return toProfile(u.Name, p), nil
}

// SetLoginProfile implements iam.Client. A new login profile needs a
// password.
func (f *fake) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = iam.OpSetLoginProfile
	if err := f.begin(ctx, op, userName); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "in", "must not be nil")
	}
	for _, c := range []struct {
		f   iam.Field
		set bool
	}{
		{iam.FieldPasswordReset, in.PasswordResetRequired != nil},
		{iam.FieldMFARequired, in.MFARequired != nil},
		{iam.FieldMFAMethod, in.MFAMethod != nil},
	} {
		if err := f.field(op, c.f, c.set); err != nil {
			return nil, err
		}
	}
	if in.MFAMethod != nil && *in.MFAMethod != iam.MFANone && !slices.Contains(f.caps.MFAMethods, *in.MFAMethod) {
		return nil, iam.Unsupported(FakeProvider, string(op), fmt.Sprintf("MFA method %q", *in.MFAMethod))
	}
	if pw := in.Password.Reveal(); pw != "" && (len(pw) < 8 || len(pw) > 128) {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "Password", "must be 8-128 characters")
	}
	u, err := f.user(op, userName)
	if err != nil {
		return nil, err
	}
	p, err := f.st.LoginProfile(u.ID)
	creating := errors.Is(err, store.ErrNotFound)
	if err != nil && !creating {
		return nil, storeErr(op, fmt.Sprintf("login profile of %q", userName), err)
	}
	if creating && in.Password.IsZero() {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "Password", "is required to create a login profile")
	}
	if !in.Password.IsZero() {
		p.Password = in.Password.Reveal()
	}
	if in.PasswordResetRequired != nil {
		p.ResetRequired = *in.PasswordResetRequired
	}
	if in.MFAMethod != nil {
		p.MFAMethod = string(*in.MFAMethod)
	}
	if in.MFARequired != nil {
		p.MFARequired = *in.MFARequired
	}
	if p.MFARequired && p.MFAMethod == "" && f.caps.SupportsField(iam.FieldMFAMethod) {
		return nil, iam.InvalidArgument(FakeProvider, string(op), "MFAMethod", "must be set when MFARequired is true")
	}
	p, err = f.st.PutLoginProfile(u.ID, p)
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("user %q", userName), err)
	}
	return toProfile(u.Name, p), nil
}

// DeleteLoginProfile implements iam.Client.
func (f *fake) DeleteLoginProfile(ctx context.Context, userName string) error {
	const op = iam.OpDeleteLoginProfile
	if err := f.begin(ctx, op, userName); err != nil {
		return err
	}
	u, err := f.user(op, userName)
	if err != nil {
		return err
	}
	if err := f.st.DeleteLoginProfile(u.ID); err != nil {
		return storeErr(op, fmt.Sprintf("login profile of %q", userName), err)
	}
	return nil
}

func toKey(userName string, k store.AccessKey, withSecret bool) *iam.AccessKey {
	status := iam.AccessKeyActive
	if !k.Active {
		status = iam.AccessKeyInactive
	}
	out := &iam.AccessKey{
		ID: k.ID, UserName: userName, Status: status, Description: k.Description,
		CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt,
		Native: iam.NewNative(&FakeAccessKey{ID: k.ID, UserID: k.UserID}),
	}
	if withSecret {
		out.Secret = iam.NewSecret(k.Secret)
	}
	return out
}

// CreateAccessKey implements iam.Client.
func (f *fake) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	const op = iam.OpCreateAccessKey
	if err := f.begin(ctx, op, userName); err != nil {
		return nil, err
	}
	u, err := f.user(op, userName)
	if err != nil {
		return nil, err
	}
	k, err := f.st.CreateAccessKey(u.ID, "")
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("access keys of %q", userName), err)
	}
	return toKey(u.Name, k, true), nil
}

// ListAccessKeys implements iam.Client.
func (f *fake) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	const op = iam.OpListAccessKeys
	if err := f.begin(ctx, op, userName); err != nil {
		return nil, err
	}
	u, err := f.user(op, userName)
	if err != nil {
		return nil, err
	}
	keys, err := f.st.AccessKeys(u.ID)
	if err != nil {
		return nil, storeErr(op, fmt.Sprintf("user %q", userName), err)
	}
	out := make([]*iam.AccessKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, toKey(u.Name, k, false))
	}
	return out, nil
}

// EnableAccessKey implements iam.Client.
func (f *fake) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return f.setKeyActive(ctx, iam.OpEnableAccessKey, userName, accessKeyID, true)
}

// DisableAccessKey implements iam.Client.
func (f *fake) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return f.setKeyActive(ctx, iam.OpDisableAccessKey, userName, accessKeyID, false)
}

// userKey resolves a user's key; a key of another user is not found.
func (f *fake) userKey(op iam.Operation, userName, accessKeyID string) (store.AccessKey, error) {
	u, err := f.user(op, userName)
	if err != nil {
		return store.AccessKey{}, err
	}
	if err := checkRef(op, "AccessKeyID", accessKeyID); err != nil {
		return store.AccessKey{}, err
	}
	k, err := f.st.AccessKey(accessKeyID)
	if err == nil && k.UserID != u.ID {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.AccessKey{}, storeErr(op, fmt.Sprintf("access key %q of %q", accessKeyID, userName), err)
	}
	return k, nil
}

func (f *fake) setKeyActive(ctx context.Context, op iam.Operation, userName, accessKeyID string, active bool) error {
	if err := f.begin(ctx, op, userName); err != nil {
		return err
	}
	k, err := f.userKey(op, userName, accessKeyID)
	if err != nil {
		return err
	}
	_, err = f.st.UpdateAccessKey(k.ID, func(k *store.AccessKey) error { k.Active = active; return nil })
	if err != nil {
		return storeErr(op, fmt.Sprintf("access key %q", accessKeyID), err)
	}
	return nil
}

// DeleteAccessKey implements iam.Client.
func (f *fake) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	const op = iam.OpDeleteAccessKey
	if err := f.begin(ctx, op, userName); err != nil {
		return err
	}
	k, err := f.userKey(op, userName, accessKeyID)
	if err != nil {
		return err
	}
	if err := f.st.DeleteAccessKey(k.ID); err != nil {
		return storeErr(op, fmt.Sprintf("access key %q", accessKeyID), err)
	}
	return nil
}
