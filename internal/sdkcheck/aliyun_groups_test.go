package sdkcheck

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
)

// aliyunClassic returns Alibaba's classic Go client of RAM
// (alibaba-cloud-sdk-go services/ram), which signs with the RPC HMAC-SHA1
// signature, with the emulator's root key and retries off; rpc points each
// of its requests at the emulator.
func aliyunClassic(t *testing.T, srv *aliyuntest.Server) *ram.Client {
	t.Helper()
	ak, sk := srv.Credentials()
	c, err := ram.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(false),
		credentials.NewAccessKeyCredential(ak, sk))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rpc points a classic request at the emulator (plain http on loopback).
func rpc[R interface {
	SetDomain(string)
	SetScheme(string)
}](srv *aliyuntest.Server, r R) R {
	r.SetDomain(strings.TrimPrefix(srv.URL, "http://"))
	r.SetScheme(requests.HTTP)
	return r
}

func alMust[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// alWant asserts that a classic client's call failed with the status and
// code (the emulator's answer, read by the official client).
func alWant(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("%s: want a *errors.ServerError %d %s, got %T %v", what, status, code, err, err)
	}
	if se.HttpStatus() != status || se.ErrorCode() != code || se.RequestId() == "" {
		t.Fatalf("%s: got %d %s (request %q), want %d %s", what, se.HttpStatus(), se.ErrorCode(), se.RequestId(), status, code)
	}
}

const aliyunDoc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*","ecs:List*"],"Resource":"*"}]}`

