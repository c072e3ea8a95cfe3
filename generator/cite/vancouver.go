package cite

import (
	"fmt"
	"strings"
)

// vancouver is the Vancouver (NLM) style the review uses:
//
//	Berman RM, Cappiello A, Anand A, et al. Antidepressant effects of ketamine
//	in depressed patients. Biol Psychiatry. 2000;47:351-354.
//
// Web pages and documents end with "[Internet]" and "Available from: URL".
// Its label is the entry's shortLabel.
type vancouver struct{}

func (vancouver) Name() string           { return "vancouver" }
func (vancouver) Label(e *Entry) string  { return e.shortLabel() }
func (v vancouver) HTML(e *Entry) string { return linkedHTML(e, v.Text(e)) }

func (vancouver) Text(e *Entry) string {
	var b strings.Builder
	if a := e.authorList(); a != "" {
		b.WriteString(a)
		b.WriteString(" ")
	}
	if e.Title != "" {
		if e.online() {
			b.WriteString(strings.TrimRight(e.Title, ".") + " [Internet].")
		} else {
			b.WriteString(sentence(e.Title))
		}
		b.WriteString(" ")
	}
	if e.ContainerTitle != "" {
		b.WriteString(sentence(e.ContainerTitle) + " ")
	}
	if src := e.source(); src != "" {
		b.WriteString(src + ". ")
	}
	if e.online() && e.URL != "" {
		b.WriteString("Available from: " + e.URL)
	}
	return strings.TrimSpace(b.String())
}

func (e *Entry) online() bool {
	return e.ContainerTitle == "" && e.URL != "" && (e.Type == "webpage" || e.Type == "document" || e.Type == "post-weblog")
}

// source is "2000;47(3):351-354", as much of it as the entry has.
func (e *Entry) source() string {
	var b strings.Builder
	if y := e.Issued.Year(); y != 0 {
		fmt.Fprintf(&b, "%d", y)
	}
	if e.Volume != "" || e.Issue != "" {
		b.WriteString(";")
		b.WriteString(e.Volume)
		if e.Issue != "" {
			b.WriteString("(" + e.Issue + ")")
		}
	}
	if e.Page != "" {
		b.WriteString(":" + e.Page)
	}
	return b.String()
}

// authorList is "Berman RM, Cappiello A, Anand A, et al." (with a final
// full stop), as listed; an organisation prints as its name.
func (e *Entry) authorList() string {
	var parts []string
	for _, a := range e.Author {
		switch {
		case a.IsEtAl():
			parts = append(parts, "et al")
		case a.Literal != "":
			parts = append(parts, a.Literal)
		default:
			p := strings.TrimSpace(a.FamilyName() + " " + initialsOf(a.Given))
			if a.Suffix != "" {
				p += " " + strings.TrimSuffix(a.Suffix, ".")
			}
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return sentence(strings.Join(parts, ", "))
}

// initialsOf keeps initials as printed ("RM"), and shortens given names
// written out ("Maggie" -> "M").
func initialsOf(given string) string {
	given = strings.ReplaceAll(given, ".", "")
	fields := strings.Fields(given)
	if len(fields) == 1 && strings.ToUpper(fields[0]) == fields[0] {
		return fields[0]
	}
	var b strings.Builder
	for _, f := range fields {
		for _, part := range strings.Split(f, "-") {
			if r := []rune(part); len(r) > 0 {
				b.WriteRune(r[0])
			}
		}
	}
	return b.String()
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".?!") {
		return s
	}
	return s + "."
}
