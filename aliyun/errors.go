package aliyun

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
)

// errorBody is Alibaba Cloud's error answer, in JSON or (with a text/xml
// content type) inside an <Error> element. *iam.Error carries Code, Message
// and RequestId; HostId and Recommend are only in the body.
type errorBody struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	HostID    string `json:"HostId" xml:"HostId"`
	Code      string `json:"Code" xml:"Code"`
	Message   string `json:"Message" xml:"Message"`
	// Recommend is a diagnosis URL.
	Recommend string `json:"Recommend" xml:"Recommend"`
}

// exactCodes maps error codes to kinds; prefixCodes is tried when no exact
// code matches. Throttling and signature codes are matched whatever the
// HTTP status, as the official clients do.
var exactCodes = map[string]iam.Kind{
	"Throttling":             iam.ErrThrottled,
	"Throttling.User":        iam.ErrThrottled,
	"Throttling.Api":         iam.ErrThrottled,
	"ServiceUnavailable":     iam.ErrUnavailable,
	"InternalError":          iam.ErrUnavailable,
	"SignatureDoesNotMatch":  iam.ErrUnauthenticated,
	"IncompleteSignature":    iam.ErrUnauthenticated,
	"SignatureNonceUsed":     iam.ErrUnauthenticated,
	"NoPermission":           iam.ErrPermissionDenied,
	"Inactive":               iam.ErrPermissionDenied,
	"InvalidApi.NotFound":    iam.ErrUnsupported,
	"InvalidAction.NotFound": iam.ErrUnsupported,
	"InvalidVersion":         iam.ErrUnsupported,
	"MissingParameter":       iam.ErrInvalidArgument,
	"InvalidParameter":       iam.ErrInvalidArgument,
}

var prefixCodes = []struct {
	prefix string
	kind   iam.Kind
}{
	{"Throttling", iam.ErrThrottled},
	{"InvalidAccessKeyId", iam.ErrUnauthenticated},
	{"InvalidTimeStamp", iam.ErrUnauthenticated},
	{"InvalidSecurityToken", iam.ErrUnauthenticated}, // .Expired, .Malformed, .MismatchWithAccessKey, ...
	{"SignatureDoesNotMatch", iam.ErrUnauthenticated},
	{"EntityNotExist", iam.ErrNotFound}, // RAM EntityNotExist.*, and the EntityNotExists.* spelling
	{"ResourceNotFound", iam.ErrNotFound},
	{"NotFound.", iam.ErrNotFound},
	{"EntityAlreadyExist", iam.ErrAlreadyExists},
	{"ResourceAlreadyExist", iam.ErrAlreadyExists},
	{"LimitExceeded", iam.ErrLimitExceeded},
	{"QuotaExceeded", iam.ErrLimitExceeded},
	{"DeleteConflict", iam.ErrFailedPrecondition},
	{"OperationConflict", iam.ErrFailedPrecondition},
	{"Forbidden", iam.ErrPermissionDenied},
	{"NoPermission", iam.ErrPermissionDenied},
	{"InvalidParameter", iam.ErrInvalidArgument},
	{"MissingParameter", iam.ErrInvalidArgument},
	{"Missing", iam.ErrInvalidArgument},
	{"Invalid", iam.ErrInvalidArgument},
}

// kindOf classifies an error code and HTTP status.
func kindOf(code string, status int) iam.Kind {
	if k, ok := exactCodes[code]; ok {
		return k
	}
	for _, p := range prefixCodes {
		if strings.HasPrefix(code, p.prefix) {
			return p.kind
		}
	}
	switch {
	case status == http.StatusTooManyRequests:
		return iam.ErrThrottled
	case status >= 500:
		return iam.ErrUnavailable
	case status == http.StatusNotFound:
		return iam.ErrNotFound
	case status == http.StatusUnauthorized:
		return iam.ErrUnauthenticated
	case status == http.StatusForbidden:
		return iam.ErrPermissionDenied
	case status == http.StatusConflict:
		return iam.ErrFailedPrecondition
	case status == http.StatusBadRequest:
		return iam.ErrInvalidArgument
	}
	return iam.ErrUnknown
}

