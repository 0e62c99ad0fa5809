package aliyun_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// assertField checks an ErrInvalidArgument naming field.
func assertField(t *testing.T, err error, field string, msgAndArgs ...any) {
	t.Helper()
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "%v %v", err, msgAndArgs)
	assert.Equal(t, iam.ErrInvalidArgument, ie.Kind, msgAndArgs...)
	assert.Equal(t, field, ie.Field, msgAndArgs...)
}

func TestEnvCredentials(t *testing.T) {
	for _, tc := range []struct {
		env               map[string]string
		id, secret, token string
		noCredentials     bool
		field             string
	}{
		{env: map[string]string{aliyun.EnvAccessKeyID: "LTAIa", aliyun.EnvSecretAccessKey: "s", aliyun.EnvSessionToken: "tok"},
			id: "LTAIa", secret: "s", token: "tok"},
		{env: map[string]string{"ALIBABACLOUD_ACCESS_KEY_ID": "b", "ALIBABACLOUD_ACCESS_KEY_SECRET": "s2"}, id: "b", secret: "s2"},
		{env: map[string]string{"ALICLOUD_ACCESS_KEY": "c", "ALICLOUD_SECRET_KEY": "s3", "ALICLOUD_ACCESS_KEY_STS_TOKEN": "t3"},
			id: "c", secret: "s3", token: "t3"},
		// Bare names no official tool reads are not read.
		{env: map[string]string{"ACCESS_KEY_ID": "x", "ACCESS_KEY_SECRET": "y"}, noCredentials: true},
		{env: map[string]string{}, noCredentials: true},
		{env: map[string]string{aliyun.EnvAccessKeyID: "LTAIa"}, field: aliyun.EnvSecretAccessKey},
		{env: map[string]string{aliyun.EnvSecretAccessKey: "s"}, field: aliyun.EnvAccessKeyID},
	} {
		c, err := retrieve(t, aliyun.EnvCredentials(aliyun.CredentialsOptions{Getenv: envMap(tc.env)}))
		switch {
		case tc.noCredentials:
			assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v: %v", tc.env, err)
		case tc.field != "":
			assertField(t, err, tc.field, tc.env)
			assert.False(t, errors.Is(err, iam.ErrNoCredentials))
		default:
			require.NoError(t, err, tc.env)
			assert.Equal(t, [4]string{tc.id, tc.secret, tc.token, "env"},
				[4]string{c.AccessKeyID, c.SecretAccessKey.Reveal(), c.SessionToken.Reveal(), c.Source})
			assert.True(t, c.Expires.IsZero())
		}
	}
}

const cliConfigJSON = `{
  "current": "dev",
  "profiles": [
    {"name": "dev", "mode": "AK", "access_key_id": "LTAIdev", "access_key_secret": "dev-secret", "region_id": "cn-hangzhou"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.sts", "access_key_secret": "sts-secret", "sts_token": "sts-token", "sts_expiration": 4102444800},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "ROOT_ID", "access_key_secret": "ROOT_SECRET",
     "ram_role_arn": "acs:ram::1234567890123456:role/deployer", "ram_session_name": "cli", "expired_seconds": 900},
    {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": "acs:ram::1234567890123456:role/auditor"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsRole"},
    {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1234567890123456:role/deployer",
     "oidc_provider_arn": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1", "oidc_token_file": "TOKEN_FILE"},
    {"name": "sso", "mode": "CloudSSO"},
    {"name": "half", "mode": "AK", "access_key_id": "LTAIhalf"},
    {"name": "loop1", "mode": "ChainableRamRoleArn", "source_profile": "loop2", "ram_role_arn": "acs:ram::1:role/a"},
    {"name": "loop2", "mode": "ChainableRamRoleArn", "source_profile": "loop1", "ram_role_arn": "acs:ram::1:role/a"},
    {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "nobody", "ram_role_arn": "acs:ram::1:role/a"}
  ]
}`

