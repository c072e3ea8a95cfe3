package vectors

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
	"ketref/wasm/dosing"
)

var update = flag.Bool("update", false, "write vectors.json from the cases and the calculators' current output (review the diff)")

// run computes one input as the bridge does (every declared field as
// text, the rest ignored) and returns the output as JSON reads it back.
func run(t testing.TB, calc string, in map[string]string) map[string]any {
	t.Helper()
	c := calculators.Lookup(calc)
	if c == nil {
		t.Fatalf("no calculator %q", calc)
	}
	v := calculator.Values{}
	for _, f := range c.Manifest().Fields {
		v[f.Name] = in[f.Name]
	}
	b, err := json.Marshal(c.Compute(v))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// cases are the vectors' inputs: every route, every warning and error
// path, every eligibility body and caution, and the range edges in kg and
// lb (just inside, on, just outside each bound).
func cases() []Vector {
	var vs []Vector
	add := func(calc, name string, in map[string]string) {
		vs = append(vs, Vector{Calculator: calc, Name: name, Input: in})
	}
	dose := func(name string, kv ...string) {
		in := map[string]string{"route": "iv-racemic", "weight": "70", "weightUnit": "kg", "dosePerKg": "0.5"}
		for i := 0; i+1 < len(kv); i += 2 {
			in[kv[i]] = kv[i+1]
		}
		add("dosing", name, in)
	}
	for _, r := range dosing.Routes() {
		if r.PerKg {
			dose(r.ID+": usual dose, lowest", "route", r.ID, "dosePerKg", num(r.Usual.Lo))
			dose(r.ID+": usual dose, highest", "route", r.ID, "dosePerKg", num(r.Usual.Hi))
			dose(r.ID+": lowest dose studied", "route", r.ID, "dosePerKg", num(r.Studied.Lo))
			dose(r.ID+": highest dose studied", "route", r.ID, "dosePerKg", num(r.Studied.Hi))
			if lo := r.Studied.Lo - 0.01; lo > 0 {
				dose(r.ID+": just below the doses studied", "route", r.ID, "dosePerKg", num(lo))
			}
			dose(r.ID+": just above the doses studied", "route", r.ID, "dosePerKg", num(r.Studied.Hi+0.01))
			dose(r.ID+": with a first-session date", "route", r.ID, "dosePerKg", num(r.Usual.Lo), "startDate", "2025-01-06")
			continue
		}
		for _, f := range r.Fixed {
			dose(r.ID+": "+num(f.MG)+" mg", "route", r.ID, "dosePerKg", "", "dose", num(f.MG))
			dose(r.ID+": "+num(f.MG)+" mg with a first-session date", "route", r.ID, "dosePerKg", "", "dose", num(f.MG), "startDate", "2025-01-06")
		}
		dose(r.ID+": a dose the route does not give", "route", r.ID, "dosePerKg", "", "dose", "999")
		dose(r.ID+": no dose chosen", "route", r.ID, "dosePerKg", "")
	}
	for _, w := range []string{"19.99", "20", "20.01", "70", "299.99", "300", "300.01", "300.0001"} {
		dose("weight "+w+" kg", "weight", w)
	}
	for _, w := range []string{"44", "44.09", "44.1", "45", "154", "661", "661.3", "662"} {
		dose("weight "+w+" lb", "weight", w, "weightUnit", "lb")
	}
	for _, w := range []string{"", "abc", "-70", "1e2", "0x46", "Infinity", "70 kg", "70,5", "1,000", "1.000,5", " 70 "} {
		dose(fmt.Sprintf("weight typed as %q", w), "weight", w)
	}
	for _, u := range []string{"", "lbs", "stone"} {
		dose(fmt.Sprintf("weight unit %q", u), "weightUnit", u)
	}
	for _, d := range []string{"1.0000001", "0,5", "1,500", "", "abc"} {
		dose(fmt.Sprintf("IV dose per kg typed as %q", d), "dosePerKg", d)
	}
	dose("IV infusion: 50 mg/mL, 100 mL", "concentration", "50", "volume", "100")
	dose("IV infusion: concentration above the plausible", "concentration", num(dosing.MaxConcentration+1), "volume", "100")
	dose("IV infusion: volume above the plausible", "concentration", "10", "volume", num(dosing.MaxVolume+1))
	dose("IV infusion: concentration only", "concentration", "10")
	dose("first-session date not a date", "startDate", "2025-02-30")
	dose("unknown route", "route", "iv-esketamine")
	dose("no route", "route", "")

	elig := func(name string, kv ...string) {
		in := map[string]string{"adult": "true", "failedTrials": "2"}
		for i := 0; i+1 < len(kv); i += 2 {
			in[kv[i]] = kv[i+1]
		}
		add("eligibility", name, in)
	}
	for n := 0; n <= 10; n++ {
		elig(fmt.Sprintf("adult, %d failed trials", n), "failedTrials", strconv.Itoa(n))
	}
	elig("inpatient, 5 failed trials, NICE's treatments tried", "failedTrials", "5", "inpatient", "true",
		"ssri1", "true", "ssri2", "true", "otherClass", "true", "augmentation", "true", "combination", "true", "ect", "true")
	elig("inpatient, 6 failed trials, NICE's six treatments tried", "failedTrials", "6", "inpatient", "true",
		"ssri1", "true", "ssri2", "true", "otherClass", "true", "augmentation", "true", "combination", "true", "ect", "true")
	elig("0 failed trials with all six treatments ticked", "failedTrials", "0",
		"ssri1", "true", "ssri2", "true", "otherClass", "true", "augmentation", "true", "combination", "true", "ect", "true")
	elig("suicidal ideation", "suicidalIdeation", "true")
	for _, n := range []string{"", "abc", "-1", "2.5", "2,5", "30", "31", "1,000"} {
		elig(fmt.Sprintf("failed trials typed as %q", n), "failedTrials", n)
	}
	for _, a := range []string{"", "false", "TRUE", "True", "on", "1", "yes", "no", "0", "maybe"} {
		elig(fmt.Sprintf("adult typed as %q", a), "adult", a)
	}
	for _, f := range []string{"hypertension", "cardiovascular", "psychosis", "pregnancy", "substanceMisuse", "borderline",
		"benzodiazepines", "opioids", "barbiturates", "alcohol", "maoi", "lamotrigine",
		"antidepressants", "antipsychotics", "lithium", "antiepileptics"} {
		elig(f+" ticked", f, "true")
	}
	elig("monitoring in place", "resuscitationStaff", "true", "twoHourMonitoring", "true")
	return vs
}

// encode writes the vectors one object per vector, keys sorted, so that a
// change to one output is a change to one line of the diff.
func encode(vs []Vector) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, v := range vs {
		line, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		b.Write(line)
		if i < len(vs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// TestVectors runs every published vector against the Go packages: each
// output must be exactly the one published.
func TestVectors(t *testing.T) {
	if *update {
		vs := cases()
		for i := range vs {
			vs[i].Output = run(t, vs[i].Calculator, vs[i].Input)
		}
		if err := os.WriteFile("vectors.json", encode(vs), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d vectors", len(vs))
		return
	}
	vs, err := All()
	if err != nil {
		t.Fatalf("vectors.json: %v", err)
	}
	for _, v := range vs {
		if got := run(t, v.Calculator, v.Input); !reflect.DeepEqual(got, v.Output) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(v.Output)
			t.Errorf("%s %q:\n got %s\nwant %s\n(if the change is meant, run go test ./wasm/vectors -update and review the diff)", v.Calculator, v.Name, g, w)
		}
	}
}

// TestVectorsCover: at least 100 vectors, unique names, the inputs of
// cases() exactly (so that -update was run after the cases changed), every
// route and every eligibility body in an output, results and refusals of
// both calculators, and warnings.
func TestVectorsCover(t *testing.T) {
	vs, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < 100 {
		t.Errorf("%d vectors; want at least 100", len(vs))
	}
	want := cases()
	if len(want) != len(vs) {
		t.Fatalf("vectors.json has %d vectors, cases() %d: run go test ./wasm/vectors -update", len(vs), len(want))
	}
	names := map[string]bool{}
	seen := map[string]bool{}
	for i, v := range vs {
		if names[v.Calculator+"/"+v.Name] {
			t.Errorf("two vectors named %q", v.Name)
		}
		names[v.Calculator+"/"+v.Name] = true
		if v.Name != want[i].Name || !reflect.DeepEqual(v.Input, want[i].Input) {
			t.Fatalf("vector %d is %q %v, cases() has %q %v: run go test ./wasm/vectors -update", i, v.Name, v.Input, want[i].Name, want[i].Input)
		}
		ok, _ := v.Output["ok"].(bool)
		seen[fmt.Sprintf("%s ok=%v", v.Calculator, ok)] = true
		if v.Calculator == "dosing" && ok {
			seen["route "+v.Input["route"]] = true
		}
		if bodies, _ := v.Output["bodies"].([]any); bodies != nil {
			for _, b := range bodies {
				seen["body "+b.(map[string]any)["id"].(string)] = true
			}
		}
		if j, _ := json.Marshal(v.Output); strings.Contains(string(j), `"kind":"warning"`) {
			seen[v.Calculator+" warning"] = true
		}
	}
	need := []string{"dosing ok=true", "dosing ok=false", "eligibility ok=true", "eligibility ok=false", "dosing warning", "eligibility warning"}
	for _, r := range dosing.Routes() {
		need = append(need, "route "+r.ID)
	}
	for _, id := range bodyIDs(t) {
		need = append(need, "body "+id)
	}
	for _, n := range need {
		if !seen[n] {
			t.Errorf("no vector covers %s", n)
		}
	}
}

// bodyIDs are the guideline bodies the eligibility summary reports.
func bodyIDs(t *testing.T) []string {
	out := run(t, "eligibility", map[string]string{"adult": "true", "failedTrials": "2"})
	var ids []string
	for _, b := range out["bodies"].([]any) {
		ids = append(ids, b.(map[string]any)["id"].(string))
	}
	if len(ids) == 0 {
		t.Fatal("no guideline bodies")
	}
	return ids
}
