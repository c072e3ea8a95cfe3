package cite

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

// stubResolver knows keys a..g as references 1, 2, 3, 4, 7, 29 and 30.
type stubResolver struct{}

var stubNumbers = map[string]int{"a": 1, "b": 2, "c": 3, "d": 4, "e": 7, "mcintyre2021": 29, "andrade2017": 30}

func (stubResolver) Resolve(key string) *Target {
	n, ok := stubNumbers[key]
	if !ok {
		return nil
	}
	return &Target{Key: key, Number: n, Href: "/references/#ref-" + strconv.Itoa(n), Label: "Author " + key}
}

func (stubResolver) Suggest(key string) []string {
	if key == "mcintyre2012" {
		return []string{"mcintyre2021"}
	}
	return nil
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, &Extension{Resolver: stubResolver{}}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
	)
}

// TestCaseFile runs the parser and renderer cases in _test/citations.txt
// with goldmark's own case-file runner.
func TestCaseFile(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "_test/citations.txt", t, testutil.ParseCliCaseArg()...)
}

func TestOccurrencesAndProblems(t *testing.T) {
	src := []byte("## Dose {#dose}\n\nIV is 0.5 mg/kg [@mcintyre2021]. Oral is different [@andrade2017; @a].\n\n| Route | Dose |\n|---|---|\n| IV | 1 mg/kg [@b] |\n\nUnknown [@mcintyre2012].\n")
	md := newMarkdown()
	pc := parser.NewContext()
	Use(pc, stubResolver{})
	md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	occ := Occurrences(pc)
	if len(occ) != 4 {
		t.Fatalf("occurrences = %+v", occ)
	}
	want := []Occurrence{
		{ID: "cite-1", Keys: []string{"mcintyre2021"}, HeadingID: "dose", HeadingText: "Dose", Context: "IV is 0.5 mg/kg [29]."},
		{ID: "cite-2", Keys: []string{"andrade2017", "a"}, HeadingID: "dose", HeadingText: "Dose", Context: "Oral is different [1,30]."},
		{ID: "cite-3", Keys: []string{"b"}, HeadingID: "dose", HeadingText: "Dose", Context: "IV | 1 mg/kg [2]"},
		{ID: "cite-4", Keys: []string{"mcintyre2012"}, HeadingID: "dose", HeadingText: "Dose", Context: "Unknown [?]."},
	}
	for i, w := range want {
		g := occ[i]
		if g.ID != w.ID || strings.Join(g.Keys, ",") != strings.Join(w.Keys, ",") || g.HeadingID != w.HeadingID || g.HeadingText != w.HeadingText || g.Context != w.Context {
			t.Errorf("occurrence %d = %+v\nwant %+v", i, g, w)
		}
		if string(src[g.Offset]) != "[" {
			t.Errorf("occurrence %d offset %d does not point at its bracket", i, g.Offset)
		}
	}
	probs := Problems(pc)
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, `unknown citation key "mcintyre2012"; did you mean "mcintyre2021"?`) || probs[0].Offset != occ[3].Offset {
		t.Errorf("problems = %+v", probs)
	}
}

func TestSentenceContextSkipsAbbreviations(t *testing.T) {
	src := []byte("First sentence. Smith et al. found that e.g. doses vary [@a]. Next one.\n")
	md := newMarkdown()
	pc := parser.NewContext()
	md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if occ := Occurrences(pc); len(occ) != 1 || occ[0].Context != "Smith et al. found that e.g. doses vary [1]." {
		t.Errorf("occurrences = %+v", occ)
	}
}

