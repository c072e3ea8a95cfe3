package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// openCalculator loads a calculator page and waits until the WebAssembly
// module is running and the form is shown; it returns how long that took.
func openCalculator(t *testing.T, ctx context.Context, url string) time.Duration {
	t.Helper()
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("html[data-calc-ready]"))); err != nil {
		t.Fatalf("calculator at %s did not become ready: %v", url, err)
	}
	return time.Since(start)
}

// fill types into a text field as a person would, replacing what is there.
func fill(id, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`document.getElementById(`+quote(id)+`).value = ""`),
		typeText("#"+id, text),
	)
}

// typeText focuses the element sel selects and types text into it as key
// events, as a person would. Not chromedp.SendKeys: in chromedp v0.23.0
// and v0.23.1 it reads the node's attributes without the node's lock
// while the page's own scripts change them (calc.js marks fields and the
// result busy or invalid), a data race the race detector reported in CI.
func typeText(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+quote(sel)+`).focus()`),
		chromedp.KeyEvent(text),
	)
}

// choose selects an option and fires change, as picking it would.
func choose(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById(` + quote(id) + `); s.value = ` + quote(value) + `; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

func quote(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

// settle waits until no calculator result is on its way: calc.js marks
// the result area aria-busy from the moment a calculation is asked for
// (in the event that asks) until its result is drawn, so that what a test
// reads next is the result of everything it did. On a page without a
// calculator it returns at once.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(() => { const r = document.getElementById("calc-result"); return !r || !r.hasAttribute("aria-busy"); })()`)); err != nil {
		t.Fatalf("a calculation never finished: %v", err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	settle(t, ctx)
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	settle(t, ctx)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+quote(sel)+`).length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDosingCalculator(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	took := openCalculator(t, ctx, base+"/calculators/dosing/")
	t.Logf("navigation to a usable dosing calculator: %v", took)

	// The worked example: 70 kg, IV at 0.5 mg/kg, 10 mg/mL in 100 mL.
	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), fill("weight", "70"), fill("dosePerKg", "0.5"),
		fill("concentration", "10"), fill("volume", "100"), chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".result-dose"); got != "35 mg (0.5 mg/kg)" {
		t.Errorf("dose = %q", got)
	}
	result := text(t, ctx, "#calc-result")
	for _, want := range []string{"0.875 mg/min over 40 minutes", "3.5 mL of 10 mg/mL", "150 mL/h (100 mL over 40 minutes)", "35 mg × complete", "Monitoring for 2 hours"} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %q", want)
		}
	}
	if count(t, ctx, "#calc-result a.cite-ref[href*='#ref-']") == 0 {
		t.Error("the result cites no reference")
	}
	if count(t, ctx, ".result-warnings") != 0 {
		t.Error("a dose in the usual range shows a warning")
	}
	if label, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".chart-position svg"), "aria-label")); !strings.Contains(label.Value, "0.5 mg/kg") || !strings.Contains(label.Value, "usual range 0.5–1") {
		t.Errorf("the dose is not placed on the evidence range: %q", label.Value)
	}

	// The inputs are in the URL: reloading it shows the same result.
	shared, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(shared, "weight=70") || !strings.Contains(shared, "dosePerKg=0.5") {
		t.Fatalf("URL does not keep the inputs: %s", shared)
	}
	openCalculator(t, ctx, shared)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".result-dose"); got != "35 mg (0.5 mg/kg)" {
		t.Errorf("shared URL shows %q", got)
	}

	// Below the usual range: a result, with a visible warning.
	if err := chromedp.Do(ctx, fill("dosePerKg", "0.2"), chromedp.WaitVisible(chromedp.CSS(".result-warnings"))); err != nil {
		t.Fatal(err)
	}
	if w := text(t, ctx, ".result-warnings"); !strings.Contains(w, "Below the usual 0.5–1.0 mg/kg") || !strings.Contains(w, "29") {
		t.Errorf("warning = %q", w)
	}
	if got := text(t, ctx, ".result-dose"); got != "14 mg (0.2 mg/kg)" {
		t.Errorf("dose at 0.2 mg/kg = %q", got)
	}

	// Intranasal esketamine: a fixed dose, device count, session dates.
	if err := chromedp.Do(ctx, choose("route", "in-esketamine"), choose("dose", "84"),
		chromedp.Evaluate[chromedp.Void](`(() => { const d = document.getElementById("startDate"); d.value = "2026-01-05"; d.dispatchEvent(new Event("input", {bubbles: true})); })()`),
		chromedp.WaitVisible(chromedp.CSS("table.sessions"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".result-dose"); !strings.HasPrefix(got, "84 mg") {
		t.Errorf("IN dose = %q", got)
	}
	if r := text(t, ctx, "#calc-result"); !strings.Contains(r, "3 devices of 28 mg") || !strings.Contains(r, "2026-01-08") || !strings.Contains(r, "6.72–37.8 mg") {
		t.Errorf("IN result = %q", r)
	}
}

func TestDosingCalculatorRefusesInvalidInput(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	if err := chromedp.Do(ctx, choose("route", "iv-racemic")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		weight, perKg, field, msg string
	}{
		{"", "0.5", "weight", "enter a value"},
		{"seventy", "0.5", "weight", "enter a number"},
		{"-70", "0.5", "weight", "enter a number"},
		{"0", "0.5", "weight", "20 to 300 kg"},
		{"NaN", "0.5", "weight", "enter a number"},
		{"19", "0.5", "weight", "20 to 300 kg"},
		{"301", "0.5", "weight", "20 to 300 kg"},
		{"70", "0", "dosePerKg", "more than 0"},
		{"70", "1.5", "dosePerKg", "outside its evidence"},
		{"70", "abc", "dosePerKg", "enter a number"},
	}
	for _, tt := range tests {
		if err := chromedp.Do(ctx, fill("weight", tt.weight), fill("dosePerKg", tt.perKg), chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
			t.Fatalf("%+v: %v", tt, err)
		}
		msg := text(t, ctx, "#"+tt.field+"-error")
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(tt.msg)) {
			t.Errorf("weight %q, dose %q: %s error = %q, want %q", tt.weight, tt.perKg, tt.field, msg, tt.msg)
		}
		if n := count(t, ctx, ".result-dose"); n != 0 {
			t.Errorf("weight %q, dose %q: a dose is shown for invalid input", tt.weight, tt.perKg)
		}
		invalid, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#"+tt.field), "aria-invalid"))
		if invalid.Value != "true" {
			t.Errorf("weight %q, dose %q: %s not marked aria-invalid", tt.weight, tt.perKg, tt.field)
		}
	}
}

// TestNothingTypedRunsAsHTML puts markup in every field and in the shared
// URL: nothing may run, and no element may appear from it.
func TestNothingTypedRunsAsHTML(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	payload := `<img src=x onerror="window.__xss=1">`
	openCalculator(t, ctx, base+"/calculators/dosing/?route=iv-racemic&weight="+urlEscape(payload)+"&dosePerKg="+urlEscape(payload)+"&concentration="+urlEscape(payload)+"&volume="+urlEscape(payload)+"&startDate="+urlEscape(payload))
	// The submit is done when it has moved the focus to the first field to
	// correct (the typing left it on the dose).
	if err := chromedp.Do(ctx, fill("weight", payload), fill("dosePerKg", payload), chromedp.KeyEvent(kb.Enter),
		chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.id === "weight"`)); err != nil {
		t.Fatal(err)
	}
	unharmed(t, ctx, "the dosing calculator")
	openCalculator(t, ctx, base+"/calculators/eligibility/?adult=1&failedTrials="+urlEscape(payload))
	if err := chromedp.Do(ctx, fill("failedTrials", payload), chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
		t.Fatal(err)
	}
	unharmed(t, ctx, "the eligibility checker")
}

