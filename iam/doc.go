// Package iam is cloudiam's portable identity API: one Client interface for
// the users, console logins and access keys of Baidu AI Cloud IAM, Huawei
// Cloud IAM, Alibaba Cloud RAM and Alibaba Cloud IDaaS EIAM, so that a Go
// service writes its user management once and chooses the cloud by
// configuration.
//
// Client's methods take a context first and address users by name. Inputs
// hold what the clouds share; optional fields are pointers (or empty
// strings on create), so "not set" differs from "set to zero": use Ptr for
// them. ListUsers returns an iter.Seq2 that fetches pages lazily; breaking
// out of the loop stops fetching.
//
// # Providers and URLs
//
// Each provider package implements Client and registers a URL scheme with
// Register when imported:
//
//	baidu://?region=bj                              github.com/cloudiam-go/cloudiam/baidu
//	huawei://?domain_id=...                         github.com/cloudiam-go/cloudiam/huawei
//	aliyun-ram://                                   github.com/cloudiam-go/cloudiam/aliyun
//	aliyun-idaas://?instance_id=...&ou=...          github.com/cloudiam-go/cloudiam/aliyun
//
// Open builds the Client for a URL, with credentials from the environment
// variables the cloud's own CLI and SDKs read; each provider documents its
// URL parameters and variables. Import the provider for its side effect:
//
//	import _ "github.com/cloudiam-go/cloudiam/baidu"
//
//	c, err := iam.Open(ctx, os.Getenv("IAM_URL"))
//
// Clouds differ: Capabilities tells what a client supports (operations,
// optional fields, MFA methods, key limit, longest user name), so callers
// can decide before calling. A call to an operation or with a field the
// cloud lacks fails with ErrUnsupported; it is never silently ignored.
// Package iam/iamtest holds an in-memory fake Client for unit tests and the
// conformance suite every provider passes.
//
// # As
//
// What only one cloud has stays reachable: User, LoginProfile and AccessKey
// carry the provider's own value, with every field the cloud sent, behind
// their As method (the idea of gocloud.dev):
//
//	var bu *baidu.User
//	if u.As(&bu) {
//		// Baidu-only fields of bu
//	}
//
// As takes a pointer to the provider's type (or to a pointer to it) and
// reports whether the types matched. Each provider package lists the types
// it exposes in its documentation.
//
// # Errors
//
// Every error a Client returns is, or wraps, *Error: the Provider, the Op,
// the HTTP StatusCode, the cloud's own Code and Message, its RequestID, and
// a portable Kind. Each Kind is a sentinel error, so the same check works on
// every cloud:
//
//	if errors.Is(err, iam.ErrNotFound) { ... }
//
//	var e *iam.Error
//	if errors.As(err, &e) {
//		log.Printf("%s said %s (request %s)", e.Provider, e.Code, e.RequestID)
//	}
//
// The kinds are ErrNotFound, ErrAlreadyExists, ErrInvalidArgument (with
// Field naming the input field; bad input is refused before any request is
// sent), ErrUnauthenticated, ErrPermissionDenied, ErrThrottled,
// ErrLimitExceeded, ErrFailedPrecondition, ErrUnsupported, ErrUnavailable
// (network failures, 5xx, and a call stopped by its context, whose error
// stays reachable with errors.Is), ErrInvalidResponse and ErrUnknown.
// A create that failed after the cloud may have acted on it also matches
// ErrOutcomeUnknown (Error.OutcomeUnknown): check, for example with GetUser,
// before trying again.
// Error() reads like
//
//	cloudiam: baidu GetUser: StatusCode: 404, RequestID: 1f2e, NoSuchUser: user not found
//
// # Secrets
//
// Passwords and secret access keys are Secret values. A Secret prints as
// [REDACTED] under every fmt verb, in JSON, in text encoders and in
// log/slog, including when it sits inside other structs, maps or slices;
// the value comes out only through Reveal. CreateAccessKey is the only call
// that returns a key's secret. Errors never contain a secret.
package iam
