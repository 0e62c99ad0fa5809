package iam

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is the portable class of an error. Each Kind is itself an error, so
// the sentinels below work with errors.Is on any error that wraps *Error.
type Kind string

// Error makes a Kind usable as a sentinel.
func (k Kind) Error() string { return "cloudiam: " + string(k) }

// The portable error kinds.
const (
	// ErrUnknown is the Kind of an error no rule classified.
	ErrUnknown Kind = "unknown error"
	// ErrNotFound: what the call addresses does not exist (a user, login
	// profile, access key, group, policy, project, a membership or an
	// attachment to remove).
	ErrNotFound Kind = "not found"
	// ErrAlreadyExists: what the call would create exists already (a user,
	// login profile, group or policy of that name, a membership, an
	// attachment on the clouds that refuse a second one).
	ErrAlreadyExists Kind = "already exists"
	// ErrInvalidArgument: the input breaks a rule; Error.Field names the field.
	ErrInvalidArgument Kind = "invalid argument"
	// ErrUnauthenticated: the credentials or signature were refused.
	ErrUnauthenticated Kind = "unauthenticated"
	// ErrPermissionDenied: authenticated, but not allowed.
	ErrPermissionDenied Kind = "permission denied"
	// ErrThrottled: the cloud asked us to slow down.
	ErrThrottled Kind = "throttled"
	// ErrLimitExceeded: a quota, such as keys per user, is reached.
	ErrLimitExceeded Kind = "limit exceeded"
	// ErrFailedPrecondition: the resource is in the wrong state for the call
	// (for example deleting a user that still has access keys on RAM).
	ErrFailedPrecondition Kind = "failed precondition"
	// ErrUnsupported: the provider does not have this operation or field.
	ErrUnsupported Kind = "unsupported"
	// ErrUnavailable: the cloud or the network failed (5xx, connection errors).
	ErrUnavailable Kind = "unavailable"
	// ErrInvalidResponse: the cloud answered with something we cannot read
	// (garbage, a truncated body, an HTML page).
	ErrInvalidResponse Kind = "invalid response"
)

// Error is the error of every failed call. It never contains a secret.
type Error struct {
	// Provider is the registered scheme of the provider ("baidu", "huawei",
	// "aliyun-ram", "aliyun-idaas"), or "fake".
	Provider string
	// Op is the operation: the portable one ("CreateUser") for every error
	// of a *Client method, the cloud's own for a native call.
	Op string
	// NativeOp is the cloud's operation whose request failed, when a portable
	// call failed in a native request of another name (RAM's DeleteUser
	// failing in ListAccessKeys, say); empty otherwise.
	NativeOp string
	// StatusCode is the HTTP status; zero when no response arrived.
	StatusCode int
	// Code is the cloud's own error code (Baidu's code, Huawei's error_code
	// or code, Alibaba's Code); empty when the cloud sent none.
	Code string
	// Message is the cloud's own error message (Baidu's message, Huawei's
	// error_msg or message, Alibaba's Message), or the HTTP status text
	// when no message could be read from the answer. For an error cloudiam
	// raises itself (an argument refused before any request, a response it
	// cannot read) it says what went wrong. Error() bounds it to
	// MaxErrorMessageText.
	Message string
	// RequestID identifies the request in the cloud's logs.
	RequestID string
	// Kind is the portable class; errors.Is(err, Kind) matches it.
	Kind Kind
	// Field names the offending input field for ErrInvalidArgument.
	Field string
	// Err is the underlying error (a network or context error), if any.
	Err error
	// OutcomeUnknown is set when a request that changes state (a create)
	// failed after the server may have acted on it: the caller must check
	// (for example GetUser) before trying again. errors.Is(err,
	// ErrOutcomeUnknown) tests it.
	OutcomeUnknown bool
}

// ErrOutcomeUnknown matches an *Error whose OutcomeUnknown is set: the call
// failed, but the cloud may have carried it out.
var ErrOutcomeUnknown = errors.New("cloudiam: outcome unknown: the server may have acted on the request")

// Error reads like
// "cloudiam: baidu GetUser: StatusCode: 404, RequestID: 1f2e, NoSuchUser: user not found".
func (e *Error) Error() string {
	if e == nil {
		return "cloudiam: <nil>"
	}
	var b strings.Builder
	b.WriteString("cloudiam: ")
	switch {
	case e.Provider != "" && e.Op != "":
		b.WriteString(e.Provider + " " + e.Op)
	case e.Provider != "" || e.Op != "":
		b.WriteString(e.Provider + e.Op)
	}
	if e.NativeOp != "" {
		b.WriteString(" (" + e.NativeOp + ")")
	}
	if e.Provider != "" || e.Op != "" || e.NativeOp != "" {
		b.WriteString(": ")
	}
	sep := false
	put := func(s string) {
		if sep {
			b.WriteString(", ")
		}
		b.WriteString(s)
		sep = true
	}
	if e.StatusCode != 0 {
		put("StatusCode: " + strconv.Itoa(e.StatusCode))
	}
	if e.RequestID != "" {
		put("RequestID: " + bounded(e.RequestID, maxIDText))
	}
	if e.Field != "" {
		put("field " + e.Field)
	}
	code, msg := bounded(e.Code, maxIDText), bounded(e.Message, MaxErrorMessageText)
	switch {
	case code != "" && msg != "":
		put(code + ": " + msg)
	case code != "":
		put(code)
	case msg != "":
		put(msg)
	}
	if e.Err != nil {
		put(e.Err.Error())
	}
	if !sep {
		put(string(e.kind()))
	}
	return b.String()
}

// MaxErrorMessageText bounds the cloud's message in Error(): longer
// messages are cut there (at a character boundary) and marked with how much
// was left out. Code and RequestID are cut at 128 bytes. Control characters
// (CR, LF, ESC, ...) and invalid UTF-8 in these cloud-sent values are
// escaped (\n, \x1b), so an error line can be logged as it is.
const MaxErrorMessageText = 1024

const maxIDText = 128

// bounded escapes control characters and invalid UTF-8 in s and cuts it to
// about max bytes.
func bounded(s string, max int) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
		i += n
	}
	if clean && len(s) <= max {
		return s
	}
	var b strings.Builder
	i := 0
	for i < len(s) && b.Len() < max {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if i < len(s) {
		b.WriteString("…(" + strconv.Itoa(len(s)-i) + " more bytes)")
	}
	return b.String()
}

func (e *Error) kind() Kind {
	if e == nil || e.Kind == "" {
		return ErrUnknown
	}
	return e.Kind
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Is matches the error's Kind, and ErrOutcomeUnknown when OutcomeUnknown is set.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	k, ok := target.(Kind)
	return ok && k == e.kind()
}

// asError finds the *Error err is or wraps.
func asError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) && e != nil {
		return e, true
	}
	return nil, false
}

// InvalidArgument returns the error for input that breaks a rule, before any
// request is sent: field names the input field, rule says what it must be.
func InvalidArgument(provider, op, field, rule string) *Error {
	return &Error{Provider: provider, Op: op, Kind: ErrInvalidArgument, Field: field, Message: rule}
}

// Unsupported returns the error of an operation or field a provider lacks.
func Unsupported(provider, op, what string) *Error {
	return &Error{Provider: provider, Op: op, Kind: ErrUnsupported, Message: what}
}
