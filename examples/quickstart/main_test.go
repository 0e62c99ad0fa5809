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
	// Cloud credentials in the environment do not make the quickstart touch
	// a real account: only CLOUDIAM_URL opts in.
	t.Setenv("CLOUDIAM_URL", "")
	t.Setenv("BCE_ACCESS_KEY_ID", "AKIDREALLOOKING0000000000000000")
	t.Setenv("BCE_SECRET_ACCESS_KEY", "realLookingSecret")
	t.Setenv("HUAWEICLOUD_SDK_AK", "REALLOOKINGAK0000000")
	t.Setenv("HUAWEICLOUD_SDK_SK", "realLookingSecret")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIrealLooking00000000")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "realLookingSecret")
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
	if strings.Count(text, "(emulator)") != 4 || strings.Contains(text, "(cloud)") {
		t.Errorf("not all on the emulators:\n%s", text)
	}
	// "n/a" only where the cloud lacks the operation: IDaaS has no access
	// keys and no DeleteLoginProfile, but it does set passwords (without
	// the reset flag it lacks, which the workflow leaves out by Capabilities).
	rows := map[string]int{"create access key": 3, "delete login profile": 3, "set login profile": 4, "delete user": 4}
	for _, line := range strings.Split(text, "\n") {
		for row, ok := range rows {
			if strings.HasPrefix(line, row) && strings.Count(line, "ok") != ok {
				t.Errorf("row %q: want %d ok cells: %q", row, ok, line)
			}
		}
	}
}
