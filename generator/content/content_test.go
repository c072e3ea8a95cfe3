package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
)

func page(fm string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + fm + "\n---\nBody\n")}
}

func TestURLsAndReadingOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":             page("title: Home"),
		"zeta.md":               page("title: Zeta\nweight: 1"),
		"alpha.md":              page("title: Alpha"),
		"beta.md":               page("title: Beta"),
		"routes/_index.md":      page("title: Routes\nweight: 2"),
		"routes/oral.md":        page("title: Oral\nweight: 3"),
		"routes/iv.md":          page("title: IV\nweight: 1"),
		"routes/nasal/spray.md": page("title: Spray"),
		"notes/draft.md":        page("title: Draft\ndraft: true"),
		"routes/diagram.png":    {Data: []byte("png")},
		"references.json":       {Data: []byte("[]")},
		".hidden/x.md":          page("title: Hidden"),
		"routes/iv.md~":         {Data: []byte("backup")},
		// Editors' temporary files are not content either.
		"routes/#iv.md#":              {Data: []byte("emacs auto-save")},
		"4913":                        {Data: []byte("vim probe")},
		"beta.md___jb_tmp___":         {Data: []byte("jetbrains")},
		"routes/diagram.png.kate-swp": {Data: []byte("kate")},
		"notes/x.tmp":                 {Data: []byte("temp")},
	}
	var diags diag.List
	s := Load(fsys, Options{}, &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Pages {
		got = append(got, p.URL+" "+p.Meta.Title)
	}
	want := []string{
		"/ Home",
		"/zeta/ Zeta",          // weight 1
		"/routes/ Routes",      // weight 2
		"/routes/iv/ IV",       // weight 1 within routes
		"/routes/oral/ Oral",   // weight 3
		"/routes/nasal/ Nasal", // folder without _index.md, unweighted
		"/routes/nasal/spray/ Spray",
		"/alpha/ Alpha", // unweighted pages after weighted ones, by title
		"/beta/ Beta",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reading order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Files) != 1 || s.Files[0] != "routes/diagram.png" {
		t.Errorf("Files = %v", s.Files)
	}
	if string(s.Data["references.json"]) != "[]" {
		t.Errorf("Data = %v", s.Data)
	}
	iv := s.BySource["routes/iv.md"]
	if iv == nil || iv.Parent != s.BySource["routes"] || iv.Parent.Parent != s.Home {
		t.Errorf("tree links wrong for routes/iv.md")
	}
	if anc := s.BySource["routes/nasal/spray.md"].Ancestors(); len(anc) != 3 || anc[0] != s.Home {
		t.Errorf("ancestors = %v", anc)
	}
	if s.Config.Title != "Untitled site" || s.Config.BaseURL != "/" {
		t.Errorf("default config = %+v", s.Config)
	}
}

func TestDraftsIncludedOnRequest(t *testing.T) {
	fsys := fstest.MapFS{"d.md": page("title: D\ndraft: true")}
	var diags diag.List
	if s := Load(fsys, Options{Drafts: true}, &diags); len(s.Pages) != 2 {
		t.Errorf("with drafts: %d pages, want home and d", len(s.Pages))
	}
	if s := Load(fsys, Options{}, &diags); len(s.Pages) != 1 {
		t.Errorf("without drafts: %d pages, want home only", len(s.Pages))
	}
}

func TestConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("title: T\nlanguage: fr\nevidenceCurrentThrough: 2024-12-20\narticle:\n  authors:\n    - family: Forte\n      given: Alberto Maria\n  year: 2024\n")},
	}
	var diags diag.List
	s := Load(fsys, Options{}, &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	c := s.Config
	if c.Title != "T" || c.Language != "fr" || c.Article.Year != 2024 || c.Article.Authors[0].Initials != "AM" || c.EvidenceCurrentThrough != "2024-12-20" {
		t.Errorf("config = %+v", c)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"empty front matter", fstest.MapFS{"a.md": {Data: []byte("---\n---\n")}}, "content/a.md:1:1: empty front matter"},
		{"empty title", fstest.MapFS{"a.md": page(`title: ""`)}, `content/a.md:2:1: title is empty`},
		{"list where text expected", fstest.MapFS{"a.md": page("title: [a, b]")}, `content/a.md:2:8: title must be text, found a list`},
		{"duplicate key", fstest.MapFS{"a.md": page("title: A\ntitle: B")}, `content/a.md:3:1:`},
		{"two section pages", fstest.MapFS{"s/_index.md": page("title: S"), "s/index.md": page("title: S2")}, `both define the section page of "s"`},
		{"evidence date not a date", fstest.MapFS{"site.yaml": {Data: []byte("title: T\nevidenceCurrentThrough: 2024-13-01\n")}}, `content/site.yaml:2:25: evidenceCurrentThrough is "2024-13-01"; write a date as YYYY-MM-DD`},
		{"unknown site.yaml key", fstest.MapFS{"site.yaml": {Data: []byte("titel: x\n")}}, `content/site.yaml:1:1: warning: unknown key "titel" (did you mean "title"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Load(tt.fsys, Options{}, &diags)
			var all []string
			for _, d := range diags.Sorted() {
				all = append(all, d.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("diagnostics %q lack %q", all, tt.want)
			}
		})
	}
}

// panicFS panics when one file is read.
type panicFS struct {
	fstest.MapFS
	name string
}

func (p panicFS) ReadFile(name string) ([]byte, error) {
	if name == p.name {
		panic("broken " + name)
	}
	return p.MapFS.ReadFile(name)
}

// TestLoadRecoversPanics: a panic while one page is loaded (in a worker
// goroutine, where no caller could recover it) fails that page, at its
// file, and the other pages load.
func TestLoadRecoversPanics(t *testing.T) {
	var diags diag.List
	s := Load(panicFS{fstest.MapFS{"a.md": page("title: A"), "b.md": page("title: B")}, "b.md"}, Options{}, &diags)
	err := diags.Err(false)
	if err == nil || !strings.Contains(err.Error(), "content/b.md: internal error: broken b.md") {
		t.Errorf("err = %v", err)
	}
	if s.BySource["a.md"] == nil || s.BySource["b.md"] != nil {
		t.Errorf("pages = %v", s.BySource)
	}
}

// TestAliasesValidatedWhenLoaded: an alias becomes a folder of the output,
// so one that is not a plain path of the site fails the page at the line
// and column of the alias, not later when the build writes it.
func TestAliasesValidatedWhenLoaded(t *testing.T) {
	tests := []struct {
		name, fm string
		want     string // "" for a valid alias
	}{
		{"plain", "aliases: [/old/iv/]", ""},
		{"without slashes, with .html", "aliases: [old/iv.html, /x/index.html]", ""},
		{"climbing out", "aliases: [/../../etc/x/]", `a.md:3:11: alias "/../../etc/x/" climbs out of the site`},
		{"climbing inside", "aliases:\n  - /ok/\n  - /a/../b/", `a.md:5:5: alias "/a/../b/" climbs out of the site`},
		{"dot segment", "aliases: [/a/./b/]", `a.md:3:11: alias "/a/./b/" has a "." segment`},
		{"empty segment", "aliases: [/a//b/]", `a.md:3:11: alias "/a//b/" has an empty segment`},
		{"a URL", "aliases: ['https://example.org/x/']", `a.md:3:11: alias "https://example.org/x/" is a URL`},
		{"backslash", `aliases: ['\..\x']`, `a.md:3:11: alias "\\..\\x" has a backslash`},
		{"query", "aliases: ['/a?b=1']", `a.md:3:11: alias "/a?b=1" has a "?"`},
		{"fragment", "aliases: ['/a#b']", `a.md:3:11: alias "/a#b" has a "#"`},
		{"control character", "aliases: [\"/a\\tb/\"]", `a.md:3:11: alias "/a\tb/" has a control character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Load(fstest.MapFS{"a.md": page("title: A\n" + tt.fm)}, Options{Root: "."}, &diags)
			err := diags.Err(false)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("valid alias rejected: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestReleasesAreNotContent: the release files are data for the build
// (package release), never pages or static files of the site.
func TestReleasesAreNotContent(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":              page("title: A"),
		"releases/1.0.json": {Data: []byte(`{"version": "1.0"}`)},
		"releases/notes.md": page("title: Not a page"),
		"sub/releases/x.js": {Data: []byte("x")},
	}
	var diags diag.List
	s := Load(fsys, Options{}, &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, p := range s.Pages {
		urls = append(urls, p.URL)
	}
	if len(s.Files) != 1 || s.Files[0] != "sub/releases/x.js" || strings.Join(urls, " ") != "/ /a/" {
		t.Errorf("files %q, pages %q; want only sub/releases/x.js (a releases folder below the root is content) and the pages / and /a/", s.Files, urls)
	}
}
