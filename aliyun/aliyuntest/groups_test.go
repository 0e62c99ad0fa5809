package aliyuntest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*","ecs:List*"],"Resource":"*"}]}`

// rc calls the emulator and checks the answers: ok and eok want success
// (RAM, EIAM), fail and efail an error of that status and code, with the
// error body's shape. args are the action and then key, value pairs.
type rc struct {
	t *testing.T
	c *caller
}

func newRC(t *testing.T, srv *Server) rc { return rc{t, newCaller(t, srv)} }

func (r rc) ok(args ...string) map[string]any {
	r.t.Helper()
	st, m := r.c.ram(args[0], args[1:]...)
	require.Equal(r.t, 200, st, "%s: %v", args[0], m)
	return m
}

func (r rc) eok(args ...string) map[string]any {
	r.t.Helper()
	st, m := r.c.eiam(args[0], args[1:]...)
	require.Equal(r.t, 200, st, "%s: %v", args[0], m)
	return m
}

func (r rc) fail(status int, code string, args ...string) {
	r.t.Helper()
	st, m := r.c.ram(args[0], args[1:]...)
	require.Equal(r.t, status, st, "%s: %v", args[0], m)
	assert.Equal(r.t, code, m["Code"], "%s: %v", args[0], m)
	assert.NotEmpty(r.t, m["Message"])
	assert.Equal(r.t, "ram.aliyuncs.com", m["HostId"])
	assert.Contains(r.t, m["Recommend"], "product=Ram")
}

func (r rc) efail(status int, code string, args ...string) {
	r.t.Helper()
	st, m := r.c.eiam(args[0], args[1:]...)
	require.Equal(r.t, status, st, "%s: %v", args[0], m)
	assert.Equal(r.t, code, m["Code"], "%s: %v", args[0], m)
	assert.Contains(r.t, m["Recommend"], "product=Eiam")
}

func TestRAMSystemPolicyCatalog(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	r := newRC(t, srv)
	names := map[string]bool{}
	for _, p := range srv.Policies("System") {
		names[p.Name] = true
		assert.Equal(t, "v1", p.DefaultVersion)
		assert.Contains(t, p.Document, `"Effect":"Allow"`)
		assert.NotEmpty(t, p.Description)
	}
	for _, want := range []string{"AdministratorAccess", "ReadOnlyAccess", "AliyunSTSAssumeRoleAccess", "AliyunRAMFullAccess",
		"AliyunRAMReadOnlyAccess", "AliyunECSReadOnlyAccess", "AliyunOSSReadOnlyAccess", "AliyunECSFullAccess", "AliyunOSSFullAccess"} {
		assert.True(t, names[want], want)
	}
	assert.Greater(t, len(names), 21, "more system policies than a user or group may hold")

	// ListPolicies pages through the catalog; the union is the catalog.
	seen := map[string]bool{}
	marker := ""
	for pages := 0; ; pages++ {
		kv := []string{"ListPolicies", "PolicyType", "System", "MaxItems", "10"}
		if marker != "" {
			kv = append(kv, "Marker", marker)
		}
		m := r.ok(kv...)
		for _, p := range m["Policies"].(map[string]any)["Policy"].([]any) {
			pm := p.(map[string]any)
			assert.Equal(t, "System", pm["PolicyType"])
			assert.False(t, seen[pm["PolicyName"].(string)], "listed twice")
			seen[pm["PolicyName"].(string)] = true
		}
		if m["IsTruncated"] == false {
			assert.Nil(t, m["Marker"])
			break
		}
		marker = m["Marker"].(string)
		require.Less(t, pages, 10)
	}
	assert.Equal(t, names, seen)

	m := r.ok("GetPolicy", "PolicyName", "AdministratorAccess", "PolicyType", "System")
	def := m["DefaultPolicyVersion"].(map[string]any)
	assert.Equal(t, true, def["IsDefaultVersion"])
	assert.JSONEq(t, `{"Version":"1","Statement":[{"Action":"*","Resource":"*","Effect":"Allow"}]}`, def["PolicyDocument"].(string))
	assert.Equal(t, float64(0), m["Policy"].(map[string]any)["AttachmentCount"])
	r.fail(404, "EntityNotExist.Policy", "GetPolicy", "PolicyName", "AdministratorAccess", "PolicyType", "Custom")
	r.fail(400, "InvalidParameter.PolicyType", "GetPolicy", "PolicyName", "AdministratorAccess", "PolicyType", "system")
	r.fail(400, "MissingParameter", "GetPolicy", "PolicyName", "AdministratorAccess")
	r.fail(400, "InvalidParameter.PolicyType", "ListPolicies", "PolicyType", "All")
	r.fail(400, "InvalidParameter.MaxItems", "ListPolicies", "MaxItems", "1001")
	r.fail(400, "InvalidParameter.Marker", "ListPolicies", "Marker", "not-ours")
}

