// Command pointofcare measures what a clinician on a phone waits for: it
// builds the site as `generator build` does (precompressed assets, module
// and data files), serves the output as a production host would (brotli
// or gzip by negotiation: the build's NAME.br and NAME.gz where it wrote
// them, pages compressed on the fly at the build's brotli quality for
// pages, as nginx's gzip on and brotli on do; and the Cache-Control of
// the build's _headers, so hashed assets are immutable), and drives Chromium throttled as
// Lighthouse's mobile preset (150 ms RTT, 1.6 Mbps down, 750 kbps up, 4x
// CPU), the network shaped at the server (see link) so that the requests
// of the workers are shaped too. It prints a Markdown table of medians over -runs runs:
//
//   - first visit: navigation start to the first result of
//     ketcalc.dosing on the dosing calculator page, in a fresh browser
//     context (empty HTTP cache);
//   - repeat visit: the same, again, in the same browser context (warm
//     HTTP cache, and warm service worker when the site has one);
//   - the main thread's long tasks from navigation to that result;
//   - first contentful paint of the dosing page and of /efficacy/ (first
//     visits);
//   - when the site registers a service worker, whether every page of the
//     sitemap loads offline after one visit.
//
// The result is awaited with Promise.resolve, so the measurement holds
// whether ketcalc's functions return objects or Promises, and ketcalc is
// found by the ketcalc:ready event or by polling, whichever comes first.
//
// It is a measurement, not a test: run it from the repository root,
//
//	go run ./generator/bench/pointofcare -runs 5
//
// and see README.md, Performance.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"ketref/generator/precompress"
	"ketref/generator/server"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	runs                     int
	content, templates, wasm string
	siteDir                  string
	chromium                 string
	dosingPath, otherPath    string
	timeout                  time.Duration
	rtt, down, up, cpu       float64
	skipOffline              bool
	// atServer shapes the network at the server (link) instead of in
	// Chromium.
	atServer bool
	// serve, when set, only serves the site there, for Lighthouse.
	serve string
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("pointofcare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.runs, "runs", 5, "runs to take the median of")
	fs.StringVar(&o.content, "content", "content", "content folder")
	fs.StringVar(&o.templates, "templates", "templates", "templates folder")
	fs.StringVar(&o.wasm, "wasm", "wasm", "calculator sources (the module is the current folder)")
	fs.StringVar(&o.siteDir, "site", "", "measure this built output folder instead of building one (build it with base URL / and the default -precompress)")
	fs.StringVar(&o.chromium, "chromium", "", "Chromium binary (default: CHROMIUM_PATH, or chromium on PATH)")
	fs.StringVar(&o.dosingPath, "dosing", "/calculators/dosing/", "path of the dosing calculator page")
	fs.StringVar(&o.otherPath, "page", "/efficacy/", "path of a page without calculators, for its first contentful paint")
	fs.DurationVar(&o.timeout, "timeout", 3*time.Minute, "longest wait for one visit")
	fs.Float64Var(&o.rtt, "rtt", 150, "round-trip time in ms (Lighthouse mobile: 150)")
	fs.Float64Var(&o.down, "down", 1.6e6, "download throughput in bit/s (Lighthouse mobile: 1.6 Mbps)")
	fs.Float64Var(&o.up, "up", 750e3, "upload throughput in bit/s (Lighthouse mobile: 750 kbps)")
	fs.Float64Var(&o.cpu, "cpu", 4, "CPU slowdown (Lighthouse mobile: 4)")
	fs.BoolVar(&o.skipOffline, "no-offline", false, "skip the offline check")
	fs.StringVar(&o.serve, "serve", "", "only serve the site at this address (e.g. 127.0.0.1:8800) until interrupted, as the measurement does, for Lighthouse (use with -shape-at-server=false: Lighthouse throttles by itself)")
	fs.BoolVar(&o.atServer, "shape-at-server", true, "shape RTT and download rate at the server, so that the workers' requests are shaped too (false: Chromium's network emulation)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.runs < 1 {
		fmt.Fprintln(stderr, "pointofcare: -runs must be at least 1")
		return 2
	}
	if err := measure(o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "pointofcare: %v\n", err)
		return 1
	}
	return 0
}

func measure(o options, stdout, stderr io.Writer) error {
	dir := o.siteDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "ketref-pointofcare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "public")
		fmt.Fprintf(stderr, "building into %s\n", dir)
		if err := build(o, dir); err != nil {
			return err
		}
	}
	cacheControl, err := readCacheControl(filepath.Join(dir, "_headers"))
	if err != nil {
		return err
	}
	addr := "127.0.0.1:0"
	if o.serve != "" {
		addr = o.serve
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	h := server.NewHandler(dir)
	h.CacheControl = cacheControl
	var sent tally
	var handler http.Handler = h
	if o.atServer {
		handler = (&link{rtt: time.Duration(o.rtt * float64(time.Millisecond)), rate: o.down / 8}).wrap(h)
	}
	srv := server.NewHTTPServer(sent.wrap(handler))
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stderr, "serving %s at %s\n", dir, base)
	if o.serve != "" {
		select {} // until interrupted
	}

	b, err := startBrowser(o)
	if err != nil {
		return err
	}
	defer b.close()
	var res []visitResult
	for i := range o.runs {
		r, err := b.runOnce(base, i == o.runs-1 && !o.skipOffline, dir)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "run %d: served %s\n", i+1, sent.take())
		fmt.Fprintf(stderr, "run %d: first %.0f ms, repeat %.0f ms, long tasks %.0f ms (max %.0f), FCP %.0f / %.0f ms\n",
			i+1, r.first, r.repeat, r.longTotal, r.longMax, r.fcpDosing, r.fcpOther)
		res = append(res, r)
	}
	printTable(stdout, o, res)
	return nil
}

