package huawei

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestAnswersChecked: every answer is checked for what IAM always sends
// before it is used. An answer without it is ErrInvalidResponse, and after
// a create (or a password change) ErrOutcomeUnknown too, since IAM acted;
// a complete answer passes.
func TestAnswersChecked(t *testing.T) {
	ctx := context.Background()
	u, g, r, p := testUserID, testGroupID, testRoleID, testProjectID
	pw := iam.NewSecret("Str0ng-Passw0rd!")
	tests := []struct {
		name    string
		call    func(c *Client) error
		good    string   // a complete answer
		bad     []string // answers lacking what the call returns
		unknown bool     // a failure after sending is outcome-unknown
	}{
		{"CreateUser", func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "alice"})
			return err
		}, `{"user":{"id":"` + u + `","name":"alice"}}`,
			[]string{`{"user":{"id":"` + u + `"}}`, `{"user":{"name":"alice"}}`, `{"user":null}`, `{}`, ``, `<html></html>`, "\xef\xbb\xbf{}"}, true},
		{"UpdateUser password", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: u, Password: pw})
			return err
		}, `{"user":{"id":"` + u + `","name":"alice"}}`, []string{`{"user":{"id":"","name":""}}`, `{}`, ``}, true},
		{"UpdateUser", func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: u, Description: iam.Ptr("d")})
			return err
		}, `{"user":{"id":"` + u + `","name":"alice"}}`, []string{`{"user":{"id":"` + u + `","name":""}}`, `{}`}, false},
		{"ShowUser", func(c *Client) error {
			_, err := c.ShowUser(ctx, &ShowUserInput{UserID: u})
			return err
		}, `{"user":{"id":"` + u + `","name":"alice"}}`, []string{`{"user":{"id":"` + u + `","name":""}}`}, false},
		{"ListUsers", func(c *Client) error {
			_, err := c.ListUsers(ctx, nil)
			return err
		}, `{"users":[{"id":"` + u + `","name":"alice"}]}`,
			[]string{`{"users":[{"id":"","name":"alice"}]}`, `{"users":[{"id":"` + u + `","name":""}]}`, `{"users":[null]}`, `{"users":{}}`}, false},
		{"CreatePermanentAccessKey", func(c *Client) error {
			_, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: u})
			return err
		}, `{"credential":{"access":"AK1","secret":"SK1","user_id":"` + u + `"}}`,
			[]string{`{"credential":{"access":"AK1","user_id":"` + u + `"}}`, `{"credential":{"access":"","secret":"","user_id":""}}`, `{}`}, true},
		{"ListPermanentAccessKeys", func(c *Client) error {
			_, err := c.ListPermanentAccessKeys(ctx, &ListPermanentAccessKeysInput{UserID: u})
			return err
		}, `{"credentials":[{"access":"AK1","user_id":"` + u + `"}]}`,
			[]string{`{"credentials":[{"access":"","user_id":""}]}`, `{"credentials":[null]}`, `{}`}, false},
		{"ShowPermanentAccessKey", func(c *Client) error {
			_, err := c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: "AK1"})
			return err
		}, `{"credential":{"access":"AK1","user_id":"` + u + `"}}`, []string{`{"credential":{"access":"AK1","user_id":""}}`}, false},
		{"ShowUserLoginProtect", func(c *Client) error {
			_, err := c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{UserID: u})
			return err
		}, `{"login_protect":{"user_id":"` + u + `","enabled":true,"verification_method":"sms"}}`,
			[]string{`{"login_protect":{"user_id":"","enabled":false,"verification_method":""}}`, `{}`}, false},
		{"UpdateLoginProtect", func(c *Client) error {
			_, err := c.UpdateLoginProtect(ctx, &UpdateLoginProtectInput{UserID: u, Enabled: true, VerificationMethod: VerifySMS})
			return err
		}, `{"login_protect":{"user_id":"` + u + `","enabled":true,"verification_method":"sms"}}`, []string{`{}`, ``}, false},
		{"CreateGroup", func(c *Client) error {
			_, err := c.CreateGroup(ctx, &CreateGroupInput{Name: "ops"})
			return err
		}, `{"group":{"id":"` + g + `","name":"ops"}}`, []string{`{"group":{"id":"","name":""}}`, `{}`, ``}, true},
		{"ListGroups", func(c *Client) error {
			_, err := c.ListGroups(ctx, nil)
			return err
		}, `{"groups":[{"id":"` + g + `","name":"ops"}]}`, []string{`{"groups":[{"id":"` + g + `","name":""}]}`}, false},
		{"ListUsersForGroup", func(c *Client) error {
			_, err := c.ListUsersForGroup(ctx, &ListUsersForGroupInput{GroupID: g})
			return err
		}, `{"users":[{"id":"` + u + `","name":"alice"}]}`, []string{`{"users":[{"id":"","name":"alice"}]}`}, false},
		{"ListProjects", func(c *Client) error {
			_, err := c.ListProjects(ctx, nil)
			return err
		}, `{"projects":[{"id":"` + p + `","name":"cn-north-4"}]}`, []string{`{"projects":[{"id":"","name":""}]}`}, false},
		{"ListPermissions", func(c *Client) error {
			_, err := c.ListPermissions(ctx, nil)
			return err
		}, `{"roles":[{"id":"` + r + `","name":"te_guest","display_name":"Tenant Guest"}]}`,
			[]string{`{"roles":[{"id":"` + r + `","name":"te_guest","display_name":""}]}`, `{"roles":[{"id":"","name":"","display_name":""}]}`}, false},
		{"CreateCloudServiceCustomPolicy", func(c *Client) error {
			_, err := c.CreateCloudServiceCustomPolicy(ctx, &CreateCloudServiceCustomPolicyInput{DisplayName: "x", Type: RoleTypeAX, Description: "d",
				Policy: &PolicyDocument{Version: PolicyVersion, Statement: []*PolicyStatement{{Effect: EffectAllow, Action: []string{"obs:*:get*"}}}}})
			return err
		}, `{"role":{"id":"` + r + `","display_name":"x"}}`, []string{`{"role":{"id":"","display_name":""}}`, `{}`}, true},
		{"ShowDomainRoleAssignments", func(c *Client) error {
			_, err := c.ShowDomainRoleAssignments(ctx, nil)
			return err
		}, `{"total_num":1,"role_assignments":[{"group":{"id":"` + g + `"},"role":{"id":"` + r + `"},"scope":{"domain":{"id":"` + testDomainID + `"}}}]}`,
			[]string{`{"role_assignments":[{"group":{"id":""},"role":{"id":"` + r + `"},"scope":{"domain":{"id":"d"}}}]}`,
				`{"role_assignments":[{"group":{"id":"g"},"role":{"id":""},"scope":{"domain":{"id":"d"}}}]}`,
				`{"role_assignments":[{"group":{"id":"g"},"role":{"id":"r"},"scope":{}}]}`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, reply{status: 200, body: tt.good})
			require.NoError(t, tt.call(m.client(Config{DomainID: testDomainID})), "a complete answer")
			for _, body := range tt.bad {
				m := newMock(t, reply{status: 200, body: body})
				err := tt.call(m.client(Config{DomainID: testDomainID, MaxAttempts: 3}))
				require.ErrorIs(t, err, iam.ErrInvalidResponse, "answer %q", body)
				assert.Equal(t, tt.unknown, errors.Is(err, iam.ErrOutcomeUnknown), "outcome unknown after answer %q: %v", body, err)
				assert.Equal(t, 1, m.calls(), "an answer that cannot be used is not asked for again")
			}
		})
	}
}

