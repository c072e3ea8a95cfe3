package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ketref/generator/site"
)

// TestSearch types a query, sees highlighted results with page, section and
// snippet, moves through them with the keyboard and opens one.
func TestSearch(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	// "/" focuses the search box.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "search-input" {
		t.Fatalf("'/' focused %q", id)
	}
	// The DevTools protocol sends the "/" as a separate character event
	// that a real keyboard does not; clear what it typed.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-input").value = ""`)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := chromedp.Do(ctx, typeText("#search-input", "bioavailability"), chromedp.WaitVisible(chromedp.CSS(".search-hit"))); err != nil {
		t.Fatal(err)
	}
	t.Logf("first results %v after typing began (index load included)", time.Since(start))
	// Time a keystroke on the loaded index: from input to rendered results.
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const i = document.getElementById("search-input"); const t0 = performance.now(); i.value = "esketamine dose"; i.dispatchEvent(new Event("input")); return new Promise(r => requestAnimationFrame(() => r(performance.now() - t0))); })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("results rendered %.1f ms after a keystroke", ms)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("search-input"); i.value = "bioavailability"; i.dispatchEvent(new Event("input")); })()`), chromedp.WaitVisible(chromedp.CSS(".search-hit"))); err != nil {
		t.Fatal(err)
	}
	first := text(t, ctx, ".search-hit")
	if !strings.Contains(strings.ToLower(first), "bioavailability") {
		t.Errorf("first hit %q does not mention the query", first)
	}
	if n := count(t, ctx, ".search-hit mark"); n == 0 {
		t.Error("the matches are not highlighted")
	}
	if n := count(t, ctx, ".search-hit .search-snippet"); n == 0 {
		t.Error("results have no snippet")
	}
	href, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".search-hit"), "href"))
	// Arrow down to the first result, Enter to open it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	// The box is a combobox: focus stays in it, the first option is active.
	if cls, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const i = document.getElementById("search-input"); const a = document.getElementById(i.getAttribute("aria-activedescendant") || "-"); return document.activeElement === i && a ? a.className : ""; })()`)); cls != "search-hit" {
		t.Fatalf("after ArrowDown the active option is %q", cls)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	WaitLocation(t, ctx, href.Value)
}

// TestThemeToggleIsRemembered switches to dark, reloads, and finds the page
// dark without a flash of the light theme.
func TestThemeToggleIsRemembered(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/safety/"), chromedp.WaitVisible(chromedp.CSS("#theme-toggle"))); err != nil {
		t.Fatal(err)
	}
	bg := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		return s
	}
	light := bg()
	// system -> light -> dark
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#theme-toggle")), chromedp.Click(chromedp.CSS("#theme-toggle"))); err != nil {
		t.Fatal(err)
	}
	if theme, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-theme")`)); theme != "dark" {
		t.Fatalf("data-theme = %q after two clicks", theme)
	}
	dark := bg()
	if dark == light {
		t.Fatalf("background stayed %s in the dark theme", dark)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	if got := bg(); got != dark {
		t.Errorf("after reload the background is %s, want the dark %s", got, dark)
	}
	if label, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("theme-toggle").getAttribute("aria-label")`)); !strings.Contains(label, "dark") {
		t.Errorf("toggle label %q", label)
	}
}

// TestPrevNext walks the whole reading order with the "Next" links and
// back with "Previous".
func TestPrevNext(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for i := 0; i < 40; i++ {
		h1 := text(t, ctx, "main h1")
		titles = append(titles, h1)
		if count(t, ctx, "a[rel=next]") == 0 {
			break
		}
		href, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a[rel=next]"), "href"))
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a[rel=next]"))); err != nil {
			t.Fatal(err)
		}
		WaitLocation(t, ctx, href.Value)
	}
	if len(titles) < 15 || titles[len(titles)-1] != "What changed" {
		t.Errorf("the Next links visit %d pages ending at %q: %v", len(titles), titles[len(titles)-1], titles)
	}
	href, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a[rel=prev]"), "href"))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a[rel=prev]"))); err != nil {
		t.Fatal(err)
	}
	WaitLocation(t, ctx, href.Value)
	if got := text(t, ctx, "main h1"); got != titles[len(titles)-2] {
		t.Errorf("Previous led to %q, want %q", got, titles[len(titles)-2])
	}
}

// sitePages lists every page of a built site, as URL paths.
func sitePages(t *testing.T, out string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			rel = "/" + filepath.ToSlash(strings.TrimSuffix(rel, "index.html"))
			pages = append(pages, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	return pages
}

// samplePages lists the pages the whole-site browser checks visit: every
// page of the built site, so every layout and every content page, except
// that of the reference pages (88 in the review, all made by one template
// from the same kind of data) only three are taken: the first, and the
// largest and the smallest file, whose entries have the most and the
// fewest parts and backlinks.
func samplePages(t *testing.T, out string) []string {
	t.Helper()
	var pages, refs []string
	for _, p := range sitePages(t, out) {
		if n := strings.TrimPrefix(p, "/references/"); n != p && n != "" {
			refs = append(refs, p)
			continue
		}
		pages = append(pages, p)
	}
	if len(refs) == 0 {
		t.Fatal("the site has no reference pages")
	}
	size := func(p string) int64 {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	largest, smallest := refs[0], refs[0]
	for _, p := range refs {
		if size(p) > size(largest) {
			largest = p
		}
		if size(p) < size(smallest) {
			smallest = p
		}
	}
	for _, p := range []string{"/references/1/", largest, smallest} {
		if !slices.Contains(pages, p) {
			pages = append(pages, p)
		}
	}
	return pages
}

// TestPhoneLayout: at 360 and 390 px no page scrolls sideways; only tables
// and code scroll inside their own frame. The pages are samplePages'.
func TestPhoneLayout(t *testing.T) {
	t.Parallel()
	out := BuildSite(t)
	base := Serve(t, out)
	ctx := Browser(t, 180*time.Second)
	phoneLayout(t, ctx, base, samplePages(t, out), []int64{360, 390})
}

// phoneLayout loads each page once and checks it at each width: a new
// viewport reflows the page as a phone of that width would show it, so
// loading it again would check nothing more.
func phoneLayout(t *testing.T, ctx context.Context, base string, pages []string, widths []int64) {
	t.Helper()
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(widths[0], 800), chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		for _, width := range widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const out = [];
			const w = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth > w) out.push("page " + document.documentElement.scrollWidth + "px");
			for (const e of document.querySelectorAll("main *, header *, nav *")) {
				if (e.closest(".table-wrap, pre, .search-results")) continue;
				const r = e.getBoundingClientRect();
				if (r.width > 0 && r.right > w + 1) out.push(e.tagName + (e.className ? "." + e.className : "") + " " + Math.round(r.right) + "px");
			}
			return out.slice(0, 5);
		})()`))
			if err != nil {
				t.Fatal(err)
			}
			if len(over) > 0 {
				t.Errorf("%s overflows %d px: %v", p, width, over)
			}
		}
	}
}

