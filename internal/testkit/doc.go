// Package testkit groups what only the project's own tests use, apart from
// the plumbing that ships in every program (internal/transport,
// internal/jsonstream, internal/urlopt) and the state behind the emulators
// and the fake (internal/store):
//
//	faulttest   a fault-injecting front for the emulators and the reliability
//	            matrix every provider runs
//	benchtest   emulators in a child process, for benchmarks that measure the
//	            client alone
//	conntest    the connection-reuse servers of the providers' tests
//
// Nothing under testkit is imported by a non-test file of a package users
// import.
package testkit
