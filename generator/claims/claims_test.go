package claims

import (
	"reflect"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"ketref/generator/cite"
	"ketref/generator/figure"
	"ketref/generator/markdown"
	"ketref/generator/snapshot"
)

// newConverter sets the converter up as the site does for claims: citations,
// figures as fences, and this extension.
func newConverter() *markdown.Converter {
	var fences markdown.Fences
	fences.Register("figure", figure.Fence)
	return markdown.New(markdown.Options{
		Extensions: []goldmark.Extender{&cite.Extension{}, Extension{}},
		Fences:     fences,
	})
}

func extractPage(conv *markdown.Converter, page string) ([]snapshot.Claim, []snapshot.Datum) {
	pc := conv.Parse(markdown.Document{Source: []byte(page), Context: parser.NewContext()})
	return Of(pc)
}

func sentence(section, text string, cites []string, numbers ...string) snapshot.Claim {
	c := snapshot.Claim{Section: section, Kind: snapshot.Sentence, Text: text, Cites: cites}
	if len(numbers) > 0 {
		c.Numbers = numbers
	}
	return c
}

func row(section, text string, cites []string, numbers ...string) snapshot.Claim {
	c := sentence(section, text, cites, numbers...)
	c.Kind = snapshot.Row
	return c
}

func keys(k ...string) []string { return k }

func TestClaims(t *testing.T) {
	tests := []struct {
		name string
		page string
		want []snapshot.Claim
	}{
		{
			name: "citation in the middle, at the end, after the full stop",
			page: "Effects start within hours [@a]. Some last [@b; @c] for weeks. Others fade. [@d] A last one.\n",
			want: []snapshot.Claim{
				sentence("", "Effects start within hours.", keys("a")),
				sentence("", "Some last for weeks.", keys("b", "c")),
				sentence("", "Others fade.", keys("d")),
				sentence("", "A last one.", nil),
			},
		},
		{
			name: "a key cited twice is listed once, in first-written order",
			page: "Both [@b] agree [@a; @b], as before [@b, p. 4].\n",
			want: []snapshot.Claim{sentence("", "Both agree, as before.", keys("b", "a"))},
		},
		{
			name: "abbreviations do not end sentences",
			page: "Berman et al. found it, e.g. in MDD, i.e. TRD, vs. placebo (see p. 4). J. Smith agreed! The U.S. FDA approved it. Why? Done.\n",
			want: []snapshot.Claim{
				sentence("", "Berman et al. found it, e.g. in MDD, i.e. TRD, vs. placebo (see p. 4).", nil, "4"),
				sentence("", "J. Smith agreed!", nil),
				sentence("", "The U.S. FDA approved it.", nil),
				sentence("", "Why?", nil),
				sentence("", "Done.", nil),
			},
		},
		{
			name: "lines of a paragraph join with one space",
			page: "One sentence\nover two lines [@a].\nA second\\\nwith a hard break.\n",
			want: []snapshot.Claim{
				sentence("", "One sentence over two lines.", keys("a")),
				sentence("", "A second with a hard break.", nil),
			},
		},
		{
			name: "a list, a nested list, a loose list and a blockquote",
			page: "- First item [@a]. Second sentence.\n- Second item\n  - nested item\n\n1. Loose.\n\n2. Loose too.\n\n> Quoted [@b].\n",
			want: []snapshot.Claim{
				sentence("", "First item.", keys("a")),
				sentence("", "Second sentence.", nil),
				sentence("", "Second item", nil),
				sentence("", "nested item", nil),
				sentence("", "Loose.", nil),
				sentence("", "Loose too.", nil),
				sentence("", "Quoted.", keys("b")),
			},
		},
		{
			name: "a table: header skipped, body cells joined, empty cells kept but the trailing ones",
			page: "| Measure | Finding | Note | Source |\n|---|---|---|---|\n| Plasma half-life | 2.5 hours | | [@kim2023] |\n| Onset | | *Within* hours | [@a; @b] |\n",
			want: []snapshot.Claim{
				row("", "Plasma half-life | 2.5 hours", keys("kim2023"), "2.5"),
				row("", "Onset | | Within hours", keys("a", "b")),
			},
		},
		{
			name: "emphasis, links, code, autolinks, escapes and entities are flattened",
			page: "A **bold** and _em_ [link](https://x.org) with `code  span`, <https://y.org>, \\*star\\* &amp; ~~old~~ ![alt text](i.png).\n",
			want: []snapshot.Claim{sentence("", "A bold and em link with code span, https://y.org, *star* & old alt text.", nil)},
		},
		{
			name: "numbers: decimals, ranges, thousands, comparisons",
			page: "Doses of 0.5 mg/kg for 1–2 weeks, 10 - 20 sessions, n = 1,000, ≥ 3 and 84%. Then 56.\n",
			want: []snapshot.Claim{
				sentence("", "Doses of 0.5 mg/kg for 1–2 weeks, 10 - 20 sessions, n = 1,000, ≥ 3 and 84%.", nil, "0.5", "1–2", "10 - 20", "1,000", "3", "84"),
				sentence("", "Then 56.", nil, "56"),
			},
		},
		{
			name: "sections follow heading ids, written or generated",
			page: "Before.\n\n## Onset and duration {#onset}\n\nUnder onset.\n\n### Plain heading\n\nUnder plain.\n",
			want: []snapshot.Claim{
				sentence("", "Before.", nil),
				sentence("onset", "Under onset.", nil),
				sentence("plain-heading", "Under plain.", nil),
			},
		},
		{
			name: "a paragraph that is only a citation gives it to the sentence before",
			page: "Claim.\n[@a]\n\n[@b]\n\nNext.\n",
			want: []snapshot.Claim{
				sentence("", "Claim.", keys("a")),
				sentence("", "Next.", nil),
			},
		},
		{
			name: "code blocks, HTML, headings and fences that are not figures are not claims",
			page: "# Title\n\n```go\nx := 1. // not a claim.\n```\n\n    indented code.\n\n<div>HTML block.</div>\n\n```dosing-table\nkind: x\n```\n",
			want: nil,
		},
	}
	conv := newConverter()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, data := extractPage(conv, tt.page)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("claims:\n got %#v\nwant %#v", got, tt.want)
			}
			if len(data) != 0 {
				t.Errorf("data = %#v, want none", data)
			}
		})
	}
}

