package huaweitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// FuzzEmulator: signed arbitrary requests never panic, and every answer is
// a JSON object or an empty 204.
func FuzzEmulator(f *testing.F) {
	f.Add("POST", "/v3.0/OS-USER/users", []byte(`{"user":{"name":"a","domain_id":"`+DefaultDomainID+`"}}`))
	f.Add("PUT", "/v3.0/OS-USER/users/x", []byte(`{"user":{"name":null}}`))
	f.Add("GET", "/v3/users?password_expires_at=lt:x", []byte(nil))
	f.Add("POST", "/v3.0/OS-CREDENTIAL/credentials", []byte(`{"credential":{"user_id":""}}`))
	f.Add("PUT", "/v3.0/OS-USER/users/a/login-protect", []byte(`{"login_protect":{"enabled":true}}`))
	f.Add("POST", "/v3/auth/tokens", []byte(`{"auth":{"identity":{"methods":["password"]}}}`))
	e := New(WithCredentials("AKFUZZ", "secret"))
	f.Fuzz(func(t *testing.T, method, target string, body []byte) {
		if len(method) == 0 || len(method) > 10 {
			return
		}
		for _, c := range method {
			if c < 'A' || c > 'Z' {
				return
			}
		}
		r, err := http.NewRequest(method, "http://127.0.0.1"+target, bytes.NewReader(body))
		if err != nil || r.URL.Host != "127.0.0.1" {
			return
		}
		r.Header.Set("Content-Type", "application/json")
		if err := (signer.Huawei{}).Sign(r, body, &signer.SignParams{Credentials: signer.Credentials{AccessKeyID: "AKFUZZ", SecretAccessKey: "secret"}, Time: time.Now().UTC()}); err != nil {
			return
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code == http.StatusNoContent {
			if w.Body.Len() != 0 {
				t.Fatalf("204 with a body")
			}
			return
		}
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s %s: %d non-JSON answer %q", method, target, w.Code, w.Body.String())
		}
	})
}
