package baidu_test

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// TestConformance runs the portable suite against baidu.Client on the
// emulator (one emulator for the whole suite, so that LeavesNoUsers sees
// what every subtest left behind).
func TestConformance(t *testing.T) {
	c, _ := newEmulated(t)
	iamtest.RunClientTests(t, func(t *testing.T, _ *iam.Observer) *iam.Client { return c.IAM() })
}
