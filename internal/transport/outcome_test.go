package transport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// answer replies with a status, headers (name, value pairs) and a body.
func answer(code int, body string, kv ...string) step {
	return func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, body)
		for i := 0; i+1 < len(kv); i += 2 {
			resp.Header.Set(kv[i], kv[i+1])
		}
		resp.Request = r
		return resp, nil
	}
}

func del(url string) *Request {
	return &Request{Op: "DeleteUser", Method: http.MethodDelete, URL: url, Idempotent: true}
}

// A 1xx or 3xx is never a success, for any request: idempotent ones get
// ErrInvalidResponse and are not repeated, others also ErrOutcomeUnknown.
// Redirects are not followed.
func TestOnly2xxIsASuccess(t *testing.T) {
	for _, code := range []int{101, 199, 300, 301, 302, 303, 304, 307, 308} {
		for _, body := range []string{"", `{"user":{"name":"alice","id":"u-1"}}`} {
			for _, req := range []*Request{get(testURL), del(testURL), create(testURL, `{"name":"alice"}`)} {
				t.Run(fmt.Sprintf("%d/%s/body=%v", code, req.Op, body != ""), func(t *testing.T) {
					hc, mt := mockClient()
					srv := serve(mt, answer(code, body, "Location", "https://elsewhere.example.com/v1/users?token=x"))
					for _, do := range []func(*Client) error{
						func(c *Client) error { _, err := c.Do(bg, req); return err },
						func(c *Client) error { var v map[string]any; _, err := c.DoJSON(bg, req, &v); return err },
					} {
						before := srv.count()
						err := do(New(fastConfig(hc, &testSigner{})))
						e := requireIAMError(t, err, iam.ErrInvalidResponse)
						assert.Equal(t, code, e.StatusCode)
						assert.Equal(t, !req.Idempotent, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
						assert.Equal(t, 1, srv.count()-before, "not repeated, not followed")
						assert.NotContains(t, err.Error(), "elsewhere")
					}
				})
			}
		}
	}
}

// Which failures of a create are refusals (nothing happened) and which
// leave its outcome unknown.
func TestCreateFailuresAreRefusalsOrUnknown(t *testing.T) {
	for _, tc := range []struct {
		code     int
		notActed bool
		unknown  bool
	}{
		{400, false, false}, {401, false, false}, {403, false, false}, {404, false, false},
		{409, false, false}, {422, false, false}, {501, false, false}, {505, false, false},
		{500, false, true}, {502, false, true}, {504, false, true}, {599, false, true},
		{600, false, true}, {799, false, true},
		{600, true, false},
	} {
		t.Run(fmt.Sprintf("%d/notActed=%v", tc.code, tc.notActed), func(t *testing.T) {
			hc, mt := mockClient()
			serve(mt, status(tc.code))
			cfg := fastConfig(hc, &testSigner{})
			cfg.MaxAttempts = 1
			cfg.Classify = func(r *http.Response, _ []byte) Decision { return Decision{NotActed: tc.notActed} }
			_, err := New(cfg).Do(bg, create(testURL, `{}`))
			require.Error(t, err)
			assert.Equal(t, tc.unknown, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)

			// An idempotent request's failure is never outcome-unknown.
			hc, mt = mockClient()
			serve(mt, status(tc.code))
			cfg.HTTPClient = hc
			_, err = New(cfg).Do(bg, get(testURL))
			require.Error(t, err)
			assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown)
		})
	}
}

// A successful answer beyond the size limit, after a create, is outcome-unknown.
func TestTooLargeAfterACreateIsUnknown(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, answer(200, `{"user":{"name":"`+strings.Repeat("a", 200)+`"}}`))
	c := New(fastConfig(hc, &testSigner{}))
	c.successMax = 64
	_, err := c.Do(bg, create(testURL, `{}`))
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.Contains(t, e.Message, "larger than 64 bytes")
	_, err = c.Do(bg, get(testURL))
	requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.NotErrorIs(t, err, iam.ErrOutcomeUnknown)
}

type wireUser struct {
	User struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
}

