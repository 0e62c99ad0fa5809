package huawei

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

// issueToken gets an X-Auth-Token from the emulator with the password method.
func issueToken(t *testing.T, srv *huaweitest.Server, user, password string) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": map[string]any{
			"name": user, "password": password, "domain": map[string]any{"name": srv.DomainName()}}}},
		"scope": map[string]any{"domain": map[string]any{"name": srv.DomainName()}},
	}})
	require.NoError(t, err)
	resp, err := http.Post(srv.URL+"/v3/auth/tokens", "application/json;charset=utf8", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	tok := resp.Header.Get("X-Subject-Token")
	require.NotEmpty(t, tok)
	return tok
}
