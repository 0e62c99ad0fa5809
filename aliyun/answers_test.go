package aliyun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// answerCase is one native action with the answer Alibaba Cloud gives it.
type answerCase struct {
	name string
	// changes: the action makes something (or sets a password) and is not
	// repeated once the server may have acted: a failure after that is
	// ErrOutcomeUnknown.
	changes bool
	call    func(ctx context.Context) error
	// answer is the cloud's answer, what the call must accept.
	answer string
}

// errOf is the error of a call that returns a value and an error.
func errOf[T any](_ T, err error) error { return err }

// answerCases are every native action of both clients, each with its
// answer: creates, gets, updates, deletes and lists of users, access keys,
// login profiles, groups, policies and application grants.
func answerCases(r *RAMClient, c *IDaaSClient) []answerCase {
	const (
		rid     = `"RequestId":"6C7B3A4E-0000-4000-8000-000000000001"`
		none    = `{` + rid + `}`
		user    = `{"UserId":"1227489245380721","UserName":"alice","DisplayName":"Alice","CreateDate":"2015-01-23T12:33:18Z"}`
		group   = `{"GroupId":"740317625433843","GroupName":"dev","Comments":"c","CreateDate":"2015-01-23T12:33:18Z"}`
		policy  = `{"PolicyName":"OSS-Admin","PolicyType":"Custom","DefaultVersion":"v1","CreateDate":"2015-01-23T12:33:18Z"}`
		version = `{"VersionId":"v1","IsDefaultVersion":true,"PolicyDocument":"{}","CreateDate":"2015-01-23T12:33:18Z"}`
		account = `{"UserId":"user_d6sbsuumeta4h66ec3il7yxxxx","Username":"alice","Status":"enabled"}`
		egroup  = `{"GroupId":"group_dkdv1ww5c4xxxx","GroupName":"dev"}`
		uid     = "user_d6sbsuumeta4h66ec3il7yxxxx"
		gid     = "group_dkdv1ww5c4xxxx"
		app     = "app_mkv7rgt4d7i4u7zqtzev2mxxxx"
	)
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`
	attach := &RAMPolicyAttachmentInput{PolicyName: "OSS-Admin", PolicyType: RAMPolicyCustom, UserName: "alice"}
	grant := &IDaaSApplicationAuthorizationInput{ApplicationID: app, UserIDs: []string{uid}}
	pw := iam.NewSecret("N3w-P@ssword!")
	return []answerCase{
		// RAM users, access keys and login profiles.
		{"ram/CreateUser", true, func(ctx context.Context) error {
			return errOf(r.CreateUser(ctx, &RAMCreateUserInput{UserName: "alice"}))
		}, `{` + rid + `,"User":` + user + `}`},
		{"ram/GetUser", false, func(ctx context.Context) error {
			return errOf(r.GetUser(ctx, &RAMGetUserInput{UserName: "alice"}))
		}, `{` + rid + `,"User":` + user + `}`},
		{"ram/UpdateUser", false, func(ctx context.Context) error {
			return errOf(r.UpdateUser(ctx, &RAMUpdateUserInput{UserName: "alice", NewComments: "c"}))
		}, `{` + rid + `,"User":` + user + `}`},
		{"ram/DeleteUser", false, func(ctx context.Context) error {
			return errOf(r.DeleteUser(ctx, &RAMDeleteUserInput{UserName: "alice"}))
		}, none},
		{"ram/ListUsers", false, func(ctx context.Context) error { return errOf(r.ListUsers(ctx, nil)) },
			`{` + rid + `,"IsTruncated":false,"Users":{"User":[` + user + `]}}`},
		{"ram/CreateAccessKey", true, func(ctx context.Context) error {
			return errOf(r.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: "alice"}))
		}, `{` + rid + `,"AccessKey":{"AccessKeyId":"LTAI5tEXAMPLE","AccessKeySecret":"example-secret","Status":"Active"}}`},
		{"ram/UpdateAccessKey", false, func(ctx context.Context) error {
			return errOf(r.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: "alice", UserAccessKeyID: "LTAI5tEXAMPLE", Status: AccessKeyInactive}))
		}, none},
		{"ram/DeleteAccessKey", false, func(ctx context.Context) error {
			return errOf(r.DeleteAccessKey(ctx, &RAMDeleteAccessKeyInput{UserName: "alice", UserAccessKeyID: "LTAI5tEXAMPLE"}))
		}, none},
		{"ram/ListAccessKeys", false, func(ctx context.Context) error {
			return errOf(r.ListAccessKeys(ctx, &RAMListAccessKeysInput{UserName: "alice"}))
		}, `{` + rid + `,"AccessKeys":{"AccessKey":[{"AccessKeyId":"LTAI5tEXAMPLE","Status":"Active"}]}}`},
		{"ram/CreateLoginProfile", true, func(ctx context.Context) error {
			return errOf(r.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "alice", Password: pw}))
		}, `{` + rid + `,"LoginProfile":{"UserName":"alice","PasswordResetRequired":false,"MFABindRequired":false}}`},
		{"ram/GetLoginProfile", false, func(ctx context.Context) error {
			return errOf(r.GetLoginProfile(ctx, &RAMGetLoginProfileInput{UserName: "alice"}))
		}, `{` + rid + `,"LoginProfile":{"UserName":"alice","PasswordResetRequired":false,"MFABindRequired":false}}`},
		{"ram/UpdateLoginProfile(Password)", true, func(ctx context.Context) error {
			return errOf(r.UpdateLoginProfile(ctx, &RAMUpdateLoginProfileInput{UserName: "alice", Password: pw}))
		}, none},
		{"ram/UpdateLoginProfile(MFABindRequired)", false, func(ctx context.Context) error {
			return errOf(r.UpdateLoginProfile(ctx, &RAMUpdateLoginProfileInput{UserName: "alice", MFABindRequired: iam.Ptr(true)}))
		}, none},
		{"ram/DeleteLoginProfile", false, func(ctx context.Context) error {
			return errOf(r.DeleteLoginProfile(ctx, &RAMDeleteLoginProfileInput{UserName: "alice"}))
		}, none},

		// RAM groups.
		{"ram/CreateGroup", true, func(ctx context.Context) error {
			return errOf(r.CreateGroup(ctx, &RAMCreateGroupInput{GroupName: "dev"}))
		}, `{` + rid + `,"Group":` + group + `}`},
		{"ram/GetGroup", false, func(ctx context.Context) error {
			return errOf(r.GetGroup(ctx, &RAMGetGroupInput{GroupName: "dev"}))
		}, `{` + rid + `,"Group":` + group + `}`},
		{"ram/UpdateGroup", false, func(ctx context.Context) error {
			return errOf(r.UpdateGroup(ctx, &RAMUpdateGroupInput{GroupName: "dev", NewComments: "d"}))
		}, `{` + rid + `,"Group":` + group + `}`},
		{"ram/DeleteGroup", false, func(ctx context.Context) error {
			return errOf(r.DeleteGroup(ctx, &RAMDeleteGroupInput{GroupName: "dev"}))
		}, none},
		{"ram/ListGroups", false, func(ctx context.Context) error { return errOf(r.ListGroups(ctx, nil)) },
			`{` + rid + `,"IsTruncated":false,"Groups":{"Group":[` + group + `]}}`},
		{"ram/AddUserToGroup", true, func(ctx context.Context) error {
			return errOf(r.AddUserToGroup(ctx, &RAMGroupMemberInput{GroupName: "dev", UserName: "alice"}))
		}, none},
		{"ram/RemoveUserFromGroup", false, func(ctx context.Context) error {
			return errOf(r.RemoveUserFromGroup(ctx, &RAMGroupMemberInput{GroupName: "dev", UserName: "alice"}))
		}, none},
		{"ram/ListUsersForGroup", false, func(ctx context.Context) error {
			return errOf(r.ListUsersForGroup(ctx, &RAMListUsersForGroupInput{GroupName: "dev"}))
		}, `{` + rid + `,"IsTruncated":false,"Users":{"User":[{"UserName":"alice","DisplayName":"Alice","JoinDate":"2015-01-23T12:33:18Z"}]}}`},
		{"ram/ListGroupsForUser", false, func(ctx context.Context) error {
			return errOf(r.ListGroupsForUser(ctx, &RAMListGroupsForUserInput{UserName: "alice"}))
		}, `{` + rid + `,"Groups":{"Group":[` + group + `]}}`},

		// RAM policies.
		{"ram/CreatePolicy", true, func(ctx context.Context) error {
			return errOf(r.CreatePolicy(ctx, &RAMCreatePolicyInput{PolicyName: "OSS-Admin", PolicyDocument: doc}))
		}, `{` + rid + `,"Policy":` + policy + `}`},
		{"ram/GetPolicy", false, func(ctx context.Context) error {
			return errOf(r.GetPolicy(ctx, &RAMGetPolicyInput{PolicyName: "OSS-Admin", PolicyType: RAMPolicyCustom}))
		}, `{` + rid + `,"Policy":` + policy + `,"DefaultPolicyVersion":` + version + `}`},
		{"ram/UpdatePolicyDescription", false, func(ctx context.Context) error {
			return errOf(r.UpdatePolicyDescription(ctx, &RAMUpdatePolicyDescriptionInput{PolicyName: "OSS-Admin", NewDescription: "d"}))
		}, `{` + rid + `,"Policy":` + policy + `}`},
		{"ram/DeletePolicy", false, func(ctx context.Context) error {
			return errOf(r.DeletePolicy(ctx, &RAMDeletePolicyInput{PolicyName: "OSS-Admin"}))
		}, none},
		{"ram/ListPolicies", false, func(ctx context.Context) error { return errOf(r.ListPolicies(ctx, nil)) },
			`{` + rid + `,"IsTruncated":false,"Policies":{"Policy":[` + policy + `]}}`},
		{"ram/AttachPolicyToUser", true, func(ctx context.Context) error { return errOf(r.AttachPolicyToUser(ctx, attach)) }, none},
		{"ram/DetachPolicyFromUser", false, func(ctx context.Context) error { return errOf(r.DetachPolicyFromUser(ctx, attach)) }, none},
		{"ram/ListPoliciesForUser", false, func(ctx context.Context) error {
			return errOf(r.ListPoliciesForUser(ctx, &RAMListPoliciesForInput{UserName: "alice"}))
		}, `{` + rid + `,"Policies":{"Policy":[` + policy + `]}}`},
		{"ram/ListEntitiesForPolicy", false, func(ctx context.Context) error {
			return errOf(r.ListEntitiesForPolicy(ctx, &RAMListEntitiesForPolicyInput{PolicyName: "OSS-Admin", PolicyType: RAMPolicyCustom}))
		}, `{` + rid + `,"Users":{"User":[` + user + `]},"Groups":{"Group":[` + group + `]},"Roles":{"Role":[{"RoleId":"1","RoleName":"ecs"}]}}`},
		{"ram/CreatePolicyVersion", true, func(ctx context.Context) error {
			return errOf(r.CreatePolicyVersion(ctx, &RAMCreatePolicyVersionInput{PolicyName: "OSS-Admin", PolicyDocument: doc}))
		}, `{` + rid + `,"PolicyVersion":` + version + `}`},
		{"ram/GetPolicyVersion", false, func(ctx context.Context) error {
			return errOf(r.GetPolicyVersion(ctx, &RAMGetPolicyVersionInput{PolicyName: "OSS-Admin", PolicyType: RAMPolicyCustom, VersionID: "v1"}))
		}, `{` + rid + `,"PolicyVersion":` + version + `}`},
		{"ram/ListPolicyVersions", false, func(ctx context.Context) error {
			return errOf(r.ListPolicyVersions(ctx, &RAMListPolicyVersionsInput{PolicyName: "OSS-Admin", PolicyType: RAMPolicyCustom}))
		}, `{` + rid + `,"PolicyVersions":{"PolicyVersion":[` + version + `]}}`},
		{"ram/DeletePolicyVersion", false, func(ctx context.Context) error {
			return errOf(r.DeletePolicyVersion(ctx, &RAMPolicyVersionInput{PolicyName: "OSS-Admin", VersionID: "v2"}))
		}, none},

		// EIAM accounts.
		{"eiam/CreateUser", true, func(ctx context.Context) error {
			return errOf(c.CreateUser(ctx, &IDaaSCreateUserInput{Username: "alice", Password: pw, PrimaryOrganizationalUnitID: "ou_primaryxxxxxxxxxxxxxxxxxx"}))
		}, `{` + rid + `,"UserId":"` + uid + `"}`},
		{"eiam/GetUser", false, func(ctx context.Context) error {
			return errOf(c.GetUser(ctx, &IDaaSGetUserInput{UserID: uid}))
		}, `{` + rid + `,"User":` + account + `}`},
		{"eiam/ListUsers", false, func(ctx context.Context) error { return errOf(c.ListUsers(ctx, nil)) },
			`{` + rid + `,"TotalCount":1,"Users":[` + account + `]}`},
		{"eiam/UpdateUser", false, func(ctx context.Context) error {
			return errOf(c.UpdateUser(ctx, &IDaaSUpdateUserInput{UserID: uid, DisplayName: "A"}))
		}, none},
		{"eiam/UpdateUserDescription", false, func(ctx context.Context) error {
			return errOf(c.UpdateUserDescription(ctx, &IDaaSUpdateUserDescriptionInput{UserID: uid, Description: "d"}))
		}, none},
		{"eiam/DisableUser", false, func(ctx context.Context) error { return errOf(c.DisableUser(ctx, &IDaaSUserInput{UserID: uid})) }, none},
		{"eiam/DeleteUser", false, func(ctx context.Context) error { return errOf(c.DeleteUser(ctx, &IDaaSUserInput{UserID: uid})) }, none},
		{"eiam/UpdateUserPassword", true, func(ctx context.Context) error {
			return errOf(c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: uid, Password: pw}))
		}, none},

		// EIAM groups.
		{"eiam/CreateGroup", true, func(ctx context.Context) error {
			return errOf(c.CreateGroup(ctx, &IDaaSCreateGroupInput{GroupName: "dev"}))
		}, `{` + rid + `,"GroupId":"` + gid + `"}`},
		{"eiam/GetGroup", false, func(ctx context.Context) error { return errOf(c.GetGroup(ctx, &IDaaSGroupInput{GroupID: gid})) },
			`{` + rid + `,"Group":` + egroup + `}`},
		{"eiam/UpdateGroup", false, func(ctx context.Context) error {
			return errOf(c.UpdateGroup(ctx, &IDaaSUpdateGroupInput{GroupID: gid, GroupName: "ops"}))
		}, none},
		{"eiam/UpdateGroupDescription", false, func(ctx context.Context) error {
			return errOf(c.UpdateGroupDescription(ctx, &IDaaSUpdateGroupDescriptionInput{GroupID: gid, Description: "d"}))
		}, none},
		{"eiam/DeleteGroup", false, func(ctx context.Context) error { return errOf(c.DeleteGroup(ctx, &IDaaSGroupInput{GroupID: gid})) }, none},
		{"eiam/ListGroups", false, func(ctx context.Context) error { return errOf(c.ListGroups(ctx, nil)) },
			`{` + rid + `,"TotalCount":1,"Groups":[` + egroup + `]}`},
		{"eiam/AddUsersToGroup", true, func(ctx context.Context) error {
			return errOf(c.AddUsersToGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{uid}}))
		}, none},
		{"eiam/RemoveUsersFromGroup", false, func(ctx context.Context) error {
			return errOf(c.RemoveUsersFromGroup(ctx, &IDaaSGroupUsersInput{GroupID: gid, UserIDs: []string{uid}}))
		}, none},
		{"eiam/ListUsersForGroup", false, func(ctx context.Context) error {
			return errOf(c.ListUsersForGroup(ctx, &IDaaSListUsersForGroupInput{GroupID: gid}))
		}, `{` + rid + `,"TotalCount":1,"Users":[{"UserId":"` + uid + `","GroupMemberRelationSourceType":"build_in"}]}`},
		{"eiam/ListGroupsForUser", false, func(ctx context.Context) error {
			return errOf(c.ListGroupsForUser(ctx, &IDaaSListGroupsForUserInput{UserID: uid}))
		}, `{` + rid + `,"TotalCount":1,"Groups":[{"GroupId":"` + gid + `","GroupMemberRelationSourceType":"build_in"}]}`},

		// EIAM application grants.
		{"eiam/UpdateApplicationAuthorizationType", false, func(ctx context.Context) error {
			return errOf(c.UpdateApplicationAuthorizationType(ctx, &IDaaSUpdateApplicationAuthorizationTypeInput{ApplicationID: app,
				AuthorizationType: IDaaSAuthorizeRequired}))
		}, none},
		{"eiam/AuthorizeApplicationToUsers", true, func(ctx context.Context) error { return errOf(c.AuthorizeApplicationToUsers(ctx, grant)) }, none},
		{"eiam/RevokeApplicationFromUsers", false, func(ctx context.Context) error { return errOf(c.RevokeApplicationFromUsers(ctx, grant)) }, none},
		{"eiam/ListUsersForApplication", false, func(ctx context.Context) error {
			return errOf(c.ListUsersForApplication(ctx, &IDaaSListForApplicationInput{ApplicationID: app}))
		}, `{` + rid + `,"TotalCount":1,"Users":[{"UserId":"` + uid + `"}]}`},
		{"eiam/ListApplicationsForUser", false, func(ctx context.Context) error {
			return errOf(c.ListApplicationsForUser(ctx, &IDaaSListApplicationsForInput{UserID: uid}))
		}, `{` + rid + `,"TotalCount":1,"Applications":[{"ApplicationId":"` + app + `"}]}`},
	}
}

// blanked is a JSON answer with every string emptied, its shape kept.
func blanked(t *testing.T, answer string) string {
	var v any
	require.NoError(t, json.Unmarshal([]byte(answer), &v))
	var blank func(any) any
	blank = func(v any) any {
		switch x := v.(type) {
		case string:
			return ""
		case map[string]any:
			for k, e := range x {
				x[k] = blank(e)
			}
		case []any:
			for i, e := range x {
				x[i] = blank(e)
			}
		}
		return v
	}
	b, err := json.Marshal(blank(v))
	require.NoError(t, err)
	return string(b)
}

// Every native action decodes its answer in one place and checks it: an
// answer that is not the cloud's (an HTML page, no body, a 204, a
// byte-order mark, an empty object, the answer with every string blanked,
// the request id alone where the action returns something) is
// ErrInvalidResponse, after one request; after an action that makes
// something or sets a password it is ErrOutcomeUnknown too (the cloud
// acted), after any other it is not. The cloud's answer passes.
func TestEveryActionChecksItsAnswer(t *testing.T) {
	ctx := context.Background()
	r, rt := newMockRAM(t)
	c, ct := newMockIDaaS(t)
	for _, tc := range answerCases(r, c) {
		mt := rt
		if strings.HasPrefix(tc.name, "eiam/") {
			mt = ct
		}
		spoiled := []struct {
			name, ctype, body string
			status            int
		}{
			{"html", "text/html", `<html><body>OK</body></html>`, 200},
			{"empty", "application/json", ``, 200},
			{"204", "application/json", ``, 204},
			{"bom", "application/json", "\xef\xbb\xbf" + tc.answer, 200},
			{"object", "application/json", `{}`, 200},
			{"blank", "application/json", blanked(t, tc.answer), 200},
			{"array", "application/json", `[` + tc.answer + `]`, 200},
		}
		if tc.answer != `{"RequestId":"6C7B3A4E-0000-4000-8000-000000000001"}` {
			spoiled = append(spoiled, struct {
				name, ctype, body string
				status            int
			}{"request-id-only", "application/json", `{"RequestId":"R"}`, 200})
		}
		for _, s := range spoiled {
			t.Run(tc.name+"/"+s.name, func(t *testing.T) {
				mt.Reset()
				mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(s.status, s.body)
					resp.Header.Set("Content-Type", s.ctype)
					return resp, nil
				})
				err := tc.call(ctx)
				require.Error(t, err)
				var ie *iam.Error
				require.True(t, errors.As(err, &ie), "%T %v", err, err)
				assert.True(t, errors.Is(err, iam.ErrInvalidResponse), "%v", err)
				assert.Equal(t, tc.changes, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
				assert.Equal(t, 1, mt.GetTotalCallCount(), "one request")
			})
		}
		t.Run(tc.name+"/answer", func(t *testing.T) {
			mt.Reset()
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, tc.answer))
			require.NoError(t, tc.call(ctx))
		})
	}
}

// A 503 is no proof that the server did not act: an action that makes
// something (or sets a password) is sent once and fails with
// ErrOutcomeUnknown (a repeat could make a second key, or be refused for
// reusing the password it has just set); any other is tried again.
func TestA503IsRetriedOnlyWhenRepeatingIsSafe(t *testing.T) {
	ctx := context.Background()
	fast := func(cfg *Config) {
		cfg.MaxAttempts, cfg.MinBackoff, cfg.MaxBackoff = 3, time.Millisecond, time.Millisecond
	}
	r, rt := newMockRAM(t, fast)
	c, ct := newMockIDaaS(t, func(cfg *IDaaSConfig) { fast(&cfg.Config) })
	for _, tc := range answerCases(r, c) {
		for _, body := range []string{
			`{"RequestId":"R","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}`,
			`{"RequestId":"R","Code":"InternalError","Message":"The request processing has failed due to some unknown error."}`,
		} {
			t.Run(tc.name+"/"+strings.SplitN(body, `"`, 9)[7], func(t *testing.T) {
				mt := rt
				if strings.HasPrefix(tc.name, "eiam/") {
					mt = ct
				}
				mt.Reset()
				status := 503
				if strings.Contains(body, "InternalError") {
					status = 500
				}
				mt.RegisterNoResponder(httpmock.ResponderFromMultipleResponses([]*http.Response{
					httpmock.NewStringResponse(status, body),
					httpmock.NewStringResponse(200, tc.answer),
				}))
				err := tc.call(ctx)
				if tc.changes {
					require.Error(t, err)
					assert.True(t, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
					assert.Equal(t, 1, mt.GetTotalCallCount(), "sent once")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, 2, mt.GetTotalCallCount(), "tried again")
			})
		}
	}
}

