// Package iamtest helps test code built on cloudiam: an in-memory fake
// *iam.Client for unit tests, and the conformance suite every provider's
// client passes. It uses the standard library only, so importing it adds
// nothing to a module's go.mod.
//
// # The fake
//
// NewFake returns an *iam.Client over an in-memory account: no network, no
// credentials, no cleanup, a fresh account per call. Use it in the unit
// tests of code that takes an *iam.Client. The fake is an iam.Driver under
// iam.NewClient, so every argument check of the Client applies to it as to
// the clouds of Baidu AI Cloud, Huawei Cloud and Alibaba Cloud, against the
// fake's Capabilities.
//
// By default the fake supports every operation and optional field and
// declares the strictest limits any of the clouds declares (user and
// display names of 64 characters, descriptions and emails of 128,
// passwords of 8 to 32, pages of at most 100 users, 2 access keys per
// user), so that code tested against it works on every cloud. It
// behaves as the clouds do where it matters to callers: errors are
// *iam.Error with the portable Kinds (ErrNotFound, ErrAlreadyExists,
// ErrInvalidArgument with the Field of package iam's vocabulary,
// ErrLimitExceeded, ErrUnsupported, ...), a user's name follows a rule
// every cloud accepts, secrets are returned only by CreateAccessKey, and
// ListUsers pages lazily.
//
// Options make it one chosen cloud (WithCapabilities, with the capabilities
// a provider package exports, such as huawei.Capabilities()), a less
// capable one (WithoutOperations, WithoutFields), a failing one
// (WithFailures), or an observed one (WithObserver: each access to the
// account is reported as one request, so a test can check what a call
// sends).
//
// The fake's native values, reachable with As, are *FakeUser,
// *FakeLoginProfile and *FakeAccessKey.
//
// # The conformance suite
//
// RunClientTests checks that an *iam.Client behaves as the portable API
// promises: round trips, partial updates and clearing, error kinds, paging,
// login profiles, access keys and their limit, ErrUnsupported for whatever
// the client's Capabilities do not declare, and, for every error, the
// exact Kind, Op (the portable operation), Provider and Field. Bad input
// must be refused before any request: the suite hands the client an
// iam.Observer and counts the native requests and HTTP attempts of each
// refused call. Each provider runs it against its emulator; it can run
// against a real account too, and removes everything it creates.
package iamtest
