package eligibility

import (
	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
)

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
	// Every tick box is read in the manifest's order, so that its errors
	// come in the form's order, into ticks ("1" for yes) for Input below.
	// A loop: a call per field would grow the module past its budget.
	var errs []evidence.FieldError
	ticks := calculator.Values{}
	for _, fl := range (Calculator{}).Manifest().Fields {
		if fl.Kind == calculator.Flag && tick(v.Text(fl.Name), fl.Name, &errs) {
			ticks[fl.Name] = "1"
		}
	}
	f := ticks.Flag
	r := Evaluate(Input{
		Adult: f("adult"), FailedTrials: v.Text("failedTrials"),
		SSRI1: f("ssri1"), SSRI2: f("ssri2"), OtherClass: f("otherClass"),
		Augmentation: f("augmentation"), Combination: f("combination"), ECT: f("ect"),
		Inpatient: f("inpatient"), SuicidalIdeation: f("suicidalIdeation"),
		UncontrolledHypertension: f("hypertension"), Cardiovascular: f("cardiovascular"),
		Psychosis: f("psychosis"), Pregnancy: f("pregnancy"), SubstanceMisuse: f("substanceMisuse"),
		BorderlinePD:    f("borderline"),
		Benzodiazepines: f("benzodiazepines"), Opioids: f("opioids"), Barbiturates: f("barbiturates"),
		Alcohol: f("alcohol"), MAOI: f("maoi"), Lamotrigine: f("lamotrigine"),
		OtherAntidepressants: f("antidepressants"), Antipsychotics: f("antipsychotics"),
		Lithium: f("lithium"), Antiepileptics: f("antiepileptics"),
		ResuscitationTrainedStaff: f("resuscitationStaff"), TwoHourMonitoring: f("twoHourMonitoring"),
	})
	if len(errs) > 0 {
		return calculator.Result(false, append(r.Errors, errs...))
	}
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

// tick reads a tick box answer as a form or a URL spells it: "true",
// "yes", "on" (a ticked checkbox) or "1" is yes; "false", "no", "0" or ""
// (not ticked) is no; case does not matter. Anything else adds a field
// error rather than reading as no, which would hide a mistyped answer.
func tick(s, name string, errs *[]evidence.FieldError) bool {
	// ASCII lower case by hand, as every accepted spelling is ASCII:
	// strings.ToLower handles Unicode, whose case tables the module, which
	// has a size budget, need not carry.
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	switch string(b) {
	case "true", "yes", "on", "1":
		return true
	case "false", "no", "0", "":
		return false
	}
	*errs = append(*errs, evidence.FieldError{Field: name, Message: "Answer yes or no."})
	return false
}
