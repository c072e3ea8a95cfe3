// Command generator builds the ketamine review reference site and serves it
// for preview.
//
//	go run ./generator build [-content DIR] [-templates DIR] [-out DIR] [-force-out] [-base-url URL] [-drafts] [-strict] [-precompress assets|all|none]
//	go run ./generator serve [-addr 127.0.0.1:1313] [same flags as build]
//	go run ./generator release -version V [-date YYYY-MM-DD] [-note TEXT]
//
// build prints one summary line and exits 0, or prints every error with its
// file:line:col and exits 1, leaving the previous output untouched. It
// refuses (exit 1) an output folder that would destroy anything but an
// earlier output: see outputOptions. serve builds into memory (it writes
// no output folder), serves that build on a loopback address, and rebuilds
// and reloads the open pages when a content, template or calculator file
// changes (see package preview). release records the site's evidence as a
// new release file in content/releases/ (see release.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"ketref/generator/diag"
	"ketref/generator/output"
	"ketref/generator/precompress"
	"ketref/generator/preview"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
	"ketref/wasm/input"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  generator build [-content DIR] [-templates DIR] [-out DIR] [-force-out] [-base-url URL] [-drafts] [-strict] [-precompress assets|all|none]
  generator serve [-addr 127.0.0.1:1313] [build flags]
  generator release -version V [-date YYYY-MM-DD] [-note TEXT] [-content DIR] [-templates DIR] [-wasm DIR]
