package iamtest

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/store"
)

// Limits of the fake's groups and policies: by default the strictest the
// clouds document, so that code tested against the fake works on all of
// them. Reaching one is iam.ErrLimitExceeded.
const (
	// FakeMaxGroups is how many groups the fake's account holds: 20, Huawei
	// Cloud IAM's default quota (Baidu AI Cloud and Alibaba Cloud RAM: 50).
	FakeMaxGroups = 20
	// FakeMaxUsersPerGroup is how many members a group has at most: 20, as
	// on Baidu AI Cloud (RAM and Huawei set no separate limit).
	FakeMaxUsersPerGroup = 20
	// FakeMaxGroupsPerUser is how many groups a user joins at most: 5, as
	// on RAM (Huawei: 10).
	FakeMaxGroupsPerUser = 5
	// FakeMaxPoliciesPerGroup is how many policies are attached to a group
	// at most, in every scope together: 5, as on Baidu AI Cloud (RAM: 20
	// system and 5 custom ones).
	FakeMaxPoliciesPerGroup = 5
	// FakeMaxPoliciesPerUser is how many policies are attached to a user
	// directly at most: 10, as Huawei's identity policies per user (RAM: 20
	// system and 5 custom ones).
	FakeMaxPoliciesPerUser = 10
	// FakeMaxCustomPolicies is how many custom policies the account holds:
	// 200, as Huawei Cloud IAM's custom policies (RAM's error text says 200
	// too; its limits page 1500).
	FakeMaxCustomPolicies = 200
)

// The fake's default length limits of groups and policies, in characters.
const (
	fakeMaxGroupNameLength         = 64   // Baidu, RAM (Huawei: 128)
	fakeMaxGroupDescriptionLength  = 128  // Baidu, RAM Comments (Huawei: 255)
	fakeMaxPolicyNameLength        = 64   // Baidu (RAM, Huawei: 128)
	fakeMaxPolicyDescriptionLength = 1024 // RAM
	fakeMaxPolicyDocumentLength    = 6144 // RAM, Huawei
)

// FakeGroup is the fake's native group, reachable with (*iam.Group).As.
type FakeGroup struct {
	// ID is the group's ID: 32 lower-case hexadecimal digits.
	ID string
	// Name is the group's name.
	Name string
	// Members is how many users are in the group.
	Members int
	// UpdatedAt is when the group last changed.
	UpdatedAt time.Time
}

// FakePolicy is the fake's native policy, reachable with (*iam.Policy).As.
type FakePolicy struct {
	// ID is the policy's ID: "sys-" and the name's ASCII letters and
	// digits in lower case for a system policy ("sys-readonlyaccess"), 32
	// lower-case hexadecimal digits for a custom one.
	ID string
	// Name is the policy's name, as iam.PolicyRef.Name takes it.
	Name string
	// Type is iam.PolicySystem for a policy of the fake's catalog of system
	// policies, iam.PolicyCustom for one created with CreatePolicy.
	Type iam.PolicyType
	// AttachmentCount is how many users and groups the policy is attached
	// to, in every scope (as RAM's AttachmentCount).
	AttachmentCount int
}

// fakeSystemPolicy is an entry of the fake's catalog of system policies.
type fakeSystemPolicy struct {
	name, description, document string
}

// fakeSystemPolicies is the fake's catalog: names the clouds use, each with
// a small document in its cloud's format.
var fakeSystemPolicies = []fakeSystemPolicy{
	{"AdministratorAccess", "Full access to every cloud resource",
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{"ReadOnlyAccess", "Read-only access to every cloud resource",
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["*:Describe*","*:List*","*:Get*"],"Resource":"*"}]}`},
	{"AliyunRAMReadOnlyAccess", "Read-only access to Resource Access Management (RAM)",
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":"*"}]}`},
	{"AliyunOSSReadOnlyAccess", "Read-only access to Object Storage Service (OSS)",
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Get*","oss:List*"],"Resource":"*"}]}`},
	{"OBS ReadOnlyAccess", "Read-only access to Object Storage Service (OBS)",
		`{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets","obs:bucket:ListBucket","obs:object:GetObject"]}]}`},
	{"Tenant Guest", "Read-only access to every cloud service except IAM",
		`{"Version":"1.0","Statement":[{"Effect":"Allow","Action":["*:*:get*","*:*:list*"]}]}`},
}

// fakeProjects are the projects of a project-scope grant (Huawei Cloud's
// region projects), by name and ID.
var fakeProjects = []struct{ name, id string }{
	{"cn-north-4", "0a5c8e3f9b1d4e7aa2c6f8b0d3e5a7c9"},
	{"cn-east-3", "1b6d9f4a0c2e5f8bb3d7a9c1e4f6b8da"},
	{"ap-southeast-1", "2c7e0a5b1d3f6a9cc4e8b0d2f5a7c9eb"},
}

