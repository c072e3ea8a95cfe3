package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ketref/wasm/calculators"
)

// TestCalcEveryCalculatorWired: every calculator of the registry has a page
// whose form names it, and on that page the module defines ketcalc.<id>
// and its exports, and calc.js wires the form (it sets data-calc-ready
// only once the form is shown and listened to).
func TestCalcEveryCalculatorWired(t *testing.T) {
	dir := BuildSite(t)
	pages := map[string]string{} // calculator id -> page path
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range calculators.All() {
			if id := c.Manifest().ID; strings.Contains(string(b), `data-calculator="`+id+`"`) {
				rel, _ := filepath.Rel(dir, filepath.Dir(path))
				pages[id] = "/" + filepath.ToSlash(rel) + "/"
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	base := Serve(t, dir)
	ctx := Browser(t, 90*time.Second)
	for _, c := range calculators.All() {
		m := c.Manifest()
		page, ok := pages[m.ID]
		if !ok {
			t.Errorf("%s: no page has a form with data-calculator=%q", m.ID, m.ID)
			continue
		}
		openCalculator(t, ctx, base+page)
		names := []string{m.ID}
		for _, e := range m.Exports {
			names = append(names, e.Name)
		}
		for _, n := range names {
			typ, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof ketcalc[`+quote(n)+`]`))
			if err != nil || typ != "function" {
				t.Errorf("%s: ketcalc.%s is %q (%v) on %s", m.ID, n, typ, err, page)
			}
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector("form[data-calculator=`+m.ID+`]").hidden`))
		if err != nil || !shown {
			t.Errorf("%s: the form on %s is not shown (%v)", m.ID, page, err)
		}
	}
}

// TestCalcFormFollowsChoice: choosing an option of the controlling list
// shows the parts of the form it needs, sets the hints and lists from the
// option's data, and sends no hidden field.
func TestCalcFormFollowsChoice(t *testing.T) {
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	type state struct {
		Hidden    map[string]bool
		RouteHint string
		UsualHint string
		Doses     []string
	}
	read := func() state {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
			const f = document.querySelector("form[data-calculator]");
			const hidden = {};
			for (const n of ["weight", "dosePerKg", "dose", "concentration", "startDate"]) hidden[n] = !!f.elements.namedItem(n).closest("[hidden]");
			return {hidden, routeHint: document.getElementById("route-hint").textContent, usualHint: document.getElementById("dosePerKg-hint").textContent,
				doses: [...f.elements.namedItem("dose").options].map(o => o.value + "=" + o.textContent)};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tt := range []struct {
		route           string
		visible, hidden []string
		routeHint       string
		usualHint       string
		doses           []string
	}{
		{"iv-racemic", []string{"weight", "dosePerKg", "concentration"}, []string{"dose", "startDate"}, "", "Usual range in the review: 0.5–1 mg/kg.", nil},
		{"in-esketamine", []string{"dose", "startDate"}, []string{"weight", "dosePerKg", "concentration"}, "A fixed-dose preparation: body weight is not used.", "", []string{"56=56 mg", "84=84 mg"}},
		{"oral-esketamine", []string{"weight", "dosePerKg", "startDate"}, []string{"dose", "concentration"}, "", "Usual range in the review: 0.5–3 mg/kg.", nil},
	} {
		if err := chromedp.Do(ctx, choose("route", tt.route)); err != nil {
			t.Fatal(err)
		}
		s := read()
		for _, n := range tt.visible {
			if s.Hidden[n] {
				t.Errorf("%s: %s hidden", tt.route, n)
			}
		}
		for _, n := range tt.hidden {
			if !s.Hidden[n] {
				t.Errorf("%s: %s shown", tt.route, n)
			}
		}
		if s.RouteHint != tt.routeHint || s.UsualHint != tt.usualHint || strings.Join(s.Doses, ",") != strings.Join(tt.doses, ",") {
			t.Errorf("%s: hints %q, %q and doses %v; want %q, %q and %v", tt.route, s.RouteHint, s.UsualHint, s.Doses, tt.routeHint, tt.usualHint, tt.doses)
		}
	}
	// A fixed-dose route: the weight typed before is hidden, and not sent.
	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), fill("weight", "70"), choose("route", "in-esketamine"), choose("dose", "56")); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || strings.Contains(loc, "weight=") || !strings.Contains(loc, "dose=56") {
		t.Errorf("URL after choosing a fixed dose: %s (%v); want dose=56 and no weight", loc, err)
	}
}
