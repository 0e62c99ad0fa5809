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
// By default the fake supports every operation and optional field (users,
// login profiles, access keys, groups, permission policies and
// project-scope grants) and declares the strictest limits any of the
// clouds declares (user, display and group names of 64 characters,
// descriptions and emails of 128, passwords of 8 to 32, pages of at most
// 100, 2 access keys per user, 20 groups per account, 20 members and 5
// policies per group, 5 groups per user), so that code tested against it
// works on every cloud. It
// behaves as the clouds do where it matters to callers: errors are
// *iam.Error with the portable Kinds (ErrNotFound, ErrAlreadyExists,
// ErrInvalidArgument with the Field of package iam's vocabulary,
// ErrLimitExceeded, ErrUnsupported, ...), a user's name follows a rule
// every cloud accepts, secrets are returned only by CreateAccessKey, and
// ListUsers, ListGroups and ListPolicies page lazily. Joining a group twice
// or attaching a policy twice is ErrAlreadyExists, leaving a group one is
// not in or detaching what is not attached ErrNotFound, as on the
// strictest clouds; DeleteUser, DeleteGroup and DeletePolicy leave no
// membership or attachment behind, as the portable contract promises. The
// account starts with a catalog of system policies with RAM's and Huawei's
// names (ReadOnlyAccess, "OBS ReadOnlyAccess", ...).
//
// Options make it one chosen cloud (WithCapabilities, with the capabilities
// a provider package exports, such as huawei.Capabilities()), a less
// capable one (WithoutOperations, WithoutFields), a failing one
// (WithFailures), or an observed one (WithObserver: each access to the
// account is reported as one request, so a test can check what a call
// sends).
//
// The fake's native values, reachable with As, are *FakeUser,
// *FakeLoginProfile, *FakeAccessKey, *FakeGroup and *FakePolicy.
//
// # The conformance suite
//
// RunClientTests checks that an *iam.Client behaves as the portable API
// promises: round trips, partial updates and clearing, error kinds, paging,
// login profiles, access keys and their limit, groups and their members,
// permission policies and their attachments, the portable deletes that
// leave nothing behind, ErrUnsupported for whatever the client's
// Capabilities do not declare, and, for every error, the exact Kind, Op
// (the portable operation), Provider and Field. Bad input must be refused
// before any request: the suite hands the client an iam.Observer and
// counts the native requests and HTTP attempts of each refused call. Each
// provider runs it against its emulator; it can run against a real account
// too, and removes everything it creates.
//
// The suite cannot know a cloud's policy names or document format:
// RunClientTestsWith takes a Harness whose Policies name a read-only
// system policy, a custom policy document and a project, and which says
// how the cloud answers a duplicate join or attachment. RunClientTests is
// RunClientTestsWith with nothing known, and skips the tests that need
// those facts.
package iamtest
