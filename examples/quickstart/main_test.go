package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestQuickstart runs the example as `go run` would, so it cannot rot.
func TestQuickstart(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "") // always the emulators here
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("quickstart: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"baidu", "huawei", "aliyun-ram", "aliyun-idaas", "create user", "delete user"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "FAILED") {
		t.Errorf("a step failed:\n%s", text)
	}
	// Every cloud has access keys but IDaaS: exactly three "ok" cells on that row.
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "create access key") && strings.Count(line, "ok") != 3 {
			t.Errorf("access keys row: %q", line)
		}
	}
}
