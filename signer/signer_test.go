package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var (
	testCreds = Credentials{AccessKeyID: "AKIDTEST0001", SecretAccessKey: "SECRETTEST0000000000000000000001"}
	testTime  = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
)

var algorithms = []Algorithm{BCE{}, Huawei{}, ACS3{}, RPC{}}

func signedTypical(t *testing.T, alg Algorithm, creds Credentials, at time.Time, nonce string) (*http.Request, []byte) {
	t.Helper()
	r, body := typicalRequest(alg.Name())
	if err := alg.Sign(r, body, &SignParams{Credentials: creds, Time: at, Nonce: nonce}); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return r, body
}

func params(now time.Time, creds Credentials) *VerifyParams {
	return &VerifyParams{Now: now, Lookup: func(id string) (Credentials, bool) { return creds, id == creds.AccessKeyID }}
}

func TestRoundTripDefaultHeaders(t *testing.T) {
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			r, body := signedTypical(t, alg, testCreds, testTime, "nonce-1")
			res, err := alg.Verify(r, body, params(testTime.Add(time.Minute), testCreds))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if res.AccessKeyID != testCreds.AccessKeyID || !res.Time.Equal(testTime) {
				t.Fatalf("result = %+v", res)
			}
		})
	}
}

func TestSignIsAPureFunction(t *testing.T) {
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			a, _ := signedTypical(t, alg, testCreds, testTime, "n1")
			b, _ := signedTypical(t, alg, testCreds, testTime, "n1")
			if a.Header.Get("Authorization") != b.Header.Get("Authorization") || a.URL.RawQuery != b.URL.RawQuery {
				t.Fatal("same inputs gave different signatures")
			}
			// A retry signs afresh: a new time (and nonce) gives a new signature.
			c, _ := signedTypical(t, alg, testCreds, testTime.Add(time.Second), "n2")
			if a.Header.Get("Authorization")+a.URL.RawQuery == c.Header.Get("Authorization")+c.URL.RawQuery {
				t.Fatal("a new time and nonce did not change the signature")
			}
		})
	}
}

func TestVerifyTimeWindow(t *testing.T) {
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			r, body := signedTypical(t, alg, testCreds, testTime, "n")
			late := 16 * time.Minute
			if alg.Name() == NameBCE {
				late = 1801 * time.Second // past the 1800 s expiration
			}
			if _, err := alg.Verify(r, body, params(testTime.Add(late), testCreds)); !errors.Is(err, ErrExpired) {
				t.Errorf("late: err = %v, want ErrExpired", err)
			}
			if _, err := alg.Verify(r, body, params(testTime.Add(-16*time.Minute), testCreds)); !errors.Is(err, ErrExpired) {
				t.Errorf("from the future: err = %v, want ErrExpired", err)
			}
			p := params(testTime.Add(late), testCreds)
			p.MaxSkew = time.Hour
			if alg.Name() != NameBCE { // bce-auth-v1's window is its own expiration
				if _, err := alg.Verify(r, body, p); err != nil {
					t.Errorf("within a custom skew: %v", err)
				}
			}
		})
	}
}

func TestVerifyErrorsTellCausesApart(t *testing.T) {
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			r, body := signedTypical(t, alg, testCreds, testTime, "n")
			if _, err := alg.Verify(r, body, params(testTime, Credentials{AccessKeyID: "OTHER", SecretAccessKey: "x"})); !errors.Is(err, ErrUnknownAccessKey) {
				t.Errorf("unknown key: %v", err)
			}
			wrong := testCreds
			wrong.SecretAccessKey = "WRONG"
			if _, err := alg.Verify(r, body, params(testTime, wrong)); !errors.Is(err, ErrSignatureMismatch) {
				t.Errorf("wrong secret: %v", err)
			}
			withToken := testCreds
			withToken.SecurityToken = "TOKEN"
			if _, err := alg.Verify(r, body, params(testTime, withToken)); !errors.Is(err, ErrInvalidToken) {
				t.Errorf("token expected but absent: %v", err)
			}
			bare, body := typicalRequest(alg.Name())
			if _, err := alg.Verify(bare, body, params(testTime, testCreds)); !errors.Is(err, ErrMissingSignature) {
				t.Errorf("unsigned: %v", err)
			}
		})
	}
}

func TestSecurityTokenIsSignedAndChecked(t *testing.T) {
	sts := Credentials{AccessKeyID: "STS.AK", SecretAccessKey: "STSSECRET", SecurityToken: "tok/+="}
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			r, body := signedTypical(t, alg, sts, testTime, "n")
			if _, err := alg.Verify(r, body, params(testTime, sts)); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			longTerm := sts
			longTerm.SecurityToken = ""
			if _, err := alg.Verify(r, body, params(testTime, longTerm)); !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("a token presented for a long-term key: %v", err)
			}
			other := sts
			other.SecurityToken = "another"
			if _, err := alg.Verify(r, body, params(testTime, other)); !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("other token: %v", err)
			}
		})
	}
}

