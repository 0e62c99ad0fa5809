package aliyun

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

const testDoc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`

// wireCase is one native call with the exact request it must send and an
// answer whose decoding it checks.
type wireCase struct {
	action string
	call   func(ctx context.Context) (any, error)
	query  string // the exact raw query
	answer string
	check  func(t *testing.T, out any)
}

// runWireCases sends each case through an httpmock transport and asserts
// the method, path, raw query, empty body, action and version headers and
// a signature that verifies with the test secret.
func runWireCases(t *testing.T, mt *httpmock.MockTransport, host, version string, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.action, func(t *testing.T) {
			var cap captured
			mt.RegisterResponder("POST", "https://"+host+"/", cap.responder(200, tc.answer))
			out, err := tc.call(context.Background())
			require.NoError(t, err)
			require.Len(t, cap.reqs, 1)
			r := cap.reqs[0]
			assert.Equal(t, http.MethodPost, r.Method)
			assert.Equal(t, "/", r.URL.Path)
			assert.Equal(t, tc.query, r.URL.RawQuery)
			assert.Empty(t, cap.body[0])
			assert.Equal(t, tc.action, r.Header.Get("x-acs-action"))
			assert.Equal(t, version, r.Header.Get("x-acs-version"))
			assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256 Credential="+testKeyID+",SignedHeaders="))
			_, err = signer.ACS3{}.Verify(r, nil, &signer.VerifyParams{
				Now: mustTime(r.Header.Get("x-acs-date")),
				Lookup: func(id string) (signer.Credentials, bool) {
					return signer.Credentials{AccessKeyID: id, SecretAccessKey: testSecret}, id == testKeyID
				},
			})
			assert.NoError(t, err)
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRAMGroupRequests(t *testing.T) {
	c, mt := newMockRAM(t)
	const group = `{"GroupId":"740317625433843","GroupName":"dev-team","Comments":"Developers","CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-02-11T03:15:42Z"}`
	runWireCases(t, mt, "ram.aliyuncs.com", "2015-05-01", []wireCase{
		{action: "CreateGroup",
			call: func(ctx context.Context) (any, error) {
				return c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "dev-team", Comments: "Dev Team"})
			},
			query:  "Comments=Dev+Team&GroupName=dev-team",
			answer: `{"RequestId":"R","Group":` + group + `}`,
			check: func(t *testing.T, out any) {
				o := out.(*RAMCreateGroupOutput)
				assert.Equal(t, "R", o.RequestID)
				assert.Equal(t, &RAMGroup{GroupID: "740317625433843", GroupName: "dev-team", Comments: "Developers",
					CreateDate: date("2015-01-23T12:33:18Z"), UpdateDate: date("2015-02-11T03:15:42Z")}, o.Group)
			}},
		{action: "GetGroup",
			call: func(ctx context.Context) (any, error) {
				return c.GetGroup(ctx, &RAMGetGroupInput{GroupName: "dev-team"})
			},
			query:  "GroupName=dev-team",
			answer: `{"RequestId":"R","Group":` + group + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, "740317625433843", out.(*RAMGetGroupOutput).Group.GroupID)
			}},
		{action: "UpdateGroup",
			call: func(ctx context.Context) (any, error) {
				return c.UpdateGroup(ctx, &RAMUpdateGroupInput{GroupName: "dev-team", NewGroupName: "new.dev_team", NewComments: "Zoë's team"})
			},
			query:  "GroupName=dev-team&NewComments=Zo%C3%AB%27s+team&NewGroupName=new.dev_team",
			answer: `{"RequestId":"R","Group":` + group + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, "dev-team", out.(*RAMUpdateGroupOutput).Group.GroupName)
			}},
		{action: "DeleteGroup",
			call: func(ctx context.Context) (any, error) {
				return c.DeleteGroup(ctx, &RAMDeleteGroupInput{GroupName: "dev-team"})
			},
			query:  "GroupName=dev-team",
			answer: `{"RequestId":"R"}`,
			check:  func(t *testing.T, out any) { assert.Equal(t, "R", out.(*RAMDeleteGroupOutput).RequestID) }},
		{action: "ListGroups",
			call: func(ctx context.Context) (any, error) {
				return c.ListGroups(ctx, &RAMListGroupsInput{Marker: "EXAMPLE+mArKeR/==", MaxItems: 100})
			},
			query:  "Marker=EXAMPLE%2BmArKeR%2F%3D%3D&MaxItems=100",
			answer: `{"RequestId":"R","IsTruncated":true,"Marker":"next+/=","Groups":{"Group":[` + group + `,null]}}`,
			check: func(t *testing.T, out any) {
				o := out.(*RAMListGroupsOutput)
				assert.True(t, o.IsTruncated)
				assert.Equal(t, "next+/=", o.Marker)
				require.Len(t, o.Groups, 1, "null elements are dropped")
				assert.Equal(t, "dev-team", o.Groups[0].GroupName)
			}},
		{action: "AddUserToGroup",
			call: func(ctx context.Context) (any, error) {
				return c.AddUserToGroup(ctx, &RAMGroupMemberInput{GroupName: "dev-team", UserName: "alice@old"})
			},
			query:  "GroupName=dev-team&UserName=alice%40old",
			answer: `{"RequestId":"R"}`},
		{action: "RemoveUserFromGroup",
			call: func(ctx context.Context) (any, error) {
				return c.RemoveUserFromGroup(ctx, &RAMGroupMemberInput{GroupName: "dev-team", UserName: "alice"})
			},
			query:  "GroupName=dev-team&UserName=alice",
			answer: `{"RequestId":"R"}`},
		{action: "ListUsersForGroup",
			call: func(ctx context.Context) (any, error) {
				return c.ListUsersForGroup(ctx, &RAMListUsersForGroupInput{GroupName: "dev-team", Marker: "m", MaxItems: 1000})
			},
			query:  "GroupName=dev-team&Marker=m&MaxItems=1000",
			answer: `{"RequestId":"R","IsTruncated":false,"Users":{"User":[{"UserName":"alice","DisplayName":"Alice","JoinDate":"2015-01-23T12:33:18Z"}]}}`,
			check: func(t *testing.T, out any) {
				o := out.(*RAMListUsersForGroupOutput)
				assert.Equal(t, []*RAMUserSummary{{UserName: "alice", DisplayName: "Alice", JoinDate: date("2015-01-23T12:33:18Z")}}, o.Users)
			}},
		{action: "ListGroupsForUser",
			call: func(ctx context.Context) (any, error) {
				return c.ListGroupsForUser(ctx, &RAMListGroupsForUserInput{UserName: "alice"})
			},
			query:  "UserName=alice",
			answer: `{"RequestId":"R","Groups":{"Group":[{"GroupId":"1","GroupName":"dev-team","Comments":"c","JoinDate":"2015-01-23T12:33:18Z"}]}}`,
			check: func(t *testing.T, out any) {
				g := out.(*RAMListGroupsForUserOutput).Groups
				require.Len(t, g, 1)
				assert.Equal(t, date("2015-01-23T12:33:18Z"), g[0].JoinDate)
			}},
	})
}

func TestRAMPolicyRequests(t *testing.T) {
	c, mt := newMockRAM(t)
	doc := url.QueryEscape(testDoc)
	const policy = `{"PolicyName":"OSS-Administrator","PolicyType":"Custom","Description":"OSS administrator","DefaultVersion":"v1","AttachmentCount":2,"CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-01-23T12:33:18Z"}`
	const version = `{"VersionId":"v3","IsDefaultVersion":false,"PolicyDocument":` + "\"{\\\"Version\\\":\\\"1\\\"}\"" + `,"CreateDate":"2015-01-23T12:33:18Z"}`
	runWireCases(t, mt, "ram.aliyuncs.com", "2015-05-01", []wireCase{
		{action: "CreatePolicy",
			call: func(ctx context.Context) (any, error) {
				return c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "OSS-Administrator", PolicyDocument: testDoc,
					Description: "OSS administrator", Tags: []RAMTag{{Key: "env", Value: "prod"}}})
			},
			query:  "Description=OSS+administrator&PolicyDocument=" + doc + "&PolicyName=OSS-Administrator&Tag=" + url.QueryEscape(`[{"Key":"env","Value":"prod"}]`),
			answer: `{"RequestId":"R","Policy":` + policy + `}`,
			check: func(t *testing.T, out any) {
				p := out.(*RAMCreatePolicyOutput).Policy
				assert.Equal(t, RAMPolicyCustom, p.PolicyType)
				assert.Equal(t, "v1", p.DefaultVersion)
				assert.Equal(t, 2, p.AttachmentCount)
			}},
		{action: "GetPolicy",
			call: func(ctx context.Context) (any, error) {
				return c.GetPolicy(ctx, &RAMGetPolicyInput{PolicyName: "AdministratorAccess", PolicyType: RAMPolicySystem})
			},
			query:  "PolicyName=AdministratorAccess&PolicyType=System",
			answer: `{"RequestId":"R","Policy":` + policy + `,"DefaultPolicyVersion":{"VersionId":"v1","IsDefaultVersion":true,"PolicyDocument":"{}","CreateDate":"2015-01-23T12:33:18Z"}}`,
			check: func(t *testing.T, out any) {
				o := out.(*RAMGetPolicyOutput)
				assert.Equal(t, &RAMPolicyVersion{VersionID: "v1", IsDefaultVersion: true, PolicyDocument: "{}",
					CreateDate: date("2015-01-23T12:33:18Z")}, o.DefaultPolicyVersion)
			}},
		{action: "UpdatePolicyDescription",
			call: func(ctx context.Context) (any, error) {
				return c.UpdatePolicyDescription(ctx, &RAMUpdatePolicyDescriptionInput{PolicyName: "OSS-Administrator", NewDescription: "new"})
			},
			query:  "NewDescription=new&PolicyName=OSS-Administrator",
			answer: `{"RequestId":"R","Policy":` + policy + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, "OSS-Administrator", out.(*RAMUpdatePolicyDescriptionOutput).Policy.PolicyName)
			}},
		{action: "DeletePolicy",
			call: func(ctx context.Context) (any, error) {
				return c.DeletePolicy(ctx, &RAMDeletePolicyInput{PolicyName: "OSS-Administrator", CascadingDelete: true})
			},
			query:  "CascadingDelete=true&PolicyName=OSS-Administrator",
			answer: `{"RequestId":"R"}`},
		{action: "ListPolicies",
			call: func(ctx context.Context) (any, error) {
				return c.ListPolicies(ctx, &RAMListPoliciesInput{PolicyType: RAMPolicyCustom, Marker: "m+1", MaxItems: 1000,
					Tags: []RAMTag{{Key: "env", Value: "prod"}}})
			},
			query: "Marker=m%2B1&MaxItems=1000&PolicyType=Custom&Tag=" + url.QueryEscape(`[{"Key":"env","Value":"prod"}]`),
			answer: `{"RequestId":"R","IsTruncated":false,"Policies":{"Policy":[{"PolicyName":"OSS-Administrator","PolicyType":"Custom",` +
				`"Tags":{"Tag":[{"TagKey":"env","TagValue":"prod"}]}}]}}`,
			check: func(t *testing.T, out any) {
				p := out.(*RAMListPoliciesOutput).Policies
				require.Len(t, p, 1)
				assert.Equal(t, []*RAMTag{{Key: "env", Value: "prod"}}, p[0].Tags)
			}},
		{action: "AttachPolicyToUser",
			call: func(ctx context.Context) (any, error) {
				return c.AttachPolicyToUser(ctx, &RAMPolicyAttachmentInput{PolicyName: "ReadOnlyAccess", PolicyType: RAMPolicySystem,
					UserName: "alice", ResourceGroupID: "rg-aek2sermdd6ryai"})
			},
			query:  "PolicyName=ReadOnlyAccess&PolicyType=System&ResourceGroupId=rg-aek2sermdd6ryai&UserName=alice",
			answer: `{"RequestId":"R"}`},
		{action: "DetachPolicyFromUser",
			call: func(ctx context.Context) (any, error) {
				return c.DetachPolicyFromUser(ctx, &RAMPolicyAttachmentInput{PolicyName: "ReadOnlyAccess", PolicyType: RAMPolicySystem, UserName: "alice"})
			},
			query:  "PolicyName=ReadOnlyAccess&PolicyType=System&UserName=alice",
			answer: `{"RequestId":"R"}`},
		{action: "AttachPolicyToGroup",
			call: func(ctx context.Context) (any, error) {
				return c.AttachPolicyToGroup(ctx, &RAMPolicyAttachmentInput{PolicyName: "OSS-Administrator", PolicyType: RAMPolicyCustom, GroupName: "dev-team"})
			},
			query:  "GroupName=dev-team&PolicyName=OSS-Administrator&PolicyType=Custom",
			answer: `{"RequestId":"R"}`},
		{action: "DetachPolicyFromGroup",
			call: func(ctx context.Context) (any, error) {
				return c.DetachPolicyFromGroup(ctx, &RAMPolicyAttachmentInput{PolicyName: "OSS-Administrator", PolicyType: RAMPolicyCustom, GroupName: "dev-team"})
			},
			query:  "GroupName=dev-team&PolicyName=OSS-Administrator&PolicyType=Custom",
			answer: `{"RequestId":"R"}`},
		{action: "AttachPolicyToRole",
			call: func(ctx context.Context) (any, error) {
				return c.AttachPolicyToRole(ctx, &RAMPolicyAttachmentInput{PolicyName: "ReadOnlyAccess", PolicyType: RAMPolicySystem, RoleName: "ecs-admin"})
			},
			query:  "PolicyName=ReadOnlyAccess&PolicyType=System&RoleName=ecs-admin",
			answer: `{"RequestId":"R"}`},
		{action: "DetachPolicyFromRole",
			call: func(ctx context.Context) (any, error) {
				return c.DetachPolicyFromRole(ctx, &RAMPolicyAttachmentInput{PolicyName: "ReadOnlyAccess", PolicyType: RAMPolicySystem, RoleName: "ecs-admin"})
			},
			query:  "PolicyName=ReadOnlyAccess&PolicyType=System&RoleName=ecs-admin",
			answer: `{"RequestId":"R"}`},
		{action: "ListPoliciesForUser",
			call: func(ctx context.Context) (any, error) {
				return c.ListPoliciesForUser(ctx, &RAMListPoliciesForInput{UserName: "alice"})
			},
			query: "UserName=alice",
			answer: `{"RequestId":"R","Policies":{"Policy":[{"PolicyName":"ReadOnlyAccess","PolicyType":"System","Description":"d",` +
				`"DefaultVersion":"v1","AttachDate":"2015-01-23T12:33:18Z"}]}}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, []*RAMPolicy{{PolicyName: "ReadOnlyAccess", PolicyType: RAMPolicySystem, Description: "d",
					DefaultVersion: "v1", AttachDate: date("2015-01-23T12:33:18Z")}}, out.(*RAMListPoliciesForOutput).Policies)
			}},
		{action: "ListPoliciesForGroup",
			call: func(ctx context.Context) (any, error) {
				return c.ListPoliciesForGroup(ctx, &RAMListPoliciesForInput{GroupName: "dev-team"})
			},
			query:  "GroupName=dev-team",
			answer: `{"RequestId":"R","Policies":{"Policy":[]}}`},
		{action: "ListPoliciesForRole",
			call: func(ctx context.Context) (any, error) {
				return c.ListPoliciesForRole(ctx, &RAMListPoliciesForInput{RoleName: "ecs-admin"})
			},
			query:  "RoleName=ecs-admin",
			answer: `{"RequestId":"R","Policies":{"Policy":[]}}`},
		{action: "ListEntitiesForPolicy",
			call: func(ctx context.Context) (any, error) {
				return c.ListEntitiesForPolicy(ctx, &RAMListEntitiesForPolicyInput{PolicyName: "OSS-Administrator", PolicyType: RAMPolicyCustom})
			},
			query: "PolicyName=OSS-Administrator&PolicyType=Custom",
			answer: `{"RequestId":"R","Users":{"User":[{"UserId":"1227489245380721","UserName":"zhangqiang","DisplayName":"zhangqiang","AttachDate":"2015-01-23T12:33:18Z"}]},` +
				`"Groups":{"Group":[{"GroupName":"dev-team","Comments":"c","AttachDate":"2015-01-23T12:33:18Z"}]},` +
				`"Roles":{"Role":[{"RoleId":"1048","RoleName":"ecs-admin","Arn":"acs:ram::123:role/ecs-admin","Description":"d","AttachDate":"2015-01-23T12:33:18Z"}]}}`,
			check: func(t *testing.T, out any) {
				o := out.(*RAMListEntitiesForPolicyOutput)
				require.Len(t, o.Users, 1)
				assert.Equal(t, "1227489245380721", o.Users[0].UserID)
				require.Len(t, o.Groups, 1)
				assert.Equal(t, date("2015-01-23T12:33:18Z"), o.Groups[0].AttachDate)
				assert.Equal(t, []*RAMRole{{RoleID: "1048", RoleName: "ecs-admin", Arn: "acs:ram::123:role/ecs-admin",
					Description: "d", AttachDate: date("2015-01-23T12:33:18Z")}}, o.Roles)
			}},
		{action: "CreatePolicyVersion",
			call: func(ctx context.Context) (any, error) {
				return c.CreatePolicyVersion(ctx, &RAMCreatePolicyVersionInput{PolicyName: "OSS-Administrator", PolicyDocument: testDoc,
					SetAsDefault: true, RotateStrategy: RAMRotateDeleteOldest})
			},
			query:  "PolicyDocument=" + doc + "&PolicyName=OSS-Administrator&RotateStrategy=DeleteOldestNonDefaultVersionWhenLimitExceeded&SetAsDefault=true",
			answer: `{"RequestId":"R","PolicyVersion":` + version + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, &RAMPolicyVersion{VersionID: "v3", PolicyDocument: `{"Version":"1"}`, CreateDate: date("2015-01-23T12:33:18Z")},
					out.(*RAMCreatePolicyVersionOutput).PolicyVersion)
			}},
		{action: "GetPolicyVersion",
			call: func(ctx context.Context) (any, error) {
				return c.GetPolicyVersion(ctx, &RAMGetPolicyVersionInput{PolicyName: "OSS-Administrator", PolicyType: RAMPolicyCustom, VersionID: "v3"})
			},
			query:  "PolicyName=OSS-Administrator&PolicyType=Custom&VersionId=v3",
			answer: `{"RequestId":"R","PolicyVersion":` + version + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, "v3", out.(*RAMGetPolicyVersionOutput).PolicyVersion.VersionID)
			}},
		{action: "ListPolicyVersions",
			call: func(ctx context.Context) (any, error) {
				return c.ListPolicyVersions(ctx, &RAMListPolicyVersionsInput{PolicyName: "OSS-Administrator", PolicyType: RAMPolicyCustom})
			},
			query:  "PolicyName=OSS-Administrator&PolicyType=Custom",
			answer: `{"RequestId":"R","PolicyVersions":{"PolicyVersion":[` + version + `]}}`,
			check: func(t *testing.T, out any) {
				assert.Len(t, out.(*RAMListPolicyVersionsOutput).PolicyVersions, 1)
			}},
		{action: "DeletePolicyVersion",
			call: func(ctx context.Context) (any, error) {
				return c.DeletePolicyVersion(ctx, &RAMPolicyVersionInput{PolicyName: "OSS-Administrator", VersionID: "v3"})
			},
			query:  "PolicyName=OSS-Administrator&VersionId=v3",
			answer: `{"RequestId":"R"}`},
		{action: "SetDefaultPolicyVersion",
			call: func(ctx context.Context) (any, error) {
				return c.SetDefaultPolicyVersion(ctx, &RAMPolicyVersionInput{PolicyName: "OSS-Administrator", VersionID: "v3"})
			},
			query:  "PolicyName=OSS-Administrator&VersionId=v3",
			answer: `{"RequestId":"R"}`},
	})
}

