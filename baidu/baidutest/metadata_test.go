package baidutest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metadata asks the emulated metadata service for the role's credentials.
func metadata(t *testing.T, srv *Server, method, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.MetadataURL+path, nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var body map[string]any
	if res.StatusCode == http.StatusOK && method == http.MethodGet {
		require.NoError(t, json.Unmarshal(raw, &body), "%s", raw)
	}
	return res.StatusCode, body
}

func TestMetadataWithoutRole(t *testing.T) {
	_, srv := newCaller(t)
	status, _ := metadata(t, srv, http.MethodGet, MetadataPath)
	assert.Equal(t, http.StatusNotFound, status, "no role bound to the instance")
	assert.Empty(t, srv.TemporaryCredentials())
	srv.RotateInstanceRole() // nothing to rotate
	assert.Empty(t, srv.TemporaryCredentials())
}

func TestMetadataInstanceRole(t *testing.T) {
	clk := newTestClock()
	root, srv := newCaller(t, WithClock(clk.Now), WithInstanceRole("bcc-role"))

	status, _ := metadata(t, srv, http.MethodGet, "/latest/meta-data/")
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = metadata(t, srv, http.MethodPost, MetadataPath)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	status, _ = metadata(t, srv, http.MethodHead, MetadataPath)
	assert.Equal(t, http.StatusOK, status)

	status, body := metadata(t, srv, http.MethodGet, MetadataPath)
	require.Equal(t, http.StatusOK, status)
	first, exp := temporary(t, root, body)
	assert.Equal(t, clk.Now().Add(2*DefaultInstanceRoleRotation), exp)
	first.now = clk.Now()
	require.Equal(t, http.StatusOK, first.do("GET", "/v1/user", nil).status)

	// The same credentials until the rotation period ends.
	clk.Add(DefaultInstanceRoleRotation - time.Second)
	_, body = metadata(t, srv, http.MethodGet, MetadataPath)
	assert.Equal(t, first.ak, body["accessKeyId"])
	clk.Add(time.Second)
	_, body = metadata(t, srv, http.MethodGet, MetadataPath)
	second, _ := temporary(t, root, body)
	assert.NotEqual(t, first.ak, second.ak, "rotated every 5 minutes")

	// The previous ones keep working until they expire.
	first.now, second.now = clk.Now(), clk.Now()
	require.Equal(t, http.StatusOK, first.do("GET", "/v1/user", nil).status)
	require.Equal(t, http.StatusOK, second.do("GET", "/v1/user", nil).status)
	clk.Add(DefaultInstanceRoleRotation)
	first.now, second.now = clk.Now(), clk.Now()
	r := first.do("GET", "/v1/user", nil)
	assertError(t, r, http.StatusForbidden, codeInvalidSessionToken)
	assert.Equal(t, msgExpiredToken, r.body["message"])
	require.Equal(t, http.StatusOK, second.do("GET", "/v1/user", nil).status)

	// A rotation on demand.
	srv.RotateInstanceRole()
	_, body = metadata(t, srv, http.MethodGet, MetadataPath)
	assert.NotEqual(t, second.ak, body["accessKeyId"])
	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 3)
	for _, c := range issued {
		assert.Equal(t, KindInstanceRole, c.Kind)
		assert.Equal(t, "bcc-role", c.RoleName)
	}
}

func TestMetadataRotationOptions(t *testing.T) {
	clk := newTestClock()
	_, srv := newCaller(t, WithClock(clk.Now), WithInstanceRole("r"), WithInstanceRoleRotation(time.Minute),
		WithTemporaryCredentialTTL(90*time.Second))
	_, body := metadata(t, srv, http.MethodGet, MetadataPath)
	exp, err := time.Parse(time.RFC3339, body["expiration"].(string))
	require.NoError(t, err)
	assert.Equal(t, clk.Now().Add(90*time.Second), exp)
	clk.Add(time.Minute)
	_, again := metadata(t, srv, http.MethodGet, MetadataPath)
	assert.NotEqual(t, body["accessKeyId"], again["accessKeyId"])
}

// TestMetadataConcurrent: many instances of a program asking at once at a
// rotation get one set of credentials.
func TestMetadataConcurrent(t *testing.T) {
	clk := newTestClock()
	_, srv := newCaller(t, WithClock(clk.Now), WithInstanceRole("r"))
	_, _ = metadata(t, srv, http.MethodGet, MetadataPath)
	clk.Add(DefaultInstanceRoleRotation)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(srv.MetadataURL + MetadataPath)
			if !assert.NoError(t, err) {
				return
			}
			defer res.Body.Close()
			var m map[string]any
			assert.NoError(t, json.NewDecoder(res.Body).Decode(&m))
			mu.Lock()
			seen[strings.TrimSpace(m["accessKeyId"].(string))] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	assert.Len(t, seen, 1)
	assert.Len(t, srv.TemporaryCredentials(), 2)
}