// systemPolicyID is the ID of a system policy of the catalog.
func systemPolicyID(name string) string {
	var b strings.Builder
	b.WriteString("sys-")
	for _, r := range name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// attachment is one grant of a policy to a user or a group.
type attachment struct {
	name    string
	typ     iam.PolicyType
	project string // project ID; "" for the whole account
	at      time.Time
}

func (a attachment) is(name string, typ iam.PolicyType, project string) bool {
	return a.name == name && a.typ == typ && a.project == project
}

type member struct {
	userID string
	joined time.Time
}

type groupRec struct {
	seq                   uint64
	id, name, description string
	created, updated      time.Time
	members               []member     // in joining order
	policies              []attachment // in attaching order
}

type policyRec struct {
	seq                   uint64
	id, name              string
	typ                   iam.PolicyType
	description, document string
	created               time.Time
}

// groupState is the fake's groups and policies, beside the store's users.
// Lock order: mu before the store's own lock.
type groupState struct {
	mu           sync.Mutex
	seq          uint64                  // creation order of groups and custom policies
	groups       map[string]*groupRec    // by ID
	groupIDs     map[string]string       // name -> ID
	system       []*policyRec            // the catalog, in its order
	custom       map[string]*policyRec   // by name
	userPolicies map[string][]attachment // user ID -> attachments, in attaching order
}

func newGroupState(now time.Time) *groupState {
	g := &groupState{
		groups: map[string]*groupRec{}, groupIDs: map[string]string{},
		custom: map[string]*policyRec{}, userPolicies: map[string][]attachment{},
	}
	for _, p := range fakeSystemPolicies {
		g.seq++
		g.system = append(g.system, &policyRec{seq: g.seq, id: systemPolicyID(p.name), name: p.name, typ: iam.PolicySystem,
			description: p.description, document: p.document, created: now})
	}
	return g
}

// policyLocked returns the policy a name and type name, or nil.
func (g *groupState) policyLocked(name string, typ iam.PolicyType) *policyRec {
	if typ == iam.PolicyCustom {
		return g.custom[name]
	}
	for _, p := range g.system {
		if p.name == name {
			return p
		}
	}
	return nil
}

// groupLocked returns the group of that ID and name, or nil when it is
// gone or renamed since it was resolved.
func (g *groupState) groupLocked(id, name string) *groupRec {
	r := g.groups[id]
	if r == nil || r.name != name {
		return nil
	}
	return r
}

// userGroupsLocked returns the groups the user is in, in creation order.
func (g *groupState) userGroupsLocked(userID string) []*groupRec {
	var out []*groupRec
	for _, r := range g.groups {
		if slices.ContainsFunc(r.members, func(m member) bool { return m.userID == userID }) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *groupRec) int { return cmpSeq(a.seq, b.seq) })
	return out
}

// attachmentsLocked counts the grants of a policy to users and groups.
func (g *groupState) attachmentsLocked(name string, typ iam.PolicyType) int {
	n := 0
	count := func(as []attachment) {
		for _, a := range as {
			if a.name == name && a.typ == typ {
				n++
			}
		}
	}
	for _, r := range g.groups {
		count(r.policies)
	}
	for _, as := range g.userPolicies {
		count(as)
	}
	return n
}

// forgetUserLocked removes a deleted user's memberships and attachments.
func (g *groupState) forgetUserLocked(userID string) {
	for _, r := range g.groups {
		r.members = slices.DeleteFunc(r.members, func(m member) bool { return m.userID == userID })
	}
	delete(g.userPolicies, userID)
}

func cmpSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// projectID resolves a project's name or ID.
func projectID(p string) (string, bool) {
	for _, pr := range fakeProjects {
		if p == pr.name || p == pr.id {
			return pr.id, true
		}
	}
	return "", false
}

