package iamtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

// groupName returns a fresh group name: "ct_" + 6 hex digits + "_g" + a
// counter.
func (s *suite) groupName() string { return fmt.Sprintf("%sg%d", s.prefix, s.n.Add(1)) }

// longGroupName returns a fresh group name of n characters.
func (s *suite) longGroupName(n int) string {
	name := s.groupName() + "_"
	if len(name) > n {
		name = "g"
	}
	return name + strings.Repeat("a", n-len(name))
}

// policyName returns a fresh custom policy name: "ct" + 6 hex digits + "p"
// + a counter, letters and digits only.
func (s *suite) policyName() string { return fmt.Sprintf("%s%d", s.policyPrefix, s.n.Add(1)) }

// samplePolicy is a policy ref for calls whose policy does not matter
// (they are refused before the policy is looked at, or fail anyway).
var samplePolicy = iam.PolicyRef{Name: "ReadOnlyAccess", Type: iam.PolicySystem}

// systemPolicy returns the harness's read-only system policy, and whether
// there is one.
func (e *env) systemPolicy() (iam.PolicyRef, bool) {
	ref := e.s.h.Policies.ReadOnlySystemPolicy
	if ref.Name == "" {
		return iam.PolicyRef{}, false
	}
	if ref.Type == "" {
		ref.Type = iam.PolicySystem
	}
	ref.Project = ""
	return ref, true
}

// needSystemPolicy skips the test unless the harness names a system policy.
func (e *env) needSystemPolicy() iam.PolicyRef {
	e.t.Helper()
	ref, ok := e.systemPolicy()
	if !ok {
		e.t.Skip("the harness names no system policy: set Harness.Policies.ReadOnlySystemPolicy (RunClientTestsWith)")
	}
	return ref
}

// anyRef returns the harness's system policy, or a sample one.
func (e *env) anyRef() iam.PolicyRef {
	if ref, ok := e.systemPolicy(); ok {
		return ref
	}
	return samplePolicy
}

// cleanup runs f after the test with a fresh context, and reports its
// error unless it is one of the kinds ok lists.
func (e *env) cleanup(what string, f func(ctx context.Context) error, ok ...iam.Kind) {
	t := e.t
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		err := f(ctx)
		if err == nil {
			return
		}
		for _, k := range ok {
			if errors.Is(err, k) {
				return
			}
		}
		t.Errorf("cleanup: %s: %v", what, err)
	})
}

// trackGroup deletes the named group (and, through the portable
// DeleteGroup, its memberships and attachments) when the test ends.
func (e *env) trackGroup(name string) {
	if !e.caps.Supports(iam.OpDeleteGroup) {
		return
	}
	c := e.c
	e.cleanup("DeleteGroup("+name+")", func(ctx context.Context) error { return c.DeleteGroup(ctx, name) },
		iam.ErrNotFound, iam.ErrInvalidArgument)
}

// trackPolicy deletes the named custom policy when the test ends.
func (e *env) trackPolicy(name string) {
	if !e.caps.Supports(iam.OpDeletePolicy) {
		return
	}
	c := e.c
	e.cleanup("DeletePolicy("+name+")", func(ctx context.Context) error { return c.DeletePolicy(ctx, name) },
		iam.ErrNotFound, iam.ErrInvalidArgument)
}

// createGroup creates a group (tracked for cleanup) and stops the test on
// error.
func (e *env) createGroup(in *iam.CreateGroupInput) *iam.Group {
	e.t.Helper()
	e.trackGroup(in.Name)
	g, err := e.c.CreateGroup(e.ctx, in)
	mustNoError(e.t, err, "CreateGroup(%s)", in.Name)
	must(e.t, g != nil, "CreateGroup(%s) returned a nil group", in.Name)
	return g
}

// group creates a group with only a name.
func (e *env) group() string {
	e.t.Helper()
	e.need(iam.OpCreateGroup)
	name := e.s.groupName()
	e.createGroup(&iam.CreateGroupInput{Name: name})
	return name
}

// someGroup returns the name of an existing group where the client can
// create one, or a fresh name.
func (e *env) someGroup() string {
	e.t.Helper()
	if e.caps.Supports(iam.OpCreateGroup) {
		return e.group()
	}
	return e.s.groupName()
}

// collect ranges over a whole sequence and returns its elements; an error
// or a nil element stops the test.
func collect[T any](t testing.TB, seq iter.Seq2[*T, error], format string, args ...any) []*T {
	t.Helper()
	var out []*T
	for v, err := range seq {
		mustNoError(t, err, format, args...)
		must(t, v != nil, "%s: a nil element without an error", msg(format, args...))
		out = append(out, v)
	}
	return out
}

// namedGroups returns the groups of that name.
func namedGroups(gs []*iam.Group, name string) []*iam.Group {
	var out []*iam.Group
	for _, g := range gs {
		if g.Name == name {
			out = append(out, g)
		}
	}
	return out
}

// namedUsers returns the users of that name.
func namedUsers(us []*iam.User, name string) []*iam.User {
	var out []*iam.User
	for _, u := range us {
		if u.Name == name {
			out = append(out, u)
		}
	}
	return out
}

// namedPolicies returns the policies of that name and type.
func namedPolicies(ps []*iam.Policy, ref iam.PolicyRef) []*iam.Policy {
	var out []*iam.Policy
	for _, p := range ps {
		if p.Name == ref.Name && p.Type == ref.Type {
			out = append(out, p)
		}
	}
	return out
}

// checkGroup compares a group with the name and description it must have.
func (e *env) checkGroup(g *iam.Group, name, description, what string) {
	t := e.t
	t.Helper()
	must(t, g != nil, "%s: nil group", what)
	checkEqual(t, g.Name, name, "%s: Name", what)
	check(t, g.ID != "", "%s: ID is empty", what)
	if e.caps.SupportsField(iam.FieldGroupDescription) {
		checkEqual(t, g.Description, description, "%s: Description", what)
	}
}

// callArgs are the arguments of a group or policy call.
type callArgs struct {
	user, group string
	ref         iam.PolicyRef
}

// groupCall runs a group or policy operation with the arguments of a
// (fresh names for CreateGroup and CreatePolicy) and returns its error. A
// list must end with exactly one (nil, err) pair.
func (e *env) groupCall(t testing.TB, ctx context.Context, op iam.Operation, a callArgs) error {
	t.Helper()
	c := e.c
	var err error
	switch op {
	case iam.OpCreateGroup:
		name := e.s.groupName()
		e.trackGroup(name)
		_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{Name: name})
	case iam.OpGetGroup:
		_, err = c.GetGroup(ctx, a.group)
	case iam.OpUpdateGroup:
		_, err = c.UpdateGroup(ctx, a.group, &iam.UpdateGroupInput{})
	case iam.OpDeleteGroup:
		err = c.DeleteGroup(ctx, a.group)
	case iam.OpListGroups:
		err = listErr(t, c.ListGroups(ctx, nil), "ListGroups")
	case iam.OpAddUserToGroup:
		err = c.AddUserToGroup(ctx, a.group, a.user)
	case iam.OpRemoveUserFromGroup:
		err = c.RemoveUserFromGroup(ctx, a.group, a.user)
	case iam.OpListGroupUsers:
		err = listErr(t, c.ListGroupUsers(ctx, a.group), "ListGroupUsers")
	case iam.OpListUserGroups:
		err = listErr(t, c.ListUserGroups(ctx, a.user), "ListUserGroups")
	case iam.OpListPolicies:
		err = listErr(t, c.ListPolicies(ctx, nil), "ListPolicies")
	case iam.OpGetPolicy:
		_, err = c.GetPolicy(ctx, a.ref)
	case iam.OpCreatePolicy:
		name := e.s.policyName()
		e.trackPolicy(name)
		doc := e.s.h.Policies.CustomPolicyDocument
		if doc == "" {
			doc = `{"Version":"1","Statement":[]}`
		}
		_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{Name: name, Document: doc})
	case iam.OpDeletePolicy:
		err = c.DeletePolicy(ctx, a.ref.Name)
	case iam.OpAttachUserPolicy:
		err = c.AttachUserPolicy(ctx, a.user, a.ref)
	case iam.OpDetachUserPolicy:
		err = c.DetachUserPolicy(ctx, a.user, a.ref)
	case iam.OpListUserPolicies:
		err = listErr(t, c.ListUserPolicies(ctx, a.user), "ListUserPolicies")
	case iam.OpAttachGroupPolicy:
		err = c.AttachGroupPolicy(ctx, a.group, a.ref)
	case iam.OpDetachGroupPolicy:
		err = c.DetachGroupPolicy(ctx, a.group, a.ref)
	case iam.OpListGroupPolicies:
		err = listErr(t, c.ListGroupPolicies(ctx, a.group), "ListGroupPolicies")
	default:
		t.Fatalf("iamtest: no call for %s", op)
	}
	return err
}

