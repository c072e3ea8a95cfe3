package site

import (
	"encoding/json"
	"strconv"
)

// SearchIndexFile is where the search index is written.
const SearchIndexFile = "search-index.json"

// searchIndex is what the search script loads: the pages, and one document
// per section of text (page text under a heading, a glossary term, a
// reference), each pointing at its page and anchor.
type searchIndex struct {
	Pages [][2]string `json:"pages"` // title, URL
	// Docs are [page index, section heading, anchor, text].
	Docs [][4]any `json:"docs"`
}

func (b *builder) searchIndex() []byte {
	idx := searchIndex{}
	pageOf := map[*page]int{}
	for _, pg := range b.pages {
		pageOf[pg] = len(idx.Pages)
		idx.Pages = append(idx.Pages, [2]string{pg.Meta.Title, pg.href})
		if pg.Meta.Description != "" {
			idx.Docs = append(idx.Docs, [4]any{pageOf[pg], "", "", pg.Meta.Description})
		}
		for _, s := range pg.sections {
			idx.Docs = append(idx.Docs, [4]any{pageOf[pg], s.Heading, s.HeadingID, s.Text})
		}
	}
	for _, pg := range b.pages {
		if pg.layout == "glossary" {
			for _, t := range b.glossary {
				text := t.Expansion
				if t.Note != "" {
					text += ". " + t.Note
				}
				idx.Docs = append(idx.Docs, [4]any{pageOf[pg], t.Abbr, t.ID, text})
			}
		}
	}
	if b.cites != nil && b.cites.list != nil {
		list := pageOf[b.cites.list]
		for _, v := range b.cites.views {
			idx.Docs = append(idx.Docs, [4]any{list, "Reference " + strconv.Itoa(v.Number), v.Anchor, v.Text})
		}
	}
	out, err := json.Marshal(idx)
	if err != nil {
		return []byte(`{"pages":[],"docs":[]}`)
	}
	return out
}
