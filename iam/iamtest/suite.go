package iamtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Timeouts of the suite: each subtest's calls, and each cleanup.
const (
	testTimeout    = 2 * time.Minute
	cleanupTimeout = time.Minute
)

// RunClientTests runs the conformance suite against the clients newClient
// returns, with nothing known of the cloud's policies: it is
// RunClientTestsWith(t, Harness{NewClient: newClient}), which skips the
// permission tests that need a policy of the cloud (and says so). Every
// *iam.Client must pass it: each provider package runs it against its
// emulator, and it can run against a real account too (it removes
// everything it creates):
//
//	func TestConformance(t *testing.T) {
//		srv := baidutest.NewServer() // Baidu AI Cloud IAM's emulator
//		t.Cleanup(srv.Close)
//		ak, sk := srv.Credentials()
//		iamtest.RunClientTests(t, func(t *testing.T, obs *iam.Observer) *iam.Client {
//			c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk),
//				Endpoint: srv.URL, Observer: obs})
//			if err != nil {
//				t.Fatal(err)
//			}
//			return c.IAM()
//		})
//	}
//
// newClient is called once per subtest (and may return a fresh client each
// time or the same one); subtests run one after another. It must build the
// client with obs as its Observer (a provider's Config.Observer, or
// iamtest.WithObserver for the fake): the suite counts the native requests
// and HTTP attempts each call makes, and its "Observer" subtest fails when
// it sees none. obs is the same for every call of newClient.
//
// What the suite expects is driven by Capabilities: an operation missing
// from Capabilities().Operations, or a set optional field missing from
// Capabilities().Fields, must fail with iam.ErrUnsupported, and everything
// declared must work. For every error it checks the exact Kind, that Op is
// the portable operation and Provider the client's. For bad input (a nil
// context or input, an empty or too long name, a malformed access key id,
// a value outside the limits of Capabilities, an unknown or missing MFA
// method or policy type, clearing a field the cloud cannot clear, a name
// the cloud's rules refuse) it checks the exact Field of the package iam
// vocabulary ("ctx", "in", "userName", "groupName", "accessKeyID", "Name",
// "NewName", "Description", "Document", "Password", "MFAMethod",
// "PageSize", "policyName", "PolicyRef.Name", "PolicyRef.Type",
// "PolicyRef.Project", "Type", ...) and that nothing was sent: no native
// request and no HTTP attempt.
//
// Users the suite creates are named "ct_<random>_<n>" (valid on every
// cloud) and are deleted, with their keys and login profiles, when the
// subtest that made them ends; groups are named "ct_<random>_g<n>" and
// custom policies "ct<random>p<n>" (letters and digits only: RAM's policy
// names allow no '_'), and are deleted the same way. A run leaves the
// account as it found it, which the LeavesNoUsers, LeavesNoGroups and
// LeavesNoPolicies subtests check.
func RunClientTests(t *testing.T, newClient func(t *testing.T, obs *iam.Observer) *iam.Client) {
	t.Helper()
	RunClientTestsWith(t, Harness{NewClient: newClient})
}

// Harness is what RunClientTestsWith needs to test a client: how to build
// it, and what the suite cannot know of its cloud. Only NewClient is
// required; a test that needs something the harness does not give is
// skipped, with a message that says what to give.
//
// A provider passes its cloud's facts:
//
//	iamtest.RunClientTestsWith(t, iamtest.Harness{
//		NewClient: newClient, // as for RunClientTests
//		Policies: iamtest.Policies{
//			ReadOnlySystemPolicy: iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem},
//			CustomPolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`,
//		},
//		DuplicateMembership: iamtest.DuplicateRefused, // RAM: EntityAlreadyExists.User.Group
//		DuplicateAttachment: iamtest.DuplicateRefused, // RAM: EntityAlreadyExists.Group.Policy
//	})
type Harness struct {
	// NewClient returns the client under test, built with obs as its
	// Observer; see RunClientTests.
	NewClient func(t *testing.T, obs *iam.Observer) *iam.Client
	// Policies names policies of the cloud for the permission tests.
	Policies Policies
	// DuplicateMembership is how the cloud answers AddUserToGroup for a
	// user who is in the group already; DuplicateAttachment how it answers
	// AttachUserPolicy and AttachGroupPolicy for a policy attached already
	// in the same scope. Either way the membership or grant is listed once
	// and one RemoveUserFromGroup or Detach*Policy ends it.
	DuplicateMembership, DuplicateAttachment Duplicate
}

// Policies tells the suite about the cloud's permission policies, whose
// names and document format it cannot know. A zero field skips the tests
// that need it.
type Policies struct {
	// ReadOnlySystemPolicy is a system policy of the cloud that the suite
	// attaches to the groups (and, where the cloud has
	// iam.OpAttachUserPolicy, users) it creates, and detaches again: a
	// read-only one, so that nothing the suite creates can change the
	// account even for a moment. Type may be left empty (PolicySystem).
	// Project is ignored. For example Alibaba Cloud RAM's
	// {Name: "ReadOnlyAccess"}, or Huawei Cloud's read-only role
	// {Name: "Tenant Guest"}.
	ReadOnlySystemPolicy iam.PolicyRef
	// Project names a project (name or ID) where the cloud declares
	// iam.FieldPolicyProject: the suite grants ProjectPolicy to a group in
	// it, lists the grant (Policy.Project must be set), and revokes it
	// with the listed policy's Ref(). Huawei Cloud: a region project such
	// as "cn-north-4".
	Project string
	// ProjectPolicy is the system policy the suite grants in Project, for
	// a cloud where ReadOnlySystemPolicy cannot be granted on a project
	// (Huawei's AX-only permissions); zero means ReadOnlySystemPolicy.
	ProjectPolicy iam.PolicyRef
	// CustomPolicyDocument is a valid policy document in the cloud's own
	// format, granting little (read-only): the suite creates custom
	// policies from it, attaches them, and deletes them while attached
	// (iam.Client.DeletePolicy detaches first). For example RAM's
	// {"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]},
	// Huawei's {"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets"]}]}
	// or Baidu's {"accessControlList":[{"service":"bcc","region":"*","effect":"Allow","permission":["READ"],"resource":["*"]}]}.
	CustomPolicyDocument string
}

// Duplicate is how a cloud answers a change that is made already: a user
// joining a group it is in, a policy attached again in the same scope.
type Duplicate int

// The answers to a duplicate change.
const (
	// DuplicateEither accepts both answers below: the default, for a cloud
	// whose answer is not known.
	DuplicateEither Duplicate = iota
	// DuplicateRefused: the second call fails with iam.ErrAlreadyExists
	// (Alibaba Cloud RAM, Baidu AI Cloud, the fake).
	DuplicateRefused
	// DuplicateIgnored: the second call succeeds and changes nothing (an
	// idempotent PUT, as Keystone's).
	DuplicateIgnored
)

// String returns the constant's name.
func (d Duplicate) String() string {
	switch d {
	case DuplicateEither:
		return "DuplicateEither"
	case DuplicateRefused:
		return "DuplicateRefused"
	case DuplicateIgnored:
		return "DuplicateIgnored"
	}
	return fmt.Sprintf("Duplicate(%d)", int(d))
}

