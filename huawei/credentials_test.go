package huawei

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// showNobody is a native call of one request: 404 from the emulator when
// the credentials work.
func showNobody(t *testing.T, c *Client) error {
	t.Helper()
	_, err := c.ShowUser(context.Background(), &ShowUserInput{UserID: "nobody"})
	return err
}

func TestEnvCredentials(t *testing.T) {
	s := newCredServer(t)
	ak, sk := s.Credentials()
	env := newEnv(map[string]string{EnvAccessKeyID: ak, EnvSecretAccessKey: sk, EnvDomainID: s.DomainID()})
	p := EnvCredentials(testOptions(t, env))
	creds, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "env", creds.Source)
	assert.True(t, creds.Expires.IsZero())

	c := credClient(t, s, p)
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound, "signed with the environment's keys")
	reqs := s.requests()
	require.Len(t, reqs, 1, "HUAWEICLOUD_SDK_DOMAIN_ID came with the keys: no lookup")
	assert.Equal(t, s.DomainID(), reqs[0].DomainHeader)
	assert.Equal(t, ak, reqs[0].AK)
	assert.False(t, reqs[0].HasToken)

	// Temporary keys with HUAWEICLOUD_SDK_SECURITY_TOKEN.
	tc := s.IssueTemporaryCredentials(time.Hour)
	env = newEnv(map[string]string{EnvAccessKeyID: tc.AccessKeyID, EnvSecretAccessKey: tc.SecretAccessKey, EnvSessionToken: tc.SecurityToken})
	c = credClient(t, s, EnvCredentials(testOptions(t, env)))
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	reqs = s.requests()
	assert.Equal(t, "/v3/auth/domains", reqs[1].Path, "no HUAWEICLOUD_SDK_DOMAIN_ID: looked up with the temporary keys")
	assert.Equal(t, tc.AccessKeyID, reqs[1].AK)
	assert.True(t, reqs[2].HasToken)
	assert.Equal(t, s.DomainID(), reqs[2].DomainHeader)
}

func TestEnvCredentialsErrors(t *testing.T) {
	tests := []struct {
		name  string
		vars  map[string]string
		field string // "" means ErrNoCredentials
	}{
		{"nothing", nil, ""},
		{"AK only", map[string]string{EnvAccessKeyID: "AK"}, EnvSecretAccessKey},
		{"SK only", map[string]string{EnvSecretAccessKey: "SK"}, EnvAccessKeyID},
		{"token only", map[string]string{EnvSessionToken: "tok"}, EnvAccessKeyID + ", " + EnvSecretAccessKey},
		{"IdP without token file", map[string]string{EnvIdpID: "idp"}, EnvIDTokenFile},
		{"token file without IdP", map[string]string{EnvIDTokenFile: "/x"}, EnvIdpID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EnvCredentials(testOptions(t, newEnv(tt.vars))).Retrieve(context.Background())
			require.Error(t, err)
			if tt.field == "" {
				assert.ErrorIs(t, err, iam.ErrNoCredentials)
				assert.Contains(t, err.Error(), "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set")
				return
			}
			assert.NotErrorIs(t, err, iam.ErrNoCredentials, "configured, wrongly")
			var e *iam.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
		})
	}
}