// TestAliyunRAMGroupsAndPolicies drives a whole RAM group and permission
// lifecycle with Alibaba's classic official client (HMAC-SHA1 signature):
// groups and their paging, membership, system and custom policies attached
// to users and groups, policy versions, the lists of a policy's entities,
// RAM's conflicts, and the cleanup, every request signed by the SDK and
// verified by the emulator.
func TestAliyunRAMGroupsAndPolicies(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	c := aliyunClassic(t, srv)

	cu := ram.CreateCreateUserRequest()
	cu.UserName = "sdk-alice"
	alMust[*ram.CreateUserResponse](t, "CreateUser")(c.CreateUser(rpc(srv, cu)))

	// Groups.
	for _, name := range []string{"sdk-devs", "sdk-ops", "sdk-qa"} {
		r := ram.CreateCreateGroupRequest()
		r.GroupName, r.Comments = name, "created by the official SDK"
		g := alMust[*ram.CreateGroupResponse](t, "CreateGroup")(c.CreateGroup(rpc(srv, r)))
		if g.Group.GroupName != name || g.Group.GroupId == "" || g.Group.CreateDate == "" || g.RequestId == "" {
			t.Fatalf("CreateGroup: %+v", g)
		}
	}
	dup := ram.CreateCreateGroupRequest()
	dup.GroupName = "sdk-devs"
	_, err := c.CreateGroup(rpc(srv, dup))
	alWant(t, "CreateGroup twice", err, 409, "EntityAlreadyExists.Group")

	gg := ram.CreateGetGroupRequest()
	gg.GroupName = "sdk-devs"
	if g := alMust[*ram.GetGroupResponse](t, "GetGroup")(c.GetGroup(rpc(srv, gg))); g.Group.Comments != "created by the official SDK" {
		t.Fatalf("GetGroup: %+v", g.Group)
	}
	ug := ram.CreateUpdateGroupRequest()
	ug.GroupName, ug.NewGroupName, ug.NewComments = "sdk-qa", "sdk-qa2", "renamed"
	if g := alMust[*ram.UpdateGroupResponse](t, "UpdateGroup")(c.UpdateGroup(rpc(srv, ug))); g.Group.GroupName != "sdk-qa2" || g.Group.Comments != "renamed" {
		t.Fatalf("UpdateGroup: %+v", g.Group)
	}
	var names []string
	marker := ""
	for pages := 0; ; pages++ {
		lg := ram.CreateListGroupsRequest()
		lg.MaxItems = requests.NewInteger(2)
		lg.Marker = marker
		out := alMust[*ram.ListGroupsResponse](t, "ListGroups")(c.ListGroups(rpc(srv, lg)))
		for _, g := range out.Groups.Group {
			names = append(names, g.GroupName)
		}
		if !out.IsTruncated {
			break
		}
		if pages > 3 || out.Marker == "" {
			t.Fatalf("ListGroups: bad paging %+v", out)
		}
		marker = out.Marker
	}
	if strings.Join(names, ",") != "sdk-devs,sdk-ops,sdk-qa2" {
		t.Fatalf("ListGroups: %v", names)
	}

	// Membership.
	add := ram.CreateAddUserToGroupRequest()
	add.GroupName, add.UserName = "sdk-devs", "sdk-alice"
	alMust[*ram.AddUserToGroupResponse](t, "AddUserToGroup")(c.AddUserToGroup(rpc(srv, add)))
	add = ram.CreateAddUserToGroupRequest()
	add.GroupName, add.UserName = "sdk-devs", "sdk-alice"
	_, err = c.AddUserToGroup(rpc(srv, add))
	alWant(t, "AddUserToGroup twice", err, 409, "EntityAlreadyExists.User.Group")
	lu := ram.CreateListUsersForGroupRequest()
	lu.GroupName = "sdk-devs"
	if out := alMust[*ram.ListUsersForGroupResponse](t, "ListUsersForGroup")(c.ListUsersForGroup(rpc(srv, lu))); len(out.Users.User) != 1 ||
		out.Users.User[0].UserName != "sdk-alice" || out.Users.User[0].JoinDate == "" {
		t.Fatalf("ListUsersForGroup: %+v", out.Users)
	}
	lgu := ram.CreateListGroupsForUserRequest()
	lgu.UserName = "sdk-alice"
	if out := alMust[*ram.ListGroupsForUserResponse](t, "ListGroupsForUser")(c.ListGroupsForUser(rpc(srv, lgu))); len(out.Groups.Group) != 1 ||
		out.Groups.Group[0].GroupName != "sdk-devs" {
		t.Fatalf("ListGroupsForUser: %+v", out.Groups)
	}

	// System policies.
	lp := ram.CreateListPoliciesRequest()
	lp.PolicyType, lp.MaxItems = "System", requests.NewInteger(1000)
	sys := alMust[*ram.ListPoliciesResponse](t, "ListPolicies")(c.ListPolicies(rpc(srv, lp)))
	found := map[string]bool{}
	for _, p := range sys.Policies.Policy {
		found[p.PolicyName] = p.PolicyType == "System"
	}
	for _, want := range []string{"AdministratorAccess", "ReadOnlyAccess", "AliyunSTSAssumeRoleAccess", "AliyunECSReadOnlyAccess"} {
		if !found[want] {
			t.Fatalf("ListPolicies System: %s missing", want)
		}
	}
	apg := ram.CreateAttachPolicyToGroupRequest()
	apg.GroupName, apg.PolicyType, apg.PolicyName = "sdk-devs", "System", "ReadOnlyAccess"
	alMust[*ram.AttachPolicyToGroupResponse](t, "AttachPolicyToGroup")(c.AttachPolicyToGroup(rpc(srv, apg)))
	apu := ram.CreateAttachPolicyToUserRequest()
	apu.UserName, apu.PolicyType, apu.PolicyName = "sdk-alice", "System", "AliyunECSReadOnlyAccess"
	alMust[*ram.AttachPolicyToUserResponse](t, "AttachPolicyToUser")(c.AttachPolicyToUser(rpc(srv, apu)))
	missing := ram.CreateAttachPolicyToUserRequest()
	missing.UserName, missing.PolicyType, missing.PolicyName = "sdk-alice", "System", "NoSuchPolicy"
	_, err = c.AttachPolicyToUser(rpc(srv, missing))
	alWant(t, "AttachPolicyToUser of a missing policy", err, 404, "EntityNotExist.Policy")

	// A custom policy and its versions.
	cp := ram.CreateCreatePolicyRequest()
	cp.PolicyName, cp.PolicyDocument, cp.Description = "sdk-ecs-read", aliyunDoc, "ECS read"
	if p := alMust[*ram.CreatePolicyResponse](t, "CreatePolicy")(c.CreatePolicy(rpc(srv, cp))); p.Policy.PolicyType != "Custom" || p.Policy.DefaultVersion != "v1" {
		t.Fatalf("CreatePolicy: %+v", p.Policy)
	}
	bad := ram.CreateCreatePolicyRequest()
	bad.PolicyName, bad.PolicyDocument = "sdk-bad", `{"Version":"1"}`
	_, err = c.CreatePolicy(rpc(srv, bad))
	alWant(t, "CreatePolicy with a malformed document", err, 400, "MalformedPolicyDocument")
	cv := ram.CreateCreatePolicyVersionRequest()
	cv.PolicyName, cv.PolicyDocument, cv.SetAsDefault = "sdk-ecs-read", aliyunDoc, requests.NewBoolean(true)
	cv.RotateStrategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
	if v := alMust[*ram.CreatePolicyVersionResponse](t, "CreatePolicyVersion")(c.CreatePolicyVersion(rpc(srv, cv))); v.PolicyVersion.VersionId != "v2" ||
		!v.PolicyVersion.IsDefaultVersion {
		t.Fatalf("CreatePolicyVersion: %+v", v.PolicyVersion)
	}
	gv := ram.CreateGetPolicyVersionRequest()
	gv.PolicyName, gv.PolicyType, gv.VersionId = "sdk-ecs-read", "Custom", "v1"
	if v := alMust[*ram.GetPolicyVersionResponse](t, "GetPolicyVersion")(c.GetPolicyVersion(rpc(srv, gv))); v.PolicyVersion.PolicyDocument != aliyunDoc {
		t.Fatalf("GetPolicyVersion: %+v", v.PolicyVersion)
	}
	sd := ram.CreateSetDefaultPolicyVersionRequest()
	sd.PolicyName, sd.VersionId = "sdk-ecs-read", "v1"
	alMust[*ram.SetDefaultPolicyVersionResponse](t, "SetDefaultPolicyVersion")(c.SetDefaultPolicyVersion(rpc(srv, sd)))
	dv := ram.CreateDeletePolicyVersionRequest()
	dv.PolicyName, dv.VersionId = "sdk-ecs-read", "v1"
	_, err = c.DeletePolicyVersion(rpc(srv, dv))
	alWant(t, "DeletePolicyVersion of the default", err, 409, "DeleteConflict.Policy.Version.Default")
	dv = ram.CreateDeletePolicyVersionRequest()
	dv.PolicyName, dv.VersionId = "sdk-ecs-read", "v2"
	alMust[*ram.DeletePolicyVersionResponse](t, "DeletePolicyVersion")(c.DeletePolicyVersion(rpc(srv, dv)))
	lv := ram.CreateListPolicyVersionsRequest()
	lv.PolicyName, lv.PolicyType = "sdk-ecs-read", "Custom"
	if out := alMust[*ram.ListPolicyVersionsResponse](t, "ListPolicyVersions")(c.ListPolicyVersions(rpc(srv, lv))); len(out.PolicyVersions.PolicyVersion) != 1 {
		t.Fatalf("ListPolicyVersions: %+v", out.PolicyVersions)
	}
	upd := ram.CreateUpdatePolicyDescriptionRequest()
	upd.PolicyName, upd.NewDescription = "sdk-ecs-read", "read ECS instances"
	alMust[*ram.UpdatePolicyDescriptionResponse](t, "UpdatePolicyDescription")(c.UpdatePolicyDescription(rpc(srv, upd)))
	gp := ram.CreateGetPolicyRequest()
	gp.PolicyName, gp.PolicyType = "sdk-ecs-read", "Custom"
	if p := alMust[*ram.GetPolicyResponse](t, "GetPolicy")(c.GetPolicy(rpc(srv, gp))); p.Policy.Description != "read ECS instances" ||
		p.DefaultPolicyVersion.PolicyDocument != aliyunDoc {
		t.Fatalf("GetPolicy: %+v %+v", p.Policy, p.DefaultPolicyVersion)
	}

	apg = ram.CreateAttachPolicyToGroupRequest()
	apg.GroupName, apg.PolicyType, apg.PolicyName = "sdk-devs", "Custom", "sdk-ecs-read"
	alMust[*ram.AttachPolicyToGroupResponse](t, "AttachPolicyToGroup custom")(c.AttachPolicyToGroup(rpc(srv, apg)))
	apg = ram.CreateAttachPolicyToGroupRequest()
	apg.GroupName, apg.PolicyType, apg.PolicyName = "sdk-devs", "Custom", "sdk-ecs-read"
	_, err = c.AttachPolicyToGroup(rpc(srv, apg))
	alWant(t, "AttachPolicyToGroup twice", err, 409, "EntityAlreadyExists.Group.Policy")
	lpg := ram.CreateListPoliciesForGroupRequest()
	lpg.GroupName = "sdk-devs"
	if out := alMust[*ram.ListPoliciesForGroupResponse](t, "ListPoliciesForGroup")(c.ListPoliciesForGroup(rpc(srv, lpg))); len(out.Policies.Policy) != 2 ||
		out.Policies.Policy[0].PolicyName != "ReadOnlyAccess" || out.Policies.Policy[1].AttachDate == "" {
		t.Fatalf("ListPoliciesForGroup: %+v", out.Policies)
	}
	lpu := ram.CreateListPoliciesForUserRequest()
	lpu.UserName = "sdk-alice"
	if out := alMust[*ram.ListPoliciesForUserResponse](t, "ListPoliciesForUser")(c.ListPoliciesForUser(rpc(srv, lpu))); len(out.Policies.Policy) != 1 {
		t.Fatalf("ListPoliciesForUser: %+v", out.Policies)
	}
	le := ram.CreateListEntitiesForPolicyRequest()
	le.PolicyName, le.PolicyType = "sdk-ecs-read", "Custom"
	if out := alMust[*ram.ListEntitiesForPolicyResponse](t, "ListEntitiesForPolicy")(c.ListEntitiesForPolicy(rpc(srv, le))); len(out.Groups.Group) != 1 ||
		out.Groups.Group[0].GroupName != "sdk-devs" || len(out.Users.User) != 0 {
		t.Fatalf("ListEntitiesForPolicy: %+v", out)
	}

	// RAM's conflicts, then the cleanup in the order RAM wants.
	dg := ram.CreateDeleteGroupRequest()
	dg.GroupName = "sdk-devs"
	_, err = c.DeleteGroup(rpc(srv, dg))
	alWant(t, "DeleteGroup with a member", err, 409, "DeleteConflict.Group.User")
	dp := ram.CreateDeletePolicyRequest()
	dp.PolicyName = "sdk-ecs-read"
	_, err = c.DeletePolicy(rpc(srv, dp))
	alWant(t, "DeletePolicy while attached", err, 409, "DeleteConflict.Policy.Group")
	du := ram.CreateDeleteUserRequest()
	du.UserName = "sdk-alice"
	_, err = c.DeleteUser(rpc(srv, du))
	alWant(t, "DeleteUser with a policy", err, 409, "DeleteConflict.User.Policy")

	rm := ram.CreateRemoveUserFromGroupRequest()
	rm.GroupName, rm.UserName = "sdk-devs", "sdk-alice"
	alMust[*ram.RemoveUserFromGroupResponse](t, "RemoveUserFromGroup")(c.RemoveUserFromGroup(rpc(srv, rm)))
	for _, p := range [][2]string{{"System", "ReadOnlyAccess"}, {"Custom", "sdk-ecs-read"}} {
		d := ram.CreateDetachPolicyFromGroupRequest()
		d.GroupName, d.PolicyType, d.PolicyName = "sdk-devs", p[0], p[1]
		alMust[*ram.DetachPolicyFromGroupResponse](t, "DetachPolicyFromGroup")(c.DetachPolicyFromGroup(rpc(srv, d)))
	}
	dpu := ram.CreateDetachPolicyFromUserRequest()
	dpu.UserName, dpu.PolicyType, dpu.PolicyName = "sdk-alice", "System", "AliyunECSReadOnlyAccess"
	alMust[*ram.DetachPolicyFromUserResponse](t, "DetachPolicyFromUser")(c.DetachPolicyFromUser(rpc(srv, dpu)))
	dpu = ram.CreateDetachPolicyFromUserRequest()
	dpu.UserName, dpu.PolicyType, dpu.PolicyName = "sdk-alice", "System", "AliyunECSReadOnlyAccess"
	_, err = c.DetachPolicyFromUser(rpc(srv, dpu))
	alWant(t, "DetachPolicyFromUser twice", err, 404, "EntityNotExist.User.Policy")
	for _, g := range []string{"sdk-devs", "sdk-ops", "sdk-qa2"} {
		d := ram.CreateDeleteGroupRequest()
		d.GroupName = g
		alMust[*ram.DeleteGroupResponse](t, "DeleteGroup")(c.DeleteGroup(rpc(srv, d)))
	}
	dp = ram.CreateDeletePolicyRequest()
	dp.PolicyName = "sdk-ecs-read"
	alMust[*ram.DeletePolicyResponse](t, "DeletePolicy")(c.DeletePolicy(rpc(srv, dp)))
	du = ram.CreateDeleteUserRequest()
	du.UserName = "sdk-alice"
	alMust[*ram.DeleteUserResponse](t, "DeleteUser")(c.DeleteUser(rpc(srv, du)))
	if len(srv.Groups()) != 0 || len(srv.Policies("Custom")) != 0 || len(srv.Users()) != 0 {
		t.Fatalf("left behind: %v %v %v", srv.Groups(), srv.Policies("Custom"), srv.Users())
	}
}

