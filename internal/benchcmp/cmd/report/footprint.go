package main

import (
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

type footprint struct {
	size    int64
	modules []string // the non-standard modules compiled in (the dep lines of go version -m)
	compile []compile
}

// compile is one clean compile of a program.
type compile struct {
	wall, cpu time.Duration // cpu: user + system time of the go command and its children
	rssMB     float64       // the largest resident set among them
	// actions are the durations of the go command's build actions, by
	// package (from -debug-trace; the compiler runs while they last).
	actions map[string]time.Duration
}

// measureFootprint builds footprint/<p> stripped (with build tag tag, if
// any) and reads its modules.
func measureFootprint(p, tag string) footprint {
	dir, err := os.MkdirTemp("", "footprint")
	check(err)
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, p)
	check(run(nil, "", "go", "build", "-trimpath", "-ldflags=-s -w", "-tags="+tag, "-o", bin, "./footprint/"+p))
	st, err := os.Stat(bin)
	check(err)
	info, err := buildinfo.ReadFile(bin)
	check(err)
	fp := footprint{size: st.Size()}
	for _, d := range info.Deps {
		fp.modules = append(fp.modules, d.Path)
	}
	return fp
}

// cleanCompiles times n clean compiles of each of programs, interleaved
// (one of each in turn), each in a fresh build cache that holds only the
// standard library packages the programs use, compiled beforehand.
func cleanCompiles(programs []string, n int) map[string][]compile {
	dir, err := os.MkdirTemp("", "compile")
	check(err)
	defer os.RemoveAll(dir)
	template := filepath.Join(dir, "template")
	var std []string
	for _, p := range programs {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Standard}}{{.ImportPath}}{{end}}", "./footprint/"+p).Output()
		check(err)
		std = append(std, strings.Fields(string(out))...)
	}
	check(run(append(os.Environ(), "GOCACHE="+template), "", "go", append([]string{"build"}, std...)...))
	res := map[string][]compile{}
	for i := range n {
		for _, p := range programs {
			cache := filepath.Join(dir, "cache")
			check(run(nil, "", "cp", "-a", template, cache))
			trace := filepath.Join(dir, "trace.json")
			cmd := exec.Command("go", "build", "-debug-trace="+trace, "-o", filepath.Join(dir, "clean"), "./footprint/"+p)
			cmd.Env, cmd.Stderr = append(os.Environ(), "GOCACHE="+cache), os.Stderr
			start := time.Now()
			check(cmd.Run())
			c := compile{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
			// For a waited-for child, Linux reports the largest resident
			// set of the child and of its own waited-for children (the
			// compiler and linker processes the go command runs), in KiB;
			// its user and system times include theirs.
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				c.rssMB = float64(ru.Maxrss) / 1024
			}
			c.actions = buildActions(trace)
			res[p] = append(res[p], c)
			fmt.Fprintf(os.Stderr, "clean compile %d of %s: %.1f s (cpu %.1f s)\n", i+1, p, c.wall.Seconds(), c.cpu.Seconds())
			check(os.RemoveAll(cache))
		}
	}
	return res
}

// buildActions reads a -debug-trace file: the time each "build <package>"
// action took, and the link's as "(link)".
func buildActions(file string) map[string]time.Duration {
	data, err := os.ReadFile(file)
	check(err)
	var events []struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		Ts   float64 `json:"ts"` // µs
		Tid  int     `json:"tid"`
	}
	check(json.Unmarshal(data, &events))
	type key struct {
		name string
		tid  int
	}
	begun := map[key]float64{}
	out := map[string]time.Duration{}
	for _, e := range events {
		pkg, ok := strings.CutPrefix(e.Name, "Executing action (build ")
		if _, link := strings.CutPrefix(e.Name, "Executing action (link "); link {
			pkg, ok = "(link)", true
		}
		if !ok || strings.HasPrefix(pkg, "check cache") {
			continue
		}
		pkg = strings.TrimSuffix(pkg, ")")
		k := key{e.Name, e.Tid}
		switch e.Ph {
		case "B":
			begun[k] = e.Ts
		case "E":
			if t, ok := begun[k]; ok {
				out[pkg] += time.Duration((e.Ts - t) * 1e3)
				delete(begun, k)
			}
		}
	}
	return out
}

// depCost is what one non-standard module adds to the all-three-clouds
// program.
type depCost struct {
	module string
	own    int64    // bytes of the module's own symbols
	std    []string // standard packages linked only because of it
	stdB   int64    // bytes of their symbols
}

