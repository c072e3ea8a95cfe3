package sourcecheck

import (
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/frontmatter"
	"ketref/generator/needs"
)

const (
	contentDir = "../../content"
	reviewPath = "../../../shared/review/ketamine-review.md"
)

// review returns the review's text, which CI has beside the repository.
func review(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(needs.File(t, reviewPath, "put the review at ../shared/review/ketamine-review.md beside the repository"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func bibliography(t *testing.T) *cite.Bibliography {
	t.Helper()
	src, err := os.ReadFile(path.Join(contentDir, cite.File))
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	b := cite.LoadBibliography(src, "content/references.json", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	return b
}

// pages returns every content page's body (front matter removed), by path.
func pages(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(os.DirFS(contentDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(path.Join(contentDir, p))
		if err != nil {
			return err
		}
		parts, err := frontmatter.Split(src)
		if err != nil {
			return err
		}
		out[p] = string(parts.Body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 15 {
		t.Fatalf("only %d pages under content/", len(out))
	}
	return out
}

func TestBibliographyMatchesPublishedList(t *testing.T) {
	printed := PrintedReferences(review(t))
	if len(printed) != 88 {
		t.Fatalf("the review lists %d references, want 88", len(printed))
	}
	b := bibliography(t)
	if len(b.Entries) != 88 {
		t.Errorf("references.json has %d entries, want 88", len(b.Entries))
	}
	for _, p := range MatchBibliography(b, printed) {
		t.Error(p)
	}
}

// uncited lists the references no page cites, each with the reason; the
// test fails when the set changes, so a new gap is a decision, not an
// accident.
var uncited = map[string]string{}

func TestCitedKeysExistAndUncitedAreKnown(t *testing.T) {
	b := bibliography(t)
	cited := map[string]int{}
	for p, body := range pages(t) {
		for _, k := range Citations(body) {
			if b.Lookup(k) == nil {
				t.Errorf("%s cites unknown key %q", p, k)
			}
			cited[k]++
		}
	}
	var never []string
	for _, e := range b.Entries {
		if cited[e.ID] == 0 {
			never = append(never, e.ID)
			if _, ok := uncited[e.ID]; !ok {
				t.Errorf("reference %d (%s) is never cited on the site", e.Number, e.ID)
			}
		}
	}
	for id := range uncited {
		if cited[id] > 0 {
			t.Errorf("%s is listed as uncited but is cited %d times; remove it from the list", id, cited[id])
		}
	}
	t.Logf("%d of %d references cited; never cited: %v", len(b.Entries)-len(never), len(b.Entries), never)
}

// allowedRuns are names and titles a page may share with the review word
// for word.
var allowedRuns = []string{
	"Canadian Network for Mood and Anxiety Treatments",
	"National Institute for Health and Care Excellence",
	"N-methyl-D-aspartate",
	"Ketamine's Evolving Role in Addressing Treatment Resistant Depression",
	"Almalval - Center of Expertise in Psychiatry and Psychotherapy",
	"α-amino-3-hydroxy-5-methyl-4-isoxazolepropionic acid (AMPA) receptors",
	"J Med Clin Res Rev. 2024; 8(12): 1-9",
	// A section heading of the review, named where a note points into it.
	"Ketamine Among Current Treatments for Treatment Resistant Depression",
}

// TestNoSentenceCopied: no page shares a run of 8 words with the review.
func TestNoSentenceCopied(t *testing.T) {
	rev := review(t)
	// The reference list is bibliographic data that pages may quote.
	body, _, _ := strings.Cut(rev, "\n## References")
	for p, text := range pages(t) {
		for _, run := range CopiedRuns(text, body, 8, allowedRuns) {
			t.Errorf("%s repeats the review word for word: %q", p, run)
		}
	}
}

// allowedNumbers are figures a page may give that the review does not:
// dates of this site's own editing, and reference positions written out.
var allowedNumbers = map[string][]string{
	"about.md": {"2026", "11", "26"},
	// The calculator's own input limits and unit conversion, not figures
	// from the review: adults of 20 to 300 kg, 0.4536 kg per lb.
	"calculators/dosing.md": {"300", "0.4536"},
	// Figures: axis maxima, "complete" drawn as 100%, March 2019 as 2019-03.
	"background.md":    {"100", "03"},
	"routes/_index.md": {"100"},
	"safety.md":        {"0", "30", "40"}, // "fewer than 5%" drawn from 0
}

// TestNumbersComeFromReview: every figure on a page is one the review
// states (its text or its reference list).
func TestNumbersComeFromReview(t *testing.T) {
	rev := review(t)
	for p, text := range pages(t) {
		missing := MissingNumbers(text, rev)
		allowed := map[string]bool{}
		for _, n := range allowedNumbers[p] {
			allowed[n] = true
		}
		var bad []string
		for _, n := range missing {
			if !allowed[n] {
				bad = append(bad, n)
			}
		}
		sort.Strings(bad)
		if len(bad) > 0 {
			t.Errorf("%s has figures the review never states: %v", p, bad)
		}
	}
}
