package huawei

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsAndDebugKeepSecrets: debug logs and the Debug hook never carry the
// secret key, the security token, passwords or created key secrets.
func TestLogsAndDebugKeepSecrets(t *testing.T) {
	var logs syncBuf
	var dbg []signer.Debug
	var mu sync.Mutex
	m := newMock(t,
		reply{status: 201, body: `{"user":{"id":"` + testUserID + `","name":"alice"}}`},
		reply{status: 201, body: `{"credential":{"access":"AKNEW","secret":"created-key-secret-value","user_id":"` + testUserID + `","status":"active"}}`},
		reply{status: 401, body: `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}`},
	)
	c := m.client(Config{
		DomainID:     testDomainID,
		SessionToken: iam.NewSecret("sts-token-secret-value"),
		Logger:       slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Debug:        func(d signer.Debug) { mu.Lock(); dbg = append(dbg, d); mu.Unlock() },
	})
	ctx := context.Background()
	_, err := c.CreateUser(ctx, &CreateUserInput{Name: "alice", Password: iam.NewSecret("Pa$$w0rd!secret")})
	require.NoError(t, err)
	k, err := c.CreatePermanentAccessKey(ctx, &CreatePermanentAccessKeyInput{UserID: testUserID})
	require.NoError(t, err)
	_, err = c.ShowUser(ctx, &ShowUserInput{UserID: testUserID})
	require.Error(t, err)

	require.NotEmpty(t, dbg, "the Debug hook is called")
	var all strings.Builder
	all.WriteString(logs.String())
	all.WriteString(err.Error())
	all.WriteString(k.Credential.Secret.String())
	for _, d := range dbg {
		all.WriteString(d.CanonicalRequest + d.StringToSign)
	}
	for _, secret := range []string{testSK, "Pa$$w0rd!secret", "created-key-secret-value"} {
		assert.NotContains(t, all.String(), secret)
	}
	assert.NotContains(t, logs.String(), "sts-token-secret-value")
	for _, d := range dbg {
		assert.NotContains(t, d.CanonicalRequest, "sts-token-secret-value", "the signed X-Security-Token is redacted for the hook")
		assert.Contains(t, d.CanonicalRequest, "x-security-token:[REDACTED]")
	}
	assert.NotContains(t, err.Error(), "sts-token-secret-value")
}