// unharmed checks that no injected script ran and no element appeared.
func unharmed(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss === 1`))
	if err != nil || ran {
		t.Fatalf("%s: injected script ran (%v)", page, err)
	}
	if n := count(t, ctx, "main img"); n != 0 {
		t.Errorf("%s: %d img elements appeared in the page", page, n)
	}
}

func urlEscape(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "%20", "<", "%3C", ">", "%3E", "\"", "%22", "=", "%3D", "&", "%26", "#", "%23")
	return r.Replace(s)
}

func TestEligibilityChecker(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	took := openCalculator(t, ctx, base+"/calculators/eligibility/")
	t.Logf("navigation to a usable eligibility checker: %v", took)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#adult")), fill("failedTrials", "2"),
		chromedp.Click(chromedp.CSS("#ssri1")), chromedp.Click(chromedp.CSS("#benzodiazepines")), chromedp.Click(chromedp.CSS("#pregnancy")),
		chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".result-lines")),
	); err != nil {
		t.Fatal(err)
	}
	r := text(t, ctx, "#calc-result")
	for _, want := range []string{
		"Met: 2 failed adequate trials", "FDA (United States)", "EMA (European Union)", "CANMAT (Canada)", "NICE (United Kingdom)", "International expert panel",
		"a second SSRI trial; an antidepressant of another class", "Hospital admission", "not recommended in pregnancy", "Benzodiazepines or Z-drugs",
		"Staff trained in resuscitation",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if count(t, ctx, "#calc-result .badge-missing") == 0 || count(t, ctx, "#calc-result .badge-met") == 0 {
		t.Error("met and missing conditions are not marked")
	}
	// Invalid count: an error next to the field and no summary.
	if err := chromedp.Do(ctx, fill("failedTrials", "2.5"), chromedp.Click(chromedp.CSS("#eligibility-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, "#failedTrials-error"); !strings.Contains(msg, "whole number") {
		t.Errorf("error = %q", msg)
	}
	if count(t, ctx, "#calc-result .result-lines") != 0 {
		t.Error("a summary is shown for an invalid count")
	}
}
