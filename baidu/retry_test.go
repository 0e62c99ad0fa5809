package baidu

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
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

type reply struct {
	status int
	body   string
	hdr    map[string]string
}

// newSequenced answers the n-th request with replies[n] (the last one
// repeats) and records every request.
func newSequenced(t *testing.T, logger *slog.Logger, replies ...reply) (*Client, *recorder) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	rec := &recorder{}
	var mu sync.Mutex
	n := 0
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		b := []byte{}
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, captured{method: req.Method, path: req.URL.Path, query: req.URL.RawQuery,
			header: req.Header.Clone(), body: b, req: req})
		rec.mu.Unlock()
		mu.Lock()
		r := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()
		resp := httpmock.NewStringResponse(r.status, r.body)
		for k, v := range r.hdr {
			resp.Header.Set(k, v)
		}
		return resp, nil
	})
	c, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK), HTTPClient: &http.Client{Transport: mock},
		MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Logger: logger})
	require.NoError(t, err)
	return c, rec
}

func verifies(t *testing.T, r captured) {
	t.Helper()
	_, err := signer.BCE{}.Verify(r.req, r.body, &signer.VerifyParams{
		Now: time.Now(),
		Lookup: func(id string) (signer.Credentials, bool) {
			return signer.Credentials{AccessKeyID: testAK, SecretAccessKey: testSK}, id == testAK
		}})
	assert.NoError(t, err)
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	user := `{"id":"1","name":"u","createTime":"2026-11-22T10:00:00Z","enabled":true}`

	t.Run("read retried on 503, each attempt signed afresh", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{503, `<html>busy</html>`, nil}, reply{200, user, nil})
		out, err := c.GetUser(ctx, &GetUserInput{UserName: "u"})
		require.NoError(t, err)
		assert.Equal(t, "u", out.User.Name)
		require.Equal(t, 2, rec.count())
		a, b := rec.reqs[0], rec.reqs[1]
		verifies(t, a)
		verifies(t, b)
		assert.NotEqual(t, a.header.Get("x-bce-request-id"), b.header.Get("x-bce-request-id"))
	})
	t.Run("create not repeated after a 500", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{500, `{"code":"InternalError","message":"x"}`, nil}, reply{201, user, nil})
		_, err := c.CreateUser(ctx, &CreateUserInput{Name: "u"})
		assert.ErrorIs(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, iam.ErrOutcomeUnknown, "the user may exist: check before trying again")
		assert.Equal(t, 1, rec.count())
	})
	t.Run("create not repeated after a 503", func(t *testing.T) {
		// A 503 is no proof the server did not act: repeating the create
		// could make a second key, or meet the user it made.
		for _, body := range []string{`{"code":"ServiceUnavailable","message":"busy"}`, `<html>busy</html>`, ``} {
			c, rec := newSequenced(t, nil, reply{503, body, nil}, reply{200, `{"id":"AK","secret":"SK-0123456789"}`, nil})
			_, err := c.CreateAccessKey(ctx, &CreateAccessKeyInput{UserName: "u"})
			assert.ErrorIs(t, err, iam.ErrUnavailable)
			assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
			assert.Equal(t, 1, rec.count(), "one attempt (503 %q)", body)
		}
	})
	t.Run("login profile not repeated after a 500", func(t *testing.T) {
		// A repeat could be refused ("must differ from the current
		// password") and hide that the first attempt set it.
		c, rec := newSequenced(t, nil, reply{500, `{"code":"InternalError"}`, nil}, reply{200, `{"enabledLogin":true}`, nil})
		_, err := c.UpdateLoginProfile(ctx, &UpdateLoginProfileInput{UserName: "u", Password: iam.NewSecret("Pa55-word!x")})
		assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
		assert.Equal(t, 1, rec.count())
	})
	t.Run("rename not repeated after a 500", func(t *testing.T) {
		// The repeat would find no user of the old name.
		c, rec := newSequenced(t, nil, reply{500, `{"code":"InternalError"}`, nil}, reply{200, user, nil})
		_, err := c.UpdateUser(ctx, &UpdateUserInput{UserName: "old", NewName: iam.Ptr("u")})
		assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
		assert.Equal(t, 1, rec.count())
		c, rec = newSequenced(t, nil, reply{500, `{"code":"InternalError"}`, nil}, reply{200, user, nil})
		_, err = c.UpdateUser(ctx, &UpdateUserInput{UserName: "u", Description: iam.Ptr("d")})
		require.NoError(t, err, "an update that sets a state is repeated")
		assert.Equal(t, 2, rec.count())
	})
	t.Run("create repeated after throttling", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{429, `{"code":"TooManyRequests","message":"slow down"}`, nil}, reply{201, user, nil})
		_, err := c.CreateUser(ctx, &CreateUserInput{Name: "u"})
		require.NoError(t, err)
		require.Equal(t, 2, rec.count())
		assert.Equal(t, string(rec.reqs[0].body), string(rec.reqs[1].body))
		verifies(t, rec.reqs[1])
	})
	t.Run("access key create not repeated after a 502", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{502, ``, nil}, reply{200, `{"id":"AK"}`, nil})
		_, err := c.CreateAccessKey(ctx, &CreateAccessKeyInput{UserName: "u"})
		assert.ErrorIs(t, err, iam.ErrUnavailable)
		assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
		assert.Equal(t, 1, rec.count())
	})
	t.Run("client errors not retried", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{404, `{"code":"NoSuchUser"}`, nil})
		_, err := c.GetUser(ctx, &GetUserInput{UserName: "u"})
		assert.ErrorIs(t, err, iam.ErrNotFound)
		assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown)
		assert.Equal(t, 1, rec.count())
	})
	t.Run("attempts bounded", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{503, ``, nil})
		_, err := c.ListUsers(ctx, nil)
		assert.ErrorIs(t, err, iam.ErrUnavailable)
		assert.Equal(t, 3, rec.count())
	})
	t.Run("cancelled context", func(t *testing.T) {
		c, rec := newSequenced(t, nil, reply{200, user, nil})
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := c.GetUser(cctx, &GetUserInput{UserName: "u"})
		require.Error(t, err)
		assert.True(t, errors.Is(err, context.Canceled), "%v", err)
		var e *iam.Error
		assert.True(t, errors.As(err, &e))
		assert.Equal(t, 0, rec.count())
	})
}

