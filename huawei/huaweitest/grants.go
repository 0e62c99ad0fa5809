package huaweitest

import (
	"net/http"
	"strconv"
)

// permissionRoutes returns the handlers of the group, permission, grant and
// project paths, nil for a path that is none of them.
func (e *Emulator) permissionRoutes(seg []string) map[string]func(*req) {
	type h = func(*req)
	d := e.opts.domainID
	switch {
	case match(seg, "v3", "groups"):
		return map[string]h{"GET": e.listGroups, "POST": e.createGroup}
	case match(seg, "v3", "groups", "*"):
		id := seg[2]
		return map[string]h{
			"GET":    func(q *req) { e.showGroup(q, id) },
			"PATCH":  func(q *req) { e.updateGroup(q, id) },
			"DELETE": func(q *req) { e.deleteGroup(q, id) },
		}
	case match(seg, "v3", "groups", "*", "users"):
		id := seg[2]
		return map[string]h{"GET": func(q *req) { e.listGroupUsers(q, id) }}
	case match(seg, "v3", "groups", "*", "users", "*"):
		g, u := seg[2], seg[4]
		m := func(q *req) { e.membership(q, g, u) }
		return map[string]h{"PUT": m, "HEAD": m, "DELETE": m}
	case match(seg, "v3", "users", "*", "groups"):
		id := seg[2]
		return map[string]h{"GET": func(q *req) { e.listUserGroups(q, id) }}
	case match(seg, "v3", "roles"):
		return map[string]h{"GET": e.listRoles}
	case match(seg, "v3", "roles", "*"):
		id := seg[2]
		return map[string]h{"GET": func(q *req) { e.showRole(q, id) }}
	case match(seg, "v3.0", "OS-ROLE", "roles"):
		return map[string]h{"GET": e.listCustomPolicies, "POST": e.createCustomPolicy}
	case match(seg, "v3.0", "OS-ROLE", "roles", "*"):
		id := seg[3]
		return map[string]h{
			"GET":    func(q *req) { e.showCustomPolicy(q, id) },
			"PATCH":  func(q *req) { e.updateCustomPolicy(q, id) },
			"DELETE": func(q *req) { e.deleteCustomPolicy(q, id) },
		}
	case match(seg, "v3", "projects"):
		return map[string]h{"GET": e.listProjects}
	case match(seg, "v3", "projects", "*"):
		id := seg[2]
		return map[string]h{"GET": func(q *req) { e.showProject(q, id) }}
	case match(seg, "v3", "domains", "*", "groups", "*", "roles", "*"):
		return e.grantHandlers(grantRec{groupID: seg[4], roleID: seg[6], kind: grantDomain, scopeID: seg[2]}, seg[2] != d)
	case match(seg, "v3", "domains", "*", "groups", "*", "roles"):
		return e.listHandler(grantRec{groupID: seg[4], kind: grantDomain, scopeID: seg[2]}, seg[2] != d)
	case match(seg, "v3", "projects", "*", "groups", "*", "roles", "*"):
		return e.grantHandlers(grantRec{groupID: seg[4], roleID: seg[6], kind: grantProject, scopeID: seg[2]}, false)
	case match(seg, "v3", "projects", "*", "groups", "*", "roles"):
		return e.listHandler(grantRec{groupID: seg[4], kind: grantProject, scopeID: seg[2]}, false)
	case match(seg, "v3", "OS-INHERIT", "domains", "*", "groups", "*", "roles", "*", "inherited_to_projects"):
		return e.grantHandlers(grantRec{groupID: seg[5], roleID: seg[7], kind: grantInherited, scopeID: seg[3]}, seg[3] != d)
	case match(seg, "v3", "OS-INHERIT", "domains", "*", "groups", "*", "roles", "inherited_to_projects"):
		return e.listHandler(grantRec{groupID: seg[5], kind: grantInherited, scopeID: seg[3]}, seg[3] != d)
	case match(seg, "v3.0", "OS-PERMISSION", "enterprise-projects", "*", "groups", "*", "roles", "*"):
		g := e.grantHandlers(grantRec{groupID: seg[5], roleID: seg[7], kind: grantEP, scopeID: seg[3]}, false)
		delete(g, "HEAD")
		return g
	case match(seg, "v3.0", "OS-PERMISSION", "enterprise-projects", "*", "groups", "*", "roles"):
		return e.listHandler(grantRec{groupID: seg[5], kind: grantEP, scopeID: seg[3]}, false)
	case match(seg, "v3.0", "OS-PERMISSION", "enterprise-projects", "*", "users", "*", "roles", "*"):
		g := e.grantHandlers(grantRec{userID: seg[5], roleID: seg[7], kind: grantEP, scopeID: seg[3]}, false)
		delete(g, "HEAD")
		return g
	case match(seg, "v3.0", "OS-PERMISSION", "enterprise-projects", "*", "users", "*", "roles"):
		return e.listHandler(grantRec{userID: seg[5], kind: grantEP, scopeID: seg[3]}, false)
	case match(seg, "v3.0", "OS-PERMISSION", "groups", "*", "enterprise-projects"):
		id := seg[3]
		return map[string]h{"GET": func(q *req) { e.listGroupEnterpriseProjects(q, id) }}
	case match(seg, "v3.0", "OS-PERMISSION", "role-assignments"):
		return map[string]h{"GET": e.listRoleAssignments}
	}
	return nil
}

