package anchors

import (
	"strings"
	"testing"
)

func TestSet(t *testing.T) {
	s := NewSet([]string{"dose", "cite-1", "cite-12", "a\x00b", "dose"})
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

func TestScan(t *testing.T) {
	for _, tt := range []struct {
		name, page, want string
	}{
		{"attributes", `<h2 id="dose">D</h2><p class="x"	id="a&amp;b">`, "dose|a&b"},
		{"not an attribute", `<a data-id="no" href="#x">valid="no"</a>`, ""},
		{"at the start", `id="no"`, ""},
		{"unterminated", `<p id="open`, ""},
		{"empty", `<p id="">`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			Scan([]byte(tt.page), func(id string) { got = append(got, id) })
			if strings.Join(got, "|") != tt.want {
				t.Errorf("Scan = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHint(t *testing.T) {
	many := make([]string, 13)
	for i := range many {
		many[i] = strings.Repeat("x", i+20)
	}
	for _, tt := range []struct {
		name, missing string
		ids           []string
		want          string
	}{
		{"nearest", "dosing", []string{"safety", "dose", "dosage"}, `; did you mean "dosage"?`},
		{"tie goes to byte order", "ab", []string{"ac", "aa"}, `; did you mean "aa"?`},
		{"none near: all, sorted, once", "zzzzzz", []string{"b", "a", "b"}, "; its ids are: a, b"},
		{"none near, too many to list", "q", many, ""},
		{"no ids", "dose", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Hint(tt.missing, NewSet(tt.ids)); got != tt.want {
				t.Errorf("Hint(%q) = %q, want %q", tt.missing, got, tt.want)
			}
		})
	}
}