// TestNoSecretsInLogs runs calls carrying a password, a returned secret and
// a session token with debug logging on.
func TestNoSecretsInLogs(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// The replies are consumed in order: one 429 (retried, even for
	// UpdateLoginProfile, which is not repeated after a 5xx), the login
	// profile, then the key with its secret.
	c, rec := newSequenced(t, logger,
		reply{429, `{"code":"TooManyRequests"}`, nil},
		reply{200, `{"enabledLogin":true}`, nil},
		reply{200, `{"id":"AKNEW","secret":"NEWSECRETVALUE0000000000000000","enabled":true}`, nil})
	c.creds.SecurityToken = "SESSIONTOKENVALUE"
	_, err := c.UpdateLoginProfile(context.Background(), &UpdateLoginProfileInput{UserName: "u", Password: iam.NewSecret("Pa$$wordSECRET")})
	require.NoError(t, err)
	k, err := c.CreateAccessKey(context.Background(), &CreateAccessKeyInput{UserName: "u"})
	require.NoError(t, err)
	assert.Equal(t, "NEWSECRETVALUE0000000000000000", k.AccessKey.Secret.Reveal())
	assert.Equal(t, 3, rec.count())
	assert.Equal(t, "SESSIONTOKENVALUE", rec.last(t).header.Get("x-bce-security-token"))
	require.NotZero(t, buf.Len(), "debug logging produced lines")
	logs := buf.String()
	for _, secret := range []string{testSK, "Pa$$wordSECRET", "NEWSECRETVALUE", "SESSIONTOKENVALUE", rec.last(t).header.Get("Authorization")} {
		assert.NotContains(t, logs, secret)
	}
}

// TestDebugHook: the Debug hook sees the canonical request, with the
// session token redacted and never the secret.
func TestDebugHook(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(httpmock.NewStringResponder(200, `{"users":[]}`))
	var got []signer.Debug
	c, err := New(Config{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK),
		SessionToken: iam.NewSecret("SESSIONTOKENEXAMPLE/abc+def=="), HTTPClient: &http.Client{Transport: mock},
		Debug: func(d signer.Debug) { got = append(got, d) }})
	require.NoError(t, err)
	_, err = c.ListUsers(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	cr := got[0].CanonicalRequest
	assert.True(t, strings.HasPrefix(cr, "GET\n/v1/user\n\n"), cr)
	assert.Contains(t, cr, "x-bce-security-token:[REDACTED]")
	assert.NotContains(t, cr, "SESSIONTOKENEXAMPLE")
	assert.NotContains(t, got[0].StringToSign, testSK)
}
