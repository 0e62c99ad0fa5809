package iamtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/store"
)

// FakeProvider is the Provider of the fake's capabilities and errors, unless
// WithCapabilities names another.
const FakeProvider = "fake"

// Limits of the fake: by default the strictest the clouds declare, so that
// code tested against the fake works on all of them.
const (
	// FakeMaxUserNameLength is the longest user name the fake accepts: 64
	// characters, as Alibaba Cloud RAM and Huawei Cloud IAM.
	FakeMaxUserNameLength = 64
	// FakeMaxAccessKeysPerUser is the fake's default per-user key limit: 2,
	// as on Alibaba Cloud RAM and Huawei Cloud IAM.
	FakeMaxAccessKeysPerUser = 2
	// FakeDefaultPageSize is the page size of ListUsers when PageSize is zero.
	FakeDefaultPageSize = 100
	// FakeMaxPageSize is the largest PageSize ListUsers accepts: 100, as
	// Alibaba Cloud IDaaS EIAM (RAM takes up to 1000, Huawei's v5 API 200).
	FakeMaxPageSize = 100
)

// The fake's other default limits, in characters (see NewFake).
const (
	fakeMaxDisplayNameLength = 64  // IDaaS CreateUser (RAM: 128)
	fakeMaxDescriptionLength = 128 // RAM Comments (IDaaS: 256, Huawei: 255)
	fakeMaxEmailLength       = 128 // IDaaS (Huawei: 255)
	fakeMaxPhoneLength       = 22  // IDaaS: a region of up to 6 digits, '-', a number of up to 15
	fakeMinPasswordLength    = 8   // Baidu (Huawei: 6)
	fakeMaxPasswordLength    = 32  // Huawei (Baidu: 64)
)

// FakeUser is the fake's native user, reachable with (*iam.User).As.
type FakeUser struct {
	// ID is the user's ID: 32 lower-case hexadecimal digits.
	ID string
	// Name is the user's name.
	Name string
	// UpdatedAt is when the user last changed.
	UpdatedAt time.Time
}

// FakeLoginProfile is the fake's native login profile, reachable with
// (*iam.LoginProfile).As. It holds no password.
type FakeLoginProfile struct {
	// UserName is the name of the profile's user.
	UserName string
	// UpdatedAt is when the profile last changed.
	UpdatedAt time.Time
}

// FakeAccessKey is the fake's native access key, reachable with
// (*iam.AccessKey).As. It holds no secret.
type FakeAccessKey struct {
	// ID is the access key id: "AK" and 18 upper-case letters and digits.
	ID string
	// UserID is the ID of the key's user.
	UserID string
}

// FakeOption configures NewFake.
type FakeOption func(*fakeConfig)

type fakeConfig struct {
	caps         *iam.Capabilities
	maxKeys      int
	now          func() time.Time
	noOps        []iam.Operation
	noFields     []iam.Field
	fail         func(op iam.Operation, name string) error
	obs          *iam.Observer
	pageRequests func(pageSize int)
}

// WithCapabilities makes the fake behave as the cloud whose capabilities
// caps are: the operations, optional fields, MFA methods, fields that can
// be cleared, length limits, page sizes and key limit of caps replace the
// fake's defaults, and the Provider of caps (when not empty) becomes the
// fake's, in Capabilities and errors. The clouds' packages export theirs:
//
//	iamtest.NewFake(iamtest.WithCapabilities(huawei.Capabilities()))
//	iamtest.NewFake(iamtest.WithCapabilities(aliyun.RAMCapabilities()))
//
// The fake keeps its own name rule and state rules (see NewFake); a zero
// limit in caps means the cloud declares none, and the fake enforces none.
// WithoutOperations, WithoutFields and WithMaxAccessKeys still apply on top.
func WithCapabilities(caps iam.Capabilities) FakeOption {
	return func(c *fakeConfig) {
		caps = caps.Clone()
		c.caps = &caps
	}
}

