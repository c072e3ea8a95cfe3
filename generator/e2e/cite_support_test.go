package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// emulateFocus makes the tab behave as the focused window. A headless tab
// that has not been clicked may not count as focused, and Chromium then
// moves document.activeElement without firing focus events, which the
// citation previews listen to; a person's browser window has focus.
func emulateFocus(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
}

// hoverOver moves the mouse to the middle of the first element sel
// matches, scrolled to the middle of the viewport first.
func hoverOver(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => { const e = document.querySelector(`+quote(sel)+`); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`))
		if err != nil {
			return err
		}
		return chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X, at.Y))
	})
}
