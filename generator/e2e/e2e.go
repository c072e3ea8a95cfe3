// Package e2e drives the built site in a real headless Chromium: what a
// person clicks is tested the way a person clicks it.
//
// Browser starts Chromium's headless shell (Debian's chromium-headless-shell:
// the same Blink and V8 as the browser, without its UI; or CHROMIUM_PATH,
// or any chromium/google-chrome on PATH) through chromedp. Where no browser is installed the
// tests skip with a message saying how to install one, or fail when CI is
// set (package needs' rule). BuildSite builds
// the project's content and templates into a temporary folder and Serve
// serves it on 127.0.0.1 through the preview server's handler.
//
// One test binary starts one Chromium and builds the review site once:
// starting a browser and compiling the calculators cost seconds each, and
// the suite has dozens of browser tests. Isolation is kept where it
// matters: every Browser call gets a fresh browser context (its own
// cookies, storage, cache and service workers, disposed when the test
// ends), and the shared site folder is never written to (a test that needs
// to change files builds its own). So the tests run in parallel
// (t.Parallel): a browser test mostly waits for pages to load and scripts
// to settle, and two at a time keep both cores busy. TestMain calls
// Shutdown.
package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"ketref/generator/needs"
	"ketref/generator/precompress"
	"ketref/generator/server"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// Root is the repository root, relative to this package.
const Root = "../.."

// ChromiumPath finds a browser, or applies package needs' rule (skip,
// or fail in CI) with install advice.
//
// The headless shell comes first: the browser tests are bound by
// Chromium's CPU on two cores, and the shell runs the whole e2e package on
// 2.5 times less CPU than the full browser in headless mode (120 against
// 300 CPU seconds, measured in a cpuacct cgroup, README "Tests").
func ChromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome-headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needs.Missing(t, "Chromium", "apt-get update && apt-get install -y chromium-headless-shell (or chromium; or set CHROMIUM_PATH)")
	return ""
}

// AxeSource returns axe-core (npm axe-core) from NODE_PATH, to evaluate
// in a page.
func AxeSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(needs.NodeModule(t, "axe-core/axe.min.js", "npm install --prefix DIR axe-core@4 and set NODE_PATH=DIR/node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shared holds the one browser and the one built review site of a test
// binary. It is package state on purpose: Go gives a test binary no other
// place to keep a fixture that outlives one test, and TestMain closes it.
var shared fixture

type fixture struct {
	browserOnce sync.Once
	browser     context.Context // the browser's first tab; never navigated
	closeAll    func()
	browserErr  error

	site, offlineSite builtSite
}

// builtSite is one build of the review, made on first use.
type builtSite struct {
	once sync.Once
	dir  string
	err  error
}

// Shutdown closes the shared browser and removes the shared site. TestMain
// calls it after the tests.
func Shutdown() {
	if shared.closeAll != nil {
		shared.closeAll()
	}
	for _, b := range []*builtSite{&shared.site, &shared.offlineSite} {
		if b.dir != "" {
			os.RemoveAll(filepath.Dir(b.dir))
		}
	}
}

// Browser returns a chromedp context for one headless tab in a browser
// context of its own (its own storage and cache), at 1280x900, closed when
// the test ends. Every action on it must finish within timeout. Tabs the
// test opens from it (chromedp.NewContext(ctx)) share its browser context,
// as tabs of one browser do.
func Browser(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	exec := ChromiumPath(t)
	shared.browserOnce.Do(func() {
		userData, err := os.MkdirTemp("", "ketref-chromium-")
		if err != nil {
			shared.browserErr = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exec),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.UserDataDir(userData),
			chromedp.WindowSize(1280, 900),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		shared.browser = bctx
		shared.closeAll = func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(userData)
		}
		shared.browserErr = chromedp.Do(bctx) // start the browser now
	})
	if shared.browserErr != nil {
		t.Fatalf("starting Chromium: %v", shared.browserErr)
	}
	ctx, cancelTab := chromedp.NewContext(shared.browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	// A new browser context opens its window at Chromium's default size;
	// tests expect the desktop size the browser was started with. Tests
	// run in parallel, each in its own tab, and a headless tab that is
	// not the focused one may move document.activeElement without firing
	// focus and blur events; a person's window has focus, so every tab is
	// made to behave as the focused one.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// BuildSite returns a folder holding the project's content and templates
// built as a site, without its service worker. It is built once per test
// binary and shared: read it, never write to it.
//
// The service worker is left out because a page that registers it
// precaches the whole site in the background (4.5 MB, every entry
// hashed): in every test's fresh browser context that was most of the
// suite's CPU, for tests about something else. The offline tests use
// BuildOfflineSite.
func BuildSite(t testing.TB) string {
	t.Helper()
	return shared.site.build(t, true)
}

// BuildOfflineSite is BuildSite with the service worker, as the build
// writes it for deployment.
func BuildOfflineSite(t testing.TB) string {
	t.Helper()
	return shared.offlineSite.build(t, false)
}

func (b *builtSite) build(t testing.TB, noServiceWorker bool) string {
	t.Helper()
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "ketref-e2e-")
		if err != nil {
			b.err = err
			return
		}
		out := filepath.Join(dir, "public")
		// Precompressed as `build` writes it by default (assets, module
		// and data files), so that Serve sends the build's .br and .gz as
		// a production host would, instead of compressing the module on
		// request in every test's server; pages are compressed on
		// request, as hosts do.
		cache, err := precompress.NewCache("")
		if err != nil {
			b.err = err
			return
		}
		_, b.err = site.Build(site.Options{
			Content: os.DirFS(filepath.Join(Root, "content")), Templates: os.DirFS(filepath.Join(Root, "templates")),
			ContentRoot: "content", TemplatesRoot: "templates", Out: out,
			Wasm:            &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"},
			Precompress:     &precompress.Policy{Mode: precompress.Assets, Cache: cache},
			NoServiceWorker: noServiceWorker,
		})
		b.dir = out
	})
	if b.err != nil {
		t.Fatalf("build: %v", b.err)
	}
	return b.dir
}

// Serve serves dir on 127.0.0.1 with the preview server's handler and
// returns its base URL (no trailing slash).
func Serve(t testing.TB, dir string) string {
	t.Helper()
	srv := httptest.NewServer(server.NewHandler(dir))
	t.Cleanup(srv.Close)
	return srv.URL
}

// WaitLocation waits until the tab's URL ends with suffix and its document
// has loaded (a click that navigates returns before the new page exists),
// and returns the URL.
func WaitLocation(t testing.TB, ctx context.Context, suffix string) string {
	t.Helper()
	var loc string
	for {
		loc, _ = chromedp.Run(ctx, chromedp.Location())
		if strings.HasSuffix(loc, suffix) {
			state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState`))
			if err == nil && state == "complete" {
				return loc
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for a URL ending in %s; at %s", suffix, loc)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
