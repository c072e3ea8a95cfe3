package release

import (
	"reflect"
	"strings"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// sample is a valid release 1.1, as Encode writes it.
func sample() *snapshot.Snapshot {
	return &snapshot.Snapshot{
		Version:  "1.1",
		Date:     "2026-03-01",
		Note:     "Adds <b>one</b> trial & fixes a dose.",
		Previous: "1.0",
		References: []snapshot.Reference{
			{Number: 1, Key: "berman2000", Text: "Berman RM, et al. Biol Psychiatry 2000; 47: 351-354."},
			{Number: 2, Key: "zarate2006", Text: "Zarate CA, et al. Arch Gen Psychiatry 2006; 63: 856-864.", Withdrawn: "superseded"},
		},
		Claims: []snapshot.Claim{
			{Page: "/efficacy/", Section: "onset", Kind: snapshot.Sentence, Text: "Response within 24 hours.", Cites: []string{"berman2000"}, Numbers: []string{"24"}},
			{Page: "/efficacy/", Kind: snapshot.Row, Text: "IV | 0.5 mg/kg | 40 min", Cites: []string{"berman2000", "zarate2006"}},
		},
		Figures: []snapshot.Datum{{Page: "/efficacy/", Figure: "response", Label: "Day 1", Value: "8–45%", Cites: []string{"zarate2006"}}},
		Rules:   []snapshot.Rule{{Calculator: "dosing", Group: "iv-racemic", Label: "Dose", Value: "0.5 mg/kg", Sources: []string{"berman2000", "review: dosing"}}},
	}
}

const sampleFile = "content/releases/1.1.json"

// sampleJSON is sample() encoded; the tests below edit it line by line.
const sampleJSON = `{
  "version": "1.1",
  "date": "2026-03-01",
  "note": "Adds <b>one</b> trial & fixes a dose.",
  "previous": "1.0",
  "references": [
    {"number":1,"key":"berman2000","text":"Berman RM, et al. Biol Psychiatry 2000; 47: 351-354."},
    {"number":2,"key":"zarate2006","text":"Zarate CA, et al. Arch Gen Psychiatry 2006; 63: 856-864.","withdrawn":"superseded"}
  ],
  "claims": [
    {"page":"/efficacy/","section":"onset","kind":"sentence","text":"Response within 24 hours.","cites":["berman2000"],"numbers":["24"]},
    {"page":"/efficacy/","kind":"row","text":"IV | 0.5 mg/kg | 40 min","cites":["berman2000","zarate2006"]}
  ],
  "figures": [
    {"page":"/efficacy/","figure":"response","label":"Day 1","value":"8–45%","cites":["zarate2006"]}
  ],
  "rules": [
    {"calculator":"dosing","group":"iv-racemic","label":"Dose","value":"0.5 mg/kg","sources":["berman2000","review: dosing"]}
  ]
}
`

func TestEncodeIsTheFormat(t *testing.T) {
	got := string(Encode(sample()))
	if got != sampleJSON {
		t.Fatalf("Encode(sample) =\n%s\nwant\n%s", got, sampleJSON)
	}
	if again := string(Encode(sample())); again != got {
		t.Errorf("Encode is not byte-stable:\n%s\nthen\n%s", got, again)
	}
	for i, line := range strings.Split(got, "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d has trailing spaces: %q", i+1, line)
		}
	}
}

