package huawei

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestParseErrorShapes(t *testing.T) {
	tests := []struct {
		name, body       string
		code, msg, reqID string
		ok               bool
	}{
		{"v3.0", `{"error_msg":"The request you have made requires authentication.","error_code":"IAM.0001"}`,
			"IAM.0001", "The request you have made requires authentication.", "", true},
		{"apig", `{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIGW.0301","request_id":"1f2e"}`,
			"APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail", "1f2e", true},
		{"keystone", `{"error":{"code":404,"message":"Could not find user: x.","title":"Not Found"}}`,
			"Not Found", "Could not find user: x.", "", true},
		{"keystone code token", `{"error":{"message":"akSkNumExceed","code":400,"title":"Bad Request"}}`,
			"akSkNumExceed", "akSkNumExceed", "", true},
		{"hybrid", `{"error":{"code":409,"error_code":null,"error_msg":null,"message":"Conflict occurred attempting to store user - Duplicate entry: x","title":"Conflict"}}`,
			"Conflict", "Conflict occurred attempting to store user - Duplicate entry: x", "", true},
		{"hybrid with code", `{"error":{"code":400,"error_code":"1109","error_msg":"The username already exists.","message":"m","title":"Bad Request"}}`,
			"1109", "The username already exists.", "", true},
		{"keystone string code", `{"error":{"code":"IAM.0004","message":"gone","title":"Not Found"}}`,
			"IAM.0004", "gone", "", true},
		{"v5", `{"error_code":"IAM.0002","error_msg":"denied","request_id":"r5","encoded_authorization_message":"xyz"}`,
			"IAM.0002", "denied", "r5", true},
		{"generic", `{"code":"APIG.0301","message":"bad ak"}`, "APIG.0301", "bad ak", "", true},
		{"html", `<html><body>502 Bad Gateway</body></html>`, "", "", "", false},
		{"empty", ``, "", "", "", false},
		{"truncated", `{"error_code":"IAM.00`, "", "", "", false},
		{"unrelated json", `{"ok":true}`, "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg, rid, ok := parseError([]byte(tt.body))
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.msg, msg)
			assert.Equal(t, tt.reqID, rid)
		})
	}
}

