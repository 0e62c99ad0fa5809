package clouds

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the provider matrix in README.md")

const (
	matrixStart = "<!-- matrix:start (generated from Capabilities; go test ./examples/internal/clouds -update) -->\n"
	matrixEnd   = "<!-- matrix:end -->"
)

// TestREADMEMatrix checks that README.md's provider matrix is the one the
// clients' Capabilities produce.
func TestREADMEMatrix(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	targets, closeAll, err := Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	want := Matrix(targets)

	const path = "../../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, matrixStart), strings.Index(readme, matrixEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no matrix markers")
	}
	got := readme[i+len(matrixStart) : j]
	if got == want {
		return
	}
	if *update {
		readme = readme[:i+len(matrixStart)] + want + readme[j:]
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's provider matrix is stale; run go test ./examples/internal/clouds -update\nwant:\n%s", want)
}
