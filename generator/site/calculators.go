package site

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"ketref/generator/jsonstr"
	"ketref/generator/refs"
)

// The calculators' parts of the site come from their manifest (package
// calcpage): the rule fences (dosing-table) and the options of the forms'
// lists (view.SiteView.Calculators).

// refIndexJSON maps each citation key to its number, link and label, for
// the calculators' script to turn result sources into citations.
func (b *builder) refIndexJSON() template.JS {
	if b.cites == nil || len(b.cites.ByNum) == 0 {
		return "{}"
	}
	// Written directly, keys sorted, with encoding/json's escaping (which
	// also escapes <, > and &): this runs on every build, and reflection
	// over a map of thousands of references cost milliseconds of each
	// preview rebuild.
	sorted := slices.Clone(b.cites.ByNum)
	slices.SortStableFunc(sorted, func(x, y *refs.Reference) int { return strings.Compare(x.Entry.ID, y.Entry.ID) })
	out := make([]byte, 0, 96*len(sorted))
	for i, r := range sorted {
		if i+1 < len(sorted) && sorted[i+1].Entry.ID == r.Entry.ID {
			continue // a duplicate id (an error reported elsewhere): the last wins, as in a map
		}
		out = append(out, ',')
		out = jsonstr.Append(out, r.Entry.ID)
		out = append(out, `:{"n":`...)
		out = strconv.AppendInt(out, int64(r.Number), 10)
		out = append(out, `,"href":`...)
		out = jsonstr.Append(out, r.Target.Href)
		out = append(out, `,"label":`...)
		out = jsonstr.Append(out, r.Target.AccessibleName())
		out = append(out, '}')
	}
	out[0] = '{'
	return template.JS(append(out, '}'))
}
