package transport

import (
	"errors"
	"net/http"
	"net/url"
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
	e.Message = st.scrubString(e.Message)
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

// secrets returns the strings that must never appear in error text: the
// request's query and each value in it, and the credentials the attempts
// were signed with (credential header values; query parameters a signer
// added, such as an RPC Signature or SecurityToken). It is computed only
// when an error is built, and kept until another attempt is made.
func (st *call) secrets() []string {
	if st.scrubOK && st.scrubAt == st.cur {
		return st.scrub
	}
	s := st.scrub[:0]
	if st.rawQuery != "" {
		s = append(s, st.rawQuery)
		q, _ := url.ParseQuery(st.rawQuery)
		for _, vs := range q {
			s = appendSecrets(s, vs, true)
		}
	}
	for a := st.cur; a != nil; a = a.prev {
		if a.query != st.rawQuery {
			s = append(s, a.query)
			q, _ := url.ParseQuery(a.query)
			for name, vs := range q {
				if isSecretName(name) {
					s = appendSecrets(s, vs, true)
				}
			}
		}
		for name, vs := range a.header {
			if isSecretName(name) {
				s = appendSecrets(s, vs, false)
			}
		}
	}
	st.scrub, st.scrubAt, st.scrubOK = s, st.cur, true
	return s
}

// appendSecrets appends the values long enough to be worth scrubbing,
// with their query-escaped form when escaped.
func appendSecrets(s, values []string, escaped bool) []string {
	for _, v := range values {
		if len(v) < minScrubLen {
			continue
		}
		s = append(s, v)
		if e := url.QueryEscape(v); escaped && e != v {
			s = append(s, e)
		}
	}
	return s
}

// isSecretName reports whether a header or query parameter may carry a
// credential.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"authorization", "token", "signature", "secret", "password", "credential", "cookie"} {
		if strings.Contains(n, s) {
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
// every known secret of the call (the query, credential header values)
// removed.
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
