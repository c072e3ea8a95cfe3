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

func line(kind evidence.Kind, label, value string, src []evidence.Source) evidence.Line {
	return evidence.Line{Label: label, Value: value, Kind: kind, Sources: src}
}

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

// Evaluate sets out the review's positions for in.
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
	trials := int(v)
	trd := trials >= TRDTrials

	// The definition of TRD.
	defKind, defText := evidence.Missing, "Not met: "+input.Count(float64(trials), 0, "failed adequate trial", "failed adequate trials")+"; the definition needs at least 2."
	if trd {
		defKind, defText = evidence.Met, "Met: "+input.Count(float64(trials), 0, "failed adequate trial", "failed adequate trials")+" (at least 2 needed)."
	}
	res.Definition = []evidence.Line{
		line(defKind, "FDA and EMA definition of TRD", defText+" TRD is an inadequate response to at least two antidepressants despite adequate trials and adherence.", evidence.Ref("sforzini2022", "mcintyre2023")),
		line(defKind, "STAR*D definition", defText+" No therapeutic response after two adequate antidepressant treatments.", []evidence.Source{{Key: "rush2009", Note: "the review prints reference 87 here; see the editorial notes"}}),
		line(evidence.Info, "Caveat", "There are no standard criteria for what counts as the failure of an adequate trial, and whether non-drug treatments count is debated.", evidence.Review(secRec, pageGuide)),
	}

	notAdult := func(b *Body) bool {
		if in.Adult {
			return false
		}
		b.Lines = append(b.Lines, line(evidence.Missing, "Adults only", "The position the review reports concerns adults; it gives none for people under 18.", b.Lines[0].Sources))
		return true
	}

	// FDA.
	fda := Body{ID: "fda", Name: "FDA (United States)", Lines: []evidence.Line{
		line(evidence.Info, "Approval", "Intranasal esketamine (Spravato), with an oral antidepressant, approved in March 2019 for adults with TRD.", evidence.Ref("singh2020")),
	}}
	if !notAdult(&fda) {
		if trd {
			fda.Lines = append(fda.Lines, line(evidence.Met, "This patient", "Meets the TRD criterion of the approved use: intranasal esketamine with an oral antidepressant.", evidence.Ref("singh2020")))
		} else {
			fda.Lines = append(fda.Lines, line(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials) for the TRD indication.", evidence.Ref("singh2020")))
		}
		if in.SuicidalIdeation {
			fda.Lines = append(fda.Lines, line(evidence.Met, "Acute suicidal ideation or behaviour", "The approval was extended in 2020 to adults with major depressive disorder and acute suicidal thoughts or actions (the review also writes 2019 elsewhere; see the editorial notes).", evidence.Ref("singh2020")))
		}
	}
	fda.Lines = append(fda.Lines, line(evidence.Info, "IV racemic ketamine", "Not approved by the FDA as an antidepressant; increasingly prescribed off-label, often as add-on treatment in TRD.", evidence.Ref("wilkinson2017")))
	res.Bodies = append(res.Bodies, fda)

	// EMA.
	ema := Body{ID: "ema", Name: "EMA (European Union)", Lines: []evidence.Line{
		line(evidence.Info, "Approval", "S-ketamine, combined with an antidepressant, approved for TRD and for moderate to severe depressive episodes that need emergency intervention.", evidence.Ref("ema")),
	}}
	if !notAdult(&ema) {
		if trd {
			ema.Lines = append(ema.Lines, line(evidence.Met, "This patient", "Meets the TRD criterion of the approval.", evidence.Ref("ema")))
		} else {
			ema.Lines = append(ema.Lines, line(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials) for the TRD indication.", evidence.Ref("ema")))
		}
		if in.SuicidalIdeation {
			ema.Lines = append(ema.Lines, line(evidence.Info, "Emergency indication", "Applies to a moderate to severe depressive episode that needs emergency intervention; the checker cannot judge severity.", evidence.Ref("ema")))
		}
	}
	res.Bodies = append(res.Bodies, ema)

	// CANMAT.
	canmat := Body{ID: "canmat", Name: "CANMAT (Canada)", Lines: []evidence.Line{
		line(evidence.Info, "Evidence", "IV racemic ketamine has Level 1 evidence for efficacy in adults with TRD; repeated infusions (acute series or maintenance) Level 3; non-IV racemic ketamine Level 3 to 4.", evidence.Ref("swainson2021")),
	}}
	if !notAdult(&canmat) {
		if trd {
			canmat.Lines = append(canmat.Lines, line(evidence.Met, "This patient", "Adult with TRD: the population of the Level 1 evidence for IV racemic ketamine.", evidence.Ref("swainson2021")))
		} else {
			canmat.Lines = append(canmat.Lines, line(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials).", evidence.Ref("swainson2021")))
		}
	}
	res.Bodies = append(res.Bodies, canmat)

	// NICE.
	nice := Body{ID: "nice", Name: "NICE (United Kingdom)", Lines: []evidence.Line{
		line(evidence.Info, "Position", "IV racemic ketamine only after five consecutive unsuccessful treatments, as a sixth-line treatment limited to hospitalized patients.", evidence.Ref("lopezdiaz2019")),
	}}
	steps := niceSteps(in)
	ticked := 0
	for _, s := range steps {
		if s.done {
			ticked++
		}
	}
	// More treatments ticked as failed than failed trials typed: one of
	// the two answers is wrong. A warning, not a field error: each answer
	// is valid on its own, whether ECT counts as a trial is debated (see
	// the caveat above), and the rest of the summary does not depend on
	// the ticks; but the prior treatments are then not "met".
	contradict := ticked > trials
	if !notAdult(&nice) {
		var missing []string
		for _, s := range steps {
			if !s.done {
				missing = append(missing, s.name)
			}
		}
		if len(missing) > 0 {
			nice.Lines = append(nice.Lines, line(evidence.Missing, "Prior treatments missing", strings.Join(missing, "; ")+". (The review says five treatments and lists six; see the editorial notes.)", evidence.Ref("lopezdiaz2019")))
		} else if !contradict {
			nice.Lines = append(nice.Lines, line(evidence.Met, "Prior treatments", "All the treatments the review lists have been tried without success.", evidence.Ref("lopezdiaz2019")))
		}
		if in.Inpatient {
			nice.Lines = append(nice.Lines, line(evidence.Met, "Setting", "Inpatient: NICE limits IV racemic ketamine to hospitalized patients.", evidence.Ref("lopezdiaz2019")))
		} else {
			nice.Lines = append(nice.Lines, line(evidence.Missing, "Setting missing", "Hospital admission: NICE limits IV racemic ketamine to hospitalized patients.", evidence.Ref("lopezdiaz2019")))
		}
	}
	if contradict {
		nice.Lines = append(nice.Lines, line(evidence.Warning, ContradictLabel, input.Count(float64(ticked), 0, "treatment", "treatments")+" ticked as failed, but "+input.Count(float64(trials), 0, "failed trial", "failed trials")+" entered: correct the number or the ticks.", evidence.Ref("lopezdiaz2019")))
	}
	nice.Lines = append(nice.Lines, line(evidence.Missing, "Intranasal esketamine", "Not recommended by NICE for TRD (2020 guidance), because of doubts about clinical and cost effectiveness.", evidence.Ref("mahase2020")))
	if in.SuicidalIdeation {
		nice.Lines = append(nice.Lines, line(evidence.Missing, "Imminent suicide risk", "NICE does not endorse S-ketamine for adults with MDD at imminent risk of suicide: the manufacturer submitted no evidence.", evidence.Review(secRec, pageGuide)))
	}
	res.Bodies = append(res.Bodies, nice)

	// Expert panel.
	panel := Body{ID: "panel", Name: "International expert panel", Lines: []evidence.Line{
		line(evidence.Info, "Position", "Consider ketamine as augmentation therapy and as a third-line option after two unsuccessful antidepressant treatments.", evidence.Ref("mcintyre2021")),
	}}
	if !notAdult(&panel) {
		if trd {
			panel.Lines = append(panel.Lines, line(evidence.Met, "This patient", "Two or more antidepressant treatments have failed: the panel's third-line position applies.", evidence.Ref("mcintyre2021")))
		} else {
			panel.Lines = append(panel.Lines, line(evidence.Missing, "Missing", "Two unsuccessful antidepressant treatments.", evidence.Ref("mcintyre2021")))
		}
	}
	res.Bodies = append(res.Bodies, panel)

	// Cautions and contraindications.
	caution := func(on bool, kind evidence.Kind, label, text string, src []evidence.Source) {
		if on {
			res.Cautions = append(res.Cautions, line(kind, label, text, src))
		}
	}
	caution(in.UncontrolledHypertension, evidence.Warning, "Uncontrolled hypertension", "Caution is advised.", evidence.Ref("schep2023"))
	caution(in.Cardiovascular, evidence.Warning, "Cardiovascular disorder", "Caution is advised.", evidence.Ref("schep2023"))
	caution(in.Psychosis, evidence.Warning, "History of psychosis", "Caution is advised.", evidence.Ref("schep2023"))
	caution(in.Pregnancy, evidence.Missing, "Pregnancy", "Ketamine is not recommended in pregnancy.", evidence.Ref("schep2023"))
	caution(in.SubstanceMisuse, evidence.Missing, "History of substance misuse", "Ketamine is not recommended.", evidence.Ref("schep2023"))
	caution(in.BorderlinePD, evidence.Warning, "Borderline personality disorder", "Not in itself a contraindication, particularly with comorbid TRD, but use needs careful consideration: there are no standard protocols; psychotherapy alongside may help, and more research is needed.", evidence.Ref("wiedolcha2024"))
	if len(res.Cautions) == 0 {
		res.Cautions = append(res.Cautions, line(evidence.Info, "None ticked", "None of the cautions the review lists applies to the answers given.", evidence.Ref("schep2023")))
	}

	// Interactions.
	interact := func(on bool, kind evidence.Kind, label, text string, src []evidence.Source) {
		if on {
			res.Interactions = append(res.Interactions, line(kind, label, text, src))
		}
	}
	interact(in.Benzodiazepines, evidence.Warning, "Benzodiazepines or Z-drugs", "May reduce ketamine's antidepressant effect; minimizing their use during ketamine treatment is recommended.", evidence.Ref("andrashko2020"))
	interact(in.Opioids, evidence.Warning, "Opioids", "Ketamine can enhance their sedative effect (ketamine itself does not depress breathing).", evidence.Ref("zanos2018", "swainson2021"))
	interact(in.Barbiturates, evidence.Warning, "Barbiturates", "Ketamine can enhance their sedative effect.", evidence.Ref("zanos2018", "swainson2021"))
	interact(in.Alcohol, evidence.Warning, "Alcohol", "Ketamine can enhance its sedative effect.", evidence.Ref("zanos2018", "swainson2021"))
	interact(in.MAOI, evidence.Info, "MAOIs", "Case reports showed comparable results with IV racemic ketamine and MAOIs, and a case series supports intranasal esketamine with irreversible non-selective MAOIs; the evidence is limited to case reports.", evidence.Ref("veraart2021", "wallner2023"))
	interact(in.Lamotrigine, evidence.Info, "Lamotrigine", "Preclinical work suggests lamotrigine may strengthen ketamine's antidepressant action, and some reports suggest it may reduce ketamine's side effects and craving; no large controlled studies exist.", append(evidence.Ref("reus2017", "wilkowska2022"), evidence.Review("Medication Interactions", "/safety/")...))
	interact(in.OtherAntidepressants, evidence.Info, "Other antidepressants", "No significant interaction with commonly prescribed traditional antidepressants.", evidence.Ref("veraart2021"))
	interact(in.Antipsychotics, evidence.Info, "Antipsychotics", "No significant interaction with second-generation antipsychotics; the review says nothing about first-generation ones.", evidence.Ref("veraart2021"))
	interact(in.Lithium, evidence.Info, "Lithium", "No significant interaction.", evidence.Ref("veraart2021"))
	interact(in.Antiepileptics, evidence.Info, "Antiepileptics", "No significant interaction.", evidence.Ref("veraart2021"))
	res.Interactions = append(res.Interactions, line(evidence.Info, "Metabolism", "Ketamine is metabolized mainly by CYP3A4 and CYP2B6 and neither induces nor inhibits them.", evidence.Ref("zanos2018")))

	// Monitoring and setting.
	req := func(ok bool, label, text string) {
		kind := evidence.Met
		if !ok {
			kind = evidence.Missing
		}
		res.Monitoring = append(res.Monitoring, line(kind, label, text, evidence.Ref("schep2023")))
	}
	req(in.ResuscitationTrainedStaff, "Staff trained in resuscitation", "IV racemic ketamine and intranasal esketamine must be given by healthcare professionals trained in cardiopulmonary resuscitation.")
	req(in.TwoHourMonitoring, "Two hours of monitoring", "Blood pressure, heart rate, respiratory rate and oxygen saturation are monitored for two hours after each administration.")
	return res
}
