package suggest

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"kind", "kind", 0},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"smith2020", "smtih2020", 2},
		{"né", "ne", 1}, // runes, not bytes
		{"term-trd", "term-tdr", 2},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		word       string
		candidates []string
		max        int
		want       []string
	}{
		{"titel", []string{"title", "kind", "caption"}, 2, []string{"title"}},
		{"x", []string{"title"}, 2, nil},
		// Nearest first; at equal distance, the given order.
		{"smith", []string{"smyth", "smith2", "smit", "jones"}, 2, []string{"smyth", "smith2", "smit"}},
		{"smith", []string{"smit", "smith2", "smyth"}, 2, []string{"smit", "smith2", "smyth"}},
		{"smith", []string{"smith2", "smith"}, 1, []string{"smith", "smith2"}},
		{"a", nil, 3, nil},
	}
	for _, tt := range tests {
		got := Near(tt.word, tt.candidates, tt.max)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Near(%q, %q, %d) = %q, want %q", tt.word, tt.candidates, tt.max, got, tt.want)
		}
		if n := Nearest(tt.word, tt.candidates, tt.max); n != strings.Join(tt.want[:min(1, len(tt.want))], "") {
			t.Errorf("Nearest(%q) = %q", tt.word, n)
		}
	}
}

// The rules the suggestions were made by before this package; the
// replacements must give the same answers (nearestSource ranged over a map,
// so its ties were broken by chance: only its distance is compared).

func oldYAMLKey(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := Distance(strings.ToLower(got), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

func oldNearestID(id string, ids []string) string {
	best, bestDist := "", len(id)/2+2
	for _, cand := range ids {
		if d := Distance(id, cand); d < bestDist || d == bestDist && cand < best {
			best, bestDist = cand, d
		}
	}
	return best
}

func oldCitationKeys(key string, keys []string) []string {
	type cand struct {
		key  string
		dist int
	}
	var cs []cand
	for _, k := range keys {
		if d := Distance(key, k); d <= max(2, len(key)/4) {
			cs = append(cs, cand{k, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return cs[i].key < cs[j].key
	})
	var out []string
	for i := 0; i < len(cs) && i < 2; i++ {
		out = append(out, cs[i].key)
	}
	return out
}

func oldNearestSourceDist(missing string, sources []string) int {
	bestDist := len(missing)/2 + 1
	for _, src := range sources {
		bestDist = min(bestDist, Distance(missing, src))
	}
	return bestDist
}

func FuzzReplacements(f *testing.F) {
	f.Add("titel", "title kind caption data")
	f.Add("term-tdr", "term-trd term-ect summary term-trd")
	f.Add("smith2021", "smith2020 smith2012 jones2021 smyth2021")
	f.Add("routes/oral.md", "routes/oral.md routes/iv.md index.md routes/orals.md")
	f.Fuzz(func(t *testing.T, word, list string) {
		cands := strings.Fields(list)
		sorted := slices.Clone(cands)
		slices.Sort(sorted)

		if got, want := Nearest(strings.ToLower(word), cands, 2), oldYAMLKey(word, cands); got != want {
			t.Errorf("YAML key %q in %q: %q, was %q", word, cands, got, want)
		}
		if got, want := Nearest(word, slices.Compact(slices.Clone(sorted)), len(word)/2+1), oldNearestID(word, cands); got != want {
			t.Errorf("id %q in %q: %q, was %q", word, cands, got, want)
		}
		near := Near(word, sorted, max(2, len(word)/4))
		if got, want := near[:min(2, len(near))], oldCitationKeys(word, cands); !slices.Equal(got, want) {
			t.Errorf("key %q in %q: %q, was %q", word, cands, got, want)
		}
		got := Nearest(word, sorted, len(word)/2)
		switch want := oldNearestSourceDist(word, cands); {
		case want > len(word)/2 && got != "":
			t.Errorf("source %q in %q: %q, was none", word, cands, got)
		case want <= len(word)/2 && (got == "" || Distance(word, got) != want):
			t.Errorf("source %q in %q: %q, was one at distance %d", word, cands, got, want)
		}
	})
}
