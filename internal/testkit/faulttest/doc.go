// Package faulttest puts a misbehaving network and cloud in front of an
// emulator, and runs the same reliability checks on every iam.Client: a
// matrix of every portable operation against every fault (throttling, 5xx,
// connection resets before and after the server acted, bodies cut off
// mid-JSON, HTML error pages, empty bodies, wrong content types, slow and
// silent servers; 2xx answers spoiled after the server acted: HTML, empty,
// 204, a byte-order mark, JSON without the id, name or secret, a body
// without end; a 503 after acting; redirects with and without a body,
// before and after acting; endless bodies and list elements; refusals
// echoing the password sent, with a 4 MiB request id, a 900 KiB message or
// control characters), bad input that must never leave the process, and
// many goroutines at once.
//
// The matrix's invariant: a call that fails without ErrOutcomeUnknown
// changed nothing; a call that succeeds made its change, once, and
// returned a complete result; a 3xx is never a success.
//
// A Front wraps an http.Handler (an emulator) and applies, to each incoming
// request in turn, the faults queued with Inject; requests with no fault
// queued reach the handler untouched. Front counts every request it sees,
// so a test can assert that none was sent.
//
// It is a test helper: its runners take a *testing.T.
package faulttest
