package huaweitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Keystone group APIs: /v3/groups, /v3/groups/{group_id},
// /v3/groups/{group_id}/users[/{user_id}] and /v3/users/{user_id}/groups.
// Errors have Keystone's shape.

func (e *Emulator) groupShape(q *req, g *group, full bool) map[string]any {
	links := map[string]any{"self": q.baseURL() + "/v3/groups/" + g.id}
	if full {
		links["previous"], links["next"] = nil, nil
	}
	return map[string]any{
		"id": g.id, "name": g.name, "description": g.description, "domain_id": e.opts.domainID,
		"create_time": g.created.UnixMilli(), "links": links,
	}
}

func (q *req) groupNotFound(id string) {
	q.keystoneError(http.StatusNotFound, "Not Found", "Could not find group: "+id+".")
}

func (q *req) badRequest(msg string) {
	q.keystoneError(http.StatusBadRequest, "Bad Request", msg)
}

// groupConflict is the 409 of a duplicate group name, in the hybrid shape
// of IAM's duplicates.
func (q *req) groupConflict(name string) {
	q.writeJSON(http.StatusConflict, map[string]any{"error": map[string]any{
		"code": http.StatusConflict, "error_code": nil, "error_msg": nil, "title": "Conflict",
		"message": "Conflict occurred attempting to store group - Duplicate entry found with name " + name + ".",
	}})
}

type wireGroupIn struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	DomainID    *string `json:"domain_id"`
}

// decodeGroup reads {"group":{...}}; false after writing the 400.
func (e *Emulator) decodeGroup(q *req) (*wireGroupIn, bool) {
	var b struct {
		Group *wireGroupIn `json:"group"`
	}
	if !q.decodeKeystone(&b) {
		return nil, false
	}
	in := b.Group
	switch {
	case in == nil:
		q.badRequest("Invalid input for field 'group': the group object is required.")
	case in.Name != nil && !validGroupName(*in.Name):
		q.badRequest("Invalid input for field 'name': 1 to 128 characters without control characters.")
	case in.Description != nil && !validGroupDescription(*in.Description):
		q.badRequest("Invalid input for field 'description': at most 255 characters.")
	case in.DomainID != nil && *in.DomainID != e.opts.domainID:
		q.keystoneError(http.StatusForbidden, "Forbidden", "You are not authorized to manage groups of domain "+*in.DomainID+".")
	default:
		return in, true
	}
	return nil, false
}

// decodeKeystone reads a JSON body, answering Keystone's 400 when it cannot.
func (q *req) decodeKeystone(v any) bool {
	if !q.decodeQuiet(v) {
		q.badRequest("The request body is not valid JSON.")
		return false
	}
	return true
}

// createGroup is POST /v3/groups: 201.
func (e *Emulator) createGroup(q *req) {
	in, ok := e.decodeGroup(q)
	if !ok {
		return
	}
	if in.Name == nil {
		q.badRequest("Invalid input for field 'name': 'name' is a required property.")
		return
	}
	now := e.st.Now().UTC().Truncate(time.Millisecond)
	e.mu.Lock()
	s := &e.perm
	switch {
	case s.groupByName(*in.Name) != nil:
		e.mu.Unlock()
		q.groupConflict(*in.Name)
		return
	case len(s.groups) >= s.opts.maxGroups:
		e.mu.Unlock()
		q.badRequest("The number of user groups has reached the maximum allowed limit.")
		return
	}
	g := &group{id: randomString(lowerHex, 32), name: *in.Name, created: now}
	if in.Description != nil {
		g.description = *in.Description
	}
	s.groups = append(s.groups, g)
	shape := e.groupShape(q, g, false)
	e.mu.Unlock()
	q.writeJSON(http.StatusCreated, map[string]any{"group": shape})
}

// showGroup is GET /v3/groups/{group_id}.
func (e *Emulator) showGroup(q *req, id string) {
	e.mu.Lock()
	g := e.perm.groupByID(id)
	var shape map[string]any
	if g != nil {
		shape = e.groupShape(q, g, true)
	}
	e.mu.Unlock()
	if g == nil {
		q.groupNotFound(id)
		return
	}
	q.writeJSON(http.StatusOK, map[string]any{"group": shape})
}

// updateGroup is PATCH /v3/groups/{group_id}: name and description.
func (e *Emulator) updateGroup(q *req, id string) {
	in, ok := e.decodeGroup(q)
	if !ok {
		return
	}
	if in.Name == nil && in.Description == nil {
		q.badRequest("Invalid input for field 'group': set name or description.")
		return
	}
	e.mu.Lock()
	g := e.perm.groupByID(id)
	if g == nil {
		e.mu.Unlock()
		q.groupNotFound(id)
		return
	}
	if in.Name != nil && *in.Name != g.name && e.perm.groupByName(*in.Name) != nil {
		e.mu.Unlock()
		q.groupConflict(*in.Name)
		return
	}
	if in.Name != nil {
		g.name = *in.Name
	}
	if in.Description != nil {
		g.description = *in.Description
	}
	shape := e.groupShape(q, g, false)
	e.mu.Unlock()
	q.writeJSON(http.StatusOK, map[string]any{"group": shape})
}

