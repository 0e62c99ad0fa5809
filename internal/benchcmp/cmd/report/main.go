// Command report runs the comparison of cloudiam with the official SDKs
// and prints the table (markdown, on standard output) with the targets of
// the performance issue; progress goes to standard error. Run it from the
// module's directory (run.sh does):
//
//	go run ./cmd/report [-rounds 15] [-calls 3000] [-raw raw.txt] [-listusers list.txt]
//	go run ./cmd/report -from raw.txt    # the table again from a run's raw lines
//
// Benchmarks run interleaved: in each round a fresh emulator starts, and
// every variant (cloudiam, the official client or the floor for one call;
// cloudiam or the official signer for one algorithm) runs alone in a
// process of the test binary, in an order rotated from round to round.
// Ratios are taken within a round, between processes that ran seconds
// apart, and the table gives their median over the rounds: the drift of a
// shared machine, which moves every variant of a round alike, cancels.
//
// It also measures the footprint of the programs in ../../footprint (all
// three clouds, each cloud alone with its build tag), attributes the
// program's size to its modules, and reads the peak heap of the
// provider packages' ListUsers benchmarks (-listusers).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	rounds := flag.Int("rounds", 15, "interleaved rounds")
	calls := flag.Int("calls", 3000, "calls per call-benchmark process")
	signTime := flag.Duration("signtime", 500*time.Millisecond, "benchtime of a signing process")
	rawFile := flag.String("raw", "", "write the benchmark lines of every round to this file")
	from := flag.String("from", "", "read the benchmark lines of a previous run (-raw) instead of running")
	listFile := flag.String("listusers", "", "output of go test -bench ListUsers of the provider packages")
	withFootprint := flag.Bool("footprint", true, "measure the footprint")
	compiles := flag.Int("compiles", 3, "clean compiles of each program (interleaved)")
	flag.Parse()

	load0 := loadavg()
	start := time.Now()
	var res results
	if *from != "" {
		f, err := os.Open(*from)
		check(err)
		res, err = readRaw(f)
		f.Close()
		check(err)
	} else {
		raw := io.Discard
		if *rawFile != "" {
			f, err := os.Create(*rawFile)
			check(err)
			defer f.Close()
			raw = f
		}
		var err error
		res, err = runRounds(*rounds, *calls, *signTime, io.MultiWriter(raw, os.Stderr))
		check(err)
	}
	benchTime := time.Since(start)

	var rows []row
	rows = append(rows, callRows(res)...)
	rows = append(rows, signRows(res)...)
	var (
		deps             []depCost
		shared           []string
		sharedB, growthB int64
		factor           float64
		compileOf        map[string]time.Duration
	)
	if *withFootprint {
		fp := map[string]footprint{}
		for _, p := range []string{"stdlib", "cloudiam", "official"} {
			fp[p] = measureFootprint(p, "")
		}
		for _, p := range []string{"cloudiam", "official"} {
			for _, c := range callClouds {
				fp[p+"/"+c] = measureFootprint(p, c)
			}
		}
		cc := cleanCompiles([]string{"cloudiam", "official"}, *compiles)
		for p, c := range cc {
			f := fp[p]
			f.compile = c
			fp[p] = f
		}
		rows = append(rows, footprintRows(fp)...)
		var total int64
		deps, shared, sharedB, total = depCosts("cloudiam", "stdlib")
		compileOf = moduleCompileTimes(cc["cloudiam"], deps)
		sb := build("stdlib")
		_, base := symbolBytes(sb)
		check(os.RemoveAll(filepath.Dir(sb)))
		// The stripped file also holds the runtime's tables of every
		// function (pclntab) and other data no symbol names: the file
		// grows by this much per byte of symbols.
		growthB = fp["cloudiam"].size - fp["stdlib"].size
		factor = float64(growthB) / float64(total-base)
	}
	if *listFile != "" {
		f, err := os.Open(*listFile)
		check(err)
		rows = append(rows, listRows(f)...)
		f.Close()
	}

	if *from == "" {
		fmt.Printf("Library measured: %s.\n", revision())
		fmt.Printf("%d interleaved rounds (%d processes each; %d calls per call process, %s per signing process) in %.1f min on %d CPUs; load average %s before, %s after.\n\n",
			len(res), len(res[0]), *calls, *signTime, benchTime.Minutes(), runtime.NumCPU(), load0, loadavg())
	} else {
		fmt.Printf("%d interleaved rounds, read from %s.\n\n", len(res), *from)
	}
	fmt.Println("| measure | cloudiam | reference | ratio: median of the per-round ratios (95 % CI of the median; interquartile range) | target | met |")
	fmt.Println("|---|---|---|---|---|---|")
	missed, targets, borderline := 0, 0, 0
	var missedNames []string
	for _, r := range rows {
		met := "yes"
		switch {
		case r.info:
			met = "(info)"
		case !r.met:
			met = "**MISSED**"
			missed++
			missedNames = append(missedNames, r.name)
		}
		if r.borderline && !r.info {
			met += " (borderline)"
			borderline++
		}
		if !r.info {
			targets++
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, r.ours, r.ref, r.ratio, r.target, met)
	}
	fmt.Printf("\n%d of %d targets missed; %d verdicts borderline (the target lies within the 95 %% confidence interval of the median).\n", missed, targets, borderline)
	for _, n := range missedNames {
		fmt.Println("- missed:", n)
	}
	if deps != nil {
		fmt.Println()
		fmt.Println("| module in the all-three-clouds program | its own symbols | standard packages only it brings (beyond the stdlib program) | their symbols | total | ≈ stripped bytes | clean compile: its packages' build actions (median) |")
		fmt.Println("|---|---|---|---|---|---|---|")
		var sum int64
		for _, d := range deps {
			std := strings.Join(d.std, ", ")
			if std == "" {
				std = "none"
			}
			sum += d.own + d.stdB
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %.2f s |\n", d.module, kb(d.own), std, kb(d.stdB), kb(d.own+d.stdB), kb(int64(float64(d.own+d.stdB)*factor)), compileOf[d.module].Seconds())
		}
		if len(shared) > 0 {
			sum += sharedB
			fmt.Printf("| (shared by several) | | %s | %s | %s | %s | |\n", strings.Join(shared, ", "), kb(sharedB), kb(sharedB), kb(int64(float64(sharedB)*factor)))
		}
		rest := int64(float64(growthB) - float64(sum)*factor)
		fmt.Printf("| (not attributed: more of the standard packages both programs use, string data) | | | | | %s | |\n", kb(rest))
		fmt.Printf("| (the program's main package, and the link) | | | | | | %.2f s |\n", compileOf[""].Seconds())
		fmt.Printf("\nGrowth of the stripped program: %s; %.2f stripped bytes per symbol byte of the growth (pclntab and other unnamed data), used for the last column.\n", kb(growthB), factor)
	}
}

