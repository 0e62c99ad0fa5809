package baidutest

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The limits Baidu publishes for groups (IAM system limits), which the
// emulator enforces unless an option says otherwise.
const (
	// DefaultMaxGroups is how many groups an account may hold.
	DefaultMaxGroups = 50
	// DefaultMaxUsersPerGroup is how many users a group may hold.
	DefaultMaxUsersPerGroup = 20
	// DefaultMaxPoliciesPerGroup is how many policies a group may have
	// attached.
	DefaultMaxPoliciesPerGroup = 5
)

// The name and description limits Baidu publishes.
const (
	maxGroupName        = 64
	maxGroupDescription = 128
	maxPolicyName       = 64
	// maxRoleName bounds role names, for which Baidu publishes no limit.
	maxRoleName = 255
)

// codeDeleteConflict answers a delete refused because something still
// depends on the entity: Baidu does not document it, but Terraform's
// force_destroy detaches and empties first, so the emulator refuses, with
// 409, to delete a user in a group or with policies, a group with members
// or policies, a role with policies, or a policy that is attached.
const codeDeleteConflict = "DeleteConflict"

// The policy types, as Baidu spells them (policyType and the policies' type).
const (
	// PolicySystem is the type of the system policies Baidu defines.
	PolicySystem = "System"
	// PolicyCustom is the type of the account's own policies, and the type
	// Baidu assumes when a request gives no policyType.
	PolicyCustom = "Custom"
)

// The grant types: the kind of entity a policy is attached to, as the
// entity lists (GET /v1/policy/{policyId}/entity) report it.
const (
	grantUser  = "UserPolicy"
	grantGroup = "GroupPolicy"
	grantRole  = "RolePolicy"
)

// WithMaxGroups sets how many groups the account may hold (default
// DefaultMaxGroups); n <= 0 means no limit.
func WithMaxGroups(n int) Option { return func(c *config) { c.maxGroups = n } }

// WithMaxUsersPerGroup sets how many users a group may hold (default
// DefaultMaxUsersPerGroup); n <= 0 means no limit.
func WithMaxUsersPerGroup(n int) Option { return func(c *config) { c.maxUsersPerGroup = n } }

// WithMaxPoliciesPerGroup sets how many policies a group may have attached
// (default DefaultMaxPoliciesPerGroup); n <= 0 means no limit.
func WithMaxPoliciesPerGroup(n int) Option { return func(c *config) { c.maxPoliciesPerGroup = n } }

// acl is the emulator's state for groups, policies, roles and attachments.
// Users stay in the store; they are referred to by id here, so renames
// carry over. Every field is guarded by mu; a handler that also changes
// users takes mu first (mu, then the store's lock: never the other way).
type acl struct {
	mu sync.Mutex

	accountID                                        string
	maxGroups, maxUsersPerGroup, maxPoliciesPerGroup int

	groups   []*groupRec             // creation order
	custom   []*policyRec            // the account's policies, creation order
	system   []*policyRec            // the catalog
	roles    []*roleRec              // creation order
	userPols map[string][]attachment // user id -> attached policies
}

type groupRec struct {
	id, name, description string
	created               time.Time
	members               []member
	policies              []attachment
}

type member struct {
	userID string
	joined time.Time
}

type policyRec struct {
	id, name, typ, description, document string
	created                              time.Time
}

type roleRec struct {
	id, name, description, trust string
	created                      time.Time
	policies                     []attachment
}

type attachment struct {
	policy *policyRec
	at     time.Time
}

func newACL(c config) *acl {
	return &acl{
		accountID: randomHex(16), maxGroups: c.maxGroups, maxUsersPerGroup: c.maxUsersPerGroup,
		maxPoliciesPerGroup: c.maxPoliciesPerGroup, system: catalog(), userPols: map[string][]attachment{},
	}
}

// now is the emulator's clock, to the second as Baidu reports times.
func (e *Emulator) clock() time.Time { return e.st.Now().UTC().Truncate(time.Second) }