// failure is an error a cloud answers after it has looked at its state.
func (f *fake) failure(op iam.Operation, kind iam.Kind, code, format string, args ...any) error {
	return &iam.Error{Provider: f.provider, Op: string(op), Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (f *fake) notFound(op iam.Operation, format string, args ...any) error {
	return f.failure(op, iam.ErrNotFound, "NotFound", format+" does not exist", args...)
}

// checkNewGroupName enforces the fake's rule for a new group name: the
// rule of user names, which every cloud accepts for groups too.
func (f *fake) checkNewGroupName(op iam.Operation, field, name string) error {
	if validName(name, func(b byte) bool { return b == '_' }) {
		return nil
	}
	rule := "must be an ASCII letter, then ASCII letters, digits or '_'"
	if n := f.caps.MaxGroupNameLength; n > 0 {
		rule = fmt.Sprintf("must be 1-%d characters: an ASCII letter, then ASCII letters, digits or '_'", n)
	}
	return iam.InvalidArgument(f.provider, string(op), field, rule)
}

// checkNewPolicyName enforces the fake's rule for a custom policy's name:
// ASCII letters, digits and '-', RAM's characters (no '_').
func (f *fake) checkNewPolicyName(op iam.Operation, name string) error {
	ok := len(name) > 0
	for i := 0; i < len(name); i++ {
		b := name[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-') {
			ok = false
		}
	}
	if ok {
		return nil
	}
	rule := "must be ASCII letters, digits or '-'"
	if n := f.caps.MaxPolicyNameLength; n > 0 {
		rule = fmt.Sprintf("must be 1-%d characters: ASCII letters, digits or '-'", n)
	}
	return iam.InvalidArgument(f.provider, string(op), "Name", rule)
}

// validName reports whether name is an ASCII letter followed by ASCII
// letters, digits and the bytes extra allows.
func validName(name string, extra func(byte) bool) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if i == 0 && !letter || !(letter || b >= '0' && b <= '9' || extra(b)) {
			return false
		}
	}
	return true
}

// checkAddress refuses a name that addresses a group, a policy or a
// project but would break a cloud's URL path. spaces allows spaces, which
// Huawei's policy names have ("OBS ReadOnlyAccess").
func (f *fake) checkAddress(op iam.Operation, field, name string, spaces bool) error {
	if strings.ContainsAny(name, `/?#%\`) || strings.IndexFunc(name, func(r rune) bool {
		return unicode.IsControl(r) || !spaces && unicode.IsSpace(r)
	}) >= 0 {
		rule := `must not contain '/', '?', '#', '%', '\', spaces or control characters`
		if spaces {
			rule = `must not contain '/', '?', '#', '%', '\' or control characters`
		}
		return iam.InvalidArgument(f.provider, string(op), field, rule)
	}
	return nil
}

// checkRef checks a PolicyRef's name and project (the Client has checked
// that they are within the declared lengths, and the type).
func (f *fake) checkRef(op iam.Operation, ref iam.PolicyRef) error {
	if err := f.checkAddress(op, "PolicyRef.Name", ref.Name, true); err != nil {
		return err
	}
	return f.checkAddress(op, "PolicyRef.Project", ref.Project, false)
}

func toGroup(r *groupRec) *iam.Group {
	return &iam.Group{
		ID: r.id, Name: r.name, Description: r.description, CreatedAt: r.created,
		Native: iam.NewNative(&FakeGroup{ID: r.id, Name: r.name, Members: len(r.members), UpdatedAt: r.updated}),
	}
}

// toPolicy returns the portable policy of p, with its document when
// withDocument, and the scope and time of a when it is not nil.
func (g *groupState) toPolicyLocked(p *policyRec, withDocument bool, a *attachment) *iam.Policy {
	out := &iam.Policy{
		ID: p.id, Name: p.name, Type: p.typ, Description: p.description, CreatedAt: p.created,
		Native: iam.NewNative(&FakePolicy{ID: p.id, Name: p.name, Type: p.typ, AttachmentCount: g.attachmentsLocked(p.name, p.typ)}),
	}
	if withDocument {
		out.Document = p.document
	}
	if a != nil {
		out.Project, out.AttachedAt = a.project, a.at
	}
	return out
}

// groupPath is the path of the group of that ID, and of what follows.
func groupPath(id string, rest ...string) string {
	return "/groups/" + id + strings.Join(rest, "")
}

// policyPath is the path of a policy.
func policyPath(typ iam.PolicyType, name string) string {
	return "/policies/" + string(typ) + "/" + url.PathEscape(name)
}

// group resolves a group's name to its ID, as one request.
func (c *call) group(name string) (id string, err error) {
	g := c.f.g
	err = c.do("GetGroup", http.MethodGet, "/groups/"+name, func() error {
		g.mu.Lock()
		defer g.mu.Unlock()
		id = g.groupIDs[name]
		if id == "" {
			return c.f.notFound(c.op, "group %q", name)
		}
		return nil
	})
	return id, err
}