`

type buildFlags struct {
	content, templates, out, baseURL, wasm string
	drafts, strict                         bool
}

func (f *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.content, "content", "content", "content folder (Markdown pages, site.yaml, references.json)")
	fs.StringVar(&f.templates, "templates", "templates", "templates folder (layouts, partials, static/)")
	fs.StringVar(&f.out, "out", "public", "output folder, replaced as a whole on success; a symbolic link is followed; refused when it is, holds or lies inside a source folder or holds the project, or is a folder the generator did not write (see -force-out)")
	fs.StringVar(&f.baseURL, "base-url", "/", "URL the site is served under; overrides site.yaml's baseURL when given")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft")
	fs.BoolVar(&f.strict, "strict", false, "fail the build on warnings too")
	fs.StringVar(&f.wasm, "wasm", "wasm", "calculator sources, compiled to WebAssembly when the folder exists (the module is the current folder)")
}

func (f *buildFlags) options(set map[string]bool) site.Options {
	opt := site.Options{
		Content: os.DirFS(f.content), Templates: os.DirFS(f.templates),
		ContentRoot: f.content, TemplatesRoot: f.templates,
		Out: f.out, Drafts: f.drafts, Strict: f.strict,
	}
	if set["base-url"] {
		opt.BaseURL = f.baseURL
	}
	if fi, err := os.Stat(f.wasm); err == nil && fi.IsDir() {
		opt.Wasm = &wasmbuild.Options{ModuleRoot: ".", Package: "./" + filepath.ToSlash(filepath.Clean(f.wasm)), SourceDir: f.wasm}
	}
	return opt
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "release":
		return runRelease(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s", args[0], usage)
	return 2
}

func parse(name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*buildFlags, map[string]bool, bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bf buildFlags
	bf.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments %v\n", name, fs.Args())
		return nil, nil, false
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return &bf, set, true
}

// build runs one build. When ctx ends (Ctrl-C, SIGTERM) the build cannot
// stop converting, but its staging folder fails every write from then on,
// so the build fails and removes it as any failed build does, leaving the
// output as it was; without this, the staging folder (and the output
// before last, which it may have claimed) would stay behind.
func build(ctx context.Context, opt site.Options, stdout, stderr io.Writer) bool {
	interrupted := errors.New("interrupted")
	var mu sync.Mutex
	var staged []site.Stager
	stage := opt.Stage
	opt.Stage = func(s site.Stager) {
		if stage != nil {
			stage(s)
		}
		mu.Lock()
		staged = append(staged, s)
		mu.Unlock()
		if ctx.Err() != nil {
			s.FailWritesWith(interrupted)
		}
	}
	defer context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range staged {
			s.FailWritesWith(interrupted)
		}
	})()
	res, err := site.Build(opt)
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "build: interrupted; %s was left unchanged\n", opt.Out)
		return false
	}
	for _, w := range res.Warnings {
		if !opt.Strict {
			fmt.Fprintln(stderr, w)
		}
	}
	if err != nil {
		var es *diag.Errors
		if errors.As(err, &es) {
			for _, d := range es.Items {
				fmt.Fprintln(stderr, d)
			}
			fmt.Fprintf(stderr, "build failed: %d error(s); %s was left unchanged\n", len(es.Items), opt.Out)
		} else {
			fmt.Fprintf(stderr, "build failed: %v\n", err)
		}
		return false
	}
	fmt.Fprintln(stdout, summary(res))
	return true
}

// summary is the line a build prints: "built 111 pages, 373 files
// (6.2 MB) in 1.1s; calculators 2246 KB, 499 KB brotli (cached)".
func summary(r site.Result) string {
	s := fmt.Sprintf("built %s, %s (%.1f MB) in %v", input.Count(float64(r.Pages), 0, "page", "pages"), input.Count(float64(r.Files), 0, "file", "files"), float64(r.Bytes)/1e6, r.Duration.Round(time.Millisecond))
	if r.WasmBytes > 0 {
		how := "compiled"
		if r.WasmCached {
			how = "cached"
		}
		s += fmt.Sprintf("; calculators %.0f KB, %.0f KB brotli (%s)", float64(r.WasmBytes)/1e3, float64(r.WasmBrotli)/1e3, how)
	}
	return s
}

// outputOptions keeps the output folder clear of everything a build must
// not replace: the source folders, the working folder and the module (the
// folder holding go.mod, found upwards from the working folder).
func (f *buildFlags) outputOptions(force bool) output.Options {
	opt := output.Options{
		Sources: []output.Folder{{Role: "content folder", Path: f.content}, {Role: "templates folder", Path: f.templates}, {Role: "calculators folder", Path: f.wasm}},
		Force:   force,
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				opt.Projects = append(opt.Projects, output.Folder{Role: "project (the folder holding go.mod)", Path: dir})
				break
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return opt
}

// checkOut refuses a dangerous output folder before anything is built,
// saying what to do instead.
func checkOut(bf *buildFlags, opt output.Options, stderr io.Writer) bool {
	_, err := output.Check(bf.out, opt)
	if err == nil {
		return true
	}
	var re *output.RefusedError
	switch {
	case errors.As(err, &re) && re.Forcible:
		fmt.Fprintf(stderr, "build: -out %s: %s.\nThe build replaces its output folder as a whole. Choose another -out, empty the folder, or pass -force-out to replace it (its files are deleted).\n", bf.out, re.Reason)
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "build: -out %s: %s.\nThe build replaces its output folder as a whole. Choose an -out outside the content, templates and calculators folders that does not hold the project, such as the default public.\n", bf.out, re.Reason)
	default:
		fmt.Fprintf(stderr, "build: -out: %v\n", err)
	}
	return false
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var cpuProfile, memProfile string
	var forceOut bool
	var compress precompress.Mode // the zero Mode, assets, is the default
	bf, set, ok := parse("build", args, stderr, func(fs *flag.FlagSet) {
		fs.Var(&compress, "precompress", "which files get NAME.br and NAME.gz beside them (a `mode`), for servers that send them: assets (the default: hashed assets, the module, search index and other data files; pages are left to the server's on-the-fly compression), all (pages too, for hosts that only send precompressed files) or none (README, Deploying)")
		fs.BoolVar(&forceOut, "force-out", false, "replace the -out folder even if the generator did not write it (its files are deleted); never a source folder or the project")
		fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
		fs.StringVar(&memProfile, "memprofile", "", "write an allocation profile of the build to this file (go tool pprof)")
	})
	if !ok {
		return 2
	}
	if os.Getenv("GOGC") == "" {
		// Most of what a build holds lives to the end (citations, their
		// contexts, reference views), so the default target of 100%
		// lets the heap grow to twice that. At 40% the 1000-page corpus
		// peaks at about 93 MB instead of 125 MB, for about 10% more time
		// (generator/bench/compare, README "Performance"). GOGC overrides.
		debug.SetGCPercent(40)
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if memProfile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(memProfile)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(stderr, "build: memory profile: %v\n", err)
			}
		}()
	}
	outOpt := bf.outputOptions(forceOut)
	if !checkOut(bf, outOpt, stderr) {
		return 1
	}
	opt := bf.options(set)
	opt.Output = outOpt
	if compress != precompress.None {
		cache, err := precompress.NewCache("")
		if err != nil {
			// Only slower: every file is compressed again.
			fmt.Fprintf(stderr, "build: warning: %v\n", err)
			cache = &precompress.Cache{}
		}
		opt.Precompress = &precompress.Policy{Mode: compress, Cache: cache}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second signal stops the process at once.
	context.AfterFunc(ctx, stop)
	if !build(ctx, opt, stdout, stderr) {
		return 1
	}
	return 0
}

func runServe(args []string, stdout, stderr io.Writer) int {
	var addr string
	var poll bool
	bf, set, ok := parse("serve", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on (loopback only unless you mean it)")
		fs.BoolVar(&poll, "poll", false, "watch for changes by polling every 200ms instead of inotify (network drives, inotify limits)")
	})
	if !ok {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return servePreview(ctx, previewOptions(bf, set, addr, poll, stdout), nil, stderr)
}

func previewOptions(bf *buildFlags, set map[string]bool, addr string, poll bool, log io.Writer) preview.Options {
	opt := preview.Options{Site: bf.options(set), ContentDir: bf.content, TemplatesDir: bf.templates, Addr: addr, Log: log}
	if opt.Site.Wasm != nil {
		opt.WasmDir = bf.wasm
	}
	if poll {
		opt.Poll = 200 * time.Millisecond
	}
	return opt
}

// servePreview runs the preview until ctx ends; ready, when not nil,
// receives the address it listens on.
func servePreview(ctx context.Context, opt preview.Options, ready chan<- string, stderr io.Writer) int {
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "serve: warning: %s is not a loopback address; the preview is reachable from other machines\n", ln.Addr())
	}
	if err := preview.New(opt).Run(ctx, ln, ready); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(opt.Log, "stopped")
	return 0
}
