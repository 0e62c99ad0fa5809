package huawei

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
)

// errorBody is the union of the error shapes Huawei IAM returns:
//
//	v3.0 / API gateway / v5: {"error_code":"IAM.0004","error_msg":"...","request_id":"..."}
//	Keystone:                {"error":{"code":404,"message":"...","title":"Not Found"}}
//	hybrid:                  {"error":{"code":409,"error_code":null,"error_msg":null,"message":"...","title":"Conflict"}}
//	generic:                 {"code":"...","message":"..."}
type errorBody struct {
	ErrorCode *string         `json:"error_code"`
	ErrorMsg  *string         `json:"error_msg"`
	RequestID string          `json:"request_id"`
	Code      json.RawMessage `json:"code"`
	Message   string          `json:"message"`
	Error     *struct {
		Code      json.RawMessage `json:"code"`
		Message   string          `json:"message"`
		Title     string          `json:"title"`
		ErrorCode *string         `json:"error_code"`
		ErrorMsg  *string         `json:"error_msg"`
	} `json:"error"`
}

// isCodeToken reports whether a message is itself an error code, such as
// Keystone's "akSkNumExceed" or "IAM.0004": one word (^[A-Za-z][A-Za-z0-9_.]*$)
// with a camel-case hump, a digit, '.' or '_' (a plain word like
// "unavailable" is a message).
func isCodeToken(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && (c < '0' || c > '9') && c != '_' && c != '.' {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		c, p := s[i], s[i-1]
		if c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && p >= 'a' && p <= 'z' {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// rawString returns a JSON string or number as text.
func rawString(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(r, &n) == nil {
		return n.String()
	}
	return ""
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseError reads the cloud's code, message and request id from an error
// body of any known shape. For a Keystone body, whose numeric code only
// repeats the HTTP status, Code is the message when the message is itself a
// code ("akSkNumExceed"), else the title ("Not Found").
func parseError(body []byte) (code, msg, requestID string, ok bool) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' {
		return "", "", "", false
	}
	var e errorBody
	if json.Unmarshal(b, &e) != nil {
		return "", "", "", false
	}
	requestID = e.RequestID
	switch {
	case e.ErrorCode != nil || e.ErrorMsg != nil:
		return deref(e.ErrorCode), deref(e.ErrorMsg), requestID, true
	case e.Error != nil:
		x := e.Error
		code, msg = deref(x.ErrorCode), deref(x.ErrorMsg)
		if msg == "" {
			msg = x.Message
		}
		if code == "" {
			if n := rawString(x.Code); n != "" && !isDigits(n) {
				code = n
			} else if isCodeToken(x.Message) {
				code = x.Message
			} else {
				code = x.Title
			}
		}
		return code, msg, requestID, true
	case len(e.Code) > 0 || e.Message != "":
		return rawString(e.Code), e.Message, requestID, true
	}
	return "", "", requestID, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// codeKinds maps Huawei error codes to portable kinds; codes not listed are
// classified by HTTP status.
var codeKinds = map[string]iam.Kind{
	"1109":          iam.ErrAlreadyExists, // user name already exists
	"1110":          iam.ErrAlreadyExists, // email already used
	"1111":          iam.ErrAlreadyExists, // mobile number already used
	"1113":          iam.ErrAlreadyExists, // xuser id/type already exists
	"IAM.0005":      iam.ErrAlreadyExists, // conflict when storing
	"1115":          iam.ErrLimitExceeded, // user quota reached
	"akSkNumExceed": iam.ErrLimitExceeded, // two access keys per user
	"1107":          iam.ErrFailedPrecondition,
	"IAM.1062":      iam.ErrFailedPrecondition,
	"IAM.0004":      iam.ErrNotFound,
	"IAM.0001":      iam.ErrUnauthenticated,
	"APIGW.0301":    iam.ErrUnauthenticated,
	"APIG.0301":     iam.ErrUnauthenticated,
	"APIGW.0101":    iam.ErrUnauthenticated,
	"IAM.0061":      iam.ErrUnauthenticated,
	"IAM.0062":      iam.ErrUnauthenticated,
	"IAM.0063":      iam.ErrUnauthenticated,
	"IAM.0064":      iam.ErrUnauthenticated,
	"IAM.0065":      iam.ErrUnauthenticated,
	"IAM.0066":      iam.ErrUnauthenticated,
	"IAM.0067":      iam.ErrUnauthenticated,
	"IAM.1104":      iam.ErrUnauthenticated,
	"IAM.1105":      iam.ErrUnauthenticated,
	"IAM.1106":      iam.ErrUnauthenticated,
	"IAM.1107":      iam.ErrUnauthenticated,
	"IAM.1108":      iam.ErrUnauthenticated,
	"IAM.0002":      iam.ErrPermissionDenied,
	"IAM.0003":      iam.ErrPermissionDenied,
	"IAM.0080":      iam.ErrPermissionDenied,
	"IAM.0081":      iam.ErrPermissionDenied,
	"IAM.0082":      iam.ErrPermissionDenied,
	"IAM.0012":      iam.ErrThrottled,
	"IAM.0006":      iam.ErrUnavailable,
	"IAM.0020":      iam.ErrUnavailable,
}

// statusKind classifies by HTTP status. IAM documents 400, 401, 403, 404,
// 405, 409, 413, 500 and 503 (one API reference page swaps the descriptions
// of 413 and 500; 413 is taken as "request entity too large", as in HTTP).
func statusKind(status int) iam.Kind {
	switch status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		return iam.ErrInvalidArgument
	case http.StatusUnauthorized:
		return iam.ErrUnauthenticated
	case http.StatusForbidden:
		return iam.ErrPermissionDenied
	case http.StatusNotFound:
		return iam.ErrNotFound
	case http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return iam.ErrUnsupported
	case http.StatusConflict:
		return iam.ErrAlreadyExists
	case http.StatusTooManyRequests:
		return iam.ErrThrottled
	}
	if status >= 500 {
		return iam.ErrUnavailable
	}
	return iam.ErrUnknown
}

// kindOf classifies an error by code, then by status. Numeric 11xx codes
// not listed are input errors.
func kindOf(status int, code string) iam.Kind {
	if k, ok := codeKinds[code]; ok {
		return k
	}
	if len(code) == 4 && strings.HasPrefix(code, "11") && isDigits(code) {
		return iam.ErrInvalidArgument
	}
	return statusKind(status)
}

// classify is the transport's Classify hook: it types every failed answer,
// JSON or not.
func classify(resp *http.Response, body []byte) transport.Decision {
	code, msg, rid, ok := parseError(body)
	if !ok {
		msg = "HTTP " + strconv.Itoa(resp.StatusCode) + " with a non-JSON body"
		if resp.StatusCode == 0 {
			msg = "empty answer"
		}
	}
	if rid == "" {
		rid = resp.Header.Get("X-Request-Id")
	}
	kind := kindOf(resp.StatusCode, code)
	if (kind == iam.ErrInvalidArgument || kind == iam.ErrPermissionDenied) && quotaMessage(msg) {
		kind = iam.ErrLimitExceeded
	}
	d := transport.Decision{Err: &iam.Error{
		Provider:   Scheme,
		StatusCode: resp.StatusCode,
		Code:       code,
		Message:    msg,
		RequestID:  rid,
		Kind:       kind,
	}}
	switch {
	case kind == iam.ErrThrottled:
		d.Retry, d.NotActed = true, true
	case timeRefused(code, msg):
		// The gateway refused the X-Sdk-Date before acting: re-sign with
		// its clock (the transport reads the Date header) and retry once.
		d.Retry, d.NotActed, d.ClockSkew = true, true, true
	case resp.StatusCode == http.StatusInternalServerError, resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		// Retried when the request may be repeated. A 503 is no proof
		// that IAM did not act (it may come after the change was made):
		// a create answered so is ErrOutcomeUnknown, never sent again.
		d.Retry = true
	}
	if d.Retry {
		d.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	return d
}

// retryAfter reads a Retry-After of delay-seconds, saturating
// (transport.ServerWait) so that a huge value never wraps into a short
// wait; an HTTP date, or nothing, is 0 (the transport reads dates itself).
func retryAfter(v string) time.Duration {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(strings.TrimSpace(v), "-") {
			return transport.ServerWait(math.MaxInt64, time.Second) // beyond int64: the longest wait
		}
		return 0
	}
	return transport.ServerWait(n, time.Second)
}

// quotaMessage reports whether an error message says a quota is reached, as
// IAM's own "The number of IAM users has reached the maximum allowed limit"
// (1115) does: IAM documents no code for its other quotas (groups, groups
// per user, grants per group, custom policies), so their refusals are
// known by their words.
func quotaMessage(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "maximum allowed limit") || strings.Contains(m, "quota")
}

// timeRefused reports whether the API gateway refused the signing time: an
// APIGW.0301 (or APIG.0301) authentication error about an expired request
// or its X-Sdk-Date.
func timeRefused(code, msg string) bool {
	if code != "APIGW.0301" && code != "APIG.0301" {
		return false
	}
	m := strings.ToLower(msg)
	return strings.Contains(m, "expired") || strings.Contains(m, "x-sdk-date")
}
