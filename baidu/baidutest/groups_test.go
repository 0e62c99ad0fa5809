package baidutest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testACL = `{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":["*"]}]}`

// fails asserts Baidu's error body with the status and code.
func fails(t *testing.T, r resp, status int, code string) {
	t.Helper()
	assert.Equal(t, status, r.status, "%s", r.raw)
	assert.Equal(t, code, r.body["code"], "%s", r.raw)
	assert.NotEmpty(t, r.body["message"])
	assert.Equal(t, "11111111-2222-4333-8444-555555555555", r.body["requestId"])
}

func okEmpty(t *testing.T, r resp) {
	t.Helper()
	assert.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Empty(t, r.raw)
}

func listNames(r resp, key string) []string {
	out := []string{}
	list, _ := r.body[key].([]any)
	for _, x := range list {
		out = append(out, x.(map[string]any)["name"].(string))
	}
	return out
}

func TestGroups(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	c, _ := newCaller(t, WithClock(func() time.Time { return now }))
	c.now = now

	r := c.do("POST", "/v1/group", map[string]any{"name": "test_group"})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.raw)
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.body["id"])
	assert.Equal(t, "test_group", r.body["name"])
	assert.Equal(t, "", r.body["description"], "an unset description is \"\"")
	assert.Equal(t, "2026-11-22T10:00:00Z", r.body["createTime"])
	id := r.body["id"]

	fails(t, c.do("POST", "/v1/group", map[string]any{"name": "test_group"}), http.StatusConflict, "AlreadyExists")
	fails(t, c.do("POST", "/v1/group", map[string]any{"name": strings.Repeat("g", 65)}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/group", map[string]any{"name": "a/b"}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/group", map[string]any{}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/group", map[string]any{"name": "g2", "description": strings.Repeat("备", 129)}),
		http.StatusBadRequest, "InappropriateJSON")
	r = c.do("POST", "/v1/group", map[string]any{"name": strings.Repeat("组", 64), "description": strings.Repeat("备", 128)})
	require.Equal(t, http.StatusCreated, r.status, "64 and 128 characters are allowed: %s", r.raw)
	okEmpty(t, c.do("DELETE", "/v1/group/"+strings.Repeat("组", 64), nil))

	r = c.do("GET", "/v1/group/test_group", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, id, r.body["id"])
	fails(t, c.do("GET", "/v1/group/nope", nil), http.StatusNotFound, "NotFound")

	r = c.do("PUT", "/v1/group/test_group", map[string]any{"name": "renamed", "description": "d"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "renamed", r.body["name"])
	assert.Equal(t, "d", r.body["description"])
	assert.Equal(t, id, r.body["id"])
	r = c.do("PUT", "/v1/group/renamed", map[string]any{"description": "only"})
	assert.Equal(t, "renamed", r.body["name"], "no name: unchanged")
	r = c.do("PUT", "/v1/group/renamed", map[string]any{"name": "", "description": "again"})
	assert.Equal(t, "renamed", r.body["name"], `"" is not a name: unchanged`)
	assert.Equal(t, "again", r.body["description"])
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "other"}).status)
	fails(t, c.do("PUT", "/v1/group/renamed", map[string]any{"name": "other"}), http.StatusConflict, "AlreadyExists")
	fails(t, c.do("PUT", "/v1/group/renamed", map[string]any{"description": strings.Repeat("d", 129)}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("PUT", "/v1/group/nope", map[string]any{"description": "x"}), http.StatusNotFound, "NotFound")

	r = c.do("GET", "/v1/group", nil)
	assert.Equal(t, []string{"renamed", "other"}, listNames(r, "groups"))
	okEmpty(t, c.do("DELETE", "/v1/group/other", nil))
	fails(t, c.do("DELETE", "/v1/group/other", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("PATCH", "/v1/group/renamed", nil), http.StatusMethodNotAllowed, "MethodNotAllowed")
	fails(t, c.do("GET", "/v1/group/renamed/nothing", nil), http.StatusNotFound, "InvalidURI")
}

func TestGroupLimit(t *testing.T) {
	c, srv := newCaller(t)
	for i := range DefaultMaxGroups {
		require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": fmt.Sprintf("g%02d", i)}).status)
	}
	fails(t, c.do("POST", "/v1/group", map[string]any{"name": "one_more"}), http.StatusBadRequest, "LimitExceeded")
	assert.Len(t, srv.Groups(), 50)
	_, err := srv.AddGroup(Group{Name: "seeded"})
	assert.ErrorContains(t, err, "50 groups")

	c, _ = newCaller(t, WithMaxGroups(1))
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "a"}).status)
	fails(t, c.do("POST", "/v1/group", map[string]any{"name": "b"}), http.StatusBadRequest, "LimitExceeded")

	c, _ = newCaller(t, WithMaxGroups(0))
	for i := range 60 {
		require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": fmt.Sprintf("g%02d", i)}).status)
	}
}

