// Command report measures the footprint of the programs in ../../footprint
// (all three clouds, and each cloud alone with its build tag) and, given
// the output of `go test -bench` of this module, prints the comparison
// table with the targets of the performance issue. Run it from the
// module's directory (run.sh does):
//
//	go run ./cmd/report [-bench bench.txt]
package main

import (
	"bufio"
	"debug/buildinfo"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	benchFile := flag.String("bench", "", "output of go test -bench -benchmem (several -count runs: medians are used)")
	flag.Parse()
	var bench map[string]map[string][]float64
	if *benchFile != "" {
		data, err := os.ReadFile(*benchFile)
		check(err)
		// go test can exit 0 after a failed benchmark run (seen with
		// -count): refuse output that holds one.
		if strings.Contains(string(data), "--- FAIL") {
			check(fmt.Errorf("%s: a benchmark failed (--- FAIL); no table from partial results", *benchFile))
		}
		bench = parseBench(strings.NewReader(string(data)))
	}
	fp := map[string]footprint{}
	for _, p := range []string{"stdlib", "cloudiam", "official"} {
		fp[p] = measure(p, "", true)
	}
	for _, p := range []string{"cloudiam", "official"} {
		for _, c := range clouds {
			fp[p+"/"+c] = measure(p, c, false)
		}
	}
	var rows []row
	if bench != nil {
		rows = append(rows, signRows(bench)...)
		rows = append(rows, callRows(bench)...)
	}
	rows = append(rows, footprintRows(fp)...)
	fmt.Println("| measure | cloudiam | official | cloudiam / official | target | met |")
	fmt.Println("|---|---|---|---|---|---|")
	missed, targets := 0, 0
	for _, r := range rows {
		met := "yes"
		switch {
		case r.info:
			met = "(info)"
		case !r.met:
			met = "**MISSED**"
			missed++
		}
		if !r.info {
			targets++
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, r.ours, r.official, r.ratio, r.target, met)
	}
	fmt.Printf("\n%d of %d targets missed.\n", missed, targets)
}

// clouds are the per-cloud build tags of the footprint programs.
var clouds = []string{"baidu", "huawei", "aliyun"}

// row is a line of the table; info rows give context and have no target.
type row struct {
	name, ours, official, ratio, target string
	met, info                           bool
}