// row is a line of the table; info rows give context and have no target.
type row struct {
	name, ours, ref, ratio, target string
	met, info                      bool
	borderline                     bool // the target lies within the 95 % confidence interval of the median
}

var cloudNames = map[string]string{"baidu": "Baidu", "huawei": "Huawei", "aliyun": "Alibaba RAM"}

// spread formats the median of v, the 95 % confidence interval of the
// median and the interquartile range.
func spread(v []float64, format string) string {
	lo, hi := medianCI(v)
	return fmt.Sprintf(format+" (CI "+format+"–"+format+"; IQR "+format+"–"+format+")", median(v), lo, hi, quantile(v, 0.25), quantile(v, 0.75))
}

// straddles says whether the 95 % confidence interval of the median of v
// holds the target t: the verdict on the median is within the noise.
func straddles(v []float64, t float64) bool {
	lo, hi := medianCI(v)
	return lo <= t && t <= hi
}

func need(v []float64, what string) []float64 {
	if len(v) == 0 {
		check(fmt.Errorf("no result for %s", what))
	}
	return v
}

func callRows(res results) []row {
	var rows []row
	for _, c := range callClouds {
		for _, op := range callOps {
			base := "BenchmarkCall/" + c + "/" + op + "/"
			ours, off, fl := base+"cloudiam", base+"official", base+"floor"
			name := cloudNames[c] + " " + op
			us := func(b string) float64 { return median(need(res.values(b, "cpu-ns/op"), b)) / 1000 }
			rO := need(res.ratios(ours, off, "cpu-ns/op"), ours)
			rF := need(res.ratios(ours, fl, "cpu-ns/op"), ours)
			rows = append(rows,
				row{name: name + ": client CPU vs official", ours: fmt.Sprintf("%.1f µs", us(ours)), ref: fmt.Sprintf("%.1f µs", us(off)),
					ratio: spread(rO, "%.2f"), target: "≤ 0.97", met: median(rO) <= 0.97, borderline: straddles(rO, 0.97)},
				row{name: name + ": client CPU vs floor (bare signed request)", ours: fmt.Sprintf("%.1f µs", us(ours)), ref: fmt.Sprintf("%.1f µs", us(fl)),
					ratio: spread(rF, "%.2f"), target: "≤ 1.15", met: median(rF) <= 1.15, borderline: straddles(rF, 1.15)})
			ao, aa, af := median(need(res.values(ours, "allocs/op"), ours)), median(need(res.values(off, "allocs/op"), off)), median(need(res.values(fl, "allocs/op"), fl))
			rows = append(rows, row{name: name + ": allocations vs official (floor: " + f0(af) + ")", ours: f0(ao), ref: f0(aa),
				ratio: fmt.Sprintf("%.2f", ao/aa), target: "≤ 0.65", met: ao/aa <= 0.65})
			g := need(res.values(ours, "goroutines/op"), ours)
			gMax := slices.Max(g)
			gOff, gFl := slices.Max(need(res.values(off, "goroutines/op"), off)), slices.Max(need(res.values(fl, "goroutines/op"), fl))
			rows = append(rows, row{name: name + ": goroutines started per call, most in any round (reference: official, floor)",
				ours: g3(gMax), ref: g3(gOff) + ", " + g3(gFl), target: "0", met: gMax == 0})
		}
	}
	return rows
}