// Every mode of the aliyun CLI's config.json this package reads, against
// the emulator's STS and metadata service: the credentials work on RAM.
func TestCLIProfileCredentials(t *testing.T) {
	srv := newCredServer(t, aliyuntest.WithInstanceRole("EcsRole"))
	ctx := context.Background()
	opts := srv.options(t, nil)
	id, secret := srv.Credentials()
	tokenFile := filepath.Join(opts.HomeDir, "token")
	writeFile(t, tokenFile, testJWT(t, map[string]any{"iss": "https://oidc", "sub": "system:serviceaccount:ns:app"}), 0o600)
	cfg := strings.NewReplacer("ROOT_ID", id, "ROOT_SECRET", secret, "TOKEN_FILE", tokenFile).Replace(cliConfigJSON)
	writeFile(t, filepath.Join(opts.HomeDir, ".aliyun", "config.json"), cfg, 0o600)

	for _, tc := range []struct {
		profile, source string
		works           bool // the credentials authenticate at the emulator
	}{
		{"", "cli_profile/static_ak", false}, // current: dev
		{"sts", "cli_profile/static_sts", false},
		{"role", "cli_profile/ram_role_arn/static_ak", true},
		{"chain", "cli_profile/ram_role_arn/ram_role_arn/static_ak", true},
		{"ecs", "cli_profile/ecs_ram_role", true},
		{"oidc", "cli_profile/oidc_role_arn", true},
	} {
		o := opts
		o.Profile = tc.profile
		c, err := retrieve(t, aliyun.CLIProfileCredentials(o))
		require.NoError(t, err, tc.profile)
		assert.Equal(t, tc.source, c.Source, tc.profile)
		if tc.works {
			assert.False(t, c.Expires.IsZero(), tc.profile)
			_, err := srv.ram(t, iam.StaticCredentials(c.AccessKeyID, c.SecretAccessKey, c.SessionToken), aliyun.SignatureACS3).
				ListUsers(ctx, nil)
			assert.NoError(t, err, tc.profile)
		}
	}
	c, err := retrieve(t, aliyun.CLIProfileCredentials(opts))
	require.NoError(t, err)
	assert.Equal(t, "LTAIdev", c.AccessKeyID)
	assert.Equal(t, "dev-secret", c.SecretAccessKey.Reveal())
	o := opts
	o.Profile = "sts"
	c, err = retrieve(t, aliyun.CLIProfileCredentials(o))
	require.NoError(t, err)
	assert.Equal(t, "sts-token", c.SessionToken.Reveal())
	assert.Equal(t, time.Unix(4102444800, 0).UTC(), c.Expires)

	// The RamRoleArn profile's session: the role, the name and the duration
	// of the profile; the chained one is signed with the first session.
	var role, chained aliyuntest.TemporaryCredentials
	for _, tc := range srv.TemporaryCredentials() {
		switch tc.RoleARN {
		case testRoleARN:
			if tc.Kind == aliyuntest.KindAssumeRole && role.AccessKeyID == "" {
				role = tc
			}
		case "acs:ram::1234567890123456:role/auditor":
			chained = tc
		}
	}
	assert.Equal(t, "cli", role.RoleSessionName)
	assert.Equal(t, 900, role.DurationSeconds)
	assert.Equal(t, id, role.CallerAccessKeyID)
	assert.True(t, strings.HasPrefix(chained.CallerAccessKeyID, "STS."))

	// The profile comes from ALIBABA_CLOUD_PROFILE when Profile is empty.
	o = opts
	o.Getenv = envMap(map[string]string{aliyun.EnvProfile: "sts"})
	c, err = retrieve(t, aliyun.CLIProfileCredentials(o))
	require.NoError(t, err)
	assert.Equal(t, "STS.sts", c.AccessKeyID)

	for profile, check := range map[string]func(error){
		"nobody": func(err error) { assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err) },
		"sso":    func(err error) { assertField(t, err, "Profile"); assert.Contains(t, err.Error(), `"CloudSSO"`) },
		"half":   func(err error) { assertField(t, err, "Profile"); assert.Contains(t, err.Error(), "access_key_secret") },
		"loop1":  func(err error) { assertField(t, err, "Profile"); assert.Contains(t, err.Error(), "loop") },
		"orphan": func(err error) { assertField(t, err, "Profile"); assert.Contains(t, err.Error(), `"nobody"`) },
	} {
		o := opts
		o.Profile = profile
		_, err := retrieve(t, aliyun.CLIProfileCredentials(o))
		check(err)
		assert.NotContains(t, err.Error(), secret)
	}

	// Disabled, or no file: not configured here.
	o = opts
	o.Getenv = envMap(map[string]string{aliyun.EnvCLIProfileDisabled: "true"})
	_, err = retrieve(t, aliyun.CLIProfileCredentials(o))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials))
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true")
	_, err = retrieve(t, aliyun.CLIProfileCredentials(aliyun.CredentialsOptions{HomeDir: t.TempDir(), Getenv: envMap(nil)}))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials))
	assert.Contains(t, err.Error(), "config.json does not exist")

	// ALIBABA_CLOUD_CONFIG_FILE moves the file; a malformed one is an error.
	other := filepath.Join(t.TempDir(), "cli.json")
	writeFile(t, other, `{"current":"x","profiles":[{"name":"x","mode":"AK","access_key_id":"LTAIx","access_key_secret":"sx"}]}`, 0o600)
	c, err = retrieve(t, aliyun.CLIProfileCredentials(aliyun.CredentialsOptions{Getenv: envMap(map[string]string{aliyun.EnvConfigFile: other})}))
	require.NoError(t, err)
	assert.Equal(t, "LTAIx", c.AccessKeyID)
	writeFile(t, other, `{"profiles": "no"}`, 0o600)
	_, err = retrieve(t, aliyun.CLIProfileCredentials(aliyun.CredentialsOptions{ConfigFile: other}))
	assertField(t, err, "ConfigFile")
}

