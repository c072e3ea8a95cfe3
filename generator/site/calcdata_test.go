package site

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"ketref/generator/calcpage"
	"ketref/wasm/vectors"
)

// TestRulesJSONIsThePageTables: the published rules.json and the rule
// tables the pages print hold the same rows, row for row (both are made
// from the calculators' rule data); every source names its reference by
// key and the number the pages give it, or the review's section; the
// published vectors are the package's; both files are linked from the
// calculator pages.
func TestRulesJSONIsThePageTables(t *testing.T) {
	out := buildReview(t, "")
	var rules calcpage.PublishedRules
	if err := json.Unmarshal([]byte(readOut(t, out, calcpage.RulesFile)), &rules); err != nil {
		t.Fatalf("rules.json: %v", err)
	}
	if rules.Version == "" || rules.Date != "2024-12-20" || len(rules.Rules) < 50 {
		t.Fatalf("rules.json: version %q, date %q, %d rules", rules.Version, rules.Date, len(rules.Rules))
	}
	// Every row of every rule table on the site's pages, whichever
	// calculator's fence printed it; a table of lines that show under
	// conditions has a "Shown when" column.
	var page string
	for _, f := range htmlFiles(t, out) {
		if p := readOut(t, out, f); strings.Contains(p, `<div class="table-wrap dosing-table"`) || strings.Contains(p, `<div class="table-wrap eligibility-table"`) {
			page += p
		}
	}
	row := regexp.MustCompile(`<tr><th scope="row">([^<]*)</th>(?:<td>([^<]*)</td>)?<td>([^<]*)</td><td>(.*?)</td></tr>`)
	tables := regexp.MustCompile(`(?s)<div class="table-wrap (?:dosing|eligibility)-table".*?</table>`).FindAllString(page, -1)
	onPages := map[string]bool{}
	for _, tab := range tables {
		for _, m := range row.FindAllStringSubmatch(tab, -1) {
			onPages[html.UnescapeString(m[1])+" | "+html.UnescapeString(m[2])+" | "+html.UnescapeString(m[3])] = true
		}
	}
	for _, want := range []string{"eligibility-table", "dosing-table"} {
		if !strings.Contains(readOut(t, out, "calculators/how/index.html")+readOut(t, out, "calculators/dosing/index.html")+readOut(t, out, "calculators/eligibility/index.html"), `<div class="table-wrap `+want+`"`) {
			t.Errorf("no calculator page prints a %s", want)
		}
	}
	inJSON := map[string]bool{}
	// The review's number of each key, as references.json records it.
	var bib []struct {
		ID     string `json:"id"`
		Number int    `json:"citation-number"`
	}
	if err := json.Unmarshal([]byte(readOut(t, "../../content", "references.json")), &bib); err != nil {
		t.Fatal(err)
	}
	reviewNumber := map[string]int{}
	for _, e := range bib {
		reviewNumber[e.ID] = e.Number
	}
	for _, r := range rules.Rules {
		inJSON[r.Label+" | "+r.When+" | "+r.Value] = true
		if len(r.Sources) == 0 {
			t.Errorf("rule %s/%s %q has no source", r.Calculator, r.Group, r.Label)
		}
		for _, s := range r.Sources {
			switch {
			case s.Key != "":
				if s.Number != reviewNumber[s.Key] || s.Number < 1 {
					t.Errorf("rule %q cites %s as number %d; the review numbers it %d", r.Label, s.Key, s.Number, reviewNumber[s.Key])
				}
			case s.Section == "":
				t.Errorf("rule %q has a source with neither key nor section", r.Label)
			}
		}
	}
	var missing, extra []string
	for k := range onPages {
		if !inJSON[k] {
			extra = append(extra, k)
		}
	}
	for k := range inJSON {
		if !onPages[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(onPages) == 0 || len(missing) > 0 || len(extra) > 0 {
		t.Errorf("%d rows on the pages, %d in rules.json; in rules.json only: %q; on the pages only: %q", len(onPages), len(inJSON), missing, extra)
	}
	if got, err := os.ReadFile(filepath.Join(out, calcpage.VectorsFile)); err != nil || !bytes.Equal(got, vectors.JSON()) {
		t.Errorf("vectors.json is not the package's (%v)", err)
	}
	for _, p := range []string{"calculators/dosing/index.html", "calculators/eligibility/index.html"} {
		if c := readOut(t, out, p); !strings.Contains(c, `href="/calculators/rules.json"`) || !strings.Contains(c, `href="/calculators/vectors.json"`) {
			t.Errorf("%s does not link rules.json and vectors.json", p)
		}
	}
}
