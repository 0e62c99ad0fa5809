package baidu_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
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

// counted is the emulator behind a server that counts the requests it
// receives and may answer some itself (fail returns true when it did).
type counted struct {
	emu  *baidutest.Emulator
	n    atomic.Int64
	mu   sync.Mutex
	reqs []string // "METHOD /path"
	fail func(w http.ResponseWriter, r *http.Request) bool
}

func (c *counted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.mu.Lock()
	c.reqs = append(c.reqs, r.Method+" "+r.URL.Path)
	fail := c.fail
	c.mu.Unlock()
	if fail != nil && fail(w, r) {
		return
	}
	c.emu.ServeHTTP(w, r)
}

func (c *counted) sent() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.reqs...)
}

// newCounted returns the portable client of an emulator behind a counting
// server, retries off.
func newCounted(t *testing.T, mod ...func(*baidu.Config)) (*iam.Client, *counted) {
	t.Helper()
	cs := &counted{emu: baidutest.New()}
	srv := httptest.NewServer(cs)
	t.Cleanup(srv.Close)
	ak, sk := cs.emu.Credentials()
	cfg := baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL, MaxAttempts: 1}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := baidu.New(cfg)
	require.NoError(t, err)
	return c.IAM(), cs
}

func TestCapabilities(t *testing.T) {
	caps := baidu.Capabilities()
	assert.Equal(t, baidu.Scheme, caps.Provider)
	assert.Equal(t, slices.Concat(iam.Operations, iam.GroupOperations, iam.PolicyOperations), caps.Operations)
	assert.ElementsMatch(t, []iam.Field{iam.FieldDescription, iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset,
		iam.FieldMFARequired, iam.FieldMFAMethod, iam.FieldAccessKeyLastUsed, iam.FieldUserLastLogin,
		iam.FieldGroupRename, iam.FieldGroupDescription}, caps.Fields)
	assert.Equal(t, []iam.MFAMethod{iam.MFASMS, iam.MFATOTP}, caps.MFAMethods)
	assert.Empty(t, caps.ClearableFields, "Baidu documents no way to clear a description")
	assert.Equal(t, 2, caps.MaxAccessKeysPerUser)
	assert.Equal(t, 64, caps.MaxUserNameLength)
	assert.Equal(t, 8, caps.MinPasswordLength)
	assert.Equal(t, 64, caps.MaxPasswordLength)
	assert.Zero(t, caps.MaxDescriptionLength, "Baidu publishes no limit for a user's description")
	assert.Zero(t, caps.MaxPageSize, "ListUser is not paginated")

	caps.Operations[0], caps.Fields[0] = "Changed", "Changed"
	assert.Equal(t, iam.OpCreateUser, baidu.Capabilities().Operations[0], "each call returns a fresh copy")
	c, _ := newCounted(t)
	assert.Equal(t, baidu.Capabilities(), c.Capabilities(), "the portable client declares the same")
}

