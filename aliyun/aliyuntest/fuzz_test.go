package aliyuntest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// FuzzActions sends signed requests with arbitrary parameters: the emulator
// must answer every one with JSON and never with a 500 or a panic.
func FuzzActions(f *testing.F) {
	f.Add(ramVersion, "CreateUser", "UserName=a&DisplayName=b")
	f.Add(ramVersion, "ListUsers", "Marker=%%%&MaxItems=x")
	f.Add(ramVersion, "CreateLoginProfile", "UserName=a&Password=12345678&MFABindRequired=maybe")
	f.Add(eiamVersion, "CreateUser", "InstanceId="+DefaultInstanceID+"&Username=u&Password=Secret-1&PrimaryOrganizationalUnitId="+DefaultOrganizationalUnitID+"&CustomFields.1.FieldValue=x")
	f.Add(eiamVersion, "ListUsers", "InstanceId="+DefaultInstanceID+"&PageNumber=99999999999&PageSize=100")
	f.Add(eiamVersion, "UpdateUser", "InstanceId="+DefaultInstanceID+"&UserId=user_x")
	e := New()
	ak, sk := e.Credentials()
	n := 0
	f.Fuzz(func(t *testing.T, version, action, query string) {
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/?"+query, nil)
		if err != nil || r.URL.Path != "/" {
			return
		}
		r.Host = "127.0.0.1"
		r.Header.Set("x-acs-action", action)
		r.Header.Set("x-acs-version", version)
		n++
		err = signer.ACS3{}.Sign(r, nil, &signer.SignParams{
			Credentials: signer.Credentials{AccessKeyID: ak, SecretAccessKey: sk},
			Time:        time.Now().UTC(), Nonce: "fuzz-" + strconv.Itoa(n) + "-" + newRequestID(),
		})
		if err != nil {
			return // not a request the signer can produce
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m["RequestId"] == nil {
			t.Fatalf("not an answer: %q", w.Body.String())
		}
	})
}
