package faulttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Target is one client under test: Client talks to the emulator through
// Front; Verify talks to the same emulator directly and reads its state.
type Target struct {
	Client *iam.Client
	Verify *iam.Client
	Front  *Front
}

// Builder makes a client of one cloud for an endpoint (an httptest URL).
type Builder func(endpoint string) (*iam.Client, error)

// Start serves emulator twice, once behind a Front and once directly, and
// builds a client on each with build. Everything stops when t ends.
func Start(t testing.TB, emulator http.Handler, build Builder) Target {
	t.Helper()
	front := Wrap(emulator)
	fs := httptest.NewServer(front)
	ds := httptest.NewServer(emulator)
	t.Cleanup(func() {
		front.Release()
		fs.CloseClientConnections()
		fs.Close()
		ds.Close()
	})
	c, err := build(fs.URL)
	if err != nil {
		t.Fatalf("client through the front: %v", err)
	}
	v, err := build(ds.URL)
	if err != nil {
		t.Fatalf("direct client: %v", err)
	}
	return Target{Client: c, Verify: v, Front: front}
}

// Class is how a fault is expected to end a call.
type Class int

// Fault classes.
const (
	// Transient faults happen before the server acts and are worth a
	// retry: a call that may be repeated succeeds once the fault has passed.
	Transient Class = iota
	// Throttle is a 429: the server did not act, every call is retried.
	Throttle
	// Acted faults spoil the answer after the server acted.
	Acted
	// Garbage is a 200 whose body is not the cloud's answer: the call
	// fails with ErrInvalidResponse or, when it reads no body, succeeds.
	Garbage
	// Deadline faults outlast the caller's context.
	Deadline
	// Spoiled faults spoil a 2xx answer after the server acted (an HTML
	// page, no body, a 204, a byte-order mark, JSON without the id, name
	// or secret, a body without end): the call fails with
	// ErrInvalidResponse, and a create with ErrOutcomeUnknown too, or it
	// succeeds with a complete result only.
	Spoiled
	// Redirect is a 3xx: never a success; ErrInvalidResponse.
	Redirect
	// Refused is a 4xx refusal with hostile text (an echoed password, a
	// 4 MiB request id, a 900 KiB message, control characters): the call
	// fails, nothing happened unless the error says ErrOutcomeUnknown, and
	// the error's text is bounded (MaxErrorText), holds no control
	// character and no secret the request carried, and still names the
	// user (matrixUser).
	Refused
)

// MaxErrorText bounds the length of an error's text under a Refused
// fault: the cloud's message, code and request id are cut by
// iam.Error.Error and the transport.
const MaxErrorText = 4096

// Case is one fault of the matrix.
type Case struct {
	Fault Fault
	Class Class
	// Ops, when set, limits the case to these operations.
	Ops []iam.Operation
}

const htmlPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>`

func html() http.Header { return http.Header{"Content-Type": {"text/html; charset=utf-8"}} }

// Faults returns the standard matrix. Cloud-specific faults (each cloud's
// own throttling or clock-skew answer) can be appended by the caller.
func Faults() []Case {
	jsonH := http.Header{"Content-Type": {"application/json"}}
	return []Case{
		{Fault: Fault{Name: "429", Status: 429, Header: jsonH, Body: `{"code":"Throttling","message":"slow down"}`}, Class: Throttle},
		{Fault: Fault{Name: "429-retry-after", Status: 429, Header: http.Header{"Retry-After": {"0"}, "Content-Type": {"application/json"}}, Body: `{}`}, Class: Throttle},
		{Fault: Fault{Name: "500", Status: 500, Header: jsonH, Body: `{"code":"InternalError","message":"boom"}`}, Class: Transient},
		{Fault: Fault{Name: "502", Status: 502, Header: jsonH, Body: `{}`}, Class: Transient},
		{Fault: Fault{Name: "503", Status: 503, Header: jsonH, Body: `{}`}, Class: Transient},
		{Fault: Fault{Name: "504", Status: 504}, Class: Transient},
		{Fault: Fault{Name: "502-html", Status: 502, Header: html(), Body: htmlPage}, Class: Transient},
		{Fault: Fault{Name: "reset-before", Reset: true}, Class: Transient},
		{Fault: Fault{Name: "reset-after", Forward: true, Reset: true}, Class: Acted},
		{Fault: Fault{Name: "cut-after", Forward: true, Truncate: true}, Class: Acted},
		{Fault: Fault{Name: "200-html", Status: 200, Header: html(), Body: htmlPage}, Class: Garbage},
		{Fault: Fault{Name: "200-empty", Status: 200, Header: http.Header{"Content-Type": {"application/json"}}}, Class: Garbage},
		{Fault: Fault{Name: "200-xml", Status: 200, Header: http.Header{"Content-Type": {"text/xml"}}, Body: `<?xml version="1.0"?><Error><Code>X</Code></Error>`}, Class: Garbage},
		{Fault: Fault{Name: "slow", Delay: time.Minute}, Class: Deadline},
		{Fault: Fault{Name: "slow-after", Forward: true, Delay: time.Minute}, Class: Deadline},
		{Fault: Fault{Name: "hang", Hang: true}, Class: Deadline},

		// The server acted, then its 2xx answer was spoiled.
		{Fault: Fault{Name: "200-html-after", Forward: true, Rewrite: replace(200, html(), htmlPage)}, Class: Spoiled},
		{Fault: Fault{Name: "200-empty-after", Forward: true, Rewrite: replace(200, jsonH, "")}, Class: Spoiled},
		{Fault: Fault{Name: "204-after", Forward: true, Rewrite: replace(204, jsonH, "")}, Class: Spoiled},
		{Fault: Fault{Name: "200-bom-after", Forward: true, Rewrite: spoil(func(b []byte) []byte { return append([]byte(bom), b...) })}, Class: Spoiled},
		{Fault: Fault{Name: "200-object-after", Forward: true, Rewrite: replace(200, jsonH, `{}`)}, Class: Spoiled},
		{Fault: Fault{Name: "200-blank-after", Forward: true, Rewrite: spoil(blankStrings)}, Class: Spoiled},
		{Fault: Fault{Name: "endless-after", Forward: true, Endless: `{"user":{"name":"`}, Class: Spoiled, Ops: changes},
		// The server acted, then answered 503, which clouds mark as not
		// acted on: a create repeated then meets its own result.
		{Fault: Fault{Name: "503-after", Forward: true, Rewrite: always(503, jsonH, `{}`)}, Class: Acted},

		// Redirects: not followed, never a success.
		{Fault: Fault{Name: "307-json", Status: 307, Header: http.Header{"Location": {"https://elsewhere.example.com/v1"}, "Content-Type": {"application/json"}},
			Body: `{"user":{"name":"` + matrixUser + `","id":"u-1"},"users":[],"Users":{"User":[]}}`}, Class: Redirect},
		{Fault: Fault{Name: "302-empty", Status: 302, Header: http.Header{"Location": {"https://elsewhere.example.com/v1"}}}, Class: Redirect},
		{Fault: Fault{Name: "307-after", Forward: true, Rewrite: redirectAfter(307, true)}, Class: Redirect},
		{Fault: Fault{Name: "302-after", Forward: true, Rewrite: redirectAfter(302, false)}, Class: Redirect},

		// Bodies without end.
		{Fault: Fault{Name: "endless", Endless: `{"user":{"name":"`}, Class: Garbage},
		{Fault: Fault{Name: "endless-element", Endless: `{"users":[{"name":"`}, Class: Garbage, Ops: lists},

		// Refusals with hostile text.
		{Fault: Fault{Name: "echo-secret", Answer: echoSecret}, Class: Refused},
		{Fault: Fault{Name: "oversized", Answer: oversized}, Class: Refused},
		{Fault: Fault{Name: "control-chars", Answer: controlText}, Class: Refused},
	}
}

