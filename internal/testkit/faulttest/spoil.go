package faulttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Faults that spoil an answer after the server acted, redirect, never end,
// or answer with hostile error text. See Faults for the rows they make.

// bom is the UTF-8 byte-order mark.
const bom = "\xef\xbb\xbf"

// spoil is a Rewrite that replaces the body of a 2xx answer, keeping its
// status and headers; other answers pass unchanged (the server did not
// act: there is no success to spoil).
func spoil(body func([]byte) []byte) func(int, http.Header, []byte) (int, http.Header, []byte) {
	return func(status int, h http.Header, b []byte) (int, http.Header, []byte) {
		if status < 200 || status > 299 {
			return status, h, b
		}
		return status, h, body(b)
	}
}

// replace is a Rewrite that answers status, header and body instead of a
// 2xx answer; other answers pass unchanged.
func replace(status int, header http.Header, body string) func(int, http.Header, []byte) (int, http.Header, []byte) {
	return func(st int, h http.Header, b []byte) (int, http.Header, []byte) {
		if st < 200 || st > 299 {
			return st, h, b
		}
		return status, header.Clone(), []byte(body)
	}
}

// always is a Rewrite that answers status, header and body instead of
// any answer.
func always(status int, header http.Header, body string) func(int, http.Header, []byte) (int, http.Header, []byte) {
	return func(int, http.Header, []byte) (int, http.Header, []byte) {
		return status, header.Clone(), []byte(body)
	}
}

// redirectAfter answers a redirect carrying the handler's own body, or
// none.
func redirectAfter(status int, keepBody bool) func(int, http.Header, []byte) (int, http.Header, []byte) {
	return func(_ int, h http.Header, b []byte) (int, http.Header, []byte) {
		h.Set("Location", "https://elsewhere.example.com/moved")
		if !keepBody {
			h.Del("Content-Type")
			b = nil
		}
		return status, h, b
	}
}

// blankStrings empties every string of a JSON answer, keeping its shape:
// the user, key or profile comes without its id, name or secret. A body
// that is not JSON is returned as is.
func blankStrings(b []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return b
	}
	out, err := json.Marshal(blank(v))
	if err != nil {
		return b
	}
	return out
}

func blank(v any) any {
	switch x := v.(type) {
	case string:
		return ""
	case map[string]any:
		for k, e := range x {
			x[k] = blank(e)
		}
	case []any:
		for i, e := range x {
			x[i] = blank(e)
		}
	}
	return v
}

// cloud tells which cloud's client sent r, from its signature.
func cloud(r *http.Request) string {
	switch {
	case strings.HasPrefix(r.Header.Get("Authorization"), "bce-auth-v1/") || r.Header.Get("X-Bce-Date") != "":
		return "baidu"
	case r.Header.Get("X-Acs-Action") != "" || r.URL.Query().Get("Action") != "" || r.Header.Get("X-Acs-Date") != "":
		return "aliyun"
	}
	return "huawei"
}

// cloudError is an error answer in the format of r's cloud, with its
// request id header set to rid.
func cloudError(r *http.Request, status int, msg, rid, bodyRID string) (int, http.Header, []byte) {
	h := http.Header{"Content-Type": {"application/json"}}
	var body map[string]string
	switch cloud(r) {
	case "baidu":
		h.Set("X-Bce-Request-Id", rid)
		body = map[string]string{"code": "InvalidParameterValue", "message": msg, "requestId": bodyRID}
	case "aliyun":
		h.Set("X-Acs-Request-Id", rid)
		body = map[string]string{"Code": "InvalidParameter", "Message": msg, "RequestId": bodyRID}
	default:
		h.Set("X-Request-Id", rid)
		body = map[string]string{"error_code": "IAM.0009", "error_msg": msg, "request_id": bodyRID}
	}
	b, _ := json.Marshal(body)
	return status, h, b
}

// carries reports whether the request holds secret, in its body or its
// query, as sent.
func carries(r *http.Request, body []byte, secret string) bool {
	if bytes.Contains(body, []byte(secret)) {
		return true
	}
	q := r.URL.RawQuery
	return strings.Contains(q, secret) || strings.Contains(q, url.QueryEscape(secret))
}

// matrixUser is the user every case of the matrix works on; refusals quote
// it, and it must stay readable in the error.
const matrixUser = "fault_user1"

// echoSecret refuses the request with a message that quotes the password
// it carried, as Baidu and Huawei do for a weak password.
func echoSecret(r *http.Request, body []byte) (int, http.Header, []byte) {
	msg := "The request for user " + matrixUser + " is invalid"
	if carries(r, body, Password) {
		msg = "The password " + Password + " of user " + matrixUser + " is too weak"
	}
	return cloudError(r, http.StatusBadRequest, msg, "req-echo-1", "req-echo-1")
}

// echoCarried is echoSecret for the requests that carry the password;
// the others pass.
func echoCarried(r *http.Request, body []byte) (int, http.Header, []byte) {
	if !carries(r, body, Password) {
		return 0, nil, nil
	}
	return echoSecret(r, body)
}

// oversized refuses the request with a 4 MiB request id header and a
// 900 KiB message strewn with control characters.
func oversized(r *http.Request, _ []byte) (int, http.Header, []byte) {
	msg := "user " + matrixUser + ": too long\r\n\x1b[31m " + strings.Repeat("x", 900<<10) + "\r\n\x1b[0m end"
	return cloudError(r, http.StatusBadRequest, msg, strings.Repeat("r", 4<<20), "rid-\r\n\x1b[2J")
}

// controlText refuses the request with CR, LF and terminal escapes in its
// message and request id.
func controlText(r *http.Request, _ []byte) (int, http.Header, []byte) {
	msg := "user " + matrixUser + " refused\r\nX-Injected: yes\x1b[31m\x00\u2028 end"
	return cloudError(r, http.StatusBadRequest, msg, "rid-1", "rid-2\r\nX-Injected: yes\x1b]0;title\x07")
}

// changes are the operations that change state; lists are those that
// walk a list.
var (
	changes = []iam.Operation{iam.OpCreateUser, iam.OpUpdateUser, iam.OpDeleteUser, iam.OpSetLoginProfile,
		iam.OpDeleteLoginProfile, iam.OpCreateAccessKey, iam.OpEnableAccessKey, iam.OpDisableAccessKey, iam.OpDeleteAccessKey}
	lists = []iam.Operation{iam.OpListUsers, iam.OpListAccessKeys}
)
