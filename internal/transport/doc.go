// Package transport is the HTTP plumbing every provider shares: a retry
// loop over net/http under a signing round-tripper (every attempt is signed
// afresh), retries with jittered exponential backoff that honours
// Retry-After, bounded in attempts and time and stopped by the context, no
// blind repeat of a request the server may have acted on, provider hooks for
// error bodies, request-id capture, and slog logging with secrets redacted.
//
// # Attempts and signing
//
// Each attempt clones the request, sets the User-Agent
// ("cloudiam-go/<version> (<go version>; <os>/<arch>)" plus
// Config.UserAgent, before signing so a signer may cover it), and calls
// Config.Sign with the exact body bytes, so each attempt carries its own
// date and nonce. Redirects are never followed: a 3xx is returned as a
// Response, since following it would send credentials to another URL.
//
// # Retry rules
//
//   - 429 is throttling: retried, even for a non-idempotent request (the
//     server did not act).
//   - A 5xx other than 501 and 505 is transient: retried when
//     Request.Idempotent. For a non-idempotent request it ends the call with
//     an *iam.Error whose Message says the server may have acted and the
//     outcome is unknown.
//   - Config.Classify can widen these rules, never narrow them: Retry makes
//     any status transient; NotActed lets a non-idempotent request repeat.
//   - A connection error is retried when Request.Idempotent; for a
//     non-idempotent request only when it proves the request never reached
//     the server: a dial, DNS or proxy-connect error, or, traced with
//     net/http/httptrace, no complete write of the request (a failed TLS
//     handshake, a connection lost before writing). A transport that does
//     not report through httptrace proves nothing beyond the error's type.
//     A refused TLS certificate is never retried.
//   - A response body cut off mid-read is ErrInvalidResponse, retried when
//     Request.Idempotent.
//   - The wait is min·2^n capped at MaxBackoff, with equal jitter, or the
//     server's Retry-After (delay-seconds or HTTP date) or Decision.RetryAfter
//     when longer; a requested wait beyond MaxBackoff ends retrying.
//   - A refused signing time (Decision.ClockSkew) is retried once per call,
//     creates included, signed with the server's clock learnt from the
//     answer's Date header; Client.Now keeps that offset for later calls.
//   - At most MaxAttempts attempts; the context stops a request in flight and
//     a backoff sleep at once.
//
// # Errors
//
// Every failure is an *iam.Error with Provider, Op, StatusCode and
// RequestID. Without Classify a status maps to a Kind: 400
// ErrInvalidArgument, 401 ErrUnauthenticated, 403 ErrPermissionDenied, 404
// ErrNotFound, 409 ErrAlreadyExists, 429 ErrThrottled, 5xx ErrUnavailable,
// others ErrUnknown. Network failures are ErrUnavailable with the cause in
// Err; a call stopped by its context is ErrUnavailable too, and
// errors.Is(err, context.Canceled) (or DeadlineExceeded) holds. Error bodies
// are read up to 1 MiB, successful ones up to 64 MiB (a longer one is
// ErrInvalidResponse).
//
// # Secrets
//
// Error text and log lines show a URL as scheme://host/path, without its
// query (RPC signatures and tokens live there), and never a header value or
// a body. Error text from the network stack is further scrubbed of the
// query's values and of credential header values set by Sign.
//
// # HTTP client
//
// Without Config.HTTPClient, a shared transport honours HTTP_PROXY,
// HTTPS_PROXY and NO_PROXY, bounds dialing (10 s), the TLS handshake
// (10 s), the wait for response headers (30 s) and each attempt (60 s), and
// keeps connections alive: every body is read to its end and closed, also
// between retries, so connections are reused. A caller's *http.Client is
// copied per call and its Transport wrapped, never modified.
package transport
