package site

import (
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"ketref/generator/markdown"
)

// SearchIndexFile is where the search index is written.
const SearchIndexFile = "search-index.json"

// The search index is what the search script loads: the pages, and one
// document per section of text (page text under a heading, a glossary
// term, a reference), each pointing at its page and anchor:
//
//	{"pages":[[title, URL], ...], "docs":[[page index, heading, anchor, text], ...]}
//
// A large site's page documents (descriptions and sections) are split into
// parts of searchPartPages pages, each its own file named by a checksum of
// its bytes, listed under "parts"; the script loads them all and puts their
// documents, in order, before the file's own (glossary and references), so
// the documents come in the same order either way:
//
//	{"pages":[...], "docs":[...], "parts":["/search/3fa2c1d0.json", ...]}
//	{"docs":[[page index, heading, anchor, text], ...]}
//
// After one edit, a rebuild then remakes one part and the small main file,
// not the whole index (107 MB on the 10000-page corpus, where allocating
// and filling it again took 350 ms); parts that did not change keep their
// names, so browsers keep them cached. A site whose pages' Markdown fits in
// searchInlineBytes (the review site's does) gets one file.
//
// Everything is appended straight into buffers sized up front, with
// encoding/json's escaping (appendJSONString).
const (
	searchInlineBytes = 1 << 20
	searchPartPages   = 250
)

// searchFile is one file of the search index.
type searchFile struct {
	name string // output path
	data []byte
}

// planSearchParts decides, before conversion, whether the index is split:
// when the pages' Markdown exceeds searchInlineBytes (their text, which is
// what the index holds, is a little less).
func (b *builder) planSearchParts() {
	total := 0
	for _, pg := range b.pages {
		total += len(pg.Body)
	}
	b.searchParts, b.partLeft = nil, nil
	if total <= searchInlineBytes {
		return
	}
	n := (len(b.pages) + searchPartPages - 1) / searchPartPages
	b.searchParts = make([]searchFile, n)
	b.partLeft = make([]atomic.Int32, n)
	for k := range n {
		b.partLeft[k].Store(int32(min(searchPartPages, len(b.pages)-k*searchPartPages)))
	}
}

// converted notes that page i is converted. The worker that converts the
// last page of a part makes the part; a one-off build writes it at once
// and lets go of those pages' documents.
func (b *builder) converted(i int) {
	if b.searchParts == nil {
		return
	}
	k := i / searchPartPages
	if b.partLeft[k].Add(-1) != 0 {
		return
	}
	lo, hi := k*searchPartPages, min((k+1)*searchPartPages, len(b.pages))
	f := b.searchPart(lo, hi)
	if st := b.stream; st != nil {
		if err := st.write(f.name, f.data); err != nil {
			b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		}
		f.data = nil
		for _, pg := range b.pages[lo:hi] {
			pg.searchDocs = nil
		}
	}
	b.searchParts[k] = f
}

// searchIndex returns the files of the search index still to write: the
// main file first, then the parts a one-off build has not written yet.
func (b *builder) searchIndex() []searchFile {
	parts := b.searchParts
	size := 64
	for _, pg := range b.pages {
		size += len(pg.Meta.Title) + len(pg.href) + 32
		if parts == nil {
			size += pageDocsSize(pg)
		}
	}
	for _, t := range b.glossary {
		size += len(t.Abbr) + len(t.ID) + len(t.Expansion) + len(t.Note) + 32
	}
	if b.cites != nil {
		for _, v := range b.cites.views {
			size += len(v.Anchor) + len(v.Text) + 48
		}
	}
	for _, p := range parts {
		size += len(p.name) + len(b.route.BasePath()) + 4
	}
	w := docWriter{out: make([]byte, 0, size+size/8)}
	w.out = append(w.out, `{"pages":[`...)
	for i, pg := range b.pages {
		if i > 0 {
			w.out = append(w.out, ',')
		}
		w.out = append(w.out, '[')
		w.out = appendJSONString(w.out, pg.Meta.Title)
		w.out = append(w.out, ',')
		w.out = appendJSONString(w.out, pg.href)
		w.out = append(w.out, ']')
	}
	w.out = append(w.out, `],"docs":[`...)
	if parts == nil {
		for i, pg := range b.pages {
			w.page(i, pg)
		}
	}
	for i, pg := range b.pages {
		if pg.layout == "glossary" {
			for _, t := range b.glossary {
				text := t.Expansion
				if t.Note != "" {
					text += ". " + t.Note
				}
				w.doc(i, t.Abbr, t.ID, text)
			}
		}
	}
	if b.cites != nil && b.cites.list != nil {
		list := slices.Index(b.pages, b.cites.list)
		for _, v := range b.cites.views {
			w.doc(list, "Reference "+strconv.Itoa(v.Number), v.Anchor, v.Text)
		}
	}
	w.out = append(w.out, ']')
	if parts != nil {
		w.out = append(w.out, `,"parts":[`...)
		for i, p := range parts {
			if i > 0 {
				w.out = append(w.out, ',')
			}
			w.out = appendJSONString(w.out, b.route.Href("/"+p.name))
		}
		w.out = append(w.out, ']')
	}
	w.out = append(w.out, '}')
	files := []searchFile{{name: SearchIndexFile, data: w.out}}
	for _, p := range parts {
		if p.data != nil {
			files = append(files, p)
		}
	}
	return files
}

