package view

// The views templates receive as their dot (see the package doc for the
// contract). The fragment writers of the long lists are in fragments.go.

import (
	"html/template"

	"ketref/generator/calcpage"
	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/glossary"
	"ketref/generator/markdown"
)

// View is what a template receives as its dot.
type View struct {
	Site *SiteView
	Page *PageView
}

// SiteView is the site as templates see it.
type SiteView struct {
	Title       string
	Description string
	Language    string
	// BaseURL is the absolute base URL, or the base path when none is set.
	BaseURL string
	Article content.Article
	Home    Link
	// Glossary is content/glossary.yaml, sorted by abbreviation, with the
	// pages that use each term.
	Glossary []GlossaryEntry
	// References lists the bibliography by number; Exports links its
	// BibTeX, RIS and CSL-JSON files (empty without a bibliography).
	References []*RefView
	Exports    []Link
	// CiteThis is the source article as text, BibTeX and RIS.
	CiteThis *CiteThis
	// ScholarlyJSON is the schema.org ScholarlyArticle for the home page.
	ScholarlyJSON template.JS
	// SearchIndex is the URL of the search index.
	SearchIndex string
	// Calculators offers the options of the calculators' forms' lists
	// (.Site.Calculators.Options "dosing" "route"); RefIndex maps citation
	// keys to numbers and links, for the calculators' script.
	Calculators calcpage.Forms
	RefIndex    template.JS
	// App is what makes the site installable and readable offline.
	App App
	// Changes is the changes page's view, set once every page is
	// converted (nil in a site without releases).
	Changes *ChangesView
	// Evidence dates the site's evidence: how current it is and its
	// latest release.
	Evidence Evidence
}

// App is the site as an installable app (package offline): the manifest's
// URL, the theme colours, and the service worker's URL and scope, or ""
// for a build without one (the preview).
type App struct {
	Manifest              string
	LightColor, DarkColor string
	Worker, Scope         string
}

// Link is a titled URL.
type Link struct {
	Title string
	URL   string
}

// NavItem is one entry of the navigation tree.
type NavItem struct {
	Link
	// Current marks the page being rendered; Open marks its ancestors.
	Current, Open bool
	// Section marks an entry that has children, shown or not.
	Section  bool
	Children []NavItem
}

// PageView is a page as templates see it.
type PageView struct {
	Title       string
	Description string
	// Kind is "home", "section", "page", "reference" or "404".
	Kind string
	// URL is the link to the page; Permalink its absolute URL when the site
	// has an absolute base URL (else the same as URL).
	URL       string
	Permalink string
	// Canonical is the absolute URL of the page, or empty when the site
	// has no absolute base URL (a relative canonical link is not one).
	Canonical string
	// Source is the page's file ("content/routes/iv.md").
	Source string
	Head
	Content template.HTML
	TOC     []TOCItem
	// Navigation is where the page sits in the site; its fields are the
	// page's own to templates (.Page.Crumbs, .Page.Nav).
	Navigation
	// Cited lists the references this page cites, by number.
	Cited []*RefView
	// Reference is set on a reference's own page.
	Reference *RefView
	// Updated marks a page whose evidence changed (nil when it never did
	// since the first release).
	Updated *Updated
}

// Head is what a page's head needs beyond its title and addresses.
type Head struct {
	// CSP is the page's Content-Security-Policy, for its meta tag.
	CSP string
	// Code says Content holds highlighted code, which needs code.css;
	// pages without it do not load that stylesheet.
	Code bool
}

// Navigation is where a page sits in the site: the breadcrumbs (its
// sections, outermost first), the pages before and after it in reading
// order, its children (a section's), and the navigation tree open on it.
// On the pages of the reference list, RefList is which part of the list
// the page shows and its pager to the others (nil elsewhere).
type Navigation struct {
	Crumbs   []Link
	Prev     *Link
	Next     *Link
	Children []Link
	Nav      []NavItem
	RefList  *RefListPart
}

// GlossaryEntry is a glossary term with the pages that use it.
type GlossaryEntry struct {
	glossary.Term
	Pages []Link
}

// Glossary is the glossary's terms, each with the pages that use it
// (uses, by abbreviation).
func Glossary(terms []glossary.Term, uses map[string][]Link) []GlossaryEntry {
	out := make([]GlossaryEntry, len(terms))
	for i, t := range terms {
		out[i] = GlossaryEntry{Term: t, Pages: uses[t.Abbr]}
	}
	return out
}

// TOCItem is a level-2 heading with the level-3 headings under it.
type TOCItem struct {
	markdown.Heading
	Children []markdown.Heading
}

// TOC nests level-3 headings under the level-2 heading before them; one
// before any level-2 heading stands on its own.
func TOC(headings []markdown.Heading) []TOCItem {
	var items []TOCItem
	for _, h := range headings {
		switch {
		case h.Level == 2 || h.Level == 3 && len(items) == 0:
			items = append(items, TOCItem{Heading: h})
		case h.Level == 3:
			last := &items[len(items)-1]
			last.Children = append(last.Children, h)
		}
	}
	return items
}

// RefView is a reference as templates see it.
type RefView struct {
	Number int
	Key    string
	// Anchor is the entry's id in the reference list ("ref-29").
	Anchor string
	// HTML is the Vancouver-style entry, with its URL linked.
	HTML template.HTML
	Text string
	// Label is "McIntyre RS et al., 2021".
	Label string
	// URL is the reference's own page; ListURL its entry in the list.
	URL, ListURL string
	Lookups      []cite.Lookup
	// CitedCount is the number of places that cite the reference; the
	// CitedAt method lists them.
	CitedCount int
	// Meta holds the Highwire citation_reference value.
	Meta string
	// Withdrawal is set on a withdrawn reference.
	Withdrawal *Withdrawal
	// citedItem is the reference's item in a page's cited list.
	citedItem string
	// cites are the places that cite the reference, kept compact: on a
	// large site there are more of them than of anything else.
	cites []Cite
}

// Withdrawal says why a reference was withdrawn, and in which release
// ("" while the withdrawal is not released).
type Withdrawal struct {
	Reason, Release string
}

// Cite is one place that cites a reference: the citing page's link and
// short title, and the citation group.
type Cite struct {
	Href, Title string
	Occ         *cite.Occurrence
}

// NewRef completes v with the places that cite it, in reading order:
// it keeps cites (no copy), sets CitedCount and makes the reference's item
// in the pages' cited lists, which is the same on every page.
func NewRef(v RefView, cites []Cite) RefView {
	v.cites = cites
	v.CitedCount = len(cites)
	v.citedItem = citedItem(&v)
	return v
}

// CitedAt lists the places that cite the reference, in reading order.
func (r *RefView) CitedAt() []CitedAt {
	out := make([]CitedAt, len(r.cites))
	for i, c := range r.cites {
		out[i] = CitedAt{
			Letter: backlinkLetter(i), PageTitle: c.Title,
			Href: c.Href + "#" + c.Occ.ID, Section: c.Occ.HeadingText,
			SectionHref: c.sectionHref(), Context: c.Occ.Context,
		}
	}
	return out
}

func (c Cite) sectionHref() string {
	if c.Occ.HeadingID != "" {
		return c.Href + "#" + c.Occ.HeadingID
	}
	return c.Href
}

// CitedAt is one place that cites a reference.
type CitedAt struct {
	// Letter labels the place in the list's backlinks: a, b, c ...
	Letter    string
	PageTitle string
	// Href jumps to the citation itself; SectionHref to its section.
	Href, SectionHref string
	Section           string
	Context           string
}

func backlinkLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('a'+(i-1)%26)) + s
	}
	return s
}
