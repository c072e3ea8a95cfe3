package calculators

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"regexp"
	"testing"

	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
)

func TestRulesVersionPinned(t *testing.T) {
	if got := rulesVersion(All()); got != RulesVersion() {
		t.Errorf("the rules changed: their hash is %s, pinned %s (dated %s).\nUpdate RulesDate (version.go) to the date of the rules' source and pinnedRulesVersion to %s.", got, RulesVersion(), RulesDate, got)
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
		{"row condition", func(b *book) { b.r.Groups[0].Rows[0].When = "w" }},
		{"row kind", func(b *book) { b.r.Groups[0].Rows[0].Kind = "met" }},
		{"row unit", func(b *book) { b.r.Groups[0].Rows[0].Unit = "mg" }},
		{"row figure", func(b *book) { b.r.Groups[0].Rows[0].Figure = "1 mg" }},
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

// rulesVersion hashes the calculators' manifests and rule tables (see
// RulesVersion). It lives with the tests so that the module does not link
// SHA-256.
func rulesVersion(all []calculator.Calculator) string {
	h := sha256.New()
	var buf []byte
	str := func(s string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(s)))
		h.Write(buf)
		h.Write([]byte(s))
	}
	num := func(f float64) {
		buf = binary.BigEndian.AppendUint64(buf[:0], math.Float64bits(f))
		h.Write(buf)
	}
	sources := func(src []evidence.Source) {
		num(float64(len(src)))
		for _, s := range src {
			str(s.Key)
			str(s.Section)
			str(s.Page)
			str(s.Note)
		}
	}
	for _, c := range all {
		m := c.Manifest()
		str(m.ID)
		str(m.Name)
		num(float64(len(m.Fields)))
		for _, f := range m.Fields {
			str(f.Name)
			str(string(f.Kind))
			str(f.Unit)
			num(f.Min)
			num(f.Max)
		}
		num(float64(len(m.Exports)))
		for _, e := range m.Exports {
			str(e.Name)
		}
		rb, ok := c.(calculator.RuleBook)
		if !ok {
			str("")
			continue
		}
		r := rb.Rules()
		str(r.Fence)
		str(r.Key)
		num(float64(len(r.Groups)))
		for _, g := range r.Groups {
			str(g.ID)
			str(g.Name)
			str(g.Label)
			str(g.Caption)
			num(float64(len(g.Rows)))
			for _, row := range g.Rows {
				str(row.Label)
				str(row.Value)
				str(row.When)
				str(row.Kind)
				str(row.Unit)
				str(row.Figure)
				sources(row.Sources)
			}
		}
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:6])
}