// RunClientTestsWith runs the conformance suite against the clients
// h.NewClient returns, with what h tells of the cloud; see RunClientTests
// and Harness. Besides users, login profiles and access keys it tests, as
// far as Capabilities declare them: groups (lifecycle, rename,
// description, paging, membership both ways, conflicts, not-found errors),
// permissions (ListPolicies finds the system policies, GetPolicy,
// attaching, listing and detaching system and custom policies on groups
// and users, project-scope grants, CreatePolicy and DeletePolicy), and the
// portable deletes: DeleteUser of a user in a group with policies attached,
// DeleteGroup of a group with members and policies, and DeletePolicy of an
// attached policy must succeed and leave nothing behind.
func RunClientTestsWith(t *testing.T, h Harness) {
	t.Helper()
	if h.NewClient == nil {
		t.Fatal("iamtest: Harness.NewClient is nil")
	}
	hx := randomHex(3)
	s := &suite{h: h, newClient: h.NewClient, rec: newRecorder(), prefix: "ct_" + hx + "_", policyPrefix: "ct" + hx + "p"}

	t.Run("Capabilities", s.testCapabilities)
	t.Run("Observer", s.testObserver)
	t.Run("Unsupported", s.testUnsupported)
	t.Run("Users", func(t *testing.T) {
		t.Run("RoundTrip", s.testUserRoundTrip)
		t.Run("PartialUpdate", s.testPartialUpdate)
		t.Run("Clear", s.testClear)
		t.Run("MaxLengths", s.testMaxLengths)
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
	t.Run("Groups", func(t *testing.T) {
		t.Run("Lifecycle", s.testGroupLifecycle)
		t.Run("Rename", s.testGroupRename)
		t.Run("MaxLengths", s.testGroupMaxLengths)
		t.Run("List", s.testListGroups)
		t.Run("Membership", s.testMembership)
		t.Run("NotFound", s.testGroupNotFound)
		t.Run("Conflicts", s.testGroupConflicts)
	})
	t.Run("Permissions", func(t *testing.T) {
		t.Run("ListPolicies", s.testListPolicies)
		t.Run("GetPolicy", s.testGetPolicy)
		t.Run("GroupAttachment", s.testGroupAttachment)
		t.Run("UserAttachment", s.testUserAttachment)
		t.Run("ProjectScope", s.testProjectScope)
		t.Run("CustomPolicy", s.testCustomPolicy)
		t.Run("NotFound", s.testPermissionNotFound)
		t.Run("Conflicts", s.testPermissionConflicts)
	})
	t.Run("PortableDeletes", func(t *testing.T) {
		t.Run("DeleteUser", s.testDeleteUserLeavesNothing)
		t.Run("DeleteGroup", s.testDeleteGroupLeavesNothing)
	})
	t.Run("BadInput", func(t *testing.T) {
		t.Run("NilContext", s.testNilContext)
		t.Run("NilInput", s.testNilInput)
		t.Run("UserName", s.testBadUserName)
		t.Run("Name", s.testBadName)
		t.Run("NewName", s.testBadNewName)
		t.Run("AccessKeyID", s.testBadAccessKeyID)
		t.Run("Lengths", s.testBadLengths)
		t.Run("Password", s.testBadPassword)
		t.Run("PageSize", s.testBadPageSize)
		t.Run("MFAMethod", s.testBadMFAMethod)
		t.Run("Clear", s.testBadClear)
		t.Run("AddressingNames", s.testAddressingNames)
		t.Run("GroupName", s.testBadGroupName)
		t.Run("GroupNames", s.testBadGroupNames)
		t.Run("GroupDescription", s.testBadGroupDescription)
		t.Run("PolicyName", s.testBadPolicyName)
		t.Run("PolicyRef", s.testBadPolicyRef)
		t.Run("PolicyInput", s.testBadPolicyInput)
		t.Run("ListInput", s.testBadListInput)
		t.Run("AddressingGroupNames", s.testAddressingGroupNames)
	})
	t.Run("LeavesNoUsers", s.testLeavesNoUsers)
	t.Run("LeavesNoGroups", s.testLeavesNoGroups)
	t.Run("LeavesNoPolicies", s.testLeavesNoPolicies)
}

type suite struct {
	h            Harness
	newClient    func(t *testing.T, obs *iam.Observer) *iam.Client
	rec          *recorder
	prefix       string // of user and group names
	policyPrefix string // of custom policy names
	n            atomic.Int64
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
	c := s.newClient(t, s.rec.obs)
	must(t, c != nil, "newClient returned nil")
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

// checkErr checks err against w for this client's provider.
func (e *env) checkErr(t testing.TB, err error, w wantErr, format string, args ...any) *iam.Error {
	t.Helper()
	return checkErr(t, e.caps.Provider, err, w, format, args...)
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

// create creates a user (tracked for cleanup) and stops the test on error.
func (e *env) create(in *iam.CreateUserInput) *iam.User {
	e.t.Helper()
	e.track(in.Name)
	u, err := e.c.CreateUser(e.ctx, in)
	mustNoError(e.t, err, "CreateUser(%s)", in.Name)
	must(e.t, u != nil, "CreateUser(%s) returned a nil user", in.Name)
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

// someUser returns the name of an existing user where the client can
// create one (so that ErrNotFound is no excuse), or a fresh name.
func (e *env) someUser() string {
	e.t.Helper()
	if e.caps.Supports(iam.OpCreateUser) {
		return e.user()
	}
	return e.s.name()
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
	// sampleKeyID is a well-formed access key id that no cloud issued.
	sampleKeyID = "AKIDCONFORMANCE0000"
)

// stringFields are the optional string fields of users, which UpdateUser
// may clear.
var stringFields = []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone}

// userFields are the portable optional fields of users, login profiles
// and access keys.
var userFields = []iam.Field{
	iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
	iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired,
	iam.FieldMFAMethod, iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
}

// allFields are the portable optional fields.
var allFields = slices.Concat(userFields, []iam.Field{iam.FieldGroupRename, iam.FieldGroupDescription, iam.FieldPolicyProject})

// allOps are the portable operations.
var allOps = slices.Concat(iam.Operations, iam.GroupOperations, iam.PolicyOperations)

// fieldOf returns the user's value of a string field.
func fieldOf(u *iam.User, f iam.Field) string {
	switch f {
	case iam.FieldDisplayName:
		return u.DisplayName
	case iam.FieldDescription:
		return u.Description
	case iam.FieldEmail:
		return u.Email
	case iam.FieldPhone:
		return u.Phone
	}
	panic("iamtest: not a string field: " + string(f))
}

// setCreate sets a string field of a CreateUserInput.
func setCreate(in *iam.CreateUserInput, f iam.Field, v string) {
	switch f {
	case iam.FieldDisplayName:
		in.DisplayName = v
	case iam.FieldDescription:
		in.Description = v
	case iam.FieldEmail:
		in.Email = v
	case iam.FieldPhone:
		in.Phone = v
	}
}

// updateOf returns an UpdateUserInput that sets one string field.
func updateOf(f iam.Field, v string) *iam.UpdateUserInput {
	in := &iam.UpdateUserInput{}
	switch f {
	case iam.FieldDisplayName:
		in.DisplayName = &v
	case iam.FieldDescription:
		in.Description = &v
	case iam.FieldEmail:
		in.Email = &v
	case iam.FieldPhone:
		in.Phone = &v
	}
	return in
}

// maxLength is the declared limit of a string field (zero: none).
func (e *env) maxLength(f iam.Field) int {
	switch f {
	case iam.FieldDisplayName:
		return e.caps.MaxDisplayNameLength
	case iam.FieldDescription:
		return e.caps.MaxDescriptionLength
	case iam.FieldEmail:
		return e.caps.MaxEmailLength
	case iam.FieldPhone:
		return e.caps.MaxPhoneLength
	}
	return 0
}

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

// checkPhone compares a phone the cloud reports with the one set: the
// number must be there, the area code may be written the cloud's way.
func checkPhone(t testing.TB, got, want, what string) {
	t.Helper()
	if want == "" {
		checkEqual(t, got, "", "%s: Phone", what)
		return
	}
	_, number, _ := strings.Cut(want, "-")
	check(t, strings.Contains(got, number), "%s: Phone: got %q, want the number of %q", what, got, want)
}

// checkUser compares the fields of in the provider supports with u.
func (e *env) checkUser(in *iam.CreateUserInput, u *iam.User, what string) {
	t := e.t
	t.Helper()
	must(t, u != nil, "%s: nil user", what)
	checkEqual(t, u.Name, in.Name, "%s: Name", what)
	check(t, u.ID != "", "%s: ID is empty", what)
	for _, f := range stringFields {
		if !e.caps.SupportsField(f) {
			continue
		}
		var want string
		switch f {
		case iam.FieldDisplayName:
			want = in.DisplayName
		case iam.FieldDescription:
			want = in.Description
		case iam.FieldEmail:
			want = in.Email
		case iam.FieldPhone:
			checkPhone(t, u.Phone, in.Phone, what)
			continue
		}
		checkEqual(t, fieldOf(u, f), want, "%s: %s", what, f)
	}
	checkEqual(t, u.Enabled, in.Enabled == nil || *in.Enabled, "%s: Enabled", what)
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

// passwordOf returns a fresh password of n characters (at least 8) that
// meets every cloud's policy: upper and lower case, digits and symbols, no
// user name.
func passwordOf(n int) string {
	const head = "Ct#Aa9!"
	n = max(n, 8)
	return head + randomHex(n)[:n-len(head)]
}

// password returns a fresh password of 20 characters, or of the length the
// cloud's limits allow.
func (e *env) password() string {
	n := 20
	if e.caps.MaxPasswordLength > 0 {
		n = min(n, e.caps.MaxPasswordLength)
	}
	return passwordOf(max(n, e.caps.MinPasswordLength))
}

// call runs op with valid arguments (a fresh name for CreateUser; user and
// key otherwise) and returns its error. ListUsers must end with exactly one
// (nil, err) pair when it fails.
func (e *env) call(t testing.TB, ctx context.Context, op iam.Operation, user, key string) error {
	t.Helper()
	c := e.c
	var err error
	switch op {
	case iam.OpCreateUser:
		name := e.s.name()
		e.track(name)
		_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: name})
	case iam.OpGetUser:
		_, err = c.GetUser(ctx, user)
	case iam.OpUpdateUser:
		up := e.someUpdate()
		if up == nil {
			up = &iam.UpdateUserInput{}
		}
		_, err = c.UpdateUser(ctx, user, up)
	case iam.OpDeleteUser:
		err = c.DeleteUser(ctx, user)
	case iam.OpListUsers:
		err = listErr(t, c.ListUsers(ctx, nil), "ListUsers")
	case iam.OpGetLoginProfile:
		_, err = c.GetLoginProfile(ctx, user)
	case iam.OpSetLoginProfile:
		_, err = c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{Password: iam.NewSecret(e.password())})
	case iam.OpDeleteLoginProfile:
		err = c.DeleteLoginProfile(ctx, user)
	case iam.OpCreateAccessKey:
		_, err = c.CreateAccessKey(ctx, user)
	case iam.OpListAccessKeys:
		_, err = c.ListAccessKeys(ctx, user)
	case iam.OpEnableAccessKey:
		err = c.EnableAccessKey(ctx, user, key)
	case iam.OpDisableAccessKey:
		err = c.DisableAccessKey(ctx, user, key)
	case iam.OpDeleteAccessKey:
		err = c.DeleteAccessKey(ctx, user, key)
	default:
		err = e.groupCall(t, ctx, op, callArgs{user: user, group: e.s.groupName(), ref: e.anyRef()})
	}
	return err
}

// listErr ranges over a sequence that must fail at once: exactly one
// (nil, err) pair.
func listErr[T any](t testing.TB, seq iter.Seq2[*T, error], what string) error {
	t.Helper()
	n := 0
	var first error
	for v, err := range seq {
		n++
		if n == 1 {
			first = err
			check(t, v == nil, "%s: a failure yields a nil element, got %v", what, v)
		}
		if err == nil {
			return errors.New(what + " yielded an element where it must fail")
		}
	}
	if n == 0 {
		return errors.New(what + " yielded nothing where it must fail")
	}
	checkEqual(t, n, 1, "%s: a failure ends the sequence with one (nil, err) pair", what)
	return first
}

func (s *suite) testCapabilities(t *testing.T) {
	e := s.env(t)
	caps := e.caps
	check(t, caps.Provider != "", "Provider is empty")
	checkEqual(t, e.c.Provider(), caps.Provider, "Client.Provider")
	check(t, caps.MaxUserNameLength > 0, "MaxUserNameLength must be positive, got %d", caps.MaxUserNameLength)
	for _, op := range caps.Operations {
		check(t, slices.Contains(allOps, op), "Operations holds only portable operations: %q", op)
	}
	for _, f := range caps.Fields {
		check(t, slices.Contains(allFields, f), "Fields holds only portable fields: %q", f)
	}
	for _, f := range caps.ClearableFields {
		check(t, slices.Contains(stringFields, f) || f == iam.FieldGroupDescription,
			"ClearableFields holds only DisplayName, Description, Email, Phone and Group.Description: %q", f)
		check(t, caps.SupportsField(f), "ClearableFields holds %s, which is not in Fields", f)
	}
	if caps.SupportsField(iam.FieldGroupRename) || caps.SupportsField(iam.FieldGroupDescription) {
		check(t, slices.ContainsFunc(iam.GroupOperations, caps.Supports), "group fields are declared without any group operation")
	}
	if caps.SupportsField(iam.FieldPolicyProject) {
		check(t, caps.Supports(iam.OpAttachGroupPolicy) || caps.Supports(iam.OpAttachUserPolicy),
			"PolicyRef.Project is declared without AttachGroupPolicy or AttachUserPolicy")
	}
	if caps.Supports(iam.OpCreateAccessKey) {
		check(t, caps.MaxAccessKeysPerUser > 0, "a provider with access keys declares its limit")
	}
	if caps.SupportsField(iam.FieldMFAMethod) {
		check(t, len(caps.MFAMethods) > 0, "a provider that lets you choose the MFA method lists the methods")
	}
	for _, m := range caps.MFAMethods {
		check(t, slices.Contains([]iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP}, m), "MFAMethods: %q", m)
	}
	for name, n := range map[string]int{
		"MaxDisplayNameLength": caps.MaxDisplayNameLength, "MaxDescriptionLength": caps.MaxDescriptionLength,
		"MaxEmailLength": caps.MaxEmailLength, "MaxPhoneLength": caps.MaxPhoneLength,
		"MinPasswordLength": caps.MinPasswordLength, "MaxPasswordLength": caps.MaxPasswordLength,
		"MaxPageSize": caps.MaxPageSize, "MaxAccessKeysPerUser": caps.MaxAccessKeysPerUser,
		"MaxGroupNameLength": caps.MaxGroupNameLength, "MaxGroupDescriptionLength": caps.MaxGroupDescriptionLength,
		"MaxPolicyNameLength": caps.MaxPolicyNameLength, "MaxPolicyDescriptionLength": caps.MaxPolicyDescriptionLength,
		"MaxPolicyDocumentLength": caps.MaxPolicyDocumentLength,
	} {
		check(t, n >= 0, "%s is negative: %d", name, n)
	}
	if caps.MaxPasswordLength > 0 {
		check(t, caps.MinPasswordLength <= caps.MaxPasswordLength, "MinPasswordLength %d > MaxPasswordLength %d",
			caps.MinPasswordLength, caps.MaxPasswordLength)
	}
	// The result is a copy: changing it does not change the client.
	if len(caps.Operations) > 0 {
		caps.Operations[0] = "Changed"
		check(t, e.c.Capabilities().Operations[0] != "Changed", "Capabilities returns a copy")
	}
}

// testObserver checks that the client reports to the Observer newClient
// got, which makes the zero-request checks mean something.
func (s *suite) testObserver(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpGetUser)
	mark := s.rec.mark()
	_, err := e.c.GetUser(e.ctx, s.name())
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, "GetUser of a missing user")
	evs := s.rec.since(mark)

	count := map[string]int{}
	for _, o := range evs {
		key := o.hook
		if o.e.Native || strings.HasPrefix(o.hook, "Attempt") {
			if !strings.HasPrefix(o.hook, "Attempt") {
				key = "Native" + o.hook
			}
			checkEqual(t, o.e.Provider, e.caps.Provider, "%s of %s: Provider", o.hook, o.e.Op)
			check(t, o.e.Op != "", "%s: Op is empty", o.hook)
		} else {
			checkEqual(t, o.e.Op, string(iam.OpGetUser), "portable %s: Op", o.hook)
			checkEqual(t, o.e.Provider, e.caps.Provider, "portable %s: Provider", o.hook)
			if o.hook == "CallDone" {
				check(t, errors.Is(o.e.Err, iam.ErrNotFound), "portable CallDone: Err %v, want ErrNotFound", o.e.Err)
				checkEqual(t, o.e.Kind, iam.ErrNotFound, "portable CallDone: Kind")
			}
		}
		if strings.HasPrefix(o.hook, "Attempt") {
			check(t, o.e.Attempt >= 1, "%s of %s: Attempt %d, want 1 or more", o.hook, o.e.Op, o.e.Attempt)
			check(t, o.e.Method != "", "%s of %s: Method is empty", o.hook, o.e.Op)
			check(t, !strings.ContainsAny(o.e.Path, "?#"), "%s of %s: Path %q holds a query", o.hook, o.e.Op, o.e.Path)
		}
		count[key]++
	}
	checkEqual(t, count["CallStart"], 1, "portable CallStart events of one GetUser")
	checkEqual(t, count["CallDone"], 1, "portable CallDone events of one GetUser")
	check(t, count["NativeCallStart"] > 0,
		"GetUser of a missing user reported no native request: newClient must build the client with obs as its Observer")
	check(t, count["AttemptStart"] > 0,
		"GetUser of a missing user reported no HTTP attempt: newClient must build the client with obs as its Observer")
	checkEqual(t, count["NativeCallDone"], count["NativeCallStart"], "every native request that starts ends")
	checkEqual(t, count["AttemptDone"], count["AttemptStart"], "every attempt that starts ends")
}

