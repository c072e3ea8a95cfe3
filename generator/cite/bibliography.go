package cite

// This file reads content/references.json, a CSL-JSON array (the format
// Zotero exports and Pandoc reads). Each entry needs a unique "id"; its
// number is its position in the array (1-based), which is the numbering of
// the source review. Malformed JSON, an entry that is not an object, a
// missing id, a duplicate id and a URL that is not an http or https
// address (it becomes a link on several pages) are errors at file:line:col.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/safeurl"
)

// File is the bibliography's name inside the content folder.
const File = "references.json"

// Name is a CSL name: a person (family, given) or a literal ("et al.",
// an organisation).
type Name struct {
	Family  string `json:"family,omitempty"`
	Given   string `json:"given,omitempty"`
	Suffix  string `json:"suffix,omitempty"`
	Literal string `json:"literal,omitempty"`
	// Particles as CSL splits them: "de" in "de A Simoes Moreira", "van".
	NonDroppingParticle string `json:"non-dropping-particle,omitempty"`
	DroppingParticle    string `json:"dropping-particle,omitempty"`
}

// FamilyName is the family name with its particles ("de A Simoes Moreira").
func (n Name) FamilyName() string {
	return strings.TrimSpace(strings.Join(strings.Fields(n.DroppingParticle+" "+n.NonDroppingParticle+" "+n.Family), " "))
}

// IsEtAl reports whether the name stands for the authors left out.
func (n Name) IsEtAl() bool { return strings.EqualFold(strings.TrimSpace(n.Literal), "et al.") }

// Date is a CSL date.
type Date struct {
	DateParts [][]json.Number `json:"date-parts,omitempty"`
	Literal   string          `json:"literal,omitempty"`
}

// Year returns the first year of the date, or 0.
func (d Date) Year() int {
	if len(d.DateParts) == 0 || len(d.DateParts[0]) == 0 {
		return 0
	}
	y, _ := d.DateParts[0][0].Int64()
	return int(y)
}

// Entry is one CSL-JSON item, with the fields the site uses. Other fields
// are kept in Raw for the export.
type Entry struct {
	ID             string `json:"id"`
	Type           string `json:"type"`
	Author         []Name `json:"author,omitempty"`
	Title          string `json:"title,omitempty"`
	ContainerTitle string `json:"container-title,omitempty"`
	Issued         Date   `json:"issued,omitempty"`
	Volume         string `json:"volume,omitempty"`
	Issue          string `json:"issue,omitempty"`
	Page           string `json:"page,omitempty"`
	URL            string `json:"URL,omitempty"`
	DOI            string `json:"DOI,omitempty"`

	// Number is the entry's position in the file, from 1.
	Number int `json:"-"`
	// Offset locates the entry in the file (see Bibliography.Position).
	Offset int `json:"-"`
	// Raw is the entry as written.
	Raw json.RawMessage `json:"-"`
}

// Bibliography is a loaded references.json.
type Bibliography struct {
	Entries []*Entry
	byID    map[string]*Entry
	lines   *diag.Lines
}

// Position is the line and column of an entry in the file. It is computed
// on demand: a bibliography written on one long line would make computing
// every entry's column quadratic.
func (b *Bibliography) Position(e *Entry) (line, col int) { return b.lines.Position(e.Offset) }

// Lookup finds an entry by id.
func (b *Bibliography) Lookup(id string) *Entry {
	if b == nil {
		return nil
	}
	return b.byID[id]
}

// IDs lists the ids in file order.
func (b *Bibliography) IDs() []string {
	ids := make([]string, len(b.Entries))
	for i, e := range b.Entries {
		ids[i] = e.ID
	}
	return ids
}

