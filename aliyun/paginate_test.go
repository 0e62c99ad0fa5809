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

func TestAllUsersRepeatedMarker(t *testing.T) {
	c, mt := newMockRAM(t)
	mt.RegisterResponder("POST", "https://ram.aliyuncs.com/", httpmock.NewStringResponder(200,
		`{"RequestId":"R","IsTruncated":true,"Marker":"same","Users":{"User":[{"UserId":"1","UserName":"a"}]}}`))
	var names []string
	var last error
	for u, err := range c.AllUsers(context.Background(), 0) {
		if err != nil {
			last = err
			break
		}
		names = append(names, u.UserName)
	}
	assert.Equal(t, []string{"a", "a"}, names)
	assert.True(t, errors.Is(last, iam.ErrInvalidResponse), "%v", last)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestAllUsersStopsWhenTheLoopBreaks(t *testing.T) {
	c, mt := newMockIDaaS(t)
	mt.RegisterResponder("POST", "https://eiam.cn-hangzhou.aliyuncs.com/", func(r *http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(200, `{"RequestId":"R","TotalCount":1000,"Users":[`+
			`{"UserId":"user_1","Username":"a"},{"UserId":"user_2","Username":"b"}]}`), nil
	})
	n := 0
	for _, err := range c.AllUsers(context.Background(), &IDaaSListUsersInput{PageSize: 2, Status: IDaaSUserEnabled}) {
		require.NoError(t, err)
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 2, mt.GetTotalCallCount(), "the third page is never fetched")
	var cap captured
	mt.RegisterResponder("POST", "https://eiam.cn-hangzhou.aliyuncs.com/", cap.responder(200, `{"RequestId":"R","TotalCount":0,"Users":[]}`))
	for range c.AllUsers(context.Background(), &IDaaSListUsersInput{Status: IDaaSUserEnabled, UsernameStartsWith: "a"}) {
	}
	require.Len(t, cap.reqs, 1)
	q := cap.reqs[0].URL.Query()
	assert.Equal(t, "1", q.Get("PageNumber"))
	assert.Equal(t, "100", q.Get("PageSize"))
	assert.Equal(t, "enabled", q.Get("Status"))
	assert.Equal(t, "a", q.Get("UsernameStartsWith"))
}