// groupUserOps are the group and policy operations that take a user name.
var groupUserOps = []iam.Operation{
	iam.OpAddUserToGroup, iam.OpRemoveUserFromGroup, iam.OpListUserGroups,
	iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpListUserPolicies,
}

// groupNameOps are the operations that take a group name.
var groupNameOps = []iam.Operation{
	iam.OpGetGroup, iam.OpUpdateGroup, iam.OpDeleteGroup,
	iam.OpAddUserToGroup, iam.OpRemoveUserFromGroup, iam.OpListGroupUsers,
	iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, iam.OpListGroupPolicies,
}

// refOps are the operations that take a PolicyRef.
var refOps = []iam.Operation{
	iam.OpGetPolicy, iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy,
}

func (s *suite) testGroupLifecycle(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup, iam.OpGetGroup)
	name := s.groupName()
	in := &iam.CreateGroupInput{Name: name}
	desc := e.caps.SupportsField(iam.FieldGroupDescription)
	if desc {
		in.Description = "cloudiam conformance"
	}
	created := e.createGroup(in)
	e.checkGroup(created, name, in.Description, "CreateGroup result")

	got, err := e.c.GetGroup(e.ctx, name)
	mustNoError(t, err, "GetGroup")
	e.checkGroup(got, name, in.Description, "GetGroup result")
	checkEqual(t, got.ID, created.ID, "GetGroup returns the group CreateGroup made: ID")
	if !created.CreatedAt.IsZero() && !got.CreatedAt.IsZero() {
		check(t, created.CreatedAt.Equal(got.CreatedAt), "CreatedAt is stable: %v vs %v", created.CreatedAt, got.CreatedAt)
	}

	if e.caps.Supports(iam.OpUpdateGroup) {
		// An input with no field set changes nothing.
		u, err := e.c.UpdateGroup(e.ctx, name, &iam.UpdateGroupInput{})
		mustNoError(t, err, "UpdateGroup with no field set")
		e.checkGroup(u, name, in.Description, "UpdateGroup with no field set")
		if desc {
			const changed = "updated by conformance"
			u, err := e.c.UpdateGroup(e.ctx, name, &iam.UpdateGroupInput{Description: iam.Ptr(changed)})
			mustNoError(t, err, "UpdateGroup of the description")
			e.checkGroup(u, name, changed, "UpdateGroup result")
			checkEqual(t, u.ID, created.ID, "UpdateGroup keeps the ID")
			got, err := e.c.GetGroup(e.ctx, name)
			mustNoError(t, err, "GetGroup after UpdateGroup")
			e.checkGroup(got, name, changed, "GetGroup after UpdateGroup")
			if e.caps.CanClear(iam.FieldGroupDescription) {
				_, err := e.c.UpdateGroup(e.ctx, name, &iam.UpdateGroupInput{Description: iam.Ptr("")})
				mustNoError(t, err, "clearing the description, which is in Capabilities().ClearableFields")
				got, err := e.c.GetGroup(e.ctx, name)
				mustNoError(t, err, "GetGroup after clearing the description")
				e.checkGroup(got, name, "", "GetGroup after clearing the description")
			}
		}
	}

	if e.caps.Supports(iam.OpListGroups) {
		gs := namedGroups(collect(t, e.c.ListGroups(e.ctx, nil), "ListGroups"), name)
		if checkEqual(t, len(gs), 1, "ListGroups yields the created group once") {
			checkEqual(t, gs[0].ID, created.ID, "ListGroups: ID")
		}
	}

	if e.caps.Supports(iam.OpDeleteGroup) {
		mustNoError(t, e.c.DeleteGroup(e.ctx, name), "DeleteGroup")
		_, err = e.c.GetGroup(e.ctx, name)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetGroup}, "GetGroup after DeleteGroup")
		e.checkErr(t, e.c.DeleteGroup(e.ctx, name), wantErr{kind: iam.ErrNotFound, op: iam.OpDeleteGroup}, "DeleteGroup twice")
		if e.caps.Supports(iam.OpListGroups) {
			gs := namedGroups(collect(t, e.c.ListGroups(e.ctx, nil), "ListGroups"), name)
			checkEqual(t, len(gs), 0, "ListGroups after DeleteGroup yields the deleted group")
		}
	}
}

func (s *suite) testGroupRename(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup, iam.OpGetGroup, iam.OpUpdateGroup)
	e.needField(iam.FieldGroupRename)
	oldName, newName := s.groupName(), s.groupName()
	e.trackGroup(newName)
	created := e.createGroup(&iam.CreateGroupInput{Name: oldName})
	taken := e.group()
	member := ""
	if e.caps.Supports(iam.OpCreateUser) && e.caps.Supports(iam.OpAddUserToGroup) && e.caps.Supports(iam.OpListGroupUsers) {
		member = e.user()
		mustNoError(t, e.c.AddUserToGroup(e.ctx, oldName, member), "AddUserToGroup")
	}

	g, err := e.c.UpdateGroup(e.ctx, oldName, &iam.UpdateGroupInput{NewName: iam.Ptr(newName)})
	mustNoError(t, err, "rename")
	checkEqual(t, g.Name, newName, "UpdateGroup result carries the new name")
	checkEqual(t, g.ID, created.ID, "a rename keeps the ID")

	_, err = e.c.GetGroup(e.ctx, oldName)
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetGroup}, "GetGroup of the old name")
	got, err := e.c.GetGroup(e.ctx, newName)
	mustNoError(t, err, "GetGroup of the new name")
	checkEqual(t, got.ID, created.ID, "GetGroup of the new name: ID")
	if member != "" {
		us := namedUsers(collect(t, e.c.ListGroupUsers(e.ctx, newName), "ListGroupUsers after the rename"), member)
		checkEqual(t, len(us), 1, "a renamed group keeps its members")
	}

	_, err = e.c.UpdateGroup(e.ctx, newName, &iam.UpdateGroupInput{NewName: iam.Ptr(taken)})
	e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: iam.OpUpdateGroup}, "rename to a group name in use")
}

