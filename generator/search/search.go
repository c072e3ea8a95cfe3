// Package search writes the search index that the site's search script
// (templates/static/site.js) loads: the pages, and one document per
// section of text (page text under a heading, a glossary term, a
// reference), each pointing at its page and anchor:
//
//	{"pages":[[title, URL], ...], "docs":[[page index, heading, anchor, text], ...]}
//
// A page's documents are its description (with an empty heading and
// anchor), then its sections in order; documents the site adds (Doc: the
// glossary's terms, the references) come after every page's.
//
// A large site's page documents are split into parts of PartPages pages,
// each its own file named by a checksum of its bytes, listed under "parts";
// the script loads them all and puts their documents, in order, before the
// main file's own, so the documents come in the same order either way:
//
//	{"pages":[...], "docs":[...], "parts":["/search/3fa2c1d0.json", ...]}
//	{"docs":[[page index, heading, anchor, text], ...]}
//
// After one edit, a rebuild then remakes one part and the small main file,
// not the whole index (107 MB on the 10000-page corpus, where allocating
// and filling it again took 350 ms): a Cache hands back each part whose
// pages are unchanged, and since those keep their names, browsers keep
// them cached. A site whose pages' Markdown fits in InlineBytes (the review
// site's does) gets one file.
//
// Everything is appended straight into buffers sized up front, with
// encoding/json's escaping (package jsonstr); the tests compare the result
// with encoding/json's.
package search

import (
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"strconv"
	"sync/atomic"

	"ketref/generator/jsonstr"
	"ketref/generator/markdown"
)

// IndexFile is where the main file of the index is written.
const IndexFile = "search-index.json"

const (
	// InlineBytes is the most Markdown a site's pages may hold for its
	// index to be one file.
	InlineBytes = 1 << 20
	// PartPages is how many pages' documents a part holds.
	PartPages = 250
)

// File is one file of the index: its output path and bytes.
type File struct {
	Name string
	Data []byte
}

// Page is what the index holds of one page.
type Page struct {
	Title, URL, Description string
	// Sections are the page's sections, from Sections.
	Sections [][]byte
}

// Pages are the site's pages, in order.
type Pages interface {
	Len() int
	Page(i int) Page
	// Key hashes what page i's documents are made from and where every
	// page is; a part is reused while it holds the same pages with the
	// same keys. Asked only with a Cache.
	Key(i int) uint64
}

// Doc is a document besides the pages' own: [page, heading, anchor, text].
type Doc struct {
	Page                  int
	Heading, Anchor, Text string
}

// Cache keeps the parts of the last good build by key, for the next. Get
// returns the part made from key; Put keeps a part of the build under way
// (a part Get returned too, or the next build forgets it). Put may be
// called from several goroutines at once.
type Cache interface {
	Get(key uint64) (File, bool)
	Put(key uint64, f File)
}

// Sections encodes a page's sections for the index, each document but its
// page index: `,"heading","anchor","text"]`. The site keeps them with the
// page's conversion, so that a rebuild after one edit re-encodes one page,
// not the whole index.
func Sections(sections []markdown.Section) [][]byte {
	docs := make([][]byte, len(sections))
	for i, s := range sections {
		d := make([]byte, 0, len(s.Heading)+len(s.HeadingID)+len(s.Text)+len(s.Text)/16+16)
		d = append(d, ',')
		d = jsonstr.Append(d, s.Heading)
		d = append(d, ',')
		d = jsonstr.Append(d, s.HeadingID)
		d = append(d, ',')
		d = jsonstr.Append(d, s.Text)
		docs[i] = append(d, ']')
	}
	return docs
}

// Index is the index of one build, made while the pages are converted:
// New plans it, Done makes each part as soon as its pages are ready, and
// Files makes the main file once every page is.
type Index struct {
	pages Pages
	cache Cache
	// parts are the parts, nil for one file; left counts the pages of
	// each part not yet ready.
	parts []File
	left  []atomic.Int32
}

// New plans the index of pages whose Markdown totals markdownBytes (their
// text, which is what the index holds, is a little less): one file, or
// parts when that exceeds InlineBytes. A nil cache reuses nothing.
func New(pages Pages, markdownBytes int, cache Cache) *Index {
	x := &Index{pages: pages, cache: cache}
	if markdownBytes <= InlineBytes {
		return x
	}
	n := pages.Len()
	k := (n + PartPages - 1) / PartPages
	x.parts = make([]File, k)
	x.left = make([]atomic.Int32, k)
	for j := range k {
		x.left[j].Store(int32(min(PartPages, n-j*PartPages)))
	}
	return x
}

