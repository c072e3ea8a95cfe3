package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

type box struct{ X, Y float64 }

// TestCitationPreview: hovering a citation number and focusing one with the
// keyboard each show the formatted reference in a popover; Escape closes
// it and leaves the focus on the number.
func TestCitationPreview(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/routes/"), chromedp.WaitReady(chromedp.CSS("a.cite-ref"))); err != nil {
		t.Fatal(err)
	}

	// Hover: move the mouse over the first citation number.
	at, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector("a.cite-ref").getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a.cite-ref"), "data-ref"))
	if err != nil || !ref.Exists {
		t.Fatalf("first citation has no data-ref: %v", err)
	}
	want, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#cited-"+ref.Value+" .ref-text")))
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
	if !strings.Contains(got, strings.TrimSpace(want)) || !strings.Contains(got, "Reference "+ref.Value) {
		t.Errorf("hover preview = %q, want the entry %q", got, want)
	}

	// Moving away closes it.
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5), chromedp.WaitNotPresent(chromedp.CSS(".cite-popover"))); err != nil {
		t.Fatalf("preview stayed after the mouse left: %v", err)
	}

	// Keyboard: focus the second citation, see its preview, press Escape.
	second, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll("a.cite-ref")[1].getAttribute("data-ref")`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("a.cite-ref")[1].focus()`),
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
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("data-ref")`))
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
// to its entry in the reference list.
func TestCitationWithoutJavaScript(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/"), chromedp.WaitReady(chromedp.CSS("a.cite-ref"))); err != nil {
		t.Fatal(err)
	}
	ref, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a.cite-ref"), "data-ref"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a.cite-ref"))); err != nil {
		t.Fatalf("clicking the number: %v", err)
	}
	loc := WaitLocation(t, ctx, "/references/#ref-"+ref.Value)
	if !strings.HasSuffix(loc, "/references/#ref-"+ref.Value) {
		t.Errorf("the number led to %s, want the entry ref-%s", loc, ref.Value)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(".cite-popover"), chromedp.AtLeast(0))); len(n) != 0 {
		t.Error("a preview appeared with scripts disabled")
	}
}
