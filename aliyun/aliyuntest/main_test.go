package aliyuntest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any leave goroutines running
// (iterators that keep fetching, servers left open). Idle keep-alive
// connections of HTTP clients are closed by the servers' Close, not leaks.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}
