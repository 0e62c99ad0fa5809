package aliyun

import (
	"errors"

	"github.com/cloudiam-go/cloudiam/iam"
)

// acted marks err, which ended a call after the cloud had already created
// or changed something, with OutcomeUnknown: the change happened, so the
// caller must check (for example with GetUser) rather than repeat it.
func acted(err error) error {
	var e *iam.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.OutcomeUnknown = true
	c.Message += " (after the change was made)"
	return &c
}
