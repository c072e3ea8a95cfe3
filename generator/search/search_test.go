package search

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"sync"
	"testing"

	"ketref/generator/markdown"
)

// testPages are pages with a key each.
type testPages struct {
	pages []Page
	keys  []uint64
}

func (p testPages) Len() int         { return len(p.pages) }
func (p testPages) Page(i int) Page  { return p.pages[i] }
func (p testPages) Key(i int) uint64 { return p.keys[i] }
func href(path string) string        { return "/base" + path }

// makePages makes n pages of about size bytes of text each; every third
// has a description with characters JSON escapes for HTML.
func makePages(n, size int) testPages {
	var p testPages
	for i := range n {
		pg := Page{Title: "Page " + strconv.Itoa(i) + " <b>", URL: "/p" + strconv.Itoa(i) + "/"}
		if i%3 == 0 {
			pg.Description = "A <described> page & \"more\" " + strconv.Itoa(i)
		}
		var secs []markdown.Section
		for j := range 2 {
			secs = append(secs, markdown.Section{Heading: "Section " + strconv.Itoa(j), HeadingID: "s" + strconv.Itoa(j), Text: strings.Repeat("text \u2028 ", size/14+1)})
		}
		pg.Sections = Sections(secs)
		p.pages = append(p.pages, pg)
		p.keys = append(p.keys, uint64(i+1))
	}
	return p
}

// ready marks every page ready, as the workers of a build would, and
// returns the parts Done handed out by their first page.
func ready(x *Index, n int) map[int]File {
	got := map[int]File{}
	for i := range n {
		if f, lo, _, ok := x.Done(i); ok {
			got[lo] = f
		}
	}
	return got
}

// The index written directly equals encoding/json's marshalling of the
// same data: in one file, and split into parts, where the parts hold every
// page's documents in the order a single file has them, each named by the
// checksum of its bytes, and the extra documents stay in the main file.
func TestIndexMatchesEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		name          string
		pages, size   int
		markdownBytes int
		parts         int
	}{
		{"one file", 40, 2000, InlineBytes, 0},
		{"parts", 2*PartPages + 10, 2000, InlineBytes + 1, 3},
		{"one part", 3, 100, InlineBytes + 1, 1},
		{"no pages", 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := makePages(tc.pages, tc.size)
			extra := []Doc{{0, "TRD", "trd", "Treatment-resistant depression. <Note>"}, {1, "Reference 1", "ref-1", "Smith J & al."}}
			if tc.pages == 0 {
				extra = nil
			}
			x := New(pages, tc.markdownBytes, nil)
			ready(x, tc.pages)
			files := x.Files(extra, href)
			if len(files) != tc.parts+1 {
				t.Fatalf("%d files, want %d", len(files), tc.parts+1)
			}
			type index struct {
				Pages [][2]string `json:"pages"`
				Docs  [][4]any    `json:"docs"`
				Parts []string    `json:"parts,omitempty"`
			}
			want := index{Pages: [][2]string{}, Docs: [][4]any{}}
			var pageDocs [][4]any
			for i, pg := range pages.pages {
				want.Pages = append(want.Pages, [2]string{pg.Title, pg.URL})
				if pg.Description != "" {
					pageDocs = append(pageDocs, [4]any{i, "", "", pg.Description})
				}
				for _, d := range pg.Sections {
					var doc [4]any
					if err := json.Unmarshal(append([]byte("["+strconv.Itoa(i)), d...), &doc); err != nil {
						t.Fatalf("page %d section %s: %v", i, d, err)
					}
					doc[0] = i
					pageDocs = append(pageDocs, doc)
				}
			}
			if tc.parts == 0 {
				want.Docs = append(want.Docs, pageDocs...)
			}
			for _, d := range extra {
				want.Docs = append(want.Docs, [4]any{d.Page, d.Heading, d.Anchor, d.Text})
			}
			var partDocs []json.RawMessage
			for _, f := range files[1:] {
				want.Parts = append(want.Parts, href("/"+f.Name))
				if name := fmt.Sprintf("search/%08x.json", crc32.Checksum(f.Data, crc32.MakeTable(crc32.Castagnoli))); f.Name != name {
					t.Errorf("part %s should be named %s", f.Name, name)
				}
				var part struct{ Docs []json.RawMessage }
				if err := json.Unmarshal(f.Data, &part); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				partDocs = append(partDocs, part.Docs...)
			}
			w, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if files[0].Name != IndexFile || string(files[0].Data) != string(w) {
				t.Errorf("main file differs from encoding/json's:\n%s\n%s", files[0].Data, w)
			}
			if tc.parts > 0 {
				ws, _ := json.Marshal(pageDocs)
				gs, _ := json.Marshal(partDocs)
				if string(ws) != string(gs) {
					t.Errorf("the parts' documents differ from the pages'")
				}
			}
		})
	}
}

