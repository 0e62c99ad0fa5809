package faulttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
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
)

// Case is one fault of the matrix.
type Case struct {
	Fault Fault
	Class Class
}

const htmlPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>`

func html() http.Header { return http.Header{"Content-Type": {"text/html; charset=utf-8"}} }

// Faults returns the standard matrix. Cloud-specific faults (each cloud's
// own throttling or clock-skew answer) can be appended by the caller.
func Faults() []Case {
	jsonH := http.Header{"Content-Type": {"application/json"}}
	return []Case{
		{Fault{Name: "429", Status: 429, Header: jsonH, Body: `{"code":"Throttling","message":"slow down"}`}, Throttle},
		{Fault{Name: "429-retry-after", Status: 429, Header: http.Header{"Retry-After": {"0"}, "Content-Type": {"application/json"}}, Body: `{}`}, Throttle},
		{Fault{Name: "500", Status: 500, Header: jsonH, Body: `{"code":"InternalError","message":"boom"}`}, Transient},
		{Fault{Name: "502", Status: 502, Header: jsonH, Body: `{}`}, Transient},
		{Fault{Name: "503", Status: 503, Header: jsonH, Body: `{}`}, Transient},
		{Fault{Name: "504", Status: 504}, Transient},
		{Fault{Name: "502-html", Status: 502, Header: html(), Body: htmlPage}, Transient},
		{Fault{Name: "reset-before", Reset: true}, Transient},
		{Fault{Name: "reset-after", Forward: true, Reset: true}, Acted},
		{Fault{Name: "cut-after", Forward: true, Truncate: true}, Acted},
		{Fault{Name: "200-html", Status: 200, Header: html(), Body: htmlPage}, Garbage},
		{Fault{Name: "200-empty", Status: 200, Header: http.Header{"Content-Type": {"application/json"}}}, Garbage},
		{Fault{Name: "200-xml", Status: 200, Header: http.Header{"Content-Type": {"text/xml"}}, Body: `<?xml version="1.0"?><Error><Code>X</Code></Error>`}, Garbage},
		{Fault{Name: "slow", Delay: time.Minute}, Deadline},
		{Fault{Name: "slow-after", Forward: true, Delay: time.Minute}, Deadline},
		{Fault{Name: "hang", Hang: true}, Deadline},
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
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{Name: s.user, Description: "fault"})
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
					return fmt.Errorf("GetUser returned %q", u.Name)
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
					return fmt.Errorf("ListUsers missed %q", s.user)
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
					return fmt.Errorf("CreateAccessKey returned no id or secret")
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
					return fmt.Errorf("ListAccessKeys returned %d keys, want 1", len(ks))
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
	s := &state{user: "fault_user1"}
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
	s := &state{user: "fault_user1"}
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
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *iam.Error", err, err)
	}
	unknown := errors.Is(err, iam.ErrOutcomeUnknown)
	if unknown && o.count == nil && o.name != iam.OpSetLoginProfile {
		t.Errorf("%s is not a create but its error says the outcome is unknown: %v", o.name, err)
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
