package huawei_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/internal/testkit/faulttest"
)

// TestPortableBadInputNeverSent: every invalid portable call is refused
// with ErrInvalidArgument naming the field, and nothing reaches the server.
func TestPortableBadInputNeverSent(t *testing.T) {
	tg := faultTarget(t)
	faulttest.RunBadInput(t, tg, faulttest.PortableBadInputs(tg.Client.Capabilities().MaxUserNameLength))
}

// TestConcurrentClients runs 64 goroutines of mixed operations on distinct
// users through one client.
func TestConcurrentClients(t *testing.T) {
	faulttest.RunConcurrent(t, faultTarget(t).Client, 64)
}

// TestCancelLeavesNothing cancels 64 calls hung on a silent server; the
// package's goleak check then proves no goroutine outlived them.
func TestCancelLeavesNothing(t *testing.T) {
	faulttest.RunCancel(t, faultTarget(t), 64)
}
