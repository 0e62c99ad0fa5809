package faulttest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Sink collects what a client logs (give Writer to an slog handler) and
// what its Debug signing hook receives. It is safe for concurrent use.
type Sink struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	debug  bytes.Buffer
	debugs int
}

// Write implements io.Writer for a log handler.
func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// Debug is a signer.DebugFunc writing each signature's strings to the sink.
func (s *Sink) Debug(d signer.Debug) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.debugs++
	fmt.Fprintf(&s.debug, "%s\n%s\n%s\n", d.Algorithm, d.CanonicalRequest, d.StringToSign)
}

func (s *Sink) strings() (logs, debug string, debugs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String(), s.debug.String(), s.debugs
}

// SecretsRun describes a client whose logs and Debug hook go to Logs, and
// the secrets it was built with (the secret key, a session token).
type SecretsRun struct {
	Target  Target
	Logs    *Sink
	Secrets []string
	// Native, when set, runs provider-specific calls that carry secrets and
	// returns every value and error they produced and the secrets they
	// handled (passwords sent, key secrets received).
	Native func(ctx context.Context, c *iam.Client) (values []any, secrets []string)
	// DebugShowsParams says the Debug hook's canonical request holds the
	// request parameters, passwords included (Alibaba's signatures cover
	// the query, and Config.Debug documents it): passwords are then not
	// looked for in the Debug output, only keys, tokens and signatures.
	DebugShowsParams bool
}

// RunSecrets runs every portable operation the client supports (and some
// that fail: a missing user, a 500, a reset connection, an HTML page, a
// refusal quoting the password the request carried),
// then checks that no secret key, password, created key secret, session
// token or credential header value appears in the logs, the Debug output,
// an error string, or the %v, %+v and %#v output of any returned value.
func RunSecrets(t *testing.T, r SecretsRun) {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	c := r.Target.Client
	caps := c.Capabilities()
	secrets := append([]string(nil), r.Secrets...)
	passwords := []string{Password, "Weak-password-refused"}
	var values []any
	keep := func(v any, err error) {
		values = append(values, v)
		if err != nil {
			values = append(values, err)
		}
	}
	const name = "secret_user1"
	keep(c.CreateUser(ctx, &iam.CreateUserInput{Name: name}))
	keep(c.GetUser(ctx, name))
	if caps.SupportsField(iam.FieldDescription) {
		keep(c.UpdateUser(ctx, name, &iam.UpdateUserInput{Description: iam.Ptr("d")}))
	}
	for u, err := range c.ListUsers(ctx, nil) {
		keep(u, err)
	}
	if caps.Supports(iam.OpSetLoginProfile) {
		keep(c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(Password)}))
		keep(c.GetLoginProfile(ctx, name))
		// a refused password travels in the error path
		keep(c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret("Weak-password-refused")}))
		// a cloud that quotes the password in its refusal (Baidu, Huawei):
		// the request that carries it is refused, quoting it
		for range 8 {
			r.Target.Front.Inject(Fault{Name: "echo-secret", Answer: echoCarried})
		}
		keep(c.SetLoginProfile(ctx, name, &iam.LoginProfileInput{Password: iam.NewSecret(Password)}))
		r.Target.Front.Clear()
	}
	if caps.Supports(iam.OpCreateAccessKey) {
		k, err := c.CreateAccessKey(ctx, name)
		keep(k, err)
		if err == nil {
			secrets = append(secrets, k.Secret.Reveal())
			keep(c.ListAccessKeys(ctx, name))
			keep(nil, c.DisableAccessKey(ctx, name, k.ID))
			keep(nil, c.EnableAccessKey(ctx, name, k.ID))
			keep(nil, c.DeleteAccessKey(ctx, name, k.ID))
		}
	}
	if r.Native != nil {
		vs, ss := r.Native(ctx, c)
		values = append(values, vs...)
		secrets = append(secrets, ss...)
	}
	// failures: from the cloud, from the network, from a proxy
	keep(c.GetUser(ctx, "missing_user1"))
	r.Target.Front.Inject(Fault{Name: "500", Status: 500, Body: `{"code":"InternalError"}`})
	keep(c.CreateUser(ctx, &iam.CreateUserInput{Name: "secret_user2"}))
	r.Target.Front.Inject(Fault{Reset: true}, Fault{Reset: true}, Fault{Reset: true}, Fault{Reset: true})
	keep(c.GetUser(ctx, name))
	r.Target.Front.Inject(Fault{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: htmlPage})
	keep(c.GetUser(ctx, name))
	r.Target.Front.Clear()
	if caps.Supports(iam.OpDeleteLoginProfile) {
		keep(nil, c.DeleteLoginProfile(ctx, name))
	}
	keep(nil, c.DeleteUser(ctx, name))

	creds := r.Target.Front.Credentials()
	if len(creds) == 0 {
		t.Fatal("the front saw no credential: nothing was signed")
	}
	secrets = append(secrets, creds...)
	logs, debug, debugs := r.Logs.strings()
	if !strings.Contains(logs, `"level":"DEBUG"`) || debugs == 0 {
		t.Fatalf("debug logging or the Debug hook produced nothing:\n%s", logs)
	}
	var out strings.Builder
	out.WriteString(logs)
	for _, v := range values {
		if v == nil {
			continue
		}
		fmt.Fprintf(&out, "\n%v\n%+v\n%#v\n", v, v, v)
		if err, ok := v.(error); ok {
			out.WriteString(err.Error())
		}
	}
	text := out.String()
	check := func(where, text string, secrets []string) {
		for _, s := range secrets {
			if len(s) >= 4 && strings.Contains(text, s) {
				t.Errorf("secret %.4s… found in %s", s, where)
			}
		}
	}
	check("logs or returned values", text, append(secrets, passwords...))
	check("Debug output", debug, secrets)
	if !r.DebugShowsParams {
		check("Debug output", debug, passwords)
	}
}