// deleteGroup is DELETE /v3/groups/{group_id}: 204, with the group's
// memberships and grants (Keystone's semantics; IAM documents no
// precondition).
func (e *Emulator) deleteGroup(q *req, id string) {
	e.mu.Lock()
	ok := e.perm.deleteGroup(id)
	e.mu.Unlock()
	if !ok {
		q.groupNotFound(id)
		return
	}
	q.noContent()
}

// listGroups is GET /v3/groups with the domain_id and name (exact)
// filters; no paging.
func (e *Emulator) listGroups(q *req) {
	v := q.r.URL.Query()
	groups := []any{}
	e.mu.Lock()
	for _, g := range e.perm.groups {
		if v.Has("domain_id") && v.Get("domain_id") != e.opts.domainID || v.Has("name") && v.Get("name") != g.name {
			continue
		}
		groups = append(groups, e.groupShape(q, g, true))
	}
	e.mu.Unlock()
	q.writeJSON(http.StatusOK, map[string]any{"groups": groups, "links": q.listLinks("/v3/groups")})
}

// listLinks is the links object of an unpaged list.
func (q *req) listLinks(path string) map[string]any {
	self := q.baseURL() + path
	if q.r.URL.RawQuery != "" {
		self += "?" + q.r.URL.RawQuery
	}
	return map[string]any{"self": self, "previous": nil, "next": nil}
}

// membership serves PUT, HEAD and DELETE /v3/groups/{group_id}/users/{user_id}.
func (e *Emulator) membership(q *req, groupID, userID string) {
	u, err := e.st.UserByID(userID)
	e.mu.Lock()
	g := e.perm.groupByID(groupID)
	switch {
	case g == nil:
		e.mu.Unlock()
		q.groupNotFound(groupID)
		return
	case err != nil:
		e.mu.Unlock()
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+userID+".")
		return
	}
	member := slices.Contains(g.members, u.ID)
	switch q.r.Method {
	case http.MethodHead:
		e.mu.Unlock()
		if !member {
			q.w.WriteHeader(http.StatusNotFound)
			return
		}
	case http.MethodPut:
		if !member && len(e.perm.groupsOf(u.ID)) >= MaxGroupsPerUser {
			e.mu.Unlock()
			q.badRequest("The number of user groups the user has joined has reached the maximum allowed limit (10).")
			return
		}
		if !member {
			g.members = append(g.members, u.ID)
		}
		e.mu.Unlock()
	case http.MethodDelete:
		if !member {
			e.mu.Unlock()
			q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user, "+userID+", in group, "+groupID+".")
			return
		}
		g.members = slices.DeleteFunc(g.members, func(m string) bool { return m == u.ID })
		e.mu.Unlock()
	}
	q.noContent()
}

// listGroupUsers is GET /v3/groups/{group_id}/users, in Keystone's user
// shape.
func (e *Emulator) listGroupUsers(q *req, groupID string) {
	e.mu.Lock()
	g := e.perm.groupByID(groupID)
	var ids []string
	if g != nil {
		ids = slices.Clone(g.members)
	}
	e.mu.Unlock()
	if g == nil {
		q.groupNotFound(groupID)
		return
	}
	users := []any{}
	for _, id := range ids {
		if u, err := e.st.UserByID(id); err == nil {
			users = append(users, e.keystoneShape(q, &u))
		}
	}
	q.writeJSON(http.StatusOK, map[string]any{"users": users, "links": q.listLinks("/v3/groups/" + groupID + "/users")})
}

// listUserGroups is GET /v3/users/{user_id}/groups.
func (e *Emulator) listUserGroups(q *req, userID string) {
	if _, err := e.st.UserByID(userID); err != nil {
		q.keystoneError(http.StatusNotFound, "Not Found", "Could not find user: "+userID+".")
		return
	}
	groups := []any{}
	e.mu.Lock()
	for _, g := range e.perm.groupsOf(userID) {
		groups = append(groups, e.groupShape(q, g, true))
	}
	e.mu.Unlock()
	q.writeJSON(http.StatusOK, map[string]any{"groups": groups, "links": q.listLinks("/v3/users/" + userID + "/groups")})
}

// decodeQuiet reads a JSON body into v without answering.
func (q *req) decodeQuiet(v any) bool {
	return len(bytes.TrimSpace(q.body)) > 0 && json.Unmarshal(q.body, v) == nil
}
