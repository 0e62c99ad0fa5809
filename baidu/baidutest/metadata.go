package baidutest

import (
	"encoding/json"
	"net/http"
	"time"
)

// MetadataPath is where a BCC instance reads its IAM role's temporary
// credentials from the metadata service (http://169.254.169.254 on Baidu).
const MetadataPath = "/latest/meta-data/sts-credential"

// MetadataHandler returns the emulated BCC instance metadata service:
// GET MetadataPath answers the current credentials of the role bound with
// WithInstanceRole as JSON {accessKeyId, secretAccessKey, sessionToken,
// createTime, expiration} (Baidu STS's credential shape: Baidu does not
// publish this answer's field names), replaced every rotation period
// (WithInstanceRoleRotation). Without a role, and on any other path, it
// answers 404. Like Baidu's, it needs no metadata token and no signature.
// The credentials authenticate against the emulator's IAM API, with their
// session token, until they expire.
//
// Tests that need the service to fail wrap this handler.
func (e *Emulator) MetadataHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != MetadataPath {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		c, ok := e.temp.instanceCreds(e.now().UTC().Truncate(time.Second), false)
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, _ := json.Marshal(c.model())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
}

// RotateInstanceRole replaces the instance role's credentials now, before
// the rotation period ends; the previous ones stay valid until they
// expire. It does nothing without WithInstanceRole.
func (e *Emulator) RotateInstanceRole() {
	e.temp.instanceCreds(e.now().UTC().Truncate(time.Second), true)
}
