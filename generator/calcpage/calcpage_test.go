package calcpage

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"ketref/generator/cite"
	"ketref/generator/markdown"
	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
)

func run(t *testing.T, fence, body string) (string, error, parser.Context) {
	t.Helper()
	f := Fences()[fence]
	if f == nil {
		t.Fatalf("no fence %q; have %v", fence, Fences())
	}
	pc := parser.NewContext()
	out, err := f(markdown.FenceContext{Body: []byte(body), Parser: pc, HeadingID: "rules", HeadingText: "Rules"})
	return string(out), err, pc
}

func TestRuleFence(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string // substrings, in order
		tables     int
		err        string
	}{
		{name: "one route", body: "route: iv-racemic\n", tables: 1, want: []string{
			`<div class="table-wrap dosing-table" tabindex="0" role="region" aria-label="Intravenous racemic ketamine: doses from the review">`,
			`<caption>Intravenous racemic ketamine — Racemic ketamine, intravenous (IV) infusion</caption>`,
			`<tr><th scope="row">Usual dose</th><td>0.5–1 mg/kg</td><td>stated in the review (Intravenous Administration) without a reference</td></tr>`,
			`<th scope="row">Infusion</th><td>Over 40 minutes</td>`,
		}},
		{name: "all routes", body: "route: all\n", tables: 8, want: []string{
			`<h3 id="dosing-iv-racemic">Intravenous racemic ketamine</h3>`,
			`<h3 id="dosing-in-esketamine">Intranasal esketamine</h3>`,
			`<th scope="row">Devices</th><td>28 mg per device (2 for 56 mg, 3 for 84 mg)</td>`,
			`<h3 id="dosing-sc-racemic">`,
		}},
		{name: "unknown route", body: "route: iv\n", err: `dosing-table: unknown route "iv"; use one of iv-racemic, in-esketamine,`},
		{name: "no route", body: "", err: "dosing-table: "},
		{name: "not YAML", body: "route: [\n", err: "dosing-table: invalid YAML"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err, _ := run(t, "dosing-table", tt.body)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q…", err, tt.err)
				}
				if _, ok := err.(*markdown.FenceError); !ok {
					t.Errorf("err is %T, want a located *markdown.FenceError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out, "<table>"); n != tt.tables {
				t.Errorf("%d tables, want %d", n, tt.tables)
			}
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("missing, or out of order: %s\nin:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			if tt.tables == 1 && strings.Contains(out, "<h3") {
				t.Error("one table has a heading")
			}
		})
	}
}

// TestRuleFenceCites: each referenced rule is a citation of the page whose
// "cited at" sentence names the table and the row.
func TestRuleFenceCites(t *testing.T) {
	_, err, pc := run(t, "dosing-table", "route: in-esketamine\n")
	if err != nil {
		t.Fatal(err)
	}
	var contexts []string
	for _, o := range cite.Occurrences(pc) {
		contexts = append(contexts, o.Context)
		if o.HeadingID != "rules" {
			t.Errorf("occurrence %s in section %q, want rules", o.ID, o.HeadingID)
		}
	}
	want := "Intranasal esketamine, bioavailability: 8–45% [?]"
	if !slices.Contains(contexts, want) {
		t.Errorf("contexts = %q\nwant one %q", contexts, want)
	}
}

func TestOptions(t *testing.T) {
	routes := Options("dosing", "route")
	if len(routes) != 8 || routes[0].Value != "iv-racemic" || routes[0].Label != "Intravenous racemic ketamine" {
		t.Fatalf("dosing routes = %+v", routes)
	}
	name := regexp.MustCompile(`^[a-z0-9]+$`)
	for _, o := range routes {
		for _, d := range o.Data {
			if !name.MatchString(d.Name) {
				t.Errorf("%s: data-%s: html/template refuses the name", o.Value, d.Name)
			}
		}
	}
	if got := (Forms{}).Options("dosing", "route"); !reflect.DeepEqual(got, routes) {
		t.Errorf("Forms.Options differs from Options: %v", got)
	}
	for _, tt := range [][2]string{{"dosing", "weight"}, {"eligibility", "adult"}, {"none", "route"}} {
		if o := Options(tt[0], tt[1]); o != nil {
			t.Errorf("Options(%q, %q) = %v, want none", tt[0], tt[1], o)
		}
	}
}

var (
	formRE   = regexp.MustCompile(`(?s)<form\b[^>]*\bdata-calculator="([^"]+)"[^>]*>(.*?)</form>`)
	namedRE  = regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"`)
	fromRE   = regexp.MustCompile(`\bdata-(?:text|options)-from="([^"]+)"`)
	showRE   = regexp.MustCompile(`\bdata-show="([^"]+)"`)
	goFileRE = regexp.MustCompile("(?m)^```go-source\nfile: ([^/\n]+)/")
)

