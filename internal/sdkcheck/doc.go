// Package sdkcheck drives the clouds' official Go SDK clients against
// cloudiam's emulators: each official client must complete whole
// lifecycles (users, groups, permissions, credentials) with its own
// signatures accepted. It is a separate module so that the official SDKs
// never enter cloudiam's own go.mod; run it with
//
//	cd internal/sdkcheck && go test ./...
//
// Nothing here is part of the library.
package sdkcheck