// testGroupMaxLengths creates a group whose name and description are as
// long as the cloud declares it accepts.
func (s *suite) testGroupMaxLengths(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup, iam.OpGetGroup)
	n, d := e.caps.MaxGroupNameLength, e.caps.MaxGroupDescriptionLength
	if n == 0 && (d == 0 || !e.caps.SupportsField(iam.FieldGroupDescription)) {
		t.Skip("no declared limit of a group's name or description")
	}
	in := &iam.CreateGroupInput{Name: s.groupName()}
	if n > 0 {
		in.Name = s.longGroupName(n)
	}
	if d > 3 && e.caps.SupportsField(iam.FieldGroupDescription) {
		in.Description = "CT " + strings.Repeat("x", d-3)
	}
	g := e.createGroup(in)
	e.checkGroup(g, in.Name, in.Description, "CreateGroup with a name and description of the declared maximum length")
	got, err := e.c.GetGroup(e.ctx, in.Name)
	mustNoError(t, err, "GetGroup")
	e.checkGroup(got, in.Name, in.Description, "GetGroup of a group with a name and description of the declared maximum length")
}

func (s *suite) testListGroups(t *testing.T) {
	defer noPanic(t)
	e := s.env(t)
	e.need(iam.OpCreateGroup, iam.OpListGroups)
	want := map[string]string{} // name -> ID
	for range 3 {
		name := s.groupName()
		want[name] = e.createGroup(&iam.CreateGroupInput{Name: name}).ID
	}
	size := 2
	if m := e.caps.MaxPageSize; m > 0 && m < size {
		size = m
	}
	seen, ids := map[string]int{}, map[string]int{}
	for _, g := range collect(t, e.c.ListGroups(e.ctx, &iam.ListGroupsInput{PageSize: size}), "ListGroups with PageSize %d", size) {
		ids[g.ID]++
		if id, ok := want[g.Name]; ok {
			seen[g.Name]++
			checkEqual(t, g.ID, id, "ListGroups: ID of %s", g.Name)
		}
	}
	for name := range want {
		checkEqual(t, seen[name], 1, "ListGroups with PageSize %d yields %s once", size, name)
	}
	for id, n := range ids {
		checkEqual(t, n, 1, "ListGroups yields group ID %s once", id)
	}
	if m := e.caps.MaxPageSize; m > 0 {
		for _, err := range e.c.ListGroups(e.ctx, &iam.ListGroupsInput{PageSize: m}) {
			checkNoError(t, err, "ListGroups with PageSize %d (Capabilities().MaxPageSize)", m)
			break
		}
	}
	// Breaking out of the loop stops the sequence.
	n := 0
	for _, err := range e.c.ListGroups(e.ctx, &iam.ListGroupsInput{PageSize: size}) {
		mustNoError(t, err, "ListGroups")
		n++
		if n == 2 {
			break
		}
	}
	checkEqual(t, n, 2, "groups seen before break")
}

func (s *suite) testMembership(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpCreateGroup, iam.OpAddUserToGroup)
	group := e.group()
	u1, u2, loner := e.user(), e.user(), e.user()
	ids := map[string]string{}
	if e.caps.Supports(iam.OpGetUser) {
		for _, n := range []string{u1, u2} {
			u, err := e.c.GetUser(e.ctx, n)
			mustNoError(t, err, "GetUser")
			ids[n] = u.ID
		}
	}
	mustNoError(t, e.c.AddUserToGroup(e.ctx, group, u1), "AddUserToGroup(%s, %s)", group, u1)
	mustNoError(t, e.c.AddUserToGroup(e.ctx, group, u2), "AddUserToGroup(%s, %s)", group, u2)

	canListUsers, canListGroups := e.caps.Supports(iam.OpListGroupUsers), e.caps.Supports(iam.OpListUserGroups)
	members := func(what string) []*iam.User {
		t.Helper()
		return collect(t, e.c.ListGroupUsers(e.ctx, group), "ListGroupUsers %s", what)
	}
	groupsOf := func(user, what string) []*iam.Group {
		t.Helper()
		return namedGroups(collect(t, e.c.ListUserGroups(e.ctx, user), "ListUserGroups(%s) %s", user, what), group)
	}
	if canListUsers {
		us := members("after AddUserToGroup")
		for _, n := range []string{u1, u2} {
			found := namedUsers(us, n)
			if checkEqual(t, len(found), 1, "ListGroupUsers yields member %s once", n) && ids[n] != "" {
				checkEqual(t, found[0].ID, ids[n], "ListGroupUsers: ID of %s", n)
			}
		}
		checkEqual(t, len(namedUsers(us, loner)), 0, "ListGroupUsers yields a user who is not a member")
	}
	if canListGroups {
		gs := groupsOf(u1, "after AddUserToGroup")
		checkEqual(t, len(gs), 1, "ListUserGroups yields the group once")
		checkEqual(t, len(groupsOf(loner, "of a user in no group")), 0, "ListUserGroups of a user who joined nothing")
	}

	if !e.caps.Supports(iam.OpRemoveUserFromGroup) {
		return
	}
	mustNoError(t, e.c.RemoveUserFromGroup(e.ctx, group, u1), "RemoveUserFromGroup(%s, %s)", group, u1)
	if canListUsers {
		us := members("after RemoveUserFromGroup")
		checkEqual(t, len(namedUsers(us, u1)), 0, "ListGroupUsers yields a removed member")
		checkEqual(t, len(namedUsers(us, u2)), 1, "ListGroupUsers yields the remaining member once")
	}
	if canListGroups {
		checkEqual(t, len(groupsOf(u1, "after RemoveUserFromGroup")), 0, "ListUserGroups yields a group the user left")
		checkEqual(t, len(groupsOf(u2, "of the remaining member")), 1, "ListUserGroups of the remaining member")
	}
	if e.caps.Supports(iam.OpGetUser) {
		_, err := e.c.GetUser(e.ctx, u1)
		checkNoError(t, err, "a user who left a group still exists")
	}
}

func (s *suite) testGroupNotFound(t *testing.T) {
	e := s.env(t)
	missing := s.groupName()
	group, user := "", ""
	if e.caps.Supports(iam.OpCreateGroup) {
		group = e.group()
	}
	if e.caps.Supports(iam.OpCreateUser) {
		user = e.user()
	}
	notFound := func(op iam.Operation, a callArgs, what string) {
		t.Helper()
		if e.caps.Supports(op) {
			e.checkErr(t, e.groupCall(t, e.ctx, op, a), wantErr{kind: iam.ErrNotFound, op: op}, "%s", what)
		}
	}
	notFound(iam.OpGetGroup, callArgs{group: missing}, "GetGroup of a missing group")
	notFound(iam.OpUpdateGroup, callArgs{group: missing}, "UpdateGroup of a missing group")
	if e.caps.Supports(iam.OpUpdateGroup) && e.caps.SupportsField(iam.FieldGroupDescription) {
		_, err := e.c.UpdateGroup(e.ctx, missing, &iam.UpdateGroupInput{Description: iam.Ptr("x")})
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpUpdateGroup}, "UpdateGroup of a missing group's description")
	}
	notFound(iam.OpDeleteGroup, callArgs{group: missing}, "DeleteGroup of a missing group")
	notFound(iam.OpListGroupUsers, callArgs{group: missing}, "ListGroupUsers of a missing group")
	if user != "" {
		notFound(iam.OpAddUserToGroup, callArgs{group: missing, user: user}, "AddUserToGroup to a missing group")
		notFound(iam.OpRemoveUserFromGroup, callArgs{group: missing, user: user}, "RemoveUserFromGroup of a missing group")
	}
	missingUser := s.name()
	if group != "" {
		notFound(iam.OpAddUserToGroup, callArgs{group: group, user: missingUser}, "AddUserToGroup of a missing user")
		notFound(iam.OpRemoveUserFromGroup, callArgs{group: group, user: missingUser}, "RemoveUserFromGroup of a missing user")
	}
	notFound(iam.OpListUserGroups, callArgs{user: missingUser}, "ListUserGroups of a missing user")
}

