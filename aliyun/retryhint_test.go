package aliyun

import (
	"net/http"
	"testing"
	"time"
)

// A huge TimeLeft or Retry-After is clamped, never wrapped around into a
// tiny (or negative) wait that would retry at once.
func TestRetryAfterClampsServerHints(t *testing.T) {
	for _, tc := range []struct {
		header, value string
		want          time.Duration
	}{
		{"x-ratelimit-user-api", "Limit:100,Remain:0,TimeLeft:1500,Reset:1", 1500 * time.Millisecond},
		{"x-ratelimit-user-api", "TimeLeft:9223372036854775807", maxRetryHint},
		{"x-ratelimit-user", "TimeLeft:99999999999999999999999", maxRetryHint},
		{"x-ratelimit-user", "TimeLeft:-5", 0},
		{"x-ratelimit-user", "TimeLeft:abc", 0},
		{"Retry-After", "3", 3 * time.Second},
		{"Retry-After", "9223372036854775807", maxRetryHint},
		{"Retry-After", "-1", 0},
	} {
		h := http.Header{}
		h.Set(tc.header, tc.value)
		if got := retryAfter(h); got != tc.want {
			t.Errorf("%s: %s: got %v, want %v", tc.header, tc.value, got, tc.want)
		}
	}
}