func TestFigureData(t *testing.T) {
	tests := []struct {
		name string
		page string
		want []snapshot.Datum
	}{
		{
			name: "bars, with text in place of a number",
			page: "## Safety {#safety}\n\n```figure\nkind: bars\ntitle: Side effects (%)\nunit: \"%\"\ncitations: [a, b, a]\ndata:\n  - {label: Dissociation, value: 25, text: \"15% to 25%\"}\n  - {label: Nausea, value: 8}\n```\n",
			want: []snapshot.Datum{
				{Figure: "fig-side-effects", Label: "Dissociation", Value: "15% to 25%", Cites: keys("a", "b")},
				{Figure: "fig-side-effects", Label: "Nausea", Value: "8%", Cites: keys("a", "b")},
			},
		},
		{
			name: "range: every column of the data table",
			page: "```figure\nkind: range\ntitle: Bioavailability\nunit: \"%\"\ndata:\n  - {label: Intranasal, low: 8, high: 45}\n  - {label: Intramuscular, low: 90, high: 90, text: about 90%}\n```\n",
			want: []snapshot.Datum{
				{Figure: "fig-bioavailability", Label: "Intranasal", Value: "8% | 45% | 8–45%"},
				{Figure: "fig-bioavailability", Label: "Intramuscular", Value: "90% | 90% | about 90%"},
			},
		},
		{
			name: "timeline rows in date order",
			page: "```figure\nkind: timeline\ntitle: History\ndata:\n  - {date: 2019-03, label: Esketamine approved}\n  - {date: 1962, label: Synthesized}\n```\n",
			want: []snapshot.Datum{
				{Figure: "fig-history", Label: "1962", Value: "Synthesized"},
				{Figure: "fig-history", Label: "2019-03", Value: "Esketamine approved"},
			},
		},
		{
			name: "schedule: the span of weeks labels the row",
			page: "```figure\nkind: schedule\ntitle: IN schedule\ndata:\n  - {weeks: 1-4, perWeek: 2, label: Induction}\n  - {weeks: 5-8, perWeek: 1, label: Maintenance}\n```\n",
			want: []snapshot.Datum{
				{Figure: "fig-in-schedule", Label: "1-4", Value: "2 | Induction"},
				{Figure: "fig-in-schedule", Label: "5-8", Value: "1 | Maintenance"},
			},
		},
		{
			name: "a figure that does not parse gives no data",
			page: "```figure\nkind: pie\ntitle: T\ndata:\n  - {label: a, value: 1}\n```\n",
			want: nil,
		},
	}
	conv := newConverter()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, got := extractPage(conv, tt.page)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("data:\n got %#v\nwant %#v", got, tt.want)
			}
			if len(claims) != 0 {
				t.Errorf("claims = %#v, want none: a figure's caption and data are not sentences", claims)
			}
		})
	}
}

// TestOf: a context never parsed holds nothing, and parsing a second page
// with one context replaces the first page's evidence.
func TestOf(t *testing.T) {
	pc := parser.NewContext()
	if c, d := Of(pc); c != nil || d != nil {
		t.Errorf("Of(new context) = %v, %v", c, d)
	}
	conv := newConverter()
	conv.Parse(markdown.Document{Source: []byte("First page."), Context: pc})
	conv.Parse(markdown.Document{Source: []byte("Second page."), Context: pc})
	if c, _ := Of(pc); len(c) != 1 || c[0].Text != "Second page." {
		t.Errorf("Of after two parses = %#v", c)
	}
}

// TestSkip: a skipped extension finds nothing and leaves the HTML as the
// extension makes it.
func TestSkip(t *testing.T) {
	src := []byte("Ketamine 0.5 mg/kg [@a].\n\n| Dose | Source |\n|---|---|\n| 56 mg | [@a] |\n")
	var html [2]string
	for i, skip := range []bool{false, true} {
		conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{&cite.Extension{}, Extension{Skip: skip}}})
		pc := parser.NewContext()
		res, err := conv.Convert(markdown.Document{Source: src, Context: pc})
		if err != nil {
			t.Fatal(err)
		}
		html[i] = string(res.HTML)
		if c, _ := Of(pc); skip != (c == nil) {
			t.Errorf("Skip %v: %d claims", skip, len(c))
		}
	}
	if html[0] != html[1] {
		t.Errorf("HTML differs with Skip:\n%s\n%s", html[0], html[1])
	}
}
