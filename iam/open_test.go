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
		iam.Register("Test-Open", iam.OpenerFunc(func(_ context.Context, u *url.URL) (iam.Client, error) {
			opened.Lock()
			opened.urls = append(opened.urls, u.Scheme+"|"+u.Host+"|"+u.Path+"|"+u.RawQuery)
			opened.Unlock()
			return iamtest.NewFake(), nil
		}))
		iam.Register("test-fail", iam.OpenerFunc(func(context.Context, *url.URL) (iam.Client, error) { return nil, errOpen }))
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
	open := iam.OpenerFunc(func(context.Context, *url.URL) (iam.Client, error) { return nil, nil })
	assert.PanicsWithValue(t, "iam: scheme registered twice: test-open", func() { iam.Register("test-open", open) })
	assert.Panics(t, func() { iam.Register("TEST-OPEN", open) }, "case-insensitive duplicates")
	assert.Panics(t, func() { iam.Register("", open) })
	assert.Panics(t, func() { iam.Register("test-nil", nil) })
	assert.NotContains(t, iam.Schemes(), "test-nil")
}