func (a *acl) group(name string) *groupRec {
	for _, g := range a.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (a *acl) role(name string) *roleRec {
	for _, r := range a.roles {
		if r.name == name {
			return r
		}
	}
	return nil
}

// policy finds a policy by name in the type's list.
func (a *acl) policy(name, typ string) *policyRec {
	list := a.custom
	if typ == PolicySystem {
		list = a.system
	}
	for _, p := range list {
		if p.name == name {
			return p
		}
	}
	return nil
}

func (a *acl) policyByID(id string) *policyRec {
	for _, list := range [][]*policyRec{a.system, a.custom} {
		for _, p := range list {
			if p.id == id {
				return p
			}
		}
	}
	return nil
}

func attached(list []attachment, p *policyRec) int {
	return slices.IndexFunc(list, func(x attachment) bool { return x.policy == p })
}

// inUse says why the policy cannot be deleted, or "".
func (a *acl) inUse(p *policyRec) string {
	for _, l := range a.userPols {
		if attached(l, p) >= 0 {
			return "it is attached to a user"
		}
	}
	for _, g := range a.groups {
		if attached(g.policies, p) >= 0 {
			return "it is attached to the group " + g.name
		}
	}
	for _, r := range a.roles {
		if attached(r.policies, p) >= 0 {
			return "it is attached to the role " + r.name
		}
	}
	return ""
}

// userBusy says why the user cannot be deleted, or "".
func (a *acl) userBusy(userID string) string {
	if len(a.userPols[userID]) > 0 {
		return "it has policies attached; detach them first"
	}
	for _, g := range a.groups {
		if slices.ContainsFunc(g.members, func(m member) bool { return m.userID == userID }) {
			return "it is a member of the group " + g.name + "; remove it from its groups first"
		}
	}
	return ""
}

// validNewName is the emulator's rule for the names a create or a rename
// gives (groups, policies, roles): 1 to max characters, none of which could
// not be addressed in a path ('/', '\', control characters). Baidu's
// console allows letters, digits and '_' in group names; the API's rule is
// not published.
func validNewName(s string, max int) bool {
	return s != "" && utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && s != "." && s != ".." &&
		!strings.ContainsAny(s, `/\`) && !strings.ContainsFunc(s, unicode.IsControl)
}

// policyTypeParam reads ?policyType= (Custom when absent), answering 400
// for a value Baidu does not define.
func policyTypeParam(rw *reply, r *http.Request) (string, bool) {
	t := r.URL.Query().Get("policyType")
	switch t {
	case "":
		return PolicyCustom, true
	case PolicySystem, PolicyCustom:
		return t, true
	}
	rw.fail(http.StatusBadRequest, "InvalidHTTPRequest", "policyType must be System or Custom.")
	return "", false
}

// routeACL serves the group, policy, role and account paths, and the
// group and policy lists of a user (/v1/user/{userName}/group|policy...).
// It reports false for a path it does not serve.
func (e *Emulator) routeACL(rw *reply, r *http.Request, segs []string, body []byte) bool {
	n := len(segs)
	m := r.Method
	switch {
	case n >= 1 && segs[0] == "group":
		switch {
		case n == 1 && m == http.MethodPost:
			e.createGroup(rw, body)
		case n == 1 && m == http.MethodGet:
			e.listGroups(rw)
		case n == 2 && m == http.MethodGet:
			e.getGroup(rw, segs[1])
		case n == 2 && m == http.MethodPut:
			e.updateGroup(rw, segs[1], body)
		case n == 2 && m == http.MethodDelete:
			e.deleteGroup(rw, segs[1])
		case n == 3 && segs[2] == "user" && m == http.MethodGet:
			e.listGroupUsers(rw, segs[1])
		case n == 4 && segs[2] == "user" && m == http.MethodPut:
			e.addUserToGroup(rw, segs[1], segs[3])
		case n == 4 && segs[2] == "user" && m == http.MethodDelete:
			e.removeUserFromGroup(rw, segs[1], segs[3])
		case n == 3 && segs[2] == "policy" && m == http.MethodGet:
			e.listAttached(rw, grantGroup, segs[1])
		case n == 4 && segs[2] == "policy" && (m == http.MethodPut || m == http.MethodDelete):
			e.attachment(rw, r, grantGroup, segs[1], segs[3])
		case known(segs, "user", "policy"):
			methodNotAllowed(rw)
		default:
			return false
		}
	case n >= 1 && segs[0] == "policy":
		switch {
		case n == 1 && m == http.MethodPost:
			e.createPolicy(rw, body)
		case n == 1 && m == http.MethodGet:
			e.listPolicies(rw, r)
		case n == 2 && m == http.MethodGet:
			e.getPolicy(rw, r, segs[1])
		case n == 2 && m == http.MethodPost:
			e.updatePolicy(rw, segs[1], body)
		case n == 2 && m == http.MethodDelete:
			e.deletePolicy(rw, segs[1])
		case n == 3 && segs[2] == "entity" && m == http.MethodGet:
			e.listEntities(rw, segs[1], "")
		case n == 4 && segs[2] == "grant" && m == http.MethodGet:
			e.listEntities(rw, segs[1], segs[3])
		case known(segs, "entity", "grant"):
			methodNotAllowed(rw)
		default:
			return false
		}
	case n >= 1 && segs[0] == "role":
		switch {
		case n == 1 && m == http.MethodPost:
			e.createRole(rw, body)
		case n == 1 && m == http.MethodGet:
			e.listRoles(rw)
		case n == 2 && m == http.MethodGet:
			e.getRole(rw, segs[1])
		case n == 2 && m == http.MethodPut:
			e.updateRole(rw, segs[1], body)
		case n == 2 && m == http.MethodDelete:
			e.deleteRole(rw, segs[1])
		case n == 3 && segs[2] == "policy" && m == http.MethodGet:
			e.listAttached(rw, grantRole, segs[1])
		case n == 4 && segs[2] == "policy" && (m == http.MethodPut || m == http.MethodDelete):
			e.attachment(rw, r, grantRole, segs[1], segs[3])
		case known(segs, "policy"):
			methodNotAllowed(rw)
		default:
			return false
		}
	case n == 2 && segs[0] == "account" && segs[1] == "summary":
		if m != http.MethodGet {
			methodNotAllowed(rw)
			return true
		}
		e.accountSummary(rw)
	case n == 3 && segs[0] == "user" && segs[2] == "group":
		if m != http.MethodGet {
			methodNotAllowed(rw)
			return true
		}
		e.listUserGroups(rw, segs[1])
	case n == 3 && segs[0] == "user" && segs[2] == "policy":
		if m != http.MethodGet {
			methodNotAllowed(rw)
			return true
		}
		e.listAttached(rw, grantUser, segs[1])
	case n == 4 && segs[0] == "user" && segs[2] == "policy":
		if m != http.MethodPut && m != http.MethodDelete {
			methodNotAllowed(rw)
			return true
		}
		e.attachment(rw, r, grantUser, segs[1], segs[3])
	default:
		return false
	}
	return true
}

// known reports whether segs (kind[/name[/sub[/name]]]) is a path the
// emulator serves with some method: sub must be one of subs.
func known(segs []string, subs ...string) bool {
	switch len(segs) {
	case 1, 2:
		return true
	case 3, 4:
		return slices.Contains(subs, segs[2])
	}
	return false
}

func methodNotAllowed(rw *reply) {
	rw.fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
}

func (e *Emulator) accountSummary(rw *reply) {
	a := e.acl
	a.mu.Lock()
	groups, policies := len(a.groups), len(a.custom)
	a.mu.Unlock()
	limits := map[string]int{"akskLimit": e.st.MaxAccessKeysPerUser()}
	for k, v := range map[string]int{"groupLimit": a.maxGroups, "subUserOfGroupLimit": a.maxUsersPerGroup,
		"groupMaxAttachPolicyLimit": a.maxPoliciesPerGroup} {
		if v > 0 {
			limits[k] = v
		}
	}
	rw.ok(http.StatusOK, map[string]any{
		"accountId": a.accountID,
		"limitInfo": limits,
		"countInfo": map[string]int{"userCount": e.st.CountUsers(nil), "policyCount": policies, "groupCount": groups},
	})
}
