// Package dosing applies the review's dosing rules for ketamine and
// esketamine by route: the dose in mg for a body weight, the infusion rate,
// the systemically available dose, the schedule and the monitoring, each
// with its source.
//
// Calculate takes the fields as typed (strings) and validates every one.
// Invalid input (empty, not a number, zero, a weight outside 20–300 kg, a
// dose per kg outside the range the review reports for the route) gives
// field errors and no numbers. A dose per kg inside the reported range but
// outside the usual one gives a result with a warning, and so does a fixed
// dose other than the route's starting dose (FixedDose.Start). A typed
// value that a message, step or line repeats is repeated as typed.
//
// The package has no syscall/js: the WebAssembly bridge and the site
// generator both call it, through Calculator, its entry in the calculator
// manifest (package calculator): Calculate as ketcalc.dosing, the routes as
// ketcalc.routes, the route table as the dosing-table fence and as the
// form's route list.
package dosing

import (
	"strings"

	"ketref/wasm/civil"
	"ketref/wasm/evidence"
	"ketref/wasm/input"
)

// Weight limits, in kg, for adults the review's studies concern.
const (
	MinWeightKG = 20
	MaxWeightKG = 300
	kgPerLb     = 0.45359237
)

// Plausibility limits for the infusion fields: they catch typing errors,
// they are not clinical advice.
const (
	MaxConcentration = 100  // mg/mL
	MaxVolume        = 1000 // mL
)

// Input is the form as typed.
type Input struct {
	Route      string
	Weight     string
	WeightUnit string // "kg" or "lb"
	DosePerKg  string // weight-based routes
	Dose       string // fixed-dose routes: one of the route's doses in mg
	// IV only, optional: drug concentration (mg/mL) and infusion volume (mL).
	Concentration string
	Volume        string
	// StartDate (YYYY-MM-DD), optional: list the session dates.
	StartDate string
}

// Step is one step of the working.
type Step struct {
	Text    string
	Sources []evidence.Source
}

// Session is one planned session of a course.
type Session struct {
	Number  int
	Date    string
	Weekday string
	Phase   string
}

// Position places the dose per kg on the route's ranges, for the figure.
type Position struct {
	Value   float64
	Usual   Range
	Studied Range
}

// Result is the calculation. With any Errors, it has no numbers.
type Result struct {
	OK        bool
	Errors    []evidence.FieldError
	RouteID   string
	RouteName string
	DoseMG    float64
	Lines     []evidence.Line
	Steps     []Step
	Warnings  []evidence.Line
	Sessions  []Session
	Position  *Position
}

func fmtMG(v float64) string { return input.Format(v, 2) + " mg" }

func rangeText(lo, hi float64, decimals int, unit string) string {
	if input.Format(lo, decimals) == input.Format(hi, decimals) {
		return input.Format(lo, decimals) + unit
	}
	return input.Format(lo, decimals) + "–" + input.Format(hi, decimals) + unit
}

