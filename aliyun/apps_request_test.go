package aliyun

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIDaaSApplicationRequests(t *testing.T) {
	c, mt := newMockIDaaS(t)
	const inst = "InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx"
	const app = "app_mkv7rgt4d7i4u7zqtzev2mxxxx"
	const role = "app_role_mkv7rgt4ds8d8v0qtzev2mxxxx"
	auth := &IDaaSApplicationAuthorizationInput{ApplicationID: app, ApplicationRoleID: role}
	users, groups, ous := *auth, *auth, *auth
	users.UserIDs = []string{"user_a", "user_b"}
	groups.GroupIDs = []string{"group_a"}
	ous.OrganizationalUnitIDs = []string{"ou_a"}
	grant := func(action string, call func(context.Context, *IDaaSApplicationAuthorizationInput) (*IDaaSApplicationOutput, error),
		in *IDaaSApplicationAuthorizationInput, list string) wireCase {
		return wireCase{action: action,
			call:   func(ctx context.Context) (any, error) { return call(ctx, in) },
			query:  "ApplicationId=" + app + "&ApplicationRoleId=" + role + "&" + list,
			answer: `{"RequestId":"R"}`,
			check:  func(t *testing.T, out any) { assert.Equal(t, "R", out.(*IDaaSApplicationOutput).RequestID) }}
	}
	const roles = `"ApplicationRoles":[{"ApplicationRoleId":"` + role + `"}]`
	runWireCases(t, mt, "eiam.cn-hangzhou.aliyuncs.com", "2021-12-01", []wireCase{
		{action: "UpdateApplicationAuthorizationType",
			call: func(ctx context.Context) (any, error) {
				return c.UpdateApplicationAuthorizationType(ctx, &IDaaSUpdateApplicationAuthorizationTypeInput{ApplicationID: app,
					AuthorizationType: IDaaSAuthorizeRequired})
			},
			query:  "ApplicationId=" + app + "&AuthorizationType=authorize_required&" + inst,
			answer: `{"RequestId":"R"}`},
		grant("AuthorizeApplicationToUsers", c.AuthorizeApplicationToUsers, &users, inst+"&UserIds.1=user_a&UserIds.2=user_b"),
		grant("AuthorizeApplicationToGroups", c.AuthorizeApplicationToGroups, &groups, "GroupIds.1=group_a&"+inst),
		grant("AuthorizeApplicationToOrganizationalUnits", c.AuthorizeApplicationToOrganizationalUnits, &ous, inst+"&OrganizationalUnitIds.1=ou_a"),
		grant("RevokeApplicationFromUsers", c.RevokeApplicationFromUsers, &users, inst+"&UserIds.1=user_a&UserIds.2=user_b"),
		grant("RevokeApplicationFromGroups", c.RevokeApplicationFromGroups, &groups, "GroupIds.1=group_a&"+inst),
		grant("RevokeApplicationFromOrganizationalUnits", c.RevokeApplicationFromOrganizationalUnits, &ous, inst+"&OrganizationalUnitIds.1=ou_a"),
		{action: "ListUsersForApplication",
			call: func(ctx context.Context) (any, error) {
				return c.ListUsersForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app, ApplicationRoleID: role,
					UserIDs: []string{"user_a"}, PageNumber: 2, PageSize: 50})
			},
			query:  "ApplicationId=" + app + "&ApplicationRoleId=" + role + "&" + inst + "&PageNumber=2&PageSize=50&UserIds.1=user_a",
			answer: `{"RequestId":"R","TotalCount":51,"Users":[{"UserId":"user_a",` + roles + `}]}`,
			check: func(t *testing.T, out any) {
				o := out.(*IDaaSListForApplicationOutput)
				assert.Equal(t, int64(51), o.TotalCount)
				assert.Equal(t, []*IDaaSApplicationGrant{{UserID: "user_a", ApplicationRoles: []*IDaaSApplicationRole{{ApplicationRoleID: role}}}}, o.Grants)
			}},
		{action: "ListGroupsForApplication",
			call: func(ctx context.Context) (any, error) {
				return c.ListGroupsForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app, GroupIDs: []string{"group_a"}})
			},
			query:  "ApplicationId=" + app + "&GroupIds.1=group_a&" + inst,
			answer: `{"RequestId":"R","TotalCount":1,"Groups":[{"GroupId":"group_a"}]}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, "group_a", out.(*IDaaSListForApplicationOutput).Grants[0].GroupID)
			}},
		{action: "ListOrganizationalUnitsForApplication",
			call: func(ctx context.Context) (any, error) {
				return c.ListOrganizationalUnitsForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app})
			},
			query:  "ApplicationId=" + app + "&" + inst,
			answer: `{"RequestId":"R","TotalCount":1,"OrganizationalUnits":[{"OrganizationalUnitId":"ou_a",` + roles + `}]}`,
			check: func(t *testing.T, out any) {
				g := out.(*IDaaSListForApplicationOutput).Grants
				require.Len(t, g, 1)
				assert.Equal(t, "ou_a", g[0].OrganizationalUnitID)
				assert.Len(t, g[0].ApplicationRoles, 1)
			}},
		{action: "ListApplicationsForUser",
			call: func(ctx context.Context) (any, error) {
				return c.ListApplicationsForUser(ctx, &IDaaSListApplicationsForInput{UserID: "user_a", QueryMode: IDaaSIncludeInherit,
					ApplicationIDs: []string{app}, PageSize: 10})
			},
			query: "ApplicationIds.1=" + app + "&" + inst + "&PageSize=10&QueryMode=IncludeInherit&UserId=user_a",
			answer: `{"RequestId":"R","TotalCount":1,"Applications":[{"ApplicationId":"` + app + `","HasDirectAuthorization":false,` +
				`"HasInheritAuthorization":true,"ApplicationRoles":[{"ApplicationRoleId":"` + role + `","HasDirectAuthorization":false,"HasInheritAuthorization":true}]}]}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, []*IDaaSApplicationGrant{{ApplicationID: app, HasInheritAuthorization: true,
					ApplicationRoles: []*IDaaSApplicationRole{{ApplicationRoleID: role, HasInheritAuthorization: true}}}},
					out.(*IDaaSListApplicationsForOutput).Applications)
			}},
		{action: "ListApplicationsForGroup",
			call: func(ctx context.Context) (any, error) {
				return c.ListApplicationsForGroup(ctx, &IDaaSListApplicationsForInput{GroupID: "group_a"})
			},
			query:  "GroupId=group_a&" + inst,
			answer: `{"RequestId":"R","TotalCount":1,"Applications":[{"ApplicationId":"` + app + `","HasDirectAuthorization":true}]}`,
			check: func(t *testing.T, out any) {
				assert.True(t, out.(*IDaaSListApplicationsForOutput).Applications[0].HasDirectAuthorization)
			}},
		{action: "ListApplicationsForOrganizationalUnit",
			call: func(ctx context.Context) (any, error) {
				return c.ListApplicationsForOrganizationalUnit(ctx, &IDaaSListApplicationsForInput{OrganizationalUnitID: "ou_a", PageNumber: 3})
			},
			query:  inst + "&OrganizationalUnitId=ou_a&PageNumber=3",
			answer: `{"RequestId":"R","TotalCount":0,"Applications":[]}`,
			check:  func(t *testing.T, out any) { assert.Empty(t, out.(*IDaaSListApplicationsForOutput).Applications) }},
	})
}

