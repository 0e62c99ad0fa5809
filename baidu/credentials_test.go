package baidu_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// credClock is a settable clock shared by an emulator, a cache and the
// signatures.
type credClock struct {
	mu sync.Mutex
	t  time.Time
}

func newCredClock() *credClock { return &credClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *credClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *credClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// listAll lists the users through the portable client.
func listAll(ctx context.Context, c *iam.Client) error {
	for _, err := range c.ListUsers(ctx, nil) {
		if err != nil {
			return err
		}
	}
	return nil
}

// envMap is a Getenv over a map.
func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// noEnv reads no environment variable.
func noEnv(string) string { return "" }

// credServer is an emulator behind a handler that counts and records the
// access key of every request, and can fail some.
type credServer struct {
	*baidutest.Server
	iam  *httptest.Server // the counted IAM/STS endpoint
	meta *httptest.Server // the counted metadata endpoint

	mu       sync.Mutex
	keys     []string // access key id of each IAM/STS request
	paths    []string
	failIAM  func(n int) bool // answer 503 to the n-th IAM/STS request (1-based)
	failMeta atomic.Bool      // answer 500 from the metadata service
	metaHits atomic.Int64
}

func newCredServer(t *testing.T, opts ...baidutest.Option) *credServer {
	t.Helper()
	s := &credServer{Server: baidutest.NewServer(opts...)}
	s.iam = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.keys = append(s.keys, accessKeyOf(r))
		s.paths = append(s.paths, r.Method+" "+r.URL.Path)
		n, fail := len(s.keys), s.failIAM
		s.mu.Unlock()
		if fail != nil && fail(n) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		s.Emulator.ServeHTTP(w, r)
	}))
	md := s.MetadataHandler()
	s.meta = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.metaHits.Add(1)
		if s.failMeta.Load() {
			http.Error(w, "metadata service down", http.StatusInternalServerError)
			return
		}
		md.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { s.iam.Close(); s.meta.Close(); s.Close() })
	return s
}

// accessKeyOf reads the access key id out of a bce-auth-v1 Authorization.
func accessKeyOf(r *http.Request) string {
	parts := strings.Split(r.Header.Get("Authorization"), "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

func (s *credServer) requests() (keys, paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...), append([]string(nil), s.paths...)
}

// options point every source at s and at a temporary home, with no
// environment.
func (s *credServer) options(t *testing.T, clk *credClock) baidu.CredentialsOptions {
	o := baidu.CredentialsOptions{HomeDir: t.TempDir(), Getenv: noEnv, MetadataEndpoint: s.meta.URL, STSEndpoint: s.iam.URL}
	if clk != nil {
		o.Now = clk.Now
	}
	return o
}

// client returns a client of s signing with p.
func (s *credServer) client(t *testing.T, p iam.CredentialsProvider, clk *credClock) *baidu.Client {
	t.Helper()
	c, err := baidu.New(baidu.Config{Credentials: p, Endpoint: s.iam.URL, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	require.NoError(t, err)
	if clk != nil {
		baidu.SetSigningClock(c, clk.Now)
	}
	return c
}

// logLines is an iam.Logger (with WarnContext, as *slog.Logger has) that
// keeps what it is told.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) add(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, level+" "+msg+" "+fmt.Sprint(args...))
}
func (l *logLines) DebugContext(_ context.Context, msg string, args ...any) {
	l.add("DEBUG", msg, args...)
}
func (l *logLines) WarnContext(_ context.Context, msg string, args ...any) {
	l.add("WARN", msg, args...)
}
func (l *logLines) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode))
}