// Calculate applies the rules of in.Route to in.
func Calculate(in Input) Result {
	var res Result
	fail := func(field, msg string) {
		res.Errors = append(res.Errors, evidence.FieldError{Field: field, Message: msg})
	}
	r := Lookup(strings.TrimSpace(in.Route))
	if r == nil {
		fail("route", "Choose a route and agent from the list.")
		return res
	}
	res.RouteID, res.RouteName = r.ID, r.Name

	var weightKG, perKg, doseMG float64
	if r.PerKg {
		weightKG = parseWeight(in, fail)
		perKg = parsePerKg(r, in.DosePerKg, fail)
		doseMG = weightKG * perKg
	} else {
		doseMG = parseFixed(r, in.Dose, fail)
	}
	var conc, vol float64
	hasInfusionFields := r.InfusionMinutes > 0 && (strings.TrimSpace(in.Concentration) != "" || strings.TrimSpace(in.Volume) != "")
	if hasInfusionFields {
		conc = parseBounded(in.Concentration, "concentration", "concentration", 0, MaxConcentration, "mg/mL", fail)
		vol = parseBounded(in.Volume, "volume", "infusion volume", 1, MaxVolume, "mL", fail)
		if len(res.Errors) == 0 && doseMG/conc > vol {
			fail("volume", "The drug volume ("+input.Format(doseMG/conc, 2)+" mL) is larger than the infusion volume; check the concentration and the volume.")
		}
	}
	var start civil.Date
	hasStart := strings.TrimSpace(in.StartDate) != ""
	if hasStart {
		d, err := civil.Parse(strings.TrimSpace(in.StartDate))
		if err != nil {
			fail("startDate", "Enter the first session's date as YYYY-MM-DD, or leave it empty.")
		}
		start = d
	}
	if len(res.Errors) > 0 {
		return res
	}

	res.OK = true
	res.DoseMG = doseMG
	add := func(label, value string, kind evidence.Kind, src []evidence.Source) {
		res.Lines = append(res.Lines, evidence.Line{Label: label, Value: value, Kind: kind, Sources: src})
	}
	step := func(text string, src []evidence.Source) { res.Steps = append(res.Steps, Step{text, src}) }

	// The dose.
	if r.PerKg {
		// Typed values are repeated as typed: a rounded one could
		// contradict the input or the product ("70 × 0.123 = 8.64").
		kgText, perKgText := strings.TrimSpace(in.Weight), strings.TrimSpace(in.DosePerKg)
		if weightUnit(in.WeightUnit) == "lb" {
			step("Weight: "+kgText+" lb × 0.4536 = "+input.Format(weightKG, 2)+" kg", nil)
			kgText = input.Format(weightKG, 2)
		}
		step("Dose: "+kgText+" kg × "+perKgText+" mg/kg = "+fmtMG(doseMG), r.UsualSources)
		kind := evidence.Info
		if !r.Usual.Contains(perKg) {
			kind = evidence.Warning
			note := r.BelowUsual
			if perKg > r.Usual.Hi {
				note = r.AboveUsual
			}
			if note != nil {
				res.Warnings = append(res.Warnings, evidence.Line{Label: "Outside the usual range", Value: note.Text, Kind: evidence.Warning, Sources: note.Sources})
			}
		}
		add("Dose", fmtMG(doseMG)+" ("+perKgText+" mg/kg)", kind, r.UsualSources)
		add("Usual range for this weight", rangeText(r.Usual.Lo*weightKG, r.Usual.Hi*weightKG, 2, " mg")+" ("+rangeText(r.Usual.Lo, r.Usual.Hi, 3, " mg/kg")+")", evidence.Info, r.UsualSources)
		if r.Studied != r.Usual {
			add("Range the review reports", rangeText(r.Studied.Lo, r.Studied.Hi, 3, " mg/kg"), evidence.Info, r.StudiedSource)
		}
		res.Position = &Position{Value: perKg, Usual: r.Usual, Studied: r.Studied}
	} else {
		for _, f := range r.Fixed {
			if f.MG == doseMG {
				add("Dose", fmtMG(doseMG)+", a fixed dose (not by weight): "+f.Use, evidence.Info, f.Sources)
			}
			// The schedule and the session dates start at the starting
			// dose; a course listed at another one must say so.
			if f.Start && f.MG != doseMG {
				res.Warnings = append(res.Warnings, evidence.Line{Label: "Starting dose", Value: "The review's starting dose is " + fmtMG(f.MG) + ", not " + fmtMG(doseMG) + ".", Kind: evidence.Warning, Sources: f.Sources})
			}
		}
		step("Fixed dose: "+fmtMG(doseMG)+" (body weight is not used)", nil)
		if r.DeviceMG > 0 {
			n := doseMG / r.DeviceMG
			add("Devices", input.Count(n, 0, "device", "devices")+" of "+input.Format(r.DeviceMG, 0)+" mg", evidence.Info, r.DeviceSources)
			step("Devices: "+fmtMG(doseMG)+" ÷ "+input.Format(r.DeviceMG, 0)+" mg per device = "+input.Format(n, 0), r.DeviceSources)
		}
	}

	// The infusion.
	if r.InfusionMinutes > 0 {
		rate := doseMG / r.InfusionMinutes
		add("Infusion", input.Format(rate, 3)+" mg/min over "+input.Count(r.InfusionMinutes, 0, "minute", "minutes"), evidence.Info, r.InfusionSources)
		step("Rate: "+fmtMG(doseMG)+" ÷ "+input.Format(r.InfusionMinutes, 0)+" min = "+input.Format(rate, 3)+" mg/min", r.InfusionSources)
		if hasInfusionFields {
			drug := doseMG / conc
			mlh := vol / r.InfusionMinutes * 60
			add("Drug volume", input.Format(drug, 2)+" mL of "+input.Format(conc, 2)+" mg/mL, made up to "+input.Format(vol, 1)+" mL", evidence.Info, nil)
			add("Pump rate", input.Format(mlh, 1)+" mL/h ("+input.Format(vol, 1)+" mL over "+input.Count(r.InfusionMinutes, 0, "minute", "minutes")+")", evidence.Info, r.InfusionSources)
			step("Drug volume: "+fmtMG(doseMG)+" ÷ "+input.Format(conc, 2)+" mg/mL = "+input.Format(drug, 2)+" mL", nil)
			step("Pump rate: "+input.Format(vol, 1)+" mL ÷ "+input.Format(r.InfusionMinutes, 0)+" min × 60 = "+input.Format(mlh, 1)+" mL/h", r.InfusionSources)
		}
	}

	// Bioavailability.
	add("Bioavailability", r.BioavailabilityText, evidence.Info, r.BioavailabilitySources)
	lo, hi := doseMG*r.Bioavailability.Lo, doseMG*r.Bioavailability.Hi
	add("Systemically available dose", rangeText(lo, hi, 2, " mg"), evidence.Info, r.BioavailabilitySources)
	step("Available: "+fmtMG(doseMG)+" × "+r.BioavailabilityText+" = "+rangeText(lo, hi, 2, " mg"), r.BioavailabilitySources)

	// Schedule, monitoring, evidence.
	for _, p := range r.Schedule {
		add("Schedule: "+p.Name, p.Text, evidence.Info, p.Sources)
	}
	if len(r.Monitoring) == 0 {
		res.Warnings = append(res.Warnings, evidence.Line{Label: "Monitoring", Value: "The review states monitoring requirements only for IV racemic ketamine and intranasal esketamine; it gives none for this route.", Kind: evidence.Warning, Sources: evidence.Ref("schep2023")})
	}
	for _, m := range r.Monitoring {
		add("After each session", m.Text, evidence.Info, m.Sources)
	}
	for _, e := range r.Evidence {
		add("Evidence", e.Text, evidence.Info, e.Sources)
	}
	if hasStart {
		res.Sessions = sessions(r, start)
		if len(res.Sessions) == 0 {
			res.Warnings = append(res.Warnings, evidence.Line{Label: "Session dates", Value: "The review gives no fixed session pattern for this route, so no dates are listed.", Kind: evidence.Warning, Sources: nil})
		}
	}
	return res
}