// WithMaxAccessKeys sets the per-user access key limit (default 2, or the
// limit of WithCapabilities). n <= 0 keeps the default.
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
// ErrUnsupported, and they leave Capabilities().Fields (and
// ClearableFields). Removing iam.FieldMFAMethod also empties
// Capabilities().MFAMethods.
func WithoutFields(fields ...iam.Field) FakeOption {
	return func(c *fakeConfig) { c.noFields = append(c.noFields, fields...) }
}

// WithFailures makes the fake call fail when an operation (and each later
// page of ListUsers, ListGroups and ListPolicies) reaches the fake's
// account, as a cloud's answer to the first request: when it returns a
// non-nil error, the operation returns that error and does nothing. Bad
// input that the Client or the fake's own rules refuse never gets there.
// name is the user the call addresses (AddUserToGroup, AttachUserPolicy and
// ListUserGroups included), or else the group (CreateGroup, DeleteGroup,
// AttachGroupPolicy, ...), or else the policy (GetPolicy, CreatePolicy,
// DeletePolicy); "" for ListUsers, ListGroups and ListPolicies. An
// *iam.Error whose Op is the operation and whose
// Provider is set is returned as it is; otherwise the Client returns a copy
// with them set, as it does for a cloud's error. Use it to test how code
// handles errors:
//
//	iamtest.WithFailures(func(op iam.Operation, _ string) error {
//		if op == iam.OpCreateAccessKey {
//			return &iam.Error{Provider: "fake", Kind: iam.ErrThrottled}
//		}
//		return nil
//	})
func WithFailures(fail func(op iam.Operation, name string) error) FakeOption {
	return func(c *fakeConfig) { c.fail = fail }
}

// WithObserver sets the Observer of the fake's Client. Besides the portable
// calls the Client reports, the fake reports each access to its account as
// one native request of one HTTP attempt (Native set, Attempt 1, a REST-like
// Method and Path, StatusCode 200 or the error's), the way a provider
// reports its requests to the cloud. Input the Client or the fake refuses
// reaches no account, so it reports no request: the same zero-request check
// that RunClientTests makes of a provider holds for the fake.
func WithObserver(obs *iam.Observer) FakeOption { return func(c *fakeConfig) { c.obs = obs } }

// withPageHook reports each page ListUsers fetches (for tests).
func withPageHook(f func(pageSize int)) FakeOption {
	return func(c *fakeConfig) { c.pageRequests = f }
}

// fake is the in-memory iam.Driver, iam.GroupDriver and iam.PolicyDriver
// of NewFake.
type fake struct {
	st       *store.Store
	g        *groupState
	caps     iam.Capabilities
	provider string
	cfg      fakeConfig
}

