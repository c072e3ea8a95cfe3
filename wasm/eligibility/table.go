package eligibility

import "ketref/wasm/evidence"

// answers is what the rules read: the ticks, and what follows from them.
type answers struct {
	Input
	trials, ticked int
	// missing names the NICE treatments not ticked, in the review's order.
	missing         []string
	trd, contradict bool
	anyCaution      bool
}

// cond is the condition under which a rule's line shows: a test of the
// answers, and the same test in words for the rule tables. The zero cond
// always holds.
type cond struct {
	holds func(a *answers) bool
	text  string
}

// rule is one line the summary can show, in its group (the definition, a
// body's id, cautions, interactions, monitoring), when its condition holds.
// A line's value may hold placeholders that Evaluate fills from the
// answers and the rule tables print in words (see fill).
type rule struct {
	group string
	when  cond
	line  evidence.Line
	// unit and figure: the unit of the number the rule applies, and the
	// review's words for that number, verbatim (TestRuleFiguresAsPrinted).
	unit, figure string
}

// group is one part of the summary, in the order it is shown.
type group struct{ id, name string }

// groups lists the parts of the summary; the bodies are between the
// definition and the cautions.
var groups = []group{
	{"definition", "Definition of TRD"},
	{"fda", "FDA (United States)"}, {"ema", "EMA (European Union)"}, {"canmat", "CANMAT (Canada)"},
	{"nice", "NICE (United Kingdom)"}, {"panel", "International expert panel"},
	{"cautions", "Cautions and contraindications"}, {"interactions", "Interactions"}, {"monitoring", "Monitoring and setting"},
}

// The conditions the rules share.
var (
	always   = cond{}
	trd      = cond{func(a *answers) bool { return a.trd }, "at least 2 failed adequate trials"}
	notTRD   = cond{func(a *answers) bool { return !a.trd }, "fewer than 2 failed adequate trials"}
	child    = cond{func(a *answers) bool { return !a.Adult }, "not an adult"}
	adultTRD = cond{func(a *answers) bool { return a.Adult && a.trd }, "adult, at least 2 failed adequate trials"}
	adultNot = cond{func(a *answers) bool { return a.Adult && !a.trd }, "adult, fewer than 2 failed adequate trials"}
	adultSI  = cond{func(a *answers) bool { return a.Adult && a.SuicidalIdeation }, "adult, acute suicidal ideation or behaviour"}
	si       = cond{func(a *answers) bool { return a.SuicidalIdeation }, "acute suicidal ideation or behaviour"}
)

// Placeholders in a line's value (see fill).
const (
	phTrials  = "{trials}"  // the failed adequate trials entered
	phEntered = "{entered}" // the same, as "failed trials"
	phTicked  = "{ticked}"  // the NICE treatments ticked
	phMissing = "{missing}" // the NICE treatments not ticked
)

// Sources the table repeats.
var (
	refSinghFDA = evidence.Ref("singh2020")
	refEMA      = evidence.Ref("ema")
	refCANMAT   = evidence.Ref("swainson2021")
	refNICE     = evidence.Ref("lopezdiaz2019")
	refPanel    = evidence.Ref("mcintyre2021")
	refSchep    = evidence.Ref("schep2023")
	refSedation = evidence.Ref("zanos2018", "swainson2021")
	refVeraart  = evidence.Ref("veraart2021")
)

const (
	trdFigure   = "at least two antidepressants"
	trialsUnit  = "failed adequate trials"
	adultsOnly  = "The position the review reports concerns adults; it gives none for children or adolescents."
	adultsLabel = "Adults only"
)

func ln(kind evidence.Kind, label, value string, src []evidence.Source) evidence.Line {
	return evidence.Line{Label: label, Value: value, Kind: kind, Sources: src}
}

