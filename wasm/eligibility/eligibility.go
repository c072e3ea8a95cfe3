// Package eligibility sets out where a patient stands against what the
// review reports: the definition of treatment-resistant depression (TRD),
// the positions of the FDA, the EMA, CANMAT, NICE and an international
// expert panel, the cautions, the interactions with current medicines and
// the monitoring and setting requirements. Every line names its source.
//
// It decides nothing: it is a structured summary of the review for one
// patient's answers. Evaluate validates the one typed field (the number of
// failed trials) and returns no summary when it is invalid. Calculator is
// its entry in the calculator manifest (package calculator), which the
// WebAssembly bridge exports as ketcalc.eligibility.
package eligibility

import (
	"strconv"
	"strings"

	"ketref/wasm/evidence"
	"ketref/wasm/input"
)

// Input holds the answers. Booleans are ticked boxes.
type Input struct {
	Adult bool
	// FailedTrials is the number of adequate antidepressant trials without
	// response, as typed.
	FailedTrials string

	// The treatments NICE counts before IV racemic ketamine.
	SSRI1, SSRI2, OtherClass, Augmentation, Combination, ECT bool

	Inpatient        bool
	SuicidalIdeation bool // acute suicidal ideation or behaviour

	UncontrolledHypertension, Cardiovascular, Psychosis, Pregnancy, SubstanceMisuse, BorderlinePD bool

	Benzodiazepines, Opioids, Barbiturates, Alcohol, MAOI, Lamotrigine bool
	OtherAntidepressants, Antipsychotics, Lithium, Antiepileptics      bool

	ResuscitationTrainedStaff, TwoHourMonitoring bool
}

// Body is one guideline body or regulator and what it says for the patient.
type Body struct {
	ID, Name string
	Lines    []evidence.Line
}

// Result is the summary; with Errors it is empty.
type Result struct {
	OK           bool
	Errors       []evidence.FieldError
	Definition   []evidence.Line
	Bodies       []Body
	Cautions     []evidence.Line
	Interactions []evidence.Line
	Monitoring   []evidence.Line
}

const (
	secRec    = "Recommendations"
	pageGuide = "/guidelines/"
)

// MaxTrials bounds the typed number of failed trials.
const MaxTrials = 30

// TRDTrials is the number of failed adequate trials that makes depression
// treatment-resistant (FDA, EMA, STAR*D).
const TRDTrials = 2

// ContradictLabel labels the NICE warning that more treatments are ticked
// as failed than failed trials were entered.
const ContradictLabel = "Answers contradict each other"

// step is one treatment NICE counts before IV racemic ketamine, and
// whether the answers tick it.
type step struct {
	done bool
	name string
}

// niceSteps lists the treatments NICE counts, in the review's order; the
// tests read the conditions of the NICE lines from it.
func niceSteps(in Input) []step {
	return []step{
		{in.SSRI1, "a first SSRI trial"}, {in.SSRI2, "a second SSRI trial"}, {in.OtherClass, "an antidepressant of another class"},
		{in.Augmentation, "augmentation therapy"}, {in.Combination, "a combination of antidepressants"}, {in.ECT, "ECT"},
	}
}

// Evaluate sets out the review's positions for in: every line of the
// rule table (table.go) whose condition the answers meet, in its group.
func Evaluate(in Input) Result {
	var res Result
	v, err := input.Decimal(in.FailedTrials)
	switch {
	case err != nil:
		res.Errors = append(res.Errors, evidence.FieldError{Field: "failedTrials", Message: "Number of failed adequate antidepressant trials: " + err.Error() + " (0 or more)."})
	case v != float64(int(v)) || v > MaxTrials:
		res.Errors = append(res.Errors, evidence.FieldError{Field: "failedTrials", Message: "Enter a whole number of trials from 0 to " + strconv.Itoa(MaxTrials) + "."})
	}
	if len(res.Errors) > 0 {
		return res
	}
	res.OK = true
	a := answers{Input: in, trials: int(v)}
	a.trd = a.trials >= TRDTrials
	for _, s := range niceSteps(in) {
		if s.done {
			a.ticked++
		} else {
			a.missing = append(a.missing, s.name)
		}
	}
	// More treatments ticked as failed than failed trials typed: one of
	// the two answers is wrong. A warning, not a field error: each answer
	// is valid on its own, whether ECT counts as a trial is debated (see
	// the caveat), and the rest of the summary does not depend on the
	// ticks; but the prior treatments are then not "met".
	a.contradict = a.ticked > a.trials
	a.anyCaution = in.UncontrolledHypertension || in.Cardiovascular || in.Psychosis || in.Pregnancy || in.SubstanceMisuse || in.BorderlinePD

	for _, g := range groups {
		var lines []evidence.Line
		for _, r := range ruleTable {
			if r.group == g.id && (r.when.holds == nil || r.when.holds(&a)) {
				l := r.line
				l.Value = fill(l.Value, &a)
				lines = append(lines, l)
			}
		}
		switch g.id {
		case "definition":
			res.Definition = lines
		case "cautions":
			res.Cautions = lines
		case "interactions":
			res.Interactions = lines
		case "monitoring":
			res.Monitoring = lines
		default:
			res.Bodies = append(res.Bodies, Body{ID: g.id, Name: g.name, Lines: lines})
		}
	}
	return res
}

// fill replaces a line's placeholders with the answers; with a nil a, with
// their description, for the rule tables.
func fill(s string, a *answers) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	trials, entered, ticked, missing := "N failed adequate trials", "N failed trials", "M treatments", "The listed treatments not ticked"
	if a != nil {
		n := float64(a.trials)
		trials = input.Count(n, 0, "failed adequate trial", "failed adequate trials")
		entered = input.Count(n, 0, "failed trial", "failed trials")
		ticked = input.Count(float64(a.ticked), 0, "treatment", "treatments")
		missing = strings.Join(a.missing, "; ")
	}
	for _, p := range [...][2]string{{phTrials, trials}, {phEntered, entered}, {phTicked, ticked}, {phMissing, missing}} {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}
