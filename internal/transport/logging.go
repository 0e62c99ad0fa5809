package transport

import (
	"reflect"
	"time"
)

// Log lines: one per attempt and one per retry decision, at Debug level.
// They hold the provider, operation, method, URL without its query, attempt
// number, status, request id, duration, the (scrubbed) error text and the
// decision; never a query string, a header value or a body.

// logEnabled reports whether a logger is set.
func (st *call) logEnabled() bool { return st.c.cfg.Logger != nil }

// nilLogger reports whether l holds a nil pointer (a nil *slog.Logger in a
// non-nil interface), which must count as no logger rather than panic.
func nilLogger(l any) bool {
	v := reflect.ValueOf(l)
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

// logAttempt writes the line of one attempt.
func (st *call) logAttempt(a *attempt, o outcome) {
	if !st.logEnabled() {
		return
	}
	var dur time.Duration
	if a != nil {
		dur = time.Since(a.start)
	}
	args := []any{
		"provider", st.c.cfg.Provider,
		"op", st.req.Op,
		"method", st.method,
		"url", st.safeURL,
		"attempt", st.attempts,
		"status", o.status,
		"request_id", o.requestID,
		"duration", dur,
	}
	if o.err != nil {
		args = append(args, "error", o.err.Error())
	}
	st.c.cfg.Logger.DebugContext(st.ctx, "cloudiam: http attempt", args...)
}

// logDecision writes the line of a retry decision.
func (st *call) logDecision(d retryDecision) {
	if !st.logEnabled() {
		return
	}
	st.c.cfg.Logger.DebugContext(st.ctx, "cloudiam: retry decision",
		"provider", st.c.cfg.Provider,
		"op", st.req.Op,
		"attempt", st.attempts,
		"retry", d.retry,
		"reason", d.reason,
		"wait", d.wait,
	)
}