// duplicate checks the answer to a change made a second time.
func (e *env) duplicate(t testing.TB, err error, d Duplicate, op iam.Operation, what string) {
	t.Helper()
	switch d {
	case DuplicateRefused:
		e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: op}, "%s (Harness: %v)", what, d)
	case DuplicateIgnored:
		checkNoError(t, err, "%s (Harness: %v)", what, d)
	default:
		if err != nil {
			e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: op}, "%s: want success or ErrAlreadyExists", what)
		}
	}
}

func (s *suite) testGroupConflicts(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup)
	group := e.group()
	_, err := e.c.CreateGroup(e.ctx, &iam.CreateGroupInput{Name: group})
	e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: iam.OpCreateGroup}, "CreateGroup of a name in use")

	if !e.caps.Supports(iam.OpCreateUser) || !e.caps.Supports(iam.OpAddUserToGroup) {
		return
	}
	user := e.user()
	mustNoError(t, e.c.AddUserToGroup(e.ctx, group, user), "AddUserToGroup")
	e.duplicate(t, e.c.AddUserToGroup(e.ctx, group, user), e.s.h.DuplicateMembership, iam.OpAddUserToGroup,
		"AddUserToGroup of a member")
	if e.caps.Supports(iam.OpListGroupUsers) {
		us := collect(t, e.c.ListGroupUsers(e.ctx, group), "ListGroupUsers")
		checkEqual(t, len(namedUsers(us, user)), 1, "a user who joined twice is listed once")
	}
	if !e.caps.Supports(iam.OpRemoveUserFromGroup) {
		return
	}
	mustNoError(t, e.c.RemoveUserFromGroup(e.ctx, group, user), "RemoveUserFromGroup")
	if e.caps.Supports(iam.OpListGroupUsers) {
		us := collect(t, e.c.ListGroupUsers(e.ctx, group), "ListGroupUsers")
		checkEqual(t, len(namedUsers(us, user)), 0, "one RemoveUserFromGroup ends a membership made twice")
	}
	e.checkErr(t, e.c.RemoveUserFromGroup(e.ctx, group, user), wantErr{kind: iam.ErrNotFound, op: iam.OpRemoveUserFromGroup},
		"RemoveUserFromGroup of a user who is not a member")
}

func (s *suite) testListPolicies(t *testing.T) {
	defer noPanic(t)
	e := s.env(t)
	e.need(iam.OpListPolicies)
	ref, named := e.systemPolicy()

	system := collect(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem}), "ListPolicies of system policies")
	check(t, len(system) > 0, "ListPolicies yields no system policy")
	for _, p := range system {
		checkEqual(t, p.Type, iam.PolicySystem, "ListPolicies with Type system: Type of %q", p.Name)
		check(t, p.Name != "", "ListPolicies yields a policy without a name")
	}
	if named {
		checkEqual(t, len(namedPolicies(system, ref)), 1, "ListPolicies of system policies yields %q once", ref.Name)
	}
	for _, p := range collect(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}), "ListPolicies of custom policies") {
		checkEqual(t, p.Type, iam.PolicyCustom, "ListPolicies with Type custom: Type of %q", p.Name)
	}
	if named {
		all := collect(t, e.c.ListPolicies(e.ctx, nil), "ListPolicies")
		checkEqual(t, len(namedPolicies(all, ref)), 1, "ListPolicies of every type yields %q once", ref.Name)
	}

	// Small pages: no policy twice across a page boundary, and breaking
	// out of the loop stops the sequence.
	size := 2
	if m := e.caps.MaxPageSize; m > 0 && m < size {
		size = m
	}
	seen := map[string]int{}
	n := 0
	for p, err := range e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem, PageSize: size}) {
		mustNoError(t, err, "ListPolicies with PageSize %d", size)
		must(t, p != nil, "ListPolicies yields no nil policy without an error")
		key := p.Name + "\x00" + p.ID
		seen[key]++
		checkEqual(t, seen[key], 1, "ListPolicies with PageSize %d yields %q (ID %q) once", size, p.Name, p.ID)
		if n++; n == 5 {
			break
		}
	}
	checkEqual(t, n, min(5, len(system)), "policies seen before break")
}

func (s *suite) testGetPolicy(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpGetPolicy)
	ref := e.needSystemPolicy()
	p, err := e.c.GetPolicy(e.ctx, ref)
	mustNoError(t, err, "GetPolicy(%q)", ref.Name)
	checkEqual(t, p.Name, ref.Name, "GetPolicy: Name")
	checkEqual(t, p.Type, iam.PolicySystem, "GetPolicy: Type")
	check(t, p.Project == "" && p.AttachedAt.IsZero(), "GetPolicy: Project and AttachedAt are set only in lists of attachments")

	// GetPolicy ignores the scope of a ref.
	if e.caps.SupportsField(iam.FieldPolicyProject) {
		in := ref
		in.Project = "ct-ignored"
		_, err := e.c.GetPolicy(e.ctx, in)
		checkNoError(t, err, "GetPolicy of a ref with a Project (ignored)")
	}

	_, err = e.c.GetPolicy(e.ctx, iam.PolicyRef{Name: s.policyName(), Type: iam.PolicySystem})
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetPolicy}, "GetPolicy of a missing system policy")
	_, err = e.c.GetPolicy(e.ctx, iam.PolicyRef{Name: ref.Name, Type: iam.PolicyCustom})
	e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetPolicy},
		"GetPolicy of the system policy %q as a custom one", ref.Name)
}

// attachTarget is a user or a group to attach policies to, with its operations.
type attachTarget struct {
	kind                 string // "user" or "group"
	name                 string
	attach, detach, list iam.Operation
}

func (e *env) attachCall(tg attachTarget, op iam.Operation, ref iam.PolicyRef) error {
	return e.groupCall(e.t, e.ctx, op, callArgs{user: tg.name, group: tg.name, ref: ref})
}

func (e *env) attached(tg attachTarget, what string) []*iam.Policy {
	e.t.Helper()
	if tg.kind == "user" {
		return collect(e.t, e.c.ListUserPolicies(e.ctx, tg.name), "ListUserPolicies %s", what)
	}
	return collect(e.t, e.c.ListGroupPolicies(e.ctx, tg.name), "ListGroupPolicies %s", what)
}

func (e *env) groupTarget() attachTarget {
	e.t.Helper()
	e.need(iam.OpCreateGroup, iam.OpAttachGroupPolicy, iam.OpListGroupPolicies)
	return attachTarget{"group", e.group(), iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, iam.OpListGroupPolicies}
}

func (e *env) userTarget() attachTarget {
	e.t.Helper()
	e.need(iam.OpCreateUser, iam.OpAttachUserPolicy, iam.OpListUserPolicies)
	return attachTarget{"user", e.user(), iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpListUserPolicies}
}

// testAttachment attaches ref to the target, lists it and detaches it.
func (e *env) testAttachment(tg attachTarget, ref iam.PolicyRef) {
	t := e.t
	t.Helper()
	checkEqual(t, len(namedPolicies(e.attached(tg, "of a new "+tg.kind), ref)), 0, "policies of a new %s", tg.kind)
	mustNoError(t, e.attachCall(tg, tg.attach, ref), "%s(%s, %q)", tg.attach, tg.name, ref.Name)
	ps := namedPolicies(e.attached(tg, "after "+string(tg.attach)), ref)
	if checkEqual(t, len(ps), 1, "%s yields the attached policy %q once", tg.list, ref.Name) {
		checkEqual(t, ps[0].Project, "", "%s: Project of an account-scope grant", tg.list)
		checkEqual(t, ps[0].Ref(), ref, "%s: Ref() of the attached policy", tg.list)
	}
	if !e.caps.Supports(tg.detach) {
		return
	}
	mustNoError(t, e.attachCall(tg, tg.detach, ref), "%s(%s, %q)", tg.detach, tg.name, ref.Name)
	checkEqual(t, len(namedPolicies(e.attached(tg, "after "+string(tg.detach)), ref)), 0,
		"%s yields a detached policy", tg.list)
	e.checkErr(t, e.attachCall(tg, tg.detach, ref), wantErr{kind: iam.ErrNotFound, op: tg.detach},
		"%s of a policy that is not attached", tg.detach)
}

