package gosource

import (
	"errors"
	"hash/fnv"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/markdown"
)

var sources = fstest.MapFS{
	"dosing/dosing.go": {Data: []byte("package dosing\n\n// Calculate works out a dose.\nfunc Calculate() int { return 1 }\n\ntype Route struct{}\n\n// Name names r.\nfunc (r *Route) Name() string { return \"\" }\n\nconst Max = 2\n")},
	"broken/broken.go": {Data: []byte("package broken\n\nfunc (\n")},
	"notes.txt":        {Data: []byte("not Go")},
}

func TestFence(t *testing.T) {
	tests := []struct {
		name, body string
		src        bool
		want       []string // in the HTML, in order
	}{
		{"whole file", "file: dosing/dosing.go\n", true, []string{`<figure class="source">`, "<code>wasm/dosing/dosing.go</code>", "Calculate", "Route", "Max", "</figure>"}},
		{"symbols in order", "file: dosing/dosing.go\nsymbols: [Route.Name, Calculate]\n", true, []string{"<code>wasm/dosing/dosing.go (Route.Name, Calculate)</code>", "Name names r.", "Calculate works out a dose."}},
		{"a path made clean", "file: ./dosing/../dosing/dosing.go\nsymbols: [Max]\n", true, []string{"<code>wasm/dosing/dosing.go (Max)</code>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Fence(sources)(markdown.FenceContext{Body: []byte(tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			html := string(out)
			for _, w := range tt.want {
				i := strings.Index(html, w)
				if i < 0 {
					t.Fatalf("HTML lacks %q in order:\n%s", w, out)
				}
				html = html[i+len(w):]
			}
		})
	}
}

func TestFenceErrors(t *testing.T) {
	tests := []struct {
		name, body string
		nilSrc     bool
		line       int
		msg        string
	}{
		{"no file", "symbols: [Calculate]\n", false, 1, `go-source: missing required key "file"`},
		{"unknown key", "file: dosing/dosing.go\nsymbol: [Calculate]\n", false, 2, `go-source: unknown key "symbol" (did you mean "symbols"?)`},
		{"no sources", "file: dosing/dosing.go\n", true, 1, "go-source: the calculator sources are not part of this build (no wasm/ folder)"},
		{"outside", "file: ../main.go\n", false, 1, `go-source: "../main.go" is not a Go file inside wasm/`},
		{"not Go", "file: notes.txt\n", false, 1, `go-source: "notes.txt" is not a Go file inside wasm/`},
		{"missing", "file: dosing/gone.go\n", false, 1, "go-source: cannot read wasm/dosing/gone.go: open dosing/gone.go: file does not exist"},
		{"unparsable", "file: broken/broken.go\nsymbols: [F]\n", false, 1, "go-source: broken/broken.go:3:8: expected ')'"},
		{"unknown symbol", "file: dosing/dosing.go\nsymbols: [Calcualte]\n", false, 2, `go-source: wasm/dosing/dosing.go declares no "Calcualte"; it declares Calculate, Max, Route, Route.Name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fence(sources)
			if tt.nilSrc {
				f = Fence(nil)
			}
			_, err := f(markdown.FenceContext{Body: []byte(tt.body)})
			var fe *markdown.FenceError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FenceError", err)
			}
			if fe.Line != tt.line || !strings.HasPrefix(fe.Msg, tt.msg) {
				t.Errorf("got line %d: %s\nwant line %d: %s...", fe.Line, fe.Msg, tt.line, tt.msg)
			}
		})
	}
}

// TestHash: the key changes with a Go file's contents and with none else.
func TestHash(t *testing.T) {
	sum := func(src fstest.MapFS) uint64 {
		h := fnv.New64a()
		Hash(src, h)
		return h.Sum64()
	}
	edited := fstest.MapFS{}
	for k, v := range sources {
		edited[k] = v
	}
	base := sum(edited)
	edited["notes.txt"] = &fstest.MapFile{Data: []byte("changed")}
	if sum(edited) != base {
		t.Error("a file that is not Go changed the key")
	}
	edited["dosing/dosing.go"] = &fstest.MapFile{Data: []byte("package dosing\n")}
	if sum(edited) == base {
		t.Error("a Go file's change left the key alone")
	}
}