func (s *suite) testUnsupported(t *testing.T) {
	e := s.env(t)
	ctx, c := e.ctx, e.c
	// Unsupported operations are called on a user that exists where
	// possible, so ErrNotFound is no excuse.
	name := e.someUser()
	for _, op := range allOps {
		if e.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrUnsupported, op: op}, func() error {
				return e.call(t, ctx, op, name, sampleKeyID)
			}, "%s is not in Capabilities().Operations", op)
		})
	}

	type fieldCall struct {
		op   iam.Operation
		call func() error
	}
	fieldCalls := map[iam.Field][]fieldCall{}
	add := func(f iam.Field, op iam.Operation, call func() error) {
		if e.caps.Supports(op) {
			fieldCalls[f] = append(fieldCalls[f], fieldCall{op, call})
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
			in.Password = iam.NewSecret(e.password())
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
	// The group need not exist: the Client refuses the field first.
	add(iam.FieldGroupRename, iam.OpUpdateGroup, func() error {
		_, err := c.UpdateGroup(ctx, s.groupName(), &iam.UpdateGroupInput{NewName: iam.Ptr(s.groupName())})
		return err
	})
	add(iam.FieldGroupDescription, iam.OpCreateGroup, func() error {
		_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{Name: s.groupName(), Description: "x"})
		return err
	})
	// A group field's error names the input's field, as for users.
	inputField := map[iam.Field]string{iam.FieldGroupRename: "NewName", iam.FieldGroupDescription: "Description"}
	for _, f := range []iam.Field{
		iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone, iam.FieldEnabled,
		iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldGroupRename,
		iam.FieldGroupDescription,
	} {
		if e.caps.SupportsField(f) || len(fieldCalls[f]) == 0 {
			continue
		}
		t.Run("Field"+string(f), func(t *testing.T) {
			for _, fc := range fieldCalls[f] {
				want := string(f)
				if n, ok := inputField[f]; ok {
					want = n
				}
				e.refused(t, wantErr{kind: iam.ErrUnsupported, op: fc.op, field: want}, fc.call,
					"%s setting %s when it is not in Capabilities().Fields", fc.op, f)
			}
		})
	}

	// MFA methods the provider does not offer.
	if e.caps.Supports(iam.OpSetLoginProfile) {
		for _, m := range []iam.MFAMethod{iam.MFASMS, iam.MFAEmail, iam.MFATOTP} {
			if slices.Contains(e.caps.MFAMethods, m) {
				continue
			}
			t.Run("MFAMethod_"+string(m), func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrUnsupported, op: iam.OpSetLoginProfile, field: "MFAMethod"},
					profileWith(&iam.LoginProfileInput{MFAMethod: iam.Ptr(m)}),
					"MFA method %s is not in Capabilities().MFAMethods", m)
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
	mustNoError(t, err, "GetUser")
	e.checkUser(in, got, "GetUser result")
	checkEqual(t, got.ID, created.ID, "GetUser returns the user CreateUser made: ID")
	if !created.CreatedAt.IsZero() && !got.CreatedAt.IsZero() {
		check(t, created.CreatedAt.Equal(got.CreatedAt), "CreatedAt is stable: %v vs %v", created.CreatedAt, got.CreatedAt)
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
		mustNoError(t, err, "UpdateUser")
		e.checkUser(&want, updated, "UpdateUser result")
		checkEqual(t, updated.ID, created.ID, "UpdateUser keeps the ID")
		got, err := e.c.GetUser(e.ctx, in.Name)
		mustNoError(t, err, "GetUser after UpdateUser")
		e.checkUser(&want, got, "GetUser after UpdateUser")
	}

	if e.caps.Supports(iam.OpListUsers) {
		n := 0
		for u, err := range e.c.ListUsers(e.ctx, nil) {
			mustNoError(t, err, "ListUsers")
			must(t, u != nil, "ListUsers yields no nil user without an error")
			if u.Name == in.Name {
				n++
				checkEqual(t, u.ID, created.ID, "ListUsers: ID")
			}
		}
		checkEqual(t, n, 1, "ListUsers yields the created user once")
	}

	if e.caps.Supports(iam.OpDeleteUser) {
		mustNoError(t, e.c.DeleteUser(e.ctx, in.Name), "DeleteUser")
		_, err = e.c.GetUser(e.ctx, in.Name)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, "GetUser after DeleteUser")
		e.checkErr(t, e.c.DeleteUser(e.ctx, in.Name), wantErr{kind: iam.ErrNotFound, op: iam.OpDeleteUser}, "DeleteUser twice")
		if up := e.someUpdate(); up != nil && e.caps.Supports(iam.OpUpdateUser) {
			_, err = e.c.UpdateUser(e.ctx, in.Name, up)
			e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpUpdateUser}, "UpdateUser after DeleteUser")
		}
		if e.caps.Supports(iam.OpListUsers) {
			for u, err := range e.c.ListUsers(e.ctx, nil) {
				mustNoError(t, err, "ListUsers")
				check(t, u.Name != in.Name, "ListUsers after DeleteUser yields the deleted user")
			}
		}
	}
}

