package aliyun

import "github.com/cloudiam-go/cloudiam/internal/transport"

// acted marks err, which ended a call after the cloud had already created
// or changed something, as OutcomeUnknown (transport.Acted).
func acted(err error) error { return transport.Acted(err) }
