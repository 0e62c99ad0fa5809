package baidu

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// TestMain fails the package's tests if a goroutine outlives them (a server
// not closed, a retry loop not stopped). Idle keep-alive connections of the
// shared HTTP transport are not leaks. In a child started by a benchmark
// (benchtest.Start), it serves the emulator instead.
func TestMain(m *testing.M) {
	benchtest.Serve(map[string]func(int) benchtest.Emulator{"baidu": func(users int) benchtest.Emulator {
		e := baidutest.New()
		for i := range users {
			if _, err := e.AddUser(baidutest.User{Name: benchtest.UserName(i), Description: "seeded for a benchmark", Enabled: true}); err != nil {
				panic(err)
			}
		}
		ak, sk := e.Credentials()
		return benchtest.Emulator{Handler: e, Facts: map[string]string{"ak": ak, "sk": sk}}
	}})
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}
