package site

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
)

// TestScriptURLsFailTheBuild: each place content can put a URL into an
// href or src refuses a script URL with a located error, through the whole
// build.
func TestScriptURLsFailTheBuild(t *testing.T) {
	page := "---\ntitle: A\n---\nText [@bad].\n"
	for _, tt := range []struct {
		name    string
		content fstest.MapFS
		want    string
	}{
		{
			name:    "references.json URL",
			content: fstest.MapFS{"a.md": md(page), "references.json": md("[\n {\"id\": \"bad\", \"type\": \"webpage\", \"title\": \"T\",\n  \"URL\": \" JavaScript:alert(document.domain)\"}\n]")},
			want:    `content/references.json:3:10: entry 1: URL " JavaScript:alert(document.domain)" uses the scheme "javascript:"`,
		},
		{
			name:    "Markdown link",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n\nSee [this](javascript:alert(1)).\n")},
			want:    `content/a.md:5:5: link "javascript:alert(1)" uses the scheme "javascript:"`,
		},
		{
			name:    "Markdown link by entity",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n\nSee [this](&#x6a;avascript:alert(1)).\n")},
			want:    `content/a.md:5:5: link "javascript:alert(1)" uses the scheme "javascript:"`,
		},
		{
			name:    "Markdown image",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n")},
			want:    `content/a.md:4:1: image "data:image/svg+xml;base64,PHN2Zz4=" uses the scheme "data:"`,
		},
		{
			name:    "scheme-relative Markdown link",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n[x](//evil.example/)\n")},
			want:    `content/a.md:4:1: link "//evil.example/" leaves the site without a scheme`,
		},
		{
			name:    "raw HTML when let through",
			content: fstest.MapFS{"site.yaml": md("markdown:\n  unsafe: true\n"), "a.md": md("---\ntitle: A\n---\nText <a href=\"javascript:alert(1)\">x</a>.\n")},
			want:    `content/a.md:4:6: raw HTML: <a href>: link "javascript:alert(1)"`,
		},
		{
			name:    "site.yaml baseURL",
			content: fstest.MapFS{"site.yaml": md("title: T\nbaseURL: \"javascript://example.org/%0aalert(1)\"\n"), "a.md": md("---\ntitle: A\n---\n")},
			want:    `content/site.yaml:2:10: baseURL "javascript://example.org/%0aalert(1)" uses the scheme "javascript:"`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(Options{Content: tt.content, Templates: testTheme(), Out: filepath.Join(t.TempDir(), "public")})
			var es *diag.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Build error = %v, want *diag.Errors", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("diagnostics lack %q; got:\n%s", tt.want, err)
			}
		})
	}
}
