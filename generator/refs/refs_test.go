package refs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"ketref/generator/cite"
	"ketref/generator/diag"
)

const testBib = `[
{"id":"alpha","type":"book","title":"Alpha","issued":{"date-parts":[[2001]]}},
{"id":"beta","type":"book","title":"Beta","issued":{"date-parts":[[2002]]}},
{"id":"gamma","type":"book","title":"Gamma","issued":{"date-parts":[[2003]]}}
]`

func testSet(t *testing.T) *Set {
	t.Helper()
	var diags diag.List
	bib := cite.LoadBibliography([]byte(testBib), "content/references.json", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	return New(bib, "content/references.json")
}

func keysByNumber(s *Set) string {
	var out []string
	for i, r := range s.ByNum {
		if r.Number != i+1 || r.Target.Number != r.Number || r.Target.Key != r.Entry.ID {
			return "misnumbered"
		}
		out = append(out, r.Entry.ID)
	}
	return strings.Join(out, ",")
}

// TestNumber: references are numbered 1..n in file order, or in the order
// first cited, then the uncited in file order.
func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		name       string
		firstCited []string
		want       string
	}{
		{"file order", nil, "alpha,beta,gamma"},
		{"first cite", []string{"gamma", "alpha", "gamma", "nowhere"}, "gamma,alpha,beta"},
		{"nothing cited", []string{}, "alpha,beta,gamma"},
	} {
		s := testSet(t)
		s.Number(tc.firstCited)
		if got := keysByNumber(s); got != tc.want {
			t.Errorf("%s: numbered %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestResolve: a known key resolves to its target, with the list's
// anchor once SetHrefs ran; an unknown one suggests the nearest keys.
func TestResolve(t *testing.T) {
	s := testSet(t)
	s.SetHrefs("/ket/references/")
	var _ cite.Resolver = s
	for _, tc := range []struct {
		key     string
		number  int
		href    string
		suggest []string
	}{
		{"beta", 2, "/ket/references/#ref-2", nil},
		{"bta", 0, "", []string{"beta"}},
		{"zzzzzzzz", 0, "", nil},
	} {
		got := s.Resolve(tc.key)
		switch {
		case tc.number == 0 && got != nil:
			t.Errorf("Resolve(%q) = %+v, want nil", tc.key, got)
		case tc.number != 0 && (got == nil || got.Number != tc.number || got.Href != tc.href || got.Label == ""):
			t.Errorf("Resolve(%q) = %+v, want number %d at %s", tc.key, got, tc.number, tc.href)
		}
		if tc.number == 0 {
			if sug := s.Suggest(tc.key); !slices.Equal(sug, tc.suggest) {
				t.Errorf("Suggest(%q) = %v, want %v", tc.key, sug, tc.suggest)
			}
		}
	}
}

// TestCollect: where each reference is cited, in reading order, a key
// repeated in one group counted once; the uncited are warned of at their
// entry; CitedBy lists a page's references by number, each once.
func TestCollect(t *testing.T) {
	s := testSet(t)
	pages := [][]cite.Occurrence{
		{{ID: "cite-1", Keys: []string{"beta", "alpha", "beta"}}},
		nil,
		{{ID: "cite-1", Keys: []string{"nowhere"}}, {ID: "cite-2", Keys: []string{"alpha"}}},
	}
	var diags diag.List
	s.Collect(len(pages), func(i int) []cite.Occurrence { return pages[i] }, &diags)
	for _, tc := range []struct {
		key  string
		want string // page/group of each place
	}{
		{"alpha", "0/cite-1 2/cite-2"},
		{"beta", "0/cite-1"},
		{"gamma", ""},
	} {
		var got []string
		for _, c := range s.Lookup(tc.key).CitedAt() {
			got = append(got, string(rune('0'+c.Page))+"/"+c.Occ.ID)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s cited at %q, want %q", tc.key, strings.Join(got, " "), tc.want)
		}
	}
	warns := diags.Sorted()
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "content/references.json:4:1: warning: reference 3 (gamma) is never cited; cite it with [@gamma] or remove it") {
		t.Errorf("warnings: %v", warns)
	}
	var by []int
	for _, r := range s.CitedBy(slices.Concat(pages...)) {
		by = append(by, r.Number)
	}
	if !slices.Equal(by, []int{1, 2}) {
		t.Errorf("CitedBy = %v, want [1 2]", by)
	}
	s.Forget()
	for _, r := range s.ByNum {
		if r.CitedAt() != nil {
			t.Errorf("after Forget, %s is cited at %v", r.Entry.ID, r.CitedAt())
		}
	}
	if by := s.CitedBy(pages[2]); len(by) != 1 || by[0].Number != 1 {
		t.Errorf("after Forget, CitedBy = %v, want reference 1", by)
	}
}

// TestIndexJSON: the calculators' reference index is written by hand; it
// must be the bytes json.Marshal makes of the map it replaced, escapes
// included.
func TestIndexJSON(t *testing.T) {
	s := testSet(t)
	s.SetHrefs("/references/")
	for _, r := range s.ByNum {
		r.Target.Href += "?a=<b>&c"
		r.Target.Label += " \u2028\"é\""
	}
	type ref struct {
		N     int    `json:"n"`
		Href  string `json:"href"`
		Label string `json:"label"`
	}
	m := map[string]ref{}
	for _, r := range s.ByNum {
		m[r.Entry.ID] = ref{r.Number, r.Target.Href, r.Target.AccessibleName()}
	}
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.IndexJSON(); string(got) != string(want) {
		t.Errorf("IndexJSON:\n%s\nencoding/json:\n%s", got, want)
	}
	if got := (&Set{}).IndexJSON(); string(got) != "{}" {
		t.Errorf("IndexJSON of no references = %s", got)
	}
}
