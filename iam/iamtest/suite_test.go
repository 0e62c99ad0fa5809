package iamtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cloudiam-go/cloudiam/iam"
)

// fullDriver is what the fake's driver implements.
type fullDriver interface {
	iam.Driver
	iam.GroupDriver
	iam.PolicyDriver
}

// broken is a Driver with one deliberate bug, over the fake's driver,
// under iam.NewClient as a provider's driver is: it proves that the suite
// notices what a Client cannot correct by itself.
type broken struct {
	fullDriver
	bug string
	obs *iam.Observer
}

func (b broken) Capabilities() iam.Capabilities {
	c := b.fullDriver.Capabilities()
	switch b.bug {
	case "limit-not-enforced":
		c.MaxAccessKeysPerUser = 2 // the fake underneath allows 3
	case "name-limit-too-high":
		c.MaxUserNameLength = 70 // the driver refuses more than 64
	case "page-limit-too-high":
		c.MaxPageSize = 1000 // the driver refuses more than 100
	}
	return c
}

// early is the request a driver sends before it refuses bad input.
func (b broken) early(ctx context.Context, op string) {
	switch b.bug {
	case "early-attempt":
		b.obs.AttemptStart(ctx, iam.Event{Provider: FakeProvider, Op: op, Native: true, Attempt: 1, Method: "GET", Path: "/users"})
		b.obs.AttemptDone(ctx, iam.Event{Provider: FakeProvider, Op: op, Native: true, Attempt: 1, Method: "GET", Path: "/users", StatusCode: 200})
	case "early-native-call":
		_, end := b.obs.ObserveCall(ctx, iam.Event{Provider: FakeProvider, Op: "ListUsers", Native: true})
		end(nil, 200, "")
	}
}

// drift changes the fields of the driver's errors the Client keeps.
func (b broken) drift(err error) error {
	var ie *iam.Error
	if !errors.As(err, &ie) {
		return err
	}
	cp := *ie
	switch {
	case b.bug == "no-field" && cp.Kind == iam.ErrInvalidArgument:
		cp.Field = ""
	case b.bug == "drifted-field" && cp.Field == "Name":
		cp.Field = "UserName"
	case b.bug == "drifted-field" && cp.Field == "userName":
		cp.Field = "user_name"
	case b.bug == "drifted-provider":
		cp.Provider = "aliyun-ram"
	case b.bug == "exists-as-invalid" && cp.Kind == iam.ErrAlreadyExists:
		cp.Kind, cp.Field = iam.ErrInvalidArgument, "Name"
	default:
		return err
	}
	return &cp
}

func (b broken) CreateUser(ctx context.Context, in *iam.CreateUserInput) (*iam.User, error) {
	b.early(ctx, "CreateUser")
	if b.bug == "name-limit-too-high" && len(in.Name) > 64 {
		return nil, iam.InvalidArgument(FakeProvider, "CreateUser", "Name", "must be at most 64 characters")
	}
	u, err := b.fullDriver.CreateUser(ctx, in)
	return u, b.drift(err)
}

func (b broken) GetUser(ctx context.Context, name string) (*iam.User, error) {
	b.early(ctx, "GetUser")
	if b.bug == "context-lost" && ctx.Err() != nil {
		return nil, errors.New("request canceled")
	}
	u, err := b.fullDriver.GetUser(ctx, name)
	if b.bug == "plain-not-found" && errors.Is(err, iam.ErrNotFound) {
		return nil, errors.New("user not found")
	}
	return u, b.drift(err)
}

func (b broken) UpdateUser(ctx context.Context, name string, in *iam.UpdateUserInput) (*iam.User, error) {
	b.early(ctx, "UpdateUser")
	cp := *in
	for _, p := range []**string{&cp.DisplayName, &cp.Description, &cp.Email, &cp.Phone} {
		switch {
		case b.bug == "nil-clears" && *p == nil:
			*p = iam.Ptr("")
		case b.bug == "clear-ignored" && *p != nil && **p == "":
			*p = nil
		}
	}
	u, err := b.fullDriver.UpdateUser(ctx, name, &cp)
	return u, b.drift(err)
}

func (b broken) ListUsers(ctx context.Context, in *iam.ListUsersInput) iter.Seq2[*iam.User, error] {
	seq := b.fullDriver.ListUsers(ctx, in)
	switch b.bug {
	case "page-repeats":
		return func(yield func(*iam.User, error) bool) {
			n := 0
			for u, err := range seq {
				n++
				if !yield(u, err) {
					return
				}
				if n == 2 && !yield(u, err) { // the last user of the first page again
					return
				}
			}
		}
	case "ignores-break":
		return func(yield func(*iam.User, error) bool) {
			for u, err := range seq {
				yield(u, err)
			}
		}
	case "page-limit-too-high":
		if in.PageSize > 100 {
			return func(yield func(*iam.User, error) bool) {
				yield(nil, iam.InvalidArgument(FakeProvider, "ListUsers", "PageSize", "must be at most 100"))
			}
		}
	}
	return seq
}