// ruleTable is every line the summary can show, in the order it shows
// them: Evaluate applies it, and Rules prints it, so the two cannot
// disagree. The caveats in the values come from the review; the editorial
// notes explain where the review contradicts itself.
var ruleTable = []rule{
	{group: "definition", when: trd, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Met, "FDA and EMA definition of TRD",
		"Met: "+phTrials+" (at least 2 needed). TRD is an inadequate response to at least two antidepressants despite adequate trials and adherence.", evidence.Ref("sforzini2022", "mcintyre2023"))},
	{group: "definition", when: notTRD, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Missing, "FDA and EMA definition of TRD",
		"Not met: "+phTrials+"; the definition needs at least 2. TRD is an inadequate response to at least two antidepressants despite adequate trials and adherence.", evidence.Ref("sforzini2022", "mcintyre2023"))},
	{group: "definition", when: trd, unit: trialsUnit, figure: "two adequate antidepressant treatments", line: ln(evidence.Met, "STAR*D definition",
		"Met: "+phTrials+" (at least 2 needed). No therapeutic response after two adequate antidepressant treatments.", starD)},
	{group: "definition", when: notTRD, unit: trialsUnit, figure: "two adequate antidepressant treatments", line: ln(evidence.Missing, "STAR*D definition",
		"Not met: "+phTrials+"; the definition needs at least 2. No therapeutic response after two adequate antidepressant treatments.", starD)},
	{group: "definition", line: ln(evidence.Info, "Caveat", "There are no standard criteria for what counts as the failure of an adequate trial, and whether non-drug treatments count is debated.", evidence.Review(secRec, pageGuide))},

	{group: "fda", figure: "March 2019", line: ln(evidence.Info, "Approval", "Intranasal esketamine (Spravato), with an oral antidepressant, approved in March 2019 for adults with TRD.", refSinghFDA)},
	{group: "fda", when: child, line: ln(evidence.Missing, adultsLabel, adultsOnly, refSinghFDA)},
	{group: "fda", when: adultTRD, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Met, "This patient", "Meets the TRD criterion of the approved use: intranasal esketamine with an oral antidepressant.", refSinghFDA)},
	{group: "fda", when: adultNot, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials) for the TRD indication.", refSinghFDA)},
	{group: "fda", when: adultSI, figure: "in 2020 in those with major depressive disorder … Despite FDA approval in 2019", line: ln(evidence.Met, "Acute suicidal ideation or behaviour", "The approval was extended in 2020 to adults with major depressive disorder and acute suicidal thoughts or actions (the review also writes 2019 elsewhere; see the editorial notes).", refSinghFDA)},
	{group: "fda", line: ln(evidence.Info, "IV racemic ketamine", "Not approved by the FDA as an antidepressant; increasingly prescribed off-label, often as add-on treatment in TRD.", evidence.Ref("wilkinson2017"))},

	{group: "ema", line: ln(evidence.Info, "Approval", "S-ketamine, combined with an antidepressant, approved for TRD and for moderate to severe depressive episodes that need emergency intervention.", refEMA)},
	{group: "ema", when: child, line: ln(evidence.Missing, adultsLabel, adultsOnly, refEMA)},
	{group: "ema", when: adultTRD, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Met, "This patient", "Meets the TRD criterion of the approval.", refEMA)},
	{group: "ema", when: adultNot, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials) for the TRD indication.", refEMA)},
	{group: "ema", when: adultSI, line: ln(evidence.Info, "Emergency indication", "Applies to a moderate to severe depressive episode that needs emergency intervention; the checker cannot judge severity.", refEMA)},

	{group: "canmat", figure: "Level 1 evidence … Level 3 evidence … ranging from Level 3 to Level 4", line: ln(evidence.Info, "Evidence", "IV racemic ketamine has Level 1 evidence for efficacy in adults with TRD; repeated infusions (acute series or maintenance) Level 3; non-IV racemic ketamine Level 3 to 4.", refCANMAT)},
	{group: "canmat", when: child, line: ln(evidence.Missing, adultsLabel, adultsOnly, refCANMAT)},
	{group: "canmat", when: adultTRD, unit: trialsUnit, figure: "Level 1 evidence for efficacy in adults with TRD … " + trdFigure, line: ln(evidence.Met, "This patient", "Adult with TRD: the population of the Level 1 evidence for IV racemic ketamine.", refCANMAT)},
	{group: "canmat", when: adultNot, unit: trialsUnit, figure: trdFigure, line: ln(evidence.Missing, "Missing", "TRD (at least 2 failed adequate trials).", refCANMAT)},

	{group: "nice", unit: "consecutive unsuccessful treatments", figure: "five consecutive unsuccessful treatments", line: ln(evidence.Info, "Position", "IV racemic ketamine only after five consecutive unsuccessful treatments, as a sixth-line treatment limited to hospitalized patients.", refNICE)},
	{group: "nice", when: child, line: ln(evidence.Missing, adultsLabel, adultsOnly, refNICE)},
	{group: "nice", when: cond{func(a *answers) bool { return a.Adult && len(a.missing) > 0 }, "adult, a listed treatment not ticked"},
		line: ln(evidence.Missing, "Prior treatments missing", phMissing+". (The review says five treatments and lists six; see the editorial notes.)", refNICE)},
	{group: "nice", when: cond{func(a *answers) bool { return a.Adult && len(a.missing) == 0 && !a.contradict }, "adult, all six listed treatments ticked, and no more ticked than failed trials entered"},
		line: ln(evidence.Met, "Prior treatments", "All the treatments the review lists have been tried without success.", refNICE)},
	{group: "nice", when: cond{func(a *answers) bool { return a.Adult && a.Inpatient }, "adult, inpatient"},
		line: ln(evidence.Met, "Setting", "Inpatient: NICE limits IV racemic ketamine to hospitalized patients.", refNICE)},
	{group: "nice", when: cond{func(a *answers) bool { return a.Adult && !a.Inpatient }, "adult, not an inpatient"},
		line: ln(evidence.Missing, "Setting missing", "Hospital admission: NICE limits IV racemic ketamine to hospitalized patients.", refNICE)},
	{group: "nice", when: cond{func(a *answers) bool { return a.contradict }, "more treatments ticked as failed than failed trials entered"},
		line: ln(evidence.Warning, ContradictLabel, phTicked+" ticked as failed, but "+phEntered+" entered: correct the number or the ticks.", refNICE)},
	{group: "nice", figure: "NICE's 2020 guidance", line: ln(evidence.Missing, "Intranasal esketamine", "Not recommended by NICE for TRD (2020 guidance), because of doubts about clinical and cost effectiveness.", evidence.Ref("mahase2020"))},
	{group: "nice", when: si, line: ln(evidence.Missing, "Imminent suicide risk", "NICE does not endorse S-ketamine for adults with MDD at imminent risk of suicide: the manufacturer submitted no evidence.", evidence.Review(secRec, pageGuide))},

	{group: "panel", line: ln(evidence.Info, "Position", "Consider ketamine as augmentation therapy and as a third-line option after two unsuccessful antidepressant treatments.", refPanel)},
	{group: "panel", when: child, line: ln(evidence.Missing, adultsLabel, adultsOnly, refPanel)},
	{group: "panel", when: adultTRD, unit: "unsuccessful antidepressant treatments", figure: "third-line option after two unsuccessful antidepressant", line: ln(evidence.Met, "This patient", "Two or more antidepressant treatments have failed: the panel's third-line position applies.", refPanel)},
	{group: "panel", when: adultNot, unit: "unsuccessful antidepressant treatments", figure: "third-line option after two unsuccessful antidepressant", line: ln(evidence.Missing, "Missing", "Two unsuccessful antidepressant treatments.", refPanel)},

	{group: "cautions", when: cond{func(a *answers) bool { return a.UncontrolledHypertension }, "ticked"}, line: ln(evidence.Warning, "Uncontrolled hypertension", "Caution is advised.", refSchep)},
	{group: "cautions", when: cond{func(a *answers) bool { return a.Cardiovascular }, "ticked"}, line: ln(evidence.Warning, "Cardiovascular disorder", "Caution is advised.", refSchep)},
	{group: "cautions", when: cond{func(a *answers) bool { return a.Psychosis }, "ticked"}, line: ln(evidence.Warning, "History of psychosis", "Caution is advised.", refSchep)},
	{group: "cautions", when: cond{func(a *answers) bool { return a.Pregnancy }, "ticked"}, line: ln(evidence.Missing, "Pregnancy", "Ketamine is not recommended in pregnancy.", refSchep)},
	{group: "cautions", when: cond{func(a *answers) bool { return a.SubstanceMisuse }, "ticked"}, line: ln(evidence.Missing, "History of substance misuse", "Ketamine is not recommended.", refSchep)},
	{group: "cautions", when: cond{func(a *answers) bool { return a.BorderlinePD }, "ticked"}, line: ln(evidence.Warning, "Borderline personality disorder", "Not in itself a contraindication, particularly with comorbid TRD, but use needs careful consideration: there are no standard protocols; psychotherapy alongside may help, and more research is needed.", evidence.Ref("wiedolcha2024"))},
	{group: "cautions", when: cond{func(a *answers) bool { return !a.anyCaution }, "none of the above ticked"}, line: ln(evidence.Info, "None ticked", "None of the cautions the review lists applies to the answers given.", refSchep)},

	{group: "interactions", when: cond{func(a *answers) bool { return a.Benzodiazepines }, "ticked"}, line: ln(evidence.Warning, "Benzodiazepines or Z-drugs", "May reduce ketamine's antidepressant effect; minimizing their use during ketamine treatment is recommended.", evidence.Ref("andrashko2020"))},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Opioids }, "ticked"}, line: ln(evidence.Warning, "Opioids", "Ketamine can enhance their sedative effect (ketamine itself does not depress breathing).", refSedation)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Barbiturates }, "ticked"}, line: ln(evidence.Warning, "Barbiturates", "Ketamine can enhance their sedative effect.", refSedation)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Alcohol }, "ticked"}, line: ln(evidence.Warning, "Alcohol", "Ketamine can enhance its sedative effect.", refSedation)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.MAOI }, "ticked"}, line: ln(evidence.Info, "MAOIs", "Case reports showed comparable results with IV racemic ketamine and MAOIs, and a case series supports intranasal esketamine with irreversible non-selective MAOIs; the evidence is limited to case reports.", evidence.Ref("veraart2021", "wallner2023"))},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Lamotrigine }, "ticked"}, line: ln(evidence.Info, "Lamotrigine", "Preclinical work suggests lamotrigine may strengthen ketamine's antidepressant action, and some reports suggest it may reduce ketamine's side effects and craving; no large controlled studies exist.", lamotrigine)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.OtherAntidepressants }, "ticked"}, line: ln(evidence.Info, "Other antidepressants", "No significant interaction with commonly prescribed traditional antidepressants.", refVeraart)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Antipsychotics }, "ticked"}, line: ln(evidence.Info, "Antipsychotics", "No significant interaction with second-generation antipsychotics; the review says nothing about first-generation ones.", refVeraart)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Lithium }, "ticked"}, line: ln(evidence.Info, "Lithium", "No significant interaction.", refVeraart)},
	{group: "interactions", when: cond{func(a *answers) bool { return a.Antiepileptics }, "ticked"}, line: ln(evidence.Info, "Antiepileptics", "No significant interaction.", refVeraart)},
	{group: "interactions", figure: "CYP3A4 and CYP2B6", line: ln(evidence.Info, "Metabolism", "Ketamine is metabolized mainly by CYP3A4 and CYP2B6 and neither induces nor inhibits them.", evidence.Ref("zanos2018"))},

	{group: "monitoring", when: cond{func(a *answers) bool { return a.ResuscitationTrainedStaff }, "ticked"}, line: ln(evidence.Met, "Staff trained in resuscitation", staffText, refSchep)},
	{group: "monitoring", when: cond{func(a *answers) bool { return !a.ResuscitationTrainedStaff }, "not ticked"}, line: ln(evidence.Missing, "Staff trained in resuscitation", staffText, refSchep)},
	{group: "monitoring", when: cond{func(a *answers) bool { return a.TwoHourMonitoring }, "ticked"}, unit: "hours", figure: "two hours", line: ln(evidence.Met, "Two hours of monitoring", monitorText, refSchep)},
	{group: "monitoring", when: cond{func(a *answers) bool { return !a.TwoHourMonitoring }, "not ticked"}, unit: "hours", figure: "two hours", line: ln(evidence.Missing, "Two hours of monitoring", monitorText, refSchep)},
}

var (
	starD       = []evidence.Source{{Key: "rush2009", Note: "the review prints reference 87 here; see the editorial notes"}}
	lamotrigine = []evidence.Source{{Key: "reus2017"}, {Key: "wilkowska2022"}, {Section: "Medication Interactions", Page: "/safety/"}}
)

const (
	staffText   = "IV racemic ketamine and intranasal esketamine must be given by healthcare professionals trained in cardiopulmonary resuscitation."
	monitorText = "Blood pressure, heart rate, respiratory rate and oxygen saturation are monitored for two hours after each administration."
)
