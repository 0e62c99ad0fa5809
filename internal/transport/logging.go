package transport

import (
	"log/slog"
	"time"
)

// Log lines: one per attempt and one per retry decision, at Debug level.
// They hold the provider, operation, method, URL without its query, attempt
// number, status, request id, duration, the (scrubbed) error text and the
// decision; never a query string, a header value or a body.

// logEnabled reports whether a Debug line would be written.
func (st *call) logEnabled() bool {
	l := st.c.cfg.Logger
	return l != nil && l.Enabled(st.ctx, slog.LevelDebug)
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
	attrs := []slog.Attr{
		slog.String("provider", st.c.cfg.Provider),
		slog.String("op", st.req.Op),
		slog.String("method", st.method),
		slog.String("url", st.safeURL),
		slog.Int("attempt", st.attempts),
		slog.Int("status", o.status),
		slog.String("request_id", o.requestID),
		slog.Duration("duration", dur),
	}
	if o.err != nil {
		attrs = append(attrs, slog.String("error", o.err.Error()))
	}
	st.c.cfg.Logger.LogAttrs(st.ctx, slog.LevelDebug, "cloudiam: http attempt", attrs...)
}

// logDecision writes the line of a retry decision.
func (st *call) logDecision(d retryDecision) {
	if !st.logEnabled() {
		return
	}
	st.c.cfg.Logger.LogAttrs(st.ctx, slog.LevelDebug, "cloudiam: retry decision",
		slog.String("provider", st.c.cfg.Provider),
		slog.String("op", st.req.Op),
		slog.Int("attempt", st.attempts),
		slog.Bool("retry", d.retry),
		slog.String("reason", d.reason),
		slog.Duration("wait", d.wait),
	)
}