// The INI file of Alibaba's SDKs: access_key, ecs_ram_role, ram_role_arn.
func TestProfileCredentials(t *testing.T) {
	srv := newCredServer(t, aliyuntest.WithInstanceRole("EcsRole"))
	opts := srv.options(t, nil)
	id, secret := srv.Credentials()
	ini := `; written by hand
[default]
type = access_key
access_key_id = LTAIdefault   ; a comment
access_key_secret = "quoted-secret"

# another comment
[ecs]
type=ecs_ram_role
role_name=EcsRole

[role]
type = ram_role_arn
access_key_id = ` + id + `
access_key_secret = ` + secret + `
role_arn = acs:ram::1234567890123456:role/deployer
role_session_name = ini-session

[bad-role]
type = ram_role_arn
access_key_id = x

[rsa]
type = rsa_key_pair
`
	writeFile(t, filepath.Join(opts.HomeDir, ".alibabacloud", "credentials"), ini, 0o600)
	for _, tc := range []struct{ profile, source, id string }{
		{"", "profile/static_ak", "LTAIdefault"},
		{"ecs", "profile/ecs_ram_role", ""},
		{"role", "profile/ram_role_arn/static_ak", ""},
	} {
		o := opts
		o.Profile = tc.profile
		c, err := retrieve(t, aliyun.ProfileCredentials(o))
		require.NoError(t, err, tc.profile)
		assert.Equal(t, tc.source, c.Source, tc.profile)
		if tc.id != "" {
			assert.Equal(t, tc.id, c.AccessKeyID)
			assert.Equal(t, "quoted-secret", c.SecretAccessKey.Reveal())
			continue
		}
		_, err = srv.ram(t, iam.StaticCredentials(c.AccessKeyID, c.SecretAccessKey, c.SessionToken), aliyun.SignatureRPC).
			ListUsers(context.Background(), nil)
		assert.NoError(t, err, tc.profile)
	}
	issued := srv.TemporaryCredentials()
	var session aliyuntest.TemporaryCredentials
	for _, c := range issued {
		if c.Kind == aliyuntest.KindAssumeRole {
			session = c
		}
	}
	assert.Equal(t, "ini-session", session.RoleSessionName)
	assert.Equal(t, 3600, session.DurationSeconds)

	o := opts
	o.Getenv = envMap(map[string]string{aliyun.EnvProfile: "ecs"})
	c, err := retrieve(t, aliyun.ProfileCredentials(o))
	require.NoError(t, err)
	assert.Equal(t, "profile/ecs_ram_role", c.Source)

	for profile, check := range map[string]func(error){
		"nobody": func(err error) { assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err) },
		"bad-role": func(err error) {
			assertField(t, err, "Profile")
			assert.Contains(t, err.Error(), "access_key_secret, role_arn")
		},
		"rsa": func(err error) { assertField(t, err, "Profile"); assert.Contains(t, err.Error(), `"rsa_key_pair"`) },
	} {
		o := opts
		o.Profile = profile
		_, err := retrieve(t, aliyun.ProfileCredentials(o))
		check(err)
	}
	_, err = retrieve(t, aliyun.ProfileCredentials(aliyun.CredentialsOptions{HomeDir: t.TempDir(), Getenv: envMap(nil)}))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials))

	// ALIBABA_CLOUD_CREDENTIALS_FILE moves the file.
	other := filepath.Join(t.TempDir(), "creds.ini")
	writeFile(t, other, "[default]\ntype = access_key\naccess_key_id = LTAIother\naccess_key_secret = s\n", 0o600)
	c, err = retrieve(t, aliyun.ProfileCredentials(aliyun.CredentialsOptions{Getenv: envMap(map[string]string{aliyun.EnvCredentialsFile: other})}))
	require.NoError(t, err)
	assert.Equal(t, "LTAIother", c.AccessKeyID)
}

