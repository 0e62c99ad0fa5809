package huaweitest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func createGroup(t *testing.T, c *client, name string) string {
	t.Helper()
	a := c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": name}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	return obj(t, a.body, "group")["id"].(string)
}

// keystoneErr checks Keystone's error shape and returns its message.
func keystoneErr(t *testing.T, a answer, status int) string {
	t.Helper()
	require.Equal(t, status, a.status, "%s", a.raw)
	e := obj(t, a.body, "error")
	assert.EqualValues(t, status, e["code"])
	return e["message"].(string)
}

// iamErr checks IAM's {"error_code","error_msg","request_id"} shape.
func iamErr(t *testing.T, a answer, status int, code string) string {
	t.Helper()
	require.Equal(t, status, a.status, "%s", a.raw)
	assert.Equal(t, code, a.body["error_code"], "%s", a.raw)
	assert.Len(t, a.body["request_id"], 32)
	return a.body["error_msg"].(string)
}

func roleID(t *testing.T, srv *Server, display string) string {
	t.Helper()
	for _, p := range srv.Permissions() {
		if p.DisplayName == display {
			return p.ID
		}
	}
	t.Fatalf("no permission %q", display)
	return ""
}

func projectID(t *testing.T, srv *Server, name string) string {
	t.Helper()
	for _, p := range srv.Projects() {
		if p.Name == name {
			return p.ID
		}
	}
	t.Fatalf("no project %q", name)
	return ""
}

