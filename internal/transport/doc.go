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
// the HTTP client's Transport. Redirects are never followed, since
// following one would send credentials to another URL: a 3xx (or a 1xx
// that reaches the client as a final answer) is never a success, for any
// request; it is ErrInvalidResponse, not retried.
//
// # One rule: after a change may have been made, the outcome is unknown
//
// A request that is not Idempotent (a create) is repeated only when the
// failure proves the server did not act. Once it has left, every failure
// is ErrOutcomeUnknown (Error.OutcomeUnknown), whatever its Kind: a 5xx
// (or any status that is not a refusal, see below), a connection lost
// after the request was written, a body cut off or too large, a 1xx or
// 3xx answer, the context ending while the answer is read, and, with
// DoJSON, a 2xx answer that cannot be used: no body, a 204, HTML, a
// byte-order mark before the JSON, JSON that does not decode, or an
// answer Request.Expect refuses (one without the id, name or secret the
// call must return). A refusal is a 4xx that is not retried, a 429, a 501
// or 505, or what Classify marks NotActed. But once an attempt of the call
// reached the server and got a 5xx (even one marked NotActed and retried)
// or no answer, every later failure of the call is ErrOutcomeUnknown too,
// refusals included, since that attempt may have acted: a retried create
// meeting ErrAlreadyExists keeps that Kind and says an earlier attempt may
// have made it.
//
// Providers decode every JSON answer with DoJSON and declare what an
// answer must hold with Request.Expect, so the rule holds for every
// operation without a per-operation copy.
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
//     when longer; a requested wait beyond MaxBackoff ends retrying. A
//     server's wait is clamped to [0, 24 h] as it is read, so a huge value
//     never overflows into a short one (providers convert integer hints
//     with ServerWait).
//   - A refused signing time (Decision.ClockSkew) is retried once per call,
//     creates included, signed with the server's clock learnt from the
//     answer's Date header; Client.Now keeps that offset for later calls.
//   - An attempt that outlasts AttemptTimeout is a connection error (and
//     errors.Is(err, context.DeadlineExceeded) holds).
//   - At most MaxAttempts attempts; the context stops a request in flight and
//     a backoff sleep at once.
//
// # Bounds
//
// Every answer and every call is bounded, whatever the caller's context:
//
//   - A successful answer read whole: 64 MiB (a longer one is
//     ErrInvalidResponse). An error answer, or a 1xx/3xx one: 1 MiB is
//     read and handed to Classify. A Stream body: 256 MiB in total, and,
//     walked by Each, 1 MiB per element of the list and per other value
//     (jsonstream.MaxValueSize); beyond either it is ErrInvalidResponse,
//     and memory stays bounded however long the body runs. Response
//     headers: the HTTP client's limit (net/http: 10 MiB).
//   - Each attempt: Config.AttemptTimeout (60 s), as a context deadline
//     that net/http enforces without a goroutine; a Stream request's ends
//     with its headers.
//   - Each call: Config.CallTimeout, by default MaxAttempts ×
//     (AttemptTimeout + MaxBackoff), 260 s with the defaults, attempts,
//     waits and a Stream's body included; a retry that would start past it
//     is not made.
//   - Each read of a Stream body: 30 s without data is a stall
//     (ErrInvalidResponse), with any HTTP client.
//   - Attempts are counted per call, and Each counts the requests it
//     repeats after a broken body against the same budget of MaxAttempts
//     and CallTimeout: never MaxAttempts².
//   - Values the server sends that end up in errors or logs: a request id
//     is cut to 128 bytes (MaxRequestID) and stripped of control
//     characters; the cloud's code and message are bounded and escaped by
//     iam.Error.Error (iam.MaxErrorMessageText).
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
// are read up to 1 MiB, successful ones up to 64 MiB (see Bounds).
//
// # Secrets
//
// Error text and log lines show a URL as scheme://host/path, without its
// query (RPC signatures and tokens live there), and never a header value or
// a body. All error text, the cloud's own messages included, is scrubbed of
// the call's secrets, and only of them: the values in Request.Secrets (a
// password in a JSON body, as sent and JSON- or query-escaped), the values
// of secret-named query parameters (Signature, SecurityToken,
// AccessKeySecret, Password, NewPassword: names ending in signature,
// token, secret, password, authorization), a whole query that holds one,
// and credential header values set by Sign with the signatures inside
// them. Other words stay readable: a cloud's message keeps the user name
// the caller sent ("The specified user name does already exist"). Values
// shorter than 4 bytes are never scrubbed.
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
