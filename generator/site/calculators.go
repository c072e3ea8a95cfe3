package site

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/yamldoc"
	"ketref/wasm/dosing"
	"ketref/wasm/evidence"
	"ketref/wasm/input"
)

// The dosing-table fence prints the calculators' own rule table for one
// route (or all of them), so that the dose tables on the route pages and
// the calculator cannot disagree:
//
//	```dosing-table
//	route: iv-racemic
//	```
type dosingTableSpec struct {
	Route string `yaml:"route" yamldoc:"required"`
}

func dosingTableFence(c markdown.FenceContext) ([]byte, error) {
	var spec dosingTableSpec
	var diags diag.List
	yamldoc.Decode(c.Body, yamldoc.Source{File: "fence", FirstLine: 1}, &spec, &diags)
	for _, d := range diags.Sorted() {
		return nil, &markdown.FenceError{Line: d.Line, Msg: "dosing-table: " + d.Msg}
	}
	var routes []dosing.Route
	if spec.Route == "all" {
		routes = dosing.Routes()
	} else if r := dosing.Lookup(spec.Route); r != nil {
		routes = []dosing.Route{*r}
	} else {
		var ids []string
		for _, r := range dosing.Routes() {
			ids = append(ids, r.ID)
		}
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("dosing-table: unknown route %q; use one of %s, or all", spec.Route, strings.Join(ids, ", "))}
	}
	var b strings.Builder
	for _, r := range routes {
		if len(routes) > 1 {
			fmt.Fprintf(&b, "<h3 id=\"dosing-%s\">%s</h3>\n", r.ID, html.EscapeString(r.Name))
		}
		writeDosingTable(&b, r, c)
	}
	return []byte(b.String()), nil
}

// sourcesHTML renders where a rule comes from: numbered citations for
// references, "the review (section)" for what the review states without
// one.
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

func writeDosingTable(b *strings.Builder, r dosing.Route, c markdown.FenceContext) {
	row := func(label, value string, src []evidence.Source) {
		ctx := r.Name + ", " + strings.ToLower(label[:1]) + label[1:] + ": " + value
		fmt.Fprintf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", html.EscapeString(label), html.EscapeString(value), sourcesHTML(src, c, ctx))
	}
	fmt.Fprintf(b, "<div class=\"table-wrap dosing-table\" tabindex=\"0\" role=\"region\" aria-label=\"%s: doses from the review\">\n<table>\n", html.EscapeString(r.Name))
	fmt.Fprintf(b, "<caption>%s — %s, %s</caption>\n", html.EscapeString(r.Name), html.EscapeString(r.Agent), html.EscapeString(strings.ToLower(r.Route[:1])+r.Route[1:]))
	b.WriteString("<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">From the review</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n")
	mgkg := func(rg dosing.Range) string {
		return input.Format(rg.Lo, 3) + "–" + input.Format(rg.Hi, 3) + " mg/kg"
	}
	if r.PerKg {
		row("Usual dose", mgkg(r.Usual), r.UsualSources)
		if r.Studied != r.Usual {
			row("Range reported", mgkg(r.Studied), r.StudiedSource)
		}
		if r.BelowUsual != nil {
			row("Below the usual range", r.BelowUsual.Text, r.BelowUsual.Sources)
		}
	}
	for _, f := range r.Fixed {
		row("Dose "+input.Format(f.MG, 0)+" mg", f.Use, f.Sources)
	}
	if r.DeviceMG > 0 {
		var per []string
		for _, f := range r.Fixed {
			per = append(per, input.Format(f.MG/r.DeviceMG, 0)+" for "+input.Format(f.MG, 0)+" mg")
		}
		row("Devices", input.Format(r.DeviceMG, 0)+" mg per device ("+strings.Join(per, ", ")+")", r.DeviceSources)
	}
	if r.InfusionMinutes > 0 {
		row("Infusion", "Over "+input.Format(r.InfusionMinutes, 0)+" minutes", r.InfusionSources)
	}
	row("Bioavailability", r.BioavailabilityText, r.BioavailabilitySources)
	for _, p := range r.Schedule {
		row("Schedule: "+p.Name, p.Text, p.Sources)
	}
	if len(r.Monitoring) == 0 {
		row("Monitoring", "The review states monitoring requirements only for IV racemic ketamine and intranasal esketamine; none for this route", evidence.Ref("schep2023"))
	}
	for _, m := range r.Monitoring {
		row("After each session", m.Text, m.Sources)
	}
	for _, e := range r.Evidence {
		row("Evidence", e.Text, e.Sources)
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
}

// DosingRouteView describes a route for the calculator form, from the same
// table the calculator applies.
type DosingRouteView struct {
	ID, Name string
	PerKg    bool
	// Usual is the usual mg/kg range as text; Fixed the fixed doses in mg.
	Usual    string
	Fixed    []string
	Infusion bool
	// Dated says the schedule has a fixed pattern, so a start date lists
	// session dates.
	Dated bool
}

func dosingRouteViews() []DosingRouteView {
	var out []DosingRouteView
	for _, r := range dosing.Routes() {
		v := DosingRouteView{ID: r.ID, Name: r.Name, PerKg: r.PerKg, Infusion: r.InfusionMinutes > 0, Dated: len(r.Schedule) > 0}
		if r.PerKg {
			v.Usual = input.Format(r.Usual.Lo, 3) + "–" + input.Format(r.Usual.Hi, 3) + " mg/kg"
		}
		for _, f := range r.Fixed {
			v.Fixed = append(v.Fixed, input.Format(f.MG, 0))
		}
		for _, p := range r.Schedule {
			if p.PerWeek == 0 || p.FirstWeek == 0 {
				v.Dated = false
			}
		}
		out = append(out, v)
	}
	return out
}

// refIndexJSON maps each citation key to its number, link and label, for
// the calculators' script to turn result sources into citations.
func (b *builder) refIndexJSON() template.JS {
	if b.cites == nil || len(b.cites.byNum) == 0 {
		return "{}"
	}
	// Written directly, keys sorted, with encoding/json's escaping (which
	// also escapes <, > and &): this runs on every build, and reflection
	// over a map of thousands of references cost milliseconds of each
	// preview rebuild.
	refs := slices.Clone(b.cites.byNum)
	slices.SortStableFunc(refs, func(x, y *reference) int { return strings.Compare(x.entry.ID, y.entry.ID) })
	out := make([]byte, 0, 96*len(refs))
	for i, r := range refs {
		if i+1 < len(refs) && refs[i+1].entry.ID == r.entry.ID {
			continue // a duplicate id (an error reported elsewhere): the last wins, as in a map
		}
		out = append(out, ',')
		out = appendJSONString(out, r.entry.ID)
		out = append(out, `:{"n":`...)
		out = strconv.AppendInt(out, int64(r.number), 10)
		out = append(out, `,"href":`...)
		out = appendJSONString(out, r.target.Href)
		out = append(out, `,"label":`...)
		out = appendJSONString(out, r.target.AccessibleName())
		out = append(out, '}')
	}
	out[0] = '{'
	return template.JS(append(out, '}'))
}
