// Package benchtest runs an emulator in a child process for client-side
// benchmarks, so the benchmark's process holds only the client: its CPU
// time, allocations and heap are the client's alone.
//
// A package's TestMain calls Serve first; a benchmark calls Start, which
// re-executes the test binary in emulator mode.
package benchtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

const (
	envRole  = "CLOUDIAM_BENCH_EMULATOR" // the emulator's name, in the child
	envUsers = "CLOUDIAM_BENCH_USERS"    // how many users to seed
)

// Emulator is what a child serves: its handler and the facts a client
// needs (credentials, ids), printed for the parent.
type Emulator struct {
	Handler http.Handler
	Facts   map[string]string
}

// Serve, called at the top of TestMain, turns this process into an
// emulator when Start asked for it: it builds the named emulator with
// users users, serves it on loopback, prints its URL and facts, and exits
// when standard input closes (the parent ended). Otherwise it returns.
func Serve(emulators map[string]func(users int) Emulator) {
	name := os.Getenv(envRole)
	if name == "" {
		return
	}
	build, ok := emulators[name]
	if !ok {
		fmt.Fprintln(os.Stderr, "benchtest: no emulator", name)
		os.Exit(2)
	}
	n, _ := strconv.Atoi(os.Getenv(envUsers))
	e := build(n)
	srv := httptest.NewServer(e.Handler)
	facts := map[string]string{"url": srv.URL}
	for k, v := range e.Facts {
		facts[k] = v
	}
	if err := json.NewEncoder(os.Stdout).Encode(facts); err != nil {
		os.Exit(2)
	}
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
	os.Exit(0)
}

// Start runs the named emulator with users users in a child process and
// returns its facts ("url" and what the emulator added). The child stops
// when the benchmark ends.
func Start(tb testing.TB, name string, users int) map[string]string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), envRole+"="+name, envUsers+"="+strconv.Itoa(users))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			tb.Errorf("benchtest: emulator %s: %v", name, err)
		}
	})
	var facts map[string]string
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &facts)
	}
	if err != nil {
		tb.Fatalf("benchtest: emulator %s did not start: %v", name, err)
	}
	return facts
}

// CPU reports the process's CPU time (user and system) per iteration as
// "cpu-ns/op" when the returned function is called at the end of the loop.
// With the emulator in a child process, that is the client's cost.
func CPU(b *testing.B) (stop func()) {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// PeakHeap runs fn and returns the largest heap (bytes of live and not yet
// collected objects) seen while it ran, sampled every 100 µs after a
// collection that leaves only what was live before.
func PeakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	peak := read()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return max(peak, read())
}

// ListSizes are the account sizes ListUsers benchmarks list: the peak heap
// must not depend on them.
var ListSizes = []int{10_000, 100_000}

// ListUsers benchmarks listing every user through the portable ListUsers
// of the client open returns, against the named emulator seeded with each
// of ListSizes, and reports the peak heap during a listing ("peak-heap-MiB").
func ListUsers(b *testing.B, name string, open func(b *testing.B, facts map[string]string) *iam.Client) {
	for _, n := range ListSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := open(b, Start(b, name, n))
			ctx := context.Background()
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				got := 0
				peak = max(peak, PeakHeap(func() {
					for _, err := range c.ListUsers(ctx, &iam.ListUsersInput{}) {
						if err != nil {
							b.Fatal(err)
						}
						got++
					}
				}))
				if got != n {
					b.Fatalf("listed %d users, want %d", got, n)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// UserName is the name of the i-th seeded user.
func UserName(i int) string { return fmt.Sprintf("bench_user_%06d", i) }
