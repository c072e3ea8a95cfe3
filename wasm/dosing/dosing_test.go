package dosing

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"ketref/wasm/evidence"
)

func line(r Result, label string) evidence.Line {
	for _, l := range r.Lines {
		if l.Label == label {
			return l
		}
	}
	return evidence.Line{}
}

func TestHandComputed(t *testing.T) {
	tests := []struct {
		name  string
		in    Input
		dose  float64
		lines map[string]string
		steps []string
		warn  bool
	}{
		{
			name: "IV 70 kg at 0.5 mg/kg, 10 mg/mL in 100 mL",
			in:   Input{Route: "iv-racemic", Weight: "70", WeightUnit: "kg", DosePerKg: "0.5", Concentration: "10", Volume: "100"},
			dose: 35,
			lines: map[string]string{
				"Dose":                        "35 mg (0.5 mg/kg)",
				"Usual range for this weight": "35–70 mg (0.5–1 mg/kg)",
				"Infusion":                    "0.875 mg/min over 40 minutes",
				"Drug volume":                 "3.5 mL of 10 mg/mL, made up to 100 mL",
				"Pump rate":                   "150 mL/h (100 mL over 40 minutes)",
				"Bioavailability":             "complete",
				"Systemically available dose": "35 mg",
			},
			steps: []string{"Dose: 70 kg × 0.5 mg/kg = 35 mg", "Rate: 35 mg ÷ 40 min = 0.875 mg/min", "Drug volume: 35 mg ÷ 10 mg/mL = 3.5 mL", "Pump rate: 100 mL ÷ 40 min × 60 = 150 mL/h"},
		},
		{
			name:  "IV 80 kg at 1.0 mg/kg without infusion fields",
			in:    Input{Route: "iv-racemic", Weight: "80", WeightUnit: "kg", DosePerKg: "1"},
			dose:  80,
			lines: map[string]string{"Infusion": "2 mg/min over 40 minutes", "Drug volume": "", "Pump rate": ""},
		},
		{
			name:  "pounds are converted",
			in:    Input{Route: "iv-racemic", Weight: "154", WeightUnit: "lb", DosePerKg: "0.5"},
			dose:  154 * kgPerLb * 0.5,
			lines: map[string]string{"Dose": "34.93 mg (0.5 mg/kg)"},
			steps: []string{"Weight: 154 lb × 0.4536 = 69.85 kg"},
		},
		{
			name:  "IV below the usual range gives a result with a warning",
			in:    Input{Route: "iv-racemic", Weight: "70", DosePerKg: "0.2"},
			dose:  14,
			lines: map[string]string{"Dose": "14 mg (0.2 mg/kg)"},
			warn:  true,
		},
		{
			name:  "intranasal esketamine 56 mg",
			in:    Input{Route: "in-esketamine", Dose: "56"},
			dose:  56,
			lines: map[string]string{"Devices": "2 devices of 28 mg", "Bioavailability": "8–45%", "Systemically available dose": "4.48–25.2 mg"},
		},
		{
			name:  "intranasal esketamine 84 mg ignores weight",
			in:    Input{Route: "in-esketamine", Dose: "84", Weight: "not used"},
			dose:  84,
			lines: map[string]string{"Devices": "3 devices of 28 mg", "Systemically available dose": "6.72–37.8 mg"},
			warn:  true, // 84 mg is not the starting dose
		},
		{
			name:  "oral ketamine 60 kg at 1.25 mg/kg",
			in:    Input{Route: "oral-ketamine", Weight: "60", DosePerKg: "1.25"},
			dose:  75,
			lines: map[string]string{"Systemically available dose": "6–21.75 mg"},
			warn:  true, // the review states no monitoring for oral use
		},
		{
			name:  "IM 100 kg at 0.5 mg/kg",
			in:    Input{Route: "im-racemic", Weight: "100", DosePerKg: "0.5"},
			dose:  50,
			lines: map[string]string{"Bioavailability": "about 90%", "Systemically available dose": "45 mg"},
			warn:  true,
		},
		{
			name:  "oral esketamine titrated to 3 mg/kg",
			in:    Input{Route: "oral-esketamine", Weight: "50", DosePerKg: "3"},
			dose:  150,
			lines: map[string]string{"Dose": "150 mg (3 mg/kg)"},
			warn:  true,
		},
		{
			name:  "R-107 180 mg",
			in:    Input{Route: "oral-r107", Dose: "180"},
			dose:  180,
			lines: map[string]string{"Systemically available dose": "14.4–52.2 mg"},
			warn:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Calculate(tt.in)
			if !r.OK || len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			if math.Abs(r.DoseMG-tt.dose) > 1e-9 {
				t.Errorf("dose = %v mg, want %v", r.DoseMG, tt.dose)
			}
			for label, want := range tt.lines {
				if got := line(r, label).Value; got != want {
					t.Errorf("%s = %q, want %q", label, got, want)
				}
			}
			var steps []string
			for _, s := range r.Steps {
				steps = append(steps, s.Text)
			}
			for _, s := range tt.steps {
				if !strings.Contains(strings.Join(steps, "\n"), s) {
					t.Errorf("working lacks %q: %q", s, steps)
				}
			}
			if (len(r.Warnings) > 0) != tt.warn {
				t.Errorf("warnings = %+v, want any: %v", r.Warnings, tt.warn)
			}
		})
	}
}

