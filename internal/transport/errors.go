package transport

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// minScrubLen is the shortest value worth scrubbing from error text; a
// shorter one ("1", "GET") would mangle messages and hides nothing.
const minScrubLen = 4

// redacted replaces a scrubbed secret in error text.
const redacted = "[REDACTED]"

// redactURL shows a URL as scheme://host/path: no user info, no query
// (RPC signatures and tokens live there), no fragment.
func redactURL(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

// safeURL is the call's URL as errors and log lines show it, built the
// first time one needs it.
func (st *call) safeURL() string {
	if st.safe == "" {
		st.safe = redactURL(st.u)
	}
	return st.safe
}

// unwrapURLError drops net/http's *url.Error, whose text is the full URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// newError builds the call's *iam.Error.
func (st *call) newError(status int, rid string, kind iam.Kind, msg string, err error) *iam.Error {
	return &iam.Error{
		Provider: st.c.cfg.Provider, Op: st.req.Op, StatusCode: status, RequestID: rid,
		Kind: kind, Message: msg, Err: err,
	}
}

// fill sets Provider, Op, StatusCode and RequestID where e leaves them empty.
func (st *call) fill(e *iam.Error, status int, rid string) {
	if e.Provider == "" {
		e.Provider = st.c.cfg.Provider
	}
	if e.Op == "" {
		e.Op = st.req.Op
	}
	if e.StatusCode == 0 {
		e.StatusCode = status
	}
	if e.RequestID == "" {
		e.RequestID = rid
	}
}

// statusError is the error of a response with status >= 400: the
// provider's classified error (copied, never mutated) or one by status.
// What the server sent is scrubbed of the call's secrets, and the request
// id is bounded and cleaned (Classify may take it from the body).
func (st *call) statusError(status int, rid string, classified *iam.Error, unknown bool) *iam.Error {
	var e iam.Error
	if classified != nil {
		e = *classified
	} else {
		e = iam.Error{Message: http.StatusText(status)}
	}
	if e.Kind == "" {
		e.Kind = kindForStatus(status)
	}
	st.fill(&e, status, rid)
	e.RequestID = cleanText(e.RequestID, MaxRequestID)
	e.Message = st.scrubString(e.Message)
	e.Code = st.scrubString(e.Code)
	e.Err = st.scrubbed(e.Err)
	if unknown {
		e.OutcomeUnknown = true
		if e.Message == "" || e.Message == http.StatusText(status) {
			e.Message = outcomeUnknown
		} else {
			e.Message += " (" + outcomeUnknown + ")"
		}
	}
	return &e
}

// networkError is the error of a failure to get a response.
func (st *call) networkError(err error, unknown bool) *iam.Error {
	return st.networkErrorFor(unwrapURLError(err), unknown)
}

func (st *call) networkErrorFor(cause error, unknown bool) *iam.Error {
	msg := st.method + " " + st.safeURL() + " failed"
	if unknown {
		msg = st.method + " " + st.safeURL() + ": " + outcomeUnknown
	}
	e := st.newError(0, "", iam.ErrUnavailable, msg, st.scrubbed(cause))
	e.OutcomeUnknown = unknown
	return e
}

// contextError is the error of a call stopped by its context. Its Kind is
// ErrUnavailable (the call did not complete), and errors.Is matches the
// context's error. cause, if any, is the failure it interrupted.
func (st *call) contextError(ctxErr, cause error) *iam.Error {
	msg := st.method + " " + st.safeURL() + " stopped by its context"
	var err error = ctxErr
	switch {
	case cause == nil:
	case errors.Is(cause, ctxErr):
		err = cause
	default:
		err = &interruptedError{ctx: ctxErr, after: cause.Error()}
	}
	return st.newError(0, "", iam.ErrUnavailable, msg, err)
}

// interruptedError is a context error that interrupted a retry; it keeps
// the text of the failure being retried, and unwraps to the context error.
type interruptedError struct {
	ctx   error
	after string
}

func (e *interruptedError) Error() string {
	return e.ctx.Error() + " (while retrying after: " + e.after + ")"
}
func (e *interruptedError) Unwrap() error { return e.ctx }

// secrets returns the strings that must never appear in error text: each
// whole query string (a network error quotes the URL), Request.Secrets (as sent, JSON-escaped and query-escaped), the values of
// secret-named query parameters (see isSecretName) as the caller set them
// and as each attempt was signed (an RPC Signature, a SecurityToken), and
// credential header values and the signatures inside them. Other query
// values (user names, actions) are not secrets, and stay readable. It is
// computed only when an error is built, and kept until another attempt is
// made.
func (st *call) secrets() []string {
	if st.scrubOK && st.scrubAt == st.cur {
		return st.scrub
	}
	s := st.scrub[:0]
	queries := []string{st.rawQuery}
	for a := st.cur; a != nil; a = a.prev {
		if a.query != st.rawQuery {
			queries = append(queries, a.query)
		}
	}
	for _, raw := range queries {
		if hasSecretParam(raw) {
			s = append(s, raw) // the whole query, as a URL in a network error quotes it
		}
	}
	for _, v := range st.req.Secrets {
		s = appendSecret(s, v)
	}
	for a := st.cur; a != nil; a = a.prev {
		for name, vs := range a.header {
			if isSecretName(name) {
				for _, v := range vs {
					s = appendHeaderSecrets(s, v)
				}
			}
		}
	}
	for _, raw := range queries {
		if raw == "" {
			continue
		}
		q, _ := url.ParseQuery(raw)
		for name, vs := range q {
			if isSecretName(name) {
				s = appendQuerySecrets(s, vs)
			}
		}
	}
	// The longest first: a value inside a longer secret (the query before
	// signing, inside the signed one) must not break its match.
	slices.SortStableFunc(s, func(a, b string) int { return len(b) - len(a) })
	st.scrub, st.scrubAt, st.scrubOK = s, st.cur, true
	return s
}

// hasSecretParam reports whether a query string has a secret-named
// parameter.
func hasSecretParam(raw string) bool {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		name, _, _ := strings.Cut(kv, "=")
		if n, err := url.QueryUnescape(name); err == nil && isSecretName(n) {
			return true
		}
	}
	return false
}

