package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
)

// TestAssembleStage: after every page is converted, each reference knows
// where it is cited, in reading order, and a link to a #fragment that the
// target page lacks is an error at the link.
func TestAssembleStage(t *testing.T) {
	content := fstest.MapFS{
		"site.yaml":       md("title: T\n"),
		"references.json": md(`[{"id": "a", "type": "book", "title": "A"}, {"id": "b", "type": "book", "title": "B"}]`),
		"one.md":          md("---\ntitle: One\nweight: 1\n---\n## Start\n\nFirst [@a].\n"),
		"two.md":          md("---\ntitle: Two\nweight: 2\n---\nAgain [@a; @b], see [one](one.md#nowhere).\n"),
	}
	th := testTheme()
	th["references.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{range .Site.References}}{{.HTML}}{{end}}{{end}}`)}
	th["reference.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Page.Reference.HTML}}{{end}}`)}
	b := &builder{opt: Options{Content: content, Templates: th, ContentRoot: "content", TemplatesRoot: "templates"}, diags: &diag.List{}}
	b.load(nil)
	b.theme = b.loadTheme(nil)
	b.convert(b.prepare())
	if err := b.diags.Err(false); err != nil {
		t.Fatalf("before Assemble: %v", err)
	}
	b.collect()

	for _, tc := range []struct {
		key   string
		pages []string
	}{
		{"a", []string{"One", "Two"}},
		{"b", []string{"Two"}},
	} {
		r := b.cites.Lookup(tc.key)
		var got []string
		for _, at := range b.viewOf(r).CitedAt() {
			got = append(got, at.PageTitle)
		}
		if strings.Join(got, ",") != strings.Join(tc.pages, ",") {
			t.Errorf("reference %s cited at %v, want %v", tc.key, got, tc.pages)
		}
	}
	err := b.diags.Err(false)
	if err == nil || !strings.Contains(err.Error(), "content/two.md:5:") || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("error %v, want the missing #nowhere at content/two.md:5", err)
	}
}
