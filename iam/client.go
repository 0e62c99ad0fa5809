package iam

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Client is the portable identity API: the same methods, checks and errors
// on every cloud. Users are addressed by name; a provider whose API keys
// users by ID resolves the name itself.
//
// A Client is built by a provider (baidu.Client.IAM, huawei.Client.IAM,
// aliyun.RAMClient.IAM, aliyun.IDaaSClient.IAM), by Open from a URL, or by
// iamtest.NewFake for tests. It is a concrete type over a Driver, so new
// methods break no user: hold *Client, and test with iamtest.NewFake.
//
// Every method checks its arguments before anything is sent: a nil context
// or input, a missing name, a value outside the limits the cloud declares in
// Capabilities is ErrInvalidArgument with Field set (see "Field names" in
// the package documentation); an operation, field or MFA method the cloud
// lacks is ErrUnsupported. Every failure is, or wraps, *Error with Op set to
// the method's name. Methods are safe for concurrent use.
type Client struct {
	d        Driver
	caps     Capabilities
	provider string
	obs      *Observer
}

// ClientOptions are the settings of NewClient.
type ClientOptions struct {
	// Observer receives the start and end of every call; nil observes nothing.
	Observer *Observer
}

// NewClient returns the portable Client over a provider's Driver. Providers
// call it; users get a *Client from a provider or from Open.
func NewClient(d Driver, opts ClientOptions) *Client {
	caps := d.Capabilities().Clone()
	return &Client{d: d, caps: caps, provider: caps.Provider, obs: opts.Observer}
}

// Capabilities tells what this client's cloud supports, so callers can decide
// before calling. The result is a copy.
func (c *Client) Capabilities() Capabilities { return c.caps.Clone() }

// Provider is the provider's scheme ("baidu", "huawei", "aliyun-ram",
// "aliyun-idaas", or "fake").
func (c *Client) Provider() string { return c.provider }

// Driver returns the provider's Driver, for decorators in tests (wrap it to
// inject a failure, then build a Client over the wrapper with NewClient).
// Calling it directly skips every check and hook of Client.
func (c *Client) Driver() Driver { return c.d }

// As sets target to the provider's native client behind c (for example a
// **baidu.Client), so that a cloud's own operations stay reachable from a
// Client that Open built. It reports whether the types matched; each
// provider package lists the types it supports.
func (c *Client) As(target any) bool {
	a, ok := c.d.(interface{ As(any) bool })
	return ok && a.As(target)
}

// CreateUser creates a user and returns it as the cloud reports it. Name is
// required; a create that fails after the cloud may have acted also matches
// ErrOutcomeUnknown.
func (c *Client) CreateUser(ctx context.Context, in *CreateUserInput) (u *User, err error) {
	const op = OpCreateUser
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil: Name is required")
	}
	if err = c.newName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		field Field
		value string
		max   int
	}{
		{FieldDisplayName, in.DisplayName, c.caps.MaxDisplayNameLength},
		{FieldDescription, in.Description, c.caps.MaxDescriptionLength},
		{FieldEmail, in.Email, c.caps.MaxEmailLength},
		{FieldPhone, in.Phone, c.caps.MaxPhoneLength},
	} {
		if f.value == "" {
			continue
		}
		if err = c.field(op, f.field); err != nil {
			return nil, err
		}
		if err = c.length(op, string(f.field), f.value, 0, f.max); err != nil {
			return nil, err
		}
	}
	if in.Enabled != nil && !*in.Enabled {
		if err = c.field(op, FieldEnabled); err != nil {
			return nil, err
		}
	}
	u, err = c.d.CreateUser(ctx, in)
	if err == nil && (u == nil || u.Name == "") {
		return nil, c.lacking(op, "the new user", true)
	}
	return u, err
}

// GetUser returns the named user, or ErrNotFound.
func (c *Client) GetUser(ctx context.Context, name string) (u *User, err error) {
	const op = OpGetUser
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, name); err != nil {
		return nil, err
	}
	u, err = c.d.GetUser(ctx, name)
	return c.user(op, u, err)
}

// user refuses a success that carries no user.
func (c *Client) user(op Operation, u *User, err error) (*User, error) {
	if err == nil && (u == nil || u.Name == "") {
		return nil, c.lacking(op, "the user", false)
	}
	return u, err
}