func TestInvalidInputGivesNoNumbers(t *testing.T) {
	iv := func(f func(*Input)) Input {
		in := Input{Route: "iv-racemic", Weight: "70", WeightUnit: "kg", DosePerKg: "0.5"}
		f(&in)
		return in
	}
	tests := []struct {
		name  string
		in    Input
		field string
		msg   string
	}{
		{"unknown route", Input{Route: "rectal"}, "route", "Choose a route"},
		{"empty weight", iv(func(i *Input) { i.Weight = "" }), "weight", "enter a value"},
		{"non-numeric weight", iv(func(i *Input) { i.Weight = "seventy" }), "weight", "enter a number"},
		{"negative weight", iv(func(i *Input) { i.Weight = "-70" }), "weight", "enter a number"},
		{"zero weight", iv(func(i *Input) { i.Weight = "0" }), "weight", "20 to 300 kg"},
		{"NaN weight", iv(func(i *Input) { i.Weight = "NaN" }), "weight", "enter a number"},
		{"Infinity weight", iv(func(i *Input) { i.Weight = "Infinity" }), "weight", "enter a number"},
		{"weight below 20 kg", iv(func(i *Input) { i.Weight = "19.9" }), "weight", "20 to 300 kg"},
		{"weight above 300 kg", iv(func(i *Input) { i.Weight = "300.1" }), "weight", "20 to 300 kg"},
		{"weight above 300 kg in lb", iv(func(i *Input) { i.Weight = "662"; i.WeightUnit = "lb" }), "weight", "20 to 300 kg"},
		{"unknown unit", iv(func(i *Input) { i.WeightUnit = "stone" }), "weightUnit", "kg or lb"},
		{"empty dose per kg", iv(func(i *Input) { i.DosePerKg = "" }), "dosePerKg", "enter a value"},
		{"zero dose per kg", iv(func(i *Input) { i.DosePerKg = "0" }), "dosePerKg", "more than 0"},
		{"IV dose above the reported range", iv(func(i *Input) { i.DosePerKg = "1.01" }), "dosePerKg", "0.1–1 mg/kg only"},
		{"IV dose below the reported range", iv(func(i *Input) { i.DosePerKg = "0.09" }), "dosePerKg", "0.1–1 mg/kg only"},
		{"oral dose above the reported range", Input{Route: "oral-ketamine", Weight: "70", DosePerKg: "1.3"}, "dosePerKg", "0.5–1.25 mg/kg only"},
		{"intranasal dose not offered", Input{Route: "in-esketamine", Dose: "70"}, "dose", "choose 56 mg or 84 mg"},
		{"intranasal dose missing", Input{Route: "in-esketamine"}, "dose", "choose 56 mg or 84 mg"},
		{"concentration without volume", iv(func(i *Input) { i.Concentration = "10" }), "volume", "infusion volume"},
		{"zero concentration", iv(func(i *Input) { i.Concentration = "0"; i.Volume = "100" }), "concentration", "more than 0"},
		{"concentration too high", iv(func(i *Input) { i.Concentration = "500"; i.Volume = "100" }), "concentration", "at most 100"},
		{"drug volume larger than the bag", iv(func(i *Input) { i.Concentration = "0.1"; i.Volume = "100" }), "volume", "larger than the infusion volume"},
		{"bad start date", Input{Route: "in-esketamine", Dose: "56", StartDate: "2026-02-30"}, "startDate", "YYYY-MM-DD"},
		{"script in a field", iv(func(i *Input) { i.Weight = `<img src=x onerror=alert(1)>` }), "weight", "enter a number"},
		{"44 lb is below 20 kg", iv(func(i *Input) { i.Weight = "44"; i.WeightUnit = "lb" }), "weight", "20 to 300 kg (44.1 to 661 lb)"},
		{"dose per kg just above the range, as typed", iv(func(i *Input) { i.DosePerKg = "1.0000001" }), "dosePerKg", "only; 1.0000001 mg/kg is outside"},
		{"weight just above 300 kg", iv(func(i *Input) { i.Weight = "300.0001" }), "weight", "20 to 300 kg"},
		{"thousands comma in the weight", iv(func(i *Input) { i.Weight = "1,500"; i.WeightUnit = "lb" }), "weight", "Body weight: write a decimal point: 1.5 or 1500, not 1,500."},
		{"thousands comma in the dose per kg", iv(func(i *Input) { i.DosePerKg = "1,000" }), "dosePerKg", "Dose per kg: write a decimal point"},
		{"thousands comma in the volume", iv(func(i *Input) { i.Concentration = "10"; i.Volume = "1,000" }), "volume", "The infusion volume: write a decimal point"},
		{"thousands comma in the concentration", iv(func(i *Input) { i.Concentration = "1,000"; i.Volume = "100" }), "concentration", "The concentration: write a decimal point"},
		{"thousands comma in a fixed dose", Input{Route: "in-esketamine", Dose: "56,000"}, "dose", "The dose: write a decimal point"},
		{"two commas", iv(func(i *Input) { i.Weight = "1,000,000" }), "weight", "enter a number"},
		{"comma after a point", iv(func(i *Input) { i.Weight = "1.000,5" }), "weight", "enter a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Calculate(tt.in)
			if r.OK || r.DoseMG != 0 || len(r.Lines) != 0 || len(r.Steps) != 0 || len(r.Sessions) != 0 || r.Position != nil {
				t.Fatalf("invalid input produced a result: %+v", r)
			}
			found := false
			for _, e := range r.Errors {
				if e.Field == tt.field && strings.Contains(strings.ToLower(e.Message), strings.ToLower(tt.msg)) {
					found = true
				}
				if strings.Contains(e.Message, "<img") {
					t.Errorf("message repeats the input: %q", e.Message)
				}
			}
			if !found {
				t.Errorf("errors = %+v, want %s: %q", r.Errors, tt.field, tt.msg)
			}
		})
	}
}