// NewFake returns an in-memory *iam.Client for unit tests of code that uses
// cloudiam: no network, no credentials, a fresh empty account per call. It
// supports every operation and optional field (unless options remove them):
// users, login profiles and access keys, groups, and permission policies
// with project-scope grants. It can clear DisplayName, Description, Email,
// Phone and a group's description, offers the MFA methods sms, email and
// totp, passes RunClientTests, and is safe for concurrent use.
//
// The fake is a Driver under iam.NewClient, so the Client checks every
// argument against the fake's Capabilities, as it does for the clouds. By
// default those limits are the strictest the clouds declare, so that code
// tested against the fake works on all of them:
//   - a user name is at most 64 characters (Alibaba Cloud RAM, Huawei Cloud
//     IAM);
//   - DisplayName is at most 64 characters (Alibaba Cloud IDaaS),
//     Description at most 128 (RAM), Email at most 128 (IDaaS) and Phone at
//     most 22 (IDaaS: a region of up to 6 digits, '-', a number of up to 15
//     digits);
//   - a console password is 8 (Baidu AI Cloud) to 32 (Huawei) characters;
//   - ListUsersInput.PageSize is 0 (100 a page) to 100 (IDaaS);
//   - a user holds at most 2 access keys, disabled ones included (RAM,
//     Huawei; WithMaxAccessKeys changes it);
//   - a group's name is at most 64 characters and its description 128
//     (Baidu, RAM); a custom policy's name at most 64 (Baidu), its
//     description 1024 (RAM) and its document 6144 (RAM, Huawei);
//   - the account holds at most 20 groups (Huawei's default quota) and 200
//     custom policies (Huawei); a group has at most 20 members (Baidu) and 5
//     policies (Baidu); a user joins at most 5 groups (RAM) and has at most
//     10 policies of its own (Huawei): see FakeMaxGroups and the other
//     FakeMax constants. Going past one is ErrLimitExceeded.
//
// WithCapabilities makes the fake one chosen cloud instead. Whatever the
// capabilities, the fake keeps the rules of a cloud, checked before it
// touches its account:
//   - a new user name (CreateUser, a rename) starts with an ASCII letter and
//     has only ASCII letters, digits and '_', the characters every cloud
//     allows (ErrInvalidArgument, Field "Name" or "NewName");
//   - a user name that addresses a user has no '/', '?', '#', '%', '\',
//     space or control character, which would break a cloud's URL
//     (ErrInvalidArgument, Field "userName");
//   - a new group name (CreateGroup, a rename) follows the rule of new user
//     names (Field "Name" or "NewName"), and a group name that addresses a
//     group the rule of user names that address users (Field "groupName");
//   - a custom policy's name has only ASCII letters, digits and '-', RAM's
//     characters (Field "Name"), and its document is JSON (Field
//     "Document"); it is otherwise kept as it is, in whatever format;
//   - a policy name that addresses a policy has no '/', '?', '#', '%', '\'
//     or control character, but may have spaces, as Huawei's have (Field
//     "PolicyRef.Name" or "policyName"), and a project no space either
//     (Field "PolicyRef.Project");
//
// and the state rules a cloud checks on its side: creating a login profile
// needs a Password, and MFARequired needs an MFA method (on a cloud that
// offers one method, the fake chooses it); the strictest clouds' (RAM's and
// Baidu's) conflicts: creating a group or custom policy whose name is in
// use, joining a group twice and attaching a policy twice in the same scope
// are ErrAlreadyExists; leaving a group the user is not in, detaching a
// policy that is not attached, and attaching a policy or granting in a
// project that does not exist are ErrNotFound.
//
// The account starts with a catalog of system policies, each with a small
// document in its cloud's format (GetPolicy returns it; lists leave it
// out): AdministratorAccess, ReadOnlyAccess, AliyunRAMReadOnlyAccess and
// AliyunOSSReadOnlyAccess (RAM's names) and "OBS ReadOnlyAccess" and
// "Tenant Guest" (Huawei's). Custom policies are listed after them, in
// creation order.
//
// Project-scope grants (iam.FieldPolicyProject, Huawei's) are on by
// default, as every optional field: PolicyRef.Project names one of the
// projects cn-north-4, cn-east-3 and ap-southeast-1 by name or by ID, and
// ListGroupPolicies and ListUserPolicies report the project's ID in
// Policy.Project, as Huawei does; detach with the listed policy's Ref().
// WithoutFields(iam.FieldPolicyProject) makes the fake a cloud without
// projects (Baidu, RAM), where a Project is ErrUnsupported; the Huawei
// shape also needs WithoutOperations(iam.OpAttachUserPolicy,
// iam.OpDetachUserPolicy, iam.OpListUserPolicies), or
// WithCapabilities(huawei.Capabilities()).
//
// The deletes leave nothing behind, as the portable contract promises
// (where RAM itself would refuse them): DeleteUser deletes the user's
// login profile, access keys, group memberships and attached policies with
// it, DeleteGroup its memberships and attachments, and DeletePolicy detaches
// the custom policy from every user and group.
//
// Errors are *iam.Error with Provider "fake" (or the Provider of
// WithCapabilities), StatusCode zero and the portable Kind. Secrets are
// returned only by CreateAccessKey. A call whose context is done returns
// ErrUnavailable wrapping the context's error.
func NewFake(opts ...FakeOption) *iam.Client {
	var cfg fakeConfig
	for _, o := range opts {
		o(&cfg)
	}
	caps := defaultCapabilities()
	if cfg.caps != nil {
		caps = *cfg.caps
		if caps.Provider == "" {
			caps.Provider = FakeProvider
		}
	}
	caps.Operations = slices.DeleteFunc(caps.Operations, func(op iam.Operation) bool { return slices.Contains(cfg.noOps, op) })
	caps.Fields = slices.DeleteFunc(caps.Fields, func(f iam.Field) bool { return slices.Contains(cfg.noFields, f) })
	if !caps.SupportsField(iam.FieldMFAMethod) {
		caps.MFAMethods = nil
	}
	if cfg.maxKeys > 0 {
		caps.MaxAccessKeysPerUser = cfg.maxKeys
	}
	maxKeys := caps.MaxAccessKeysPerUser
	if maxKeys <= 0 {
		maxKeys = FakeMaxAccessKeysPerUser
	}
	if caps.Supports(iam.OpCreateAccessKey) {
		caps.MaxAccessKeysPerUser = maxKeys
	} else {
		caps.MaxAccessKeysPerUser = 0
	}
	if !slices.ContainsFunc(iam.GroupOperations, caps.Supports) {
		caps.MaxGroupNameLength, caps.MaxGroupDescriptionLength = 0, 0
		caps.Fields = slices.DeleteFunc(caps.Fields, func(f iam.Field) bool {
			return f == iam.FieldGroupRename || f == iam.FieldGroupDescription
		})
	}
	if !slices.ContainsFunc(iam.PolicyOperations, caps.Supports) {
		caps.MaxPolicyNameLength, caps.MaxPolicyDescriptionLength, caps.MaxPolicyDocumentLength = 0, 0, 0
		caps.Fields = slices.DeleteFunc(caps.Fields, func(f iam.Field) bool { return f == iam.FieldPolicyProject })
	}
	caps.ClearableFields = slices.DeleteFunc(caps.ClearableFields, func(f iam.Field) bool { return !caps.SupportsField(f) })
	st := store.New(store.Options{MaxAccessKeysPerUser: maxKeys, Now: cfg.now})
	d := &fake{
		st:       st,
		g:        newGroupState(st.Now()),
		caps:     caps,
		provider: caps.Provider,
		cfg:      cfg,
	}
	return iam.NewClient(d, iam.ClientOptions{Observer: cfg.obs})
}

