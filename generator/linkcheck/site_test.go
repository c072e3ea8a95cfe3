package linkcheck_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ketref/generator/linkcheck"
	"ketref/generator/needs"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// calculators compiles the project's calculator module (cached between
// runs), which the calculator pages load.
var calculators = &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}

// build builds content with templates under baseURL into a temporary
// folder and returns the folder and the number of pages built.
func build(t *testing.T, contentDir, templatesDir, baseURL string) (out string, pages int) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "public")
	res, err := site.Build(site.Options{
		Content: os.DirFS(contentDir), Templates: os.DirFS(templatesDir),
		ContentRoot: contentDir, TemplatesRoot: templatesDir,
		Out: out, BaseURL: baseURL, Wasm: calculators,
	})
	if err != nil {
		t.Fatalf("build %s: %v", contentDir, err)
	}
	if res.Pages == 0 {
		t.Fatalf("build %s: no pages", contentDir)
	}
	return out, res.Pages
}

// check checks every link, fragment and escape of a built site of pages
// pages served under baseURL.
func check(t *testing.T, out, baseURL string, pages int) linkcheck.Stats {
	t.Helper()
	base := baseURL
	if base == "" {
		base = "/"
	}
	// The preview's reload script is injected when serving, never built.
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "__livereload") {
				t.Errorf("%s mentions the live-reload script", p)
			}
		}
		return nil
	})
	problems, stats, err := linkcheck.Check(os.DirFS(out), base)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if stats.Pages < pages || stats.Links == 0 {
		t.Errorf("checked %d pages and %d links of a %d-page site", stats.Pages, stats.Links, pages)
	}
	return stats
}

// TestRealSite builds the review's content with the project's templates
// once, and checks the result in subtests: every internal link and
// #fragment resolves and nothing is escaped twice; the citations are
// numbered links to the reference list, which links back; every page is
// valid HTML.
func TestRealSite(t *testing.T) {
	t.Parallel()
	out, pages := build(t, "../../content", "../../templates", "")
	t.Run("links", func(t *testing.T) {
		stats := check(t, out, "", pages)
		t.Logf("checked %d pages, %d links, %d fragments", stats.Pages, stats.Links, stats.Fragments)
		if stats.Fragments == 0 {
			t.Error("no #fragment links were checked; the content links between sections")
		}
	})
	t.Run("citations", func(t *testing.T) { checkCitations(t, out) })
	t.Run("valid HTML", func(t *testing.T) { checkValidHTML(t, out) })
}

// checkCitations: the review's pages cite through numbered links to
// entries of the reference list, the list links to each reference's
// places, and a reference's page links back to its citations;
// the links subtest has checked that every one of those links resolves.
func checkCitations(t *testing.T, out string) {
	page := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	refs := page("references/index.html")
	for n := 1; n <= 88; n++ {
		if !strings.Contains(refs, fmt.Sprintf(`<li id="ref-%d" value="%d">`, n, n)) {
			t.Errorf("reference list lacks entry %d", n)
		}
		if _, err := os.Stat(filepath.Join(out, "references", fmt.Sprint(n), "index.html")); err != nil {
			t.Errorf("no page for reference %d", n)
		}
	}
	if !strings.Contains(refs, `<a href="/references/29/#cited">Cited `) {
		t.Error("the reference list does not link to where reference 29 is cited")
	}
	if !strings.Contains(page("references/29/index.html"), `<li><a href="/routes/intravenous/#cite-`) {
		t.Error("reference 29's page does not link back to its citations on the IV page")
	}
	iv := page("routes/intravenous/index.html")
	if !strings.Contains(iv, `<a href="#cited-29">29</a>`) {
		t.Error("the IV page does not cite reference 29 as a numbered, named link to its entry")
	}
	if !strings.Contains(iv, `<li id="cited-29" value="29">McIntyre RS`) {
		t.Error("the IV page's list of cited references has no entry for reference 29")
	}
	if strings.Contains(iv, "[@") {
		t.Error("the IV page shows an unprocessed [@key]")
	}
}

