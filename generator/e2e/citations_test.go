package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

type box struct{ X, Y float64 }

// citeNumberSel selects the citation numbers of a page's text (and of a
// calculator's result): links directly inside a .citation group; the
// links of an open preview, also in the group, are deeper.
const citeNumberSel = ".citation > a"

// citeNumber is the reference number of the nth citation link on the page:
// its text, which must agree with its href (#cited-N).
func citeNumber(t *testing.T, ctx context.Context, nth int) string {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelectorAll(".citation > a")[`+strconv.Itoa(nth)+`];
		return a && a.getAttribute("href") === "#cited-" + a.textContent ? a.textContent : ""; })()`))
	if err != nil || n == "" {
		t.Fatalf("citation %d is not a number linked to its entry #cited-N: %q %v", nth, n, err)
	}
	return n
}

// TestCitationPreview: hovering a citation number and focusing one with the
// keyboard each show the formatted reference in a popover; Escape closes
// it and leaves the focus on the number.
func TestCitationPreview(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/routes/"), chromedp.WaitReady(chromedp.CSS(citeNumberSel))); err != nil {
		t.Fatal(err)
	}

	// Hover: move the mouse over the first citation number.
	at, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector(".citation > a").getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	ref := citeNumber(t, ctx, 0)
	// The entry is its item's text without the item's last child, the link
	// to the reference's page.
	want, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const li = document.getElementById("cited-`+ref+`").cloneNode(true); li.lastElementChild.remove(); return li.textContent; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X, at.Y), chromedp.WaitVisible(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("no preview on hover: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(".cite-popover")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, strings.TrimSpace(want)) || !strings.Contains(got, "Reference "+ref) {
		t.Errorf("hover preview = %q, want the entry %q", got, want)
	}
	// The link is only a number; the preview names the reference.
	if name, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".cite-popover"), "aria-label")); name.Value != "Reference "+ref {
		t.Errorf("preview named %q, want %q", name.Value, "Reference "+ref)
	}

	// Moving away closes it.
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5), chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("preview stayed after the mouse left: %v", err)
	}

	// Keyboard: focus the second citation, see its preview, press Escape.
	second := citeNumber(t, ctx, 1)
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".citation > a")[1].focus()`),
		chromedp.WaitVisible(chromedp.CSS(".cite-popover")),
	); err != nil {
		t.Fatalf("no preview on focus: %v", err)
	}
	got, err = chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(".cite-popover")))
	if err != nil || !strings.Contains(got, "Reference "+second) {
		t.Errorf("focus preview = %q (%v), want reference %s", got, err, second)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("Escape did not close the preview: %v", err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.matches(".citation > a") ? document.activeElement.textContent : ""`))
	if err != nil || focused != second {
		t.Errorf("focus after Escape is on %q (%v), want the citation %s", focused, err, second)
	}
}

// TestBacklinkReturnsToCitation: on the reference list, an entry's "Cited
// N times" leads to the places on the reference's own page, and each of
// those to the exact citation on its page, which the browser then targets.
func TestBacklinkReturnsToCitation(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/references/"), chromedp.WaitReady(chromedp.CSS("#ref-29 .backlinks a"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#ref-29 .backlinks a"))); err != nil {
		t.Fatalf("following the list's link to the places: %v", err)
	}
	if loc := WaitLocation(t, ctx, "/references/29/#cited"); !strings.HasSuffix(loc, "/references/29/#cited") {
		t.Fatalf("landed on %s, want /references/29/#cited", loc)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("ol.cited-at > li > a"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("reference 29's page has no link to a citation: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("ol.cited-at > li > a"))); err != nil {
		t.Fatalf("following the backlink: %v", err)
	}
	loc := WaitLocation(t, ctx, href.Value)
	if !strings.HasSuffix(loc, href.Value) {
		t.Errorf("landed on %s, want %s", loc, href.Value)
	}
	target, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const t = document.querySelector(":target"); return t ? t.className + " " + t.textContent : ""; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(target, "citation ") || !strings.Contains(target, "29") {
		t.Errorf("the targeted element is %q, want the citation that cites 29", target)
	}
}

// TestCitationWithoutJavaScript: with scripts off, a number is a plain link
// to its entry in the page's own list of cited references, which the
// browser then targets.
func TestCitationWithoutJavaScript(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/"), chromedp.WaitReady(chromedp.CSS(citeNumberSel))); err != nil {
		t.Fatal(err)
	}
	ref := citeNumber(t, ctx, 0)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(citeNumberSel))); err != nil {
		t.Fatalf("clicking the number: %v", err)
	}
	want := "/mechanism/#cited-" + ref
	if loc := WaitLocation(t, ctx, want); !strings.HasSuffix(loc, want) {
		t.Errorf("the number led to %s, want the entry cited-%s on the page", loc, ref)
	}
	target, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const t = document.querySelector(":target"); return t ? t.id : ""; })()`))
	if err != nil || target != "cited-"+ref {
		t.Errorf("the targeted element is %q (%v), want the entry cited-%s", target, err, ref)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(".cite-popover"), chromedp.AtLeast(0))); len(n) != 0 {
		t.Error("a preview appeared with scripts disabled")
	}
}
