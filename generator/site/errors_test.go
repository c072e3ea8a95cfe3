package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/output"
)

func testTheme() fstest.MapFS {
	return fstest.MapFS{
		"base.html":         {Data: []byte(`<!doctype html><title>{{.Page.Title}}</title>{{block "main" .}}{{end}}`)},
		"page.html":         {Data: []byte(`{{define "main"}}{{.Page.Content}}{{end}}`)},
		"partials/nav.html": {Data: []byte(`<nav></nav>`)},
		"static/style.css":  {Data: []byte(`body{}`)},
	}
}

func md(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestBadInput feeds one mistake at a time and checks that the build fails
// with a located message and leaves the previous output exactly as it was.
func TestBadInput(t *testing.T) {
	okPage := "---\ntitle: Fine\n---\n## Section {#sec}\nText.\n"
	tests := []struct {
		name      string
		content   fstest.MapFS
		templates fstest.MapFS
		want      []string // each must appear in one diagnostic
	}{
		{
			name:    "malformed YAML front matter",
			content: fstest.MapFS{"a.md": md("---\ntitle: [unclosed\n---\nBody\n")},
			want:    []string{"a.md:2:", "invalid YAML"},
		},
		{
			name:    "unterminated front matter",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\nBody\n")},
			want:    []string{"a.md:1:1: front matter opened", "never closed"},
		},
		{
			name:    "missing title",
			content: fstest.MapFS{"a.md": md("---\ndescription: no title\n---\nBody\n")},
			want:    []string{"a.md:2:1: missing required key \"title\""},
		},
		{
			name:    "no front matter at all",
			content: fstest.MapFS{"a.md": md("Just text\n")},
			want:    []string{"a.md:1:1: missing front matter"},
		},
		{
			name:    "wrong type",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\nweight: \"x\"\n---\n")},
			want:    []string{"a.md:3:9: weight must be a whole number, found \"x\""},
		},
		{
			name:    "two pages with the same URL",
			content: fstest.MapFS{"a.md": md(okPage), "a/_index.md": md(okPage)},
			want:    []string{"URL /a/ is also the URL of"},
		},
		{
			name:    "alias clashing with a page",
			content: fstest.MapFS{"a.md": md(okPage), "b.md": md("---\ntitle: B\naliases: [/a/]\n---\n")},
			want:    []string{"content/b.md:1:1: alias /a/ is also the URL of content/a.md"},
		},
		{
			name:    "alias climbing out of the output folder",
			content: fstest.MapFS{"a.md": md(okPage), "b.md": md("---\ntitle: B\naliases: [/../../etc/x/]\n---\n")},
			want:    []string{`content/b.md:3:11: alias "/../../etc/x/" climbs out of the site`},
		},
		{
			name:    "link to a missing page",
			content: fstest.MapFS{"a.md": md(okPage), "b.md": md("---\ntitle: B\n---\nSee [a](aa.md) now.\n")},
			want:    []string{`content/b.md:4:5: link "aa.md" points to content/aa.md, which does not exist; did you mean a.md?`},
		},
		{
			name:    "link to a missing anchor",
			content: fstest.MapFS{"a.md": md(okPage), "b.md": md("---\ntitle: B\n---\n\nText [a](a.md#sek).\n")},
			want:    []string{`content/b.md:5:6: link "a.md#sek": content/a.md has no heading or element with id "sek"; did you mean "sec"?`},
		},
		{
			name:    "link to a missing anchor on the same page",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n## Here\n[x](#there)\n")},
			want:    []string{`content/a.md:5:1: link "#there": this page has no heading or element with id "there"`},
		},
		{
			name:    "missing image",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n![pic](pic.png)\n")},
			want:    []string{`content/a.md:4:1: link "pic.png" points to content/pic.png, which is no image`},
		},
		{
			name:    "link leaving the content folder",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n[x](../secret.md)\n")},
			want:    []string{`content/a.md:4:1: link "../secret.md" leaves the content folder`},
		},
		{
			name:    "template that fails to parse",
			content: fstest.MapFS{"a.md": md(okPage)},
			templates: fstest.MapFS{
				"base.html": {Data: []byte("<html>\n{{block \"main\" .}}{{end}}\n")},
				"page.html": {Data: []byte("{{define \"main\"}}\n<p>{{.Page.Title</p>\n{{end}}")},
			},
			want: []string{"templates/page.html:2:4: template: "},
		},
		{
			name:    "template that fails to execute",
			content: fstest.MapFS{"a.md": md(okPage)},
			templates: fstest.MapFS{
				"base.html": {Data: []byte("<html>\n{{block \"main\" .}}{{end}}\n")},
				"page.html": {Data: []byte("{{define \"main\"}}\n<p>{{.Page.Nope}}</p>\n{{end}}")},
			},
			want: []string{"templates/page.html:2:10: template: ", "Nope"},
		},
		{
			name:    "template that names a missing partial",
			content: fstest.MapFS{"a.md": md(okPage)},
			templates: fstest.MapFS{
				"base.html": {Data: []byte("<html>\n{{block \"main\" .}}{{end}}\n")},
				"page.html": {Data: []byte("{{define \"main\"}}\n{{template \"partials/gone.html\" .}}\n{{end}}")},
			},
			want: []string{"templates/page.html:2:", `"partials/gone.html"`},
		},
		{
			name:    "missing layout named by a page",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\nlayout: wide\n---\n")},
			want:    []string{`content/a.md:3:1: layout "wide" not found: there is no templates/wide.html (layouts: page)`},
		},
		{
			name:      "missing base template",
			content:   fstest.MapFS{"a.md": md(okPage)},
			templates: fstest.MapFS{"page.html": {Data: []byte(`{{define "main"}}{{end}}`)}},
			want:      []string{"templates/base.html: missing"},
		},
		{
			name:    "invalid UTF-8",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\nbad \xff byte\n")},
			want:    []string{"content/a.md:4:5: the file is not valid UTF-8"},
		},
		{
			name:    "NUL byte",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\nnul\x00\n")},
			want:    []string{"content/a.md:4:4: the file contains a NUL byte"},
		},
		{
			name: "several errors are all reported",
			content: fstest.MapFS{
				"a.md": md("---\ntitle: A\n---\n[x](missing.md)\n"),
				"b.md": md("---\nweight: 1\n---\n"),
			},
			want: []string{"content/a.md:4:1:", "content/b.md:2:1: missing required key"},
		},
		{
			name: "citation to an unknown key",
			content: fstest.MapFS{
				"references.json": md(`[{"id": "zarate2006", "type": "article-journal", "title": "T"}]`),
				"a.md":            md("---\ntitle: A\n---\nA claim [@zarte2006].\n"),
			},
			want: []string{`content/a.md:4:9: unknown citation key "zarte2006"; did you mean "zarate2006"?`},
		},
		{
			name:    "citation without a bibliography",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\nA claim [@x].\n")},
			want:    []string{`content/a.md:4:9: unknown citation key "x"`},
		},
		{
			name:    "duplicate keys in the bibliography",
			content: fstest.MapFS{"references.json": md("[\n {\"id\": \"a\"},\n {\"id\": \"a\"}\n]"), "a.md": md("---\ntitle: A\n---\n[@a]\n")},
			want:    []string{`content/references.json:3:2: duplicate id "a"`},
		},
		{
			name:    "malformed bibliography",
			content: fstest.MapFS{"references.json": md("[\n {\"id\": \"a\",}\n]"), "a.md": md(okPage)},
			want:    []string{`content/references.json:2:13: invalid JSON`},
		},
		{
			name:    "entry without id",
			content: fstest.MapFS{"references.json": md("[\n {\"title\": \"x\"}\n]"), "a.md": md(okPage)},
			want:    []string{`content/references.json:2:2: entry 1 has no "id"`},
		},
		{
			name:    "figure with low above high",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n## F\n\n```figure\nkind: range\ntitle: T\ndata:\n  - {label: x, low: 45, high: 8}\n```\n")},
			want:    []string{"content/a.md:10:1: figure: data item 1 (x): low 45 is above high 8"},
		},
		{
			name:    "figure with an infinite value",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n```figure\nkind: bars\ntitle: T\ndata:\n  - {label: x, value: .inf}\n```\n")},
			want:    []string{"content/a.md:8:23: figure: data item 1: value .inf is not a finite number"},
		},
		{
			name:    "lists nested too deep",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n" + strings.Repeat("- ", 101) + "x [@a]\n")},
			want:    []string{"content/a.md:4:201: lists and block quotes nest more than 100 deep"},
		},
		{
			name: "quotes nested too deep, with first-cite numbering",
			content: fstest.MapFS{
				"site.yaml":       md("citations:\n  numbering: first-cite\n"),
				"references.json": md(`[{"id": "a"}]`),
				"a.md":            md("---\ntitle: A\n---\n[@a]\n\n" + strings.Repeat(">", 150) + " x\n"),
			},
			want: []string{"content/a.md:6:101: lists and block quotes nest more than 100 deep"},
		},
		{
			name:    "figure of an unknown kind",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n```figure\nkind: pie\ntitle: T\ndata:\n  - {label: x, value: 1}\n```\n")},
			want:    []string{`content/a.md:5:1: figure: unknown kind "pie"`},
		},
		{
			name:    "dosing table of an unknown route",
			content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n```dosing-table\nroute: rectal\n```\n")},
			want:    []string{`content/a.md:5:1: dosing-table: unknown route "rectal"`},
		},
		{
			name:    "bad site.yaml",
			content: fstest.MapFS{"site.yaml": md("title: T\nmarkdown:\n  unsafe: perhaps\n"), "a.md": md(okPage)},
			want:    []string{"content/site.yaml:3:11: markdown.unsafe must be true or false"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := previousOutput(t, filepath.Join(t.TempDir(), "public"))
			tmpl := tt.templates
			if tmpl == nil {
				tmpl = testTheme()
			}
			_, err := Build(Options{Content: tt.content, Templates: tmpl, Out: out})
			var es *diag.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Build error = %v, want *diag.Errors", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("diagnostics lack %q; got:\n%s", w, msg)
				}
			}
			for _, d := range es.Items {
				if d.File == "" {
					t.Errorf("unlocated diagnostic: %s", d)
				}
			}
			assertUntouched(t, out)
		})
	}
}