func TestEnvCredentials(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		env       map[string]string
		ak, token string
		field     string // ErrInvalidArgument with this Field
		none      bool   // iam.ErrNoCredentials
	}{
		{name: "unset", env: nil, none: true},
		{name: "keys", env: map[string]string{"BCE_ACCESS_KEY_ID": "ak", "BCE_SECRET_ACCESS_KEY": "sk"}, ak: "ak"},
		{name: "token", env: map[string]string{"BCE_ACCESS_KEY_ID": "ak", "BCE_SECRET_ACCESS_KEY": "sk", "BCE_SECURITY_TOKEN": "tok"}, ak: "ak", token: "tok"},
		{name: "terraform", env: map[string]string{"BAIDUCLOUD_ACCESS_KEY": "tf", "BAIDUCLOUD_SECRET_KEY": "sk"}, ak: "tf"},
		{name: "bce wins", env: map[string]string{"BCE_ACCESS_KEY_ID": "bce", "BAIDUCLOUD_ACCESS_KEY": "tf", "BAIDUCLOUD_SECRET_KEY": "sk"}, ak: "bce"},
		{name: "ak alone", env: map[string]string{"BCE_ACCESS_KEY_ID": "ak"}, field: "BCE_SECRET_ACCESS_KEY"},
		{name: "sk alone", env: map[string]string{"BCE_SECRET_ACCESS_KEY": "sk"}, field: "BCE_ACCESS_KEY_ID"},
		{name: "BCE_SESSION_TOKEN alone", env: map[string]string{"BCE_ACCESS_KEY_ID": "ak", "BCE_SECRET_ACCESS_KEY": "sk", "BCE_SESSION_TOKEN": "old-secret"},
			field: "BCE_SECURITY_TOKEN"},
		{name: "BCE_SESSION_TOKEN beside", env: map[string]string{"BCE_ACCESS_KEY_ID": "ak", "BCE_SECRET_ACCESS_KEY": "sk",
			"BCE_SESSION_TOKEN": "old", "BCE_SECURITY_TOKEN": "tok"}, ak: "ak", token: "tok"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			creds, err := baidu.EnvCredentials(baidu.CredentialsOptions{Getenv: envMap(tt.env)}).Retrieve(ctx)
			switch {
			case tt.none:
				assert.ErrorIs(t, err, iam.ErrNoCredentials)
			case tt.field != "":
				var e *iam.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
				assert.Equal(t, tt.field, e.Field)
				assert.NotErrorIs(t, err, iam.ErrNoCredentials)
				assert.NotContains(t, err.Error(), "old-secret")
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.ak, creds.AccessKeyID)
				assert.Equal(t, "sk", creds.SecretAccessKey.Reveal())
				assert.Equal(t, tt.token, creds.SessionToken.Reveal())
				assert.Equal(t, baidu.SourceEnv, creds.Source)
				assert.True(t, creds.Expires.IsZero())
			}
		})
	}
}

func TestCLIConfigCredentials(t *testing.T) {
	ctx := context.Background()
	const file = `{"current":"%s","profiles":[
		{"name":"default","mode":"AK","access_key_id":"ak-default","secret_access_key":"sk-default","region":"bj"},
		{"name":"sts","mode":"StsToken","access_key_id":"ak-sts","secret_access_key":"sk-sts","security_token":"tok-sts"},
		{"name":"sts-notoken","mode":"StsToken","access_key_id":"ak","secret_access_key":"sk"},
		{"name":"half","mode":"AK","access_key_id":"ak-half"},
		{"name":"ak-ignores-token","mode":"AK","access_key_id":"ak","secret_access_key":"sk","security_token":"ignored"},
		{"name":"odd","mode":"RamRoleArn","access_key_id":"ak","secret_access_key":"sk"}]}`
	for _, tt := range []struct {
		name, current, profile string
		env                    map[string]string
		ak, token, source      string
		field                  string
		none                   bool
	}{
		{name: "default", ak: "ak-default", source: "bce-cli-config default"},
		{name: "current", current: "sts", ak: "ak-sts", token: "tok-sts", source: "bce-cli-config sts"},
		{name: "profile wins over current", current: "sts", profile: "default", ak: "ak-default"},
		{name: "named profile missing", profile: "prod", field: "Profile"},
		{name: "current missing", current: "prod", field: "Profile"},
		{name: "StsToken without token", profile: "sts-notoken", field: "Profile"},
		{name: "StsToken token from env", profile: "sts-notoken", env: map[string]string{"BCE_SECURITY_TOKEN": "env-tok"}, ak: "ak", token: "env-tok"},
		{name: "empty field from env", profile: "half", env: map[string]string{"BCE_SECRET_ACCESS_KEY": "env-sk"}, ak: "ak-half"},
		{name: "incomplete", profile: "half", field: "Profile"},
		{name: "AK ignores a token", profile: "ak-ignores-token", ak: "ak"},
		{name: "unknown mode", profile: "odd", field: "Profile"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			writeFile(t, filepath.Join(home, ".bce", "config.json"), fmt.Sprintf(file, tt.current), 0o600)
			creds, err := baidu.CLIConfigCredentials(baidu.CredentialsOptions{HomeDir: home, Profile: tt.profile,
				Getenv: envMap(tt.env)}).Retrieve(ctx)
			switch {
			case tt.none:
				assert.ErrorIs(t, err, iam.ErrNoCredentials)
			case tt.field != "":
				var e *iam.Error
				require.ErrorAs(t, err, &e, "%v", err)
				assert.Equal(t, iam.ErrInvalidArgument, e.Kind)
				assert.Equal(t, tt.field, e.Field)
				for _, secret := range []string{"sk-", "tok-", "env-"} {
					assert.NotContains(t, err.Error(), secret)
				}
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.ak, creds.AccessKeyID)
				assert.NotEmpty(t, creds.SecretAccessKey.Reveal())
				if tt.name == "empty field from env" {
					assert.Equal(t, "env-sk", creds.SecretAccessKey.Reveal())
				}
				assert.Equal(t, tt.token, creds.SessionToken.Reveal())
				if tt.source != "" {
					assert.Equal(t, tt.source, creds.Source)
				}
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		_, err := baidu.CLIConfigCredentials(baidu.CredentialsOptions{HomeDir: t.TempDir()}).Retrieve(ctx)
		assert.ErrorIs(t, err, iam.ErrNoCredentials)
		assert.Contains(t, err.Error(), filepath.Join(".bce", "config.json")+" does not exist")
	})
	t.Run("no default profile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cfg.json")
		writeFile(t, path, `{"profiles":[{"name":"other","access_key_id":"a","secret_access_key":"s"}]}`, 0o600)
		_, err := baidu.CLIConfigCredentials(baidu.CredentialsOptions{ConfigFile: path}).Retrieve(ctx)
		assert.ErrorIs(t, err, iam.ErrNoCredentials)
	})
	t.Run("not JSON", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cfg.json")
		writeFile(t, path, `{"profiles":[{"name":"default","secret_access_key":"sk-leak"`, 0o600)
		_, err := baidu.CLIConfigCredentials(baidu.CredentialsOptions{ConfigFile: path}).Retrieve(ctx)
		require.ErrorIs(t, err, iam.ErrInvalidArgument)
		assert.NotErrorIs(t, err, iam.ErrNoCredentials)
		assert.NotContains(t, err.Error(), "sk-leak")
	})
	t.Run("a directory", func(t *testing.T) {
		_, err := baidu.CLIConfigCredentials(baidu.CredentialsOptions{ConfigFile: t.TempDir()}).Retrieve(ctx)
		assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	})
}

