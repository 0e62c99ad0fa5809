package signer

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// vectorCase is one case of the shared vector format (see testdata/vectors/README.md).
type vectorCase struct {
	Name        string `json:"name"`
	Algorithm   string `json:"algorithm"`
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		SecurityToken   string `json:"security_token"`
		SessionToken    string `json:"session_token"`
	} `json:"credentials"`
	Time    string `json:"time"`
	Options struct {
		ExpirationSeconds int `json:"expiration_seconds"`
	} `json:"options"`
	SignedHeaders []string `json:"signed_headers"`
	Request       struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	} `json:"request"`
	Expected struct {
		Headers map[string]string `json:"headers"`
		Query   map[string]string `json:"query"`
	} `json:"expected"`
	CanonicalRequest string `json:"canonical_request"`
	StringToSign     string `json:"string_to_sign"`

	file string
}

func (c *vectorCase) creds() Credentials {
	tok := c.Credentials.SecurityToken
	if tok == "" {
		tok = c.Credentials.SessionToken
	}
	return Credentials{AccessKeyID: c.Credentials.AccessKeyID, SecretAccessKey: c.Credentials.SecretAccessKey, SecurityToken: tok}
}

func (c *vectorCase) time(t *testing.T) time.Time {
	ts, err := time.Parse(time.RFC3339, c.Time)
	if err != nil {
		t.Fatalf("bad time %q: %v", c.Time, err)
	}
	return ts
}

// request builds the request as it was before signing (Host moves to r.Host).
func (c *vectorCase) request(t testing.TB) *http.Request {
	u, err := url.Parse(c.Request.URL)
	if err != nil {
		t.Fatalf("bad url: %v", err)
	}
	r := &http.Request{Method: c.Request.Method, URL: u, Host: u.Host, Header: http.Header{}}
	for k, v := range c.Request.Headers {
		if strings.EqualFold(k, "host") {
			r.Host = v
			continue
		}
		r.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	return r
}

// signed returns the request with the expected signature put back.
func (c *vectorCase) signed(t testing.TB) *http.Request {
	r := c.request(t)
	for k, v := range c.Expected.Headers {
		r.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	if len(c.Expected.Query) > 0 {
		q := r.URL.RawQuery
		for k, v := range c.Expected.Query {
			if q != "" {
				q += "&"
			}
			q += url.QueryEscape(k) + "=" + url.QueryEscape(v)
		}
		r.URL.RawQuery = q
	}
	return r
}

func (c *vectorCase) verifyParams(t *testing.T) *VerifyParams {
	creds := c.creds()
	return &VerifyParams{
		Now: c.time(t),
		Lookup: func(id string) (Credentials, bool) {
			return creds, id == creds.AccessKeyID
		},
	}
}

func vectorDir() string {
	if d := os.Getenv("CLOUDIAM_SIGNER_VECTORS"); d != "" {
		return d
	}
	return filepath.Join("testdata", "vectors")
}

func loadVectors(t testing.TB) []*vectorCase {
	dir := vectorDir()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files in %s", dir)
	}
	var all []*vectorCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cs []*vectorCase
		if err := json.Unmarshal(b, &cs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cs {
			c.file = filepath.Base(f)
			all = append(all, c)
		}
	}
	return all
}

// TestVectors runs every case of every vector file through the three-part
// contract of testdata/vectors/README.md. CLOUDIAM_SIGNER_VECTORS names
// another directory of the same format.
func TestVectors(t *testing.T) {
	seen := map[string]int{}
	for _, c := range loadVectors(t) {
		name := c.file + "/" + c.Name
		seen[name]++
		if n := seen[name]; n > 1 {
			name += "#" + string(rune('0'+n))
		}
		t.Run(name, func(t *testing.T) {
			alg := ByName(c.Algorithm)
			if alg == nil {
				t.Fatalf("unknown algorithm %q", c.Algorithm)
			}
			t.Run("verify-accepts", func(t *testing.T) { vectorVerifyAccepts(t, alg, c) })
			t.Run("verify-rejects-tampering", func(t *testing.T) { vectorVerifyRejects(t, alg, c) })
			t.Run("sign-reproduces", func(t *testing.T) { vectorSignReproduces(t, alg, c) })
		})
	}
}

func vectorVerifyAccepts(t *testing.T, alg Algorithm, c *vectorCase) {
	var dbg Debug
	p := c.verifyParams(t)
	p.Debug = func(d Debug) { dbg = d }
	res, err := alg.Verify(c.signed(t), []byte(c.Request.Body), p)
	if err != nil {
		t.Fatalf("Verify rejected the official signature: %v\ncanonical request (ours):\n%s\nstring to sign (ours):\n%s\ncanonical request (vector):\n%s",
			err, dbg.CanonicalRequest, dbg.StringToSign, c.CanonicalRequest)
	}
	if res.AccessKeyID != c.Credentials.AccessKeyID || res.Algorithm != c.Algorithm {
		t.Fatalf("result = %+v", res)
	}
	// A wrong key id is told apart from a wrong signature.
	p2 := c.verifyParams(t)
	p2.Lookup = func(string) (Credentials, bool) { return Credentials{}, false }
	if _, err := alg.Verify(c.signed(t), []byte(c.Request.Body), p2); !errors.Is(err, ErrUnknownAccessKey) {
		t.Fatalf("unknown key: err = %v, want ErrUnknownAccessKey", err)
	}
	p3 := c.verifyParams(t)
	good := c.creds()
	p3.Lookup = func(string) (Credentials, bool) {
		w := good
		w.SecretAccessKey += "x"
		return w, true
	}
	if _, err := alg.Verify(c.signed(t), []byte(c.Request.Body), p3); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("wrong secret: err = %v, want ErrSignatureMismatch", err)
	}
}

