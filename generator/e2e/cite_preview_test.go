package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// activeInfo says where the keyboard focus is: the citation number it is
// on, or the preview link, by its text.
const activeInfo = `(() => { const a = document.activeElement; if (!a) return "none";
	if (a.closest(".cite-popover")) return "preview:" + a.textContent.trim();
	if (a.matches(".citation > a")) return "cite:" + a.textContent.trim();
	return a.tagName + ":" + a.textContent.trim().slice(0, 30); })()`

// TestCitationPreviewKeyboard: in a group such as [20,30], Tab from an open
// preview's number moves into the preview and through each of its links,
// then on to the next number of the group; Escape inside the preview
// closes it and puts the focus back on its number.
func TestCitationPreviewKeyboard(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	emulateFocus(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/routes/"), chromedp.WaitReady(chromedp.CSS(citeNumberSel)),
		// Mark the first group of two or more numbers.
		chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll(".citation")].find(c => c.querySelectorAll(":scope > a").length > 1).id = "group-under-test"`),
	); err != nil {
		t.Fatal(err)
	}
	nums, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#group-under-test > a")].map(a => a.textContent.trim())`))
	if err != nil || len(nums) < 2 {
		t.Fatalf("no group of citations on the page: %v %v", nums, err)
	}
	active := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](activeInfo))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#group-under-test > a").focus()`),
		chromedp.WaitVisible(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("no preview on focus: %v", err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".cite-popover a")].map(a => "preview:" + a.textContent.trim())`))
	if err != nil || len(links) == 0 {
		t.Fatalf("the preview has no links: %v", err)
	}
	want := append(append([]string{}, links...), "cite:"+nums[1])
	var got []string
	for range want {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		got = append(got, active())
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("Tab from citation %s visits\n  %v\nwant\n  %v", nums[0], got, want)
	}

	// Back on the first number, into its preview, and Escape.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#group-under-test > a").focus()`),
		chromedp.WaitVisible(chromedp.CSS(".cite-popover")), chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if a := active(); !strings.HasPrefix(a, "preview:") {
		t.Fatalf("Tab from citation %s went to %s, not into its preview", nums[0], a)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("Escape in the preview did not close it: %v", err)
	}
	if a := active(); a != "cite:"+nums[0] {
		t.Errorf("after Escape the focus is on %s, want citation %s", a, nums[0])
	}
}

// TestCitationPreviewInCalculatorResults: the citation numbers that
// calc.js adds to a result get previews on hover and on focus, including
// references the page's own text does not cite.
func TestCitationPreviewInCalculatorResults(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	emulateFocus(t, ctx)
	calculators := []struct {
		name, url string
		fill      chromedp.Action[chromedp.Void]
	}{
		{"dosing", "/calculators/dosing/", chromedp.Steps(choose("route", "iv-racemic"), fill("weight", "70"), fill("dosePerKg", "0.5"),
			chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")))},
		{"eligibility", "/calculators/eligibility/", chromedp.Steps(chromedp.Click(chromedp.CSS("#adult")), fill("failedTrials", "2"),
			chromedp.Click(chromedp.CSS("#ssri1")), chromedp.Click(chromedp.CSS("#benzodiazepines")), chromedp.Click(chromedp.CSS("#pregnancy")),
			chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]")))},
	}
	for _, c := range calculators {
		openCalculator(t, ctx, base+c.url)
		if err := chromedp.Do(ctx, c.fill, chromedp.WaitVisible(chromedp.CSS("#calc-result a.cite-ref"))); err != nil {
			t.Fatalf("%s: no result with citations: %v", c.name, err)
		}
		nums, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#calc-result a.cite-ref")].map(a => a.textContent.trim())`))
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range nums {
			nth := `document.querySelectorAll("#calc-result a.cite-ref")[` + strconv.Itoa(i) + `]`
			// Hover the first number of each result, focus the others.
			var open chromedp.Action[chromedp.Void]
			how := "focus"
			if i == 0 {
				how = "hover"
				if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](nth+`.id = "calc-cite-under-test"`)); err != nil {
					t.Fatal(err)
				}
				open = hoverOver("#calc-cite-under-test")
			} else {
				open = chromedp.Evaluate[chromedp.Void](nth + `.focus()`)
			}
			if err := chromedp.Do(ctx, open, chromedp.Poll[chromedp.Void](`(() => { const p = document.querySelector(".cite-popover"); return p && p.querySelector(".cite-popover-number").textContent === "Reference `+n+`"; })()`,
				chromedp.WithPollingTimeout(5*time.Second))); err != nil {
				t.Errorf("%s: citation %s in the result (%s) shows no preview of reference %s: %v", c.name, n, how, n, err)
				break // the rest would wait as long for the same reason
			}
			if got, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(".cite-popover .ref-text"))); len(strings.TrimSpace(got)) < 20 {
				t.Errorf("%s: the preview of reference %s has no entry: %q", c.name, n, got)
			}
			if i == 0 {
				// Move the mouse away so that later focus previews are not
				// the hovered one.
				if err := chromedp.Do(ctx, hoverOver(".site-title"), chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestCitationPreviewFitsPhoneViewport: at 360x640 a preview opened near
// the bottom of the screen opens above its number, one near the top opens
// below it, and either way it lies wholly inside the viewport.
func TestCitationPreviewFitsPhoneViewport(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	emulateFocus(t, ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 640), chromedp.Navigate(base+"/routes/"), chromedp.WaitReady(chromedp.CSS(citeNumberSel))); err != nil {
		t.Fatal(err)
	}
	type rects struct {
		Cite, Pop struct{ Top, Bottom, Left, Right float64 }
		W, H      float64
	}
	for _, c := range []struct {
		name  string
		at    int // where the number's bottom is put, in px from the top
		above bool
	}{
		{"near the bottom", 625, true},
		{"near the top", 60, false},
	} {
		// Close the previous case's preview first: it would be reused.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
			chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
			t.Fatal(err)
		}
		// Scroll so that the number sits at c.at, then focus it without
		// scrolling.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[rects](`new Promise(resolve => {
			const a = [...document.querySelectorAll("main .citation > a")].find(a => a.getBoundingClientRect().top + scrollY > 700);
			scrollBy(0, a.getBoundingClientRect().bottom - `+strconv.Itoa(c.at)+`);
			a.focus({preventScroll: true});
			const box = r => ({Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right});
			requestAnimationFrame(() => {
				const p = document.querySelector(".cite-popover");
				resolve({Cite: box(a.getBoundingClientRect()), Pop: p ? box(p.getBoundingClientRect()) : {}, W: document.documentElement.clientWidth, H: innerHeight});
			});
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		p := got.Pop
		if p.Bottom == 0 {
			t.Errorf("%s: no preview", c.name)
			continue
		}
		if p.Top < 0 || p.Left < 0 || p.Bottom > got.H || p.Right > got.W {
			t.Errorf("%s: preview at %+v leaves the %vx%v viewport (number at %+v)", c.name, p, got.W, got.H, got.Cite)
		}
		if above := p.Bottom <= got.Cite.Top; above != c.above {
			t.Errorf("%s: preview above the number = %v, want %v (preview %+v, number %+v)", c.name, above, c.above, p, got.Cite)
		}
		if p.Bottom > got.Cite.Top && p.Top < got.Cite.Bottom {
			t.Errorf("%s: the preview %+v covers its number %+v", c.name, p, got.Cite)
		}
	}
}
