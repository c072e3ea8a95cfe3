package site

import (
	"encoding/json"
	"testing"
)

// TestRefIndexMatchesEncodingJSON: the calculators' reference index is
// written by hand; it must be the bytes json.Marshal made of the map it
// replaced.
func TestRefIndexMatchesEncodingJSON(t *testing.T) {
	b, _, _ := stagedBuilder(t, benchOptions(benchCorpus(60, 100), ""), "render")
	for _, r := range b.cites.ByNum {
		r.Target.Href += "?a=<b>&c"
		r.Target.Label += " \u2028\"é\""
	}
	type ref struct {
		N     int    `json:"n"`
		Href  string `json:"href"`
		Label string `json:"label"`
	}
	m := map[string]ref{}
	for _, r := range b.cites.ByNum {
		m[r.Entry.ID] = ref{r.Number, r.Target.Href, r.Target.AccessibleName()}
	}
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b.refIndexJSON()); got != string(want) {
		t.Errorf("refIndexJSON:\n%.300s\nencoding/json:\n%.300s", got, want)
	}
}