// TestRealSiteUnderSubpath builds the same content for a site served below
// a path, where every link must carry the prefix.
func TestRealSiteUnderSubpath(t *testing.T) {
	t.Parallel()
	out, pages := build(t, "../../content", "../../templates", "/review/")
	check(t, out, "/review/", pages)
}

// TestSyntheticCorpus builds a corpus made by the benchmark script shared
// with the team: any folder of Markdown must build, and its links resolve.
// 300 pages citing 600 references are enough for what the size is for:
// six sections, a search index in two parts (250 pages each) and
// reference numbers in the hundreds; the 1000-page corpus the benchmarks
// use proved nothing more and took four times as long.
func TestSyntheticCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the synthetic corpus")
	}
	t.Parallel()
	python := needs.Command(t, "python3", "apt-get install -y python3")
	script := needs.File(t, "../../../shared/bench/mkcorpus.py", "put the team's shared/ folder beside the repository (../shared/bench/mkcorpus.py)")
	dir := t.TempDir()
	if out, err := exec.Command(python, script, dir, "300", "600").CombinedOutput(); err != nil {
		t.Fatalf("mkcorpus: %v\n%s", err, out)
	}
	out, pages := build(t, filepath.Join(dir, "content"), "../../templates", "")
	if parts, _ := filepath.Glob(filepath.Join(out, "search", "*.json")); len(parts) < 2 {
		t.Errorf("the search index is in %d parts, want at least 2", len(parts))
	}
	stats := check(t, out, "", pages)
	if stats.Pages < 300+600 {
		t.Errorf("built %d pages, want at least 900 (300 pages, 600 references)", stats.Pages)
	}
}

func TestCheckFindsProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", `<a href="/a/#x">ok</a><a href="/a/#nope">bad frag</a><a href="/missing/">bad page</a>
<a href="https://example.org/">external</a><a href="#top" id="top">self</a><img src="pic.png"><p>Tom &amp;amp; Jerry</p>`)
	write("a/index.html", `<h2 id="x">X</h2><a href="../index.html#top">up</a><a href="sub/">rel</a>`)
	problems, stats, err := linkcheck.Check(os.DirFS(dir), "/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`index.html: link "/a/#nope": a/index.html has no element with id "nope"`,
		`index.html: link "/missing/": no file missing/index.html in the site`,
		`index.html: link "pic.png": no file pic.png in the site`,
		`index.html: double-escaped text "&amp;amp;"`,
		`a/index.html: link "sub/": no file a/sub/index.html in the site`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem %q in:\n%s", want, all)
		}
	}
	if len(problems) != 5 {
		t.Errorf("got %d problems, want 5:\n%s", len(problems), all)
	}
	if stats.Pages != 2 || stats.Links != 8 {
		t.Errorf("stats = %+v", stats)
	}
}

// checkValidHTML runs the Nu Html Checker (npm vnu-jar, on Java) over
// every page of the built site: no errors.
func checkValidHTML(t *testing.T, out string) {
	java := needs.Command(t, "java", "apt-get install -y default-jre-headless")
	jar := needs.NodeModule(t, "vnu-jar/build/dist/vnu.jar", "npm install --prefix DIR vnu-jar and set NODE_PATH=DIR/node_modules")
	var pages []string
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) < 100 {
		t.Fatalf("only %d pages", len(pages))
	}
	// The checker runs for a few seconds, too short for the JVM's
	// optimizing compiler to pay for itself: with the quick compiler
	// alone it takes a third of the CPU time (3.5 s instead of 10 s for
	// the review's 111 pages). Its frames are larger, and evaluating the
	// HTML schema overflows the default 1 MB stack.
	args := append([]string{"-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", jar, "--errors-only", "--format", "gnu"}, pages...)
	msgs, err := exec.Command(java, args...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(msgs))) > 0 {
		t.Errorf("the Nu Html Checker found errors (%v):\n%s", err, msgs)
	}
	t.Logf("%d pages valid", len(pages))
}