// defaultCapabilities is the fake without options: every operation and
// field, the strictest limits.
func defaultCapabilities() iam.Capabilities {
	return iam.Capabilities{
		Provider:   FakeProvider,
		Operations: slices.Concat(iam.Operations, iam.GroupOperations, iam.PolicyOperations),
		Fields: []iam.Field{
			iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired,
			iam.FieldMFAMethod, iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
			iam.FieldGroupRename, iam.FieldGroupDescription, iam.FieldPolicyProject,
		},
		MFAMethods:           []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP},
		MaxAccessKeysPerUser: FakeMaxAccessKeysPerUser,
		MaxUserNameLength:    FakeMaxUserNameLength,
		ClearableFields: []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
			iam.FieldGroupDescription},
		MaxDisplayNameLength: fakeMaxDisplayNameLength,
		MaxDescriptionLength: fakeMaxDescriptionLength,
		MaxEmailLength:       fakeMaxEmailLength,
		MaxPhoneLength:       fakeMaxPhoneLength,
		MinPasswordLength:    fakeMinPasswordLength,
		MaxPasswordLength:    fakeMaxPasswordLength,
		MaxPageSize:          FakeMaxPageSize,

		MaxGroupNameLength:         fakeMaxGroupNameLength,
		MaxGroupDescriptionLength:  fakeMaxGroupDescriptionLength,
		MaxPolicyNameLength:        fakeMaxPolicyNameLength,
		MaxPolicyDescriptionLength: fakeMaxPolicyDescriptionLength,
		MaxPolicyDocumentLength:    fakeMaxPolicyDocumentLength,
	}
}

