package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// ctxKey tags the contexts the recording Observer returns, so the test can
// tell which context each hook was handed.
type ctxKey struct{}

// seen is one hook call: which hook, the event, and the tag of the context
// it was called with.
type seen struct {
	hook string
	e    iam.Event
	tag  string
}

// recorder is an Observer that records every hook call and tags the
// contexts it returns: "call", then "attempt N".
type recorder struct {
	mu  sync.Mutex
	got []seen
}

func (r *recorder) add(hook string, ctx context.Context, e iam.Event) {
	tag, _ := ctx.Value(ctxKey{}).(string)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, seen{hook, e, tag})
}

func (r *recorder) observer() *iam.Observer {
	return &iam.Observer{
		CallStart: func(ctx context.Context, e iam.Event) context.Context {
			r.add("CallStart", ctx, e)
			return context.WithValue(ctx, ctxKey{}, "call")
		},
		CallDone: func(ctx context.Context, e iam.Event) { r.add("CallDone", ctx, e) },
		AttemptStart: func(ctx context.Context, e iam.Event) context.Context {
			r.add("AttemptStart", ctx, e)
			return context.WithValue(ctx, ctxKey{}, fmt.Sprint("attempt ", e.Attempt))
		},
		AttemptDone: func(ctx context.Context, e iam.Event) { r.add("AttemptDone", ctx, e) },
	}
}

func (r *recorder) all() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.got...)
}

// A call retried twice is one native call of three attempts, each hook
// handed the context the hook around it returned, and the request of each
// attempt carries the attempt's context (so a tracing transport sees the span).
func TestObserverSeesEveryAttempt(t *testing.T) {
	hc, mt := mockClient()
	srv := serve(mt, status(503, "X-Request-Id", "r-1"), status(503, "X-Request-Id", "r-2"), status(200, "X-Request-Id", "r-3"))
	rec := &recorder{}
	cfg := fastConfig(hc, &testSigner{})
	cfg.Observer = rec.observer()
	_, err := New(cfg).Do(bg, get(testURL+secretQuery))
	require.NoError(t, err)

	got := rec.all()
	var hooks []string
	for _, s := range got {
		hooks = append(hooks, s.hook)
	}
	require.Equal(t, []string{"CallStart",
		"AttemptStart", "AttemptDone", "AttemptStart", "AttemptDone", "AttemptStart", "AttemptDone",
		"CallDone"}, hooks)

	call := iam.Event{Provider: "test", Op: "GetUser", Native: true}
	assert.Equal(t, call, got[0].e)
	assert.Equal(t, "", got[0].tag)
	for i := 0; i < 3; i++ {
		start, done := got[1+2*i], got[2+2*i]
		n := i + 1
		want := iam.Event{Provider: "test", Op: "GetUser", Native: true, Attempt: n, Method: "GET", Path: "/v1/users"}
		assert.Equal(t, want, start.e)
		assert.Equal(t, "call", start.tag, "AttemptStart gets the call's context")
		assert.Equal(t, fmt.Sprint("attempt ", n), done.tag, "AttemptDone gets the attempt's context")
		assert.Equal(t, n, done.e.Attempt)
		assert.Equal(t, "/v1/users", done.e.Path)
		assert.Equal(t, fmt.Sprint("r-", n), done.e.RequestID)
		assert.Positive(t, done.e.Duration)
		if n < 3 {
			assert.Equal(t, 503, done.e.StatusCode)
			assert.ErrorIs(t, done.e.Err, iam.ErrUnavailable)
			assert.Equal(t, iam.ErrUnavailable, done.e.Kind)
		} else {
			assert.Equal(t, 200, done.e.StatusCode)
			assert.NoError(t, done.e.Err)
			assert.Equal(t, iam.Kind(""), done.e.Kind)
		}
		tag, _ := srv.requests()[i].Context().Value(ctxKey{}).(string)
		assert.Equal(t, fmt.Sprint("attempt ", n), tag, "attempt %d was sent with its context", n)
	}
	end := got[len(got)-1]
	assert.Equal(t, "call", end.tag, "CallDone gets the call's context")
	assert.Equal(t, 200, end.e.StatusCode)
	assert.Equal(t, "r-3", end.e.RequestID)
	assert.NoError(t, end.e.Err)
	assert.Zero(t, end.e.Attempt)
}

// No event holds the query, a header value or a credential, also when the
// call fails with an error that quotes the signed URL.
func TestObserverEventsHoldNoSecret(t *testing.T) {
	for _, steps := range [][]step{
		{status(503), status(500)},
		{fail(&urlLikeError{testURL + secretQuery})},
	} {
		hc, mt := mockClient()
		serve(mt, steps...)
		rec := &recorder{}
		cfg := fastConfig(hc, &testSigner{})
		cfg.Observer = rec.observer()
		_, err := New(cfg).Do(bg, get(testURL+secretQuery))
		require.Error(t, err)
		got := rec.all()
		require.NotEmpty(t, got)
		end := got[len(got)-1]
		require.Equal(t, "CallDone", end.hook)
		var ie *iam.Error
		require.ErrorAs(t, end.e.Err, &ie, "a call's Err is an *iam.Error")
		for _, s := range got {
			text := fmt.Sprintf("%+v %v", s.e, s.e.Err)
			for _, secret := range []string{secretSig, secretTok, secretAuth, "Signature="} {
				assert.NotContains(t, text, secret, "%s event", s.hook)
			}
		}
	}
}

// A nil Observer, an empty one and one with a single hook are all fine.
func TestObserverHooksAreOptional(t *testing.T) {
	for _, o := range []*iam.Observer{nil, {}, {AttemptDone: func(context.Context, iam.Event) {}}, {CallStart: func(context.Context, iam.Event) context.Context { return nil }}} {
		hc, mt := mockClient()
		serve(mt, status(503), status(200))
		cfg := fastConfig(hc, &testSigner{})
		cfg.Observer = o
		_, err := New(cfg).Do(bg, get(testURL))
		require.NoError(t, err)
	}
}

// A request refused before sending is still one observed call, with no attempt.
func TestObserverSeesARefusedCall(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, status(200))
	rec := &recorder{}
	cfg := fastConfig(hc, &testSigner{})
	cfg.Observer = rec.observer()
	cfg.Sign = func(*http.Request, []byte) error { return errors.New("no key") }
	_, err := New(cfg).Do(bg, get(testURL))
	require.Error(t, err)
	got := rec.all()
	require.Len(t, got, 2)
	assert.Equal(t, "CallDone", got[1].hook)
	assert.Error(t, got[1].e.Err)
}