// LoadBibliography parses src; file names it in diagnostics. It returns
// what it could read even when there are errors.
func LoadBibliography(src []byte, file string, diags *diag.List) *Bibliography {
	lines := diag.NewLines(src)
	b := &Bibliography{byID: map[string]*Entry{}, lines: lines}
	at := func(off int64) (int, int) { return lines.Position(int(off)) }
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	fail := func(err error, off int64) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off += se.Offset - 1 // Offset counts the bytes read, the bad one included
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			off = int64(len(src))
		}
		line, col := at(off)
		diags.Errorf(file, line, col, "invalid JSON: %v; references.json must be a CSL-JSON array of objects", err)
	}
	tok, err := dec.Token()
	if err != nil {
		fail(err, 0)
		return b
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		line, col := at(0)
		diags.Errorf(file, line, col, "references.json must be a CSL-JSON array ([ {...}, ... ]), found %v", tok)
		return b
	}
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			fail(err, start)
			return b
		}
		// InputOffset is before any separator and white space; point at
		// the entry itself.
		off := int(start) + leadingSkip(src[start:])
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) == 0 || trimmed[0] != '{' {
			line, col := lines.Position(off)
			diags.Errorf(file, line, col, "entry %d is not an object", len(b.Entries)+1)
			continue
		}
		e := &Entry{Number: len(b.Entries) + 1, Offset: off, Raw: raw}
		if err := json.Unmarshal(raw, e); err != nil {
			line, col := lines.Position(off)
			diags.Errorf(file, line, col, "entry %d: %v", e.Number, err)
			continue
		}
		if e.URL != "" {
			if err := safeurl.Web(e.URL); err != nil {
				line, col := lines.Position(off + fieldOffset(raw, "URL"))
				diags.Errorf(file, line, col, "entry %d: %v", e.Number, err)
				e.URL = "" // the entry still numbers and cites; it just links nowhere
			}
		}
		switch prev := b.byID[e.ID]; {
		case strings.TrimSpace(e.ID) == "":
			line, col := lines.Position(off)
			diags.Errorf(file, line, col, "entry %d has no \"id\"; give it a unique key such as \"smith2020\"", e.Number)
		case prev != nil:
			line, col := lines.Position(off)
			prevLine, _ := lines.Position(prev.Offset)
			diags.Errorf(file, line, col, "duplicate id %q: entry %d and entry %d (line %d) share it; make the keys unique", e.ID, prev.Number, e.Number, prevLine)
		default:
			b.byID[e.ID] = e
		}
		b.Entries = append(b.Entries, e)
	}
	if _, err := dec.Token(); err != nil {
		fail(err, dec.InputOffset())
	}
	return b
}

// fieldOffset is the offset in the object raw of the value of its last
// key matching key without regard to case (encoding/json fills a field
// from any case, and the last one wins), or 0.
func fieldOffset(raw []byte, key string) int {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	found := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return found
		}
		at := int(dec.InputOffset())
		for at < len(raw) && (raw[at] == ':' || raw[at] == ' ' || raw[at] == '\t' || raw[at] == '\r' || raw[at] == '\n') {
			at++
		}
		if k, ok := tok.(string); ok && strings.EqualFold(k, key) {
			found = at
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return found
		}
	}
	return found
}

func leadingSkip(b []byte) int {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', ',':
			continue
		}
		return i
	}
	return len(b)
}

// PageRange splits a page field such as "856-864" into its first and last
// page; a single page or an article number comes back as first alone.
func (e *Entry) PageRange() (first, last string) {
	first, last, _ = strings.Cut(e.Page, "-")
	return first, last
}

// shortLabel is "McIntyre RS et al., 2021": the first author and year, for
// accessible names and previews.
func (e *Entry) shortLabel() string {
	var who string
	if len(e.Author) > 0 {
		a := e.Author[0]
		if a.Literal != "" {
			who = a.Literal
		} else {
			who = strings.TrimSpace(a.FamilyName() + " " + a.Given)
		}
		if len(e.Author) > 1 {
			who += " et al."
		}
	}
	if who == "" {
		who = e.Title
	}
	if who == "" {
		who = e.ID
	}
	if y := e.Issued.Year(); y != 0 {
		return fmt.Sprintf("%s, %d", who, y)
	}
	return who
}