// Capabilities returns a copy of what the fake supports.
func (f *fake) Capabilities() iam.Capabilities { return f.caps.Clone() }

// call is one portable call reaching the fake's account: each access to the
// store is reported as a native request of one attempt.
type call struct {
	f       *fake
	ctx     context.Context
	op      iam.Operation
	name    string // the user, group or policy the call addresses, for WithFailures
	reached bool   // the account has been reached (WithFailures consulted)
}

// begin starts a call that passed the fake's rules: it refuses a done
// context (before any request, as a transport does).
func (f *fake) begin(ctx context.Context, op iam.Operation, name string) (*call, error) {
	if err := ctx.Err(); err != nil {
		return nil, &iam.Error{Provider: f.provider, Op: string(op), Kind: iam.ErrUnavailable, Err: err}
	}
	return &call{f: f, ctx: ctx, op: op, name: name}, nil
}

// do runs one access to the account as the native request nativeOp (method
// and path as a REST API would have them), after the injected failure of
// WithFailures on the first access. fn's error is returned as it is.
func (c *call) do(nativeOp, method, path string, fn func() error) error {
	obs := c.f.cfg.obs
	ctx, end := obs.ObserveCall(c.ctx, iam.Event{Provider: c.f.provider, Op: nativeOp, Native: true})
	attempt := iam.Event{Provider: c.f.provider, Op: nativeOp, Native: true, Attempt: 1, Method: method, Path: path}
	start := time.Now()
	if obs != nil && obs.AttemptStart != nil {
		if actx := obs.AttemptStart(ctx, attempt); actx != nil {
			ctx = actx
		}
	}
	var err error
	if !c.reached {
		c.reached = true
		if c.f.cfg.fail != nil {
			err = c.f.cfg.fail(c.op, c.name)
		}
	}
	if err == nil {
		err = fn()
	}
	status := statusOf(err)
	if obs != nil && obs.AttemptDone != nil {
		attempt.StatusCode, attempt.Duration, attempt.Err, attempt.Kind = status, time.Since(start), err, iam.KindOf(err)
		obs.AttemptDone(ctx, attempt)
	}
	end(err, status, "")
	return err
}