// Done notes that page i's documents are ready; it may be called from
// several goroutines at once, once per page. When they complete a part,
// the goroutine that readied its last page makes it and gets it, with the
// pages it holds, [lo, hi). A caller that writes the part there and then
// calls Written(lo), and may let go of those pages' documents.
func (x *Index) Done(i int) (part File, lo, hi int, ok bool) {
	if x.parts == nil {
		return File{}, 0, 0, false
	}
	k := i / PartPages
	if x.left[k].Add(-1) != 0 {
		return File{}, 0, 0, false
	}
	lo, hi = k*PartPages, min((k+1)*PartPages, x.pages.Len())
	x.parts[k] = x.part(lo, hi)
	return x.parts[k], lo, hi, true
}

// Written notes that the part holding page i has been written: Files
// does not return it again.
func (x *Index) Written(i int) {
	x.parts[i/PartPages].Data = nil
}

// Files returns the files of the index still to write, once every page is
// ready: the main file, with extra's documents after the pages', then the
// parts not Written. href turns a part's site path ("/search/….json")
// into its link.
func (x *Index) Files(extra []Doc, href func(string) string) []File {
	n := x.pages.Len()
	size := 64
	for i := range n {
		pg := x.pages.Page(i)
		size += len(pg.Title) + len(pg.URL) + 32
		if x.parts == nil {
			size += docsSize(pg)
		}
	}
	for _, d := range extra {
		size += len(d.Heading) + len(d.Anchor) + len(d.Text) + 32
	}
	links := make([]string, len(x.parts))
	for k, p := range x.parts {
		links[k] = href("/" + p.Name)
		size += len(links[k]) + 4
	}
	w := docWriter{out: make([]byte, 0, size+size/8)}
	w.out = append(w.out, `{"pages":[`...)
	for i := range n {
		if i > 0 {
			w.out = append(w.out, ',')
		}
		pg := x.pages.Page(i)
		w.out = append(w.out, '[')
		w.out = jsonstr.Append(w.out, pg.Title)
		w.out = append(w.out, ',')
		w.out = jsonstr.Append(w.out, pg.URL)
		w.out = append(w.out, ']')
	}
	w.out = append(w.out, `],"docs":[`...)
	if x.parts == nil {
		for i := range n {
			w.page(i, x.pages.Page(i))
		}
	}
	for _, d := range extra {
		w.doc(d.Page, d.Heading, d.Anchor, d.Text)
	}
	w.out = append(w.out, ']')
	if x.parts != nil {
		w.out = append(w.out, `,"parts":[`...)
		for k, l := range links {
			if k > 0 {
				w.out = append(w.out, ',')
			}
			w.out = jsonstr.Append(w.out, l)
		}
		w.out = append(w.out, ']')
	}
	w.out = append(w.out, '}')
	files := []File{{Name: IndexFile, Data: w.out}}
	for _, p := range x.parts {
		if p.Data != nil {
			files = append(files, p)
		}
	}
	return files
}

// part is the part holding the documents of pages [lo, hi), from the
// cache while those pages, their keys and their positions are unchanged.
func (x *Index) part(lo, hi int) File {
	var key uint64
	if x.cache != nil {
		key = x.partKey(lo, hi)
		if f, ok := x.cache.Get(key); ok {
			x.cache.Put(key, f)
			return f
		}
	}
	size := 16
	for i := lo; i < hi; i++ {
		size += docsSize(x.pages.Page(i))
	}
	w := docWriter{out: make([]byte, 0, size)}
	w.out = append(w.out, `{"docs":[`...)
	for i := lo; i < hi; i++ {
		w.page(i, x.pages.Page(i))
	}
	w.out = append(w.out, "]}"...)
	f := File{Name: fmt.Sprintf("search/%08x.json", crc32.Checksum(w.out, crc32.MakeTable(crc32.Castagnoli))), Data: w.out}
	if x.cache != nil {
		x.cache.Put(key, f)
	}
	return f
}

// partKey hashes a part's position and its pages' keys. FNV, not
// maphash: the keys of one build are compared with the last's, so the
// hash must not depend on a seed the Index would have to keep.
func (x *Index) partKey(lo, hi int) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range []int{lo, hi} {
		h.Write(strconv.AppendInt(b[:0], int64(v), 10))
		h.Write([]byte{0})
	}
	for i := lo; i < hi; i++ {
		k := x.pages.Key(i)
		for j := range b {
			b[j] = byte(k >> (8 * j))
		}
		h.Write(b[:])
	}
	return h.Sum64()
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
	w.out = jsonstr.Append(w.out, heading)
	w.out = append(w.out, ',')
	w.out = jsonstr.Append(w.out, anchor)
	w.out = append(w.out, ',')
	w.out = jsonstr.Append(w.out, text)
	w.out = append(w.out, ']')
}

// page appends the documents of page i: its description, then its sections.
func (w *docWriter) page(i int, pg Page) {
	if pg.Description != "" {
		w.doc(i, "", "", pg.Description)
	}
	for _, d := range pg.Sections {
		w.open(i)
		w.out = append(w.out, d...)
	}
}

func docsSize(pg Page) int {
	n := len(pg.Description) + 16
	for _, d := range pg.Sections {
		n += len(d) + 8
	}
	return n
}
