package dosing

import (
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ketref/wasm/evidence"
)

// TestWeightMessageBounds: every weight the refusal prints is one the
// calculator accepts, and one step of the printed precision beyond it is
// refused, so the message never names a value that it then refuses.
func TestWeightMessageBounds(t *testing.T) {
	r := Calculate(Input{Route: "iv-racemic", Weight: "0", DosePerKg: "0.5"})
	if len(r.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", r.Errors)
	}
	m := regexp.MustCompile(`from ([0-9.]+) to ([0-9.]+) kg \(([0-9.]+) to ([0-9.]+) lb\)`).FindStringSubmatch(r.Errors[0].Message)
	if m == nil {
		t.Fatalf("message %q names no kg and lb bounds", r.Errors[0].Message)
	}
	// step is one unit of the last digit printed: 0.1 for "44.1", 1 for "661".
	step := func(s string) float64 {
		if i := strings.IndexByte(s, '.'); i >= 0 {
			return math.Pow(10, -float64(len(s)-i-1))
		}
		return 1
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if num(m[1]) != MinWeightKG || num(m[2]) != MaxWeightKG {
		t.Errorf("message says %s to %s kg; the limits are %v to %v kg", m[1], m[2], MinWeightKG, MaxWeightKG)
	}
	for _, tt := range []struct {
		weight, unit string
		ok           bool
	}{
		{m[1], "kg", true},
		{m[2], "kg", true},
		{m[3], "lb", true},
		{m[4], "lb", true},
		{strconv.FormatFloat(num(m[3])-step(m[3]), 'f', -1, 64), "lb", false},
		{strconv.FormatFloat(num(m[4])+step(m[4]), 'f', -1, 64), "lb", false},
		{strconv.FormatFloat(num(m[3])-0.01, 'f', -1, 64), "lb", false}, // 44.09 lb is 19.998 kg
		{"44", "lb", false},
		{"19.999", "kg", false},
		{"300.001", "kg", false},
	} {
		got := Calculate(Input{Route: "iv-racemic", Weight: tt.weight, WeightUnit: tt.unit, DosePerKg: "0.5"})
		if got.OK != tt.ok {
			t.Errorf("%s %s: ok = %v, want %v (%+v)", tt.weight, tt.unit, got.OK, tt.ok, got.Errors)
		}
	}
}

// TestMessagesShowTheValueAsTyped: a message or a step that repeats what
// was typed repeats it as typed (trimmed), never a rounded form that
// would contradict it ("1 mg/kg is outside").
func TestMessagesShowTheValueAsTyped(t *testing.T) {
	tests := []struct {
		name    string
		in      Input
		want    string // in an error, or in a step or line when the input is valid
		notWant string
	}{
		{"dose per kg above the range", Input{Route: "iv-racemic", Weight: "70", DosePerKg: "1.0000001"}, "; 1.0000001 mg/kg is outside", " 1 mg/kg is outside"},
		{"dose per kg with spaces", Input{Route: "iv-racemic", Weight: "70", DosePerKg: "  1.0000001 "}, "only; 1.0000001 mg/kg is outside", "  1.0000001"},
		{"dose per kg with a decimal comma", Input{Route: "iv-racemic", Weight: "70", DosePerKg: "1,0000001"}, "only; 1,0000001 mg/kg is outside", " 1 mg/kg"},
		{"dose per kg below the range", Input{Route: "oral-ketamine", Weight: "70", DosePerKg: "0.4999999"}, "0.4999999 mg/kg is outside", " 0.5 mg/kg is outside"},
		{"weight above 300 kg", Input{Route: "iv-racemic", Weight: "300.0001", DosePerKg: "0.5"}, "Enter a body weight from 20 to 300 kg (44.1 to 661 lb); the calculator is for adults.", "300.0001"},
		{"weight in lb", Input{Route: "iv-racemic", Weight: "300.0001", WeightUnit: "lb", DosePerKg: "0.5"}, "Weight: 300.0001 lb × 0.4536 = 136.08 kg", "Weight: 300 lb"},
		{"dose per kg with more decimals than printed before", Input{Route: "iv-racemic", Weight: "70", DosePerKg: "0.12345"}, "Dose: 70 kg × 0.12345 mg/kg = 8.64 mg", "0.123 mg/kg"},
		{"weight with more decimals than printed before", Input{Route: "iv-racemic", Weight: "70.125", DosePerKg: "0.5"}, "Dose: 70.125 kg × 0.5 mg/kg = 35.06 mg", "70.13 kg"},
		{"Dose line", Input{Route: "iv-racemic", Weight: "70", DosePerKg: " 0,12345"}, "8.64 mg (0,12345 mg/kg)", "0.123"},
		{"weight in lb with a decimal comma", Input{Route: "iv-racemic", Weight: " 154,5 ", WeightUnit: "lb", DosePerKg: "0.5"}, "Weight: 154,5 lb × 0.4536 = 70.08 kg", "154.5 lb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Calculate(tt.in)
			var texts []string
			for _, e := range r.Errors {
				texts = append(texts, e.Message)
			}
			for _, s := range r.Steps {
				texts = append(texts, s.Text)
			}
			for _, l := range r.Lines {
				texts = append(texts, l.Value)
			}
			all := strings.Join(texts, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("got %q, want %q", all, tt.want)
			}
			if strings.Contains(all, tt.notWant) {
				t.Errorf("got %q, which contains %q", all, tt.notWant)
			}
		})
	}
}