func (s *suite) testGroupAttachment(t *testing.T) {
	e := s.env(t)
	ref := e.needSystemPolicy()
	e.testAttachment(e.groupTarget(), ref)
}

func (s *suite) testUserAttachment(t *testing.T) {
	e := s.env(t)
	ref := e.needSystemPolicy()
	e.testAttachment(e.userTarget(), ref)
}

func (s *suite) testProjectScope(t *testing.T) {
	e := s.env(t)
	e.needField(iam.FieldPolicyProject)
	project := s.h.Policies.Project
	if project == "" {
		t.Skip("the harness names no project: set Harness.Policies.Project (RunClientTestsWith)")
	}
	ref := s.h.Policies.ProjectPolicy
	if ref.Name == "" {
		ref = e.needSystemPolicy()
	} else if ref.Type == "" {
		ref.Type = iam.PolicySystem
	}
	ref.Project = project
	tg := e.groupTarget()
	mustNoError(t, e.c.AttachGroupPolicy(e.ctx, tg.name, ref), "AttachGroupPolicy(%s, %q in project %q)", tg.name, ref.Name, project)
	ps := namedPolicies(e.attached(tg, "after a project-scope grant"), ref)
	must(t, len(ps) == 1, "ListGroupPolicies yields the project-scope grant of %q %d times, want once", ref.Name, len(ps))
	check(t, ps[0].Project != "", "ListGroupPolicies: the Project of a project-scope grant is empty")
	if !e.caps.Supports(iam.OpDetachGroupPolicy) {
		return
	}
	// The listed policy's Ref() revokes the grant, whatever the cloud
	// calls the project in its lists (Huawei: the project's ID).
	mustNoError(t, e.c.DetachGroupPolicy(e.ctx, tg.name, ps[0].Ref()), "DetachGroupPolicy of the listed grant's Ref() %+v", ps[0].Ref())
	checkEqual(t, len(namedPolicies(e.attached(tg, "after revoking the project-scope grant"), ref)), 0,
		"ListGroupPolicies yields a revoked project-scope grant")
}

func (s *suite) testCustomPolicy(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreatePolicy)
	doc := s.h.Policies.CustomPolicyDocument
	if doc == "" {
		t.Skip("the harness gives no policy document in the cloud's format: set Harness.Policies.CustomPolicyDocument (RunClientTestsWith)")
	}
	name := s.policyName()
	e.trackPolicy(name)
	ref := iam.PolicyRef{Name: name, Type: iam.PolicyCustom}
	created, err := e.c.CreatePolicy(e.ctx, &iam.CreatePolicyInput{Name: name, Description: "cloudiam conformance", Document: doc})
	mustNoError(t, err, "CreatePolicy(%s)", name)
	checkEqual(t, created.Name, name, "CreatePolicy: Name")
	checkEqual(t, created.Type, iam.PolicyCustom, "CreatePolicy: Type")

	if e.caps.Supports(iam.OpGetPolicy) {
		got, err := e.c.GetPolicy(e.ctx, ref)
		mustNoError(t, err, "GetPolicy of the custom policy")
		checkEqual(t, got.Name, name, "GetPolicy: Name")
		checkEqual(t, got.Type, iam.PolicyCustom, "GetPolicy: Type")
		if created.ID != "" && got.ID != "" {
			checkEqual(t, got.ID, created.ID, "GetPolicy returns the policy CreatePolicy made: ID")
		}
	}
	if e.caps.Supports(iam.OpListPolicies) {
		ps := collect(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}), "ListPolicies of custom policies")
		checkEqual(t, len(namedPolicies(ps, ref)), 1, "ListPolicies of custom policies yields %s once", name)
		ps = collect(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicySystem}), "ListPolicies of system policies")
		for _, p := range ps {
			check(t, p.Name != name, "ListPolicies of system policies yields the custom policy %s", name)
		}
	}
	_, err = e.c.CreatePolicy(e.ctx, &iam.CreatePolicyInput{Name: name, Document: doc})
	e.checkErr(t, err, wantErr{kind: iam.ErrAlreadyExists, op: iam.OpCreatePolicy}, "CreatePolicy of a name in use")

	// Attached, and deleted while attached: the portable DeletePolicy
	// detaches it first.
	var targets []attachTarget
	if e.caps.Supports(iam.OpCreateGroup) && e.caps.Supports(iam.OpAttachGroupPolicy) {
		targets = append(targets, attachTarget{"group", e.group(), iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, iam.OpListGroupPolicies})
	}
	if e.caps.Supports(iam.OpCreateUser) && e.caps.Supports(iam.OpAttachUserPolicy) {
		targets = append(targets, attachTarget{"user", e.user(), iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpListUserPolicies})
	}
	for _, tg := range targets {
		mustNoError(t, e.attachCall(tg, tg.attach, ref), "%s of the custom policy", tg.attach)
		if e.caps.Supports(tg.list) {
			checkEqual(t, len(namedPolicies(e.attached(tg, "after attaching the custom policy"), ref)), 1,
				"%s yields the attached custom policy once", tg.list)
		}
	}
	if !e.caps.Supports(iam.OpDeletePolicy) {
		return
	}
	mustNoError(t, e.c.DeletePolicy(e.ctx, name), "DeletePolicy of a custom policy attached to %d users and groups", len(targets))
	if e.caps.Supports(iam.OpGetPolicy) {
		_, err = e.c.GetPolicy(e.ctx, ref)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetPolicy}, "GetPolicy after DeletePolicy")
	}
	for _, tg := range targets {
		if e.caps.Supports(tg.list) {
			checkEqual(t, len(namedPolicies(e.attached(tg, "after DeletePolicy"), ref)), 0,
				"%s yields a deleted custom policy", tg.list)
		}
	}
	e.checkErr(t, e.c.DeletePolicy(e.ctx, name), wantErr{kind: iam.ErrNotFound, op: iam.OpDeletePolicy}, "DeletePolicy twice")
}

