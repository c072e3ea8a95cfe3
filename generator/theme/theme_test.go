package theme

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/output"
)

func TestAssetsAndExecute(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":           {Data: []byte(`<link href="{{asset "css/site.css"}}">{{template "partials/x.html" .}}{{block "main" .}}{{end}}`)},
		"partials/x.html":     {Data: []byte(`[{{.}}]`)},
		"page.html":           {Data: []byte(`{{define "main"}}<p>{{.}}</p><a href="{{relURL "/a/"}}">a</a>{{end}}`)},
		"wide.html":           {Data: []byte(`{{define "main"}}<div>{{.}}</div>{{end}}`)},
		"static/css/site.css": {Data: []byte("body{}")},
		"notes.txt":           {Data: []byte("ignored")},
	}
	var diags diag.List
	th := Load(fsys, Options{BasePath: "/sub/", Generated: map[string][]byte{"code.css": []byte("x")}}, &diags)
	if err := diags.Err(true); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(th.Layouts(), ","); got != "page,wide" {
		t.Errorf("layouts = %s", got)
	}
	var outs []string
	for _, a := range th.Assets() {
		outs = append(outs, a.Out)
	}
	// sha256("body{}")[:4] and sha256("x")[:4], hex.
	if got := strings.Join(outs, ","); got != "code.2d711642.css,css/site.7c98040a.css" {
		t.Errorf("assets = %s", got)
	}
	var buf bytes.Buffer
	if err := th.Execute(&buf, "page", "<hi>", fsys); err != nil {
		t.Fatal(err)
	}
	want := `<link href="/sub/css/site.7c98040a.css">[&lt;hi&gt;]<p>&lt;hi&gt;</p><a href="/sub/a/">a</a>`
	if buf.String() != want {
		t.Errorf("page =\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestMissingAsset(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html": {Data: []byte("<html>\n  {{asset \"gone.css\"}}")},
		"page.html": {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	var diags diag.List
	th := Load(fsys, Options{}, &diags)
	err := th.Execute(&bytes.Buffer{}, "page", nil, fsys)
	if err == nil || !strings.Contains(err.Error(), `templates/base.html:2:4: template: `) || !strings.Contains(err.Error(), `asset "gone.css" not found under templates/static/`) {
		t.Errorf("err = %v", err)
	}
}

func TestBrokenLayoutIsNotMissing(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
		"page.html": {Data: []byte(`{{define "main"}}{{if}}{{end}}`)},
	}
	var diags diag.List
	th := Load(fsys, Options{}, &diags)
	if th.HasLayout("page") || !th.Broken("page") || th.Broken("other") {
		t.Errorf("HasLayout=%v Broken=%v", th.HasLayout("page"), th.Broken("page"))
	}
	if err := diags.Err(false); err == nil || !strings.Contains(err.Error(), "templates/page.html:1:") {
		t.Errorf("err = %v", err)
	}
}

func TestPlaceholders(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":        {Data: []byte(`<link href="{{asset "style.css"}}"><script src="{{asset "a/b.js"}}"></script>{{block "main" .}}{{end}}`)},
		"page.html":        {Data: []byte(`{{define "main"}}x{{end}}`)},
		"static/style.css": {Data: []byte("body{}")},
		"static/a/b.js":    {Data: []byte("1")},
	}
	var diags diag.List
	th := Load(fsys, Options{Placeholders: true}, &diags)
	var buf bytes.Buffer
	if err := th.Execute(&buf, "page", nil, fsys); err != nil {
		t.Fatal(err)
	}
	want := `<link href="` + output.Placeholder("style.css") + `"><script src="` + output.Placeholder("a/b.js") + `"></script>x`
	if buf.String() != want {
		t.Errorf("rendered %q, want %q", buf.String(), want)
	}
}

