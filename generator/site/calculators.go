package site

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"ketref/generator/calcpage"
	"ketref/generator/cite"
	"ketref/generator/figure"
	"ketref/generator/markdown"
	"ketref/wasm/calculator"
)

// The calculators' parts of the site come from their manifest (package
// calcpage): the rule fences (dosing-table) and the options of the forms'
// lists.

// dosingTableFence is the dosing calculator's rule fence.
func dosingTableFence(c markdown.FenceContext) ([]byte, error) {
	return calcpage.Fences()["dosing-table"](c)
}

// DosingRouteView is one route of the dosing form's list: its value,
// label and data-* attributes (see calculator.Option).
type DosingRouteView = calculator.Option

func dosingRouteViews() []DosingRouteView {
	return calcpage.Options("dosing", "route")
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

// figureFence draws a ```figure block (see package figure) and links its
// citations like any other.
func figureFence(c markdown.FenceContext) ([]byte, error) {
	spec, err := figure.Parse(c.Body)
	if err != nil {
		if fe, ok := err.(*figure.Error); ok {
			return nil, &markdown.FenceError{Line: fe.Line, Col: fe.Col, Msg: fe.Msg}
		}
		return nil, err
	}
	var cites string
	if len(spec.Citations) > 0 {
		cites = cite.RecordGroup(c.Parser, spec.Citations, c.Offset, c.HeadingID, c.HeadingText, "Figure: "+spec.Title+".")
	}
	return figure.Render(spec, "fig-"+slug(spec.Title), cites), nil
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
