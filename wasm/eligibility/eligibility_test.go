package eligibility

import (
	"strings"
	"testing"

	"ketref/wasm/evidence"
)

func body(r Result, id string) Body {
	for _, b := range r.Bodies {
		if b.ID == id {
			return b
		}
	}
	return Body{}
}

func has(lines []evidence.Line, kind evidence.Kind, text string) bool {
	for _, l := range lines {
		if l.Kind == kind && strings.Contains(l.Label+": "+l.Value, text) {
			return true
		}
	}
	return false
}

func TestRules(t *testing.T) {
	full := Input{Adult: true, FailedTrials: "6", SSRI1: true, SSRI2: true, OtherClass: true, Augmentation: true, Combination: true, ECT: true, Inpatient: true, ResuscitationTrainedStaff: true, TwoHourMonitoring: true}
	tests := []struct {
		name  string
		in    Input
		check func(t *testing.T, r Result)
	}{
		{"TRD met with two failed trials", Input{Adult: true, FailedTrials: "2"}, func(t *testing.T, r Result) {
			if !has(r.Definition, evidence.Met, "Met: 2 failed adequate trials") {
				t.Errorf("definition = %+v", r.Definition)
			}
			if !has(body(r, "panel").Lines, evidence.Met, "third-line position applies") || !has(body(r, "fda").Lines, evidence.Met, "Meets the TRD criterion") {
				t.Error("panel or FDA position not met")
			}
		}},
		{"TRD not met with one", Input{Adult: true, FailedTrials: "1"}, func(t *testing.T, r Result) {
			if !has(r.Definition, evidence.Missing, "Not met: 1 failed adequate trial;") {
				t.Errorf("definition = %+v", r.Definition)
			}
			for _, id := range []string{"fda", "ema", "canmat", "panel"} {
				if !has(body(r, id).Lines, evidence.Missing, "Missing") {
					t.Errorf("%s does not say what is missing", id)
				}
			}
		}},
		{"NICE lists each missing treatment and the setting", Input{Adult: true, FailedTrials: "3", SSRI1: true, OtherClass: true}, func(t *testing.T, r Result) {
			n := body(r, "nice").Lines
			if !has(n, evidence.Missing, "a second SSRI trial; augmentation therapy; a combination of antidepressants; ECT") {
				t.Errorf("NICE = %+v", n)
			}
			if !has(n, evidence.Missing, "Setting missing") || !has(n, evidence.Missing, "Intranasal esketamine: Not recommended by NICE") {
				t.Errorf("NICE = %+v", n)
			}
		}},
		{"NICE met", full, func(t *testing.T, r Result) {
			n := body(r, "nice").Lines
			if !has(n, evidence.Met, "All the treatments") || !has(n, evidence.Met, "Inpatient") {
				t.Errorf("NICE = %+v", n)
			}
			if !has(r.Monitoring, evidence.Met, "Staff trained") || !has(r.Monitoring, evidence.Met, "Two hours") {
				t.Errorf("monitoring = %+v", r.Monitoring)
			}
		}},
		{"children get no position", Input{Adult: false, FailedTrials: "4"}, func(t *testing.T, r Result) {
			for _, b := range r.Bodies {
				if !has(b.Lines, evidence.Missing, "Adults only") {
					t.Errorf("%s gives a position for a child", b.ID)
				}
				if has(b.Lines, evidence.Met, "") {
					t.Errorf("%s marks something met for a child", b.ID)
				}
			}
		}},
		{"suicidal ideation", Input{Adult: true, FailedTrials: "0", SuicidalIdeation: true}, func(t *testing.T, r Result) {
			if !has(body(r, "fda").Lines, evidence.Met, "acute suicidal thoughts") || !has(body(r, "nice").Lines, evidence.Missing, "imminent risk of suicide") {
				t.Error("suicidal ideation lines missing")
			}
		}},
		{"every caution and interaction", Input{Adult: true, FailedTrials: "2", UncontrolledHypertension: true, Cardiovascular: true, Psychosis: true, Pregnancy: true, SubstanceMisuse: true, BorderlinePD: true,
			Benzodiazepines: true, Opioids: true, Barbiturates: true, Alcohol: true, MAOI: true, Lamotrigine: true, OtherAntidepressants: true, Antipsychotics: true, Lithium: true, Antiepileptics: true}, func(t *testing.T, r Result) {
			if len(r.Cautions) != 6 || !has(r.Cautions, evidence.Missing, "not recommended in pregnancy") || !has(r.Cautions, evidence.Warning, "Uncontrolled hypertension: Caution") {
				t.Errorf("cautions = %+v", r.Cautions)
			}
			if len(r.Interactions) != 11 || !has(r.Interactions, evidence.Warning, "Benzodiazepines or Z-drugs: May reduce") || !has(r.Interactions, evidence.Info, "second-generation antipsychotics") {
				t.Errorf("interactions = %+v", r.Interactions)
			}
			if !has(r.Monitoring, evidence.Missing, "Staff trained") {
				t.Errorf("monitoring = %+v", r.Monitoring)
			}
		}},
		{"nothing ticked", Input{Adult: true, FailedTrials: "0"}, func(t *testing.T, r Result) {
			if len(r.Cautions) != 1 || r.Cautions[0].Label != "None ticked" || len(r.Interactions) != 1 {
				t.Errorf("cautions = %+v interactions = %+v", r.Cautions, r.Interactions)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.in)
			if !r.OK {
				t.Fatal(r.Errors)
			}
			tt.check(t, r)
			all := append(append(append(append([]evidence.Line{}, r.Definition...), r.Cautions...), r.Interactions...), r.Monitoring...)
			for _, b := range r.Bodies {
				all = append(all, b.Lines...)
			}
			for _, l := range all {
				if len(l.Sources) == 0 {
					t.Errorf("line %q has no source", l.Label)
				}
			}
		})
	}
}

func TestInvalidTrials(t *testing.T) {
	for _, s := range []string{"", "two", "-1", "2.5", "31", "NaN", "1e1", "<b>2</b>"} {
		r := Evaluate(Input{Adult: true, FailedTrials: s})
		if r.OK || len(r.Errors) != 1 || r.Errors[0].Field != "failedTrials" || len(r.Bodies) != 0 || len(r.Definition) != 0 {
			t.Errorf("FailedTrials %q: %+v", s, r)
		}
	}
}