// TestErrorMapping sends every documented status and code through the
// client and checks the *iam.Error.
func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		kind   iam.Kind
		code   string
	}{
		{"400 invalid", 400, `{"error_code":"IAM.0007","error_msg":"invalid"}`, iam.ErrInvalidArgument, "IAM.0007"},
		{"400 1101", 400, `{"error_code":"1101","error_msg":"Invalid username."}`, iam.ErrInvalidArgument, "1101"},
		{"400 1109 duplicate", 400, `{"error_code":"1109","error_msg":"The username already exists."}`, iam.ErrAlreadyExists, "1109"},
		{"400 1115 quota", 400, `{"error_code":"1115","error_msg":"quota"}`, iam.ErrLimitExceeded, "1115"},
		{"400 akSkNumExceed", 400, `{"error":{"message":"akSkNumExceed","code":400,"title":"Bad Request"}}`, iam.ErrLimitExceeded, "akSkNumExceed"},
		{"400 1107 admin", 400, `{"error_code":"1107","error_msg":"cannot delete the account administrator"}`, iam.ErrFailedPrecondition, "1107"},
		{"400 IAM.1107 inactive AK", 400, `{"error_code":"IAM.1107","error_msg":"AK inactive"}`, iam.ErrUnauthenticated, "IAM.1107"},
		{"401 APIGW", 401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"g1"}`, iam.ErrUnauthenticated, "APIGW.0301"},
		{"401 keystone", 401, `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`, iam.ErrUnauthenticated, "Unauthorized"},
		{"403 IAM.0002", 403, `{"error_code":"IAM.0002","error_msg":"You are not authorized"}`, iam.ErrPermissionDenied, "IAM.0002"},
		{"403 IAM.0003", 403, `{"error_code":"IAM.0003","error_msg":"Policy doesn't allow"}`, iam.ErrPermissionDenied, "IAM.0003"},
		{"403 IAM.0081", 403, `{"error_code":"IAM.0081","error_msg":"console only"}`, iam.ErrPermissionDenied, "IAM.0081"},
		{"404 IAM.0004", 404, `{"error_code":"IAM.0004","error_msg":"not found"}`, iam.ErrNotFound, "IAM.0004"},
		{"404 keystone", 404, `{"error":{"code":404,"message":"Could not find user.","title":"Not Found"}}`, iam.ErrNotFound, "Not Found"},
		{"405", 405, `{"error":{"code":405,"message":"not allowed","title":"Method Not Allowed"}}`, iam.ErrUnsupported, "Method Not Allowed"},
		{"409 hybrid", 409, `{"error":{"code":409,"error_code":null,"error_msg":null,"message":"Duplicate entry: x","title":"Conflict"}}`, iam.ErrAlreadyExists, "Conflict"},
		{"409 IAM.0005", 409, `{"error_code":"IAM.0005","error_msg":"conflict"}`, iam.ErrAlreadyExists, "IAM.0005"},
		{"413", 413, `{"error":{"code":413,"message":"too large","title":"Request Entity Too Large"}}`, iam.ErrInvalidArgument, "Request Entity Too Large"},
		{"429 IAM.0012", 429, `{"error_code":"IAM.0012","error_msg":"throttled"}`, iam.ErrThrottled, "IAM.0012"},
		{"500", 500, `{"error_code":"IAM.0006","error_msg":"internal"}`, iam.ErrUnavailable, "IAM.0006"},
		{"503", 503, `{"error":{"code":503,"message":"unavailable","title":"Service Unavailable"}}`, iam.ErrUnavailable, "Service Unavailable"},
		{"502 html", 502, `<html>bad gateway</html>`, iam.ErrUnavailable, ""},
		{"404 empty", 404, ``, iam.ErrNotFound, ""},
		{"400 truncated", 400, `{"error":{"code":4`, iam.ErrInvalidArgument, ""},
		{"418 unknown", 418, `{"error_code":"X","error_msg":"teapot"}`, iam.ErrUnknown, "X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, reply{status: tt.status, body: tt.body, header: map[string]string{"X-Request-Id": "hdr-rid"}})
			c := m.client(Config{DomainID: testDomainID})
			_, err := c.ShowUser(context.Background(), &ShowUserInput{UserID: testUserID})
			require.Error(t, err)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%T %v", err, err)
			assert.True(t, errors.Is(err, tt.kind), "kind %s, want %s", e.Kind, tt.kind)
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.status, e.StatusCode)
			assert.Equal(t, Scheme, e.Provider)
			if tt.name == "401 APIGW" {
				assert.Equal(t, "g1", e.RequestID, "the body's request_id wins")
			} else {
				assert.Equal(t, "hdr-rid", e.RequestID)
			}
			assert.NotContains(t, err.Error(), testSK)
		})
	}
}

func TestClassifyRetry(t *testing.T) {
	resp := func(status int, h map[string]string) *http.Response {
		r := &http.Response{StatusCode: status, Header: http.Header{}}
		for k, v := range h {
			r.Header.Set(k, v)
		}
		return r
	}
	d := classify(resp(429, map[string]string{"Retry-After": "3"}), []byte(`{"error_code":"IAM.0012","error_msg":"slow down"}`))
	assert.True(t, d.Retry)
	assert.True(t, d.NotActed)
	assert.Equal(t, int64(3), int64(d.RetryAfter.Seconds()))
	d = classify(resp(403, nil), []byte(`{"error_code":"IAM.0012","error_msg":"slow down"}`))
	assert.True(t, d.Retry, "IAM.0012 is throttling whatever the status")
	d = classify(resp(503, nil), nil)
	assert.True(t, d.Retry)
	assert.False(t, d.NotActed, "a 503 is no proof that IAM did not act")
	for v, want := range map[string]time.Duration{
		"7":                     7 * time.Second,
		" 7 ":                   7 * time.Second,
		"0":                     0,
		"-5":                    0,
		"soon":                  0,
		"9223372036854775807":   24 * time.Hour, // seconds that overflow a Duration
		"99999999999999999999":  24 * time.Hour, // beyond int64
		"-99999999999999999999": 0,
	} {
		d = classify(resp(503, map[string]string{"Retry-After": v}), nil)
		assert.Equal(t, want, d.RetryAfter, "Retry-After %q", v)
	}
	d = classify(resp(500, nil), nil)
	assert.True(t, d.Retry)
	assert.False(t, d.NotActed, "a 500 may have acted")
	for _, s := range []int{400, 401, 403, 404, 405, 409, 413} {
		d = classify(resp(s, nil), []byte(`{}`))
		assert.False(t, d.Retry, "status %d", s)
	}
}

// TestRetryIdempotency: a read is retried after a 500, a create is not.
func TestRetryIdempotency(t *testing.T) {
	internal := reply{status: 500, body: `{"error_code":"IAM.0006","error_msg":"internal"}`}
	ok := reply{status: 200, body: readFile(t, "seed001_show_user.json")}
	m := newMock(t, internal, ok)
	c := m.client(Config{DomainID: testDomainID, MaxAttempts: 3})
	_, err := c.ShowUser(context.Background(), &ShowUserInput{UserID: testUserID})
	require.NoError(t, err)
	assert.Equal(t, 2, m.calls())

	m = newMock(t, internal, reply{status: 201, body: `{"user":{"id":"x","name":"alice"}}`})
	c = m.client(Config{DomainID: testDomainID, MaxAttempts: 3})
	_, err = c.CreateUser(context.Background(), &CreateUserInput{Name: "alice"})
	require.ErrorIs(t, err, iam.ErrUnavailable)
	assert.Equal(t, 1, m.calls(), "a create is not repeated after a 500")

	m = newMock(t, reply{status: 429, body: `{"error_code":"IAM.0012","error_msg":"slow"}`}, reply{status: 201, body: `{"user":{"id":"x","name":"alice"}}`})
	c = m.client(Config{DomainID: testDomainID, MaxAttempts: 3})
	_, err = c.CreateUser(context.Background(), &CreateUserInput{Name: "alice"})
	require.NoError(t, err)
	assert.Equal(t, 2, m.calls(), "a throttled create is retried")
	reqs := m.requests()
	assert.NotEqual(t, reqs[0].Header.Get("X-Sdk-Date")+reqs[0].Header.Get("Authorization"), "", "signed")
	assert.NoError(t, reqs[1].VerifyErr, "every attempt is signed afresh")
}

// TestBadSuccessBodies: garbage in a 2xx is ErrInvalidResponse, never a panic.
func TestBadSuccessBodies(t *testing.T) {
	for _, body := range []string{``, `<html></html>`, `{"user":`, `{"user":null}`, `{"user":{"id":""}}`, `[]`, `{"user":{"id":5}}`} {
		m := newMock(t, reply{status: 200, body: body})
		c := m.client(Config{DomainID: testDomainID})
		_, err := c.ShowUser(context.Background(), &ShowUserInput{UserID: testUserID})
		assert.ErrorIs(t, err, iam.ErrInvalidResponse, "body %q", body)
	}
	for _, body := range []string{`{}`, `{"users":null}`, `nope`} {
		m := newMock(t, reply{status: 200, body: body})
		_, err := m.client(Config{DomainID: testDomainID}).ListUsers(context.Background(), nil)
		assert.ErrorIs(t, err, iam.ErrInvalidResponse, "body %q", body)
	}
	m := newMock(t, reply{status: 201, body: `{"credential":{"access":"AK"}}`})
	_, err := m.client(Config{DomainID: testDomainID}).CreatePermanentAccessKey(context.Background(), &CreatePermanentAccessKeyInput{UserID: testUserID})
	assert.ErrorIs(t, err, iam.ErrInvalidResponse, "a created key without its secret")
}
