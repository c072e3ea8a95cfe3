package e2e

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// contrastReport is what contrastCheck returns: axe-core's color-contrast
// violations anywhere on the page, and how many text nodes inside the
// element under test axe could and could not decide.
type contrastReport struct {
	Error      string   `json:"error"`
	Violations []string `json:"violations"`
	Checked    int      `json:"checked"`
	Undecided  []string `json:"undecided"`
}

// contrastCheck runs only axe's color-contrast rule. A state passes when
// the page has no violation and axe actually measured text inside the
// element in that state (so a state that was never reached, or text axe
// gave up on, cannot pass by saying nothing).
const contrastCheck = `(async (sel) => {
	const within = document.querySelector(sel);
	if (!within) return {error: "nothing matches " + sel};
	const r = await axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]}});
	const inside = n => { const e = document.querySelector(n.target[n.target.length - 1]); return !!e && within.contains(e); };
	const nodes = list => list.flatMap(v => v.nodes);
	const say = n => n.target.join(" ") + ": " + ((n.any[0] || {}).message || n.failureSummary || "");
	return {
		violations: nodes(r.violations).map(say),
		checked: nodes(r.passes).filter(inside).length + nodes(r.violations).filter(inside).length,
		undecided: nodes(r.incomplete).filter(inside).map(say),
	};
})`

// contrastTheme is one way a reader gets a theme: chosen with the toggle
// (stored, and applied by theme-init.js) or left to the system.
type contrastTheme struct {
	name, attr string
	system     string // the emulated prefers-color-scheme
}

func contrastThemes() []contrastTheme {
	return []contrastTheme{
		{"light", "light", "light"},
		{"dark", "dark", "light"},
		{"system dark", "", "dark"},
	}
}

func (th contrastTheme) emulate(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: th.system}}}); err != nil {
		t.Fatal(err)
	}
}

