package baidutest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// roleModel is RoleModel.
type roleModel struct {
	ID                       string   `json:"id"`
	Name                     string   `json:"name"`
	CreateTime               jsonTime `json:"createTime"`
	Description              string   `json:"description"`
	AssumeRolePolicyDocument string   `json:"assumeRolePolicyDocument"`
}

func roleJSON(r *roleRec) roleModel {
	return roleModel{ID: r.id, Name: r.name, CreateTime: jsonTime(r.created), Description: r.description, AssumeRolePolicyDocument: r.trust}
}

// roleRequest is the body of POST /v1/role and PUT /v1/role/{roleName}.
type roleRequest struct {
	Name                     *string `json:"name"`
	Description              *string `json:"description"`
	AssumeRolePolicyDocument *string `json:"assumeRolePolicyDocument"`
}

// validTrust accepts a trust policy that is a JSON object with an
// accessControlList (Baidu's ACL format).
func validTrust(doc string) bool {
	var v struct {
		ACL []json.RawMessage `json:"accessControlList"`
	}
	return json.Unmarshal([]byte(strings.TrimSpace(doc)), &v) == nil && len(v.ACL) > 0
}

const trustRule = "The assumeRolePolicyDocument must be an ACL (a JSON object with an accessControlList)."

// findRole finds the role or answers 404.
func (a *acl) findRole(rw *reply, name string) *roleRec {
	r := a.role(name)
	if r == nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The role "+name+" does not exist.")
	}
	return r
}

func (e *Emulator) createRole(rw *reply, body []byte) {
	var in roleRequest
	if !decode(rw, body, &in) {
		return
	}
	if in.Name == nil || !validNewName(*in.Name, maxRoleName) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", "The role name is required and must be usable in a path.")
		return
	}
	if in.AssumeRolePolicyDocument == nil || !validTrust(*in.AssumeRolePolicyDocument) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", trustRule)
		return
	}
	r := &roleRec{id: randomHex(16), name: *in.Name, trust: *in.AssumeRolePolicyDocument, created: e.clock()}
	if in.Description != nil {
		r.description = *in.Description
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.role(r.name) != nil {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The role "+r.name+" already exists.")
		return
	}
	a.roles = append(a.roles, r)
	rw.ok(http.StatusCreated, roleJSON(r))
}

func (e *Emulator) getRole(rw *reply, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if r := a.findRole(rw, name); r != nil {
		rw.ok(http.StatusOK, roleJSON(r))
	}
}

func (e *Emulator) listRoles(rw *reply) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	out := struct {
		Roles []roleModel `json:"roles"`
	}{Roles: make([]roleModel, 0, len(a.roles))}
	for _, r := range a.roles {
		out.Roles = append(out.Roles, roleJSON(r))
	}
	rw.ok(http.StatusOK, out)
}

// updateRole serves PUT /v1/role/{roleName}: the description as sent (the
// official SDK always sends it), the trust policy when non-empty.
func (e *Emulator) updateRole(rw *reply, name string, body []byte) {
	var in roleRequest
	if !decode(rw, body, &in) {
		return
	}
	setTrust := in.AssumeRolePolicyDocument != nil && *in.AssumeRolePolicyDocument != ""
	if setTrust && !validTrust(*in.AssumeRolePolicyDocument) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", trustRule)
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.findRole(rw, name)
	if r == nil {
		return
	}
	if in.Description != nil {
		r.description = *in.Description
	}
	if setTrust {
		r.trust = *in.AssumeRolePolicyDocument
	}
	rw.ok(http.StatusOK, roleJSON(r))
}

func (e *Emulator) deleteRole(rw *reply, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.findRole(rw, name)
	if r == nil {
		return
	}
	if len(r.policies) > 0 {
		rw.fail(http.StatusConflict, codeDeleteConflict, "The role "+name+" still has policies attached; detach them first.")
		return
	}
	a.roles = slices.DeleteFunc(a.roles, func(x *roleRec) bool { return x == r })
	rw.ok(http.StatusOK, nil)
}
