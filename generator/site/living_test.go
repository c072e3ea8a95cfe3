package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ketref/generator/output"
	"ketref/generator/wasmbuild"
)

// editedReview copies the review's content (with its release files) into
// a temporary folder, applies edit to it and builds it. It returns the
// content folder, the output folder and the build's error.
func editedReview(t *testing.T, edit func(content string)) (string, string, error) {
	t.Helper()
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(content)
	}
	out := filepath.Join(tmp, "public")
	_, err := Build(Options{
		Content: os.DirFS(content), Templates: os.DirFS("../../templates"),
		ContentRoot: "content", TemplatesRoot: "templates", Out: out,
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"},
	})
	return content, out, err
}

// replaceIn replaces old with new in a content file, once; the test fails
// when old is not there (the content changed under the test).
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// changeEntry is one entry of the changes page: its kind class and text.
type changeEntry struct{ kind, text string }

var (
	entryRE = regexp.MustCompile(`(?s)<li class="change change-([a-z]+)" id="[^"]*">(.*?)</li>`)
	tagRE   = regexp.MustCompile(`<[^>]+>`)
)

// releaseEntries reads the entries of one section (id "unreleased" or
// "release-1-0") of the built changes page; ok is false when the section is
// absent.
func releaseEntries(t *testing.T, out, id string) (entries []changeEntry, ok bool) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(out, "changes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	start := strings.Index(s, `<section class="release" id="`+id+`"`)
	if start < 0 {
		return nil, false
	}
	rest := s[start+1:]
	end := strings.Index(rest, `<section class="release" id="`)
	if end < 0 {
		end = strings.Index(rest, "</article>")
	}
	for _, m := range entryRE.FindAllStringSubmatch(rest[:end], -1) {
		entries = append(entries, changeEntry{m[1], strings.Join(strings.Fields(tagRE.ReplaceAllString(m[2], "")), " ")})
	}
	return entries, true
}

func readOut(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUnchangedReviewHasNoUnreleased: the review as released in 1.0 has no
// unreleased section; the changes page lists release 1.0; the home page
// states how current the evidence is and the latest release; no page is
// marked as changed; the sitemap dates every page by release 1.0.
func TestUnchangedReviewHasNoUnreleased(t *testing.T) {
	_, out, err := editedReview(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := releaseEntries(t, out, "unreleased"); ok {
		t.Errorf("an unchanged build shows unreleased changes: %q", e)
	}
	if _, ok := releaseEntries(t, out, "release-1-0"); !ok {
		t.Error("the changes page lacks release 1.0")
	}
	home := readOut(t, out, "index.html")
	for _, want := range []string{`Evidence current through <time datetime="2024-12-20">2024-12-20</time>.`, `Latest release: <a href="/changes/#release-1-0">1.0 of <time datetime="2024-12-20">2024-12-20</time></a>.`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	for _, f := range htmlFiles(t, out) {
		if strings.Contains(readOut(t, out, f), `<p class="updated">`) {
			t.Errorf("%s is marked as updated, but nothing changed since release 1.0", f)
		}
	}
	sm := readOut(t, out, "sitemap.xml")
	if n, dated := strings.Count(sm, "<url>"), strings.Count(sm, "<lastmod>2024-12-20</lastmod>"); n < 100 || dated != n {
		t.Errorf("sitemap: %d of %d pages dated 2024-12-20; want all", dated, n)
	}
}

// TestEachEditGivesItsEntry: each kind of edit an editor makes gives
// exactly its one entry among the unreleased changes (a moved table row
// gives none), and marks the page it is on.
func TestEachEditGivesItsEntry(t *testing.T) {
	t.Parallel()
	const efficacy = "efficacy.md"
	tests := []struct {
		name      string
		edit      func(t *testing.T, content string)
		kind      string // "" for no entry
		text      string // the entry's text holds this
		markedURL string // this page is marked as changed
	}{
		{"reword a sentence", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, efficacy), "The review presents ketamine as the first rapid-acting", "The review describes ketamine as the first fast-acting")
		}, "changed", "Sentence changed", "efficacy/index.html"},
		{"split a sentence", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, efficacy), "benefit; the number needed to harm (NNH)", "benefit. The number needed to harm (NNH)")
		}, "changed", "split into 2 sentences", "efficacy/index.html"},
		{"move a table row", func(t *testing.T, c string) {
			row := "| Plasma half-life | 2.5 hours; effects outlast it, partly through a metabolite (see [Mechanism: half-life](mechanism.md#half-life)) | [@kim2023] |\n"
			replaceIn(t, filepath.Join(c, efficacy), row, "")
			replaceIn(t, filepath.Join(c, efficacy), "| Onset | ", row+"| Onset | ")
		}, "", "", ""},
		{"change only a number", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, efficacy), "| Plasma half-life | 2.5 hours;", "| Plasma half-life | 3 hours;")
		}, "changed", "2.5 -> 3", "efficacy/index.html"},
		{"change only a citation", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, efficacy), "| Duration after one infusion | Up to 1–2 weeks | [@zanos2018] |", "| Duration after one infusion | Up to 1–2 weeks | [@kim2023] |")
		}, "changed", "citations only", "efficacy/index.html"},
		{"add a reference", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, "references.json"), "[\n", `[
  {"id": "newtrial2025", "type": "article-journal", "author": [{"family": "Doe", "given": "J"}], "title": "A new trial", "container-title": "J Test", "issued": {"date-parts": [[2025]]}},
`)
		}, "added", "Reference 89 added", "references/index.html"},
		{"change a figure datum", func(t *testing.T, c string) {
			replaceIn(t, filepath.Join(c, "routes", "intranasal.md"), "{weeks: 5-8, perWeek: 1, label: weeks 5–8}", "{weeks: 5-8, perWeek: 1.5, label: weeks 5–8}")
		}, "changed", "Figure data", "routes/intranasal/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, out, err := editedReview(t, func(c string) { tt.edit(t, c) })
			if err != nil {
				t.Fatal(err)
			}
			got, ok := releaseEntries(t, out, "unreleased")
			if tt.kind == "" {
				if ok {
					t.Errorf("unreleased changes %q; want none (no section)", got)
				}
				return
			}
			if len(got) != 1 || got[0].kind != tt.kind || !strings.Contains(got[0].text, tt.text) {
				t.Fatalf("unreleased changes %q; want exactly one %s entry holding %q", got, tt.kind, tt.text)
			}
			if page := readOut(t, out, tt.markedURL); !strings.Contains(page, `<p class="updated"><a href="/changes/#unreleased">Changed since the last release</a>`) {
				t.Errorf("%s has no mark of its unreleased change", tt.markedURL)
			}
			if page := readOut(t, out, "mechanism/index.html"); strings.Contains(page, `<p class="updated">`) {
				t.Error("mechanism/index.html is marked, but it did not change")
			}
		})
	}
}

