package aliyun_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/internal/testkit/benchtest"
)

// TestMain fails the package's tests if any leave goroutines running
// (iterators that keep fetching, servers left open). Idle keep-alive
// connections of HTTP clients are closed by the servers' Close, not leaks.
// In a child started by a benchmark (benchtest.Start), it serves the
// emulator instead, with the users in RAM and in the EIAM instance.
func TestMain(m *testing.M) {
	benchtest.Serve(map[string]func(int) benchtest.Emulator{"aliyun": func(users int) benchtest.Emulator {
		e := aliyuntest.New()
		ak, sk := e.Credentials()
		facts := map[string]string{"ak": ak, "sk": sk, "instance": e.InstanceID(), "ou": e.OrganizationalUnitID()}
		for i := range users {
			u := aliyuntest.User{Name: benchtest.UserName(i), DisplayName: "Bench", Description: "seeded for a benchmark", Enabled: true}
			if _, err := e.AddUser(u); err != nil {
				panic(err)
			}
			eu, err := e.AddIDaaSUser(u)
			if err != nil {
				panic(err)
			}
			if i == 0 {
				facts["idaas_user_id"] = eu.ID
			}
		}
		return benchtest.Emulator{Handler: e, Facts: facts}
	}})
	// No test reads the real home directory or asks a real metadata
	// service by accident: tests that want either set them.
	home, err := os.MkdirTemp("", "aliyun-home-")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	goleak.VerifyTestMain(m,
		goleak.Cleanup(func(code int) {
			os.RemoveAll(home)
			os.Exit(code)
		}),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}