// darabonba returns Alibaba's current generic client (darabonba-openapi,
// the base of the generated ram-20150501 and eiam-20211201 clients), which
// signs with ACS3-HMAC-SHA256; call sends one RPC action of version with
// its query, as the generated clients do.
func darabonba(t *testing.T, srv *aliyuntest.Server, version string) func(action string, query map[string]string) (map[string]any, error) {
	t.Helper()
	ak, sk := srv.Credentials()
	return darabonbaWith(t, srv, version, &openapi.Config{AccessKeyId: dara.String(ak), AccessKeySecret: dara.String(sk)})
}

// count reads TotalCount, which the darabonba client decodes as a json.Number.
func count(body map[string]any) int64 {
	n, _ := strconv.ParseInt(fmt.Sprint(body["TotalCount"]), 10, 64)
	return n
}

func daMust(t *testing.T, what string, body map[string]any, err error) map[string]any {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if body["RequestId"] == nil {
		t.Fatalf("%s: no RequestId in %v", what, body)
	}
	return body
}

func daWant(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Fatalf("%s: want a *tea.SDKError %d %s, got %T %v", what, status, code, err, err)
	}
	if tea.IntValue(se.StatusCode) != status || tea.StringValue(se.Code) != code {
		t.Fatalf("%s: got %d %s, want %d %s", what, tea.IntValue(se.StatusCode), tea.StringValue(se.Code), status, code)
	}
}

