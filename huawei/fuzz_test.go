package huawei

import (
	"encoding/json"
	"net/http"
	"testing"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/iam"
)

// FuzzClassify: any error answer is typed, never a panic.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		`{"error_code":"IAM.0004","error_msg":"x"}`,
		`{"error":{"code":409,"error_code":null,"error_msg":null,"message":"m","title":"Conflict"}}`,
		`{"error":{"message":"akSkNumExceed","code":400,"title":"Bad Request"}}`,
		`{"code":"APIG.0301","message":"m"}`, `<html>`, ``, `{"error":[]}`, `{"error_code":5}`,
	} {
		f.Add(400, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		d := classify(&http.Response{StatusCode: status, Header: http.Header{}}, body)
		if d.Err == nil || d.Err.Kind == "" || d.Err.Provider != Scheme {
			t.Fatalf("untyped error for %d %q: %+v", status, body, d.Err)
		}
		if status >= 400 && status < 500 && status != 429 && d.Err.Kind != iam.ErrThrottled && d.Retry {
			t.Fatalf("retry of a client error %d %q", status, body)
		}
	})
}

// FuzzTimeAndUser: any JSON decodes into User without a panic, and a
// Time's Raw round-trips (when it is valid UTF-8, which JSON requires).
func FuzzTimeAndUser(f *testing.F) {
	f.Add([]byte(`{"user":{"create_time":"2020-07-08 02:19:03.0","last_login_time":null,"pwd_status":true}}`))
	f.Add([]byte(`{"user":{"create_time":12,"links":{"self":null}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var env userEnvelope
		_ = json.Unmarshal(b, &env)
		var tm Time
		if json.Unmarshal(b, &tm) == nil && tm.Raw != "" && utf8.ValidString(tm.Raw) {
			out, err := json.Marshal(tm)
			if err != nil {
				t.Fatal(err)
			}
			var back Time
			if err := json.Unmarshal(out, &back); err != nil || back.Raw != tm.Raw {
				t.Fatalf("raw %q did not round-trip: %q", tm.Raw, back.Raw)
			}
		}
	})
}
