package site

import (
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
)

// TestLoadStage: Load gives every page its href under the build's base path
// and its layout (home and section fall back to page).
func TestLoadStage(t *testing.T) {
	content := fstest.MapFS{
		"site.yaml":       md("title: T\nbaseURL: /docs/\n"),
		"_index.md":       md("---\ntitle: Home\n---\n"),
		"a.md":            md("---\ntitle: A\n---\n"),
		"sec/_index.md":   md("---\ntitle: S\n---\n"),
		"sec/b c.md":      md("---\ntitle: B\nlayout: special\n---\n"),
		"sec/special.png": {Data: []byte("png")},
	}
	th := testTheme()
	th["special.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}special{{end}}`)}
	for _, tc := range []struct {
		baseURL string
		want    map[string][2]string // source -> href, layout
	}{
		{"", map[string][2]string{
			"_index.md": {"/docs/", "page"}, "a.md": {"/docs/a/", "page"},
			"sec/_index.md": {"/docs/sec/", "page"}, "sec/b c.md": {"/docs/sec/b%20c/", "special"},
		}},
		{"https://example.org/", map[string][2]string{
			"_index.md": {"/", "page"}, "a.md": {"/a/", "page"}, "sec/b c.md": {"/sec/b%20c/", "special"},
		}},
	} {
		t.Run(tc.baseURL, func(t *testing.T) {
			b := &builder{opt: Options{Content: content, Templates: th, ContentRoot: "content", TemplatesRoot: "templates", BaseURL: tc.baseURL}, diags: &diag.List{}}
			b.load(nil)
			b.theme = b.loadTheme(nil)
			b.prepare()
			if err := b.diags.Err(true); err != nil {
				t.Fatal(err)
			}
			for src, want := range tc.want {
				pg := b.bySource[b.site.BySource[src]]
				if pg == nil {
					t.Errorf("%s: not loaded", src)
					continue
				}
				if got := [2]string{pg.href, pg.layout}; got != want {
					t.Errorf("%s: href, layout = %q, want %q", src, got, want)
				}
			}
		})
	}
}