// lacking is the error of a success answer without what the call must
// return. After a change (acted), the change may have happened: the error
// also matches ErrOutcomeUnknown.
func (c *Client) lacking(op Operation, what string, acted bool) error {
	return &Error{Provider: c.provider, Op: string(op), Kind: ErrInvalidResponse, OutcomeUnknown: acted,
		Message: "the cloud's answer lacks " + what}
}

// UpdateUser changes the fields set in in and returns the updated user. A
// pointer to "" clears a field where the cloud can (Capabilities.CanClear).
// An input with no field set changes nothing and returns the user as GetUser
// would; a nil input is ErrInvalidArgument.
func (c *Client) UpdateUser(ctx context.Context, name string, in *UpdateUserInput) (u *User, err error) {
	const op = OpUpdateUser
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, name); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil: set the fields to change")
	}
	if in.NewName != nil {
		if err = c.field(op, FieldRename); err != nil {
			return nil, err
		}
		if err = c.newName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		field Field
		value *string
		max   int
	}{
		{FieldDisplayName, in.DisplayName, c.caps.MaxDisplayNameLength},
		{FieldDescription, in.Description, c.caps.MaxDescriptionLength},
		{FieldEmail, in.Email, c.caps.MaxEmailLength},
		{FieldPhone, in.Phone, c.caps.MaxPhoneLength},
	} {
		if f.value == nil {
			continue
		}
		if err = c.field(op, f.field); err != nil {
			return nil, err
		}
		if *f.value == "" && !c.caps.CanClear(f.field) {
			return nil, &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Field: string(f.field),
				Message: "this cloud cannot clear " + string(f.field) + " (Capabilities.ClearableFields)"}
		}
		if err = c.length(op, string(f.field), *f.value, 0, f.max); err != nil {
			return nil, err
		}
	}
	if in.Enabled != nil {
		if err = c.field(op, FieldEnabled); err != nil {
			return nil, err
		}
	}
	if *in == (UpdateUserInput{}) {
		u, err = c.d.GetUser(ctx, name)
		return c.user(op, u, err)
	}
	u, err = c.d.UpdateUser(ctx, name, in)
	if err == nil && (u == nil || u.Name == "") {
		return nil, c.lacking(op, "the updated user", true)
	}
	return u, err
}

// DeleteUser deletes the named user, with whatever the cloud would refuse
// the deletion for (console login, access keys).
func (c *Client) DeleteUser(ctx context.Context, name string) (err error) {
	const op = OpDeleteUser
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return err
	}
	if err = c.userName(op, name); err != nil {
		return err
	}
	return c.d.DeleteUser(ctx, name)
}

// ListUsers iterates over the account's users, fetching pages lazily.
// Breaking out of the loop stops fetching. A failure ends the sequence with
// one (nil, err) pair. in may be nil.
func (c *Client) ListUsers(ctx context.Context, in *ListUsersInput) iter.Seq2[*User, error] {
	const op = OpListUsers
	return listOf(c, ctx, op, func(ctx context.Context) (iter.Seq2[*User, error], error) {
		if err := c.check(ctx, op); err != nil {
			return nil, err
		}
		if in == nil {
			in = &ListUsersInput{}
		}
		if err := c.pageSize(op, in.PageSize); err != nil {
			return nil, err
		}
		return c.d.ListUsers(ctx, in), nil
	})
}

// GetLoginProfile returns the user's console login settings, or ErrNotFound
// when the user cannot sign in to the console.
func (c *Client) GetLoginProfile(ctx context.Context, userName string) (p *LoginProfile, err error) {
	const op = OpGetLoginProfile
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, userName); err != nil {
		return nil, err
	}
	p, err = c.d.GetLoginProfile(ctx, userName)
	if err == nil && p == nil {
		return nil, c.lacking(op, "the login profile", false)
	}
	return p, err
}