// axeResult is the part of axe-core's report the test reads.
type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []string `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules (and its best
// practices) on samplePages' pages of the built site, in the light and the
// dark theme: no violations. Each page is a subtest in a tab of its own,
// run in parallel with the others; it is loaded once, and checked in one
// theme and then the other.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := AxeSource(t)
	out := BuildSite(t)
	base := Serve(t, out)
	for _, p := range samplePages(t, out) {
		name := strings.Trim(p, "/")
		if name == "" {
			name = "home"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := Browser(t, 90*time.Second)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body")), chromedp.Evaluate[chromedp.Void](axe)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if p == "/calculators/dosing/" || p == "/calculators/eligibility/" {
				_ = chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("html[data-calc-ready]")))
			}
			checkAxe(t, ctx, p)
		})
	}
}

// checkAxe runs axe-core (already evaluated in the page) on the page shown
// in ctx, p naming it in failures. Every rule runs in the light theme. The
// dark theme changes colours only, so it runs the rules that read colours;
// the rest would report the same markup twice.
func checkAxe(t *testing.T, ctx context.Context, p string) {
	t.Helper()
	for _, run := range []struct{ theme, only string }{
		{"light", `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}`},
		{"dark", `{type: "rule", values: ["color-contrast", "link-in-text-block"]}`},
	} {
		theme := run.theme
		// Only the violations are gathered, with all their
		// nodes, and sent back.
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`document.documentElement.setAttribute("data-theme", "`+theme+`");
		axe.run(document, {runOnly: `+run.only+`, resultTypes: ["violations"]})
			.then(r => ({violations: r.violations}))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s (%s): axe: %v", p, theme, err)
		}
		var res axeResult
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Violations {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.Join(n.Target, " "))
			}
			if len(where) > 3 {
				where = append(where[:3], "…")
			}
			t.Errorf("%s (%s): %s: %s at %v", p, theme, v.ID, v.Help, where)
		}
	}
}

// TestSearchInParts: a site whose search documents exceed one file's
// budget gets its index in parts; the browser loads them all, so a word
// that only the last page holds is found, and a part that fails to load is
// reported in the results box instead of failing silently.
func TestSearchInParts(t *testing.T) {
	t.Parallel()
	content := t.TempDir()
	words := strings.Repeat("ketamine infusion remission glutamate plasticity cohort placebo tolerability ", 80)
	pages := 600 // three parts of 250 pages
	for i := range pages {
		extra := ""
		if i == pages-1 {
			extra = "The last page alone mentions quetzalcoatlus.\n"
		}
		page := fmt.Sprintf("---\ntitle: Page %d\nweight: %d\n---\n\n## Part one\n\n%s\n\n## Part two\n\n%s\n%s", i, i, words, words, extra)
		dir := filepath.Join(content, fmt.Sprintf("s%02d", i/50))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%03d.md", i)), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	// Without a service worker, which would serve the part removed below
	// from its cache (TestOfflineAfterOneVisit tests search offline).
	if _, err := site.Build(site.Options{Content: os.DirFS(content), Templates: os.DirFS(filepath.Join(Root, "templates")), Out: out, NoServiceWorker: true}); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(out, "search", "*.json"))
	if len(parts) != 3 {
		t.Fatalf("%d index parts, want 3", len(parts))
	}
	base := Serve(t, out)
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#search-input")),
		typeText("#search-input", "quetzalcoatlus"), chromedp.WaitVisible(chromedp.CSS(".search-hit"))); err != nil {
		t.Fatal(err)
	}
	if hit := text(t, ctx, ".search-hit"); !strings.Contains(hit, fmt.Sprintf("Page %d", pages-1)) {
		t.Errorf("first hit %q, want the last page", hit)
	}

	// A part that cannot be loaded.
	if err := os.Remove(parts[1]); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#search-input")),
		typeText("#search-input", "ketamine"), chromedp.WaitVisible(chromedp.CSS(".search-status"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, ".search-status"); !strings.Contains(msg, "could not be loaded") {
		t.Errorf("status %q, want the index failure", msg)
	}
}
