package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/route"
)

// referenceTasks returns the rendering of each reference's page and of the
// bibliography exports, to run in parallel.
func (b *builder) referenceTasks(write func(string, []byte), sv *SiteView, cites uint64) []func() {
	layout := "reference"
	if !b.theme.HasLayout(layout) {
		if !b.theme.Broken(layout) {
			b.diags.Errorf(b.opt.TemplatesRoot+"/reference.html", 0, 0, "missing: a site with references.json needs a layout for each reference's page")
		}
		return nil
	}
	var key uint64
	if b.proj != nil {
		h := b.hasher()
		h.WriteString(strconv.FormatUint(b.renderKey, 16) + "/" + strconv.FormatUint(cites, 16))
		key = h.Sum64()
	}
	exporters := cite.Exporters()
	if p := b.proj; p != nil && p.exportsOf != b.cites.bib {
		// The exports depend on the bibliography alone, which a Project
		// keeps while its bytes are unchanged.
		p.exportsOf = b.cites.bib
		p.exports = make([][]byte, len(exporters))
		for i, x := range exporters {
			p.exports[i] = x.Export(b.cites.bib)
		}
	}
	var tasks []func()
	for i, x := range exporters {
		tasks = append(tasks, func() {
			if b.proj != nil {
				write(x.File(), b.proj.exports[i])
				return
			}
			write(x.File(), x.Export(b.cites.bib))
		})
	}
	for i := range b.cites.byNum {
		tasks = append(tasks, func() {
			buf := b.buffer()
			defer b.recycle(buf)
			b.renderCached(route.OutPath(b.referenceURL(b.cites.byNum[i])), key, write, func() ([]byte, bool) {
				v := b.referenceView(i, sv)
				buf.Grow(600*v.Reference.CitedCount + 24<<10)
				if err := b.theme.Execute(buf, layout, View{Site: sv, Page: v}, b.opt.Templates); err != nil {
					b.diags.AddErr(err)
					return nil, false
				}
				return b.kept(buf), true
			})
		})
	}
	return tasks
}

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

func citeThis(a content.Article) *CiteThis {
	e := articleEntry(a)
	text := cite.StyleNamed("vancouver").Text(e)
	if e.URL != "" {
		text = strings.TrimSuffix(text, "Available from: "+e.URL)
	}
	return &CiteThis{Text: strings.TrimSpace(text), BibTeX: string(e.BibTeX()), RIS: strings.ReplaceAll(string(e.RIS()), "\r\n", "\n")}
}

// scholarlyJSON is the schema.org description of the source article with
// its citation list, for search engines.
func (b *builder) scholarlyJSON(cfg content.Config) template.JS {
	a := cfg.Article
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
	if b.cites != nil {
		var cites []work
		for _, r := range b.cites.byNum {
			cites = append(cites, work{Type: "CreativeWork", Name: r.entry.Title, Citation: cite.StyleNamed("vancouver").Text(r.entry), URL: r.entry.URL})
		}
		doc["citation"] = cites
	}
	out, err := json.Marshal(doc) // escapes <, > and &, so it cannot end the script element
	if err != nil {
		return ""
	}
	return template.JS(out)
}
