package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestEmulatorProgram starts the program, reads its four service lines, and
// checks that each endpoint answers (an unsigned request is refused by the
// emulator's signature check, which proves it is that service).
func TestEmulatorProgram(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1", pw); _ = pw.Close() }()

	sc := bufio.NewScanner(pr)
	var got []service
	for len(got) < 4 && sc.Scan() {
		var s service
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, s)
	}
	want := []string{"baidu-iam", "huawei-iam", "aliyun-ram", "aliyun-idaas"}
	if len(got) != len(want) {
		t.Fatalf("got %d lines", len(got))
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for i, s := range got {
		if s.Service != want[i] || s.Endpoint == "" || s.AccessKeyID == "" || s.SecretAccessKey == "" {
			t.Errorf("line %d = %+v", i, s)
		}
		resp, err := client.Get(s.Endpoint + "/")
		if err != nil {
			t.Fatalf("%s: %v", s.Service, err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("%s accepted an unsigned request: %d", s.Service, resp.StatusCode)
		}
	}
	if got[1].DomainID == "" || got[3].InstanceID == "" || got[3].OrganizationalUnitID == "" {
		t.Errorf("ids missing: %+v %+v", got[1], got[3])
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not stop after cancel")
	}
}
