// Package view is the template contract: the views a site's templates
// receive as their dot, the HTML fragments of the long lists written in
// Go, and the pure functions that make views from content (the
// navigation, the table of contents, the "cite this" forms, the schema.org
// and Highwire metadata, the redirect page of an alias). Package site fills
// the views from a built site and executes the templates; nothing here
// reads files or keeps state, and the same views give the same bytes.
//
// # Template contract
//
// The templates folder holds base.html, the frame; one file per layout,
// which fills base.html's blocks; partials/*.html, shared pieces called as
// {{template "partials/nav.html" .}}; and static/, files published under
// content-hashed names. A page's layout is its front matter's layout:, or
// "home" for the home page, "section" for a folder's _index.md and "page"
// otherwise; home and section fall back to page. A site needs page.html; a
// site with references.json needs references.html (the list) and
// reference.html (each reference's page); 404.html is the not-found page
// (page.html with a short body when there is none).
// A missing layout is an error at the page that needs it.
//
// The dot of every template is a View: {Site *SiteView, Page *PageView}.
//
// SiteView: Title, Description, Language; BaseURL (the absolute base URL,
// or the base path without one); Article (site.yaml's source article);
// Home (a Link); Glossary ([]GlossaryEntry: a glossary.Term with the Pages
// that use it); References ([]*RefView, by number) and Exports (Links to
// the BibTeX, RIS and CSL-JSON files); CiteThis (Text, BibTeX, RIS);
// ScholarlyJSON (schema.org, for the home page); SearchIndex (the search
// index's URL); Calculators (a calcpage.Forms: .Site.Calculators.Options
// "dosing" "route" lists the options of a form's list, each a
// calculator.Option with Value, Label and Data) and RefIndex (citation
// keys to numbers and links), for the calculators' script; App (Manifest,
// the manifest's URL; LightColor and DarkColor, the theme colours; Worker
// and Scope, the service worker's URL and scope, "" without one).
//
// PageView: Title, Description, Kind ("home", "section", "page",
// "reference", "404", "offline"); URL, Permalink (absolute when the base URL is),
// Canonical ("" without an absolute base URL); Source (the page's file);
// CSP (its Content-Security-Policy); Content (the HTML of the body); TOC
// ([]TOCItem: a level-2 heading with its level-3 Children); from its
// embedded Navigation, Crumbs, Prev, Next, Children (Links), Nav
// ([]NavItem: a Link with Current, Open, Section and Children) and, on
// the pages of the reference list, RefList (*RefListPart: Number, Count,
// First, Last, Total, Refs, and Pages, the pager's links, nil when the
// list is one page; package reflist splits it by 500 numbers); Cited ([]*RefView the page cites); Reference (the
// *RefView on a reference's own page). Methods: NavList (the navigation
// tree as HTML) and CitedList (the cited references as HTML).
//
// RefView: Number, Key, Anchor ("ref-29"), HTML (the Vancouver entry),
// Text, Label ("McIntyre RS et al., 2021"), URL (its page), ListURL (its
// entry in the list), Lookups, CitedCount, Meta (the Highwire
// citation_reference). Methods: CitedAt ([]CitedAt: Letter, PageTitle,
// Href, SectionHref, Section, Context: every place that cites it, in
// reading order), CitedAtList (the same as HTML), CitedSummary ("Cited N
// times" linking to that list, for the reference list) and Backlinks
// (lettered a, b, c links, at most 50, as HTML, for a theme that wants
// them).
//
// The long repeated lists (NavList, CitedList, CitedAtList, Backlinks) are
// written in Go (fragments.go) because html/template's per-value
// reflection made them most of a large build's template time; their data
// stay available as Nav, Cited, CitedAt and CitedCount.
//
// Functions, besides html/template's: asset "style.css" (the asset's
// content-hashed URL), relURL "/a/" (a site path under the base path),
// firstPage and lastPage ("1-9" -> "1", "9") and slashDate ("2024-12-20"
// -> "2024/12/20") for Highwire tags. Code blocks are highlighted with
// chroma; the generated asset code.css styles them (light and dark).
//
// A layout that mentions References, RefList, Glossary, CitedAt,
// CitedCount, CitedAtList, CitedSummary or Backlinks anywhere it can reach from base.html
// (theme.Mentions decides, erring towards "late") is rendered after every
// page is converted; keep those out of base.html and of partials every page
// calls, or a large build holds every page's HTML in memory.
package view
