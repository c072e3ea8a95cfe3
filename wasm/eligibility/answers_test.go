package eligibility

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
)

// niceAll ticks every treatment NICE counts.
func niceAll(in Input) Input {
	in.SSRI1, in.SSRI2, in.OtherClass, in.Augmentation, in.Combination, in.ECT = true, true, true, true, true, true
	return in
}

// TestContradiction: more treatments ticked as failed than failed trials
// entered is flagged in the NICE body, and its prior treatments are then
// never met.
func TestContradiction(t *testing.T) {
	tests := []struct {
		name       string
		in         Input
		contradict bool
		priorMet   bool
		warning    string // part of the warning's text, when contradict
	}{
		{"all six ticked, zero trials", niceAll(Input{Adult: true, FailedTrials: "0"}), true, false, "6 treatments ticked as failed, but 0 failed trials entered: correct the number or the ticks."},
		{"all six ticked, five trials", niceAll(Input{Adult: true, FailedTrials: "5"}), true, false, "but 5 failed trials entered"},
		{"all six ticked, six trials", niceAll(Input{Adult: true, FailedTrials: "6"}), false, true, ""},
		{"all six ticked, thirty trials", niceAll(Input{Adult: true, FailedTrials: "30"}), false, true, ""},
		{"one ticked, zero trials", Input{Adult: true, FailedTrials: "0", ECT: true}, true, false, "1 treatment ticked as failed, but 0 failed trials"},
		{"two ticked, one trial", Input{Adult: true, FailedTrials: "1", SSRI1: true, SSRI2: true}, true, false, "but 1 failed trial entered"},
		{"two ticked, two trials", Input{Adult: true, FailedTrials: "2", SSRI1: true, SSRI2: true}, false, false, ""},
		{"none ticked, zero trials", Input{Adult: true, FailedTrials: "0"}, false, false, ""},
		// The answers contradict each other whatever the age.
		{"a child, all six ticked, zero trials", niceAll(Input{FailedTrials: "0"}), true, false, "6 treatments ticked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.in)
			if !r.OK {
				t.Fatal(r.Errors)
			}
			n := body(r, "nice").Lines
			got := false
			for _, l := range n {
				got = got || l.Kind == evidence.Warning && l.Label == ContradictLabel && strings.Contains(l.Value, tt.warning)
			}
			if got != tt.contradict {
				t.Errorf("contradiction warning %q shown = %v, want %v; NICE = %+v", tt.warning, got, tt.contradict, n)
			}
			if got := has(n, evidence.Met, "Prior treatments"); got != tt.priorMet {
				t.Errorf("prior treatments met = %v, want %v; NICE = %+v", got, tt.priorMet, n)
			}
		})
	}
}

// TestTickSpellings: every tick box reads the spellings a form or a URL
// produces, and refuses anything else with a field error naming it.
func TestTickSpellings(t *testing.T) {
	var flags []string
	for _, f := range (Calculator{}).Manifest().Fields {
		if f.Kind == calculator.Flag {
			flags = append(flags, f.Name)
		}
	}
	if len(flags) != 27 {
		t.Fatalf("%d tick boxes in the manifest; the test expects 27", len(flags))
	}
	tests := []struct {
		value string
		want  bool
		ok    bool
	}{
		{"true", true, true}, {"TRUE", true, true}, {"True", true, true}, {"on", true, true}, {"ON", true, true},
		{"1", true, true}, {"yes", true, true}, {"YES", true, true}, {"Yes", true, true},
		{"false", false, true}, {"FALSE", false, true}, {"False", false, true}, {"0", false, true},
		{"no", false, true}, {"NO", false, true}, {"No", false, true}, {"", false, true},
		{"2", false, false}, {"maybe", false, false}, {"off", false, false}, {"y", false, false}, {"t", false, false},
		{" true", false, false}, {"true ", false, false}, {"1.0", false, false}, {"-1", false, false},
		{"yeſ", false, false}, {"ｔｒｕｅ", false, false}, {"<b>yes</b>", false, false},
	}
	for _, name := range flags {
		for _, tt := range tests {
			// Every other answer makes the tick box under test the one
			// that decides a line: all ticked (six trials, so that no
			// contradiction), or as typed.
			v := calculator.Values{"failedTrials": "6"}
			for _, f := range flags {
				v[f] = "yes"
			}
			v[name] = tt.value
			out := (Calculator{}).Compute(v)
			errs := out["errors"].([]any)
			if !tt.ok {
				if out["ok"] != false || len(errs) != 1 || errs[0].(map[string]any)["field"] != name || errs[0].(map[string]any)["message"] != "Answer yes or no." || out["bodies"] != nil {
					t.Errorf("%s = %q: ok %v, errors %v, summary %v; want only the error \"Answer yes or no.\" on %s and no summary", name, tt.value, out["ok"], errs, out["bodies"] != nil, name)
				}
				continue
			}
			if out["ok"] != true || len(errs) != 0 {
				t.Errorf("%s = %q: refused (%v)", name, tt.value, errs)
				continue
			}
			// The value read is the one Evaluate gets: compare with
			// Evaluate over the same answers as booleans.
			in := niceAll(Input{FailedTrials: "6"})
			setAll(&in, true)
			setField(&in, name, tt.want)
			want := (Calculator{}).Compute(values(in))
			if !equalOutput(out, want) {
				t.Errorf("%s = %q read as %v does not give the summary of %v", name, tt.value, !tt.want, tt.want)
			}
		}
	}
	// Several refused at once: one error each, after the trials' error.
	out := (Calculator{}).Compute(calculator.Values{"failedTrials": "x", "adult": "maybe", "ect": "2"})
	errs := out["errors"].([]any)
	if len(errs) != 3 || errs[0].(map[string]any)["field"] != "failedTrials" || errs[1].(map[string]any)["field"] != "adult" || errs[2].(map[string]any)["field"] != "ect" {
		t.Errorf("errors = %v; want failedTrials, adult, ect", errs)
	}
}

