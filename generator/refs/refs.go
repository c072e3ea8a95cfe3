// Package refs is a site's bibliography as the build uses it: the entries
// of references.json numbered, resolved for the citations of the pages
// (it implements cite.Resolver), and each entry with the places that cite
// it.
//
// The contract:
//   - New numbers the references 1..n in the order of references.json;
//     Number renumbers them 1..n in the order the keys are first cited,
//     then the uncited in file order. An entry without an id, or whose id
//     an earlier entry has, is left out (LoadBibliography reports it).
//   - A Reference's Target holds its key, its number and its Vancouver
//     label; its Href is set by SetHrefs, once the reference list's
//     address is known: the entry #ref-N on the page of the list that
//     holds N (package reflist: the list itself up to 500 references).
//   - Collect records, in reading order (pages in order, then their
//     citation groups in order), every place that cites each reference; a
//     key repeated in one group counts once. It warns, at the entry's
//     position in references.json, of each reference no page cites:
//     "reference N (key) is never cited; cite it with [@key] or remove it".
//
// Pages are given as indices into the caller's list of pages; refs knows
// nothing else of them.
//
// A Cache keeps, across a site Project's builds, the parse of
// references.json while its bytes are unchanged and what is made of it:
// each entry's formatted view and the export files (again after each new
// parse), and the references' views under the caller's key.
package refs

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/jsonstr"
	"ketref/generator/reflist"
	"ketref/generator/suggest"
)

// Reference is one bibliography entry with its number and every place
// that cites it, in reading order.
type Reference struct {
	Entry  *cite.Entry
	Number int
	Target *cite.Target
	cited  []Cite
}

// Cite is one place that cites a reference: a citation group of a page.
type Cite struct {
	Page int // the page's index in the list given to Collect
	Occ  *cite.Occurrence
}

// CitedAt lists the places that cite r, in reading order (see Collect).
func (r *Reference) CitedAt() []Cite { return r.cited }

// Set holds the bibliography of a build and what the pages cite.
type Set struct {
	Bib   *cite.Bibliography
	File  string       // references.json, for diagnostics
	ByNum []*Reference // in number order
	byKey map[string]*Reference
	keys  []string // every key, sorted, for suggestions
}

// New makes the set of bib's entries, numbered in file order.
func New(bib *cite.Bibliography, file string) *Set {
	s := &Set{Bib: bib, File: file, byKey: map[string]*Reference{}}
	for _, e := range bib.Entries {
		if e.ID == "" || s.byKey[e.ID] != nil {
			continue
		}
		r := &Reference{Entry: e}
		s.byKey[e.ID] = r
		s.ByNum = append(s.ByNum, r)
		s.keys = append(s.keys, e.ID)
	}
	slices.Sort(s.keys) // ties in Suggest go to byte order
	s.Number(nil)
	return s
}

// Lookup returns the reference of key, or nil.
func (s *Set) Lookup(key string) *Reference { return s.byKey[key] }

// Resolve implements cite.Resolver.
func (s *Set) Resolve(key string) *cite.Target {
	if r := s.byKey[key]; r != nil {
		return r.Target
	}
	return nil
}

// Suggest implements cite.Resolver: the two keys nearest key, within a
// few edits.
func (s *Set) Suggest(key string) []string {
	near := suggest.Near(key, s.keys, max(2, len(key)/4))
	return near[:min(2, len(near))]
}

// Number gives each reference its number: its position in references.json
// when firstCited is nil, or else the order in which the keys are first
// cited in firstCited (then the uncited, in file order).
func (s *Set) Number(firstCited []string) {
	order := s.ByNum
	if firstCited != nil {
		order = nil
		seen := map[string]bool{}
		for _, k := range firstCited {
			if r := s.byKey[k]; r != nil && !seen[k] {
				seen[k] = true
				order = append(order, r)
			}
		}
		for _, r := range s.ByNum {
			if !seen[r.Entry.ID] {
				order = append(order, r)
			}
		}
		s.ByNum = order
	}
	style := cite.StyleNamed("vancouver")
	for i, r := range order {
		r.Number = i + 1
		r.Target = &cite.Target{Key: r.Entry.ID, Number: r.Number, Label: style.Label(r.Entry)}
	}
}