// testPartialUpdate changes one field at a time: the fields left nil keep
// their values.
func (s *suite) testPartialUpdate(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser)
	in := e.fullInput(s.name())
	e.create(in)
	want := *in
	values := map[iam.Field]string{
		iam.FieldDisplayName: "CT Partial",
		iam.FieldDescription: "partial update",
		iam.FieldEmail:       "ct.partial@example.com",
		iam.FieldPhone:       "86-13900000000",
	}
	for _, f := range stringFields {
		if !e.caps.SupportsField(f) {
			continue
		}
		setCreate(&want, f, values[f])
		u, err := e.c.UpdateUser(e.ctx, in.Name, updateOf(f, values[f]))
		mustNoError(t, err, "UpdateUser of %s only", f)
		e.checkUser(&want, u, "UpdateUser result after changing "+string(f)+" only")
		got, err := e.c.GetUser(e.ctx, in.Name)
		mustNoError(t, err, "GetUser")
		e.checkUser(&want, got, "GetUser after changing "+string(f)+" only")
	}
	if e.caps.SupportsField(iam.FieldEnabled) {
		want.Enabled = iam.Ptr(false)
		u, err := e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{Enabled: iam.Ptr(false)})
		mustNoError(t, err, "UpdateUser of Enabled only")
		e.checkUser(&want, u, "UpdateUser result after changing Enabled only")
	}
	// An input with no field set changes nothing.
	u, err := e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{})
	mustNoError(t, err, "UpdateUser with no field set")
	e.checkUser(&want, u, "UpdateUser with no field set")
}

// testClear clears, one at a time, the fields the cloud can clear.
func (s *suite) testClear(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser, iam.OpUpdateUser)
	if len(e.caps.ClearableFields) == 0 {
		t.Skipf("%s cannot clear any field", e.caps.Provider)
	}
	in := e.fullInput(s.name())
	e.create(in)
	want := *in
	for _, f := range stringFields {
		if !e.caps.CanClear(f) {
			continue
		}
		setCreate(&want, f, "")
		u, err := e.c.UpdateUser(e.ctx, in.Name, updateOf(f, ""))
		if !checkNoError(t, err, "clearing %s, which is in Capabilities().ClearableFields", f) {
			continue
		}
		e.checkUser(&want, u, "UpdateUser result after clearing "+string(f))
		got, err := e.c.GetUser(e.ctx, in.Name)
		mustNoError(t, err, "GetUser")
		e.checkUser(&want, got, "GetUser after clearing "+string(f))
	}
}

