package linkcheck_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ketref/generator/reflist"
)

// largeBibliography writes a site of 50 pages citing 5,000 references
// (100 each, every one cited) into dir; reference 1 is also cited ten
// times on every page, so that one reference's page lists 500 places.
func largeBibliography(t *testing.T, dir string) {
	t.Helper()
	const refs, pages = 5000, 50
	var bib strings.Builder
	bib.WriteString("[")
	for i := 1; i <= refs; i++ {
		if i > 1 {
			bib.WriteString(",\n")
		}
		fmt.Fprintf(&bib, `{"id": "r%d", "type": "article-journal", "title": "Study %d of ketamine infusion in treatment-resistant depression", `+
			`"author": [{"family": "Author%d", "given": "A"}, {"family": "Second", "given": "B"}], "container-title": "J Synthetic Psychiatry", `+
			`"volume": "%d", "page": "%d-%d", "issued": {"date-parts": [[%d]]}, "DOI": "10.1000/synthetic.%d"}`, i, i, i, i%90+1, i, i+9, 1990+i%35, i)
	}
	bib.WriteString("]\n")
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("references.json", bib.String())
	for p := range pages {
		var md strings.Builder
		fmt.Fprintf(&md, "---\ntitle: Page %d\n---\n\n", p)
		for s := range 100 {
			if s%10 == 0 {
				fmt.Fprintf(&md, "\n## Part %d\n\n", s/10)
			}
			also := ""
			if s%10 == 0 {
				also = "; @r1"
			}
			fmt.Fprintf(&md, "Ketamine at 0.5 mg/kg over 40 minutes relieved depression in sentence %d [@r%d%s].\n\n", s, p*100+s+1, also)
		}
		write(fmt.Sprintf("page%02d.md", p), md.String())
	}
}

// TestReferenceListSplits builds a site of 5,000 references (not timed):
// the reference list is split into pages of reflist.PerPage numbers, each
// number on exactly one page, each page with a pager to every other; every
// link resolves, the citations' included (check); and no page is over
// 500 KB, the home page's scholarly metadata and the reference list
// included.
func TestReferenceListSplits(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 5,000-reference site")
	}
	t.Parallel()
	dir := t.TempDir()
	largeBibliography(t, dir)
	out, pages := build(t, dir, "../../templates", "")
	check(t, out, "", pages)

	entry := regexp.MustCompile(`<li id="ref-(\d+)" value="(\d+)">`)
	pager := regexp.MustCompile(`<nav class="list-pages" aria-label="Pages of the reference list">.*?</nav>`)
	seen := map[string]int{}
	for k := 1; k <= reflist.Pages(5000); k++ {
		file := filepath.Join(out, strings.TrimPrefix(reflist.PagePath("/references/", k), "/"), "index.html")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("page %d of the list: %v", k, err)
		}
		first, last := reflist.Range(k)
		for _, m := range entry.FindAllStringSubmatch(string(b), -1) {
			var n int
			fmt.Sscan(m[1], &n)
			if n < first || n > last || m[1] != m[2] {
				t.Errorf("page %d holds reference %s", k, m[1])
			}
			seen[m[1]]++
		}
		nav := pager.FindString(string(b))
		for j := 1; j <= reflist.Pages(5000); j++ {
			href := `href="` + reflist.PagePath("/references/", j) + `"`
			if !strings.Contains(nav, href) {
				t.Errorf("page %d's pager lacks page %d (%s)", k, j, href)
			}
		}
		if want := fmt.Sprintf(`aria-current="page">%d–%d</a>`, first, last); !strings.Contains(nav, want) {
			t.Errorf("page %d's pager does not mark it current: %s", k, nav)
		}
	}
	for n := 1; n <= 5000; n++ {
		if c := seen[fmt.Sprint(n)]; c != 1 {
			t.Errorf("reference %d is on %d pages of the list", n, c)
		}
	}
	if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(reflist.PagePath("/references/", reflist.Pages(5000)+1), "/"), "index.html")); err == nil {
		t.Error("a list page past the last")
	}

	largest, largestSize := "", int64(0)
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > 500<<10 {
			t.Errorf("%s: %d KB, over 500 KB", p, info.Size()>>10)
		}
		if info.Size() > largestSize {
			largest, largestSize = p, info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("largest page: %s, %d KB", largest, largestSize>>10)
}