// TestPreviewFollowsEverySave: the preview (a Project) shows the
// unreleased changes and the marks after each save, exactly as a fresh
// build would, and drops them when the edit is undone.
func TestPreviewFollowsEverySave(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	opt := Options{Content: os.DirFS(content), Templates: os.DirFS("../../templates"), ContentRoot: "content", TemplatesRoot: "templates",
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}}
	p := NewProject(opt)
	page := func(step, rel string) string {
		t.Helper()
		res, files, err := p.Build()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		for f, b := range files.All() {
			if f == rel {
				return string(output.Fill(b, res.Assets))
			}
		}
		t.Fatalf("%s: no %s", step, rel)
		return ""
	}
	if strings.Contains(page("first build", "changes/index.html"), `id="unreleased"`) {
		t.Fatal("unreleased changes before any edit")
	}
	const old, reworded = "The review presents ketamine as the first rapid-acting", "The review describes ketamine as the first fast-acting"
	replaceIn(t, filepath.Join(content, "efficacy.md"), old, reworded)
	p.Changed([]string{"efficacy.md"}, false, false)
	changes := page("after the save", "changes/index.html")
	if !strings.Contains(changes, `id="unreleased"`) || !strings.Contains(changes, "<ins>describes</ins>") {
		t.Errorf("after the save the changes page lacks the unreleased rewording")
	}
	if !strings.Contains(page("after the save", "efficacy/index.html"), "Changed since the last release") {
		t.Error("after the save the efficacy page has no mark")
	}
	replaceIn(t, filepath.Join(content, "efficacy.md"), reworded, old)
	p.Changed([]string{"efficacy.md"}, false, false)
	if strings.Contains(page("after undoing", "changes/index.html"), `id="unreleased"`) {
		t.Error("the edit was undone, yet the changes page shows unreleased changes")
	}
	if strings.Contains(page("after undoing", "efficacy/index.html"), "Changed since the last release") {
		t.Error("the edit was undone, yet the efficacy page is marked")
	}
}