// testMaxLengths creates a user whose fields are as long as the cloud
// declares it accepts.
func (s *suite) testMaxLengths(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser)
	in := &iam.CreateUserInput{Name: s.name()}
	set := false
	for _, f := range []iam.Field{iam.FieldDisplayName, iam.FieldDescription} {
		if n := e.maxLength(f); n > 3 && e.caps.SupportsField(f) {
			setCreate(in, f, "CT "+strings.Repeat("x", n-3))
			set = true
		}
	}
	if !set {
		t.Skip("no declared limit of DisplayName or Description")
	}
	u := e.create(in)
	e.checkUser(in, u, "CreateUser with fields of the declared maximum length")
	got, err := e.c.GetUser(e.ctx, in.Name)
	mustNoError(t, err, "GetUser")
	e.checkUser(in, got, "GetUser of a user with fields of the declared maximum length")
}

func (s *suite) testUserEnabled(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpGetUser)
	e.needField(iam.FieldEnabled)
	in := &iam.CreateUserInput{Name: s.name(), Enabled: iam.Ptr(false)}
	u := e.create(in)
	check(t, !u.Enabled, "CreateUser with Enabled false returned an enabled user")
	got, err := e.c.GetUser(e.ctx, in.Name)
	mustNoError(t, err, "GetUser")
	check(t, !got.Enabled, "GetUser of a user created disabled: enabled")

	if e.caps.Supports(iam.OpUpdateUser) {
		u, err = e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{Enabled: iam.Ptr(true)})
		mustNoError(t, err, "UpdateUser Enabled true")
		check(t, u.Enabled, "UpdateUser Enabled true: result disabled")
		got, err = e.c.GetUser(e.ctx, in.Name)
		mustNoError(t, err, "GetUser")
		check(t, got.Enabled, "GetUser after enabling: disabled")

		_, err = e.c.UpdateUser(e.ctx, in.Name, &iam.UpdateUserInput{Enabled: iam.Ptr(false)})
		mustNoError(t, err, "UpdateUser Enabled false")
		got, err = e.c.GetUser(e.ctx, in.Name)
		mustNoError(t, err, "GetUser")
		check(t, !got.Enabled, "GetUser after disabling: enabled")
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
	mustNoError(t, err, "rename")
	checkEqual(t, u.Name, newName, "UpdateUser result carries the new name")
	checkEqual(t, u.ID, created.ID, "a rename keeps the ID")

	_, err = e.c.GetUser(e.ctx, oldName)
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, "GetUser of the old name")
	got, err := e.c.GetUser(e.ctx, newName)
	mustNoError(t, err, "GetUser of the new name")
	checkEqual(t, got.ID, created.ID, "GetUser of the new name: ID")

	_, err = e.c.UpdateUser(e.ctx, newName, &iam.UpdateUserInput{NewName: iam.Ptr(taken)})
	e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: iam.OpUpdateUser}, "rename to a name in use")

	e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpUpdateUser, field: "NewName"}, func() error {
		_, err := e.c.UpdateUser(e.ctx, newName, &iam.UpdateUserInput{NewName: iam.Ptr("ct/bad")})
		return err
	}, "rename to an invalid name")
}

func (s *suite) testUserNotFound(t *testing.T) {
	e := s.env(t)
	missing := s.name()
	if e.caps.Supports(iam.OpGetUser) {
		_, err := e.c.GetUser(e.ctx, missing)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, "GetUser of a missing user")
	}
	if up := e.someUpdate(); up != nil && e.caps.Supports(iam.OpUpdateUser) {
		_, err := e.c.UpdateUser(e.ctx, missing, up)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpUpdateUser}, "UpdateUser of a missing user")
	}
	if e.caps.Supports(iam.OpDeleteUser) {
		e.checkErr(t, e.c.DeleteUser(e.ctx, missing), wantErr{kind: iam.ErrNotFound, op: iam.OpDeleteUser}, "DeleteUser of a missing user")
	}
}

func (s *suite) testAlreadyExists(t *testing.T) {
	e := s.env(t)
	name := e.user()
	_, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: name})
	e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: iam.OpCreateUser}, "CreateUser of a name in use")
}

// longName returns a fresh name of n characters.
func (s *suite) longName(n int) string {
	name := s.name() + "_"
	if len(name) > n {
		name = "c"
	}
	return name + strings.Repeat("a", n-len(name))
}

func (s *suite) testInvalidArgument(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser)
	max := e.caps.MaxUserNameLength
	cases := []struct {
		what string
		name string
	}{
		{"empty_name", ""},
		{"name_with_slash", "ct_bad/name"},
	}
	if max > 0 {
		cases = append(cases, struct{ what, name string }{fmt.Sprintf("name_over_%d_characters", max), s.longName(max + 1)})
	}
	for _, tc := range cases {
		t.Run(tc.what, func(t *testing.T) {
			e.track(tc.name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateUser, field: "Name"}, func() error {
				_, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: tc.name})
				return err
			}, "CreateUser with %s", tc.what)
		})
	}
	t.Run("nil_input", func(t *testing.T) {
		e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateUser, field: "in"}, func() error {
			_, err := e.c.CreateUser(e.ctx, nil)
			return err
		}, "CreateUser(nil)")
	})
	if max > 0 {
		t.Run("name_of_max_length", func(t *testing.T) {
			name := s.longName(max)
			u := e.create(&iam.CreateUserInput{Name: name})
			checkEqual(t, u.Name, name, "a name of exactly MaxUserNameLength is accepted")
		})
	}
	if e.caps.Supports(iam.OpGetUser) {
		t.Run("GetUser_empty_name", func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpGetUser, field: "userName"}, func() error {
				_, err := e.c.GetUser(e.ctx, "")
				return err
			}, `GetUser("")`)
		})
	}
	if e.caps.Supports(iam.OpSetLoginProfile) {
		t.Run("SetLoginProfile_nil_input", func(t *testing.T) {
			name := e.user()
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpSetLoginProfile, field: "in"}, func() error {
				_, err := e.c.SetLoginProfile(e.ctx, name, nil)
				return err
			}, "SetLoginProfile(nil)")
		})
	}
}

func (s *suite) testCanceledContext(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpGetUser)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	_, err := e.c.GetUser(ctx, s.name())
	e.checkErr(t, err, wantErr{kind: iam.ErrUnavailable, op: iam.OpGetUser}, "GetUser with a canceled context")
	check(t, errors.Is(err, context.Canceled), "GetUser with a canceled context: the context's error is kept: %v", err)

	if e.caps.Supports(iam.OpListUsers) {
		err := listErr(t, e.c.ListUsers(ctx, nil), "ListUsers with a canceled context")
		e.checkErr(t, err, wantErr{kind: iam.ErrUnavailable, op: iam.OpListUsers}, "ListUsers with a canceled context")
		check(t, errors.Is(err, context.Canceled), "ListUsers with a canceled context: the context's error is kept: %v", err)
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
		checkNoError(t, err, "concurrent use")
	}
}

// noPanic reports a panic of the test as a failure, so that the rest of
// the suite runs: an iterator that calls yield after the loop body
// returned false (ignoring a break) panics in the loop.
func noPanic(t *testing.T) {
	if r := recover(); r != nil {
		t.Errorf("ListUsers panicked (an iterator must stop when the loop breaks): %v", r)
	}
}

func (s *suite) testListPages(t *testing.T) {
	defer noPanic(t)
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
		mustNoError(t, err, "ListUsers")
		must(t, u != nil, "ListUsers yields no nil user without an error")
		ids[u.ID]++
		if _, ok := want[u.Name]; ok {
			seen[u.Name]++
			checkEqual(t, u.ID, want[u.Name], "ListUsers: ID of %s", u.Name)
		}
	}
	for name := range want {
		checkEqual(t, seen[name], 1, "ListUsers with PageSize 2 yields %s once", name)
	}
	for id, n := range ids {
		checkEqual(t, n, 1, "ListUsers yields user ID %s once", id)
	}

	// The largest page the cloud declares is accepted.
	if max := e.caps.MaxPageSize; max > 0 {
		for u, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: max}) {
			checkNoError(t, err, "ListUsers with PageSize %d (Capabilities().MaxPageSize)", max)
			check(t, u != nil || err != nil, "ListUsers yields no nil user without an error")
			break
		}
	}
}