// A file holding secrets that its group or others can read produces one
// warning through the Logger (naming the file, never the secret).
func TestCredentialsFilePermissions(t *testing.T) {
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"),
		`{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"LTAIa","access_key_secret":"very-secret"}]}`, 0o644)
	writeFile(t, filepath.Join(home, ".alibabacloud", "credentials"), "[default]\ntype=access_key\naccess_key_id=LTAIb\naccess_key_secret=other-secret\n", 0o600)
	log := &captureLogger{}
	opts := aliyun.CredentialsOptions{HomeDir: home, Getenv: envMap(nil), Logger: log}
	cli, ini := aliyun.CLIProfileCredentials(opts), aliyun.ProfileCredentials(opts)
	for range 3 {
		_, err := retrieve(t, cli)
		require.NoError(t, err)
		_, err = retrieve(t, ini)
		require.NoError(t, err)
	}
	out := log.text()
	assert.Equal(t, 1, strings.Count(out, "WARN"), out)
	assert.Contains(t, out, "config.json")
	assert.Contains(t, out, "-rw-r--r--")
	assert.NotContains(t, out, "very-secret")
	assert.NotContains(t, out, ".alibabacloud", "a 0600 file is not reported")
}

// The ECS RAM role with the metadata token (token first, then the role's
// name, then its credentials, each with the token), and without it.
func TestECSRAMRoleCredentials(t *testing.T) {
	ctx := context.Background()
	token := aliyuntest.MetadataRequest{Method: "PUT", Path: aliyuntest.MetadataTokenPath}
	roleList := aliyuntest.MetadataRequest{Method: "GET", Path: aliyuntest.MetadataRolePath}
	role := aliyuntest.MetadataRequest{Method: "GET", Path: aliyuntest.MetadataRolePath + "EcsRole"}
	withToken := func(r aliyuntest.MetadataRequest) aliyuntest.MetadataRequest { r.Token = true; return r }
	for _, tc := range []struct {
		name     string
		mode     aliyuntest.MetadataTokenMode
		env      map[string]string
		roleName string
		want     []aliyuntest.MetadataRequest
		err      string
	}{
		{name: "token", want: []aliyuntest.MetadataRequest{token, withToken(roleList), withToken(role)}},
		{name: "token required", mode: aliyuntest.MetadataTokenRequired, want: []aliyuntest.MetadataRequest{token, withToken(roleList), withToken(role)}},
		{name: "named role", roleName: "EcsRole", want: []aliyuntest.MetadataRequest{token, withToken(role)}},
		{name: "role from env", env: map[string]string{aliyun.EnvECSMetadata: "EcsRole"}, want: []aliyuntest.MetadataRequest{token, withToken(role)}},
		{name: "no token service, IMDSv1", mode: aliyuntest.MetadataTokenUnsupported, want: []aliyuntest.MetadataRequest{token, roleList, role}},
		{name: "no token service, IMDSv1 disabled", mode: aliyuntest.MetadataTokenUnsupported,
			env: map[string]string{aliyun.EnvIMDSv1Disabled: "true"}, want: []aliyuntest.MetadataRequest{token}, err: "ALIBABA_CLOUD_IMDSV1_DISABLED=true"},
		{name: "disabled", env: map[string]string{aliyun.EnvECSMetadataDisabled: "true"}, err: "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newCredServer(t, aliyuntest.WithInstanceRole("EcsRole"), aliyuntest.WithMetadataToken(tc.mode))
			p := aliyun.ECSRAMRoleCredentials(tc.roleName, srv.options(t, tc.env))
			c, err := retrieve(t, p)
			assert.Equal(t, tc.want, srv.MetadataRequests())
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "ecs_ram_role", c.Source)
			issued := srv.TemporaryCredentials()
			require.Len(t, issued, 1)
			assert.Equal(t, issued[0].AccessKeyID, c.AccessKeyID)
			assert.Equal(t, issued[0].Expires, c.Expires)
			_, err = srv.ram(t, iam.StaticCredentials(c.AccessKeyID, c.SecretAccessKey, c.SessionToken), aliyun.SignatureACS3).ListUsers(ctx, nil)
			assert.NoError(t, err)
		})
	}

	// No role attached: not configured here; a named role that is not
	// attached: an error.
	srv := newCredServer(t)
	_, err := retrieve(t, aliyun.ECSRAMRoleCredentials("", srv.options(t, nil)))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err)
	_, err = retrieve(t, aliyun.ECSRAMRoleCredentials("Other", srv.options(t, nil)))
	require.Error(t, err)
	assert.False(t, errors.Is(err, iam.ErrNoCredentials))
	assert.True(t, errors.Is(err, iam.ErrUnavailable))

	// Not on ECS: nothing listens, and nothing is tried after the token.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	_, err = retrieve(t, aliyun.ECSRAMRoleCredentials("", aliyun.CredentialsOptions{MetadataEndpoint: "http://" + addr, Getenv: envMap(nil)}))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err)
	assert.Contains(t, err.Error(), "no ECS metadata service answered")
}

