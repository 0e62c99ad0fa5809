package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// RoleType is where a permission can be granted, IAM's "display mode" (the
// type field of a role or policy).
type RoleType string

// The role types.
const (
	// RoleTypeAX permissions are granted on the account (domain): global
	// services such as IAM and OBS.
	RoleTypeAX RoleType = "AX"
	// RoleTypeXA permissions are granted on region projects (one, or all
	// of them through the inherited grant).
	RoleTypeXA RoleType = "XA"
	// RoleTypeAA permissions are granted on the account and on projects.
	RoleTypeAA RoleType = "AA"
	// RoleTypeXX permissions are shown on neither; they cannot be granted.
	RoleTypeXX RoleType = "XX"
)

// OnDomain reports whether the permission can be granted on the account
// (AX and AA).
func (t RoleType) OnDomain() bool { return t == RoleTypeAX || t == RoleTypeAA }

// OnProject reports whether the permission can be granted on projects (XA
// and AA).
func (t RoleType) OnProject() bool { return t == RoleTypeXA || t == RoleTypeAA }

// FlagFineGrained is the flag of a system policy, as opposed to a system
// role (which has no flag).
const FlagFineGrained = "fine_grained"

// PolicyEffect is the effect of a policy statement; Deny wins over Allow.
type PolicyEffect string

// The statement effects.
const (
	EffectAllow PolicyEffect = "Allow"
	EffectDeny  PolicyEffect = "Deny"
)

// The Version of a policy document.
const (
	// PolicyVersion is the Version of system policies and of every custom
	// policy.
	PolicyVersion = "1.1"
	// RoleVersion is the Version of system roles.
	RoleVersion = "1.0"
)

// PolicyDocument is the policy of a role, a system policy or a custom
// policy: {"Version","Statement":[...],"Depends"?:[...]}.
//
// Raw is the document as IAM sent it in an answer. On input, a non-empty
// Raw is sent as it is (compacted JSON) instead of the other fields, so a
// document written by hand reaches IAM unchanged; otherwise the fields are
// sent.
type PolicyDocument struct {
	// Version is "1.1" for policies (system and custom), "1.0" for system
	// roles.
	Version string `json:"Version"`
	// Statement lists the permission statements.
	Statement []*PolicyStatement `json:"Statement"`
	// Depends lists the permissions a system role needs alongside it.
	Depends []*PolicyDepends `json:"Depends,omitempty"`
	// Raw is the document's JSON; see the type's documentation.
	Raw json.RawMessage `json:"-"`
}

// PolicyStatement is one statement of a policy document.
type PolicyStatement struct {
	// Action lists actions as service:resource:action, such as
	// "vpc:ports:create" (lower-case service, * wildcards). An agency
	// policy has exactly "iam:agencies:assume".
	Action []string `json:"Action"`
	// Effect is Allow or Deny.
	Effect PolicyEffect `json:"Effect"`
	// Condition is {operator: {key: [values]}}, such as
	// {"StringStartWith": {"g:ProjectName": ["cn-north-4"]}}.
	Condition PolicyCondition `json:"Condition,omitempty"`
	// Resource limits the statement to resources: URNs such as
	// "obs:*:*:bucket:*", or the agencies of an agency policy.
	Resource *PolicyResource `json:"Resource,omitempty"`
}

// PolicyCondition is the Condition of a statement: operator, then key, then
// values. A single value IAM writes as a string reads as a one-value list.
type PolicyCondition map[string]map[string][]string

// UnmarshalJSON reads lists and single values alike.
func (c *PolicyCondition) UnmarshalJSON(b []byte) error {
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*c = nil
		return nil
	}
	out := make(PolicyCondition, len(raw))
	for op, keys := range raw {
		m := make(map[string][]string, len(keys))
		for k, v := range keys {
			m[k] = stringList(v)
		}
		out[op] = m
	}
	*c = out
	return nil
}

