package aliyun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

const (
	testKeyID  = "LTAI5tEXAMPLEALIYUN0001"
	testSecret = "ALIYUNSECRETEXAMPLE00000000001"
	testPass   = "Pa$$w0rd!*~"
)

func testConfig(mt *httpmock.MockTransport) Config {
	return Config{
		AccessKeyID:     testKeyID,
		SecretAccessKey: iam.NewSecret(testSecret),
		HTTPClient:      &http.Client{Transport: mt},
		MaxAttempts:     1,
	}
}

func newMockIDaaS(t *testing.T, mutate ...func(*IDaaSConfig)) (*IDaaSClient, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	cfg := IDaaSConfig{Config: testConfig(mt), InstanceID: "idaas_ue2jvisn35ea5lmthk267xxxxx", OrganizationalUnitID: "ou_primaryxxxxxxxxxxxxxxxxxx"}
	for _, f := range mutate {
		f(&cfg)
	}
	c, err := NewIDaaS(cfg)
	require.NoError(t, err)
	return c, mt
}

func newMockRAM(t *testing.T, mutate ...func(*Config)) (*RAMClient, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	cfg := testConfig(mt)
	for _, f := range mutate {
		f(&cfg)
	}
	c, err := NewRAM(cfg)
	require.NoError(t, err)
	return c, mt
}

// captured is what a responder saw.
type captured struct {
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func (c *captured) responder(status int, body string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		var b []byte
		if r.Body != nil { // a request without a body may carry none
			b, _ = io.ReadAll(r.Body)
		}
		c.mu.Lock()
		c.reqs = append(c.reqs, r)
		c.body = append(c.body, b)
		c.mu.Unlock()
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json;charset=utf-8")
		resp.Header.Set("x-acs-request-id", "HDR-REQ-ID")
		return resp, nil
	}
}

