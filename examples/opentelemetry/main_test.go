package main

import (
	"context"
	"os"
)

// The spans of three calls: each portable call holds its native request,
// which holds its HTTP attempt; the failed GetUser carries the status and
// the portable error kind.
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
	//   cloudiam DeleteUser http.response.status_code=200
	//     DELETE DeleteUser cloudiam.attempt=1 http.response.status_code=200
}