func (b broken) SetLoginProfile(ctx context.Context, name string, in *iam.LoginProfileInput) (*iam.LoginProfile, error) {
	cp := *in
	if b.bug == "nil-reset" && cp.PasswordResetRequired == nil {
		cp.PasswordResetRequired = iam.Ptr(false)
	}
	p, err := b.fullDriver.SetLoginProfile(ctx, name, &cp)
	return p, b.drift(err)
}

func (b broken) ListAccessKeys(ctx context.Context, name string) ([]*iam.AccessKey, error) {
	keys, err := b.fullDriver.ListAccessKeys(ctx, name)
	if b.bug == "secret-in-list" {
		for _, k := range keys {
			k.Secret = iam.NewSecret("leaked")
		}
	}
	return keys, err
}

// The group and policy bugs.

// conflict is the refusal of a cloud that will not delete what still has
// dependents (RAM's DeleteConflict.*).
func conflict(op, code string) error {
	return &iam.Error{Provider: FakeProvider, Op: op, Kind: iam.ErrFailedPrecondition, StatusCode: 409, Code: code}
}

func (b broken) DeleteGroup(ctx context.Context, name string) error {
	if b.bug == "group-delete-leaves-members" {
		// The driver deletes at once, and the cloud refuses a group with
		// members.
		for u, err := range b.fullDriver.ListGroupUsers(ctx, name) {
			if err == nil && u != nil {
				return conflict("DeleteGroup", "DeleteConflict.Group.User")
			}
		}
	}
	return b.fullDriver.DeleteGroup(ctx, name)
}

func (b broken) DeleteUser(ctx context.Context, name string) error {
	switch b.bug {
	case "delete-is-noop":
		return nil
	case "user-delete-leaves-memberships":
		// The driver deletes at once, and the cloud refuses a user who is
		// in a group.
		for g, err := range b.fullDriver.ListUserGroups(ctx, name) {
			if err == nil && g != nil {
				return conflict("DeleteUser", "DeleteConflict.User.Group")
			}
		}
	}
	return b.drift(b.fullDriver.DeleteUser(ctx, name))
}

func (b broken) AddUserToGroup(ctx context.Context, group, user string) error {
	err := b.fullDriver.AddUserToGroup(ctx, group, user)
	if b.bug == "join-twice-ignored" && errors.Is(err, iam.ErrAlreadyExists) {
		return nil
	}
	return err
}

func (b broken) RemoveUserFromGroup(ctx context.Context, group, user string) error {
	err := b.fullDriver.RemoveUserFromGroup(ctx, group, user)
	if b.bug == "remove-absent-ignored" && errors.Is(err, iam.ErrNotFound) {
		return nil
	}
	return err
}

func (b broken) ListGroups(ctx context.Context, in *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	seq := b.fullDriver.ListGroups(ctx, in)
	if b.bug == "group-page-repeats" {
		return func(yield func(*iam.Group, error) bool) {
			n := 0
			for g, err := range seq {
				n++
				if !yield(g, err) {
					return
				}
				if n == in.PageSize && !yield(g, err) { // the last group of the first page again
					return
				}
			}
		}
	}
	return seq
}

func (b broken) AttachGroupPolicy(ctx context.Context, group string, ref iam.PolicyRef) error {
	switch b.bug {
	case "attach-is-noop":
		return nil
	case "project-ignored":
		ref.Project = ""
	}
	return b.fullDriver.AttachGroupPolicy(ctx, group, ref)
}

func (b broken) AttachUserPolicy(ctx context.Context, user string, ref iam.PolicyRef) error {
	if b.bug == "attach-is-noop" {
		return nil
	}
	return b.fullDriver.AttachUserPolicy(ctx, user, ref)
}

func (b broken) ListGroupPolicies(ctx context.Context, group string) iter.Seq2[*iam.Policy, error] {
	seq := b.fullDriver.ListGroupPolicies(ctx, group)
	if b.bug == "list-drops-attachments" {
		return func(yield func(*iam.Policy, error) bool) {
			for _, err := range seq {
				if err != nil {
					yield(nil, err)
					return
				}
			}
		}
	}
	return seq
}

