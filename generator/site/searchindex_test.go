package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"ketref/generator/search"
	"ketref/generator/wasmbuild"
)

// The index written directly equals encoding/json's marshalling of the same
// data: in one file on the review site, and split into parts on a corpus
// larger than search.InlineBytes, where the parts hold every page's
// documents, in the order a single file has them.
func TestSearchIndexMatchesEncodingJSON(t *testing.T) {
	corpus := benchCorpus(300, 400)
	for _, f := range []string{"section000/page00000.md", "section003/page00255.md"} {
		corpus[f].Data = bytes.Replace(corpus[f].Data, []byte("\nweight:"), []byte("\ndescription: \"A <described> page & more\"\nweight:"), 1)
	}
	for name, fsys := range map[string]fs.FS{"review": os.DirFS("../../content"), "corpus": corpus} {
		t.Run(name, func(t *testing.T) {
			opt := benchOptions(fsys, "")
			opt.Wasm = &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}
			b, _, _ := stagedBuilder(t, opt, "render")
			type index struct {
				Pages [][2]string `json:"pages"`
				Docs  [][4]any    `json:"docs"`
				Parts []string    `json:"parts,omitempty"`
			}
			files := b.searchIndex()
			sharded := len(files) > 1
			if sharded != (name == "corpus") {
				t.Fatalf("%d index files", len(files))
			}
			var want index
			var sections [][4]any
			for i, pg := range b.pages {
				want.Pages = append(want.Pages, [2]string{pg.Meta.Title, pg.href})
				if pg.Meta.Description != "" {
					if sharded {
						sections = append(sections, [4]any{i, "", "", pg.Meta.Description})
					} else {
						want.Docs = append(want.Docs, [4]any{i, "", "", pg.Meta.Description})
					}
				}
				for _, d := range pg.searchDocs {
					var doc [4]any
					if err := json.Unmarshal(append([]byte("["+strconv.Itoa(i)), d...), &doc); err != nil {
						t.Fatalf("page %d search doc %s: %v", i, d, err)
					}
					doc[0] = i
					if sharded {
						sections = append(sections, doc)
					} else {
						want.Docs = append(want.Docs, doc)
					}
				}
			}
			for i, pg := range b.pages {
				if pg.layout == "glossary" {
					for _, g := range b.glossary {
						text := g.Expansion
						if g.Note != "" {
							text += ". " + g.Note
						}
						want.Docs = append(want.Docs, [4]any{i, g.Abbr, g.ID, text})
					}
				}
			}
			for i, pg := range b.pages {
				if pg == b.cites.list {
					for _, v := range b.cites.views {
						want.Docs = append(want.Docs, [4]any{i, "Reference " + strconv.Itoa(v.Number), v.Anchor, v.Text})
					}
				}
			}
			var partDocs []json.RawMessage
			for _, f := range files[1:] {
				want.Parts = append(want.Parts, "/"+f.Name)
				if wantName := fmt.Sprintf("search/%08x.json", crc32.Checksum(f.Data, crc32.MakeTable(crc32.Castagnoli))); f.Name != wantName {
					t.Errorf("part %s should be named %s", f.Name, wantName)
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
			if files[0].Name != search.IndexFile || string(files[0].Data) != string(w) {
				t.Errorf("main search index file differs from encoding/json's (%d vs %d bytes)", len(files[0].Data), len(w))
			}
			if sharded {
				ws, _ := json.Marshal(sections)
				gs, _ := json.Marshal(partDocs)
				if string(ws) != string(gs) || len(files) != (len(b.pages)+search.PartPages-1)/search.PartPages+1 {
					t.Errorf("the parts' documents (%d files) differ from the pages' sections", len(files)-1)
				}
			}
			if name == "corpus" {
				described := []byte(`A \u003cdescribed\u003e page \u0026 more`)
				inParts := 0
				for _, f := range files[1:] {
					inParts += bytes.Count(f.Data, described)
				}
				if inParts != 2 || bytes.Contains(files[0].Data, described) {
					t.Errorf("%d page descriptions in the parts, want both (and none in the main file)", inParts)
				}
			}
			if len(want.Docs)+len(sections) < 10 {
				t.Errorf("only %d documents: the test site lost its content", len(want.Docs)+len(sections))
			}
		})
	}
}

// A Project rebuild after one page changed makes again the part of the
// search index that holds the page, and takes every other part from the
// last build (partCache, keyed by the pages' conversion keys).
func TestProjectReusesSearchParts(t *testing.T) {
	corpus := benchCorpus(600, 400)
	p := NewProject(benchOptions(corpus, ""))
	parts := func() map[string][]byte {
		t.Helper()
		_, mem, err := p.Build()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for name, data := range mem.All() {
			if strings.HasPrefix(name, "search/") {
				m[name] = data
			}
		}
		return m
	}
	before := parts()
	if len(before) != (600+search.PartPages-1)/search.PartPages {
		t.Fatalf("%d parts", len(before))
	}
	edited := "section007/page00307.md" // page p is in section p%12
	if corpus[edited] == nil {
		t.Fatalf("no %s in the corpus", edited)
	}
	corpus[edited].Data = append(bytes.Clone(corpus[edited].Data), "\nA sentence added.\n"...)
	p.Changed([]string{edited}, false, false)
	after := parts()
	var same, made int
	for name, data := range after {
		if old, ok := before[name]; ok && &old[0] == &data[0] {
			same++
		} else {
			made++
		}
	}
	if same != len(before)-1 || made != 1 {
		t.Errorf("after one edit, %d parts reused and %d made, want %d and 1", same, made, len(before)-1)
	}
}
