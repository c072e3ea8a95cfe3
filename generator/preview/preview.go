// Package preview runs the editors' preview: it builds a site.Project,
// serves the last good build from memory (an output.Memory snapshot)
// through server.Handler, which answers only requests addressed to a
// loopback name, watches the content, templates and calculator sources,
// rebuilds once per batch of changes (one build at a time; changes during
// a build lead to one more), and tells the open pages over the live-reload
// stream: reload, swap the stylesheet for a CSS-only change, or show the
// errors of a failed build while the last good build stays served.
package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"ketref/generator/diag"
	"ketref/generator/output"
	"ketref/generator/route"
	"ketref/generator/server"
	"ketref/generator/site"
	"ketref/generator/watch"
)

// Options configure a preview.
type Options struct {
	Site site.Options
	// ContentDir, TemplatesDir and WasmDir are the folders to watch, as
	// operating-system paths (WasmDir may be empty).
	ContentDir, TemplatesDir, WasmDir string
	Addr                              string
	// Poll, when not zero, polls for changes at this interval instead of
	// using inotify.
	Poll time.Duration
	// MaxClients bounds the open live-reload streams (default 32).
	MaxClients int
	Log        io.Writer

	// Batches, when not nil, are the changes to build, instead of those of
	// a watcher on the folders; Clock times the builds and the changes'
	// latencies, stamps the files served, and times the watcher's windows;
	// BeforeBuild, when not nil, is called before each build with its
	// number (0 is the first). Tests use them to decide what lands in one
	// batch and to hold a build open, so that no result depends on how fast
	// the machine is.
	Batches     <-chan watch.Batch
	Clock       watch.Clock
	BeforeBuild func(n int)
}

// Preview is a running preview server.
type Preview struct {
	opt     Options
	project *site.Project
	hub     *server.Hub
	// current is the site served: the last good build, or notBuilt.
	current atomic.Pointer[output.Memory]
	assets  map[string]string
	router  atomic.Pointer[route.Router] // of the last good build
	build   int
	// builds counts the builds started, failed ones included (build
	// counts the good ones, which the pages see).
	builds int
}