func (s *suite) testListBreak(t *testing.T) {
	defer noPanic(t)
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpListUsers)
	for range 3 {
		e.user()
	}
	n := 0
	for u, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: 2}) {
		mustNoError(t, err, "ListUsers")
		must(t, u != nil, "ListUsers yields no nil user without an error")
		n++
		break // a range-over-func iterator that calls yield again panics
	}
	checkEqual(t, n, 1, "users seen before break")

	// Stopping mid-page and at a page boundary both work; the sequence can
	// be ranged over again.
	for _, stop := range []int{2, 3} {
		n = 0
		for _, err := range e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: 2}) {
			mustNoError(t, err, "ListUsers")
			n++
			if n == stop {
				break
			}
		}
		checkEqual(t, n, stop, "users seen before break")
	}
	seq := e.c.ListUsers(e.ctx, nil)
	first, second := 0, 0
	for _, err := range seq {
		mustNoError(t, err, "ListUsers")
		first++
	}
	for _, err := range seq {
		mustNoError(t, err, "ListUsers again")
		second++
	}
	checkEqual(t, second, first, "ranging over the same sequence twice lists again")
}

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
		mustNoError(t, err, "%s", what)
		must(t, p != nil, "%s: nil profile", what)
		checkEqual(t, p.UserName, name, "%s: UserName", what)
		return p
	}

	if canGet {
		// A new user has no console login on some clouds (ErrNotFound) and
		// a default one on others (Huawei, EIAM): both are correct.
		p, err := e.c.GetLoginProfile(e.ctx, name)
		if err != nil {
			e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetLoginProfile}, "GetLoginProfile of a new user")
		} else {
			must(t, p != nil, "GetLoginProfile of a new user: nil profile")
			checkEqual(t, p.UserName, name, "GetLoginProfile of a new user: UserName")
		}
	}

	pw := e.password()
	in := &iam.LoginProfileInput{Password: iam.NewSecret(pw)}
	reset := e.caps.SupportsField(iam.FieldPasswordReset)
	if reset {
		in.PasswordResetRequired = iam.Ptr(true)
	}
	p, err := e.c.SetLoginProfile(e.ctx, name, in)
	mustNoError(t, err, "SetLoginProfile (create)")
	must(t, p != nil, "SetLoginProfile (create): nil profile")
	checkEqual(t, p.UserName, name, "SetLoginProfile result: UserName")
	check(t, p.PasswordSet, "SetLoginProfile result: PasswordSet is false")
	check(t, !strings.Contains(fmt.Sprintf("%v %+v %#v", p, *p, in), pw), "the password prints")
	if reset {
		check(t, p.PasswordResetRequired, "SetLoginProfile result: PasswordResetRequired is false")
	}
	if canGet {
		got := get("GetLoginProfile after create")
		check(t, got.PasswordSet, "GetLoginProfile after create: PasswordSet is false")
		if reset {
			check(t, got.PasswordResetRequired, "GetLoginProfile after create: PasswordResetRequired is false")
		}
	}

	// Turning MFA on leaves PasswordResetRequired, which is nil, as it is.
	mfa := e.caps.SupportsField(iam.FieldMFARequired)
	if mfa {
		in := &iam.LoginProfileInput{MFARequired: iam.Ptr(true)}
		var method iam.MFAMethod
		if e.caps.SupportsField(iam.FieldMFAMethod) && len(e.caps.MFAMethods) > 0 {
			method = e.caps.MFAMethods[0]
			in.MFAMethod = &method
		}
		p, err = e.c.SetLoginProfile(e.ctx, name, in)
		mustNoError(t, err, "SetLoginProfile MFARequired")
		check(t, p.MFARequired, "SetLoginProfile MFARequired: result MFARequired is false")
		if reset {
			check(t, p.PasswordResetRequired, "SetLoginProfile MFARequired: PasswordResetRequired (nil) was changed")
		}
		if canGet {
			got := get("GetLoginProfile after MFA")
			check(t, got.MFARequired, "GetLoginProfile after MFA: MFARequired is false")
			if method != "" {
				checkEqual(t, got.MFAMethod, method, "GetLoginProfile after MFA: MFAMethod")
			}
			if reset {
				check(t, got.PasswordResetRequired, "GetLoginProfile after MFA: PasswordResetRequired (nil) was changed")
			}
			check(t, got.PasswordSet, "GetLoginProfile after MFA: PasswordSet is false")
		}
	}

	if reset {
		p, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(false)})
		mustNoError(t, err, "SetLoginProfile (update without password)")
		check(t, !p.PasswordResetRequired, "SetLoginProfile result after update: PasswordResetRequired is true")
		if mfa {
			check(t, p.MFARequired, "SetLoginProfile PasswordResetRequired: MFARequired (nil) was changed")
		}
		if canGet {
			got := get("GetLoginProfile after update")
			check(t, !got.PasswordResetRequired, "GetLoginProfile after update: PasswordResetRequired is true")
			check(t, got.PasswordSet, "an update without a password keeps the password")
			if mfa {
				check(t, got.MFARequired, "GetLoginProfile after update: MFARequired (nil) was changed")
			}
		}
	}

	if mfa {
		p, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{MFARequired: iam.Ptr(false)})
		mustNoError(t, err, "SetLoginProfile MFARequired false")
		check(t, !p.MFARequired, "SetLoginProfile MFARequired false: result MFARequired is true")
	}

	// A new password on an existing profile, as long as the cloud allows.
	n := e.caps.MaxPasswordLength
	if n == 0 {
		n = 20
	}
	_, err = e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(passwordOf(n))})
	mustNoError(t, err, "SetLoginProfile (new password of %d characters)", n)

	missing := s.name()
	_, err = e.c.SetLoginProfile(e.ctx, missing, &iam.LoginProfileInput{Password: iam.NewSecret(e.password())})
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpSetLoginProfile}, "SetLoginProfile of a missing user")
	if canGet {
		_, err = e.c.GetLoginProfile(e.ctx, missing)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetLoginProfile}, "GetLoginProfile of a missing user")
	}

	if e.caps.Supports(iam.OpDeleteLoginProfile) {
		mustNoError(t, e.c.DeleteLoginProfile(e.ctx, name), "DeleteLoginProfile")
		if canGet {
			_, err = e.c.GetLoginProfile(e.ctx, name)
			e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetLoginProfile}, "GetLoginProfile after DeleteLoginProfile")
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
	mustNoError(t, err, "ListAccessKeys of a new user")
	checkEqual(t, len(keys), 0, "keys of a new user")

	k, err := e.c.CreateAccessKey(e.ctx, name)
	mustNoError(t, err, "CreateAccessKey")
	must(t, k != nil, "CreateAccessKey returned a nil key")
	check(t, k.ID != "", "CreateAccessKey: ID is empty")
	check(t, !k.Secret.IsZero(), "CreateAccessKey returns the secret")
	checkEqual(t, k.Status, iam.AccessKeyActive, "a new key's Status")
	checkEqual(t, k.UserName, name, "CreateAccessKey: UserName")
	secret := k.Secret.Reveal()
	check(t, !strings.Contains(fmt.Sprintf("%v %+v %#v %s", k, *k, *k, k.Secret), secret), "the secret prints")

	keys, err = e.c.ListAccessKeys(e.ctx, name)
	mustNoError(t, err, "ListAccessKeys")
	must(t, len(keys) == 1, "ListAccessKeys: got %d keys, want 1", len(keys))
	listed := findKey(keys, k.ID)
	must(t, listed != nil, "ListAccessKeys does not list the created key")
	check(t, listed.Secret.IsZero(), "ListAccessKeys returns a secret")
	checkEqual(t, listed.Status, iam.AccessKeyActive, "ListAccessKeys: Status")
	checkEqual(t, listed.UserName, name, "ListAccessKeys: UserName")

	status := func(what string) iam.AccessKeyStatus {
		t.Helper()
		keys, err := e.c.ListAccessKeys(e.ctx, name)
		mustNoError(t, err, "%s", what)
		k := findKey(keys, k.ID)
		must(t, k != nil, "%s: the key is not listed", what)
		check(t, k.Secret.IsZero(), "%s: ListAccessKeys returns a secret", what)
		return k.Status
	}
	if e.caps.Supports(iam.OpDisableAccessKey) {
		mustNoError(t, e.c.DisableAccessKey(e.ctx, name, k.ID), "DisableAccessKey")
		checkEqual(t, status("after DisableAccessKey"), iam.AccessKeyInactive, "Status after DisableAccessKey")
	}
	if e.caps.Supports(iam.OpEnableAccessKey) {
		mustNoError(t, e.c.EnableAccessKey(e.ctx, name, k.ID), "EnableAccessKey")
		checkEqual(t, status("after EnableAccessKey"), iam.AccessKeyActive, "Status after EnableAccessKey")
	}
	if e.caps.Supports(iam.OpDeleteAccessKey) {
		mustNoError(t, e.c.DeleteAccessKey(e.ctx, name, k.ID), "DeleteAccessKey")
		keys, err = e.c.ListAccessKeys(e.ctx, name)
		mustNoError(t, err, "ListAccessKeys after DeleteAccessKey")
		check(t, findKey(keys, k.ID) == nil, "a deleted key is listed")
		e.checkErr(t, e.c.DeleteAccessKey(e.ctx, name, k.ID), wantErr{kind: iam.ErrNotFound, op: iam.OpDeleteAccessKey}, "DeleteAccessKey twice")
		if e.caps.Supports(iam.OpDisableAccessKey) {
			e.checkErr(t, e.c.DisableAccessKey(e.ctx, name, k.ID), wantErr{kind: iam.ErrNotFound, op: iam.OpDisableAccessKey},
				"DisableAccessKey of a deleted key")
		}
		if e.caps.Supports(iam.OpEnableAccessKey) {
			e.checkErr(t, e.c.EnableAccessKey(e.ctx, name, k.ID), wantErr{kind: iam.ErrNotFound, op: iam.OpEnableAccessKey},
				"EnableAccessKey of a deleted key")
		}
	}
}