func TestEncodeEmpty(t *testing.T) {
	got := string(Encode(&snapshot.Snapshot{Version: "1.0", Date: "2026-01-01"}))
	want := "{\n  \"version\": \"1.0\",\n  \"date\": \"2026-01-01\",\n  \"references\": [],\n  \"claims\": [],\n  \"figures\": [],\n  \"rules\": []\n}\n"
	if got != want {
		t.Errorf("Encode(empty) = %q, want %q", got, want)
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	var diags diag.List
	got := Decode(sampleFile, Encode(sample()), &diags)
	if err := diags.Err(false); err != nil {
		t.Fatalf("Decode(Encode(sample)): %v", err)
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Errorf("Decode(Encode(sample)) = %+v, want %+v", got, sample())
	}
}

// edit replaces old by new in sampleJSON, once, and fails if old is absent.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(sampleJSON, old) {
		t.Fatalf("sampleJSON lacks %q", old)
	}
	return strings.Replace(sampleJSON, old, new, 1)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		want                 []string
	}{
		{"syntax error", sampleFile, `"key":"berman2000",`, `"key":"berman2000",,`, []string{
			`content/releases/1.1.json:7:36: this release file is not valid JSON (invalid character ',' looking for beginning of object key string); fix it here: release files are written by ` + "`go run ./generator release`" + `, and a hand edit must keep the JSON valid`,
		}},
		{"truncated", sampleFile, "  ]\n}\n", "  ]\n", []string{
			`content/releases/1.1.json:20:1: this release file is not valid JSON (unexpected end of JSON input); fix it here: release files are written by ` + "`go run ./generator release`" + `, and a hand edit must keep the JSON valid`,
		}},
		{"unknown key", sampleFile, `"figure":"response",`, `"figure":"response","colour":"red",`, []string{
			`content/releases/1.1.json:15:46: unknown key "colour" in a figure datum; its keys are page, figure, label, value, cites: remove it or correct its spelling`,
		}},
		{"unknown top-level key", sampleFile, `  "note"`, `  "author": "x",` + "\n" + `  "note"`, []string{
			`content/releases/1.1.json:4:3: unknown key "author" in a release file; its keys are version, date, note, previous, references, claims, figures, rules: remove it or correct its spelling`,
		}},
		{"wrong type", sampleFile, `{"number":1,`, `{"number":"1",`, []string{
			`content/releases/1.1.json:7:15: "number" of a reference must be a whole number, not a string`,
		}},
		{"wrong type of element", sampleFile, `    {"page":"/efficacy/","kind":"row"`, `    [],` + "\n" + `    {"page":"/efficacy/","kind":"row"`, []string{
			`content/releases/1.1.json:12:5: a claim must be an object {...}, not an array; write it as Encode does`,
		}},
		{"repeated json key", sampleFile, `"label":"Dose",`, `"label":"Dose","label":"Dosis",`, []string{
			`content/releases/1.1.json:18:64: key "label" appears twice in this calculator rule; keep one`,
		}},
		{"missing field", sampleFile, `"text":"IV | 0.5 mg/kg | 40 min",`, ``, []string{
			`content/releases/1.1.json:12:5: this claim has no "text"; add it`,
		}},
		{"empty text", sampleFile, `"text":"Response within 24 hours."`, `"text":" "`, []string{
			`content/releases/1.1.json:11:69: "text" of this claim is empty; write it`,
		}},
		{"number below 1", sampleFile, `{"number":1,`, `{"number":0,`, []string{
			`content/releases/1.1.json:7:15: "number" of a reference must be a whole number from 1 up, not 0`,
		}},
		{"duplicate number", sampleFile, `{"number":2,`, `{"number":1,`, []string{
			`content/releases/1.1.json:8:15: reference number 1 is given twice (to berman2000 and zarate2006); each reference has its own number: give zarate2006 the next unused one`,
		}},
		{"duplicate key", sampleFile, `"key":"zarate2006"`, `"key":"berman2000"`, []string{
			`content/releases/1.1.json:8:23: reference key "berman2000" is given twice; keep one entry`,
			`content/releases/1.1.json:12:94: this claim cites "zarate2006", which is not among the release's references; add the reference or correct the key`,
			`content/releases/1.1.json:15:87: this figure datum cites "zarate2006", which is not among the release's references; add the reference or correct the key`,
		}},
		{"bad date", sampleFile, `"2026-03-01"`, `"2026-02-30"`, []string{
			`content/releases/1.1.json:3:11: date "2026-02-30" is not a real date written YYYY-MM-DD (such as 2026-03-01)`,
		}},
		{"version not the file name", "content/releases/1.2.json", "", "", []string{
			`content/releases/1.2.json:2:14: version "1.1" is not the file's name 1.2.json: the file of release 1.1 is 1.1.json; rename the file or correct the version`,
		}},
		{"version syntax", "content/releases/v1.json", `"version": "1.1"`, `"version": "v1"`, []string{
			`content/releases/v1.json:2:14: version "v1" is not dot-separated numbers; write it as 1.0, 1.2.3 and so on`,
		}},
		{"bad kind", sampleFile, `"kind":"row"`, `"kind":"cell"`, []string{
			`content/releases/1.1.json:12:33: claim kind "cell" is neither "sentence" nor "row"; use one of them`,
		}},
		{"claim cites an unknown key", sampleFile, `"cites":["berman2000"]`, `"cites":["berman2001"]`, []string{
			`content/releases/1.1.json:11:106: this claim cites "berman2001", which is not among the release's references; add the reference or correct the key`,
		}},
		{"rule cites an unknown key", sampleFile, `"sources":["berman2000",`, `"sources":["nobody",`, []string{
			`content/releases/1.1.json:18:95: this calculator rule cites "nobody", which is not among the release's references; add the reference, correct the key, or write "review: <section>" for a fact of the review itself`,
		}},
		{"conflict markers", sampleFile, `    {"number":2,`, "<<<<<<< HEAD\n    {\"number\":2,", []string{
			"content/releases/1.1.json:8:1: this release file holds a git merge conflict: two releases named 1.1 were cut on separate branches; keep one side (git checkout --ours/--theirs content/releases/1.1.json), then cut the other branch's changes as a new release with `go run ./generator release -version ...`",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := sampleJSON
			if tt.old != "" {
				src = edit(t, tt.old, tt.new)
			}
			var diags diag.List
			if s := Decode(tt.file, []byte(src), &diags); s != nil {
				t.Errorf("Decode returned a snapshot despite errors")
			}
			var got []string
			for _, d := range diags.Sorted() {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// FuzzDecode: Decode never panics, and what it accepts re-encodes to a
// file that decodes to the same snapshot.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(sampleJSON))
	f.Add(Encode(&snapshot.Snapshot{Version: "1.1", Date: "2026-01-01"}))
	f.Add([]byte(strings.Replace(sampleJSON, `"number":2`, `"number":1`, 1)))
	f.Add([]byte(strings.Replace(sampleJSON, "  ]\n}", "=======\n  ]\n}", 1)))
	f.Add([]byte(`{"version": "1.1", "date": "2026-01-01", "references": [{"number": 1e2, "key": "a\u003c", "text": "x"}], "claims": [], "figures": [], "rules": [], "x": null}`))
	var seed diag.List
	if s := Decode(sampleFile, []byte(sampleJSON), &seed); s != nil {
		f.Add(Encode(s)) // the form the release command writes: the fast path
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// The fast path accepts only what the located parser accepts, as
		// the same snapshot.
		if fast := decodeFast(sampleFile, src); fast != nil {
			var quiet diag.List
			slow := decodeLocated(sampleFile, src, &quiet)
			if slow == nil || !reflect.DeepEqual(fast.s, slow.s) {
				t.Fatalf("decodeFast accepted what decodeLocated reads as %+v (%v):\n%+v", slow, quiet.Err(false), fast.s)
			}
		}
		var diags diag.List
		s := Decode(sampleFile, src, &diags)
		if s == nil {
			if !diags.HasErrors(false) {
				t.Fatalf("Decode returned nil without an error")
			}
			return
		}
		if diags.HasErrors(false) {
			t.Fatalf("Decode returned a snapshot with errors: %v", diags.Err(false))
		}
		again := Decode(sampleFile, Encode(s), &diags)
		if err := diags.Err(false); err != nil {
			t.Fatalf("re-encoded snapshot does not decode: %v\n%s", err, Encode(s))
		}
		if !reflect.DeepEqual(again, s) {
			t.Fatalf("round trip changed the snapshot:\n%+v\n%+v", s, again)
		}
	})
}