// TestStreamedElementsChecked: a streamed list stops at an element without
// its id or name, with ErrInvalidResponse, after the complete ones.
func TestStreamedElementsChecked(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		list func(c *Client) (n int, err error)
		body string
	}{
		{"AllUsers", func(c *Client) (int, error) { return count(c.AllUsers(ctx, nil)) },
			`{"users":[{"id":"u1","name":"alice"},{"id":"u2","name":""},{"id":"u3","name":"carol"}]}`},
		{"AllGroups", func(c *Client) (int, error) { return count(c.AllGroups(ctx, nil)) },
			`{"groups":[{"id":"g1","name":"ops"},{"id":"","name":"dev"}]}`},
		{"AllProjects", func(c *Client) (int, error) { return count(c.AllProjects(ctx, nil)) },
			`{"projects":[{"id":"p1","name":"cn-north-4"},null]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, reply{status: 200, body: tt.body})
			n, err := tt.list(m.client(Config{DomainID: testDomainID}))
			require.ErrorIs(t, err, iam.ErrInvalidResponse)
			assert.Contains(t, err.Error(), "element 1 of")
			assert.Equal(t, 1, n, "the complete elements before it are yielded")
		})
	}
}

func count[T any](seq func(func(*T, error) bool)) (n int, err error) {
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestLookupsNeverGuessNotFound: a name lookup answered with a spoiled list
// (elements without their id or name) is ErrInvalidResponse, never
// ErrNotFound; an empty list is ErrNotFound.
func TestLookupsNeverGuessNotFound(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name          string
		call          func(c *iam.Client) error
		spoiled, none string
	}{
		{"user", func(c *iam.Client) error { _, err := c.GetUser(ctx, "alice"); return err },
			`{"users":[{"id":"","name":""}]}`, `{"users":[]}`},
		{"group", func(c *iam.Client) error { _, err := c.GetGroup(ctx, "ops"); return err },
			`{"groups":[{"id":"` + testGroupID + `","name":""}]}`, `{"groups":[]}`},
		{"system policy", func(c *iam.Client) error {
			_, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "Tenant Guest", Type: iam.PolicySystem})
			return err
		}, `{"roles":[{"id":"` + testRoleID + `","name":"te_guest","display_name":""}]}`, `{"roles":[]}`},
		{"custom policy", func(c *iam.Client) error {
			_, err := c.GetPolicy(ctx, iam.PolicyRef{Name: "mine", Type: iam.PolicyCustom})
			return err
		}, `{"roles":[{"id":"` + testRoleID + `","display_name":""}],"total_number":1}`, `{"roles":[],"total_number":0}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, reply{status: 200, body: tt.spoiled})
			err := tt.call(m.client(Config{DomainID: testDomainID}).IAM())
			require.ErrorIs(t, err, iam.ErrInvalidResponse)
			assert.NotErrorIs(t, err, iam.ErrNotFound)
			m = newMock(t, reply{status: 200, body: tt.none})
			require.ErrorIs(t, tt.call(m.client(Config{DomainID: testDomainID}).IAM()), iam.ErrNotFound)
		})
	}
}

