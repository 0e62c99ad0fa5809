package aliyuntest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/internal/store"
)

// RAMLimits are the RAM quotas the emulator enforces (WithRAMLimits). The
// defaults are those of RAM's limits page: where sources disagree (custom
// policies per account 1500 or 200, custom policies per user 10 or 5), the
// limits page wins.
type RAMLimits struct {
	// Groups per account (LimitExceeded.Group); default 50.
	Groups int
	// GroupsPerUser is how many groups a user can join
	// (LimitExceeded.User.Group); default 5.
	GroupsPerUser int
	// SystemPoliciesPerUser and CustomPoliciesPerUser bound the policies
	// attached to one user (LimitExceeded.User.Policy); default 20 and 10.
	SystemPoliciesPerUser, CustomPoliciesPerUser int
	// SystemPoliciesPerGroup and CustomPoliciesPerGroup bound the policies
	// attached to one group (LimitExceeded.Group.Policy); default 20 and 5.
	SystemPoliciesPerGroup, CustomPoliciesPerGroup int
	// CustomPolicies per account (LimitExceeded.Policy); default 1500.
	CustomPolicies int
	// VersionsPerPolicy is how many versions a custom policy keeps
	// (LimitExceeded.Policy.Version); default 5.
	VersionsPerPolicy int
}

// DefaultRAMLimits returns the quotas a new emulator enforces.
func DefaultRAMLimits() RAMLimits {
	return RAMLimits{Groups: 50, GroupsPerUser: 5, SystemPoliciesPerUser: 20, CustomPoliciesPerUser: 10,
		SystemPoliciesPerGroup: 20, CustomPoliciesPerGroup: 5, CustomPolicies: 1500, VersionsPerPolicy: 5}
}

// WithRAMLimits changes RAM's quotas; the zero fields of l keep the defaults
// of DefaultRAMLimits.
func WithRAMLimits(l RAMLimits) Option {
	return func(o *options) {
		d := DefaultRAMLimits()
		pick := func(v, def int) int {
			if v > 0 {
				return v
			}
			return def
		}
		o.ramLimits = RAMLimits{Groups: pick(l.Groups, d.Groups), GroupsPerUser: pick(l.GroupsPerUser, d.GroupsPerUser),
			SystemPoliciesPerUser:  pick(l.SystemPoliciesPerUser, d.SystemPoliciesPerUser),
			CustomPoliciesPerUser:  pick(l.CustomPoliciesPerUser, d.CustomPoliciesPerUser),
			SystemPoliciesPerGroup: pick(l.SystemPoliciesPerGroup, d.SystemPoliciesPerGroup),
			CustomPoliciesPerGroup: pick(l.CustomPoliciesPerGroup, d.CustomPoliciesPerGroup),
			CustomPolicies:         pick(l.CustomPolicies, d.CustomPolicies),
			VersionsPerPolicy:      pick(l.VersionsPerPolicy, d.VersionsPerPolicy)}
	}
}

// ramIAM is the RAM account's groups, policies, roles and attachments,
// guarded by Emulator.mu. Users live in the store; memberships and
// attachments refer to them by UserId, so a renamed user keeps both.
type ramIAM struct {
	limits   RAMLimits
	seq      uint64                      // orders everything listed
	groups   map[string]*ramGroupRec     // by GroupId
	policies map[policyKey]*ramPolicyRec // system and custom
	roles    map[string]*ramRoleRec      // by RoleName
	members  map[memberKey]stamp         // group membership
	attached map[attachKey]stamp         // policy attachments
}

// stamp is when something happened, and its place in list order.
type stamp struct {
	seq uint64
	at  time.Time
}

type ramGroupRec struct {
	stamp
	id, name, comments string
	updated            time.Time
}

type policyKey struct{ typ, name string }

type ramPolicyRec struct {
	stamp
	typ, name, description string
	defaultVersion         string
	versions               []*ramVersionRec // in creation order
	nextVersion            int
	tags                   []ramTag
	updated                time.Time
}

type ramVersionRec struct {
	id, document string
	created      time.Time
}

type ramTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type ramRoleRec struct {
	stamp
	id, name, description string
}

type memberKey struct{ groupID, userID string }

// principal kinds of an attachment.
const (
	onUser  = "User"
	onGroup = "Group"
	onRole  = "Role"
)

type attachKey struct {
	kind, principal string // onUser + UserId, onGroup + GroupId, onRole + RoleName
	policy          policyKey
	resourceGroup   string // "" for the whole account
}

func newRAMIAM(limits RAMLimits, now time.Time) *ramIAM {
	r := &ramIAM{limits: limits, groups: map[string]*ramGroupRec{}, policies: map[policyKey]*ramPolicyRec{},
		roles: map[string]*ramRoleRec{}, members: map[memberKey]stamp{}, attached: map[attachKey]stamp{}}
	for _, p := range ramSystemPolicies {
		rec := &ramPolicyRec{stamp: r.next(now), typ: "System", name: p.name, description: p.description,
			defaultVersion: "v1", nextVersion: 2, updated: now,
			versions: []*ramVersionRec{{id: "v1", document: p.document(), created: now}}}
		r.policies[policyKey{"System", p.name}] = rec
	}
	return r
}

func (r *ramIAM) next(at time.Time) stamp {
	r.seq++
	return stamp{seq: r.seq, at: at}
}

// Wire shapes of groups and policies.