func (s *suite) testAccessKeyLimit(t *testing.T) {
	e := s.env(t)
	e.need(keyOps...)
	max := e.caps.MaxAccessKeysPerUser
	must(t, max > 0, "MaxAccessKeysPerUser must be positive, got %d", max)
	name := e.user()
	made := map[string]bool{}
	for i := range max {
		k, err := e.c.CreateAccessKey(e.ctx, name)
		mustNoError(t, err, "CreateAccessKey %d of %d", i+1, max)
		made[k.ID] = true
	}
	checkEqual(t, len(made), max, "distinct key IDs")

	if e.caps.Supports(iam.OpDisableAccessKey) {
		// A disabled key still counts towards the limit.
		for id := range made {
			mustNoError(t, e.c.DisableAccessKey(e.ctx, name, id), "DisableAccessKey")
			break
		}
	}
	_, err := e.c.CreateAccessKey(e.ctx, name)
	e.checkErr(t, err, wantErr{kind: iam.ErrLimitExceeded, op: iam.OpCreateAccessKey},
		"CreateAccessKey past MaxAccessKeysPerUser (%d)", max)

	keys, err := e.c.ListAccessKeys(e.ctx, name)
	mustNoError(t, err, "ListAccessKeys")
	must(t, len(keys) == max, "the refused key was created: %d keys, want %d", len(keys), max)

	if e.caps.Supports(iam.OpDeleteAccessKey) {
		mustNoError(t, e.c.DeleteAccessKey(e.ctx, name, keys[0].ID), "DeleteAccessKey")
		_, err = e.c.CreateAccessKey(e.ctx, name)
		mustNoError(t, err, "deleting a key frees a place")
	}
}

func (s *suite) testAccessKeysNotFound(t *testing.T) {
	e := s.env(t)
	e.need(keyOps...)
	missing := s.name()
	_, err := e.c.ListAccessKeys(e.ctx, missing)
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpListAccessKeys}, "ListAccessKeys of a missing user")
	_, err = e.c.CreateAccessKey(e.ctx, missing)
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpCreateAccessKey}, "CreateAccessKey for a missing user")

	// Another user's key is not found under this user.
	owner, other := e.user(), e.user()
	k, err := e.c.CreateAccessKey(e.ctx, owner)
	mustNoError(t, err, "CreateAccessKey")
	if e.caps.Supports(iam.OpDeleteAccessKey) {
		e.checkErr(t, e.c.DeleteAccessKey(e.ctx, other, k.ID), wantErr{kind: iam.ErrNotFound, op: iam.OpDeleteAccessKey},
			"DeleteAccessKey of another user's key")
		keys, err := e.c.ListAccessKeys(e.ctx, owner)
		mustNoError(t, err, "ListAccessKeys")
		check(t, findKey(keys, k.ID) != nil, "the owner's key is gone")
	}
}

// userOps are the operations that take a user-name argument.
var userOps = []iam.Operation{
	iam.OpGetUser, iam.OpUpdateUser, iam.OpDeleteUser,
	iam.OpGetLoginProfile, iam.OpSetLoginProfile, iam.OpDeleteLoginProfile,
	iam.OpCreateAccessKey, iam.OpListAccessKeys, iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey,
}

// keyArgOps are the operations that take an access key id.
var keyArgOps = []iam.Operation{iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey}

// testNilContext calls every method, supported or not, with a nil context.
func (s *suite) testNilContext(t *testing.T) {
	e := s.env(t)
	name := e.someUser()
	for _, op := range allOps {
		t.Run(string(op), func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "ctx"}, func() error {
				var nilCtx context.Context
				return e.call(t, nilCtx, op, name, sampleKeyID)
			}, "%s with a nil context", op)
		})
	}
}

// testNilInput passes nil for each required input struct.
func (s *suite) testNilInput(t *testing.T) {
	e := s.env(t)
	name := e.someUser()
	group := s.groupName()
	calls := map[iam.Operation]func() error{
		iam.OpCreateUser: func() error { _, err := e.c.CreateUser(e.ctx, nil); return err },
		iam.OpUpdateUser: func() error { _, err := e.c.UpdateUser(e.ctx, name, nil); return err },
		iam.OpSetLoginProfile: func() error {
			_, err := e.c.SetLoginProfile(e.ctx, name, nil)
			return err
		},
		iam.OpCreateGroup:  func() error { _, err := e.c.CreateGroup(e.ctx, nil); return err },
		iam.OpUpdateGroup:  func() error { _, err := e.c.UpdateGroup(e.ctx, group, nil); return err },
		iam.OpCreatePolicy: func() error { _, err := e.c.CreatePolicy(e.ctx, nil); return err },
	}
	for _, op := range []iam.Operation{iam.OpCreateUser, iam.OpUpdateUser, iam.OpSetLoginProfile,
		iam.OpCreateGroup, iam.OpUpdateGroup, iam.OpCreatePolicy} {
		if !e.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "in"}, calls[op], "%s with a nil input", op)
		})
	}
}

// badNames are user names every Client refuses, by case name: empty, over
// the declared length, not UTF-8.
func (e *env) badNames() map[string]string {
	names := map[string]string{"empty": "", "not_UTF-8": "ct_\xff"}
	if max := e.caps.MaxUserNameLength; max > 0 {
		names[fmt.Sprintf("over_%d_characters", max)] = e.s.longName(max + 1)
	}
	return names
}

// testBadUserName passes bad user names to every method that addresses a
// user.
func (s *suite) testBadUserName(t *testing.T) {
	e := s.env(t)
	for _, op := range slices.Concat(userOps, groupUserOps) {
		if !e.caps.Supports(op) {
			continue
		}
		for what, name := range e.badNames() {
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "userName"}, func() error {
					return e.call(t, e.ctx, op, name, sampleKeyID)
				}, "%s with user name %q", op, name)
			})
		}
	}
}

// testBadName creates users with bad names, including one no cloud allows
// ('/'), which the provider must refuse before its first request.
func (s *suite) testBadName(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser)
	names := e.badNames()
	names["slash"] = "ct/bad"
	names["query"] = "ct?x=1"
	for what, name := range names {
		t.Run(what, func(t *testing.T) {
			e.track(name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateUser, field: "Name"}, func() error {
				_, err := e.c.CreateUser(e.ctx, &iam.CreateUserInput{Name: name})
				return err
			}, "CreateUser with Name %q", name)
		})
	}
}