// fieldOf maps each tick box of the manifest to its Input field: the one
// place the test names them, checked against the manifest by
// TestTickSpellings (a tick box missing here panics there).
func fieldOf(in *Input, name string) *bool {
	return map[string]*bool{
		"adult": &in.Adult, "inpatient": &in.Inpatient, "suicidalIdeation": &in.SuicidalIdeation,
		"ssri1": &in.SSRI1, "ssri2": &in.SSRI2, "otherClass": &in.OtherClass, "augmentation": &in.Augmentation, "combination": &in.Combination, "ect": &in.ECT,
		"hypertension": &in.UncontrolledHypertension, "cardiovascular": &in.Cardiovascular, "psychosis": &in.Psychosis, "pregnancy": &in.Pregnancy, "substanceMisuse": &in.SubstanceMisuse, "borderline": &in.BorderlinePD,
		"benzodiazepines": &in.Benzodiazepines, "opioids": &in.Opioids, "barbiturates": &in.Barbiturates, "alcohol": &in.Alcohol, "maoi": &in.MAOI, "lamotrigine": &in.Lamotrigine,
		"antidepressants": &in.OtherAntidepressants, "antipsychotics": &in.Antipsychotics, "lithium": &in.Lithium, "antiepileptics": &in.Antiepileptics,
		"resuscitationStaff": &in.ResuscitationTrainedStaff, "twoHourMonitoring": &in.TwoHourMonitoring,
	}[name]
}

func setField(in *Input, name string, v bool) { *fieldOf(in, name) = v }

func setAll(in *Input, v bool) {
	for _, f := range (Calculator{}).Manifest().Fields {
		if f.Kind == calculator.Flag {
			setField(in, f.Name, v)
		}
	}
}

// values spells in as the page sends it: booleans as "true"/"false".
func values(in Input) calculator.Values {
	v := calculator.Values{"failedTrials": in.FailedTrials}
	for _, f := range (Calculator{}).Manifest().Fields {
		if f.Kind == calculator.Flag {
			v[f.Name] = strconv.FormatBool(*fieldOf(&in, f.Name))
		}
	}
	return v
}

func equalOutput(a, b calculator.Output) bool {
	// The outputs are maps of slices; their printed forms compare them.
	return sprint(a) == sprint(b)
}

