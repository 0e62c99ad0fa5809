package baidutest

import (
	"net/http"
	"slices"
	"unicode/utf8"
)

// groupModel is GroupModel (description "" when unset, as Baidu shows it).
type groupModel struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	CreateTime  jsonTime `json:"createTime"`
	Description string   `json:"description"`
}

func groupJSON(g *groupRec) groupModel {
	return groupModel{ID: g.id, Name: g.name, CreateTime: jsonTime(g.created), Description: g.description}
}

// memberModel is UserModel in a group's member list, with joinTime.
type memberModel struct {
	userModel
	JoinTime jsonTime `json:"joinTime"`
}

// groupRequest is the body of POST /v1/group and PUT /v1/group/{groupName}.
type groupRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

const groupNameRule = "The group name must be 1-64 characters."

func validGroupDescription(s string) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxGroupDescription
}

const groupDescriptionRule = "The group description must be at most 128 characters."

// findGroup finds the group or answers 404.
func (a *acl) findGroup(rw *reply, name string) *groupRec {
	g := a.group(name)
	if g == nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The group "+name+" does not exist.")
	}
	return g
}

func (e *Emulator) createGroup(rw *reply, body []byte) {
	var in groupRequest
	if !decode(rw, body, &in) {
		return
	}
	if in.Name == nil || !validNewName(*in.Name, maxGroupName) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", groupNameRule)
		return
	}
	g := &groupRec{id: randomHex(16), name: *in.Name, created: e.clock()}
	if in.Description != nil {
		if !validGroupDescription(*in.Description) {
			rw.fail(http.StatusBadRequest, "InappropriateJSON", groupDescriptionRule)
			return
		}
		g.description = *in.Description
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.group(g.name) != nil {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The group "+g.name+" already exists.")
		return
	}
	if a.maxGroups > 0 && len(a.groups) >= a.maxGroups {
		rw.fail(http.StatusBadRequest, codeLimitExceeded, "The account already has the maximum number of groups.")
		return
	}
	a.groups = append(a.groups, g)
	rw.ok(http.StatusCreated, groupJSON(g))
}

func (e *Emulator) getGroup(rw *reply, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if g := a.findGroup(rw, name); g != nil {
		rw.ok(http.StatusOK, groupJSON(g))
	}
}

func (e *Emulator) listGroups(rw *reply) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	rw.ok(http.StatusOK, groupsJSON(a.groups))
}

func groupsJSON(list []*groupRec) any {
	out := struct {
		Groups []groupModel `json:"groups"`
	}{Groups: make([]groupModel, 0, len(list))}
	for _, g := range list {
		out.Groups = append(out.Groups, groupJSON(g))
	}
	return out
}

func (e *Emulator) updateGroup(rw *reply, name string, body []byte) {
	var in groupRequest
	if !decode(rw, body, &in) {
		return
	}
	// An empty name is "not set", as the official SDK omits it when empty.
	if in.Name != nil && *in.Name != "" && !validNewName(*in.Name, maxGroupName) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", groupNameRule)
		return
	}
	if in.Description != nil && !validGroupDescription(*in.Description) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", groupDescriptionRule)
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.findGroup(rw, name)
	if g == nil {
		return
	}
	if in.Name != nil && *in.Name != "" && *in.Name != g.name {
		if a.group(*in.Name) != nil {
			rw.fail(http.StatusConflict, codeAlreadyExists, "The group "+*in.Name+" already exists.")
			return
		}
		g.name = *in.Name
	}
	if in.Description != nil {
		g.description = *in.Description
	}
	rw.ok(http.StatusOK, groupJSON(g))
}

func (e *Emulator) deleteGroup(rw *reply, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.findGroup(rw, name)
	if g == nil {
		return
	}
	switch {
	case len(g.members) > 0:
		rw.fail(http.StatusConflict, codeDeleteConflict, "The group "+name+" still has members; remove them first.")
		return
	case len(g.policies) > 0:
		rw.fail(http.StatusConflict, codeDeleteConflict, "The group "+name+" still has policies attached; detach them first.")
		return
	}
	a.groups = slices.DeleteFunc(a.groups, func(x *groupRec) bool { return x == g })
	rw.ok(http.StatusOK, nil)
}

func (e *Emulator) addUserToGroup(rw *reply, groupName, userName string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.findGroup(rw, groupName)
	if g == nil {
		return
	}
	u, ok := e.user(rw, userName)
	if !ok {
		return
	}
	if slices.ContainsFunc(g.members, func(m member) bool { return m.userID == u.ID }) {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The user "+userName+" is already in the group "+groupName+".")
		return
	}
	if a.maxUsersPerGroup > 0 && len(g.members) >= a.maxUsersPerGroup {
		rw.fail(http.StatusBadRequest, codeLimitExceeded, "The group "+groupName+" already has the maximum number of users.")
		return
	}
	g.members = append(g.members, member{userID: u.ID, joined: e.clock()})
	rw.ok(http.StatusOK, nil)
}

func (e *Emulator) removeUserFromGroup(rw *reply, groupName, userName string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.findGroup(rw, groupName)
	if g == nil {
		return
	}
	u, ok := e.user(rw, userName)
	if !ok {
		return
	}
	i := slices.IndexFunc(g.members, func(m member) bool { return m.userID == u.ID })
	if i < 0 {
		rw.fail(http.StatusNotFound, codeNotFound, "The user "+userName+" is not in the group "+groupName+".")
		return
	}
	g.members = slices.Delete(g.members, i, i+1)
	rw.ok(http.StatusOK, nil)
}

func (e *Emulator) listGroupUsers(rw *reply, groupName string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	g := a.findGroup(rw, groupName)
	if g == nil {
		return
	}
	out := struct {
		Users []memberModel `json:"users"`
	}{Users: make([]memberModel, 0, len(g.members))}
	for _, m := range g.members {
		u, err := e.st.UserByID(m.userID)
		if err != nil {
			continue
		}
		out.Users = append(out.Users, memberModel{userModel: userJSON(u, false), JoinTime: jsonTime(m.joined)})
	}
	rw.ok(http.StatusOK, out)
}

func (e *Emulator) listUserGroups(rw *reply, userName string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := e.user(rw, userName)
	if !ok {
		return
	}
	var list []*groupRec
	for _, g := range a.groups {
		if slices.ContainsFunc(g.members, func(m member) bool { return m.userID == u.ID }) {
			list = append(list, g)
		}
	}
	rw.ok(http.StatusOK, groupsJSON(list))
}