// A password the cloud quotes back in a refusal never shows in the
// error, whatever the action that carried it.
func TestEchoedPasswordsAreScrubbed(t *testing.T) {
	ctx := context.Background()
	r, rt := newMockRAM(t)
	c, ct := newMockIDaaS(t)
	const pw = "N3w-P@ssword!"
	for _, tc := range answerCases(r, c) {
		switch tc.name {
		case "ram/CreateLoginProfile", "ram/UpdateLoginProfile(Password)", "eiam/CreateUser", "eiam/UpdateUserPassword":
		default:
			continue // the actions that carry a password
		}
		t.Run(tc.name, func(t *testing.T) {
			mt := rt
			if strings.HasPrefix(tc.name, "eiam/") {
				mt = ct
			}
			mt.Reset()
			msg, _ := json.Marshal("The password " + pw + " of user alice does not meet the password policy.")
			mt.RegisterNoResponder(httpmock.NewStringResponder(400,
				`{"RequestId":"R","Code":"InvalidParameter.Password.TooWeak","Message":`+string(msg)+`}`))
			err := tc.call(ctx)
			require.Error(t, err)
			for _, form := range []string{"%v", "%+v", "%#v"} {
				assert.NotContains(t, fmt.Sprintf(form, err), pw, form)
			}
			assert.Contains(t, err.Error(), "of user alice does not meet", "the cloud's own words stay readable")
		})
	}
}