func sprint(v any) string {
	switch x := v.(type) {
	case map[string]any:
		s := "{"
		for _, k := range []string{"ok", "errors", "definition", "bodies", "cautions", "interactions", "monitoring", "id", "name", "lines", "label", "value", "kind", "sources", "key", "section", "page", "note", "field", "message"} {
			if e, ok := x[k]; ok {
				s += k + ":" + sprint(e) + ","
			}
		}
		return s + "}"
	case []any:
		s := "["
		for _, e := range x {
			s += sprint(e) + ","
		}
		return s + "]"
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return "?"
}

// TestEveryAnswer enumerates, for every body, all the answers it reads
// (age, suicidal ideation, admission, the six NICE treatments) with 0 to
// 10 failed trials, and for each the other answers at random (fixed
// seed): no combination panics, every line has exactly one known kind and
// a source, the contradiction warning shows exactly when more treatments
// are ticked than trials entered, and no line is met unless its
// conditions, read from the rule data Evaluate uses, hold.
func TestEveryAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	others := []string{"hypertension", "cardiovascular", "psychosis", "pregnancy", "substanceMisuse", "borderline",
		"benzodiazepines", "opioids", "barbiturates", "alcohol", "maoi", "lamotrigine",
		"antidepressants", "antipsychotics", "lithium", "antiepileptics", "resuscitationStaff", "twoHourMonitoring"}
	read := []string{"adult", "suicidalIdeation", "inpatient", "ssri1", "ssri2", "otherClass", "augmentation", "combination", "ect"}
	n := 0
	for trials := 0; trials <= 10; trials++ {
		for mask := 0; mask < 1<<len(read); mask++ {
			in := Input{FailedTrials: strconv.Itoa(trials)}
			for i, name := range read {
				setField(&in, name, mask&(1<<i) != 0)
			}
			for _, name := range others {
				setField(&in, name, rng.IntN(2) == 1)
			}
			checkAnswers(t, in, trials)
			n++
		}
	}
	if n != 11*512 {
		t.Fatalf("%d combinations checked; want %d", n, 11*512)
	}
}

func checkAnswers(t *testing.T, in Input, trials int) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%+v: panic %v", in, p)
		}
	}()
	r := Evaluate(in)
	if !r.OK {
		t.Fatalf("%+v: %v", in, r.Errors)
	}
	ticked := 0
	allDone := true
	for _, s := range niceSteps(in) {
		if s.done {
			ticked++
		} else {
			allDone = false
		}
	}
	trd := trials >= TRDTrials
	// met holds the conditions of every line that can be met, by body
	// (or section) and label.
	met := map[string]bool{
		"definition/FDA and EMA definition of TRD":  trd,
		"definition/STAR*D definition":              trd,
		"fda/This patient":                          in.Adult && trd,
		"fda/Acute suicidal ideation or behaviour":  in.Adult && in.SuicidalIdeation,
		"ema/This patient":                          in.Adult && trd,
		"canmat/This patient":                       in.Adult && trd,
		"panel/This patient":                        in.Adult && trd,
		"nice/Prior treatments":                     in.Adult && allDone && ticked <= trials,
		"nice/Setting":                              in.Adult && in.Inpatient,
		"monitoring/Staff trained in resuscitation": in.ResuscitationTrainedStaff,
		"monitoring/Two hours of monitoring":        in.TwoHourMonitoring,
	}
	check := func(where string, lines []evidence.Line) {
		for _, l := range lines {
			switch l.Kind {
			case evidence.Info, evidence.Warning, evidence.Missing:
			case evidence.Met:
				cond, known := met[where+"/"+l.Label]
				if !known {
					t.Errorf("%+v: %s line %q is met, and the test knows no condition for it", in, where, l.Label)
				} else if !cond {
					t.Errorf("%+v: %s line %q is met, but its conditions are not", in, where, l.Label)
				}
			default:
				t.Errorf("%+v: %s line %q has kind %q", in, where, l.Label, l.Kind)
			}
			if len(l.Sources) == 0 {
				t.Errorf("%+v: %s line %q has no source", in, where, l.Label)
			}
		}
	}
	check("definition", r.Definition)
	check("cautions", r.Cautions)
	check("interactions", r.Interactions)
	check("monitoring", r.Monitoring)
	contradictions := 0
	for _, b := range r.Bodies {
		check(b.ID, b.Lines)
		for _, l := range b.Lines {
			if l.Label == ContradictLabel {
				contradictions++
				if b.ID != "nice" || l.Kind != evidence.Warning {
					t.Errorf("%+v: the contradiction is a %s line in %s; want a warning in nice", in, l.Kind, b.ID)
				}
			}
		}
	}
	if want := ticked > trials; (contradictions == 1) != want || contradictions > 1 {
		t.Errorf("%+v: %d ticked, %d trials: %d contradiction warnings", in, ticked, trials, contradictions)
	}
	// A line met must be one the answers can meet: every condition above
	// that holds shows as met (so the conditions are not vacuous).
	for _, k := range []string{"fda/This patient", "nice/Prior treatments", "nice/Setting"} {
		if !met[k] {
			continue
		}
		id, label, _ := cut(k)
		lines := r.Monitoring
		if id != "monitoring" {
			lines = body(r, id).Lines
		}
		if !has(lines, evidence.Met, label) {
			t.Errorf("%+v: %s holds but is not shown as met", in, k)
		}
	}
}

func cut(k string) (string, string, bool) {
	for i := range k {
		if k[i] == '/' {
			return k[:i], k[i+1:], true
		}
	}
	return k, "", false
}
