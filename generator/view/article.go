package view

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"ketref/generator/cite"
	"ketref/generator/content"
)

// The source article (site.yaml's article:) and the bibliography's entries
// as templates show them to readers and to search engines.

// CiteThis is the source article in three forms, for the "cite this" block.
type CiteThis struct {
	Text, BibTeX, RIS string
}

// articleEntry turns site.yaml's article into a bibliography entry.
func articleEntry(a content.Article) *cite.Entry {
	e := &cite.Entry{
		ID: "source", Type: "article-journal", Title: a.Title, ContainerTitle: a.JournalAbbr,
		Volume: a.Volume, Issue: a.Issue, Page: a.Pages, DOI: a.DOI, URL: a.URL,
	}
	if e.ContainerTitle == "" {
		e.ContainerTitle = a.Journal
	}
	if a.Year != 0 {
		e.Issued.DateParts = [][]json.Number{{json.Number(fmt.Sprint(a.Year))}}
	}
	for _, au := range a.Authors {
		e.Author = append(e.Author, cite.Name{Family: au.Family, Given: au.Initials})
	}
	key := "article"
	if len(a.Authors) > 0 {
		key = strings.ToLower(a.Authors[0].Family) + fmt.Sprint(a.Year)
	}
	e.ID = key
	return e
}

// NewCiteThis is the source article as text, BibTeX and RIS.
func NewCiteThis(a content.Article) *CiteThis {
	e := articleEntry(a)
	text := cite.StyleNamed("vancouver").Text(e)
	if e.URL != "" {
		text = strings.TrimSuffix(text, "Available from: "+e.URL)
	}
	return &CiteThis{Text: strings.TrimSpace(text), BibTeX: string(e.BibTeX()), RIS: strings.ReplaceAll(string(e.RIS()), "\r\n", "\n")}
}

// ScholarRefs is the most references the home page's scholarly metadata
// lists (the ld+json citation here, the citation_reference tags in
// templates/partials/scholar.html): the first ScholarRefs by number, which
// keeps the home page of a 5,000-reference site well under 500 KB.
const ScholarRefs = 200

// ScholarlyJSON is the schema.org description of the source article with
// its citation list, for search engines. refs are the bibliography's
// entries by number; nil for a site without a bibliography, which has no
// citation list (an empty bibliography has an empty one: null).
func ScholarlyJSON(a content.Article, refs []*cite.Entry) template.JS {
	type person struct {
		Type       string `json:"@type"`
		FamilyName string `json:"familyName"`
		GivenName  string `json:"givenName,omitempty"`
	}
	type work struct {
		Type     string `json:"@type"`
		Name     string `json:"name"`
		Citation string `json:"citation,omitempty"`
		URL      string `json:"url,omitempty"`
	}
	doc := map[string]any{
		"@context": "https://schema.org",
		"@type":    "ScholarlyArticle",
		"headline": a.Title,
		"name":     a.Title,
	}
	var authors []person
	for _, au := range a.Authors {
		authors = append(authors, person{"Person", au.Family, au.Given})
	}
	doc["author"] = authors
	if a.Published != "" {
		doc["datePublished"] = a.Published
	}
	if a.Journal != "" {
		doc["isPartOf"] = map[string]any{
			"@type": "PublicationIssue", "issueNumber": a.Issue,
			"isPartOf": map[string]any{"@type": "PublicationVolume", "volumeNumber": a.Volume,
				"isPartOf": map[string]any{"@type": "Periodical", "name": a.Journal}},
		}
	}
	if a.Pages != "" {
		doc["pagination"] = a.Pages
	}
	if len(a.Keywords) > 0 {
		doc["keywords"] = strings.Join(a.Keywords, ", ")
	}
	if refs != nil {
		var cites []work
		for _, e := range refs[:min(len(refs), ScholarRefs)] {
			cites = append(cites, work{Type: "CreativeWork", Name: e.Title, Citation: cite.StyleNamed("vancouver").Text(e), URL: e.URL})
		}
		doc["citation"] = cites
	}
	out, err := json.Marshal(doc) // escapes <, > and &, so it cannot end the script element
	if err != nil {
		return ""
	}
	return template.JS(out)
}

// HighwireReference is the citation_reference meta value Google Scholar
// reads: "citation_title=...; citation_author=...; ...".
func HighwireReference(e *cite.Entry) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+strings.ReplaceAll(v, ";", ","))
		}
	}
	add("citation_title", e.Title)
	for _, a := range e.Author {
		if !a.IsEtAl() {
			add("citation_author", strings.TrimSpace(a.Literal+a.FamilyName()+" "+a.Given))
		}
	}
	add("citation_journal_title", e.ContainerTitle)
	if y := e.Issued.Year(); y != 0 {
		add("citation_publication_date", fmt.Sprint(y))
	}
	add("citation_volume", e.Volume)
	add("citation_issue", e.Issue)
	first, last := e.PageRange()
	add("citation_firstpage", first)
	add("citation_lastpage", last)
	add("citation_doi", e.DOI)
	return strings.Join(parts, "; ")
}
