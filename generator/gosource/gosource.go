// Package gosource is the go-source fence: it shows the calculators' own
// Go code, read from wasm/ when the site is built, so that the page that
// explains how they compute cannot drift from the code that runs.
//
//	```go-source
//	file: dosing/dosing.go
//	symbols: [Calculate]
//	```
//
// file is a slash-separated path inside wasm/ and must name a .go file.
// Without symbols the whole file is shown; with them, each named top-level
// declaration (a function, a method as "Type.Method", a type, a variable or
// a constant), doc comment included, in the order given, separated by a
// blank line. The code is highlighted as Go inside a <figure
// class="source"> whose caption names the file and the symbols.
//
// A missing or unknown key, a path outside wasm/ or not ending in .go, a
// file that cannot be read or parsed, and a symbol the file does not
// declare (the message lists those it does) are FenceErrors on a line of
// the block.
package gosource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash"
	"html"
	"io/fs"
	"path"
	"sort"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/yamldoc"
)

// spec is the body of a go-source block.
type spec struct {
	File    string   `yaml:"file" yamldoc:"required"`
	Symbols []string `yaml:"symbols"`
}

// Fence returns the go-source fence over src, the calculators' source
// folder (wasm/). With src nil every block is an error: the sources are not
// part of the build.
func Fence(src fs.FS) markdown.Fence {
	return func(c markdown.FenceContext) ([]byte, error) { return render(src, c) }
}

// Hash writes the name and contents of every .go file of src into h, for a
// cache of converted pages: go-source blocks print them, so a page that has
// one is converted again when they change. A nil src writes nothing.
func Hash(src fs.FS, h hash.Hash) {
	if src == nil {
		return
	}
	_ = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			code, _ := fs.ReadFile(src, p)
			h.Write([]byte(p))
			h.Write(code)
		}
		return nil
	})
}

func render(src fs.FS, c markdown.FenceContext) ([]byte, error) {
	var spec spec
	var diags diag.List
	yamldoc.Decode(c.Body, yamldoc.Source{File: "fence", FirstLine: 1}, &spec, &diags)
	for _, d := range diags.Sorted() {
		return nil, &markdown.FenceError{Line: d.Line, Msg: "go-source: " + d.Msg}
	}
	if src == nil {
		return nil, &markdown.FenceError{Line: 1, Msg: "go-source: the calculator sources are not part of this build (no wasm/ folder)"}
	}
	clean := path.Clean(spec.File)
	if !fs.ValidPath(clean) || !strings.HasSuffix(clean, ".go") {
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("go-source: %q is not a Go file inside wasm/", spec.File)}
	}
	code, err := fs.ReadFile(src, clean)
	if err != nil {
		return nil, &markdown.FenceError{Line: 1, Msg: fmt.Sprintf("go-source: cannot read wasm/%s: %v", clean, err)}
	}
	shown := "wasm/" + clean
	var parts []string
	if len(spec.Symbols) == 0 {
		parts = []string{string(code)}
	} else {
		decls, err := declarations(clean, code)
		if err != nil {
			return nil, &markdown.FenceError{Line: 1, Msg: "go-source: " + err.Error()}
		}
		for _, sym := range spec.Symbols {
			decl, ok := decls[sym]
			if !ok {
				var names []string
				for n := range decls {
					names = append(names, n)
				}
				sort.Strings(names)
				return nil, &markdown.FenceError{Line: 2, Msg: fmt.Sprintf("go-source: wasm/%s declares no %q; it declares %s", clean, sym, strings.Join(names, ", "))}
			}
			parts = append(parts, decl)
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