// CreateGroup implements iam.GroupDriver.
func (f *fake) CreateGroup(ctx context.Context, in *iam.CreateGroupInput) (*iam.Group, error) {
	const op = iam.OpCreateGroup
	if err := f.checkNewGroupName(op, "Name", in.Name); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, in.Name)
	if err != nil {
		return nil, err
	}
	var out *iam.Group
	err = c.do("CreateGroup", http.MethodPost, "/groups", func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.groupIDs[in.Name] != "" {
			return f.failure(op, iam.ErrAlreadyExists, "AlreadyExists", "group %q already exists", in.Name)
		}
		if len(g.groups) >= FakeMaxGroups {
			return f.failure(op, iam.ErrLimitExceeded, "LimitExceeded", "the account has %d groups, the limit", len(g.groups))
		}
		now := f.st.Now()
		g.seq++
		r := &groupRec{seq: g.seq, id: randomHex(16), name: in.Name, description: in.Description, created: now, updated: now}
		g.groups[r.id], g.groupIDs[r.name] = r, r.id
		out = toGroup(r)
		return nil
	})
	return out, err
}

// GetGroup implements iam.GroupDriver.
func (f *fake) GetGroup(ctx context.Context, name string) (*iam.Group, error) {
	const op = iam.OpGetGroup
	if err := f.checkAddress(op, "groupName", name, false); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return nil, err
	}
	var out *iam.Group
	err = c.do("GetGroup", http.MethodGet, "/groups/"+name, func() error {
		f.g.mu.Lock()
		defer f.g.mu.Unlock()
		r := f.g.groups[f.g.groupIDs[name]]
		if r == nil {
			return f.notFound(op, "group %q", name)
		}
		out = toGroup(r)
		return nil
	})
	return out, err
}

// UpdateGroup implements iam.GroupDriver.
func (f *fake) UpdateGroup(ctx context.Context, name string, in *iam.UpdateGroupInput) (*iam.Group, error) {
	const op = iam.OpUpdateGroup
	if err := f.checkAddress(op, "groupName", name, false); err != nil {
		return nil, err
	}
	if in.NewName != nil {
		if err := f.checkNewGroupName(op, "NewName", *in.NewName); err != nil {
			return nil, err
		}
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return nil, err
	}
	id, err := c.group(name)
	if err != nil {
		return nil, err
	}
	var out *iam.Group
	err = c.do("UpdateGroup", http.MethodPatch, groupPath(id), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		r := g.groupLocked(id, name)
		if r == nil { // deleted or renamed since
			return f.notFound(op, "group %q", name)
		}
		if in.NewName != nil && *in.NewName != r.name {
			if g.groupIDs[*in.NewName] != "" {
				return f.failure(op, iam.ErrAlreadyExists, "AlreadyExists", "group %q already exists", *in.NewName)
			}
			delete(g.groupIDs, r.name)
			r.name = *in.NewName
			g.groupIDs[r.name] = r.id
		}
		if in.Description != nil {
			r.description = *in.Description
		}
		r.updated = f.st.Now()
		out = toGroup(r)
		return nil
	})
	return out, err
}

// DeleteGroup implements iam.GroupDriver: the group's memberships and
// attachments go with it.
func (f *fake) DeleteGroup(ctx context.Context, name string) error {
	const op = iam.OpDeleteGroup
	if err := f.checkAddress(op, "groupName", name, false); err != nil {
		return err
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return err
	}
	id, err := c.group(name)
	if err != nil {
		return err
	}
	return c.do("DeleteGroup", http.MethodDelete, groupPath(id), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		r := g.groupLocked(id, name)
		if r == nil {
			return f.notFound(op, "group %q", name)
		}
		delete(g.groups, id)
		delete(g.groupIDs, name)
		return nil
	})
}

// pageSize is the size of the pages a list fetches.
func (f *fake) pageSize(n int) int {
	if n > 0 {
		return n
	}
	if f.caps.MaxPageSize > 0 && f.caps.MaxPageSize < FakeDefaultPageSize {
		return f.caps.MaxPageSize
	}
	return FakeDefaultPageSize
}

// pages yields what page returns, one request per page, lazily: page
// returns the items after the cursor (a creation sequence number) and the
// cursor of the next page, 0 at the end.
func pages[T any](f *fake, ctx context.Context, op iam.Operation, nativeOp, path string,
	page func(after uint64) ([]*T, uint64, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var cursor uint64
		for first := true; first || cursor != 0; first = false {
			c, err := f.begin(ctx, op, "")
			if err != nil {
				yield(nil, err)
				return
			}
			var items []*T
			err = c.do(nativeOp, http.MethodGet, path, func() (err error) {
				items, cursor, err = page(cursor)
				return err
			})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, v := range items {
				if !yield(v, nil) {
					return
				}
			}
		}
	}
}

