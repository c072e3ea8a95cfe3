package site

import (
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
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
		pg := &page{Page: cp, href: b.href(cp.URL)}
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