// parseErrorBody reads a JSON or XML error body; ok is false when the body
// is neither, or carries neither a Code nor a RequestId.
func parseErrorBody(body []byte) (errorBody, bool) {
	var e errorBody
	b := bytes.TrimSpace(body)
	switch {
	case len(b) > 0 && b[0] == '{':
		if json.Unmarshal(b, &e) == nil {
			return e, true
		}
	case len(b) > 0 && b[0] == '<':
		// <Error><RequestId>...</RequestId><Code>...</Code>...</Error>. A
		// lenient decoder: a stray '&' in a message must not lose the Code.
		d := xml.NewDecoder(bytes.NewReader(b))
		d.Strict = false
		if d.Decode(&e) == nil && (e.Code != "" || e.RequestID != "") {
			return e, true
		}
	}
	return errorBody{}, false
}

// sanitizeMessage keeps secrets out of error strings: a signature mismatch
// message quotes the server's string to sign, which with the RPC signature
// holds every parameter (passwords included).
func sanitizeMessage(msg string) string {
	if i := strings.Index(strings.ToLower(msg), "string to sign"); i >= 0 {
		msg = strings.TrimRight(strings.TrimSpace(msg[:i]), ":,;. ") + " (server string to sign omitted; use Config.Debug to compare)"
	}
	return trimTo(msg, 512)
}

// classify turns a failed response into a Decision for the transport.
func (c *rpcClient) classify(resp *http.Response, body []byte) transport.Decision {
	e, ok := parseErrorBody(body)
	kind := kindOf(e.Code, resp.StatusCode)
	ierr := &iam.Error{
		Provider:   c.provider,
		StatusCode: resp.StatusCode,
		Code:       e.Code,
		Message:    sanitizeMessage(e.Message),
		RequestID:  e.RequestID,
		Kind:       kind,
	}
	if ierr.RequestID == "" {
		ierr.RequestID = resp.Header.Get("x-acs-request-id")
	}
	if !ok {
		// An HTML error page from a gateway or load balancer, or garbage.
		ierr.Message = "HTTP " + strconv.Itoa(resp.StatusCode) + " with an unreadable error body"
		if resp.StatusCode < 500 && kind == iam.ErrUnknown {
			ierr.Kind = iam.ErrInvalidResponse
		}
	}
	d := transport.Decision{Err: ierr}
	switch {
	case kind == iam.ErrThrottled:
		d.Retry, d.NotActed = true, true
		d.RetryAfter = retryAfter(resp.Header)
	case strings.HasPrefix(e.Code, "InvalidTimeStamp"):
		// The signing time is off: the transport learns the server's clock
		// from the Date header, re-signs and retries once.
		d.Retry, d.NotActed, d.ClockSkew = true, true, true
	case e.Code == "SignatureNonceUsed":
		// Re-signed with a fresh nonce, the request may pass.
		d.Retry, d.NotActed = true, true
	case kind == iam.ErrUnauthenticated:
		d.NotActed = true
	case resp.StatusCode >= 500:
		// Worth another attempt of an idempotent request. Not even a 503
		// (ServiceUnavailable) proves that the server did not act: after
		// a create it is ErrOutcomeUnknown, and the create is not
		// repeated (a repeat could make a second access key).
		d.Retry = true
	}
	return d
}

// maxRetryHint is the longest wait taken from the server (the transport's
// cap, which transport.ServerWait saturates at): a larger (or overflowing)
// number is read as this, which is longer than any MaxBackoff, so
// retrying ends instead of waiting a wrapped-around, tiny time.
const maxRetryHint = 24 * time.Hour

// retryAfter reads the larger TimeLeft (ms) of x-ratelimit-user-api and
// x-ratelimit-user ("...,TimeLeft:<n>,..."), as the official client does,
// or a standard Retry-After in seconds; each is clamped to maxRetryHint.
func retryAfter(h http.Header) time.Duration {
	var best time.Duration
	for _, name := range []string{"x-ratelimit-user-api", "x-ratelimit-user"} {
		for _, part := range strings.Split(h.Get(name), ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
			if !ok || k != "TimeLeft" {
				continue
			}
			if d := clampedHint(strings.TrimSpace(v), time.Millisecond); d > best {
				best = d
			}
		}
	}
	if best == 0 {
		best = clampedHint(strings.TrimSpace(h.Get("Retry-After")), time.Second)
	}
	return best
}

// clampedHint reads an integer count of unit through transport.ServerWait:
// at most maxRetryHint, 0 when negative; digits too many for an integer
// count as the maximum too, anything else as 0.
func clampedHint(v string, unit time.Duration) time.Duration {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(v, "-") {
			return transport.ServerWait(math.MaxInt64, unit)
		}
		return 0
	}
	return transport.ServerWait(n, unit)
}