// previousOutput makes out look like the output of an earlier build,
// marked as the generator's so that a build may replace it.
func previousOutput(t *testing.T, out string) string {
	t.Helper()
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"previous.html": "previous build", output.Marker: ""} {
		if err := os.WriteFile(filepath.Join(out, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func assertUntouched(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Name() != output.Marker || entries[1].Name() != "previous.html" {
		t.Errorf("output folder changed: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "previous.html")); string(b) != "previous build" {
		t.Errorf("previous output modified")
	}
	siblings, _ := os.ReadDir(filepath.Dir(out))
	if len(siblings) != 1 {
		t.Errorf("staging folders left beside the output: %v", siblings)
	}
}

func TestUnknownKeyIsAWarning(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Content: fstest.MapFS{"a.md": md("---\ntitle: A\ntitel: typo\n---\n")}, Templates: testTheme(), Out: out})
	if err != nil {
		t.Fatalf("unknown key must not fail the build: %v", err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), `content/a.md:3:1: warning: unknown key "titel" (did you mean "title"?)`) {
		t.Errorf("warnings = %v", res.Warnings)
	}
	_, err = Build(Options{Content: fstest.MapFS{"a.md": md("---\ntitle: A\ntitel: typo\n---\n")}, Templates: testTheme(), Out: out, Strict: true})
	if err == nil {
		t.Errorf("strict build with a warning succeeded")
	}
}

func TestFailingDiskLeavesOutputUntouched(t *testing.T) {
	out := previousOutput(t, filepath.Join(t.TempDir(), "public"))
	_, err := Build(Options{
		Content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n")}, Templates: testTheme(), Out: out,
		Stage: func(s Stager) { s.FailWritesWith(errors.New("no space left on device")) },
	})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("err = %v", err)
	}
	assertUntouched(t, out)
}

func TestStaleFilesDisappear(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build := func(c fstest.MapFS) {
		t.Helper()
		if _, err := Build(Options{Content: c, Templates: testTheme(), Out: out}); err != nil {
			t.Fatal(err)
		}
	}
	build(fstest.MapFS{"a.md": md("---\ntitle: A\n---\n"), "b.md": md("---\ntitle: B\n---\n")})
	if _, err := os.Stat(filepath.Join(out, "b", "index.html")); err != nil {
		t.Fatal(err)
	}
	build(fstest.MapFS{"a.md": md("---\ntitle: A\n---\n")})
	if _, err := os.Stat(filepath.Join(out, "b", "index.html")); !os.IsNotExist(err) {
		t.Errorf("b/index.html survived the removal of b.md: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "a", "index.html")); err != nil {
		t.Errorf("a/index.html missing: %v", err)
	}
}

// TestFragmentDefinedByTemplate: a link may target an id that the target
// page's layout writes (a glossary entry, say), not its Markdown.
func TestFragmentDefinedByTemplate(t *testing.T) {
	tmpl := testTheme()
	tmpl["terms.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{range .Site.Glossary}}<p id="{{.ID}}">{{.Abbr}}</p>{{end}}{{end}}`)}
	c := fstest.MapFS{
		"glossary.yaml": md("terms:\n  - abbr: TRD\n    expansion: treatment-resistant depression\n"),
		"g.md":          md("---\ntitle: Glossary\nlayout: terms\n---\n"),
		"a.md":          md("---\ntitle: A\n---\n[TRD](g.md#term-trd)\n"),
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Content: c, Templates: tmpl, Out: out}); err != nil {
		t.Fatalf("link to a template-defined id failed: %v", err)
	}
	c["a.md"] = md("---\ntitle: A\n---\n[TRD](g.md#term-tdr)\n")
	_, err := Build(Options{Content: c, Templates: tmpl, Out: out})
	if err == nil || !strings.Contains(err.Error(), `content/a.md:4:1: link "g.md#term-tdr": content/g.md has no heading or element with id "term-tdr"`) {
		t.Errorf("err = %v", err)
	}
}

func TestUncitedReferenceWarns(t *testing.T) {
	tmpl := testTheme()
	tmpl["references.html"] = md(`{{define "main"}}{{range .Site.References}}<p id="{{.Anchor}}"></p>{{end}}{{end}}`)
	tmpl["reference.html"] = md(`{{define "main"}}{{.Page.Reference.Number}}{{end}}`)
	c := fstest.MapFS{
		"references.json": md("[\n {\"id\": \"a\"},\n {\"id\": \"b\"}\n]"),
		"a.md":            md("---\ntitle: A\n---\n[@a]\n"),
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Content: c, Templates: tmpl, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "content/references.json:3:2: warning: reference 2 (b) is never cited") {
		t.Errorf("warnings = %v", res.Warnings)
	}
	if _, err := Build(Options{Content: c, Templates: tmpl, Out: out, Strict: true}); err == nil {
		t.Error("-strict build with an uncited reference succeeded")
	}
}

func TestFirstCiteNumbering(t *testing.T) {
	tmpl := testTheme()
	tmpl["references.html"] = md(`{{define "main"}}{{range .Site.References}}<p id="{{.Anchor}}">{{.Key}}</p>{{end}}{{end}}`)
	tmpl["reference.html"] = md(`{{define "main"}}{{.Page.Reference.Number}}{{end}}`)
	c := fstest.MapFS{
		"site.yaml":       md("citations:\n  numbering: first-cite\n"),
		"references.json": md(`[{"id": "a"}, {"id": "b"}, {"id": "c"}]`),
		"one.md":          md("---\ntitle: One\nweight: 1\n---\nFirst [@c], then [@a; @c].\n"),
		"two.md":          md("---\ntitle: Two\nweight: 2\n---\nLast [@b].\n"),
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Content: c, Templates: tmpl, Out: out}); err != nil {
		t.Fatal(err)
	}
	one, _ := os.ReadFile(filepath.Join(out, "one", "index.html"))
	if !strings.Contains(string(one), `<a href="#cited-1">1</a>]</span>, then`) || !strings.Contains(string(one), `<a href="#cited-1">1</a>,<a href="#cited-2">2</a>]`) {
		t.Errorf("one.md numbering wrong:\n%s", one)
	}
	refs, _ := os.ReadFile(filepath.Join(out, "references", "index.html"))
	if !strings.Contains(string(refs), `<p id="ref-1">c</p><p id="ref-2">a</p><p id="ref-3">b</p>`) {
		t.Errorf("reference list order wrong:\n%s", refs)
	}
}

// TestBadFiles covers what a content folder on disk can hold that a MapFS
// cannot: huge pages, symbolic links (a loop, one that leaves the folder),
// and an output folder that cannot be written.
func TestBadFiles(t *testing.T) {
	page := "---\ntitle: A\n---\nText.\n"
	tests := []struct {
		name  string
		setup func(t *testing.T, content string)
		want  string
	}{
		{"a 10 MB page", func(t *testing.T, c string) {
			big := page + strings.Repeat("word ", 2<<20)
			if err := os.WriteFile(filepath.Join(c, "big.md"), []byte(big), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "big.md:1:1: the page is 10.0 MB; pages are limited to 4 MB"},
		{"a binary file named .md", func(t *testing.T, c string) {
			if err := os.WriteFile(filepath.Join(c, "image.md"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "image.md:1:"},
		{"a symbolic link loop", func(t *testing.T, c string) {
			if err := os.Symlink("loop", filepath.Join(c, "loop")); err != nil {
				t.Fatal(err)
			}
		}, "loop: symbolic links are not followed"},
		{"a symbolic link leaving the content folder", func(t *testing.T, c string) {
			secret := filepath.Join(t.TempDir(), "secret.md")
			if err := os.WriteFile(secret, []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, filepath.Join(c, "escape.md")); err != nil {
				t.Fatal(err)
			}
		}, "escape.md: symbolic links are not followed"},
		{"a linked folder", func(t *testing.T, c string) {
			if err := os.Symlink(t.TempDir(), filepath.Join(c, "elsewhere")); err != nil {
				t.Fatal(err)
			}
		}, "elsewhere: symbolic links are not followed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			content := filepath.Join(dir, "content")
			if err := os.MkdirAll(content, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(content, "a.md"), []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, content)
			out := previousOutput(t, filepath.Join(dir, "public"))
			_, err := Build(Options{Content: os.DirFS(content), Templates: testTheme(), Out: out})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "previous.html")); string(b) != "previous build" {
				t.Error("the previous output was changed")
			}
		})
	}
}

func TestUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "not-a-folder")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Content: fstest.MapFS{"a.md": md("---\ntitle: A\n---\n")}, Templates: testTheme(), Out: filepath.Join(file, "public")})
	if err == nil || !strings.Contains(err.Error(), "not-a-folder") {
		t.Errorf("err = %v", err)
	}
}

// TestFailedPageHidesNoFurtherFragmentErrors: a page that fails defines no
// ids, so a link into it would report a missing #fragment as a second
// error, pointing away from the real one. Only the page's own error is
// reported.
func TestFailedPageHidesNoFurtherFragmentErrors(t *testing.T) {
	deep := strings.Repeat("- ", 101) + "x\n"
	content := fstest.MapFS{
		"a.md": md("---\ntitle: A\n---\n## Sec\n\n" + deep),
		"b.md": md("---\ntitle: B\n---\n\nSee [a](a.md#sec).\n"),
	}
	_, err := Build(Options{Content: content, Templates: testTheme(), Out: filepath.Join(t.TempDir(), "public")})
	var es *diag.Errors
	if !errors.As(err, &es) {
		t.Fatalf("build error = %v, want diagnostics", err)
	}
	if len(es.Items) != 1 || es.Items[0].File != "content/a.md" {
		t.Errorf("errors = %v, want only content/a.md's nesting error", es.Items)
	}
}
