package iam_test

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

// The test schemes are registered once per process (tests may run with
// -count > 1).
var (
	registerOnce sync.Once
	opened       struct {
		sync.Mutex
		urls []string
	}
	errOpen = errors.New("opener failed")
)

func registerTestSchemes() {
	registerOnce.Do(func() {
		iam.Register("Test-Open", iam.URLOpenerFunc(func(_ context.Context, u *url.URL) (*iam.Client, error) {
			opened.Lock()
			opened.urls = append(opened.urls, u.Scheme+"|"+u.Host+"|"+u.Path+"|"+u.RawQuery)
			opened.Unlock()
			return iamtest.NewFake(), nil
		}))
		iam.Register("test-fail", iam.URLOpenerFunc(func(context.Context, *url.URL) (*iam.Client, error) { return nil, errOpen }))
	})
}

func TestOpen(t *testing.T) {
	registerTestSchemes()
	ctx := context.Background()

	opened.Lock()
	opened.urls = nil
	opened.Unlock()
	c, err := iam.Open(ctx, "test-open://?region=bj&x=1")
	require.NoError(t, err)
	assert.Equal(t, "fake", c.Capabilities().Provider, "the registered opener's client")

	_, err = iam.Open(ctx, "TEST-OPEN://host/path")
	require.NoError(t, err, "schemes are case-insensitive")
	opened.Lock()
	assert.Equal(t, []string{"test-open|||region=bj&x=1", "test-open|host|/path|"}, opened.urls,
		"the opener gets the parsed URL")
	opened.Unlock()

	_, err = iam.Open(ctx, "test-fail://")
	assert.Same(t, errOpen, err, "the opener's error is returned as is")

	assert.Contains(t, iam.Schemes(), "test-open", "registered lower-cased")
	assert.Contains(t, iam.Schemes(), "test-fail")
	assert.IsNonDecreasing(t, iam.Schemes())
}

func TestOpenErrors(t *testing.T) {
	registerTestSchemes()
	ctx := context.Background()
	tests := []struct {
		name, url string
		contains  []string
	}{
		{"unknown scheme", "nope://?secret=hunter2", []string{`unknown scheme "nope"`, "test-open", "import the provider package"}},
		{"no scheme", "region=bj", []string{`unknown scheme ""`}},
		{"empty", "", []string{`unknown scheme ""`}},
		{"not a URL", "baidu://user:hunter2@[bad", []string{"not a URL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := iam.Open(ctx, tc.url)
			assert.Nil(t, c)
			var ie *iam.Error
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, iam.ErrInvalidArgument, ie.Kind)
			assert.Equal(t, "url", ie.Field)
			assert.Equal(t, "Open", ie.Op)
			for _, s := range tc.contains {
				assert.Contains(t, err.Error(), s)
			}
			assert.NotContains(t, err.Error(), "hunter2", "the URL's secrets stay out of the error")
		})
	}
}

func TestRegisterMisuse(t *testing.T) {
	registerTestSchemes()
	open := iam.URLOpenerFunc(func(context.Context, *url.URL) (*iam.Client, error) { return nil, nil })
	assert.ErrorIs(t, iam.Register("test-open", open), iam.ErrAlreadyExists)
	assert.ErrorIs(t, iam.Register("TEST-OPEN", open), iam.ErrAlreadyExists, "case-insensitive duplicates")
	assert.ErrorIs(t, iam.Register("", open), iam.ErrInvalidArgument)
	assert.ErrorIs(t, iam.Register("test-nil", nil), iam.ErrInvalidArgument)
	assert.NotContains(t, iam.Schemes(), "test-nil")
	assert.NoError(t, iam.DefaultURLMux().Replace("test-open", open), "Replace takes a registered scheme")
}

func TestURLMuxOwnRegistry(t *testing.T) {
	var mux iam.URLMux
	var got string
	require.NoError(t, mux.Register("mine", iam.URLOpenerFunc(func(_ context.Context, u *url.URL) (*iam.Client, error) {
		got = u.Query().Get("x")
		return iamtest.NewFake(), nil
	})))
	c, err := mux.Open(context.Background(), "MINE://?x=1")
	require.NoError(t, err)
	assert.Equal(t, "fake", c.Provider())
	assert.Equal(t, "1", got)
	_, err = mux.Open(context.Background(), "baidu://")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument, "the default mux's schemes are not in an own mux")
	_, err = mux.Open(context.Background(), "mine://AK:SECRET@host")
	var e *iam.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "url", e.Field)
	assert.NotContains(t, err.Error(), "SECRET")
	//lint:ignore SA1012 a nil context is the case under test
	_, err = mux.Open(nil, "mine://")
	assert.ErrorIs(t, err, iam.ErrInvalidArgument)
}
