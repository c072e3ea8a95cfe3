package calculators

import (
	"regexp"
	"testing"

	"ketref/wasm/calculator"
)

var jsIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// TestManifests checks what the bridge and the page rely on: every name of
// the API is a JavaScript identifier and defined once, and every field is
// declared once with a kind.
func TestManifests(t *testing.T) {
	api := map[string]string{"version": "the API version", "rules": "the rules' version"}
	for _, c := range All() {
		m := c.Manifest()
		names := append([]string{m.ID}, exportNames(m)...)
		for _, n := range names {
			if !jsIdent.MatchString(n) {
				t.Errorf("%s: %q is not a JavaScript identifier", m.ID, n)
			}
			if other, ok := api[n]; ok {
				t.Errorf("%s: ketcalc.%s is also %s", m.ID, n, other)
			}
			api[n] = m.ID
		}
		if m.Name == "" || len(m.Fields) == 0 {
			t.Errorf("%s: no name or no fields", m.ID)
		}
		seen := map[string]bool{}
		for _, f := range m.Fields {
			switch f.Kind {
			case calculator.Number, calculator.Choice, calculator.Flag, calculator.Date:
			default:
				t.Errorf("%s.%s: kind %q", m.ID, f.Name, f.Kind)
			}
			if seen[f.Name] || !jsIdent.MatchString(f.Name) {
				t.Errorf("%s: field %q repeated or not an identifier", m.ID, f.Name)
			}
			seen[f.Name] = true
			if f.Min > f.Max {
				t.Errorf("%s.%s: bounds %v > %v", m.ID, f.Name, f.Min, f.Max)
			}
		}
		if got := Lookup(m.ID); got == nil || got.Manifest().ID != m.ID {
			t.Errorf("Lookup(%q) = %v", m.ID, got)
		}
	}
	if Lookup("no-such") != nil {
		t.Error("Lookup of an unknown id found one")
	}
}

func exportNames(m calculator.Manifest) []string {
	var out []string
	for _, e := range m.Exports {
		out = append(out, e.Name)
	}
	return out
}

// TestComputeEmpty: with nothing filled in, every calculator answers with
// field errors, each naming a declared field, and no numbers.
func TestComputeEmpty(t *testing.T) {
	for _, c := range All() {
		m := c.Manifest()
		out := c.Compute(calculator.Values{})
		errs, _ := out["errors"].([]any)
		if out["ok"] != false || len(errs) == 0 {
			t.Errorf("%s: empty input gave ok=%v errors=%v", m.ID, out["ok"], out["errors"])
			continue
		}
		declared := map[string]bool{}
		for _, f := range m.Fields {
			declared[f.Name] = true
		}
		for _, e := range errs {
			if f := e.(map[string]any)["field"].(string); !declared[f] {
				t.Errorf("%s: error for undeclared field %q", m.ID, f)
			}
		}
	}
}

func TestValuesFlag(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"true", true}, {"on", true}, {"yes", true}, {"1", true},
		{"", false}, {"false", false}, {"0", false}, {"TRUE", false}, {"no", false},
	} {
		if got := (calculator.Values{"x": tt.text}).Flag("x"); got != tt.want {
			t.Errorf("Flag(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