func (s *suite) testPermissionNotFound(t *testing.T) {
	e := s.env(t)
	if !e.caps.Supports(iam.OpGetPolicy) && !e.caps.Supports(iam.OpAttachGroupPolicy) && !e.caps.Supports(iam.OpAttachUserPolicy) &&
		!e.caps.Supports(iam.OpDeletePolicy) {
		t.Skipf("%s has no permission policies", e.caps.Provider)
	}
	missingPolicy := iam.PolicyRef{Name: s.policyName(), Type: iam.PolicyCustom}
	missingSystem := iam.PolicyRef{Name: s.policyName(), Type: iam.PolicySystem}
	notFound := func(op iam.Operation, a callArgs, what string) {
		t.Helper()
		if e.caps.Supports(op) {
			e.checkErr(t, e.groupCall(t, e.ctx, op, a), wantErr{kind: iam.ErrNotFound, op: op}, "%s", what)
		}
	}
	notFound(iam.OpGetPolicy, callArgs{ref: missingPolicy}, "GetPolicy of a missing custom policy")
	notFound(iam.OpDeletePolicy, callArgs{ref: missingPolicy}, "DeletePolicy of a missing custom policy")

	ref := e.anyRef()
	missingGroup, missingUser := s.groupName(), s.name()
	notFound(iam.OpAttachGroupPolicy, callArgs{group: missingGroup, ref: ref}, "AttachGroupPolicy to a missing group")
	notFound(iam.OpDetachGroupPolicy, callArgs{group: missingGroup, ref: ref}, "DetachGroupPolicy of a missing group")
	notFound(iam.OpListGroupPolicies, callArgs{group: missingGroup}, "ListGroupPolicies of a missing group")
	notFound(iam.OpAttachUserPolicy, callArgs{user: missingUser, ref: ref}, "AttachUserPolicy to a missing user")
	notFound(iam.OpDetachUserPolicy, callArgs{user: missingUser, ref: ref}, "DetachUserPolicy of a missing user")
	notFound(iam.OpListUserPolicies, callArgs{user: missingUser}, "ListUserPolicies of a missing user")

	if e.caps.Supports(iam.OpCreateGroup) {
		group := e.group()
		for _, p := range []iam.PolicyRef{missingPolicy, missingSystem} {
			notFound(iam.OpAttachGroupPolicy, callArgs{group: group, ref: p}, fmt.Sprintf("AttachGroupPolicy of a missing %s policy", p.Type))
			notFound(iam.OpDetachGroupPolicy, callArgs{group: group, ref: p}, fmt.Sprintf("DetachGroupPolicy of a missing %s policy", p.Type))
		}
		if e.caps.Supports(iam.OpListGroupPolicies) && e.caps.Supports(iam.OpAttachGroupPolicy) {
			ps := collect(t, e.c.ListGroupPolicies(e.ctx, group), "ListGroupPolicies")
			checkEqual(t, len(ps), 0, "refused attachments are listed")
		}
	}
	if e.caps.Supports(iam.OpCreateUser) {
		user := e.user()
		for _, p := range []iam.PolicyRef{missingPolicy, missingSystem} {
			notFound(iam.OpAttachUserPolicy, callArgs{user: user, ref: p}, fmt.Sprintf("AttachUserPolicy of a missing %s policy", p.Type))
			notFound(iam.OpDetachUserPolicy, callArgs{user: user, ref: p}, fmt.Sprintf("DetachUserPolicy of a missing %s policy", p.Type))
		}
	}
}

func (s *suite) testPermissionConflicts(t *testing.T) {
	e := s.env(t)
	ref := e.needSystemPolicy()
	var targets []attachTarget
	if e.caps.Supports(iam.OpCreateGroup) && e.caps.Supports(iam.OpAttachGroupPolicy) {
		targets = append(targets, attachTarget{"group", e.group(), iam.OpAttachGroupPolicy, iam.OpDetachGroupPolicy, iam.OpListGroupPolicies})
	}
	if e.caps.Supports(iam.OpCreateUser) && e.caps.Supports(iam.OpAttachUserPolicy) {
		targets = append(targets, attachTarget{"user", e.user(), iam.OpAttachUserPolicy, iam.OpDetachUserPolicy, iam.OpListUserPolicies})
	}
	if len(targets) == 0 {
		t.Skipf("%s attaches policies to no user and no group", e.caps.Provider)
	}
	for _, tg := range targets {
		mustNoError(t, e.attachCall(tg, tg.attach, ref), "%s", tg.attach)
		e.duplicate(t, e.attachCall(tg, tg.attach, ref), s.h.DuplicateAttachment, tg.attach,
			fmt.Sprintf("%s of a policy attached already", tg.attach))
		if e.caps.Supports(tg.list) {
			checkEqual(t, len(namedPolicies(e.attached(tg, "after attaching twice"), ref)), 1,
				"%s yields a policy attached twice once", tg.list)
		}
		if e.caps.Supports(tg.detach) {
			mustNoError(t, e.attachCall(tg, tg.detach, ref), "%s", tg.detach)
			if e.caps.Supports(tg.list) {
				checkEqual(t, len(namedPolicies(e.attached(tg, "after detaching once"), ref)), 0,
					"one %s ends a grant made twice", tg.detach)
			}
		}
	}
}

// testDeleteUserLeavesNothing deletes a user who is in a group and has a
// policy attached: the portable DeleteUser must succeed and leave nothing.
func (s *suite) testDeleteUserLeavesNothing(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateUser, iam.OpDeleteUser, iam.OpCreateGroup, iam.OpAddUserToGroup)
	user, group := e.user(), e.group()
	mustNoError(t, e.c.AddUserToGroup(e.ctx, group, user), "AddUserToGroup")
	ref, withPolicy := e.systemPolicy()
	if withPolicy && e.caps.Supports(iam.OpAttachUserPolicy) {
		mustNoError(t, e.c.AttachUserPolicy(e.ctx, user, ref), "AttachUserPolicy")
	}
	if withPolicy && e.caps.Supports(iam.OpAttachGroupPolicy) {
		mustNoError(t, e.c.AttachGroupPolicy(e.ctx, group, ref), "AttachGroupPolicy")
	}
	if e.caps.Supports(iam.OpCreateAccessKey) {
		_, err := e.c.CreateAccessKey(e.ctx, user)
		mustNoError(t, err, "CreateAccessKey")
	}
	if e.caps.Supports(iam.OpSetLoginProfile) {
		_, err := e.c.SetLoginProfile(e.ctx, user, &iam.LoginProfileInput{Password: iam.NewSecret(e.password())})
		mustNoError(t, err, "SetLoginProfile")
	}

	mustNoError(t, e.c.DeleteUser(e.ctx, user), "DeleteUser of a user in a group, with a policy, a key and a login")
	if e.caps.Supports(iam.OpGetUser) {
		_, err := e.c.GetUser(e.ctx, user)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetUser}, "GetUser after DeleteUser")
	}
	if e.caps.Supports(iam.OpListGroupUsers) {
		us := collect(t, e.c.ListGroupUsers(e.ctx, group), "ListGroupUsers after DeleteUser")
		checkEqual(t, len(namedUsers(us, user)), 0, "ListGroupUsers yields a deleted user")
	}
	// A new user of the same name starts with nothing.
	e.create(&iam.CreateUserInput{Name: user})
	if e.caps.Supports(iam.OpListUserGroups) {
		gs := collect(t, e.c.ListUserGroups(e.ctx, user), "ListUserGroups of a new user with a deleted user's name")
		checkEqual(t, len(gs), 0, "a new user inherits the groups of a deleted user of its name")
	}
	if e.caps.Supports(iam.OpListUserPolicies) {
		ps := collect(t, e.c.ListUserPolicies(e.ctx, user), "ListUserPolicies of a new user with a deleted user's name")
		checkEqual(t, len(ps), 0, "a new user inherits the policies of a deleted user of its name")
	}
}

// testDeleteGroupLeavesNothing deletes a group with members and a policy
// attached: the portable DeleteGroup must succeed and leave nothing.
func (s *suite) testDeleteGroupLeavesNothing(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup, iam.OpDeleteGroup, iam.OpCreateUser, iam.OpAddUserToGroup)
	group := e.group()
	users := []string{e.user(), e.user()}
	for _, u := range users {
		mustNoError(t, e.c.AddUserToGroup(e.ctx, group, u), "AddUserToGroup(%s, %s)", group, u)
	}
	if ref, ok := e.systemPolicy(); ok && e.caps.Supports(iam.OpAttachGroupPolicy) {
		mustNoError(t, e.c.AttachGroupPolicy(e.ctx, group, ref), "AttachGroupPolicy")
	}

	mustNoError(t, e.c.DeleteGroup(e.ctx, group), "DeleteGroup of a group with members and a policy")
	if e.caps.Supports(iam.OpGetGroup) {
		_, err := e.c.GetGroup(e.ctx, group)
		e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: iam.OpGetGroup}, "GetGroup after DeleteGroup")
	}
	for _, u := range users {
		if e.caps.Supports(iam.OpListUserGroups) {
			gs := collect(t, e.c.ListUserGroups(e.ctx, u), "ListUserGroups after DeleteGroup")
			checkEqual(t, len(namedGroups(gs, group)), 0, "ListUserGroups yields a deleted group")
		}
		if e.caps.Supports(iam.OpGetUser) {
			_, err := e.c.GetUser(e.ctx, u)
			checkNoError(t, err, "the members of a deleted group still exist")
		}
	}
	// A new group of the same name starts with nothing.
	e.createGroup(&iam.CreateGroupInput{Name: group})
	if e.caps.Supports(iam.OpListGroupUsers) {
		us := collect(t, e.c.ListGroupUsers(e.ctx, group), "ListGroupUsers of a new group with a deleted group's name")
		checkEqual(t, len(us), 0, "a new group inherits the members of a deleted group of its name")
	}
	if e.caps.Supports(iam.OpListGroupPolicies) {
		ps := collect(t, e.c.ListGroupPolicies(e.ctx, group), "ListGroupPolicies of a new group with a deleted group's name")
		checkEqual(t, len(ps), 0, "a new group inherits the policies of a deleted group of its name")
	}
}