func TestProfileCredentials(t *testing.T) {
	s := newCredServer(t)
	ak, sk := s.Credentials()
	ctx := context.Background()
	opts := testOptions(t, nil)
	log := &credLog{}
	opts.Logger = log
	content := "; written by hand\n[global]\nak = " + ak + "   ; the root key\nsk = \"" + sk + "\"\ndomain_id=" + s.DomainID() +
		"\n# no token\n\n[BASIC]\nAK = AKBASIC\nsk = basic-secret\nproject_id = p1\n"
	writeCredFile(t, opts.HomeDir, ".huaweicloud/credentials", content, 0o600)

	p := ProfileCredentials(opts)
	creds, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, ak, creds.AccessKeyID)
	assert.Equal(t, sk, creds.SecretAccessKey.Reveal())
	assert.Equal(t, "profile global", creds.Source)
	assert.NotContains(t, log.String(), "WARN", "a 0600 file is read quietly")
	c := credClient(t, s, p)
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	assert.Equal(t, 0, s.count("/v3/auth/domains"), "domain_id came with the keys")

	opts.Profile = "basic"
	creds, err = ProfileCredentials(opts).Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "AKBASIC", creds.AccessKeyID, "sections and keys match without regard to case")
	assert.Equal(t, "profile basic", creds.Source)

	opts.Profile = "prod"
	_, err = ProfileCredentials(opts).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials, "a missing section is an absent source")
	assert.Contains(t, err.Error(), "has no [prod] section")

	// HUAWEICLOUD_SDK_CREDENTIALS_FILE, with temporary keys and loose
	// permissions.
	tc := s.IssueTemporaryCredentials(time.Hour)
	other := writeCredFile(t, t.TempDir(), "creds.ini", "[global]\nak="+tc.AccessKeyID+"\nsk="+tc.SecretAccessKey+
		"\nsecurity_token="+tc.SecurityToken+"\n", 0o644)
	env := newEnv(map[string]string{EnvCredentialsFile: other})
	o2 := testOptions(t, env)
	o2.Logger = log
	c = credClient(t, s, ProfileCredentials(o2))
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	assert.Contains(t, log.String(), "WARN cloudiam: credentials file is readable by its group or others")
	assert.Contains(t, log.String(), other)
	assert.Contains(t, log.String(), "0644")
	assert.NotContains(t, log.String(), tc.SecretAccessKey)

	// A missing file is an absent source; a section without keys is a
	// mistake.
	_, err = ProfileCredentials(testOptions(t, nil)).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.Contains(t, err.Error(), filepath.Join(".huaweicloud", "credentials")+" does not exist")
	for content, why := range map[string]string{
		"[global]\nsk = x\n":              "ak is not set",
		"[global]\nak = x\n":              "sk is not set",
		"[global]\nproject_id = x\n":      "ak and sk are not set",
		"[global]\nidp_id = x\n":          "idp_id and id_token_file must be set together",
		"[global]\nid_token_file = /x\n":  "idp_id and id_token_file must be set together",
		"ak = x\nsk = y\n[global\nak=z\n": "ak and sk are not set",
	} {
		o := testOptions(t, nil)
		writeCredFile(t, o.HomeDir, ".huaweicloud/credentials", content, 0o600)
		if !strings.HasPrefix(content, "ak = x\nsk") {
			_, err := ProfileCredentials(o).Retrieve(ctx)
			require.Error(t, err, content)
			assert.NotErrorIs(t, err, iam.ErrNoCredentials, content)
			assert.ErrorIs(t, err, iam.ErrInvalidArgument, content)
			assert.Contains(t, err.Error(), why, content)
		} else {
			_, err := ProfileCredentials(o).Retrieve(ctx)
			assert.ErrorIs(t, err, iam.ErrNoCredentials, "keys outside a section and a broken header are no section")
		}
	}
	dir := t.TempDir()
	o := testOptions(t, nil)
	o.CredentialsFile = dir
	_, err = ProfileCredentials(o).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "a directory is not a credentials file")
}

