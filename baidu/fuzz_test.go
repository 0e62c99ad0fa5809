package baidu

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
)

// FuzzClassify: any error response gives a typed error, never a panic.
func FuzzClassify(f *testing.F) {
	f.Add(404, []byte(`{"code":"NoSuchUser","message":"m","requestId":"r"}`))
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(500, []byte(``))
	f.Add(400, []byte(`{"code":5}`))
	f.Add(429, []byte(`{"code":"Throttling"`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"X-Bce-Request-Id": {"hdr"}}}
		d := classify(resp, body)
		if d.Err == nil || d.Err.Kind == "" || d.Err.StatusCode != status || d.Err.Provider != Scheme {
			t.Fatalf("untyped error for %d %q: %+v", status, body, d.Err)
		}
		if d.Err.RequestID == "" {
			t.Fatal("request id lost")
		}
		if !json.Valid(body) && d.Err.Code != "" {
			t.Fatalf("a code out of a non-JSON body: %q", d.Err.Code)
		}
		_ = d.Err.Error()
	})
}

var newNameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// FuzzUserName: the new-name rule is exactly Baidu's, and a name that
// addresses a user never changes the request path.
func FuzzUserName(f *testing.F) {
	for _, s := range []string{"test_user", "a-b", "", "a/b", "测试", "..", "a b", "%2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ok := checkNewUserName("op", "Name", name) == nil; ok != newNameRE.MatchString(name) {
			t.Fatalf("checkNewUserName(%q) = %v", name, ok)
		}
		if checkUserName("op", "UserName", name) == nil {
			if name == "" || name == "." || name == ".." || regexp.MustCompile(`[/?#%\\\s]`).MatchString(name) {
				t.Fatalf("checkUserName accepted %q", name)
			}
		}
	})
}

// FuzzDecode: any success body decodes or fails with an error, never panics.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":"1","name":"n","createTime":"2019-06-06T03:42:13Z","enabled":false}`))
	f.Add([]byte(`{"createTime":12,"lastLoginTime":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var u userWire
		if json.Unmarshal(body, &u) == nil {
			_ = u.user()
		}
		var k accessKeyWire
		if json.Unmarshal(body, &k) == nil {
			_ = k.key("u")
		}
		var p loginProfileWire
		if json.Unmarshal(body, &p) == nil {
			_ = p.profile("u")
		}
	})
}
