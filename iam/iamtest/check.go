package iamtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The suite's assertions use the standard library only, so that importing
// iamtest adds no module to a user's go.mod.

func msg(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// must stops the test when ok is false.
func must(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Fatal(msg(format, args...))
	}
}

// mustNoError stops the test when err is not nil.
func mustNoError(t testing.TB, err error, format string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", msg(format, args...), err)
	}
}

// check reports a failure when ok is false, and returns ok.
func check(t testing.TB, ok bool, format string, args ...any) bool {
	t.Helper()
	if !ok {
		t.Error(msg(format, args...))
	}
	return ok
}

// checkNoError reports a failure when err is not nil.
func checkNoError(t testing.TB, err error, format string, args ...any) bool {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", msg(format, args...), err)
		return false
	}
	return true
}

// checkEqual reports a failure when got differs from want.
func checkEqual[T comparable](t testing.TB, got, want T, format string, args ...any) bool {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %#v, want %#v", msg(format, args...), got, want)
		return false
	}
	return true
}

// wantErr is what the error of a portable call must be.
type wantErr struct {
	kind iam.Kind
	op   iam.Operation
	// field is the exact Error.Field, checked for ErrInvalidArgument and
	// ErrUnsupported ("" for an operation the cloud lacks).
	field string
}

// checkErr checks that err is, or wraps, an *iam.Error of w's kind whose Op
// is the portable operation, whose Provider is the client's, and, for
// ErrInvalidArgument and ErrUnsupported, whose Field is w's. It returns the
// *iam.Error, or nil when there is none.
func checkErr(t testing.TB, provider string, err error, w wantErr, format string, args ...any) *iam.Error {
	t.Helper()
	what := msg(format, args...)
	if err == nil {
		t.Errorf("%s: got no error, want %s", what, w.kind)
		return nil
	}
	var ie *iam.Error
	if !errors.As(err, &ie) || ie == nil {
		t.Errorf("%s: got %T (%v), want an *iam.Error of kind %s", what, err, err, w.kind)
		return nil
	}
	if !errors.Is(err, w.kind) {
		t.Errorf("%s: got kind %q, want %q (%v)", what, ie.Kind, w.kind, err)
	}
	if ie.Op != string(w.op) {
		t.Errorf("%s: got Op %q, want the portable operation %q (%v)", what, ie.Op, w.op, err)
	}
	if ie.Provider != provider {
		t.Errorf("%s: got Provider %q, want %q (%v)", what, ie.Provider, provider, err)
	}
	if (w.kind == iam.ErrInvalidArgument || w.kind == iam.ErrUnsupported) && ie.Field != w.field {
		t.Errorf("%s: got Field %q, want %q (%v)", what, ie.Field, w.field, err)
	}
	return ie
}

// recorder is the Observer the suite hands to newClient: it keeps every
// event, so a test can tell what a call sent.
type recorder struct {
	obs    *iam.Observer
	mu     sync.Mutex
	events []observed
}

// observed is one hook call.
type observed struct {
	hook string // "CallStart", "CallDone", "AttemptStart" or "AttemptDone"
	e    iam.Event
}

func newRecorder() *recorder {
	r := &recorder{}
	add := func(hook string, e iam.Event) {
		r.mu.Lock()
		r.events = append(r.events, observed{hook, e})
		r.mu.Unlock()
	}
	r.obs = &iam.Observer{
		CallStart:    func(_ context.Context, e iam.Event) context.Context { add("CallStart", e); return nil },
		CallDone:     func(_ context.Context, e iam.Event) { add("CallDone", e) },
		AttemptStart: func(_ context.Context, e iam.Event) context.Context { add("AttemptStart", e); return nil },
		AttemptDone:  func(_ context.Context, e iam.Event) { add("AttemptDone", e) },
	}
	return r
}

// mark returns the position of the next event.
func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

// since returns the events from mark on.
func (r *recorder) since(mark int) []observed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]observed(nil), r.events[mark:]...)
}

// requests describes the native calls and attempts among evs, or returns ""
// when there are none.
func requests(evs []observed) string {
	var b []string
	for _, o := range evs {
		switch {
		case o.hook == "AttemptStart":
			b = append(b, fmt.Sprintf("attempt %d of %s (%s %s)", o.e.Attempt, o.e.Op, o.e.Method, o.e.Path))
		case o.hook == "CallStart" && o.e.Native:
			b = append(b, "native call "+o.e.Op)
		}
	}
	return strings.Join(b, ", ")
}

// refused calls f, which must fail with w, and checks that it sent nothing:
// no native call and no HTTP attempt reached the observer.
func (e *env) refused(t testing.TB, w wantErr, f func() error, format string, args ...any) *iam.Error {
	t.Helper()
	mark := e.s.rec.mark()
	err := f()
	sent := requests(e.s.rec.since(mark))
	ie := checkErr(t, e.caps.Provider, err, w, format, args...)
	if sent != "" {
		t.Errorf("%s: bad input must be refused before any request, but the call made: %s", msg(format, args...), sent)
	}
	return ie
}