// A metadata service that never answers costs at most the request limit
// (2 s), and a caller's context ends the wait sooner.
func TestMetadataNeverHangs(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	p := aliyun.ECSRAMRoleCredentials("", aliyun.CredentialsOptions{MetadataEndpoint: hang.URL, Getenv: envMap(nil)})
	start := time.Now()
	_, err := retrieve(t, p)
	assert.Less(t, time.Since(start), 4*time.Second)
	assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err)
	assert.Contains(t, err.Error(), "timed out")

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = p.Retrieve(ctx)
	assert.Less(t, time.Since(start), time.Second)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
}

func TestURICredentials(t *testing.T) {
	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	answers := map[string]struct {
		status int
		body   string
	}{
		"/ok":      {200, `{"Code":"Success","AccessKeyId":"STS.uri","AccessKeySecret":"uri-secret","SecurityToken":"uri-token","Expiration":"` + exp.Format("2006-01-02T15:04:05Z") + `"}`},
		"/nocode":  {200, `{"AccessKeyId":"STS.uri","AccessKeySecret":"uri-secret","SecurityToken":"uri-token","Expiration":"` + exp.Format(time.RFC3339) + `"}`},
		"/partial": {200, `{"AccessKeyId":"STS.uri","AccessKeySecret":"uri-secret"}`},
		"/failed":  {200, `{"Code":"Failed"}`},
		"/500":     {500, `oops`},
		"/garbage": {200, `<html>`},
	}
	uri := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	defer uri.Close()
	for _, path := range []string{"/ok", "/nocode"} {
		c, err := retrieve(t, aliyun.URICredentials(uri.URL+path, aliyun.CredentialsOptions{}))
		require.NoError(t, err, path)
		assert.Equal(t, "STS.uri", c.AccessKeyID)
		assert.Equal(t, "uri-token", c.SessionToken.Reveal())
		assert.Equal(t, exp, c.Expires)
		assert.Equal(t, "credentials_uri", c.Source)
	}
	// From the environment; its query (which may hold a secret) stays out
	// of errors.
	c, err := retrieve(t, aliyun.URICredentials("", aliyun.CredentialsOptions{Getenv: envMap(map[string]string{aliyun.EnvCredentialsURI: uri.URL + "/ok?auth=hush"})}))
	require.NoError(t, err)
	assert.Equal(t, "STS.uri", c.AccessKeyID)
	for path, kind := range map[string]iam.Kind{"/partial": iam.ErrInvalidResponse, "/failed": iam.ErrInvalidResponse,
		"/500": iam.ErrUnavailable, "/garbage": iam.ErrInvalidResponse} {
		_, err := retrieve(t, aliyun.URICredentials(uri.URL+path+"?auth=hush", aliyun.CredentialsOptions{}))
		assert.True(t, errors.Is(err, kind), "%s: %v", path, err)
		assert.NotContains(t, err.Error(), "hush")
		assert.NotContains(t, err.Error(), "uri-secret")
	}
	_, err = retrieve(t, aliyun.URICredentials("", aliyun.CredentialsOptions{Getenv: envMap(nil)}))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials))
	_, err = retrieve(t, aliyun.URICredentials("ftp://x", aliyun.CredentialsOptions{}))
	assertField(t, err, aliyun.EnvCredentialsURI)
}

