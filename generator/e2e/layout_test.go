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