func TestIDaaSApplicationValidation(t *testing.T) {
	c, mt := newMockIDaaS(t)
	ctx := context.Background()
	const app = "app_1"
	many := make([]string, 101)
	for i := range many {
		many[i] = "user_" + itoa(i)
	}
	cases := []struct {
		field string
		call  func() error
	}{
		{"ApplicationId", func() error { _, err := c.UpdateApplicationAuthorizationType(ctx, nil); return err }},
		{"AuthorizationType", func() error {
			_, err := c.UpdateApplicationAuthorizationType(ctx, &IDaaSUpdateApplicationAuthorizationTypeInput{ApplicationID: app, AuthorizationType: "all"})
			return err
		}},
		{"ApplicationId", func() error {
			_, err := c.AuthorizeApplicationToUsers(ctx, &IDaaSApplicationAuthorizationInput{UserIDs: []string{"user_a"}})
			return err
		}},
		{"UserIds", func() error {
			_, err := c.AuthorizeApplicationToUsers(ctx, &IDaaSApplicationAuthorizationInput{ApplicationID: app})
			return err
		}},
		{"UserIds", func() error {
			_, err := c.RevokeApplicationFromUsers(ctx, &IDaaSApplicationAuthorizationInput{ApplicationID: app, UserIDs: many})
			return err
		}},
		{"UserIds", func() error {
			_, err := c.AuthorizeApplicationToGroups(ctx, &IDaaSApplicationAuthorizationInput{ApplicationID: app,
				GroupIDs: []string{"group_a"}, UserIDs: []string{"user_a"}})
			return err
		}},
		{"OrganizationalUnitIds.1", func() error {
			_, err := c.AuthorizeApplicationToOrganizationalUnits(ctx, &IDaaSApplicationAuthorizationInput{ApplicationID: app,
				OrganizationalUnitIDs: []string{"ou a"}})
			return err
		}},
		{"ApplicationRoleId", func() error {
			_, err := c.RevokeApplicationFromGroups(ctx, &IDaaSApplicationAuthorizationInput{ApplicationID: app,
				ApplicationRoleID: "role?x", GroupIDs: []string{"group_a"}})
			return err
		}},
		{"PageSize", func() error {
			_, err := c.ListUsersForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app, PageSize: -1})
			return err
		}},
		{"GroupIds", func() error {
			_, err := c.ListUsersForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app, GroupIDs: []string{"group_a"}})
			return err
		}},
		{"UserId", func() error { _, err := c.ListApplicationsForUser(ctx, &IDaaSListApplicationsForInput{}); return err }},
		{"GroupId", func() error {
			_, err := c.ListApplicationsForUser(ctx, &IDaaSListApplicationsForInput{UserID: "user_a", GroupID: "group_a"})
			return err
		}},
		{"QueryMode", func() error {
			_, err := c.ListApplicationsForUser(ctx, &IDaaSListApplicationsForInput{UserID: "user_a", QueryMode: "All"})
			return err
		}},
		{"QueryMode", func() error {
			_, err := c.ListApplicationsForGroup(ctx, &IDaaSListApplicationsForInput{GroupID: "group_a", QueryMode: IDaaSOnlyDirect})
			return err
		}},
		{"ApplicationIds", func() error {
			_, err := c.ListApplicationsForOrganizationalUnit(ctx, &IDaaSListApplicationsForInput{OrganizationalUnitID: "ou_a", ApplicationIDs: many})
			return err
		}},
	}
	for _, tc := range cases {
		assertInvalid(t, tc.call(), tc.field)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "validation failures send nothing")
}