// op is one portable operation with what it needs and how its effect shows.
type op struct {
	name iam.Operation
	// idempotent calls may be repeated after the server acted.
	idempotent bool
	// needs: 0 nothing, 1 a user, 2 a user with a login profile, 3 a
	// user with an access key.
	needs int
	run   func(ctx context.Context, c *iam.Client, s *state) error
	// effect reports whether the op's change is in the emulator's state;
	// nil for reads.
	effect func(ctx context.Context, v *iam.Client, s *state) (bool, error)
	// count is, for creates, how many of the created thing exist.
	count func(ctx context.Context, v *iam.Client, s *state) (int, error)
}

type state struct {
	user, key string
}

// resultError is what an operation's run returns when the call succeeded
// but its result is wrong or incomplete.
type resultError struct{ msg string }

func (e *resultError) Error() string { return e.msg }

func badResult(format string, args ...any) error { return &resultError{fmt.Sprintf(format, args...)} }

// Password passes every cloud's default password policy.
const Password = "Cl0ud-IAM!x9Pq"

func userExists(ctx context.Context, v *iam.Client, name string) (bool, error) {
	_, err := v.GetUser(ctx, name)
	if errors.Is(err, iam.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func keyCount(ctx context.Context, v *iam.Client, s *state) (int, error) {
	ks, err := v.ListAccessKeys(ctx, s.user)
	return len(ks), err
}

func keyStatus(ctx context.Context, v *iam.Client, s *state) (iam.AccessKeyStatus, bool, error) {
	ks, err := v.ListAccessKeys(ctx, s.user)
	for _, k := range ks {
		if k.ID == s.key {
			return k.Status, true, err
		}
	}
	return "", false, err
}

func ops() []op {
	return []op{
		{name: iam.OpCreateUser, needs: 0,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				u, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: s.user, Description: "fault"})
				if err == nil && u.Name != s.user {
					return badResult("CreateUser returned the user %q, want %q", u.Name, s.user)
				}
				return err
			},
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) { return userExists(ctx, v, s.user) },
			count: func(ctx context.Context, v *iam.Client, s *state) (int, error) {
				n := 0
				for u, err := range v.ListUsers(ctx, nil) {
					if err != nil {
						return 0, err
					}
					if u.Name == s.user {
						n++
					}
				}
				return n, nil
			}},
		{name: iam.OpGetUser, idempotent: true, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				u, err := c.GetUser(ctx, s.user)
				if err == nil && u.Name != s.user {
					return badResult("GetUser returned the user %q, want %q", u.Name, s.user)
				}
				return err
			}},
		{name: iam.OpUpdateUser, idempotent: true, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				_, err := c.UpdateUser(ctx, s.user, &iam.UpdateUserInput{Description: iam.Ptr("updated")})
				return err
			},
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				u, err := v.GetUser(ctx, s.user)
				return err == nil && u.Description == "updated", err
			}},
		{name: iam.OpDeleteUser, idempotent: true, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error { return c.DeleteUser(ctx, s.user) },
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				ok, err := userExists(ctx, v, s.user)
				return !ok, err
			}},
		{name: iam.OpListUsers, idempotent: true, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				found := false
				for u, err := range c.ListUsers(ctx, nil) {
					if err != nil {
						return err
					}
					found = found || u.Name == s.user
				}
				if !found {
					return badResult("ListUsers missed %q", s.user)
				}
				return nil
			}},
		{name: iam.OpGetLoginProfile, idempotent: true, needs: 2,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				_, err := c.GetLoginProfile(ctx, s.user)
				return err
			}},
		{name: iam.OpSetLoginProfile, idempotent: false, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				_, err := c.SetLoginProfile(ctx, s.user, &iam.LoginProfileInput{Password: iam.NewSecret(Password)})
				return err
			},
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				p, err := v.GetLoginProfile(ctx, s.user)
				if errors.Is(err, iam.ErrNotFound) {
					return false, nil
				}
				return err == nil && p.PasswordSet, err
			}},
		{name: iam.OpDeleteLoginProfile, idempotent: true, needs: 2,
			run: func(ctx context.Context, c *iam.Client, s *state) error { return c.DeleteLoginProfile(ctx, s.user) },
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				p, err := v.GetLoginProfile(ctx, s.user)
				if errors.Is(err, iam.ErrNotFound) {
					return true, nil
				}
				return err == nil && !p.PasswordSet, err
			}},
		{name: iam.OpCreateAccessKey, needs: 1,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				k, err := c.CreateAccessKey(ctx, s.user)
				if err == nil && (k.ID == "" || k.Secret.IsZero()) {
					return badResult("CreateAccessKey returned no id or secret")
				}
				return err
			},
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				n, err := keyCount(ctx, v, s)
				return n > 0, err
			},
			count: keyCount},
		{name: iam.OpListAccessKeys, idempotent: true, needs: 3,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				ks, err := c.ListAccessKeys(ctx, s.user)
				if err == nil && len(ks) != 1 {
					return badResult("ListAccessKeys returned %d keys, want 1", len(ks))
				}
				if err == nil && ks[0].ID != s.key {
					return badResult("ListAccessKeys returned the key %q, want %q", ks[0].ID, s.key)
				}
				return err
			}},
		{name: iam.OpDisableAccessKey, idempotent: true, needs: 3,
			run: func(ctx context.Context, c *iam.Client, s *state) error {
				return c.DisableAccessKey(ctx, s.user, s.key)
			},
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				st, _, err := keyStatus(ctx, v, s)
				return st == iam.AccessKeyInactive, err
			}},
		{name: iam.OpEnableAccessKey, idempotent: true, needs: 4,
			run: func(ctx context.Context, c *iam.Client, s *state) error { return c.EnableAccessKey(ctx, s.user, s.key) },
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				st, _, err := keyStatus(ctx, v, s)
				return st == iam.AccessKeyActive, err
			}},
		{name: iam.OpDeleteAccessKey, idempotent: true, needs: 3,
			run: func(ctx context.Context, c *iam.Client, s *state) error { return c.DeleteAccessKey(ctx, s.user, s.key) },
			effect: func(ctx context.Context, v *iam.Client, s *state) (bool, error) {
				_, found, err := keyStatus(ctx, v, s)
				return !found, err
			}},
	}
}