// AssumeRole over a static source: the STS request is HMAC-SHA1 signed
// with the source's key, names the source, and its credentials sign RAM
// calls with their token, with both signatures.
func TestAssumeRoleCredentials(t *testing.T) {
	srv := newCredServer(t)
	ctx := context.Background()
	p := aliyun.AssumeRoleCredentials(srv.staticKeys(),
		aliyun.AssumeRoleInput{RoleARN: testRoleARN, RoleSessionName: "deploy", DurationSeconds: 1200, Policy: `{"Version":"1"}`, ExternalID: "x-1"},
		srv.options(t, nil))
	for _, algo := range algorithms {
		_, err := srv.ram(t, p, algo).ListUsers(ctx, nil)
		require.NoError(t, err, algo)
	}
	issued := srv.TemporaryCredentials()
	require.Len(t, issued, 1, "cached between calls")
	rootID, _ := srv.Credentials()
	assert.Equal(t, aliyuntest.TemporaryCredentials{AccessKeyID: issued[0].AccessKeyID, Kind: aliyuntest.KindAssumeRole,
		RoleARN: testRoleARN, RoleSessionName: "deploy", CallerAccessKeyID: rootID, DurationSeconds: 1200,
		Policy: `{"Version":"1"}`, ExternalID: "x-1", IssuedAt: issued[0].IssuedAt, Expires: issued[0].Expires}, issued[0])
	reqs := srv.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, seenRequest{"AssumeRole", rootID, "static_ak"}, reqs[0])
	assert.Equal(t, seenRequest{"ListUsers", issued[0].AccessKeyID, "ram_role_arn/static_ak"}, reqs[1], "ACS3 names the source")
	assert.Equal(t, seenRequest{"ListUsers", issued[0].AccessKeyID, ""}, reqs[2], "HMAC-SHA1 does not")

	// The session name defaults to cloudiam-go-<µs>, the duration to 3600.
	c, err := retrieve(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: testRoleARN}, srv.options(t, nil)))
	require.NoError(t, err)
	var last aliyuntest.TemporaryCredentials
	for _, tc := range srv.TemporaryCredentials() {
		if tc.AccessKeyID == c.AccessKeyID {
			last = tc
		}
	}
	assert.True(t, strings.HasPrefix(last.RoleSessionName, "cloudiam-go-"), last.RoleSessionName)
	assert.Equal(t, 3600, last.DurationSeconds)
}

