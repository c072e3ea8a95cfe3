package cite

import (
	"bytes"
	"strings"
	"testing"

	"ketref/generator/diag"
)

func twoEntries(t *testing.T) *Bibliography {
	t.Helper()
	src := `[
  {"id": "berman2000", "type": "article-journal", "author": [{"family": "Berman", "given": "RM"}, {"family": "Cappiello", "given": "A"}, {"literal": "et al."}], "title": "Antidepressant effects of ketamine in depressed patients", "container-title": "Biol Psychiatry", "issued": {"date-parts": [[2000]]}, "volume": "47", "page": "351-354"},
  {"id": "fda2020", "type": "webpage", "author": [{"literal": "U.S. Food and Drug Administration"}], "title": "SPRAVATO label", "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/label?a=1&b=2"}
]`
	var diags diag.List
	b := LoadBibliography([]byte(src), "references.json", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExporters: the exports come in the order the site links them, each
// with its own name and file, and write every entry.
func TestExporters(t *testing.T) {
	b := twoEntries(t)
	want := []struct{ name, file, media, first string }{
		{"BibTeX", "references.bib", "application/x-bibtex", "@article{berman2000,\n"},
		{"RIS", "references.ris", "application/x-research-info-systems", "TY  - JOUR\r\nID  - berman2000\r\n"},
		{"CSL-JSON", "references.json", "application/vnd.citationstyles.csl+json", "[\n  {\n    \"id\": \"berman2000\""},
	}
	xs := Exporters()
	if len(xs) != len(want) {
		t.Fatalf("%d exporters, want %d", len(xs), len(want))
	}
	for i, x := range xs {
		w := want[i]
		if x.Name() != w.name || x.File() != w.file || x.MediaType() != w.media {
			t.Errorf("exporter %d is %s %s %s, want %s %s %s", i, x.Name(), x.File(), x.MediaType(), w.name, w.file, w.media)
		}
		out := x.Export(b)
		if !bytes.HasPrefix(out, []byte(w.first)) || !bytes.Contains(out, []byte("SPRAVATO label")) {
			t.Errorf("%s export:\n%s", x.Name(), out)
		}
		if ExporterNamed(w.name) != x {
			t.Errorf("ExporterNamed(%q) is not the listed one", w.name)
		}
	}
	if ExporterNamed("EndNote") != nil {
		t.Error("ExporterNamed found an export there is none of")
	}
}

// TestStyles: the Vancouver style is found by name, first in the list, and
// prints the list's text, its HTML with the URL linked, and the label.
func TestStyles(t *testing.T) {
	b := twoEntries(t)
	v := StyleNamed("vancouver")
	if v == nil || Styles()[0] != v {
		t.Fatalf("StyleNamed(vancouver) = %v, Styles() = %v", v, Styles())
	}
	if StyleNamed("apa") != nil {
		t.Error("StyleNamed found a style there is none of")
	}
	tests := []struct{ id, text, html, label string }{
		{"berman2000",
			"Berman RM, Cappiello A, et al. Antidepressant effects of ketamine in depressed patients. Biol Psychiatry. 2000;47:351-354.",
			"Berman RM, Cappiello A, et al. Antidepressant effects of ketamine in depressed patients. Biol Psychiatry. 2000;47:351-354.",
			"Berman RM et al., 2000"},
		{"fda2020",
			"U.S. Food and Drug Administration. SPRAVATO label [Internet]. 2020. Available from: https://example.org/label?a=1&b=2",
			`U.S. Food and Drug Administration. SPRAVATO label [Internet]. 2020. Available from: <a href="https://example.org/label?a=1&amp;b=2">https://example.org/label?a=1&amp;b=2</a>`,
			"U.S. Food and Drug Administration, 2020"},
	}
	for _, tt := range tests {
		e := b.Lookup(tt.id)
		if got := v.Text(e); got != tt.text {
			t.Errorf("Text(%s) = %q, want %q", tt.id, got, tt.text)
		}
		if got := v.HTML(e); got != tt.html {
			t.Errorf("HTML(%s) = %q, want %q", tt.id, got, tt.html)
		}
		if got := v.Label(e); got != tt.label {
			t.Errorf("Label(%s) = %q, want %q", tt.id, got, tt.label)
		}
		if strings.Contains(v.HTML(e), "<a") != (e.URL != "") {
			t.Errorf("HTML(%s) links wrongly", tt.id)
		}
	}
}