// prepare makes, through the fault-free client, what o needs.
func prepare(ctx context.Context, v *iam.Client, o op, s *state) error {
	if o.needs == 0 {
		return nil
	}
	if _, err := v.CreateUser(ctx, &iam.CreateUserInput{Name: s.user}); err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	switch o.needs {
	case 2:
		if _, err := v.SetLoginProfile(ctx, s.user, &iam.LoginProfileInput{Password: iam.NewSecret(Password)}); err != nil {
			return fmt.Errorf("set login profile: %w", err)
		}
	case 3, 4:
		k, err := v.CreateAccessKey(ctx, s.user)
		if err != nil {
			return fmt.Errorf("create access key: %w", err)
		}
		s.key = k.ID
		if o.needs == 4 {
			if err := v.DisableAccessKey(ctx, s.user, s.key); err != nil {
				return fmt.Errorf("disable access key: %w", err)
			}
		}
	}
	return nil
}

// HardTimeout bounds a call whatever its context says: a call still running
// then is a hang, and fails the test instead of blocking it.
var HardTimeout = 30 * time.Second

func hardTimeout(t *testing.T, call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(HardTimeout):
		t.Fatalf("the call ignored its context: still running after %v", HardTimeout)
		return nil
	}
}

// DeadlineFor is the context deadline of a call under a Deadline fault;
// other calls get CallTimeout. Both are far below the test's own timeout.
var (
	DeadlineFor = 100 * time.Millisecond
	CallTimeout = 10 * time.Second
)

// RunMatrix runs every portable operation the client supports against
// every fault in cases, each on a fresh emulator made by start, and checks:
// the call ends (the context is honoured), any error is an *iam.Error, a
// call that may be repeated survives a transient fault, a create is never
// duplicated, an unknown outcome is reported as iam.ErrOutcomeUnknown, and
// the emulator's state (read through Target.Verify) matches what the caller
// was told.
func RunMatrix(t *testing.T, cases []Case, start func(t testing.TB) Target) {
	caps := start(t).Client.Capabilities()
	for _, o := range ops() {
		if !caps.Supports(o.name) {
			continue
		}
		// A call may send several requests (a name lookup, then the
		// action): each of them gets every fault in turn.
		n := requestsOf(t, o, start(t))
		for _, fc := range cases {
			if fc.Ops != nil && !slices.Contains(fc.Ops, o.name) {
				continue
			}
			for pos := range n {
				name := string(o.name) + "/" + fc.Fault.Name
				if n > 1 {
					name += fmt.Sprintf("@%d", pos+1)
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					runCase(t, start(t), o, fc, pos)
				})
			}
		}
	}
}

