// Package calcpage is the site's side of the calculators: what the
// generator prints from the calculator manifest (ketref/wasm/calculator,
// listed in ketref/wasm/calculators), so that the pages and the code that
// runs in the browser read one source.
//
// Fences returns, for each calculator with rules (a calculator.RuleBook),
// the fenced block that prints its rule tables, under the name the
// calculator gives (dosing-table):
//
//	```dosing-table
//	route: iv-racemic
//	```
//
// The one key (the RuleBook's Key) picks a table by its group id, or all of
// them, each then under an <h3 id="<calculator>-<group>">. Every row's
// sources are cited like any citation of the page; a source without a
// reference says so. An unknown key or id is an error at the fence's line.
//
// Options returns the options a calculator gives for one of its list
// fields (a calculator.Chooser), for the form's template; Forms offers it
// to templates as a method, {{range .Site.Calculators.Options "dosing"
// "route"}}, once the site view has a field of that type; with the names
// of the module's API (API) and the rules' version and date (RulesVersion,
// RulesDate), which the calculator page prints.
package calcpage

import (
	"fmt"
	"html"
	"reflect"
	"strings"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/snapshot"
	"ketref/generator/yamldoc"
	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
	"ketref/wasm/evidence"
)

// Fences maps each rule fence's name to the fence.
func Fences() map[string]markdown.Fence {
	out := map[string]markdown.Fence{}
	for _, c := range calculators.All() {
		if rb, ok := c.(calculator.RuleBook); ok {
			id := c.Manifest().ID
			out[rb.Rules().Fence] = func(fc markdown.FenceContext) ([]byte, error) { return ruleFence(id, rb.Rules(), fc) }
		}
	}
	return out
}

// Options lists the options calculator id gives for its list field; nil
// when it gives none.
func Options(id, field string) []calculator.Option {
	if ch, ok := calculators.Lookup(id).(calculator.Chooser); ok {
		return ch.Options(field)
	}
	return nil
}

// Forms is the templates' view of the calculators' forms; its zero value
// is ready to use.
type Forms struct{}

// Options is Options, for a template.
func (Forms) Options(id, field string) []calculator.Option { return Options(id, field) }

// API lists, space-separated, the functions the module defines on ketcalc
// (every calculator's id and exports, and rules), so that the page can
// offer them before the module has loaded.
func (Forms) API() string {
	names := []string{"rules"}
	for _, c := range calculators.All() {
		m := c.Manifest()
		for _, e := range m.Exports {
			names = append(names, e.Name)
		}
		names = append(names, m.ID)
	}
	return strings.Join(names, " ")
}

// RulesVersion and RulesDate are the version and date of the rules the
// site is built with: the page prints them, to compare with what the
// module it runs reports (ketcalc.rules()).
func (Forms) RulesVersion() string { return calculators.RulesVersion() }

// RulesDate: see RulesVersion.
func (Forms) RulesDate() string { return calculators.RulesDate }

// spec decodes the fence's body: a struct with the one required key.
func spec(key string) reflect.Value {
	t := reflect.StructOf([]reflect.StructField{{
		Name: "Pick", Type: reflect.TypeFor[string](),
		Tag: reflect.StructTag(`yaml:"` + key + `" yamldoc:"required"`),
	}})
	return reflect.New(t)
}

func ruleFence(id string, rules calculator.Rules, c markdown.FenceContext) ([]byte, error) {
	v := spec(rules.Key)
	var diags diag.List
	yamldoc.Decode(c.Body, yamldoc.Source{File: "fence", FirstLine: 1}, v.Interface(), &diags)
	for _, d := range diags.Sorted() {
		return nil, &markdown.FenceError{Line: d.Line, Msg: rules.Fence + ": " + d.Msg}
	}
	pick := v.Elem().Field(0).String()
	groups := rules.Groups
	if pick != "all" {
		groups = nil
		for _, g := range rules.Groups {
			if g.ID == pick {
				groups = append(groups, g)
			}
		}
	}
	if len(groups) == 0 {
		var ids []string
		for _, g := range rules.Groups {
			ids = append(ids, g.ID)
		}
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("%s: unknown %s %q; use one of %s, or all", rules.Fence, rules.Key, pick, strings.Join(ids, ", "))}
	}
	var b strings.Builder
	for _, g := range groups {
		if len(groups) > 1 {
			fmt.Fprintf(&b, "<h3 id=\"%s-%s\">%s</h3>\n", id, g.ID, html.EscapeString(g.Name))
		}
		writeTable(&b, rules.Fence, g, c)
	}
	return []byte(b.String()), nil
}

