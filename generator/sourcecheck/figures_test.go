package sourcecheck

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
)

// numberWords are the numbers the review writes out in the figures the
// rules quote.
var numberWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

var (
	digits   = regexp.MustCompile(`\d+(?:\.\d+)?`)
	words    = regexp.MustCompile(`[A-Za-z]+`)
	refNote  = regexp.MustCompile(`reference \d+`)
	spaceRun = regexp.MustCompile(`\s+`)
)

// numbersIn lists the numbers s writes in digits and, with words, in words.
func numbersIn(s string, withWords bool) []float64 {
	var out []float64
	for _, d := range digits.FindAllString(s, -1) {
		f, _ := strconv.ParseFloat(d, 64)
		out = append(out, f)
	}
	if withWords {
		for _, w := range words.FindAllString(s, -1) {
			if f, ok := numberWords[strings.ToLower(w)]; ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// TestRuleFiguresAsPrinted: every rule of every calculator's tables (the
// rows /calculators/rules.json publishes) that states a number of the
// review quotes the review's figure for it, and the quote is the review's,
// verbatim: each excerpt of Figure (joined by " … ") is in the review's
// text, every number the rule's value writes is in its figure, in digits
// or in words ("nine studies" for 9), and a rule with a number and no
// figure says in a source's note where the number comes from (the device
// size, from the product label). A figure that is not in the review, or a
// value whose number the figure does not hold, fails.
func TestRuleFiguresAsPrinted(t *testing.T) {
	text := spaceRun.ReplaceAllString(review(t), " ")
	rows, withFigure := 0, 0
	for _, c := range calculators.All() {
		rb, ok := c.(calculator.RuleBook)
		if !ok {
			continue
		}
		for _, g := range rb.Rules().Groups {
			for _, r := range g.Rows {
				rows++
				where := c.Manifest().ID + "/" + g.ID + "/" + r.Label + " (" + r.Value + ")"
				// A reference's number in a note is not a figure.
				nums := numbersIn(refNote.ReplaceAllString(r.Value, ""), false)
				if r.Figure == "" {
					if len(nums) == 0 {
						continue
					}
					noted := false
					for _, s := range r.Sources {
						noted = noted || s.Note != ""
					}
					if !noted {
						t.Errorf("%s: writes %v but quotes no figure of the review and no source note says where the number is from", where, nums)
					}
					continue
				}
				withFigure++
				for _, part := range strings.Split(r.Figure, " … ") {
					if !strings.Contains(text, part) {
						t.Errorf("%s: figure %q is not in the review's text", where, part)
					}
				}
				have := numbersIn(r.Figure, true)
				for _, n := range nums {
					found := false
					for _, h := range have {
						found = found || h == n
					}
					if !found {
						t.Errorf("%s: the value writes %v, which its figure %q does not hold", where, n, r.Figure)
					}
				}
			}
		}
	}
	// Not vacuous: the tables hold the dose rules and the summary's lines.
	if rows < 100 || withFigure < 50 {
		t.Errorf("%d rules, %d with a figure; want at least 100 and 50", rows, withFigure)
	}
}
