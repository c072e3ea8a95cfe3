package figure

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"ketref/generator/cite"
	"ketref/generator/markdown"
)

type oneRef struct{}

func (oneRef) Resolve(key string) *cite.Target {
	if key == "smith2020" {
		return &cite.Target{Key: key, Number: 7, Href: "/references/#ref-7", Label: "Smith, 2020"}
	}
	return nil
}
func (oneRef) Suggest(string) []string { return nil }

// TestFence: a figure block on a page draws with an id from its title,
// records its citations with the caption as their context, and reports a
// problem at its line and column in the page.
func TestFence(t *testing.T) {
	var fences markdown.Fences
	fences.Register("figure", Fence)
	conv := markdown.New(markdown.Options{Fences: fences})
	page := "## Doses {#doses}\n\n```figure\nkind: bars\ntitle: Doses, by route (mg/kg)\ncitations: [smith2020]\ndata:\n  - {label: IV, value: 1}\n```\n"
	pc := parser.NewContext()
	cite.Use(pc, oneRef{})
	res, err := conv.Convert(markdown.Document{Source: []byte(page), Context: pc})
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("%v %+v", err, res.Problems)
	}
	html := string(res.HTML)
	for _, w := range []string{`<figure class="chart chart-bars" id="fig-doses-by-route-mg-kg">`, `<a href="#cited-7">7</a>]</span></figcaption>`} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
	occ := cite.Occurrences(pc)
	if len(occ) != 1 || occ[0].HeadingID != "doses" || occ[0].Context != "Figure: Doses, by route (mg/kg). [7]" || page[occ[0].Offset:occ[0].Offset+4] != "kind" {
		t.Errorf("occurrences = %+v", occ)
	}

	bad := "```figure\nkind: bars\ntitle: T\ndata:\n  - {label: a, value: .inf}\n```\n"
	res, _ = conv.Convert(markdown.Document{Source: []byte(bad)})
	if len(res.Problems) != 1 || !strings.HasPrefix(bad[res.Problems[0].Offset:], ".inf}") || !strings.Contains(res.Problems[0].Msg, "value .inf is not a finite number") {
		t.Errorf("problems = %+v", res.Problems)
	}
}