// SetLoginProfile creates the user's console login, or updates the fields
// set in in when it exists. On a cloud with more than one MFA method,
// MFARequired true needs MFAMethod in the same call.
func (c *Client) SetLoginProfile(ctx context.Context, userName string, in *LoginProfileInput) (p *LoginProfile, err error) {
	const op = OpSetLoginProfile
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, userName); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, c.invalid(op, "in", "must not be nil")
	}
	if !in.Password.IsZero() {
		if err = c.length(op, "Password", in.Password.Reveal(), c.caps.MinPasswordLength, c.caps.MaxPasswordLength); err != nil {
			return nil, err
		}
	}
	if in.PasswordResetRequired != nil {
		if err = c.field(op, FieldPasswordReset); err != nil {
			return nil, err
		}
	}
	if in.MFARequired != nil {
		if err = c.field(op, FieldMFARequired); err != nil {
			return nil, err
		}
	}
	if in.MFAMethod != nil {
		m := *in.MFAMethod
		switch m {
		case MFANone, MFASMS, MFAEmail, MFATOTP:
		default:
			return nil, c.invalid(op, "MFAMethod", `must be "" (none), "sms", "email" or "totp"`)
		}
		if err = c.field(op, FieldMFAMethod); err != nil {
			return nil, err
		}
		if m != MFANone && !c.caps.SupportsMFAMethod(m) {
			return nil, &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Field: "MFAMethod",
				Message: "this cloud has no MFA method " + string(m) + " (Capabilities.MFAMethods)"}
		}
		if m == MFANone && in.MFARequired != nil && *in.MFARequired {
			return nil, c.invalid(op, "MFAMethod", "must name a method when MFARequired is true")
		}
	} else if in.MFARequired != nil && *in.MFARequired && len(c.caps.MFAMethods) > 1 {
		return nil, c.invalid(op, "MFAMethod", "is required when MFARequired is true (this cloud offers several methods)")
	}
	p, err = c.d.SetLoginProfile(ctx, userName, in)
	if err == nil && p == nil {
		return nil, c.lacking(op, "the login profile", true)
	}
	return p, err
}

// DeleteLoginProfile removes the user's console login.
func (c *Client) DeleteLoginProfile(ctx context.Context, userName string) (err error) {
	const op = OpDeleteLoginProfile
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return err
	}
	if err = c.userName(op, userName); err != nil {
		return err
	}
	return c.d.DeleteLoginProfile(ctx, userName)
}

// CreateAccessKey creates an access key for the user. The returned key
// carries its secret: this is the only time the secret is available.
func (c *Client) CreateAccessKey(ctx context.Context, userName string) (k *AccessKey, err error) {
	const op = OpCreateAccessKey
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, userName); err != nil {
		return nil, err
	}
	k, err = c.d.CreateAccessKey(ctx, userName)
	if err == nil && (k == nil || k.ID == "" || k.Secret.IsZero()) {
		// The key may exist, but nobody has its secret: the caller must
		// list the user's keys and delete what it did not expect.
		return nil, c.lacking(op, "the new access key and its secret", true)
	}
	return k, err
}

// ListAccessKeys lists the user's access keys, without secrets.
func (c *Client) ListAccessKeys(ctx context.Context, userName string) (keys []*AccessKey, err error) {
	const op = OpListAccessKeys
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return nil, err
	}
	if err = c.userName(op, userName); err != nil {
		return nil, err
	}
	keys, err = c.d.ListAccessKeys(ctx, userName)
	if err == nil && slices.ContainsFunc(keys, func(k *AccessKey) bool { return k == nil || k.ID == "" }) {
		return nil, c.lacking(op, "an access key in the list", false)
	}
	return keys, err
}

// EnableAccessKey makes a disabled key usable again.
func (c *Client) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return c.keyCall(ctx, OpEnableAccessKey, userName, accessKeyID, c.d.EnableAccessKey)
}

// DisableAccessKey stops a key from authenticating without deleting it.
func (c *Client) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return c.keyCall(ctx, OpDisableAccessKey, userName, accessKeyID, c.d.DisableAccessKey)
}

// DeleteAccessKey deletes the key.
func (c *Client) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return c.keyCall(ctx, OpDeleteAccessKey, userName, accessKeyID, c.d.DeleteAccessKey)
}

func (c *Client) keyCall(ctx context.Context, op Operation, userName, accessKeyID string,
	f func(context.Context, string, string) error) (err error) {
	ctx, done := c.begin(ctx, op)
	defer func() { err = done(err) }()
	if err = c.check(ctx, op); err != nil {
		return err
	}
	if err = c.userName(op, userName); err != nil {
		return err
	}
	if err = c.accessKeyID(op, accessKeyID); err != nil {
		return err
	}
	return f(ctx, userName, accessKeyID)
}