// build builds the site as `generator build` does, with the default
// precompression (assets, module and data files; pages are compressed by
// the server), for the root path.
func build(o options, out string) error {
	cache, err := precompress.NewCache("")
	if err != nil {
		return err
	}
	opt := site.Options{
		Content: os.DirFS(o.content), Templates: os.DirFS(o.templates),
		ContentRoot: o.content, TemplatesRoot: o.templates,
		Out: out, BaseURL: "/", Precompress: &precompress.Policy{Mode: precompress.Assets, Cache: cache},
	}
	if fi, err := os.Stat(o.wasm); err == nil && fi.IsDir() {
		opt.Wasm = &wasmbuild.Options{ModuleRoot: ".", Package: "./" + filepath.ToSlash(filepath.Clean(o.wasm)), SourceDir: o.wasm}
	}
	_, err = site.Build(opt)
	return err
}

// readCacheControl reads the Cache-Control of each exact path of a
// _headers file (the build gives one to every hashed asset); every other
// file gets no-cache, so that a page is revalidated as on Netlify.
func readCacheControl(name string) (func(rel string) string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%w; measure a build of this generator", err)
	}
	rules := map[string]string{}
	rule := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "#") || strings.TrimSpace(line) == "":
		case line[0] != ' ' && line[0] != '\t':
			rule = strings.TrimSpace(line)
		case !strings.Contains(rule, "*"):
			if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && strings.EqualFold(k, "Cache-Control") {
				rules[rule] = strings.TrimSpace(v)
			}
		}
	}
	if len(rules) == 0 {
		return nil, errors.New(name + " gives no file a Cache-Control")
	}
	return func(rel string) string {
		if v, ok := rules["/"+rel]; ok {
			return v
		}
		return "no-cache"
	}, nil
}

type visitResult struct {
	first, repeat       float64 // ms from navigation start to a dosing result
	longTotal, longMax  float64 // ms of long tasks before the first result
	fcpDosing, fcpOther float64 // ms
	sw                  bool    // the site registered a service worker
	offlineOK, offline  int     // pages loaded offline, of offline tried
	offlineDosing       bool    // a dosing result offline
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func printTable(w io.Writer, o options, res []visitResult) {
	col := func(f func(visitResult) float64) (string, string) {
		var xs []float64
		var all []string
		for _, r := range res {
			xs = append(xs, f(r))
			all = append(all, fmt.Sprintf("%.0f", f(r)))
		}
		return fmt.Sprintf("%.0f ms", median(xs)), strings.Join(all, ", ")
	}
	fmt.Fprintf(w, "Chromium throttled: %.0f ms RTT, %.2g Mbps down, %.3g kbps up, %gx CPU; medians of %d runs.\n\n", o.rtt, o.down/1e6, o.up/1e3, o.cpu, len(res))
	fmt.Fprintln(w, "| measure | median | runs (ms) |")
	fmt.Fprintln(w, "|---|---|---|")
	row := func(name string, f func(visitResult) float64) {
		m, all := col(f)
		fmt.Fprintf(w, "| %s | %s | %s |\n", name, m, all)
	}
	row("first visit: navigation start → `ketcalc.dosing` result ("+o.dosingPath+")", func(r visitResult) float64 { return r.first })
	sw := res[len(res)-1].sw
	repeat := "repeat visit (warm HTTP cache"
	if sw {
		repeat += ", warm service worker"
	}
	row(repeat+")", func(r visitResult) float64 { return r.repeat })
	row("main-thread long tasks, navigation → result: total", func(r visitResult) float64 { return r.longTotal })
	row("main-thread long tasks, navigation → result: longest", func(r visitResult) float64 { return r.longMax })
	row("first contentful paint, "+o.dosingPath, func(r visitResult) float64 { return r.fcpDosing })
	row("first contentful paint, "+o.otherPath, func(r visitResult) float64 { return r.fcpOther })
	last := res[len(res)-1]
	switch {
	case o.skipOffline:
		fmt.Fprintln(w, "| offline after one visit | not checked (-no-offline) | |")
	case !sw:
		fmt.Fprintln(w, "| offline after one visit | no service worker | |")
	default:
		fmt.Fprintf(w, "| offline after one visit: sitemap pages that load | %d of %d | last run |\n", last.offlineOK, last.offline)
		fmt.Fprintf(w, "| offline after one visit: a `ketcalc.dosing` result | %v | last run |\n", map[bool]string{true: "yes", false: "no"}[last.offlineDosing])
	}
}

// get fetches a path of the served site, for the sitemap.
func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// withTimeout runs fn with a context that ends after d.
func withTimeout(parent context.Context, d time.Duration, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	return fn(ctx)
}

// tally counts what the server sent, by Content-Encoding, so that a run
// shows it was served compressed (Chromium sends br to loopback too).
type tally struct {
	mu    sync.Mutex
	resps map[string]int
	bytes map[string]int64
}

func (t *tally) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		enc := w.Header().Get("Content-Encoding")
		if enc == "" {
			enc = "identity"
		}
		if cw.status == http.StatusNotModified {
			enc = "304"
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.resps == nil {
			t.resps, t.bytes = map[string]int{}, map[string]int64{}
		}
		t.resps[enc]++
		t.bytes[enc] += cw.n
	})
}

// take describes what was sent since the last call, and starts again.
func (t *tally) take() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var parts []string
	for _, enc := range []string{"br", "gzip", "identity", "304"} {
		if t.resps[enc] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s (%.0f KB)", t.resps[enc], enc, float64(t.bytes[enc])/1e3))
		}
	}
	t.resps, t.bytes = nil, nil
	return strings.Join(parts, ", ")
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countingWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}
