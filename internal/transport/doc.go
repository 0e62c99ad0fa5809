// Package transport is the HTTP plumbing every provider shares: signed
// requests over net/http with retries run by
// github.com/hashicorp/go-retryablehttp (every attempt is signed afresh),
// jittered exponential backoff that honours Retry-After, bounded in
// attempts and time and stopped by the context, no blind repeat of a
// request the server may have acted on, provider hooks for error bodies,
// request-id capture, an iam.Observer for tracing and metrics, and slog
// logging with secrets redacted.
//
// # Attempts and signing
//
// A retryablehttp Client runs the attempts of a call; the policy below is
// its hooks (CheckRetry, Backoff, PrepareRetry, RequestLogHook and a
// pass-through ErrorHandler, the error mapping being ours). Each attempt
// gets its own header map, the User-Agent
// ("cloudiam-go/<version> (<go version>; <os>/<arch>)" plus
// Config.UserAgent, set before signing so a signer may cover it), and is
// signed by Config.Sign with the exact body bytes before it reaches
// net/http, so each attempt carries its own date and nonce. Nothing wraps
// the HTTP client's Transport. Redirects are never followed: a 3xx is
// returned as a Response, since following it would send credentials to
// another URL.
//
// Each attempt is bounded by Config.AttemptTimeout (60 s by default) as a
// context deadline, which net/http enforces without starting a goroutine;
// a Stream request's deadline ends with its headers.
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
//   - An attempt that outlasts AttemptTimeout is a connection error (and
//     errors.Is(err, context.DeadlineExceeded) holds).
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
// # Observer
//
// Config.Observer sees each Do as a native call (Event.Op is Request.Op)
// and each of its attempts (Attempt from 1, Method, and the URL's Path,
// never its query), nested through the contexts its hooks return: the
// attempt's context is the one its request is sent with. A Stream call
// ends when its headers arrive. No Event holds a secret.
//
// # HTTP client
//
// Without Config.HTTPClient, a shared transport honours HTTP_PROXY,
// HTTPS_PROXY and NO_PROXY, bounds dialing (10 s), the TLS handshake
// (10 s) and the wait for response headers (30 s), and keeps connections
// alive: every body is read to its end and closed, also between retries,
// so connections are reused, and a failed call leaves the pool as it is.
// A caller's *http.Client is copied per call (to refuse redirects), never
// modified; its Transport gets the signed requests as they are.
package transport
