// Command report measures the footprint of the three programs in
// ../../footprint and, given the output of `go test -bench` of this module,
// prints the comparison table with the targets of the performance issue.
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
		f, err := os.Open(*benchFile)
		check(err)
		bench = parseBench(f)
		f.Close()
	}
	fp := map[string]footprint{}
	for _, p := range []string{"stdlib", "cloudiam", "official"} {
		fp[p] = measure(p)
	}
	var rows []row
	if bench != nil {
		rows = append(rows, signRows(bench)...)
		rows = append(rows, callRows(bench)...)
	}
	rows = append(rows, footprintRows(fp)...)
	fmt.Println("| measure | cloudiam | official | cloudiam / official | target | met |")
	fmt.Println("|---|---|---|---|---|---|")
	missed := 0
	for _, r := range rows {
		met := "yes"
		if !r.met {
			met = "**MISSED**"
			missed++
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, r.ours, r.official, r.ratio, r.target, met)
	}
	fmt.Printf("\n%d of %d targets missed.\n", missed, len(rows)-1)
}

type row struct {
	name, ours, official, ratio, target string
	met                                 bool
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
	return median(b[name][unit])
}

func signRows(b map[string]map[string][]float64) []row {
	var rows []row
	for _, c := range []string{"baidu", "huawei", "aliyun-acs3"} {
		ours, off := "BenchmarkSign/"+c+"/cloudiam", "BenchmarkSign/"+c+"/official"
		ons, ans := get(b, ours, "ns/op"), get(b, off, "ns/op")
		oal, aal := get(b, ours, "allocs/op"), get(b, off, "allocs/op")
		rows = append(rows,
			row{c + " sign: ns/op", f0(ons), f0(ans), fmt.Sprintf("%.2f (%.1fx faster)", ons/ans, ans/ons), "≤ 2000 ns and ≥ 3x faster", ons <= 2000 && ans/ons >= 3},
			row{c + " sign: allocs/op", f0(oal), f0(aal), fmt.Sprintf("%.2f", oal/aal), "≤ 15", oal <= 15})
	}
	return rows
}

func callRows(b map[string]map[string][]float64) []row {
	floor := "BenchmarkCall/floor/GetUser/net-http"
	rows := []row{{"(context) bare net/http GET on the same loopback: client cpu-ns/op, allocs/op",
		f0(get(b, floor, "cpu-ns/op")) + ", " + f0(get(b, floor, "allocs/op")), "", "", "(floor of any net/http client)", true}}
	for _, c := range []string{"baidu", "huawei", "aliyun"} {
		for _, op := range []string{"GetUser", "CreateUser"} {
			ours, off := "BenchmarkCall/"+c+"/"+op+"/cloudiam", "BenchmarkCall/"+c+"/"+op+"/official"
			for _, unit := range []string{"cpu-ns/op", "allocs/op"} {
				o, a := get(b, ours, unit), get(b, off, unit)
				rows = append(rows, row{c + " " + op + ": client " + unit, f0(o), f0(a), fmt.Sprintf("%.2f", o/a), "≤ 0.50 of official", o/a <= 0.5})
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
	return []row{
		{"all-three-clouds program: stripped binary growth over stdlib-only (" + mb(base) + ")", mb(og), mb(ag), fmt.Sprintf("%.2f", float64(og)/float64(ag)), "≤ 0.40 MB", og <= 400_000},
		{"non-standard modules compiled in", strconv.Itoa(c.modules), strconv.Itoa(o.modules), "", "≤ 3", c.modules <= 3},
		{"clean compile (standard library cached): time", fmt.Sprintf("%.1f s", c.compile.Seconds()), fmt.Sprintf("%.1f s", o.compile.Seconds()), fmt.Sprintf("%.2f", c.compile.Seconds()/o.compile.Seconds()), "< 3 s", c.compile < 3*time.Second},
		{"clean compile: peak memory", fmt.Sprintf("%.0f MB", c.rssMB), fmt.Sprintf("%.0f MB", o.rssMB), fmt.Sprintf("%.2f", c.rssMB/o.rssMB), "(reported)", true},
	}
}

// measure builds footprint/<p> stripped, reads its modules, and times a
// clean compile with a fresh build cache in which only the standard
// library the program uses is already compiled.
func measure(p string) footprint {
	dir, err := os.MkdirTemp("", "footprint")
	check(err)
	defer os.RemoveAll(dir)
	pkg := "./footprint/" + p
	bin := filepath.Join(dir, p)
	check(run(nil, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, pkg))
	st, err := os.Stat(bin)
	check(err)
	info, err := buildinfo.ReadFile(bin)
	check(err)

	env := append(os.Environ(), "GOCACHE="+filepath.Join(dir, "cache"))
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Standard}}{{.ImportPath}}{{end}}", pkg).Output()
	check(err)
	std := strings.Fields(string(out))
	check(run(env, "go", append([]string{"build"}, std...)...))
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "clean"), pkg)
	cmd.Env, cmd.Stderr = env, os.Stderr
	check(cmd.Run())
	fp := footprint{size: st.Size(), modules: len(info.Deps), compile: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		fp.rssMB = float64(ru.Maxrss) / 1024 // KiB on Linux
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
