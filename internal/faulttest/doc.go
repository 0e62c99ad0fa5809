// Package faulttest puts a misbehaving network and cloud in front of an
// emulator, and runs the same reliability checks on every iam.Client: a
// matrix of every portable operation against every fault (throttling, 5xx,
// connection resets before and after the server acted, bodies cut off
// mid-JSON, HTML error pages, empty bodies, wrong content types, slow and
// silent servers), bad input that must never leave the process, and many
// goroutines at once.
//
// A Front wraps an http.Handler (an emulator) and applies, to each incoming
// request in turn, the faults queued with Inject; requests with no fault
// queued reach the handler untouched. Front counts every request it sees,
// so a test can assert that none was sent.
//
// It is a test helper: its runners take a *testing.T.
package faulttest