func TestMetadataCredentials(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		opts      []huaweitest.MetadataOption
		withToken bool
	}{
		{"token", []huaweitest.MetadataOption{huaweitest.WithMetadataTokenRequired()}, true},
		{"IMDSv1 after 404", []huaweitest.MetadataOption{huaweitest.WithoutMetadataToken(404)}, false},
		{"IMDSv1 after 405", []huaweitest.MetadataOption{huaweitest.WithoutMetadataToken(405)}, false},
		{"IMDSv1 after 503", []huaweitest.MetadataOption{huaweitest.WithoutMetadataToken(503)}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newCredServer(t)
			m := huaweitest.NewMetadataServer(s.Emulator, tt.opts...)
			defer m.Close()
			o := testOptions(t, nil)
			o.MetadataEndpoint = m.URL + "/"
			p := MetadataCredentials(o)
			c := credClient(t, s, p)
			assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
			reqs := s.requests()
			require.Len(t, reqs, 2)
			assert.Equal(t, "/v3/auth/domains", reqs[0].Path, "metadata credentials carry no account id")
			assert.Equal(t, m.Credentials().AccessKeyID, reqs[1].AK)
			assert.True(t, reqs[1].HasToken)
			assert.Equal(t, huaweitest.MetadataRequests{Token: 1, SecurityKey: 1}, m.Requests())

			creds, err := p.Retrieve(ctx)
			require.NoError(t, err)
			assert.Equal(t, "metadata", creds.Source)
			assert.WithinDuration(t, time.Now().Add(huaweitest.DefaultInstanceCredentialTTL), creds.Expires, 5*time.Second)

			// A refresh reuses the token, or stays without one.
			p.Expire()
			m.Rotate()
			_, err = p.Retrieve(ctx)
			require.NoError(t, err)
			assert.Equal(t, huaweitest.MetadataRequests{Token: 1, SecurityKey: 2}, m.Requests())
			if tt.withToken {
				// A refused token is replaced, and the request made once more.
				m.ExpireTokens()
				p.Expire()
				_, err = p.Retrieve(ctx)
				require.NoError(t, err)
				assert.Equal(t, huaweitest.MetadataRequests{Token: 2, SecurityKey: 4}, m.Requests())
			}
		})
	}
}

