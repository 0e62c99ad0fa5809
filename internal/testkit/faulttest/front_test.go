package faulttest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

// Rewrite spoils the handler's answer after it acted; Answer builds one
// from the request; Endless never ends.
func TestFrontSpoilsAndEchoes(t *testing.T) {
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		_, _ = io.WriteString(w, `{"user":{"name":"alice","id":"u-1","n":3}}`)
	})
	f := Wrap(h)
	s := httptest.NewServer(f)
	defer s.Close()
	defer f.Release()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(req *http.Request) (int, http.Header, string) {
		t.Helper()
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		return resp.StatusCode, resp.Header, string(b)
	}
	post := func(body string) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/user", strings.NewReader(body))
		req.Header.Set("Authorization", "bce-auth-v1/AK/2026/1800/host/sig")
		return req
	}

	f.Inject(Fault{Forward: true, Rewrite: spoil(blankStrings)}, Fault{Forward: true, Rewrite: spoil(func(b []byte) []byte { return append([]byte(bom), b...) })},
		Fault{Forward: true, Rewrite: redirectAfter(307, true)}, Fault{Forward: true, Rewrite: replace(204, nil, "")})
	if st, _, body := do(post(`{}`)); st != 201 || body != `{"user":{"id":"","n":3,"name":""}}` || calls != 1 {
		t.Fatalf("blank: %d %s (calls %d)", st, body, calls)
	}
	if _, _, body := do(post(`{}`)); !strings.HasPrefix(body, bom+`{"user"`) || calls != 2 {
		t.Fatalf("bom: %q", body)
	}
	if st, hdr, body := do(post(`{}`)); st != 307 || hdr.Get("Location") == "" || !strings.Contains(body, "alice") || calls != 3 {
		t.Fatalf("redirect: %d %v %s", st, hdr, body)
	}
	if st, _, body := do(post(`{}`)); st != 204 || body != "" || calls != 4 {
		t.Fatalf("204: %d %q", st, body)
	}

	// The echo quotes the password only when the request carried it, in
	// the format of the cloud that signed it.
	f.Inject(Fault{Answer: echoSecret}, Fault{Answer: echoSecret})
	if st, hdr, body := do(post(`{"password":"` + Password + `"}`)); st != 400 || !strings.Contains(body, `"message":"The password `+Password) || hdr.Get("X-Bce-Request-Id") == "" {
		t.Fatalf("echo: %d %s", st, body)
	}
	if _, _, body := do(post(`{}`)); strings.Contains(body, Password) || !strings.Contains(body, matrixUser) {
		t.Fatalf("echo without a password: %s", body)
	}
	f.Inject(Fault{Answer: echoCarried}, Fault{Answer: echoCarried})
	if st, _, body := do(post(`{}`)); st != 201 || !strings.Contains(body, "alice") || calls != 5 {
		t.Fatalf("echoCarried without a password passes: %d %s", st, body)
	}
	if st, _, body := do(post(`{"password":"` + Password + `"}`)); st != 400 || !strings.Contains(body, Password) || calls != 5 {
		t.Fatalf("echoCarried with a password: %d %s", st, body)
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/?Action=CreateLoginProfile&Password="+url.QueryEscape(Password), nil)
	f.Inject(Fault{Answer: echoSecret})
	if _, hdr, body := do(req); !strings.Contains(body, `"Message":"The password `+Password) || hdr.Get("X-Acs-Request-Id") == "" {
		t.Fatalf("echo to aliyun: %s", body)
	}

	// Oversized: a 4 MiB request id, a message of about 900 KiB within
	// the 1 MiB an error body is read to.
	f.Inject(Fault{Answer: oversized})
	st, hdr, body := do(post(`{}`))
	if st != 400 || len(hdr.Get("X-Bce-Request-Id")) != 4<<20 || len(body) < 900<<10 || len(body) > 1<<20 {
		t.Fatalf("oversized: %d, request id %d bytes, body %d bytes", st, len(hdr.Get("X-Bce-Request-Id")), len(body))
	}

	// Endless: 4 MiB read and still going; the handler is not called.
	f.Inject(Fault{Endless: `{"users":[{"name":"`})
	resp, err := http.Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<20))
	resp.Body.Close()
	if n != 4<<20 || err != nil || calls != 5 {
		t.Fatalf("endless: %d bytes, %v, calls %d", n, err, calls)
	}
}