func TestIDaaSCreateUserExactRequest(t *testing.T) {
	c, mt := newMockIDaaS(t)
	var cap captured
	mt.RegisterResponder("POST", "https://eiam.cn-hangzhou.aliyuncs.com/",
		cap.responder(200, `{"RequestId":"0441BD79-92F3-53AA-8657-F8CE4A2B912A","UserId":"user_d6sbsuumeta4h66ec3il7yxxxx"}`))
	out, err := c.CreateUser(context.Background(), seedInput())
	require.NoError(t, err)
	assert.Equal(t, "0441BD79-92F3-53AA-8657-F8CE4A2B912A", out.RequestID)
	assert.Equal(t, "user_d6sbsuumeta4h66ec3il7yxxxx", out.UserID)

	require.Len(t, cap.reqs, 1)
	r := cap.reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/", r.URL.Path)
	assert.Equal(t, seedQuery, r.URL.RawQuery, "every seed field flattened as the official client does")
	assert.Empty(t, cap.body[0])
	assert.Equal(t, "CreateUser", r.Header.Get("x-acs-action"))
	assert.Equal(t, "2021-12-01", r.Header.Get("x-acs-version"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256 Credential="+testKeyID+",SignedHeaders="), r.Header.Get("Authorization"))
	assert.NotEmpty(t, r.Header.Get("x-acs-signature-nonce"))
	assert.NotEmpty(t, r.Header.Get("x-acs-date"))

	// The request verifies with the secret.
	_, err = signer.ACS3{}.Verify(r, nil, &signer.VerifyParams{
		Now: mustTime(r.Header.Get("x-acs-date")),
		Lookup: func(id string) (signer.Credentials, bool) {
			return signer.Credentials{AccessKeyID: id, SecretAccessKey: testSecret}, id == testKeyID
		},
	})
	assert.NoError(t, err)
}

func TestRPCSignatureRequest(t *testing.T) {
	c, mt := newMockRAM(t, func(cfg *Config) { cfg.SignatureAlgorithm = SignatureRPC })
	var cap captured
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/",
		cap.responder(200, `{"RequestId":"R1","User":{"UserId":"123","UserName":"test_user","DisplayName":"Test User Zoë","CreateDate":"2015-01-23T12:33:18Z"}}`))
	out, err := c.CreateUser(context.Background(), &RAMCreateUserInput{UserName: "test_user", DisplayName: "Test User Zoë"})
	require.NoError(t, err)
	assert.Equal(t, "123", out.User.UserID)
	assert.Equal(t, 2015, out.User.CreateDate.Year())
	r := cap.reqs[0]
	q := r.URL.Query()
	for k, want := range map[string]string{"Action": "CreateUser", "Version": "2015-05-01", "Format": "JSON",
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "AccessKeyId": testKeyID,
		"UserName": "test_user", "DisplayName": "Test User Zoë", "RegionId": "cn-hangzhou"} {
		assert.Equal(t, want, q.Get(k), k)
	}
	assert.NotEmpty(t, q.Get("Signature"))
	assert.NotEmpty(t, q.Get("SignatureNonce"))
	_, err = signer.RPC{}.Verify(r, nil, &signer.VerifyParams{
		Now: mustTime(q.Get("Timestamp")),
		Lookup: func(id string) (signer.Credentials, bool) {
			return signer.Credentials{AccessKeyID: id, SecretAccessKey: testSecret}, id == testKeyID
		},
	})
	assert.NoError(t, err)
}

func TestRAMRequestsAndDecoding(t *testing.T) {
	c, mt := newMockRAM(t)
	var cap captured
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", func(r *http.Request) (*http.Response, error) {
		body := map[string]string{
			"ListUsers":          `{"RequestId":"L","IsTruncated":true,"Marker":"EXAMPLE+mArKeR/abc==","Users":{"User":[{"UserId":"1","UserName":"a","CreateDate":"2020-01-01T00:00:00Z"},{"UserId":"2","UserName":"b"}]}}`,
			"ListAccessKeys":     `{"RequestId":"K","AccessKeys":{"AccessKey":[{"AccessKeyId":"LTAI1","Status":"Inactive","CreateDate":"2020-01-01T00:00:00Z"}]}}`,
			"CreateAccessKey":    `{"RequestId":"C","AccessKey":{"AccessKeyId":"LTAI2","AccessKeySecret":"s3cr3t-value","Status":"Active","CreateDate":"2020-01-01T00:00:00Z"}}`,
			"GetLoginProfile":    `{"RequestId":"G","LoginProfile":{"UserName":"a","PasswordResetRequired":true,"MFABindRequired":false,"CreateDate":"2020-01-01T00:00:00Z"}}`,
			"CreateLoginProfile": `{"RequestId":"P","LoginProfile":{"UserName":"test_user","PasswordResetRequired":true,"MFABindRequired":false,"CreateDate":"2020-01-01T00:00:00Z"}}`,
			"UpdateUser":         `{"RequestId":"U","User":{"UserId":"2","UserName":"b","DisplayName":"B","Comments":"c"}}`,
		}[r.Header.Get("x-acs-action")]
		if body == "" {
			body = `{"RequestId":"X"}`
		}
		return cap.responder(200, body)(r)
	})
	ctx := context.Background()

	page, err := c.ListUsers(ctx, &RAMListUsersInput{Marker: "EXAMPLE+mArKeR/abc==", MaxItems: 100})
	require.NoError(t, err)
	assert.True(t, page.IsTruncated)
	assert.Equal(t, "EXAMPLE+mArKeR/abc==", page.Marker)
	require.Len(t, page.Users, 2)
	assert.Equal(t, "a", page.Users[0].UserName)
	assert.Equal(t, vectorQuery(t, "aliyun-generated/ram-ListUsers-marker"), cap.reqs[0].URL.RawQuery)

	keys, err := c.ListAccessKeys(ctx, &RAMListAccessKeysInput{UserName: "a"})
	require.NoError(t, err)
	require.Len(t, keys.AccessKeys, 1)
	assert.Equal(t, AccessKeyInactive, keys.AccessKeys[0].Status)
	assert.True(t, keys.AccessKeys[0].AccessKeySecret.IsZero())

	key, err := c.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: "a"})
	require.NoError(t, err)
	assert.Equal(t, "s3cr3t-value", key.AccessKey.AccessKeySecret.Reveal())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", key, key.AccessKey, *key.AccessKey), "s3cr3t-value")

	lp, err := c.GetLoginProfile(ctx, &RAMGetLoginProfileInput{UserName: "a"})
	require.NoError(t, err)
	assert.True(t, lp.LoginProfile.PasswordResetRequired)

	_, err = c.UpdateAccessKey(ctx, &RAMUpdateAccessKeyInput{UserName: "test_user", UserAccessKeyID: "LTAI5tEXAMPLEKEY0001", Status: AccessKeyInactive})
	require.NoError(t, err)
	last := cap.reqs[len(cap.reqs)-1]
	assert.Equal(t, url.Values{"UserName": {"test_user"}, "UserAccessKeyId": {"LTAI5tEXAMPLEKEY0001"}, "Status": {"Inactive"}}, last.URL.Query())

	_, err = c.CreateLoginProfile(ctx, &RAMCreateLoginProfileInput{UserName: "test_user", Password: iam.NewSecret(testPass),
		PasswordResetRequired: iam.Ptr(true), MFABindRequired: iam.Ptr(false)})
	require.NoError(t, err)
	last = cap.reqs[len(cap.reqs)-1]
	assert.Equal(t, url.Values{"UserName": {"test_user"}, "Password": {testPass}, "PasswordResetRequired": {"true"}, "MFABindRequired": {"false"}}, last.URL.Query())

	_, err = c.UpdateUser(ctx, &RAMUpdateUserInput{UserName: "a", NewUserName: "b", NewDisplayName: "B", NewEmail: "b@example.com", NewMobilePhone: "86-13800000000", NewComments: "c"})
	require.NoError(t, err)
	last = cap.reqs[len(cap.reqs)-1]
	assert.Equal(t, url.Values{"UserName": {"a"}, "NewUserName": {"b"}, "NewDisplayName": {"B"}, "NewEmail": {"b@example.com"},
		"NewMobilePhone": {"86-13800000000"}, "NewComments": {"c"}}, last.URL.Query())
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		status int
		ctype  string
		body   string
		kind   iam.Kind
		code   string
	}{
		{404, "", `{"RequestId":"R","HostId":"ram.aliyuncs.com","Code":"EntityNotExist.User","Message":"The user does not exist.","Recommend":"https://x"}`, iam.ErrNotFound, "EntityNotExist.User"},
		{404, "", `{"RequestId":"R","Code":"EntityNotExist.User.LoginProfile","Message":"m"}`, iam.ErrNotFound, "EntityNotExist.User.LoginProfile"},
		{404, "", `{"RequestId":"R","Code":"EntityNotExists.User","Message":"m"}`, iam.ErrNotFound, "EntityNotExists.User"},
		{404, "", `{"RequestId":"R","Code":"ResourceNotFound.User","Message":"m"}`, iam.ErrNotFound, "ResourceNotFound.User"},
		{409, "", `{"RequestId":"R","Code":"EntityAlreadyExists.User","Message":"m"}`, iam.ErrAlreadyExists, "EntityAlreadyExists.User"},
		{409, "", `{"RequestId":"R","Code":"EntityAlreadyExists.User.LoginProfile","Message":"m"}`, iam.ErrAlreadyExists, ""},
		{409, "", `{"RequestId":"R","Code":"LimitExceeded.User.AccessKey","Message":"m"}`, iam.ErrLimitExceeded, ""},
		{409, "", `{"RequestId":"R","Code":"LimitExceeded.User","Message":"m"}`, iam.ErrLimitExceeded, ""},
		{409, "", `{"RequestId":"R","Code":"DeleteConflict.User.AccessKey","Message":"m"}`, iam.ErrFailedPrecondition, ""},
		{409, "", `{"RequestId":"R","Code":"DeleteConflict.User.Group","Message":"m"}`, iam.ErrFailedPrecondition, ""},
		{400, "", `{"RequestId":"R","Code":"InvalidParameter.UserName.InvalidChars","Message":"m"}`, iam.ErrInvalidArgument, ""},
		{400, "", `{"RequestId":"R","Code":"InvalidParameter.Password.TooWeak","Message":"m"}`, iam.ErrInvalidArgument, ""},
		{400, "", `{"RequestId":"R","Code":"MissingParameter","Message":"m"}`, iam.ErrInvalidArgument, ""},
		{400, "", `{"RequestId":"R","Code":"MissingUserName","Message":"m"}`, iam.ErrInvalidArgument, ""},
		{400, "", `{"RequestId":"R","Code":"Throttling.User","Message":"m"}`, iam.ErrThrottled, ""},
		{429, "", `{"RequestId":"R","Code":"Throttling","Message":"m"}`, iam.ErrThrottled, ""},
		{400, "", `{"RequestId":"R","Code":"Throttling.Api","Message":"m"}`, iam.ErrThrottled, ""},
		{400, "", `{"RequestId":"R","Code":"SignatureDoesNotMatch","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{404, "", `{"RequestId":"R","Code":"InvalidAccessKeyId.NotFound","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{400, "", `{"RequestId":"R","Code":"InvalidAccessKeyId.Inactive","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{400, "", `{"RequestId":"R","Code":"IncompleteSignature","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{400, "", `{"RequestId":"R","Code":"InvalidTimeStamp.Expired","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{400, "", `{"RequestId":"R","Code":"SignatureNonceUsed","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{400, "", `{"RequestId":"R","Code":"InvalidSecurityToken.MismatchWithAccessKey","Message":"m"}`, iam.ErrUnauthenticated, ""},
		{403, "", `{"RequestId":"R","Code":"NoPermission","Message":"m"}`, iam.ErrPermissionDenied, ""},
		{403, "", `{"RequestId":"R","Code":"Forbidden.RAM","Message":"m"}`, iam.ErrPermissionDenied, ""},
		{500, "", `{"RequestId":"R","Code":"InternalError","Message":"m"}`, iam.ErrUnavailable, ""},
		{503, "", `{"RequestId":"R","Code":"ServiceUnavailable","Message":"m"}`, iam.ErrUnavailable, ""},
		{404, "", `{"RequestId":"R","Code":"InvalidApi.NotFound","Message":"m"}`, iam.ErrUnsupported, ""},
		{400, "text/xml;charset=utf-8", `<?xml version="1.0"?><Error><RequestId>R</RequestId><Code>EntityNotExist.User</Code><Message>m</Message></Error>`, iam.ErrNotFound, "EntityNotExist.User"},
		{502, "text/html", `<html><body>Bad Gateway</body></html>`, iam.ErrUnavailable, ""},
		{404, "text/html", `<html>not here</html>`, iam.ErrNotFound, ""},
		{400, "", ``, iam.ErrInvalidArgument, ""},
		{418, "", `garbage`, iam.ErrInvalidResponse, ""},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, mt := newMockRAM(t)
			mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", func(r *http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tc.status, tc.body)
				if tc.ctype != "" {
					resp.Header.Set("Content-Type", tc.ctype)
				}
				resp.Header.Set("x-acs-request-id", "R")
				return resp, nil
			})
			_, err := c.GetUser(context.Background(), &RAMGetUserInput{UserName: "alice"})
			require.Error(t, err)
			var ie *iam.Error
			require.True(t, errors.As(err, &ie), "%T %v", err, err)
			assert.True(t, errors.Is(err, tc.kind), "want %s, got %s (%v)", tc.kind, ie.Kind, err)
			assert.Equal(t, SchemeRAM, ie.Provider)
			assert.Equal(t, "GetUser", ie.Op)
			assert.Equal(t, tc.status, ie.StatusCode)
			assert.Equal(t, "R", ie.RequestID)
			if tc.code != "" {
				assert.Equal(t, tc.code, ie.Code)
			}
		})
	}
}