func TestMembership(t *testing.T) {
	c, srv := newCaller(t)
	for i := range 21 {
		_, err := srv.AddUser(User{Name: fmt.Sprintf("u%02d", i), Enabled: true})
		require.NoError(t, err)
	}
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "g"}).status)
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "h"}).status)

	okEmpty(t, c.do("PUT", "/v1/group/g/user/u00", nil))
	fails(t, c.do("PUT", "/v1/group/g/user/u00", nil), http.StatusConflict, "AlreadyExists")
	fails(t, c.do("PUT", "/v1/group/g/user/nobody", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("PUT", "/v1/group/nogroup/user/u00", nil), http.StatusNotFound, "NotFound")
	okEmpty(t, c.do("PUT", "/v1/group/h/user/u00", nil))

	r := c.do("GET", "/v1/group/g/user", nil)
	require.Equal(t, http.StatusOK, r.status)
	users := r.body["users"].([]any)
	require.Len(t, users, 1)
	u := users[0].(map[string]any)
	assert.Equal(t, "u00", u["name"])
	assert.NotEmpty(t, u["joinTime"], "members carry the time they joined")
	assert.Equal(t, []string{"g", "h"}, listNames(c.do("GET", "/v1/user/u00/group", nil), "groups"))
	assert.Equal(t, []string{}, listNames(c.do("GET", "/v1/user/u01/group", nil), "groups"))
	fails(t, c.do("GET", "/v1/user/nobody/group", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("GET", "/v1/group/nogroup/user", nil), http.StatusNotFound, "NotFound")

	// A renamed user stays a member.
	require.Equal(t, http.StatusOK, c.do("PUT", "/v1/user/u00", map[string]any{"name": "u00_new"}).status)
	assert.Equal(t, []string{"u00_new"}, listNames(c.do("GET", "/v1/group/g/user", nil), "users"))

	// 20 users per group.
	for i := 1; i < DefaultMaxUsersPerGroup; i++ {
		okEmpty(t, c.do("PUT", fmt.Sprintf("/v1/group/g/user/u%02d", i), nil))
	}
	fails(t, c.do("PUT", "/v1/group/g/user/u20", nil), http.StatusBadRequest, "LimitExceeded")
	assert.Len(t, srv.GroupMembers("g"), 20)

	// Deletes refused while in use.
	fails(t, c.do("DELETE", "/v1/group/g", nil), http.StatusConflict, "DeleteConflict")
	fails(t, c.do("DELETE", "/v1/user/u01", nil), http.StatusConflict, "DeleteConflict")

	okEmpty(t, c.do("DELETE", "/v1/group/g/user/u01", nil))
	fails(t, c.do("DELETE", "/v1/group/g/user/u01", nil), http.StatusNotFound, "NotFound")
	okEmpty(t, c.do("DELETE", "/v1/user/u01", nil))
	okEmpty(t, c.do("PUT", "/v1/group/g/user/u20", nil)) // a place is free again
}

func TestPolicyCatalog(t *testing.T) {
	c, _ := newCaller(t)
	r := c.do("GET", "/v1/policy?policyType=System", nil)
	require.Equal(t, http.StatusOK, r.status)
	names := listNames(r, "policies")
	for _, n := range []string{"CAFullControlAccessPolicy", "CAReadAccessPolicy", "QianfanReadAccessPolicy"} {
		assert.Contains(t, names, n, "the system policies the notes name")
	}
	for _, p := range r.body["policies"].([]any) {
		m := p.(map[string]any)
		assert.Equal(t, "System", m["type"])
		assert.Regexp(t, `^[0-9a-f]{32}$`, m["id"])
		assert.Contains(t, m["document"], `"accessControlList"`)
		assert.NotContains(t, m, "attachTime", "attachTime only in attached lists")
	}
	assert.Equal(t, []string{}, listNames(c.do("GET", "/v1/policy", nil), "policies"), "no policyType: custom policies")
	assert.Equal(t, []string{"CAReadAccessPolicy", "QianfanReadAccessPolicy", "QianfanServiceReadAccessPolicy", "ACAReadAccessPolicy"},
		listNames(c.do("GET", "/v1/policy?policyType=System&nameFilter=readaccess", nil), "policies"))

	r = c.do("GET", "/v1/policy/CAReadAccessPolicy?policyType=System", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "CAReadAccessPolicy", r.body["name"])
	fails(t, c.do("GET", "/v1/policy/CAReadAccessPolicy", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("GET", "/v1/policy/CAReadAccessPolicy?policyType=system", nil), http.StatusBadRequest, "InvalidHTTPRequest")
	fails(t, c.do("POST", "/v1/policy/CAReadAccessPolicy", map[string]any{"description": "x"}), http.StatusNotFound, "NotFound")
	fails(t, c.do("DELETE", "/v1/policy/CAReadAccessPolicy", nil), http.StatusNotFound, "NotFound")
}

func TestCustomPolicies(t *testing.T) {
	c, srv := newCaller(t)
	r := c.do("POST", "/v1/policy", map[string]any{"name": "test_policy", "description": "d", "document": testACL})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.raw)
	id := r.body["id"].(string)
	assert.Equal(t, "Custom", r.body["type"])
	assert.Equal(t, `{"accessControlList":[{"effect":"Allow","permission":["READ"],"region":"bj","resource":["*"],"service":"bcc"}],"id":"policy_`+id+`"}`,
		r.body["document"], "Baidu injects the id and reorders the keys")

	fails(t, c.do("POST", "/v1/policy", map[string]any{"name": "test_policy", "document": testACL}), http.StatusConflict, "AlreadyExists")
	fails(t, c.do("POST", "/v1/policy", map[string]any{"name": strings.Repeat("p", 65), "document": testACL}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/policy", map[string]any{"name": "p"}), http.StatusBadRequest, "InappropriateJSON")
	for _, doc := range []string{
		`not json`, `[]`, `{}`, `{"accessControlList":[]}`,
		`{"accessControlList":[{"region":"bj","effect":"Allow","permission":["READ"]}]}`,
		`{"accessControlList":[{"service":"bcc","effect":"Allow","permission":["READ"]}]}`,
		`{"accessControlList":[{"service":"bcc","region":"bj","effect":"Maybe","permission":["READ"]}]}`,
		`{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":[]}]}`,
		`{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":"*"}]}`,
	} {
		fails(t, c.do("POST", "/v1/policy", map[string]any{"name": "p", "document": doc}), http.StatusBadRequest, "InappropriateJSON")
	}
	// A custom policy may share a system policy's name: types are apart.
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/policy", map[string]any{"name": "CAReadAccessPolicy", "document": testACL}).status)
	okEmpty(t, c.do("DELETE", "/v1/policy/CAReadAccessPolicy", nil))

	r = c.do("GET", "/v1/policy/test_policy", nil)
	require.Equal(t, http.StatusOK, r.status)
	r = c.do("GET", "/v1/policy/test_policy?policyType=Custom", nil)
	require.Equal(t, http.StatusOK, r.status)
	fails(t, c.do("GET", "/v1/policy/test_policy?policyType=System", nil), http.StatusNotFound, "NotFound")

	// Update as the official SDK sends it: policyName and an empty document
	// leave the document alone.
	r = c.do("POST", "/v1/policy/test_policy", map[string]any{"policyName": "test_policy", "name": "test_policy", "description": "new", "document": ""})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "new", r.body["description"])
	assert.Contains(t, r.body["document"], `"policy_`+id+`"`)
	r = c.do("POST", "/v1/policy/test_policy", map[string]any{"name": "renamed", "document": `{"accessControlList":[{"service":"bos","region":"*","effect":"Deny","permission":["WRITE"]}]}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "renamed", r.body["name"])
	assert.Contains(t, r.body["document"], `"bos"`)
	fails(t, c.do("POST", "/v1/policy/renamed", map[string]any{"document": `{}`}), http.StatusBadRequest, "InappropriateJSON")
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/policy", map[string]any{"name": "other", "document": testACL}).status)
	fails(t, c.do("POST", "/v1/policy/renamed", map[string]any{"name": "other"}), http.StatusConflict, "AlreadyExists")
	assert.Equal(t, []string{"renamed", "other"}, listNames(c.do("GET", "/v1/policy?policyType=Custom", nil), "policies"))

	okEmpty(t, c.do("DELETE", "/v1/policy/other", nil))
	fails(t, c.do("DELETE", "/v1/policy/other", nil), http.StatusNotFound, "NotFound")
	assert.Len(t, srv.Policies(), len(systemCatalog)+1)
}

func TestAttachments(t *testing.T) {
	c, srv := newCaller(t)
	_, err := srv.AddUser(User{Name: "u", Enabled: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "g"}).status)
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/role", map[string]any{"name": "r",
		"assumeRolePolicyDocument": `{"accessControlList":[{"service":"bce:iam","permission":["AssumeRole"],"region":"*","grantee":[{"id":"1"}],"effect":"Allow"}]}`}).status)
	r := c.do("POST", "/v1/policy", map[string]any{"name": "mine", "document": testACL})
	require.Equal(t, http.StatusCreated, r.status)
	mineID := r.body["id"].(string)

	for _, who := range []string{"user/u", "group/g", "role/r"} {
		t.Run(who, func(t *testing.T) {
			base := "/v1/" + who + "/policy/"
			okEmpty(t, c.do("PUT", base+"CAReadAccessPolicy?policyType=System", nil))
			fails(t, c.do("PUT", base+"CAReadAccessPolicy?policyType=System", nil), http.StatusConflict, "AlreadyExists")
			fails(t, c.do("PUT", base+"CAReadAccessPolicy", nil), http.StatusNotFound, "NotFound")
			fails(t, c.do("PUT", base+"nothing?policyType=System", nil), http.StatusNotFound, "NotFound")
			fails(t, c.do("PUT", base+"mine?policyType=Other", nil), http.StatusBadRequest, "InvalidHTTPRequest")
			okEmpty(t, c.do("PUT", base+"mine", nil))
			r := c.do("GET", "/v1/"+who+"/policy", nil)
			require.Equal(t, http.StatusOK, r.status)
			assert.Equal(t, []string{"CAReadAccessPolicy", "mine"}, listNames(r, "policies"))
			for _, p := range r.body["policies"].([]any) {
				assert.NotEmpty(t, p.(map[string]any)["attachTime"])
			}
			fails(t, c.do("DELETE", base+"mine?policyType=System", nil), http.StatusNotFound, "NotFound")
		})
	}
	fails(t, c.do("PUT", "/v1/user/nobody/policy/mine", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("PUT", "/v1/group/nogroup/policy/mine", nil), http.StatusNotFound, "NotFound")
	fails(t, c.do("GET", "/v1/role/norole/policy", nil), http.StatusNotFound, "NotFound")

	// Who holds the policy, by its id.
	r = c.do("GET", "/v1/policy/"+mineID+"/entity", nil)
	require.Equal(t, http.StatusOK, r.status)
	ents := r.body["entities"].([]any)
	require.Len(t, ents, 3)
	types := []string{}
	for _, e := range ents {
		m := e.(map[string]any)
		types = append(types, m["type"].(string)+":"+m["name"].(string))
		assert.NotEmpty(t, m["id"])
		assert.NotEmpty(t, m["attachTime"])
	}
	assert.ElementsMatch(t, []string{"UserPolicy:u", "GroupPolicy:g", "RolePolicy:r"}, types)
	assert.Equal(t, []string{"g"}, listNames(c.do("GET", "/v1/policy/"+mineID+"/grant/GroupPolicy", nil), "entities"))
	fails(t, c.do("GET", "/v1/policy/"+mineID+"/grant/Everyone", nil), http.StatusBadRequest, "InvalidHTTPRequest")
	fails(t, c.do("GET", "/v1/policy/nope/entity", nil), http.StatusNotFound, "NotFound")
	sys := srv.Policies()[1]
	require.Equal(t, "CAReadAccessPolicy", sys.Name)
	assert.Len(t, c.do("GET", "/v1/policy/"+sys.ID+"/entity", nil).body["entities"], 3, "system policies by id too")

	// Deletes refused while attached.
	fails(t, c.do("DELETE", "/v1/policy/mine", nil), http.StatusConflict, "DeleteConflict")
	fails(t, c.do("DELETE", "/v1/user/u", nil), http.StatusConflict, "DeleteConflict")
	fails(t, c.do("DELETE", "/v1/group/g", nil), http.StatusConflict, "DeleteConflict")
	fails(t, c.do("DELETE", "/v1/role/r", nil), http.StatusConflict, "DeleteConflict")

	for _, who := range []string{"user/u", "group/g", "role/r"} {
		okEmpty(t, c.do("DELETE", "/v1/"+who+"/policy/mine?policyType=Custom", nil))
		okEmpty(t, c.do("DELETE", "/v1/"+who+"/policy/CAReadAccessPolicy?policyType=System", nil))
		fails(t, c.do("DELETE", "/v1/"+who+"/policy/mine", nil), http.StatusNotFound, "NotFound")
		assert.Equal(t, []string{}, listNames(c.do("GET", "/v1/"+who+"/policy", nil), "policies"))
	}
	assert.Equal(t, []any{}, c.do("GET", "/v1/policy/"+mineID+"/entity", nil).body["entities"])
	okEmpty(t, c.do("DELETE", "/v1/policy/mine", nil))
	okEmpty(t, c.do("DELETE", "/v1/user/u", nil))
	okEmpty(t, c.do("DELETE", "/v1/group/g", nil))
	okEmpty(t, c.do("DELETE", "/v1/role/r", nil))
}

func TestGroupPolicyLimit(t *testing.T) {
	c, srv := newCaller(t)
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "g"}).status)
	for i := range DefaultMaxPoliciesPerGroup + 1 {
		_, err := srv.AddPolicy(Policy{Name: fmt.Sprintf("p%d", i), Document: testACL})
		require.NoError(t, err)
	}
	for i := range DefaultMaxPoliciesPerGroup {
		okEmpty(t, c.do("PUT", fmt.Sprintf("/v1/group/g/policy/p%d?policyType=Custom", i), nil))
	}
	fails(t, c.do("PUT", "/v1/group/g/policy/p5", nil), http.StatusBadRequest, "LimitExceeded")
	fails(t, c.do("PUT", "/v1/group/g/policy/CAReadAccessPolicy?policyType=System", nil), http.StatusBadRequest, "LimitExceeded")
	assert.ErrorContains(t, srv.AttachGroupPolicy("g", "p5", PolicyCustom), "5 policies")

	// Users and roles have no published limit.
	_, err := srv.AddUser(User{Name: "u"})
	require.NoError(t, err)
	for i := range DefaultMaxPoliciesPerGroup + 1 {
		okEmpty(t, c.do("PUT", fmt.Sprintf("/v1/user/u/policy/p%d", i), nil))
	}

	c, srv = newCaller(t, WithMaxPoliciesPerGroup(1), WithMaxUsersPerGroup(1))
	require.Equal(t, http.StatusCreated, c.do("POST", "/v1/group", map[string]any{"name": "g"}).status)
	okEmpty(t, c.do("PUT", "/v1/group/g/policy/CAReadAccessPolicy?policyType=System", nil))
	fails(t, c.do("PUT", "/v1/group/g/policy/QianfanReadAccessPolicy?policyType=System", nil), http.StatusBadRequest, "LimitExceeded")
	for _, u := range []string{"a", "b"} {
		_, err := srv.AddUser(User{Name: u})
		require.NoError(t, err)
	}
	okEmpty(t, c.do("PUT", "/v1/group/g/user/a", nil))
	fails(t, c.do("PUT", "/v1/group/g/user/b", nil), http.StatusBadRequest, "LimitExceeded")
}

func TestRoles(t *testing.T) {
	c, _ := newCaller(t)
	trust := `{"accessControlList":[{"service":"bce:iam","permission":["AssumeRole"],"region":"*","grantee":[{"id":"1"}],"effect":"Allow"}]}`
	r := c.do("POST", "/v1/role", map[string]any{"name": "test_role", "description": "d", "assumeRolePolicyDocument": trust})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.raw)
	assert.Equal(t, trust, r.body["assumeRolePolicyDocument"])
	assert.Equal(t, "d", r.body["description"])
	fails(t, c.do("POST", "/v1/role", map[string]any{"name": "test_role", "assumeRolePolicyDocument": trust}), http.StatusConflict, "AlreadyExists")
	fails(t, c.do("POST", "/v1/role", map[string]any{"name": "r2"}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/role", map[string]any{"name": "r2", "assumeRolePolicyDocument": "{}"}), http.StatusBadRequest, "InappropriateJSON")
	fails(t, c.do("POST", "/v1/role", map[string]any{"assumeRolePolicyDocument": trust}), http.StatusBadRequest, "InappropriateJSON")

	assert.Equal(t, "test_role", c.do("GET", "/v1/role/test_role", nil).body["name"])
	fails(t, c.do("GET", "/v1/role/nope", nil), http.StatusNotFound, "NotFound")
	// The official SDK always sends the description: "" clears it; an
	// empty trust policy leaves it alone.
	r = c.do("PUT", "/v1/role/test_role", map[string]any{"description": "", "assumeRolePolicyDocument": ""})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "", r.body["description"])
	assert.Equal(t, trust, r.body["assumeRolePolicyDocument"])
	fails(t, c.do("PUT", "/v1/role/test_role", map[string]any{"assumeRolePolicyDocument": "[]"}), http.StatusBadRequest, "InappropriateJSON")
	assert.Equal(t, []string{"test_role"}, listNames(c.do("GET", "/v1/role", nil), "roles"))
	okEmpty(t, c.do("DELETE", "/v1/role/test_role", nil))
	fails(t, c.do("DELETE", "/v1/role/test_role", nil), http.StatusNotFound, "NotFound")
}

func TestAccountSummary(t *testing.T) {
	c, srv := newCaller(t)
	_, err := srv.AddUser(User{Name: "u"})
	require.NoError(t, err)
	_, err = srv.AddGroup(Group{Name: "g"})
	require.NoError(t, err)
	_, err = srv.AddPolicy(Policy{Name: "p", Document: testACL})
	require.NoError(t, err)
	r := c.do("GET", "/v1/account/summary", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.body["accountId"])
	assert.Equal(t, map[string]any{"groupLimit": 50.0, "subUserOfGroupLimit": 20.0, "groupMaxAttachPolicyLimit": 5.0, "akskLimit": 2.0},
		r.body["limitInfo"], "the limits the emulator enforces, and only those")
	assert.Equal(t, map[string]any{"userCount": 1.0, "policyCount": 1.0, "groupCount": 1.0}, r.body["countInfo"])
	fails(t, c.do("POST", "/v1/account/summary", nil), http.StatusMethodNotAllowed, "MethodNotAllowed")
}
