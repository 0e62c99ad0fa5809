package iam

import "context"

// Logger receives cloudiam's debug lines: one per HTTP attempt and one per
// retry decision, with key-value pairs after the message (provider, op,
// method, url without its query, attempt, status, request_id, duration,
// error; retry, reason, wait). No line holds a query string, a header
// value, a body or a secret.
//
// *slog.Logger satisfies it, so Config.Logger = slog.Default() works; any
// other logger needs a one-method adapter. It is an interface rather than
// *slog.Logger so that programs which do not log do not link log/slog.
type Logger interface {
	DebugContext(ctx context.Context, msg string, args ...any)
}