// mutate changes one byte of s (or makes an empty s non-empty).
func mutate(s string) string {
	if s == "" {
		return "x"
	}
	i := len(s) / 2
	b := []byte(s)
	switch {
	case b[i] == 'a':
		b[i] = 'b'
	case b[i] == ' ':
		b[i] = '_'
	default:
		b[i] = 'a'
	}
	return string(b)
}

// mutateHex changes one digit of a hex or base64 signature.
func mutateSig(s string) string {
	b := []byte(s)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

func vectorVerifyRejects(t *testing.T, alg Algorithm, c *vectorCase) {
	body := []byte(c.Request.Body)
	reject := func(what string, r *http.Request, body []byte) {
		t.Helper()
		if _, err := alg.Verify(r, body, c.verifyParams(t)); err == nil {
			t.Errorf("%s: tampered request accepted", what)
		}
	}
	// The signature itself.
	r := c.signed(t)
	if alg.Name() == NameRPC {
		q := r.URL.Query()
		q.Set("Signature", mutateSig(q.Get("Signature")))
		r.URL.RawQuery = q.Encode()
	} else {
		a := r.Header.Get("Authorization")
		i := strings.LastIndexAny(a, "/=") + 1
		r.Header.Set("Authorization", a[:i]+mutateSig(a[i:]))
	}
	reject("signature byte", r, body)

	// Each signed header value.
	for _, h := range c.SignedHeaders {
		r := c.signed(t)
		if h == "host" {
			r.Host = mutate(r.Host)
		} else {
			v, ok := headerValue(r, h)
			if !ok {
				t.Fatalf("signed header %s missing from the signed request", h)
			}
			setHeader(r.Header, h, mutate(strings.TrimSpace(v)))
		}
		reject("signed header "+h, r, body)
	}

	// The path.
	r = c.signed(t)
	if len(r.URL.Path) > 1 {
		r.URL.Path = r.URL.Path[:len(r.URL.Path)-1] + "Z"
	} else {
		r.URL.Path = "/x"
	}
	r.URL.RawPath = ""
	reject("path", r, body)

	// A query value (other than the signature).
	r = c.signed(t)
	if pairs, _ := parseQuery(nil, r.URL.RawQuery); len(pairs) > 0 {
		for i := range pairs {
			if pairs[i].k != "Signature" {
				pairs[i].v = mutate(pairs[i].v)
				break
			}
		}
		q := url.Values{}
		for _, p := range pairs {
			q.Add(p.k, p.v)
		}
		r.URL.RawQuery = q.Encode()
		reject("query value", r, body)
	}

	// The body, where the algorithm covers it.
	hashed := len(body) > 0
	switch alg.Name() {
	case NameBCE:
		hashed = hashed && slices.Contains(c.SignedHeaders, "content-md5")
	case NameHuawei:
		hashed = hashed && !strings.EqualFold(c.signed(t).Header.Get("X-Sdk-Content-Sha256"), unsignedPayload)
	case NameRPC:
		hashed = hashed && formBody(c.signed(t), body)
	}
	if hashed {
		b := []byte(mutate(string(body)))
		reject("body", c.signed(t), b)
	}
}

func vectorSignReproduces(t *testing.T, alg Algorithm, c *vectorCase) {
	r := c.request(t)
	r.Header.Del("Authorization")
	var dbg Debug
	p := &SignParams{
		Credentials:   c.creds(),
		Time:          c.time(t),
		SignedHeaders: c.SignedHeaders,
		Expiration:    time.Duration(c.Options.ExpirationSeconds) * time.Second,
		Debug:         func(d Debug) { dbg = d },
	}
	if err := alg.Sign(r, []byte(c.Request.Body), p); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	// Debug shows the security token as [REDACTED]; compare the vector's
	// strings redacted the same way.
	var want Debug
	redacting(func(d Debug) { want = d }, c.creds().SecurityToken)(Debug{CanonicalRequest: c.CanonicalRequest, StringToSign: c.StringToSign})
	if c.CanonicalRequest != "" && dbg.CanonicalRequest != want.CanonicalRequest {
		t.Errorf("canonical request differs\n got: %q\nwant: %q", dbg.CanonicalRequest, want.CanonicalRequest)
	}
	if c.StringToSign != "" && dbg.StringToSign != want.StringToSign {
		t.Errorf("string to sign differs\n got: %q\nwant: %q", dbg.StringToSign, want.StringToSign)
	}
	for k, want := range c.Expected.Headers {
		if got, _ := headerValue(r, strings.ToLower(k)); got != want {
			t.Errorf("header %s\n got: %s\nwant: %s", k, got, want)
		}
	}
	for k, want := range c.Expected.Query {
		if got := r.URL.Query().Get(k); got != want {
			t.Errorf("query %s\n got: %s\nwant: %s", k, got, want)
		}
	}
}

// setHeader sets a header under its canonical key, dropping other spellings.
func setHeader(h http.Header, name, value string) {
	ck := http.CanonicalHeaderKey(name)
	for k := range h {
		if k != ck && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[ck] = []string{value}
}
