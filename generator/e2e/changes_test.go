package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// TestChangesPageAccessible: a changes page with unreleased changes of
// every kind (a reworded and a split sentence, a changed citation, an
// added and a withdrawn reference, a changed figure datum), the marked
// page and the withdrawn reference's page pass axe-core in both themes;
// the mark links the unreleased section, which the browser scrolls to.
func TestChangesPageAccessible(t *testing.T) {
	t.Parallel()
	axe := AxeSource(t)
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(Root, "content"))); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(content, "efficacy.md"), "The review presents ketamine as the first rapid-acting", "The review describes ketamine as the first fast-acting")
	edit(t, filepath.Join(content, "efficacy.md"), "benefit; the number needed to harm (NNH)", "benefit. The number needed to harm (NNH)")
	edit(t, filepath.Join(content, "efficacy.md"), "| Up to 1–2 weeks | [@zanos2018] |", "| Up to 1–2 weeks | [@kim2023] |")
	edit(t, filepath.Join(content, "references.json"), `"id": "zanos2018",`, `"id": "zanos2018", "custom": {"withdrawn": "Withdrawn for this test."},`)
	edit(t, filepath.Join(content, "references.json"), "[\n", "[\n  {\"id\": \"newtrial2025\", \"type\": \"article-journal\", \"author\": [{\"family\": \"Doe\", \"given\": \"J\"}], \"title\": \"A new trial\", \"issued\": {\"date-parts\": [[2025]]}},\n")
	edit(t, filepath.Join(content, "routes", "intranasal.md"), "{weeks: 5-8, perWeek: 1, label: weeks 5–8}", "{weeks: 5-8, perWeek: 1.5, label: weeks 5–8}")
	out := filepath.Join(tmp, "public")
	if _, err := site.Build(site.Options{Content: os.DirFS(content), Templates: os.DirFS(filepath.Join(Root, "templates")), Out: out, NoServiceWorker: true,
		Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"}}); err != nil {
		t.Fatal(err)
	}
	base := Serve(t, out)
	for _, p := range []string{"/changes/", "/efficacy/", "/references/16/"} {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			ctx := Browser(t, 90*time.Second)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body")), chromedp.Evaluate[chromedp.Void](axe)); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, p)
		})
	}
	t.Run("the mark leads to the entries", func(t *testing.T) {
		t.Parallel()
		ctx := Browser(t, 90*time.Second)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/efficacy/"), chromedp.WaitReady(chromedp.CSS(".updated a")), chromedp.Click(chromedp.CSS(".updated a"))); err != nil {
			t.Fatal(err)
		}
		WaitLocation(t, ctx, "/changes/#unreleased")
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll("#unreleased li.change").length,
			Math.round(document.getElementById("unreleased").getBoundingClientRect().top)]`))
		if err != nil || len(got) != 2 || got[0] != 6 || got[1] < -2 || got[1] > 120 {
			t.Errorf("unreleased entries and the section's top after the jump = %v (%v); want 6 entries and the section scrolled to the top", got, err)
		}
	})
}
