// Package calculators is the list of the site's calculators: the one place
// a calculator is registered. The WebAssembly bridge exports each one as
// ketcalc.<id>, and the generator prints their rule tables and form
// options; neither names a calculator itself.
package calculators

import (
	"ketref/wasm/calculator"
	"ketref/wasm/dosing"
	"ketref/wasm/eligibility"
)

// All returns the calculators, in the order the bridge defines them.
func All() []calculator.Calculator {
	return []calculator.Calculator{
		dosing.Calculator{},
		eligibility.Calculator{},
	}
}

// Lookup finds a calculator by id; nil if there is none.
func Lookup(id string) calculator.Calculator {
	for _, c := range All() {
		if c.Manifest().ID == id {
			return c
		}
	}
	return nil
}
