package signer

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// fuzzRequest builds a request from fuzz inputs; headers are "Name: value" lines.
func fuzzRequest(method, rawURL, headers string) *http.Request {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	r := &http.Request{Method: method, URL: u, Host: u.Host, Header: http.Header{}}
	for _, line := range strings.Split(headers, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" {
			continue
		}
		r.Header.Add(k, v)
	}
	return r
}

func seedFromVectors(f *testing.F, algorithm string) {
	for _, c := range loadVectors(f) {
		if c.Algorithm != algorithm {
			continue
		}
		var h strings.Builder
		for k, v := range c.Request.Headers {
			h.WriteString(k + ":" + v + "\n")
		}
		for k, v := range c.Expected.Headers {
			h.WriteString(k + ":" + v + "\n")
		}
		u := c.Request.URL
		if sig, ok := c.Expected.Query["Signature"]; ok {
			u += "&Signature=" + url.QueryEscape(sig)
		}
		f.Add(c.Request.Method, u, h.String(), []byte(c.Request.Body))
	}
}

// fuzzVerify: Verify never panics on arbitrary input, and whatever Sign
// signs, Verify accepts.
func fuzzVerify(f *testing.F, alg Algorithm) {
	seedFromVectors(f, alg.Name())
	f.Fuzz(func(t *testing.T, method, rawURL, headers string, body []byte) {
		r := fuzzRequest(method, rawURL, headers)
		if r == nil {
			return
		}
		p := params(testTime, testCreds)
		p.SeenNonce = func(string, string) bool { return false }
		_, _ = alg.Verify(r, body, p) // must not panic

		r = fuzzRequest(method, rawURL, headers)
		for k := range r.Header { // header names a client could not send
			if !isToken(k) || strings.EqualFold(k, "authorization") {
				return
			}
		}
		if md, ok := headerValue(r, "content-md5"); ok && alg.Name() == NameBCE {
			sum := md5.Sum(body)
			if strings.TrimSpace(md) != base64.StdEncoding.EncodeToString(sum[:]) {
				return // an inconsistent request: Verify rightly refuses it
			}
		}
		if err := alg.Sign(r, body, &SignParams{Credentials: testCreds, Time: testTime, Nonce: "fuzz-nonce"}); err != nil {
			return
		}
		if _, err := alg.Verify(r, body, params(testTime, testCreds)); err != nil {
			t.Fatalf("Verify rejected what Sign signed: %v\nmethod %q url %q headers %q", err, method, rawURL, headers)
		}
	})
}

func FuzzVerifyBCE(f *testing.F)    { fuzzVerify(f, BCE{}) }
func FuzzVerifyHuawei(f *testing.F) { fuzzVerify(f, Huawei{}) }
func FuzzVerifyACS3(f *testing.F)   { fuzzVerify(f, ACS3{}) }
func FuzzVerifyRPC(f *testing.F)    { fuzzVerify(f, RPC{}) }

// isToken reports whether name is an RFC 9110 token, the only header names
// net/http will send (so the only ones a signature has to survive).
func isToken(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