// TestFormsMatchManifests: each calculator has one form in the templates,
// whose named controls are the fields its manifest declares, in order; the
// page script sends exactly these. What the form reads from a chosen
// option is among the options' data.
func TestFormsMatchManifests(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "templates", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v %v", files, err)
	}
	forms := map[string][]string{} // id -> the file and the form's markup
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range formRE.FindAllStringSubmatch(string(b), -1) {
			if _, dup := forms[m[1]]; dup {
				t.Errorf("%s: a second form for %q", f, m[1])
			}
			forms[m[1]] = []string{filepath.Base(f), m[2]}
		}
	}
	for _, c := range calculators.All() {
		m := c.Manifest()
		form, ok := forms[m.ID]
		if !ok {
			t.Errorf("%s: no template has <form data-calculator=%q>", m.ID, m.ID)
			continue
		}
		delete(forms, m.ID)
		var got, want []string
		for _, n := range namedRE.FindAllStringSubmatch(form[1], -1) {
			got = append(got, n[1])
		}
		for _, f := range m.Fields {
			want = append(want, f.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the form's fields are %v\nthe manifest declares %v", form[0], got, want)
		}
		data := map[string]bool{}
		for _, f := range m.Fields {
			for _, o := range Options(m.ID, f.Name) {
				for _, d := range o.Data {
					data[d.Name] = true
				}
				for _, s := range strings.Fields(dataValue(o, "shows")) {
					data["show "+s] = true
				}
			}
		}
		for _, n := range fromRE.FindAllStringSubmatch(form[1], -1) {
			if !data[n[1]] {
				t.Errorf("%s: data-…-from=%q, but no option has data-%s", form[0], n[1], n[1])
			}
		}
		for _, n := range showRE.FindAllStringSubmatch(form[1], -1) {
			if !data["show "+n[1]] {
				t.Errorf("%s: data-show=%q, but no option shows it", form[0], n[1])
			}
		}
	}
	for id, f := range forms {
		t.Errorf("%s: a form for %q, which is not registered in package calculators", f[0], id)
	}
}

func dataValue(o calculator.Option, name string) string {
	for _, d := range o.Data {
		if d.Name == name {
			return d.Value
		}
	}
	return ""
}

// TestHowPageShowsEveryCalculator: the page on how the calculators compute
// shows the code of every registered calculator's package.
func TestHowPageShowsEveryCalculator(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "content", "calculators", "how.md"))
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, m := range goFileRE.FindAllStringSubmatch(string(b), -1) {
		shown[m[1]] = true
	}
	for _, c := range calculators.All() {
		pkg := filepath.Base(reflect.TypeOf(c).PkgPath())
		if !shown[pkg] {
			t.Errorf("how.md shows no code of %s (wasm/%s); add a go-source block", c.Manifest().ID, pkg)
		}
	}
}

// TestFormsAPI: the page offers every function the module defines, the
// rules export included, and the rules' version and date are the
// calculators' own.
func TestFormsAPI(t *testing.T) {
	var f Forms
	names := strings.Fields(f.API())
	want := []string{"rules"}
	for _, c := range calculators.All() {
		m := c.Manifest()
		want = append(want, m.ID)
		for _, e := range m.Exports {
			want = append(want, e.Name)
		}
	}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("API() = %q lacks %s", f.API(), n)
		}
	}
	if len(names) != len(want) {
		t.Errorf("API() = %q; want exactly %q", names, want)
	}
	if f.RulesVersion() != calculators.RulesVersion() || f.RulesDate() != calculators.RulesDate {
		t.Errorf("rules %s, %s; want %s, %s", f.RulesVersion(), f.RulesDate(), calculators.RulesVersion(), calculators.RulesDate)
	}
}

// TestEvidenceIsTheRuleTables: the rules a release records are the rows
// of the calculators' rule tables, each with its sources.
func TestEvidenceIsTheRuleTables(t *testing.T) {
	rules := Evidence()
	rows := 0
	for _, c := range calculators.All() {
		if rb, ok := c.(calculator.RuleBook); ok {
			for _, g := range rb.Rules().Groups {
				rows += len(g.Rows)
			}
		}
	}
	if len(rules) != rows || rows == 0 {
		t.Fatalf("%d rules for %d table rows", len(rules), rows)
	}
	seen := map[string]bool{}
	for _, r := range rules {
		id := r.Calculator + "/" + r.Group + "/" + r.Label
		if seen[id] {
			t.Errorf("two rules %s: a release could not tell them apart", id)
		}
		seen[id] = true
		if r.Value == "" || len(r.Sources) == 0 {
			t.Errorf("rule %s has value %q and sources %q; every rule has both", id, r.Value, r.Sources)
		}
	}
}