// testCache is a Project's cache of parts: Put collects the build's parts,
// commit makes them those the next build gets.
type testCache struct {
	mu         sync.Mutex
	last, next map[uint64]File
	gets, hits int
}

func (c *testCache) Get(key uint64) (File, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gets++
	f, ok := c.last[key]
	if ok {
		c.hits++
	}
	return f, ok
}

func (c *testCache) Put(key uint64, f File) {
	c.mu.Lock()
	c.next[key] = f
	c.mu.Unlock()
}

func (c *testCache) build(pages testPages) map[int]File {
	c.next, c.gets, c.hits = map[uint64]File{}, 0, 0
	x := New(pages, InlineBytes+1, c)
	got := ready(x, pages.Len())
	c.last = c.next
	return got
}

// A part is reused while it holds the same pages, with the same keys, at
// the same positions; any other change remakes it, and only it.
func TestPartReuse(t *testing.T) {
	const n = 2*PartPages + 10
	for _, tc := range []struct {
		name   string
		change func(p *testPages)
		reused []int // the first pages of the parts taken from the cache
	}{
		{"nothing changed", func(p *testPages) {}, []int{0, PartPages, 2 * PartPages}},
		{"a page of the second part", func(p *testPages) { p.keys[PartPages+3]++ }, []int{0, 2 * PartPages}},
		{"a page added at the end", func(p *testPages) {
			p.pages = append(p.pages, p.pages[0])
			p.keys = append(p.keys, 99999)
		}, []int{0, PartPages}},
		{"the last page removed", func(p *testPages) {
			p.pages, p.keys = p.pages[:n-1], p.keys[:n-1]
		}, []int{0, PartPages}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &testCache{}
			pages := makePages(n, 100)
			first := c.build(pages)
			if c.hits != 0 || len(first) != 3 {
				t.Fatalf("first build: %d parts, %d from an empty cache", len(first), c.hits)
			}
			pages.keys = append([]uint64(nil), pages.keys...)
			tc.change(&pages)
			second := c.build(pages)
			if c.hits != len(tc.reused) {
				t.Errorf("%d parts reused, want %d", c.hits, len(tc.reused))
			}
			for _, lo := range tc.reused {
				if &second[lo].Data[0] != &first[lo].Data[0] {
					t.Errorf("part at page %d made again", lo)
				}
			}
			if len(c.last) != len(second) {
				t.Errorf("the cache keeps %d parts after a build of %d", len(c.last), len(second))
			}
		})
	}
}

// A part that Done handed out and the caller Written is not in Files; the
// others are, and the main file lists them all.
func TestWritten(t *testing.T) {
	pages := makePages(2*PartPages, 10)
	x := New(pages, InlineBytes+1, nil)
	var written File
	for i := range pages.Len() {
		if f, lo, hi, ok := x.Done(i); ok && lo == 0 {
			if hi != PartPages {
				t.Errorf("first part holds pages [%d, %d)", lo, hi)
			}
			written = f
			x.Written(lo)
		}
	}
	files := x.Files(nil, href)
	if len(files) != 2 || files[1].Name == written.Name {
		t.Fatalf("Files returned %d files, want the main file and the part not written", len(files))
	}
	if !strings.Contains(string(files[0].Data), `"/base/`+written.Name+`"`) {
		t.Errorf("the main file does not list the written part %s", written.Name)
	}
}

// BenchmarkSections compares Sections, which appends each section with
// jsonstr.Append, with encoding/json encoding the same strings (the figure
// in jsonstr.Append's doc comment comes from here).
func BenchmarkSections(b *testing.B) {
	// Mostly ASCII, as the review's text is, with a dash and quotes.
	text := strings.Repeat("Ketamine 0.5 mg/kg IV over 40 minutes gave a rapid response and remission in treatment-resistant depression (TRD); ", 20) + "— “rapid” <b> & c."
	sections := make([]markdown.Section, 20)
	for i := range sections {
		sections[i] = markdown.Section{Heading: "Dose and schedule " + strconv.Itoa(i), HeadingID: "dose-" + strconv.Itoa(i), Text: text}
	}
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Sections(sections)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			docs := make([][]byte, len(sections))
			for i, s := range sections {
				d, err := json.Marshal([]string{s.Heading, s.HeadingID, s.Text})
				if err != nil {
					b.Fatal(err)
				}
				docs[i] = append([]byte{','}, d[1:]...)
			}
		}
	})
}