// TestStartingDoseWarning: a fixed dose other than the review's starting
// dose, with or without session dates, says what the starting dose is,
// citing the rule that names it; the starting dose itself does not.
func TestStartingDoseWarning(t *testing.T) {
	in := Lookup("in-esketamine")
	var start FixedDose
	for _, f := range in.Fixed {
		if f.Start {
			start = f
		}
	}
	if start.MG == 0 {
		t.Fatal("intranasal esketamine has no starting dose in the route table")
	}
	tests := []struct {
		name, route, dose, startDate string
		want                         string // the warning's value; "" for none
		sessions                     int
	}{
		{"esketamine at the starting dose", "in-esketamine", "56", "", "", 0},
		{"esketamine at 84 mg", "in-esketamine", "84", "", "The review's starting dose is 56 mg, not 84 mg.", 0},
		{"esketamine at 84 mg with dates", "in-esketamine", "84", "2026-01-05", "The review's starting dose is 56 mg, not 84 mg.", 16},
		{"esketamine at 56 mg with dates", "in-esketamine", "56", "2026-01-05", "", 16},
		{"R-107 has one dose and no starting dose", "oral-r107", "180", "2026-01-05", "", 24},
		{"KET01 names no starting dose", "oral-ket01", "240", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Calculate(Input{Route: tt.route, Dose: tt.dose, StartDate: tt.startDate})
			if !r.OK {
				t.Fatalf("errors: %+v", r.Errors)
			}
			var got *evidence.Line
			for i, w := range r.Warnings {
				if w.Label == "Starting dose" {
					got = &r.Warnings[i]
				}
			}
			if len(r.Sessions) != tt.sessions {
				t.Errorf("%d sessions, want %d", len(r.Sessions), tt.sessions)
			}
			if tt.want == "" {
				if got != nil {
					t.Errorf("unexpected warning %+v", *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("no starting-dose warning in %+v", r.Warnings)
			}
			if got.Value != tt.want || got.Kind != evidence.Warning {
				t.Errorf("warning = %q (%s), want %q (warning)", got.Value, got.Kind, tt.want)
			}
			if !sameSources(got.Sources, start.Sources) || !sameSources(got.Sources, in.Schedule[0].Sources) {
				t.Errorf("warning cites %+v; the starting dose and the induction cite %+v and %+v", got.Sources, start.Sources, in.Schedule[0].Sources)
			}
		})
	}
}

func sameSources(a, b []evidence.Source) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDosingProperties checks, over weights (kg and lb) and doses per kg
// at and a little beyond every bound, plus random values, for every route:
// a dose is shown only for input inside the documented bounds, with the
// error on the right field and no dose anywhere otherwise; a shown dose is
// weight × dose per kg to the printed rounding; nothing panics.
func TestDosingProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1)) // fixed seed: the same cases every run
	format := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	// near gives the bound and values a little either side, with 7
	// decimals (short enough for 15 significant digits).
	near := func(bound float64) []string {
		var out []string
		for _, d := range []float64{0, 1e-6, 1e-3, 0.01} {
			out = append(out, strconv.FormatFloat(bound-d, 'f', 7, 64), strconv.FormatFloat(bound+d, 'f', 7, 64))
		}
		return out
	}
	type weight struct{ typed, unit string }
	var weights []weight
	for _, unit := range []string{"kg", "lb"} {
		per := 1.0
		if unit == "lb" {
			per = kgPerLb
		}
		for _, b := range []float64{MinWeightKG / per, MaxWeightKG / per} {
			for _, s := range near(b) {
				weights = append(weights, weight{s, unit})
			}
		}
		for i := 0; i < 20; i++ {
			weights = append(weights, weight{strconv.FormatFloat(rng.Float64()*400/per, 'f', rng.IntN(5), 64), unit})
		}
	}
	weights = append(weights, weight{"0", "kg"}, weight{"", "kg"}, weight{"70", "stone"}, weight{"1,500", "lb"})

	for _, r := range Routes() {
		var doses []string
		if r.PerKg {
			for _, b := range []float64{r.Studied.Lo, r.Studied.Hi, r.Usual.Lo, r.Usual.Hi} {
				doses = append(doses, near(b)...)
			}
			for i := 0; i < 20; i++ {
				doses = append(doses, strconv.FormatFloat(rng.Float64()*4, 'f', rng.IntN(6), 64))
			}
			doses = append(doses, "0", "", "1,000", "abc")
		} else {
			for _, f := range r.Fixed {
				doses = append(doses, format(f.MG), format(f.MG+1), format(f.MG-0.001))
			}
			doses = append(doses, "0", "", "56,000")
		}
		shown, refused := 0, 0
		for _, w := range weights {
			for _, d := range doses {
				in := Input{Route: r.ID, Weight: w.typed, WeightUnit: w.unit}
				if r.PerKg {
					in.DosePerKg = d
				} else {
					in.Dose = d
				}
				if checkDosing(t, r, in) {
					shown++
				} else {
					refused++
				}
			}
		}
		// Both sides of every bound were reached.
		if shown < 50 || refused < 50 {
			t.Errorf("%s: %d results shown and %d refused; the grid misses one side", r.ID, shown, refused)
		}
	}
}

