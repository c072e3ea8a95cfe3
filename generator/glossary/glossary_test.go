package glossary

import (
	"strings"
	"testing"

	"ketref/generator/diag"
)

func TestLoad(t *testing.T) {
	src := "terms:\n  - abbr: TRD\n    expansion: treatment-resistant depression\n  - abbr: ECT\n    expansion: electroconvulsive therapy\n    note: A comparator.\n"
	var diags diag.List
	terms := Load([]byte(src), "content/glossary.yaml", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	if len(terms) != 2 || terms[0].Abbr != "ECT" || terms[0].ID != "term-ect" || terms[1].Expansion != "treatment-resistant depression" {
		t.Errorf("terms = %+v", terms)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"terms:\n  - abbr: TRD\n    expansion: a\n  - abbr: trd\n    expansion: b\n", `content/glossary.yaml:4:5: abbreviation "trd" is defined twice`},
		{"terms:\n  - abbr: TRD\n", `content/glossary.yaml:2:5: missing required key "terms[0].expansion"`},
		{"terms:\n  - abbr: TRD\n    expansion: x\n    meaning: y\n", `content/glossary.yaml:4:5: warning: unknown key "terms[0].meaning"`},
	} {
		var diags diag.List
		Load([]byte(tt.src), "content/glossary.yaml", &diags)
		var all []string
		for _, d := range diags.Sorted() {
			all = append(all, d.String())
		}
		if !strings.Contains(strings.Join(all, "\n"), tt.want) {
			t.Errorf("%q: diagnostics %q lack %q", tt.src, all, tt.want)
		}
	}
}
