package aliyun_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// closedEndpoint is an http URL where nothing listens.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return "http://" + addr
}

// The default chain tries env, oidc_role_arn, cli_profile, profile,
// ecs_ram_role and credentials_uri in that order: with every source
// configured, each one wins once those before it are gone. It remembers no
// winner: each fresh retrieval walks it from the top.
func TestDefaultChainOrder(t *testing.T) {
	srv := newCredServer(t, aliyuntest.WithInstanceRole("EcsRole"))
	home := t.TempDir()
	id, secret := srv.Credentials()
	tokenFile := filepath.Join(home, "token")
	writeFile(t, tokenFile, testJWT(t, map[string]any{"iss": "https://oidc", "sub": "pod"}), 0o600)
	cliFile := filepath.Join(home, ".aliyun", "config.json")
	iniFile := filepath.Join(home, ".alibabacloud", "credentials")
	writeFile(t, cliFile, `{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"`+id+`","access_key_secret":"`+secret+`"}]}`, 0o600)
	writeFile(t, iniFile, "[default]\ntype = access_key\naccess_key_id = "+id+"\naccess_key_secret = "+secret+"\n", 0o600)
	exp := time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z")
	uri := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"AccessKeyId":"STS.uri","AccessKeySecret":"s","SecurityToken":"t","Expiration":"` + exp + `"}`))
	}))
	defer uri.Close()
	env := map[string]string{
		aliyun.EnvAccessKeyID: id, aliyun.EnvSecretAccessKey: secret,
		aliyun.EnvRoleARN: testRoleARN, aliyun.EnvOIDCProviderARN: testProviderARN, aliyun.EnvOIDCTokenFile: tokenFile,
		aliyun.EnvCredentialsURI: uri.URL,
	}
	opts := aliyun.CredentialsOptions{Getenv: envMap(env), HomeDir: home, STSEndpoint: srv.URL, MetadataEndpoint: srv.MetadataURL}
	steps := []struct {
		source string
		remove func()
	}{
		{"default/env", func() { delete(env, aliyun.EnvAccessKeyID); delete(env, aliyun.EnvSecretAccessKey) }},
		{"default/oidc_role_arn", func() { delete(env, aliyun.EnvOIDCTokenFile) }},
		{"default/cli_profile/static_ak", func() { env[aliyun.EnvCLIProfileDisabled] = "true" }},
		{"default/profile/static_ak", func() { require.NoError(t, os.Remove(iniFile)) }},
		{"default/ecs_ram_role", func() { env[aliyun.EnvECSMetadataDisabled] = "true" }},
		{"default/credentials_uri", func() { delete(env, aliyun.EnvCredentialsURI) }},
	}
	ctx := context.Background()
	for _, s := range steps {
		c, err := retrieve(t, aliyun.DefaultCredentials(opts))
		require.NoError(t, err, s.source)
		assert.Equal(t, s.source, c.Source)
		if s.source != "default/credentials_uri" {
			// The source travels, signed, in x-acs-credentials-provider.
			_, err := srv.ram(t, aliyun.DefaultCredentials(opts), aliyun.SignatureACS3).ListUsers(ctx, nil)
			require.NoError(t, err, s.source)
			reqs := srv.requests()
			assert.Equal(t, s.source, reqs[len(reqs)-1].Provider)
		}
		s.remove()
	}
	_, err := retrieve(t, aliyun.DefaultCredentials(opts))
	assert.True(t, errors.Is(err, iam.ErrNoCredentials), "%v", err)

	// No winner is remembered: the same chain picks up a source that
	// appears later, from the top.
	p := aliyun.DefaultCredentials(opts)
	_, err = retrieve(t, p)
	require.Error(t, err)
	env[aliyun.EnvAccessKeyID], env[aliyun.EnvSecretAccessKey] = id, secret
	c, err := retrieve(t, p)
	require.NoError(t, err)
	assert.Equal(t, "default/env", c.Source)
}

// When no source has credentials, the first call fails before any request
// with an error naming every source and why, and no secret.
func TestDefaultChainErrorListsEverySource(t *testing.T) {
	srv := newCredServer(t)
	home := t.TempDir()
	env := map[string]string{aliyun.EnvAccessKeyID: "LTAIonlyid", aliyun.EnvRoleARN: testRoleARN}
	opts := aliyun.CredentialsOptions{Getenv: envMap(env), HomeDir: home, MetadataEndpoint: closedEndpoint(t)}
	writeFile(t, filepath.Join(home, ".alibabacloud", "credentials"), "[default]\ntype = rsa_key_pair\naccess_key_secret = ini-secret\n", 0o600)
	ram := srv.ram(t, aliyun.DefaultCredentials(opts), aliyun.SignatureACS3)
	_, err := ram.ListUsers(context.Background(), nil)
	require.Error(t, err)
	assert.Empty(t, srv.requests())
	assert.True(t, errors.Is(err, iam.ErrInvalidArgument), "%v", err)
	var ce *iam.CredentialsChainError
	require.True(t, errors.As(err, &ce))
	var names []string
	for _, s := range ce.Sources {
		names = append(names, s.Source)
	}
	assert.Equal(t, []string{"env", "oidc_role_arn", "cli_profile", "profile", "ecs_ram_role", "credentials_uri"}, names)
	msg := err.Error()
	for _, want := range []string{
		"env: aliyun Credentials: field ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET",
		"oidc_role_arn: ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE not set",
		"cli_profile: " + filepath.Join(home, ".aliyun", "config.json") + " does not exist",
		`profile: aliyun Credentials: field Profile, section [default] of ` + filepath.Join(home, ".alibabacloud", "credentials") + ` has type "rsa_key_pair"`,
		"ecs_ram_role: no ECS metadata service answered",
		"credentials_uri: ALIBABA_CLOUD_CREDENTIALS_URI is not set",
	} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "ini-secret")
	assert.False(t, errors.Is(err, iam.ErrNoCredentials), "some sources are configured but broken")

	// A named profile leaves the instance role and the URI out.
	opts.Profile = "prod"
	_, err = retrieve(t, aliyun.DefaultCredentials(opts))
	require.True(t, errors.As(err, &ce))
	assert.Len(t, ce.Sources, 4)
	assert.Contains(t, err.Error(), "profile: no section [prod]")
}

// Nothing is read from the files or the network until a client needs
// credentials: the files written after the client is made are the ones
// used, and the metadata service hears nothing before the first call.
func TestNothingReadBeforeFirstCall(t *testing.T) {
	srv := newCredServer(t, aliyuntest.WithInstanceRole("EcsRole"))
	ctx := context.Background()
	opts := srv.options(t, nil)
	ram := srv.ram(t, aliyun.DefaultCredentials(opts), aliyun.SignatureACS3)
	client := ram.IAM()
	assert.Empty(t, srv.MetadataRequests())
	assert.Empty(t, srv.requests())
	_, err := client.GetUser(ctx, "nobody")
	assert.True(t, errors.Is(err, iam.ErrNotFound), "%v", err)
	assert.NotEmpty(t, srv.MetadataRequests())

	// Through the environment and the home directory, as a program runs.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(aliyun.EnvAccessKeyID, "")
	t.Setenv(aliyun.EnvSecretAccessKey, "")
	log := &captureLogger{}
	c, err := aliyun.NewRAMFromEnv(func(c *aliyun.Config) { c.Endpoint, c.Logger = srv.URL, log })
	require.NoError(t, err)
	id, secret := srv.Credentials()
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"),
		`{"current":"emu","profiles":[{"name":"emu","mode":"AK","access_key_id":"`+id+`","access_key_secret":"`+secret+`"}]}`, 0o640)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	reqs := srv.requests()
	assert.Equal(t, "default/cli_profile/static_ak", reqs[len(reqs)-1].Provider)
	assert.Contains(t, log.text(), "WARN cloudiam: a file holding Alibaba Cloud credentials can be read by its group or others",
		"the option's Logger hears the chain")

	// An option that sets static keys replaces the chain with them.
	c, err = aliyun.NewRAMFromEnv(func(c *aliyun.Config) {
		c.Endpoint, c.AccessKeyID, c.SecretAccessKey = srv.URL, id, iam.NewSecret(secret)
	})
	require.NoError(t, err)
	_, err = c.ListUsers(ctx, nil)
	require.NoError(t, err)
	reqs = srv.requests()
	assert.Empty(t, reqs[len(reqs)-1].Provider, "static keys take the fast path")
}

// 64 goroutines call RAM while the credentials (STS AssumeRole, 4 minutes)
// come within the refresh window, and past their expiry, again and again:
// every call succeeds, and STS is asked once per refresh, not once per
// caller.
func TestRefreshUnderLoad(t *testing.T) {
	clock := newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(clock.Now), aliyuntest.WithTemporaryCredentialsTTL(4*time.Minute))
	opts := srv.options(t, nil)
	opts.Now = clock.Now
	p := aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: testRoleARN}, opts)
	ram := srv.ram(t, p, aliyun.SignatureACS3)
	ctx := context.Background()
	rounds := []time.Duration{0, 90 * time.Second, 90 * time.Second, 90 * time.Second, 90 * time.Second, 5 * time.Minute}
	for i, step := range rounds {
		clock.Add(step)
		var wg sync.WaitGroup
		errs := make(chan error, 64*4)
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 4 {
					if _, err := ram.ListUsers(ctx, &aliyun.RAMListUsersInput{MaxItems: 1}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	n := srv.count("AssumeRole")
	assert.GreaterOrEqual(t, n, 3)
	assert.LessOrEqual(t, n, len(rounds)+1)
}

// A refresh that fails while the old credentials are still valid does not
// fail calls: they go on with the old ones, and a later refresh replaces
// them. Once they have expired, the refresh's failure is the call's.
func TestFailedRefreshKeepsValidCredentials(t *testing.T) {
	clock := newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(clock.Now), aliyuntest.WithTemporaryCredentialsTTL(4*time.Minute))
	opts := srv.options(t, nil)
	opts.Now = clock.Now
	ram := srv.ram(t, aliyun.AssumeRoleCredentials(srv.staticKeys(), aliyun.AssumeRoleInput{RoleARN: testRoleARN}, opts), aliyun.SignatureACS3)
	ctx := context.Background()
	_, err := ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	first := srv.requests()[1].AccessKeyID

	srv.setIntercept(func(r *http.Request, _ int) (int, string, bool) {
		if r.URL.Query().Get("Action") == "AssumeRole" {
			return 500, `{"Code":"InternalError","Message":"down"}`, true
		}
		return 0, "", false
	})
	clock.Add(2 * time.Minute) // inside the 3-minute window, 2 minutes left
	for range 3 {
		_, err := ram.ListUsers(ctx, nil)
		require.NoError(t, err)
	}
	assert.Eventually(t, func() bool { return srv.count("AssumeRole") >= 1+3 }, 5*time.Second, 10*time.Millisecond,
		"the failed refresh was tried (with its retries)")
	for _, r := range srv.requests() {
		if r.Action == "ListUsers" {
			assert.Equal(t, first, r.AccessKeyID)
		}
	}

	srv.setIntercept(nil)
	// The cache tries again ahead of expiry once a wall-clock second has
	// passed since the failed refresh: one of these calls starts a refresh
	// that succeeds, and a later one signs with its credentials. Only a
	// ListUsers signed with them tells that the refresh has ended (the
	// cache takes the new credentials as it ends the refresh): the
	// refresh's own AssumeRole, signed with the root key, must not pass for
	// it, or the refresh could still be running when the clock jumps below
	// and find its credentials expired.
	_, err = ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	assert.Eventually(t, func() bool {
		_, err := ram.ListUsers(ctx, nil)
		return err == nil && lastSigner(srv, "ListUsers") != first
	}, 5*time.Second, 10*time.Millisecond)

	// Expired, with STS down: the call fails with STS's error, before any
	// RAM request.
	srv.setIntercept(func(r *http.Request, _ int) (int, string, bool) {
		if r.URL.Query().Get("Action") == "AssumeRole" {
			return 400, `{"Code":"NoPermission","Message":"You are not authorized to do this action."}`, true
		}
		return 0, "", false
	})
	clock.Add(5 * time.Minute)
	before := srv.count("ListUsers")
	_, err = ram.ListUsers(ctx, nil)
	var ie *iam.Error
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, iam.ErrPermissionDenied, ie.Kind)
	assert.Equal(t, "NoPermission", ie.Code)
	assert.Equal(t, "AssumeRole", ie.NativeOp)
	assert.Equal(t, before, srv.count("ListUsers"))
}

// A refresh that races a retry: the first attempt of a create is refused
// by throttling (which the server did not act on, so even a create is
// tried again; a 503 no longer is) while the instance role's credentials
// expire; the retry retrieves, and signs with, the new ones.
func TestRetrySignsWithRefreshedCredentials(t *testing.T) {
	clock := newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(clock.Now), aliyuntest.WithInstanceRole("EcsRole"),
		aliyuntest.WithTemporaryCredentialsTTL(4*time.Minute))
	opts := srv.options(t, nil)
	opts.Now = clock.Now
	for _, algo := range algorithms {
		ram := srv.ram(t, aliyun.DefaultCredentials(opts), algo)
		var once sync.Once
		srv.setIntercept(func(r *http.Request, _ int) (int, string, bool) {
			hit := false
			once.Do(func() {
				clock.Add(5 * time.Minute) // the credentials of this attempt expire
				hit = true
			})
			if hit {
				return 400, `{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}`, true
			}
			return 0, "", false
		})
		start := len(srv.requests())
		_, err := ram.CreateUser(context.Background(), &aliyun.RAMCreateUserInput{UserName: "retried-" + strings.ToLower(string(algo[:4]))})
		require.NoError(t, err, algo)
		reqs := srv.requests()[start:]
		require.Len(t, reqs, 2)
		assert.Equal(t, reqs[0].Action, reqs[1].Action)
		assert.NotEqual(t, reqs[0].AccessKeyID, reqs[1].AccessKeyID, "the retry signs with the refreshed credentials")
		srv.setIntercept(nil)
	}
}

// Alibaba's clock says the credentials have expired while the client's
// does not: InvalidSecurityToken.Expired drops them and the request is
// signed again with fresh ones. A provider that cannot drop them gets the
// error.
func TestExpiredTokenAnswerRefreshes(t *testing.T) {
	server, client := newFakeClock(), newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(server.Now), aliyuntest.WithInstanceRole("EcsRole"),
		aliyuntest.WithTemporaryCredentialsTTL(4*time.Minute))
	opts := srv.options(t, nil)
	opts.Now = client.Now
	cache := aliyun.DefaultCredentials(opts)
	ram := srv.ram(t, cache, aliyun.SignatureRPC)
	ctx := context.Background()
	_, err := ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	server.Add(5 * time.Minute)
	_, err = ram.ListUsers(ctx, nil)
	require.NoError(t, err)
	var keys []string
	for _, r := range srv.requests() {
		keys = append(keys, r.AccessKeyID)
	}
	require.Len(t, keys, 3)
	assert.Equal(t, keys[0], keys[1], "refused as expired")
	assert.NotEqual(t, keys[1], keys[2], "signed again with fresh credentials")

	// Without Expire, the refusal is the call's error.
	c, err := retrieve(t, cache)
	require.NoError(t, err)
	server.Add(5 * time.Minute)
	_, err = srv.ram(t, iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) { return c, nil }),
		aliyun.SignatureACS3).ListUsers(ctx, nil)
	var ie *iam.Error
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "InvalidSecurityToken.Expired", ie.Code)
	assert.Equal(t, 400, ie.StatusCode)
	assert.True(t, errors.Is(err, iam.ErrUnauthenticated))
}

// Config.Credentials and the static keys are exclusive; a provider's
// failure fails the call before any request, with its error inside.
func TestConfigCredentials(t *testing.T) {
	_, err := aliyun.NewRAM(aliyun.Config{Credentials: iam.StaticCredentials("a", iam.NewSecret("b"), iam.Secret{}), AccessKeyID: "a"})
	assertField(t, err, "Credentials")
	_, err = aliyun.NewIDaaS(aliyun.IDaaSConfig{Config: aliyun.Config{Credentials: iam.StaticCredentials("a", iam.NewSecret("b"), iam.Secret{}),
		SessionToken: iam.NewSecret("t")}, InstanceID: "idaas_x"})
	assertField(t, err, "Credentials")
	_, err = aliyun.NewRAM(aliyun.Config{})
	assertField(t, err, "AccessKeyID")

	srv := newCredServer(t)
	boom := errors.New("vault sealed")
	ram := srv.ram(t, iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) { return iam.Credentials{}, boom }), aliyun.SignatureACS3)
	_, err = ram.ListUsers(context.Background(), nil)
	assert.True(t, errors.Is(err, boom), "%v", err)
	assert.True(t, errors.Is(err, iam.ErrUnauthenticated))
	ram = srv.ram(t, iam.CredentialsProviderFunc(func(context.Context) (iam.Credentials, error) {
		return iam.Credentials{AccessKeyID: "x", Source: "half"}, nil
	}), aliyun.SignatureACS3)
	_, err = ram.ListUsers(context.Background(), nil)
	assertField(t, err, "Credentials")
	assert.Empty(t, srv.requests())

	cfg := aliyun.Config{Credentials: aliyun.DefaultCredentials(aliyun.CredentialsOptions{})}
	assert.Contains(t, cfg.String(), "Credentials:*iam.CredentialsCache")
}

// Logs of the refreshes and of the requests hold no secret or token.
func TestCredentialsLogsHoldNoSecret(t *testing.T) {
	clock := newFakeClock()
	srv := newCredServer(t, aliyuntest.WithClock(clock.Now), aliyuntest.WithInstanceRole("EcsRole"),
		aliyuntest.WithTemporaryCredentialsTTL(4*time.Minute))
	log := &captureLogger{}
	opts := srv.options(t, nil)
	opts.Now, opts.Logger = clock.Now, log
	cache := aliyun.DefaultCredentials(opts)
	c, err := aliyun.NewRAM(aliyun.Config{Credentials: cache, Endpoint: srv.URL, Logger: log})
	require.NoError(t, err)
	var secrets []string
	for range 3 {
		_, err := c.ListUsers(context.Background(), nil)
		require.NoError(t, err)
		got, err := retrieve(t, cache)
		require.NoError(t, err)
		secrets = append(secrets, got.SecretAccessKey.Reveal(), got.SessionToken.Reveal())
		clock.Add(5 * time.Minute)
	}
	out := log.text()
	assert.Contains(t, out, "cloudiam credentials refreshed")
	for _, s := range secrets {
		assert.NotContains(t, out, s)
	}
}

// profile= selects the CLI profile (and INI section) of the default chain;
// an opener with its own Credentials refuses it.
func TestURLOpenerProfile(t *testing.T) {
	srv := newCredServer(t)
	home := t.TempDir()
	id, secret := srv.Credentials()
	writeFile(t, filepath.Join(home, ".aliyun", "config.json"), `{"current":"other","profiles":[
		{"name":"other","mode":"AK","access_key_id":"LTAIother","access_key_secret":"x"},
		{"name":"emu","mode":"AK","access_key_id":"`+id+`","access_key_secret":"`+secret+`"}]}`, 0o600)
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(aliyun.SchemeRAM, &aliyun.URLOpener{CredentialsOptions: aliyun.CredentialsOptions{HomeDir: home, Getenv: envMap(nil)}}))
	ctx := context.Background()
	c, err := mux.Open(ctx, "aliyun-ram://?profile=emu&endpoint="+srv.URL)
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "nobody")
	assert.True(t, errors.Is(err, iam.ErrNotFound), "%v", err)
	c, err = mux.Open(ctx, "aliyun-ram://?endpoint="+srv.URL)
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "nobody")
	assert.True(t, errors.Is(err, iam.ErrUnauthenticated), "the current profile's key is unknown: %v", err)

	require.NoError(t, mux.Replace(aliyun.SchemeRAM, &aliyun.URLOpener{Credentials: srv.staticKeys()}))
	_, err = mux.Open(ctx, "aliyun-ram://?profile=emu&endpoint="+srv.URL)
	var ie *iam.Error
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "profile", ie.Field)
	c, err = mux.Open(ctx, "aliyun-ram://?endpoint="+srv.URL)
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "nobody")
	assert.True(t, errors.Is(err, iam.ErrNotFound), "%v", err)
}
