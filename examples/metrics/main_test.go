package main

import (
	"context"
	"os"
)

// The counters of a create (throttled once, then retried), a lookup of a
// missing user, and a delete. Huawei finds users by name with a list
// request, so GetUser and DeleteUser count native ListUsers requests.
func Example() {
	if err := run(context.Background(), os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// Calls:
	//   huawei CreateUser (native) ok = 1
	//   huawei CreateUser ok = 1
	//   huawei DeleteUser (native) ok = 1
	//   huawei DeleteUser ok = 1
	//   huawei GetUser not found = 1
	//   huawei ListUsers (native) ok = 2
	// Attempts:
	//   huawei CreateUser 201 = 1
	//   huawei CreateUser 429 = 1
	//   huawei DeleteUser 204 = 1
	//   huawei ListUsers 200 = 2
}