// Invalid inputs are refused before any request, naming the field; STS's
// own refusals keep its code.
func TestAssumeRoleInputs(t *testing.T) {
	srv := newCredServer(t)
	for _, tc := range []struct {
		in    aliyun.AssumeRoleInput
		field string
	}{
		{aliyun.AssumeRoleInput{}, "RoleARN"},
		{aliyun.AssumeRoleInput{RoleARN: "deployer"}, "RoleARN"},
		{aliyun.AssumeRoleInput{RoleARN: testRoleARN, RoleSessionName: "x"}, "RoleSessionName"},
		{aliyun.AssumeRoleInput{RoleARN: testRoleARN, RoleSessionName: "a b"}, "RoleSessionName"},
		{aliyun.AssumeRoleInput{RoleARN: testRoleARN, DurationSeconds: 899}, "DurationSeconds"},
		{aliyun.AssumeRoleInput{RoleARN: testRoleARN, DurationSeconds: 43201}, "DurationSeconds"},
	} {
		_, err := retrieve(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), tc.in, srv.options(t, nil)))
		assertField(t, err, tc.field, tc.in)
	}
	_, err := retrieve(t, aliyun.AssumeRoleCredentials(nil, aliyun.AssumeRoleInput{RoleARN: testRoleARN}, srv.options(t, nil)))
	assertField(t, err, "source")
	o := srv.options(t, nil)
	o.STSEndpoint = "http://sts.example.com"
	_, err = retrieve(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: testRoleARN}, o))
	assertField(t, err, "STSEndpoint")
	assert.Empty(t, srv.requests())

	_, err = retrieve(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: "acs:ram::x:role/deployer"}, srv.options(t, nil)))
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "InvalidParameter.RoleArn", ie.Code)
	assert.Equal(t, "AssumeRole", ie.Op)
	assert.Equal(t, 400, ie.StatusCode)
	assert.NotEmpty(t, ie.RequestID)

	// A wrong secret: SignatureDoesNotMatch, whose string to sign (which
	// holds the form) is cut from the message.
	id, _ := srv.Credentials()
	_, err = retrieve(t, aliyun.AssumeRoleCredentials(iam.StaticCredentials(id, iam.NewSecret("wrong"), iam.Secret{}),
		aliyun.AssumeRoleInput{RoleARN: testRoleARN, Policy: `{"Secret":"policy-text"}`}, srv.options(t, nil)))
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "SignatureDoesNotMatch", ie.Code)
	assert.True(t, errors.Is(err, iam.ErrUnauthenticated))
	assert.NotContains(t, err.Error(), "policy-text")
}

