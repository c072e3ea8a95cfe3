package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// cumulativeLayoutShift sums the page's layout shifts since navigation the
// way the Core Web Vitals count them (shifts right after input excluded).
// It first lets two frames render after the load event, so shifts caused
// by the deferred scripts have been laid out and reported; the observer is
// buffered, so entries from before it was created are included.
const cumulativeLayoutShift = `new Promise(resolve => {
	const settle = () => requestAnimationFrame(() => requestAnimationFrame(() => {
		let sum = 0;
		const obs = new PerformanceObserver(() => {});
		obs.observe({type: "layout-shift", buffered: true});
		for (const e of obs.takeRecords()) if (!e.hadRecentInput) sum += e.value;
		obs.disconnect();
		resolve(sum);
	}));
	if (document.readyState === "complete") settle(); else addEventListener("load", settle);
})`

// TestNoLayoutShiftOnPhones: at 390x844, the header's script-driven
// controls (search, theme, menu) have their place from the first paint, so
// loading a page shifts nothing, in either theme and the system one.
func TestNoLayoutShiftOnPhones(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, theme := range []string{"", "light", "dark"} {
		for _, page := range []string{"/", "/routes/", "/calculators/dosing/"} {
			// The theme is the reader's stored choice, which theme-init.js
			// applies before the first paint.
			set := `localStorage.removeItem("ketref-theme")`
			if theme != "" {
				set = `localStorage.setItem("ketref-theme", "` + theme + `")`
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/404.html"), chromedp.Evaluate[chromedp.Void](set)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+page)); err != nil {
				t.Fatal(err)
			}
			cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](cumulativeLayoutShift, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			t.Logf("%s (theme %q): CLS %.4f", page, theme, cls)
			if cls >= 0.01 {
				t.Errorf("%s (theme %q): cumulative layout shift %.4f, want < 0.01", page, theme, cls)
			}
		}
	}
}

// TestHeaderControlsOnOneLine: on phones the theme and menu buttons keep
// their labels on one line ("Menu", "◐ dark"); the search box gives way.
func TestHeaderControlsOnOneLine(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	for _, width := range []int64{360, 390} {
		for _, theme := range []string{"", "light", "dark"} {
			set := `localStorage.removeItem("ketref-theme")`
			if theme != "" {
				set = `localStorage.setItem("ketref-theme", "` + theme + `")`
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844), chromedp.Navigate(base+"/404.html"), chromedp.Evaluate[chromedp.Void](set),
				chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#menu-toggle"))); err != nil {
				t.Fatal(err)
			}
			// The lines a button's text takes: its text's line boxes by
			// their distinct tops.
			lines, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`Object.fromEntries(["theme-toggle", "menu-toggle"].map(id => {
				const r = document.createRange();
				r.selectNodeContents(document.getElementById(id));
				const tops = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
				return [id, tops.size];
			}))`))
			if err != nil {
				t.Fatal(err)
			}
			for id, n := range lines {
				if n != 1 {
					t.Errorf("%d px, theme %q: #%s takes %d lines, want 1", width, theme, id, n)
				}
			}
		}
	}
}
