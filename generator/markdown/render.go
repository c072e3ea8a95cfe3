package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

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

// codeRenderer highlights code blocks with chroma, as CSS classes. It
// remembers what it highlighted, by language and code: chroma's regexp
// lexers are the most expensive step of a conversion, and documentation
// repeats snippets.
type codeRenderer struct {
	highlighted sync.Map // lang + "\x00" + code -> []byte
}

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
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		lang = fenceLanguage(f, src)
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	key := lang + "\x00" + code.String()
	if out, ok := r.highlighted.Load(key); ok {
		_, _ = w.Write(out.([]byte))
		return ast.WalkSkipChildren, nil
	}
	out := Highlight(lang, code.String())
	r.highlighted.Store(key, out)
	_, _ = w.Write(out)
	return ast.WalkSkipChildren, nil
}

// fenceLanguage is the first word of a fence's info string, or "". Words
// are split at any Unicode space, not only the ASCII space goldmark's
// Language splits at: a no-break space typed after the fence is invisible
// in an editor, and the info string may be nothing else.
func fenceLanguage(f *ast.FencedCodeBlock, src []byte) string {
	if f.Info == nil {
		return ""
	}
	word := strings.TrimLeftFunc(string(f.Info.Segment.Value(src)), unicode.IsSpace)
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word = word[:i]
	}
	return word
}

func writeHighlighted(w util.BufWriter, lang string, code []byte) {
	lexer := lexers.Get(lang)
	if lang == "" || lexer == nil {
		lexer = lexers.Fallback
	}
	if lexer == lexers.Go {
		lexer = newGoLexer()
	}
	lexer = chroma.Coalesce(lexer)
	_, _ = w.WriteString(`<pre class="chroma" tabindex="0"`)
	if lang != "" {
		_, _ = w.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	_, _ = w.WriteString(`><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-` + html.EscapeString(lang) + `"`)
	}
	_ = w.WriteByte('>')
	it, err := lexer.Tokenise(nil, string(code))
	if err == nil {
		err = codeFormatter.Format(w, styles.Fallback, it)
	}
	if err != nil {
		_, _ = w.Write(util.EscapeHTML(code))
	}
	_, _ = w.WriteString("</code></pre>\n")
}

// Highlight renders code as the highlighted <pre> a fenced block of that
// language gets.
func Highlight(lang, code string) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	writeHighlighted(w, lang, []byte(code))
	_ = w.Flush()
	return b.Bytes()
}

// CodeCSS returns the stylesheet for highlighted code: each style's rules
// apply only in its own theme (chosen with data-theme="light"/"dark" on the
// root element, or following the system when none is chosen), so a rule of
// one never shows through a token the other leaves plain.
func CodeCSS(light, dark string) []byte {
	f := chromahtml.New(chromahtml.WithClasses(true))
	scoped := func(style, explicit, system string) string {
		var css bytes.Buffer
		_ = f.WriteCSS(&css, styles.Get(style))
		var plainRules, mediaRules strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(css.String()), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "/*") {
				if i := strings.Index(line, "*/"); i >= 0 {
					line = strings.TrimSpace(line[i+2:])
				}
			}
			if line == "" {
				continue
			}
			plainRules.WriteString(`:root[data-theme="` + explicit + `"] ` + line + "\n")
			mediaRules.WriteString(`  :root:not([data-theme="` + system + `"]) ` + line + "\n")
		}
		return plainRules.String() + "@media (prefers-color-scheme: " + explicit + ") {\n" + mediaRules.String() + "}\n"
	}
	return []byte(scoped(light, "light", "dark") + scoped(dark, "dark", "light"))
}

// tableWrapper puts every table in a focusable scroll container, so a wide
// table scrolls on a phone instead of widening the page.
type tableWrapper struct {
	inner renderer.NodeRendererFunc
	// steps counts the nodes visited to number tables, for the test that
	// keeps numbering linear in the document.
	steps atomic.Int64
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

// tableCountKey keys the number of tables rendered so far in a
// document's metadata.
const tableCountKey = "ketref/tables"

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
		// Each scrolling region needs a name of its own: number the
		// tables of the page, in the order they are rendered, with a
		// count kept on the document (the renderer is shared by
		// concurrent conversions; each has its own document).
		root := n
		for root.Parent() != nil {
			root = root.Parent()
			t.steps.Add(1)
		}
		num := 1
		if d, ok := root.(*ast.Document); ok {
			if c, ok := d.Meta()[tableCountKey].(int); ok {
				num = c + 1
			}
			d.AddMeta(tableCountKey, num)
		}
		_, _ = fmt.Fprintf(w, `<div class="table-wrap" tabindex="0" role="region" aria-label="Table %d (scrolls sideways)">`+"\n", num)
	}
	status, err := t.inner(w, src, n, entering)
	if !entering {
		_, _ = w.WriteString("</div>\n")
	}
	return status, err
}