// TestNoBodyAnswers: a call IAM answers without a body (204) takes an
// empty or JSON answer, and refuses a page that is not IAM's.
func TestNoBodyAnswers(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"DeleteUser": func(c *Client) error {
			_, err := c.DeleteUser(ctx, &DeleteUserInput{UserID: testUserID})
			return err
		},
		"DeletePermanentAccessKey": func(c *Client) error {
			_, err := c.DeletePermanentAccessKey(ctx, &DeletePermanentAccessKeyInput{AccessKeyID: "AK1"})
			return err
		},
		"DeleteGroup": func(c *Client) error {
			_, err := c.DeleteGroup(ctx, &DeleteGroupInput{GroupID: testGroupID})
			return err
		},
		"AddUserToGroup": func(c *Client) error {
			_, err := c.AddUserToGroup(ctx, &AddUserToGroupInput{GroupID: testGroupID, UserID: testUserID})
			return err
		},
		"DeleteCustomPolicy": func(c *Client) error {
			_, err := c.DeleteCustomPolicy(ctx, &DeleteCustomPolicyInput{RoleID: testRoleID})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			for _, ok := range []reply{{status: 204}, {status: 200, body: `{"message":"Delete success"}`}, {status: 200, body: " \n"}} {
				require.NoError(t, call(newMock(t, ok).client(Config{DomainID: testDomainID})), "answer %d %q", ok.status, ok.body)
			}
			for _, bad := range []string{`<html><body>Bad Gateway</body></html>`, `OK`, `{"message":`} {
				m := newMock(t, reply{status: 200, body: bad, header: map[string]string{"Content-Type": "text/html"}})
				require.ErrorIs(t, call(m.client(Config{DomainID: testDomainID})), iam.ErrInvalidResponse, "answer %q", bad)
			}
		})
	}
	// A grant (not repeated: IAM refuses one that exists) answered so has
	// an unknown outcome.
	m := newMock(t, reply{status: 200, body: `<html></html>`})
	_, err := m.client(Config{DomainID: testDomainID}).AssociateGroupWithDomainPermission(ctx,
		&DomainGroupPermissionInput{GroupID: testGroupID, RoleID: testRoleID})
	require.ErrorIs(t, err, iam.ErrInvalidResponse)
	require.ErrorIs(t, err, iam.ErrOutcomeUnknown)
}

