package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// headingRenderer writes headings with their id and a permalink after the
// text, so a reader can copy a link to any section.
type headingRenderer struct{}

func (r *headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.render)
}

func (r *headingRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	id, hasID := h.AttributeString("id")
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte("0123456"[h.Level])
		if hasID {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML(asBytes(id)))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if hasID {
		_, _ = w.WriteString(`<a class="permalink" href="#`)
		_, _ = w.Write(util.EscapeHTML(asBytes(id)))
		_, _ = w.WriteString(`" aria-label="Permalink to this section">#</a>`)
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte("0123456"[h.Level])
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

// codeRenderer highlights code blocks with chroma, as CSS classes.
type codeRenderer struct{}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(noPre{}))

// noPre lets the renderer write the <pre>, so it can carry the language.
type noPre struct{}

func (noPre) Start(code bool, styleAttr string) string { return "" }
func (noPre) End(code bool) string                     { return "" }

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		lang = strings.Fields(string(f.Info.Segment.Value(src)) + " ")[0]
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lexer := lexers.Get(lang)
	if lang == "" || lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	_, _ = w.WriteString(`<pre class="chroma"`)
	if lang != "" {
		_, _ = w.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	_, _ = w.WriteString(`><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-` + html.EscapeString(lang) + `"`)
	}
	_ = w.WriteByte('>')
	it, err := lexer.Tokenise(nil, code.String())
	if err == nil {
		err = codeFormatter.Format(w, styles.Fallback, it)
	}
	if err != nil {
		_, _ = w.Write(util.EscapeHTML(code.Bytes()))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// CodeCSS returns the stylesheet for highlighted code: the light style by
// default, the dark one when the page says data-theme="dark" or when the
// system prefers dark and the page has not chosen light.
func CodeCSS(light, dark string) []byte {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&b, styles.Get(light))
	var d bytes.Buffer
	_ = f.WriteCSS(&d, styles.Get(dark))
	scoped := func(prefix string) string {
		var out strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(d.String()), "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if strings.HasPrefix(line, "/*") {
				if i := strings.Index(line, "*/"); i >= 0 {
					line = strings.TrimSpace(line[i+2:])
				}
			}
			out.WriteString(prefix + line + "\n")
		}
		return out.String()
	}
	b.WriteString("\n")
	b.WriteString(scoped(`:root[data-theme="dark"] `))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(scoped(`:root:not([data-theme="light"]) `))
	b.WriteString("}\n")
	return b.Bytes()
}

// tableWrapper puts every table in a focusable scroll container, so a wide
// table scrolls on a phone instead of widening the page.
type tableWrapper struct {
	inner renderer.NodeRendererFunc
}

type captureFunc struct {
	kind ast.NodeKind
	fn   renderer.NodeRendererFunc
}

func (c *captureFunc) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) {
	if k == c.kind {
		c.fn = fn
	}
}

func newTableWrapper() *tableWrapper {
	c := &captureFunc{kind: east.KindTable}
	extension.NewTableHTMLRenderer().RegisterFuncs(c)
	return &tableWrapper{inner: c.fn}
}

func (t *tableWrapper) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, t.render)
}

func (t *tableWrapper) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways)">` + "\n")
	}
	status, err := t.inner(w, src, n, entering)
	if !entering {
		_, _ = w.WriteString("</div>\n")
	}
	return status, err
}