// DoJSON refuses every 2xx answer a create cannot use, as
// outcome-unknown, in one place; a read gets ErrInvalidResponse alone.
func TestDoJSONSpoiledAnswers(t *testing.T) {
	for _, tc := range []struct {
		name string
		step step
		msg  string
	}{
		{"html", answer(200, `<!DOCTYPE html><html><body>502</body></html>`, "Content-Type", "text/html"), "not a JSON object (text/html"},
		{"empty", answer(200, ""), "no body (200 OK)"},
		{"blank", answer(200, " \r\n\t "), "no body"},
		{"204", answer(204, ""), "no body (204 No Content)"},
		{"bom", answer(200, "\xef\xbb\xbf"+`{"user":{"name":"alice","id":"u-1"}}`), "byte-order mark"},
		{"null", answer(200, `null`), "not a JSON object"},
		{"string", answer(200, `"alice"`), "not a JSON object"},
		{"trailing garbage", answer(200, `{"user":{"name":"alice"}} <html>`), "cannot decode"},
		{"wrong type", answer(200, `{"user":{"name":7}}`), "cannot decode"},
		{"cut", answer(200, `{"user":{"name":"al`), "cannot decode"},
		{"no id", answer(200, `{"user":{"name":"alice"}}`), "the answer has no user id"},
		{"no user", answer(200, `{}`), "the answer has no user id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, req := range []*Request{create(testURL, `{"name":"alice"}`), get(testURL)} {
				hc, mt := mockClient()
				srv := serve(mt, tc.step, answer(200, `{"user":{"name":"alice","id":"u-1"}}`))
				var out wireUser
				r := *req
				r.Expect = func([]byte) error {
					if out.User.ID == "" {
						return errors.New("the answer has no user id")
					}
					return nil
				}
				resp, err := New(fastConfig(hc, &testSigner{})).DoJSON(bg, &r, &out)
				assert.Nil(t, resp)
				e := requireIAMError(t, err, iam.ErrInvalidResponse)
				assert.Contains(t, e.Message, tc.msg)
				assert.Equal(t, !req.Idempotent, errors.Is(err, iam.ErrOutcomeUnknown), "%s: %v", req.Op, err)
				assert.Equal(t, 1, srv.count(), "a spoiled success is not repeated")
				assert.Equal(t, "test", e.Provider)
				assert.Equal(t, req.Op, e.Op)
			}
		})
	}
}

func TestDoJSONDecodes(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, answer(201, ` {"user":{"name":"alice","id":"u-1"}}`+"\n", "X-Request-Id", "r-9"))
	var out wireUser
	resp, err := New(fastConfig(hc, &testSigner{})).DoJSON(bg, create(testURL, `{}`), &out)
	require.NoError(t, err)
	assert.Equal(t, "u-1", out.User.ID)
	assert.Equal(t, "r-9", resp.RequestID)
	assert.Equal(t, 201, resp.StatusCode)

	// A list answer, an array.
	hc, mt = mockClient()
	serve(mt, answer(200, `[1,2]`))
	var ns []int
	_, err = New(fastConfig(hc, &testSigner{})).DoJSON(bg, get(testURL), &ns)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, ns)

	// Stream requests are Each's.
	r := get(testURL)
	r.Stream = true
	_, err = New(fastConfig(hc, &testSigner{})).DoJSON(bg, r, &ns)
	requireIAMError(t, err, iam.ErrInvalidArgument)
}

// Do runs Expect on the body too; the Observer's call sees the final error.
func TestExpectWithDoAndTheObserver(t *testing.T) {
	hc, mt := mockClient()
	serve(mt, answer(200, `{"AccessKey":{"AccessKeyId":"AK1"}}`))
	cfg := fastConfig(hc, &testSigner{})
	var callErr error
	cfg.Observer = &iam.Observer{CallDone: func(_ context.Context, e iam.Event) { callErr = e.Err }}
	req := create(testURL, `{}`)
	req.Expect = func(body []byte) error {
		if !strings.Contains(string(body), "AccessKeySecret") {
			return errors.New("the answer has no key secret")
		}
		return nil
	}
	_, err := New(cfg).Do(bg, req)
	e := requireIAMError(t, err, iam.ErrInvalidResponse)
	assert.ErrorIs(t, err, iam.ErrOutcomeUnknown)
	assert.True(t, strings.HasPrefix(e.Message, "the answer has no key secret"), e.Message)
	assert.Same(t, err, callErr)
}

