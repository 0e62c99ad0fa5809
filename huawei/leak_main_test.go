package huawei

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// TestMain fails the package's tests if a goroutine outlives them (a server
// not closed, a retry loop or a cancelled call not stopped). Idle keep-alive
// connections of the shared HTTP transport are not leaks. In a child started
// by a benchmark (benchtest.Start), it serves the emulator instead.
func TestMain(m *testing.M) {
	benchtest.Serve(map[string]func(int) benchtest.Emulator{"huawei": func(users int) benchtest.Emulator {
		e := huaweitest.New()
		ak, sk := e.Credentials()
		facts := map[string]string{"ak": ak, "sk": sk, "domain": e.DomainID()}
		for i := range users {
			u, err := e.AddUser(huaweitest.User{Name: benchtest.UserName(i), Description: "seeded for a benchmark", Enabled: true})
			if err != nil {
				panic(err)
			}
			if i == 0 {
				facts["user_id"] = u.ID
			}
		}
		return benchtest.Emulator{Handler: e, Facts: facts}
	}})
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}
