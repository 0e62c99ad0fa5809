package baidu

import (
	"fmt"
	"os"
	"path/filepath"
)

func readVectors(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "signer", "testdata", "vectors", name))
}

func fmtAll(v any) string {
	return fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
}
