package iam

import (
	"context"
	"time"
)

// Observer receives the start and end of every call and of every HTTP
// attempt, so that tracing (OpenTelemetry), metrics (Prometheus, expvar) or
// audit logs plug in without cloudiam depending on them. Set it in a
// provider's Config or URLOpener; nil hooks are skipped, and so is a nil
// *Observer.
//
// Calls are portable calls (a method of *Client) and native API requests
// (one per request a provider sends, its retries included); attempts are the
// HTTP exchanges of a native request. A portable call thus nests native
// requests, which nest attempts: the context a start hook returns is the
// one the nested calls and attempts see, so spans nest as well.
//
// Hooks run on the caller's goroutine and should be quick. An Event never
// holds a secret: no credentials, header values, query strings or bodies.
type Observer struct {
	// CallStart is called when a call begins. It returns the context the call
	// continues with (to carry a span); nil keeps ctx.
	CallStart func(ctx context.Context, e Event) context.Context
	// CallDone is called when the call ends, with the context CallStart
	// returned and Duration, Err, Kind, StatusCode and RequestID set.
	CallDone func(ctx context.Context, e Event)
	// AttemptStart is called before each HTTP attempt is sent. It returns the
	// context of the attempt; nil keeps ctx.
	AttemptStart func(ctx context.Context, e Event) context.Context
	// AttemptDone is called when the attempt's answer (or failure) is known,
	// before any retry is decided.
	AttemptDone func(ctx context.Context, e Event)
}

// Event describes a call or an attempt to an Observer.
type Event struct {
	// Provider is the provider's scheme ("baidu", "huawei", "aliyun-ram",
	// "aliyun-idaas", "fake").
	Provider string
	// Op is the portable operation ("CreateUser") of a portable call, or the
	// cloud's own operation of a native request and its attempts.
	Op string
	// Native is set for native API requests and their attempts.
	Native bool
	// Attempt numbers the attempts of a native request from 1; zero for calls.
	Attempt int
	// Method and Path are the HTTP method and URL path of an attempt (never
	// the query, which may carry a signature).
	Method, Path string

	// The rest is set on CallDone and AttemptDone.

	// StatusCode is the HTTP status; zero when no answer arrived (or for a
	// portable call that sent nothing).
	StatusCode int
	// RequestID is the cloud's id of the request, when it sent one.
	RequestID string
	// Duration is how long the call or attempt took.
	Duration time.Duration
	// Err is the failure, nil on success; an *Error on calls. It holds no
	// secret.
	Err error
	// Kind is the portable kind of Err ("" on success).
	Kind Kind
}

// ObserveCall reports the start of a call to o (which may be nil) and
// returns the call's context and a function that reports its end. Providers
// use it for native calls; *Client uses it for portable ones.
func (o *Observer) ObserveCall(ctx context.Context, e Event) (context.Context, func(err error, status int, requestID string)) {
	if o == nil || (o.CallStart == nil && o.CallDone == nil) {
		return ctx, func(error, int, string) {}
	}
	start := time.Now()
	if o.CallStart != nil {
		if c := o.CallStart(ctx, e); c != nil {
			ctx = c
		}
	}
	return ctx, func(err error, status int, requestID string) {
		if o.CallDone == nil {
			return
		}
		e.Duration = time.Since(start)
		e.Err, e.Kind, e.StatusCode, e.RequestID = err, KindOf(err), status, requestID
		o.CallDone(ctx, e)
	}
}

// KindOf returns the portable Kind of err: the Kind of the *Error it is or
// wraps, ErrUnknown for any other error, and "" for nil.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	if e, ok := asError(err); ok {
		return e.kind()
	}
	return ErrUnknown
}
