package view

import (
	"html/template"
	"strconv"
	"strings"
)

// The long repeated lists of a page (the navigation, the references it
// cites, the places that cite a reference, the reference list's backlinks)
// are rendered here in Go rather than by ranging in a template. With
// html/template each interpolation costs a reflective call to its escaper
// and a reflective field lookup; on a site of 1000 pages and 2000
// references these lists held about three in four of the build's template
// time (see generator/bench). BenchmarkLists, a navigation of 80 entries
// and a reference cited in 50 places: 0.44 ms in Go against 7.1 ms through
// html/template (medians of 6, 16x). The data stay available to templates
// (.Page.Nav, .Page.Cited, .CitedAt) for a theme that wants other markup.
//
// The escaping matches html/template's, so the bytes are those a template
// would write (TestFragmentsMatchTemplates):
// text and attribute values escape & < > " ' + and NUL; URLs are
// normalised as html/template normalises them in href.

var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;",
)

// writeHTML writes s into b escaped as escapeHTML escapes it.
func writeHTML(b *strings.Builder, s string) { _, _ = htmlEscaper.WriteString(b, s) }

// escapeURL normalises a URL the way html/template does in an href (bytes
// outside RFC 3986's unreserved and reserved sets are percent-encoded) and
// escapes it for a quoted attribute. The URLs here are the site's own.
func escapeURL(u string) string {
	for i := 0; i < len(u); i++ {
		if !urlSafe(u, i) {
			var b strings.Builder
			b.Grow(len(u) + 16)
			writeURL(&b, u)
			return b.String()
		}
	}
	return u
}

// urlSafe reports whether u[i] is written as it is.
func urlSafe(u string, i int) bool {
	c := u[i]
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
		return true
	case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
		return true // already an escape
	}
	return false
}