// testBadNewName renames a user to bad names.
func (s *suite) testBadNewName(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpUpdateUser)
	e.needField(iam.FieldRename)
	user := e.user()
	names := e.badNames()
	names["slash"] = "ct/bad"
	names["query"] = "ct?x=1"
	for what, name := range names {
		t.Run(what, func(t *testing.T) {
			e.track(name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpUpdateUser, field: "NewName"}, func() error {
				_, err := e.c.UpdateUser(e.ctx, user, &iam.UpdateUserInput{NewName: &name})
				return err
			}, "rename to %q", name)
		})
	}
}

// testBadAccessKeyID passes malformed access key ids.
func (s *suite) testBadAccessKeyID(t *testing.T) {
	e := s.env(t)
	name := e.someUser()
	ids := map[string]string{
		"empty":     "",
		"query":     "AK?x=1",
		"path":      "AK/../x",
		"space":     "AK x",
		"non-ASCII": "ÄK1",
		"too_long":  strings.Repeat("A", iam.MaxAccessKeyIDLength+1),
	}
	for _, op := range keyArgOps {
		if !e.caps.Supports(op) {
			continue
		}
		for what, id := range ids {
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "accessKeyID"}, func() error {
					return e.call(t, e.ctx, op, name, id)
				}, "%s with access key id %q", op, id)
			})
		}
	}
}

// overLength returns a value of field f one character over n.
func overLength(f iam.Field, n int) string {
	switch f {
	case iam.FieldEmail:
		return strings.Repeat("a", max(n+1-len("@example.com"), 1)) + "@example.com"
	case iam.FieldPhone:
		return "86-" + strings.Repeat("1", max(n+1-3, 1))
	}
	return strings.Repeat("x", n+1)
}

// testBadLengths sets each field one character over its declared limit.
func (s *suite) testBadLengths(t *testing.T) {
	e := s.env(t)
	name := e.someUser()
	tested := false
	for _, f := range stringFields {
		n := e.maxLength(f)
		if n == 0 || !e.caps.SupportsField(f) {
			continue
		}
		v := overLength(f, n)
		if e.caps.Supports(iam.OpCreateUser) {
			tested = true
			t.Run("CreateUser/"+string(f), func(t *testing.T) {
				in := &iam.CreateUserInput{Name: s.name()}
				setCreate(in, f, v)
				e.track(in.Name)
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateUser, field: string(f)}, func() error {
					_, err := e.c.CreateUser(e.ctx, in)
					return err
				}, "CreateUser with %s of %d characters (limit %d)", f, n+1, n)
			})
		}
		if e.caps.Supports(iam.OpUpdateUser) {
			tested = true
			t.Run("UpdateUser/"+string(f), func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpUpdateUser, field: string(f)}, func() error {
					_, err := e.c.UpdateUser(e.ctx, name, updateOf(f, v))
					return err
				}, "UpdateUser with %s of %d characters (limit %d)", f, n+1, n)
			})
		}
	}
	if !tested {
		t.Skip("no declared length limit")
	}
}

// testBadPassword sets passwords outside the declared lengths.
func (s *suite) testBadPassword(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpSetLoginProfile)
	name := e.someUser()
	pws := map[string]string{"not_UTF-8": "Ct#Aa9!\xff"}
	if n := e.caps.MinPasswordLength; n > 1 {
		pws["short"] = passwordOf(n - 1)[:n-1]
	}
	if n := e.caps.MaxPasswordLength; n > 0 {
		pws["long"] = passwordOf(n + 1)
	}
	for what, pw := range pws {
		t.Run(what, func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpSetLoginProfile, field: "Password"}, func() error {
				_, err := e.c.SetLoginProfile(e.ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(pw)})
				return err
			}, "SetLoginProfile with a %s password (%d bytes; limits %d to %d)", what, len(pw),
				e.caps.MinPasswordLength, e.caps.MaxPasswordLength)
		})
	}
}

// testBadPageSize lists with page sizes outside the declared range.
func (s *suite) testBadPageSize(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpListUsers)
	sizes := map[string]int{"negative": -1}
	if n := e.caps.MaxPageSize; n > 0 {
		sizes[fmt.Sprintf("over_%d", n)] = n + 1
	}
	for what, size := range sizes {
		t.Run(what, func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpListUsers, field: "PageSize"}, func() error {
				return listErr(t, e.c.ListUsers(e.ctx, &iam.ListUsersInput{PageSize: size}), "ListUsers")
			}, "ListUsers with PageSize %d (MaxPageSize %d)", size, e.caps.MaxPageSize)
		})
	}
}

// testBadMFAMethod sets MFA methods that are unknown, or missing where the
// cloud needs one.
func (s *suite) testBadMFAMethod(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpSetLoginProfile)
	name := e.someUser()
	set := func(in *iam.LoginProfileInput) func() error {
		return func() error { _, err := e.c.SetLoginProfile(e.ctx, name, in); return err }
	}
	t.Run("unknown", func(t *testing.T) {
		e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpSetLoginProfile, field: "MFAMethod"},
			set(&iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("carrier-pigeon"))}), "an unknown MFA method")
	})
	if !e.caps.SupportsField(iam.FieldMFARequired) {
		return
	}
	if e.caps.SupportsField(iam.FieldMFAMethod) {
		t.Run("none_with_MFARequired", func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpSetLoginProfile, field: "MFAMethod"},
				set(&iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFANone)}),
				"MFARequired true with MFAMethod none")
		})
	}
	if len(e.caps.MFAMethods) > 1 {
		t.Run("missing_with_MFARequired", func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpSetLoginProfile, field: "MFAMethod"},
				set(&iam.LoginProfileInput{MFARequired: iam.Ptr(true)}),
				"MFARequired true without MFAMethod on a cloud with %d methods", len(e.caps.MFAMethods))
		})
	}
}

// testBadClear clears the fields the cloud has but cannot clear.
func (s *suite) testBadClear(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpUpdateUser)
	name := e.someUser()
	tested := false
	for _, f := range stringFields {
		if !e.caps.SupportsField(f) || e.caps.CanClear(f) {
			continue
		}
		tested = true
		t.Run(string(f), func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrUnsupported, op: iam.OpUpdateUser, field: string(f)}, func() error {
				_, err := e.c.UpdateUser(e.ctx, name, updateOf(f, ""))
				return err
			}, "clearing %s, which is not in Capabilities().ClearableFields", f)
		})
	}
	if !tested {
		t.Skip("every field the cloud has can be cleared")
	}
}

// testAddressingNames addresses users by names that would change a
// request's path or query if sent unescaped. Each call must find no such
// user, or refuse the name before its first request (a refusal the cloud
// itself sends, with a StatusCode, is fine too); it must never succeed.
func (s *suite) testAddressingNames(t *testing.T) {
	e := s.env(t)
	if e.caps.Supports(iam.OpCreateUser) {
		e.user() // so that a path that drops the name may find someone
	}
	names := map[string]string{
		"dot-dot":  "ct/../x",
		"query":    "ct?x=1",
		"fragment": "ct#x",
		"percent":  "ct%2Fx",
		"space":    "ct x",
		"dots":     "..",
	}
	for _, op := range userOps {
		if !e.caps.Supports(op) {
			continue
		}
		for what, name := range names {
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				mark := s.rec.mark()
				err := e.call(t, e.ctx, op, name, sampleKeyID)
				sent := requests(s.rec.since(mark))
				if errors.Is(err, iam.ErrNotFound) {
					e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: op}, "%s(%q)", op, name)
					return
				}
				var ie *iam.Error
				if errors.As(err, &ie) && ie.StatusCode != 0 {
					// The cloud refused the name itself.
					e.checkErr(t, err, wantErr{kind: iam.ErrInvalidArgument, op: op, field: ie.Field},
						"%s(%q): want ErrNotFound or ErrInvalidArgument", op, name)
					return
				}
				e.checkErr(t, err, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "userName"},
					"%s(%q): want ErrNotFound, or ErrInvalidArgument before any request", op, name)
				if sent != "" {
					t.Errorf("%s(%q) was refused on this side after requests: %s", op, name, sent)
				}
			})
		}
	}
}

func (s *suite) testLeavesNoUsers(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpListUsers)
	for u, err := range e.c.ListUsers(e.ctx, nil) {
		mustNoError(t, err, "ListUsers")
		check(t, !strings.HasPrefix(u.Name, s.prefix), "user %s created by the suite was not cleaned up", u.Name)
	}
}
