package cite

import (
	"net/url"

	"ketref/generator/safeurl"
)

// Lookup is a link to find a work elsewhere.
type Lookup struct {
	Label string
	URL   string
}

// Lookups returns where to look the work up: its DOI when known, its own
// URL, a PubMed search and a Google Scholar search by title.
func (e *Entry) Lookups() []Lookup {
	var out []Lookup
	if e.DOI != "" {
		out = append(out, Lookup{"DOI", "https://doi.org/" + e.DOI})
	}
	if e.URL != "" && safeurl.Web(e.URL) == nil {
		out = append(out, Lookup{"Open", e.URL})
	}
	if e.Type == "article-journal" && e.Title != "" {
		q := url.QueryEscape(e.Title)
		out = append(out,
			Lookup{"PubMed", "https://pubmed.ncbi.nlm.nih.gov/?term=" + q},
			Lookup{"Google Scholar", "https://scholar.google.com/scholar?q=" + q})
	}
	return out
}