// NumberAs gives each reference the number in numbers (a key missing
// there keeps its number) and puts ByNum in number order: the numbers the
// releases fixed (package release).
func (s *Set) NumberAs(numbers map[string]int) {
	style := cite.StyleNamed("vancouver")
	for _, r := range s.ByNum {
		if n, ok := numbers[r.Entry.ID]; ok {
			r.Number = n
			r.Target = &cite.Target{Key: r.Entry.ID, Number: n, Label: style.Label(r.Entry)}
		}
	}
	slices.SortStableFunc(s.ByNum, func(a, b *Reference) int { return a.Number - b.Number })
}

// SetHrefs sets where each number links: its entry in the reference list
// at listHref, on the page of the list that holds it (reflist.Href).
func (s *Set) SetHrefs(listHref string) {
	for _, r := range s.ByNum {
		r.Target.Href = reflist.Href(listHref, r.Number)
	}
}

// Collect records where each reference is cited, from the citation groups
// of pages 0..n-1 (see the package comment), and adds the warnings of the
// references never cited to diags.
func (s *Set) Collect(n int, occurrences func(page int) []cite.Occurrence, diags *diag.List) {
	for _, r := range s.ByNum {
		r.cited = nil
	}
	for i := range n {
		occ := occurrences(i)
		for oi := range occ {
			o := &occ[oi]
			for ki, k := range o.Keys {
				if r := s.byKey[k]; r != nil && !slices.Contains(o.Keys[:ki], k) {
					r.cited = append(r.cited, Cite{Page: i, Occ: o})
				}
			}
		}
	}
	for _, r := range s.ByNum {
		if len(r.cited) == 0 {
			line, col := s.Bib.Position(r.Entry)
			diags.Warnf(s.File, line, col, "reference %d (%s) is never cited; cite it with [@%s] or remove it", r.Number, r.Entry.ID, r.Entry.ID)
		}
	}
}

// Forget lets go of where each reference is cited: CitedAt returns nil
// until the next Collect, and CitedBy still works. A build calls it once
// it has made its views of the references, which hold what they need of
// CitedAt; until the end of a 10000-page build this was 22 MB (#19).
func (s *Set) Forget() {
	for _, r := range s.ByNum {
		r.cited = nil
	}
}

// CitedBy lists the references that the citation groups occ cite, by
// number, each once.
func (s *Set) CitedBy(occ []cite.Occurrence) []*Reference {
	var out []*Reference
	for _, o := range occ {
		for _, k := range o.Keys {
			if r := s.byKey[k]; r != nil {
				out = append(out, r)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Reference) int { return a.Number - b.Number })
	return slices.Compact(out)
}

// IndexJSON maps each citation key to its number, link and label, as a
// JSON object, for the calculators' script to turn result sources into
// citations. Call it after SetHrefs.
func (s *Set) IndexJSON() []byte {
	if len(s.ByNum) == 0 {
		return []byte("{}")
	}
	// Written directly, keys sorted, with encoding/json's escaping (which
	// also escapes <, > and &): this runs on every build, and reflection
	// over a map of thousands of references cost milliseconds of each
	// preview rebuild.
	sorted := slices.Clone(s.ByNum)
	slices.SortStableFunc(sorted, func(x, y *Reference) int { return strings.Compare(x.Entry.ID, y.Entry.ID) })
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
	return append(out, '}')
}

// Entries are the entries by number.
func (s *Set) Entries() []*cite.Entry {
	out := make([]*cite.Entry, 0, len(s.ByNum))
	for _, r := range s.ByNum {
		out = append(out, r.Entry)
	}
	return out
}

// Withdrawn is why a published reference was withdrawn: the "withdrawn"
// text of its entry's "custom" object (CSL-JSON's place for an
// application's data), or "". A withdrawn reference keeps its number,
// never given to another work, and its page says why.
func Withdrawn(e *cite.Entry) string {
	var v struct {
		Custom struct {
			Withdrawn string `json:"withdrawn"`
		} `json:"custom"`
	}
	if bytes.Contains(e.Raw, []byte(`"withdrawn"`)) && json.Unmarshal(e.Raw, &v) == nil {
		return v.Custom.Withdrawn
	}
	return ""
}

// NumberOf is the number of the reference key, or 0 when there is none.
func (s *Set) NumberOf(key string) int {
	if r := s.byKey[key]; r != nil {
		return r.Number
	}
	return 0
}
