package sdkcheck

import (
	"slices"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/iam/api"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
)

const baiduReadACL = `{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":["*"]}]}`

// TestBaiduGroupsAndPolicies drives a whole group and permission lifecycle
// with Baidu's official Go client against baidutest: groups CRUD,
// membership, system and custom policies attached to users, groups and
// roles, the lists, the conflicts, and the clean-up, every request signed
// by the official client and verified by the emulator.
func TestBaiduGroupsAndPolicies(t *testing.T) {
	srv, c := baiduOfficial(t)
	must := func(err error) { t.Helper(); baiduMust(t, err) }

	_, err := c.CreateUser(&api.CreateUserArgs{Name: "sdk_user"})
	must(err)

	// Groups.
	g, err := c.CreateGroup(&api.CreateGroupArgs{Name: "sdk_group", Description: "made by bce-sdk-go"})
	must(err)
	if g.Name != "sdk_group" || len(g.Id) != 32 || g.CreateTime.IsZero() || g.Description != "made by bce-sdk-go" {
		t.Fatalf("CreateGroup: %+v", g)
	}
	_, err = c.CreateGroup(&api.CreateGroupArgs{Name: "sdk_group"})
	baiduServiceError(t, err, 409, "AlreadyExists")
	got, err := c.GetGroup("sdk_group")
	must(err)
	if got.Id != g.Id {
		t.Fatalf("GetGroup: %+v", got)
	}
	up, err := c.UpdateGroup("sdk_group", &api.UpdateGroupArgs{Name: "sdk_team", Description: "renamed"})
	must(err)
	if up.Name != "sdk_team" || up.Description != "renamed" || up.Id != g.Id {
		t.Fatalf("UpdateGroup: %+v", up)
	}
	groups, err := c.ListGroup()
	must(err)
	if len(groups.Groups) != 1 || groups.Groups[0].Name != "sdk_team" {
		t.Fatalf("ListGroup: %+v", groups)
	}
	_, err = c.GetGroup("sdk_group")
	baiduServiceError(t, err, 404, "NotFound")

	// Membership: the official client takes the user first.
	must(c.AddUserToGroup("sdk_user", "sdk_team"))
	baiduServiceError(t, c.AddUserToGroup("sdk_user", "sdk_team"), 409, "AlreadyExists")
	baiduServiceError(t, c.AddUserToGroup("nobody", "sdk_team"), 404, "NotFound")
	members, err := c.ListUsersInGroup("sdk_team")
	must(err)
	if len(members.Users) != 1 || members.Users[0].Name != "sdk_user" || members.Users[0].JoinTime.IsZero() {
		t.Fatalf("ListUsersInGroup: %+v", members)
	}
	mine, err := c.ListGroupsForUser("sdk_user")
	must(err)
	if len(mine.Groups) != 1 || mine.Groups[0].Name != "sdk_team" {
		t.Fatalf("ListGroupsForUser: %+v", mine)
	}

	// System policies.
	sys, err := c.ListPolicy("", api.POLICY_TYPE_SYSTEM)
	must(err)
	var names []string
	for _, p := range sys.Policies {
		names = append(names, p.Name)
		if p.Type != api.POLICY_TYPE_SYSTEM {
			t.Fatalf("ListPolicy System: %+v", p)
		}
	}
	for _, n := range []string{"CAFullControlAccessPolicy", "CAReadAccessPolicy", "QianfanReadAccessPolicy"} {
		if !slices.Contains(names, n) {
			t.Fatalf("ListPolicy System: no %s in %v", n, names)
		}
	}
	filtered, err := c.ListPolicy("Qianfan", api.POLICY_TYPE_SYSTEM)
	must(err)
	if len(filtered.Policies) == 0 || len(filtered.Policies) >= len(sys.Policies) {
		t.Fatalf("ListPolicy nameFilter: %d of %d", len(filtered.Policies), len(sys.Policies))
	}
	ro, err := c.GetPolicy("CAReadAccessPolicy", api.POLICY_TYPE_SYSTEM)
	must(err)
	if ro.Name != "CAReadAccessPolicy" || ro.Document == "" {
		t.Fatalf("GetPolicy System: %+v", ro)
	}
	_, err = c.GetPolicy("CAReadAccessPolicy", "")
	baiduServiceError(t, err, 404, "NotFound") // no policyType: Custom

	// Custom policies.
	cp, err := c.CreatePolicy(&api.CreatePolicyArgs{Name: "sdk_policy", Description: "bcc read", Document: baiduReadACL})
	must(err)
	if cp.Type != api.POLICY_TYPE_CUSTOM || cp.Name != "sdk_policy" || cp.Id == "" {
		t.Fatalf("CreatePolicy: %+v", cp)
	}
	// UpdatePolicy as the official client sends it: policyName in the body
	// too, and the document always (empty: unchanged).
	upd, err := c.UpdatePolicy(&api.UpdatePolicyArgs{PolicyName: "sdk_policy", Description: "still bcc read"})
	must(err)
	if upd.Description != "still bcc read" || upd.Document != cp.Document {
		t.Fatalf("UpdatePolicy: %+v", upd)
	}
	got2, err := c.GetPolicy("sdk_policy", api.POLICY_TYPE_CUSTOM)
	must(err)
	if got2.Id != cp.Id || got2.Description != "still bcc read" {
		t.Fatalf("GetPolicy Custom: %+v", got2)
	}
	custom, err := c.ListPolicy("", "")
	must(err)
	if len(custom.Policies) != 1 || custom.Policies[0].Name != "sdk_policy" {
		t.Fatalf("ListPolicy: %+v", custom)
	}

	// Attachments to the user and the group.
	must(c.AttachPolicyToUser(&api.AttachPolicyToUserArgs{UserName: "sdk_user", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	baiduServiceError(t, c.AttachPolicyToUser(&api.AttachPolicyToUserArgs{UserName: "sdk_user", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}), 409, "AlreadyExists")
	must(c.AttachPolicyToGroup(&api.AttachPolicyToGroupArgs{GroupName: "sdk_team", PolicyName: "sdk_policy", PolicyType: api.POLICY_TYPE_CUSTOM}))
	must(c.AttachPolicyToGroup(&api.AttachPolicyToGroupArgs{GroupName: "sdk_team", PolicyName: "QianfanReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	baiduServiceError(t, c.AttachPolicyToGroup(&api.AttachPolicyToGroupArgs{GroupName: "sdk_team", PolicyName: "no_such_policy"}), 404, "NotFound")
	up1, err := c.ListUserAttachedPolicies("sdk_user")
	must(err)
	if len(up1.Policies) != 1 || up1.Policies[0].Name != "CAReadAccessPolicy" || up1.Policies[0].AttachTime.IsZero() {
		t.Fatalf("ListUserAttachedPolicies: %+v", up1)
	}
	gp, err := c.ListGroupAttachedPolicies("sdk_team")
	must(err)
	if len(gp.Policies) != 2 || gp.Policies[0].Name != "sdk_policy" || gp.Policies[1].Type != api.POLICY_TYPE_SYSTEM {
		t.Fatalf("ListGroupAttachedPolicies: %+v", gp)
	}
	ents, err := c.ListPolicyAttachedEntities(cp.Id)
	must(err)
	if len(ents.PolicyAttachedEntities) != 1 || ents.PolicyAttachedEntities[0].Type != "GroupPolicy" || ents.PolicyAttachedEntities[0].Name != "sdk_team" {
		t.Fatalf("ListPolicyAttachedEntities: %+v", ents)
	}

	// Roles and their policies.
	trust := `{"version":"v1","accessControlList":[{"service":"bce:iam","permission":["AssumeRole"],"region":"*","grantee":[{"id":"grantee-id"}],"effect":"Allow"}]}`
	role, err := c.CreateRole(&api.CreateRoleArgs{Name: "sdk_role", Description: "d", AssumeRolePolicyDocument: trust})
	must(err)
	if role.Name != "sdk_role" || role.AssumeRolePolicyDocument != trust {
		t.Fatalf("CreateRole: %+v", role)
	}
	gr, err := c.GetRole("sdk_role")
	must(err)
	if gr.Id != role.Id {
		t.Fatalf("GetRole: %+v", gr)
	}
	ur, err := c.UpdateRole("sdk_role", &api.UpdateRoleArgs{Description: "updated"})
	must(err)
	if ur.Description != "updated" || ur.AssumeRolePolicyDocument != trust {
		t.Fatalf("UpdateRole: %+v", ur)
	}
	roles, err := c.ListRole()
	must(err)
	if len(roles.Roles) != 1 {
		t.Fatalf("ListRole: %+v", roles)
	}
	must(c.AttachPolicyToRole(&api.AttachPolicyToRoleArgs{RoleName: "sdk_role", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	rp, err := c.ListRoleAttachedPolicies("sdk_role")
	must(err)
	if len(rp.Policies) != 1 || rp.Policies[0].Name != "CAReadAccessPolicy" {
		t.Fatalf("ListRoleAttachedPolicies: %+v", rp)
	}
	baiduServiceError(t, c.DeleteRole("sdk_role"), 409, "DeleteConflict")
	must(c.DetachPolicyFromRole(&api.DetachPolicyToRoleArgs{RoleName: "sdk_role", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	must(c.DeleteRole("sdk_role"))

	// Deletes refused while something depends on the entity.
	baiduServiceError(t, c.DeleteGroup("sdk_team"), 409, "DeleteConflict")
	baiduServiceError(t, c.DeletePolicy("sdk_policy"), 409, "DeleteConflict")
	baiduServiceError(t, c.DeleteUser("sdk_user"), 409, "DeleteConflict")

	// Clean up in the order Baidu needs.
	must(c.DetachPolicyFromUser(&api.DetachPolicyFromUserArgs{UserName: "sdk_user", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	baiduServiceError(t, c.DetachPolicyFromUser(&api.DetachPolicyFromUserArgs{UserName: "sdk_user", PolicyName: "CAReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}), 404, "NotFound")
	must(c.DetachPolicyFromGroup(&api.DetachPolicyFromGroupArgs{GroupName: "sdk_team", PolicyName: "sdk_policy", PolicyType: api.POLICY_TYPE_CUSTOM}))
	must(c.DetachPolicyFromGroup(&api.DetachPolicyFromGroupArgs{GroupName: "sdk_team", PolicyName: "QianfanReadAccessPolicy", PolicyType: api.POLICY_TYPE_SYSTEM}))
	must(c.DeleteUserFromGroup("sdk_user", "sdk_team"))
	baiduServiceError(t, c.DeleteUserFromGroup("sdk_user", "sdk_team"), 404, "NotFound")
	must(c.DeletePolicy("sdk_policy"))
	must(c.DeleteGroup("sdk_team"))
	must(c.DeleteUser("sdk_user"))

	if len(srv.Users()) != 0 || len(srv.Groups()) != 0 || len(srv.Roles()) != 0 {
		t.Fatalf("left behind: %v %v %v", srv.Users(), srv.Groups(), srv.Roles())
	}
	for _, p := range srv.Policies() {
		if p.Type == baidutest.PolicyCustom {
			t.Fatalf("left behind: %+v", p)
		}
	}
}

// TestBaiduGroupLimits: the official client meets Baidu's published group
// limits on the emulator (20 users, 5 policies per group).
func TestBaiduGroupLimits(t *testing.T) {
	srv, c := baiduOfficial(t)
	must := func(err error) { t.Helper(); baiduMust(t, err) }
	_, err := c.CreateGroup(&api.CreateGroupArgs{Name: "full"})
	must(err)
	for i := range baidutest.DefaultMaxUsersPerGroup + 1 {
		u, err := c.CreateUser(&api.CreateUserArgs{Name: "u" + string(rune('a'+i))})
		must(err)
		err = c.AddUserToGroup(u.Name, "full")
		if i < baidutest.DefaultMaxUsersPerGroup {
			must(err)
		} else {
			baiduServiceError(t, err, 400, "LimitExceeded")
		}
	}
	sys := srv.Policies()
	for i := range baidutest.DefaultMaxPoliciesPerGroup + 1 {
		err := c.AttachPolicyToGroup(&api.AttachPolicyToGroupArgs{GroupName: "full", PolicyName: sys[i].Name, PolicyType: api.POLICY_TYPE_SYSTEM})
		if i < baidutest.DefaultMaxPoliciesPerGroup {
			must(err)
		} else {
			baiduServiceError(t, err, 400, "LimitExceeded")
		}
	}
}
