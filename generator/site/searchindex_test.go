package site

import (
	"encoding/json"
	"io/fs"
	"os"
	"strconv"
	"testing"

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
// data, on the review site and on a synthetic corpus.
func TestSearchIndexMatchesEncodingJSON(t *testing.T) {
	for name, fsys := range map[string]fs.FS{"review": os.DirFS("../../content"), "corpus": benchCorpus(40, 60)} {
		t.Run(name, func(t *testing.T) {
			opt := benchOptions(fsys, "")
			opt.Wasm = &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}
			b, _, _ := stagedBuilder(t, opt, "render")
			type index struct {
				Pages [][2]string `json:"pages"`
				Docs  [][4]any    `json:"docs"`
			}
			var want index
			for _, pg := range b.pages {
				want.Pages = append(want.Pages, [2]string{pg.Meta.Title, pg.href})
			}
			for i, pg := range b.pages {
				if pg.Meta.Description != "" {
					want.Docs = append(want.Docs, [4]any{i, "", "", pg.Meta.Description})
				}
				for _, s := range pg.sections {
					want.Docs = append(want.Docs, [4]any{i, s.Heading, s.HeadingID, s.Text})
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
			w, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.searchIndex(); string(got) != string(w) {
				t.Errorf("search index differs from encoding/json's (%d vs %d bytes)", len(got), len(w))
			}
			if len(want.Docs) < 10 {
				t.Errorf("only %d documents: the test site lost its content", len(want.Docs))
			}
		})
	}
}