func TestMetadataCredentialsFailures(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t)

	// Nothing listening: not an instance.
	o := testOptions(t, nil)
	start := time.Now()
	_, err := newMetadataSource(o).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.Contains(t, err.Error(), "no metadata service answers at "+o.MetadataEndpoint)
	assert.Less(t, time.Since(start), time.Second)

	// No agency bound.
	m := huaweitest.NewMetadataServer(s.Emulator, huaweitest.WithoutAgency())
	defer m.Close()
	o.MetadataEndpoint = m.URL
	_, err = newMetadataSource(o).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.Contains(t, err.Error(), "Please configure Cloud Service Agency first")
	assert.Equal(t, 1, m.Requests().SecurityKey, "the agency message is not retried with a new token")

	// Answers that are failures, not absences.
	for name, tc := range map[string]struct {
		h    http.HandlerFunc
		kind iam.Kind
	}{
		"500": {func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				_, _ = w.Write([]byte("tok"))
				return
			}
			http.Error(w, `{"error_code":"ECS.0001","error_msg":"busy"}`, http.StatusInternalServerError)
		}, iam.ErrUnavailable},
		"token 403": {func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusForbidden) }, iam.ErrPermissionDenied},
		"not JSON": {func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				_, _ = w.Write([]byte("<html>"))
			} else {
				http.Error(w, "", http.StatusNotFound)
			}
		}, iam.ErrInvalidResponse},
		"no expiry": {func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				_, _ = w.Write([]byte(`{"credential":{"access":"AK","secret":"SK","securitytoken":"T"}}`))
			} else {
				http.Error(w, "", http.StatusMethodNotAllowed)
			}
		}, iam.ErrInvalidResponse},
		"401 twice": {func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				_, _ = w.Write([]byte("tok"))
				return
			}
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
		}, iam.ErrUnauthenticated},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptestServer(t, tc.h)
			o := testOptions(t, nil)
			o.MetadataEndpoint = srv
			_, err := newMetadataSource(o).Retrieve(ctx)
			require.Error(t, err)
			assert.NotErrorIs(t, err, iam.ErrNoCredentials)
			assert.ErrorIs(t, err, tc.kind)
		})
	}

	// The spellings Huawei's SDK also reads.
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			http.Error(w, "", http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"credential":{"accessKeyId":"AK2","secretAccessKey":"SK2","securityToken":"T2","expiration":"2099-01-08T03:50:07.574000Z"}}`))
	})
	o = testOptions(t, nil)
	o.MetadataEndpoint = srv
	creds, err := newMetadataSource(o).Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "AK2", creds.AccessKeyID)
	assert.Equal(t, "SK2", creds.SecretAccessKey.Reveal())
	assert.Equal(t, "T2", creds.SessionToken.Reveal())
	assert.Equal(t, 2099, creds.Expires.Year())
}

// A metadata service that never answers does not hang a call.
func TestMetadataCredentialsTimeout(t *testing.T) {
	defer func(r, total time.Duration) { metadataRequestTimeout, metadataTotalTimeout = r, total }(metadataRequestTimeout, metadataTotalTimeout)
	metadataRequestTimeout, metadataTotalTimeout = 150*time.Millisecond, 400*time.Millisecond
	release := make(chan struct{})
	defer close(release)
	hang := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	o := testOptions(t, nil)
	o.MetadataEndpoint = hang
	start := time.Now()
	_, err := newMetadataSource(o).Retrieve(context.Background())
	assert.ErrorIs(t, err, iam.ErrNoCredentials, "a token request that times out: no metadata service here")
	assert.Contains(t, err.Error(), "timed out")
	assert.Less(t, time.Since(start), 2*time.Second)

	// The token answers, the key hangs: a failure, bounded as well.
	half := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			_, _ = w.Write([]byte("tok"))
			return
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	o.MetadataEndpoint = half
	start = time.Now()
	_, err = newMetadataSource(o).Retrieve(context.Background())
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	assert.Less(t, time.Since(start), 2*time.Second)

	// And a caller's own deadline ends it sooner.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = newMetadataSource(o).Retrieve(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)
}

func TestAgencyCredentials(t *testing.T) {
	s := newCredServer(t)
	s.AddAgency("ops")
	ak, sk := s.Credentials()
	root := iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{})
	o := testOptions(t, nil)
	o.IAMEndpoint = s.URL
	in := CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: s.DomainID(), DurationSeconds: 3600, SessionUserName: "deployer"}
	p, err := AgencyCredentials(root, in, o)
	require.NoError(t, err)
	assert.Empty(t, s.requests(), "nothing is sent before the first Retrieve")
	c := credClient(t, s, p)
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, credSeen{Method: "GET", Path: "/v3/auth/domains", AK: ak}, reqs[0], "the caller's account, looked up for the assume call")
	assert.Equal(t, credSeen{Method: "POST", Path: "/v3.0/OS-CREDENTIAL/securitytokens", AK: ak, DomainHeader: s.DomainID()}, reqs[1])
	assert.Equal(t, "/v3.0/OS-USER/users/nobody", reqs[2].Path)
	assert.NotEqual(t, ak, reqs[2].AK, "signed with the agency's temporary keys")
	assert.True(t, reqs[2].HasToken)
	assert.Equal(t, s.DomainID(), reqs[2].DomainHeader, "the agency's DomainID, without a lookup")
	creds, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "agency ops", creds.Source)
	assert.WithinDuration(t, time.Now().Add(time.Hour), creds.Expires, 5*time.Second)

	// Over an instance's agency, by domain name; unknown agencies fail
	// the call as a configuration mistake, not as a missing user.
	m := huaweitest.NewMetadataServer(s.Emulator)
	defer m.Close()
	mo := testOptions(t, nil)
	mo.MetadataEndpoint = m.URL
	mo.IAMEndpoint = s.URL
	p, err = AgencyCredentials(MetadataCredentials(mo), CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainName: s.DomainName()}, mo)
	require.NoError(t, err)
	assert.ErrorIs(t, showNobody(t, credClient(t, s, p)), iam.ErrNotFound)
	p, err = AgencyCredentials(root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "nope", DomainID: s.DomainID()}, o)
	require.NoError(t, err)
	err = showNobody(t, credClient(t, s, p))
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.NotErrorIs(t, err, iam.ErrNotFound)
	assert.Contains(t, err.Error(), "Could not find agency: nope")

	// The input is checked before anything is sent.
	n := len(s.requests())
	for _, tt := range []struct {
		src   iam.CredentialsProvider
		in    CreateTemporaryAccessKeyByAgencyInput
		ep    string
		field string
	}{
		{nil, in, s.URL, "source"},
		{root, CreateTemporaryAccessKeyByAgencyInput{DomainID: "d"}, s.URL, "AgencyName"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops"}, s.URL, "DomainID"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", DomainName: "n"}, s.URL, "DomainName"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d/x"}, s.URL, "DomainID"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", DurationSeconds: 899}, s.URL, "DurationSeconds"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", DurationSeconds: 86401}, s.URL, "DurationSeconds"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", SessionUserName: "1user"}, s.URL, "SessionUserName"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", SessionUserName: "abc"}, s.URL, "SessionUserName"},
		{root, CreateTemporaryAccessKeyByAgencyInput{AgencyName: "ops", DomainID: "d", Policy: []byte(`[1]`)}, s.URL, "Policy"},
		{root, in, "http://iam.example.com", "IAMEndpoint"},
	} {
		oo := o
		oo.IAMEndpoint = tt.ep
		_, err := AgencyCredentials(tt.src, tt.in, oo)
		var e *iam.Error
		require.True(t, errors.As(err, &e), "%+v", tt.in)
		assert.Equal(t, tt.field, e.Field)
		assert.Equal(t, "AgencyCredentials", e.Op)
	}
	assert.Len(t, s.requests(), n)
}

func TestFederationCredentials(t *testing.T) {
	s := newCredServer(t)
	var mu sync.Mutex
	var accepted []string
	last := func() string { mu.Lock(); defer mu.Unlock(); return accepted[len(accepted)-1] }
	s.AddIdentityProvider("k8s", func(tok string) bool {
		mu.Lock()
		defer mu.Unlock()
		accepted = append(accepted, tok)
		return true
	})
	dir := t.TempDir()
	tokenFile := writeCredFile(t, dir, "token", jwtFor(time.Now().Add(time.Hour), "first")+"\n", 0o644)
	o := testOptions(t, nil)
	o.IAMEndpoint = s.URL
	p := FederationCredentials("k8s", tokenFile, o)
	c := credClient(t, s, p)
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, credSeen{Method: "POST", Path: "/v3.0/OS-AUTH/id-token/tokens"}, reqs[0], "unsigned")
	assert.Equal(t, credSeen{Method: "POST", Path: "/v3.0/OS-CREDENTIAL/securitytokens", AuthToken: true}, reqs[1])
	assert.Equal(t, s.DomainID(), reqs[2].DomainHeader, "the federation token's account, without a lookup")
	assert.True(t, reqs[2].HasToken)
	creds, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "federation k8s", creds.Source)
	assert.WithinDuration(t, time.Now().Add(6*time.Hour), creds.Expires, 5*time.Second)

	// The token file is read again at each refresh.
	second := jwtFor(time.Now().Add(time.Hour), "second")
	writeCredFile(t, dir, "token", second, 0o644)
	p.Expire()
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	assert.Equal(t, second, last())

	// An expired ID token, a missing file, an unknown provider.
	writeCredFile(t, dir, "token", jwtFor(time.Now().Add(-time.Minute), "old"), 0o644)
	p.Expire()
	err = showNobody(t, c)
	assert.ErrorIs(t, err, iam.ErrUnauthenticated)
	_, err = FederationCredentials("k8s", filepath.Join(dir, "missing"), o).Retrieve(context.Background())
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.NotErrorIs(t, err, iam.ErrNoCredentials)
	writeCredFile(t, dir, "token", second, 0o644)
	_, err = FederationCredentials("other", tokenFile, o).Retrieve(context.Background())
	assert.ErrorIs(t, err, iam.ErrNotFound)
}

// jwtFor returns an unsigned JWT expiring at exp.
func jwtFor(exp time.Time, sub string) string {
	enc := func(s string) string {
		return strings.TrimRight(base64URL(s), "=")
	}
	return enc(`{"alg":"RS256"}`) + "." + enc(fmt.Sprintf(`{"sub":%q,"exp":%d}`, sub, exp.Unix())) + ".c2ln"
}

// Federation configured in the environment wins over AK/SK there, and in
// a credentials file works too (iam_endpoint from the file).
func TestFederationFromEnvAndFile(t *testing.T) {
	s := newCredServer(t)
	s.AddIdentityProvider("idp1", nil)
	ak, sk := s.Credentials()
	tokenFile := writeCredFile(t, t.TempDir(), "token", jwtFor(time.Now().Add(time.Hour), "w"), 0o600)
	env := newEnv(map[string]string{EnvAccessKeyID: ak, EnvSecretAccessKey: sk, EnvIdpID: "idp1", EnvIDTokenFile: tokenFile, EnvEndpoint: s.URL})
	creds, err := DefaultCredentials(testOptions(t, env)).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "federation idp1", creds.Source)

	o := testOptions(t, nil)
	writeCredFile(t, o.HomeDir, ".huaweicloud/credentials", "[global]\nidp_id = idp1\nid_token_file = "+tokenFile+"\niam_endpoint = "+s.URL+"\n", 0o600)
	creds, err = DefaultCredentials(o).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "federation idp1", creds.Source)
	assert.ErrorIs(t, showNobody(t, credClient(t, s, DefaultCredentials(o))), iam.ErrNotFound)
}

// The default chain tries the environment, then the file, then the
// instance's metadata.
func TestDefaultChainOrder(t *testing.T) {
	s := newCredServer(t)
	m := huaweitest.NewMetadataServer(s.Emulator)
	defer m.Close()
	ak, sk := s.Credentials()
	env := newEnv(map[string]string{EnvAccessKeyID: ak, EnvSecretAccessKey: sk})
	o := testOptions(t, env)
	o.MetadataEndpoint = m.URL
	file := writeCredFile(t, o.HomeDir, ".huaweicloud/credentials", "[global]\nak = AKFILE\nsk = skfile\n", 0o600)
	source := func() string {
		t.Helper()
		creds, err := DefaultCredentials(o).Retrieve(context.Background())
		require.NoError(t, err)
		return creds.Source
	}
	assert.Equal(t, "env", source())
	env.set(EnvAccessKeyID, "")
	env.set(EnvSecretAccessKey, "")
	assert.Equal(t, "profile global", source())
	require.NoError(t, os.Remove(file))
	assert.Equal(t, "metadata", source())
	assert.Equal(t, 1, m.Requests().SecurityKey, "metadata is asked only when the sources before it have nothing")
}

// With nothing anywhere, the first call fails with every source and why,
// before any request reaches IAM, and without a secret.
func TestDefaultChainErrorListsEverySource(t *testing.T) {
	s := newCredServer(t)
	env := newEnv(map[string]string{EnvSessionToken: "a-session-token-value"})
	o := testOptions(t, env)
	c := credClient(t, s, DefaultCredentials(o), func(c *Config) { c.DomainID = s.DomainID() })
	_, err := c.IAM().GetUser(context.Background(), "alice")
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{"env: ", EnvAccessKeyID + ", " + EnvSecretAccessKey,
		"profile: ", filepath.Join(o.HomeDir, ".huaweicloud", "credentials") + " does not exist",
		"metadata: ", "no metadata service answers at " + o.MetadataEndpoint} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "a-session-token-value")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "a half-set environment is a configuration mistake")
	assert.NotErrorIs(t, err, iam.ErrNotFound)
	var ce *iam.CredentialsChainError
	require.True(t, errors.As(err, &ce))
	assert.Len(t, ce.Sources, 3)
	var e *iam.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "GetUser", e.Op)
	assert.Empty(t, s.requests())

	// Nothing configured at all: ErrNoCredentials.
	c = credClient(t, s, DefaultCredentials(testOptions(t, nil)))
	err = showNobody(t, c)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.Empty(t, s.requests())
}

// ConfigFromEnv's chain reads nothing until a client needs credentials.
func TestNothingReadBeforeFirstCall(t *testing.T) {
	s := newCredServer(t)
	m := huaweitest.NewMetadataServer(s.Emulator)
	defer m.Close()
	env := newEnv(nil)
	o := testOptions(t, env)
	o.MetadataEndpoint = m.URL
	cfg := configFromEnv(env.get, o)
	cfg.Endpoint = s.URL
	c, err := New(cfg)
	require.NoError(t, err)
	_ = c.IAM()
	for _, k := range []string{EnvAccessKeyID, EnvSecretAccessKey, EnvSessionToken, EnvIdpID, EnvCredentialsFile} {
		assert.Zero(t, env.reads(k), k)
	}
	assert.Zero(t, m.Requests().Token+m.Requests().SecurityKey)
	assert.Empty(t, s.requests())

	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	assert.NotZero(t, env.reads(EnvAccessKeyID))
	assert.NotZero(t, env.reads(EnvCredentialsFile))
	assert.Equal(t, 1, m.Requests().SecurityKey)
}

func TestURLOpenerCredentials(t *testing.T) {
	s := newCredServer(t)
	ak, sk := s.Credentials()
	o := testOptions(t, nil)
	writeCredFile(t, o.HomeDir, ".huaweicloud/credentials", "[global]\nak = AKX\nsk = x\n[ops]\nak = "+ak+"\nsk = "+sk+"\ndomain_id = "+s.DomainID()+"\n", 0o600)
	clearEnv(t)
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(Scheme, &URLOpener{CredentialsOptions: o, MaxAttempts: 1}))
	c, err := mux.Open(context.Background(), "huawei://?profile=ops&endpoint="+s.URL)
	require.NoError(t, err)
	_, err = c.GetUser(context.Background(), "nobody")
	assert.ErrorIs(t, err, iam.ErrNotFound, "the [ops] section signs")
	assert.Equal(t, 0, s.count("/v3/auth/domains"))

	c, err = mux.Open(context.Background(), "huawei://?endpoint="+s.URL)
	require.NoError(t, err)
	_, err = c.GetUser(context.Background(), "nobody")
	assert.ErrorIs(t, err, iam.ErrUnauthenticated, "[global] by default, whose key the emulator does not know")

	mux = new(iam.URLMux)
	require.NoError(t, mux.Register(Scheme, &URLOpener{Credentials: iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{})}))
	c, err = mux.Open(context.Background(), "huawei://?endpoint="+s.URL+"&domain_id="+s.DomainID())
	require.NoError(t, err)
	_, err = c.GetUser(context.Background(), "nobody")
	assert.ErrorIs(t, err, iam.ErrNotFound, "the opener's own credentials")
}

// NewFromEnv's Logger hears the default chain's warnings.
func TestNewFromEnvLogger(t *testing.T) {
	s := newCredServer(t)
	ak, sk := s.Credentials()
	clearEnv(t)
	writeCredFile(t, os.Getenv("HOME"), ".huaweicloud/credentials", "[global]\nak = "+ak+"\nsk = "+sk+"\ndomain_id = "+s.DomainID()+"\n", 0o640)
	log := &credLog{}
	c, err := NewFromEnv(func(c *Config) { c.Logger, c.Endpoint = log, s.URL })
	require.NoError(t, err)
	assert.ErrorIs(t, showNobody(t, c), iam.ErrNotFound)
	assert.Contains(t, log.String(), "WARN cloudiam: credentials file is readable by its group or others")
	assert.NotContains(t, log.String(), sk)
}
