package aliyun

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// sequence answers with each (status, body) in turn, then repeats the last.
func sequence(cap *captured, answers ...[2]string) httpmock.Responder {
	i := 0
	return func(r *http.Request) (*http.Response, error) {
		a := answers[min(i, len(answers)-1)]
		i++
		status := map[string]int{"200": 200, "400": 400, "500": 500, "503": 503}[a[0]]
		return cap.responder(status, a[1])(r)
	}
}

const throttled = `{"RequestId":"T","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`

func TestRetries(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		call     func(*RAMClient, *IDaaSClient) error
		answers  [][2]string
		attempts int
		kind     iam.Kind
	}{
		{"read retried after throttling", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.GetUser(ctx, &RAMGetUserInput{UserName: "a"})
			return err
		}, [][2]string{{"400", throttled}, {"200", `{"RequestId":"R","User":{"UserName":"a"}}`}}, 2, ""},
		{"read retried after 500", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.GetUser(ctx, &RAMGetUserInput{UserName: "a"})
			return err
		}, [][2]string{{"500", `{"Code":"InternalError"}`}, {"200", `{"RequestId":"R","User":{"UserName":"a"}}`}}, 2, ""},
		{"create retried after throttling (not acted)", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: "a"})
			return err
		}, [][2]string{{"400", throttled}, {"200", `{"RequestId":"R","AccessKey":{"AccessKeyId":"K","AccessKeySecret":"S","Status":"Active"}}`}}, 2, ""},
		{"create not repeated after 500 (may have acted)", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.CreateAccessKey(ctx, &RAMCreateAccessKeyInput{UserName: "a"})
			return err
		}, [][2]string{{"500", `{"RequestId":"R","Code":"InternalError","Message":"m"}`}}, 1, iam.ErrUnavailable},
		{"EIAM create with ClientToken retried after 500", func(_ *RAMClient, c *IDaaSClient) error {
			_, err := c.CreateUser(ctx, seedInput())
			return err
		}, [][2]string{{"500", `{"Code":"InternalError"}`}, {"200", `{"RequestId":"R","UserId":"user_1"}`}}, 2, ""},
		{"EIAM create without ClientToken not repeated after 500", func(_ *RAMClient, c *IDaaSClient) error {
			in := seedInput()
			in.ClientToken = ""
			_, err := c.CreateUser(ctx, in)
			return err
		}, [][2]string{{"500", `{"Code":"InternalError"}`}}, 1, iam.ErrUnavailable},
		{"client errors are not retried", func(r *RAMClient, _ *IDaaSClient) error {
			_, err := r.GetUser(ctx, &RAMGetUserInput{UserName: "a"})
			return err
		}, [][2]string{{"400", `{"Code":"InvalidParameter.UserName.InvalidChars","Message":"m"}`}}, 1, iam.ErrInvalidArgument},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cap captured
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", sequence(&cap, tc.answers...))
			mt.RegisterResponder("POST", "https://eiam.cn-hangzhou.aliyuncs.com/", sequence(&cap, tc.answers...))
			cfg := testConfig(mt)
			cfg.MaxAttempts = 3
			r, err := NewRAM(cfg)
			require.NoError(t, err)
			c, err := NewIDaaS(IDaaSConfig{Config: cfg, InstanceID: "idaas_ue2jvisn35ea5lmthk267xxxxx"})
			require.NoError(t, err)
			err = tc.call(r, c)
			if tc.kind == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.True(t, errors.Is(err, tc.kind), "%v", err)
			}
			require.Len(t, cap.reqs, tc.attempts)
			// Every attempt is signed afresh: a new nonce each time.
			seen := map[string]bool{}
			for _, r := range cap.reqs {
				n := r.Header.Get("x-acs-signature-nonce")
				assert.False(t, seen[n], "nonce reused on retry")
				seen[n] = true
			}
		})
	}
}

func TestRetryAfterHeader(t *testing.T) {
	h := http.Header{}
	h.Set("x-ratelimit-user-api", "Limit:100,Remain:0,TimeLeft:1500,Reset:1")
	h.Set("x-ratelimit-user", "Limit:100,Remain:0,TimeLeft:300")
	assert.Equal(t, "1.5s", retryAfter(h).String())
	h = http.Header{}
	h.Set("Retry-After", "2")
	assert.Equal(t, "2s", retryAfter(h).String())
	assert.Zero(t, retryAfter(http.Header{}))
}