// TestAliyunRAMGroupsACS3 runs the common group and policy calls with the
// ACS3-HMAC-SHA256 signature of Alibaba's current SDKs.
func TestAliyunRAMGroupsACS3(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	call := darabonba(t, srv, "2015-05-01")
	do := func(action string, kv ...string) map[string]any {
		t.Helper()
		q := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			q[kv[i]] = kv[i+1]
		}
		body, err := call(action, q)
		return daMust(t, action, body, err)
	}
	do("CreateUser", "UserName", "acs3-bob")
	g := do("CreateGroup", "GroupName", "acs3-group", "Comments", "ACS3 signed")["Group"].(map[string]any)
	if g["GroupName"] != "acs3-group" {
		t.Fatalf("CreateGroup: %v", g)
	}
	do("AddUserToGroup", "GroupName", "acs3-group", "UserName", "acs3-bob")
	do("CreatePolicy", "PolicyName", "acs3-policy", "PolicyDocument", aliyunDoc, "Description", "signed with ACS3")
	do("AttachPolicyToGroup", "GroupName", "acs3-group", "PolicyType", "Custom", "PolicyName", "acs3-policy")
	do("AttachPolicyToUser", "UserName", "acs3-bob", "PolicyType", "System", "PolicyName", "AliyunSTSAssumeRoleAccess")
	pols := do("ListPoliciesForGroup", "GroupName", "acs3-group")["Policies"].(map[string]any)["Policy"].([]any)
	if len(pols) != 1 || pols[0].(map[string]any)["PolicyName"] != "acs3-policy" {
		t.Fatalf("ListPoliciesForGroup: %v", pols)
	}
	v := do("CreatePolicyVersion", "PolicyName", "acs3-policy", "PolicyDocument", aliyunDoc, "SetAsDefault", "true")
	if v["PolicyVersion"].(map[string]any)["VersionId"] != "v2" {
		t.Fatalf("CreatePolicyVersion: %v", v)
	}
	_, err := call("DeleteGroup", map[string]string{"GroupName": "acs3-group"})
	daWant(t, "DeleteGroup with a member", err, 409, "DeleteConflict.Group.User")
	_, err = call("AddUserToGroup", map[string]string{"GroupName": "acs3-group", "UserName": "nobody"})
	daWant(t, "AddUserToGroup of a missing user", err, 404, "EntityNotExist.User")

	do("RemoveUserFromGroup", "GroupName", "acs3-group", "UserName", "acs3-bob")
	do("DetachPolicyFromGroup", "GroupName", "acs3-group", "PolicyType", "Custom", "PolicyName", "acs3-policy")
	do("DetachPolicyFromUser", "UserName", "acs3-bob", "PolicyType", "System", "PolicyName", "AliyunSTSAssumeRoleAccess")
	do("DeleteGroup", "GroupName", "acs3-group")
	do("DeletePolicy", "PolicyName", "acs3-policy", "CascadingDelete", "true")
	do("DeleteUser", "UserName", "acs3-bob")
	if len(srv.Groups()) != 0 || len(srv.Policies("Custom")) != 0 || len(srv.Users()) != 0 {
		t.Fatal("left behind")
	}
}

