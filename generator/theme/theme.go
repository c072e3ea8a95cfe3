// Package theme loads the templates folder: html/template layouts, partials
// and static assets.
//
// The folder holds:
//
//   - base.html: the frame every page is rendered in. It calls
//     {{block "main" .}} (and any other blocks) that layouts fill in.
//   - one file per layout at the top level (home.html, page.html,
//     section.html, 404.html, or any name a page's `layout:` gives),
//     each defining the blocks of base.html it needs;
//   - partials/*.html, available to every layout as
//     {{template "partials/name.html" .}};
//   - static/**, copied to the site root under content-hashed names
//     (static/style.css -> /style.3f2a91c0.css) so they can be cached
//     forever. Templates refer to them by source name: {{asset "style.css"}}.
//
// Every template error, at load or at execution, is reported with the
// template's file, line and column.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"

	"ketref/generator/diag"
	"ketref/generator/output"
)

// Asset is a static file with its hashed output path.
type Asset struct {
	Source string // path below static/ ("css/style.css")
	Out    string // output path ("css/style.3f2a91c0.css")
	Data   []byte
}

// Theme is a loaded templates folder.
type Theme struct {
	root    string // "templates", for diagnostics
	layouts map[string]*template.Template
	// broken names the layouts that failed to load ("" for base.html or a
	// partial, which breaks every layout), so callers do not report them
	// missing on top of their own errors.
	broken map[string]bool
	assets map[string]*Asset
	// basePath prefixes asset URLs ("/" or "/sub/").
	basePath     string
	placeholders bool
	// names holds, per layout, every field, method and variable name the
	// templates reachable from base.html use (see Mentions).
	names map[string]map[string]bool
}

// Options configure Load.
type Options struct {
	// Root names the templates folder in diagnostics.
	Root string
	// BasePath is the URL path the site is served under, with slashes.
	BasePath string
	// Funcs are further template functions.
	Funcs template.FuncMap
	// Generated are assets made by the build (the code stylesheet), added
	// to those under static/.
	Generated map[string][]byte
	// Previous, when set, lends its content hashes to assets whose bytes
	// are unchanged, so a reload does not hash the calculator module again.
	Previous *Theme
	// Placeholders makes {{asset "x"}} print output.Placeholder("x")
	// instead of the URL, so that a rendered page can be kept and given
	// new asset URLs with output.Fill when only an asset changed.
	Placeholders bool
}

// Load reads and parses the templates folder.
func Load(fsys fs.FS, opt Options, diags *diag.List) *Theme {
	if opt.Root == "" {
		opt.Root = "templates"
	}
	if opt.BasePath == "" {
		opt.BasePath = "/"
	}
	t := &Theme{root: opt.Root, layouts: map[string]*template.Template{}, broken: map[string]bool{}, assets: map[string]*Asset{}, basePath: opt.BasePath, placeholders: opt.Placeholders, names: map[string]map[string]bool{}}
	t.loadAssets(fsys, opt, diags)

	funcs := template.FuncMap{
		"asset": t.assetURL,
		"relURL": func(p string) string {
			return t.basePath + strings.TrimPrefix(p, "/")
		},
	}
	for k, v := range opt.Funcs {
		funcs[k] = v
	}

	var partials, layouts []string
	hasBase := false
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(path.Join(opt.Root, p), 0, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p == "static" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".html") {
			return nil
		}
		switch {
		case p == "base.html":
			hasBase = true
		case strings.HasPrefix(p, "partials/"):
			partials = append(partials, p)
		case !strings.Contains(p, "/"):
			layouts = append(layouts, p)
		}
		return nil
	})
	if !hasBase {
		diags.Errorf(path.Join(opt.Root, "base.html"), 0, 0, "missing: every site needs templates/base.html, the frame pages are rendered in")
		t.broken[""] = true
		return t
	}

	root := template.New("").Funcs(funcs)
	parse := func(tmpl *template.Template, name string) bool {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(path.Join(opt.Root, name), 0, 0, "cannot read: %v", err)
			return false
		}
		if _, err := tmpl.New(name).Parse(string(src)); err != nil {
			diags.Add(t.locate(err, fsys))
			return false
		}
		return true
	}
	ok := parse(root, "base.html")
	for _, p := range partials {
		ok = parse(root, p) && ok
	}
	if !ok {
		t.broken[""] = true
		return t
	}
	for _, l := range layouts {
		clone, err := root.Clone()
		if err != nil {
			diags.Errorf(path.Join(opt.Root, l), 0, 0, "%v", err)
			continue
		}
		if parse(clone, l) {
			t.layouts[strings.TrimSuffix(l, ".html")] = clone
			t.names[strings.TrimSuffix(l, ".html")] = reachableNames(clone)
		} else {
			t.broken[strings.TrimSuffix(l, ".html")] = true
		}
	}
	return t
}

// Mentions reports whether any template that a page of layout can execute
// (base.html, the layout's blocks and the partials they call) names one of
// the fields, methods or variables in names, anywhere: `.Site.Glossary`,
// `$x.Glossary` and `{{with .Site}}{{.Glossary}}{{end}}` all mention
// "Glossary", whether or not that branch runs. What it cannot see is a
// whole value printed ({{.Site}}, {{printf "%v" .}}), which prints its
// fields without naming them; templates print single values.
func (t *Theme) Mentions(layout string, names ...string) bool {
	used, ok := t.names[layout]
	if !ok {
		return true
	}
	for _, n := range names {
		if used[n] {
			return true
		}
	}
	return false
}