func TestRAMGroupConflictsAndLimits(t *testing.T) {
	srv := NewServer(WithRAMLimits(RAMLimits{Groups: 3, GroupsPerUser: 2}))
	defer srv.Close()
	r := newRC(t, srv)
	r.ok("CreateUser", "UserName", "alice")

	m := r.ok("CreateGroup", "GroupName", "dev.team_1", "Comments", "Developers")
	g := m["Group"].(map[string]any)
	assert.NotEmpty(t, g["GroupId"])
	assert.Equal(t, "Developers", g["Comments"])
	assert.NotEmpty(t, g["CreateDate"])

	r.fail(409, "EntityAlreadyExists.Group", "CreateGroup", "GroupName", "dev.team_1")
	r.fail(400, "MissingParameter", "CreateGroup")
	r.fail(400, "InvalidParameter.GroupName.InvalidChars", "CreateGroup", "GroupName", "dev team")
	r.fail(400, "InvalidParameter.GroupName.Length", "CreateGroup", "GroupName", strings.Repeat("g", 65))
	r.fail(400, "InvalidParameter.Comments.Length", "CreateGroup", "GroupName", "g", "Comments", strings.Repeat("c", 129))
	r.ok("CreateGroup", "GroupName", "ops")
	r.ok("CreateGroup", "GroupName", "qa")
	r.fail(409, "LimitExceeded.Group", "CreateGroup", "GroupName", "fourth")

	r.fail(404, "EntityNotExist.Group", "GetGroup", "GroupName", "nobody")
	r.fail(409, "EntityAlreadyExists.Group", "UpdateGroup", "GroupName", "ops", "NewGroupName", "qa")
	r.fail(400, "InvalidParameter.NewGroupName.InvalidChars", "UpdateGroup", "GroupName", "ops", "NewGroupName", "a/b")
	r.fail(400, "InvalidParameter.NewComments.Length", "UpdateGroup", "GroupName", "ops", "NewComments", strings.Repeat("c", 129))
	m = r.ok("UpdateGroup", "GroupName", "ops", "NewGroupName", "ops2", "NewComments", "on call")
	assert.Equal(t, "ops2", m["Group"].(map[string]any)["GroupName"])
	m = r.ok("UpdateGroup", "GroupName", "ops2", "NewComments", "")
	assert.Equal(t, "on call", m["Group"].(map[string]any)["Comments"], "an empty NewComments leaves Comments unchanged")

	// Membership: twice, missing user or group, the limit per user.
	r.ok("AddUserToGroup", "GroupName", "dev.team_1", "UserName", "alice")
	r.fail(409, "EntityAlreadyExists.User.Group", "AddUserToGroup", "GroupName", "dev.team_1", "UserName", "alice")
	r.fail(404, "EntityNotExist.User", "AddUserToGroup", "GroupName", "dev.team_1", "UserName", "bob")
	r.fail(404, "EntityNotExist.Group", "AddUserToGroup", "GroupName", "nope", "UserName", "alice")
	r.ok("AddUserToGroup", "GroupName", "ops2", "UserName", "alice")
	r.fail(409, "LimitExceeded.User.Group", "AddUserToGroup", "GroupName", "qa", "UserName", "alice")
	r.fail(404, "EntityNotExist.User.Group", "RemoveUserFromGroup", "GroupName", "qa", "UserName", "alice")
	r.fail(404, "EntityNotExist.User", "ListGroupsForUser", "UserName", "bob")
	m = r.ok("ListGroupsForUser", "UserName", "alice")
	groups := m["Groups"].(map[string]any)["Group"].([]any)
	require.Len(t, groups, 2)
	assert.Equal(t, "dev.team_1", groups[0].(map[string]any)["GroupName"])
	assert.NotEmpty(t, groups[0].(map[string]any)["JoinDate"])
	assert.Equal(t, []string{"dev.team_1", "ops2"}, srv.UserGroups("alice"))

	// A renamed user keeps its memberships.
	r.ok("UpdateUser", "UserName", "alice", "NewUserName", "alice2")
	assert.Equal(t, []string{"alice2"}, srv.GroupMembers("ops2"))

	// Deletes refused while dependents remain.
	r.fail(409, "DeleteConflict.Group.User", "DeleteGroup", "GroupName", "ops2")
	r.fail(409, "DeleteConflict.User.Group", "DeleteUser", "UserName", "alice2")
	r.ok("RemoveUserFromGroup", "GroupName", "ops2", "UserName", "alice2")
	r.ok("AttachPolicyToGroup", "GroupName", "ops2", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(409, "DeleteConflict.Group.Policy", "DeleteGroup", "GroupName", "ops2")
	r.ok("DetachPolicyFromGroup", "GroupName", "ops2", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.ok("DeleteGroup", "GroupName", "ops2")
	r.fail(404, "EntityNotExist.Group", "DeleteGroup", "GroupName", "ops2")
	r.ok("RemoveUserFromGroup", "GroupName", "dev.team_1", "UserName", "alice2")
	r.ok("AttachPolicyToUser", "UserName", "alice2", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(409, "DeleteConflict.User.Policy", "DeleteUser", "UserName", "alice2")
	r.ok("DetachPolicyFromUser", "UserName", "alice2", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.ok("DeleteUser", "UserName", "alice2")
}

func TestRAMGroupPaging(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	r := newRC(t, srv)
	for i := range 5 {
		r.ok("CreateGroup", "GroupName", "g"+strconv.Itoa(i))
		r.ok("CreateUser", "UserName", "u"+strconv.Itoa(i))
		r.ok("AddUserToGroup", "GroupName", "g0", "UserName", "u"+strconv.Itoa(i))
	}
	for _, tc := range []struct{ action, list, item, key string }{
		{"ListGroups", "Groups", "Group", "GroupName"},
		{"ListUsersForGroup", "Users", "User", "UserName"},
	} {
		var names []string
		marker := ""
		for {
			kv := []string{tc.action, "MaxItems", "2", "GroupName", "g0"}
			if marker != "" {
				kv = append(kv, "Marker", marker)
			}
			m := r.ok(kv...)
			for _, x := range m[tc.list].(map[string]any)[tc.item].([]any) {
				names = append(names, x.(map[string]any)[tc.key].(string))
			}
			if m["IsTruncated"] == false {
				break
			}
			marker = m["Marker"].(string)
		}
		assert.Len(t, names, 5, tc.action)
	}
	m := r.ok("ListUsersForGroup", "GroupName", "g0", "MaxItems", "1")
	u := m["Users"].(map[string]any)["User"].([]any)[0].(map[string]any)
	assert.Equal(t, "u0", u["UserName"])
	assert.NotEmpty(t, u["JoinDate"])
	assert.NotContains(t, u, "UserId", "RAM's ListUsersForGroup does not return ids")
	r.fail(400, "InvalidParameter.MaxItems", "ListGroups", "MaxItems", "101")
	r.fail(400, "InvalidParameter.MaxItems", "ListUsersForGroup", "GroupName", "g0", "MaxItems", "1001")
	r.fail(404, "EntityNotExist.Group", "ListUsersForGroup", "GroupName", "nope")
}

func TestRAMPolicyConflictsAndLimits(t *testing.T) {
	srv := NewServer(WithRAMLimits(RAMLimits{CustomPolicies: 3, SystemPoliciesPerUser: 2, CustomPoliciesPerUser: 1,
		SystemPoliciesPerGroup: 1, CustomPoliciesPerGroup: 1, VersionsPerPolicy: 3}))
	defer srv.Close()
	r := newRC(t, srv)
	r.ok("CreateUser", "UserName", "alice")
	r.ok("CreateGroup", "GroupName", "dev")

	m := r.ok("CreatePolicy", "PolicyName", "ecs-read", "PolicyDocument", testDocument, "Description", "read ECS",
		"Tag", `[{"Key":"env","Value":"prod"}]`)
	p := m["Policy"].(map[string]any)
	assert.Equal(t, "Custom", p["PolicyType"])
	assert.Equal(t, "v1", p["DefaultVersion"])
	r.fail(409, "EntityAlreadyExists.Policy", "CreatePolicy", "PolicyName", "ecs-read", "PolicyDocument", testDocument)
	r.fail(409, "EntityAlreadyExists.Policy", "CreatePolicy", "PolicyName", "ReadOnlyAccess", "PolicyDocument", testDocument)
	r.fail(400, "InvalidParameter.PolicyName.InvalidChars", "CreatePolicy", "PolicyName", "bad_name", "PolicyDocument", testDocument)
	r.fail(400, "InvalidParameter.PolicyName.Length", "CreatePolicy", "PolicyName", strings.Repeat("p", 129), "PolicyDocument", testDocument)
	r.fail(400, "MissingParameter", "CreatePolicy", "PolicyName", "p")
	r.fail(400, "InvalidParameter.Description.Length", "CreatePolicy", "PolicyName", "p", "PolicyDocument", testDocument, "Description", strings.Repeat("d", 1025))
	r.fail(400, "InvalidParameter.PolicyDocument.Length", "CreatePolicy", "PolicyName", "p", "PolicyDocument", `{"Version":"1","Statement":[`+strings.Repeat(" ", 6200)+`]}`)
	for _, doc := range []string{`not json`, `{"Statement":[]}`, `{"Version":"2","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		`{"Version":"1","Statement":[]}`, `{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}`, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":[]}]}`} {
		r.fail(400, "MalformedPolicyDocument", "CreatePolicy", "PolicyName", "p", "PolicyDocument", doc)
	}
	r.ok("CreatePolicy", "PolicyName", "deny-all", "PolicyDocument",
		`{"Version":"1","Statement":{"Effect":"Deny","NotAction":["ram:Get*"],"NotResource":"acs:ram:*:*:*","Condition":{"Bool":{"acs:MFAPresent":["false"]}}}}`)
	r.ok("CreatePolicy", "PolicyName", "third", "PolicyDocument", testDocument)
	r.fail(409, "LimitExceeded.Policy", "CreatePolicy", "PolicyName", "fourth", "PolicyDocument", testDocument)

	// Tag filter.
	m = r.ok("ListPolicies", "Tag", `[{"Key":"env","Value":"prod"}]`)
	list := m["Policies"].(map[string]any)["Policy"].([]any)
	require.Len(t, list, 1)
	assert.Equal(t, map[string]any{"Tag": []any{map[string]any{"TagKey": "env", "TagValue": "prod"}}}, list[0].(map[string]any)["Tags"])
	r.fail(400, "InvalidParameter.Tag", "ListPolicies", "Tag", `{`)

	// Attachments: missing policy, twice, the limits per type, detach of what is not attached.
	r.fail(404, "EntityNotExist.Policy", "AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "NoSuchPolicy")
	r.fail(404, "EntityNotExist.User", "AttachPolicyToUser", "UserName", "bob", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(404, "EntityNotExist.Group", "AttachPolicyToGroup", "GroupName", "nope", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(400, "InvalidParameter.PolicyType", "AttachPolicyToUser", "UserName", "alice", "PolicyType", "Sys", "PolicyName", "ReadOnlyAccess")
	r.fail(400, "MissingParameter", "AttachPolicyToUser", "UserName", "alice", "PolicyName", "ReadOnlyAccess")
	r.ok("AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(409, "EntityAlreadyExists.User.Policy", "AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.ok("AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "AliyunECSReadOnlyAccess")
	r.fail(409, "LimitExceeded.User.Policy", "AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "AliyunOSSReadOnlyAccess")
	r.ok("AttachPolicyToUser", "UserName", "alice", "PolicyType", "Custom", "PolicyName", "ecs-read")
	r.fail(409, "LimitExceeded.User.Policy", "AttachPolicyToUser", "UserName", "alice", "PolicyType", "Custom", "PolicyName", "third")
	r.ok("AttachPolicyToGroup", "GroupName", "dev", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(409, "EntityAlreadyExists.Group.Policy", "AttachPolicyToGroup", "GroupName", "dev", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.fail(409, "LimitExceeded.Group.Policy", "AttachPolicyToGroup", "GroupName", "dev", "PolicyType", "System", "PolicyName", "AliyunRAMReadOnlyAccess")
	r.ok("AttachPolicyToGroup", "GroupName", "dev", "PolicyType", "Custom", "PolicyName", "ecs-read")
	r.fail(409, "LimitExceeded.Group.Policy", "AttachPolicyToGroup", "GroupName", "dev", "PolicyType", "Custom", "PolicyName", "third")
	r.fail(404, "EntityNotExist.User.Policy", "DetachPolicyFromUser", "UserName", "alice", "PolicyType", "Custom", "PolicyName", "third")
	r.fail(404, "EntityNotExist.Group.Policy", "DetachPolicyFromGroup", "GroupName", "dev", "PolicyType", "Custom", "PolicyName", "third")

	m = r.ok("ListPoliciesForUser", "UserName", "alice")
	pols := m["Policies"].(map[string]any)["Policy"].([]any)
	require.Len(t, pols, 3)
	assert.Equal(t, "ReadOnlyAccess", pols[0].(map[string]any)["PolicyName"])
	assert.NotEmpty(t, pols[0].(map[string]any)["AttachDate"])
	m = r.ok("GetPolicy", "PolicyName", "ecs-read", "PolicyType", "Custom")
	assert.Equal(t, float64(2), m["Policy"].(map[string]any)["AttachmentCount"])

	// Roles and entities.
	_, err := srv.AddRole(Role{Name: "ecs-admin", Description: "ECS"})
	require.NoError(t, err)
	r.fail(404, "EntityNotExist.Role", "AttachPolicyToRole", "RoleName", "nope", "PolicyType", "Custom", "PolicyName", "ecs-read")
	r.ok("AttachPolicyToRole", "RoleName", "ecs-admin", "PolicyType", "Custom", "PolicyName", "ecs-read")
	m = r.ok("ListEntitiesForPolicy", "PolicyName", "ecs-read", "PolicyType", "Custom")
	assert.Len(t, m["Users"].(map[string]any)["User"], 1)
	assert.Len(t, m["Groups"].(map[string]any)["Group"], 1)
	roles := m["Roles"].(map[string]any)["Role"].([]any)
	require.Len(t, roles, 1)
	assert.Equal(t, "acs:ram::"+AccountID+":role/ecs-admin", roles[0].(map[string]any)["Arn"])

	// DeletePolicy refuses while attached, and while other versions exist.
	r.fail(409, "DeleteConflict.Policy.User", "DeletePolicy", "PolicyName", "ecs-read")
	r.ok("DetachPolicyFromUser", "UserName", "alice", "PolicyType", "Custom", "PolicyName", "ecs-read")
	r.fail(409, "DeleteConflict.Policy.Group", "DeletePolicy", "PolicyName", "ecs-read")
	r.ok("DetachPolicyFromGroup", "GroupName", "dev", "PolicyType", "Custom", "PolicyName", "ecs-read")
	r.fail(409, "DeleteConflict.Policy.Role", "DeletePolicy", "PolicyName", "ecs-read")
	r.ok("DetachPolicyFromRole", "RoleName", "ecs-admin", "PolicyType", "Custom", "PolicyName", "ecs-read")
	assert.Empty(t, srv.RolePolicies("ecs-admin"))

	// Versions: the limit, rotation, the default, formats.
	m = r.ok("CreatePolicyVersion", "PolicyName", "ecs-read", "PolicyDocument", testDocument, "SetAsDefault", "true")
	assert.Equal(t, map[string]any{"VersionId": "v2", "IsDefaultVersion": true, "PolicyDocument": testDocument,
		"CreateDate": m["PolicyVersion"].(map[string]any)["CreateDate"]}, m["PolicyVersion"])
	r.ok("CreatePolicyVersion", "PolicyName", "ecs-read", "PolicyDocument", testDocument)
	r.fail(409, "LimitExceeded.Policy.Version", "CreatePolicyVersion", "PolicyName", "ecs-read", "PolicyDocument", testDocument)
	r.fail(400, "InvalidParameter.RotateStrategy", "CreatePolicyVersion", "PolicyName", "ecs-read", "PolicyDocument", testDocument, "RotateStrategy", "Oldest")
	r.fail(404, "EntityNotExist.Policy", "CreatePolicyVersion", "PolicyName", "nope", "PolicyDocument", testDocument)
	r.ok("CreatePolicyVersion", "PolicyName", "ecs-read", "PolicyDocument", testDocument,
		"RotateStrategy", "DeleteOldestNonDefaultVersionWhenLimitExceeded")
	pol := srv.Policies("Custom")[0]
	assert.Equal(t, []string{"v2", "v3", "v4"}, pol.Versions, "v1, the oldest non-default version, made room")
	assert.Equal(t, "v2", pol.DefaultVersion)
	r.fail(409, "DeleteConflict.Policy.Version.Default", "DeletePolicyVersion", "PolicyName", "ecs-read", "VersionId", "v2")
	r.fail(404, "EntityNotExist.Policy.Version", "DeletePolicyVersion", "PolicyName", "ecs-read", "VersionId", "v1")
	r.fail(400, "InvalidParameter.VersionId.Format", "DeletePolicyVersion", "PolicyName", "ecs-read", "VersionId", "1")
	r.fail(404, "EntityNotExist.Policy.Version", "GetPolicyVersion", "PolicyName", "ecs-read", "PolicyType", "Custom", "VersionId", "v9")
	r.ok("SetDefaultPolicyVersion", "PolicyName", "ecs-read", "VersionId", "v4")
	m = r.ok("GetPolicy", "PolicyName", "ecs-read", "PolicyType", "Custom")
	assert.Equal(t, "v4", m["DefaultPolicyVersion"].(map[string]any)["VersionId"])
	m = r.ok("ListPolicyVersions", "PolicyName", "ecs-read", "PolicyType", "Custom")
	assert.Len(t, m["PolicyVersions"].(map[string]any)["PolicyVersion"], 3)
	r.fail(409, "DeleteConflict.Policy.Version", "DeletePolicy", "PolicyName", "ecs-read")
	r.ok("DeletePolicy", "PolicyName", "ecs-read", "CascadingDelete", "true")
	r.fail(404, "EntityNotExist.Policy", "DeletePolicy", "PolicyName", "ecs-read")

	m = r.ok("UpdatePolicyDescription", "PolicyName", "third", "NewDescription", "changed")
	assert.Equal(t, "changed", m["Policy"].(map[string]any)["Description"])
	r.fail(404, "EntityNotExist.Policy", "UpdatePolicyDescription", "PolicyName", "ReadOnlyAccess", "NewDescription", "x")
	r.fail(400, "InvalidParameter.NewDescription.Length", "UpdatePolicyDescription", "PolicyName", "third", "NewDescription", strings.Repeat("d", 1025))
	r.fail(400, "MissingParameter", "UpdatePolicyDescription", "PolicyName", "third")
}

// Resource-group grants are kept apart from account grants: not listed
// by ListPoliciesFor*, detached only with their ResourceGroupId.
func TestRAMResourceGroupGrants(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	r := newRC(t, srv)
	r.ok("CreateUser", "UserName", "alice")
	r.ok("AttachPolicyToUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "ReadOnlyAccess", "ResourceGroupId", "rg-acfm2pz25js4xyz")
	m := r.ok("ListPoliciesForUser", "UserName", "alice")
	assert.Empty(t, m["Policies"].(map[string]any)["Policy"])
	assert.Equal(t, "rg-acfm2pz25js4xyz", srv.UserPolicies("alice")[0].ResourceGroupID)
	r.fail(404, "EntityNotExist.User.Policy", "DetachPolicyFromUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "ReadOnlyAccess")
	r.ok("DetachPolicyFromUser", "UserName", "alice", "PolicyType", "System", "PolicyName", "ReadOnlyAccess", "ResourceGroupId", "rg-acfm2pz25js4xyz")
}

func TestEIAMGroups(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	r := newRC(t, srv)
	u1, err := srv.AddIDaaSUser(User{Name: "alice", Enabled: true})
	require.NoError(t, err)
	u2, err := srv.AddIDaaSUser(User{Name: "bob", Enabled: true})
	require.NoError(t, err)

	m := r.eok("CreateGroup", "GroupName", "研发", "Description", "R&D")
	gid := m["GroupId"].(string)
	assert.True(t, strings.HasPrefix(gid, "group_"), gid)
	r.efail(409, "EntityAlreadyExists.Group.GroupName", "CreateGroup", "GroupName", "研发")
	r.efail(400, "MissingParameter", "CreateGroup")
	r.efail(400, "InvalidParameter.GroupName", "CreateGroup", "GroupName", strings.Repeat("g", 65))
	r.efail(400, "InvalidParameter.Description", "CreateGroup", "GroupName", "g", "Description", strings.Repeat("d", 257))
	r.efail(409, "EntityAlreadyExists.Group.GroupExternalId", "CreateGroup", "GroupName", "ext", "GroupExternalId", gid)
	r.efail(404, "EntityNotExists.Instance", "CreateGroup", "GroupName", "g", "InstanceId", "idaas_other")
	r.efail(404, "EntityNotExists.Group", "GetGroup", "GroupId", "group_nope")
	r.efail(400, "MissingParameter", "GetGroup")

	m = r.eok("GetGroup", "GroupId", gid)
	g := m["Group"].(map[string]any)
	assert.Equal(t, "研发", g["GroupName"])
	assert.Equal(t, gid, g["GroupExternalId"], "the external id defaults to the group id")
	assert.Equal(t, "build_in", g["GroupSourceType"])
	assert.Greater(t, g["CreateTime"], float64(0))

	// Membership: idempotent batch calls, unknown accounts, the 100-id limit.
	r.eok("AddUsersToGroup", "GroupId", gid, "UserIds.1", u1.ID, "UserIds.2", u2.ID)
	r.eok("AddUsersToGroup", "GroupId", gid, "UserIds.1", u1.ID)
	r.efail(404, "EntityNotExists.User", "AddUsersToGroup", "GroupId", gid, "UserIds.1", "user_nope")
	r.efail(400, "MissingParameter", "AddUsersToGroup", "GroupId", gid)
	many := []string{"AddUsersToGroup", "GroupId", gid}
	for i := 1; i <= 101; i++ {
		many = append(many, "UserIds."+strconv.Itoa(i), u1.ID)
	}
	r.efail(400, "InvalidParameter.UserIds", many...)
	m = r.eok("ListUsersForGroup", "GroupId", gid, "PageSize", "1")
	assert.Equal(t, float64(2), m["TotalCount"])
	assert.Equal(t, []any{map[string]any{"UserId": u1.ID, "GroupMemberRelationSourceType": "build_in",
		"GroupMemberRelationSourceId": srv.InstanceID()}}, m["Users"])
	m = r.eok("ListUsersForGroup", "GroupId", gid, "PageSize", "1", "PageNumber", "2")
	assert.Equal(t, u2.ID, m["Users"].([]any)[0].(map[string]any)["UserId"])
	m = r.eok("ListUsersForGroup", "GroupId", gid, "UserIds.1", u2.ID)
	assert.Equal(t, float64(1), m["TotalCount"])
	m = r.eok("ListGroupsForUser", "UserId", u1.ID)
	assert.Equal(t, gid, m["Groups"].([]any)[0].(map[string]any)["GroupId"])
	m = r.eok("GetUser", "UserId", u1.ID)
	assert.Equal(t, []any{map[string]any{"GroupId": gid, "GroupName": "研发", "Description": "R&D"}}, m["User"].(map[string]any)["Groups"])

	// Updates, filters.
	r.eok("UpdateGroup", "GroupId", gid, "GroupName", "rd", "GroupExternalId", "ext-rd")
	r.eok("UpdateGroupDescription", "GroupId", gid)
	r.eok("CreateGroup", "GroupName", "rd-ops")
	r.efail(409, "EntityAlreadyExists.Group.GroupName", "UpdateGroup", "GroupId", gid, "GroupName", "rd-ops")
	for filter, want := range map[string]float64{"GroupName=rd": 1, "GroupNameStartsWith=rd": 2, "GroupExternalId=ext-rd": 1, "GroupIds.1=" + gid: 1} {
		k, v, _ := strings.Cut(filter, "=")
		m = r.eok("ListGroups", k, v)
		assert.Equal(t, want, m["TotalCount"], filter)
	}
	assert.Equal(t, "", srv.IDaaSGroups()[0].Description)
	r.efail(400, "InvalidParameter.PageSize", "ListGroups", "PageSize", "101")

	// DeleteUser purges its memberships; DeleteGroup takes the rest with it.
	r.eok("DeleteUser", "UserId", u1.ID)
	assert.Equal(t, []string{"bob"}, names(srv.IDaaSGroupMembers(gid)))
	r.eok("DeleteGroup", "GroupId", gid)
	r.efail(404, "EntityNotExists.Group", "DeleteGroup", "GroupId", gid)
	m = r.eok("ListGroupsForUser", "UserId", u2.ID)
	assert.Equal(t, float64(0), m["TotalCount"])
}

func names(users []User) []string {
	out := []string{}
	for _, u := range users {
		out = append(out, u.Name)
	}
	return out
}

func TestGroupSeeds(t *testing.T) {
	srv := NewServer(WithRAMLimits(RAMLimits{Groups: 1, GroupsPerUser: 1}))
	defer srv.Close()
	_, err := srv.AddUser(User{Name: "alice@legacy"})
	require.NoError(t, err)
	for _, name := range []string{"legacy group", "second"} { // past the API's rules and quota
		_, err := srv.AddGroup(Group{Name: name, Description: "seeded"})
		require.NoError(t, err)
	}
	_, err = srv.AddGroup(Group{Name: "second"})
	assert.ErrorIs(t, err, ErrGroupExists)
	require.NoError(t, srv.AddGroupMember("legacy group", "alice@legacy"))
	require.NoError(t, srv.AddGroupMember("second", "alice@legacy"))
	assert.ErrorIs(t, srv.AddGroupMember("second", "alice@legacy"), ErrDuplicate)
	assert.ErrorIs(t, srv.AddGroupMember("nope", "alice@legacy"), ErrNotFound)
	assert.Equal(t, []string{"legacy group", "second"}, srv.UserGroups("alice@legacy"))
	assert.Equal(t, []string{"legacy group", "second"}, []string{srv.Groups()[0].Name, srv.Groups()[1].Name})

	p, err := srv.AddPolicy(Policy{Name: "seeded_policy"})
	require.NoError(t, err)
	assert.Equal(t, "Custom", p.Type)
	assert.Equal(t, []string{"v1"}, p.Versions)
	_, err = srv.AddPolicy(Policy{Name: "AdministratorAccess"})
	assert.ErrorIs(t, err, ErrPolicyExists)
	require.NoError(t, srv.AddUserPolicy("alice@legacy", "Custom", "seeded_policy"))
	assert.ErrorIs(t, srv.AddUserPolicy("alice@legacy", "Custom", "seeded_policy"), ErrDuplicate)
	assert.ErrorIs(t, srv.AddUserPolicy("alice@legacy", "Custom", "nope"), ErrNotFound)
	require.NoError(t, srv.AddGroupPolicy("second", "System", "AdministratorAccess"))
	assert.Equal(t, "AdministratorAccess", srv.GroupPolicies("second")[0].PolicyName)
	assert.Equal(t, "seeded_policy", srv.UserPolicies("alice@legacy")[0].PolicyName)
	assert.Nil(t, srv.GroupPolicies("nope"))

	// The API sees the seeds.
	r := newRC(t, srv)
	m := r.ok("ListGroupsForUser", "UserName", "alice@legacy")
	assert.Len(t, m["Groups"].(map[string]any)["Group"], 2)

	eg, err := srv.AddIDaaSGroup(Group{Name: "ops"})
	require.NoError(t, err)
	_, err = srv.AddIDaaSGroup(Group{Name: "ops"})
	assert.ErrorIs(t, err, ErrGroupExists)
	eu, err := srv.AddIDaaSUser(User{Name: "carol", Enabled: true})
	require.NoError(t, err)
	require.NoError(t, srv.AddIDaaSGroupMember(eg.ID, eu.ID))
	assert.ErrorIs(t, srv.AddIDaaSGroupMember(eg.ID, eu.ID), ErrDuplicate)
	assert.ErrorIs(t, srv.AddIDaaSGroupMember("group_nope", eu.ID), ErrNotFound)
	assert.Equal(t, []string{"carol"}, names(srv.IDaaSGroupMembers(eg.ID)))
	assert.Equal(t, eg.ID, srv.IDaaSGroups()[0].ExternalID)
}
