package aliyun

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// vectorAnswers are the answers of TestQueriesMatchOfficialVectors's
// calls, by cloud ("ram-", "eiam") and action: what each must return.
var vectorAnswers = func() map[string]string {
	m := map[string]string{
		"ram-CreateUser":         `{"RequestId":"R","User":{"UserId":"1","UserName":"test_user"}}`,
		"ram-GetUser":            `{"RequestId":"R","User":{"UserId":"1","UserName":"test_user"}}`,
		"ram-UpdateUser":         `{"RequestId":"R","User":{"UserId":"1","UserName":"test_user.v2"}}`,
		"ram-ListUsers":          `{"RequestId":"R","IsTruncated":false,"Users":{"User":[]}}`,
		"ram-CreateLoginProfile": `{"RequestId":"R","LoginProfile":{"UserName":"test_user"}}`,
		"ram-CreateAccessKey":    `{"RequestId":"R","AccessKey":{"AccessKeyId":"K","AccessKeySecret":"S","Status":"Active"}}`,
		"eiamCreateUser":         `{"RequestId":"R","UserId":"user_1"}`,
		"eiamGetUser":            `{"RequestId":"R","User":{"UserId":"user_1","Username":"x"}}`,
		"eiamListUsers":          `{"RequestId":"R","TotalCount":0,"Users":[]}`,
	}
	for _, a := range []string{"ram-UpdateAccessKey", "ram-DeleteUser", "eiamUpdateUserPassword", "eiamDisableUser"} {
		m[a] = `{"RequestId":"R"}`
	}
	return m
}()

// Each operation's query is byte for byte the query the official generated
// client sent for the same input (shared/vectors/aliyun-generated.json).
func TestQueriesMatchOfficialVectors(t *testing.T) {
	const inst, uid = "idaas_ue2jvisn35ea5lmthk267xxxxx", "user_d6sbsuumeta4h66ec3il7yxxxx"
	ctx := context.Background()
	cases := []struct {
		vector, action string
		call           func(*RAMClient, *IDaaSClient) error
	}{
		{"ram-CreateUser", "CreateUser", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.CreateUser(ctx, &RAMCreateUserInput{UserName: "test_user", DisplayName: "Test User Zoë",
				Email: "test_user@example.com", Comments: "created by SDK test"})
			return err
		}},
		{"ram-GetUser", "GetUser", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.GetUser(ctx, &RAMGetUserInput{UserName: "test_user"})
			return err
		}},
		{"ram-ListUsers-marker", "ListUsers", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.ListUsers(ctx, &RAMListUsersInput{Marker: "EXAMPLE+mArKeR/abc==", MaxItems: 100})
			return err
		}},
		{"ram-UpdateUser-reserved-chars", "UpdateUser", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.UpdateUser(ctx, &RAMUpdateUserInput{UserName: "test_user", NewUserName: "test_user.v2", NewDisplayName: "O'Brien (ops) *lead* ~x!"})
			return err
		}},
		{"ram-UpdateAccessKey-Inactive", "UpdateAccessKey", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: "test_user", UserAccessKeyID: "LTAI5tEXAMPLEUSERKEY0002", Status: AccessKeyInactive})
			return err
		}},
		{"ram-CreateLoginProfile-symbols", "CreateLoginProfile", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "test_user", Password: iam.NewSecret("Pa$$w0rd!*~"),
				PasswordResetRequired: iam.Ptr(true), MFABindRequired: iam.Ptr(false)})
			return err
		}},
		{"ram-CreateAccessKey-sts-token", "CreateAccessKey", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: "test_user"})
			return err
		}},
		{"ram-DeleteUser", "DeleteUser", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.DeleteUser(ctx, &RAMDeleteUserInput{UserName: "test_user"})
			return err
		}},
		{"eiam-CreateUser-full", "CreateUser", func(_ *RAMClient, c *IDaaSClient) error {
			_, err := c.CreateUser(ctx, seedInput())
			return err
		}},
		{"eiam-ListUsers-page", "ListUsers", func(_ *RAMClient, c *IDaaSClient) error {
			_, err := c.ListUsers(ctx, &IDaaSListUsersInput{PageNumber: 2, PageSize: 50, Status: IDaaSUserEnabled, UsernameStartsWith: "test"})
			return err
		}},
		{"eiam-UpdateUserPassword", "UpdateUserPassword", func(_ *RAMClient, c *IDaaSClient) error {
			_, err := c.UpdateUserPassword(ctx, &IDaaSUpdateUserPasswordInput{UserID: uid, Password: iam.NewSecret("N3w P@ss+word/=%"),
				PasswordForcedUpdateStatus: PasswordForcedUpdateEnabled, UserNotificationChannels: []NotificationChannel{"email"}})
			return err
		}},
		{"eiam-DisableUser", "DisableUser", func(_ *RAMClient, c *IDaaSClient) error {
			_, err := c.DisableUser(ctx, &IDaaSUserInput{UserID: uid})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.vector, func(t *testing.T) {
			want := vectorQuery(t, "aliyun-generated/"+tc.vector)
			var cap captured
			mt := httpmock.NewMockTransport()
			mt.RegisterNoResponder(cap.responder(200, vectorAnswers[tc.vector[:4]+tc.action]))
			r, err := NewRAM(testConfig(mt))
			require.NoError(t, err)
			c, err := NewIDaaS(IDaaSConfig{Config: testConfig(mt), InstanceID: inst})
			require.NoError(t, err)
			require.NoError(t, tc.call(r, c))
			require.Len(t, cap.reqs, 1)
			got := cap.reqs[0]
			assert.Equal(t, want, got.URL.RawQuery)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, tc.action, got.Header.Get("x-acs-action"))
		})
	}
}