type ramGroupWire struct {
	GroupId    string `json:"GroupId,omitempty"`
	GroupName  string `json:"GroupName"`
	Comments   string `json:"Comments"`
	CreateDate string `json:"CreateDate,omitempty"`
	UpdateDate string `json:"UpdateDate,omitempty"`
	JoinDate   string `json:"JoinDate,omitempty"`
	AttachDate string `json:"AttachDate,omitempty"`
}

type ramPolicyWire struct {
	PolicyName      string `json:"PolicyName"`
	PolicyType      string `json:"PolicyType"`
	Description     string `json:"Description"`
	DefaultVersion  string `json:"DefaultVersion"`
	AttachmentCount *int   `json:"AttachmentCount,omitempty"`
	CreateDate      string `json:"CreateDate,omitempty"`
	UpdateDate      string `json:"UpdateDate,omitempty"`
	AttachDate      string `json:"AttachDate,omitempty"`
	PolicyDocument  string `json:"PolicyDocument,omitempty"`
	Tags            any    `json:"Tags,omitempty"`
}

type ramVersionWire struct {
	VersionId        string `json:"VersionId"`
	IsDefaultVersion bool   `json:"IsDefaultVersion"`
	PolicyDocument   string `json:"PolicyDocument"`
	CreateDate       string `json:"CreateDate"`
}

func (g *ramGroupRec) wire() ramGroupWire {
	return ramGroupWire{GroupId: g.id, GroupName: g.name, Comments: g.comments, CreateDate: ramDate(g.at), UpdateDate: ramDate(g.updated)}
}

func (r *ramIAM) attachmentCount(k policyKey) int {
	n := 0
	for a := range r.attached {
		if a.policy == k {
			n++
		}
	}
	return n
}

func (r *ramIAM) policyWire(p *ramPolicyRec, withCount bool) ramPolicyWire {
	w := ramPolicyWire{PolicyName: p.name, PolicyType: p.typ, Description: p.description, DefaultVersion: p.defaultVersion,
		CreateDate: ramDate(p.at), UpdateDate: ramDate(p.updated)}
	if withCount {
		n := r.attachmentCount(policyKey{p.typ, p.name})
		w.AttachmentCount = &n
	}
	return w
}

func (p *ramPolicyRec) version(id string) *ramVersionRec {
	for _, v := range p.versions {
		if v.id == id {
			return v
		}
	}
	return nil
}

func (p *ramPolicyRec) versionWire(v *ramVersionRec) ramVersionWire {
	return ramVersionWire{VersionId: v.id, IsDefaultVersion: v.id == p.defaultVersion, PolicyDocument: v.document, CreateDate: ramDate(v.created)}
}

// Parameter rules of groups and policies, from the RAM API reference.

var (
	ramGroupNameChars  = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	ramPolicyNameChars = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	ramVersionID       = regexp.MustCompile(`^v[1-9][0-9]{0,9}$`)
)

const (
	ramMaxPolicyDocument    = 6144
	ramMaxPolicyDescription = 1024
)

func tooLong(param string, max int) *apiError {
	return errf(400, "InvalidParameter."+param+".Length", "The length of the parameter "+param+" exceeds the limit "+strconv.Itoa(max)+".")
}

func invalidChars(param string) *apiError {
	return errf(400, "InvalidParameter."+param+".InvalidChars", "The parameter "+param+" contains invalid chars.")
}

func ramGroupName(name, param string) error {
	switch {
	case name == "":
		return missing(param)
	case utf8.RuneCountInString(name) > 64:
		return tooLong(param, 64)
	case !ramGroupNameChars.MatchString(name):
		return invalidChars(param)
	}
	return nil
}

func ramPolicyName(name string) error {
	switch {
	case name == "":
		return missing("PolicyName")
	case utf8.RuneCountInString(name) > 128:
		return tooLong("PolicyName", 128)
	case !ramPolicyNameChars.MatchString(name):
		return invalidChars("PolicyName")
	}
	return nil
}

// ramPolicyType reads a required PolicyType.
func ramPolicyType(p url.Values) (string, error) {
	switch t := p.Get("PolicyType"); t {
	case "System", "Custom":
		return t, nil
	case "":
		return "", missing("PolicyType")
	}
	return "", errf(400, "InvalidParameter.PolicyType", "The parameter PolicyType must be System or Custom.")
}

func ramVersionParam(p url.Values) (string, error) {
	v := p.Get("VersionId")
	if v == "" {
		return "", missing("VersionId")
	}
	if !ramVersionID.MatchString(v) {
		return "", errf(400, "InvalidParameter.VersionId.Format", "The format of the parameter VersionId is invalid.")
	}
	return v, nil
}

func malformed(why string) *apiError {
	return errf(400, "MalformedPolicyDocument", "The policy document is malformed: "+why+".")
}