// requestsOf counts the requests o sends when nothing fails.
func requestsOf(t *testing.T, o op, tg Target) int {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	s := &state{user: matrixUser}
	if err := prepare(ctx, tg.Verify, o, s); err != nil {
		t.Fatalf("%s: prepare: %v", o.name, err)
	}
	before := tg.Front.Requests()
	if err := o.run(ctx, tg.Client, s); err != nil {
		t.Fatalf("%s without faults: %v", o.name, err)
	}
	return tg.Front.Requests() - before
}

func runCase(t *testing.T, tg Target, o op, fc Case, pos int) {
	bg, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	s := &state{user: matrixUser}
	if err := prepare(bg, tg.Verify, o, s); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	before := 0
	if o.count != nil {
		n, err := o.count(bg, tg.Verify, s)
		if err != nil {
			t.Fatalf("count before: %v", err)
		}
		before = n
	}
	was := false
	if o.effect != nil {
		w, err := o.effect(bg, tg.Verify, s)
		if err != nil {
			t.Fatalf("effect before: %v", err)
		}
		was = w
	}
	// pos requests pass untouched (an empty Fault forwards), then the fault.
	tg.Front.Inject(append(make([]Fault, pos), fc.Fault)...)
	ctx := bg
	if fc.Class == Deadline {
		var c2 context.CancelFunc
		ctx, c2 = context.WithTimeout(bg, DeadlineFor)
		defer c2()
	}
	err := hardTimeout(t, func() error { return o.run(ctx, tg.Client, s) })
	tg.Front.Clear()
	var ie *iam.Error
	if re := (*resultError)(nil); errors.As(err, &re) {
		t.Fatalf("%s succeeded after %s with an unusable result: %v", o.name, fc.Fault.Name, err)
	}
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *iam.Error", err, err)
	}
	unknown := errors.Is(err, iam.ErrOutcomeUnknown)
	if unknown && o.count == nil && o.effect == nil {
		t.Errorf("%s changes nothing but its error says the outcome is unknown: %v", o.name, err)
	}
	// What the caller must have been told, by class.
	switch fc.Class {
	case Throttle:
		if err != nil {
			t.Fatalf("a single 429 must be retried: %v", err)
		}
	case Transient:
		if o.idempotent && err != nil {
			t.Fatalf("%s may be repeated; a single %s must be retried: %v", o.name, fc.Fault.Name, err)
		}
		if !o.idempotent && err != nil && !unknown {
			t.Fatalf("a create failed by %s must succeed on retry or say the outcome is unknown: %v", fc.Fault.Name, err)
		}
	case Acted:
		if o.idempotent && err != nil && !(o.effect != nil && (errors.Is(err, iam.ErrNotFound) || errors.Is(err, iam.ErrAlreadyExists))) {
			t.Fatalf("%s may be repeated; after %s it must succeed: %v", o.name, fc.Fault.Name, err)
		}
		if !o.idempotent && err != nil && !unknown {
			t.Fatalf("the server acted on this create (%s); the error must match ErrOutcomeUnknown: %v", fc.Fault.Name, err)
		}
		if !o.idempotent && err == nil && o.count != nil {
			t.Logf("create retried after %s", fc.Fault.Name)
		}
	case Garbage:
		if err != nil && !errors.Is(err, iam.ErrInvalidResponse) {
			t.Fatalf("a 200 with a %s body must be ErrInvalidResponse: %v", fc.Fault.Name, err)
		}
	case Deadline:
		if err == nil || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("a call outlasting its context must fail with its deadline: %v", err)
		}
	case Spoiled:
		// A create must say its outcome is unknown: checked against the
		// emulator's state below (an earlier request of the call may have
		// been the spoiled one, before anything was made).
		if err != nil && !errors.Is(err, iam.ErrInvalidResponse) &&
			!(o.idempotent && o.effect != nil && (errors.Is(err, iam.ErrNotFound) || errors.Is(err, iam.ErrAlreadyExists))) {
			t.Fatalf("a 2xx answer spoiled by %s must be ErrInvalidResponse: %v", fc.Fault.Name, err)
		}
	case Redirect:
		if err == nil {
			t.Fatalf("a %s answer must never be a success", fc.Fault.Name)
		}
		if !errors.Is(err, iam.ErrInvalidResponse) {
			t.Fatalf("a %s answer must be ErrInvalidResponse: %v", fc.Fault.Name, err)
		}
	case Refused:
		// (A refusal of a request after the change was made, such as a
		// read-back, is rightly outcome-unknown: the state check below
		// holds every other failure to "nothing happened".)
		if err == nil {
			t.Fatalf("a refusal (%s) must fail the call", fc.Fault.Name)
		}
		checkErrorText(t, err, fc.Fault.Name)
	}
	// The emulator's state must match.
	if o.count != nil {
		n, cerr := o.count(bg, tg.Verify, s)
		if cerr != nil {
			t.Fatalf("count after: %v", cerr)
		}
		switch {
		case n > before+1:
			t.Fatalf("%s duplicated: %d before, %d after (err %v)", o.name, before, n, err)
		case err == nil && n != before+1:
			t.Fatalf("%s reported success but the emulator has %d (was %d)", o.name, n, before)
		case err != nil && !unknown && n != before:
			t.Fatalf("%s failed without ErrOutcomeUnknown but the emulator acted: %v", o.name, err)
		}
		return
	}
	if o.effect == nil {
		return
	}
	applied, eerr := o.effect(bg, tg.Verify, s)
	if eerr != nil {
		t.Fatalf("reading the effect: %v", eerr)
	}
	switch {
	case err == nil && !applied && fc.Class != Garbage:
		t.Fatalf("%s reported success but the emulator shows no effect", o.name)
	case err == nil && !applied && fc.Class == Garbage:
		// A call that reads no body cannot tell a proxy's page from the
		// cloud's empty success; nothing was changed, and nothing is lost.
		t.Logf("%s took a 200 %s for success (it reads no body)", o.name, fc.Fault.Name)
	case err != nil && !unknown && applied && !was && o.idempotent && fc.Class != Acted && fc.Class != Deadline:
		// The change was made and reading it back failed: repeating an
		// idempotent call converges, so this loses nothing.
		t.Logf("%s failed (%v) after its change was made", o.name, err)
	case err != nil && !unknown && applied && !was && fc.Class != Acted && fc.Class != Deadline:
		t.Fatalf("%s failed (%v) but the emulator acted, and the error does not match ErrOutcomeUnknown", o.name, err)
	}
}

// checkErrorText checks the text of an error answering a hostile refusal:
// bounded, free of control characters and of the password the request
// carried, and still naming the user the cloud's message names.
func checkErrorText(t *testing.T, err error, fault string) {
	t.Helper()
	for _, form := range []string{"%v", "%+v", "%s"} {
		text := fmt.Sprintf(form, err)
		if len(text) > MaxErrorText {
			t.Errorf("%s: the error's text (%s) is %d bytes, more than %d", fault, form, len(text), MaxErrorText)
		}
		if i := strings.IndexFunc(text, func(r rune) bool {
			return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
		}); i >= 0 {
			t.Errorf("%s: the error's text (%s) holds the control character %q: %.200q", fault, form, text[i:i+1], text)
		}
		if strings.Contains(text, Password) {
			t.Errorf("%s: the error's text (%s) holds the password the request carried: %.300q", fault, form, text)
		}
		if !strings.Contains(text, matrixUser) {
			t.Errorf("%s: the error's text (%s) lost the user name %q the cloud's message names: %.300q", fault, form, matrixUser, text)
		}
	}
}