// begin reports the call's start to the observer and returns the function
// that ends it: done names every error after op and reports the end.
func (c *Client) begin(ctx context.Context, op Operation) (context.Context, func(error) error) {
	if ctx == nil || c.obs == nil {
		return ctx, func(err error) error { return c.wrap(op, err) }
	}
	ctx, end := c.obs.ObserveCall(ctx, Event{Provider: c.provider, Op: string(op)})
	return ctx, func(err error) error {
		err = c.wrap(op, err)
		var status int
		var rid string
		if e, ok := asError(err); ok {
			status, rid = e.StatusCode, e.RequestID
		}
		end(err, status, rid)
		return err
	}
}

// wrap makes err an *Error whose Op is the portable operation, keeping the
// native operation in NativeOp. It copies the driver's *Error, so a value
// the driver keeps is never changed.
func (c *Client) wrap(op Operation, err error) error {
	if err == nil {
		return nil
	}
	e, ok := asError(err)
	if !ok {
		kind := ErrUnknown
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			kind = ErrUnavailable
		}
		return &Error{Provider: c.provider, Op: string(op), Kind: kind, Err: err}
	}
	if e.Op == string(op) && (e.Provider != "" || c.provider == "") {
		return err
	}
	cp := *e
	if cp.Op != string(op) {
		if cp.NativeOp == "" {
			cp.NativeOp = cp.Op
		}
		cp.Op = string(op)
	}
	if cp.Provider == "" {
		cp.Provider = c.provider
	}
	return &cp
}

// check refuses a nil context and an operation the cloud lacks.
func (c *Client) check(ctx context.Context, op Operation) error {
	if ctx == nil {
		return c.invalid(op, "ctx", "must not be nil (use context.Background())")
	}
	if !c.caps.Supports(op) {
		return &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported,
			Message: "this cloud has no " + string(op) + " (Capabilities.Operations)"}
	}
	return nil
}

func (c *Client) invalid(op Operation, field, rule string) *Error {
	return InvalidArgument(c.provider, string(op), field, rule)
}

// field refuses an optional field the cloud lacks.
func (c *Client) field(op Operation, f Field) error { return c.fieldAs(op, f, string(f)) }

// fieldAs is field with the input field's name for Error.Field, where the
// capability's name differs (FieldGroupRename is the input's NewName).
func (c *Client) fieldAs(op Operation, f Field, input string) error {
	if c.caps.SupportsField(f) {
		return nil
	}
	return &Error{Provider: c.provider, Op: string(op), Kind: ErrUnsupported, Field: input,
		Message: "this cloud has no field " + string(f) + " (Capabilities.Fields)"}
}

// userName checks a name that addresses an existing user.
func (c *Client) userName(op Operation, name string) error {
	if name == "" {
		return c.invalid(op, "userName", "is required")
	}
	return c.length(op, "userName", name, 0, c.caps.MaxUserNameLength)
}

// newName checks a name a user is to be given (CreateUser, a rename).
func (c *Client) newName(op Operation, field, name string) error {
	if name == "" {
		return c.invalid(op, field, "is required")
	}
	return c.length(op, field, name, 0, c.caps.MaxUserNameLength)
}

// MaxAccessKeyIDLength bounds an access key id; every cloud's ids are
// shorter (Baidu 32, Huawei 20, Alibaba 24 to 30 characters).
const MaxAccessKeyIDLength = 128

// accessKeyID checks an access key id: every cloud's ids are ASCII letters
// and digits.
func (c *Client) accessKeyID(op Operation, id string) error {
	const rule = "must be 1 to 128 ASCII letters and digits"
	if id == "" || len(id) > MaxAccessKeyIDLength {
		return c.invalid(op, "accessKeyID", rule)
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return c.invalid(op, "accessKeyID", rule)
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// length checks a value's length in characters against the bounds (zero:
// no bound) and that it is valid UTF-8.
func (c *Client) length(op Operation, field, v string, min, max int) error {
	if !utf8.ValidString(v) {
		return c.invalid(op, field, "must be valid UTF-8")
	}
	if min == 0 && max == 0 {
		return nil
	}
	n := utf8.RuneCountInString(v)
	if (min > 0 && n < min) || (max > 0 && n > max) {
		var rule string
		switch {
		case min > 0 && max > 0:
			rule = "must be " + strconv.Itoa(min) + " to " + strconv.Itoa(max) + " characters"
		case max > 0:
			rule = "must be at most " + strconv.Itoa(max) + " characters"
		default:
			rule = "must be at least " + strconv.Itoa(min) + " characters"
		}
		return c.invalid(op, field, rule)
	}
	return nil
}
