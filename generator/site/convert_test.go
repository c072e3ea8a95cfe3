package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
)

// TestConvertStage: converting a page gives its HTML, headings and ids,
// the fragment checks of its links located in the file, and its
// diagnostics located in the file.
func TestConvertStage(t *testing.T) {
	content := fstest.MapFS{
		"site.yaml": md("title: T\n"),
		"a.md":      md("---\ntitle: A\n---\n## First\n\nSee [b](b.md#part).\n\n# Big\n"),
		"b.md":      md("---\ntitle: B\n---\n## Part\n"),
	}
	b := &builder{opt: Options{Content: content, Templates: testTheme(), ContentRoot: "content", TemplatesRoot: "templates"}, diags: &diag.List{}}
	b.load(nil)
	b.theme = b.loadTheme(nil)
	conv := b.prepare()
	for _, tc := range []struct {
		src      string
		html     []string
		ids      []string
		checks   []savedCheck
		warnings []string
	}{
		{
			src:  "a.md",
			html: []string{`<h2 id="first">First<a class="permalink"`, `href="/b/#part"`},
			ids:  []string{"first", "big"},
			checks: []savedCheck{
				{targetURL: "/b/", id: "part", dest: "b.md#part", line: 6, col: 5},
			},
			warnings: []string{`content/a.md:8:1: warning: heading "Big" is a level-1 heading`},
		},
		{src: "b.md", html: []string{`<h2 id="part">Part<a class="permalink"`}, ids: []string{"part"}},
	} {
		t.Run(tc.src, func(t *testing.T) {
			r := b.convertPage(conv, b.bySource[b.site.BySource[tc.src]])
			if r.failed {
				t.Fatalf("failed: %v", r.diags)
			}
			for _, want := range tc.html {
				if !strings.Contains(string(r.html), want) {
					t.Errorf("HTML %s lacks %s", r.html, want)
				}
			}
			for _, id := range tc.ids {
				if !r.ids.Has(id) {
					t.Errorf("ids lack %q", id)
				}
			}
			if len(r.checks) != len(tc.checks) {
				t.Fatalf("checks %+v, want %+v", r.checks, tc.checks)
			}
			for i := range tc.checks {
				if r.checks[i] != tc.checks[i] {
					t.Errorf("check %d: %+v, want %+v", i, r.checks[i], tc.checks[i])
				}
			}
			if len(r.diags) != len(tc.warnings) {
				t.Fatalf("diagnostics %v, want %v", r.diags, tc.warnings)
			}
			for i, want := range tc.warnings {
				if got := r.diags[i].String(); !strings.HasPrefix(got, want) {
					t.Errorf("diagnostic %q, want %q…", got, want)
				}
			}
		})
	}
}
