package site

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/output"
)

// FuzzResolveLink feeds the link rewriter arbitrary destinations: it must
// never panic, and a link it accepts must stay inside the site (a path
// from the base, a fragment) or be an external URL left as written.
func FuzzResolveLink(f *testing.F) {
	for _, s := range []string{"b.md", "b.md#x", "../b.md", "/b.md", "#x", "sub/", "img.png", "https://example.org/a", "//evil", "mailto:a@b", "%2e%2e/secret", "b.md#", "\\..\\x", "sub/../../x.md", "", "?q=1"} {
		f.Add(s)
	}
	fsys := fstest.MapFS{
		"a.md":        md("---\ntitle: A\n---\n## X {#x}\n"),
		"b.md":        md("---\ntitle: B\n---\n"),
		"sub/c.md":    md("---\ntitle: C\n---\n"),
		"sub/img.png": {Data: []byte("png")},
	}
	b := &builder{opt: Options{ContentRoot: "content"}, diags: &diag.List{}}
	b.site = content.Load(fsys, content.Options{}, b.diags)
	b.setBase()
	b.bySource = map[*content.Page]*page{}
	b.urls = map[string]*page{}
	for _, cp := range b.site.Pages {
		pg := &page{Page: cp, href: b.route.Href(cp.URL)}
		b.pages = append(b.pages, pg)
		b.bySource[cp] = pg
		b.urls[cp.URL] = pg
	}
	from := b.bySource[b.site.BySource["sub/c.md"]]
	f.Fuzz(func(t *testing.T, dest string) {
		u, check, err := b.resolve(from, markdown.Link{Dest: dest})
		if err != nil {
			return
		}
		if check != nil && check.target == nil {
			t.Fatalf("%q: fragment check without a target", dest)
		}
		if parsed, perr := url.Parse(dest); perr == nil && (parsed.Scheme != "" || strings.HasPrefix(dest, "//")) {
			if u != dest {
				t.Fatalf("external %q rewritten to %q", dest, u)
			}
			return
		}
		if !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "#") {
			t.Fatalf("%q resolved to %q, outside the site", dest, u)
		}
		if p, _, _ := strings.Cut(u, "#"); strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") {
			t.Fatalf("%q resolved to %q, which climbs", dest, u)
		}
	})
}

// FuzzBuildPage builds a whole small site (the golden citations site, with
// its bibliography, reference pages and templates) with the fuzzed text
// as one more page: front matter, Markdown, citations, fences and links
// go through every stage to the rendered page. No panic may escape, none
// may be recovered either (that is a bug the pipeline only contains), and
// a failed build must name the page with a line for every error.
// nonFiniteAttr finds NaN or Inf in an attribute (a figure's geometry).
var nonFiniteAttr = regexp.MustCompile(`="[^"]*(NaN|Inf)[^"]*"`)

func FuzzBuildPage(f *testing.F) {
	seeds := []string{
		"---\ntitle: F\n---\n```\u00a0\nx\n```\n",
		"---\ntitle: F\n---\n```\u3000\nx\n```\n",
		"---\ntitle: F\n---\n```\u00a0go\nx := 1\n```\n",
		"---\ntitle: F\n---\n" + strings.Repeat("> ", 120) + "deep\n",
		"---\ntitle: F\n---\n" + strings.Repeat("- ", 120) + "deep\n",
		"---\ntitle: F\n---\n" + strings.Repeat("*", 200) + "x" + strings.Repeat("*", 200) + "\n",
		"---\ntitle: F\n---\n" + strings.Repeat("[", 300) + "x" + strings.Repeat("](b)", 300) + "\n",
		"---\ntitle: F\n---\n## Fig\n\n```figure\nkind: range\ntitle: T\nunit: \"%\"\nmax: 100\ncitations: [c2001]\ndata:\n  - {label: a, low: 1, high: 2, point: 1.5}\n```\n",
		"---\ntitle: F\n---\n```figure\nkind: bars\ntitle: T\ndata:\n  - {label: a, value: 1e308}\n```\n",
		"---\ntitle: F\n---\n```figure\nkind: timeline\ntitle: T\ndata:\n  - {date: 1990s, label: a}\n```\n",
		"---\ntitle: F\n---\n```figure\nkind: schedule\ntitle: T\ndata:\n  - {weeks: 1-4, perWeek: 2}\n```\n",
		"---\ntitle: F\n---\nClaim [see @berman2000, p. 3; @c2001; @d2002]. [@nosuch]\n",
		"---\ntitle: F\naliases: [/old/, /../x/]\nweight: 2\n---\n## A {#a}\n[b](page.md#dose) [c](#a) ![i](x.png)\n",
		"---\ntitle: F\n---\n| a | b |\n|---|---|\n| [@ema] | `[@x]` |\n\n[^1]\n\n[^1]: note\n",
		"---\ntitle: [\n---\n",
		"no front matter",
		"---\ntitle: F\n---\n```dosing-table\nroute: iv-racemic\n```\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	site := os.DirFS("testdata/golden/citations")
	contentFS := fstest.MapFS{}
	if err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(site, p)
		contentFS[strings.TrimPrefix(p, "content/")] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		f.Fatal(err)
	}
	templates, err := fs.Sub(site, "templates")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := maps.Clone(contentFS)
		c["fuzz.md"] = &fstest.MapFile{Data: []byte(text)}
		b := &builder{opt: Options{Content: c, Templates: templates, ContentRoot: "content", TemplatesRoot: "templates"}, diags: &diag.List{}}
		mem := output.NewMemory(0)
		_, err := b.build(func() (sink, error) { return mem, nil })
		if err == nil {
			page, err := fs.ReadFile(mem, "fuzz/index.html")
			if err != nil {
				t.Fatalf("the build succeeded without the page")
			}
			if m := nonFiniteAttr.Find(page); m != nil {
				t.Fatalf("a number in the page is not finite: %s", m)
			}
			return
		}
		var es *diag.Errors
		if !errors.As(err, &es) {
			t.Fatalf("err = %v, want *diag.Errors", err)
		}
		for _, d := range es.Items {
			if strings.Contains(d.Msg, "internal error") {
				t.Fatalf("a panic was recovered: %s", d)
			}
			if d.File != "content/fuzz.md" || d.Line == 0 {
				t.Errorf("error not located in the page: %s", d)
			}
		}
	})
}