func TestGroupAPIs(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)

	a := c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": "dev ops", "description": "builders", "domain_id": srv.DomainID()}})
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	g := obj(t, a.body, "group")
	id := g["id"].(string)
	assert.Regexp(t, `^[0-9a-f]{32}$`, id)
	assert.Equal(t, "dev ops", g["name"])
	assert.Equal(t, "builders", g["description"])
	assert.Equal(t, srv.DomainID(), g["domain_id"])
	assert.Greater(t, g["create_time"].(float64), 1e12, "create_time is in epoch milliseconds")
	assert.Equal(t, map[string]any{"self": srv.URL + "/v3/groups/" + id}, g["links"], "create answers links.self only")

	// Duplicates, bad bodies and bad fields.
	a = c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": "dev ops"}})
	assert.Contains(t, keystoneErr(t, a, http.StatusConflict), "Duplicate entry")
	e := obj(t, a.body, "error")
	assert.Contains(t, e, "error_code", "the hybrid 409 shape")
	for name, body := range map[string]any{
		"no group":           map[string]any{},
		"no name":            map[string]any{"group": map[string]any{"description": "x"}},
		"empty name":         map[string]any{"group": map[string]any{"name": ""}},
		"long name":          map[string]any{"group": map[string]any{"name": strings.Repeat("名", 129)}},
		"control character":  map[string]any{"group": map[string]any{"name": "a\tb"}},
		"long description":   map[string]any{"group": map[string]any{"name": "x", "description": strings.Repeat("d", 256)}},
		"not an object body": "group",
	} {
		a := c.do("POST", "/v3/groups", body)
		keystoneErr(t, a, http.StatusBadRequest)
		_ = name
	}
	a = c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": "x", "domain_id": "otherdomain"}})
	keystoneErr(t, a, http.StatusForbidden)
	a = c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": strings.Repeat("名", 128)}})
	assert.Equal(t, http.StatusCreated, a.status, "128 characters are allowed")

	// Show, update, list.
	a = c.do("GET", "/v3/groups/"+id, nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, map[string]any{"self": srv.URL + "/v3/groups/" + id, "previous": nil, "next": nil}, obj(t, a.body, "group")["links"])
	a = c.do("PATCH", "/v3/groups/"+id, map[string]any{"group": map[string]any{"name": "devops", "description": ""}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	assert.Equal(t, "devops", obj(t, a.body, "group")["name"])
	assert.Equal(t, "", obj(t, a.body, "group")["description"])
	a = c.do("PATCH", "/v3/groups/"+id, map[string]any{"group": map[string]any{}})
	keystoneErr(t, a, http.StatusBadRequest)
	createGroup(t, c, "other")
	a = c.do("PATCH", "/v3/groups/"+id, map[string]any{"group": map[string]any{"name": "other"}})
	keystoneErr(t, a, http.StatusConflict)
	a = c.do("PATCH", "/v3/groups/"+id, map[string]any{"group": map[string]any{"name": "devops"}})
	assert.Equal(t, http.StatusOK, a.status, "renaming to its own name is no conflict")
	a = c.do("GET", "/v3/groups?name=devops", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["groups"], 1)
	assert.Equal(t, map[string]any{"self": srv.URL + "/v3/groups?name=devops", "previous": nil, "next": nil}, a.body["links"])
	a = c.do("GET", "/v3/groups?name=dev", nil)
	assert.Empty(t, a.body["groups"], "the name filter is exact")
	a = c.do("GET", "/v3/groups?domain_id=otherdomain", nil)
	assert.Empty(t, a.body["groups"])
	a = c.do("GET", "/v3/groups", nil)
	assert.Len(t, a.body["groups"], 3)

	// Delete.
	a = c.do("DELETE", "/v3/groups/"+id, nil)
	assert.Equal(t, http.StatusNoContent, a.status)
	assert.Contains(t, keystoneErr(t, c.do("GET", "/v3/groups/"+id, nil), http.StatusNotFound), "Could not find group")
	keystoneErr(t, c.do("DELETE", "/v3/groups/"+id, nil), http.StatusNotFound)
	keystoneErr(t, c.do("PATCH", "/v3/groups/"+id, map[string]any{"group": map[string]any{"name": "z"}}), http.StatusNotFound)
	assert.Equal(t, http.StatusMethodNotAllowed, c.do("PUT", "/v3/groups/"+id, nil).status)
}

func TestGroupQuota(t *testing.T) {
	srv := NewServer(WithMaxGroups(2))
	defer srv.Close()
	c := newClient(t, srv)
	createGroup(t, c, "g1")
	_, err := srv.AddGroup(Group{Name: "g2"})
	require.NoError(t, err)
	a := c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": "g3"}})
	assert.Contains(t, keystoneErr(t, a, http.StatusBadRequest), "maximum allowed limit")
	_, err = srv.AddGroup(Group{Name: "g3"})
	assert.Error(t, err, "AddGroup keeps the quota too")

	srv = NewServer()
	defer srv.Close()
	for i := range DefaultMaxGroups {
		_, err := srv.AddGroup(Group{Name: fmt.Sprintf("g%d", i)})
		require.NoError(t, err)
	}
	c = newClient(t, srv)
	keystoneErr(t, c.do("POST", "/v3/groups", map[string]any{"group": map[string]any{"name": "one more"}}), http.StatusBadRequest)
}

func TestMembership(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	gid := createGroup(t, c, "readers")
	uid := createUser(t, c, "alice", nil)
	path := "/v3/groups/" + gid + "/users/" + uid

	a := c.do("HEAD", path, nil)
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.Empty(t, a.raw)
	assert.Equal(t, http.StatusNoContent, c.do("PUT", path, nil).status)
	assert.Equal(t, http.StatusNoContent, c.do("PUT", path, nil).status, "joining again changes nothing")
	assert.Equal(t, http.StatusNoContent, c.do("HEAD", path, nil).status)
	assert.Equal(t, []string{"alice"}, srv.GroupMembers("readers"))

	a = c.do("GET", "/v3/groups/"+gid+"/users", nil)
	require.Equal(t, http.StatusOK, a.status)
	users := a.body["users"].([]any)
	require.Len(t, users, 1)
	assert.Equal(t, "alice", users[0].(map[string]any)["name"])
	assert.Contains(t, users[0].(map[string]any), "password_expires_at", "Keystone's user shape")
	a = c.do("GET", "/v3/users/"+uid+"/groups", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["groups"], 1)

	keystoneErr(t, c.do("PUT", "/v3/groups/"+gid+"/users/nosuchuser", nil), http.StatusNotFound)
	keystoneErr(t, c.do("PUT", "/v3/groups/nosuchgroup/users/"+uid, nil), http.StatusNotFound)
	keystoneErr(t, c.do("GET", "/v3/groups/nosuchgroup/users", nil), http.StatusNotFound)
	keystoneErr(t, c.do("GET", "/v3/users/nosuchuser/groups", nil), http.StatusNotFound)

	assert.Equal(t, http.StatusNoContent, c.do("DELETE", path, nil).status)
	keystoneErr(t, c.do("DELETE", path, nil), http.StatusNotFound)
	assert.Empty(t, srv.GroupMembers("readers"))
	assert.Nil(t, srv.GroupMembers("nosuchgroup"))

	// A user joins at most 10 groups.
	srv2 := NewServer(WithMaxGroups(100))
	defer srv2.Close()
	c = newClient(t, srv2)
	uid = createUser(t, c, "bob", nil)
	for i := range MaxGroupsPerUser {
		gid := createGroup(t, c, fmt.Sprintf("g%d", i))
		require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3/groups/"+gid+"/users/"+uid, nil).status)
	}
	gid = createGroup(t, c, "one more")
	a = c.do("PUT", "/v3/groups/"+gid+"/users/"+uid, nil)
	assert.Contains(t, keystoneErr(t, a, http.StatusBadRequest), "maximum allowed limit")
	assert.Error(t, srv2.AddUserToGroup("one more", "bob"))
}

func TestPermissionCatalog(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)

	// Every kind and type the notes describe is there.
	seen := map[string]bool{}
	ids := map[string]bool{}
	for _, p := range srv.Permissions() {
		seen[string(p.Kind)+"/"+p.Type] = true
		assert.Regexp(t, `^[0-9a-f]{32}$`, p.ID)
		assert.False(t, ids[p.ID], "ids are unique")
		ids[p.ID] = true
		assert.NotEmpty(t, p.DisplayName)
		assert.NotEmpty(t, p.Document)
	}
	for _, k := range []string{"role/AX", "role/XA", "role/AA", "policy/AX", "policy/XA", "policy/AA"} {
		assert.True(t, seen[k], k)
	}
	for _, name := range []string{"Tenant Administrator", "Tenant Guest", "Security Administrator", "Server Administrator",
		"CCS User", "FullAccess", "OBS ReadOnlyAccess", "IAM ReadOnlyAccess", "ECS ReadOnlyAccess"} {
		roleID(t, srv, name)
	}
	other := NewServer()
	defer other.Close()
	assert.Equal(t, roleID(t, srv, "Tenant Guest"), roleID(t, other, "Tenant Guest"), "system ids are the same in every account")

	all := c.do("GET", "/v3/roles", nil)
	require.Equal(t, http.StatusOK, all.status)
	roles := all.body["roles"].([]any)
	assert.Len(t, roles, len(srv.Permissions()))
	assert.NotContains(t, all.body, "total_number", "only with domain_id")

	a := c.do("GET", "/v3/roles?display_name=administrator", nil)
	for _, r := range a.body["roles"].([]any) {
		assert.Contains(t, strings.ToLower(r.(map[string]any)["display_name"].(string)), "administrator")
	}
	assert.Greater(t, len(a.body["roles"].([]any)), 3, "display_name matches loosely")
	a = c.do("GET", "/v3/roles?display_name=Tenant%20Guest", nil)
	require.Len(t, a.body["roles"], 1)
	g := a.body["roles"].([]any)[0].(map[string]any)
	assert.Equal(t, "readonly", g["name"])
	assert.Equal(t, "AA", g["type"])
	assert.NotContains(t, g, "flag", "a role has no flag")
	assert.Equal(t, "1.0", obj(t, g, "policy")["Version"])
	a = c.do("GET", "/v3/roles?name=system_all_1001", nil)
	require.Len(t, a.body["roles"], 1)
	f := a.body["roles"].([]any)[0].(map[string]any)
	assert.Equal(t, "fine_grained", f["flag"])
	assert.Equal(t, "1.1", obj(t, f, "policy")["Version"])

	for q, keep := range map[string]func(map[string]any) bool{
		"permission_type=policy": func(r map[string]any) bool { return r["flag"] == "fine_grained" },
		"permission_type=role":   func(r map[string]any) bool { return r["flag"] == nil },
		"type=domain":            func(r map[string]any) bool { return r["type"] == "AA" || r["type"] == "AX" },
		"type=project":           func(r map[string]any) bool { return r["type"] == "AA" || r["type"] == "XA" },
		"catalog=ECS":            func(r map[string]any) bool { return r["catalog"] == "ECS" },
	} {
		a := c.do("GET", "/v3/roles?"+q, nil)
		require.Equal(t, http.StatusOK, a.status, q)
		require.NotEmpty(t, a.body["roles"], q)
		for _, r := range a.body["roles"].([]any) {
			assert.True(t, keep(r.(map[string]any)), "%s: %v", q, r)
		}
	}
	p2 := c.do("GET", "/v3/roles?page=2&per_page=4", nil)
	require.Equal(t, http.StatusOK, p2.status)
	require.Len(t, p2.body["roles"], 4)
	assert.Equal(t, roles[4], p2.body["roles"].([]any)[0])
	for _, q := range []string{"page=1", "per_page=5", "page=0&per_page=5", "page=1&per_page=301", "page=x&per_page=1",
		"permission_type=all", "type=AX"} {
		keystoneErr(t, c.do("GET", "/v3/roles?"+q, nil), http.StatusBadRequest)
	}
	a = c.do("GET", "/v3/roles/"+roleID(t, srv, "ECS ReadOnlyAccess"), nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "XA", obj(t, a.body, "role")["type"])
	keystoneErr(t, c.do("GET", "/v3/roles/nosuchrole", nil), http.StatusNotFound)
	a = c.do("GET", "/v3/roles?domain_id=otherdomain", nil)
	assert.Empty(t, a.body["roles"])
	assert.EqualValues(t, 0, a.body["total_number"])
}

