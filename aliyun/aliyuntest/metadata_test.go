package aliyuntest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metadataGet sends one request to the metadata service.
func metadataGet(t *testing.T, srv *Server, method, path string, h map[string]string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, srv.MetadataURL+path, nil)
	require.NoError(t, err)
	for k, v := range h {
		r.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// instanceCaller reads the role's credentials and returns a caller with them.
func instanceCaller(t *testing.T, srv *Server, h map[string]string, at time.Time) (*caller, map[string]string) {
	t.Helper()
	st, body := metadataGet(t, srv, http.MethodGet, MetadataRolePath+"EcsRole", h)
	require.Equal(t, 200, st, body)
	var m map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	return &caller{t: t, srv: srv, id: m["AccessKeyId"], sec: m["AccessKeySecret"], token: m["SecurityToken"], at: at}, m
}

// The token dance: PUT a token, then read the role's name and credentials
// with it; the credentials authenticate RAM with their token.
func TestMetadataWithToken(t *testing.T) {
	clock := newTestClock()
	srv := NewServer(WithClock(clock.Now), WithInstanceRole("EcsRole"))
	defer srv.Close()
	st, token := metadataGet(t, srv, http.MethodPut, MetadataTokenPath, map[string]string{"X-aliyun-ecs-metadata-token-ttl-seconds": "21600"})
	require.Equal(t, 200, st)
	require.NotEmpty(t, token)
	h := map[string]string{"X-aliyun-ecs-metadata-token": token}
	st, role := metadataGet(t, srv, http.MethodGet, MetadataRolePath, h)
	assert.Equal(t, 200, st)
	assert.Equal(t, "EcsRole", role)
	c, m := instanceCaller(t, srv, h, clock.Now())
	assert.Equal(t, "Success", m["Code"])
	assert.True(t, strings.HasPrefix(m["AccessKeyId"], "STS."))
	assert.Equal(t, clock.Now().Add(DefaultInstanceRoleTTL).Format("2006-01-02T15:04:05Z"), m["Expiration"])
	assert.Equal(t, clock.Now().Format("2006-01-02T15:04:05Z"), m["LastUpdated"])
	st, out := c.ram("ListUsers")
	assert.Equal(t, 200, st, out)
	assert.Equal(t, []MetadataRequest{{"PUT", MetadataTokenPath, false}, {"GET", MetadataRolePath, true},
		{"GET", MetadataRolePath + "EcsRole", true}}, srv.MetadataRequests())
	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, KindInstanceRole, issued[0].Kind)
	assert.Equal(t, "EcsRole", issued[0].RoleName)

	// A token that is unknown, or has expired, is refused.
	st, _ = metadataGet(t, srv, http.MethodGet, MetadataRolePath, map[string]string{"X-aliyun-ecs-metadata-token": "forged"})
	assert.Equal(t, 401, st)
	st, short := metadataGet(t, srv, http.MethodPut, MetadataTokenPath, map[string]string{"X-aliyun-ecs-metadata-token-ttl-seconds": "1"})
	require.Equal(t, 200, st)
	clock.Add(time.Second)
	st, _ = metadataGet(t, srv, http.MethodGet, MetadataRolePath, map[string]string{"X-aliyun-ecs-metadata-token": short})
	assert.Equal(t, 401, st)
	for _, ttl := range []string{"", "0", "21601", "x"} {
		st, _ = metadataGet(t, srv, http.MethodPut, MetadataTokenPath, map[string]string{"X-aliyun-ecs-metadata-token-ttl-seconds": ttl})
		assert.Equal(t, 400, st, ttl)
	}
	st, _ = metadataGet(t, srv, http.MethodGet, MetadataTokenPath, nil)
	assert.Equal(t, 405, st)
}

// Without a token: served by default (IMDSv1), refused in the token-only
// mode; a service without tokens answers the PUT with 404.
func TestMetadataTokenModes(t *testing.T) {
	for _, tc := range []struct {
		mode              MetadataTokenMode
		put, withoutToken int
	}{
		{MetadataTokenOptional, 200, 200},
		{MetadataTokenRequired, 200, 403},
		{MetadataTokenUnsupported, 404, 200},
	} {
		srv := NewServer(WithInstanceRole("EcsRole"), WithMetadataToken(tc.mode))
		st, _ := metadataGet(t, srv, http.MethodPut, MetadataTokenPath, map[string]string{"X-aliyun-ecs-metadata-token-ttl-seconds": "60"})
		assert.Equal(t, tc.put, st, tc.mode)
		st, _ = metadataGet(t, srv, http.MethodGet, MetadataRolePath+"EcsRole", nil)
		assert.Equal(t, tc.withoutToken, st, tc.mode)
		srv.Close()
	}
}

func TestMetadataWithoutRole(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	st, _ := metadataGet(t, srv, http.MethodGet, MetadataRolePath, nil)
	assert.Equal(t, 404, st)
	srv2 := NewServer(WithInstanceRole("EcsRole"))
	defer srv2.Close()
	st, _ = metadataGet(t, srv2, http.MethodGet, MetadataRolePath+"OtherRole", nil)
	assert.Equal(t, 404, st)
	st, _ = metadataGet(t, srv2, http.MethodGet, "/latest/meta-data/instance-id", nil)
	assert.Equal(t, 404, st)
	assert.Empty(t, srv.TemporaryCredentials())
}

// The role's credentials are replaced every rotation period (and on
// RotateInstanceRole); the old ones work until they expire.
func TestInstanceRoleRotation(t *testing.T) {
	clock := newTestClock()
	srv := NewServer(WithClock(clock.Now), WithInstanceRole("EcsRole"), WithInstanceRoleRotation(5*time.Minute),
		WithTemporaryCredentialsTTL(10*time.Minute))
	defer srv.Close()
	first, _ := instanceCaller(t, srv, nil, clock.Now())
	clock.Add(4 * time.Minute)
	same, _ := instanceCaller(t, srv, nil, clock.Now())
	assert.Equal(t, first.id, same.id)
	clock.Add(time.Minute)
	second, _ := instanceCaller(t, srv, nil, clock.Now())
	assert.NotEqual(t, first.id, second.id)
	first.at = clock.Now()
	st, _ := first.ram("ListUsers")
	assert.Equal(t, 200, st, "the previous credentials still work")
	srv.RotateInstanceRole()
	third, _ := instanceCaller(t, srv, nil, clock.Now())
	assert.NotEqual(t, second.id, third.id)
	clock.Add(5 * time.Minute)
	first.at = clock.Now()
	st, m := first.ram("ListUsers")
	assert.Equal(t, 400, st)
	assert.Equal(t, "InvalidSecurityToken.Expired", m["Code"])
	assert.Len(t, srv.TemporaryCredentials(), 3)
}
