package baidu

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
)

// errorBody is Baidu's error body: {"code", "message", "requestId"}. The
// official SDK decodes it case-insensitively, and so does encoding/json.
type errorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

// codeKinds maps the error codes Baidu documents (the BCE common codes, which
// IAM returns) to portable kinds. Codes not listed are classified by the
// words they contain and then by HTTP status; see kindOf.
var codeKinds = map[string]iam.Kind{
	"AccessDenied":          iam.ErrPermissionDenied,
	"OptInRequired":         iam.ErrPermissionDenied,
	"InvalidAccessKeyId":    iam.ErrUnauthenticated,
	"SignatureDoesNotMatch": iam.ErrUnauthenticated,
	"RequestExpired":        iam.ErrUnauthenticated,
	"InvalidHTTPAuthHeader": iam.ErrUnauthenticated,
	"InvalidSessionToken":   iam.ErrUnauthenticated,
	"InappropriateJSON":     iam.ErrInvalidArgument,
	"InvalidHTTPRequest":    iam.ErrInvalidArgument,
	"InvalidURI":            iam.ErrInvalidArgument,
	"MalformedJSON":         iam.ErrInvalidArgument,
	"InvalidVersion":        iam.ErrInvalidArgument,
	"PreconditionFailed":    iam.ErrFailedPrecondition,
	"InternalError":         iam.ErrUnavailable,
	"ServiceUnavailable":    iam.ErrUnavailable,

	// DeleteConflict is what baidutest answers (409) to a delete of a user,
	// group, role or policy still in use; Baidu publishes no code for it.
	"DeleteConflict": iam.ErrFailedPrecondition,
}

// kindOf classifies an error by its code first (documented codes, then the
// words IAM-specific codes are made of), then by HTTP status.
func kindOf(status int, code string) iam.Kind {
	if status == http.StatusUnauthorized {
		// 401 always means the credentials were not accepted, whatever the
		// code (a missing Authorization comes back as 401 AccessDenied).
		return iam.ErrUnauthenticated
	}
	if k, ok := codeKinds[code]; ok {
		return k
	}
	lc := strings.ToLower(code)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(lc, w) {
				return true
			}
		}
		return false
	}
	switch {
	case lc == "":
	case has("throttl", "toomanyrequests", "ratelimit", "flowcontrol", "requestlimit"):
		return iam.ErrThrottled
	case has("notfound", "nosuch", "notexist", "nonexist"):
		return iam.ErrNotFound
	case has("alreadyexist", "duplicate", "conflict", "exists"):
		return iam.ErrAlreadyExists
	case has("limit", "quota", "exceed"):
		return iam.ErrLimitExceeded
	case has("signature", "expired", "authheader", "accesskeyid", "token"):
		return iam.ErrUnauthenticated
	case has("denied", "forbidden", "unauthorized", "permission"):
		return iam.ErrPermissionDenied
	case has("invalid", "malformed", "illegal", "missing", "required"):
		return iam.ErrInvalidArgument
	}
	switch {
	case status == http.StatusNotFound:
		return iam.ErrNotFound
	case status == http.StatusConflict:
		return iam.ErrAlreadyExists
	case status == http.StatusTooManyRequests:
		return iam.ErrThrottled
	case status == http.StatusUnauthorized:
		return iam.ErrUnauthenticated
	case status == http.StatusForbidden:
		return iam.ErrPermissionDenied
	case status == http.StatusPreconditionFailed:
		return iam.ErrFailedPrecondition
	case status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge || status == http.StatusUnprocessableEntity:
		return iam.ErrInvalidArgument
	case status >= 500:
		return iam.ErrUnavailable
	}
	return iam.ErrUnknown
}

// classify turns a failed response into a Decision for the transport. It
// never fails: an HTML page, an empty or truncated body still gives a typed
// error carrying the status.
func classify(resp *http.Response, body []byte) transport.Decision {
	e := &iam.Error{Provider: Scheme, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("x-bce-request-id")}
	trimmed := bytes.TrimSpace(body)
	var eb errorBody
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &eb) == nil:
		e.Code, e.Message = strings.TrimSpace(eb.Code), eb.Message
		if id := strings.TrimSpace(eb.RequestID); id != "" {
			e.RequestID = id
		}
	case len(trimmed) > 0:
		// Not Baidu's JSON: a gateway's HTML page, plain text or garbage.
		// Its content is not copied into the error (it could be anything).
		e.Message = "non-JSON error body (" + describe(resp.Header.Get("Content-Type")) + ", " + strconv.Itoa(len(body)) + " bytes)"
	default:
		e.Message = http.StatusText(resp.StatusCode)
	}
	e.Kind = kindOf(resp.StatusCode, e.Code)
	d := transport.Decision{Err: e}
	switch {
	case e.Kind == iam.ErrThrottled:
		d.Retry, d.NotActed = true, true
	case e.Code == "RequestExpired":
		// Every attempt is signed afresh, so a retry can succeed, and the
		// server refused the request before acting on it. ClockSkew makes
		// the transport sign the retry with the server's time (its Date).
		d.Retry, d.NotActed, d.ClockSkew = true, true, true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		// A 502, 503 ("ServiceUnavailable") or 500 is no proof that the
		// server did not act: an idempotent request is retried, a create
		// ends with ErrOutcomeUnknown rather than being repeated (a key
		// made twice, a user met as "already exists").
		d.Retry = true
	}
	if d.Retry {
		d.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	return d
}

func describe(ct string) string {
	ct = strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])
	if ct == "" {
		return "no content type"
	}
	if len(ct) > 64 {
		ct = ct[:64]
	}
	return ct
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date,
// saturating at the transport's cap (transport.ServerWait) instead of
// overflowing into a short wait.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// ParseInt gives math.MaxInt64 (or MinInt64) out of range.
		return transport.ServerWait(n, time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return transport.ServerWait(int64(time.Until(t)), time.Nanosecond)
	}
	return 0
}