func TestBadSuccessBodies(t *testing.T) {
	for _, body := range []string{``, `garbage`, `<html>ok</html>`, `{"RequestId":"R","User":{"UserId":`, `[1,2]`, `{"RequestId":"R"}`, `{"RequestId":"R","User":{"UserId":5}}`} {
		c, mt := newMockRAM(t)
		mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", httpmock.NewStringResponder(200, body))
		_, err := c.GetUser(context.Background(), &RAMGetUserInput{UserName: "alice"})
		require.Error(t, err, body)
		assert.True(t, errors.Is(err, iam.ErrInvalidResponse), "%q: %v", body, err)
	}
}

func TestSecretsStayOutOfErrors(t *testing.T) {
	c, mt := newMockRAM(t, func(cfg *Config) { cfg.SignatureAlgorithm = SignatureRPC })
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", httpmock.NewStringResponder(400,
		`{"RequestId":"R","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&Password%3DTopSecret-123%26UserName%3Dalice"}`))
	_, err := c.CreateLoginProfile(context.Background(), &RAMCreateLoginProfileInput{UserName: "alice", Password: iam.NewSecret("TopSecret-123")})
	require.Error(t, err)
	assert.True(t, errors.Is(err, iam.ErrUnauthenticated))
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		assert.NotContains(t, s, "TopSecret")
		assert.NotContains(t, s, testSecret)
	}
	in := &RAMCreateLoginProfileInput{UserName: "alice", Password: iam.NewSecret("TopSecret-123")}
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", in, in, *in), "TopSecret")
	cfg := Config{AccessKeyID: "id", SecretAccessKey: iam.NewSecret(testSecret), SessionToken: iam.NewSecret("tok-123")}
	s := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg)
	assert.NotContains(t, s, testSecret)
	assert.NotContains(t, s, "tok-123")
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSecurityToken(t *testing.T) {
	const token = "CAIS+EXAMPLE/SecurityToken==ab12"
	for _, algo := range []SignatureAlgorithm{SignatureACS3, SignatureRPC} {
		c, mt := newMockRAM(t, func(cfg *Config) {
			cfg.AccessKeyID, cfg.SecretAccessKey = "STS.NUEXAMPLEALIYUNSTS0001", iam.NewSecret("ALIYUNSTSSECRETEXAMPLE0000001")
			cfg.SessionToken, cfg.SignatureAlgorithm = iam.NewSecret(token), algo
		})
		var cap captured
		mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", cap.responder(200,
			`{"RequestId":"R","AccessKey":{"AccessKeyId":"K","AccessKeySecret":"S","Status":"Active"}}`))
		_, err := c.CreateAccessKey(context.Background(), &RAMCreateAccessKeyInput{UserName: "test_user"})
		require.NoError(t, err)
		r := cap.reqs[0]
		if algo == SignatureACS3 {
			assert.Equal(t, token, r.Header.Get("x-acs-security-token"))
			assert.Contains(t, r.Header.Get("Authorization"), "x-acs-security-token")
			assert.Empty(t, r.URL.Query().Get("SecurityToken"))
		} else {
			assert.Equal(t, token, r.URL.Query().Get("SecurityToken"))
		}
	}
}

// Config.UserAgent is appended to the User-Agent of every request.
func TestUserAgent(t *testing.T) {
	c, mt := newMockRAM(t, func(cfg *Config) { cfg.UserAgent = "billing/1.4" })
	var cap captured
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", cap.responder(200, `{"RequestId":"R","User":{"UserName":"a"}}`))
	_, err := c.GetUser(context.Background(), &RAMGetUserInput{UserName: "a"})
	require.NoError(t, err)
	require.Len(t, cap.reqs, 1)
	ua := cap.reqs[0].Header.Get("User-Agent")
	assert.True(t, strings.HasPrefix(ua, "cloudiam-go/"), ua)
	assert.True(t, strings.HasSuffix(ua, "billing/1.4"), ua)
}
