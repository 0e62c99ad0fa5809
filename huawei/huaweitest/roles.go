package huaweitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// customCatalog is the catalog of custom policies.
const customCatalog = "CUSTOMED"

// maxPolicyDocument bounds a custom policy's document, in characters.
const maxPolicyDocument = 6144

// paging reads page and per_page (both or neither, page >= 1, per_page
// 1..max); page 0 means no paging asked. ok is false for a bad pair.
func paging(v url.Values, max int) (page, perPage int, ok bool) {
	if !v.Has("page") && !v.Has("per_page") {
		return 0, 0, true
	}
	p, err1 := strconv.Atoi(v.Get("page"))
	n, err2 := strconv.Atoi(v.Get("per_page"))
	if err1 != nil || err2 != nil || p < 1 || n < 1 || n > max {
		return 0, 0, false
	}
	return p, n, true
}

// pageSlice returns the page of items (all of the first def when no page
// was asked for).
func pageSlice[T any](items []T, page, perPage, def int) []T {
	if page == 0 {
		page, perPage = 1, def
	}
	start := (page - 1) * perPage
	if start >= len(items) {
		return items[:0]
	}
	return items[start:min(len(items), start+perPage)]
}

func msString(t interface{ UnixMilli() int64 }) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// customShape renders a custom policy; self is its link.
func (e *Emulator) customShape(c *customPolicy, self string) map[string]any {
	m := map[string]any{
		"id": c.id, "name": c.name, "display_name": c.displayName, "type": c.typ, "catalog": customCatalog,
		"description": c.description, "domain_id": e.opts.domainID, "policy": c.doc,
		"links":        map[string]any{"self": self},
		"created_time": msString(c.created), "updated_time": msString(c.updated),
	}
	if c.hasDescriptionCn {
		m["description_cn"] = c.descriptionCn
	}
	return m
}

// listRoles is GET /v3/roles: the system catalog, or with domain_id the
// account's custom policies (with total_number). display_name matches
// loosely (a case-insensitive part of the name), as IAM's filter does.
func (e *Emulator) listRoles(q *req) {
	v := q.r.URL.Query()
	page, perPage, ok := paging(v, 300)
	if !ok {
		q.badRequest("Invalid page or per_page: both are required, page >= 1 and per_page 1 to 300.")
		return
	}
	pt, typ := v.Get("permission_type"), v.Get("type")
	if pt != "" && pt != "policy" && pt != "role" {
		q.badRequest("Invalid permission_type: policy or role.")
		return
	}
	if typ != "" && typ != "domain" && typ != "project" && typ != "all" {
		q.badRequest("Invalid type: domain, project or all.")
		return
	}
	keepType := func(t string) bool {
		switch typ {
		case "domain":
			return t == "AA" || t == "AX"
		case "project":
			return t == "AA" || t == "XA"
		case "all":
			return t == "AA" || t == "AX" || t == "XA"
		}
		return true
	}
	display := strings.ToLower(v.Get("display_name"))
	keep := func(name, displayName, t, catalog string) bool {
		return (!v.Has("name") || v.Get("name") == name) && strings.Contains(strings.ToLower(displayName), display) &&
			keepType(t) && (!v.Has("catalog") || v.Get("catalog") == catalog)
	}
	out := map[string]any{"links": q.listLinks("/v3/roles")}
	roles := []any{}
	if v.Has("domain_id") {
		var all []any
		e.mu.Lock()
		if v.Get("domain_id") == e.opts.domainID {
			for _, c := range e.perm.customs {
				if keep(c.name, c.displayName, c.typ, customCatalog) {
					all = append(all, e.customShape(c, q.baseURL()+"/v3/roles/"+c.id))
				}
			}
		}
		e.mu.Unlock()
		roles = append(roles, pageSlice(all, page, perPage, 300)...)
		out["total_number"] = len(all)
	} else {
		var all []*sysPermission
		for _, p := range systemCatalog {
			if (pt == "policy" && !p.policy) || (pt == "role" && p.policy) {
				continue
			}
			if keep(p.name, p.displayName, p.typ, p.catalog) {
				all = append(all, p)
			}
		}
		for _, p := range pageSlice(all, page, perPage, 300) {
			roles = append(roles, p.shape(q.baseURL()))
		}
	}
	out["roles"] = roles
	q.writeJSON(http.StatusOK, out)
}

