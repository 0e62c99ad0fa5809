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
	"unicode/utf8"

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
//
// A non-idempotent request's failure is ErrOutcomeUnknown unless the
// answer is a refusal: a 4xx, 501 or 505 that is not retried, 429, or
// what Classify marks NotActed. Any other status (a 5xx, one beyond 599)
// may come after the server acted.
func statusPolicy(status int, d Decision, idempotent bool) policy {
	throttled := status == http.StatusTooManyRequests
	transient := transientStatus(status) || d.Retry
	notActed := throttled || d.NotActed
	s := "status " + strconv.Itoa(status)
	switch {
	case !transient:
		refused := notActed || (status >= 400 && status <= 499) ||
			status == http.StatusNotImplemented || status == http.StatusHTTPVersionNotSupported
		if !idempotent && !refused {
			return policy{reason: s + " is not retryable, and the server may have acted on it", outcomeUnknown: true}
		}
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
	// wait is the wait before the retry (zero when not computed: no retry
	// is possible anyway), timeLeft the time the call has left.
	wait, timeLeft time.Duration
}

// retryDecision says whether to try again, and why.
type retryDecision struct {
	retry  bool
	reason string
}

// decideRetry applies the bounds to a failed attempt: the context, the
// policy verdict, the attempt budget, a Retry-After beyond MaxBackoff
// (which ends retrying: waiting that long is the caller's choice, not
// ours), and the call's time limit, which the wait must leave room in.
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
	case in.wait > 0 && in.wait >= in.timeLeft:
		return retryDecision{reason: in.reason + "; the call's time limit would pass before another attempt"}
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

// clampWait bounds a wait the server asked for to [0, maxServerWait].
func clampWait(d time.Duration) time.Duration {
	return min(max(d, 0), maxServerWait)
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date
// (relative to now; a date in the past means no wait).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 64); err == nil {
		if n > uint64(maxServerWait/time.Second) {
			return maxServerWait, true
		}
		return time.Duration(n) * time.Second, true
	} else if v[0] >= '0' && v[0] <= '9' && !strings.ContainsAny(v, " ,") {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return maxServerWait, true
		}
		return 0, false
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return clampWait(t.Sub(now)), true // (Sub saturates)
}

// MaxRequestID bounds a request id taken from the server (a header, or
// Classify's Decision.Err): longer ones are cut, and control characters
// and invalid UTF-8 are dropped, before it reaches an error or a log line.
const MaxRequestID = 128

// requestID returns the first non-empty header of names, cleaned.
func requestID(h http.Header, names []string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return cleanText(v, MaxRequestID)
		}
	}
	return ""
}

// cleanText drops control characters (C0, DEL, C1, U+2028, U+2029) and
// invalid UTF-8 from a value the server sent, and cuts it to at most max
// bytes at a character boundary. A clean value within max is returned as
// is, without allocating.
func cleanText(s string, max int) string {
	clean := len(s) <= max
	for i := 0; clean && i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > max {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