// writeURL writes u into b as escapeURL returns it, in one pass: after
// normalisation only & and + are left to escape for the attribute.
func writeURL(b *strings.Builder, u string) {
	written := 0
	for i := 0; i < len(u); i++ {
		if urlSafe(u, i) {
			continue
		}
		b.WriteString(u[written:i])
		switch c := u[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '+':
			b.WriteString("&#43;")
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		}
		written = i + 1
	}
	b.WriteString(u[written:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// NavList is the navigation tree as nested lists; the current page's entry
// has class "current" and aria-current, the sections open on the way to it
// class "open".
func (v *PageView) NavList() template.HTML {
	var b strings.Builder
	b.Grow(120 * len(v.Nav))
	writeNav(&b, v.Nav)
	return template.HTML(b.String())
}

func writeNav(b *strings.Builder, items []NavItem) {
	b.WriteString("<ul>")
	for _, it := range items {
		b.WriteString("\n<li")
		switch {
		case it.Current:
			b.WriteString(` class="current"`)
		case it.Open:
			b.WriteString(` class="open"`)
		}
		b.WriteString(`><a href="`)
		writeURL(b, it.URL)
		b.WriteByte('"')
		if it.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteByte('>')
		writeHTML(b, it.Title)
		b.WriteString("</a>")
		if len(it.Children) > 0 {
			writeNav(b, it.Children)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
}

// CitedList is the list items of the references the page cites, each with
// its entry and a link to its own page.
func (v *PageView) CitedList() template.HTML {
	var b strings.Builder
	n := 0
	for _, r := range v.Cited {
		n += len(r.citedItem)
	}
	b.Grow(n)
	for _, r := range v.Cited {
		b.WriteString(r.citedItem)
	}
	return template.HTML(b.String())
}

// citedItem is r's item in a page's list of cited references; it is the
// same on every page, so it is made once per reference:
//
//	<li id="cited-29" value="29">ENTRY <a href="/references/29/">Details</a></li>
//
// The page's citations link to the id. Every page that cites repeats the
// item, so it carries no wrappers: the entry is the item's text, and the
// link to the reference's page is its last child, which the stylesheet
// and cite.js find as such. Its name is one word because it repeats on
// every item (80,000 times on the 1000-page corpus); the item it sits in
// says which reference it is about.
func citedItem(r *RefView) string {
	n := strconv.Itoa(r.Number)
	return "\n<li id=\"cited-" + n + "\" value=\"" + n + "\">" +
		string(r.HTML) + " <a href=\"" + escapeURL(r.URL) + "\">Details</a></li>"
}

// CitedAtList is the list items of the places that cite the reference,
// in reading order: each a link to the citation itself, named by its page
// and section, and the whole sentence around the citation:
//
//	<li><a href="/page/#cite-3">Page › Section</a><blockquote>Sentence [7].</blockquote></li>
//
// It is most of a reference's page, so it is lean: one link per place
// (the section is in its text, and one click away from the citation), no
// class on the items (the stylesheet reaches them through ol.cited-at).
// Places on the same page are not grouped under it: on the 1000-page
// corpus 2 % of places follow one on the same page, so a group's extra
// markup would cost about what it saves.
func (r *RefView) CitedAtList() template.HTML {
	var b strings.Builder
	b.Grow(300 * len(r.cites))
	for _, c := range r.cites {
		b.WriteString("\n<li><a href=\"")
		writeURL(&b, c.Href)
		b.WriteByte('#')
		writeURL(&b, c.Occ.ID)
		b.WriteString(`">`)
		writeHTML(&b, c.Title)
		if c.Occ.HeadingText != "" {
			b.WriteString(" › ")
			writeHTML(&b, c.Occ.HeadingText)
		}
		b.WriteString("</a><blockquote>")
		writeHTML(&b, c.Occ.Context)
		b.WriteString("</blockquote></li>")
	}
	return template.HTML(b.String())
}

// CitedSummary is a reference's entry in the reference list's account of
// where it is cited: "cited N times" (or "once") linking to the list of
// places on its own page, or "Not cited on this site." Its size does not
// grow with the citations, so neither does the list's.
func (r *RefView) CitedSummary() template.HTML {
	switch r.CitedCount {
	case 0:
		return "Not cited on this site."
	case 1:
		return template.HTML(`<a href="` + escapeURL(r.URL+"#cited") + `">Cited once</a>`)
	}
	return template.HTML(`<a href="` + escapeURL(r.URL+"#cited") + `">Cited ` + strconv.Itoa(r.CitedCount) + ` times</a>`)
}

// MaxBacklinks bounds the lettered backlinks of one reference (Backlinks),
// for a theme that puts them in its reference list: the list then grows
// with the number of references, not of citations; the reference's own
// page lists every place. The default theme's list has one link per
// entry instead (CitedSummary).
const MaxBacklinks = 50

// Backlinks is the reference list's links back to each place that cites
// the reference, lettered a, b, c …, each followed by a space; past
// MaxBacklinks, a link to the rest on the reference's own page.
func (r *RefView) Backlinks() template.HTML {
	var b strings.Builder
	b.Grow(100 * min(len(r.cites), MaxBacklinks+1))
	for i, c := range r.cites {
		if i == MaxBacklinks {
			b.WriteString(`<a class="more" href="`)
			b.WriteString(escapeURL(r.URL + "#cited"))
			b.WriteString(`">and `)
			b.WriteString(strconv.Itoa(len(r.cites) - MaxBacklinks))
			b.WriteString(" more on its page</a> ")
			break
		}
		letter := backlinkLetter(i) // a-z only
		b.WriteString(`<a href="`)
		writeURL(&b, c.Href)
		b.WriteByte('#')
		writeURL(&b, c.Occ.ID)
		b.WriteString(`" aria-label="`)
		b.WriteString(letter)
		b.WriteString(": cited on ")
		writeHTML(&b, c.Title)
		if c.Occ.HeadingText != "" {
			b.WriteString(", ")
			writeHTML(&b, c.Occ.HeadingText)
		}
		b.WriteString(`">`)
		b.WriteString(letter)
		b.WriteString("</a> ")
	}
	return template.HTML(b.String())
}