// weightUnit folds the unit field to "kg", "lb" or what was typed. It
// avoids strings.ToLower, whose Unicode tables would add to the module.
func weightUnit(s string) string {
	switch strings.TrimSpace(s) {
	case "kg", "KG", "Kg", "":
		return "kg"
	case "lb", "LB", "Lb", "lbs", "LBS":
		return "lb"
	}
	return s
}

func parseWeight(in Input, fail func(string, string)) float64 {
	w, err := input.Decimal(in.Weight)
	if err != nil {
		fail("weight", "Body weight: "+err.Error()+".")
		return 0
	}
	kg := w
	switch weightUnit(in.WeightUnit) {
	case "kg", "":
	case "lb":
		kg = w * kgPerLb
	default:
		fail("weightUnit", "Choose kg or lb.")
		return 0
	}
	if kg < MinWeightKG || kg > MaxWeightKG {
		// 20 kg is 44.09 lb and 300 kg 661.39 lb: the lb limits are
		// rounded inwards, so that both printed values are accepted
		// (TestWeightMessageBounds).
		fail("weight", "Enter a body weight from 20 to 300 kg (44.1 to 661 lb); the calculator is for adults.")
		return 0
	}
	return kg
}

func parsePerKg(r *Route, s string, fail func(string, string)) float64 {
	v, err := input.Decimal(s)
	if err != nil {
		fail("dosePerKg", "Dose per kg: "+err.Error()+".")
		return 0
	}
	if v == 0 {
		fail("dosePerKg", "The dose per kg must be more than 0.")
		return 0
	}
	if !r.Studied.Contains(v) {
		fail("dosePerKg", "The review reports "+r.Name+" at "+rangeText(r.Studied.Lo, r.Studied.Hi, 3, " mg/kg")+" only; "+strings.TrimSpace(s)+" mg/kg is outside its evidence, so no dose is shown.")
		return 0
	}
	return v
}