// depCosts attributes the symbols of footprint/<p> (unstripped) to the
// non-standard modules compiled in. A symbol belongs to the package its
// name starts with (type descriptors and itabs to the package of their
// type); only symbols in sections the file holds count (not .bss). A
// module's cost is its own symbols plus those of the standard packages
// that only it brings in: a standard package is the module's when the
// module's packages import it (directly or through other standard
// packages), no other module's packages and not the program's main package
// do, and the baseline program (footprint/<base>) does not use it. It also
// returns the symbols of standard packages brought in by several modules
// (shared) and the program's total of counted symbols.
func depCosts(p, base string) (costs []depCost, shared []string, sharedB, total int64) {
	bin := build(p)
	defer os.RemoveAll(filepath.Dir(bin))
	bytesOf, total := symbolBytes(bin)

	type listed struct {
		ImportPath string
		Standard   bool
		Imports    []string
		Module     *struct{ Path string }
	}
	out, err := exec.Command("go", "list", "-deps", "-json", "./footprint/"+p).Output()
	check(err)
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var l listed
		if err := dec.Decode(&l); err == io.EOF {
			break
		} else {
			check(err)
		}
		pkgs = append(pkgs, l)
	}
	byPath := map[string]listed{}
	for _, l := range pkgs {
		byPath[l.ImportPath] = l
	}
	root := pkgs[len(pkgs)-1] // go list -deps lists the package last
	out, err = exec.Command("go", "list", "-deps", "./footprint/"+base).Output()
	check(err)
	inBase := map[string]bool{}
	for _, path := range strings.Fields(string(out)) {
		inBase[path] = true
	}
	// stdClosure adds the standard packages pkg imports, directly or
	// through standard packages only.
	var stdClosure func(path string, into map[string]bool)
	stdClosure = func(path string, into map[string]bool) {
		for _, i := range byPath[path].Imports {
			if l, ok := byPath[i]; ok && l.Standard && !into[i] {
				into[i] = true
				stdClosure(i, into)
			}
		}
	}
	fromMain := map[string]bool{}
	stdClosure(root.ImportPath, fromMain)
	pulledBy := map[string]map[string]bool{} // standard package -> modules
	byModule := map[string]*depCost{}
	for _, l := range pkgs {
		if l.Standard || l.Module == nil || l.ImportPath == root.ImportPath {
			continue
		}
		m := l.Module.Path
		if byModule[m] == nil {
			byModule[m] = &depCost{module: m}
		}
		byModule[m].own += bytesOf[l.ImportPath]
		c := map[string]bool{}
		stdClosure(l.ImportPath, c)
		for s := range c {
			if pulledBy[s] == nil {
				pulledBy[s] = map[string]bool{}
			}
			pulledBy[s][m] = true
		}
	}
	for s, ms := range pulledBy {
		if inBase[s] || fromMain[s] {
			continue
		}
		if len(ms) > 1 {
			shared = append(shared, s)
			sharedB += bytesOf[s]
			continue
		}
		for m := range ms {
			byModule[m].std = append(byModule[m].std, s)
			byModule[m].stdB += bytesOf[s]
		}
	}
	sort.Strings(shared)
	for _, c := range byModule {
		sort.Strings(c.std)
		costs = append(costs, *c)
	}
	sort.Slice(costs, func(i, j int) bool { return costs[i].own+costs[i].stdB > costs[j].own+costs[j].stdB })
	return costs, shared, sharedB, total
}

// symbolBytes sums the sizes of the symbols of an ELF binary that its file
// holds, by package; total is the sum over every such symbol.
func symbolBytes(bin string) (map[string]int64, int64) {
	f, err := elf.Open(bin)
	check(err)
	defer f.Close()
	syms, err := f.Symbols()
	check(err)
	by := map[string]int64{}
	var total int64
	for _, s := range syms {
		if s.Size == 0 || int(s.Section) >= len(f.Sections) || s.Section == elf.SHN_UNDEF {
			continue
		}
		if f.Sections[s.Section].Type == elf.SHT_NOBITS {
			continue
		}
		by[packageOf(s.Name)] += int64(s.Size)
		total += int64(s.Size)
	}
	return by, total
}

// packageOf is the import path a Go symbol name starts with:
// "github.com/a/b.(*T).M" -> "github.com/a/b", "type:*net/http.Client" ->
// "net/http", "go:itab.*a/b.T,io.Reader" -> "a/b". Names of no package
// (go:func.*, string data) give "".
func packageOf(name string) string {
	switch {
	case strings.HasPrefix(name, "type:"):
		name = strings.TrimPrefix(name, "type:")
	case strings.HasPrefix(name, "go:itab."):
		name = strings.TrimPrefix(name, "go:itab.")
	case strings.HasPrefix(name, "go:"):
		return ""
	}
	name = strings.TrimLeft(name, "*")
	// The package path ends at the first '.' after its last '/', looking
	// only before a generic instantiation or a method receiver.
	head := name
	if i := strings.IndexAny(head, "[(,"); i >= 0 {
		head = head[:i]
	}
	slash := strings.LastIndexByte(head, '/')
	dot := strings.IndexByte(head[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return head[:slash+1+dot]
}
