package faulttest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// FuzzResponses fuzzes every response decoder of a client: a server
// answers each request of every portable operation with the fuzzed status,
// content type and body, and each call must end with nil or an *iam.Error,
// never a panic or a hang. build should disable retries (MaxAttempts 1).
// seeds are bodies the cloud really sends.
func FuzzResponses(f *testing.F, build Builder, seeds ...string) {
	var mu sync.Mutex
	var status int
	var ctype, body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		s, ct, b := status, ctype, body
		mu.Unlock()
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(s)
		_, _ = w.Write([]byte(b))
	}))
	f.Cleanup(srv.Close)
	c, err := build(srv.URL)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(200, "application/json", s)
		f.Add(400, "application/json", s)
	}
	f.Add(200, "application/json", `{}`)
	f.Add(200, "application/json", `null`)
	f.Add(200, "text/html", htmlPage)
	f.Add(502, "text/html", htmlPage)
	f.Add(404, "application/json", `{"code":"NoSuchUser","Code":"EntityNotExist.User","error_code":"IAM.0004"}`)
	f.Fuzz(func(t *testing.T, st int, ct, b string) {
		if st < 0 {
			st = -st
		}
		mu.Lock()
		status, ctype, body = 200+st%400, ct, b
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for name, err := range calls(ctx, c) {
			var ie *iam.Error
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("%s: %v (%T) is not an *iam.Error", name, err, err)
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("the calls did not end in time: %v", ctx.Err())
		}
	})
}

// calls runs every portable operation once, with valid arguments, and
// yields each one's error.
func calls(ctx context.Context, c *iam.Client) map[string]error {
	const u, k = "fuzz_user1", "LTAI5tFuzzKey0001"
	out := map[string]error{}
	_, out["CreateUser"] = c.CreateUser(ctx, &iam.CreateUserInput{Name: u})
	_, out["GetUser"] = c.GetUser(ctx, u)
	_, out["UpdateUser"] = c.UpdateUser(ctx, u, &iam.UpdateUserInput{Description: iam.Ptr("d")})
	for _, err := range c.ListUsers(ctx, nil) {
		if err != nil {
			out["ListUsers"] = err
		}
	}
	_, out["GetLoginProfile"] = c.GetLoginProfile(ctx, u)
	_, out["SetLoginProfile"] = c.SetLoginProfile(ctx, u, &iam.LoginProfileInput{Password: iam.NewSecret(Password)})
	out["DeleteLoginProfile"] = c.DeleteLoginProfile(ctx, u)
	_, out["CreateAccessKey"] = c.CreateAccessKey(ctx, u)
	_, out["ListAccessKeys"] = c.ListAccessKeys(ctx, u)
	out["EnableAccessKey"] = c.EnableAccessKey(ctx, u, k)
	out["DisableAccessKey"] = c.DisableAccessKey(ctx, u, k)
	out["DeleteAccessKey"] = c.DeleteAccessKey(ctx, u, k)
	out["DeleteUser"] = c.DeleteUser(ctx, u)
	return out
}
