package transport

import (
	"reflect"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Reports: per attempt, one debug line to the Logger and the Observer's
// AttemptStart and AttemptDone; one debug line per retry decision. They
// hold the provider, operation, method, URL without its query (the
// Observer gets its path only), attempt number, status, request id,
// duration, the (scrubbed) error and the decision; never a query string,
// a header value or a body.

// nilLogger reports whether l holds a nil pointer (a nil *slog.Logger in a
// non-nil interface), which must count as no logger rather than panic.
func nilLogger(l any) bool {
	v := reflect.ValueOf(l)
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

// event describes attempt a to the Observer.
func (st *call) event(a *attempt) iam.Event {
	return iam.Event{
		Provider: st.c.cfg.Provider, Op: st.req.Op, Native: true,
		Attempt: a.n, Method: st.method, Path: st.u.Path,
	}
}

// attemptDone reports what attempt a came to, before any retry is decided.
func (st *call) attemptDone(a *attempt, o outcome) {
	l, obs := st.c.cfg.Logger, st.c.cfg.Observer
	if l == nil && (obs == nil || obs.AttemptDone == nil) {
		return
	}
	dur := time.Since(a.start)
	var err error
	if o.err != nil {
		err = o.err
	}
	if obs != nil && obs.AttemptDone != nil {
		e := st.event(a)
		e.StatusCode, e.RequestID, e.Duration, e.Err, e.Kind = o.status, o.requestID, dur, err, iam.KindOf(err)
		obs.AttemptDone(a.ctx, e)
	}
	if l == nil {
		return
	}
	args := []any{
		"provider", st.c.cfg.Provider,
		"op", st.req.Op,
		"method", st.method,
		"url", st.safeURL(),
		"attempt", a.n,
		"status", o.status,
		"request_id", o.requestID,
		"duration", dur,
	}
	if err != nil {
		args = append(args, "error", err.Error())
	}
	l.DebugContext(st.ctx, "cloudiam: http attempt", args...)
}

// logDecision writes the line of a retry decision.
func (st *call) logDecision(retry bool, reason string, wait time.Duration) {
	if st.c.cfg.Logger == nil {
		return
	}
	st.c.cfg.Logger.DebugContext(st.ctx, "cloudiam: retry decision",
		"provider", st.c.cfg.Provider,
		"op", st.req.Op,
		"attempt", st.attempts,
		"retry", retry,
		"reason", reason,
		"wait", wait,
	)
}