const obsDoc = `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:bucket:ListAllMyBuckets"]}]}`

func customBody(display, typ, doc string) map[string]any {
	return map[string]any{"role": map[string]any{"display_name": display, "type": typ, "description": "d", "policy": rawJSON(doc)}}
}

// rawJSON is a document marshalled as it is.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestCustomPolicies(t *testing.T) {
	srv := NewServer(WithMaxCustomPolicies(2))
	defer srv.Close()
	c := newClient(t, srv)

	a := c.do("POST", "/v3.0/OS-ROLE/roles", customBody("bucket lister", "AX", obsDoc))
	require.Equal(t, http.StatusCreated, a.status, "%s", a.raw)
	r := obj(t, a.body, "role")
	id := r["id"].(string)
	assert.Equal(t, "CUSTOMED", r["catalog"])
	assert.Equal(t, srv.DomainID(), r["domain_id"])
	assert.Equal(t, "custom_"+srv.DomainID()+"_1", r["name"])
	assert.Regexp(t, `^\d{13}$`, r["created_time"])
	assert.Equal(t, map[string]any{"self": srv.URL + "/v3.0/OS-ROLE/roles/" + id}, r["links"])
	assert.Equal(t, []any{"obs:bucket:ListAllMyBuckets"}, obj(t, r, "policy")["Statement"].([]any)[0].(map[string]any)["Action"])

	// Required properties, rules, duplicates and the quota.
	for name, tc := range map[string]struct {
		body map[string]any
		code string
	}{
		"no role":         {map[string]any{}, "IAM.0072"},
		"no display_name": {map[string]any{"role": map[string]any{"type": "AX", "description": "d", "policy": rawJSON(obsDoc)}}, "IAM.0072"},
		"no type":         {map[string]any{"role": map[string]any{"display_name": "x", "description": "d", "policy": rawJSON(obsDoc)}}, "IAM.0072"},
		"no description":  {map[string]any{"role": map[string]any{"display_name": "x", "type": "AX", "policy": rawJSON(obsDoc)}}, "IAM.0072"},
		"no policy":       {map[string]any{"role": map[string]any{"display_name": "x", "type": "AX", "description": "d"}}, "IAM.0072"},
		"type AA":         {customBody("x", "AA", obsDoc), "IAM.0007"},
		"long name":       {customBody(strings.Repeat("n", 129), "AX", obsDoc), "IAM.0007"},
		"version 1.0":     {customBody("x", "AX", `{"Version":"1.0","Statement":[{"Effect":"Allow","Action":["obs:*:*"]}]}`), "IAM.0007"},
		"no statement":    {customBody("x", "AX", `{"Version":"1.1","Statement":[]}`), "IAM.0007"},
		"bad effect":      {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"allow","Action":["obs:*:*"]}]}`), "IAM.0007"},
		"bad action":      {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*"]}]}`), "IAM.0007"},
		"string action":   {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":"obs:*:*"}]}`), "IAM.0007"},
		"string condition": {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*:*"],"Condition":{"StringEquals":{"g:ProjectName":"cn-north-4"}}}]}`),
			"IAM.0007"},
		"uri resource": {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*:*"],"Resource":{"uri":["/iam/agencies/a"]}}]}`), "IAM.0007"},
		"too long": {customBody("x", "AX", `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["obs:*:*"],"Resource":["obs:*:*:bucket:`+
			strings.Repeat("b", 6144)+`"]}]}`), "IAM.0007"},
	} {
		a := c.do("POST", "/v3.0/OS-ROLE/roles", tc.body)
		iamErr(t, a, http.StatusBadRequest, tc.code)
		_ = name
	}
	a = c.do("POST", "/v3.0/OS-ROLE/roles", customBody("bucket lister", "XA", obsDoc))
	iamErr(t, a, http.StatusConflict, "IAM.0005")
	agency := `{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["iam:agencies:assume"],"Resource":{"uri":["/iam/agencies/0780"]}}]}`
	a = c.do("POST", "/v3.0/OS-ROLE/roles", customBody("assume", "XA", agency))
	require.Equal(t, http.StatusCreated, a.status, "an agency policy: %s", a.raw)
	agencyID := obj(t, a.body, "role")["id"].(string)
	a = c.do("POST", "/v3.0/OS-ROLE/roles", customBody("third", "AX", obsDoc))
	assert.Contains(t, iamErr(t, a, http.StatusBadRequest, "IAM.0007"), "maximum allowed limit")

	// List, paging, the Keystone view, update.
	a = c.do("GET", "/v3.0/OS-ROLE/roles?page=2&per_page=1", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.EqualValues(t, 2, a.body["total_number"])
	require.Len(t, a.body["roles"], 1)
	assert.Equal(t, agencyID, a.body["roles"].([]any)[0].(map[string]any)["id"])
	iamErr(t, c.do("GET", "/v3.0/OS-ROLE/roles?page=1", nil), http.StatusBadRequest, "IAM.0007")
	a = c.do("GET", "/v3/roles?domain_id="+srv.DomainID(), nil)
	assert.EqualValues(t, 2, a.body["total_number"])
	a = c.do("GET", "/v3/roles/"+id, nil)
	assert.Equal(t, "bucket lister", obj(t, a.body, "role")["display_name"])
	upd := customBody("bucket lister", "XA", `{"Version":"1.1","Statement":[{"Effect":"Deny","Action":["obs:*:*"]}]}`)
	obj(t, upd, "role")["description_cn"] = "拒绝"
	a = c.do("PATCH", "/v3.0/OS-ROLE/roles/"+id, upd)
	require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
	assert.Equal(t, "XA", obj(t, a.body, "role")["type"])
	assert.Equal(t, "拒绝", obj(t, a.body, "role")["description_cn"])
	iamErr(t, c.do("PATCH", "/v3.0/OS-ROLE/roles/"+id, customBody("assume", "XA", obsDoc)), http.StatusConflict, "IAM.0005")
	iamErr(t, c.do("PATCH", "/v3.0/OS-ROLE/roles/nosuchpolicy", customBody("z", "XA", obsDoc)), http.StatusNotFound, "IAM.0004")

	// A policy still granted cannot be deleted.
	gid := createGroup(t, c, "g")
	require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3/OS-INHERIT/domains/"+srv.DomainID()+"/groups/"+gid+"/roles/"+id+"/inherited_to_projects", nil).status)
	a = c.do("GET", "/v3.0/OS-ROLE/roles/"+id, nil)
	assert.EqualValues(t, 1, obj(t, a.body, "role")["references"])
	iamErr(t, c.do("DELETE", "/v3.0/OS-ROLE/roles/"+id, nil), http.StatusBadRequest, "IAM.0007")
	require.Equal(t, http.StatusNoContent, c.do("DELETE", "/v3/OS-INHERIT/domains/"+srv.DomainID()+"/groups/"+gid+"/roles/"+id+"/inherited_to_projects", nil).status)
	a = c.do("DELETE", "/v3.0/OS-ROLE/roles/"+id, nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "Delete success", a.body["message"])
	iamErr(t, c.do("GET", "/v3.0/OS-ROLE/roles/"+id, nil), http.StatusNotFound, "IAM.0004")
	iamErr(t, c.do("DELETE", "/v3.0/OS-ROLE/roles/"+id, nil), http.StatusNotFound, "IAM.0004")
	require.Len(t, srv.CustomPolicies(), 1)
	assert.Equal(t, "assume", srv.CustomPolicies()[0].DisplayName)
}

func TestGrants(t *testing.T) {
	srv := NewServer(WithMaxGroupPermissions(5))
	defer srv.Close()
	c := newClient(t, srv)
	d := srv.DomainID()
	gid := createGroup(t, c, "g")
	guest, ecs, iamRead := roleID(t, srv, "Tenant Guest"), roleID(t, srv, "ECS ReadOnlyAccess"), roleID(t, srv, "IAM ReadOnlyAccess")
	pid := projectID(t, srv, "cn-north-4")
	domainPath := func(role string) string { return "/v3/domains/" + d + "/groups/" + gid + "/roles/" + role }
	projectPath := func(role string) string { return "/v3/projects/" + pid + "/groups/" + gid + "/roles/" + role }
	inheritPath := func(role string) string {
		return "/v3/OS-INHERIT/domains/" + d + "/groups/" + gid + "/roles/" + role + "/inherited_to_projects"
	}

	// Grant, check, list on every scope.
	for _, p := range []string{domainPath(guest), domainPath(iamRead), projectPath(ecs), projectPath(guest), inheritPath(ecs)} {
		require.Equal(t, http.StatusNotFound, c.do("HEAD", p, nil).status, p)
		a := c.do("PUT", p, nil)
		require.Equal(t, http.StatusNoContent, a.status, "%s: %s", p, a.raw)
		assert.Empty(t, a.raw)
		require.Equal(t, http.StatusNoContent, c.do("HEAD", p, nil).status, p)
	}
	assert.Equal(t, []Grant{
		{GroupName: "g", PermissionID: guest, PermissionName: "Tenant Guest", Scope: ScopeDomain},
		{GroupName: "g", PermissionID: iamRead, PermissionName: "IAM ReadOnlyAccess", Scope: ScopeDomain},
		{GroupName: "g", PermissionID: ecs, PermissionName: "ECS ReadOnlyAccess", Scope: ScopeProject, Project: "cn-north-4"},
		{GroupName: "g", PermissionID: guest, PermissionName: "Tenant Guest", Scope: ScopeProject, Project: "cn-north-4"},
		{GroupName: "g", PermissionID: ecs, PermissionName: "ECS ReadOnlyAccess", Scope: ScopeAllProjects},
	}, srv.Grants("g"))
	list := func(path string) []string {
		t.Helper()
		a := c.do("GET", path, nil)
		require.Equal(t, http.StatusOK, a.status, "%s", a.raw)
		var names []string
		for _, r := range a.body["roles"].([]any) {
			names = append(names, r.(map[string]any)["display_name"].(string))
		}
		return names
	}
	assert.Equal(t, []string{"Tenant Guest", "IAM ReadOnlyAccess"}, list("/v3/domains/"+d+"/groups/"+gid+"/roles"))
	assert.Equal(t, []string{"ECS ReadOnlyAccess", "Tenant Guest"}, list("/v3/projects/"+pid+"/groups/"+gid+"/roles"))
	assert.Equal(t, []string{"ECS ReadOnlyAccess"}, list("/v3/OS-INHERIT/domains/"+d+"/groups/"+gid+"/roles/inherited_to_projects"))
	assert.Empty(t, list("/v3/projects/"+projectID(t, srv, "cn-east-3")+"/groups/"+gid+"/roles"))

	// Conflicts, types, missing things and the quota.
	a := c.do("PUT", domainPath(guest), nil)
	assert.Contains(t, keystoneErr(t, a, http.StatusConflict), "Duplicate entry")
	assert.Contains(t, keystoneErr(t, c.do("PUT", domainPath(ecs), nil), http.StatusBadRequest), "type XA")
	assert.Contains(t, keystoneErr(t, c.do("PUT", projectPath(iamRead), nil), http.StatusBadRequest), "type AX")
	assert.Contains(t, keystoneErr(t, c.do("PUT", inheritPath(iamRead), nil), http.StatusBadRequest), "type AX")
	assert.Contains(t, keystoneErr(t, c.do("PUT", domainPath("nosuchrole"), nil), http.StatusNotFound), "role")
	assert.Contains(t, keystoneErr(t, c.do("PUT", "/v3/projects/nosuchproject/groups/"+gid+"/roles/"+ecs, nil), http.StatusNotFound), "project")
	assert.Contains(t, keystoneErr(t, c.do("PUT", "/v3/domains/"+d+"/groups/nosuchgroup/roles/"+guest, nil), http.StatusNotFound), "group")
	assert.Contains(t, keystoneErr(t, c.do("PUT", "/v3/domains/otherdomain/groups/"+gid+"/roles/"+guest, nil), http.StatusNotFound), "domain")
	keystoneErr(t, c.do("GET", "/v3/domains/otherdomain/groups/"+gid+"/roles", nil), http.StatusNotFound)
	keystoneErr(t, c.do("GET", "/v3/projects/nosuchproject/groups/"+gid+"/roles", nil), http.StatusNotFound)
	keystoneErr(t, c.do("GET", "/v3/domains/"+d+"/groups/nosuchgroup/roles", nil), http.StatusNotFound)
	assert.Equal(t, http.StatusNotFound, c.do("HEAD", domainPath("nosuchrole"), nil).status)
	a = c.do("PUT", projectPath(roleID(t, srv, "VPC ReadOnlyAccess")), nil)
	assert.Contains(t, keystoneErr(t, a, http.StatusBadRequest), "maximum allowed limit")

	// Revokes.
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", domainPath(guest), nil).status)
	assert.Contains(t, keystoneErr(t, c.do("DELETE", domainPath(guest), nil), http.StatusNotFound), "role assignment")
	assert.Equal(t, http.StatusNotFound, c.do("HEAD", domainPath(guest), nil).status)
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", inheritPath(ecs), nil).status)
	assert.Len(t, srv.Grants("g"), 3)

	// Enterprise projects: group and user grants, IAM's error shape.
	uid := createUser(t, c, "alice", nil)
	epGroup := "/v3.0/OS-PERMISSION/enterprise-projects/0/groups/" + gid + "/roles/" + ecs
	epUser := "/v3.0/OS-PERMISSION/enterprise-projects/0/users/" + uid + "/roles/" + ecs
	require.Equal(t, http.StatusNoContent, c.do("PUT", epGroup, nil).status)
	iamErr(t, c.do("PUT", epGroup, nil), http.StatusConflict, "IAM.0005")
	require.Equal(t, http.StatusNoContent, c.do("PUT", epUser, nil).status)
	assert.Equal(t, http.StatusMethodNotAllowed, c.do("HEAD", epGroup, nil).status, "no check API on enterprise projects")
	a = c.do("GET", "/v3.0/OS-PERMISSION/enterprise-projects/0/groups/"+gid+"/roles", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Len(t, a.body["roles"], 1)
	assert.NotContains(t, a.body, "links")
	a = c.do("GET", "/v3.0/OS-PERMISSION/enterprise-projects/0/users/"+uid+"/roles", nil)
	assert.Len(t, a.body["roles"], 1)
	a = c.do("GET", "/v3.0/OS-PERMISSION/groups/"+gid+"/enterprise-projects", nil)
	assert.Equal(t, []any{map[string]any{"projectId": "0"}}, a.body["enterprise-projects"])
	iamErr(t, c.do("GET", "/v3.0/OS-PERMISSION/groups/nosuchgroup/enterprise-projects", nil), http.StatusNotFound, "IAM.0004")
	iamErr(t, c.do("PUT", "/v3.0/OS-PERMISSION/enterprise-projects/0/users/nosuchuser/roles/"+ecs, nil), http.StatusNotFound, "IAM.0004")
	assert.Equal(t, []Grant{{UserName: "alice", PermissionID: ecs, PermissionName: "ECS ReadOnlyAccess", Scope: ScopeEnterpriseProject, Project: "0"}},
		srv.UserGrants("alice"))
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", epUser, nil).status)
	iamErr(t, c.do("DELETE", epUser, nil), http.StatusNotFound, "IAM.0004")
}

func TestDeletesCascade(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	gid := createGroup(t, c, "g")
	uid := createUser(t, c, "alice", nil)
	require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3/groups/"+gid+"/users/"+uid, nil).status)
	a := c.do("POST", "/v3.0/OS-ROLE/roles", customBody("lister", "AX", obsDoc))
	require.Equal(t, http.StatusCreated, a.status)
	custom := obj(t, a.body, "role")["id"].(string)
	require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3/domains/"+srv.DomainID()+"/groups/"+gid+"/roles/"+custom, nil).status)
	require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3.0/OS-PERMISSION/enterprise-projects/0/users/"+uid+"/roles/"+custom, nil).status)
	assert.EqualValues(t, 2, obj(t, c.do("GET", "/v3.0/OS-ROLE/roles/"+custom, nil).body, "role")["references"])

	// Deleting a user with memberships and grants succeeds and takes them.
	require.Equal(t, http.StatusNoContent, c.do("DELETE", "/v3/users/"+uid, nil).status)
	assert.Empty(t, srv.GroupMembers("g"))
	assert.EqualValues(t, 1, obj(t, c.do("GET", "/v3.0/OS-ROLE/roles/"+custom, nil).body, "role")["references"])

	// Deleting a group with members and grants succeeds and takes them.
	uid = createUser(t, c, "bob", nil)
	require.Equal(t, http.StatusNoContent, c.do("PUT", "/v3/groups/"+gid+"/users/"+uid, nil).status)
	require.Equal(t, http.StatusNoContent, c.do("DELETE", "/v3/groups/"+gid, nil).status)
	assert.Nil(t, srv.Grants("g"))
	assert.Empty(t, c.do("GET", "/v3/users/"+uid+"/groups", nil).body["groups"])
	assert.EqualValues(t, 0, obj(t, c.do("GET", "/v3.0/OS-ROLE/roles/"+custom, nil).body, "role")["references"])
	assert.Equal(t, http.StatusOK, c.do("DELETE", "/v3.0/OS-ROLE/roles/"+custom, nil).status)

	// A new group of the same name starts with nothing.
	gid = createGroup(t, c, "g")
	assert.Empty(t, c.do("GET", "/v3/groups/"+gid+"/users", nil).body["users"])
	assert.Empty(t, srv.Grants("g"))
}

func TestRoleAssignments(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	d := srv.DomainID()
	for _, g := range []Grant{
		{GroupName: "g1", PermissionName: "Tenant Guest", Scope: ScopeDomain},
		{GroupName: "g1", PermissionName: "Tenant Guest", Scope: ScopeAllProjects},
		{GroupName: "g1", PermissionName: "ECS ReadOnlyAccess", Scope: ScopeProject, Project: "cn-north-4"},
		{GroupName: "g2", PermissionName: "ECS ReadOnlyAccess", Scope: ScopeEnterpriseProject, Project: "0"},
		{UserName: "alice", PermissionName: "ECS ReadOnlyAccess", Scope: ScopeEnterpriseProject, Project: "0"},
	} {
		if g.GroupName != "" && srv.GroupMembers(g.GroupName) == nil {
			_, err := srv.AddGroup(Group{Name: g.GroupName})
			require.NoError(t, err)
		}
		if g.UserName != "" {
			_, err := srv.AddUser(User{Name: g.UserName, Enabled: true})
			require.NoError(t, err)
		}
		require.NoError(t, srv.AddGrant(g), "%+v", g)
	}
	require.NoError(t, srv.AddUserToGroup("g1", "alice"))
	g1 := srv.Groups()[0].ID
	aliceID := srv.Users()[0].ID
	ecs := roleID(t, srv, "ECS ReadOnlyAccess")
	count := func(q string) int {
		t.Helper()
		a := c.do("GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id="+d+q, nil)
		require.Equal(t, http.StatusOK, a.status, "%s: %s", q, a.raw)
		require.EqualValues(t, a.body["total_num"], len(a.body["role_assignments"].([]any)), q)
		return len(a.body["role_assignments"].([]any))
	}
	assert.Equal(t, 5, count(""))
	assert.Equal(t, 1, count("&scope=domain"))
	assert.Equal(t, 1, count("&scope=domain&is_inherited=true"))
	assert.Equal(t, 1, count("&scope.domain_id="+d+"&is_inherited=false"))
	assert.Equal(t, 1, count("&scope=project"))
	assert.Equal(t, 1, count("&scope.project_id="+projectID(t, srv, "cn-north-4")))
	assert.Equal(t, 2, count("&scope=enterprise_project"))
	assert.Equal(t, 1, count("&scope.enterprise_projects_id=0&subject=group"))
	assert.Equal(t, 3, count("&role_id="+ecs))
	assert.Equal(t, 3, count("&subject.group_id="+g1))
	assert.Equal(t, 4, count("&subject.user_id="+aliceID), "with the grants of the user's groups")
	assert.Equal(t, 1, count("&subject.user_id="+aliceID+"&include_group=false"))
	assert.Equal(t, 1, count("&subject=user&include_group=false"))
	assert.Equal(t, 0, count("&subject=agency"))

	a := c.do("GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id="+d+"&scope=domain&is_inherited=true", nil)
	assert.Equal(t, map[string]any{
		"group": map[string]any{"id": g1}, "role": map[string]any{"id": roleID(t, srv, "Tenant Guest")},
		"scope": map[string]any{"domain": map[string]any{"id": d}}, "is_inherited": true,
	}, a.body["role_assignments"].([]any)[0])
	a = c.do("GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id="+d+"&page=2&per_page=2", nil)
	assert.EqualValues(t, 5, a.body["total_num"], "the total of every page")
	assert.Len(t, a.body["role_assignments"], 2)

	iamErr(t, c.do("GET", "/v3.0/OS-PERMISSION/role-assignments", nil), http.StatusBadRequest, "IAM.0072")
	iamErr(t, c.do("GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id=otherdomain", nil), http.StatusForbidden, "IAM.0002")
	for _, q := range []string{"&subject=user&subject.group_id=" + g1, "&scope=domain&scope.project_id=x", "&subject=role",
		"&scope=global", "&page=1&per_page=51", "&per_page=10", "&is_inherited=maybe"} {
		iamErr(t, c.do("GET", "/v3.0/OS-PERMISSION/role-assignments?domain_id="+d+q, nil), http.StatusBadRequest, "IAM.0007")
	}
}

func TestProjects(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	a := c.do("GET", "/v3/projects", nil)
	require.Equal(t, http.StatusOK, a.status)
	require.Len(t, a.body["projects"], len(defaultProjects))
	p := a.body["projects"].([]any)[0].(map[string]any)
	assert.Equal(t, "cn-north-4", p["name"])
	assert.Equal(t, srv.DomainID(), p["parent_id"])
	assert.Equal(t, srv.DomainID(), p["domain_id"])
	assert.Equal(t, true, p["enabled"])
	assert.Equal(t, false, p["is_domain"])
	id := p["id"].(string)
	assert.Regexp(t, `^[0-9a-f]{32}$`, id)

	a = c.do("GET", "/v3/projects?name=cn-east-3&domain_id="+srv.DomainID(), nil)
	require.Len(t, a.body["projects"], 1)
	a = c.do("GET", "/v3/projects?page=2&per_page=3", nil)
	require.Len(t, a.body["projects"], 3)
	assert.Equal(t, "cn-east-2", a.body["projects"].([]any)[0].(map[string]any)["name"])
	assert.Empty(t, c.do("GET", "/v3/projects?enabled=false", nil).body["projects"])
	keystoneErr(t, c.do("GET", "/v3/projects?per_page=3", nil), http.StatusBadRequest)
	keystoneErr(t, c.do("GET", "/v3/projects?page=1&per_page=5001", nil), http.StatusBadRequest)
	keystoneErr(t, c.do("GET", "/v3/projects?enabled=yes", nil), http.StatusBadRequest)
	a = c.do("GET", "/v3/projects/"+id, nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "cn-north-4", obj(t, a.body, "project")["name"])
	keystoneErr(t, c.do("GET", "/v3/projects/nosuchproject", nil), http.StatusNotFound)

	sub, err := srv.AddProject("cn-north-4_dev")
	require.NoError(t, err)
	a = c.do("GET", "/v3/projects?parent_id="+id, nil)
	require.Len(t, a.body["projects"], 1)
	assert.Equal(t, sub.ID, a.body["projects"].([]any)[0].(map[string]any)["id"])
	_, err = srv.AddProject("cn-north-4_dev")
	assert.Error(t, err)
	_, err = srv.AddProject("bad name")
	assert.Error(t, err)

	only := NewServer(WithProjects("eu-west-101"))
	defer only.Close()
	assert.Equal(t, []string{"eu-west-101"}, projectNames(only.Projects()))
	none := NewServer(WithProjects())
	defer none.Close()
	assert.Empty(t, none.Projects())
}

func projectNames(ps []Project) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestSeedGroupsAndGrants(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	g, err := srv.AddGroup(Group{Name: "ops", Description: "operators"})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, g.ID)
	assert.False(t, g.CreatedAt.IsZero())
	for _, bad := range []Group{{Name: ""}, {Name: "ops"}, {Name: "a\nb"}, {Name: "x", ID: "a/b"}, {Name: "x", Description: strings.Repeat("d", 256)}} {
		_, err := srv.AddGroup(bad)
		assert.Error(t, err, "%+v", bad)
	}
	assert.Equal(t, []Group{g}, srv.Groups())

	_, err = srv.AddUser(User{Name: "alice", Enabled: true})
	require.NoError(t, err)
	require.NoError(t, srv.AddUserToGroup("ops", "alice"))
	require.NoError(t, srv.AddUserToGroup("ops", "alice"), "a member stays one")
	assert.Error(t, srv.AddUserToGroup("ops", "nobody"))
	assert.Error(t, srv.AddUserToGroup("nogroup", "alice"))

	cp, err := srv.AddCustomPolicy(Permission{DisplayName: "lister", Type: "AX", Description: "d", Document: obsDoc})
	require.NoError(t, err)
	assert.Equal(t, PermissionCustom, cp.Kind)
	assert.Equal(t, "CUSTOMED", cp.Catalog)
	_, err = srv.AddCustomPolicy(Permission{DisplayName: "lister", Type: "AX", Description: "d", Document: obsDoc})
	assert.Error(t, err, "a display name in use")
	_, err = srv.AddCustomPolicy(Permission{DisplayName: "bad", Type: "AX", Description: "d", Document: `{"Version":"1.0"}`})
	assert.Error(t, err)

	for _, ok := range []Grant{
		{GroupName: "ops", PermissionName: "lister", Scope: ScopeDomain},
		{GroupName: "ops", PermissionID: roleID(t, srv, "ECS ReadOnlyAccess"), Scope: ScopeProject, Project: projectID(t, srv, "cn-east-3")},
		{GroupName: "ops", PermissionName: "Tenant Guest", Scope: ScopeAllProjects},
		{UserName: "alice", PermissionName: "FullAccess", Scope: ScopeEnterpriseProject, Project: "ep-1"},
	} {
		require.NoError(t, srv.AddGrant(ok), "%+v", ok)
	}
	for _, bad := range []Grant{
		{GroupName: "ops", PermissionName: "lister", Scope: ScopeDomain},             // exists
		{GroupName: "ops", PermissionName: "lister", Scope: ScopeAllProjects},        // AX on projects
		{GroupName: "ops", PermissionName: "ECS ReadOnlyAccess", Scope: ScopeDomain}, // XA on the account
		{GroupName: "ops", PermissionName: "nope", Scope: ScopeDomain},               // no permission
		{GroupName: "nogroup", PermissionName: "FullAccess", Scope: ScopeDomain},     // no group
		{UserName: "alice", PermissionName: "FullAccess", Scope: ScopeDomain},        // a user on the account
		{GroupName: "ops", UserName: "alice", PermissionName: "FullAccess", Scope: ScopeDomain},
		{GroupName: "ops", PermissionName: "FullAccess", Scope: ScopeProject, Project: "mars-1"},
		{GroupName: "ops", PermissionName: "FullAccess", Scope: ScopeEnterpriseProject, Project: "a/b"},
		{GroupName: "ops", PermissionName: "FullAccess", Scope: "global"},
	} {
		assert.Error(t, srv.AddGrant(bad), "%+v", bad)
	}
	grants := srv.Grants("ops")
	require.Len(t, grants, 3)
	assert.Equal(t, Grant{GroupName: "ops", PermissionID: roleID(t, srv, "ECS ReadOnlyAccess"), PermissionName: "ECS ReadOnlyAccess",
		Scope: ScopeProject, Project: "cn-east-3"}, grants[1])
	assert.Equal(t, "ep-1", srv.UserGrants("alice")[0].Project)
	assert.Nil(t, srv.UserGrants("nobody"))
	assert.Nil(t, srv.Grants("nogroup"))
}
