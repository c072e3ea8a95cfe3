package cite

import (
	"strings"
	"testing"

	"ketref/generator/diag"
)

func TestLoadBibliography(t *testing.T) {
	src := `[
  {"id": "a2000", "type": "article-journal", "author": [{"family": "A", "given": "B"}, {"literal": "et al."}], "title": "T", "issued": {"date-parts": [[2000]]}},
  {"id": "org", "type": "webpage", "author": [{"literal": "Agency"}], "URL": "https://x"}
]`
	var diags diag.List
	b := LoadBibliography([]byte(src), "content/references.json", &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != 2 || b.Lookup("org").Number != 2 || !position(b, "a2000", 2, 3) {
		t.Errorf("entries = %+v", b.Entries)
	}
	if got := b.Lookup("a2000").ShortLabel(); got != "A B et al., 2000" {
		t.Errorf("ShortLabel = %q", got)
	}
	if got := b.Lookup("org").ShortLabel(); got != "Agency" {
		t.Errorf("ShortLabel = %q", got)
	}
	if !b.Lookup("a2000").Author[1].IsEtAl() {
		t.Error("et al. not recognised")
	}
}

func TestLoadBibliographyErrors(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"malformed", "[\n  {\"id\": \"a\",}\n]", "content/references.json:2:14: invalid JSON"},
		{"truncated", "[\n  {\"id\": \"a\"", "content/references.json:2:13: invalid JSON"},
		{"not an array", `{"id": "a"}`, "content/references.json:1:1: references.json must be a CSL-JSON array"},
		{"no id", "[\n {\"title\": \"x\"}\n]", `content/references.json:2:2: entry 1 has no "id"`},
		{"duplicate id", "[\n {\"id\": \"a\"},\n {\"id\": \"a\"}\n]", `content/references.json:3:2: duplicate id "a": entry 1 and entry 2 (line 2) share it`},
		{"not an object", "[\n 42\n]", "content/references.json:2:2: entry 1 is not an object"},
		{"wrong field type", "[\n {\"id\": \"a\", \"title\": 3}\n]", "content/references.json:2:2: entry 1: json: cannot unmarshal number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			LoadBibliography([]byte(tt.src), "content/references.json", &diags)
			err := diags.Err(false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzLoadBibliography(f *testing.F) {
	f.Add([]byte(`[{"id":"a","author":[{"family":"X"}],"issued":{"date-parts":[[2000]]}}]`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		b := LoadBibliography(src, "f", &diags)
		for _, e := range b.Entries {
			_ = e.ShortLabel()
		}
	})
}

func position(b *Bibliography, id string, line, col int) bool {
	l, c := b.Position(b.Lookup(id))
	return l == line && c == col
}