// ListGroups implements iam.GroupDriver: groups in creation order, PageSize
// (default 100) a request.
func (f *fake) ListGroups(ctx context.Context, in *iam.ListGroupsInput) iter.Seq2[*iam.Group, error] {
	size := f.pageSize(in.PageSize)
	return pages(f, ctx, iam.OpListGroups, "ListGroups", "/groups", func(after uint64) ([]*iam.Group, uint64, error) {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		var recs []*groupRec
		for _, r := range g.groups {
			if r.seq > after {
				recs = append(recs, r)
			}
		}
		slices.SortFunc(recs, func(a, b *groupRec) int { return cmpSeq(a.seq, b.seq) })
		var next uint64
		if len(recs) > size {
			recs = recs[:size]
			next = recs[size-1].seq
		}
		out := make([]*iam.Group, len(recs))
		for i, r := range recs {
			out[i] = toGroup(r)
		}
		return out, next, nil
	})
}

// membership starts a call on a group and a user and resolves both.
func (f *fake) membership(ctx context.Context, op iam.Operation, groupName, userName string) (*call, string, store.User, error) {
	if err := f.checkAddress(op, "groupName", groupName, false); err != nil {
		return nil, "", store.User{}, err
	}
	if err := f.checkUserName(op, userName); err != nil {
		return nil, "", store.User{}, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, "", store.User{}, err
	}
	id, err := c.group(groupName)
	if err != nil {
		return nil, "", store.User{}, err
	}
	u, err := c.user(userName)
	return c, id, u, err
}

// AddUserToGroup implements iam.GroupDriver. A user who is in the group
// already is ErrAlreadyExists, as on RAM.
func (f *fake) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	const op = iam.OpAddUserToGroup
	c, id, u, err := f.membership(ctx, op, groupName, userName)
	if err != nil {
		return err
	}
	return c.do("AddUserToGroup", http.MethodPut, groupPath(id, "/users/", u.ID), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		r := g.groupLocked(id, groupName)
		if r == nil {
			return f.notFound(op, "group %q", groupName)
		}
		if cur, err := f.st.UserByID(u.ID); err != nil || cur.Name != userName {
			return f.notFound(op, "user %q", userName)
		}
		if slices.ContainsFunc(r.members, func(m member) bool { return m.userID == u.ID }) {
			return f.failure(op, iam.ErrAlreadyExists, "AlreadyExists", "user %q is in group %q already", userName, groupName)
		}
		if len(r.members) >= FakeMaxUsersPerGroup {
			return f.failure(op, iam.ErrLimitExceeded, "LimitExceeded", "group %q has %d members, the limit", groupName, len(r.members))
		}
		if n := len(g.userGroupsLocked(u.ID)); n >= FakeMaxGroupsPerUser {
			return f.failure(op, iam.ErrLimitExceeded, "LimitExceeded", "user %q is in %d groups, the limit", userName, n)
		}
		r.members = append(r.members, member{userID: u.ID, joined: f.st.Now()})
		return nil
	})
}

// RemoveUserFromGroup implements iam.GroupDriver. A user who is not in the
// group is ErrNotFound.
func (f *fake) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	const op = iam.OpRemoveUserFromGroup
	c, id, u, err := f.membership(ctx, op, groupName, userName)
	if err != nil {
		return err
	}
	return c.do("RemoveUserFromGroup", http.MethodDelete, groupPath(id, "/users/", u.ID), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		r := g.groupLocked(id, groupName)
		if r == nil {
			return f.notFound(op, "group %q", groupName)
		}
		i := slices.IndexFunc(r.members, func(m member) bool { return m.userID == u.ID })
		if i < 0 {
			return f.notFound(op, "membership of user %q in group %q", userName, groupName)
		}
		r.members = slices.Delete(r.members, i, i+1)
		return nil
	})
}

