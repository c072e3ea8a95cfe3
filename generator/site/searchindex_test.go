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

	"ketref/generator/markdown"
	"ketref/generator/wasmbuild"
)

// FuzzAppendJSONString: the search index's string escaping is
// encoding/json's, byte for byte.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \back\slash`, "<script>&amp;</script>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f", "é ü ‹›", "\u2028\u2029", "\xff\xfe bad", "a\xc3", "🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, encoding/json gives %s", s, got, want)
		}
	})
}

// The index written directly equals encoding/json's marshalling of the same
// data: in one file on the review site, and split into parts on a corpus
// larger than searchInlineBytes, where the parts hold every page's
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
				want.Parts = append(want.Parts, "/"+f.name)
				if wantName := fmt.Sprintf("search/%08x.json", crc32.Checksum(f.data, crc32.MakeTable(crc32.Castagnoli))); f.name != wantName {
					t.Errorf("part %s should be named %s", f.name, wantName)
				}
				var part struct{ Docs []json.RawMessage }
				if err := json.Unmarshal(f.data, &part); err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				partDocs = append(partDocs, part.Docs...)
			}
			w, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if files[0].name != SearchIndexFile || string(files[0].data) != string(w) {
				t.Errorf("main search index file differs from encoding/json's (%d vs %d bytes)", len(files[0].data), len(w))
			}
			if sharded {
				ws, _ := json.Marshal(sections)
				gs, _ := json.Marshal(partDocs)
				if string(ws) != string(gs) || len(files) != (len(b.pages)+searchPartPages-1)/searchPartPages+1 {
					t.Errorf("the parts' documents (%d files) differ from the pages' sections", len(files)-1)
				}
			}
			if name == "corpus" {
				described := []byte(`A \u003cdescribed\u003e page \u0026 more`)
				inParts := 0
				for _, f := range files[1:] {
					inParts += bytes.Count(f.data, described)
				}
				if inParts != 2 || bytes.Contains(files[0].data, described) {
					t.Errorf("%d page descriptions in the parts, want both (and none in the main file)", inParts)
				}
			}
			if len(want.Docs)+len(sections) < 10 {
				t.Errorf("only %d documents: the test site lost its content", len(want.Docs)+len(sections))
			}
		})
	}
}

// BenchmarkSearchDocs compares searchDocs, which appends each section with
// appendJSONString, with encoding/json encoding the same strings (the
// figure in appendJSONString's doc comment comes from here).
func BenchmarkSearchDocs(b *testing.B) {
	// Mostly ASCII, as the review's text is, with a dash and quotes.
	text := strings.Repeat("Ketamine 0.5 mg/kg IV over 40 minutes gave a rapid response and remission in treatment-resistant depression (TRD); ", 20) + "— “rapid” <b> & c."
	sections := make([]markdown.Section, 20)
	for i := range sections {
		sections[i] = markdown.Section{Heading: "Dose and schedule " + strconv.Itoa(i), HeadingID: "dose-" + strconv.Itoa(i), Text: text}
	}
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			searchDocs(sections)
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
