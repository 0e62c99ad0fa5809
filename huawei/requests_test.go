package huawei

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// TestExactRequests checks method, URL (path and query), body bytes and
// signed headers of every operation. The bodies and URLs are those the
// official Go SDK sent for the same inputs (shared/vectors/huawei.json).
func TestExactRequests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		reply  reply
		call   func(c *Client) error
		method string
		url    string
		body   string
	}{
		{
			name:  "CreateUser",
			reply: reply{status: 201, body: `{"user":{"id":"` + testUserID + `","name":"test_user"}}`},
			call: func(c *Client) error {
				_, err := c.CreateUser(ctx, &CreateUserInput{
					Name: "test_user", DomainID: testDomainID, Password: iam.NewSecret("Pa$$w0rd!x"),
					Email: "a+b@example.com", AreaCode: "0086", Phone: "13800000000", Enabled: iam.Ptr(true),
					PwdStatus: iam.Ptr(true), XUserType: "TenantIdp", XUserID: "ext-test_user",
					AccessMode: AccessModeDefault, Description: "desc test_user ü/+",
				})
				return err
			},
			method: "POST", url: testEndpoint + "/v3.0/OS-USER/users",
			body: `{"user":{"access_mode":"default","name":"test_user","domain_id":"d78cbac186b744899480f25bd02abcde","password":"Pa$$w0rd!x","email":"a+b@example.com","areacode":"0086","phone":"13800000000","enabled":true,"pwd_status":true,"xuser_type":"TenantIdp","xuser_id":"ext-test_user","description":"desc test_user ü/+"}}` + "\n",
		},
		{
			name:  "CreateUser minimal, domain from config",
			reply: reply{status: 201, body: `{"user":{"id":"` + testUserID + `","name":"test_user"}}`},
			call: func(c *Client) error {
				_, err := c.CreateUser(ctx, &CreateUserInput{Name: "bob", Enabled: iam.Ptr(false), Description: "<sdk> & test"})
				return err
			},
			method: "POST", url: testEndpoint + "/v3.0/OS-USER/users",
			body: `{"user":{"name":"bob","domain_id":"d78cbac186b744899480f25bd02abcde","enabled":false,"description":"<sdk> & test"}}` + "\n",
		},
		{
			name:   "ShowUser",
			reply:  reply{status: 200, body: `{"user":{"id":"` + testUserID + `","name":"test_user"}}`},
			call:   func(c *Client) error { _, err := c.ShowUser(ctx, &ShowUserInput{UserID: testUserID}); return err },
			method: "GET", url: testEndpoint + "/v3.0/OS-USER/users/" + testUserID,
		},
		{
			name:  "ListUsers by name",
			reply: reply{status: 200, body: `{"users":[]}`},
			call: func(c *Client) error {
				_, err := c.ListUsers(ctx, &ListUsersInput{DomainID: testDomainID, Enabled: iam.Ptr(true), Name: "test_user"})
				return err
			},
			method: "GET", url: testEndpoint + "/v3/users?domain_id=d78cbac186b744899480f25bd02abcde&enabled=true&name=test_user",
		},
		{
			name:  "ListUsers password expiry",
			reply: reply{status: 200, body: `{"users":[]}`},
			call: func(c *Client) error {
				_, err := c.ListUsers(ctx, &ListUsersInput{PasswordExpiresAt: &PasswordExpiryFilter{
					Operator: ExpiresBefore, Time: time.Date(2016, 12, 9, 6, 2, 0, 0, time.FixedZone("CST", 8*3600)),
				}})
				return err
			},
			method: "GET", url: testEndpoint + "/v3/users?password_expires_at=lt%3A2016-12-08T22%3A02%3A00Z",
		},
		{
			name:  "ListUsers name with a space",
			reply: reply{status: 200, body: `{"users":[]}`},
			call: func(c *Client) error {
				_, err := c.ListUsers(ctx, &ListUsersInput{Name: "a b", Enabled: iam.Ptr(false)})
				return err
			},
			method: "GET", url: testEndpoint + "/v3/users?enabled=false&name=a%20b",
		},
		{
			name:  "ListUsers every filter",
			reply: reply{status: 200, body: `{"users":[]}`},
			call: func(c *Client) error {
				_, err := c.ListUsers(ctx, &ListUsersInput{DomainID: testDomainID, Enabled: iam.Ptr(false), Name: "a b.c",
					PasswordExpiresAt: &PasswordExpiryFilter{Operator: ExpiresAtOrAfter, Time: time.Date(2030, 1, 2, 3, 4, 5, 999, time.UTC)}})
				return err
			},
			method: "GET", url: testEndpoint + "/v3/users?domain_id=d78cbac186b744899480f25bd02abcde&enabled=false&name=a%20b.c&password_expires_at=gte%3A2030-01-02T03%3A04%3A05Z",
		},
		{
			name:  "UpdateUser",
			reply: reply{status: 200, body: `{"user":{"id":"` + testUserID + `","name":"test_user"}}`},
			call: func(c *Client) error {
				_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, AccessMode: iam.Ptr(AccessModeConsole),
					Name: iam.Ptr("test_user_new"), Enabled: iam.Ptr(false), Description: iam.Ptr("new desc")})
				return err
			},
			method: "PUT", url: testEndpoint + "/v3.0/OS-USER/users/" + testUserID,
			body: `{"user":{"access_mode":"console","name":"test_user_new","enabled":false,"description":"new desc"}}` + "\n",
		},
		{
			name:  "UpdateUser every field, clearing email",
			reply: reply{status: 200, body: `{"user":{"id":"` + testUserID + `","name":"test_user"}}`},
			call: func(c *Client) error {
				_, err := c.UpdateUser(ctx, &UpdateUserInput{UserID: testUserID, Password: iam.NewSecret("N3w!Passw0rd"),
					Email: iam.Ptr(""), AreaCode: iam.Ptr("0086"), Phone: iam.Ptr("13900000000"), PwdStatus: iam.Ptr(true),
					XUserType: iam.Ptr("TenantIdp"), XUserID: iam.Ptr("x1")})
				return err
			},
			method: "PUT", url: testEndpoint + "/v3.0/OS-USER/users/" + testUserID,
			body: `{"user":{"password":"N3w!Passw0rd","email":"","areacode":"0086","phone":"13900000000","pwd_status":true,"xuser_type":"TenantIdp","xuser_id":"x1"}}` + "\n",
		},
		{
			name:   "DeleteUser",
			reply:  reply{status: 204},
			call:   func(c *Client) error { _, err := c.DeleteUser(ctx, &DeleteUserInput{UserID: testUserID}); return err },
			method: "DELETE", url: testEndpoint + "/v3/users/" + testUserID,
		},
		{
			name:  "ShowUserLoginProtect",
			reply: reply{status: 200, body: `{"login_protect":{"user_id":"` + testUserID + `","enabled":true,"verification_method":"sms"}}`},
			call: func(c *Client) error {
				_, err := c.ShowUserLoginProtect(ctx, &ShowUserLoginProtectInput{UserID: testUserID})
				return err
			},
			method: "GET", url: testEndpoint + "/v3.0/OS-USER/users/" + testUserID + "/login-protect",
		},
		{
			name:  "UpdateLoginProtect",
			reply: reply{status: 200, body: `{"login_protect":{"user_id":"` + testUserID + `","enabled":true,"verification_method":"vmfa"}}`},
			call: func(c *Client) error {
				_, err := c.UpdateLoginProtect(ctx, &UpdateLoginProtectInput{UserID: testUserID, Enabled: true, VerificationMethod: VerifyVMFA})
				return err
			},
			method: "PUT", url: testEndpoint + "/v3.0/OS-USER/users/" + testUserID + "/login-protect",
			body: `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}` + "\n",
		},
		{
			name:  "CreatePermanentAccessKey",
			reply: reply{status: 201, body: `{"credential":{"access":"HWAK00abcdef","secret":"s","user_id":"` + testUserID + `","status":"active"}}`},
			call: func(c *Client) error {
				_, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: testUserID, Description: "ci key"})
				return err
			},
			method: "POST", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials",
			body: `{"credential":{"user_id":"` + testUserID + `","description":"ci key"}}` + "\n",
		},
		{
			name:  "ListPermanentAccessKeys",
			reply: reply{status: 200, body: `{"credentials":[]}`},
			call: func(c *Client) error {
				_, err := c.ListPermanentAccessKeys(ctx, &ListPermanentAccessKeysInput{UserID: testUserID})
				return err
			},
			method: "GET", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials?user_id=" + testUserID,
		},
		{
			name:  "ListPermanentAccessKeys own",
			reply: reply{status: 200, body: `{"credentials":[]}`},
			call: func(c *Client) error {
				_, err := c.ListPermanentAccessKeys(ctx, nil)
				return err
			},
			method: "GET", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials",
		},
		{
			name:  "ShowPermanentAccessKey",
			reply: reply{status: 200, body: `{"credential":{"access":"HWAK00abcdef","user_id":"` + testUserID + `"}}`},
			call: func(c *Client) error {
				_, err := c.ShowPermanentAccessKey(ctx, &ShowPermanentAccessKeyInput{AccessKeyID: "HWAK00abcdef"})
				return err
			},
			method: "GET", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials/HWAK00abcdef",
		},
		{
			name:  "UpdatePermanentAccessKey",
			reply: reply{status: 200, body: `{"credential":{"access":"HWAK00abcdef","user_id":"` + testUserID + `","status":"inactive"}}`},
			call: func(c *Client) error {
				_, err := c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: "HWAK00abcdef", Status: CredentialInactive})
				return err
			},
			method: "PUT", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials/HWAK00abcdef",
			body: `{"credential":{"status":"inactive"}}` + "\n",
		},
		{
			name:  "UpdatePermanentAccessKey description",
			reply: reply{status: 200, body: `{"credential":{"access":"HWAK00abcdef","user_id":"` + testUserID + `","status":"active"}}`},
			call: func(c *Client) error {
				_, err := c.UpdatePermanentAccessKey(ctx, &UpdatePermanentAccessKeyInput{AccessKeyID: "HWAK00abcdef", Description: iam.Ptr("")})
				return err
			},
			method: "PUT", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials/HWAK00abcdef",
			body: `{"credential":{"description":""}}` + "\n",
		},
		{
			name:  "DeletePermanentAccessKey",
			reply: reply{status: 204},
			call: func(c *Client) error {
				_, err := c.DeletePermanentAccessKey(ctx, &DeletePermanentAccessKeyInput{AccessKeyID: "HWAK00abcdef"})
				return err
			},
			method: "DELETE", url: testEndpoint + "/v3.0/OS-CREDENTIAL/credentials/HWAK00abcdef",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, tt.reply)
			c := m.client(Config{DomainID: testDomainID})
			require.NoError(t, tt.call(c))
			reqs := m.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tt.method, r.Method)
			assert.Equal(t, tt.url, r.URL)
			assert.Equal(t, tt.body, string(r.Body))
			if tt.body != "" {
				assert.Equal(t, "application/json;charset=UTF-8", r.Header.Get("Content-Type"))
			} else {
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			}
			assert.Equal(t, testDomainID, r.Header.Get("X-Domain-Id"))
			assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "cloudiam-go/"), r.Header.Get("User-Agent"))
			auth := r.Header.Get("Authorization")
			assert.True(t, strings.HasPrefix(auth, "SDK-HMAC-SHA256 Access="+testAK+", SignedHeaders="), auth)
			sh := signedHeaders(auth)
			assert.Subset(t, sh, []string{"user-agent", "x-domain-id", "x-sdk-date"})
			assert.NotContains(t, sh, "content-type", "the official SDK never signs content-type")
			assert.Regexp(t, `^\d{8}T\d{6}Z$`, r.Header.Get("X-Sdk-Date"))
			assert.NoError(t, r.VerifyErr, "the signature verifies with the secret")
			assert.Empty(t, r.Header.Get("X-Auth-Token"))
			assert.Empty(t, r.Header.Get("X-Security-Token"))
		})
	}
}

