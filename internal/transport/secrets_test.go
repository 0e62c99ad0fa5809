package transport

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// jsonClassify copies the cloud's message into the error, as the
// providers do (Baidu's "message", Huawei's "error_msg").
func jsonClassify(resp *http.Response, body []byte) Decision {
	var b struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		ErrorMsg string `json:"error_msg"`
	}
	_ = json.Unmarshal(body, &b)
	msg := b.Message
	if msg == "" {
		msg = b.ErrorMsg
	}
	return Decision{Err: &iam.Error{Code: b.Code, Message: msg, Kind: kindForStatus(resp.StatusCode)}}
}

// A password sent in a JSON body and echoed by the cloud in its error
// message (Baidu, Huawei) never reaches Error(), %+v or a log line, in
// any form it may be echoed in; the rest of the message stays readable.
func TestEchoedPasswordIsScrubbed(t *testing.T) {
	for _, pw := range []string{"Cl0ud-IAM!x9Pq", `p"a<s>s&w\ord-42`} {
		enc, _ := json.Marshal(pw) // "p\"a\u003cs\u003e..." as the request body carries it
		for name, body := range map[string]string{
			"baidu":  `{"code":"InvalidPassword","message":"password ` + string(enc[1:len(enc)-1]) + ` of user alice is too weak"}`,
			"huawei": `{"error_code":"IAM.0009","error_msg":"The password ` + string(enc[1:len(enc)-1]) + ` of user alice is too weak"}`,
			// a raw echo, as a cloud that copies the request body into its message
			"raw": `{"code":"InvalidPassword","message":` + quote("bad request body: {\"password\":"+string(enc)+`,"name":"alice"}`) + `}`,
		} {
			t.Run(name+"/"+pw[:4], func(t *testing.T) {
				hc, mt := mockClient()
				serve(mt, answer(400, body, "Content-Type", "application/json"))
				buf := &syncBuffer{}
				cfg := fastConfig(hc, &testSigner{})
				cfg.Classify = jsonClassify
				cfg.Logger = debugLogger(buf)
				req := create(testURL, `{"name":"alice","password":`+string(enc)+`}`)
				req.Secrets = []string{pw}
				_, err := New(cfg).Do(bg, req)
				requireIAMError(t, err, iam.ErrInvalidArgument)
				forms := []string{pw, string(enc[1 : len(enc)-1]), strings.ReplaceAll(string(enc[1:len(enc)-1]), `\`, `\\`)}
				for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%v", err), buf.String()} {
					for _, f := range forms {
						assert.NotContains(t, text, f)
					}
					assert.Contains(t, text, "alice", "the rest stays readable")
				}
				assert.Contains(t, err.Error(), "[REDACTED]")
				assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown, "a 400 is a refusal")
			})
		}
	}
}

// rpcSigner signs like Alibaba's RPC: the signature, nonce and method in
// the query.
func rpcSigner(r *http.Request, _ []byte) error {
	q := r.URL.Query()
	q.Set("SignatureMethod", "HMAC-SHA1")
	q.Set("SignatureNonce", "nonce-4711")
	q.Set("SecurityToken", "STS.TOKENVALUE")
	q.Set("Signature", "SIGVALUE0123456789=")
	r.URL.RawQuery = q.Encode()
	return nil
}

// Alibaba: the query holds the user name and ordinary words; only
// secret-named parameters are scrubbed, so the cloud's message keeps the
// words the caller sent ("The [REDACTED] does already exist" before).
func TestOrdinaryQueryValuesStayReadable(t *testing.T) {
	const msg = "The specified user name alice_smith does already exist. (Action CreateUser, Format JSON, HMAC-SHA1, 2015-05-01)"
	hc, mt := mockClient()
	serve(mt, answer(409, `{"code":"EntityAlreadyExists.User","message":"`+msg+`"}`))
	cfg := fastConfig(hc, &testSigner{})
	cfg.Sign = rpcSigner
	cfg.Classify = jsonClassify
	buf := &syncBuffer{}
	cfg.Logger = debugLogger(buf)
	u := testURL + "?Action=CreateUser&UserName=alice_smith&DisplayName=specified+user+name&Format=JSON&Version=2015-05-01&Password=Cl0ud-IAM%21x9Pq"
	_, err := New(cfg).Do(bg, &Request{Op: "CreateUser", Method: http.MethodPost, URL: u})
	e := requireIAMError(t, err, iam.ErrAlreadyExists)
	assert.Equal(t, msg, e.Message, "nothing of the cloud's words is scrubbed")
	for _, s := range []string{"Cl0ud-IAM!x9Pq", "Cl0ud-IAM%21x9Pq", "SIGVALUE0123456789", "STS.TOKENVALUE"} {
		assert.NotContains(t, err.Error(), s)
		assert.NotContains(t, buf.String(), s)
	}
}

// A cloud that quotes the secret values of the query (a password of an
// RPC call, the signature) in its message loses them, and only them.
func TestSecretQueryValuesAreScrubbed(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, answer(400, `{"code":"InvalidParameter","message":"Password Cl0ud-IAM!x9Pq of alice_smith is weak; signature SIGVALUE0123456789= token STS.TOKENVALUE; nonce nonce-4711"}`))
	cfg := fastConfig(hc, &testSigner{})
	cfg.Sign = rpcSigner
	cfg.Classify = jsonClassify
	u := testURL + "?Action=CreateLoginProfile&UserName=alice_smith&Password=Cl0ud-IAM%21x9Pq&PasswordResetRequired=true"
	_, err := New(cfg).Do(bg, &Request{Op: "CreateLoginProfile", Method: http.MethodPost, URL: u})
	e := requireIAMError(t, err, iam.ErrInvalidArgument)
	assert.Equal(t, "Password [REDACTED] of alice_smith is weak; signature [REDACTED] token [REDACTED]; nonce nonce-4711", e.Message)
}

func TestIsSecretName(t *testing.T) {
	for _, n := range []string{"Signature", "SecurityToken", "X-Security-Token", "X-Auth-Token", "x-bce-security-token",
		"Authorization", "AccessKeySecret", "SecretAccessKey", "Password", "NewPassword", "old_password", "Cookie"} {
		assert.True(t, isSecretName(n), n)
	}
	for _, n := range []string{"SignatureMethod", "SignatureNonce", "SignatureVersion", "PasswordResetRequired",
		"UserName", "AccessKeyId", "Action", "x-acs-signature-nonce", "Content-Md5", "TokenType"} {
		assert.False(t, isSecretName(n), n)
	}
}

// The signature inside a credential header is scrubbed when the server
// quotes it alone.
func TestSignatureInsideAHeaderIsScrubbed(t *testing.T) {
	for _, auth := range []string{
		"ACS3-HMAC-SHA256 Credential=LTAIKEY,SignedHeaders=host;x-acs-date,Signature=0123456789abcdef0123",
		"SDK-HMAC-SHA256 Access=AKKEY, SignedHeaders=host, Signature=0123456789abcdef0123",
		"bce-auth-v1/AKKEY/2026-11-22T10:00:00Z/1800/host/0123456789abcdef0123",
	} {
		hc, mt := mockClient()
		serve(mt, answer(403, `{"code":"SignatureDoesNotMatch","message":"expected 0123456789abcdef0123 for AKKEY"}`))
		cfg := fastConfig(hc, &testSigner{})
		cfg.Sign = func(r *http.Request, _ []byte) error { r.Header.Set("Authorization", auth); return nil }
		cfg.Classify = jsonClassify
		_, err := New(cfg).Do(bg, get(testURL))
		e := requireIAMError(t, err, iam.ErrPermissionDenied)
		assert.Equal(t, "expected [REDACTED] for AKKEY", e.Message, auth)
	}
}

// A request id is bounded and stripped of control characters wherever it
// comes from (a 4 MiB header, Classify's body), before errors and logs;
// the cloud's message is bounded and escaped by iam.Error.Error.
func TestServerTextIsBounded(t *testing.T) {
	huge := strings.Repeat("r", 4<<20)
	msg := "bad\r\nInjected: yes\x1b[31m" + strings.Repeat("m", 900<<10)
	for _, tc := range []struct {
		name     string
		step     step
		classify func(*http.Response, []byte) Decision
	}{
		{"huge header", answer(400, `{}`, "X-Request-Id", huge), nil},
		{"control header", answer(400, `{}`, "X-Request-Id", "r-1\r\nSet-Cookie: x\x1b[0m"), nil},
		{"from the body", answer(400, `{}`), func(*http.Response, []byte) Decision {
			return Decision{Err: &iam.Error{RequestID: "r-1\n" + huge, Code: "Bad\nCode", Message: msg, Kind: iam.ErrInvalidArgument}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, mt := mockClient()
			serve(mt, tc.step)
			cfg := fastConfig(hc, &testSigner{})
			cfg.Classify = tc.classify
			buf := &syncBuffer{}
			cfg.Logger = debugLogger(buf)
			_, err := New(cfg).Do(bg, get(testURL))
			e := requireIAMError(t, err, iam.ErrInvalidArgument)
			assert.LessOrEqual(t, len(e.RequestID), MaxRequestID)
			assert.True(t, strings.HasPrefix(e.RequestID, "r"), e.RequestID)
			for _, text := range []string{e.RequestID, err.Error(), fmt.Sprintf("%+v", err)} {
				assert.Less(t, len(text), 4096)
				assert.False(t, strings.ContainsAny(text, "\r\n\x1b"), "%q", text[:min(len(text), 200)])
			}
			assert.Less(t, len(buf.String()), 8192, "log lines are bounded")
			assert.NotContains(t, buf.String(), "Set-Cookie: x\x1b")
		})
	}

	// A success's request id too.
	hc, mt := mockClient()
	serve(mt, answer(200, `{}`, "X-Request-Id", "ok-1\x00\x7f"+huge))
	resp, err := New(fastConfig(hc, &testSigner{})).Do(bg, get(testURL))
	require.NoError(t, err)
	assert.Len(t, resp.RequestID, MaxRequestID)
	assert.True(t, strings.HasPrefix(resp.RequestID, "ok-1rrr"), resp.RequestID[:10])

	assert.Equal(t, "plain-id_1", cleanText("plain-id_1", MaxRequestID))
	assert.Equal(t, "réq-✓", cleanText("réq-\u2028✓\xff", MaxRequestID))
	assert.Equal(t, "ab", cleanText("ab✓", 4), "cut at a character boundary")
}

// Waits from the server never overflow into short ones.
func TestServerWaitsAreClamped(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, v := range []string{"99999999999999999999999", "9223372036", "86401", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		d, ok := parseRetryAfter(v, now)
		assert.True(t, ok, v)
		assert.Equal(t, 24*time.Hour, d, v)
	}
	assert.Equal(t, 24*time.Hour, ServerWait(math.MaxInt64, time.Millisecond), "a huge TimeLeft")
	assert.Equal(t, 24*time.Hour, ServerWait(math.MaxInt64/1000+1, time.Second))
	assert.Equal(t, 1500*time.Millisecond, ServerWait(1500, time.Millisecond))
	assert.Zero(t, ServerWait(-5, time.Second))
	assert.Equal(t, time.Duration(0), clampWait(-time.Hour))

	// A huge wait from Classify or the header ends retrying; a negative
	// one is no wait.
	for _, tc := range []struct {
		d     time.Duration
		kv    []string
		tries int
	}{
		{time.Duration(math.MaxInt64), nil, 1},
		{0, []string{"Retry-After", "99999999999999999999999"}, 1},
		{-time.Hour, nil, 2},
	} {
		hc, mt := mockClient()
		srv := serve(mt, status(429, tc.kv...), status(200))
		cfg := fastConfig(hc, &testSigner{})
		cfg.Classify = func(*http.Response, []byte) Decision { return Decision{RetryAfter: tc.d} }
		c := New(cfg)
		w := &waits{}
		c.observeWait = w.observe
		_, _ = c.Do(bg, get(testURL))
		assert.Equal(t, tc.tries, srv.count(), "%v %v", tc.d, tc.kv)
		for _, d := range w.all() {
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.LessOrEqual(t, d, cfg.MaxBackoff)
		}
	}
}

// quote is s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
