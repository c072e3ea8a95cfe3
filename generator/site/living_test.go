package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/needs"
	"ketref/generator/output"
	"ketref/generator/release"
	"ketref/generator/snapshot"
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

// releases reads the repository's release history.
func releases(t *testing.T) []*snapshot.Snapshot {
	t.Helper()
	var diags diag.List
	h := release.Load(os.DirFS("../../content"), "releases", "content", &diags)
	if err := diags.Err(true); err != nil || len(h.Releases()) == 0 {
		t.Fatalf("the repository's releases: %v", err)
	}
	return h.Releases()
}

// TestUnchangedReviewHasNoUnreleased: the review as the repository has it
// is its latest release: no unreleased section; the changes page lists
// every release; the home page states how current the evidence is and the
// latest release; no page is marked as changed since it; the sitemap dates
// every page by a release.
func TestUnchangedReviewHasNoUnreleased(t *testing.T) {
	_, out, err := editedReview(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := releaseEntries(t, out, "unreleased"); ok {
		t.Errorf("an unchanged build shows unreleased changes: %q", e)
	}
	all := releases(t)
	dates := map[string]bool{}
	for _, r := range all {
		if _, ok := releaseEntries(t, out, "release-"+strings.ReplaceAll(r.Version, ".", "-")); !ok {
			t.Errorf("the changes page lacks release %s", r.Version)
		}
		dates[r.Date] = true
	}
	last := all[len(all)-1]
	home := readOut(t, out, "index.html")
	for _, want := range []string{
		`Evidence current through <time datetime="2024-12-20">2024-12-20</time>.`,
		`Latest release: <a href="/changes/#release-` + strings.ReplaceAll(last.Version, ".", "-") + `">` + last.Version + ` of <time datetime="` + last.Date + `">` + last.Date + `</time></a>.`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	for _, f := range htmlFiles(t, out) {
		if strings.Contains(readOut(t, out, f), `(not yet released)`) {
			t.Errorf("%s is marked as changed since the last release, but nothing changed since release %s", f, last.Version)
		}
	}
	sm := readOut(t, out, "sitemap.xml")
	lastmods := regexp.MustCompile(`<lastmod>([^<]*)</lastmod>`).FindAllStringSubmatch(sm, -1)
	if n := strings.Count(sm, "<url>"); n < 100 || len(lastmods) != n {
		t.Errorf("sitemap: %d of %d pages dated; want all", len(lastmods), n)
	}
	for _, m := range lastmods {
		if !dates[m[1]] {
			t.Errorf("sitemap: a page dated %s, which is no release's date", m[1])
		}
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
		}, "changed", "2.5 → 3", "efficacy/index.html"},
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
	if !strings.Contains(changes, `id="unreleased"`) || !strings.Contains(changes, "<ins>describes") {
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

// TestStableReferenceNumbers: published references keep their numbers
// whatever the order of references.json; a new one takes 89 even when
// written first; a withdrawn one keeps its number and says why; deleting a
// published one is an error that says to withdraw it instead.
func TestStableReferenceNumbers(t *testing.T) {
	t.Parallel()
	const newRef = `[
  {"id": "newtrial2025", "type": "article-journal", "author": [{"family": "Doe", "given": "J"}], "title": "A new trial", "container-title": "J Test", "issued": {"date-parts": [[2025]]}},
`
	content, out, err := editedReview(t, func(c string) {
		replaceIn(t, filepath.Join(c, "references.json"), "[\n", newRef)
		replaceIn(t, filepath.Join(c, "references.json"), `"id": "zanos2018",`, `"id": "zanos2018", "custom": {"withdrawn": "Withdrawn for this test."},`)
		replaceIn(t, filepath.Join(c, "efficacy.md"), "outlast it, partly through a metabolite", "outlast it [@newtrial2025], partly through a metabolite")
	})
	if err != nil {
		t.Fatal(err)
	}
	eff := readOut(t, out, "efficacy/index.html")
	for _, want := range []string{`<a href="#cited-20">20</a>`, `<li id="cited-20" value="20">Kim JW`, `<a href="#cited-89">89</a>`, `<li id="cited-89" value="89">Doe J`} {
		if !strings.Contains(eff, want) {
			t.Errorf("efficacy page lacks %s", want)
		}
	}
	if p := readOut(t, out, "references/89/index.html"); !strings.Contains(p, "A new trial") {
		t.Error("reference 89 is not the new trial")
	}
	rel := readOut(t, content, "releases/1.0.json")
	m := regexp.MustCompile(`\{"number":(\d+),"key":"zanos2018"`).FindStringSubmatch(rel)
	if m == nil {
		t.Fatal("release 1.0 has no zanos2018")
	}
	page := readOut(t, out, "references/"+m[1]+"/index.html")
	if !strings.Contains(page, "<strong>Withdrawn (not yet in a release):</strong> Withdrawn for this test. Its number, "+m[1]+", is not given to any other work.") {
		t.Errorf("reference %s's page does not say it is withdrawn", m[1])
	}
	got, _ := releaseEntries(t, out, "unreleased")
	kinds := map[string]int{}
	for _, e := range got {
		kinds[e.kind]++
	}
	if kinds["added"] != 1 || kinds["withdrawn"] != 1 || kinds["changed"] != 1 || len(got) != 3 {
		t.Errorf("unreleased %q; want the added reference, the withdrawal and the changed row", got)
	}

	_, _, err = editedReview(t, func(c string) {
		replaceIn(t, filepath.Join(c, "references.json"), `"id": "zanos2018",`, `"id": "zanos2018-renamed",`)
		replaceIn(t, filepath.Join(c, "efficacy.md"), "[@zanos2018]", "[@zanos2018-renamed]")
		for _, f := range []string{"mechanism.md", "_index.md", "routes/intravenous.md", "background.md", "suicidality-anhedonia.md", "safety.md", "comparisons.md", "guidelines.md", "editorial-notes.md"} {
			src, _ := os.ReadFile(filepath.Join(c, f))
			_ = os.WriteFile(filepath.Join(c, f), []byte(strings.ReplaceAll(string(src), "@zanos2018]", "@zanos2018-renamed]")), 0o644)
		}
	})
	if err == nil || !strings.Contains(err.Error(), `content/references.json: reference "zanos2018" (number `+m[1]+` since release 1.0) is gone from references.json; a published reference keeps its number: put its entry back and mark it withdrawn`) {
		t.Errorf("a published reference deleted: %v", err)
	}
}

// TestReleaseFileErrorsAreLocated: a release file edited by hand into
// inconsistency fails the build at its line and column.
func TestReleaseFileErrorsAreLocated(t *testing.T) {
	t.Parallel()
	_, _, err := editedReview(t, func(c string) {
		src, err := os.ReadFile(filepath.Join(c, "releases", "1.0.json"))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(src), `"version": "1.0"`, `"version": "1.1"`, 1)
		s = strings.Replace(s, `"date": "2024-12-20"`, `"date": "2025-01-15"`, 1)
		s = strings.Replace(s, `"note": "The first release`, `"previous": "1.0",`+"\n  "+`"note": "The first release`, 1)
		s = strings.Replace(s, `{"number":2,"key":"duman2012"`, `{"number":1,"key":"duman2012"`, 1)
		if err := os.WriteFile(filepath.Join(c, "releases", "1.1.json"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	if err == nil || !regexp.MustCompile(`content/releases/1\.1\.json:\d+:\d+: `).MatchString(err.Error()) {
		t.Fatalf("a duplicated reference number in a release file: %v; want an error at content/releases/1.1.json:LINE:COL", err)
	}
}

// TestReviewFeedParses reads the review's releases feed with a real feed
// reader's parser, the npm package feedparser (through NODE_PATH; .ci/run
// installs it), as a reader subscribed at an absolute address would.
func TestReviewFeedParses(t *testing.T) {
	node := needs.Command(t, "node", "apt-get install -y nodejs")
	needs.NodeModule(t, "feedparser/package.json", "npm install --prefix DIR feedparser@2.6.0 and set NODE_PATH=DIR/node_modules")
	out := buildReview(t, "https://example.org/review/")
	const script = `const FeedParser = require("feedparser");
const p = new FeedParser({addmeta: false}); const items = []; let meta;
p.on("error", e => { process.stderr.write(String(e)); process.exit(1); });
p.on("meta", m => { meta = m; });
p.on("readable", function () { let i; while ((i = this.read())) items.push([i.title, i.link, i.guid, i.pubdate.toISOString()]); });
p.on("end", () => process.stdout.write(JSON.stringify([meta["#type"], meta.title, meta.link, meta.xmlurl, items])));
process.stdin.pipe(p);`
	cmd := exec.Command(node, "-e", script)
	feed, err := os.Open(filepath.Join(out, "changes", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Close()
	cmd.Stdin = feed
	var stderr strings.Builder
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser: %v: %s", err, stderr.String())
	}
	// One entry per release, newest first.
	var entries []string
	all := releases(t)
	for i := len(all) - 1; i >= 0; i-- {
		v := all[i].Version
		entries = append(entries, `["Release `+v+`","https://example.org/review/changes/#release-`+strings.ReplaceAll(v, ".", "-")+`","https://example.org/review/changes/#release/`+v+`","`+all[i].Date+`T00:00:00.000Z"]`)
	}
	want := `["atom","Ketamine in TRD — a structured reference: changes","https://example.org/review/changes/","https://example.org/review/changes/feed.xml",[` + strings.Join(entries, ",") + `]]`
	if string(got) != want {
		t.Errorf("feedparser read\n%s\nwant\n%s", got, want)
	}
	home := readOut(t, out, "index.html")
	if !strings.Contains(home, `<a href="/review/changes/feed.xml">Follow the releases (Atom feed)</a>`) {
		t.Error("the home page does not link the feed")
	}
}
