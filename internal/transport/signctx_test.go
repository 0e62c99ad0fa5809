package transport

import (
	"context"
	"net/http"
	"sync"
	"testing"
)

// TestRetrySignsUnderTheCallContext: Sign gets a request whose context is
// the call's own and still alive on every attempt, retries included (a
// credentials provider may have to refresh under it), and it carries the
// caller's values.
func TestRetrySignsUnderTheCallContext(t *testing.T) {
	type key struct{}
	hc, mt := mockClient()
	s := &testSigner{}
	cfg := fastConfig(hc, s)
	var mu sync.Mutex
	var errs []error
	var vals []any
	inner := cfg.Sign
	cfg.Sign = func(r *http.Request, body []byte) error {
		mu.Lock()
		errs = append(errs, r.Context().Err())
		vals = append(vals, r.Context().Value(key{}))
		mu.Unlock()
		return inner(r, body)
	}
	c := New(cfg)
	sc := serve(mt, status(503), status(500), status(200))
	ctx := context.WithValue(context.Background(), key{}, "caller")
	if _, err := c.Do(ctx, get("https://iam.example.com/v1/user/alice")); err != nil {
		t.Fatal(err)
	}
	if sc.count() != 3 || len(errs) != 3 {
		t.Fatalf("%d requests, %d signatures, want 3 and 3", sc.count(), len(errs))
	}
	for i := range errs {
		if errs[i] != nil {
			t.Errorf("attempt %d was signed under an ended context: %v", i+1, errs[i])
		}
		if vals[i] != "caller" {
			t.Errorf("attempt %d was signed without the caller's values", i+1)
		}
	}
}
