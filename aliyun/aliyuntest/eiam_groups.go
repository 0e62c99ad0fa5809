package aliyuntest

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// eiamGroupState is the EIAM instance's groups and memberships, guarded by
// Emulator.mu. Accounts live in the store and are referred to by UserId.
type eiamGroupState struct {
	seq     uint64
	groups  map[string]*eiamGroupRec // by GroupId
	members map[memberKey]stamp
}

type eiamGroupRec struct {
	stamp
	id, name, description, externalID string
	updated                           time.Time
}

func newEIAMGroupState() *eiamGroupState {
	return &eiamGroupState{groups: map[string]*eiamGroupRec{}, members: map[memberKey]stamp{}}
}

func (s *eiamGroupState) next(at time.Time) stamp {
	s.seq++
	return stamp{seq: s.seq, at: at}
}

type eiamGroupWire struct {
	GroupId         string `json:"GroupId"`
	GroupName       string `json:"GroupName"`
	Description     string `json:"Description"`
	GroupExternalId string `json:"GroupExternalId"`
	GroupSourceType string `json:"GroupSourceType"`
	GroupSourceId   string `json:"GroupSourceId"`
	InstanceId      string `json:"InstanceId"`
	CreateTime      int64  `json:"CreateTime"`
	UpdateTime      int64  `json:"UpdateTime"`
}

type eiamMembershipWire struct {
	UserId                        string `json:"UserId,omitempty"`
	GroupId                       string `json:"GroupId,omitempty"`
	GroupMemberRelationSourceType string `json:"GroupMemberRelationSourceType"`
	GroupMemberRelationSourceId   string `json:"GroupMemberRelationSourceId"`
}

func (e *Emulator) eiamGroupWire(g *eiamGroupRec) eiamGroupWire {
	return eiamGroupWire{GroupId: g.id, GroupName: g.name, Description: g.description, GroupExternalId: g.externalID,
		GroupSourceType: "build_in", GroupSourceId: e.opts.instanceID, InstanceId: e.opts.instanceID,
		CreateTime: ms(g.at), UpdateTime: ms(g.updated)}
}

// eiamGroupActions are the group actions EIAM serves.
var eiamGroupActions = []string{"CreateGroup", "GetGroup", "UpdateGroup", "UpdateGroupDescription", "DeleteGroup",
	"ListGroups", "AddUsersToGroup", "RemoveUsersFromGroup", "ListUsersForGroup", "ListGroupsForUser"}

func notFoundGroup() *apiError {
	return errf(404, "EntityNotExists.Group", "The specified group does not exist.")
}

func (e *Emulator) eiamGroupByName(name string) *eiamGroupRec {
	for _, g := range e.eiamGroups.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (e *Emulator) eiamGroup(p url.Values) (*eiamGroupRec, error) {
	id := p.Get("GroupId")
	if id == "" {
		return nil, missing("GroupId")
	}
	if g := e.eiamGroups.groups[id]; g != nil {
		return g, nil
	}
	return nil, notFoundGroup()
}

// eiamPage reads PageNumber (default 1) and PageSize (default 20, 1-100).
func eiamPage(p url.Values) (page, size int, err error) {
	page, size = 1, 20
	if s := p.Get("PageNumber"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, 0, invalid("PageNumber", "must be a positive integer")
		}
		page = n
	}
	if s := p.Get("PageSize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return 0, 0, invalid("PageSize", "must be between 1 and 100")
		}
		size = n
	}
	return page, size, nil
}

// offsetPage cuts page (1-based) of size from items.
func offsetPage[T any](items []T, page, size int) []T {
	if (page - 1) > len(items)/size { // also keeps (page-1)*size from overflowing
		return items[:0]
	}
	from := min((page-1)*size, len(items))
	return items[from:min(from+size, len(items))]
}

// eiamIDs reads a list of ids X.1, X.2, ... of at most 100.
func eiamIDs(p url.Values, name string, required bool) ([]string, error) {
	ids := indexed(p, name)
	switch {
	case len(ids) == 0 && required:
		return nil, missing(name)
	case len(ids) > 100:
		return nil, invalid(name, "at most 100 ids")
	}
	return ids, nil
}

