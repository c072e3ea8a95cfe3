// Package anchors knows the ids of a page, the targets of its #fragment
// links: it reads them from HTML (Scan), keeps them compactly (Set) and,
// for a link to an id the page lacks, names the nearest one (Hint).
//
// An id containing NUL is never kept (it cannot be written in HTML
// anyway); the empty id is never present.
package anchors

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"

	"ketref/generator/suggest"
)

// Set is the ids of a page, kept as one string ("\x00a\x00b\x00"): a
// page with a hundred citation groups has a hundred ids, and a build keeps
// every page's until links are checked.
type Set string

// NewSet returns the set of ids.
func NewSet(ids []string) Set {
	var b strings.Builder
	b.WriteByte(0)
	for _, id := range ids {
		if !strings.Contains(id, "\x00") {
			b.WriteString(id)
			b.WriteByte(0)
		}
	}
	return Set(b.String())
}

// Has reports whether id is in the set.
func (s Set) Has(id string) bool {
	return id != "" && !strings.Contains(id, "\x00") && strings.Contains(string(s), "\x00"+id+"\x00")
}

// All lists the ids, in the order given, repeats included.
func (s Set) All() []string {
	return strings.FieldsFunc(string(s), func(r rune) bool { return r == 0 })
}

// Hint is the end of a message about a link to the missing id: the
// nearest id of s within about half id's length of edits ("; did you
// mean "dose"?"), else every id when there are at most 12 ("; its ids
// are: a, b"), else "".
func Hint(missing string, s Set) string {
	all := s.All()
	slices.Sort(all)
	all = slices.Compact(all)
	if best := suggest.Nearest(missing, all, len(missing)/2+1); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	if len(all) > 0 && len(all) <= 12 {
		return "; its ids are: " + strings.Join(all, ", ")
	}
	return ""
}

// Scan calls add with the value of every id="..." attribute in page
// (preceded by white space, as the attribute must be), unescaped.
func Scan(page []byte, add func(string)) {
	for {
		i := bytes.Index(page, []byte(`id="`))
		if i < 0 {
			return
		}
		attr := i > 0 && strings.IndexByte(" \t\n\r\f", page[i-1]) >= 0
		page = page[i+4:]
		j := bytes.IndexByte(page, '"')
		if j < 0 {
			return
		}
		if attr {
			add(html.UnescapeString(string(page[:j])))
		}
		page = page[j+1:]
	}
}