func TestPortable(t *testing.T) {
	ctx := context.Background()
	c, cs := newCounted(t)

	u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "carol", Description: "qa", Enabled: iam.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, "carol", u.Name)
	assert.Equal(t, "qa", u.Description)
	assert.False(t, u.Enabled)
	assert.NotEmpty(t, u.ID)
	assert.Equal(t, []string{"POST /v1/user", "PUT /v1/user/carol"}, cs.sent(), "created, then disabled")
	var nu *baidu.User
	require.True(t, u.As(&nu))
	assert.Equal(t, u.ID, nu.ID)
	var nv baidu.User
	require.True(t, u.As(&nv))
	assert.Equal(t, "carol", nv.Name)

	u, err = c.UpdateUser(ctx, "carol", &iam.UpdateUserInput{NewName: iam.Ptr("carol2"), Enabled: iam.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, "carol2", u.Name)
	assert.True(t, u.Enabled)
	assert.Equal(t, "qa", u.Description)

	var names []string
	for u, err := range c.ListUsers(ctx, &iam.ListUsersInput{PageSize: 1}) {
		require.NoError(t, err)
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"carol2"}, names, "PageSize is accepted and ignored")

	_, err = c.GetLoginProfile(ctx, "carol2")
	assert.ErrorIs(t, err, iam.ErrNotFound)

	lp, err := c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{Password: iam.NewSecret("Pa55w0rd!x"),
		PasswordResetRequired: iam.Ptr(true), MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	assert.Equal(t, "carol2", lp.UserName)
	assert.True(t, lp.PasswordSet)
	assert.True(t, lp.PasswordResetRequired)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFATOTP, lp.MFAMethod)
	var nlp *baidu.LoginProfile
	require.True(t, lp.As(&nlp))
	assert.True(t, nlp.EnabledLogin)
	assert.Equal(t, baidu.MFATOTP, nlp.LoginMfaType)

	// MFA off with MFAMethod "", then on again with a method; a method
	// alone changes the type and keeps MFA as it is.
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFANone)})
	require.NoError(t, err)
	assert.False(t, lp.MFARequired)
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFASMS)})
	require.NoError(t, err)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFASMS, lp.MFAMethod)
	lp, err = c.SetLoginProfile(ctx, "carol2", &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFATOTP)})
	require.NoError(t, err)
	assert.True(t, lp.MFARequired)
	assert.Equal(t, iam.MFATOTP, lp.MFAMethod)
	sp, ok := cs.emu.LoginProfile("carol2")
	require.True(t, ok)
	assert.Equal(t, baidutest.LoginProfile{UserName: "carol2", PasswordSet: true, PasswordResetRequired: true, MFARequired: true, MFAMethod: "TOTP"}, sp)

	got, err := c.GetLoginProfile(ctx, "carol2")
	require.NoError(t, err)
	assert.Equal(t, lp.MFAMethod, got.MFAMethod)
	assert.True(t, got.PasswordResetRequired)
	require.NoError(t, c.DeleteLoginProfile(ctx, "carol2"))
	assert.ErrorIs(t, c.DeleteLoginProfile(ctx, "carol2"), iam.ErrNotFound)

	k, err := c.CreateAccessKey(ctx, "carol2")
	require.NoError(t, err)
	assert.False(t, k.Secret.IsZero())
	assert.Equal(t, iam.AccessKeyActive, k.Status)
	assert.Equal(t, "carol2", k.UserName)
	var nk *baidu.AccessKey
	require.True(t, k.As(&nk))
	assert.Equal(t, k.ID, nk.ID)

	require.NoError(t, c.DisableAccessKey(ctx, "carol2", k.ID))
	keys, err := c.ListAccessKeys(ctx, "carol2")
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, iam.AccessKeyInactive, keys[0].Status)
	assert.True(t, keys[0].Secret.IsZero())
	require.NoError(t, c.EnableAccessKey(ctx, "carol2", k.ID))
	assert.True(t, cs.emu.AccessKeys("carol2")[0].Active)
	require.NoError(t, c.DeleteAccessKey(ctx, "carol2", k.ID))
	assert.ErrorIs(t, c.DeleteAccessKey(ctx, "carol2", k.ID), iam.ErrNotFound)

	require.NoError(t, c.DeleteUser(ctx, "carol2"))
	assert.ErrorIs(t, c.DeleteUser(ctx, "carol2"), iam.ErrNotFound)
	assert.Empty(t, cs.emu.Users())

	var native *baidu.Client
	require.True(t, c.As(&native))
	assert.NotNil(t, native)
}

