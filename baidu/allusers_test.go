package baidu_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// cutList serves the emulator, but cuts the list answer (GET /v1/user)
// after cut bytes while announcing its full length.
func cutList(t *testing.T, users, cut int) *baidu.Client {
	e := baidutest.New()
	for i := range users {
		_, err := e.AddUser(baidutest.User{Name: fmt.Sprintf("user_%03d", i), Enabled: true})
		require.NoError(t, err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/v1/user" {
			e.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:min(cut, len(body))])
	}))
	t.Cleanup(srv.Close)
	ak, sk := e.Credentials()
	c, err := baidu.New(baidu.Config{AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL, MaxAttempts: 2})
	require.NoError(t, err)
	return c
}

// A list cut midway yields the users that arrived intact, then a typed
// error; the native ListUsers returns the error alone.
func TestAllUsersCutMidway(t *testing.T) {
	ctx := context.Background()
	c := cutList(t, 50, 2000)
	var names []string
	var last error
	for u, err := range c.AllUsers(ctx, nil) {
		if err != nil {
			last = err
			break
		}
		names = append(names, u.Name)
	}
	require.NotEmpty(t, names, "users before the cut are delivered")
	assert.Less(t, len(names), 50)
	assert.Equal(t, "user_000", names[0])
	require.ErrorIs(t, last, iam.ErrInvalidResponse)
	assert.Contains(t, last.Error(), "cut off")

	users, err := c.ListUsers(ctx, nil)
	assert.Nil(t, users)
	require.ErrorIs(t, err, iam.ErrInvalidResponse)
}

// Stopping early ends the listing without an error and leaves the client
// usable.
func TestAllUsersStopEarly(t *testing.T) {
	ctx := context.Background()
	c := cutList(t, 50, 1<<30) // no cut
	n := 0
	for _, err := range c.AllUsers(ctx, nil) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	out, err := c.ListUsers(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, out.Users, 50)
}
