package iamtest

import (
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestFakeConformance(t *testing.T) {
	RunClientTests(t, func(*testing.T) iam.Client { return NewFake() })
}
