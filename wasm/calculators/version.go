package calculators

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"

	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
)

// RulesDate is the date of the rules the calculators apply: the review's
// publication date. It changes with RulesVersion (see its test).
const RulesDate = "2024-12-20"

// RulesVersion names the rules the calculators apply: the first 12 hex
// digits of a SHA-256 over every calculator's manifest and rule tables,
// written field by field, each string prefixed by its length, so that no
// two different tables write the same bytes. The module reports it
// (ketcalc.rules()) and the site prints it into the page at build time, so
// that a page can tell when the module it runs is not the one it was built
// with.
func RulesVersion() string { return rulesVersion(All()) }

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
				sources(row.Sources)
			}
		}
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:6])
}