func parseFixed(r *Route, s string, fail func(string, string)) float64 {
	var options []string
	for _, f := range r.Fixed {
		options = append(options, input.Format(f.MG, 0)+" mg")
	}
	v, err := input.Decimal(s)
	if err == input.ErrAmbiguousComma {
		fail("dose", "The dose: "+err.Error()+".")
		return 0
	}
	if err == nil {
		for _, f := range r.Fixed {
			if f.MG == v {
				return v
			}
		}
	}
	fail("dose", r.Name+" is given at fixed doses: choose "+strings.Join(options, " or ")+".")
	return 0
}

func parseBounded(s, field, name string, lo, hi float64, unit string, fail func(string, string)) float64 {
	v, err := input.Decimal(s)
	if err == input.ErrAmbiguousComma {
		fail(field, "The "+name+": "+err.Error()+".")
		return 0
	}
	if err != nil {
		fail(field, "Enter the "+name+" in "+unit+", or leave both infusion fields empty.")
		return 0
	}
	if v <= lo || v > hi {
		fail(field, "Enter the "+name+" as more than "+input.Format(lo, 0)+" and at most "+input.Format(hi, 0)+" "+unit+".")
		return 0
	}
	return v
}

// sessions lists the session dates of a course whose phases the review
// gives as sessions per week. Twice-weekly sessions fall 3 days apart
// (Monday and Thursday, say); an open last phase is listed for four
// sessions.
func sessions(r *Route, start civil.Date) []Session {
	var out []Session
	for _, p := range r.Schedule {
		if p.PerWeek == 0 || p.FirstWeek == 0 {
			return nil
		}
	}
	n := 0
	addAt := func(day int, phase string) {
		n++
		d := start.AddDays(day)
		out = append(out, Session{Number: n, Date: d.String(), Weekday: d.Weekday(), Phase: phase})
	}
	for _, p := range r.Schedule {
		last := p.LastWeek
		open := last == 0
		if open {
			last = p.FirstWeek + 7 // four sessions every two weeks
		}
		for w := p.FirstWeek; w <= last; w++ {
			base := (w - 1) * 7
			switch p.PerWeek {
			case 7:
				for d := 0; d < 7; d++ {
					addAt(base+d, p.Name)
				}
			case 2:
				addAt(base, p.Name)
				addAt(base+3, p.Name)
			case 1:
				addAt(base, p.Name)
			case 0.5:
				if (w-p.FirstWeek)%2 == 0 {
					addAt(base, p.Name+" (or less often)")
				}
			}
		}
	}
	return out
}