func TestMentions(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":             {Data: []byte(`<title>{{.Page.Title}}</title>{{if eq .Page.Kind "x"}}{{template "partials/head.html" .}}{{end}}{{block "main" .}}{{end}}`)},
		"partials/head.html":    {Data: []byte(`{{range .Site.Refs}}{{.Meta}}{{end}}`)},
		"partials/unused.html":  {Data: []byte(`{{.Site.Unused}}`)},
		"partials/deep.html":    {Data: []byte(`{{$g := .Site}}{{$g.Deep}}`)},
		"plain.html":            {Data: []byte(`{{define "main"}}{{.Page.Content}}{{end}}`)},
		"with.html":             {Data: []byte(`{{define "main"}}{{with .Site}}{{.Glossary}}{{end}}{{end}}`)},
		"chain.html":            {Data: []byte(`{{define "main"}}{{(index .Page.Cited 0).CitedAt}}{{end}}`)},
		"nested.html":           {Data: []byte(`{{define "main"}}{{if .Page.Title}}{{else}}{{template "partials/deep.html" .}}{{end}}{{end}}`)},
		"partials/never.html":   {Data: []byte(`{{.Never}}`)},
		"rangeelse.html":        {Data: []byte(`{{define "main"}}{{range .Page.TOC}}{{else}}{{.Site.Empty}}{{end}}{{end}}`)},
		"static/placeholder.js": {Data: []byte(``)},
	}
	var diags diag.List
	th := Load(fsys, Options{}, &diags)
	if err := diags.Err(false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		layout string
		names  []string
		want   bool
	}{
		{"plain", []string{"Glossary"}, false},
		{"plain", []string{"Refs"}, true},    // base calls partials/head.html, whatever the condition
		{"plain", []string{"Meta"}, true},    // inside a range
		{"plain", []string{"Unused"}, false}, // a partial nothing calls
		{"with", []string{"Glossary"}, true},
		{"chain", []string{"CitedAt"}, true},
		{"nested", []string{"Deep"}, true}, // a variable's field, in an else branch, in a called partial
		{"rangeelse", []string{"Empty"}, true},
		{"plain", []string{"Never", "Unused"}, false},
		{"missing-layout", []string{"Anything"}, true}, // unknown: assume yes
	}
	for _, tt := range tests {
		if got := th.Mentions(tt.layout, tt.names...); got != tt.want {
			t.Errorf("Mentions(%q, %v) = %v, want %v", tt.layout, tt.names, got, tt.want)
		}
	}
}

// TestUsesAsset: a layout uses an asset when a template it can reach names
// it in {{asset "..."}}, in any branch; a layout that does not, or does
// not exist, does not.
func TestUsesAsset(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":               {Data: []byte(`<head>{{block "head" .}}{{end}}</head>{{block "main" .}}{{end}}`)},
		"partials/calc-head.html": {Data: []byte(`{{if .Page.Title}}<script src="{{asset "calc.js"}}" data-wasm="{{asset "m.wasm"}}"></script>{{end}}`)},
		"calc.html":               {Data: []byte(`{{define "head"}}{{template "partials/calc-head.html" .}}{{end}}`)},
		"page.html":               {Data: []byte(`{{define "main"}}<script src="{{asset "calc.js"}}"></script>{{end}}`)},
		"static/calc.js":          {Data: []byte(``)},
		"static/m.wasm":           {Data: []byte(``)},
	}
	var diags diag.List
	th := Load(fsys, Options{}, &diags)
	if err := diags.Err(false); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		layout, asset string
		want          bool
	}{
		{"calc", "m.wasm", true},
		{"calc", "calc.js", true},
		{"page", "calc.js", true},
		{"page", "m.wasm", false},
		{"missing", "m.wasm", false},
	} {
		if got := th.UsesAsset(tt.layout, tt.asset); got != tt.want {
			t.Errorf("UsesAsset(%q, %q) = %v, want %v", tt.layout, tt.asset, got, tt.want)
		}
	}
}