// TestSetLoginProfileSendsChangesOnce: SetLoginProfile's changes are sent
// once, even without a password, so that a failure after IAM may have
// acted says the outcome is unknown instead of hiding the change.
func TestSetLoginProfileSendsChangesOnce(t *testing.T) {
	ctx := context.Background()
	lookup := reply{status: 200, body: `{"users":[{"id":"` + testUserID + `","name":"alice"}]}`}
	show := reply{status: 200, body: `{"user":{"id":"` + testUserID + `","name":"alice","access_mode":"programmatic"}}`}
	for _, tt := range []struct {
		name   string
		answer reply
	}{
		{"500", reply{status: 500, body: `{"error_code":"IAM.0006","error_msg":"boom"}`}},
		{"503", reply{status: 503, body: `{}`}},
		{"spoiled", reply{status: 200, body: `<html></html>`}},
		{"blank", reply{status: 200, body: `{"user":{"id":"","name":""}}`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, lookup, show, tt.answer, reply{status: 200, body: `{"user":{"id":"` + testUserID + `","name":"alice"}}`})
			_, err := m.client(Config{DomainID: testDomainID, MaxAttempts: 3}).IAM().SetLoginProfile(ctx, "alice",
				&iam.LoginProfileInput{PasswordResetRequired: iam.Ptr(true)})
			require.ErrorIs(t, err, iam.ErrOutcomeUnknown)
			reqs := m.requests()
			require.Len(t, reqs, 3, "the change is not repeated")
			assert.Equal(t, http.MethodPut, reqs[2].Method)
			assert.True(t, strings.Contains(string(reqs[2].Body), `"access_mode":"default"`), "%s", reqs[2].Body)
		})
	}
}

// TestPasswordsScrubbed: a refusal that quotes the password a native call
// sent shows it nowhere.
func TestPasswordsScrubbed(t *testing.T) {
	ctx := context.Background()
	const pw = "Echoed-Passw0rd!"
	refusal := reply{status: 400, body: `{"error_code":"1118","error_msg":"password ` + pw + ` of alice is too weak (\"` + pw + `\")","request_id":"r1"}`}
	for name, call := range map[string]func(c *Client) error{
		"CreateUser": func(c *Client) error {
			_, err := c.CreateUser(ctx, &CreateUserInput{Name: "alice", Password: iam.NewSecret(pw)})
			return err
		},
		"UpdateUser": func(c *Client) error {
			_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, Password: iam.NewSecret(pw)})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := call(newMock(t, refusal).client(Config{DomainID: testDomainID}))
			require.ErrorIs(t, err, iam.ErrInvalidArgument)
			for _, text := range []string{err.Error(), strings.ReplaceAll(err.Error(), `\"`, `"`)} {
				assert.NotContains(t, text, pw)
			}
			assert.Contains(t, err.Error(), "of alice is too weak", "the cloud's other words stay readable")
		})
	}
}