func TestParseGroup(t *testing.T) {
	tests := []struct {
		in   string
		want []Item
		ok   bool
	}{
		{"@a", []Item{{Key: "a"}}, true},
		{"@a; @b", []Item{{Key: "a"}, {Key: "b"}}, true},
		{"see @a, p. 4", []Item{{Prefix: "see", Key: "a", Locator: "p. 4"}}, true},
		{"-@a", []Item{{Key: "a"}}, true},
		{"@smith2020.", []Item{{Key: "smith2020"}}, true},
		{"@a:b-c", []Item{{Key: "a:b-c"}}, true},
		{"mail me at a@b.com", nil, false},
		{`\@a`, nil, false},
		{"@a @b", nil, false},
		{"@a; no key", nil, false},
		{"@a@b", nil, false},
		{"@", nil, false},
		{"@-a", nil, false},
		{"text", nil, false},
		{"@a text", []Item{{Key: "a", Locator: "text"}}, true},
	}
	for _, tt := range tests {
		got, ok := ParseGroup(tt.in)
		if ok != tt.ok || len(got) != len(tt.want) {
			t.Errorf("ParseGroup(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseGroup(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func FuzzParseCitations(f *testing.F) {
	for _, s := range []string{"[@a]", "[@a; @b, p. 4]", "[see @mcintyre2021]", "`[@a]`", `\[@a]`, "[@a](x)", "a@b.com [x@y]", "[@a;;]", "[@", "# x [@a, p. 4]\n"} {
		f.Add(s)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := md.Convert([]byte(s), &b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "<script") {
			t.Fatalf("script tag in output of %q", s)
		}
		items, ok := ParseGroup(s)
		for _, it := range items {
			if !ok || it.Key == "" || !isKeyStart(it.Key[0]) || strings.Contains(it.Prefix+it.Locator, "@") {
				t.Fatalf("ParseGroup(%q) = %+v, %v", s, items, ok)
			}
		}
	})
}

// A citation in a heading is resolved before the heading's text is taken
// for the occurrences under it (a located one used to panic).
func TestHeadingWithCitation(t *testing.T) {
	src := []byte("## Esketamine [@a, p. 4] {#esk}\n\nApproved in 2019 [@b].\n")
	pc := parser.NewContext()
	Use(pc, stubResolver{})
	newMarkdown().Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	occ := Occurrences(pc)
	if len(occ) != 2 {
		t.Fatalf("occurrences = %+v", occ)
	}
	for i, want := range []string{"Esketamine [1, p. 4]", "Esketamine [1, p. 4]"} {
		if occ[i].HeadingID != "esk" || occ[i].HeadingText != want {
			t.Errorf("occurrence %d heading = %q %q, want esk %q", i, occ[i].HeadingID, occ[i].HeadingText, want)
		}
	}
	if occ[1].Context != "Approved in 2019 [2]." {
		t.Errorf("context = %q", occ[1].Context)
	}
}

// The context of a citation is its sentence: abbreviations and initials do
// not end one, a table row is one, a long sentence (360 runes) is kept
// whole, and text longer than 1000 runes without a sentence end is cut
// around the citation.
func TestOccurrenceContexts(t *testing.T) {
	long := strings.Repeat("ketamine é ", 100) // 1100 runes
	sentence := "NICE reserves IV racemic ketamine " + strings.Repeat("for patients with failed treatments, ", 8) + "and did not recommend IN S-ketamine [@a]."
	tests := []struct{ src, want string }{
		{"First sentence. Dose e.g. 0.5 mg/kg, see Smith J. et al. [@a]. Next one.", "Dose e.g. 0.5 mg/kg, see Smith J. et al. [1]."},
		{"Is it? Yes [@a]! Done.", "Yes [1]!"},
		{"| A | B |\n|---|---|\n| x [@a] | y |\n", "x [1] | y"},
		{"Start " + long + "[@a] " + long + "end.", "…" + string([]rune("Start " + long + "[1] " + long + "end.")[len([]rune("Start "+long))-500:len([]rune("Start "+long))+500]) + "…"},
		{"Before. " + sentence + " After.", strings.Replace(sentence, "[@a]", "[1]", 1)},
		{"`code` [@a] after (p. 4) text.", "code [1] after (p. 4) text."},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		Use(pc, stubResolver{})
		newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		occ := Occurrences(pc)
		if len(occ) != 1 || occ[0].Context != tt.want {
			t.Errorf("context of %q\n got %+v\nwant %q", tt.src, occ, tt.want)
		}
	}
}
