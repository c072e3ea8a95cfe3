package site

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/output"
	"ketref/generator/wasmbuild"
)

// copyTree copies the golden citations site into a temporary folder that
// the test may edit.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	return to
}

// fresh builds dir from scratch, as `build` would, and returns its files.
func fresh(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates")), Out: out}); err != nil {
		t.Fatalf("fresh build: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range listFiles(t, out) {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	// The marker belongs to the output folder, not to the site.
	delete(files, output.Marker)
	return files
}

func sameFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	for f, w := range want {
		if g, ok := got[f]; !ok {
			t.Errorf("%s: incremental build lacks %s", step, f)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs from a fresh build:\n--- incremental\n%s\n--- fresh\n%s", step, f, g, w)
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			t.Errorf("%s: incremental build has extra %s", step, f)
		}
	}
}

// TestProjectMatchesFreshBuilds edits a site step by step and checks after
// each step that the incremental build gives exactly the files of a fresh
// build, and that unchanged pages were not converted again.
func TestProjectMatchesFreshBuilds(t *testing.T) {
	dir := copyTree(t, "testdata/golden/citations")
	p := NewProject(Options{Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates"))})
	build := func(step string) map[string][]byte {
		t.Helper()
		res, files, err := p.Build()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Duration <= 0 {
			t.Errorf("%s: Result.Duration = %v, want the build's elapsed time (serve prints it)", step, res.Duration)
		}
		filled := map[string][]byte{}
		for f, b := range files.All() {
			filled[f] = output.Fill(b, res.Assets)
		}
		sameFiles(t, step, filled, fresh(t, dir))
		return maps.Collect(files.All())
	}
	edit := func(rel, old, new string) {
		t.Helper()
		full := filepath.Join(dir, rel)
		b, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		if err := os.WriteFile(full, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	first := build("first build")
	second := build("nothing changed")
	for f := range first {
		if len(first[f]) > 0 && &first[f][0] != &second[f][0] && strings.HasSuffix(f, ".html") && f != "404.html" && !strings.HasPrefix(f, "setup") {
			t.Errorf("nothing changed, yet %s was rendered again", f)
		}
	}

	edit("content/page.md", "Again [@berman2000].", "Again and again [@berman2000].")
	p.Changed([]string{"page.md"}, false, false)
	third := build("a page's text")
	if bytes.Equal(third["page/index.html"], second["page/index.html"]) {
		t.Error("the edited page was not rendered again")
	}
	if &third["index.html"][0] != &second["index.html"][0] {
		t.Error("an unaffected page was rendered again")
	}

	edit("content/page.md", "title: A page", "title: A renamed page")
	p.Changed([]string{"page.md"}, false, false)
	build("a page's title (navigation everywhere)")

	edit("content/_index.md", "It is approved in Europe [@ema, p. 4].", "It is approved in Europe [@ema, p. 4] and cited anew [@d2002].")
	p.Changed([]string{"_index.md"}, false, false)
	beforeCSS := build("a new citation (reference pages)")

	edit("templates/static/site.css", "sans-serif", "serif")
	p.Changed(nil, true, false)
	css := build("a stylesheet (reused pages get the new URL when served)")
	if &css["index.html"][0] != &beforeCSS["index.html"][0] {
		t.Error("a stylesheet change rendered an unaffected page again")
	}

	edit("templates/page.html", "<h1>{{.Page.Title}}</h1>", "<h1 class=\"t\">{{.Page.Title}}</h1>")
	p.Changed(nil, true, false)
	build("a template")

	if err := os.WriteFile(filepath.Join(dir, "content", "new.md"), []byte("---\ntitle: New\n---\nSee [the page](page.md#dose).\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.Changed([]string{"new.md"}, false, false)
	build("a new page")

	if err := os.Remove(filepath.Join(dir, "content", "new.md")); err != nil {
		t.Fatal(err)
	}
	p.Changed([]string{"new.md"}, false, false)
	build("a removed page")

	edit("content/references.json", "Fourth", "Fourth, retitled")
	p.Changed([]string{"references.json"}, false, false)
	build("the bibliography")

	// A broken page fails the build and the project keeps going.
	edit("content/page.md", "Again and again [@berman2000].", "Broken [@nosuchkey].")
	p.Changed([]string{"page.md"}, false, false)
	if _, _, err := p.Build(); err == nil || !strings.Contains(err.Error(), "nosuchkey") {
		t.Fatalf("broken page: err = %v", err)
	}
	edit("content/page.md", "Broken [@nosuchkey].", "Fixed [@berman2000].")
	p.Changed([]string{"page.md"}, false, false)
	build("fixed again")
}

// TestStreamedBuildMatchesProject: a one-off build renders most pages while
// it converts them (see builder.stream); a Project never does. With the
// real templates, on the review site and on a synthetic corpus, both give
// the same files.
func TestStreamedBuildMatchesProject(t *testing.T) {
	calculators := &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}
	b := &builder{opt: Options{Content: os.DirFS("../../content"), Templates: os.DirFS("../../templates"), ContentRoot: "content", TemplatesRoot: "templates", Wasm: calculators}, diags: &diag.List{}}
	b.load(nil)
	b.theme = b.loadTheme(b.calculators())
	if err := b.diags.Err(false); err != nil {
		t.Fatal(err)
	}
	b.prepare()
	for _, pg := range b.pages {
		if pg.layout == "page" || pg.layout == "section" || pg.layout == "dosing" {
			if !b.streamable(pg) {
				t.Errorf("%s (layout %q) reads whole-site data, so it is not rendered while the build converts", pg.File, pg.layout)
			}
		}
	}
	sites := map[string]fs.FS{"review": os.DirFS("../../content"), "corpus": benchCorpus(300, 400)}
	for name, content := range sites {
		t.Run(name, func(t *testing.T) {
			// A Project has no service worker (package offline).
			opt := Options{Content: content, Templates: os.DirFS("../../templates"), Out: filepath.Join(t.TempDir(), "public"), Wasm: calculators, NoServiceWorker: true}
			if _, err := Build(opt); err != nil {
				t.Fatal(err)
			}
			streamed := map[string][]byte{}
			for _, f := range listFiles(t, opt.Out) {
				b, err := os.ReadFile(filepath.Join(opt.Out, f))
				if err != nil {
					t.Fatal(err)
				}
				streamed[f] = b
			}
			delete(streamed, output.Marker)
			res, files, err := NewProject(opt).Build()
			if err != nil {
				t.Fatal(err)
			}
			whole := map[string][]byte{}
			for f, b := range files.All() {
				whole[f] = output.Fill(b, res.Assets)
			}
			sameFiles(t, name, whole, streamed)
		})
	}
}

// A link to an id that only the page's HTML holds (a citation group) is
// checked the same way by a one-off build, which renders and drops the page
// while converting, and by a Project, which keeps it.
func TestLinksToCitationGroups(t *testing.T) {
	bib := `[{"id":"smith2020","type":"article-journal","title":"A study","author":[{"family":"Smith","given":"J"}],"issued":{"date-parts":[[2020]]}}]`
	for _, tt := range []struct {
		link string
		ok   bool
	}{{"a.md#cite-1", true}, {"a.md#cite-9", false}} {
		fsys := fstest.MapFS{
			"references.json": {Data: []byte(bib)},
			"a.md":            {Data: []byte("---\ntitle: A\n---\n\nA finding [@smith2020].\n")},
			"b.md":            {Data: []byte("---\ntitle: B\n---\n\nSee [the finding](" + tt.link + ").\n")},
		}
		opt := Options{Content: fsys, Templates: os.DirFS("../../templates"), Out: filepath.Join(t.TempDir(), "public")}
		_, errBuild := Build(opt)
		_, _, errProject := NewProject(opt).Build()
		if (errBuild == nil) != tt.ok || (errProject == nil) != tt.ok {
			t.Errorf("link %s: build error %v, project error %v; want ok=%v", tt.link, errBuild, errProject, tt.ok)
		}
	}
}
