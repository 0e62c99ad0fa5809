package huawei

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

const (
	testAK       = "AKIDEXAMPLE0001"
	testSK       = "SKEXAMPLESECRET0000000000000001"
	testDomainID = "d78cbac186b744899480f25bd02abcde"
	testUserID   = "00abcdef1234567890abcdef123450"
	testEndpoint = "https://iam.myhuaweicloud.com"
)

// recorded is one request the mock received.
type recorded struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// VerifyErr is the result of verifying its signature with testSK.
	VerifyErr error
	Result    *signer.Result
}

// reply is a canned answer of the mock.
type reply struct {
	status int
	body   string
	header map[string]string
}

// mock answers every request with the next reply (the last one repeats) and
// records the requests.
type mock struct {
	t       testing.TB
	mt      *httpmock.MockTransport
	mu      sync.Mutex
	reqs    []recorded
	replies []reply
}

func newMock(t testing.TB, replies ...reply) *mock {
	m := &mock{t: t, mt: httpmock.NewMockTransport(), replies: replies}
	m.mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
		}
		rec := recorded{Method: r.Method, URL: r.URL.String(), Header: r.Header.Clone(), Body: body}
		vr := r.Clone(r.Context())
		vr.Body = io.NopCloser(bytes.NewReader(body))
		rec.Result, rec.VerifyErr = signer.Huawei{}.Verify(vr, body, &signer.VerifyParams{
			Now: time.Now(),
			Lookup: func(id string) (signer.Credentials, bool) {
				return signer.Credentials{AccessKeyID: testAK, SecretAccessKey: testSK}, id == testAK
			},
		})
		m.mu.Lock()
		m.reqs = append(m.reqs, rec)
		rp := reply{status: 200, body: "{}"}
		if len(m.replies) > 0 {
			rp = m.replies[0]
			if len(m.replies) > 1 {
				m.replies = m.replies[1:]
			}
		}
		m.mu.Unlock()
		resp := httpmock.NewStringResponse(rp.status, rp.body)
		resp.Header.Set("Content-Type", "application/json")
		for k, v := range rp.header {
			resp.Header.Set(k, v)
		}
		return resp, nil
	})
	return m
}

func (m *mock) requests() []recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]recorded(nil), m.reqs...)
}

func (m *mock) calls() int { return m.mt.GetTotalCallCount() }

// client returns a Client on the mock; cfg fields left zero get test values.
func (m *mock) client(cfg Config) *Client {
	m.t.Helper()
	if cfg.AccessKeyID == "" && cfg.AuthToken.IsZero() {
		cfg.AccessKeyID, cfg.SecretAccessKey = testAK, iam.NewSecret(testSK)
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = testEndpoint
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 1
	}
	cfg.HTTPClient = &http.Client{Transport: m.mt}
	c, err := New(cfg)
	require.NoError(m.t, err)
	return c
}

// signedHeaders returns the SignedHeaders list of an Authorization value.
func signedHeaders(auth string) []string {
	_, rest, _ := strings.Cut(auth, "SignedHeaders=")
	list, _, _ := strings.Cut(rest, ",")
	return strings.Split(list, ";")
}
