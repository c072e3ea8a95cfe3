package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// tap touches the first element sel matches and lifts the
// finger, as a finger on a touch screen does (the browser makes the
// pointer, focus and click events of a tap from it). It touches the
// element's first line box: a link that wraps has its middle elsewhere.
func tap(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => { const e = document.querySelector(`+quote(sel)+`); e.scrollIntoView({block: "center"}); const r = e.getClientRects()[0]; return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`))
		if err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: at.X, Y: at.Y}}}); err != nil {
			return err
		}
		_, err = chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

// recordClicks notes every click after the page's own handlers have seen
// it (a listener on window runs after those on document), with whether
// they cancelled it; waitClicks waits for the nth.
const recordClicks = `window.clicksSeen = []; window.addEventListener("click", e => window.clicksSeen.push({prevented: e.defaultPrevented}));`

type clickSeen struct {
	Prevented bool `json:"prevented"`
}

func waitClicks(n int) chromedp.Action[[]clickSeen] {
	return chromedp.Poll[[]clickSeen](`window.clicksSeen.length >= ` + strconv.Itoa(n) + ` && window.clicksSeen`)
}

// TestCitationTap: on a touch screen the first tap on a citation number
// shows its preview and stays on the page; a second tap on the same number
// follows it to its entry in the page's list of cited references, and a
// tap on the preview's link to the reference list follows that.
func TestCitationTap(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	emulateFocus(t, ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateTouch, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	page := base + "/routes/"
	for _, second := range []struct {
		name, sel string
		want      string // where it leads, after the reference's number
	}{
		{"the same number again", citeNumberSel, "/routes/#cited-"},
		{"the preview's link to the reference list", ".cite-popover a[href*='#ref-']", "/references/#ref-"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS(citeNumberSel)), chromedp.Evaluate[chromedp.Void](recordClicks)); err != nil {
			t.Fatal(err)
		}
		ref := citeNumber(t, ctx, 0)

		if err := chromedp.Do(ctx, tap(citeNumberSel)); err != nil {
			t.Fatal(err)
		}
		clicks, err := chromedp.Run(ctx, waitClicks(1))
		if err != nil {
			t.Fatalf("waiting for the first tap's click (did the page follow the link?): %v", err)
		}
		if !clicks[0].Prevented {
			t.Fatalf("the first tap on citation %s was not kept from following the link", ref)
		}
		if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != page {
			t.Fatalf("after the first tap the page is %s, want %s", loc, page)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".cite-popover"))); err != nil {
			t.Fatalf("no preview after the first tap: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(".cite-popover")))
		if err != nil || !strings.Contains(got, "Reference "+ref) {
			t.Fatalf("after the first tap the preview is %q (%v), want reference %s", got, err, ref)
		}

		// The preview is open on this number, as the second tap expects.
		if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`.citation > a[aria-expanded="true"]`))); err != nil {
			t.Fatalf("the preview is not open on the number: %v", err)
		}
		if err := chromedp.Do(ctx, tap(second.sel)); err != nil {
			t.Fatal(err)
		}
		want := second.want + ref
		if loc := WaitLocation(t, ctx, want); !strings.HasSuffix(loc, want) {
			t.Errorf("tapping %s led to %s, want %s", second.name, loc, want)
		}
	}
}
