// Package e2e drives the built site in a real headless Chromium: what a
// person clicks is tested the way a person clicks it.
//
// Browser starts Debian's Chromium (or any chromium/google-chrome on PATH,
// or CHROMIUM_PATH) through chromedp. Where no browser is installed the
// tests skip with a message saying how to install one; when CI is set they
// fail instead, so CI never passes without running them. BuildSite builds
// the project's content and templates into a temporary folder and Serve
// serves it on 127.0.0.1 through the preview server's handler.
package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ketref/generator/server"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// Root is the repository root, relative to this package.
const Root = "../.."

// ChromiumPath finds a browser, or skips (fails in CI) with install advice.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found: install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Browser returns a chromedp context for one headless browser tab, closed
// when the test ends. Every action on it must finish within timeout.
func Browser(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// BuildSite builds the project's content and templates into a temporary
// folder and returns it.
func BuildSite(t testing.TB) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, err := site.Build(site.Options{
		Content: os.DirFS(filepath.Join(Root, "content")), Templates: os.DirFS(filepath.Join(Root, "templates")),
		ContentRoot: "content", TemplatesRoot: "templates", Out: out,
		Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"},
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return out
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
