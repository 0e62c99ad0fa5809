package baidu

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// liveProvider refuses to give credentials under a context that has ended,
// as a provider that asks a service would fail.
type liveProvider struct{ ended atomic.Int32 }

func (p *liveProvider) Retrieve(ctx context.Context) (iam.Credentials, error) {
	if err := ctx.Err(); err != nil {
		p.ended.Add(1)
		return iam.Credentials{}, err
	}
	return iam.Credentials{AccessKeyID: testAK, SecretAccessKey: iam.NewSecret(testSK), Source: "test"}, nil
}

// TestAllUsersRetrySignsWithCallContext: the retry of a streamed list gets
// its credentials under the caller's context, as every other call does,
// not under the ended context of the attempt before.
func TestAllUsersRetrySignsWithCallContext(t *testing.T) {
	mock := httpmock.NewMockTransport()
	var n atomic.Int32
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		if n.Add(1) == 1 {
			return httpmock.NewStringResponse(503, `{"code":"ServiceUnavailable"}`), nil
		}
		return httpmock.NewStringResponse(200, `{"users":[{"id":"1","name":"a"}]}`), nil
	})
	p := &liveProvider{}
	c, err := New(Config{Credentials: p, HTTPClient: &http.Client{Transport: mock},
		MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	require.NoError(t, err)
	var names []string
	for u, err := range c.AllUsers(context.Background(), nil) {
		require.NoError(t, err)
		names = append(names, u.Name)
	}
	assert.Equal(t, []string{"a"}, names)
	assert.EqualValues(t, 2, n.Load())
	assert.Zero(t, p.ended.Load(), "credentials asked for under an ended context")
}
