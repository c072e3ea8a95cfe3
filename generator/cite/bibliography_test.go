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
	if got := b.Lookup("a2000").shortLabel(); got != "A B et al., 2000" {
		t.Errorf("shortLabel = %q", got)
	}
	if got := b.Lookup("org").shortLabel(); got != "Agency" {
		t.Errorf("shortLabel = %q", got)
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
			_ = e.shortLabel()
		}
	})
}

func position(b *Bibliography, id string, line, col int) bool {
	l, c := b.Position(b.Lookup(id))
	return l == line && c == col
}

// TestBibliographyURLMustBeWeb feeds references.json the forms an attacker
// or a careless paste could give the URL field; each must be an error at
// the URL's value, and the entry must keep no URL to link.
func TestBibliographyURLMustBeWeb(t *testing.T) {
	for _, tt := range []struct{ name, url string }{
		{"javascript", `javascript:alert(document.domain)`},
		{"mixed case", `JaVaScRiPt:alert(1)`},
		{"leading space", ` javascript:alert(1)`},
		{"leading control", `\u0001javascript:alert(1)`},
		{"tab inside", `java\tscript:alert(1)`},
		{"newline inside", `java\nscript:alert(1)`},
		{"data", `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`},
		{"vbscript", `vbscript:msgbox(1)`},
		{"scheme-relative", `//evil.example/x`},
		{"backslashes", `\\\\evil.example/x`},
		{"entity", `&#106;avascript:alert(1)`},
		{"percent", `javascript%3Aalert(1)`},
		{"json escape", `\u006aavascript:alert(1)`},
		{"no scheme", `www.example.org`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "[\n  {\"id\": \"ok\", \"URL\": \"https://example.org/\"},\n  {\"id\": \"bad\", \"type\": \"webpage\",\n   \"URL\": \"" + tt.url + "\", \"title\": \"T\"}\n]"
			var diags diag.List
			b := LoadBibliography([]byte(src), "content/references.json", &diags)
			err := diags.Err(false)
			if err == nil || !strings.HasPrefix(err.Error(), "content/references.json:4:11: ") || !strings.Contains(err.Error(), "http") {
				t.Fatalf("err = %v, want one at content/references.json:4:11 saying to use http(s)", err)
			}
			if e := b.Lookup("bad"); e == nil || e.URL != "" {
				t.Errorf("entry kept as %+v; want it kept without its URL", e)
			}
			if e := b.Lookup("ok"); e == nil || e.URL != "https://example.org/" {
				t.Errorf("a good URL was lost: %+v", e)
			}
		})
	}
}

// TestBibliographyURLKeyAnyCase: encoding/json fills URL from "url" too,
// so the check and its position must follow it.
func TestBibliographyURLKeyAnyCase(t *testing.T) {
	src := "[\n {\"id\": \"a\", \"url\": \"javascript:alert(1)\"}\n]"
	var diags diag.List
	LoadBibliography([]byte(src), "content/references.json", &diags)
	if err := diags.Err(false); err == nil || !strings.HasPrefix(err.Error(), "content/references.json:2:21: ") {
		t.Errorf("err = %v, want one at 2:21", err)
	}
}

// TestFormatLinksOnlyWebURLs covers entries made in Go rather than loaded
// (site.yaml's article): a URL that is not http(s) is printed, never linked.
func TestFormatLinksOnlyWebURLs(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example"} {
		e := &Entry{ID: "x", Type: "webpage", Title: "T", URL: u, DOI: "10.1/x"}
		if h := (vancouver{}).HTML(e); strings.Contains(h, "<a") {
			t.Errorf("vancouver HTML links %q: %s", u, h)
		}
		for _, l := range e.Lookups() {
			if !strings.HasPrefix(l.URL, "https://") {
				t.Errorf("Lookups links %q", l.URL)
			}
		}
	}
	e := &Entry{ID: "x", Type: "webpage", Title: "T", URL: "https://example.org/a?b=1&c=2"}
	if h := (vancouver{}).HTML(e); !strings.Contains(h, `<a href="https://example.org/a?b=1&amp;c=2">`) {
		t.Errorf("a web URL is no longer linked: %s", h)
	}
}
