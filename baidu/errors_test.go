package baidu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		name      string
		status    int
		ctype     string
		body      string
		kind      iam.Kind
		code      string
		requestID string
		retry     bool
		notActed  bool
	}{
		{"no such user", 404, "", `{"code":"NoSuchUser","message":"user not found","requestId":"r-1"}`, iam.ErrNotFound, "NoSuchUser", "r-1", false, false},
		{"emulator not found", 404, "", `{"code":"NotFound","message":"x","requestId":"r-1"}`, iam.ErrNotFound, "NotFound", "r-1", false, false},
		{"unknown code 404", 404, "", `{"code":"Whatever","message":"x"}`, iam.ErrNotFound, "Whatever", "hdr-id", false, false},
		{"already exists", 409, "", `{"code":"EntityAlreadyExists","message":"dup"}`, iam.ErrAlreadyExists, "EntityAlreadyExists", "hdr-id", false, false},
		{"conflict by status", 409, "", `{"code":"Conflict"}`, iam.ErrAlreadyExists, "Conflict", "hdr-id", false, false},
		{"user not exists is not exists", 400, "", `{"code":"UserNotExists"}`, iam.ErrNotFound, "UserNotExists", "hdr-id", false, false},
		{"limit", 400, "", `{"code":"LimitExceeded","message":"too many keys"}`, iam.ErrLimitExceeded, "LimitExceeded", "hdr-id", false, false},
		{"quota", 403, "", `{"code":"AccessKeyQuotaExceeded"}`, iam.ErrLimitExceeded, "AccessKeyQuotaExceeded", "hdr-id", false, false},
		{"access denied", 403, "", `{"code":"AccessDenied","message":"Access denied."}`, iam.ErrPermissionDenied, "AccessDenied", "hdr-id", false, false},
		{"unsigned 401", 401, "", `{"code":"AccessDenied"}`, iam.ErrUnauthenticated, "AccessDenied", "hdr-id", false, false},
		{"invalid ak", 403, "", `{"code":"InvalidAccessKeyId"}`, iam.ErrUnauthenticated, "InvalidAccessKeyId", "hdr-id", false, false},
		{"signature", 400, "", `{"code":"SignatureDoesNotMatch"}`, iam.ErrUnauthenticated, "SignatureDoesNotMatch", "hdr-id", false, false},
		{"expired", 400, "", `{"code":"RequestExpired"}`, iam.ErrUnauthenticated, "RequestExpired", "hdr-id", true, true},
		{"auth header", 400, "", `{"code":"InvalidHTTPAuthHeader"}`, iam.ErrUnauthenticated, "InvalidHTTPAuthHeader", "hdr-id", false, false},
		{"inappropriate json", 400, "", `{"code":"InappropriateJSON"}`, iam.ErrInvalidArgument, "InappropriateJSON", "hdr-id", false, false},
		{"malformed json", 400, "", `{"code":"MalformedJSON"}`, iam.ErrInvalidArgument, "MalformedJSON", "hdr-id", false, false},
		{"precondition", 412, "", `{"code":"PreconditionFailed"}`, iam.ErrFailedPrecondition, "PreconditionFailed", "hdr-id", false, false},
		{"throttled 429", 429, "", `{"code":"TooManyRequests"}`, iam.ErrThrottled, "TooManyRequests", "hdr-id", true, true},
		{"throttling code", 400, "", `{"code":"Throttling.User"}`, iam.ErrThrottled, "Throttling.User", "hdr-id", true, true},
		{"internal", 500, "", `{"code":"InternalError","message":"We encountered an internal error."}`, iam.ErrUnavailable, "InternalError", "hdr-id", true, false},
		{"case-insensitive body", 404, "", `{"Code":"NoSuchUser","Message":"m","RequestId":"r-9"}`, iam.ErrNotFound, "NoSuchUser", "r-9", false, false},
		{"html 502", 502, "text/html", `<html><body>Bad Gateway secret=abc</body></html>`, iam.ErrUnavailable, "", "hdr-id", true, false},
		// A 503 is no proof the server did not act: retried for reads only.
		{"html 503", 503, "text/html", `<html>busy</html>`, iam.ErrUnavailable, "", "hdr-id", true, false},
		{"503 ServiceUnavailable", 503, "", `{"code":"ServiceUnavailable","message":"busy"}`, iam.ErrUnavailable, "ServiceUnavailable", "hdr-id", true, false},
		{"empty 500", 500, "", ``, iam.ErrUnavailable, "", "hdr-id", true, false},
		{"empty 404", 404, "", ``, iam.ErrNotFound, "", "hdr-id", false, false},
		{"empty 403", 403, "", ``, iam.ErrPermissionDenied, "", "hdr-id", false, false},
		{"garbage 400", 400, "", "\x00\xff{{", iam.ErrInvalidArgument, "", "hdr-id", false, false},
		{"truncated json", 404, "", `{"code":"NoSu`, iam.ErrNotFound, "", "hdr-id", false, false},
		{"json array", 500, "", `[1,2]`, iam.ErrUnavailable, "", "hdr-id", true, false},
		{"json wrong types", 404, "", `{"code":5}`, iam.ErrNotFound, "", "hdr-id", false, false},
		{"unknown 418", 418, "", `{}`, iam.ErrUnknown, "", "hdr-id", false, false},
		{"501 not retried", 501, "", `{}`, iam.ErrUnavailable, "", "hdr-id", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			resp.Header.Set("x-bce-request-id", "hdr-id")
			if tt.ctype != "" {
				resp.Header.Set("Content-Type", tt.ctype)
			}
			d := classify(resp, []byte(tt.body))
			require.NotNil(t, d.Err)
			assert.Equal(t, tt.kind, d.Err.Kind)
			assert.True(t, errors.Is(d.Err, tt.kind))
			assert.Equal(t, tt.code, d.Err.Code)
			assert.Equal(t, tt.status, d.Err.StatusCode)
			assert.Equal(t, tt.requestID, d.Err.RequestID)
			assert.Equal(t, Scheme, d.Err.Provider)
			assert.Equal(t, tt.retry, d.Retry, "retry")
			assert.Equal(t, tt.notActed, d.NotActed, "not acted")
			assert.NotEmpty(t, d.Err.Error())
			assert.NotContains(t, d.Err.Error(), "secret=abc")
		})
	}
}

