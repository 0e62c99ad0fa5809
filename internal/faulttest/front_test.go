package faulttest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestFront(t *testing.T) {
	calls := 0
	const full = `{"user":{"name":"alice","id":"0123456789"}}`
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, full)
	})
	f := Wrap(h)
	s := httptest.NewServer(f)
	defer s.Close()
	defer f.Release()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(ctx context.Context) (int, string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
		req.Header.Set("Authorization", "secret-auth")
		// no keep-alive: net/http would repeat a GET whose reused
		// connection was reset, hiding the fault
		resp, err := hc.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	ctx := context.Background()

	f.Inject(Fault{Status: 503, Body: "busy"}, Fault{Reset: true}, Fault{Forward: true, Truncate: true})
	if st, body, err := get(ctx); st != 503 || body != "busy" || err != nil || calls != 0 {
		t.Fatalf("status fault: %d %q %v, handler calls %d", st, body, err, calls)
	}
	if _, _, err := get(ctx); err == nil {
		t.Fatal("reset: want a connection error")
	}
	if _, body, err := get(ctx); !errors.Is(err, io.ErrUnexpectedEOF) || calls != 1 || len(body) != len(full)/2 || full[:len(body)] != body {
		t.Fatalf("cut after forwarding: %q %v, handler calls %d", body, err, calls)
	}
	if st, _, err := get(ctx); st != 200 || err != nil || calls != 2 {
		t.Fatalf("no fault left: %d %v", st, err)
	}
	f.Inject(Fault{Hang: true})
	hctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, _, err := get(hctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hang: %v", err)
	}
	f.SetClock(func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) })
	resp, err := http.Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := resp.Header.Get("Date"); d != "Wed, 02 Jan 2030 03:04:05 GMT" {
		t.Fatalf("Date %q", d)
	}
	if f.Requests() != 6 || f.Forwarded() != 3 || f.Failed() != 0 {
		t.Fatalf("counts: %d requests, %d forwarded, %d failed", f.Requests(), f.Forwarded(), f.Failed())
	}
	if cs := f.Credentials(); len(cs) != 1 || cs[0] != "secret-auth" {
		t.Fatalf("credentials seen: %v", cs)
	}
}