func TestCLICredentialsFileCredentials(t *testing.T) {
	ctx := context.Background()
	const file = `# written by bce -c
[defaults]
bce_access_key_id = ak-defaults
bce_secret_access_key = sk-defaults

[prod]
bce_access_key_id: ak-prod
bce_secret_access_key: sk-prod
bce_security_token = tok-prod

[half]
bce_access_key_id = ak-half
`
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".bce", "credentials"), file, 0o600)
	get := func(profile string) (iam.Credentials, error) {
		return baidu.CLICredentialsFileCredentials(baidu.CredentialsOptions{HomeDir: home, Profile: profile}).Retrieve(ctx)
	}
	creds, err := get("")
	require.NoError(t, err)
	assert.Equal(t, "ak-defaults", creds.AccessKeyID)
	assert.Equal(t, "sk-defaults", creds.SecretAccessKey.Reveal())
	assert.True(t, creds.SessionToken.IsZero())
	assert.Equal(t, "bce-cli-credentials defaults", creds.Source)
	creds, err = get("default")
	require.NoError(t, err)
	assert.Equal(t, "ak-defaults", creds.AccessKeyID, `profile "default" is the [defaults] section`)
	creds, err = get("prod")
	require.NoError(t, err)
	assert.Equal(t, "ak-prod", creds.AccessKeyID)
	assert.Equal(t, "tok-prod", creds.SessionToken.Reveal())

	_, err = get("half")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "ak-half", "no value from the file")
	_, err = get("missing")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Profile", e.Field)

	other := t.TempDir()
	writeFile(t, filepath.Join(other, ".bce", "credentials"), "[prod]\nbce_access_key_id = a\n", 0o600)
	_, err = baidu.CLICredentialsFileCredentials(baidu.CredentialsOptions{HomeDir: other}).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials, "no [defaults] and no profile asked for")
	_, err = baidu.CLICredentialsFileCredentials(baidu.CredentialsOptions{HomeDir: t.TempDir()}).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
}

// TestCredentialsFilePermissions: a file holding a secret that its group or
// others may read is reported through the Logger, without the secret.
func TestCredentialsFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits")
	}
	ctx := context.Background()
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o604, true}} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			home := t.TempDir()
			writeFile(t, filepath.Join(home, ".bce", "config.json"),
				`{"profiles":[{"name":"default","access_key_id":"ak","secret_access_key":"sk-secret"}]}`, tt.mode)
			writeFile(t, filepath.Join(home, ".bce", "credentials"),
				"[defaults]\nbce_access_key_id = ak\nbce_secret_access_key = sk-secret\n", tt.mode)
			log := &logLines{}
			opts := baidu.CredentialsOptions{HomeDir: home, Logger: log}
			_, err := baidu.CLIConfigCredentials(opts).Retrieve(ctx)
			require.NoError(t, err)
			_, err = baidu.CLICredentialsFileCredentials(opts).Retrieve(ctx)
			require.NoError(t, err)
			lines := log.all()
			if tt.warn {
				assert.Equal(t, 2, strings.Count(lines, "WARN "), lines)
				assert.Contains(t, lines, "config.json")
				assert.Contains(t, lines, tt.mode.String())
			} else {
				assert.Empty(t, lines)
			}
			assert.NotContains(t, lines, "sk-secret")
		})
	}
}

