package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// TestInstanceRole runs the example as `go run` would, so it cannot rot.
func TestInstanceRole(t *testing.T) {
	// A real machine's metadata settings do not reach the example.
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	results, err := run(ctx, &out)
	if err != nil {
		t.Fatalf("instance-role: %v\n%s", err, out.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v, want well under 10s", d)
	}
	text := out.String()
	t.Logf("\n%s", text)

	if len(results) != 3 {
		t.Fatalf("got %d clouds, want baidu, huawei and aliyun-ram", len(results))
	}
	for _, r := range results {
		if len(r.steps) != len(workflow) {
			t.Fatalf("%s: %d steps, want %d", r.cloud, len(r.steps), len(workflow))
		}
		for i, o := range r.steps {
			switch {
			case o.err != nil:
				t.Errorf("%s: %s: %v", r.cloud, workflow[i].name, o.err)
			case len(o.keys) != 1:
				t.Errorf("%s: %s signed by %q, want one key", r.cloud, workflow[i].name, o.keys)
			}
		}
		// The refresh really happened: the steps after the jump are signed
		// by another key than the steps before, and never by an old one.
		if len(r.keys) < 2 {
			t.Errorf("%s: signed by %q only: the credentials were not refreshed", r.cloud, r.keys)
		}
		if before, after := r.steps[rotateAfter-1].keys, r.steps[rotateAfter].keys; len(before) == 1 && len(after) == 1 && before[0] == after[0] {
			t.Errorf("%s: the same key %s signed before and after the rotation", r.cloud, before[0])
		}
		if r.stale != 0 {
			t.Errorf("%s: %d requests signed with an expired key", r.cloud, r.stale)
		}
		if r.metadata < 2 {
			t.Errorf("%s: %d metadata requests, want a fetch and a refresh", r.cloud, r.metadata)
		}
		// Every request, the metadata service's included, went to loopback:
		// the emulators, never a link-local metadata address or a cloud.
		for _, addr := range r.addrs {
			host, _, err := net.SplitHostPort(addr)
			if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
				t.Errorf("%s: a request went to %q, not loopback", r.cloud, addr)
			}
		}
		if len(r.addrs) == 0 {
			t.Errorf("%s: no request recorded", r.cloud)
		}
	}

	for _, want := range []string{"baidu", "huawei", "aliyun-ram", "create user", "delete user", "-- rotate"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(text, "FAILED") {
		t.Errorf("a step failed")
	}
}