func TestIDaaSGroupRequests(t *testing.T) {
	c, mt := newMockIDaaS(t)
	const inst = "InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx"
	const group = `{"GroupId":"group_miu8e4t4d7i4u7uwezgr54xxxx","GroupName":"dev","Description":"d","GroupExternalId":"group_miu8e4t4d7i4u7uwezgr54xxxx",` +
		`"GroupSourceType":"build_in","GroupSourceId":"idaas_ue2jvisn35ea5lmthk267xxxxx","InstanceId":"idaas_ue2jvisn35ea5lmthk267xxxxx","CreateTime":1649830226000,"UpdateTime":1649830227000}`
	const gid = "group_miu8e4t4d7i4u7uwezgr54xxxx"
	runWireCases(t, mt, "eiam.cn-hangzhou.aliyuncs.com", "2021-12-01", []wireCase{
		{action: "CreateGroup",
			call: func(ctx context.Context) (any, error) {
				return c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: "研发 team", Description: "d", GroupExternalID: "ext-1"})
			},
			query:  "Description=d&GroupExternalId=ext-1&GroupName=%E7%A0%94%E5%8F%91+team&" + inst,
			answer: `{"RequestId":"R","GroupId":"` + gid + `"}`,
			check:  func(t *testing.T, out any) { assert.Equal(t, gid, out.(*IDaaSCreateGroupOutput).GroupID) }},
		{action: "GetGroup",
			call:   func(ctx context.Context) (any, error) { return c.GetGroup(ctx, &IDaaSGroupInput{GroupID: gid}) },
			query:  "GroupId=" + gid + "&" + inst,
			answer: `{"RequestId":"R","Group":` + group + `}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, &IDaaSGroup{GroupID: gid, GroupName: "dev", Description: "d", GroupExternalID: gid,
					GroupSourceType: IDaaSGroupSourceBuildIn, GroupSourceID: "idaas_ue2jvisn35ea5lmthk267xxxxx",
					InstanceID: "idaas_ue2jvisn35ea5lmthk267xxxxx", CreateTime: time.UnixMilli(1649830226000).UTC(),
					UpdateTime: time.UnixMilli(1649830227000).UTC()}, out.(*IDaaSGetGroupOutput).Group)
			}},
		{action: "UpdateGroup",
			call: func(ctx context.Context) (any, error) {
				return c.UpdateGroup(ctx, &IDaaSUpdateGroupInput{GroupID: gid, GroupName: "ops", GroupExternalID: "ext-2"})
			},
			query:  "GroupExternalId=ext-2&GroupId=" + gid + "&GroupName=ops&" + inst,
			answer: `{"RequestId":"R"}`},
		{action: "UpdateGroupDescription",
			call: func(ctx context.Context) (any, error) {
				return c.UpdateGroupDescription(ctx, &IDaaSUpdateGroupDescriptionInput{GroupID: gid})
			},
			query:  "Description=&GroupId=" + gid + "&" + inst,
			answer: `{"RequestId":"R"}`},
		{action: "DeleteGroup",
			call:   func(ctx context.Context) (any, error) { return c.DeleteGroup(ctx, &IDaaSGroupInput{GroupID: gid}) },
			query:  "GroupId=" + gid + "&" + inst,
			answer: `{"RequestId":"R"}`},
		{action: "ListGroups",
			call: func(ctx context.Context) (any, error) {
				return c.ListGroups(ctx, &IDaaSListGroupsInput{PageNumber: 2, PageSize: 100, GroupName: "dev", GroupNameStartsWith: "d",
					GroupExternalID: "e", GroupIDs: []string{"group_a", "group_b"}})
			},
			query:  "GroupExternalId=e&GroupIds.1=group_a&GroupIds.2=group_b&GroupName=dev&GroupNameStartsWith=d&" + inst + "&PageNumber=2&PageSize=100",
			answer: `{"RequestId":"R","TotalCount":101,"Groups":[` + group + `]}`,
			check: func(t *testing.T, out any) {
				o := out.(*IDaaSListGroupsOutput)
				assert.Equal(t, int64(101), o.TotalCount)
				require.Len(t, o.Groups, 1)
			}},
		{action: "AddUsersToGroup",
			call: func(ctx context.Context) (any, error) {
				return c.AddUsersToGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{"user_a", "user_b"}})
			},
			query:  "GroupId=" + gid + "&" + inst + "&UserIds.1=user_a&UserIds.2=user_b",
			answer: `{"RequestId":"R"}`},
		{action: "RemoveUsersFromGroup",
			call: func(ctx context.Context) (any, error) {
				return c.RemoveUsersFromGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{"user_a"}})
			},
			query:  "GroupId=" + gid + "&" + inst + "&UserIds.1=user_a",
			answer: `{"RequestId":"R"}`},
		{action: "ListUsersForGroup",
			call: func(ctx context.Context) (any, error) {
				return c.ListUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: gid, PageNumber: 1, PageSize: 20, UserIDs: []string{"user_a"}})
			},
			query:  "GroupId=" + gid + "&" + inst + "&PageNumber=1&PageSize=20&UserIds.1=user_a",
			answer: `{"RequestId":"R","TotalCount":1,"Users":[{"UserId":"user_a","GroupMemberRelationSourceType":"build_in","GroupMemberRelationSourceId":"idaas_x"}]}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, []*IDaaSMembership{{UserID: "user_a", GroupMemberRelationSourceType: IDaaSUserSourceBuildIn,
					GroupMemberRelationSourceID: "idaas_x"}}, out.(*IDaaSListUsersForGroupOutput).Users)
			}},
		{action: "ListGroupsForUser",
			call: func(ctx context.Context) (any, error) {
				return c.ListGroupsForUser(ctx, &IDaaSListGroupsForUserInput{UserID: "user_a", PageSize: 50})
			},
			query:  inst + "&PageSize=50&UserId=user_a",
			answer: `{"RequestId":"R","TotalCount":1,"Groups":[{"GroupId":"` + gid + `","GroupMemberRelationSourceType":"ding_talk","GroupMemberRelationSourceId":"corp1"}]}`,
			check: func(t *testing.T, out any) {
				g := out.(*IDaaSListGroupsForUserOutput).Groups
				require.Len(t, g, 1)
				assert.Equal(t, IDaaSUserSourceDingTalk, g[0].GroupMemberRelationSourceType)
			}},
	})
}

// A success answer without what the call returns is ErrInvalidResponse,
// and a truncated page without a Marker too.
func TestGroupAnswersLackingWhatTheCallReturns(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockRAM(t)
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", httpmock.NewStringResponder(200, `{"RequestId":"R","IsTruncated":true}`))
	_, err := c.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "g"})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	_, err = c.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "p", PolicyDocument: testDoc})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	_, err = c.ListGroups(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	_, err = c.ListPolicies(ctx, nil)
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)

	ic, imt := newMockIDaaS(t)
	imt.RegisterResponder("POST", "https://eiam.cn-hangzhou.aliyuncs.com/", httpmock.NewStringResponder(200, `{"RequestId":"R"}`))
	_, err = ic.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: "g"})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
	_, err = ic.GetGroup(ctx, &IDaaSGroupInput{GroupID: "group_x"})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
}
