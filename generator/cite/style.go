package cite

import (
	"html"
	"strings"

	"ketref/generator/safeurl"
)

// A Style formats bibliography entries for reading: in the reference list,
// on each reference's page and in the site's metadata. A new style is a
// file of this package with a type implementing Style, and its line in
// Styles.
type Style interface {
	// Name is the style's name, as site.yaml would give it ("vancouver").
	Name() string
	// Text is the entry as plain text.
	Text(e *Entry) string
	// HTML is Text escaped for HTML, with the entry's URL as a link.
	HTML(e *Entry) string
	// Label is the short label for accessible names and previews
	// ("McIntyre RS et al., 2021").
	Label(e *Entry) string
}

// Styles returns the citation styles; the first is the default.
func Styles() []Style {
	return []Style{vancouver{}}
}

// StyleNamed returns the style called name, or nil.
func StyleNamed(name string) Style {
	for _, s := range Styles() {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// linkedHTML escapes a style's text of e and links the first place it
// prints e's URL. Only an http or https URL is linked: LoadBibliography
// refuses others, but entries are also made in Go (site.yaml's article).
func linkedHTML(e *Entry, text string) string {
	text = html.EscapeString(text)
	if e.URL != "" && safeurl.Web(e.URL) == nil {
		esc := html.EscapeString(e.URL)
		text = strings.Replace(text, esc, `<a href="`+esc+`">`+esc+`</a>`, 1)
	}
	return text
}
