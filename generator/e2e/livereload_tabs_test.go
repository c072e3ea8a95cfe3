package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tab is one browser tab on the preview.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// openTabs opens n tabs of browser's browser on url, one after the other,
// and fails if one does not load: a browser opens at most six connections
// to a host, and a page holding one for its event stream is one fewer.
func openTabs(t *testing.T, browser context.Context, n int, url string) []tab {
	t.Helper()
	tabs := make([]tab, n)
	for i := range tabs {
		ctx, cancel := chromedp.NewContext(browser)
		t.Cleanup(cancel)
		tabs[i] = tab{ctx, cancel}
		// The tab is made by the first action on its own context, since
		// it lasts as long as that action's context.
		if err := chromedp.Do(ctx); err != nil {
			t.Fatal(err)
		}
		// Only a guard against waiting for ever: a page of the preview
		// loads in well under a second.
		load, stop := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(load, chromedp.Navigate(url))
		stop()
		if err != nil {
			t.Fatalf("tab %d of %d did not load: %v", i+1, n, err)
		}
		waitFor(t, ctx, fmt.Sprintf("tab %d's live-reload script", i+1), `document.readyState === "complete" && sessionStorage.getItem("ketref-preview-build") !== null`)
	}
	return tabs
}

// leader waits until exactly one of the tabs holds the event stream for
// the others, and returns its index.
func leader(t *testing.T, tabs []tab) int {
	t.Helper()
	for {
		found, count := -1, 0
		for i, tb := range tabs {
			role, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`sessionStorage.getItem("ketref-preview-role") || ""`))
			if err == nil && role == "leader" {
				found, count = i, count+1
			}
		}
		if count == 1 {
			return found
		}
		if count > 1 {
			t.Fatalf("%d tabs hold an event stream, want 1", count)
		}
		select {
		case <-tabs[0].ctx.Done():
			t.Fatal("waiting for a tab to hold the event stream")
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// reloadAll marks every tab, saves an edit and waits for every tab to show
// the text want after a reload.
func reloadAll(t *testing.T, tabs []tab, file, old, new, want string) {
	t.Helper()
	for _, tb := range tabs {
		if err := chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`window.__marker = 1`)); err != nil {
			t.Fatal(err)
		}
	}
	edit(t, file, old, new)
	for i, tb := range tabs {
		waitFor(t, tb.ctx, fmt.Sprintf("tab %d to reload with %s", i+1, want), fmt.Sprintf(`!window.__marker && document.readyState === "complete" && document.body.textContent.includes(%q)`, want))
	}
}

// TestLiveReloadManyTabs opens eight tabs of one browser on the preview:
// all load, since the browser holds one event stream for all of them; a
// save reloads all eight; closing the tab that holds the stream hands it
// to another, and the next save reloads the seven left.
func TestLiveReloadManyTabs(t *testing.T) {
	t.Parallel()
	dir, base := startPreview(t)
	// The first tab only keeps the browser: closing it would close the
	// browser.
	browser := Browser(t, 180*time.Second)
	tabs := openTabs(t, browser, 8, base+"/mechanism/")
	leader(t, tabs)

	page := filepath.Join(dir, "content", "mechanism.md")
	reloadAll(t, tabs, page, "## ", "MANY-TABS-ONE.\n\n## ", "MANY-TABS-ONE")

	i := leader(t, tabs)
	tabs[i].cancel()
	rest := append(append([]tab(nil), tabs[:i]...), tabs[i+1:]...)
	reloadAll(t, rest, page, "MANY-TABS-ONE.", "MANY-TABS-TWO.", "MANY-TABS-TWO")
}

// TestLiveReloadOneStreamPerBrowser: with a preview that allows a single
// event stream, every tab of a browser still reloads, since they share
// one; a stream the preview refuses at a handover is tried again.
func TestLiveReloadOneStreamPerBrowser(t *testing.T) {
	t.Parallel()
	dir, base := startPreviewMax(t, 1)
	browser := Browser(t, 120*time.Second)
	tabs := openTabs(t, browser, 3, base+"/safety/")
	leader(t, tabs)
	reloadAll(t, tabs, filepath.Join(dir, "content", "safety.md"), "## ", "ONE-STREAM.\n\n## ", "ONE-STREAM")
}
