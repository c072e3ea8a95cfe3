package site

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"ketref/generator/jsonstr"
)

// The calculators' parts of the site come from their manifest (package
// calcpage): the rule fences (dosing-table) and the options of the forms'
// lists (view.SiteView.Calculators).

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
		out = jsonstr.Append(out, r.entry.ID)
		out = append(out, `:{"n":`...)
		out = strconv.AppendInt(out, int64(r.number), 10)
		out = append(out, `,"href":`...)
		out = jsonstr.Append(out, r.target.Href)
		out = append(out, `,"label":`...)
		out = jsonstr.Append(out, r.target.AccessibleName())
		out = append(out, '}')
	}
	out[0] = '{'
	return template.JS(append(out, '}'))
}
