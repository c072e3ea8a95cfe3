package eligibility

import "ketref/wasm/calculator"

// Calculator is the eligibility summary's entry in the manifest (package
// calculator): Evaluate over the form's answers.
type Calculator struct{}

// Manifest declares the answers Evaluate reads: the number of failed
// trials, and tick boxes.
func (Calculator) Manifest() calculator.Manifest {
	fields := []calculator.Field{{Name: "adult", Kind: calculator.Flag}, {Name: "failedTrials", Kind: calculator.Number, Max: MaxTrials}}
	for _, name := range []string{
		"inpatient", "suicidalIdeation",
		"ssri1", "ssri2", "otherClass", "augmentation", "combination", "ect",
		"hypertension", "cardiovascular", "psychosis", "pregnancy", "substanceMisuse", "borderline",
		"benzodiazepines", "opioids", "barbiturates", "alcohol", "maoi", "lamotrigine",
		"antidepressants", "antipsychotics", "lithium", "antiepileptics",
		"resuscitationStaff", "twoHourMonitoring",
	} {
		fields = append(fields, calculator.Field{Name: name, Kind: calculator.Flag})
	}
	return calculator.Manifest{ID: "eligibility", Name: "Treatment eligibility summary", Fields: fields}
}

// Compute is Evaluate, as the plain object of README's Calculator API.
func (Calculator) Compute(v calculator.Values) calculator.Output {
	r := Evaluate(Input{
		Adult: v.Flag("adult"), FailedTrials: v.Text("failedTrials"),
		SSRI1: v.Flag("ssri1"), SSRI2: v.Flag("ssri2"), OtherClass: v.Flag("otherClass"),
		Augmentation: v.Flag("augmentation"), Combination: v.Flag("combination"), ECT: v.Flag("ect"),
		Inpatient: v.Flag("inpatient"), SuicidalIdeation: v.Flag("suicidalIdeation"),
		UncontrolledHypertension: v.Flag("hypertension"), Cardiovascular: v.Flag("cardiovascular"),
		Psychosis: v.Flag("psychosis"), Pregnancy: v.Flag("pregnancy"), SubstanceMisuse: v.Flag("substanceMisuse"),
		BorderlinePD:    v.Flag("borderline"),
		Benzodiazepines: v.Flag("benzodiazepines"), Opioids: v.Flag("opioids"), Barbiturates: v.Flag("barbiturates"),
		Alcohol: v.Flag("alcohol"), MAOI: v.Flag("maoi"), Lamotrigine: v.Flag("lamotrigine"),
		OtherAntidepressants: v.Flag("antidepressants"), Antipsychotics: v.Flag("antipsychotics"),
		Lithium: v.Flag("lithium"), Antiepileptics: v.Flag("antiepileptics"),
		ResuscitationTrainedStaff: v.Flag("resuscitationStaff"), TwoHourMonitoring: v.Flag("twoHourMonitoring"),
	})
	out := calculator.Result(r.OK, r.Errors)
	if !r.OK {
		return out
	}
	bodies := make([]any, len(r.Bodies))
	for i, b := range r.Bodies {
		bodies[i] = map[string]any{"id": b.ID, "name": b.Name, "lines": calculator.Lines(b.Lines)}
	}
	out["definition"] = calculator.Lines(r.Definition)
	out["bodies"] = bodies
	out["cautions"] = calculator.Lines(r.Cautions)
	out["interactions"] = calculator.Lines(r.Interactions)
	out["monitoring"] = calculator.Lines(r.Monitoring)
	return out
}