// appendSecret appends a secret the request carries, with the forms it
// takes in a JSON body (escaped as encoding/json does, with and without
// HTML escaping) and in a query.
func appendSecret(s []string, v string) []string {
	if len(v) < minScrubLen {
		return s
	}
	s = append(s, v)
	if b, err := json.Marshal(v); err == nil {
		if e := string(b[1 : len(b)-1]); e != v {
			s = append(s, e)
		}
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		b := strings.TrimSuffix(buf.String(), "\n")
		if e := b[1 : len(b)-1]; e != v {
			s = append(s, e)
		}
	}
	if e := url.QueryEscape(v); e != v {
		s = append(s, e)
	}
	return s
}

// appendQuerySecrets appends the values of a secret-named query
// parameter, with their query-escaped form.
func appendQuerySecrets(s, values []string) []string {
	for _, v := range values {
		if len(v) < minScrubLen {
			continue
		}
		s = append(s, v)
		if e := url.QueryEscape(v); e != v {
			s = append(s, e)
		}
	}
	return s
}

// appendHeaderSecrets appends a credential header's value and the
// signatures inside it, which a server may quote alone: "Signature=<sig>"
// parts (ACS3, SDK-HMAC-SHA256) and the last field of a bce-auth-v1 value.
func appendHeaderSecrets(s []string, v string) []string {
	if len(v) < minScrubLen {
		return s
	}
	s = append(s, v)
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if len(part) > len("signature=") && strings.EqualFold(part[:len("signature=")], "signature=") {
			if sig := part[len("signature="):]; len(sig) >= minScrubLen {
				s = append(s, sig)
			}
		}
	}
	if strings.HasPrefix(v, "bce-auth-v1/") {
		if i := strings.LastIndexByte(v, '/'); len(v)-i-1 >= minScrubLen {
			s = append(s, v[i+1:])
		}
	}
	return s
}

// secretSuffixes end the (lower-case, '-' and '_' removed) names of
// headers and query parameters whose values are secrets: "Signature",
// "SecurityToken", "X-Auth-Token", "Authorization", "AccessKeySecret",
// "SecretAccessKey", "Password", "NewPassword". Names that only contain
// one of them, such as "SignatureMethod", "SignatureNonce" or
// "PasswordResetRequired", are not secret.
var secretSuffixes = []string{"authorization", "token", "signature", "secret", "secretkey", "secretaccesskey",
	"password", "passwd", "cookie", "privatekey"}

// isSecretName reports whether a header or query parameter carries a
// secret.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	if strings.ContainsAny(n, "-_") {
		n = strings.NewReplacer("-", "", "_", "").Replace(n)
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// scrubString removes every known secret of the call from s.
func (st *call) scrubString(s string) string {
	for _, sec := range st.secrets() {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// scrubbed returns err, or a wrapper with the same chain whose text has
// every known secret of the call (see secrets) removed.
func (st *call) scrubbed(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := st.scrubString(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// scrubbedError shows a cleaned text and keeps the original chain for
// errors.Is and errors.As.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
