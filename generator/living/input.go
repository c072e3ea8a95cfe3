package living

import (
	"strconv"

	"ketref/generator/markdown"
	"ketref/generator/snapshot"
)

// PageData is what Input needs of one page of the site.
type PageData struct {
	Path, Title, Layout string
	Headings            []markdown.Heading
	Claims              []snapshot.Claim
	Data                []snapshot.Datum
}

// Site fills in what Input knows of the pages: their titles and sections,
// the calculators' pages (the page whose layout is the calculator's id),
// the reference list at references ("" without one) with each reference's
// page below it, and the current evidence (the pages' claims and data
// unless WithoutPages is set). href makes a site path a link.
func (in *Input) Site(pages []PageData, refs []snapshot.Reference, rules []snapshot.Rule, references string) {
	byPath := make(map[string]*PageData, len(pages))
	in.Current = &snapshot.Snapshot{References: refs, Rules: rules}
	in.CalculatorPage = map[string]string{}
	for i := range pages {
		pg := &pages[i]
		byPath[pg.Path] = pg
		in.CalculatorPage[pg.Layout] = pg.Path
		if !in.WithoutPages {
			in.Current.Claims = append(in.Current.Claims, pg.Claims...)
			in.Current.Figures = append(in.Current.Figures, pg.Data...)
		}
	}
	in.Page = func(p string) (string, string, bool) {
		if pg := byPath[p]; pg != nil {
			return pg.Title, in.Href(p), true
		}
		return "", "", false
	}
	in.Section = func(p, id string) string {
		if pg := byPath[p]; pg != nil {
			for _, h := range pg.Headings {
				if h.ID == id {
					return h.Text
				}
			}
		}
		return ""
	}
	if references != "" {
		in.References = references
		in.ReferenceURL = func(n int) string { return references + strconv.Itoa(n) + "/" }
	}
}
