// Package vectors holds the calculators' published test vectors: inputs
// to ketcalc.<calculator> with the complete output object each must give,
// in vectors.json, which the build publishes at /calculators/vectors.json.
//
// The shape, documented in README.md ("Test vectors"), is a JSON array of
// {calculator, name, input, output}: calculator is the calculator's id,
// name says what the vector checks, input the object passed to ketcalc
// (every field as the text a person types), output the object it returns.
// The Go tests run every vector against the calculators' Go packages, and
// a browser test runs them through the WebAssembly build; both require the
// output to be identical (key order aside). The vectors are made by
// `go test ./wasm/vectors -update` from the cases in vectors_test.go and
// reviewed in the diff like any other change to the rules.
//
// The package is the generator's and the tests': the WebAssembly module
// never imports it, so the file costs the module nothing.
package vectors

import (
	_ "embed"
	"encoding/json"
)

//go:embed vectors.json
var file []byte

// JSON returns vectors.json as published.
func JSON() []byte { return file }

// Vector is one test vector.
type Vector struct {
	Calculator string            `json:"calculator"`
	Name       string            `json:"name"`
	Input      map[string]string `json:"input"`
	Output     map[string]any    `json:"output"`
}

// All decodes vectors.json.
func All() ([]Vector, error) {
	var v []Vector
	err := json.Unmarshal(file, &v)
	return v, err
}