func signRows(res results) []row {
	names := map[string]string{"baidu": "Baidu bce-auth-v1", "huawei": "Huawei SDK-HMAC-SHA256", "aliyun-acs3": "Alibaba ACS3-HMAC-SHA256",
		"aliyun-rpc": "(info) Alibaba RPC HMAC-SHA1 vs classic alibaba-cloud-sdk-go"}
	var rows []row
	for _, a := range signAlgos {
		ours, off := "BenchmarkSign/"+a+"/cloudiam", "BenchmarkSign/"+a+"/official"
		info := a == "aliyun-rpc" // cloudiam's RAM client signs with ACS3
		speed := need(res.ratios(off, ours, "ns/op"), ours)
		ons, ans := median(need(res.values(ours, "ns/op"), ours)), median(need(res.values(off, "ns/op"), off))
		oal, aal := median(need(res.values(ours, "allocs/op"), ours)), median(need(res.values(off, "allocs/op"), off))
		t1, t2 := "≥ 3x faster", "≤ 15"
		if info {
			t1, t2 = "(info)", "(info)"
		}
		rows = append(rows,
			row{name: names[a] + " signing: time (ratio: official / cloudiam)", ours: fmt.Sprintf("%.0f ns", ons), ref: fmt.Sprintf("%.0f ns", ans),
				ratio: spread(speed, "%.1fx"), target: t1, met: median(speed) >= 3, info: info, borderline: !info && straddles(speed, 3)},
			row{name: names[a] + " signing: allocations", ours: f0(oal), ref: f0(aal), ratio: fmt.Sprintf("%.2f", oal/aal),
				target: t2, met: oal <= 15, info: info})
	}
	return rows
}