// grantError answers a refused grant call: Keystone's shape on /v3 paths,
// IAM's on the v3.0 enterprise project paths.
func (q *req) grantError(rec grantRec, status int, keystoneTitle, code, msg string) {
	if q.r.Method == http.MethodHead {
		q.w.WriteHeader(status)
		return
	}
	if rec.kind == grantEP {
		q.huaweiError(status, code, msg)
		return
	}
	q.keystoneError(status, keystoneTitle, msg)
}

// grantHandlers serves PUT (grant), HEAD (check) and DELETE (revoke) of one
// grant; otherDomain refuses a domain id that is not the account's.
func (e *Emulator) grantHandlers(rec grantRec, otherDomain bool) map[string]func(*req) {
	f := func(q *req) { e.serveGrant(q, rec, otherDomain) }
	return map[string]func(*req){"PUT": f, "HEAD": f, "DELETE": f}
}

func (e *Emulator) serveGrant(q *req, rec grantRec, otherDomain bool) {
	notFound := func(what, id string) {
		q.grantError(rec, http.StatusNotFound, "Not Found", "IAM.0004", "Could not find "+what+": "+id+".")
	}
	if otherDomain {
		notFound("domain", rec.scopeID)
		return
	}
	if rec.userID != "" {
		if _, err := e.st.UserByID(rec.userID); err != nil {
			notFound("user", rec.userID)
			return
		}
	}
	e.mu.Lock()
	s := &e.perm
	var missing [2]string
	switch {
	case rec.groupID != "" && s.groupByID(rec.groupID) == nil:
		missing = [2]string{"group", rec.groupID}
	case rec.kind == grantProject && s.projectByID(rec.scopeID) == nil:
		missing = [2]string{"project", rec.scopeID}
	case rec.kind == grantEP && !alnumDash(rec.scopeID):
		missing = [2]string{"enterprise project", rec.scopeID}
	case s.roleType(rec.roleID) == "":
		missing = [2]string{"role", rec.roleID}
	}
	if missing[0] != "" {
		e.mu.Unlock()
		notFound(missing[0], missing[1])
		return
	}
	i := s.findGrant(rec)
	switch q.r.Method {
	case http.MethodHead:
		e.mu.Unlock()
		if i < 0 {
			q.w.WriteHeader(http.StatusNotFound)
			return
		}
	case http.MethodDelete:
		if i < 0 {
			e.mu.Unlock()
			q.grantError(rec, http.StatusNotFound, "Not Found", "IAM.0004", "Could not find role assignment with role: "+rec.roleID+
				", group or user: "+rec.groupID+rec.userID+", scope: "+rec.scopeID+".")
			return
		}
		s.grants = append(s.grants[:i:i], s.grants[i+1:]...)
		e.mu.Unlock()
	case http.MethodPut:
		msg := s.refuseGrant(rec)
		if msg == "" {
			r := rec
			s.grants = append(s.grants, &r)
		}
		e.mu.Unlock()
		switch {
		case msg == "":
		case i >= 0 && rec.kind == grantEP:
			q.huaweiError(http.StatusConflict, "IAM.0005", "The role assignment exists.")
			return
		case i >= 0:
			q.writeJSON(http.StatusConflict, map[string]any{"error": map[string]any{
				"code": http.StatusConflict, "error_code": nil, "error_msg": nil, "title": "Conflict",
				"message": "Conflict occurred attempting to store role_assignment - Duplicate entry.",
			}})
			return
		default:
			q.grantError(rec, http.StatusBadRequest, "Bad Request", "IAM.0007", msg)
			return
		}
	}
	q.noContent()
}