// classifyConflicts classifies 409 as AlreadyExists, and 503 as a
// gateway's "not acted" (which may be wrong: the server may have acted).
func classifyConflicts(resp *http.Response, _ []byte) Decision {
	switch resp.StatusCode {
	case 409:
		return Decision{Err: &iam.Error{Code: "UserAlreadyExists", Message: "the user alice exists", Kind: iam.ErrAlreadyExists}}
	case 503:
		return Decision{Retry: true, NotActed: true}
	}
	return Decision{}
}

// A retried create that meets "already exists" after an earlier attempt
// reached the server is outcome-unknown (it may have made it); after
// attempts that provably did not reach it, a plain conflict.
func TestRetriedCreateMeetingAlreadyExists(t *testing.T) {
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		name    string
		first   step
		unknown bool
	}{
		{"after a 503 marked not acted", status(503), true},
		{"after a 500 the provider retries", status(500), true},
		{"after a 429", status(429), false},
		{"after a dial error", fail(dialErr), false},
		{"first attempt", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, mt := mockClient()
			steps := []step{status(409)}
			if tc.first != nil {
				steps = append([]step{tc.first}, steps...)
			}
			srv := serve(mt, steps...)
			cfg := fastConfig(hc, &testSigner{})
			cfg.Classify = func(resp *http.Response, b []byte) Decision {
				d := classifyConflicts(resp, b)
				if resp.StatusCode == 500 {
					d.Retry, d.NotActed = true, true
				}
				return d
			}
			_, err := New(cfg).Do(bg, create(testURL, `{"name":"alice"}`))
			e := requireIAMError(t, err, iam.ErrAlreadyExists)
			assert.Equal(t, tc.unknown, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
			assert.Equal(t, len(steps), srv.count())
			assert.Equal(t, "UserAlreadyExists", e.Code)
			if tc.unknown {
				assert.Contains(t, e.Message, "an earlier attempt of this call may have created it")
			}
		})
	}
}

// Once an earlier attempt of a create reached the server and may have
// acted, every later failure of the call is outcome-unknown: a refusal of
// the retry ("the new password must differ from the old one") says
// nothing about the first attempt. Attempts that provably did not act
// leave a refusal plain.
func TestAnyFailureAfterAnEarlierAttemptActed(t *testing.T) {
	refusal := answer(400, `{"code":"1108","message":"The new password must be different from the old password."}`)
	for _, tc := range []struct {
		name    string
		steps   []step
		signErr bool
		unknown bool
	}{
		{"503 then a refusal", []step{status(503), refusal}, false, true},
		{"503 three times", []step{status(503)}, false, true},
		{"503 then signing fails", []step{status(503)}, true, true},
		{"429 then a refusal", []step{status(429), refusal}, false, false},
		{"a refusal alone", []step{refusal}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, mt := mockClient()
			serve(mt, tc.steps...)
			cfg := fastConfig(hc, &testSigner{})
			cfg.Classify = func(resp *http.Response, b []byte) Decision {
				d := jsonClassify(resp, b)
				if resp.StatusCode == 503 {
					d.Retry, d.NotActed = true, true
				}
				return d
			}
			if tc.signErr {
				n := 0
				cfg.Sign = func(*http.Request, []byte) error {
					if n++; n > 1 {
						return errors.New("the credentials expired")
					}
					return nil
				}
			}
			_, err := New(cfg).Do(bg, create(testURL, `{"password":"x"}`))
			require.Error(t, err)
			assert.Equal(t, tc.unknown, errors.Is(err, iam.ErrOutcomeUnknown), "%v", err)
		})
	}
}