// allowed are the non-standard modules the issue allows in the program.
var allowed = []string{"github.com/cloudiam-go/cloudiam", "github.com/hashicorp/go-retryablehttp", "github.com/hashicorp/go-cleanhttp", "github.com/google/go-querystring"}

func footprintRows(fp map[string]footprint) []row {
	base := fp["stdlib"].size
	mb := func(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
	og, ag := fp["cloudiam"].size-base, fp["official"].size-base
	c, o := fp["cloudiam"], fp["official"]
	only := true
	for _, m := range c.modules {
		only = only && slices.Contains(allowed, m)
	}
	var short []string
	for _, m := range c.modules {
		short = append(short, m[strings.LastIndexByte(m, '/')+1:])
	}
	var times []string
	for _, x := range c.compile {
		times = append(times, fmt.Sprintf("%.1f", x.wall.Seconds()))
	}
	cw, ow := compileMedian(c.compile, func(x compile) time.Duration { return x.wall }), compileMedian(o.compile, func(x compile) time.Duration { return x.wall })
	cc, oc := compileMedian(c.compile, func(x compile) time.Duration { return x.cpu }), compileMedian(o.compile, func(x compile) time.Duration { return x.cpu })
	var rss, orss float64
	for _, x := range c.compile {
		rss = max(rss, x.rssMB)
	}
	for _, x := range o.compile {
		orss = max(orss, x.rssMB)
	}
	rows := []row{
		{name: "all-three-clouds program: stripped binary growth over the stdlib-only program (" + mb(base) + ")", ours: mb(og), ref: mb(ag),
			ratio: fmt.Sprintf("%.2f", float64(og)/float64(ag)), target: "≤ 1.0 MB (issue: official 3.00 MB)", met: og <= 1_000_000},
		{name: "non-standard modules compiled in", ours: strconv.Itoa(len(c.modules)) + " (" + strings.Join(short, ", ") + ")", ref: strconv.Itoa(len(o.modules)),
			target: "≤ 4: cloudiam, go-retryablehttp, go-cleanhttp, go-querystring", met: len(c.modules) <= 4 && only},
		{name: "clean compile, standard library cached: wall time (cloudiam runs: " + strings.Join(times, ", ") + " s)",
			ours: fmt.Sprintf("%.1f s", cw.Seconds()), ref: fmt.Sprintf("%.1f s", ow.Seconds()),
			ratio: fmt.Sprintf("%.2f", cw.Seconds()/ow.Seconds()), target: "< 3 s", met: cw < 3*time.Second},
		{name: "clean compile: CPU time (user + system, go command and children)", ours: fmt.Sprintf("%.1f s", cc.Seconds()), ref: fmt.Sprintf("%.1f s", oc.Seconds()),
			ratio: fmt.Sprintf("%.2f", cc.Seconds()/oc.Seconds()), target: "(info)", info: true},
		{name: "clean compile: peak memory (go command and children)", ours: fmt.Sprintf("%.0f MiB", rss), ref: fmt.Sprintf("%.0f MiB", orss),
			ratio: fmt.Sprintf("%.2f", rss/orss), target: "(info)", info: true},
	}
	for _, cl := range callClouds {
		oc, ao := fp["cloudiam/"+cl], fp["official/"+cl]
		rows = append(rows, row{name: "(info) " + cloudNames[cl] + " only: growth over the stdlib-only program, non-standard modules",
			ours:  mb(oc.size-base) + ", " + strconv.Itoa(len(oc.modules)),
			ref:   mb(ao.size-base) + ", " + strconv.Itoa(len(ao.modules)),
			ratio: fmt.Sprintf("%.2f", float64(oc.size-base)/float64(ao.size-base)), target: "(info)", info: true})
	}
	return rows
}

// listRows reads go test -bench ListUsers output of the provider packages:
// the peak heap while listing each account size.
func listRows(r io.Reader) []row {
	clients := map[string]string{"baidu BenchmarkListUsers": "Baidu", "huawei BenchmarkListUsers": "Huawei",
		"aliyun BenchmarkRAMListUsers": "Alibaba RAM", "aliyun BenchmarkIDaaSListUsers": "Alibaba IDaaS (EIAM)"}
	peak := map[string]map[string]float64{}
	var order []string
	pkg := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l := sc.Text()
		if p, ok := strings.CutPrefix(l, "pkg: "); ok {
			pkg = p[strings.LastIndexByte(p, '/')+1:]
			continue
		}
		name, m := parseLine(l)
		bench, size, ok := strings.Cut(name, "/")
		if !ok {
			continue
		}
		client := clients[pkg+" "+bench]
		if v, ok := m["peak-heap-MiB"]; ok && client != "" {
			if peak[client] == nil {
				peak[client] = map[string]float64{}
				order = append(order, client)
			}
			peak[client][size] = v
		}
	}
	if len(order) == 0 {
		check(fmt.Errorf("no ListUsers results in -listusers"))
	}
	var rows []row
	for _, c := range order {
		small, large := peak[c]["10000"], peak[c]["100000"]
		rows = append(rows, row{name: c + " ListUsers: peak heap listing 10 000 / 100 000 users",
			ours: fmt.Sprintf("%.2f / %.2f MiB", small, large), target: "< 16 MiB, flat (100 000 within 2 MiB of 10 000)",
			met: large > 0 && large < 16 && large-small < 2})
	}
	return rows
}