func TestInstanceRoleCredentials(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("bcc-role"))
	opts := s.options(t, clk)
	src := baidu.InstanceRoleCredentials(opts)
	creds, err := src.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, baidu.SourceInstanceRole, creds.Source)
	assert.False(t, creds.SessionToken.IsZero())
	assert.Equal(t, clk.Now().Add(2*baidutest.DefaultInstanceRoleRotation), creds.Expires)
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, issued[0].AccessKeyID, creds.AccessKeyID)

	// They authenticate against IAM, with their token.
	c := s.client(t, iam.NewCredentialsCache(src, iam.CredentialsCacheOptions{Now: clk.Now}), clk)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	keys, _ := s.requests()
	assert.Equal(t, []string{creds.AccessKeyID}, keys)

	// Failures of the service.
	s.failMeta.Store(true)
	_, err = src.Retrieve(ctx)
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, iam.ErrUnavailable, e.Kind)
	assert.Equal(t, 500, e.StatusCode)
	assert.NotErrorIs(t, err, iam.ErrNoCredentials, "a service that answers is configured")
	s.failMeta.Store(false)

	noRole := newCredServer(t)
	_, err = baidu.InstanceRoleCredentials(noRole.options(t, nil)).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials, "404: no role bound")

	for name, body := range map[string]string{
		"not JSON":      `<html>`,
		"no token":      `{"accessKeyId":"a","secretAccessKey":"s","expiration":"2030-01-01T00:00:00Z"}`,
		"no expiration": `{"accessKeyId":"a","secretAccessKey":"s","sessionToken":"t"}`,
		"bad time":      `{"accessKeyId":"a","secretAccessKey":"s","sessionToken":"t","expiration":"soon"}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
		_, err := baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: srv.URL}).Retrieve(ctx)
		srv.Close()
		assert.ErrorIs(t, err, iam.ErrInvalidResponse, name)
		assert.NotContains(t, fmt.Sprint(err), `"s"`, name)
	}

	// Other spellings of the field names are read (JSON is matched without
	// regard to case).
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/latest/meta-data/sts-credential", r.URL.Path)
		_, _ = w.Write([]byte(`{"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z"}`))
	}))
	defer srv.Close()
	creds, err = baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: srv.URL}).Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "A", creds.AccessKeyID)
	assert.Equal(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), creds.Expires)
}

// TestInstanceRoleNeverHangs: no metadata service (nothing listening) is
// iam.ErrNoCredentials at once; one that does not answer is given up after
// a few seconds, and the caller's context ends it sooner.
func TestInstanceRoleNeverHangs(t *testing.T) {
	ctx := context.Background()
	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	start := time.Now()
	_, err := baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: url}).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.Less(t, time.Since(start), time.Second)

	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	start = time.Now()
	_, err = baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: hang.URL}).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	assert.Less(t, time.Since(start), 4*time.Second)
	assert.GreaterOrEqual(t, time.Since(start), 3*time.Second)

	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = baidu.InstanceRoleCredentials(baidu.CredentialsOptions{MetadataEndpoint: hang.URL}).Retrieve(cctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	assert.Less(t, time.Since(start), time.Second)
}

func TestAssumeRoleCredentials(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now))
	ak, sk := s.Credentials()
	root := iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{})
	opts := s.options(t, clk)

	p := baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "acc1", RoleName: "deployer", DurationSeconds: 900,
		UserID: "u1", ACL: `{"accessControlList":[{"service":"bce:iam","region":"*","effect":"Allow","permission":["READ"]}]}`}, opts)
	creds, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "sts-assume-role deployer", creds.Source)
	assert.Equal(t, clk.Now().Add(15*time.Minute), creds.Expires)
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, baidutest.KindAssumeRole, issued[0].Kind)
	assert.Equal(t, "acc1", issued[0].AccountID)
	assert.Equal(t, "deployer", issued[0].RoleName)
	assert.Equal(t, 900, issued[0].DurationSeconds)
	assert.Contains(t, issued[0].ACL, "accessControlList")
	keys, paths := s.requests()
	assert.Equal(t, []string{ak}, keys, "signed with the source's key")
	assert.Equal(t, []string{"POST /v1/credential"}, paths)

	// The role's credentials authenticate against IAM; the cache keeps them.
	c := s.client(t, p, clk)
	for range 3 {
		_, err = c.ListUsers(ctx, nil)
		require.NoError(t, err)
	}
	keys, _ = s.requests()
	assert.Equal(t, []string{ak, creds.AccessKeyID, creds.AccessKeyID, creds.AccessKeyID}, keys)

	// Near expiry they are asked for again.
	clk.Add(15*time.Minute - baidu.DefaultRefreshBefore + time.Second)
	require.Eventually(t, func() bool {
		_, err := c.ListUsers(ctx, nil)
		require.NoError(t, err)
		return len(s.TemporaryCredentials()) == 2
	}, 5*time.Second, 10*time.Millisecond)

	// Defaults: 7200 seconds.
	_, err = baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r"}, opts).Retrieve(ctx)
	require.NoError(t, err)
	issued = s.TemporaryCredentials()
	assert.Equal(t, 7200, issued[len(issued)-1].DurationSeconds)

	// STS refusing the request: the service's error.
	s.failIAM = func(int) bool { return true }
	_, err = baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r"}, opts).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrUnavailable)
	s.failIAM = nil
}

// TestSTSInputs: bad inputs are refused before any request.
func TestSTSInputs(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t)
	ak, sk := s.Credentials()
	root := iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{})
	opts := s.options(t, nil)
	for _, tt := range []struct {
		name  string
		p     iam.CredentialsProvider
		field string
	}{
		{"no source", baidu.AssumeRoleCredentials(nil, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r"}, opts), "source"},
		{"no account", baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{RoleName: "r"}, opts), "AccountID"},
		{"no role", baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: " "}, opts), "RoleName"},
		{"too long", baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r", DurationSeconds: 7201}, opts), "DurationSeconds"},
		{"negative", baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r", DurationSeconds: -1}, opts), "DurationSeconds"},
		{"bad ACL", baidu.AssumeRoleCredentials(root, baidu.AssumeRoleInput{AccountID: "a", RoleName: "r", ACL: "{"}, opts), "ACL"},
		{"session negative", baidu.SessionTokenCredentials(root, baidu.SessionTokenInput{DurationSeconds: -5}, opts), "DurationSeconds"},
		{"session bad ACL", baidu.SessionTokenCredentials(root, baidu.SessionTokenInput{ACL: "[1,"}, opts), "ACL"},
		{"endpoint", baidu.SessionTokenCredentials(root, baidu.SessionTokenInput{}, baidu.CredentialsOptions{STSEndpoint: "http://sts.example.com"}), "STSEndpoint"},
	} {
		_, err := tt.p.Retrieve(ctx)
		var e *iam.Error
		require.ErrorAs(t, err, &e, tt.name)
		assert.Equal(t, iam.ErrInvalidArgument, e.Kind, tt.name)
		assert.Equal(t, tt.field, e.Field, tt.name)
	}
	keys, _ := s.requests()
	assert.Empty(t, keys)
}

func TestSessionTokenCredentials(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("r"))
	opts := s.options(t, clk)
	// Over another temporary source: the instance role (through the
	// default chain, whose only configured source it is here).
	p := baidu.SessionTokenCredentials(baidu.DefaultCredentials(opts), baidu.SessionTokenInput{DurationSeconds: 3600}, opts)
	c := s.client(t, p, clk)
	_, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 2)
	assert.Equal(t, baidutest.KindInstanceRole, issued[0].Kind)
	assert.Equal(t, baidutest.KindSessionToken, issued[1].Kind)
	assert.Equal(t, 3600, issued[1].DurationSeconds)
	keys, paths := s.requests()
	assert.Equal(t, []string{issued[0].AccessKeyID, issued[1].AccessKeyID}, keys)
	assert.Equal(t, []string{"POST /v1/sessionToken", "GET /v1/user"}, paths)
}

// TestExpiredCredentialsRefused: temporary credentials used past their
// expiry are refused with Baidu's answer, 403 InvalidSessionToken, which
// reads as iam.ErrUnauthenticated; fixed credentials are not retried.
func TestExpiredCredentialsRefused(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now))
	ak, sk := s.Credentials()
	opts := s.options(t, clk)
	sts, err := baidu.SessionTokenCredentials(iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{}),
		baidu.SessionTokenInput{DurationSeconds: 600}, opts).Retrieve(ctx)
	require.NoError(t, err)
	c, err := baidu.New(baidu.Config{AccessKeyID: sts.AccessKeyID, SecretAccessKey: sts.SecretAccessKey,
		SessionToken: sts.SessionToken, Endpoint: s.iam.URL})
	require.NoError(t, err)
	baidu.SetSigningClock(c, clk.Now)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	clk.Add(10 * time.Minute)
	_, err = c.ListUsers(ctx, nil)
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 403, e.StatusCode)
	assert.Equal(t, "InvalidSessionToken", e.Code)
	assert.Equal(t, "The security token has expired.", e.Message)
	assert.Equal(t, iam.ErrUnauthenticated, e.Kind)
	keys, _ := s.requests()
	assert.Len(t, keys, 3, "STS, one success, one refusal: not retried")
	assert.NotContains(t, err.Error(), sts.SessionToken.Reveal())
}

// TestRefusedTokenRefreshes: when Baidu refuses a token the cache still
// holds as valid (revoked, rotated, a clock behind), the client drops it
// and tries again with fresh credentials.
func TestRefusedTokenRefreshes(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("r"))
	opts := s.options(t, clk)
	late := &credClock{t: clk.Now()} // the cache's clock stays behind the service's
	opts.Now = late.Now
	c := s.client(t, baidu.DefaultCredentials(opts), clk)
	_, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	clk.Add(2 * baidutest.DefaultInstanceRoleRotation) // expired on the service
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	keys, _ := s.requests()
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 2)
	assert.Equal(t, []string{issued[0].AccessKeyID, issued[0].AccessKeyID, issued[1].AccessKeyID}, keys)
	assert.EqualValues(t, 2, s.metaHits.Load())
}

// TestRefreshUnderLoad: 64 goroutines call while time passes and the
// instance role's credentials rotate; they are refreshed ahead of expiry,
// once for all the goroutines, and every call succeeds. Then all of them
// find the credentials expired at once: one fetch serves them all.
func TestRefreshUnderLoad(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("r"))
	c := s.client(t, baidu.DefaultCredentials(s.options(t, clk)), clk)
	var calls atomic.Int64
	load := func(stop <-chan struct{}, perG int) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for n := 0; perG == 0 || n < perG; n++ {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := c.ListUsers(ctx, nil); err != nil {
						t.Error(err)
						return
					}
					calls.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
	}

	// Twenty minutes in 30-second steps: the credentials (ten minutes,
	// rotated every five) are refreshed in the two minutes before expiry.
	stop := make(chan struct{})
	go func() {
		defer close(stop)
		for range 40 {
			time.Sleep(5 * time.Millisecond)
			clk.Add(30 * time.Second)
		}
	}()
	load(stop, 0)
	assert.Greater(t, calls.Load(), int64(64))
	hits := s.metaHits.Load()
	assert.GreaterOrEqual(t, hits, int64(2), "the first fetch and a refresh every eight minutes")
	assert.Less(t, hits, calls.Load()/4, "one fetch per refresh, not per call")
	keys, _ := s.requests()
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	assert.GreaterOrEqual(t, len(seen), 2, "refreshed credentials were used")

	// All expired at once.
	require.Eventually(t, func() bool { // any refresh under way has ended
		before := s.metaHits.Load()
		time.Sleep(20 * time.Millisecond)
		return s.metaHits.Load() == before
	}, 5*time.Second, time.Millisecond)
	hits = s.metaHits.Load()
	clk.Add(time.Hour)
	load(nil, 5)
	assert.Equal(t, hits+1, s.metaHits.Load(), "one fetch for 64 goroutines")
}

// TestFailedRefreshKeepsValidCredentials: a refresh that fails while the
// cached credentials are still valid does not fail calls; a later refresh
// brings new ones.
func TestFailedRefreshKeepsValidCredentials(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("r"))
	log := &logLines{}
	opts := s.options(t, clk)
	opts.Logger = log
	c := s.client(t, baidu.DefaultCredentials(opts), clk)
	_, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	first := s.TemporaryCredentials()[0].AccessKeyID

	s.failMeta.Store(true)
	clk.Add(2*baidutest.DefaultInstanceRoleRotation - baidu.DefaultRefreshBefore + time.Second) // in the refresh window
	for range 5 {
		_, err = c.ListUsers(ctx, nil)
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool { return strings.Contains(log.all(), "refresh failed") }, 5*time.Second, 5*time.Millisecond)
	assert.Greater(t, s.metaHits.Load(), int64(1), "refreshes were tried")
	keys, _ := s.requests()
	for _, k := range keys {
		assert.Equal(t, first, k)
	}

	s.failMeta.Store(false)
	require.Eventually(t, func() bool {
		_, err := c.ListUsers(ctx, nil)
		require.NoError(t, err)
		keys, _ := s.requests()
		return keys[len(keys)-1] != first
	}, 5*time.Second, 5*time.Millisecond)
}

// TestRetrySignsWithRefreshedCredentials: the credentials expire while an
// attempt is under way; its retry signs with the new ones.
func TestRetrySignsWithRefreshedCredentials(t *testing.T) {
	ctx := context.Background()
	clk := newCredClock()
	s := newCredServer(t, baidutest.WithClock(clk.Now), baidutest.WithInstanceRole("r"))
	c := s.client(t, baidu.DefaultCredentials(s.options(t, clk)), clk)
	s.failIAM = func(n int) bool {
		if n == 1 {
			clk.Add(2*baidutest.DefaultInstanceRoleRotation + time.Second) // expired before the retry
			return true
		}
		return false
	}
	_, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	keys, _ := s.requests()
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 2)
	assert.Equal(t, []string{issued[0].AccessKeyID, issued[1].AccessKeyID}, keys)
}

// TestDefaultChainOrder: env, then the bce CLI's config.json, then its old
// credentials file, then the instance role; the first that has credentials
// wins.
func TestDefaultChainOrder(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t, baidutest.WithInstanceRole("r"))
	home := t.TempDir()
	env := map[string]string{"BCE_ACCESS_KEY_ID": "ak-env", "BCE_SECRET_ACCESS_KEY": "sk-env"}
	opts := baidu.CredentialsOptions{HomeDir: home, Getenv: envMap(env), MetadataEndpoint: s.meta.URL}
	writeFile(t, filepath.Join(home, ".bce", "config.json"),
		`{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"ak-json","secret_access_key":"sk-json"}]}`, 0o600)
	writeFile(t, filepath.Join(home, ".bce", "credentials"), "[defaults]\nbce_access_key_id = ak-ini\nbce_secret_access_key = sk-ini\n", 0o600)
	source := func() string {
		creds, err := baidu.DefaultCredentials(opts).Retrieve(ctx)
		require.NoError(t, err)
		return creds.AccessKeyID + " " + creds.Source
	}
	assert.Equal(t, "ak-env env", source())
	delete(env, "BCE_ACCESS_KEY_ID")
	delete(env, "BCE_SECRET_ACCESS_KEY")
	assert.Equal(t, "ak-json bce-cli-config default", source())
	require.NoError(t, os.Remove(filepath.Join(home, ".bce", "config.json")))
	assert.Equal(t, "ak-ini bce-cli-credentials defaults", source())
	assert.Zero(t, s.metaHits.Load(), "the instance role is not asked while a file has credentials")
	require.NoError(t, os.Remove(filepath.Join(home, ".bce", "credentials")))
	got := source()
	issued := s.TemporaryCredentials()
	require.Len(t, issued, 1)
	assert.Equal(t, issued[0].AccessKeyID+" bcc-instance-role", got)
}

// TestDefaultChainError: when no source has credentials, the call fails
// before any request with an error that names every source and why, and
// no secret.
func TestDefaultChainError(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t) // no instance role: 404
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".bce", "config.json"), `{"current":"prod","profiles":[]}`, 0o600)
	opts := baidu.CredentialsOptions{HomeDir: home, MetadataEndpoint: s.meta.URL,
		Getenv: envMap(map[string]string{"BCE_SECRET_ACCESS_KEY": "sk-secret"})}
	c := s.client(t, baidu.DefaultCredentials(opts), nil)
	_, err := c.ListUsers(ctx, nil)
	require.Error(t, err)
	var ce *iam.CredentialsChainError
	require.ErrorAs(t, err, &ce)
	var names []string
	for _, src := range ce.Sources {
		names = append(names, src.Source)
	}
	assert.Equal(t, []string{"env", "bce-cli-config", "bce-cli-credentials", "bcc-instance-role"}, names)
	msg := err.Error()
	for _, want := range []string{"BCE_ACCESS_KEY_ID", `no profile "prod"`, filepath.Join(".bce", "credentials") + " does not exist", "404"} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "sk-secret")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.NotErrorIs(t, err, iam.ErrNoCredentials, "two sources are configured wrongly")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "baidu", e.Provider)
	assert.Equal(t, "ListUsers", e.Op)
	keys, _ := s.requests()
	assert.Empty(t, keys, "no request without credentials")

	_, err = baidu.DefaultCredentials(baidu.CredentialsOptions{HomeDir: t.TempDir(), Getenv: noEnv, MetadataEndpoint: s.meta.URL}).Retrieve(ctx)
	assert.ErrorIs(t, err, iam.ErrNoCredentials, "nothing configured anywhere")
}

// TestNothingReadBeforeFirstCall: making the chain and the client reads no
// file and sends no request; the files written afterwards are what the
// first call uses.
func TestNothingReadBeforeFirstCall(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t, baidutest.WithInstanceRole("r"))
	home := t.TempDir()
	opts := baidu.CredentialsOptions{HomeDir: home, Getenv: noEnv, MetadataEndpoint: s.meta.URL}
	c := s.client(t, baidu.DefaultCredentials(opts), nil)
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(baidu.Scheme, &baidu.URLOpener{CredentialsOptions: opts}))
	pc, err := mux.Open(ctx, "baidu://?endpoint="+s.iam.URL)
	require.NoError(t, err)
	assert.Zero(t, s.metaHits.Load())
	keys, _ := s.requests()
	assert.Empty(t, keys)

	ak, sk := s.Credentials()
	writeFile(t, filepath.Join(home, ".bce", "config.json"),
		`{"profiles":[{"name":"default","access_key_id":"`+ak+`","secret_access_key":"`+sk+`"}]}`, 0o600)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, listAll(ctx, pc))
	keys, _ = s.requests()
	assert.Equal(t, []string{ak, ak}, keys)
	assert.Zero(t, s.metaHits.Load())
}

// TestProfileLeavesOutInstanceRole: a profile asked for that no file has is
// an error, not the instance's credentials.
func TestProfileLeavesOutInstanceRole(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t, baidutest.WithInstanceRole("r"))
	opts := s.options(t, nil)
	opts.Profile = "prod"
	_, err := baidu.DefaultCredentials(opts).Retrieve(ctx)
	var ce *iam.CredentialsChainError
	require.ErrorAs(t, err, &ce)
	assert.Len(t, ce.Sources, 3)
	assert.Zero(t, s.metaHits.Load())
}

// TestURLOpenerProfile: profile= selects the bce CLI profile.
func TestURLOpenerProfile(t *testing.T) {
	ctx := context.Background()
	s := newCredServer(t)
	ak, sk := s.Credentials()
	opts := s.options(t, nil)
	writeFile(t, filepath.Join(opts.HomeDir, ".bce", "config.json"), `{"current":"default","profiles":[
		{"name":"default","access_key_id":"wrong","secret_access_key":"wrong"},
		{"name":"prod","access_key_id":"`+ak+`","secret_access_key":"`+sk+`"}]}`, 0o600)
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(baidu.Scheme, &baidu.URLOpener{CredentialsOptions: opts}))
	c, err := mux.Open(ctx, "baidu://?profile=prod&endpoint="+s.iam.URL)
	require.NoError(t, err)
	require.NoError(t, listAll(ctx, c))
	c, err = mux.Open(ctx, "baidu://?endpoint="+s.iam.URL)
	require.NoError(t, err)
	assert.ErrorIs(t, listAll(ctx, c), iam.ErrUnauthenticated, "the current profile's keys are wrong")
	keys, _ := s.requests()
	assert.Equal(t, []string{ak, "wrong"}, keys)

	// An opener with its own credentials takes no profile.
	mux = new(iam.URLMux)
	require.NoError(t, mux.Register(baidu.Scheme, &baidu.URLOpener{Credentials: iam.StaticCredentials(ak, iam.NewSecret(sk), iam.Secret{})}))
	c, err = mux.Open(ctx, "baidu://?endpoint="+s.iam.URL)
	require.NoError(t, err)
	require.NoError(t, listAll(ctx, c))
	_, err = mux.Open(ctx, "baidu://?profile=prod")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "profile", e.Field)
}

// TestNewFromEnvLogger: the default chain of NewFromEnv reads the bce CLI's
// files under $HOME, and a Logger set by an option hears its warnings.
func TestNewFromEnvLogger(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits")
	}
	ctx := context.Background()
	s := newCredServer(t)
	ak, sk := s.Credentials()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{baidu.EnvAccessKeyID, baidu.EnvSecretAccessKey, baidu.EnvSessionToken, baidu.EnvTerraformAccessKey,
		baidu.EnvTerraformSecretKey, "BCE_SESSION_TOKEN"} {
		t.Setenv(k, "")
	}
	t.Setenv(baidu.EnvEndpoint, s.iam.URL)
	writeFile(t, filepath.Join(home, ".bce", "config.json"),
		`{"profiles":[{"name":"default","access_key_id":"`+ak+`","secret_access_key":"`+sk+`"}]}`, 0o644)
	log := &logLines{}
	c, err := baidu.NewFromEnv(func(c *baidu.Config) { c.Logger = log })
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	assert.Contains(t, log.all(), "WARN cloudiam: a file holding Baidu credentials is readable by its group or others")
	assert.NotContains(t, log.all(), sk)
}