func TestClassifyRetryAfter(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3"}}}
	d := classify(resp, nil)
	assert.Equal(t, "3s", d.RetryAfter.String())
	assert.True(t, d.Retry)
}

// TestRetryAfterClamped: a huge Retry-After saturates at the transport's
// cap (24 h, which ends retrying) instead of overflowing into a short or
// negative wait; nonsense is no wait.
func TestRetryAfterClamped(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want time.Duration
	}{
		{"3", 3 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"abc", 0},
		{"86400", 24 * time.Hour},
		{"18446744074", 24 * time.Hour},             // wrapped into 0.29 s before
		{"9223372036854775807", 24 * time.Hour},     // MaxInt64 seconds
		{"99999999999999999999999", 24 * time.Hour}, // beyond int64
		{"Fri, 31 Dec 9999 23:59:59 GMT", 24 * time.Hour},
		{"Mon, 01 Jan 2001 00:00:00 GMT", 0},
	} {
		assert.Equal(t, tt.want, retryAfter(tt.v), "Retry-After: %s", tt.v)
	}
}

// TestErrorsThroughClient sends each failure through the whole client and
// checks the error a caller sees.
func TestErrorsThroughClient(t *testing.T) {
	for _, tt := range []struct {
		status int
		body   string
		kind   iam.Kind
		code   string
	}{
		{404, `{"code":"NoSuchUser","message":"The user x does not exist.","requestId":"body-id"}`, iam.ErrNotFound, "NoSuchUser"},
		{403, `{"code":"AccessDenied","message":"Access denied.","requestId":"body-id"}`, iam.ErrPermissionDenied, "AccessDenied"},
		{502, `<html><head><title>502 Bad Gateway</title></head></html>`, iam.ErrUnavailable, ""},
		{500, ``, iam.ErrUnavailable, ""},
	} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			c, _ := newMocked(t, tt.status, tt.body, "x-bce-request-id", "hdr-id")
			_, err := c.GetUser(context.Background(), &GetUserInput{UserName: "x"})
			require.Error(t, err)
			var e *iam.Error
			require.True(t, errors.As(err, &e), "%T %v", err, err)
			assert.ErrorIs(t, err, tt.kind)
			assert.Equal(t, tt.status, e.StatusCode)
			assert.Equal(t, tt.code, e.Code)
			if strings.HasPrefix(tt.body, "{") {
				assert.Equal(t, "body-id", e.RequestID)
			} else {
				assert.Equal(t, "hdr-id", e.RequestID)
			}
			assert.Contains(t, err.Error(), "baidu")
			assert.NotContains(t, err.Error(), testSK)
		})
	}
}

// TestBadSuccessBodies: a 200 whose body cannot be read is a typed error.
func TestBadSuccessBodies(t *testing.T) {
	for _, body := range []string{``, `<html>ok</html>`, `{"id":`, `[]`, `{"users":5}`, `{}`, `{"users":null}`} {
		t.Run(body, func(t *testing.T) {
			c, _ := newMocked(t, 200, body)
			_, err := c.ListUsers(context.Background(), nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, iam.ErrInvalidResponse)
			var e *iam.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, 200, e.StatusCode)
		})
	}
	// Odd but readable timestamps do not fail a call.
	c, _ := newMocked(t, 200, `{"id":"1","name":"n","createTime":"not a time","lastLoginTime":null,"joinTime":"2019-06-06T03:42:13.5+08:00"}`)
	out, err := c.GetUser(context.Background(), &GetUserInput{UserName: "n"})
	require.NoError(t, err)
	u := out.User
	assert.True(t, u.CreateTime.IsZero())
	assert.Equal(t, "2019-06-05T19:42:13.5Z", u.JoinTime.Format("2006-01-02T15:04:05.999Z07:00"))
	assert.True(t, u.Enabled, "enabled defaults to true when absent")
}