// moduleCompileTimes sums, for each module of deps, the build actions of
// its packages in each clean compile, and returns the medians over the
// compiles; "" holds the rest (the main package and the link).
func moduleCompileTimes(cs []compile, deps []depCost) map[string]time.Duration {
	mods := make([]string, 0, len(deps))
	for _, d := range deps {
		mods = append(mods, d.module)
	}
	// The longest module path first: a package belongs to the longest
	// module path it is in.
	slices.SortFunc(mods, func(a, b string) int { return len(b) - len(a) })
	per := map[string][]float64{}
	for _, c := range cs {
		sum := map[string]time.Duration{}
		for pkg, d := range c.actions {
			m := ""
			for _, mod := range mods {
				if pkg == mod || strings.HasPrefix(pkg, mod+"/") {
					m = mod
					break
				}
			}
			if strings.Contains(pkg, "/internal/benchcmp/") {
				m = "" // the program itself
			}
			sum[m] += d
		}
		for m, d := range sum {
			per[m] = append(per[m], float64(d))
		}
	}
	out := map[string]time.Duration{}
	for m, v := range per {
		out[m] = time.Duration(median(v))
	}
	return out
}

func compileMedian(cs []compile, f func(compile) time.Duration) time.Duration {
	v := make([]float64, len(cs))
	for i, c := range cs {
		v[i] = float64(f(c))
	}
	return time.Duration(median(v))
}

func f0(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func g3(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

func kb(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1e3) }

// revision names the commit of the library (../..) and says whether its
// work tree differs from it outside this module.
func revision() string {
	out, err := exec.Command("git", "-C", "../..", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown commit"
	}
	rev := "commit " + strings.TrimSpace(string(out))
	st, err := exec.Command("git", "-C", "../..", "status", "--porcelain", "--", ".", ":!internal/benchcmp", ":!BENCHMARKS.md").Output()
	if err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += " with uncommitted changes"
	}
	return rev
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// build builds footprint/<p> unstripped and returns the binary's path, in
// a temporary directory of its own.
func build(p string) string {
	dir, err := os.MkdirTemp("", "footprint")
	check(err)
	bin := filepath.Join(dir, p)
	check(run(nil, "", "go", "build", "-trimpath", "-o", bin, "./footprint/"+p))
	return bin
}

func run(env []string, dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = env, dir, os.Stderr, os.Stderr
	return cmd.Run()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}