// one yields the result of a single request: its items, or its error.
func one[T any](items []*T, err error) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if err != nil {
			yield(nil, err)
			return
		}
		for _, v := range items {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// lazy runs list when the sequence is ranged over, each time.
func lazy[T any](list func() ([]*T, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) { one(list())(yield) }
}

// ListGroupUsers implements iam.GroupDriver: the members in joining order,
// in one request.
func (f *fake) ListGroupUsers(ctx context.Context, groupName string) iter.Seq2[*iam.User, error] {
	const op = iam.OpListGroupUsers
	return lazy(func() ([]*iam.User, error) {
		if err := f.checkAddress(op, "groupName", groupName, false); err != nil {
			return nil, err
		}
		c, err := f.begin(ctx, op, groupName)
		if err != nil {
			return nil, err
		}
		id, err := c.group(groupName)
		if err != nil {
			return nil, err
		}
		var out []*iam.User
		err = c.do("ListGroupUsers", http.MethodGet, groupPath(id, "/users"), func() error {
			g := f.g
			g.mu.Lock()
			defer g.mu.Unlock()
			r := g.groupLocked(id, groupName)
			if r == nil {
				return f.notFound(op, "group %q", groupName)
			}
			for _, m := range r.members {
				if u, err := f.st.UserByID(m.userID); err == nil {
					out = append(out, toUser(u))
				}
			}
			return nil
		})
		return out, err
	})
}

// ListUserGroups implements iam.GroupDriver: the user's groups in creation
// order, in one request.
func (f *fake) ListUserGroups(ctx context.Context, userName string) iter.Seq2[*iam.Group, error] {
	const op = iam.OpListUserGroups
	return lazy(func() ([]*iam.Group, error) {
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
		var out []*iam.Group
		err = c.do("ListUserGroups", http.MethodGet, "/users/"+u.ID+"/groups", func() error {
			g := f.g
			g.mu.Lock()
			defer g.mu.Unlock()
			for _, r := range g.userGroupsLocked(u.ID) {
				out = append(out, toGroup(r))
			}
			return nil
		})
		return out, err
	})
}

// ListPolicies implements iam.PolicyDriver: the catalog's system policies,
// then the custom ones in creation order, PageSize (default 100) a
// request, without their documents (GetPolicy has them).
func (f *fake) ListPolicies(ctx context.Context, in *iam.ListPoliciesInput) iter.Seq2[*iam.Policy, error] {
	size := f.pageSize(in.PageSize)
	typ := in.Type
	return pages(f, ctx, iam.OpListPolicies, "ListPolicies", "/policies", func(after uint64) ([]*iam.Policy, uint64, error) {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		var recs []*policyRec
		keep := func(p *policyRec) {
			if p.seq > after && (typ == "" || p.typ == typ) {
				recs = append(recs, p)
			}
		}
		for _, p := range g.system {
			keep(p)
		}
		for _, p := range g.custom {
			keep(p)
		}
		slices.SortFunc(recs, func(a, b *policyRec) int { return cmpSeq(a.seq, b.seq) })
		var next uint64
		if len(recs) > size {
			recs = recs[:size]
			next = recs[size-1].seq
		}
		out := make([]*iam.Policy, len(recs))
		for i, p := range recs {
			out[i] = g.toPolicyLocked(p, false, nil)
		}
		return out, next, nil
	})
}

// GetPolicy implements iam.PolicyDriver: the policy with its document.
func (f *fake) GetPolicy(ctx context.Context, ref iam.PolicyRef) (*iam.Policy, error) {
	const op = iam.OpGetPolicy
	if err := f.checkRef(op, ref); err != nil {
		return nil, err
	}
	c, err := f.begin(ctx, op, ref.Name)
	if err != nil {
		return nil, err
	}
	var out *iam.Policy
	err = c.do("GetPolicy", http.MethodGet, policyPath(ref.Type, ref.Name), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		p := g.policyLocked(ref.Name, ref.Type)
		if p == nil {
			return f.notFound(op, "%s policy %q", ref.Type, ref.Name)
		}
		out = g.toPolicyLocked(p, true, nil)
		return nil
	})
	return out, err
}

// CreatePolicy implements iam.PolicyDriver. The document must be JSON, as
// on every cloud; it is kept as it is.
func (f *fake) CreatePolicy(ctx context.Context, in *iam.CreatePolicyInput) (*iam.Policy, error) {
	const op = iam.OpCreatePolicy
	if err := f.checkNewPolicyName(op, in.Name); err != nil {
		return nil, err
	}
	if !json.Valid([]byte(in.Document)) {
		return nil, iam.InvalidArgument(f.provider, string(op), "Document", "must be a JSON policy document in the cloud's format")
	}
	c, err := f.begin(ctx, op, in.Name)
	if err != nil {
		return nil, err
	}
	var out *iam.Policy
	err = c.do("CreatePolicy", http.MethodPost, "/policies", func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.custom[in.Name] != nil {
			return f.failure(op, iam.ErrAlreadyExists, "AlreadyExists", "custom policy %q already exists", in.Name)
		}
		if len(g.custom) >= FakeMaxCustomPolicies {
			return f.failure(op, iam.ErrLimitExceeded, "LimitExceeded", "the account has %d custom policies, the limit", len(g.custom))
		}
		g.seq++
		p := &policyRec{seq: g.seq, id: randomHex(16), name: in.Name, typ: iam.PolicyCustom,
			description: in.Description, document: in.Document, created: f.st.Now()}
		g.custom[p.name] = p
		out = g.toPolicyLocked(p, true, nil)
		return nil
	})
	return out, err
}