// New prepares a preview; Run starts it.
func New(opt Options) *Preview {
	if opt.MaxClients == 0 {
		opt.MaxClients = 32
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Clock == nil {
		opt.Clock = watch.SystemClock{}
	}
	// A service worker would serve the pages from its cache, and live
	// reload would show the old ones (a Project builds none anyway).
	opt.Site.NoServiceWorker = true
	p := &Preview{opt: opt, project: site.NewProject(opt.Site), hub: server.NewHub(opt.MaxClients)}
	p.current.Store(notBuilt(opt.Clock.Now()))
	return p
}

// Handler serves the current build with live reload, under the base path
// of the router of the last good build, looked up on every request since a
// rebuild can change it.
func (p *Preview) Handler() http.Handler {
	basePath := func() string {
		if r := p.router.Load(); r != nil {
			return r.BasePath()
		}
		return "/"
	}
	return &server.Handler{Site: func() fs.FS { return p.current.Load() }, Reload: p.hub, BasePath: basePath}
}

// notBuilt is the site served until a first build succeeds: failedPage as
// the home page and as the 404 page, which every other path gets.
func notBuilt(mod time.Time) *output.Memory {
	m := output.NewMemory(2)
	for _, p := range []string{"index.html", "404.html"} {
		// Fixed valid paths into a new Memory: nothing can fail.
		_ = m.WriteFile(p, failedPage)
	}
	_ = m.Commit()
	return m.Snapshot(mod, nil)
}

var failedPage = []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body><h1>The site has not built yet</h1><p>The errors are listed over this page and in the terminal. Save a fix and this page reloads.</p></body></html>`)

// Run builds, serves on ln (or Options.Addr when ln is nil) and rebuilds
// on change until ctx ends. ready, when not nil, receives the address
// once the first build is served.
func (p *Preview) Run(ctx context.Context, ln net.Listener, ready chan<- string) error {
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", p.opt.Addr); err != nil {
			return err
		}
	}
	batches, watchErrs := p.opt.Batches, (<-chan error)(nil)
	if batches == nil {
		w, err := watch.New(watch.Options{Roots: p.roots(), Poll: p.opt.Poll, Clock: p.opt.Clock})
		if err != nil {
			ln.Close()
			return fmt.Errorf("%w\n(use -poll to watch by polling instead)", err)
		}
		defer w.Close()
		batches, watchErrs = w.Batches, w.Errors
	}

	p.rebuild(p.opt.Clock.Now(), nil)

	srv := server.NewHTTPServer(p.Handler())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(p.opt.Log, "serving at http://%s/ with live reload (Ctrl-C to stop)\n", ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}

	for {
		select {
		case <-ctx.Done():
			p.hub.Close()
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shutdown)
		case err := <-errc:
			return err
		case err := <-watchErrs:
			fmt.Fprintf(p.opt.Log, "watch: %v\n", err)
		case b, ok := <-batches:
			if !ok {
				batches = nil // a test's source that ran dry: serve on
				continue
			}
			// Changes that arrived while the last build ran are merged
			// into one more build.
			for more := true; more; {
				select {
				case nb, ok := <-batches:
					if !ok {
						batches, more = nil, false
						continue
					}
					b.Paths = append(b.Paths, nb.Paths...)
				default:
					more = false
				}
			}
			p.rebuild(b.First, b.Paths)
		}
	}
}

func (p *Preview) roots() []string {
	var roots []string
	for _, d := range []string{p.opt.ContentDir, p.opt.TemplatesDir, p.opt.WasmDir} {
		if d != "" {
			roots = append(roots, d)
		}
	}
	return roots
}

func same(path, dir string) bool { return dir != "" && filepath.Clean(path) == filepath.Clean(dir) }

func within(dir, path string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// classify tells the project what changed, and reports whether the change
// touched only stylesheets under templates/static.
func (p *Preview) classify(paths []string) (cssOnly bool) {
	var content []string
	templates, wasm, everything := false, false, false
	cssOnly = len(paths) > 0
	for _, path := range paths {
		// A root itself appeared, vanished or moved: all of it changed.
		switch {
		case same(path, p.opt.ContentDir):
			everything = true
			cssOnly = false
			continue
		case same(path, p.opt.TemplatesDir):
			templates, cssOnly = true, false
			continue
		case same(path, p.opt.WasmDir):
			wasm, cssOnly = true, false
			continue
		}
		if rel, ok := within(p.opt.ContentDir, path); ok {
			cssOnly = false
			if fi, err := os.Stat(path); err == nil && fi.IsDir() || filepath.Ext(path) == "" {
				everything = true // a folder appeared, vanished or moved
			}
			content = append(content, rel)
			continue
		}
		if rel, ok := within(p.opt.TemplatesDir, path); ok {
			templates = true
			if !(strings.HasPrefix(rel, "static/") && strings.HasSuffix(rel, ".css")) {
				cssOnly = false
			}
			continue
		}
		if _, ok := within(p.opt.WasmDir, path); ok {
			wasm = true
			cssOnly = false
			continue
		}
		cssOnly = false
	}
	if everything {
		p.project.Changed(nil, false, false)
	} else {
		p.project.Changed(content, templates, wasm)
	}
	return cssOnly
}

// rebuild builds once and publishes the outcome. paths nil is the first
// build.
func (p *Preview) rebuild(first time.Time, paths []string) {
	cssOnly := paths != nil && p.classify(paths)
	if p.opt.BeforeBuild != nil {
		p.opt.BeforeBuild(p.builds)
	}
	p.builds++
	start := p.opt.Clock.Now()
	res, mem, err := p.project.Build()
	took := p.opt.Clock.Now().Sub(start)
	for _, w := range res.Warnings {
		fmt.Fprintln(p.opt.Log, w)
	}
	if err != nil {
		var problems []server.Problem
		var es *diag.Errors
		if errors.As(err, &es) {
			for _, d := range es.Items {
				fmt.Fprintln(p.opt.Log, d)
				problems = append(problems, server.Problem{Location: d.Location(), Message: d.Msg})
			}
		} else {
			fmt.Fprintln(p.opt.Log, err)
			problems = append(problems, server.Problem{Message: err.Error()})
		}
		fmt.Fprintf(p.opt.Log, "build failed after %v: %d error(s); still serving the last good build\n", took.Round(time.Millisecond), len(problems))
		p.hub.Publish(server.Event{Type: "errors", Build: p.build, Errors: problems})
		return
	}
	p.current.Store(mem.Snapshot(p.opt.Clock.Now(), res.Assets))
	p.router.Store(res.Router)
	old := p.assets
	p.assets = res.Assets
	p.build++
	ev := server.Event{Type: "reload", Build: p.build}
	if cssOnly && old != nil {
		ev.Type = "css"
		for src, url := range res.Assets {
			if strings.HasSuffix(src, ".css") && old[src] != "" && old[src] != url {
				ev.Swap = append(ev.Swap, server.Swap{Old: old[src], New: url})
			}
		}
	}
	n := p.hub.Publish(ev)
	if paths == nil {
		fmt.Fprintln(p.opt.Log, res)
		return
	}
	fmt.Fprintf(p.opt.Log, "rebuilt in %v (%s sent to %d page(s), %v after the change)\n", took.Round(time.Millisecond), ev.Type, n, p.opt.Clock.Now().Sub(first).Round(time.Millisecond))
}