func TestReplayedNonceRejected(t *testing.T) {
	for _, alg := range []Algorithm{ACS3{}, RPC{}} {
		t.Run(alg.Name(), func(t *testing.T) {
			seen := map[string]bool{}
			p := params(testTime, testCreds)
			p.SeenNonce = func(ak, n string) bool {
				k := ak + "/" + n
				dup := seen[k]
				seen[k] = true
				return dup
			}
			r, body := signedTypical(t, alg, testCreds, testTime, "only-once")
			res, err := alg.Verify(r, body, p)
			if err != nil {
				t.Fatalf("first: %v", err)
			}
			if res.Nonce != "only-once" {
				t.Fatalf("nonce = %q", res.Nonce)
			}
			if _, err := alg.Verify(r, body, p); !errors.Is(err, ErrReplayedNonce) {
				t.Fatalf("replay: err = %v, want ErrReplayedNonce", err)
			}
		})
	}
}

func TestSignNeedsANonce(t *testing.T) {
	for _, alg := range []Algorithm{ACS3{}, RPC{}} {
		r, body := typicalRequest(alg.Name())
		if err := alg.Sign(r, body, &SignParams{Credentials: testCreds, Time: testTime}); err == nil || !strings.Contains(err.Error(), "nonce") {
			t.Errorf("%s: err = %v, want a nonce error", alg.Name(), err)
		}
	}
}

func TestSignNeedsCredentials(t *testing.T) {
	for _, alg := range algorithms {
		r, body := typicalRequest(alg.Name())
		if err := alg.Sign(r, body, &SignParams{Time: testTime, Nonce: "n"}); err == nil {
			t.Errorf("%s: signed without credentials", alg.Name())
		}
	}
}

func TestBodyIsCovered(t *testing.T) {
	for _, alg := range []Algorithm{BCE{}, Huawei{}} {
		r, body := signedTypical(t, alg, testCreds, testTime, "n")
		body = append([]byte(nil), body...)
		body[5] ^= 1
		if _, err := alg.Verify(r, body, params(testTime, testCreds)); err == nil {
			t.Errorf("%s: changed body accepted", alg.Name())
		}
	}
	// ACS3 hashes the body into x-acs-content-sha256.
	r, _ := typicalRequest(NameACS3)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := (ACS3{}).Sign(r, []byte("ClientToken=a"), &SignParams{Credentials: testCreds, Time: testTime, Nonce: "n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := (ACS3{}).Verify(r, []byte("ClientToken=b"), params(testTime, testCreds)); !errors.Is(err, ErrBodyMismatch) {
		t.Errorf("ACS3: err = %v, want ErrBodyMismatch", err)
	}
	// RPC signs form-body parameters like query parameters.
	r, _ = typicalRequest(NameRPC)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := (RPC{}).Sign(r, []byte("Password=a"), &SignParams{Credentials: testCreds, Time: testTime, Nonce: "n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := (RPC{}).Verify(r, []byte("Password=a"), params(testTime, testCreds)); err != nil {
		t.Errorf("RPC form: %v", err)
	}
	if _, err := (RPC{}).Verify(r, []byte("Password=b"), params(testTime, testCreds)); !errors.Is(err, ErrSignatureMismatch) {
		t.Errorf("RPC form changed: err = %v", err)
	}
}

func TestACS3RefusesUnsignedACSHeaders(t *testing.T) {
	r, body := signedTypical(t, ACS3{}, testCreds, testTime, "n")
	r.Header.Set("X-Acs-Extra", "smuggled")
	if _, err := (ACS3{}).Verify(r, body, params(testTime, testCreds)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
}

func TestRPCPathIsFixed(t *testing.T) {
	r, body := signedTypical(t, RPC{}, testCreds, testTime, "n")
	r.URL.Path = "/other"
	if _, err := (RPC{}).Verify(r, body, params(testTime, testCreds)); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("err = %v", err)
	}
}

func TestMalformedAuthorization(t *testing.T) {
	cases := map[Algorithm][]string{
		BCE{}:    {"bce-auth-v1/AK", "bce-auth-v1/AK/notatime/1800/host/" + strings.Repeat("0", 64), "bce-auth-v1/AK/2026-11-22T10:00:00Z/-1/host/" + strings.Repeat("0", 64), "bce-auth-v1/AK/2026-11-22T10:00:00Z/1800//" + strings.Repeat("0", 64), "bce-auth-v1/AK/2026-11-22T10:00:00Z/1800/host/short"},
		Huawei{}: {"SDK-HMAC-SHA256", "SDK-HMAC-SHA256 Access=AK", "OTHER Access=AK, SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("0", 64), "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + strings.Repeat("0", 64)},
		ACS3{}:   {"ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=" + strings.Repeat("0", 64)},
	}
	for alg, auths := range cases {
		for _, a := range auths {
			r, body := signedTypical(t, alg, testCreds, testTime, "n")
			r.Header.Set("Authorization", a)
			if _, err := alg.Verify(r, body, params(testTime, testCreds)); !errors.Is(err, ErrMalformed) {
				t.Errorf("%s %q: err = %v, want ErrMalformed", alg.Name(), a, err)
			}
		}
	}
	r, body := signedTypical(t, RPC{}, testCreds, testTime, "n")
	q := r.URL.Query()
	q.Set("SignatureMethod", "HMAC-MD5")
	r.URL.RawQuery = q.Encode()
	if _, err := (RPC{}).Verify(r, body, params(testTime, testCreds)); !errors.Is(err, ErrMalformed) {
		t.Errorf("RPC method: %v", err)
	}
}

func TestDebugNeverCarriesTheSecret(t *testing.T) {
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			var got []Debug
			r, body := typicalRequest(alg.Name())
			p := &SignParams{Credentials: testCreds, Time: testTime, Nonce: "n", Debug: func(d Debug) { got = append(got, d) }}
			if err := alg.Sign(r, body, p); err != nil {
				t.Fatal(err)
			}
			vp := params(testTime, testCreds)
			vp.Debug = func(d Debug) { got = append(got, d) }
			if _, err := alg.Verify(r, body, vp); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0] != got[1] {
				t.Fatalf("client and server canonical forms differ or are missing: %+v", got)
			}
			d := got[0]
			if d.Algorithm != alg.Name() || d.CanonicalRequest == "" || d.StringToSign == "" {
				t.Fatalf("debug = %+v", d)
			}
			all := d.CanonicalRequest + d.StringToSign
			if strings.Contains(all, testCreds.SecretAccessKey) {
				t.Fatal("debug output contains the secret")
			}
			if alg.Name() == NameBCE { // nor the derived signing key
				m := hmac.New(sha256.New, []byte(testCreds.SecretAccessKey))
				m.Write([]byte(d.StringToSign))
				if strings.Contains(all, hex.EncodeToString(m.Sum(nil))) {
					t.Fatal("debug output contains the signing key")
				}
			}
		})
	}
}

