package clouds

import (
	"context"
	"testing"
)

// Credentials in the environment never select a real cloud: only
// CLOUDIAM_URL does.
func TestOpenUsesEmulatorsWithoutOptIn(t *testing.T) {
	t.Setenv(EnvURL, "")
	t.Setenv("BCE_ACCESS_KEY_ID", "AKIDREALLOOKING0000000000000000")
	t.Setenv("BCE_SECRET_ACCESS_KEY", "secret")
	t.Setenv("HUAWEICLOUD_SDK_AK", "REALLOOKINGAK0000000")
	t.Setenv("HUAWEICLOUD_SDK_SK", "secret")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIrealLooking00000000")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")
	targets, closeAll, err := Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if len(targets) != 4 {
		t.Fatalf("%d targets, want 4", len(targets))
	}
	for _, tg := range targets {
		if tg.Where != "emulator" || tg.Reopen == nil {
			t.Errorf("%s: where %q, reopen %v", tg.Name, tg.Where, tg.Reopen != nil)
		}
	}
}

// CLOUDIAM_URL opts in to exactly the cloud it names.
func TestOpenHonoursTheURL(t *testing.T) {
	t.Setenv(EnvURL, "baidu://?endpoint=http://127.0.0.1:9")
	t.Setenv("BCE_ACCESS_KEY_ID", "AKIDREALLOOKING0000000000000000")
	t.Setenv("BCE_SECRET_ACCESS_KEY", "secret")
	targets, closeAll, err := Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if len(targets) != 1 || targets[0].Name != "baidu" || targets[0].Where != "cloud" {
		t.Fatalf("targets %+v", targets)
	}
	t.Setenv(EnvURL, "nocloud://")
	if _, _, err := Open(context.Background()); err == nil {
		t.Fatal("an unknown scheme must fail")
	}
}
