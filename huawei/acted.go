package huawei

import "github.com/cloudiam-go/cloudiam/internal/transport"

// acted marks err, which ended a call after the cloud had already created
// or changed something, as OutcomeUnknown (transport.Acted).
func acted(err error) error { return transport.Acted(err) }

// afterChange is acted(err) once changed is set, err otherwise.
func afterChange(changed bool, err error) error {
	if changed {
		return acted(err)
	}
	return err
}