// TestContrastInEveryState: following a citation to its reference (the
// entry is the :target), landing on a citation from a backlink, search
// results with their <mark>ed matches (active, hovered and focused), a
// dosing result's warning box with its citations, an open
// citation preview and a hovered navigation link all keep WCAG AA
// contrast (4.5:1) in the light, the dark and the system's dark theme.
// Each theme is a subtest with a browser context of its own (its own
// stored theme), run in parallel with the others.
func TestContrastInEveryState(t *testing.T) {
	t.Parallel()
	axe := AxeSource(t)
	base := Serve(t, BuildSite(t))

	// A backlink on reference 29's page leads to a citation on a content page.
	ctx := Browser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/references/29/"), chromedp.WaitReady(chromedp.CSS("ol.cited-at > li > a"))); err != nil {
		t.Fatal(err)
	}
	backlink, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("ol.cited-at > li > a"), "href"))
	if err != nil || !backlink.Exists || !strings.Contains(backlink.Value, "#") {
		t.Fatalf("reference 29 has no backlink to a citation: %v", err)
	}

	search := func(q string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.WaitVisible(chromedp.CSS("#search-input")),
			typeText("#search-input", q),
			chromedp.WaitVisible(chromedp.CSS(".search-page mark")))
	}
	states := []struct {
		name, path, within string
		reach              chromedp.Action[chromedp.Void]
	}{
		{"reference entry as :target", "/references/#ref-29", "#ref-29", chromedp.WaitReady(chromedp.CSS("#ref-29:target"))},
		{"citation as :target", backlink.Value, ".citation:target", chromedp.WaitReady(chromedp.CSS(".citation:target"))},
		{"search results with marks", "/", ".search-results", search("safety")},
		// The arrow keys keep focus in the box and mark the active option
		// (aria-activedescendant); Tab still focuses a result.
		{"search result active", "/about/", `.search-hit[aria-selected="true"]`, chromedp.Steps(search("safety"), chromedp.KeyEvent(kb.ArrowDown), chromedp.WaitReady(chromedp.CSS(`.search-hit[aria-selected="true"]`)))},
		{"search result focused", "/about/", ".search-hit:focus", chromedp.Steps(search("safety"), chromedp.Evaluate[chromedp.Void](`document.querySelector(".search-hit").focus()`), chromedp.WaitReady(chromedp.CSS(".search-hit:focus")))},
		{"dosing result with a warning", "/calculators/dosing/?route=iv-racemic&weight=70&dosePerKg=0.2&concentration=10&volume=100", ".result-warnings", chromedp.WaitVisible(chromedp.CSS(".result-warnings a.cite-ref"))},
		{"search result hovered", "/mechanism/", ".search-hit:hover", chromedp.Steps(search("safety"), hoverOver(".search-hit"), chromedp.WaitReady(chromedp.CSS(".search-hit:hover")))},
		{"citation preview open", "/routes/", ".cite-popover", chromedp.Steps(chromedp.WaitReady(chromedp.CSS(citeNumberSel)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector(".citation > a").focus()`), chromedp.WaitVisible(chromedp.CSS(".cite-popover")))},
		{"navigation link hovered", "/safety/", ".site-nav a:hover", chromedp.Steps(hoverOver(".site-nav li:not(.current) > a"), chromedp.WaitReady(chromedp.CSS(".site-nav a:hover")))},
	}
	for _, th := range contrastThemes() {
		t.Run(th.name, func(t *testing.T) {
			t.Parallel()
			ctx := Browser(t, 3*time.Minute)
			emulateFocus(t, ctx)
			th.emulate(t, ctx)
			// The stored theme, which theme-init.js applies before the
			// first paint of every page the states load; no state
			// changes it.
			setTheme := `localStorage.removeItem("ketref-theme")`
			if th.attr != "" {
				setTheme = `localStorage.setItem("ketref-theme", "` + th.attr + `")`
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/glossary/"), chromedp.Evaluate[chromedp.Void](setTheme)); err != nil {
				t.Fatalf("storing the theme: %v", err)
			}
			for _, st := range states {
				began := time.Now()
				if err := chromedp.Do(ctx, chromedp.Navigate(base+st.path), st.reach, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
					t.Fatalf("%s, %s: reaching the state: %v", th.name, st.name, err)
				}
				rep, err := chromedp.Run(ctx, chromedp.Evaluate[contrastReport](contrastCheck+`(`+quote(st.within)+`)`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s, %s: axe: %v", th.name, st.name, err)
				}
				t.Logf("%s, %s: axe measured %d text nodes in %v", th.name, st.name, rep.Checked, time.Since(began).Round(time.Millisecond))
				switch {
				case rep.Error != "":
					t.Errorf("%s, %s: %s", th.name, st.name, rep.Error)
				case len(rep.Violations) > 0:
					t.Errorf("%s, %s: %d contrast violations, first %v", th.name, st.name, len(rep.Violations), firstFew(rep.Violations))
				case rep.Checked == 0:
					t.Errorf("%s, %s: axe measured no text inside %s", th.name, st.name, st.within)
				}
				if len(rep.Undecided) > 0 {
					t.Errorf("%s, %s: axe could not decide %d text nodes, first %v", th.name, st.name, len(rep.Undecided), firstFew(rep.Undecided))
				}
			}
		})
	}
}

func firstFew(s []string) []string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

// TestThemeColourPairsContrast: the theme's text colours on each of its
// backgrounds reach 4.5:1. It reads the custom properties the page
// resolves, because browsers never let scripts (or axe) see a :visited
// link's colour, and a visited link inside a :target highlight is the
// everyday case of returning to a reference.
func TestThemeColourPairsContrast(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	texts := []string{"--fg", "--muted", "--link", "--link-visited"}
	backgrounds := []string{"--bg", "--panel", "--mark"}
	for _, th := range contrastThemes() {
		th.emulate(t, ctx)
		theme := th.name
		set := `document.documentElement.removeAttribute("data-theme")`
		if th.attr != "" {
			set = `document.documentElement.setAttribute("data-theme", "` + th.attr + `")`
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Evaluate[chromedp.Void](set)); err != nil {
			t.Fatal(err)
		}
		colour := func(name string) [3]float64 {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).getPropertyValue("`+name+`").trim()`))
			if err != nil {
				t.Fatal(err)
			}
			var r, g, b uint8
			if _, err := fmt.Sscanf(v, "#%02x%02x%02x", &r, &g, &b); err != nil {
				t.Fatalf("%s: %s is %q, not #rrggbb: %v", theme, name, v, err)
			}
			return [3]float64{float64(r), float64(g), float64(b)}
		}
		for _, fg := range texts {
			for _, bg := range backgrounds {
				if ratio := contrastRatio(colour(fg), colour(bg)); ratio < 4.5 {
					t.Errorf("%s theme: %s on %s has contrast %.2f:1, want at least 4.5:1", theme, fg, bg, ratio)
				}
			}
		}
	}
}

// contrastRatio is WCAG 2's contrast ratio of two sRGB colours (0-255).
func contrastRatio(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.03928 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
