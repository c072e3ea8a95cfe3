//go:build js && wasm

// Command wasm is the WebAssembly bridge of the calculators: it exposes
// every calculator of package calculators to the page as the global object
// `ketcalc`, with one function per calculator (ketcalc.<id>) and one per
// export its manifest declares, each taking and returning plain objects
// (see README.md, "Calculator API"). It names no calculator: registering
// one in package calculators is all it takes to appear here.
//
// Every declared field is read as the string a person typed (numbers and
// booleans are accepted too), so that parsing and validation happen in Go,
// once; fields the manifest does not declare are not read. ketcalc.rules()
// gives the version and date of the rules (package calculators). The
// global is the page's window or, as the site runs it, a dedicated
// worker's global (templates/static/calc-worker.js): nothing here needs a
// window. A panic inside
// a call is turned into an error result rather than ending the program,
// which would make every later call throw.
package main

import (
	"syscall/js"

	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
	"ketref/wasm/input"
)

// version changes when the API changes shape.
const version = "1"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("version", version)
	for _, c := range calculators.All() {
		m := c.Manifest()
		for _, e := range m.Exports {
			api.Set(e.Name, js.FuncOf(safe(func(js.Value) any { return e.Func() })))
		}
		api.Set(m.ID, js.FuncOf(safe(compute(c))))
	}
	api.Set("rules", js.FuncOf(safe(func(js.Value) any {
		return map[string]any{"version": calculators.RulesVersion(), "date": calculators.RulesDate}
	})))
	js.Global().Set("ketcalc", api)
	// Tell the page, or the worker it runs in (a worker's global is an
	// event target too), that the API is ready. Where the global is none
	// (Node), the caller reads ketcalc once run has returned.
	g := js.Global()
	if ev := g.Get("CustomEvent"); ev.Type() == js.TypeFunction && g.Get("dispatchEvent").Type() == js.TypeFunction {
		g.Call("dispatchEvent", ev.New("ketcalc:ready"))
	}
	select {}
}

// compute reads the fields c declares from a plain object and computes.
func compute(c calculator.Calculator) func(js.Value) any {
	fields := c.Manifest().Fields
	return func(obj js.Value) any {
		v := make(calculator.Values, len(fields))
		for _, f := range fields {
			v[f.Name] = str(obj, f.Name)
		}
		return c.Compute(v)
	}
}

func safe(f func(js.Value) any) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = map[string]any{"ok": false, "errors": []any{map[string]any{"field": "", "message": "The calculator failed on this input; please report it."}}}
			}
		}()
		arg := js.Undefined()
		if len(args) > 0 {
			arg = args[0]
		}
		return f(arg)
	}
}

// str reads a field as text: a string as it is, a number in decimal, a
// boolean as "true"/"false", anything else as empty.
func str(obj js.Value, name string) string {
	if obj.Type() != js.TypeObject {
		return ""
	}
	v := obj.Get(name)
	switch v.Type() {
	case js.TypeString:
		return v.String()
	case js.TypeNumber:
		// Six decimals is more than any field means; strconv's shortest
		// float formatting would add its tables to the module.
		f := v.Float()
		if f != f || f > 1e12 || f < -1e12 {
			return "NaN" // refused by the parser like any other non-number
		}
		return input.Format(f, 6)
	case js.TypeBoolean:
		if v.Bool() {
			return "true"
		}
		return "false"
	}
	return ""
}