func writeTable(b *strings.Builder, class string, g calculator.RuleGroup, c markdown.FenceContext) {
	fmt.Fprintf(b, "<div class=\"table-wrap %s\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">\n<table>\n", class, html.EscapeString(g.Label))
	fmt.Fprintf(b, "<caption>%s</caption>\n", html.EscapeString(g.Caption))
	// A table whose rows show under conditions (the eligibility summary's
	// lines) says when each shows.
	conditional := false
	for _, r := range g.Rows {
		conditional = conditional || r.When != ""
	}
	b.WriteString("<thead><tr><th scope=\"col\">Rule</th>")
	if conditional {
		b.WriteString("<th scope=\"col\">Shown when</th>")
	}
	b.WriteString("<th scope=\"col\">From the review</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n")
	for _, r := range g.Rows {
		// The sentence a reference's "cited at" list shows for this row.
		ctx := g.Name + ", " + strings.ToLower(r.Label[:1]) + r.Label[1:] + ": " + r.Value
		fmt.Fprintf(b, "<tr><th scope=\"row\">%s</th>", html.EscapeString(r.Label))
		if conditional {
			fmt.Fprintf(b, "<td>%s</td>", html.EscapeString(r.When))
		}
		fmt.Fprintf(b, "<td>%s</td><td>%s</td></tr>\n", html.EscapeString(r.Value), sourcesHTML(r.Sources, c, ctx))
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
}

// sourcesHTML renders where a rule comes from: numbered citations for
// references, "stated in the review (section) without a reference" for
// what the review states without one.
func sourcesHTML(src []evidence.Source, c markdown.FenceContext, context string) string {
	var keys, other []string
	for _, s := range src {
		switch {
		case s.Key != "":
			keys = append(keys, s.Key)
			if s.Note != "" {
				other = append(other, html.EscapeString(s.Note))
			}
		default:
			other = append(other, `stated in the review (`+html.EscapeString(s.Section)+`) without a reference`)
		}
	}
	var parts []string
	if len(keys) > 0 {
		parts = append(parts, cite.RecordGroup(c.Parser, keys, c.Offset, c.HeadingID, c.HeadingText, context))
	}
	parts = append(parts, other...)
	return strings.Join(parts, "; ")
}

// Evidence lists every row of every calculator's rule tables as a release
// keeps it (package snapshot): the same data the tables print and Compute
// applies, a repeated label numbered. A source is its citation key, or "review: <section>" for a fact
// the review states without a reference.
func Evidence() []snapshot.Rule {
	var out []snapshot.Rule
	for _, c := range calculators.All() {
		rb, ok := c.(calculator.RuleBook)
		if !ok {
			continue
		}
		for _, g := range rb.Rules().Groups {
			seen := map[string]int{}
			for _, row := range g.Rows {
				// A label may repeat in a table ("Evidence" under each
				// dose); the second is "Evidence (2)", so that a release
				// names each rule once.
				label := row.Label
				if seen[row.Label]++; seen[row.Label] > 1 {
					label = fmt.Sprintf("%s (%d)", row.Label, seen[row.Label])
				}
				// A line shown under a condition records it, so that a
				// release sees a changed condition too.
				value := row.Value
				if row.When != "" {
					value = "When " + row.When + ": " + value
				}
				r := snapshot.Rule{Calculator: c.Manifest().ID, Group: g.ID, Label: label, Value: value}
				for _, s := range row.Sources {
					// A key as it is (a release checks it against its
					// references); an unreferenced fact by its section.
					src := s.Key
					if src == "" {
						src = "review: " + s.Section
					}
					r.Sources = append(r.Sources, src)
				}
				out = append(out, r)
			}
		}
	}
	return out
}