// badGroupNames are group names every Client refuses, by case name.
func (e *env) badGroupNames() map[string]string {
	names := map[string]string{"empty": "", "not_UTF-8": "ct_\xff"}
	if max := e.caps.MaxGroupNameLength; max > 0 {
		names[fmt.Sprintf("over_%d_characters", max)] = e.s.longGroupName(max + 1)
	}
	return names
}

// badPolicyNames are policy names every Client refuses, by case name.
func (e *env) badPolicyNames() map[string]string {
	names := map[string]string{"empty": "", "not_UTF-8": "ct\xff"}
	if max := e.caps.MaxPolicyNameLength; max > 0 {
		names[fmt.Sprintf("over_%d_characters", max)] = e.s.policyPrefix + strings.Repeat("a", max+1-len(e.s.policyPrefix))
	}
	return names
}

// testBadGroupName passes bad group names to every operation that
// addresses a group.
func (s *suite) testBadGroupName(t *testing.T) {
	e := s.env(t)
	user := e.someUser()
	tested := false
	for _, op := range groupNameOps {
		if !e.caps.Supports(op) {
			continue
		}
		tested = true
		for what, name := range e.badGroupNames() {
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "groupName"}, func() error {
					return e.groupCall(t, e.ctx, op, callArgs{user: user, group: name, ref: e.anyRef()})
				}, "%s with group name %q", op, name)
			})
		}
	}
	if !tested {
		t.Skipf("%s has no operation on a group", e.caps.Provider)
	}
}

// testBadGroupNames creates and renames groups with bad names.
func (s *suite) testBadGroupNames(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreateGroup)
	names := e.badGroupNames()
	names["slash"] = "ct/bad"
	names["query"] = "ct?x=1"
	for what, name := range names {
		t.Run("Name/"+what, func(t *testing.T) {
			e.trackGroup(name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateGroup, field: "Name"}, func() error {
				_, err := e.c.CreateGroup(e.ctx, &iam.CreateGroupInput{Name: name})
				return err
			}, "CreateGroup with Name %q", name)
		})
	}
	if !e.caps.Supports(iam.OpUpdateGroup) || !e.caps.SupportsField(iam.FieldGroupRename) {
		return
	}
	group := e.group()
	for what, name := range names {
		t.Run("NewName/"+what, func(t *testing.T) {
			e.trackGroup(name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpUpdateGroup, field: "NewName"}, func() error {
				_, err := e.c.UpdateGroup(e.ctx, group, &iam.UpdateGroupInput{NewName: &name})
				return err
			}, "rename of a group to %q", name)
		})
	}
}

// testBadGroupDescription sets group descriptions over the declared limit
// or not UTF-8, and clears one the cloud cannot clear.
func (s *suite) testBadGroupDescription(t *testing.T) {
	e := s.env(t)
	e.needField(iam.FieldGroupDescription)
	descs := map[string]string{"not_UTF-8": "ct\xff"}
	if n := e.caps.MaxGroupDescriptionLength; n > 0 {
		descs[fmt.Sprintf("over_%d_characters", n)] = strings.Repeat("x", n+1)
	}
	group := e.someGroup()
	for what, d := range descs {
		if e.caps.Supports(iam.OpCreateGroup) {
			t.Run("CreateGroup/"+what, func(t *testing.T) {
				in := &iam.CreateGroupInput{Name: s.groupName(), Description: d}
				e.trackGroup(in.Name)
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreateGroup, field: "Description"}, func() error {
					_, err := e.c.CreateGroup(e.ctx, in)
					return err
				}, "CreateGroup with a %s description", what)
			})
		}
		if e.caps.Supports(iam.OpUpdateGroup) {
			t.Run("UpdateGroup/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpUpdateGroup, field: "Description"}, func() error {
					_, err := e.c.UpdateGroup(e.ctx, group, &iam.UpdateGroupInput{Description: &d})
					return err
				}, "UpdateGroup with a %s description", what)
			})
		}
	}
	if e.caps.Supports(iam.OpUpdateGroup) && !e.caps.CanClear(iam.FieldGroupDescription) {
		t.Run("Clear", func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrUnsupported, op: iam.OpUpdateGroup, field: "Description"}, func() error {
				_, err := e.c.UpdateGroup(e.ctx, group, &iam.UpdateGroupInput{Description: iam.Ptr("")})
				return err
			}, "clearing a group's description, which is not in Capabilities().ClearableFields")
		})
	}
}

// testBadPolicyName creates and deletes policies with bad names.
func (s *suite) testBadPolicyName(t *testing.T) {
	e := s.env(t)
	doc := s.h.Policies.CustomPolicyDocument
	if doc == "" {
		doc = `{"Version":"1","Statement":[]}`
	}
	tested := false
	for what, name := range e.badPolicyNames() {
		if e.caps.Supports(iam.OpCreatePolicy) {
			tested = true
			t.Run("CreatePolicy/"+what, func(t *testing.T) {
				e.trackPolicy(name)
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreatePolicy, field: "Name"}, func() error {
					_, err := e.c.CreatePolicy(e.ctx, &iam.CreatePolicyInput{Name: name, Document: doc})
					return err
				}, "CreatePolicy with Name %q", name)
			})
		}
		if e.caps.Supports(iam.OpDeletePolicy) {
			tested = true
			t.Run("DeletePolicy/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpDeletePolicy, field: "policyName"}, func() error {
					return e.c.DeletePolicy(e.ctx, name)
				}, "DeletePolicy(%q)", name)
			})
		}
	}
	if !tested {
		t.Skipf("%s has no CreatePolicy or DeletePolicy", e.caps.Provider)
	}
}

