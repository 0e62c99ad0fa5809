package iam_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestOutcomeUnknown(t *testing.T) {
	unknown := &iam.Error{Provider: "baidu", Op: "CreateUser", Kind: iam.ErrUnavailable, OutcomeUnknown: true}
	wrapped := fmt.Errorf("provision: %w", unknown)
	if !errors.Is(wrapped, iam.ErrOutcomeUnknown) || !errors.Is(wrapped, iam.ErrUnavailable) {
		t.Fatal("an outcome-unknown error must match both ErrOutcomeUnknown and its Kind")
	}
	known := &iam.Error{Provider: "baidu", Op: "CreateUser", Kind: iam.ErrUnavailable}
	if errors.Is(known, iam.ErrOutcomeUnknown) {
		t.Fatal("a failure known not to have acted must not match ErrOutcomeUnknown")
	}
	if errors.Is(iam.ErrNotFound, iam.ErrOutcomeUnknown) {
		t.Fatal("a Kind is not an unknown outcome")
	}
}