// stringList reads a JSON list of values or one value as strings.
func stringList(v json.RawMessage) []string {
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		list = []json.RawMessage{v}
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		var s string
		if json.Unmarshal(e, &s) == nil {
			out = append(out, s)
		} else {
			out = append(out, string(bytes.TrimSpace(e)))
		}
	}
	return out
}

// PolicyResource is the Resource of a statement: a list of resource URNs
// (cloud service policies), or {"uri":[...]} naming agencies
// ("/iam/agencies/<agency_id>") in an agency policy.
type PolicyResource struct {
	// URNs are the resources of a cloud service policy, each
	// service:region:account:type:path, such as "obs:*:*:bucket:*".
	URNs []string
	// URI lists the agencies of an agency policy; when set, the resource
	// is written as {"uri":[...]}.
	URI []string
}

// MarshalJSON writes {"uri":[...]} when URI is set, else the list of URNs.
func (r PolicyResource) MarshalJSON() ([]byte, error) {
	if r.URI != nil {
		return json.Marshal(struct {
			URI []string `json:"uri"`
		}{r.URI})
	}
	if r.URNs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(r.URNs)
}

// UnmarshalJSON reads either form.
func (r *PolicyResource) UnmarshalJSON(b []byte) error {
	*r = PolicyResource{}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			URI []string `json:"uri"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		r.URI = o.URI
		if r.URI == nil {
			r.URI = []string{}
		}
		return nil
	}
	r.URNs = stringList(b)
	return nil
}

// PolicyDepends names a permission a system role depends on.
type PolicyDepends struct {
	// Catalog is the service catalog of the permission.
	Catalog string `json:"catalog"`
	// DisplayName is its display name.
	DisplayName string `json:"display_name"`
}

type policyDocumentFields struct {
	Version   string             `json:"Version"`
	Statement []*PolicyStatement `json:"Statement"`
	Depends   []*PolicyDepends   `json:"Depends,omitempty"`
}

// MarshalJSON writes Raw when set, else the fields.
func (d PolicyDocument) MarshalJSON() ([]byte, error) {
	if len(bytes.TrimSpace(d.Raw)) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, d.Raw); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	st := d.Statement
	if st == nil {
		st = []*PolicyStatement{}
	}
	return json.Marshal(policyDocumentFields{Version: d.Version, Statement: st, Depends: d.Depends})
}

// UnmarshalJSON keeps the document in Raw and reads its fields; a document
// whose fields do not have the documented types keeps only Raw (an answer
// is never refused for its policy's shape).
func (d *PolicyDocument) UnmarshalJSON(b []byte) error {
	*d = PolicyDocument{Raw: append(json.RawMessage(nil), bytes.TrimSpace(b)...)}
	var f policyDocumentFields
	if json.Unmarshal(b, &f) == nil {
		d.Version, d.Statement, d.Depends = f.Version, f.Statement, f.Depends
	}
	return nil
}

// Role is a permission as GET /v3/roles lists it (RoleResult): a system role
// (policy Version "1.0"), a system policy (flag fine_grained, Version
// "1.1") or, with a DomainID, a custom policy of the account. Grants name
// it by ID; people know it by DisplayName.
type Role struct {
	// ID is the permission id (32 hexadecimal characters for system ones).
	ID string `json:"id"`
	// Name is the internal name carried in tokens, such as "te_admin" or
	// "system_all_1001"; custom policies get a generated one.
	Name string `json:"name"`
	// DisplayName is the name the console shows, such as "Tenant Guest" or
	// "OBS ReadOnlyAccess".
	DisplayName string `json:"display_name,omitempty"`
	// Type is where the permission can be granted.
	Type RoleType `json:"type"`
	// Catalog is the service catalog, such as "BASE" or "ECS".
	Catalog string `json:"catalog,omitempty"`
	// Flag is FlagFineGrained for a system policy.
	Flag string `json:"flag,omitempty"`
	// DomainID is set for a custom policy: the account it belongs to.
	DomainID string `json:"domain_id,omitempty"`
	// Description describes the permission in English.
	Description string `json:"description,omitempty"`
	// DescriptionCn describes it in Chinese.
	DescriptionCn string `json:"description_cn,omitempty"`
	// Policy is the permission's document.
	Policy *PolicyDocument `json:"policy"`
	// Links holds the permission's resource link.
	Links *Links `json:"links,omitempty"`
	// CreatedTime is when a custom policy was created (not reported for
	// system permissions).
	CreatedTime Time `json:"created_time"`
	// UpdatedTime is when a custom policy was last modified.
	UpdatedTime Time `json:"updated_time"`
}

// Custom reports whether the permission is a custom policy of the account.
func (r *Role) Custom() bool { return r.DomainID != "" }

// missing names what a permission of an answer lacks: IAM always sends
// its id, its name and the name the console shows (display_name).
func (r *Role) missing() string {
	switch {
	case r == nil:
		return "role"
	case r.ID == "" || r.Name == "":
		return missingIDName(r.ID, r.Name)
	case r.DisplayName == "":
		return "display_name"
	}
	return ""
}

// SystemPolicy reports whether the permission is a system policy (rather
// than a system role or a custom policy).
func (r *Role) SystemPolicy() bool { return r.Flag == FlagFineGrained }

// PermissionType selects system policies or system roles in ListPermissions.
type PermissionType string

// The permission types.
const (
	PermissionTypePolicy PermissionType = "policy"
	PermissionTypeRole   PermissionType = "role"
)

// RoleTypeFilter selects permissions by where they can be granted.
type RoleTypeFilter string

// The role type filters of ListPermissions.
const (
	// RoleFilterDomain lists AA and AX permissions.
	RoleFilterDomain RoleTypeFilter = "domain"
	// RoleFilterProject lists AA and XA permissions.
	RoleFilterProject RoleTypeFilter = "project"
	// RoleFilterAll lists AA, AX and XA permissions.
	RoleFilterAll RoleTypeFilter = "all"
)

// MaxPermissionsPerPage is the largest per_page of ListPermissions and
// ListCustomPolicies (also the page size IAM uses when none is asked for).
const MaxPermissionsPerPage = 300

// ListPermissionsInput filters ListPermissions (GET /v3/roles); it may be
// nil, which lists the first page of system permissions.
type ListPermissionsInput struct {
	// DomainID lists the account's custom policies instead of the system
	// permissions.
	DomainID string
	// Name filters by internal name (such as "ccs_user"); IAM recommends
	// DisplayName.
	Name string
	// DisplayName filters by display name. IAM matches it loosely
	// ("Administrator" finds every administrator role): compare
	// Role.DisplayName for an exact match.
	DisplayName string
	// PermissionType lists only system policies or only system roles
	// (without DomainID).
	PermissionType PermissionType
	// Type lists only the permissions grantable on the account, on
	// projects, or both.
	Type RoleTypeFilter
	// Catalog lists only the permissions of that service catalog.
	Catalog string
	// Page (from 1) and PerPage (1-300) select a page; they are set together.
	Page, PerPage int32
}

// ListPermissionsOutput is the answer of ListPermissions.
type ListPermissionsOutput struct {
	// Roles are the permissions of the page.
	Roles []*Role `json:"roles"`
	// Links holds the list's links.
	Links Links `json:"links"`
	// TotalNumber is the number of custom policies, reported with DomainID.
	TotalNumber *int32 `json:"total_number,omitempty"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

func listPermissionsCall(in *ListPermissionsInput) (call, error) {
	const op = "ListPermissions"
	if in == nil {
		in = &ListPermissionsInput{}
	}
	q := url.Values{}
	if in.DomainID != "" {
		if err := checkID(op, "DomainID", in.DomainID); err != nil {
			return call{}, err
		}
		if in.PermissionType != "" {
			return call{}, invalid(op, "PermissionType", "applies to system permissions only (without DomainID)")
		}
	}
	switch in.PermissionType {
	case "", PermissionTypePolicy, PermissionTypeRole:
	default:
		return call{}, invalid(op, "PermissionType", "must be policy or role")
	}
	switch in.Type {
	case "", RoleFilterDomain, RoleFilterProject, RoleFilterAll:
	default:
		return call{}, invalid(op, "Type", "must be domain, project or all")
	}
	if utf8.RuneCountInString(in.DisplayName) > MaxPolicyNameLength {
		return call{}, invalid(op, "DisplayName", "must be at most 128 characters")
	}
	if len(in.Name) > 256 || len(in.Catalog) > 256 {
		return call{}, invalid(op, "Name", "Name and Catalog must be at most 256 bytes")
	}
	if err := pageQuery(op, in.Page, in.PerPage, MaxPermissionsPerPage, q); err != nil {
		return call{}, err
	}
	// The official SDK's parameter order; url.Values sorts them anyway.
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("name", in.Name)
	set("domain_id", in.DomainID)
	set("permission_type", string(in.PermissionType))
	set("display_name", in.DisplayName)
	set("type", string(in.Type))
	set("catalog", in.Catalog)
	return call{op: op, method: http.MethodGet, path: "/v3/roles", query: q, idempotent: true}, nil
}

// ListPermissions lists one page of permissions: GET /v3/roles
// (KeystoneListPermissions). Without DomainID these are the system roles
// and system policies; with it, the account's custom policies.
// AllPermissions reads every page.
func (c *Client) ListPermissions(ctx context.Context, in *ListPermissionsInput) (*ListPermissionsOutput, error) {
	k, err := listPermissionsCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListPermissionsOutput{}
	k.expect = func([]byte) error { return checkList(out.Roles, "roles") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllPermissions yields every permission ListPermissions lists, asking for
// one page after the other (in.PerPage at a time, 300 when zero, from
// in.Page or 1) until a page comes back short.
func (c *Client) AllPermissions(ctx context.Context, in *ListPermissionsInput) iter.Seq2[*Role, error] {
	q := ListPermissionsInput{}
	if in != nil {
		q = *in
	}
	if q.PerPage == 0 {
		q.PerPage = MaxPermissionsPerPage
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if _, err := listPermissionsCall(&q); err != nil {
		return func(yield func(*Role, error) bool) { yield(nil, err) }
	}
	return pages(int(q.Page), int(q.PerPage), func(r *Role) string { return r.ID }, func(page int) (pageOf[Role], error) {
		p := q
		p.Page = int32(page)
		out, err := c.ListPermissions(ctx, &p)
		if err != nil {
			return pageOf[Role]{}, err
		}
		total := -1
		if out.TotalNumber != nil {
			total = int(*out.TotalNumber) - int(q.Page-1)*int(q.PerPage)
		}
		return pageOf[Role]{items: out.Roles, total: total}, nil
	})
}

// ShowPermissionInput is the input of ShowPermission.
type ShowPermissionInput struct {
	// RoleID is the id of the permission (required).
	RoleID string
}

// ShowPermissionOutput is the answer of ShowPermission.
type ShowPermissionOutput struct {
	// Role is the permission.
	Role *Role
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

type roleEnvelope struct {
	Role *Role `json:"role"`
}

// ShowPermission returns a permission (system role, system policy or custom
// policy): GET /v3/roles/{role_id} (KeystoneShowPermission).
func (c *Client) ShowPermission(ctx context.Context, in *ShowPermissionInput) (*ShowPermissionOutput, error) {
	const op = "ShowPermission"
	if in == nil {
		return nil, invalid(op, "ShowPermissionInput", "required")
	}
	if err := checkID(op, "RoleID", in.RoleID); err != nil {
		return nil, err
	}
	var env roleEnvelope
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3/roles/" + in.RoleID, idempotent: true,
		expect: func([]byte) error {
			if env.Role == nil {
				return lacks(`"role"`)
			}
			if m := env.Role.missing(); m != "" {
				return lacks("role " + m)
			}
			return nil
		}}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowPermissionOutput{Role: env.Role, RequestID: resp.RequestID}, nil
}
