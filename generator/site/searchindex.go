package site

import (
	"slices"
	"strconv"

	"ketref/generator/search"
	"ketref/generator/stagecache"
)

// The search index (package search) is planned before conversion, its
// parts made as their pages are converted, and its main file rendered
// with the rest; a Project reuses the parts whose pages are unchanged
// (partCache).

// planSearch plans the index of the build's pages.
func (b *builder) planSearch() {
	total := 0
	for _, pg := range b.pages {
		total += len(pg.Body)
	}
	var cache search.Cache
	if b.partCache != nil {
		cache = partCache{b.partCache}
	}
	b.search = search.New(searchPages{b}, total, cache)
}

// converted notes that page i is converted. The worker that converts the
// last page of a part gets the part; a one-off build writes it at once
// and lets go of those pages' documents.
func (b *builder) converted(i int) {
	f, lo, hi, ok := b.search.Done(i)
	if !ok {
		return
	}
	if st := b.stream; st != nil {
		if err := st.write(f.Name, f.Data); err != nil {
			b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		}
		b.search.Written(lo)
		for _, pg := range b.pages[lo:hi] {
			pg.searchDocs = nil
		}
	}
}

// searchIndex returns the files of the search index still to write: the
// main file first, then the parts a one-off build has not written yet.
// Besides the pages' documents, it holds the glossary's terms (on each
// glossary page) and the references (on the reference list).
func (b *builder) searchIndex() []search.File {
	var extra []search.Doc
	for i, pg := range b.pages {
		if pg.layout == "glossary" {
			for _, t := range b.glossary {
				text := t.Expansion
				if t.Note != "" {
					text += ". " + t.Note
				}
				extra = append(extra, search.Doc{Page: i, Heading: t.Abbr, Anchor: t.ID, Text: text})
			}
		}
	}
	if b.cites != nil && b.cites.list != nil {
		list := slices.Index(b.pages, b.cites.list)
		for _, v := range b.cites.views {
			extra = append(extra, search.Doc{Page: list, Heading: "Reference " + strconv.Itoa(v.Number), Anchor: v.Anchor, Text: v.Text})
		}
	}
	return b.search.Files(extra, b.route.Href)
}

// searchPages are the build's pages as the search index sees them.
type searchPages struct{ b *builder }

func (s searchPages) Len() int { return len(s.b.pages) }

func (s searchPages) Page(i int) search.Page {
	pg := s.b.pages[i]
	return search.Page{Title: pg.Meta.Title, URL: pg.href, Description: pg.Meta.Description, Sections: pg.searchDocs}
}

// Key is the page's conversion key: its source and the site's structure,
// which holds every page's URL and place.
func (s searchPages) Key(i int) uint64 { return s.b.convKey(s.b.pages[i]) }

// partCache is the Project's stagecache.Cache of search index parts as a
// search.Cache: a part is named by its key.
type partCache struct {
	c *stagecache.Cache[uint64, search.File]
}

func (p partCache) Get(key uint64) (search.File, bool) { return p.c.Get(key, 0) }
func (p partCache) Put(key uint64, f search.File)      { p.c.Put(key, 0, f) }