// parseBench reads "BenchmarkX-2  N  v unit  v unit ..." lines into
// name (without the -GOMAXPROCS suffix) -> unit -> values.
func parseBench(r io.Reader) map[string]map[string][]float64 {
	out := map[string]map[string][]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		if out[name] == nil {
			out[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				out[name][f[i+1]] = append(out[name][f[i+1]], v)
			}
		}
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func get(b map[string]map[string][]float64, name, unit string) float64 {
	v := b[name][unit]
	if len(v) == 0 {
		check(fmt.Errorf("no %s result for %s in the benchmark output", unit, name))
	}
	return median(v)
}

func signRows(b map[string]map[string][]float64) []row {
	var rows []row
	for _, c := range []string{"baidu", "huawei", "aliyun-acs3", "aliyun-rpc"} {
		ours, off := "BenchmarkSign/"+c+"/cloudiam", "BenchmarkSign/"+c+"/official"
		ons, ans := get(b, ours, "ns/op"), get(b, off, "ns/op")
		oal, aal := get(b, ours, "allocs/op"), get(b, off, "allocs/op")
		name, info := c+" sign", false
		nsTarget, allocTarget := "≤ 2000 ns and ≥ 3x faster", "≤ 15"
		if c == "aliyun-rpc" {
			// cloudiam's RAM client signs with ACS3; the classic SDK's
			// RPC signer also reads the clock and makes a nonce per call.
			name, info = "(info) aliyun-rpc HMAC-SHA1 sign vs classic alibaba-cloud-sdk-go", true
			nsTarget, allocTarget = "(info)", "(info)"
		}
		rows = append(rows,
			row{name: name + ": ns/op", ours: f0(ons), official: f0(ans), ratio: fmt.Sprintf("%.2f (%.1fx faster)", ons/ans, ans/ons),
				target: nsTarget, met: ons <= 2000 && ans/ons >= 3, info: info},
			row{name: name + ": allocs/op", ours: f0(oal), official: f0(aal), ratio: fmt.Sprintf("%.2f", oal/aal),
				target: allocTarget, met: oal <= 15, info: info})
	}
	return rows
}

func callRows(b map[string]map[string][]float64) []row {
	floor := "BenchmarkCall/floor/GetUser/net-http"
	rows := []row{{name: "(context) bare net/http GET on the same loopback: client cpu-ns/op, allocs/op",
		ours: f0(get(b, floor, "cpu-ns/op")) + ", " + f0(get(b, floor, "allocs/op")), target: "(floor of any net/http client)", info: true}}
	for _, c := range clouds {
		for _, op := range []string{"GetUser", "CreateUser"} {
			ours, off := "BenchmarkCall/"+c+"/"+op+"/cloudiam", "BenchmarkCall/"+c+"/"+op+"/official"
			for _, unit := range []string{"cpu-ns/op", "allocs/op"} {
				o, a := get(b, ours, unit), get(b, off, unit)
				rows = append(rows, row{name: c + " " + op + ": client " + unit, ours: f0(o), official: f0(a), ratio: fmt.Sprintf("%.2f", o/a),
					target: "≤ 0.50 of official", met: o/a <= 0.5})
			}
		}
	}
	return rows
}

func f0(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

type footprint struct {
	size    int64
	modules int
	compile time.Duration
	rssMB   float64
}

func footprintRows(fp map[string]footprint) []row {
	base := fp["stdlib"].size
	mb := func(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
	og, ag := fp["cloudiam"].size-base, fp["official"].size-base
	c, o := fp["cloudiam"], fp["official"]
	rows := []row{
		{name: "all-three-clouds program: stripped binary growth over stdlib-only (" + mb(base) + ")", ours: mb(og), official: mb(ag),
			ratio: fmt.Sprintf("%.2f", float64(og)/float64(ag)), target: "≤ 0.40 MB (issue: official +3.04 MB)", met: og <= 400_000},
		{name: "non-standard modules compiled in", ours: strconv.Itoa(c.modules), official: strconv.Itoa(o.modules),
			target: "≤ 3 (issue: official 17)", met: c.modules <= 3},
		{name: "clean compile (standard library cached): time", ours: fmt.Sprintf("%.1f s", c.compile.Seconds()), official: fmt.Sprintf("%.1f s", o.compile.Seconds()),
			ratio: fmt.Sprintf("%.2f", c.compile.Seconds()/o.compile.Seconds()), target: "< 3 s (issue: official ~13 s)", met: c.compile < 3*time.Second},
		{name: "clean compile: peak memory (go command and children)", ours: fmt.Sprintf("%.0f MiB", c.rssMB), official: fmt.Sprintf("%.0f MiB", o.rssMB),
			ratio: fmt.Sprintf("%.2f", c.rssMB/o.rssMB), target: "(issue: official 318 MB)", info: true},
	}
	issue := map[string]string{"baidu": "0.12", "huawei": "2.19", "aliyun": "1.70"}
	for _, cl := range clouds {
		oc, ao := fp["cloudiam/"+cl], fp["official/"+cl]
		rows = append(rows, row{name: "(info) " + cl + " only: growth over stdlib-only, non-standard modules",
			ours:     mb(oc.size-base) + ", " + strconv.Itoa(oc.modules),
			official: mb(ao.size-base) + ", " + strconv.Itoa(ao.modules),
			ratio:    fmt.Sprintf("%.2f", float64(oc.size-base)/float64(ao.size-base)),
			target:   "(issue: official +" + issue[cl] + " MB)", info: true})
	}
	return rows
}

// measure builds footprint/<p> stripped (with build tag tag, if any) and
// reads its modules; with compile, it also times a clean compile with a
// fresh build cache in which only the standard library the program uses is
// already compiled.
func measure(p, tag string, compile bool) footprint {
	dir, err := os.MkdirTemp("", "footprint")
	check(err)
	defer os.RemoveAll(dir)
	pkg := "./footprint/" + p
	bin := filepath.Join(dir, p)
	check(run(nil, "go", "build", "-trimpath", "-ldflags=-s -w", "-tags="+tag, "-o", bin, pkg))
	st, err := os.Stat(bin)
	check(err)
	info, err := buildinfo.ReadFile(bin)
	check(err)
	fp := footprint{size: st.Size(), modules: len(info.Deps)} // the "dep" lines of go version -m
	if !compile {
		return fp
	}

	env := append(os.Environ(), "GOCACHE="+filepath.Join(dir, "cache"))
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Standard}}{{.ImportPath}}{{end}}", pkg).Output()
	check(err)
	std := strings.Fields(string(out))
	check(run(env, "go", append([]string{"build"}, std...)...))
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "clean"), pkg)
	cmd.Env, cmd.Stderr = env, os.Stderr
	check(cmd.Run())
	fp.compile = time.Since(start)
	// For a waited-for child, Linux reports the largest resident set of
	// the child and of its own waited-for children (the compiler and
	// linker processes the go command runs), in KiB.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		fp.rssMB = float64(ru.Maxrss) / 1024
	}
	return fp
}

func run(env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, os.Stderr, os.Stderr
	return cmd.Run()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}