func (b broken) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	seq := b.fullDriver.ListPolicies(ctx, in)
	if b.bug == "policy-type-lost" {
		return func(yield func(*iam.Policy, error) bool) {
			for p, err := range seq {
				if p != nil {
					cp := *p
					cp.Type = ""
					p = &cp
				}
				if !yield(p, err) {
					return
				}
			}
		}
	}
	return seq
}

func (b broken) DeletePolicy(ctx context.Context, name string) error {
	if b.bug == "policy-delete-keeps-attachments" {
		// The driver deletes at once, and the cloud refuses an attached
		// policy.
		p, err := b.fullDriver.GetPolicy(ctx, iam.PolicyRef{Name: name, Type: iam.PolicyCustom})
		var fp *FakePolicy
		if err == nil && p.As(&fp) && fp.AttachmentCount > 0 {
			return conflict("DeletePolicy", "DeleteConflict.Policy.Group")
		}
	}
	return b.fullDriver.DeletePolicy(ctx, name)
}

// TestBrokenClientHelper runs the suite against a broken driver; it is a
// helper of TestSuiteCatchesBugs, run in a child process.
func TestBrokenClientHelper(t *testing.T) {
	bug := os.Getenv("IAMTEST_BUG")
	if bug == "" {
		t.Skip("run by TestSuiteCatchesBugs")
	}
	h := fakeHarness()
	h.NewClient = func(_ *testing.T, obs *iam.Observer) *iam.Client {
		if bug == "observer-ignored" {
			d := NewFake(WithMaxAccessKeys(3)).Driver().(fullDriver)
			return iam.NewClient(broken{fullDriver: d, bug: bug}, iam.ClientOptions{})
		}
		d := NewFake(WithMaxAccessKeys(3), WithObserver(obs)).Driver().(fullDriver)
		return iam.NewClient(broken{fullDriver: d, bug: bug, obs: obs}, iam.ClientOptions{Observer: obs})
	}
	RunClientTestsWith(t, h)
}

// TestSuiteCatchesBugs proves the suite can fail: each deliberate bug of a
// driver makes the named subtests fail.
//
// A driver cannot drift Op: the Client sets every error's Op to the
// portable operation (the driver's goes to NativeOp), nor can it get nil
// contexts, nil inputs, unsupported operations or fields, or values over
// the declared limits past the Client. TestCheckErr shows that the suite
// still catches a wrong Op, should the Client ever let one through.
func TestSuiteCatchesBugs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	tests := []struct {
		bug      string
		failures []string // subtests that must fail
	}{
		{"none", nil},
		{"limit-not-enforced", []string{"AccessKeys/Limit"}},
		{"name-limit-too-high", []string{"Users/InvalidArgument/name_of_max_length"}},
		{"page-limit-too-high", []string{"ListUsers/Pages"}},
		{"plain-not-found", []string{"Users/NotFound", "Users/RoundTrip"}},
		{"exists-as-invalid", []string{"Users/AlreadyExists"}},
		{"context-lost", []string{"Users/CanceledContext"}},
		{"no-field", []string{"Users/InvalidArgument/name_with_slash", "BadInput/Name/slash"}},
		{"drifted-field", []string{"Users/InvalidArgument/name_with_slash", "BadInput/Name/slash",
			"BadInput/AddressingNames/GetUser/query"}},
		{"drifted-provider", []string{"Users/NotFound", "Observer"}},
		{"early-attempt", []string{"Users/InvalidArgument/name_with_slash", "Users/Rename",
			"BadInput/Name/slash", "BadInput/AddressingNames/GetUser/query"}},
		{"early-native-call", []string{"Users/InvalidArgument/name_with_slash", "BadInput/NewName/query"}},
		{"observer-ignored", []string{"Observer"}},
		{"nil-clears", []string{"Users/PartialUpdate"}},
		{"nil-reset", []string{"LoginProfile"}},
		{"clear-ignored", []string{"Users/Clear"}},
		{"delete-is-noop", []string{"Users/RoundTrip"}},
		{"page-repeats", []string{"ListUsers/Pages"}},
		{"ignores-break", []string{"ListUsers/BreakEarly"}},
		{"secret-in-list", []string{"AccessKeys/Lifecycle"}},
		{"group-delete-leaves-members", []string{"PortableDeletes/DeleteGroup"}},
		{"user-delete-leaves-memberships", []string{"PortableDeletes/DeleteUser", "Groups/Membership"}},
		{"policy-delete-keeps-attachments", []string{"Permissions/CustomPolicy"}},
		{"attach-is-noop", []string{"Permissions/GroupAttachment", "Permissions/UserAttachment", "Permissions/CustomPolicy"}},
		{"list-drops-attachments", []string{"Permissions/GroupAttachment", "Permissions/ProjectScope", "Permissions/Conflicts"}},
		{"join-twice-ignored", []string{"Groups/Conflicts"}},
		{"remove-absent-ignored", []string{"Groups/Conflicts"}},
		{"group-page-repeats", []string{"Groups/List"}},
		{"policy-type-lost", []string{"Permissions/ListPolicies", "Permissions/CustomPolicy"}},
		{"project-ignored", []string{"Permissions/ProjectScope"}},
	}
	for _, tc := range tests {
		t.Run(tc.bug, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenClientHelper$", "-test.v")
			cmd.Env = append(os.Environ(), "IAMTEST_BUG="+tc.bug)
			out, err := cmd.CombinedOutput()
			if tc.failures == nil {
				assert.NoError(t, err, "the unbroken wrapper passes:\n%s", out)
				return
			}
			assert.Error(t, err, "the suite must fail for bug %s", tc.bug)
			for _, f := range tc.failures {
				assert.Contains(t, string(out), "--- FAIL: TestBrokenClientHelper/"+f+" ", "output:\n%s", out)
			}
		})
	}
}

