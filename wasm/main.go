//go:build js && wasm

// Command wasm is the WebAssembly bridge of the calculators: it exposes the
// pure Go packages dosing and eligibility to the page as the global object
// `ketcalc`, with one function per calculator taking and returning plain
// objects (see README.md, "Calculator API").
//
// Every field is read as the string a person typed (numbers and booleans
// are accepted too), so that parsing and validation happen in Go, once.
// A panic inside a call is turned into an error result rather than ending
// the program, which would make every later call throw.
package main

import (
	"syscall/js"

	"ketref/wasm/dosing"
	"ketref/wasm/eligibility"
	"ketref/wasm/evidence"
	"ketref/wasm/input"
)

// version changes when the API changes shape.
const version = "1"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("version", version)
	api.Set("routes", js.FuncOf(safe(routes)))
	api.Set("dosing", js.FuncOf(safe(calcDosing)))
	api.Set("eligibility", js.FuncOf(safe(calcEligibility)))
	js.Global().Set("ketcalc", api)
	// Tell the page the API is ready.
	if ev := js.Global().Get("CustomEvent"); ev.Type() == js.TypeFunction {
		js.Global().Call("dispatchEvent", ev.New("ketcalc:ready"))
	}
	select {}
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

// flag reads a checkbox: true, "true", "on", "yes" or "1".
func flag(obj js.Value, name string) bool {
	switch str(obj, name) {
	case "true", "on", "yes", "1":
		return true
	}
	return false
}

func sources(src []evidence.Source) []any {
	out := make([]any, len(src))
	for i, s := range src {
		out[i] = map[string]any{"key": s.Key, "section": s.Section, "page": s.Page, "note": s.Note}
	}
	return out
}

func lines(ls []evidence.Line) []any {
	out := make([]any, len(ls))
	for i, l := range ls {
		out[i] = map[string]any{"label": l.Label, "value": l.Value, "kind": string(l.Kind), "sources": sources(l.Sources)}
	}
	return out
}

func errors(es []evidence.FieldError) []any {
	out := make([]any, len(es))
	for i, e := range es {
		out[i] = map[string]any{"field": e.Field, "message": e.Message}
	}
	return out
}

func routes(js.Value) any {
	var out []any
	for _, r := range dosing.Routes() {
		var fixed []any
		for _, f := range r.Fixed {
			fixed = append(fixed, map[string]any{"mg": f.MG, "use": f.Use})
		}
		route := map[string]any{
			"id": r.ID, "name": r.Name, "agent": r.Agent, "route": r.Route, "page": r.Page,
			"perKg": r.PerKg, "fixed": fixed, "infusion": r.InfusionMinutes > 0,
		}
		if r.PerKg {
			route["usual"] = []any{r.Usual.Lo, r.Usual.Hi}
			route["studied"] = []any{r.Studied.Lo, r.Studied.Hi}
		}
		out = append(out, route)
	}
	return out
}

func calcDosing(obj js.Value) any {
	r := dosing.Calculate(dosing.Input{
		Route: str(obj, "route"), Weight: str(obj, "weight"), WeightUnit: str(obj, "weightUnit"),
		DosePerKg: str(obj, "dosePerKg"), Dose: str(obj, "dose"),
		Concentration: str(obj, "concentration"), Volume: str(obj, "volume"), StartDate: str(obj, "startDate"),
	})
	out := map[string]any{"ok": r.OK, "errors": errors(r.Errors), "route": r.RouteID, "routeName": r.RouteName}
	if !r.OK {
		return out
	}
	steps := make([]any, len(r.Steps))
	for i, s := range r.Steps {
		steps[i] = map[string]any{"text": s.Text, "sources": sources(s.Sources)}
	}
	sessions := make([]any, len(r.Sessions))
	for i, s := range r.Sessions {
		sessions[i] = map[string]any{"number": s.Number, "date": s.Date, "weekday": s.Weekday, "phase": s.Phase}
	}
	out["doseMg"] = r.DoseMG
	out["lines"] = lines(r.Lines)
	out["steps"] = steps
	out["warnings"] = lines(r.Warnings)
	out["sessions"] = sessions
	if p := r.Position; p != nil {
		out["position"] = map[string]any{"value": p.Value, "usual": []any{p.Usual.Lo, p.Usual.Hi}, "studied": []any{p.Studied.Lo, p.Studied.Hi}}
	}
	return out
}

func calcEligibility(obj js.Value) any {
	r := eligibility.Evaluate(eligibility.Input{
		Adult: flag(obj, "adult"), FailedTrials: str(obj, "failedTrials"),
		SSRI1: flag(obj, "ssri1"), SSRI2: flag(obj, "ssri2"), OtherClass: flag(obj, "otherClass"),
		Augmentation: flag(obj, "augmentation"), Combination: flag(obj, "combination"), ECT: flag(obj, "ect"),
		Inpatient: flag(obj, "inpatient"), SuicidalIdeation: flag(obj, "suicidalIdeation"),
		UncontrolledHypertension: flag(obj, "hypertension"), Cardiovascular: flag(obj, "cardiovascular"),
		Psychosis: flag(obj, "psychosis"), Pregnancy: flag(obj, "pregnancy"), SubstanceMisuse: flag(obj, "substanceMisuse"),
		BorderlinePD:    flag(obj, "borderline"),
		Benzodiazepines: flag(obj, "benzodiazepines"), Opioids: flag(obj, "opioids"), Barbiturates: flag(obj, "barbiturates"),
		Alcohol: flag(obj, "alcohol"), MAOI: flag(obj, "maoi"), Lamotrigine: flag(obj, "lamotrigine"),
		OtherAntidepressants: flag(obj, "antidepressants"), Antipsychotics: flag(obj, "antipsychotics"),
		Lithium: flag(obj, "lithium"), Antiepileptics: flag(obj, "antiepileptics"),
		ResuscitationTrainedStaff: flag(obj, "resuscitationStaff"), TwoHourMonitoring: flag(obj, "twoHourMonitoring"),
	})
	out := map[string]any{"ok": r.OK, "errors": errors(r.Errors)}
	if !r.OK {
		return out
	}
	bodies := make([]any, len(r.Bodies))
	for i, b := range r.Bodies {
		bodies[i] = map[string]any{"id": b.ID, "name": b.Name, "lines": lines(b.Lines)}
	}
	out["definition"] = lines(r.Definition)
	out["bodies"] = bodies
	out["cautions"] = lines(r.Cautions)
	out["interactions"] = lines(r.Interactions)
	out["monitoring"] = lines(r.Monitoring)
	return out
}
