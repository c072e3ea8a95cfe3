package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// fieldState is what a screen reader and a sighted person learn about one
// field: its error text and whether it is marked invalid.
func fieldState(t *testing.T, ctx context.Context, id string) (msg string, invalid bool) {
	t.Helper()
	type state struct {
		Msg     string `json:"msg"`
		Invalid bool   `json:"invalid"`
	}
	settle(t, ctx)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({msg: document.getElementById(`+quote(id+"-error")+`).textContent, invalid: document.getElementById(`+quote(id)+`).getAttribute("aria-invalid") === "true"})`))
	if err != nil {
		t.Fatal(err)
	}
	return s.Msg, s.Invalid
}

// TestCalcValidatesOnBlur: typing "7" on the way to "70" shows no error;
// leaving the field at "7" does; typing the "0" clears it at once.
func TestCalcValidatesOnBlur(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), typeText("#weight", "7")); err != nil {
		t.Fatal(err)
	}
	if msg, invalid := fieldState(t, ctx, "weight"); msg != "" || invalid {
		t.Errorf("after typing 7 (of 70): error %q, aria-invalid %v; want none while typing", msg, invalid)
	}
	if err := chromedp.Do(ctx, typeText("#weight", "0")); err != nil {
		t.Fatal(err)
	}
	if msg, invalid := fieldState(t, ctx, "weight"); msg != "" || invalid {
		t.Errorf("after typing 70: error %q, aria-invalid %v", msg, invalid)
	}

	// Leaving the field at 7 is a finished answer: now it is wrong.
	if err := chromedp.Do(ctx, fill("weight", "7"), chromedp.Click(chromedp.CSS("#dosePerKg"))); err != nil {
		t.Fatal(err)
	}
	if msg, invalid := fieldState(t, ctx, "weight"); !strings.Contains(msg, "20 to 300 kg") || !invalid {
		t.Errorf("after leaving the field at 7: error %q, aria-invalid %v; want the range error", msg, invalid)
	}
	if msg, invalid := fieldState(t, ctx, "dosePerKg"); msg != "" || invalid {
		t.Errorf("the untouched dose field shows error %q, aria-invalid %v", msg, invalid)
	}
	// Typing the missing 0 fixes it: the error goes before the field is left.
	if err := chromedp.Do(ctx, typeText("#weight", "0")); err != nil {
		t.Fatal(err)
	}
	if msg, invalid := fieldState(t, ctx, "weight"); msg != "" || invalid {
		t.Errorf("after correcting to 70: error %q, aria-invalid %v; want it cleared", msg, invalid)
	}
}

// installAnnounceLog records every change of the calculator's live region.
const installAnnounceLog = `(() => {
	const live = document.getElementById("calc-announce");
	window.__said = [];
	new MutationObserver(() => window.__said.push(live.textContent)).observe(live, {childList: true, characterData: true, subtree: true});
})()`

func said(t *testing.T, ctx context.Context) []string {
	t.Helper()
	settle(t, ctx)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__said`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCalcAnnouncesOncePerResult: the result area is not a live region; a
// small one that is always in the page says one short sentence per result,
// not one per keystroke.
func TestCalcAnnouncesOncePerResult(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	type region struct {
		Exists, Hidden bool
		Live, Role     string
		ResultLive     string
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[region](`(() => {
		const a = document.getElementById("calc-announce");
		const res = document.getElementById("calc-result");
		if (!a) return {Exists: false, ResultLive: res.getAttribute("aria-live") || ""};
		const cs = getComputedStyle(a);
		return {Exists: true, Hidden: a.hidden || cs.display === "none" || cs.visibility === "hidden", Live: a.getAttribute("aria-live") || "", Role: a.getAttribute("role") || "", ResultLive: res.getAttribute("aria-live") || ""};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Exists || r.Hidden || (r.Role != "status" && r.Live != "polite") {
		t.Fatalf("live region #calc-announce: %+v; want a polite region present and exposed to assistive technology", r)
	}
	if r.ResultLive != "" {
		t.Errorf("#calc-result has aria-live=%q; the large result must not be a live region", r.ResultLive)
	}

	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), chromedp.Evaluate[chromedp.Void](installAnnounceLog),
		typeText("#weight", "70"), typeText("#dosePerKg", "0.5"),
		chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	got := said(t, ctx)
	if len(got) != 1 {
		t.Fatalf("the live region changed %d times for one result: %q", len(got), got)
	}
	if len(got[0]) >= 200 || !strings.Contains(got[0], "35 mg") {
		t.Errorf("announcement %q: want a short sentence (< 200 characters) with the dose", got[0])
	}

	// A new dose typed and the field left: one more announcement.
	if err := chromedp.Do(ctx, fill("dosePerKg", "1"), chromedp.Click(chromedp.CSS("#weight"))); err != nil {
		t.Fatal(err)
	}
	got = said(t, ctx)
	if len(got) != 2 || !strings.Contains(got[1], "70 mg") {
		t.Errorf("after changing the dose per kg: announcements %q, want a second one with 70 mg", got)
	}

	// A failed submit says how many fields need attention, briefly.
	if err := chromedp.Do(ctx, fill("weight", "7"), fill("dosePerKg", "9"),
		chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
		t.Fatal(err)
	}
	got = said(t, ctx)
	if last := got[len(got)-1]; !strings.Contains(last, "2 errors") || len(last) >= 200 {
		t.Errorf("after a failed submit the region says %q, want a short count of 2 errors", last)
	}
}

// TestCalcFailedSubmitFocusesFirstInvalidField: the person lands on the
// first field to correct, whichever it is.
func TestCalcFailedSubmitFocusesFirstInvalidField(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	if err := chromedp.Do(ctx, choose("route", "iv-racemic")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ weight, perKg, want string }{
		{"", "0.5", "weight"},
		{"7", "abc", "weight"},
		{"70", "abc", "dosePerKg"},
		{"70", "", "dosePerKg"},
	} {
		if err := chromedp.Do(ctx, fill("weight", tt.weight), fill("dosePerKg", tt.perKg),
			chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
			t.Fatal(err)
		}
		settle(t, ctx)
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if err != nil {
			t.Fatal(err)
		}
		if id != tt.want {
			t.Errorf("weight %q, dose %q: focus on %q after the failed submit, want %q", tt.weight, tt.perKg, id, tt.want)
		}
	}
}

// TestCalcPluralSummary: one caution is "1 caution applies".
func TestCalcPluralSummary(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/eligibility/")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#adult")), fill("failedTrials", "2"), chromedp.Click(chromedp.CSS("#pregnancy")),
		chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-lines"))); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ tick, want string }{
		{"", "1 caution applies."},
		{"#psychosis", "2 cautions apply."},
	} {
		if tt.tick != "" {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(tt.tick)), chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]"))); err != nil {
				t.Fatal(err)
			}
		}
		settle(t, ctx)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("calc-announce") || {}).textContent || ""`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("summary %q, want %q", got, tt.want)
		}
	}
}

// TestCalcWithoutScripts: when the calculator cannot run (its module
// refused, its script blocked, scripts off) the section says why and links
// to the rules on the page. The module is fetched by the worker, whose
// requests the page's URL blocking does not see: the server refuses it.
func TestCalcWithoutScripts(t *testing.T) {
	open := Serve(t, BuildSite(t))
	refusing := serveWith(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isModule(r) {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	for _, tt := range []struct {
		name, page, block, rules string
		refuseModule, noJS       bool
		want                     string
	}{
		{name: "wasm refused", page: "/calculators/dosing/", refuseModule: true, rules: "rules", want: "could not load"},
		{name: "wasm refused eligibility", page: "/calculators/eligibility/", refuseModule: true, rules: "checks", want: "could not load"},
		{name: "calc.js blocked", page: "/calculators/dosing/", block: "*://*:*/calc*.js", rules: "rules", want: "scripts have not run"},
		{name: "javascript off", page: "/calculators/dosing/", noJS: true, rules: "rules", want: "scripts have not run"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := open
			if tt.refuseModule {
				base = refusing
			}
			ctx := Browser(t, 45*time.Second)
			if tt.block != "" {
				if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: tt.block, Block: true}}}); err != nil {
					t.Fatal(err)
				}
			}
			if tt.noJS {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
			}
			link := "#calc-status a[href='#" + tt.rules + "']"
			if err := chromedp.Do(ctx, chromedp.Navigate(base+tt.page), chromedp.WaitVisible(chromedp.CSS(link))); err != nil {
				t.Fatalf("no link to #%s in the calculator's status: %v", tt.rules, err)
			}
			// WaitVisible looks at the layout box only; the status may be
			// laid out but not yet shown (visibility).
			if !tt.noJS {
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const a = document.querySelector("`+link+`"); return !!a && a.checkVisibility({visibilityProperty: true}); })()`)); err != nil {
					t.Fatalf("the link to #%s never becomes visible: %v", tt.rules, err)
				}
			}
			if msg := text(t, ctx, "#calc-status"); !strings.Contains(msg, tt.want) {
				t.Errorf("status %q, want it to say %q", msg, tt.want)
			}
			if n := count(t, ctx, "#"+tt.rules); n != 1 {
				t.Fatalf("the page has %d elements with id %q", n, tt.rules)
			}
			// Follow the link as a person would.
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(link))); err != nil {
				t.Fatal(err)
			}
			WaitLocation(t, ctx, tt.page+"#"+tt.rules)
			if tt.noJS {
				return
			}
			top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById(`+quote(tt.rules)+`).getBoundingClientRect().top`))
			if err != nil {
				t.Fatal(err)
			}
			if top < -1 || top > 200 {
				t.Errorf("after following the link #%s is %v px from the top of the window", tt.rules, top)
			}
		})
	}
}