func TestBoundaries(t *testing.T) {
	for _, tt := range []struct {
		weight, perKg string
		ok, warn      bool
	}{
		{"20", "0.5", true, false}, {"300", "1", true, false}, {"70", "0.1", true, true},
		{"70", "0.4999", true, true}, {"70", "0.5", true, false}, {"70", "1.0", true, false},
	} {
		r := Calculate(Input{Route: "iv-racemic", Weight: tt.weight, DosePerKg: tt.perKg})
		warned := false
		for _, w := range r.Warnings {
			if w.Label == "Outside the usual range" {
				warned = true
			}
		}
		if r.OK != tt.ok || warned != tt.warn {
			t.Errorf("%s kg at %s mg/kg: ok=%v warned=%v, want %v %v", tt.weight, tt.perKg, r.OK, warned, tt.ok, tt.warn)
		}
	}
}

func TestSessions(t *testing.T) {
	r := Calculate(Input{Route: "in-esketamine", Dose: "56", StartDate: "2026-01-05"})
	if !r.OK {
		t.Fatal(r.Errors)
	}
	var got []string
	for _, s := range r.Sessions {
		got = append(got, s.Date+" "+s.Weekday[:3]+" "+s.Phase)
	}
	want := []string{
		"2026-01-05 Mon Induction", "2026-01-08 Thu Induction", "2026-01-12 Mon Induction", "2026-01-15 Thu Induction",
		"2026-01-19 Mon Induction", "2026-01-22 Thu Induction", "2026-01-26 Mon Induction", "2026-01-29 Thu Induction",
		"2026-02-02 Mon Weeks 5–8", "2026-02-09 Mon Weeks 5–8", "2026-02-16 Mon Weeks 5–8", "2026-02-23 Mon Weeks 5–8",
		"2026-03-02 Mon After week 8 (or less often)", "2026-03-16 Mon After week 8 (or less often)",
		"2026-03-30 Mon After week 8 (or less often)", "2026-04-13 Mon After week 8 (or less often)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sessions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// IV's schedule has no fixed pattern: no dates, and a warning says so.
	r = Calculate(Input{Route: "iv-racemic", Weight: "70", DosePerKg: "0.5", StartDate: "2026-01-05"})
	if len(r.Sessions) != 0 || !strings.Contains(r.Warnings[len(r.Warnings)-1].Value, "no fixed session pattern") {
		t.Errorf("IV sessions = %v, warnings = %v", r.Sessions, r.Warnings)
	}
}

// TestEveryRuleCitesItsSource: every line, step with a number from the
// rules, and warning names where it comes from, and every key is a key of
// the bibliography (checked against the site's references by the
// generator's tests).
func TestEveryRuleCitesItsSource(t *testing.T) {
	for _, r := range Routes() {
		in := Input{Route: r.ID, Weight: "70", DosePerKg: strconv.FormatFloat(r.Usual.Lo, 'f', -1, 64)}
		if !r.PerKg {
			in.Dose = strconv.FormatFloat(r.Fixed[0].MG, 'f', -1, 64)
		}
		res := Calculate(in)
		if !res.OK {
			t.Fatalf("%s: %+v", r.ID, res.Errors)
		}
		for _, l := range append(res.Lines, res.Warnings...) {
			if len(l.Sources) == 0 && l.Label != "Drug volume" {
				t.Errorf("%s: line %q has no source", r.ID, l.Label)
			}
			for _, s := range l.Sources {
				if s.Key == "" && (s.Section == "" || s.Page == "") {
					t.Errorf("%s: line %q cites the review without section and page", r.ID, l.Label)
				}
			}
		}
	}
}

// TestDoseGrowsWithWeight and stays inside the reported range: a property
// test over random valid inputs for every weight-based route.
func TestDoseGrowsWithWeight(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, r := range Routes() {
		if !r.PerKg {
			continue
		}
		for i := 0; i < 500; i++ {
			perKg := r.Studied.Lo + rng.Float64()*(r.Studied.Hi-r.Studied.Lo)
			w1 := MinWeightKG + rng.Float64()*(MaxWeightKG-MinWeightKG)
			w2 := w1 + rng.Float64()*(MaxWeightKG-w1)
			p := strconv.FormatFloat(perKg, 'f', 4, 64)
			a := Calculate(Input{Route: r.ID, Weight: strconv.FormatFloat(w1, 'f', 2, 64), DosePerKg: p})
			b := Calculate(Input{Route: r.ID, Weight: strconv.FormatFloat(w2, 'f', 2, 64), DosePerKg: p})
			if !a.OK || !b.OK {
				t.Fatalf("%s: valid input refused: %+v %+v", r.ID, a.Errors, b.Errors)
			}
			if b.DoseMG < a.DoseMG {
				t.Fatalf("%s: %0.2f kg gives %v mg but %0.2f kg gives %v mg", r.ID, w1, a.DoseMG, w2, b.DoseMG)
			}
			wa, _ := strconv.ParseFloat(strconv.FormatFloat(w1, 'f', 2, 64), 64)
			pv, _ := strconv.ParseFloat(p, 64)
			if a.DoseMG < r.Studied.Lo*wa-1e-6 || a.DoseMG > r.Studied.Hi*wa+1e-6 || math.Abs(a.DoseMG-wa*pv) > 1e-6 {
				t.Fatalf("%s: dose %v mg for %v kg at %v mg/kg is out of range", r.ID, a.DoseMG, wa, pv)
			}
		}
	}
}

func FuzzCalculate(f *testing.F) {
	f.Add("iv-racemic", "70", "kg", "0.5", "", "10", "100", "")
	f.Add("in-esketamine", "", "", "", "56", "", "", "2026-01-05")
	f.Add("oral-ketamine", "154", "lb", "1,2", "", "", "", "")
	f.Fuzz(func(t *testing.T, route, weight, unit, perKg, dose, conc, vol, start string) {
		r := Calculate(Input{route, weight, unit, perKg, dose, conc, vol, start})
		if r.OK == (len(r.Errors) > 0) {
			t.Fatalf("OK=%v with errors %+v", r.OK, r.Errors)
		}
		if !r.OK && (r.DoseMG != 0 || len(r.Lines) > 0) {
			t.Fatalf("numbers for invalid input: %+v", r)
		}
		if r.OK && (math.IsNaN(r.DoseMG) || math.IsInf(r.DoseMG, 0) || r.DoseMG <= 0) {
			t.Fatalf("dose %v", r.DoseMG)
		}
	})
}