// eiamGroupAction serves the group actions; e.mu is taken here.
func (e *Emulator) eiamGroupAction(req *request, ok func(map[string]any) map[string]any) (any, error) {
	p := req.params
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.eiamGroups
	switch req.action {
	case "CreateGroup":
		name, desc, ext := p.Get("GroupName"), p.Get("Description"), p.Get("GroupExternalId")
		switch {
		case name == "":
			return nil, missing("GroupName")
		case utf8.RuneCountInString(name) > 64:
			return nil, invalid("GroupName", "up to 64 characters")
		case utf8.RuneCountInString(desc) > 256:
			return nil, invalid("Description", "up to 256 characters")
		case utf8.RuneCountInString(ext) > 64:
			return nil, invalid("GroupExternalId", "up to 64 characters")
		}
		g, err := e.addEIAMGroup(name, desc, ext, "", time.Time{})
		if err != nil {
			return nil, err
		}
		return ok(map[string]any{"GroupId": g.id}), nil

	case "GetGroup":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		return ok(map[string]any{"Group": e.eiamGroupWire(g)}), nil

	case "UpdateGroup":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		name, ext := p.Get("GroupName"), p.Get("GroupExternalId")
		if utf8.RuneCountInString(name) > 64 {
			return nil, invalid("GroupName", "up to 64 characters")
		}
		if utf8.RuneCountInString(ext) > 64 {
			return nil, invalid("GroupExternalId", "up to 64 characters")
		}
		if other := e.eiamGroupByName(name); name != "" && other != nil && other != g {
			return nil, errf(409, "EntityAlreadyExists.Group.GroupName", "The group name is already used by another group.")
		}
		if ext != "" && e.eiamExternalIDTaken(ext, g) {
			return nil, errf(409, "EntityAlreadyExists.Group.GroupExternalId", "The external id is already used by another group.")
		}
		if name != "" {
			g.name = name
		}
		if ext != "" {
			g.externalID = ext
		}
		g.updated = e.now()
		return ok(nil), nil

	case "UpdateGroupDescription":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		d := p.Get("Description")
		if utf8.RuneCountInString(d) > 256 {
			return nil, invalid("Description", "up to 256 characters")
		}
		g.description, g.updated = d, e.now()
		return ok(nil), nil

	case "DeleteGroup":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		for k := range s.members {
			if k.groupID == g.id {
				delete(s.members, k)
			}
		}
		delete(s.groups, g.id)
		return ok(nil), nil

	case "ListGroups":
		page, size, err := eiamPage(p)
		if err != nil {
			return nil, err
		}
		ids, err := eiamIDs(p, "GroupIds", false)
		if err != nil {
			return nil, err
		}
		name, prefix, ext := p.Get("GroupName"), p.Get("GroupNameStartsWith"), p.Get("GroupExternalId")
		all := sortedBySeq(s.groups, func(g *eiamGroupRec) uint64 { return g.seq })
		all = slices.DeleteFunc(all, func(g *eiamGroupRec) bool {
			return name != "" && g.name != name || prefix != "" && !strings.HasPrefix(g.name, prefix) ||
				ext != "" && g.externalID != ext || len(ids) > 0 && !slices.Contains(ids, g.id)
		})
		list := []eiamGroupWire{}
		for _, g := range offsetPage(all, page, size) {
			list = append(list, e.eiamGroupWire(g))
		}
		return ok(map[string]any{"TotalCount": len(all), "Groups": list}), nil

	case "AddUsersToGroup", "RemoveUsersFromGroup":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		ids, err := eiamIDs(p, "UserIds", true)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, err := e.eiam.UserByID(id); err != nil {
				return nil, notFoundUser()
			}
		}
		for _, id := range ids {
			k := memberKey{g.id, id}
			if req.action == "RemoveUsersFromGroup" {
				delete(s.members, k)
			} else if _, in := s.members[k]; !in {
				s.members[k] = s.next(e.now())
			}
		}
		return ok(nil), nil

	case "ListUsersForGroup":
		g, err := e.eiamGroup(p)
		if err != nil {
			return nil, err
		}
		page, size, err := eiamPage(p)
		if err != nil {
			return nil, err
		}
		ids, err := eiamIDs(p, "UserIds", false)
		if err != nil {
			return nil, err
		}
		all := e.eiamMembers(func(k memberKey) bool { return k.groupID == g.id && (len(ids) == 0 || slices.Contains(ids, k.userID)) })
		list := []eiamMembershipWire{}
		for _, m := range offsetPage(all, page, size) {
			list = append(list, eiamMembershipWire{UserId: m.key.userID, GroupMemberRelationSourceType: "build_in",
				GroupMemberRelationSourceId: e.opts.instanceID})
		}
		return ok(map[string]any{"TotalCount": len(all), "Users": list}), nil

	case "ListGroupsForUser":
		u, err := e.eiamUser(p)
		if err != nil {
			return nil, err
		}
		page, size, err := eiamPage(p)
		if err != nil {
			return nil, err
		}
		all := e.eiamMembers(func(k memberKey) bool { return k.userID == u.ID })
		list := []eiamMembershipWire{}
		for _, m := range offsetPage(all, page, size) {
			list = append(list, eiamMembershipWire{GroupId: m.key.groupID, GroupMemberRelationSourceType: "build_in",
				GroupMemberRelationSourceId: e.opts.instanceID})
		}
		return ok(map[string]any{"TotalCount": len(all), "Groups": list}), nil
	}
	return nil, errf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

