package huaweitest

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func metadataDo(t *testing.T, m *MetadataServer, method, path string, header map[string]string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, m.URL+path, nil)
	require.NoError(t, err)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

type securityKey struct {
	Credential struct {
		Access        string `json:"access"`
		Secret        string `json:"secret"`
		SecurityToken string `json:"securitytoken"`
		ExpiresAt     string `json:"expires_at"`
	} `json:"credential"`
}

func TestMetadataServer(t *testing.T) {
	clk := &fakeClock{t: time.Now().UTC()}
	srv := NewServer(WithClock(clk.now))
	defer srv.Close()
	m := NewMetadataServer(srv.Emulator, WithInstanceCredentialTTL(20*time.Minute))
	defer m.Close()

	st, tok := metadataDo(t, m, "PUT", "/meta-data/latest/api/token", map[string]string{"X-Metadata-Token-Ttl-Seconds": "21600"})
	require.Equal(t, http.StatusOK, st)
	require.NotEmpty(t, tok)
	for _, bad := range []string{"", "0", "21601", "x"} {
		st, _ := metadataDo(t, m, "PUT", "/meta-data/latest/api/token", map[string]string{"X-Metadata-Token-Ttl-Seconds": bad})
		assert.Equal(t, http.StatusBadRequest, st, "ttl %q", bad)
	}
	st, body := metadataDo(t, m, "GET", "/openstack/latest/securitykey", map[string]string{"X-Metadata-Token": tok})
	require.Equal(t, http.StatusOK, st, body)
	var k securityKey
	require.NoError(t, json.Unmarshal([]byte(body), &k))
	exp, err := time.Parse(keystoneTimeLayout, k.Credential.ExpiresAt)
	require.NoError(t, err)
	assert.Equal(t, clk.now().Add(20*time.Minute).Truncate(time.Microsecond), exp)
	assert.Equal(t, k.Credential.Access, m.Credentials().AccessKeyID)

	// The instance credentials authenticate against the IAM emulator.
	c := tempClient(t, srv, k.Credential.Access, k.Credential.Secret, k.Credential.SecurityToken, clk.now)
	a := c.do("GET", "/v3/auth/domains", nil)
	assert.Equal(t, http.StatusOK, a.status, "%s", a.raw)

	// Served again until half their life has passed, then new ones.
	clk.add(9 * time.Minute)
	_, body = metadataDo(t, m, "GET", "/openstack/latest/securitykey", nil)
	var k2 securityKey
	require.NoError(t, json.Unmarshal([]byte(body), &k2))
	assert.Equal(t, k.Credential.Access, k2.Credential.Access, "IMDSv1 (no token) reads the same")
	clk.add(2 * time.Minute)
	_, body = metadataDo(t, m, "GET", "/openstack/latest/securitykey", map[string]string{"X-Metadata-Token": tok})
	require.NoError(t, json.Unmarshal([]byte(body), &k2))
	assert.NotEqual(t, k.Credential.Access, k2.Credential.Access)
	m.Rotate()
	_, body = metadataDo(t, m, "GET", "/openstack/latest/securitykey", map[string]string{"X-Metadata-Token": tok})
	var k3 securityKey
	require.NoError(t, json.Unmarshal([]byte(body), &k3))
	assert.NotEqual(t, k2.Credential.Access, k3.Credential.Access, "Rotate")
	a = c.do("GET", "/v3/auth/domains", nil)
	assert.Equal(t, http.StatusOK, a.status, "rotated keys stay valid until they expire")
	clk.add(10 * time.Minute)
	a = c.do("GET", "/v3/auth/domains", nil)
	assert.Equal(t, http.StatusUnauthorized, a.status)
	assert.Equal(t, "IAM.1108", a.body["error_code"])

	// A revoked or unknown token is 401 without the agency message.
	m.ExpireTokens()
	st, body = metadataDo(t, m, "GET", "/openstack/latest/securitykey", map[string]string{"X-Metadata-Token": tok})
	assert.Equal(t, http.StatusUnauthorized, st)
	assert.NotContains(t, body, "Cloud Service Agency")
	clk.add(-time.Minute) // tokens expire on the emulator's clock too
	st, tok = metadataDo(t, m, "PUT", "/meta-data/latest/api/token", map[string]string{"X-Metadata-Token-Ttl-Seconds": "60"})
	require.Equal(t, http.StatusOK, st)
	clk.add(time.Minute)
	st, _ = metadataDo(t, m, "GET", "/openstack/latest/securitykey", map[string]string{"X-Metadata-Token": tok})
	assert.Equal(t, http.StatusUnauthorized, st)

	assert.Equal(t, 6, m.Requests().Token)
	assert.Equal(t, 6, m.Requests().SecurityKey)
	st, _ = metadataDo(t, m, "POST", "/openstack/latest/securitykey", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, st)
	st, _ = metadataDo(t, m, "GET", "/meta-data/latest/api/token", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, st)
	st, _ = metadataDo(t, m, "GET", "/openstack/latest/meta_data.json", nil)
	assert.Equal(t, http.StatusNotFound, st)
}

func TestMetadataServerOptions(t *testing.T) {
	srv := NewServer(WithTemporaryCredentialTTL(time.Minute))
	defer srv.Close()

	v1 := NewMetadataServer(srv.Emulator, WithoutMetadataToken(http.StatusNotFound))
	defer v1.Close()
	st, _ := metadataDo(t, v1, "PUT", "/meta-data/latest/api/token", map[string]string{"X-Metadata-Token-Ttl-Seconds": "21600"})
	assert.Equal(t, http.StatusNotFound, st)
	st, body := metadataDo(t, v1, "GET", "/openstack/latest/securitykey", nil)
	require.Equal(t, http.StatusOK, st)
	var k securityKey
	require.NoError(t, json.Unmarshal([]byte(body), &k))
	exp, err := time.Parse(keystoneTimeLayout, k.Credential.ExpiresAt)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Minute), exp, 5*time.Second, "WithTemporaryCredentialTTL caps instance credentials")

	v2 := NewMetadataServer(srv.Emulator, WithMetadataTokenRequired())
	defer v2.Close()
	st, body = metadataDo(t, v2, "GET", "/openstack/latest/securitykey", nil)
	assert.Equal(t, http.StatusUnauthorized, st)
	assert.NotContains(t, body, "Cloud Service Agency")

	none := NewMetadataServer(srv.Emulator, WithoutAgency())
	defer none.Close()
	st, body = metadataDo(t, none, "GET", "/openstack/latest/securitykey", nil)
	assert.Equal(t, http.StatusUnauthorized, st)
	assert.Contains(t, body, "Please configure Cloud Service Agency first")
}