// UsesAsset reports whether any template that a page of layout can
// execute calls {{asset "source"}} with that literal name, whether or not
// that branch runs: the build gives the pages that load the calculators'
// WebAssembly a policy that lets it compile.
func (t *Theme) UsesAsset(layout, source string) bool {
	return t.names[layout][assetName(source)]
}

// assetName is how reachableNames records {{asset "source"}}: with a
// space, which no template identifier has.
func assetName(source string) string { return "asset " + source }

// reachableNames collects the identifiers used by the templates reachable
// from base.html in set, and the assets they name (see UsesAsset). It
// runs at load, before execution lets html/template rewrite the trees.
func reachableNames(set *template.Template) map[string]bool {
	names := map[string]bool{}
	seen := map[string]bool{}
	var visit func(name string)
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case nil:
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, d := range n.Decl {
				walk(d)
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(n.Args) == 2 {
				fn, ok1 := n.Args[0].(*parse.IdentifierNode)
				arg, ok2 := n.Args[1].(*parse.StringNode)
				if ok1 && ok2 && fn.Ident == "asset" {
					names[assetName(arg.Text)] = true
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			for _, id := range n.Ident {
				names[id] = true
			}
		case *parse.VariableNode:
			for _, id := range n.Ident {
				names[id] = true
			}
		case *parse.ChainNode:
			walk(n.Node)
			for _, id := range n.Field {
				names[id] = true
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
			visit(n.Name)
		}
	}
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if tm := set.Lookup(name); tm != nil && tm.Tree != nil {
			walk(tm.Tree.Root)
		}
	}
	visit("base.html")
	return names
}

// HasLayout reports whether a layout of that name exists.
func (t *Theme) HasLayout(name string) bool { return t.layouts[name] != nil }

// Broken reports whether the layout exists but failed to load, or whether
// the whole theme did; its errors are already reported.
func (t *Theme) Broken(name string) bool { return t.broken[""] || t.broken[name] }

// Layouts lists the layout names.
func (t *Theme) Layouts() []string {
	var names []string
	for n := range t.layouts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Assets returns the static assets, sorted by source path.
func (t *Theme) Assets() []*Asset {
	var out []*Asset
	for _, a := range t.assets {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// Execute renders layout with data into w. Errors are located in the
// template that failed.
func (t *Theme) Execute(w io.Writer, layout string, data any, fsys fs.FS) error {
	tmpl := t.layouts[layout]
	if tmpl == nil {
		return fmt.Errorf("no layout %q", layout)
	}
	if err := tmpl.ExecuteTemplate(w, "base.html", data); err != nil {
		return t.locate(err, fsys)
	}
	return nil
}

func (t *Theme) assetURL(name string) (string, error) {
	a := t.assets[strings.TrimPrefix(name, "/")]
	if a == nil {
		return "", fmt.Errorf("asset %q not found under %s/static/", name, t.root)
	}
	if t.placeholders {
		return output.Placeholder(a.Source), nil
	}
	return t.basePath + a.Out, nil
}

func (t *Theme) loadAssets(fsys fs.FS, opt Options, diags *diag.List) {
	add := func(src string, data []byte) {
		if opt.Previous != nil {
			if a := opt.Previous.assets[src]; a != nil && bytes.Equal(a.Data, data) {
				t.assets[src] = a
				return
			}
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(src)
		out := strings.TrimSuffix(src, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		t.assets[src] = &Asset{Source: src, Out: out, Data: data}
	}
	static, err := fs.Sub(fsys, "static")
	if err == nil {
		_ = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(static, p)
			if err != nil {
				diags.Errorf(path.Join(opt.Root, "static", p), 0, 0, "cannot read: %v", err)
				return nil
			}
			add(p, data)
			return nil
		})
	}
	for name, data := range opt.Generated {
		add(name, data)
	}
}

// Template errors look like
//
//	template: page.html:12:5: executing "page.html" at <.X>: ...
//	template: page.html:12: unexpected "}" in operand
//	html/template:page.html:12:5: no such template "x"
var templateErr = regexp.MustCompile(`^(?:html/)?template: ?([^:\s]+):(\d+)(?::(\d+))?: (.*)$`)

var executingPrefix = regexp.MustCompile(`^executing "[^"]*" at `)

// locate turns a template error into a Diagnostic at its file:line:col.
func (t *Theme) locate(err error, fsys fs.FS) diag.Diagnostic {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0])
	if m == nil {
		return diag.Diagnostic{File: t.root, Severity: diag.Error, Msg: msg}
	}
	name, rest := m[1], m[4]
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	if col == 0 {
		col = actionColumn(fsys, name, line)
	}
	rest = executingPrefix.ReplaceAllString(rest, "")
	return diag.Diagnostic{File: path.Join(t.root, name), Line: line, Col: col, Severity: diag.Error, Msg: "template: " + rest}
}

// actionColumn guesses the column of a parse error that gives only a line:
// the first action on that line.
func actionColumn(fsys fs.FS, name string, line int) int {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 1
	}
	lines := bytes.Split(src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	if i := bytes.Index(lines[line-1], []byte("{{")); i >= 0 {
		return len([]rune(string(lines[line-1][:i]))) + 1
	}
	return 1
}
