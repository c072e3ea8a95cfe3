// Package calculator is the contract every calculator of the site meets,
// and the one shape the WebAssembly bridge, the page script and the site
// generator read a calculator through.
//
// A calculator is a value whose type implements Calculator: a Manifest (its
// id, its name, the fields it reads and the further read-only functions it
// exports) and Compute, which takes the fields as typed and returns a plain
// object. The list of calculators is package calculators; that list is the
// only place a calculator is registered. From it:
//
//   - the bridge (wasm/main.go) defines ketcalc.<id> = Compute over the
//     declared fields, and ketcalc.<name> for each Export;
//   - the page script (templates/static/calc.js) wires the form whose
//     data-calculator attribute is the id, reading the fields by name;
//   - the generator (generator/calcpage) prints a RuleBook's rule tables
//     through its fenced block and a Chooser's list options in the form.
//
// RuleBook and Chooser are optional interfaces for the site alone: the
// bridge never calls them, so the linker leaves their code out of the
// WebAssembly module, whose size has a budget.
//
// Output is built from the types syscall/js's ValueOf accepts
// (map[string]any, []any, string, float64, int, bool, nil): the bridge hands
// it to the page unchanged, and its shape is the API README.md documents
// under "Calculator API". Nothing here formats HTML.
package calculator

import "ketref/wasm/evidence"

// Calculator is one calculator.
type Calculator interface {
	Manifest() Manifest
	// Compute reads only the fields the manifest declares. It validates
	// every one and never panics on input.
	Compute(Values) Output
}

// Manifest says what a calculator is and what it reads.
type Manifest struct {
	// ID names the calculator everywhere: ketcalc.<ID>, the form's
	// data-calculator attribute. A JavaScript identifier.
	ID   string
	Name string
	// Fields are what Compute reads, in the form's order.
	Fields []Field
	// Exports are further functions of the API, defined before Compute
	// (ketcalc.routes()).
	Exports []Export
}

// Kind says how a field is entered.
type Kind string

// The kinds of field.
const (
	Number Kind = "number" // typed text, read as a decimal (package input)
	Choice Kind = "choice" // one option of a list
	Flag   Kind = "flag"   // a tick box
	Date   Kind = "date"   // YYYY-MM-DD
)

// Field is one input of a calculator.
type Field struct {
	// Name is the form control's name and the key of the API's input object.
	Name string
	Kind Kind
	// Unit is the unit a number is entered in ("kg", "mg/mL"), if any.
	Unit string
	// Min and Max are the bounds Compute checks where they are fixed;
	// both zero when there are none, or when they depend on another field
	// (the dose per kg depends on the route). Compute enforces them and
	// words the message.
	Min, Max float64
}

// Export is a read-only function of the API besides Compute.
type Export struct {
	Name string
	Func func() any
}

// Values are the declared fields as typed; a field the caller left out is
// empty.
type Values map[string]string

// Text is a field as typed.
func (v Values) Text(name string) string { return v[name] }

// Flag reads a tick box: "true", "on", "yes" or "1" is ticked.
func (v Values) Flag(name string) bool {
	switch v[name] {
	case "true", "on", "yes", "1":
		return true
	}
	return false
}

// Output is the plain object Compute returns: "ok" and "errors" always,
// the results only when ok. An alias, so that syscall/js's ValueOf takes it.
type Output = map[string]any

// Result starts an Output: ok, and the field errors as [{field, message}].
func Result(ok bool, errs []evidence.FieldError) Output {
	out := make([]any, len(errs))
	for i, e := range errs {
		out[i] = map[string]any{"field": e.Field, "message": e.Message}
	}
	return Output{"ok": ok, "errors": out}
}

// Sources lists sources as [{key, section, page, note}].
func Sources(src []evidence.Source) []any {
	out := make([]any, len(src))
	for i, s := range src {
		out[i] = map[string]any{"key": s.Key, "section": s.Section, "page": s.Page, "note": s.Note}
	}
	return out
}

// Lines lists output lines as [{label, value, kind, sources}].
func Lines(ls []evidence.Line) []any {
	out := make([]any, len(ls))
	for i, l := range ls {
		out[i] = map[string]any{"label": l.Label, "value": l.Value, "kind": string(l.Kind), "sources": Sources(l.Sources)}
	}
	return out
}

// RuleBook is a calculator whose rules the site prints as tables, from the
// same data Compute applies, so that the two cannot disagree.
type RuleBook interface {
	Rules() Rules
}

// Rules are a calculator's rule tables and the fenced block that prints
// them:
//
//	```<Fence>
//	<Key>: <a group's ID, or all>
//	```
type Rules struct {
	Fence  string // "dosing-table"
	Key    string // "route"
	Groups []RuleGroup
}

// RuleGroup is one table: the rules for one route, say.
type RuleGroup struct {
	ID, Name string
	// Label names the table for assistive technology; Caption is its
	// visible caption.
	Label, Caption string
	Rows           []Rule
}

// Rule is one row: a label, what the review gives, and where.
type Rule struct {
	Label, Value string
	// When is the condition under which the calculator shows the rule's
	// line, in words, and Kind the line's kind (evidence.Kind); both empty
	// for a rule that always applies (a dose range).
	When, Kind string
	// Unit is the unit of the number the rule applies ("mg/kg", "minutes"),
	// empty when it applies none; Figure is the review's words for that
	// number, verbatim ("0.5-1 mg/kg over a period of 40 minutes"), several
	// excerpts joined by " … ", empty when the number is not the review's
	// (a source's note then says where it is from).
	Unit, Figure string
	Sources      []evidence.Source
}

// Chooser is a calculator with a list field whose options come from its
// rule data (the dosing form's routes), so that the form offers exactly
// what Compute knows.
type Chooser interface {
	Options(field string) []Option
}

// Option is one option of a list field. Data become the option's data-*
// attributes, which the page script reads when the option is chosen (see
// calc.js: data-shows lists the form parts to show, and an element with
// data-text-from="x" or data-options-from="x" takes the option's data-x).
type Option struct {
	Value, Label string
	Data         []Datum
}

// Datum is one data-* attribute: Name without the prefix, in lower-case
// letters and digits only (html/template refuses a hyphen in an attribute
// name it did not see in the template).
type Datum struct{ Name, Value string }