// TestAliyunEIAMGroups drives the EIAM group lifecycle with the darabonba
// client, as the generated eiam-20211201 client sends it: groups, their
// paging and filters, membership with the flattened UserIds.N lists, and
// the account's groups.
func TestAliyunEIAMGroups(t *testing.T) {
	srv := aliyuntest.NewServer()
	defer srv.Close()
	call := darabonba(t, srv, "2021-12-01")
	inst := srv.InstanceID()
	do := func(action string, kv ...string) map[string]any {
		t.Helper()
		q := map[string]string{"InstanceId": inst}
		for i := 0; i+1 < len(kv); i += 2 {
			q[kv[i]] = kv[i+1]
		}
		body, err := call(action, q)
		return daMust(t, action, body, err)
	}
	alice := do("CreateUser", "Username", "alice", "PrimaryOrganizationalUnitId", srv.OrganizationalUnitID(),
		"PasswordInitializationConfig.PasswordInitializationType", "random")["UserId"].(string)
	bob := do("CreateUser", "Username", "bob", "PrimaryOrganizationalUnitId", srv.OrganizationalUnitID(),
		"PasswordInitializationConfig.PasswordInitializationType", "random")["UserId"].(string)

	gid := do("CreateGroup", "GroupName", "sales", "Description", "Sales team")["GroupId"].(string)
	do("CreateGroup", "GroupName", "sales-emea")
	_, err := call("CreateGroup", map[string]string{"InstanceId": inst, "GroupName": "sales"})
	daWant(t, "CreateGroup of a taken name", err, 409, "EntityAlreadyExists.Group.GroupName")
	g := do("GetGroup", "GroupId", gid)["Group"].(map[string]any)
	if g["GroupName"] != "sales" || g["Description"] != "Sales team" || g["GroupSourceType"] != "build_in" {
		t.Fatalf("GetGroup: %v", g)
	}
	do("UpdateGroup", "GroupId", gid, "GroupName", "sales-apac")
	do("UpdateGroupDescription", "GroupId", gid, "Description", "APAC")
	list := do("ListGroups", "GroupNameStartsWith", "sales", "PageSize", "1")
	if count(list) != 2 || len(list["Groups"].([]any)) != 1 {
		t.Fatalf("ListGroups: %v", list)
	}
	list = do("ListGroups", "GroupName", "sales-apac")
	if count(list) != 1 || list["Groups"].([]any)[0].(map[string]any)["Description"] != "APAC" {
		t.Fatalf("ListGroups by name: %v", list)
	}

	do("AddUsersToGroup", "GroupId", gid, "UserIds.1", alice, "UserIds.2", bob)
	members := do("ListUsersForGroup", "GroupId", gid)
	if count(members) != 2 {
		t.Fatalf("ListUsersForGroup: %v", members)
	}
	groups := do("ListGroupsForUser", "UserId", bob)["Groups"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["GroupId"] != gid {
		t.Fatalf("ListGroupsForUser: %v", groups)
	}
	user := do("GetUser", "UserId", alice)["User"].(map[string]any)
	if ug := user["Groups"].([]any); len(ug) != 1 || ug[0].(map[string]any)["GroupName"] != "sales-apac" {
		t.Fatalf("GetUser Groups: %v", user["Groups"])
	}
	do("RemoveUsersFromGroup", "GroupId", gid, "UserIds.1", alice)
	if m := do("ListUsersForGroup", "GroupId", gid, "UserIds.1", alice); count(m) != 0 {
		t.Fatalf("ListUsersForGroup after the removal: %v", m)
	}
	_, err = call("GetGroup", map[string]string{"InstanceId": inst, "GroupId": "group_nosuchgroup"})
	daWant(t, "GetGroup of a missing group", err, 404, "EntityNotExists.Group")

	do("DeleteGroup", "GroupId", gid)
	if m := do("ListGroupsForUser", "UserId", bob); count(m) != 0 {
		t.Fatalf("ListGroupsForUser after DeleteGroup: %v", m)
	}
	if gs := srv.IDaaSGroups(); len(gs) != 1 || gs[0].Name != "sales-emea" {
		t.Fatalf("groups left: %v", gs)
	}
}