// statusOf is the HTTP status a cloud would answer err with.
func statusOf(err error) int {
	var e *iam.Error
	if errors.As(err, &e) && e.StatusCode != 0 {
		return e.StatusCode
	}
	switch iam.KindOf(err) {
	case "":
		return http.StatusOK
	case iam.ErrNotFound:
		return http.StatusNotFound
	case iam.ErrAlreadyExists, iam.ErrLimitExceeded, iam.ErrFailedPrecondition:
		return http.StatusConflict
	case iam.ErrInvalidArgument:
		return http.StatusBadRequest
	case iam.ErrUnauthenticated:
		return http.StatusUnauthorized
	case iam.ErrPermissionDenied:
		return http.StatusForbidden
	case iam.ErrThrottled:
		return http.StatusTooManyRequests
	case iam.ErrUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// storeErr turns a store error into the portable one.
func (f *fake) storeErr(op iam.Operation, what string, err error) error {
	if err == nil {
		return nil
	}
	e := &iam.Error{Provider: f.provider, Op: string(op)}
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

// checkNewName enforces the fake's rule for the characters of a new user
// name; the Client has checked that it is not empty and not too long.
func (f *fake) checkNewName(op iam.Operation, field, name string) error {
	for i := 0; i < len(name); i++ {
		b := name[i]
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if i == 0 && !letter || !(letter || b >= '0' && b <= '9' || b == '_') {
			rule := "must be an ASCII letter, then ASCII letters, digits or '_'"
			if n := f.caps.MaxUserNameLength; n > 0 {
				rule = fmt.Sprintf("must be 1-%d characters: an ASCII letter, then ASCII letters, digits or '_'", n)
			}
			return iam.InvalidArgument(f.provider, string(op), field, rule)
		}
	}
	return nil
}

// checkUserName refuses a name that addresses a user but would break a
// cloud's URL path. Names no user can have are otherwise simply not found.
func (f *fake) checkUserName(op iam.Operation, name string) error {
	if strings.ContainsAny(name, `/?#%\`) ||
		strings.IndexFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return iam.InvalidArgument(f.provider, string(op), "userName",
			`must not contain '/', '?', '#', '%', '\', spaces or control characters`)
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

// user resolves a name to the stored user, as one request.
func (c *call) user(name string) (store.User, error) {
	var u store.User
	err := c.do("GetUser", http.MethodGet, "/users/"+name, func() (err error) {
		u, err = c.f.st.UserByName(name)
		return c.f.storeErr(c.op, fmt.Sprintf("user %q", name), err)
	})
	return u, err
}

// CreateUser implements iam.Driver.
func (f *fake) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	const op = iam.OpCreateUser
	if err := f.checkNewName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, in.Name)
	if err != nil {
		return nil, err
	}
	var u store.User
	err = c.do("CreateUser", http.MethodPost, "/users", func() (err error) {
		u, err = f.st.CreateUser(store.User{
			Name: in.Name, DisplayName: in.DisplayName, Description: in.Description,
			Email: in.Email, Phone: in.Phone, Enabled: in.Enabled == nil || *in.Enabled,
		})
		return f.storeErr(op, fmt.Sprintf("user %q", in.Name), err)
	})
	if err != nil {
		return nil, err
	}
	return toUser(u), nil
}

// GetUser implements iam.Driver.
func (f *fake) GetUser(ctx context.Context, name string) (*iam.User, error) {
	const op = iam.OpGetUser
	if err := f.checkUserName(op, name); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return nil, err
	}
	u, err := c.user(name)
	if err != nil {
		return nil, err
	}
	return toUser(u), nil
}

// UpdateUser implements iam.Driver.
func (f *fake) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	const op = iam.OpUpdateUser
	if err := f.checkUserName(op, name); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := f.checkNewName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return nil, err
	}
	cur, err := c.user(name)
	if err != nil {
		return nil, err
	}
	var u store.User
	err = c.do("UpdateUser", http.MethodPatch, "/users/"+cur.ID, func() (err error) {
		u, err = f.st.UpdateUser(cur.ID, func(u *store.User) error {
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
			return f.storeErr(op, fmt.Sprintf("user %q", *in.NewName), err)
		}
		return f.storeErr(op, fmt.Sprintf("user %q", name), err)
	})
	if err != nil {
		return nil, err
	}
	return toUser(u), nil
}

// DeleteUser implements iam.Driver: the user's login profile, access keys,
// group memberships and attached policies go with it, in one request.
func (f *fake) DeleteUser(ctx context.Context, name string) error {
	const op = iam.OpDeleteUser
	if err := f.checkUserName(op, name); err != nil {
		return err
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return err
	}
	u, err := c.user(name)
	if err != nil {
		return err
	}
	return c.do("DeleteUser", http.MethodDelete, "/users/"+u.ID, func() error {
		f.g.mu.Lock()
		defer f.g.mu.Unlock()
		if err := f.st.DeleteUser(u.ID); err != nil {
			return f.storeErr(op, fmt.Sprintf("user %q", name), err)
		}
		f.g.forgetUserLocked(u.ID)
		return nil
	})
}

// ListUsers implements iam.Driver. It fetches PageSize users at a time
// from the store, lazily, only when the loop asks for more; each page is
// one request.
func (f *fake) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	const op = iam.OpListUsers
	return func(yield func(*iam.User, error) bool) {
		size := in.PageSize
		if size == 0 {
			size = FakeDefaultPageSize
			if f.caps.MaxPageSize > 0 && size > f.caps.MaxPageSize {
				size = f.caps.MaxPageSize
			}
		}
		cursor := ""
		for first := true; first || cursor != ""; first = false {
			// Each page is a request of its own: the context and the
			// injected failure are checked again.
			c, err := f.begin(ctx, op, "")
			if err != nil {
				yield(nil, err)
				return
			}
			if f.cfg.pageRequests != nil {
				f.cfg.pageRequests(size)
			}
			var page []store.User
			err = c.do("ListUsers", http.MethodGet, "/users", func() (err error) {
				page, cursor, err = f.st.ListUsers(cursor, size, nil)
				return f.storeErr(op, "page", err)
			})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, u := range page {
				if !yield(toUser(u), nil) {
					return
				}
			}
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

// GetLoginProfile implements iam.Driver.
func (f *fake) GetLoginProfile(ctx context.Context, userName string) (*iam.LoginProfile, error) {
	const op = iam.OpGetLoginProfile
	if err := f.checkUserName(op, userName); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, err
	}
	var p store.LoginProfile
	err = c.do("GetLoginProfile", http.MethodGet, "/users/"+u.ID+"/login-profile", func() (err error) {
		p, err = f.st.LoginProfile(u.ID)
		return f.storeErr(op, fmt.Sprintf("login profile of %q", userName), err)
	})
	if err != nil {
		return nil, err
	}
	return toProfile(u.Name, p), nil
}

// SetLoginProfile implements iam.Driver. A new login profile needs a
// password.
func (f *fake) SetLoginProfile(ctx context.Context, userName string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	const op = iam.OpSetLoginProfile
	if err := f.checkUserName(op, userName); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, err
	}
	var p store.LoginProfile
	creating := false
	err = c.do("GetLoginProfile", http.MethodGet, "/users/"+u.ID+"/login-profile", func() (err error) {
		p, err = f.st.LoginProfile(u.ID)
		if errors.Is(err, store.ErrNotFound) {
			creating, err = true, nil
		}
		return f.storeErr(op, fmt.Sprintf("login profile of %q", userName), err)
	})
	if err != nil {
		return nil, err
	}
	if creating && in.Password.IsZero() {
		return nil, iam.InvalidArgument(f.provider, string(op), "Password", "is required to create a login profile")
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
	if p.MFARequired && p.MFAMethod == "" {
		switch len(f.caps.MFAMethods) {
		case 0: // the cloud does not say how
		case 1:
			p.MFAMethod = string(f.caps.MFAMethods[0])
		default:
			return nil, iam.InvalidArgument(f.provider, string(op), "MFAMethod", "must be set when MFARequired is true")
		}
	}
	err = c.do("PutLoginProfile", http.MethodPut, "/users/"+u.ID+"/login-profile", func() (err error) {
		p, err = f.st.PutLoginProfile(u.ID, p)
		return f.storeErr(op, fmt.Sprintf("user %q", userName), err)
	})
	if err != nil {
		return nil, err
	}
	return toProfile(u.Name, p), nil
}

// DeleteLoginProfile implements iam.Driver.
func (f *fake) DeleteLoginProfile(ctx context.Context, userName string) error {
	const op = iam.OpDeleteLoginProfile
	if err := f.checkUserName(op, userName); err != nil {
		return err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return err
	}
	u, err := c.user(userName)
	if err != nil {
		return err
	}
	return c.do("DeleteLoginProfile", http.MethodDelete, "/users/"+u.ID+"/login-profile", func() error {
		return f.storeErr(op, fmt.Sprintf("login profile of %q", userName), f.st.DeleteLoginProfile(u.ID))
	})
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

// CreateAccessKey implements iam.Driver.
func (f *fake) CreateAccessKey(ctx context.Context, userName string) (*iam.AccessKey, error) {
	const op = iam.OpCreateAccessKey
	if err := f.checkUserName(op, userName); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, err
	}
	var k store.AccessKey
	err = c.do("CreateAccessKey", http.MethodPost, "/users/"+u.ID+"/access-keys", func() (err error) {
		k, err = f.st.CreateAccessKey(u.ID, "")
		return f.storeErr(op, fmt.Sprintf("access keys of %q", userName), err)
	})
	if err != nil {
		return nil, err
	}
	return toKey(u.Name, k, true), nil
}

// ListAccessKeys implements iam.Driver.
func (f *fake) ListAccessKeys(ctx context.Context, userName string) ([]*iam.AccessKey, error) {
	const op = iam.OpListAccessKeys
	if err := f.checkUserName(op, userName); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, err
	}
	var keys []store.AccessKey
	err = c.do("ListAccessKeys", http.MethodGet, "/users/"+u.ID+"/access-keys", func() (err error) {
		keys, err = f.st.AccessKeys(u.ID)
		return f.storeErr(op, fmt.Sprintf("user %q", userName), err)
	})
	if err != nil {
		return nil, err
	}
	out := make([]*iam.AccessKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, toKey(u.Name, k, false))
	}
	return out, nil
}

