// Package iamtest helps test code built on cloudiam: an in-memory fake
// iam.Client for unit tests, and the conformance suite every provider's
// iam.Client passes.
//
// # The fake
//
// NewFake returns an iam.Client that keeps a fresh, empty account in memory.
// Use it in the unit tests of code that takes an iam.Client: no network, no
// credentials, no cleanup. It supports every operation and field, validates
// like the strictest cloud (see NewFake), and behaves as the clouds do where
// it matters to callers: errors are *iam.Error with the portable Kinds
// (ErrNotFound, ErrAlreadyExists, ErrInvalidArgument, ErrLimitExceeded,
// ErrUnsupported, ...), a user holds at most two access keys (by default),
// secrets are returned only by CreateAccessKey, and ListUsers pages lazily.
// Options make it a less capable cloud (WithoutOperations, WithoutFields) or
// a failing one (WithFailures), so error paths can be tested too.
//
// The fake's native values, reachable with As, are *FakeUser,
// *FakeLoginProfile and *FakeAccessKey.
//
// # The conformance suite
//
// RunClientTests checks that an iam.Client behaves as the portable API
// promises: round trips, error kinds, paging, login profiles, access keys and
// their limit, and ErrUnsupported for whatever the client's Capabilities do
// not declare. Each provider runs it against its emulator; it can run
// against a real account too, and removes everything it creates.
package iamtest
