package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A variant is one benchmark that runs alone in a process: one client
// making one call, or one signer.
type variant struct {
	bench string // the benchmark's full name, without the -GOMAXPROCS suffix
	time  string // -test.benchtime
}

// A group is the variants compared with each other: cloudiam, the
// official client and the floor of one call, or the two signers of one
// algorithm. Its variants run one after the other, so the drift of the
// machine between them is small.
type group []variant

var (
	callClouds = []string{"baidu", "huawei", "aliyun"}
	callOps    = []string{"GetUser", "CreateUser"}
	callSides  = []string{"cloudiam", "official", "floor"}
	signAlgos  = []string{"baidu", "huawei", "aliyun-acs3", "aliyun-rpc"}
	signSides  = []string{"cloudiam", "official"}
)

func groups(calls int, signTime time.Duration) []group {
	var gs []group
	for _, c := range callClouds {
		for _, op := range callOps {
			var g group
			for _, s := range callSides {
				g = append(g, variant{bench: "BenchmarkCall/" + c + "/" + op + "/" + s, time: strconv.Itoa(calls) + "x"})
			}
			gs = append(gs, g)
		}
	}
	for _, a := range signAlgos {
		var g group
		for _, s := range signSides {
			g = append(g, variant{bench: "BenchmarkSign/" + a + "/" + s, time: signTime.String()})
		}
		gs = append(gs, g)
	}
	return gs
}

// order is the order of round r: the groups rotated by r, reversed on odd
// rounds, and within each group the r-th permutation of its variants, so
// that across rounds every variant runs first, in the middle and last,
// after and before each other.
func order(gs []group, r int) []variant {
	n := len(gs)
	rot := make([]group, n)
	for i := range gs {
		rot[i] = gs[(i+r)%n]
	}
	if r%2 == 1 {
		for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
			rot[i], rot[j] = rot[j], rot[i]
		}
	}
	var out []variant
	for _, g := range rot {
		perms := permutations(len(g))
		for _, i := range perms[r%len(perms)] {
			out = append(out, g[i])
		}
	}
	return out
}

// permutations lists the permutations of 0..n-1 in lexicographic order.
func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		for i := range out[a] {
			if out[a][i] != out[b][i] {
				return out[a][i] < out[b][i]
			}
		}
		return false
	})
	return out
}

// result is one benchmark line of one round: unit -> value.
type result map[string]float64

// results are by round, then benchmark name.
type results []map[string]result

// runRounds builds the test binary and the emulator, then runs rounds
// rounds; in each it starts a fresh emulator, runs every variant in its own
// process in the round's order, and stops the emulator. Every benchmark
// line goes to raw (prefixed with its round) and to standard error.
func runRounds(rounds, calls int, signTime time.Duration, raw io.Writer) (results, error) {
	dir, err := os.MkdirTemp("", "benchcmp-rounds")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	test, emu := filepath.Join(dir, "benchcmp.test"), filepath.Join(dir, "emulator")
	if err := run(nil, "", "go", "test", "-c", "-o", test, "."); err != nil {
		return nil, err
	}
	if err := run(nil, "../..", "go", "build", "-o", emu, "./examples/emulator"); err != nil {
		return nil, err
	}
	gs := groups(calls, signTime)
	res := make(results, rounds)
	for r := range rounds {
		start := time.Now()
		services, stop, err := startEmulator(emu)
		if err != nil {
			return nil, err
		}
		res[r] = map[string]result{}
		for _, v := range order(gs, r) {
			line, err := runVariant(test, v, services)
			if err != nil {
				stop()
				return nil, fmt.Errorf("round %d: %s: %w", r+1, v.bench, err)
			}
			fmt.Fprintf(raw, "round=%d %s\n", r+1, line)
			name, m := parseLine(line)
			res[r][name] = m
		}
		stop()
		fmt.Fprintf(os.Stderr, "round %d of %d: %d processes in %.0f s\n", r+1, rounds, len(res[r]), time.Since(start).Seconds())
	}
	return res, nil
}

// startEmulator starts the emulator binary and returns its four service
// lines.
func startEmulator(bin string) (services string, stop func(), err error) {
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	br := bufio.NewReader(out)
	var lines strings.Builder
	for range 4 {
		l, err := br.ReadString('\n')
		if err != nil {
			stop()
			return "", nil, fmt.Errorf("emulator: %w", err)
		}
		lines.WriteString(l)
	}
	return lines.String(), stop, nil
}

// runVariant runs one benchmark alone in a process of the test binary and
// returns its result line.
func runVariant(test string, v variant, services string) (string, error) {
	levels := strings.Split(v.bench, "/")
	for i, l := range levels {
		levels[i] = "^" + regexp.QuoteMeta(l) + "$"
	}
	cmd := exec.Command(test, "-test.run=^$", "-test.bench="+strings.Join(levels, "/"),
		"-test.benchmem", "-test.benchtime="+v.time, "-test.count=1")
	cmd.Env = append(os.Environ(), "BENCHCMP_SERVICES="+services)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil || bytes.Contains(out.Bytes(), []byte("--- FAIL")) {
		return "", fmt.Errorf("%v\n%s", err, out.Bytes())
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if name, _ := parseLine(l); name == v.bench {
			return l, nil
		}
	}
	return "", fmt.Errorf("no result line\n%s", out.Bytes())
}

// parseLine reads "BenchmarkX-2  N  v unit  v unit ..." into the name
// (without the -GOMAXPROCS suffix) and unit -> value; name is "" for any
// other line.
func parseLine(l string) (string, result) {
	f := strings.Fields(l)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return "", nil
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	m := result{}
	for i := 2; i+1 < len(f); i += 2 {
		if v, err := strconv.ParseFloat(f[i], 64); err == nil {
			m[f[i+1]] = v
		}
	}
	return name, m
}

// readRaw reads what runRounds wrote to raw.
func readRaw(r io.Reader) (results, error) {
	var res results
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		round, line, ok := strings.Cut(sc.Text(), " ")
		if !ok || !strings.HasPrefix(round, "round=") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(round, "round="))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad line %q", sc.Text())
		}
		for len(res) < n {
			res = append(res, map[string]result{})
		}
		name, m := parseLine(line)
		if name == "" {
			return nil, fmt.Errorf("bad line %q", sc.Text())
		}
		res[n-1][name] = m
	}
	return res, sc.Err()
}

// values are the unit values of a benchmark over the rounds that have it.
func (res results) values(bench, unit string) []float64 {
	var v []float64
	for _, r := range res {
		if m, ok := r[bench]; ok {
			if x, ok := m[unit]; ok {
				v = append(v, x)
			}
		}
	}
	return v
}

// ratios are a's unit value over b's, in each round that has both.
func (res results) ratios(a, b, unit string) []float64 {
	var v []float64
	for _, r := range res {
		x, okx := r[a][unit]
		y, oky := r[b][unit]
		if okx && oky && y > 0 {
			v = append(v, x/y)
		}
	}
	return v
}

// quantile of v (linear interpolation between the closest ranks).
func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}

func median(v []float64) float64 { return quantile(v, 0.5) }

// medianCI is a distribution-free 95 % confidence interval of the median
// of v: the order statistics at ranks n/2 ∓ 0.98·√n (the normal
// approximation of the binomial distribution of the count of values below
// the median).
func medianCI(v []float64) (lo, hi float64) {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := float64(len(s))
	k := int(math.Floor(n/2 - 0.98*math.Sqrt(n)))
	j := int(math.Ceil(n/2 + 0.98*math.Sqrt(n)))
	return s[max(k, 0)], s[min(j, len(s)-1)]
}