// showRole is GET /v3/roles/{role_id}: a system permission or a custom
// policy.
func (e *Emulator) showRole(q *req, id string) {
	if p := systemByID(id); p != nil {
		q.writeJSON(http.StatusOK, map[string]any{"role": p.shape(q.baseURL())})
		return
	}
	e.mu.Lock()
	c := e.perm.customByID(id)
	var shape map[string]any
	if c != nil {
		shape = e.customShape(c, q.baseURL()+"/v3/roles/"+c.id)
	}
	e.mu.Unlock()
	if c == nil {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find role: "+id+".")
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"role": shape})
}

// customPolicyIn is the role object of the custom policy bodies.
type customPolicyIn struct {
	DisplayName   *string         `json:"display_name"`
	Type          *string         `json:"type"`
	Description   *string         `json:"description"`
	DescriptionCn *string         `json:"description_cn"`
	Policy        json.RawMessage `json:"policy"`
}

// checkPolicyDocument applies IAM's rules to a custom policy document and
// returns it compacted, or why it is refused.
func checkPolicyDocument(raw json.RawMessage) (json.RawMessage, string) {
	var buf bytes.Buffer
	if len(bytes.TrimSpace(raw)) == 0 || json.Compact(&buf, raw) != nil || buf.Bytes()[0] != '{' {
		return nil, "The policy must be a JSON object."
	}
	if utf8.RuneCount(buf.Bytes()) > maxPolicyDocument {
		return nil, "The policy exceeds 6144 characters."
	}
	var doc struct {
		Version   *string           `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal(buf.Bytes(), &doc) != nil || doc.Version == nil || *doc.Version != "1.1" {
		return nil, `The policy Version must be "1.1".`
	}
	if len(doc.Statement) == 0 {
		return nil, "The policy needs at least one Statement."
	}
	for _, raw := range doc.Statement {
		var st struct {
			Action    []string                       `json:"Action"`
			Effect    string                         `json:"Effect"`
			Condition map[string]map[string][]string `json:"Condition"`
			Resource  json.RawMessage                `json:"Resource"`
		}
		if json.Unmarshal(raw, &st) != nil {
			return nil, "Invalid Statement: Action is a list of strings, Condition an object of objects of lists of strings."
		}
		if len(st.Action) == 0 || st.Effect != "Allow" && st.Effect != "Deny" {
			return nil, `Every Statement needs an Action and an Effect of "Allow" or "Deny".`
		}
		for _, a := range st.Action {
			if strings.Count(a, ":") != 2 {
				return nil, "Invalid Action " + strconv.Quote(a) + ": service:resource:action."
			}
		}
		agency := len(st.Action) == 1 && st.Action[0] == "iam:agencies:assume"
		if r := bytes.TrimSpace(st.Resource); len(r) > 0 && string(r) != "null" {
			var list []string
			var uri struct {
				URI []string `json:"uri"`
			}
			switch {
			case !agency && json.Unmarshal(r, &list) == nil:
			case agency && json.Unmarshal(r, &uri) == nil && len(uri.URI) > 0:
			default:
				return nil, "Invalid Resource."
			}
		}
	}
	return buf.Bytes(), ""
}

// newCustomPolicy checks a create (replace == "") or update (replace = the
// policy's id) body and applies it. Callers hold e.mu. A refusal comes back
// as status, code and message.
func (e *Emulator) newCustomPolicy(in *customPolicyIn, replace string) (*customPolicy, int, string, string) {
	s := &e.perm
	switch {
	case in.DisplayName == nil || *in.DisplayName == "":
		return nil, http.StatusBadRequest, "IAM.0072", "The required property display_name is missing."
	case in.Type == nil:
		return nil, http.StatusBadRequest, "IAM.0072", "The required property type is missing."
	case in.Description == nil:
		return nil, http.StatusBadRequest, "IAM.0072", "The required property description is missing."
	case len(bytes.TrimSpace(in.Policy)) == 0 || string(bytes.TrimSpace(in.Policy)) == "null":
		return nil, http.StatusBadRequest, "IAM.0072", "The required property policy is missing."
	case utf8.RuneCountInString(*in.DisplayName) > 128 || !printableText(*in.DisplayName):
		return nil, http.StatusBadRequest, "IAM.0007", "Invalid display_name: at most 128 characters."
	case *in.Type != "AX" && *in.Type != "XA":
		return nil, http.StatusBadRequest, "IAM.0007", "Invalid type: a custom policy is AX or XA."
	}
	doc, why := checkPolicyDocument(in.Policy)
	if why != "" {
		return nil, http.StatusBadRequest, "IAM.0007", why
	}
	if other := s.customByName(*in.DisplayName); other != nil && other.id != replace {
		return nil, http.StatusConflict, "IAM.0005", "A custom policy named " + strconv.Quote(*in.DisplayName) + " exists."
	}
	now := e.st.Now().UTC()
	c := &customPolicy{created: now}
	if replace != "" {
		if c = s.customByID(replace); c == nil {
			return nil, http.StatusNotFound, "IAM.0004", "Could not find the custom policy: " + replace + "."
		}
	} else {
		if len(s.customs) >= s.opts.maxCustomPolicies {
			return nil, http.StatusBadRequest, "IAM.0007", "The number of custom policies has reached the maximum allowed limit."
		}
		s.customSeq++
		c.id = randomString(lowerHex, 32)
		c.name = "custom_" + e.opts.domainID + "_" + strconv.Itoa(s.customSeq)
		s.customs = append(s.customs, c)
	}
	c.displayName, c.typ, c.description, c.doc, c.updated = *in.DisplayName, *in.Type, *in.Description, doc, now
	if in.DescriptionCn != nil {
		c.descriptionCn, c.hasDescriptionCn = *in.DescriptionCn, true
	}
	return c, 0, "", ""
}

func (e *Emulator) decodeCustomPolicy(q *req) (*customPolicyIn, bool) {
	var b struct {
		Role *customPolicyIn `json:"role"`
	}
	if !q.decode(&b) {
		return nil, false
	}
	if b.Role == nil {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "The required property role is missing.")
		return nil, false
	}
	return b.Role, true
}

// createCustomPolicy is POST /v3.0/OS-ROLE/roles: 201.
func (e *Emulator) createCustomPolicy(q *req) {
	e.writeCustomPolicy(q, "", http.StatusCreated)
}

// updateCustomPolicy is PATCH /v3.0/OS-ROLE/roles/{role_id}: the whole
// policy replaced, 200.
func (e *Emulator) updateCustomPolicy(q *req, id string) {
	e.writeCustomPolicy(q, id, http.StatusOK)
}

func (e *Emulator) writeCustomPolicy(q *req, id string, okStatus int) {
	in, ok := e.decodeCustomPolicy(q)
	if !ok {
		return
	}
	e.mu.Lock()
	c, status, code, msg := e.newCustomPolicy(in, id)
	var shape map[string]any
	if status == 0 {
		shape = e.customShape(c, q.baseURL()+"/v3.0/OS-ROLE/roles/"+c.id)
	}
	e.mu.Unlock()
	if status != 0 {
		q.huaweiError(status, code, msg)
		return
	}
	q.writeJSON(okStatus, map[string]any{"role": shape})
}

// listCustomPolicies is GET /v3.0/OS-ROLE/roles[?page&per_page].
func (e *Emulator) listCustomPolicies(q *req) {
	page, perPage, ok := paging(q.r.URL.Query(), 300)
	if !ok {
		q.huaweiError(http.StatusBadRequest, "IAM.0007", "Invalid page or per_page: both are required, page >= 1 and per_page 1 to 300.")
		return
	}
	e.mu.Lock()
	all := make([]any, 0, len(e.perm.customs))
	for _, c := range e.perm.customs {
		all = append(all, e.customShape(c, q.baseURL()+"/v3.0/OS-ROLE/roles/"+c.id))
	}
	e.mu.Unlock()
	q.writeJSON(http.StatusOK, map[string]any{
		"links": q.listLinks("/v3.0/OS-ROLE/roles"), "roles": pageSlice(all, page, perPage, 300), "total_number": len(all),
	})
}

// showCustomPolicy is GET /v3.0/OS-ROLE/roles/{role_id}, with references.
func (e *Emulator) showCustomPolicy(q *req, id string) {
	e.mu.Lock()
	c := e.perm.customByID(id)
	var shape map[string]any
	if c != nil {
		shape = e.customShape(c, q.baseURL()+"/v3.0/OS-ROLE/roles/"+c.id)
		shape["references"] = e.perm.references(id)
	}
	e.mu.Unlock()
	if c == nil {
		q.huaweiError(http.StatusNotFound, "IAM.0004", "Could not find the custom policy: "+id+".")
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"role": shape})
}

// deleteCustomPolicy is DELETE /v3.0/OS-ROLE/roles/{role_id}: 200 {"message"}.
// A policy still granted is refused (400), as the console documents.
func (e *Emulator) deleteCustomPolicy(q *req, id string) {
	e.mu.Lock()
	s := &e.perm
	c := s.customByID(id)
	refs := s.references(id)
	if c != nil && refs == 0 {
		s.customs = removeFirst(s.customs, c)
	}
	e.mu.Unlock()
	switch {
	case c == nil:
		q.huaweiError(http.StatusNotFound, "IAM.0004", "Could not find the custom policy: "+id+".")
	case refs > 0:
		q.huaweiError(http.StatusBadRequest, "IAM.0007", "The custom policy is attached to "+strconv.Itoa(refs)+
			" user groups, users or agencies: detach it before deleting it.")
	default:
		q.writeJSON(http.StatusOK, map[string]any{"message": "Delete success"})
	}
}

func removeFirst[T comparable](s []T, v T) []T {
	for i := range s {
		if s[i] == v {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

// projectShape renders a project.
func (e *Emulator) projectShape(q *req, p *project) map[string]any {
	return map[string]any{
		"id": p.id, "name": p.name, "domain_id": e.opts.domainID, "parent_id": p.parentID, "enabled": true,
		"is_domain": false, "description": "",
		"links": map[string]any{"self": q.baseURL() + "/v3/projects/" + p.id, "previous": nil, "next": nil},
	}
}

// listProjects is GET /v3/projects with the domain_id, name, parent_id,
// enabled and is_domain filters, paged by page and per_page (1-5000).
func (e *Emulator) listProjects(q *req) {
	v := q.r.URL.Query()
	page, perPage, ok := paging(v, 5000)
	if !ok {
		q.badRequest("Invalid page or per_page: both are required, page >= 1 and per_page 1 to 5000.")
		return
	}
	for _, k := range []string{"enabled", "is_domain"} {
		if v.Has(k) {
			if _, err := strconv.ParseBool(v.Get(k)); err != nil {
				q.badRequest("Invalid input for field '" + k + "'.")
				return
			}
		}
	}
	e.mu.Lock()
	var all []any
	for _, p := range e.perm.projects {
		if v.Has("domain_id") && v.Get("domain_id") != e.opts.domainID || v.Has("name") && v.Get("name") != p.name ||
			v.Has("parent_id") && v.Get("parent_id") != p.parentID || v.Get("enabled") == "false" || v.Get("is_domain") == "true" {
			continue
		}
		all = append(all, e.projectShape(q, p))
	}
	e.mu.Unlock()
	projects := append([]any{}, pageSlice(all, page, perPage, len(all)+1)...)
	q.writeJSON(http.StatusOK, map[string]any{"projects": projects, "links": q.listLinks("/v3/projects")})
}

// showProject is GET /v3/projects/{project_id}.
func (e *Emulator) showProject(q *req, id string) {
	e.mu.Lock()
	p := e.perm.projectByID(id)
	var shape map[string]any
	if p != nil {
		shape = e.projectShape(q, p)
	}
	e.mu.Unlock()
	if p == nil {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find project: "+id+".")
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"project": shape})
}