// TestPortableRefusals: every portable input that Baidu's rules or the
// Client's checks refuse fails with the exact Kind and Field of the
// portable vocabulary, and nothing reaches the server.
func TestPortableRefusals(t *testing.T) {
	const user = "valid_user"
	pw := iam.NewSecret("Pa55w0rd!x")
	type call func(context.Context, *iam.Client) error
	getUser := func(name string) call {
		return func(ctx context.Context, c *iam.Client) error { _, err := c.GetUser(ctx, name); return err }
	}
	for _, tt := range []struct {
		name  string
		call  call
		kind  iam.Kind
		field string
	}{
		// A name that would change the request's path.
		{"GetUser slash", getUser("a/b"), iam.ErrInvalidArgument, "userName"},
		{"GetUser dotdot", getUser(".."), iam.ErrInvalidArgument, "userName"},
		{"GetUser dot", getUser("."), iam.ErrInvalidArgument, "userName"},
		{"GetUser query", getUser("a?x=1"), iam.ErrInvalidArgument, "userName"},
		{"GetUser fragment", getUser("a#b"), iam.ErrInvalidArgument, "userName"},
		{"GetUser percent", getUser("a%2Fb"), iam.ErrInvalidArgument, "userName"},
		{"GetUser backslash", getUser(`a\b`), iam.ErrInvalidArgument, "userName"},
		{"GetUser space", getUser("a b"), iam.ErrInvalidArgument, "userName"},
		{"GetUser newline", getUser("a\nb"), iam.ErrInvalidArgument, "userName"},
		{"GetUser too long", getUser(strings.Repeat("a", 65)), iam.ErrInvalidArgument, "userName"},
		{"UpdateUser slash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.UpdateUser(ctx, "a/b", &iam.UpdateUserInput{Description: iam.Ptr("d")})
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"DeleteUser slash", func(ctx context.Context, c *iam.Client) error { return c.DeleteUser(ctx, "a/../b") }, iam.ErrInvalidArgument, "userName"},
		{"GetLoginProfile slash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.GetLoginProfile(ctx, "a/b")
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"SetLoginProfile slash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, "a/b", &iam.LoginProfileInput{Password: pw})
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"DeleteLoginProfile slash", func(ctx context.Context, c *iam.Client) error { return c.DeleteLoginProfile(ctx, "a/b") }, iam.ErrInvalidArgument, "userName"},
		{"CreateAccessKey slash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateAccessKey(ctx, "a/b")
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"ListAccessKeys slash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.ListAccessKeys(ctx, "a/b")
			return err
		}, iam.ErrInvalidArgument, "userName"},
		{"EnableAccessKey slash", func(ctx context.Context, c *iam.Client) error { return c.EnableAccessKey(ctx, "a/b", "AK1") }, iam.ErrInvalidArgument, "userName"},
		{"DisableAccessKey slash", func(ctx context.Context, c *iam.Client) error { return c.DisableAccessKey(ctx, "a/b", "AK1") }, iam.ErrInvalidArgument, "userName"},
		{"DeleteAccessKey slash", func(ctx context.Context, c *iam.Client) error { return c.DeleteAccessKey(ctx, "a/b", "AK1") }, iam.ErrInvalidArgument, "userName"},
		{"DisableAccessKey query in key", func(ctx context.Context, c *iam.Client) error { return c.DisableAccessKey(ctx, user, "AK?x=1") }, iam.ErrInvalidArgument, "accessKeyID"},
		// Baidu's rule for new names: 1-64 ASCII letters, digits or '_'.
		{"CreateUser dash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a-b"})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser unicode", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "测试"})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser disabled with a bad name", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "a b", Enabled: iam.Ptr(false)})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"CreateUser too long", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: strings.Repeat("a", 65)})
			return err
		}, iam.ErrInvalidArgument, "Name"},
		{"UpdateUser rename dash", func(ctx context.Context, c *iam.Client) error {
			_, err := c.UpdateUser(ctx, user, &iam.UpdateUserInput{NewName: iam.Ptr("a-b")})
			return err
		}, iam.ErrInvalidArgument, "NewName"},
		// What Baidu users lack.
		{"CreateUser display name", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: user, DisplayName: "X"})
			return err
		}, iam.ErrUnsupported, "DisplayName"},
		{"CreateUser email", func(ctx context.Context, c *iam.Client) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: user, Email: "x@example.com"})
			return err
		}, iam.ErrUnsupported, "Email"},
		{"UpdateUser phone", func(ctx context.Context, c *iam.Client) error {
			_, err := c.UpdateUser(ctx, user, &iam.UpdateUserInput{Phone: iam.Ptr("13800000000")})
			return err
		}, iam.ErrUnsupported, "Phone"},
		{"UpdateUser clear description", func(ctx context.Context, c *iam.Client) error {
			_, err := c.UpdateUser(ctx, user, &iam.UpdateUserInput{Description: iam.Ptr("")})
			return err
		}, iam.ErrUnsupported, "Description"},
		// Console login.
		{"SetLoginProfile MFA without a method", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{MFARequired: iam.Ptr(true)})
			return err
		}, iam.ErrInvalidArgument, "MFAMethod"},
		{"SetLoginProfile MFA with method none", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFANone)})
			return err
		}, iam.ErrInvalidArgument, "MFAMethod"},
		{"SetLoginProfile email MFA", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{MFARequired: iam.Ptr(true), MFAMethod: iam.Ptr(iam.MFAEmail)})
			return err
		}, iam.ErrUnsupported, "MFAMethod"},
		{"SetLoginProfile unknown MFA", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{MFAMethod: iam.Ptr(iam.MFAMethod("PHONE"))})
			return err
		}, iam.ErrInvalidArgument, "MFAMethod"},
		{"SetLoginProfile short password", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{Password: iam.NewSecret("Pa5s!x7")})
			return err
		}, iam.ErrInvalidArgument, "Password"},
		{"SetLoginProfile long password", func(ctx context.Context, c *iam.Client) error {
			_, err := c.SetLoginProfile(ctx, user, &iam.LoginProfileInput{Password: iam.NewSecret(strings.Repeat("Aa1!", 16) + "x")})
			return err
		}, iam.ErrInvalidArgument, "Password"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, cs := newCounted(t)
			err := tt.call(context.Background(), c)
			var e *iam.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.kind, e.Kind, "%v", err)
			assert.Equal(t, tt.field, e.Field, "%v", err)
			assert.Equal(t, baidu.Scheme, e.Provider)
			assert.NotEmpty(t, e.Op)
			assert.Zero(t, cs.n.Load(), "no request may be sent: %v", cs.sent())
		})
	}
}