// DeletePolicy implements iam.PolicyDriver: the custom policy is detached
// from every user and group with it.
func (f *fake) DeletePolicy(ctx context.Context, name string) error {
	const op = iam.OpDeletePolicy
	if err := f.checkAddress(op, "policyName", name, true); err != nil {
		return err
	}
	c, err := f.begin(ctx, op, name)
	if err != nil {
		return err
	}
	return c.do("DeletePolicy", http.MethodDelete, policyPath(iam.PolicyCustom, name), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.custom[name] == nil {
			return f.notFound(op, "custom policy %q", name)
		}
		delete(g.custom, name)
		drop := func(a attachment) bool { return a.name == name && a.typ == iam.PolicyCustom }
		for _, r := range g.groups {
			r.policies = slices.DeleteFunc(r.policies, drop)
		}
		for id, as := range g.userPolicies {
			g.userPolicies[id] = slices.DeleteFunc(as, drop)
		}
		return nil
	})
}

// grant is one attach or detach: the target's attachments, resolved
// under the lock, and its limit.
type grant struct {
	what  string // `group "x"`, `user "y"`
	path  string
	limit int
	// list returns the target's attachments, or nil and an error when the
	// target is gone; set stores them.
	list func(g *groupState) ([]attachment, error)
	set  func(g *groupState, as []attachment)
}

// userGrant starts an attach or detach on a user.
func (f *fake) userGrant(ctx context.Context, op iam.Operation, userName string, ref iam.PolicyRef) (*call, grant, error) {
	if err := f.checkUserName(op, userName); err != nil {
		return nil, grant{}, err
	}
	if err := f.checkRef(op, ref); err != nil {
		return nil, grant{}, err
	}
	c, err := f.begin(ctx, op, userName)
	if err != nil {
		return nil, grant{}, err
	}
	u, err := c.user(userName)
	if err != nil {
		return nil, grant{}, err
	}
	return c, grant{
		what: fmt.Sprintf("user %q", userName), path: "/users/" + u.ID + "/policies/", limit: FakeMaxPoliciesPerUser,
		list: func(g *groupState) ([]attachment, error) {
			if cur, err := f.st.UserByID(u.ID); err != nil || cur.Name != userName {
				return nil, f.notFound(op, "user %q", userName)
			}
			return g.userPolicies[u.ID], nil
		},
		set: func(g *groupState, as []attachment) { g.userPolicies[u.ID] = as },
	}, nil
}

// groupGrant starts an attach or detach on a group.
func (f *fake) groupGrant(ctx context.Context, op iam.Operation, groupName string, ref iam.PolicyRef) (*call, grant, error) {
	if err := f.checkAddress(op, "groupName", groupName, false); err != nil {
		return nil, grant{}, err
	}
	if err := f.checkRef(op, ref); err != nil {
		return nil, grant{}, err
	}
	c, err := f.begin(ctx, op, groupName)
	if err != nil {
		return nil, grant{}, err
	}
	id, err := c.group(groupName)
	if err != nil {
		return nil, grant{}, err
	}
	return c, grant{
		what: fmt.Sprintf("group %q", groupName), path: groupPath(id, "/policies/"), limit: FakeMaxPoliciesPerGroup,
		list: func(g *groupState) ([]attachment, error) {
			r := g.groupLocked(id, groupName)
			if r == nil {
				return nil, f.notFound(op, "group %q", groupName)
			}
			return r.policies, nil
		},
		set: func(g *groupState, as []attachment) { g.groups[id].policies = as },
	}, nil
}

// attach grants the policy ref names to gr's target, as one request. The
// policy and the project must exist; attaching a policy that is attached
// already in the same scope is ErrAlreadyExists, as on RAM and Baidu.
func (f *fake) attach(c *call, gr grant, ref iam.PolicyRef) error {
	op := c.op
	return c.do(string(op), http.MethodPut, gr.path+string(ref.Type)+"/"+url.PathEscape(ref.Name), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		as, err := gr.list(g)
		if err != nil {
			return err
		}
		if g.policyLocked(ref.Name, ref.Type) == nil {
			return f.notFound(op, "%s policy %q", ref.Type, ref.Name)
		}
		project := ""
		if ref.Project != "" {
			var ok bool
			if project, ok = projectID(ref.Project); !ok {
				return f.notFound(op, "project %q", ref.Project)
			}
		}
		if slices.ContainsFunc(as, func(a attachment) bool { return a.is(ref.Name, ref.Type, project) }) {
			return f.failure(op, iam.ErrAlreadyExists, "AlreadyExists", "%s policy %q is attached to %s already", ref.Type, ref.Name, gr.what)
		}
		if len(as) >= gr.limit {
			return f.failure(op, iam.ErrLimitExceeded, "LimitExceeded", "%s has %d policies attached, the limit", gr.what, len(as))
		}
		gr.set(g, append(slices.Clip(as), attachment{name: ref.Name, typ: ref.Type, project: project, at: f.st.Now()}))
		return nil
	})
}

