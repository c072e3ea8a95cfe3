package cite

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/needs"
)

// realBibliography loads the site's own references.json.
func realBibliography(t *testing.T) *Bibliography {
	t.Helper()
	src, err := os.ReadFile("../../content/references.json")
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	b := LoadBibliography(src, "content/references.json", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	return b
}

type cslItem struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Author []Name `json:"author"`
	Issued Date   `json:"issued"`
	Volume any    `json:"volume"`
	Page   any    `json:"page"`
	URL    string `json:"URL"`
}

// checkRoundTrip compares what a parser read back with the bibliography:
// every entry, in order, with its title, year, first author, volume,
// pages and URL.
func checkRoundTrip(t *testing.T, b *Bibliography, items []cslItem, what string) {
	t.Helper()
	if len(items) != len(b.Entries) {
		t.Fatalf("%s: read %d entries, wrote %d", what, len(items), len(b.Entries))
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "–", "-")), " ") }
	for i, e := range b.Entries {
		got := items[i]
		if got.ID != e.ID {
			t.Errorf("%s entry %d: id %q, want %q", what, i+1, got.ID, e.ID)
		}
		if norm(got.Title) != norm(e.Title) {
			t.Errorf("%s %s: title %q, want %q", what, e.ID, got.Title, e.Title)
		}
		if got.Issued.Year() != e.Issued.Year() {
			t.Errorf("%s %s: year %d, want %d", what, e.ID, got.Issued.Year(), e.Issued.Year())
		}
		if len(e.Author) > 0 && len(got.Author) > 0 {
			w, g := e.Author[0], got.Author[0]
			if w.FamilyName()+w.Literal != g.FamilyName()+g.Literal {
				t.Errorf("%s %s: first author %+v, want %+v", what, e.ID, g, w)
			}
		} else if len(e.Author) != len(got.Author) {
			t.Errorf("%s %s: %d authors, want %d", what, e.ID, len(got.Author), len(e.Author))
		}
		if v := strings.TrimSpace(toStr(got.Volume)); v != e.Volume {
			t.Errorf("%s %s: volume %q, want %q", what, e.ID, v, e.Volume)
		}
		if p := norm(toStr(got.Page)); p != norm(e.Page) {
			t.Errorf("%s %s: pages %q, want %q", what, e.ID, p, e.Page)
		}
		if got.URL != e.URL {
			t.Errorf("%s %s: URL %q, want %q", what, e.ID, got.URL, e.URL)
		}
	}
}

func toStr(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strings.TrimSuffix(strings.TrimRight(strings.TrimRight(json.Number(jsonNum(v)).String(), "0"), "."), ".")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func jsonNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// TestBibTeXRoundTrip exports the bibliography as BibTeX and reads it back
// with Pandoc, a real BibTeX parser.
func TestBibTeXRoundTrip(t *testing.T) {
	pandoc := needs.Command(t, "pandoc", "apt-get install -y pandoc")
	b := realBibliography(t)
	cmd := exec.Command(pandoc, "-f", "bibtex", "-t", "csljson")
	cmd.Stdin = bytes.NewReader(bibTeX{}.Export(b))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, stderr.String())
	}
	var items []cslItem
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, b, items, "BibTeX")
}

// TestRISRoundTrip exports RIS and reads it back with citation-js (npm
// @citation-js/core and @citation-js/plugin-ris, found through NODE_PATH;
// .ci/run installs them).
func TestRISRoundTrip(t *testing.T) {
	node := needs.Command(t, "node", "apt-get install -y nodejs")
	needs.NodeModule(t, "@citation-js/plugin-ris", "npm install --prefix DIR @citation-js/core@0.7.18 @citation-js/plugin-ris@0.7.18 and set NODE_PATH=DIR/node_modules")
	b := realBibliography(t)
	script := `const {Cite} = require("@citation-js/core"); require("@citation-js/plugin-ris");
let ris = ""; process.stdin.on("data", d => ris += d); process.stdin.on("end", () => {
  const data = new Cite(ris, {forceType: "@ris/file"}).data.map(({_graph, ...rest}) => rest);
  process.stdout.write(JSON.stringify(data));
});`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = bytes.NewReader(ris{}.Export(b))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("citation-js: %v\n%s", err, stderr.String())
	}
	var items []cslItem
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	checkRoundTrip(t, b, items, "RIS")
}

// TestCSLJSONExport: the CSL-JSON export is the bibliography as written.
func TestCSLJSONExport(t *testing.T) {
	b := realBibliography(t)
	var diags diag.List
	again := LoadBibliography(cslJSON{}.Export(b), "export", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	if strings.Join(again.IDs(), ",") != strings.Join(b.IDs(), ",") {
		t.Error("CSL-JSON export changed the entries")
	}
}