// ramDocument checks a PolicyDocument against RAM's grammar: Version "1",
// a non-empty Statement list of objects with Effect Allow or Deny, Action
// or NotAction and Resource or NotResource (strings or lists of strings),
// and an optional Condition object.
func ramDocument(doc string) error {
	if doc == "" {
		return missing("PolicyDocument")
	}
	if utf8.RuneCountInString(doc) > ramMaxPolicyDocument {
		return tooLong("PolicyDocument", ramMaxPolicyDocument)
	}
	var d struct {
		Version   *string
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return malformed("not a JSON object")
	}
	if d.Version == nil || *d.Version != "1" {
		return malformed(`Version must be "1"`)
	}
	var stmts []map[string]json.RawMessage
	if err := json.Unmarshal(d.Statement, &stmts); err != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(d.Statement, &one) != nil || one == nil {
			return malformed("Statement must be a list of statements")
		}
		stmts = []map[string]json.RawMessage{one}
	}
	if len(stmts) == 0 {
		return malformed("Statement is empty")
	}
	for _, s := range stmts {
		var effect string
		if json.Unmarshal(s["Effect"], &effect) != nil || (effect != "Allow" && effect != "Deny") {
			return malformed(`Effect must be "Allow" or "Deny"`)
		}
		for _, pair := range [][2]string{{"Action", "NotAction"}, {"Resource", "NotResource"}} {
			raw, ok := s[pair[0]]
			if !ok {
				raw, ok = s[pair[1]]
			}
			if !ok || !stringOrList(raw) {
				return malformed(pair[0] + " must be a string or a list of strings")
			}
		}
		if c, ok := s["Condition"]; ok {
			var m map[string]json.RawMessage
			if json.Unmarshal(c, &m) != nil {
				return malformed("Condition must be an object")
			}
		}
	}
	return nil
}

func stringOrList(raw json.RawMessage) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s != ""
	}
	var l []string
	return json.Unmarshal(raw, &l) == nil && len(l) > 0
}

// ramMaxItems reads MaxItems: 1-max, default 100.
func ramMaxItems(p url.Values, max int) (int, error) {
	s := p.Get("MaxItems")
	if s == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, errf(400, "InvalidParameter.MaxItems", "The parameter MaxItems must be between 1 and "+strconv.Itoa(max)+".")
	}
	return n, nil
}

// pageBySeq cuts one page from items sorted by seq: the page starts at the
// Marker's seq, and the marker of the next page (opaque, base64) is empty
// on the last page.
func pageBySeq[T any](items []T, seq func(T) uint64, marker string, max int) ([]T, string, error) {
	var from uint64
	if marker != "" {
		b, err := base64.StdEncoding.DecodeString(marker)
		s, ok := strings.CutPrefix(string(b), "seq:")
		n, perr := strconv.ParseUint(s, 10, 64)
		if err != nil || !ok || perr != nil {
			return nil, "", errf(400, "InvalidParameter.Marker", "The parameter Marker is invalid.")
		}
		from = n
	}
	i, _ := slices.BinarySearchFunc(items, from, func(x T, s uint64) int { return cmp.Compare(seq(x), s) })
	items = items[i:]
	if len(items) <= max {
		return items, "", nil
	}
	return items[:max], base64.StdEncoding.EncodeToString([]byte("seq:" + strconv.FormatUint(seq(items[max]), 10))), nil
}

func listResult(res map[string]any, next string) map[string]any {
	res["IsTruncated"] = next != ""
	if next != "" {
		res["Marker"] = next
	}
	return res
}

// Lookups; e.mu is held.

func (r *ramIAM) groupByName(name string) *ramGroupRec {
	for _, g := range r.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (e *Emulator) ramGroup(p url.Values) (*ramGroupRec, error) {
	name := p.Get("GroupName")
	if name == "" {
		return nil, missing("GroupName")
	}
	if g := e.ramIAM.groupByName(name); g != nil {
		return g, nil
	}
	return nil, errf(404, "EntityNotExist.Group", "The group does not exist.")
}

func (e *Emulator) ramPolicy(typ, name string) (*ramPolicyRec, error) {
	if name == "" {
		return nil, missing("PolicyName")
	}
	if p, ok := e.ramIAM.policies[policyKey{typ, name}]; ok {
		return p, nil
	}
	return nil, errf(404, "EntityNotExist.Policy", "The policy does not exist.")
}

func (e *Emulator) ramRole(name string) (*ramRoleRec, error) {
	if name == "" {
		return nil, missing("RoleName")
	}
	if r, ok := e.ramIAM.roles[name]; ok {
		return r, nil
	}
	return nil, errf(404, "EntityNotExist.Role", "The role does not exist.")
}

// sortedBySeq returns the values of m in list order.
func sortedBySeq[K comparable, V any](m map[K]V, seq func(V) uint64) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b V) int { return cmp.Compare(seq(a), seq(b)) })
	return out
}

