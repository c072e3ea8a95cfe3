package site

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/yamldoc"
)

// The go-source fence shows the calculators' own Go code, read from wasm/
// at build time, so the page explaining how they compute cannot drift from
// the code that runs:
//
//	```go-source
//	file: dosing/dosing.go
//	symbols: [Calculate]
//	```
//
// Without symbols the whole file is shown; with them, each named
// declaration (function, method "Type.Method", type, variable or constant)
// with its doc comment, in the order given.
type goSourceSpec struct {
	File    string   `yaml:"file" yamldoc:"required"`
	Symbols []string `yaml:"symbols"`
}

func (b *builder) wasmDir() string {
	if b.opt.Wasm == nil {
		return ""
	}
	return filepath.Join(b.opt.Wasm.ModuleRoot, b.opt.Wasm.SourceDir)
}

// wasmSourceKey hashes the calculator sources, which go-source fences
// print.
func (b *builder) wasmSourceKey() uint64 {
	dir := b.wasmDir()
	if dir == "" {
		return 0
	}
	h := b.hasher()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			src, _ := os.ReadFile(p)
			h.WriteString(p)
			h.Write(src)
		}
		return nil
	})
	return h.Sum64()
}

func (b *builder) goSourceFence(c markdown.FenceContext) ([]byte, error) {
	var spec goSourceSpec
	var diags diag.List
	yamldoc.Decode(c.Body, yamldoc.Source{File: "fence", FirstLine: 1}, &spec, &diags)
	for _, d := range diags.Sorted() {
		return nil, &markdown.FenceError{Line: d.Line, Msg: "go-source: " + d.Msg}
	}
	dir := b.wasmDir()
	if dir == "" {
		return nil, &markdown.FenceError{Line: 1, Msg: "go-source: the calculator sources are not part of this build (no wasm/ folder)"}
	}
	clean := path.Clean(spec.File)
	if !fs.ValidPath(clean) || !strings.HasSuffix(clean, ".go") {
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("go-source: %q is not a Go file inside wasm/", spec.File)}
	}
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(clean)))
	if err != nil {
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("go-source: cannot read wasm/%s: %v", clean, err)}
	}
	shown := "wasm/" + clean
	var parts []string
	if len(spec.Symbols) == 0 {
		parts = []string{string(src)}
	} else {
		decls, err := declarations(clean, src)
		if err != nil {
			return nil, &markdown.FenceError{Line: 1, Msg: "go-source: " + err.Error()}
		}
		for _, sym := range spec.Symbols {
			code, ok := decls[sym]
			if !ok {
				var names []string
				for n := range decls {
					names = append(names, n)
				}
				sort.Strings(names)
				return nil, &markdown.FenceError{Line: 2, Msg: fmt.Sprintf("go-source: wasm/%s declares no %q; it declares %s", clean, sym, strings.Join(names, ", "))}
			}
			parts = append(parts, code)
		}
		shown += " (" + strings.Join(spec.Symbols, ", ") + ")"
	}
	var out strings.Builder
	fmt.Fprintf(&out, "<figure class=\"source\">\n<figcaption><code>%s</code>, read from the calculators' source when this site was built</figcaption>\n", html.EscapeString(shown))
	out.Write(markdown.Highlight("go", strings.Join(parts, "\n\n")+"\n"))
	out.WriteString("</figure>\n")
	return []byte(out.String()), nil
}

// declarations maps each top-level name of a Go file to its source text,
// doc comment included. Methods are named "Type.Method".
func declarations(name string, src []byte) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	text := func(from, to token.Pos) string {
		return string(src[fset.Position(from).Offset:fset.Position(to).Offset])
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			start := d.Pos()
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
			n := d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				t := d.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				if id, ok := t.(*ast.Ident); ok {
					n = id.Name + "." + n
				}
			}
			out[n] = text(start, d.End())
		case *ast.GenDecl:
			start := d.Pos()
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out[s.Name.Name] = text(start, d.End())
				case *ast.ValueSpec:
					for _, id := range s.Names {
						out[id.Name] = text(start, d.End())
					}
				}
			}
		}
	}
	return out, nil
}
