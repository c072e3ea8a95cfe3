package calculators

import (
	"regexp"
	"testing"

	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
)

// pinnedRulesVersion is RulesVersion for the rules as they are on
// RulesDate. When a rule table changes, TestRulesVersionPinned fails: set
// RulesDate to the date of the source the new rules come from, and this
// pin to the new version, in the same commit.
const pinnedRulesVersion = "a8ae6ef57680"

func TestRulesVersionPinned(t *testing.T) {
	if got := RulesVersion(); got != pinnedRulesVersion {
		t.Errorf("the rules changed: RulesVersion() = %s, pinned %s (dated %s).\nUpdate RulesDate (version.go) to the date of the rules' source and pinnedRulesVersion to %s.", got, pinnedRulesVersion, RulesDate, got)
	}
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(RulesVersion()) {
		t.Errorf("RulesVersion() = %q; want 12 hex digits", RulesVersion())
	}
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(RulesDate) {
		t.Errorf("RulesDate = %q; want YYYY-MM-DD", RulesDate)
	}
}

// book is a calculator with rule tables, for the hash's own tests.
type book struct {
	m calculator.Manifest
	r calculator.Rules
}

func (b book) Manifest() calculator.Manifest               { return b.m }
func (b book) Compute(calculator.Values) calculator.Output { return nil }
func (b book) Rules() calculator.Rules                     { return b.r }

// plain is a calculator without rule tables.
type plain struct{ m calculator.Manifest }

func (p plain) Manifest() calculator.Manifest               { return p.m }
func (p plain) Compute(calculator.Values) calculator.Output { return nil }

// TestRulesVersionSeesEveryPart: the version is the same for the same
// rules, and changes with any one part of a manifest or a table, including
// a character moved from one string to the next.
func TestRulesVersionSeesEveryPart(t *testing.T) {
	base := func() book {
		return book{
			m: calculator.Manifest{ID: "c", Name: "C", Fields: []calculator.Field{{Name: "w", Kind: calculator.Number, Unit: "kg", Min: 20, Max: 300}}, Exports: []calculator.Export{{Name: "e"}}},
			r: calculator.Rules{Fence: "c-table", Key: "k", Groups: []calculator.RuleGroup{{
				ID: "g", Name: "G", Label: "L", Caption: "Cap",
				Rows: []calculator.Rule{{Label: "ab", Value: "c", Sources: []evidence.Source{{Key: "k1", Section: "s", Page: "/p/", Note: "n"}}}},
			}}},
		}
	}
	want := rulesVersion([]calculator.Calculator{base()})
	if again := rulesVersion([]calculator.Calculator{base()}); again != want {
		t.Fatalf("two hashes of the same rules differ: %s, %s", want, again)
	}
	for _, tt := range []struct {
		name   string
		change func(*book)
	}{
		{"manifest name", func(b *book) { b.m.Name = "D" }},
		{"field unit", func(b *book) { b.m.Fields[0].Unit = "lb" }},
		{"field bound", func(b *book) { b.m.Fields[0].Max = 301 }},
		{"export", func(b *book) { b.m.Exports = nil }},
		{"fence", func(b *book) { b.r.Fence = "d-table" }},
		{"group caption", func(b *book) { b.r.Groups[0].Caption = "Cap." }},
		{"row value", func(b *book) { b.r.Groups[0].Rows[0].Value = "d" }},
		{"a character moved between strings", func(b *book) { b.r.Groups[0].Rows[0].Label, b.r.Groups[0].Rows[0].Value = "a", "bc" }},
		{"source key", func(b *book) { b.r.Groups[0].Rows[0].Sources[0].Key = "k2" }},
		{"source note", func(b *book) { b.r.Groups[0].Rows[0].Sources[0].Note = "" }},
		{"a row added", func(b *book) {
			b.r.Groups[0].Rows = append(b.r.Groups[0].Rows, calculator.Rule{Label: "x", Value: "y"})
		}},
	} {
		b := base()
		tt.change(&b)
		if got := rulesVersion([]calculator.Calculator{b}); got == want {
			t.Errorf("%s: the version did not change (%s)", tt.name, got)
		}
	}
	// A calculator without tables counts too.
	with := rulesVersion([]calculator.Calculator{base(), plain{calculator.Manifest{ID: "p"}}})
	if with == want {
		t.Error("adding a calculator without tables did not change the version")
	}
}
