package cite

import (
	"bytes"
	"fmt"
	"strings"
)

// bibTeX exports the bibliography as BibTeX, for LaTeX and reference
// managers.
type bibTeX struct{}

func (bibTeX) Name() string      { return "BibTeX" }
func (bibTeX) File() string      { return "references.bib" }
func (bibTeX) MediaType() string { return "application/x-bibtex" }

var bibtexTypes = map[string]string{
	"article-journal": "article", "article": "article", "book": "book", "chapter": "incollection",
	"paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis",
}

// bibtexEscape escapes LaTeX's special characters; UTF-8 letters stay as
// they are (BibLaTeX, Pandoc and Zotero read them).
var bibtexEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `%`, `\%`, `&`, `\&`, `$`, `\$`, `#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

// Export returns the bibliography as BibTeX.
func (bibTeX) Export(b *Bibliography) []byte {
	var buf bytes.Buffer
	for _, e := range b.Entries {
		buf.Write(e.BibTeX())
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BibTeX returns one entry as BibTeX.
func (e *Entry) BibTeX() []byte {
	typ := bibtexTypes[e.Type]
	if typ == "" {
		typ = "misc"
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "@%s{%s,\n", typ, e.ID)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&buf, "  %s = {%s},\n", name, value)
		}
	}
	var authors []string
	for _, a := range e.Author {
		switch {
		case a.IsEtAl():
			authors = append(authors, "others")
		case a.Literal != "":
			authors = append(authors, "{"+bibtexEscape.Replace(a.Literal)+"}")
		default:
			name := bibtexEscape.Replace(a.FamilyName())
			if strings.ContainsAny(a.FamilyName(), " ") {
				// Braced, so that "de A Simoes Moreira" or "Vande Voort"
				// is not split into particles and names.
				name = "{" + name + "}"
			}
			if a.Suffix != "" {
				name += ", " + bibtexEscape.Replace(a.Suffix)
			}
			if a.Given != "" {
				name += ", " + bibtexEscape.Replace(spacedInitials(a.Given))
			}
			authors = append(authors, name)
		}
	}
	field("author", strings.Join(authors, " and "))
	if e.Title != "" {
		field("title", "{"+bibtexEscape.Replace(e.Title)+"}")
	}
	if typ == "article" {
		field("journal", bibtexEscape.Replace(e.ContainerTitle))
	} else {
		field("booktitle", bibtexEscape.Replace(e.ContainerTitle))
	}
	if y := e.Issued.Year(); y != 0 {
		field("year", fmt.Sprint(y))
	}
	field("volume", bibtexEscape.Replace(e.Volume))
	field("number", bibtexEscape.Replace(e.Issue))
	field("pages", strings.Replace(bibtexEscape.Replace(e.Page), "-", "--", 1))
	field("doi", bibtexEscape.Replace(e.DOI))
	field("url", e.URL)
	buf.WriteString("}\n")
	return buf.Bytes()
}

// spacedInitials turns "RM" into "R. M." so BibTeX reads two initials, and
// leaves written-out names alone.
func spacedInitials(given string) string {
	g := strings.ReplaceAll(given, ".", "")
	if g != strings.ToUpper(g) || strings.Contains(g, " ") || len([]rune(g)) > 4 {
		return given
	}
	var parts []string
	for _, r := range g {
		parts = append(parts, string(r)+".")
	}
	return strings.Join(parts, " ")
}