// STS is tried again after a 5xx or throttling, not after a refusal.
func TestAssumeRoleRetries(t *testing.T) {
	srv := newCredServer(t)
	srv.setIntercept(func(r *http.Request, n int) (int, string, bool) {
		if n == 1 {
			return 503, `{"Code":"ServiceUnavailable","Message":"busy"}`, true
		}
		if n == 2 {
			return 400, `{"Code":"Throttling.User","Message":"slow down"}`, true
		}
		return 0, "", false
	})
	c, err := retrieve(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: testRoleARN}, srv.options(t, nil)))
	require.NoError(t, err)
	assert.Equal(t, 3, srv.count("AssumeRole"))
	assert.True(t, strings.HasPrefix(c.AccessKeyID, "STS."))
}

// AssumeRoleWithOIDC is anonymous and reads the token file at every
// refresh: a rotated token is the one sent next.
func TestOIDCRoleCredentials(t *testing.T) {
	clock := newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(clock.Now), aliyuntest.WithTemporaryCredentialsTTL(15*time.Minute))
	ctx := context.Background()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	writeFile(t, tokenFile, testJWT(t, map[string]any{"iss": "https://oidc", "sub": "first"})+"\n", 0o600)
	env := map[string]string{aliyun.EnvRoleARN: testRoleARN, aliyun.EnvOIDCProviderARN: testProviderARN,
		aliyun.EnvOIDCTokenFile: tokenFile, aliyun.EnvRoleSessionName: "pod-1"}
	opts := srv.options(t, env)
	opts.Now = clock.Now
	cache := iam.NewCredentialsCache(aliyun.OIDCRoleCredentials(opts), iam.CredentialsCacheOptions{RefreshBefore: aliyun.DefaultRefreshBefore, Now: clock.Now})
	ram := srv.ram(t, cache, aliyun.SignatureACS3)
	_, err := ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	reqs := srv.requests()
	assert.Equal(t, seenRequest{Action: "AssumeRoleWithOIDC"}, reqs[0], "anonymous")
	assert.Equal(t, "oidc_role_arn", reqs[1].Provider)

	writeFile(t, tokenFile, testJWT(t, map[string]any{"iss": "https://oidc", "sub": "second"}), 0o600)
	clock.Add(15 * time.Minute)
	_, err = ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	var subjects []string
	for _, c := range srv.TemporaryCredentials() {
		subjects = append(subjects, c.OIDCSubject)
		assert.Equal(t, "pod-1", c.RoleSessionName)
		assert.Equal(t, testProviderARN, c.OIDCProviderARN)
	}
	assert.Equal(t, []string{"first", "second"}, subjects)

	// Not all three variables: not configured here, naming what is missing.
	_, err = retrieve(t, aliyun.OIDCRoleCredentials(aliyun.CredentialsOptions{Getenv: envMap(map[string]string{aliyun.EnvRoleARN: testRoleARN})}))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials))
	assert.Contains(t, err.Error(), "ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE not set")
	// A token file that is gone is an error of the configured source.
	env[aliyun.EnvOIDCTokenFile] = filepath.Join(dir, "missing")
	_, err = retrieve(t, aliyun.OIDCRoleCredentials(opts))
	assertField(t, err, "OIDCTokenFile")

	// The explicit form, cached.
	writeFile(t, tokenFile, testJWT(t, map[string]any{"iss": "https://oidc", "sub": "third"}), 0o600)
	p := aliyun.AssumeRoleWithOIDCCredentials(aliyun.OIDCRoleInput{RoleARN: testRoleARN, OIDCProviderARN: testProviderARN,
		OIDCTokenFile: tokenFile, DurationSeconds: 900}, opts)
	c, err := retrieve(t, p)
	require.NoError(t, err)
	assert.Equal(t, "oidc_role_arn", c.Source)
	_, err = retrieve(t, aliyun.AssumeRoleWithOIDCCredentials(aliyun.OIDCRoleInput{RoleARN: testRoleARN, OIDCTokenFile: tokenFile}, opts))
	assertField(t, err, "OIDCProviderARN")
}