// testBadPolicyRef passes bad policy refs: a bad name or type, and a
// project where the cloud has none.
func (s *suite) testBadPolicyRef(t *testing.T) {
	e := s.env(t)
	user, group := e.someUser(), e.someGroup()
	good := e.anyRef()
	type badRef struct {
		ref   iam.PolicyRef
		kind  iam.Kind
		field string
	}
	refs := map[string]badRef{}
	for what, name := range e.badPolicyNames() {
		refs["Name_"+what] = badRef{iam.PolicyRef{Name: name, Type: good.Type}, iam.ErrInvalidArgument, "PolicyRef.Name"}
	}
	refs["Type_empty"] = badRef{iam.PolicyRef{Name: good.Name}, iam.ErrInvalidArgument, "PolicyRef.Type"}
	refs["Type_unknown"] = badRef{iam.PolicyRef{Name: good.Name, Type: "managed"}, iam.ErrInvalidArgument, "PolicyRef.Type"}
	refs["Type_upper_case"] = badRef{iam.PolicyRef{Name: good.Name, Type: "System"}, iam.ErrInvalidArgument, "PolicyRef.Type"}
	withProject := iam.PolicyRef{Name: good.Name, Type: good.Type, Project: "cn-north-4"}
	if e.caps.SupportsField(iam.FieldPolicyProject) {
		long := withProject
		long.Project = strings.Repeat("p", 129)
		refs["Project_over_128_characters"] = badRef{long, iam.ErrInvalidArgument, "PolicyRef.Project"}
	} else {
		refs["Project_unsupported"] = badRef{withProject, iam.ErrUnsupported, "PolicyRef.Project"}
	}
	tested := false
	for _, op := range refOps {
		if !e.caps.Supports(op) {
			continue
		}
		tested = true
		for what, b := range refs {
			if op == iam.OpGetPolicy && b.field == "PolicyRef.Project" {
				continue // GetPolicy ignores the scope
			}
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: b.kind, op: op, field: b.field}, func() error {
					return e.groupCall(t, e.ctx, op, callArgs{user: user, group: group, ref: b.ref})
				}, "%s with PolicyRef %+v", op, b.ref)
			})
		}
	}
	if !tested {
		t.Skipf("%s has no operation that takes a PolicyRef", e.caps.Provider)
	}
}

// testBadPolicyInput creates policies with a missing or too long document
// or a too long description.
func (s *suite) testBadPolicyInput(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpCreatePolicy)
	doc := s.h.Policies.CustomPolicyDocument
	if doc == "" {
		doc = `{"Version":"1","Statement":[]}`
	}
	cases := map[string]struct {
		in    iam.CreatePolicyInput
		field string
	}{
		"Document_empty":     {iam.CreatePolicyInput{}, "Document"},
		"Document_not_UTF-8": {iam.CreatePolicyInput{Document: `{"x":"` + "\xff" + `"}`}, "Document"},
	}
	if n := e.caps.MaxPolicyDocumentLength; n > 0 {
		cases[fmt.Sprintf("Document_over_%d_characters", n)] = struct {
			in    iam.CreatePolicyInput
			field string
		}{iam.CreatePolicyInput{Document: doc + strings.Repeat(" ", max(n+1-len(doc), 1))}, "Document"}
	}
	if n := e.caps.MaxPolicyDescriptionLength; n > 0 {
		cases[fmt.Sprintf("Description_over_%d_characters", n)] = struct {
			in    iam.CreatePolicyInput
			field string
		}{iam.CreatePolicyInput{Document: doc, Description: strings.Repeat("x", n+1)}, "Description"}
	}
	for what, tc := range cases {
		t.Run(what, func(t *testing.T) {
			in := tc.in
			in.Name = s.policyName()
			e.trackPolicy(in.Name)
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpCreatePolicy, field: tc.field}, func() error {
				_, err := e.c.CreatePolicy(e.ctx, &in)
				return err
			}, "CreatePolicy with %s", what)
		})
	}
}

// testBadListInput lists groups and policies with page sizes outside the
// declared range, and policies of an unknown type.
func (s *suite) testBadListInput(t *testing.T) {
	e := s.env(t)
	sizes := map[string]int{"negative": -1}
	if n := e.caps.MaxPageSize; n > 0 {
		sizes[fmt.Sprintf("over_%d", n)] = n + 1
	}
	tested := false
	for what, size := range sizes {
		if e.caps.Supports(iam.OpListGroups) {
			tested = true
			t.Run("ListGroups/PageSize_"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpListGroups, field: "PageSize"}, func() error {
					return listErr(t, e.c.ListGroups(e.ctx, &iam.ListGroupsInput{PageSize: size}), "ListGroups")
				}, "ListGroups with PageSize %d (MaxPageSize %d)", size, e.caps.MaxPageSize)
			})
		}
		if e.caps.Supports(iam.OpListPolicies) {
			tested = true
			t.Run("ListPolicies/PageSize_"+what, func(t *testing.T) {
				e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpListPolicies, field: "PageSize"}, func() error {
					return listErr(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{PageSize: size}), "ListPolicies")
				}, "ListPolicies with PageSize %d (MaxPageSize %d)", size, e.caps.MaxPageSize)
			})
		}
	}
	if e.caps.Supports(iam.OpListPolicies) {
		t.Run("ListPolicies/Type_unknown", func(t *testing.T) {
			e.refused(t, wantErr{kind: iam.ErrInvalidArgument, op: iam.OpListPolicies, field: "Type"}, func() error {
				return listErr(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: "Custom"}), "ListPolicies")
			}, "ListPolicies with Type %q", "Custom")
		})
	}
	if !tested {
		t.Skipf("%s has no ListGroups or ListPolicies", e.caps.Provider)
	}
}

// testAddressingGroupNames addresses groups by names that would change a
// request's path or query if sent unescaped: each call must find no such
// group, or refuse the name before its first request (or the cloud refuses
// it itself); it must never succeed.
func (s *suite) testAddressingGroupNames(t *testing.T) {
	e := s.env(t)
	if e.caps.Supports(iam.OpCreateGroup) {
		e.group() // so that a path that drops the name may find something
	}
	user := e.someUser()
	names := map[string]string{
		"dot-dot":  "ct/../x",
		"query":    "ct?x=1",
		"fragment": "ct#x",
		"percent":  "ct%2Fx",
		"space":    "ct x",
		"dots":     "..",
	}
	tested := false
	for _, op := range []iam.Operation{iam.OpGetGroup, iam.OpDeleteGroup, iam.OpAddUserToGroup, iam.OpListGroupUsers,
		iam.OpAttachGroupPolicy, iam.OpListGroupPolicies} {
		if !e.caps.Supports(op) {
			continue
		}
		tested = true
		for what, name := range names {
			t.Run(string(op)+"/"+what, func(t *testing.T) {
				mark := s.rec.mark()
				err := e.groupCall(t, e.ctx, op, callArgs{user: user, group: name, ref: e.anyRef()})
				sent := requests(s.rec.since(mark))
				if errors.Is(err, iam.ErrNotFound) {
					e.checkErr(t, err, wantErr{kind: iam.ErrNotFound, op: op}, "%s(%q)", op, name)
					return
				}
				var ie *iam.Error
				if errors.As(err, &ie) && ie.StatusCode != 0 {
					e.checkErr(t, err, wantErr{kind: iam.ErrInvalidArgument, op: op, field: ie.Field},
						"%s(%q): want ErrNotFound or ErrInvalidArgument", op, name)
					return
				}
				e.checkErr(t, err, wantErr{kind: iam.ErrInvalidArgument, op: op, field: "groupName"},
					"%s(%q): want ErrNotFound, or ErrInvalidArgument before any request", op, name)
				if sent != "" {
					t.Errorf("%s(%q) was refused on this side after requests: %s", op, name, sent)
				}
			})
		}
	}
	if !tested {
		t.Skipf("%s has no operation on a group", e.caps.Provider)
	}
}

func (s *suite) testLeavesNoGroups(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpListGroups)
	for _, g := range collect(t, e.c.ListGroups(e.ctx, nil), "ListGroups") {
		check(t, !strings.HasPrefix(g.Name, s.prefix), "group %s created by the suite was not cleaned up", g.Name)
	}
}

func (s *suite) testLeavesNoPolicies(t *testing.T) {
	e := s.env(t)
	e.need(iam.OpListPolicies)
	for _, p := range collect(t, e.c.ListPolicies(e.ctx, &iam.ListPoliciesInput{Type: iam.PolicyCustom}), "ListPolicies") {
		check(t, !strings.HasPrefix(p.Name, s.policyPrefix), "custom policy %s created by the suite was not cleaned up", p.Name)
	}
}