// recordTB records the failures a check reports.
type recordTB struct {
	testing.TB
	failures []string
}

func (r *recordTB) Helper() {}

func (r *recordTB) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recordTB) Error(args ...any) { r.failures = append(r.failures, fmt.Sprint(args...)) }

// TestCheckErr checks the suite's error assertion on errors a Client could
// return, a drifted Op among them.
func TestCheckErr(t *testing.T) {
	want := wantErr{kind: iam.ErrInvalidArgument, op: iam.OpGetUser, field: "userName"}
	good := &iam.Error{Provider: "p", Op: "GetUser", Kind: iam.ErrInvalidArgument, Field: "userName"}
	with := func(f func(*iam.Error)) error {
		e := *good
		f(&e)
		return &e
	}
	tests := []struct {
		name string
		err  error
		want wantErr
		fail string // "" when the check passes
	}{
		{"exact", good, want, ""},
		{"wrapped", fmt.Errorf("context: %w", good), want, ""},
		{"no error", nil, want, "got no error"},
		{"not an *iam.Error", errors.New("boom"), want, "want an *iam.Error"},
		{"other kind", with(func(e *iam.Error) { e.Kind = iam.ErrNotFound }), want, "got kind"},
		{"native Op", with(func(e *iam.Error) { e.Op = "ListAccessKeys" }), want, `got Op "ListAccessKeys"`},
		{"no Op", with(func(e *iam.Error) { e.Op = "" }), want, "got Op"},
		{"other Provider", with(func(e *iam.Error) { e.Provider = "aliyun-ram" }), want, "got Provider"},
		{"native Field", with(func(e *iam.Error) { e.Field = "UserName" }), want, `got Field "UserName"`},
		{"no Field", with(func(e *iam.Error) { e.Field = "" }), want, "got Field"},
		{"unsupported op has no Field", &iam.Error{Provider: "p", Op: "GetUser", Kind: iam.ErrUnsupported, Field: "x"},
			wantErr{kind: iam.ErrUnsupported, op: iam.OpGetUser}, `got Field "x"`},
		{"Field of other kinds is not checked", &iam.Error{Provider: "p", Op: "GetUser", Kind: iam.ErrNotFound, Field: "x"},
			wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recordTB{TB: t}
			checkErr(r, "p", tc.err, tc.want, "call")
			if tc.fail == "" {
				assert.Empty(t, r.failures)
				return
			}
			if assert.Len(t, r.failures, 1) {
				assert.Contains(t, r.failures[0], tc.fail)
			}
		})
	}
}

// TestRequests checks how refused calls describe what they sent.
func TestRequests(t *testing.T) {
	assert.Empty(t, requests([]observed{{hook: "CallStart", e: iam.Event{Op: "GetUser"}}, {hook: "CallDone"}}),
		"portable calls are not requests")
	assert.Equal(t, "native call ListUsers, attempt 1 of ListUsers (GET /users)", requests([]observed{
		{hook: "CallStart", e: iam.Event{Op: "ListUsers", Native: true}},
		{hook: "AttemptStart", e: iam.Event{Op: "ListUsers", Native: true, Attempt: 1, Method: "GET", Path: "/users"}},
		{hook: "AttemptDone", e: iam.Event{Op: "ListUsers", Native: true, Attempt: 1}},
		{hook: "CallDone", e: iam.Event{Op: "ListUsers", Native: true}},
	}))
	assert.True(t, strings.HasPrefix(passwordOf(8), "Ct#Aa9!"))
	assert.Len(t, passwordOf(3), 8, "passwords have at least 8 characters")
	assert.Len(t, passwordOf(33), 33)
}