// TestPortableCreateDisabled: Baidu creates users enabled, so CreateUser
// with Enabled false sends a create and a disable for the name it was
// given (not the name the answer reports), and deletes the user again when
// the disable fails; if that fails too, the error says the outcome is
// unknown.
func TestPortableCreateDisabled(t *testing.T) {
	ctx := context.Background()
	refuse := func(w http.ResponseWriter) {
		w.Header().Set("x-bce-request-id", "r-refused")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"code":"AccessDenied","message":"no","requestId":"r-refused"}`))
	}
	// fault returns the server's behaviour for the case; cs lets it pass
	// a request to the emulator before spoiling the answer.
	for _, tt := range []struct {
		name      string
		fault     func(cs *counted) func(w http.ResponseWriter, r *http.Request) bool
		sent      []string
		kind      iam.Kind
		unknown   bool
		remaining int
	}{
		{"disabled", nil, []string{"POST /v1/user", "PUT /v1/user/dora"}, "", false, 1},
		{"create answer naming another user", func(cs *counted) func(w http.ResponseWriter, r *http.Request) bool {
			return func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodPost {
					return false
				}
				cs.emu.ServeHTTP(httptest.NewRecorder(), r) // the user is created
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(`{"id":"x","name":"somebody"}`)) // the answer names another user
				return true
			}
		}, []string{"POST /v1/user", "PUT /v1/user/dora"}, "", false, 1},
		{"create answer without a name", func(cs *counted) func(w http.ResponseWriter, r *http.Request) bool {
			return func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodPost {
					return false
				}
				cs.emu.ServeHTTP(httptest.NewRecorder(), r) // the user is created
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(`{"id":"x"}`)) // the answer names no user
				return true
			}
			// The user exists (enabled) but the answer cannot be used: the
			// outcome is unknown, and nothing more is sent on its behalf.
		}, []string{"POST /v1/user"}, iam.ErrInvalidResponse, true, 1},
		{"disable refused, user deleted again", func(*counted) func(w http.ResponseWriter, r *http.Request) bool {
			return func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method == http.MethodPut {
					refuse(w)
					return true
				}
				return false
			}
		}, []string{"POST /v1/user", "PUT /v1/user/dora", "DELETE /v1/user/dora"}, iam.ErrPermissionDenied, false, 0},
		{"disable and delete refused", func(*counted) func(w http.ResponseWriter, r *http.Request) bool {
			return func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method == http.MethodPut || r.Method == http.MethodDelete {
					refuse(w)
					return true
				}
				return false
			}
		}, []string{"POST /v1/user", "PUT /v1/user/dora", "DELETE /v1/user/dora"}, iam.ErrPermissionDenied, true, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, cs := newCounted(t)
			if tt.fault != nil {
				cs.fail = tt.fault(cs)
			}
			u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora", Enabled: iam.Ptr(false)})
			assert.Equal(t, tt.sent, cs.sent())
			require.Len(t, cs.emu.Users(), tt.remaining)
			if tt.kind == "" {
				require.NoError(t, err)
				assert.False(t, u.Enabled)
				assert.False(t, cs.emu.Users()[0].Enabled, "the user is disabled")
				return
			}
			var e *iam.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.kind, e.Kind)
			assert.Equal(t, "CreateUser", e.Op)
			assert.Equal(t, tt.unknown, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
			if tt.unknown {
				assert.True(t, cs.emu.Users()[0].Enabled, "the user the error warns of")
			}
		})
	}
}

// TestPortableObserver: the Config's Observer sees every portable call.
func TestPortableObserver(t *testing.T) {
	var mu sync.Mutex
	var done []iam.Event
	obs := &iam.Observer{CallDone: func(_ context.Context, e iam.Event) {
		mu.Lock()
		defer mu.Unlock()
		if !e.Native {
			done = append(done, e)
		}
	}}
	c, _ := newCounted(t, func(cfg *baidu.Config) { cfg.Observer = obs })
	ctx := context.Background()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "obs_user"})
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "nobody")
	require.ErrorIs(t, err, iam.ErrNotFound)
	_, err = c.GetUser(ctx, "a/b")
	require.ErrorIs(t, err, iam.ErrInvalidArgument)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, done, 3)
	assert.Equal(t, iam.Event{Provider: "baidu", Op: "CreateUser"}, iam.Event{Provider: done[0].Provider, Op: done[0].Op})
	assert.NoError(t, done[0].Err)
	assert.Equal(t, "GetUser", done[1].Op)
	assert.Equal(t, iam.ErrNotFound, done[1].Kind)
	assert.Equal(t, 404, done[1].StatusCode)
	assert.NotEmpty(t, done[1].RequestID)
	assert.Equal(t, iam.ErrInvalidArgument, done[2].Kind)
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	srv := baidutest.NewServer()
	t.Cleanup(srv.Close)
	ak, sk := srv.Credentials()
	t.Setenv(baidu.EnvAccessKeyID, ak)
	t.Setenv(baidu.EnvSecretAccessKey, sk)
	for _, k := range []string{baidu.EnvSessionToken, baidu.EnvRegion, baidu.EnvEndpoint, baidu.EnvTerraformAccessKey, baidu.EnvTerraformSecretKey} {
		t.Setenv(k, "")
	}

	c, err := iam.Open(ctx, "baidu://?region=bj&timeout=30s&max_attempts=2&endpoint="+url.QueryEscape(srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "baidu", c.Capabilities().Provider)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{Name: "opened"})
	require.NoError(t, err)
	require.Len(t, srv.Users(), 1)
	assert.Equal(t, "opened", srv.Users()[0].Name)
	var native *baidu.Client
	require.True(t, c.As(&native))
	assert.Equal(t, srv.URL, native.Endpoint())

	t.Setenv(baidu.EnvEndpoint, srv.URL)
	c, err = iam.Open(ctx, "baidu://")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "opened")
	require.NoError(t, err)

	// BCE_REGION is shared by every Baidu tool and IAM is global: a region
	// set for BCC is ignored.
	t.Setenv(baidu.EnvRegion, "gz")
	c, err = iam.Open(ctx, "baidu://")
	require.NoError(t, err, "BCE_REGION=gz is ignored")
	_, err = c.GetUser(ctx, "opened")
	require.NoError(t, err)
	_, err = iam.Open(ctx, "baidu://?region=bj")
	require.NoError(t, err)
	t.Setenv(baidu.EnvRegion, "")

	for bad, field := range map[string]string{
		"baidu://?region=gz":          "region",
		"baidu://?regoin=bj":          "regoin",
		"baidu://host":                "url",
		"baidu://?max_attempts=0":     "max_attempts",
		"baidu://?insecure_http=mayb": "insecure_http",
		"baidu://?timeout=-1s":        "timeout",
	} {
		_, err := iam.Open(ctx, bad)
		var e *iam.Error
		require.ErrorAs(t, err, &e, bad)
		assert.Equal(t, iam.ErrInvalidArgument, e.Kind, bad)
		assert.Equal(t, field, e.Field, bad)
	}
	// Without credentials anywhere, Open succeeds (nothing is read yet) and
	// the first call names every source of the chain.
	t.Setenv(baidu.EnvAccessKeyID, "")
	t.Setenv(baidu.EnvSecretAccessKey, "")
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(baidu.Scheme, &baidu.URLOpener{CredentialsOptions: baidu.CredentialsOptions{
		HomeDir: t.TempDir(), MetadataEndpoint: srv.MetadataURL}}))
	c, err = mux.Open(ctx, "baidu://")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "opened")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
	assert.ErrorIs(t, err, iam.ErrNoCredentials)
	for _, s := range []string{baidu.EnvAccessKeyID, "bce-cli-config", "bce-cli-credentials", "bcc-instance-role"} {
		assert.Contains(t, err.Error(), s)
	}
}

// TestURLOpener: the opener's fields configure the client, and the URL's
// parameters win over them.
func TestURLOpener(t *testing.T) {
	ctx := context.Background()
	cs := &counted{emu: baidutest.New()}
	srv := httptest.NewServer(cs)
	t.Cleanup(srv.Close)
	ak, sk := cs.emu.Credentials()
	t.Setenv(baidu.EnvAccessKeyID, ak)
	t.Setenv(baidu.EnvSecretAccessKey, sk)
	for _, k := range []string{baidu.EnvSessionToken, baidu.EnvRegion, baidu.EnvTerraformAccessKey, baidu.EnvTerraformSecretKey} {
		t.Setenv(k, "")
	}
	t.Setenv(baidu.EnvEndpoint, srv.URL)

	var calls atomic.Int64
	var agents sync.Map
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		agents.Store(r.Header.Get("User-Agent"), true)
		return http.DefaultTransport.RoundTrip(r)
	})}
	cs.fail = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	o := &baidu.URLOpener{HTTPClient: hc, MaxAttempts: 3, MinBackoff: 1, MaxBackoff: 1, UserAgent: "svc/7",
		Observer: &iam.Observer{CallDone: func(context.Context, iam.Event) { calls.Add(1) }}}
	mux := new(iam.URLMux)
	require.NoError(t, mux.Register(baidu.Scheme, o))

	c, err := mux.Open(ctx, "baidu://")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "u1")
	require.ErrorIs(t, err, iam.ErrUnavailable)
	assert.EqualValues(t, 3, cs.n.Load(), "the opener's MaxAttempts")
	assert.Positive(t, calls.Load(), "the opener's Observer")
	ua := []string{}
	agents.Range(func(k, _ any) bool { ua = append(ua, k.(string)); return true })
	require.Len(t, ua, 1)
	assert.True(t, strings.HasSuffix(ua[0], "svc/7"), ua[0])

	cs.n.Store(0)
	c, err = mux.Open(ctx, "baidu://?max_attempts=1")
	require.NoError(t, err)
	_, err = c.GetUser(ctx, "u1")
	require.ErrorIs(t, err, iam.ErrUnavailable)
	assert.EqualValues(t, 1, cs.n.Load(), "the URL's max_attempts wins")

	var nilOpener *baidu.URLOpener
	_, err = nilOpener.OpenClientURL(ctx, &url.URL{Scheme: "baidu"})
	require.NoError(t, err, "a nil opener opens as the zero one")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestPortableCreateDisabledCleanupIsBounded: the delete that takes back a
// user whose disable failed runs after the caller's context has ended, but
// not forever: a server that never answers it leaves the call failing with
// ErrOutcomeUnknown within the clean-up bound.
func TestPortableCreateDisabledCleanupIsBounded(t *testing.T) {
	defer baidu.SetCleanupTimeout(200 * time.Millisecond)()
	c, cs := newCounted(t)
	cs.fail = func(w http.ResponseWriter, r *http.Request) bool {
		switch r.Method {
		case http.MethodPut:
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"code":"AccessDenied","message":"no","requestId":"r"}`))
			return true
		case http.MethodDelete:
			<-r.Context().Done() // never answers
			return true
		}
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: "dora", Enabled: iam.Ptr(false)})
	require.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Less(t, time.Since(start), 5*time.Second, "bounded by the clean-up timeout")
}