func (e *Emulator) eiamExternalIDTaken(ext string, except *eiamGroupRec) bool {
	for _, g := range e.eiamGroups.groups {
		if g != except && g.externalID == ext {
			return true
		}
	}
	return false
}

// addEIAMGroup adds a group; e.mu is held. Names and external ids are
// unique in the instance.
func (e *Emulator) addEIAMGroup(name, desc, ext, id string, at time.Time) (*eiamGroupRec, error) {
	s := e.eiamGroups
	if e.eiamGroupByName(name) != nil {
		return nil, errf(409, "EntityAlreadyExists.Group.GroupName", "The group name is already used by another group.")
	}
	if ext != "" && e.eiamExternalIDTaken(ext, nil) {
		return nil, errf(409, "EntityAlreadyExists.Group.GroupExternalId", "The external id is already used by another group.")
	}
	if id != "" && s.groups[id] != nil {
		return nil, errf(409, "EntityAlreadyExists.Group", "The group id is already used.")
	}
	if id == "" {
		id = "group_" + randomFrom(lowerAlnum, 26)
	}
	if ext == "" {
		ext = id
	}
	if at.IsZero() {
		at = e.now()
	}
	g := &eiamGroupRec{stamp: s.next(at), id: id, name: name, description: desc, externalID: ext, updated: at}
	s.groups[id] = g
	return g, nil
}

type eiamMemberEntry struct {
	key memberKey
	stamp
}

func (e *Emulator) eiamMembers(keep func(memberKey) bool) []eiamMemberEntry {
	var out []eiamMemberEntry
	for k, st := range e.eiamGroups.members {
		if keep(k) {
			out = append(out, eiamMemberEntry{k, st})
		}
	}
	slices.SortFunc(out, func(a, b eiamMemberEntry) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// eiamUserGroups is the Groups of an account in GetUser; e.mu is taken here.
func (e *Emulator) eiamUserGroups(userID string) []any {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []any{}
	for _, m := range e.eiamMembers(func(k memberKey) bool { return k.userID == userID }) {
		if g := e.eiamGroups.groups[m.key.groupID]; g != nil {
			out = append(out, map[string]string{"GroupId": g.id, "GroupName": g.name, "Description": g.description})
		}
	}
	return out
}

// eiamForgetUser ends the memberships of a deleted account; e.mu is taken here.
func (e *Emulator) eiamForgetUser(userID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for k := range e.eiamGroups.members {
		if k.userID == userID {
			delete(e.eiamGroups.members, k)
		}
	}
}