func TestDebugRedactsTheSecurityToken(t *testing.T) {
	sts := Credentials{AccessKeyID: "STS.AK", SecretAccessKey: "STSSECRET", SecurityToken: "TOKEN+/=value"}
	for _, alg := range algorithms {
		t.Run(alg.Name(), func(t *testing.T) {
			var got []Debug
			r, body := typicalRequest(alg.Name())
			if err := alg.Sign(r, body, &SignParams{Credentials: sts, Time: testTime, Nonce: "n", Debug: func(d Debug) { got = append(got, d) }}); err != nil {
				t.Fatal(err)
			}
			vp := params(testTime, sts)
			vp.Debug = func(d Debug) { got = append(got, d) }
			if _, err := alg.Verify(r, body, vp); err != nil {
				t.Fatal(err)
			}
			for _, d := range got {
				all := d.CanonicalRequest + d.StringToSign
				for _, form := range []string{"TOKEN+/=value", "TOKEN%2B%2F%3Dvalue", "TOKEN%252B%252F%253Dvalue"} {
					if strings.Contains(all, form) {
						t.Fatalf("debug output holds the token (%s):\n%s", form, all)
					}
				}
				if !strings.Contains(all, "[REDACTED]") {
					t.Fatalf("the signed token should show as [REDACTED]:\n%s", all)
				}
			}
		})
	}
}

func TestCredentialsNeverPrintTheSecret(t *testing.T) {
	c := Credentials{AccessKeyID: "AKID", SecretAccessKey: "TOPSECRET", SecurityToken: "TOKENVALUE"}
	type wrap struct{ C Credentials }
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{c, &c, wrap{c}} {
			out := fmt.Sprintf(f, v)
			if strings.Contains(out, "TOPSECRET") || strings.Contains(out, "TOKENVALUE") {
				t.Errorf("%s of %T leaks: %s", f, v, out)
			}
		}
	}
	if !strings.Contains(fmt.Sprint(c), "AKID") {
		t.Error("the access key id should stay visible")
	}
}

func TestByName(t *testing.T) {
	for _, alg := range algorithms {
		if got := ByName(alg.Name()); got == nil || got.Name() != alg.Name() {
			t.Errorf("ByName(%q) = %v", alg.Name(), got)
		}
	}
	if ByName("nope") != nil {
		t.Error("unknown name")
	}
}

func TestBCEValuelessQueryKeySignedWithEquals(t *testing.T) {
	// ?disable on the wire is canonicalised as "disable=": both wire forms verify.
	u, _ := url.Parse("https://iam.bj.baidubce.com/v1/user/u/accesskey/AK1?disable")
	r := &http.Request{Method: "PUT", URL: u, Host: u.Host, Header: http.Header{"Content-Type": {"application/json;charset=utf-8"}}}
	if err := (BCE{}).Sign(r, nil, &SignParams{Credentials: testCreds, Time: testTime}); err != nil {
		t.Fatal(err)
	}
	r.URL.RawQuery = "disable="
	if _, err := (BCE{}).Verify(r, nil, params(testTime, testCreds)); err != nil {
		t.Fatalf("?disable= : %v", err)
	}
}
