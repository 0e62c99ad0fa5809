package baidutest

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/signer"
)

// FuzzEmulator sends correctly signed requests with arbitrary methods, paths,
// queries and bodies: the emulator answers every one with a JSON error body
// or a success, never a panic or a 500.
func FuzzEmulator(f *testing.F) {
	f.Add("POST", "/v1/user", "", `{"name":"a_b","description":"x"}`)
	f.Add("PUT", "/v1/user/a_b", "", `{"name":"c","enabled":"yes"}`)
	f.Add("PUT", "/v1/user/a_b/loginProfile", "", `{"enabledLoginMfa":true,"loginMfaType":"TOTP","thirdPartyType":""}`)
	f.Add("PUT", "/v1/user/a_b/accesskey/AK", "disable&enable", ``)
	f.Add("GET", "/v1/user/%E6%B5%8B", "", ``)
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	e := New(WithCredentials("AK", "SK"), WithClock(func() time.Time { return now }))
	if _, err := e.AddUser(User{Name: "a_b", Enabled: true}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		switch method {
		case "GET", "PUT", "POST", "DELETE":
		default:
			return
		}
		req, err := http.NewRequest(method, "http://127.0.0.1:1"+path, bytes.NewReader([]byte(body)))
		if err != nil || req.URL.Path == "" || req.URL.Host != "127.0.0.1:1" {
			return
		}
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/json;charset=utf-8")
		if body != "" {
			sum := md5.Sum([]byte(body))
			req.Header.Set("Content-Md5", base64.StdEncoding.EncodeToString(sum[:]))
			req.Header.Set("Content-Length", strconv.Itoa(len(body)))
		}
		err = signer.BCE{}.Sign(req, []byte(body), &signer.SignParams{
			Credentials: signer.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}, Time: now})
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s?%s %q: %d %s", method, path, query, body, w.Code, w.Body)
		}
		if w.Body.Len() > 0 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("not JSON: %s", w.Body)
		}
		if w.Code >= 400 {
			var eb map[string]string
			if json.Unmarshal(w.Body.Bytes(), &eb) != nil || eb["code"] == "" || eb["requestId"] == "" {
				t.Fatalf("bad error body %s", w.Body)
			}
		}
	})
}