// docWriter appends documents to a JSON array.
type docWriter struct {
	out   []byte
	count int
}

func (w *docWriter) open(page int) {
	if w.count > 0 {
		w.out = append(w.out, ',')
	}
	w.count++
	w.out = append(w.out, '[')
	w.out = strconv.AppendInt(w.out, int64(page), 10)
}

// doc appends [page, heading, anchor, text].
func (w *docWriter) doc(page int, heading, anchor, text string) {
	w.open(page)
	w.out = append(w.out, ',')
	w.out = appendJSONString(w.out, heading)
	w.out = append(w.out, ',')
	w.out = appendJSONString(w.out, anchor)
	w.out = append(w.out, ',')
	w.out = appendJSONString(w.out, text)
	w.out = append(w.out, ']')
}

// page appends the documents of page i: its description, then its sections.
func (w *docWriter) page(i int, pg *page) {
	if pg.Meta.Description != "" {
		w.doc(i, "", "", pg.Meta.Description)
	}
	for _, d := range pg.searchDocs {
		w.open(i)
		w.out = append(w.out, d...)
	}
}

func pageDocsSize(pg *page) int {
	n := len(pg.Meta.Description) + 16
	for _, d := range pg.searchDocs {
		n += len(d) + 8
	}
	return n
}

// searchPart is the part of the index holding the documents of pages
// [lo, hi). A Project reuses the last build's part while those pages and
// their positions are unchanged.
func (b *builder) searchPart(lo, hi int) searchFile {
	var key uint64
	if b.proj != nil {
		h := b.hasher()
		h.WriteString(strconv.Itoa(lo) + "/" + strconv.FormatUint(b.structure, 16))
		for _, pg := range b.pages[lo:hi] {
			h.WriteString(pg.URL + "\x00" + strconv.FormatUint(b.sourceHash(pg.Page), 16))
		}
		key = h.Sum64()
		if f, ok := b.partCache.get(key, 0); ok {
			b.partCache.put(key, 0, f)
			return f
		}
	}
	size := 16
	for _, pg := range b.pages[lo:hi] {
		size += pageDocsSize(pg)
	}
	w := docWriter{out: make([]byte, 0, size)}
	w.out = append(w.out, `{"docs":[`...)
	for i := lo; i < hi; i++ {
		w.page(i, b.pages[i])
	}
	w.out = append(w.out, "]}"...)
	f := searchFile{name: fmt.Sprintf("search/%08x.json", crc32.Checksum(w.out, crc32.MakeTable(crc32.Castagnoli))), data: w.out}
	b.partCache.put(key, 0, f)
	return f
}

// searchDocs encodes a page's sections for the search index, all but the
// page's index: `,"heading","anchor","text"]`. A conversion keeps them, so
// that a rebuild after one edit re-encodes one page, not the whole index.
func searchDocs(sections []markdown.Section) [][]byte {
	docs := make([][]byte, len(sections))
	for i, s := range sections {
		d := make([]byte, 0, len(s.Heading)+len(s.HeadingID)+len(s.Text)+len(s.Text)/16+16)
		d = append(d, ',')
		d = appendJSONString(d, s.Heading)
		d = append(d, ',')
		d = appendJSONString(d, s.HeadingID)
		d = append(d, ',')
		d = appendJSONString(d, s.Text)
		docs[i] = append(d, ']')
	}
	return docs
}

// appendJSONString appends s as a JSON string, escaped exactly as
// encoding/json escapes it by default: quote, backslash and control
// characters, <, > and & (so the index is safe inside HTML), U+2028 and
// U+2029, and invalid UTF-8 as U+FFFD. FuzzAppendJSONString compares it
// with encoding/json byte for byte. It stays because it matters: encoding
// a page's sections (BenchmarkSearchDocs, 46 KB of mostly ASCII text) took
// about 330 µs, 54 KB and 21 allocations with it against 620 µs, 110 KB
// and 101 allocations with json.Marshal (2 loaded cores), and the index of
// the 10000-page corpus is 107 MB.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
