package e2e

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ketref/generator/preview"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// startPreview copies the project's content and templates into a
// temporary folder, runs the preview server on them and returns the
// folder and the server's URL.
func startPreview(t *testing.T) (dir, base string) {
	t.Helper()
	return startPreviewMax(t, 0)
}

// startPreviewMax is startPreview with at most maxClients event streams
// (0: the default).
func startPreviewMax(t *testing.T, maxClients int) (dir, base string) {
	t.Helper()
	dir = t.TempDir()
	for _, sub := range []string{"content", "templates"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(Root, sub))); err != nil {
			t.Fatal(err)
		}
	}
	content, templates := filepath.Join(dir, "content"), filepath.Join(dir, "templates")
	p := preview.New(preview.Options{
		Site: site.Options{
			Content: os.DirFS(content), Templates: os.DirFS(templates), ContentRoot: "content", TemplatesRoot: "templates",
			Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"},
		},
		ContentDir: content, TemplatesDir: templates, MaxClients: maxClients,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan string, 1)
	go func() { done <- p.Run(ctx, ln, ready) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview stopped with %v", err)
		}
	})
	select {
	case addr := <-ready:
		return dir, "http://" + addr
	case err := <-done:
		t.Fatalf("preview: %v", err)
	}
	return "", ""
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", file, old)
	}
	replaceFile(t, file, []byte(strings.Replace(string(b), old, new, 1)))
}

// replaceFile saves as safe-saving editors do: a new file, made outside
// the watched folders, renamed over the old. Written in place, a build
// could read the file empty or half-written, and what that build sends
// (a reload, other errors) would depend on the machine's timing.
func replaceFile(t *testing.T, file string, data []byte) {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), filepath.Base(file)) // beside the copy, on its file system
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s", what)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// TestLiveReload edits the Markdown, the stylesheet and a template of a
// running preview and watches an open page follow without any action.
func TestLiveReload(t *testing.T) {
	t.Parallel()
	dir, base := startPreview(t)
	ctx := Browser(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/"), chromedp.WaitReady(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	// Wait for the event stream, then scroll and mark the page.
	waitFor(t, ctx, "the live-reload stream", `window.ketrefPreviewListening === true`)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 600); window.__marker = 1`)); err != nil {
		t.Fatal(err)
	}

	// A Markdown edit: the new text appears, at the same scroll position.
	edit(t, filepath.Join(dir, "content", "mechanism.md"), "## ", "A sentence added while previewing, LIVE-EDIT-ONE.\n\n## ")
	waitFor(t, ctx, "the edited text", `document.body.textContent.includes("LIVE-EDIT-ONE")`)
	// The reloaded page opens its stream a moment after it shows; a save
	// before that is seen as a missed build, and reloads (correctly, but
	// not what the next step tests).
	waitFor(t, ctx, "the reloaded page's live-reload stream", `window.ketrefPreviewListening === true`)
	if y, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`)); y < 500 {
		t.Errorf("scroll position after reload = %v, want about 600", y)
	}

	// A CSS edit: the style changes and the page is not reloaded.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__marker = 42`)); err != nil {
		t.Fatal(err)
	}
	css := filepath.Join(dir, "templates", "static", "style.css")
	b, _ := os.ReadFile(css)
	replaceFile(t, css, append(b, []byte("\nbody { outline: 3px solid rgb(1, 2, 3); }\n")...))
	waitFor(t, ctx, "the new style", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if m, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__marker || 0`)); m != 42 {
		t.Error("the page reloaded for a CSS-only change")
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('link[rel=stylesheet][href*="style."]').length`)); n != 1 {
		t.Errorf("%d style sheets after the swap, want 1", n)
	}

	// A broken template: an overlay with the location; the page stays.
	page := filepath.Join(dir, "templates", "page.html")
	edit(t, page, "{{template \"partials/pagehead.html\" .}}", "{{template \"partials/pagehead.html\" .}}{{.Page.NoSuchField}}")
	waitFor(t, ctx, "the error overlay", `(() => { const o = document.getElementById("ketref-preview-overlay"); return !!o && o.textContent.includes("templates/page.html:3:") && o.textContent.includes("NoSuchField"); })()`)
	if m, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__marker || 0`)); m != 42 {
		t.Error("the page reloaded for a failed build")
	}
	// Fixing it removes the overlay and reloads.
	edit(t, page, "{{.Page.NoSuchField}}", "")
	waitFor(t, ctx, "the reload after the fix", `!window.__marker && !document.getElementById("ketref-preview-overlay") && document.body.textContent.includes("LIVE-EDIT-ONE")`)
}