// detach revokes the grant of ref (in its scope) from gr's target, as one
// request; a grant that is not there is ErrNotFound.
func (f *fake) detach(c *call, gr grant, ref iam.PolicyRef) error {
	op := c.op
	return c.do(string(op), http.MethodDelete, gr.path+string(ref.Type)+"/"+url.PathEscape(ref.Name), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		as, err := gr.list(g)
		if err != nil {
			return err
		}
		project, known := "", true
		if ref.Project != "" {
			project, known = projectID(ref.Project)
		}
		i := slices.IndexFunc(as, func(a attachment) bool { return a.is(ref.Name, ref.Type, project) })
		if i < 0 || !known {
			scope := ""
			if ref.Project != "" {
				scope = fmt.Sprintf(" in project %q", ref.Project)
			}
			return f.notFound(op, "attachment of %s policy %q to %s%s", ref.Type, ref.Name, gr.what, scope)
		}
		gr.set(g, slices.Delete(slices.Clone(as), i, i+1))
		return nil
	})
}

// attached lists gr's attachments as policies, as one request.
func (f *fake) attached(c *call, gr grant) ([]*iam.Policy, error) {
	var out []*iam.Policy
	err := c.do(string(c.op), http.MethodGet, strings.TrimSuffix(gr.path, "/"), func() error {
		g := f.g
		g.mu.Lock()
		defer g.mu.Unlock()
		as, err := gr.list(g)
		if err != nil {
			return err
		}
		for _, a := range as {
			if p := g.policyLocked(a.name, a.typ); p != nil {
				out = append(out, g.toPolicyLocked(p, false, &a))
			}
		}
		return nil
	})
	return out, err
}

// AttachUserPolicy implements iam.PolicyDriver.
func (f *fake) AttachUserPolicy(ctx context.Context, userName string, ref iam.PolicyRef) error {
	c, gr, err := f.userGrant(ctx, iam.OpAttachUserPolicy, userName, ref)
	if err != nil {
		return err
	}
	return f.attach(c, gr, ref)
}

// DetachUserPolicy implements iam.PolicyDriver.
func (f *fake) DetachUserPolicy(ctx context.Context, userName string, ref iam.PolicyRef) error {
	c, gr, err := f.userGrant(ctx, iam.OpDetachUserPolicy, userName, ref)
	if err != nil {
		return err
	}
	return f.detach(c, gr, ref)
}

// ListUserPolicies implements iam.PolicyDriver: the policies attached to
// the user directly, in attaching order, in one request.
func (f *fake) ListUserPolicies(ctx context.Context, userName string) iter.Seq2[*iam.Policy, error] {
	return lazy(func() ([]*iam.Policy, error) {
		c, gr, err := f.userGrant(ctx, iam.OpListUserPolicies, userName, iam.PolicyRef{})
		if err != nil {
			return nil, err
		}
		return f.attached(c, gr)
	})
}

// AttachGroupPolicy implements iam.PolicyDriver.
func (f *fake) AttachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	c, gr, err := f.groupGrant(ctx, iam.OpAttachGroupPolicy, groupName, ref)
	if err != nil {
		return err
	}
	return f.attach(c, gr, ref)
}

// DetachGroupPolicy implements iam.PolicyDriver.
func (f *fake) DetachGroupPolicy(ctx context.Context, groupName string, ref iam.PolicyRef) error {
	c, gr, err := f.groupGrant(ctx, iam.OpDetachGroupPolicy, groupName, ref)
	if err != nil {
		return err
	}
	return f.detach(c, gr, ref)
}

// ListGroupPolicies implements iam.PolicyDriver: the group's policies in
// attaching order, with the project ID of a project-scope grant in
// Policy.Project, in one request.
func (f *fake) ListGroupPolicies(ctx context.Context, groupName string) iter.Seq2[*iam.Policy, error] {
	return lazy(func() ([]*iam.Policy, error) {
		c, gr, err := f.groupGrant(ctx, iam.OpListGroupPolicies, groupName, iam.PolicyRef{})
		if err != nil {
			return nil, err
		}
		return f.attached(c, gr)
	})
}
