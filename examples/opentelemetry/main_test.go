package main

import (
	"context"
	"os"
)

// The spans of three calls: each portable call holds its native requests,
// which hold their HTTP attempts; the failed GetUser carries the status and
// the portable error kind, and the portable DeleteUser shows the requests
// it sends to leave nothing behind (policies, groups, keys, console login)
// before the delete itself.
func Example() {
	if err := run(context.Background(), os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// cloudiam CreateUser
	//   cloudiam CreateUser http.response.status_code=201
	//     POST CreateUser cloudiam.attempt=1 http.response.status_code=201
	// cloudiam GetUser http.response.status_code=404 cloudiam.error_kind=not found
	//   cloudiam GetUser http.response.status_code=404 cloudiam.error_kind=not found
	//     GET GetUser cloudiam.attempt=1 http.response.status_code=404 cloudiam.error_kind=not found
	// cloudiam DeleteUser
	//   cloudiam ListUserAttachedPolicies http.response.status_code=200
	//     GET ListUserAttachedPolicies cloudiam.attempt=1 http.response.status_code=200
	//   cloudiam ListGroupsForUser http.response.status_code=200
	//     GET ListGroupsForUser cloudiam.attempt=1 http.response.status_code=200
	//   cloudiam ListAccessKeys http.response.status_code=200
	//     GET ListAccessKeys cloudiam.attempt=1 http.response.status_code=200
	//   cloudiam DeleteLoginProfile http.response.status_code=404 cloudiam.error_kind=not found
	//     DELETE DeleteLoginProfile cloudiam.attempt=1 http.response.status_code=404 cloudiam.error_kind=not found
	//   cloudiam DeleteUser http.response.status_code=200
	//     DELETE DeleteUser cloudiam.attempt=1 http.response.status_code=200
}