// checkDosing checks one input against the properties of
// TestDosingProperties, computing what to expect with strconv rather than
// the package's parser.
// It reports whether a result was shown.
func checkDosing(t *testing.T, r Route, in Input) bool {
	t.Helper()
	var res Result
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%+v: panic %v", in, p)
			}
		}()
		res = Calculate(in)
	}()

	wantFields := map[string]bool{}
	var kg, perKg, dose float64
	if r.PerKg {
		w, err := strconv.ParseFloat(in.Weight, 64)
		switch {
		case in.WeightUnit == "stone":
			wantFields["weightUnit"] = true
		case err != nil || strings.Contains(in.Weight, ","):
			wantFields["weight"] = true
		default:
			kg = w
			if in.WeightUnit == "lb" {
				kg = w * kgPerLb
			}
			if kg < MinWeightKG || kg > MaxWeightKG {
				wantFields["weight"] = true
			}
		}
		p, err := strconv.ParseFloat(in.DosePerKg, 64)
		// The bounds are closed; Range.Contains allows 1e-9 for a
		// printed bound typed back, and no test value lies that close.
		if err != nil || strings.Contains(in.DosePerKg, ",") || p <= 0 || p < r.Studied.Lo-1e-9 || p > r.Studied.Hi+1e-9 {
			wantFields["dosePerKg"] = true
		}
		perKg, dose = p, kg*p
	} else {
		d, err := strconv.ParseFloat(in.Dose, 64)
		found := false
		for _, f := range r.Fixed {
			found = found || err == nil && f.MG == d
		}
		if !found {
			wantFields["dose"] = true
		}
		dose = d
	}

	gotFields := map[string]bool{}
	for _, e := range res.Errors {
		gotFields[e.Field] = true
	}
	if len(gotFields) != len(wantFields) {
		t.Fatalf("%+v: errors %+v, want errors on %v", in, res.Errors, wantFields)
	}
	for f := range wantFields {
		if !gotFields[f] {
			t.Fatalf("%+v: errors %+v, want errors on %v", in, res.Errors, wantFields)
		}
	}
	if len(wantFields) > 0 {
		if res.OK || res.DoseMG != 0 || len(res.Lines) != 0 || len(res.Steps) != 0 || len(res.Warnings) != 0 || res.Position != nil {
			t.Fatalf("%+v: invalid input produced a result: %+v", in, res)
		}
		for _, e := range res.Errors {
			// A weight-based route's messages name mg only per kg (the
			// bounds, the value typed); a fixed route's names the doses
			// it offers. No message names a dose computed from the input.
			msg := strings.ReplaceAll(e.Message, "mg/kg", "")
			if r.PerKg && strings.Contains(msg, "mg") {
				t.Fatalf("%+v: message %q names a dose", in, e.Message)
			}
		}
		return false
	}

	if !res.OK || math.Abs(res.DoseMG-dose) > 1e-9*dose {
		t.Fatalf("%+v: ok=%v dose %v mg, want %v mg", in, res.OK, res.DoseMG, dose)
	}
	// The Dose line prints the dose with at most 2 decimals, trailing
	// zeros dropped, and the dose per kg as typed ("34.93 mg (0.5
	// mg/kg)"): the printed dose is within half of 0.01 of the value.
	printed := line(res, "Dose").Value
	m := doseLine.FindStringSubmatch(printed)
	if r.PerKg && m == nil || !r.PerKg && !strings.HasPrefix(printed, strconv.FormatFloat(dose, 'f', -1, 64)+" mg, a fixed dose") {
		t.Fatalf("%+v: Dose line %q", in, printed)
	}
	if !r.PerKg {
		return true
	}
	if v, _ := strconv.ParseFloat(m[1], 64); math.Abs(v-dose) > 0.005+1e-9 {
		t.Fatalf("%+v: Dose line %q, but %v kg × %v mg/kg = %v mg", in, printed, kg, perKg, dose)
	}
	if m[2] != strings.TrimSpace(in.DosePerKg) {
		t.Fatalf("%+v: Dose line %q does not repeat the dose per kg as typed", in, printed)
	}
	return true
}

var doseLine = regexp.MustCompile(`^([0-9]+(?:\.[0-9]{1,2})?) mg \((.+) mg/kg\)$`)
