package site

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestIDSet(t *testing.T) {
	s := makeIDSet([]string{"dose", "cite-1", "cite-12", "a\x00b", "dose"})
	for _, tt := range []struct {
		id   string
		want bool
	}{{"dose", true}, {"cite-1", true}, {"cite-12", true}, {"cite-2", false}, {"cite", false}, {"ite-1", false}, {"", false}, {"a\x00b", false}, {"a", false}} {
		if got := s.Has(tt.id); got != tt.want {
			t.Errorf("Has(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	if got := strings.Join(s.All(), ","); got != "dose,cite-1,cite-12,dose" {
		t.Errorf("All = %q", got)
	}
}

// TestRefIndexMatchesEncodingJSON: the calculators' reference index is
// written by hand; it must be the bytes json.Marshal made of the map it
// replaced.
func TestRefIndexMatchesEncodingJSON(t *testing.T) {
	b, _, _ := stagedBuilder(t, benchOptions(benchCorpus(60, 100), ""), "render")
	for _, r := range b.cites.byNum {
		r.target.Href += "?a=<b>&c"
		r.target.Label += " \u2028\"é\""
	}
	type ref struct {
		N     int    `json:"n"`
		Href  string `json:"href"`
		Label string `json:"label"`
	}
	m := map[string]ref{}
	for _, r := range b.cites.byNum {
		m[r.entry.ID] = ref{r.number, r.target.Href, r.target.AccessibleName()}
	}
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b.refIndexJSON()); got != string(want) {
		t.Errorf("refIndexJSON:\n%.300s\nencoding/json:\n%.300s", got, want)
	}
}
