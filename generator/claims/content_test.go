package claims

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"ketref/generator/cite"
	"ketref/generator/frontmatter"
	"ketref/generator/markdown"
	"ketref/generator/snapshot"
)

// The site's converter is set up by package site, which will import this
// package; these tests build the same converter from its parts.
const contentDir = "../../content"

type page struct {
	path string
	body []byte
}

func contentPages(tb testing.TB) []page {
	tb.Helper()
	var pages []page
	err := filepath.WalkDir(contentDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		parts, err := frontmatter.Split(src)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		pages = append(pages, page{path: path, body: parts.Body})
		return nil
	})
	if err != nil || len(pages) == 0 {
		tb.Fatalf("reading %s: %v (%d pages)", contentDir, err, len(pages))
	}
	return pages
}

func referenceKeys(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(contentDir, "references.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(src, &entries); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, e := range entries {
		known[e.ID] = true
	}
	return known
}

// TestContent extracts every page of the site's content.
func TestContent(t *testing.T) {
	known := referenceKeys(t)
	conv := newConverter()
	for _, pg := range contentPages(t) {
		claims, data := extractPage(conv, string(pg.body))
		if len(bytes.TrimSpace(pg.body)) > 0 && len(claims) == 0 {
			t.Errorf("%s: has text but no claims", pg.path)
		}
		for _, c := range claims {
			if c.Text == "" || strings.Contains(c.Text, "[@") || strings.Contains(c.Text, "  ") || strings.ContainsAny(c.Text, "\n\t") {
				t.Errorf("%s: claim text %q: empty, with a citation or with stray white space", pg.path, c.Text)
			}
			for _, k := range c.Cites {
				if !known[k] {
					t.Errorf("%s: claim %q cites %q, which content/references.json lacks", pg.path, c.Text, k)
				}
			}
		}
		for _, d := range data {
			if d.Figure == "" || d.Label == "" || d.Value == "" {
				t.Errorf("%s: datum %#v lacks a figure, label or value", pg.path, d)
			}
			for _, k := range d.Cites {
				if !known[k] {
					t.Errorf("%s: figure %s cites %q, which content/references.json lacks", pg.path, d.Figure, k)
				}
			}
		}
		if filepath.Base(pg.path) == "efficacy.md" {
			checkHalfLife(t, claims)
		}
	}
}

func checkHalfLife(t *testing.T, claims []snapshot.Claim) {
	t.Helper()
	for _, c := range claims {
		if c.Kind == snapshot.Row && strings.HasPrefix(c.Text, "Plasma half-life |") {
			if !slices.Equal(c.Cites, []string{"kim2023"}) || !slices.Contains(c.Numbers, "2.5") || c.Section != "onset-duration" {
				t.Errorf("efficacy half-life row = %#v; want cites [kim2023], numbers with 2.5, section onset-duration", c)
			}
			return
		}
	}
	t.Errorf("efficacy.md: no row claim starts with \"Plasma half-life |\"")
}

// FuzzExtract: any Markdown converts without a panic, and every claim is
// one line of text with no double space.
func FuzzExtract(f *testing.F) {
	for _, pg := range contentPages(f) {
		f.Add(string(pg.body))
	}
	f.Add("Within hours [@a]. Next. [@b] Last.\n\n| a | b |\n|---|---|\n| [@c] | 1–2 |\n")
	f.Add("```figure\nkind: bars\ntitle: T\ndata:\n  - {label: a, value: 1}\n```\n")
	conv := newConverter()
	f.Fuzz(func(t *testing.T, page string) {
		claims, data := extractPage(conv, page)
		for _, c := range claims {
			if c.Text == "" && len(c.Cites) == 0 {
				t.Errorf("claim with neither text nor citations: %#v", c)
			}
			if strings.ContainsAny(c.Text, "\n\r") || strings.Contains(c.Text, "  ") || strings.TrimSpace(c.Text) != c.Text {
				t.Errorf("claim text %q has a newline, a double space or space at an end", c.Text)
			}
			for _, n := range c.Numbers {
				if !strings.Contains(c.Text, n) {
					t.Errorf("number %q is not in %q", n, c.Text)
				}
			}
		}
		for _, d := range data {
			if !strings.HasPrefix(d.Figure, "fig-") {
				t.Errorf("figure id %q", d.Figure)
			}
		}
	})
}

// efficacy returns the body of content/efficacy.md.
func efficacy(b *testing.B) []byte {
	for _, pg := range contentPages(b) {
		if filepath.Base(pg.path) == "efficacy.md" {
			return pg.body
		}
	}
	b.Fatal("no efficacy.md")
	return nil
}

// BenchmarkExtract is the walk alone, over the parsed efficacy page.
func BenchmarkExtract(b *testing.B) {
	src := efficacy(b)
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, &cite.Extension{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
	)
	doc := md.Parser().Parse(text.NewReader(src))
	b.ReportAllocs()
	for b.Loop() {
		claims, _ := extract(doc, src)
		if len(claims) == 0 {
			b.Fatal("no claims")
		}
	}
}

// BenchmarkConvert converts the efficacy page without and with the
// extension: the difference is what extraction adds to a build.
func BenchmarkConvert(b *testing.B) {
	src := efficacy(b)
	for _, bc := range []struct {
		name string
		exts []goldmark.Extender
	}{
		{"without", []goldmark.Extender{&cite.Extension{}}},
		{"with", []goldmark.Extender{&cite.Extension{}, Extension{}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			conv := markdown.New(markdown.Options{Extensions: bc.exts})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := conv.Convert(markdown.Document{Source: src, Context: parser.NewContext()}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