// listHandler serves GET of the permissions granted on one scope.
func (e *Emulator) listHandler(rec grantRec, otherDomain bool) map[string]func(*req) {
	return map[string]func(*req){"GET": func(q *req) { e.listGranted(q, rec, otherDomain) }}
}

func (e *Emulator) listGranted(q *req, rec grantRec, otherDomain bool) {
	if rec.userID != "" {
		if _, err := e.st.UserByID(rec.userID); err != nil {
			q.grantError(rec, http.StatusNotFound, "Not Found", "IAM.0004", "Could not find user: "+rec.userID+".")
			return
		}
	}
	e.mu.Lock()
	s := &e.perm
	var missing string
	switch {
	case otherDomain:
		missing = "domain: " + rec.scopeID
	case rec.groupID != "" && s.groupByID(rec.groupID) == nil:
		missing = "group: " + rec.groupID
	case rec.kind == grantProject && s.projectByID(rec.scopeID) == nil:
		missing = "project: " + rec.scopeID
	}
	if missing != "" {
		e.mu.Unlock()
		q.grantError(rec, http.StatusNotFound, "Not Found", "IAM.0004", "Could not find "+missing+".")
		return
	}
	roles := []any{}
	for _, g := range s.grants {
		if g.groupID != rec.groupID || g.userID != rec.userID || g.kind != rec.kind || g.scopeID != rec.scopeID {
			continue
		}
		if p := systemByID(g.roleID); p != nil {
			roles = append(roles, p.shape(q.baseURL()))
		} else if c := s.customByID(g.roleID); c != nil {
			roles = append(roles, e.customShape(c, q.baseURL()+"/v3/roles/"+c.id))
		}
	}
	e.mu.Unlock()
	out := map[string]any{"roles": roles}
	if rec.kind != grantEP {
		out["links"] = q.listLinks(q.r.URL.Path)
	}
	q.writeJSON(http.StatusOK, out)
}

// listGroupEnterpriseProjects is GET
// /v3.0/OS-PERMISSION/groups/{group_id}/enterprise-projects.
func (e *Emulator) listGroupEnterpriseProjects(q *req, groupID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.perm.groupByID(groupID) == nil {
		q.huaweiError(http.StatusNotFound, "IAM.0004", "Could not find group: "+groupID+".")
		return
	}
	eps := []any{}
	seen := map[string]bool{}
	for _, g := range e.perm.grants {
		if g.groupID == groupID && g.kind == grantEP && !seen[g.scopeID] {
			seen[g.scopeID] = true
			eps = append(eps, map[string]string{"projectId": g.scopeID})
		}
	}
	q.writeJSON(http.StatusOK, map[string]any{"enterprise-projects": eps})
}

