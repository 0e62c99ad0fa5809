package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// skewServer runs 1h ahead of us and refuses a signing time more than a
// minute from its clock, with its Date header, as the clouds do.
func skewServer(t *testing.T, calls *int) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*calls++
		now := time.Now().Add(time.Hour)
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		signed, err := time.Parse(time.RFC3339, r.Header.Get("X-Sign-Time"))
		if err != nil || signed.Sub(now).Abs() > time.Minute {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(s.Close)
	return s
}

func skewClient(skew bool) *Client {
	var c *Client
	c = New(Config{
		Provider: "test", MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond,
		Sign: func(r *http.Request, _ []byte) error {
			r.Header.Set("X-Sign-Time", c.Now().UTC().Format(time.RFC3339))
			return nil
		},
		Classify: func(resp *http.Response, _ []byte) Decision {
			return Decision{ClockSkew: skew, Err: &iam.Error{Kind: iam.ErrUnauthenticated, Code: "RequestExpired"}}
		},
	})
	return c
}

// A signing time the server refuses is corrected from its Date header and
// retried once, even for a create; the offset is kept for later calls.
func TestClockSkewResignsOnce(t *testing.T) {
	calls := 0
	s := skewServer(t, &calls)
	c := skewClient(true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Do(ctx, &Request{Op: "Create", Method: http.MethodPost, URL: s.URL, Idempotent: false}); err != nil {
		t.Fatalf("create after a skew answer: %v", err)
	}
	if calls != 2 {
		t.Fatalf("%d attempts, want 2 (one refused, one re-signed)", calls)
	}
	if d := time.Until(c.Now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("learnt offset %v, want about 1h", d)
	}
	calls = 0
	if _, err := c.Do(ctx, &Request{Op: "Get", Method: http.MethodGet, URL: s.URL, Idempotent: true}); err != nil || calls != 1 {
		t.Fatalf("a later call must be signed with the learnt clock at once: %v after %d attempts", err, calls)
	}
}

// A server that keeps refusing the time is retried only once; without
// ClockSkew nothing is learnt and a create is not repeated.
func TestClockSkewBounded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	calls := 0
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusBadRequest)
	}))
	defer s.Close()
	_, err := skewClient(true).Do(ctx, &Request{Op: "Get", Method: http.MethodGet, URL: s.URL, Idempotent: true})
	if !errors.Is(err, iam.ErrUnauthenticated) || calls != 2 {
		t.Fatalf("got %v after %d attempts, want ErrUnauthenticated after 2", err, calls)
	}
	calls = 0
	c := skewClient(false)
	_, err = c.Do(ctx, &Request{Op: "Create", Method: http.MethodPost, URL: s.URL})
	if err == nil || calls != 1 || time.Until(c.Now()) > time.Minute {
		t.Fatalf("without ClockSkew: %v after %d attempts, offset %v", err, calls, time.Until(c.Now()))
	}
}