// ramGroupAction serves the group and policy actions; false when action is
// not one of them.
func (e *Emulator) ramGroupAction(req *request) (any, bool, error) {
	h, ok := ramGroupHandlers[req.action]
	if !ok {
		return nil, false, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	extra, err := h(e, req.params)
	if err != nil {
		return nil, true, err
	}
	m := map[string]any{"RequestId": req.requestID}
	for k, v := range extra {
		m[k] = v
	}
	return m, true, nil
}

type ramHandler func(e *Emulator, p url.Values) (map[string]any, error)

var ramGroupHandlers map[string]ramHandler

func init() {
	ramGroupHandlers = map[string]ramHandler{
		"CreateGroup":             (*Emulator).ramCreateGroup,
		"GetGroup":                (*Emulator).ramGetGroup,
		"UpdateGroup":             (*Emulator).ramUpdateGroup,
		"DeleteGroup":             (*Emulator).ramDeleteGroup,
		"ListGroups":              (*Emulator).ramListGroups,
		"AddUserToGroup":          (*Emulator).ramAddUserToGroup,
		"RemoveUserFromGroup":     (*Emulator).ramRemoveUserFromGroup,
		"ListUsersForGroup":       (*Emulator).ramListUsersForGroup,
		"ListGroupsForUser":       (*Emulator).ramListGroupsForUser,
		"CreatePolicy":            (*Emulator).ramCreatePolicy,
		"GetPolicy":               (*Emulator).ramGetPolicy,
		"UpdatePolicyDescription": (*Emulator).ramUpdatePolicyDescription,
		"DeletePolicy":            (*Emulator).ramDeletePolicy,
		"ListPolicies":            (*Emulator).ramListPolicies,
		"AttachPolicyToUser":      func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onUser, true) },
		"DetachPolicyFromUser":    func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onUser, false) },
		"AttachPolicyToGroup":     func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onGroup, true) },
		"DetachPolicyFromGroup":   func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onGroup, false) },
		"AttachPolicyToRole":      func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onRole, true) },
		"DetachPolicyFromRole":    func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramAttach(p, onRole, false) },
		"ListPoliciesForUser":     func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramPoliciesFor(p, onUser) },
		"ListPoliciesForGroup":    func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramPoliciesFor(p, onGroup) },
		"ListPoliciesForRole":     func(e *Emulator, p url.Values) (map[string]any, error) { return e.ramPoliciesFor(p, onRole) },
		"ListEntitiesForPolicy":   (*Emulator).ramListEntitiesForPolicy,
		"CreatePolicyVersion":     (*Emulator).ramCreatePolicyVersion,
		"GetPolicyVersion":        (*Emulator).ramGetPolicyVersion,
		"ListPolicyVersions":      (*Emulator).ramListPolicyVersions,
		"DeletePolicyVersion":     (*Emulator).ramDeletePolicyVersion,
		"SetDefaultPolicyVersion": (*Emulator).ramSetDefaultPolicyVersion,
	}
}

func (e *Emulator) now() time.Time { return e.ram.Now() }

func (e *Emulator) ramCreateGroup(p url.Values) (map[string]any, error) {
	name := p.Get("GroupName")
	if err := ramGroupName(name, "GroupName"); err != nil {
		return nil, err
	}
	comments := p.Get("Comments")
	if utf8.RuneCountInString(comments) > 128 {
		return nil, tooLong("Comments", 128)
	}
	g, err := e.addRAMGroup(name, comments, "", time.Time{}, true)
	if err != nil {
		return nil, err
	}
	w := g.wire()
	w.UpdateDate = ""
	return map[string]any{"Group": w}, nil
}

// addRAMGroup adds a group; limit applies RAM's quota. e.mu is held.
func (e *Emulator) addRAMGroup(name, comments, id string, at time.Time, limit bool) (*ramGroupRec, error) {
	r := e.ramIAM
	if r.groupByName(name) != nil {
		return nil, errf(409, "EntityAlreadyExists.Group", "The group does already exist.")
	}
	if limit && len(r.groups) >= r.limits.Groups {
		return nil, errf(409, "LimitExceeded.Group", "The count of groups beyond the current limits.")
	}
	if at.IsZero() {
		at = e.now()
	}
	for id == "" || r.groups[id] != nil {
		if id != "" && !limit {
			return nil, errf(409, "EntityAlreadyExists.Group", "The group does already exist.")
		}
		id = "7" + randomFrom(digits, 16)
	}
	g := &ramGroupRec{stamp: r.next(at), id: id, name: name, comments: comments, updated: at}
	r.groups[id] = g
	return g, nil
}

func (e *Emulator) ramGetGroup(p url.Values) (map[string]any, error) {
	g, err := e.ramGroup(p)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": g.wire()}, nil
}

func (e *Emulator) ramUpdateGroup(p url.Values) (map[string]any, error) {
	g, err := e.ramGroup(p)
	if err != nil {
		return nil, err
	}
	newName, newComments := p.Get("NewGroupName"), p.Get("NewComments")
	if newName != "" {
		if err := ramGroupName(newName, "NewGroupName"); err != nil {
			return nil, err
		}
		if other := e.ramIAM.groupByName(newName); other != nil && other != g {
			return nil, errf(409, "EntityAlreadyExists.Group", "The group does already exist.")
		}
	}
	if utf8.RuneCountInString(newComments) > 128 {
		return nil, tooLong("NewComments", 128)
	}
	if newName != "" {
		g.name = newName
	}
	if newComments != "" {
		g.comments = newComments
	}
	g.updated = e.now()
	return map[string]any{"Group": g.wire()}, nil
}

func (e *Emulator) ramDeleteGroup(p url.Values) (map[string]any, error) {
	g, err := e.ramGroup(p)
	if err != nil {
		return nil, err
	}
	for m := range e.ramIAM.members {
		if m.groupID == g.id {
			return nil, errf(409, "DeleteConflict.Group.User", "The group CAN NOT has any user member while deleting the group.")
		}
	}
	for a := range e.ramIAM.attached {
		if a.kind == onGroup && a.principal == g.id {
			return nil, errf(409, "DeleteConflict.Group.Policy", "The entity CAN NOT has any attached policy while deleting the group.")
		}
	}
	delete(e.ramIAM.groups, g.id)
	return nil, nil
}