// listRoleAssignments is GET /v3.0/OS-PERMISSION/role-assignments.
func (e *Emulator) listRoleAssignments(q *req) {
	v := q.r.URL.Query()
	bad := func(msg string) { q.huaweiError(http.StatusBadRequest, "IAM.0007", msg) }
	if !v.Has("domain_id") {
		q.huaweiError(http.StatusBadRequest, "IAM.0072", "The required parameter domain_id is missing.")
		return
	}
	if v.Get("domain_id") != e.opts.domainID {
		q.huaweiError(http.StatusForbidden, "IAM.0002", "You are not authorized to query the role assignments of domain "+v.Get("domain_id")+".")
		return
	}
	page, perPage, ok := paging(v, 50)
	if !ok {
		bad("Invalid page or per_page: both are required, page >= 1 and per_page 1 to 50.")
		return
	}
	count := func(keys ...string) int {
		n := 0
		for _, k := range keys {
			if v.Has(k) {
				n++
			}
		}
		return n
	}
	if count("subject", "subject.user_id", "subject.group_id", "subject.agency_id") > 1 {
		bad("Set only one of subject, subject.user_id, subject.group_id and subject.agency_id.")
		return
	}
	if count("scope", "scope.project_id", "scope.domain_id", "scope.enterprise_projects_id") > 1 {
		bad("Set only one of scope, scope.project_id, scope.domain_id and scope.enterprise_projects_id.")
		return
	}
	subject, scope := v.Get("subject"), v.Get("scope")
	if subject != "" && subject != "user" && subject != "group" && subject != "agency" {
		bad("Invalid subject: user, group or agency.")
		return
	}
	if scope != "" && scope != "project" && scope != "domain" && scope != "enterprise_project" {
		bad("Invalid scope: project, domain or enterprise_project.")
		return
	}
	var inherited, includeGroup = false, true
	for k, p := range map[string]*bool{"is_inherited": &inherited, "include_group": &includeGroup} {
		if v.Has(k) {
			b, err := strconv.ParseBool(v.Get(k))
			if err != nil {
				bad("Invalid " + k + ": true or false.")
				return
			}
			*p = b
		}
	}
	domainScope := scope == "domain" || v.Has("scope.domain_id")
	e.mu.Lock()
	s := &e.perm
	userID := v.Get("subject.user_id")
	userGroups := map[string]bool{}
	if userID != "" && includeGroup {
		for _, g := range s.groupsOf(userID) {
			userGroups[g.id] = true
		}
	}
	var all []any
	for _, g := range s.grants {
		switch {
		case v.Has("role_id") && v.Get("role_id") != g.roleID,
			subject == "user" && g.userID == "" && !(includeGroup && g.groupID != ""),
			subject == "group" && g.groupID == "",
			subject == "agency",
			v.Has("subject.agency_id"),
			userID != "" && g.userID != userID && !userGroups[g.groupID],
			v.Has("subject.group_id") && g.groupID != v.Get("subject.group_id"),
			scope == "project" && g.kind != grantProject,
			scope == "enterprise_project" && g.kind != grantEP,
			domainScope && g.kind != grantDomain && g.kind != grantInherited,
			domainScope && (g.kind == grantInherited) != inherited,
			v.Has("scope.domain_id") && g.scopeID != v.Get("scope.domain_id"),
			v.Has("scope.project_id") && (g.kind != grantProject || g.scopeID != v.Get("scope.project_id")),
			v.Has("scope.enterprise_projects_id") && (g.kind != grantEP || g.scopeID != v.Get("scope.enterprise_projects_id")):
			continue
		}
		all = append(all, assignmentShape(g))
	}
	e.mu.Unlock()
	records := append([]any{}, pageSlice(all, page, perPage, len(all)+1)...)
	q.writeJSON(http.StatusOK, map[string]any{"total_num": len(all), "role_assignments": records})
}

func assignmentShape(g *grantRec) map[string]any {
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	m := map[string]any{"role": id(g.roleID)}
	if g.groupID != "" {
		m["group"] = id(g.groupID)
	} else {
		m["user"] = id(g.userID)
	}
	switch g.kind {
	case grantDomain, grantInherited:
		m["scope"] = map[string]any{"domain": id(g.scopeID)}
		m["is_inherited"] = g.kind == grantInherited
	case grantProject:
		m["scope"] = map[string]any{"project": id(g.scopeID)}
		m["is_inherited"] = false
	case grantEP:
		m["scope"] = map[string]any{"enterprise_project": id(g.scopeID)}
		m["is_inherited"] = false
	}
	return m
}
