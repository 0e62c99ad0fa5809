package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The retry policy, as small pure functions of what an attempt came to.

// outcomeUnknown is the message of a failed non-idempotent request that
// reached the server.
const outcomeUnknown = "the server may have acted on this request; its outcome is unknown"

// policy is the verdict on one failed attempt.
type policy struct {
	retryable      bool   // another attempt is allowed
	reason         string // why, for the log
	outcomeUnknown bool   // a non-idempotent request may have been acted on
}

// kindForStatus is the portable Kind of an HTTP status when no provider
// rule says better.
func kindForStatus(status int) iam.Kind {
	switch {
	case status == http.StatusBadRequest:
		return iam.ErrInvalidArgument
	case status == http.StatusUnauthorized:
		return iam.ErrUnauthenticated
	case status == http.StatusForbidden:
		return iam.ErrPermissionDenied
	case status == http.StatusNotFound:
		return iam.ErrNotFound
	case status == http.StatusConflict:
		return iam.ErrAlreadyExists
	case status == http.StatusTooManyRequests:
		return iam.ErrThrottled
	case status >= 500 && status <= 599:
		return iam.ErrUnavailable
	}
	return iam.ErrUnknown
}

// transientStatus reports whether a status is worth another attempt of an
// idempotent request: throttling and server errors, except those that will
// not change (501 Not Implemented, 505 HTTP Version Not Supported).
func transientStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusNotImplemented, http.StatusHTTPVersionNotSupported:
		return false
	}
	return status >= 500 && status <= 599
}

// statusPolicy decides about a response with status >= 400. The status
// rules always apply (429 is throttling, which the server did not act on;
// a 5xx other than 501/505 is transient); the provider's Decision can only
// widen them: Retry makes any status transient, NotActed lets a
// non-idempotent request be repeated.
func statusPolicy(status int, d Decision, idempotent bool) policy {
	throttled := status == http.StatusTooManyRequests
	transient := transientStatus(status) || d.Retry
	notActed := throttled || d.NotActed
	s := "status " + strconv.Itoa(status)
	switch {
	case !transient:
		return policy{reason: s + " is not retryable"}
	case throttled:
		return policy{retryable: true, reason: s + ": throttled"}
	case notActed:
		return policy{retryable: true, reason: s + ": transient, not acted on"}
	case idempotent:
		return policy{retryable: true, reason: s + ": transient"}
	}
	return policy{reason: s + ": not repeating a non-idempotent request the server may have acted on", outcomeUnknown: true}
}

// networkPolicy decides about a failure to get a response. An idempotent
// request is repeated after any connection error but a certificate
// refusal; a non-idempotent one only when the request provably never
// reached the server.
func networkPolicy(err error, a *attempt, idempotent bool) policy {
	if certificateError(err) {
		return policy{reason: "TLS certificate refused"}
	}
	switch {
	case requestNotSent(a, err):
		return policy{retryable: true, reason: "connection failed before the request was sent"}
	case idempotent:
		return policy{retryable: true, reason: "connection error"}
	}
	return policy{reason: "connection error after the request may have reached the server: not repeating a non-idempotent request", outcomeUnknown: true}
}

// requestNotSent reports whether a failed attempt provably never delivered
// the request: a dial, DNS or proxy-connect error, or, when the transport
// reports through httptrace (GetConn fired), no complete write of the
// request (WroteRequest never fired, or fired with an error: the server
// got no complete request). A transport that does not report through
// httptrace proves nothing, so only the error's type counts then.
func requestNotSent(a *attempt, err error) bool {
	if dialError(err) {
		return true
	}
	return a != nil && a.traced.Load() && !a.wroteRequest.Load()
}

// dialError reports whether err comes from making the connection: the
// request cannot have been sent.
func dialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// certificateError reports a refused server certificate: retrying will
// not change it.
func certificateError(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		inv x509.CertificateInvalidError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &inv)
}

// retryInput is what decideRetry needs to know about a failed attempt.
type retryInput struct {
	ctxDone     bool
	retryable   bool
	reason      string
	attempt     int // attempts made so far, from 1
	maxAttempts int
	retryAfter  time.Duration
	maxBackoff  time.Duration
}

// retryDecision says whether to try again, and why.
type retryDecision struct {
	retry  bool
	reason string
}

// decideRetry applies the bounds to a failed attempt: the context, the
// policy verdict, the attempt budget, and a Retry-After beyond MaxBackoff
// (which ends retrying: waiting that long is the caller's choice, not ours).
// The wait itself is the Backoff hook's (call.backoff).
func decideRetry(in retryInput) retryDecision {
	switch {
	case in.ctxDone:
		return retryDecision{reason: "context done"}
	case !in.retryable:
		return retryDecision{reason: in.reason}
	case in.attempt >= in.maxAttempts:
		return retryDecision{reason: in.reason + "; giving up after " + strconv.Itoa(in.attempt) + " attempts"}
	case in.retryAfter > in.maxBackoff:
		return retryDecision{reason: in.reason + "; Retry-After " + in.retryAfter.String() + " exceeds MaxBackoff " + in.maxBackoff.String()}
	}
	return retryDecision{retry: true, reason: in.reason}
}

// backoffDelay is the wait before retry number retry (from 0): a ceiling
// of min·2^retry capped at max, and a random point in its upper half
// ("equal jitter"), never below min. rnd(n) returns a value in [0, n).
func backoffDelay(min, max time.Duration, retry int, rnd func(int64) int64) time.Duration {
	if min <= 0 {
		min = 1
	}
	if max < min {
		max = min
	}
	ceiling := min
	for i := 0; i < retry && ceiling < max; i++ {
		ceiling *= 2 // at most ~63 doublings before reaching max
	}
	if ceiling > max || ceiling <= 0 {
		ceiling = max
	}
	half := ceiling / 2
	wait := half + time.Duration(rnd(int64(ceiling-half)+1))
	if wait < min {
		wait = min
	}
	if wait > max {
		wait = max
	}
	return wait
}

// maxRetryAfter caps a parsed Retry-After, so huge values cannot overflow.
const maxRetryAfter = 100 * 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date
// (relative to now; a date in the past means no wait).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 64); err == nil {
		if n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	} else if v[0] >= '0' && v[0] <= '9' && !strings.ContainsAny(v, " ,") {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return maxRetryAfter, true
		}
		return 0, false
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}

// requestID returns the first non-empty header of names.
func requestID(h http.Header, names []string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}