func (e *Emulator) ramListGroups(p url.Values) (map[string]any, error) {
	max, err := ramMaxItems(p, 100)
	if err != nil {
		return nil, err
	}
	all := sortedBySeq(e.ramIAM.groups, func(g *ramGroupRec) uint64 { return g.seq })
	page, next, err := pageBySeq(all, func(g *ramGroupRec) uint64 { return g.seq }, p.Get("Marker"), max)
	if err != nil {
		return nil, err
	}
	list := make([]ramGroupWire, 0, len(page))
	for _, g := range page {
		list = append(list, g.wire())
	}
	return listResult(map[string]any{"Groups": map[string]any{"Group": list}}, next), nil
}

func (e *Emulator) ramGroupMember(p url.Values) (*ramGroupRec, store.User, error) {
	u, err := e.ramUser(p.Get("UserName"))
	if err != nil {
		return nil, store.User{}, err
	}
	g, err := e.ramGroup(p)
	if err != nil {
		return nil, store.User{}, err
	}
	return g, u, nil
}

func (e *Emulator) ramAddUserToGroup(p url.Values) (map[string]any, error) {
	g, u, err := e.ramGroupMember(p)
	if err != nil {
		return nil, err
	}
	return nil, e.joinRAMGroup(g, u.ID, true)
}

// joinRAMGroup adds a membership; e.mu is held.
func (e *Emulator) joinRAMGroup(g *ramGroupRec, userID string, limit bool) error {
	r := e.ramIAM
	k := memberKey{g.id, userID}
	if _, ok := r.members[k]; ok {
		return errf(409, "EntityAlreadyExists.User.Group", "The user has already joined the group.")
	}
	if limit {
		n := 0
		for m := range r.members {
			if m.userID == userID {
				n++
			}
		}
		if n >= r.limits.GroupsPerUser {
			return errf(409, "LimitExceeded.User.Group", "The count of groups the target user joined beyond the current limits.")
		}
	}
	r.members[k] = r.next(e.now())
	return nil
}

func (e *Emulator) ramRemoveUserFromGroup(p url.Values) (map[string]any, error) {
	g, u, err := e.ramGroupMember(p)
	if err != nil {
		return nil, err
	}
	k := memberKey{g.id, u.ID}
	if _, ok := e.ramIAM.members[k]; !ok {
		return nil, errf(404, "EntityNotExist.User.Group", "The user has not joined the group.")
	}
	delete(e.ramIAM.members, k)
	return nil, nil
}

type memberEntry struct {
	key memberKey
	stamp
}

