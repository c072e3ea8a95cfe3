package markdown

import (
	"strings"
	"testing"
)

// TestNestingLimit: up to MaxNesting levels of list items and block quotes
// convert; one more is a problem at the marker that opens it, and goldmark
// never sees the page.
func TestNestingLimit(t *testing.T) {
	indented := func(d int) string { // each item on its own line, indented under the one before
		var b strings.Builder
		for i := 0; i < d; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return b.String()
	}
	indentedAt := func(d int) int { // offset of the d-th item's marker
		return len(indented(d-1)) + 2*(d-1)
	}
	tests := []struct {
		name  string
		src   func(d int) string
		at    func(d int) int // offset of the marker opening level d
		depth int
	}{
		{"bullets on one line", func(d int) string { return strings.Repeat("- ", d) + "x\n" }, func(d int) int { return 2 * (d - 1) }, 0},
		{"ordered on one line", func(d int) string { return strings.Repeat("1. ", d) + "x\n" }, func(d int) int { return 3 * (d - 1) }, 0},
		{"quotes on one line", func(d int) string { return strings.Repeat("> ", d) + "x\n" }, func(d int) int { return 2 * (d - 1) }, 0},
		{"quotes without spaces", func(d int) string { return strings.Repeat(">", d) + "x\n" }, func(d int) int { return d - 1 }, 0},
		{"quotes and bullets", func(d int) string { return strings.Repeat("> - ", d/2) + strings.Repeat("> ", d%2) + "x\n" }, func(d int) int { return 2 * (d - 1) }, 0},
		{"indented list", indented, indentedAt, 0},
		{"after a paragraph", func(d int) string { return "Text.\n\n" + strings.Repeat("* ", d) + "x\n" }, func(d int) int { return 7 + 2*(d-1) }, 0},
	}
	conv := New(Options{})
	for _, tt := range tests {
		for _, d := range []int{MaxNesting - 1, MaxNesting, MaxNesting + 1} {
			src := tt.src(d)
			res, err := conv.Convert(Document{Source: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			if d <= MaxNesting {
				if len(res.Problems) != 0 || len(res.HTML) == 0 {
					t.Errorf("%s, depth %d: problems %+v", tt.name, d, res.Problems)
				}
				continue
			}
			if len(res.Problems) != 1 || res.Problems[0].Offset != tt.at(d) || !strings.Contains(res.Problems[0].Msg, "more than 100 deep") || len(res.HTML) != 0 {
				t.Errorf("%s, depth %d: problems %+v, want one at offset %d (%q)", tt.name, d, res.Problems, tt.at(d), src[tt.at(d):min(len(src), tt.at(d)+6)])
			}
		}
	}
}

// TestNestingNotCounted: what only looks like markers does not count.
func TestNestingNotCounted(t *testing.T) {
	deep := strings.Repeat("- ", 2*MaxNesting) + "x\n"
	for name, src := range map[string]string{
		"fenced code":    "```\n" + deep + "```\n",
		"tilde fence":    "~~~~ text\n" + deep + "~~~~\n",
		"indented code":  "Para.\n\n    " + deep,
		"inside a line":  "Text " + deep,
		"dashes in text": strings.Repeat("-x ", 300) + "\n",
	} {
		if at := tooDeep([]byte(src)); at >= 0 {
			t.Errorf("%s: too deep at %d", name, at)
		}
	}
	if at := tooDeep([]byte("```\ncode\n```\n" + deep)); at < 0 {
		t.Error("a closed fence hides the lines after it")
	}
}

// TestInlineLimits: a paragraph may hold MaxDelimiters emphasis characters
// and MaxDefinitions lines opening with "[" in a row; one more is a
// problem at the character or line beyond the limit.
func TestInlineLimits(t *testing.T) {
	defs := func(n int) string { return strings.Repeat("[a]: /b\n", n) }
	tests := []struct {
		name  string
		src   func(n int) string
		limit int
		at    func(n int) int
		want  string
	}{
		{"emphasis pairs", func(n int) string { return "Text " + strings.Repeat("*_", n/2) + strings.Repeat("*", n%2) + "\n" }, MaxDelimiters, func(n int) int { return 5 + n - 1 }, "more than 10000 emphasis characters"},
		{"emphasis over lines", func(n int) string { return strings.Repeat("a *b*\n", n/2) + strings.Repeat("_", n%2) }, MaxDelimiters, func(n int) int { return 6 * (n / 2) }, "more than 10000 emphasis characters"},
		{"definitions", defs, MaxDefinitions, func(n int) int { return len(defs(n - 1)) }, `more than 1000 lines in a row open with "["`},
	}
	conv := New(Options{})
	for _, tt := range tests {
		for _, n := range []int{tt.limit, tt.limit + 1} {
			src := tt.src(n)
			res, err := conv.Convert(Document{Source: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			if n == tt.limit {
				if len(res.Problems) != 0 {
					t.Errorf("%s, %d: problems %+v", tt.name, n, res.Problems)
				}
				continue
			}
			if len(res.Problems) != 1 || res.Problems[0].Offset != tt.at(n) || !strings.Contains(res.Problems[0].Msg, tt.want) {
				t.Errorf("%s, %d: problems %+v, want one at %d", tt.name, n, res.Problems, tt.at(n))
			}
		}
	}
	// Blank lines and code fences end a paragraph's count.
	for name, src := range map[string]string{
		"split by blank lines":  strings.Repeat(strings.Repeat("*", 6000)+"\n\n", 3),
		"in fenced code":        "```\n" + strings.Repeat("*_", MaxDelimiters) + "\n```\n",
		"definitions in groups": strings.Repeat(defs(MaxDefinitions)+"\n", 2),
	} {
		if at, _ := tooManyInline([]byte(src)); at >= 0 {
			t.Errorf("%s: limit hit at %d", name, at)
		}
	}
}