// EnableAccessKey implements iam.Driver.
func (f *fake) EnableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return f.setKeyActive(ctx, iam.OpEnableAccessKey, userName, accessKeyID, true)
}

// DisableAccessKey implements iam.Driver.
func (f *fake) DisableAccessKey(ctx context.Context, userName, accessKeyID string) error {
	return f.setKeyActive(ctx, iam.OpDisableAccessKey, userName, accessKeyID, false)
}

// keyCall starts a call on a user's key and resolves the key; a key of
// another user is not found. The Client has checked the key id.
func (f *fake) keyCall(ctx context.Context, op iam.Operation, userName, accessKeyID string) (*call, store.AccessKey, error) {
	if err := f.checkUserName(op, userName); err != nil {
		return nil, store.AccessKey{}, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, store.AccessKey{}, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, store.AccessKey{}, err
	}
	var k store.AccessKey
	err = c.do("GetAccessKey", http.MethodGet, "/users/"+u.ID+"/access-keys/"+accessKeyID, func() (err error) {
		k, err = f.st.AccessKey(accessKeyID)
		if err == nil && k.UserID != u.ID {
			err = store.ErrNotFound
		}
		return f.storeErr(op, fmt.Sprintf("access key %q of %q", accessKeyID, userName), err)
	})
	return c, k, err
}

func (f *fake) setKeyActive(ctx context.Context, op iam.Operation, userName, accessKeyID string, active bool) error {
	c, k, err := f.keyCall(ctx, op, userName, accessKeyID)
	if err != nil {
		return err
	}
	return c.do("UpdateAccessKey", http.MethodPatch, "/users/"+k.UserID+"/access-keys/"+k.ID, func() error {
		_, err := f.st.UpdateAccessKey(k.ID, func(k *store.AccessKey) error { k.Active = active; return nil })
		return f.storeErr(op, fmt.Sprintf("access key %q", accessKeyID), err)
	})
}

// DeleteAccessKey implements iam.Driver.
func (f *fake) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	const op = iam.OpDeleteAccessKey
	c, k, err := f.keyCall(ctx, op, userName, accessKeyID)
	if err != nil {
		return err
	}
	return c.do("DeleteAccessKey", http.MethodDelete, "/users/"+k.UserID+"/access-keys/"+k.ID, func() error {
		return f.storeErr(op, fmt.Sprintf("access key %q", accessKeyID), f.st.DeleteAccessKey(k.ID))
	})
}
