package cite

import (
	"bytes"
	"fmt"
	"strings"
)

// ris exports the bibliography in the RIS format, which EndNote, Zotero
// and Mendeley import; lines end in CRLF, as the format asks.
type ris struct{}

func (ris) Name() string      { return "RIS" }
func (ris) File() string      { return "references.ris" }
func (ris) MediaType() string { return "application/x-research-info-systems" }

var risTypes = map[string]string{
	"article-journal": "JOUR", "article": "JOUR", "book": "BOOK", "chapter": "CHAP",
	"webpage": "ELEC", "document": "GEN", "report": "RPRT", "thesis": "THES",
}

// Export returns the bibliography in the RIS format.
func (ris) Export(b *Bibliography) []byte {
	var buf bytes.Buffer
	for _, e := range b.Entries {
		buf.Write(e.RIS())
	}
	return buf.Bytes()
}

// RIS returns one entry in the RIS format.
func (e *Entry) RIS() []byte {
	var buf bytes.Buffer
	tag := func(t, v string) {
		if v = strings.TrimSpace(strings.ReplaceAll(v, "\n", " ")); v != "" {
			fmt.Fprintf(&buf, "%s  - %s\r\n", t, v)
		}
	}
	typ := risTypes[e.Type]
	if typ == "" {
		typ = "GEN"
	}
	tag("TY", typ)
	tag("ID", e.ID)
	for _, a := range e.Author {
		switch {
		case a.IsEtAl():
			// RIS has no "et al."; the list ends with the named authors.
		case a.Literal != "":
			tag("AU", a.Literal)
		default:
			name := a.FamilyName()
			if a.Given != "" {
				name += ", " + spacedInitials(a.Given)
			}
			if a.Suffix != "" {
				name += ", " + a.Suffix
			}
			tag("AU", name)
		}
	}
	tag("TI", e.Title)
	tag("T2", e.ContainerTitle)
	if y := e.Issued.Year(); y != 0 {
		tag("PY", fmt.Sprint(y))
	}
	tag("VL", e.Volume)
	tag("IS", e.Issue)
	first, last := e.PageRange()
	tag("SP", first)
	tag("EP", last)
	tag("DO", e.DOI)
	tag("UR", e.URL)
	buf.WriteString("ER  - \r\n")
	return buf.Bytes()
}
