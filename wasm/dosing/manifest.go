package dosing

import (
	"strings"

	"ketref/wasm/calculator"
	"ketref/wasm/input"
)

// Calculator is the dosing calculator's entry in the manifest (package
// calculator): Calculate over the form's fields, the routes as
// ketcalc.routes(), the rule tables of the dosing-table fence and the
// form's list of routes.
type Calculator struct{}

// Manifest declares the fields Calculate reads.
func (Calculator) Manifest() calculator.Manifest {
	return calculator.Manifest{
		ID: "dosing", Name: "Ketamine and esketamine dosing",
		Fields: []calculator.Field{
			{Name: "route", Kind: calculator.Choice},
			{Name: "weight", Kind: calculator.Number, Unit: "kg", Min: MinWeightKG, Max: MaxWeightKG},
			{Name: "weightUnit", Kind: calculator.Choice},
			{Name: "dosePerKg", Kind: calculator.Number, Unit: "mg/kg"},
			{Name: "dose", Kind: calculator.Choice, Unit: "mg"},
			{Name: "concentration", Kind: calculator.Number, Unit: "mg/mL", Max: MaxConcentration},
			{Name: "volume", Kind: calculator.Number, Unit: "mL", Max: MaxVolume},
			{Name: "startDate", Kind: calculator.Date},
		},
		Exports: []calculator.Export{{Name: "routes", Func: routesOutput}},
	}
}

// Compute is Calculate, as the plain object of README's Calculator API.
func (Calculator) Compute(v calculator.Values) calculator.Output {
	r := Calculate(Input{
		Route: v.Text("route"), Weight: v.Text("weight"), WeightUnit: v.Text("weightUnit"),
		DosePerKg: v.Text("dosePerKg"), Dose: v.Text("dose"),
		Concentration: v.Text("concentration"), Volume: v.Text("volume"), StartDate: v.Text("startDate"),
	})
	out := calculator.Result(r.OK, r.Errors)
	out["route"], out["routeName"] = r.RouteID, r.RouteName
	if !r.OK {
		return out
	}
	steps := make([]any, len(r.Steps))
	for i, s := range r.Steps {
		steps[i] = map[string]any{"text": s.Text, "sources": calculator.Sources(s.Sources)}
	}
	sessions := make([]any, len(r.Sessions))
	for i, s := range r.Sessions {
		sessions[i] = map[string]any{"number": s.Number, "date": s.Date, "weekday": s.Weekday, "phase": s.Phase}
	}
	out["doseMg"] = r.DoseMG
	out["lines"] = calculator.Lines(r.Lines)
	out["steps"] = steps
	out["warnings"] = calculator.Lines(r.Warnings)
	out["sessions"] = sessions
	if p := r.Position; p != nil {
		out["position"] = map[string]any{"value": p.Value, "usual": []any{p.Usual.Lo, p.Usual.Hi}, "studied": []any{p.Studied.Lo, p.Studied.Hi}}
	}
	return out
}

// routesOutput is ketcalc.routes(): the rule table's routes as the form
// needs them.
func routesOutput() any {
	var out []any
	for _, r := range Routes() {
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

// dated says the route's schedule has a fixed pattern, so that a start
// date lists session dates (see sessions).
func dated(r Route) bool {
	if len(r.Schedule) == 0 {
		return false
	}
	for _, p := range r.Schedule {
		if p.PerWeek == 0 || p.FirstWeek == 0 {
			return false
		}
	}
	return true
}

// Options lists the routes for the form's route field. An option's data
// say which parts of the form it needs (shows: perkg or fixed, infusion,
// dated), the hints it sets and its fixed doses in mg.
func (Calculator) Options(field string) []calculator.Option {
	if field != "route" {
		return nil
	}
	var out []calculator.Option
	for _, r := range Routes() {
		shows := []string{"fixed"}
		usual, routeHint := "", "A fixed-dose preparation: body weight is not used."
		if r.PerKg {
			shows[0], routeHint = "perkg", ""
			usual = "Usual range in the review: " + mgPerKg(r.Usual) + "."
		}
		if r.InfusionMinutes > 0 {
			shows = append(shows, "infusion")
		}
		if dated(r) {
			shows = append(shows, "dated")
		}
		var fixed []string
		for _, f := range r.Fixed {
			fixed = append(fixed, input.Format(f.MG, 0))
		}
		out = append(out, calculator.Option{Value: r.ID, Label: r.Name, Data: []calculator.Datum{
			{Name: "shows", Value: strings.Join(shows, " ")},
			{Name: "routehint", Value: routeHint},
			{Name: "usualhint", Value: usual},
			{Name: "fixed", Value: strings.Join(fixed, ",")},
		}})
	}
	return out
}

func mgPerKg(rg Range) string {
	return input.Format(rg.Lo, 3) + "–" + input.Format(rg.Hi, 3) + " mg/kg"
}
