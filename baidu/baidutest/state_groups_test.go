package baidutest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeedGroups(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	e := New(WithClock(func() time.Time { return now }))

	g, err := e.AddGroup(Group{Name: "g1"})
	require.NoError(t, err)
	assert.Len(t, g.ID, 32)
	assert.Equal(t, now, g.CreatedAt)
	g, err = e.AddGroup(Group{ID: "gid", Name: "g2", Description: "d", CreatedAt: at})
	require.NoError(t, err)
	assert.Equal(t, Group{ID: "gid", Name: "g2", Description: "d", CreatedAt: at}, g)
	for _, tt := range []struct {
		in   Group
		want string
	}{
		{Group{}, "1-64 characters"},
		{Group{Name: "a/b"}, "1-64 characters"},
		{Group{Name: strings.Repeat("g", 65)}, "1-64 characters"},
		{Group{Name: "g3", Description: strings.Repeat("d", 129)}, "128"},
		{Group{Name: "g1"}, "taken"},
		{Group{ID: "gid", Name: "g4"}, "taken"},
	} {
		_, err := e.AddGroup(tt.in)
		assert.ErrorContains(t, err, tt.want, "%+v", tt.in)
	}
	assert.Equal(t, []string{"g1", "g2"}, []string{e.Groups()[0].Name, e.Groups()[1].Name})

	_, err = e.AddUser(User{Name: "u"})
	require.NoError(t, err)
	require.NoError(t, e.AddGroupMember("g1", "u"))
	require.NoError(t, e.AddGroupMember("g2", "u"))
	assert.ErrorContains(t, e.AddGroupMember("g1", "u"), "already")
	assert.ErrorContains(t, e.AddGroupMember("nope", "u"), "no group")
	assert.ErrorContains(t, e.AddGroupMember("g1", "nobody"), "no user")
	assert.Equal(t, []string{"u"}, e.GroupMembers("g1"))
	assert.Nil(t, e.GroupMembers("nope"))
	assert.Equal(t, []string{"g1", "g2"}, e.UserGroups("u"))
	assert.Nil(t, e.UserGroups("nobody"))

	e = New(WithMaxUsersPerGroup(1))
	_, err = e.AddGroup(Group{Name: "g"})
	require.NoError(t, err)
	for _, u := range []string{"a", "b"} {
		_, err = e.AddUser(User{Name: u})
		require.NoError(t, err)
	}
	require.NoError(t, e.AddGroupMember("g", "a"))
	assert.ErrorContains(t, e.AddGroupMember("g", "b"), "WithMaxUsersPerGroup")
}

func TestSeedPolicies(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	e := New(WithClock(func() time.Time { return now }))
	n := len(e.Policies())
	require.Equal(t, len(systemCatalog), n)

	p, err := e.AddPolicy(Policy{ID: "pid", Name: "mine", Description: "d", Document: testACL})
	require.NoError(t, err)
	assert.Equal(t, PolicyCustom, p.Type)
	assert.Equal(t, now, p.CreatedAt)
	assert.Contains(t, p.Document, `"id":"policy_pid"`)
	s, err := e.AddPolicy(Policy{Name: "BCCReadAccessPolicy", Type: PolicySystem, Document: `{"accessControlList":[]}`})
	require.NoError(t, err)
	assert.Equal(t, `{"accessControlList":[]}`, s.Document, "a system policy's document is kept as given")
	for _, tt := range []struct {
		in   Policy
		want string
	}{
		{Policy{Name: "x", Type: "Managed", Document: testACL}, "neither"},
		{Policy{Name: "", Document: testACL}, "1-64 characters"},
		{Policy{Name: strings.Repeat("p", 65), Document: testACL}, "1-64 characters"},
		{Policy{Name: "x", Document: "{}"}, "accessControlList"},
		{Policy{Name: "x", Type: PolicySystem, Document: "{"}, "JSON"},
		{Policy{Name: "mine", Document: testACL}, "taken"},
		{Policy{ID: "pid", Name: "other", Document: testACL}, "taken"},
		{Policy{Name: "CAReadAccessPolicy", Type: PolicySystem}, "taken"},
	} {
		_, err := e.AddPolicy(tt.in)
		assert.ErrorContains(t, err, tt.want, "%+v", tt.in)
	}
	all := e.Policies()
	require.Len(t, all, n+2)
	assert.Equal(t, "BCCReadAccessPolicy", all[n].Name, "system policies first")
	assert.Equal(t, "mine", all[n+1].Name)

	// The seeded system policy is served like the catalog's.
	srv := httpServe(t, e)
	srv.now = now
	r := srv.do("GET", "/v1/policy/BCCReadAccessPolicy?policyType=System", nil)
	assert.Equal(t, http.StatusOK, r.status)

	_, err = e.AddUser(User{Name: "u"})
	require.NoError(t, err)
	_, err = e.AddGroup(Group{Name: "g"})
	require.NoError(t, err)
	trust := `{"accessControlList":[{"service":"bce:iam","permission":["AssumeRole"],"region":"*","effect":"Allow"}]}`
	rl, err := e.AddRole(Role{Name: "r", AssumeRolePolicyDocument: trust})
	require.NoError(t, err)
	assert.NotEmpty(t, rl.ID)
	_, err = e.AddRole(Role{Name: "r", AssumeRolePolicyDocument: trust})
	assert.ErrorContains(t, err, "taken")
	_, err = e.AddRole(Role{Name: "r2"})
	assert.ErrorContains(t, err, "accessControlList")
	_, err = e.AddRole(Role{Name: "a/b", AssumeRolePolicyDocument: trust})
	assert.ErrorContains(t, err, "cannot address")
	assert.Equal(t, []Role{rl}, e.Roles())

	require.NoError(t, e.AttachUserPolicy("u", "mine", ""))
	require.NoError(t, e.AttachGroupPolicy("g", "CAReadAccessPolicy", PolicySystem))
	require.NoError(t, e.AttachRolePolicy("r", "mine", PolicyCustom))
	assert.ErrorContains(t, e.AttachUserPolicy("u", "mine", PolicyCustom), "already")
	assert.ErrorContains(t, e.AttachUserPolicy("nobody", "mine", PolicyCustom), "does not exist")
	assert.ErrorContains(t, e.AttachGroupPolicy("g", "nothing", PolicySystem), "no System policy")
	assert.Equal(t, []Attachment{{PolicyName: "mine", PolicyType: PolicyCustom, AttachedAt: now}}, e.UserPolicies("u"))
	assert.Equal(t, []Attachment{{PolicyName: "CAReadAccessPolicy", PolicyType: PolicySystem, AttachedAt: now}}, e.GroupPolicies("g"))
	assert.Equal(t, []Attachment{{PolicyName: "mine", PolicyType: PolicyCustom, AttachedAt: now}}, e.RolePolicies("r"))
	assert.Nil(t, e.UserPolicies("nobody"))
	assert.Nil(t, e.GroupPolicies("nope"))
	assert.Nil(t, e.RolePolicies("nope"))
	_, err = e.AddGroup(Group{Name: "empty"})
	require.NoError(t, err)
	assert.Equal(t, []Attachment{}, e.GroupPolicies("empty"), "an empty list is not nil")
}

// httpServe serves e on a test server and returns a caller of it.
func httpServe(t *testing.T, e *Emulator) caller {
	s := httptest.NewServer(e)
	t.Cleanup(s.Close)
	ak, sk := e.Credentials()
	return caller{t: t, url: s.URL, ak: ak, sk: sk}
}
