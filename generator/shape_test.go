package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The limits the architecture keeps (issue #15): they are proxies for
// "one clear job per file, package and type", checked so that they hold.
const (
	maxFileLines    = 500
	maxPackageLines = 2000
	maxTypeFields   = 14
)

// TestShape checks every non-test Go file of the repository against the
// size limits above.
func TestShape(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	pkgLines := map[string]int{}
	fields := map[string]int{}      // "dir.Type" -> fields
	hasMethods := map[string]bool{} // "dir.Type"
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "public" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n := strings.Count(string(src), "\n")
		rel, _ := filepath.Rel(root, p)
		if n > maxFileLines {
			t.Errorf("%s: %d lines, over %d: split it by job", rel, n, maxFileLines)
		}
		dir := filepath.Dir(rel)
		pkgLines[dir] += n
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						k := 0
						for _, f := range st.Fields.List {
							k += max(1, len(f.Names))
						}
						fields[dir+"."+ts.Name.Name] = k
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					typ := d.Recv.List[0].Type
					if s, ok := typ.(*ast.StarExpr); ok {
						typ = s.X
					}
					if ix, ok := typ.(*ast.IndexExpr); ok {
						typ = ix.X
					}
					if id, ok := typ.(*ast.Ident); ok {
						hasMethods[dir+"."+id.Name] = true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, n := range pkgLines {
		if n > maxPackageLines {
			t.Errorf("%s: %d non-test lines, over %d: move a whole concern into a package of its own", dir, n, maxPackageLines)
		}
	}
	var names []string
	for k := range hasMethods {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if n := fields[k]; n > maxTypeFields {
			t.Errorf("%s: %d fields and methods, over %d: group the fields by the stage or job that uses them", k, n, maxTypeFields)
		}
	}
}