// TestDomainLookup: without DomainID the client asks GET /v3/auth/domains
// once (no X-Domain-Id on that call) and caches the answer.
func TestDomainLookup(t *testing.T) {
	domains := reply{status: 200, body: `{"domains":[{"id":"` + testDomainID + `","name":"acme","enabled":true}],"links":{"self":"x"}}`}
	m := newMock(t, domains, reply{status: 200, body: `{"users":[]}`})
	c := m.client(Config{})
	for range 3 {
		_, err := c.ListUsers(context.Background(), nil)
		require.NoError(t, err)
	}
	reqs := m.requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, testEndpoint+"/v3/auth/domains", reqs[0].URL)
	assert.Empty(t, reqs[0].Header.Get("X-Domain-Id"))
	assert.NoError(t, reqs[0].VerifyErr)
	for _, r := range reqs[1:] {
		assert.Equal(t, testDomainID, r.Header.Get("X-Domain-Id"))
	}
	d, err := c.DomainID(context.Background())
	require.NoError(t, err)
	assert.Equal(t, testDomainID, d)

	m = newMock(t, reply{status: 200, body: `{"domains":[]}`})
	_, err = m.client(Config{}).ShowUser(context.Background(), &ShowUserInput{UserID: testUserID})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse)
}

// TestDomainLookupConcurrent: concurrent first calls look the domain up once.
func TestDomainLookupConcurrent(t *testing.T) {
	m := newMock(t, reply{status: 200, body: `{"domains":[{"id":"` + testDomainID + `"}]}`}, reply{status: 200, body: `{"users":[]}`})
	c := m.client(Config{})
	done := make(chan error)
	for range 8 {
		go func() { _, err := c.ListUsers(context.Background(), nil); done <- err }()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
	n := 0
	for _, r := range m.requests() {
		if strings.HasSuffix(r.URL, "/v3/auth/domains") {
			n++
		}
	}
	assert.Equal(t, 1, n)
}

func TestSecurityTokenAndAuthToken(t *testing.T) {
	m := newMock(t, reply{status: 200, body: `{"users":[]}`})
	c := m.client(Config{DomainID: testDomainID, SessionToken: iam.NewSecret("sts-token-value")})
	_, err := c.ListUsers(context.Background(), nil)
	require.NoError(t, err)
	r := m.requests()[0]
	assert.Equal(t, "sts-token-value", r.Header.Get("X-Security-Token"))
	assert.Contains(t, signedHeaders(r.Header.Get("Authorization")), "x-security-token")

	m = newMock(t, reply{status: 200, body: `{"users":[]}`})
	c = m.client(Config{AuthToken: iam.NewSecret("MIItoken")})
	_, err = c.ListUsers(context.Background(), nil)
	require.NoError(t, err)
	r = m.requests()[0]
	assert.Equal(t, "MIItoken", r.Header.Get("X-Auth-Token"))
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.Empty(t, r.Header.Get("X-Domain-Id"), "a token is domain-scoped")

	// CreateUser with a token needs the domain id: it is looked up with the token.
	m = newMock(t, reply{status: 200, body: `{"domains":[{"id":"` + testDomainID + `"}]}`}, reply{status: 201, body: `{"user":{"id":"u1","name":"alice"}}`})
	c = m.client(Config{AuthToken: iam.NewSecret("MIItoken")})
	_, err = c.CreateUser(context.Background(), &CreateUserInput{Name: "tok"})
	require.NoError(t, err)
	reqs := m.requests()
	require.Len(t, reqs, 2)
	assert.Contains(t, string(reqs[1].Body), `"domain_id":"`+testDomainID+`"`)
}