func (e *Emulator) membersWhere(keep func(memberKey) bool) []memberEntry {
	var out []memberEntry
	for k, s := range e.ramIAM.members {
		if keep(k) {
			out = append(out, memberEntry{k, s})
		}
	}
	slices.SortFunc(out, func(a, b memberEntry) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

func (e *Emulator) ramListUsersForGroup(p url.Values) (map[string]any, error) {
	g, err := e.ramGroup(p)
	if err != nil {
		return nil, err
	}
	max, err := ramMaxItems(p, 1000)
	if err != nil {
		return nil, err
	}
	all := e.membersWhere(func(k memberKey) bool { return k.groupID == g.id })
	page, next, err := pageBySeq(all, func(m memberEntry) uint64 { return m.seq }, p.Get("Marker"), max)
	if err != nil {
		return nil, err
	}
	type userWire struct {
		UserName    string `json:"UserName"`
		DisplayName string `json:"DisplayName"`
		JoinDate    string `json:"JoinDate"`
	}
	list := []userWire{}
	for _, m := range page {
		u, err := e.ram.UserByID(m.key.userID)
		if err != nil {
			continue
		}
		list = append(list, userWire{UserName: u.Name, DisplayName: u.DisplayName, JoinDate: ramDate(m.at)})
	}
	return listResult(map[string]any{"Users": map[string]any{"User": list}}, next), nil
}

func (e *Emulator) ramListGroupsForUser(p url.Values) (map[string]any, error) {
	u, err := e.ramUser(p.Get("UserName"))
	if err != nil {
		return nil, err
	}
	list := []ramGroupWire{}
	for _, m := range e.membersWhere(func(k memberKey) bool { return k.userID == u.ID }) {
		if g := e.ramIAM.groups[m.key.groupID]; g != nil {
			list = append(list, ramGroupWire{GroupId: g.id, GroupName: g.name, Comments: g.comments, JoinDate: ramDate(m.at)})
		}
	}
	return map[string]any{"Groups": map[string]any{"Group": list}}, nil
}

func parseTags(p url.Values) ([]ramTag, error) {
	s := p.Get("Tag")
	if s == "" {
		return nil, nil
	}
	var tags []ramTag
	if err := json.Unmarshal([]byte(s), &tags); err != nil {
		return nil, errf(400, "InvalidParameter.Tag", "The parameter Tag must be a JSON list of {\"Key\",\"Value\"} objects.")
	}
	for _, t := range tags {
		if t.Key == "" {
			return nil, errf(400, "InvalidParameter.Tag.Key", "The tag key must not be empty.")
		}
	}
	return tags, nil
}

func (e *Emulator) ramCreatePolicy(p url.Values) (map[string]any, error) {
	name := p.Get("PolicyName")
	if err := ramPolicyName(name); err != nil {
		return nil, err
	}
	doc := p.Get("PolicyDocument")
	if err := ramDocument(doc); err != nil {
		return nil, err
	}
	desc := p.Get("Description")
	if utf8.RuneCountInString(desc) > ramMaxPolicyDescription {
		return nil, tooLong("Description", ramMaxPolicyDescription)
	}
	tags, err := parseTags(p)
	if err != nil {
		return nil, err
	}
	pol, err := e.addRAMPolicy(name, desc, doc, tags, time.Time{}, true)
	if err != nil {
		return nil, err
	}
	w := e.ramIAM.policyWire(pol, false)
	w.UpdateDate = ""
	return map[string]any{"Policy": w}, nil
}

// addRAMPolicy adds a custom policy; e.mu is held.
func (e *Emulator) addRAMPolicy(name, desc, doc string, tags []ramTag, at time.Time, limit bool) (*ramPolicyRec, error) {
	r := e.ramIAM
	if _, ok := r.policies[policyKey{"Custom", name}]; ok || isSystemPolicyName(name) {
		return nil, errf(409, "EntityAlreadyExists.Policy", "The policy does already exist.")
	}
	if limit {
		n := 0
		for k := range r.policies {
			if k.typ == "Custom" {
				n++
			}
		}
		if n >= r.limits.CustomPolicies {
			return nil, errf(409, "LimitExceeded.Policy", "The count of custom policies beyond the current limits.")
		}
	}
	if at.IsZero() {
		at = e.now()
	}
	pol := &ramPolicyRec{stamp: r.next(at), typ: "Custom", name: name, description: desc, defaultVersion: "v1",
		nextVersion: 2, tags: tags, updated: at, versions: []*ramVersionRec{{id: "v1", document: doc, created: at}}}
	r.policies[policyKey{"Custom", name}] = pol
	return pol, nil
}

func (e *Emulator) ramGetPolicy(p url.Values) (map[string]any, error) {
	typ, err := ramPolicyType(p)
	if err != nil {
		return nil, err
	}
	pol, err := e.ramPolicy(typ, p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	w := e.ramIAM.policyWire(pol, true)
	def := pol.version(pol.defaultVersion)
	w.PolicyDocument = def.document
	return map[string]any{"Policy": w, "DefaultPolicyVersion": pol.versionWire(def)}, nil
}

func (e *Emulator) ramUpdatePolicyDescription(p url.Values) (map[string]any, error) {
	pol, err := e.ramPolicy("Custom", p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	desc := p.Get("NewDescription")
	if desc == "" {
		return nil, missing("NewDescription")
	}
	if utf8.RuneCountInString(desc) > ramMaxPolicyDescription {
		return nil, tooLong("NewDescription", ramMaxPolicyDescription)
	}
	pol.description = desc
	pol.updated = e.now()
	return map[string]any{"Policy": e.ramIAM.policyWire(pol, false)}, nil
}

func (e *Emulator) ramDeletePolicy(p url.Values) (map[string]any, error) {
	pol, err := e.ramPolicy("Custom", p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	cascade, err := ramBool(p, "CascadingDelete")
	if err != nil {
		return nil, err
	}
	k := policyKey{"Custom", pol.name}
	for _, kind := range []string{onUser, onGroup, onRole} {
		for a := range e.ramIAM.attached {
			if a.policy == k && a.kind == kind {
				return nil, errf(409, "DeleteConflict.Policy."+kind, "The policy CAN NOT be deleted while it is attached to a "+strings.ToLower(kind)+".")
			}
		}
	}
	if len(pol.versions) > 1 && (cascade == nil || !*cascade) {
		return nil, errf(409, "DeleteConflict.Policy.Version", "The policy CAN NOT has any version except the default version.")
	}
	delete(e.ramIAM.policies, k)
	return nil, nil
}

func (e *Emulator) ramListPolicies(p url.Values) (map[string]any, error) {
	typ := p.Get("PolicyType")
	if typ != "" && typ != "System" && typ != "Custom" {
		return nil, errf(400, "InvalidParameter.PolicyType", "The parameter PolicyType must be System or Custom.")
	}
	max, err := ramMaxItems(p, 1000)
	if err != nil {
		return nil, err
	}
	tags, err := parseTags(p)
	if err != nil {
		return nil, err
	}
	all := sortedBySeq(e.ramIAM.policies, func(p *ramPolicyRec) uint64 { return p.seq })
	all = slices.DeleteFunc(all, func(pol *ramPolicyRec) bool {
		if typ != "" && pol.typ != typ {
			return true
		}
		for _, t := range tags {
			if !slices.Contains(pol.tags, t) {
				return true
			}
		}
		return false
	})
	page, next, err := pageBySeq(all, func(p *ramPolicyRec) uint64 { return p.seq }, p.Get("Marker"), max)
	if err != nil {
		return nil, err
	}
	type tagWire struct {
		TagKey   string `json:"TagKey"`
		TagValue string `json:"TagValue"`
	}
	list := make([]ramPolicyWire, 0, len(page))
	for _, pol := range page {
		w := e.ramIAM.policyWire(pol, true)
		if pol.typ == "Custom" {
			tw := []tagWire{}
			for _, t := range pol.tags {
				tw = append(tw, tagWire{t.Key, t.Value})
			}
			w.Tags = map[string]any{"Tag": tw}
		}
		list = append(list, w)
	}
	return listResult(map[string]any{"Policies": map[string]any{"Policy": list}}, next), nil
}

// ramPrincipal resolves the user, group or role an attachment action names.
func (e *Emulator) ramPrincipal(p url.Values, kind string) (string, error) {
	switch kind {
	case onUser:
		u, err := e.ramUser(p.Get("UserName"))
		return u.ID, err
	case onGroup:
		g, err := e.ramGroup(p)
		if err != nil {
			return "", err
		}
		return g.id, nil
	}
	r, err := e.ramRole(p.Get("RoleName"))
	if err != nil {
		return "", err
	}
	return r.name, nil
}

func (e *Emulator) ramAttach(p url.Values, kind string, attach bool) (map[string]any, error) {
	typ, err := ramPolicyType(p)
	if err != nil {
		return nil, err
	}
	if p.Get("PolicyName") == "" {
		return nil, missing("PolicyName")
	}
	who, err := e.ramPrincipal(p, kind)
	if err != nil {
		return nil, err
	}
	pol, err := e.ramPolicy(typ, p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	k := attachKey{kind: kind, principal: who, policy: policyKey{pol.typ, pol.name}, resourceGroup: p.Get("ResourceGroupId")}
	if !attach {
		if _, ok := e.ramIAM.attached[k]; !ok {
			return nil, errf(404, "EntityNotExist."+kind+".Policy", "The policy is not attached to the "+strings.ToLower(kind)+".")
		}
		delete(e.ramIAM.attached, k)
		return nil, nil
	}
	return nil, e.attachRAMPolicy(k, true)
}

// attachRAMPolicy records an attachment; e.mu is held.
func (e *Emulator) attachRAMPolicy(k attachKey, limit bool) error {
	r := e.ramIAM
	if _, ok := r.attached[k]; ok {
		return errf(409, "EntityAlreadyExists."+k.kind+".Policy", "The "+strings.ToLower(k.kind)+" has already been attached this policy.")
	}
	if limit && k.kind != onRole {
		max := map[string]int{onUser + "System": r.limits.SystemPoliciesPerUser, onUser + "Custom": r.limits.CustomPoliciesPerUser,
			onGroup + "System": r.limits.SystemPoliciesPerGroup, onGroup + "Custom": r.limits.CustomPoliciesPerGroup}[k.kind+k.policy.typ]
		n := 0
		for a := range r.attached {
			if a.kind == k.kind && a.principal == k.principal && a.policy.typ == k.policy.typ {
				n++
			}
		}
		if n >= max {
			return errf(409, "LimitExceeded."+k.kind+".Policy", "The count of "+strings.ToLower(k.policy.typ)+" policies attached to the "+
				strings.ToLower(k.kind)+" beyond the current limits ("+strconv.Itoa(max)+").")
		}
	}
	r.attached[k] = r.next(e.now())
	return nil
}

type attachEntry struct {
	key attachKey
	stamp
}

func (e *Emulator) attachmentsWhere(keep func(attachKey) bool) []attachEntry {
	var out []attachEntry
	for k, s := range e.ramIAM.attached {
		if keep(k) {
			out = append(out, attachEntry{k, s})
		}
	}
	slices.SortFunc(out, func(a, b attachEntry) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

func (e *Emulator) ramPoliciesFor(p url.Values, kind string) (map[string]any, error) {
	who, err := e.ramPrincipal(p, kind)
	if err != nil {
		return nil, err
	}
	list := []ramPolicyWire{}
	for _, a := range e.attachmentsWhere(func(k attachKey) bool { return k.kind == kind && k.principal == who && k.resourceGroup == "" }) {
		pol := e.ramIAM.policies[a.key.policy]
		if pol == nil {
			continue
		}
		list = append(list, ramPolicyWire{PolicyName: pol.name, PolicyType: pol.typ, Description: pol.description,
			DefaultVersion: pol.defaultVersion, AttachDate: ramDate(a.at)})
	}
	return map[string]any{"Policies": map[string]any{"Policy": list}}, nil
}

func (e *Emulator) ramListEntitiesForPolicy(p url.Values) (map[string]any, error) {
	typ, err := ramPolicyType(p)
	if err != nil {
		return nil, err
	}
	pol, err := e.ramPolicy(typ, p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	type userWire struct {
		UserId      string `json:"UserId"`
		UserName    string `json:"UserName"`
		DisplayName string `json:"DisplayName"`
		AttachDate  string `json:"AttachDate"`
	}
	type roleWire struct {
		RoleId      string `json:"RoleId"`
		RoleName    string `json:"RoleName"`
		Arn         string `json:"Arn"`
		Description string `json:"Description"`
		AttachDate  string `json:"AttachDate"`
	}
	users, groups, roles := []userWire{}, []ramGroupWire{}, []roleWire{}
	k := policyKey{pol.typ, pol.name}
	for _, a := range e.attachmentsWhere(func(x attachKey) bool { return x.policy == k && x.resourceGroup == "" }) {
		switch a.key.kind {
		case onUser:
			if u, err := e.ram.UserByID(a.key.principal); err == nil {
				users = append(users, userWire{UserId: u.ID, UserName: u.Name, DisplayName: u.DisplayName, AttachDate: ramDate(a.at)})
			}
		case onGroup:
			if g := e.ramIAM.groups[a.key.principal]; g != nil {
				groups = append(groups, ramGroupWire{GroupName: g.name, Comments: g.comments, AttachDate: ramDate(a.at)})
			}
		case onRole:
			if r := e.ramIAM.roles[a.key.principal]; r != nil {
				roles = append(roles, roleWire{RoleId: r.id, RoleName: r.name, Arn: e.roleArn(r.name), Description: r.description, AttachDate: ramDate(a.at)})
			}
		}
	}
	return map[string]any{"Users": map[string]any{"User": users}, "Groups": map[string]any{"Group": groups},
		"Roles": map[string]any{"Role": roles}}, nil
}

// AccountID is the emulated account's id, in role ARNs.
const AccountID = "1234567890123456"

func (e *Emulator) roleArn(name string) string {
	return "acs:ram::" + AccountID + ":role/" + strings.ToLower(name)
}

func (e *Emulator) ramCreatePolicyVersion(p url.Values) (map[string]any, error) {
	pol, err := e.ramPolicy("Custom", p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	doc := p.Get("PolicyDocument")
	if err := ramDocument(doc); err != nil {
		return nil, err
	}
	setDefault, err := ramBool(p, "SetAsDefault")
	if err != nil {
		return nil, err
	}
	rotate := p.Get("RotateStrategy")
	if rotate != "" && rotate != "None" && rotate != "DeleteOldestNonDefaultVersionWhenLimitExceeded" {
		return nil, errf(400, "InvalidParameter.RotateStrategy", "The parameter RotateStrategy must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded.")
	}
	if len(pol.versions) >= e.ramIAM.limits.VersionsPerPolicy {
		if rotate != "DeleteOldestNonDefaultVersionWhenLimitExceeded" {
			return nil, errf(409, "LimitExceeded.Policy.Version", "The count of versions of the policy beyond the current limits ("+
				strconv.Itoa(e.ramIAM.limits.VersionsPerPolicy)+").")
		}
		i := slices.IndexFunc(pol.versions, func(v *ramVersionRec) bool { return v.id != pol.defaultVersion })
		pol.versions = slices.Delete(pol.versions, i, i+1)
	}
	now := e.now()
	v := &ramVersionRec{id: "v" + strconv.Itoa(pol.nextVersion), document: doc, created: now}
	pol.nextVersion++
	pol.versions = append(pol.versions, v)
	if setDefault != nil && *setDefault {
		pol.defaultVersion = v.id
	}
	pol.updated = now
	return map[string]any{"PolicyVersion": pol.versionWire(v)}, nil
}

func (e *Emulator) policyVersion(p url.Values, typ string) (*ramPolicyRec, *ramVersionRec, error) {
	if p.Get("PolicyName") == "" {
		return nil, nil, missing("PolicyName")
	}
	id, err := ramVersionParam(p)
	if err != nil {
		return nil, nil, err
	}
	pol, err := e.ramPolicy(typ, p.Get("PolicyName"))
	if err != nil {
		return nil, nil, err
	}
	v := pol.version(id)
	if v == nil {
		return nil, nil, errf(404, "EntityNotExist.Policy.Version", "The policy version does not exist.")
	}
	return pol, v, nil
}

func (e *Emulator) ramGetPolicyVersion(p url.Values) (map[string]any, error) {
	typ, err := ramPolicyType(p)
	if err != nil {
		return nil, err
	}
	pol, v, err := e.policyVersion(p, typ)
	if err != nil {
		return nil, err
	}
	return map[string]any{"PolicyVersion": pol.versionWire(v)}, nil
}

func (e *Emulator) ramListPolicyVersions(p url.Values) (map[string]any, error) {
	typ, err := ramPolicyType(p)
	if err != nil {
		return nil, err
	}
	pol, err := e.ramPolicy(typ, p.Get("PolicyName"))
	if err != nil {
		return nil, err
	}
	list := make([]ramVersionWire, 0, len(pol.versions))
	for _, v := range pol.versions {
		list = append(list, pol.versionWire(v))
	}
	return map[string]any{"PolicyVersions": map[string]any{"PolicyVersion": list}}, nil
}

func (e *Emulator) ramDeletePolicyVersion(p url.Values) (map[string]any, error) {
	pol, v, err := e.policyVersion(p, "Custom")
	if err != nil {
		return nil, err
	}
	if v.id == pol.defaultVersion {
		return nil, errf(409, "DeleteConflict.Policy.Version.Default", "The default policy version CAN NOT been deleted directly.")
	}
	pol.versions = slices.DeleteFunc(pol.versions, func(x *ramVersionRec) bool { return x == v })
	return nil, nil
}

func (e *Emulator) ramSetDefaultPolicyVersion(p url.Values) (map[string]any, error) {
	pol, v, err := e.policyVersion(p, "Custom")
	if err != nil {
		return nil, err
	}
	pol.defaultVersion = v.id
	pol.updated = e.now()
	return nil, nil
}

// ramUserDependents is what RAM refuses DeleteUser for besides keys and
// a login profile; e.mu is held.
func (e *Emulator) ramUserDependents(userID string) error {
	for a := range e.ramIAM.attached {
		if a.kind == onUser && a.principal == userID {
			return errf(409, "DeleteConflict.User.Policy", "The user CAN NOT has any attached policy while deleting the user.")
		}
	}
	for m := range e.ramIAM.members {
		if m.userID == userID {
			return errf(409, "DeleteConflict.User.Group", "The user CAN NOT join any group while deleting the user.")
		}
	}
	return nil
}
