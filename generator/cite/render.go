package cite

import (
	"html"
	"strconv"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// htmlRenderer writes a group as linked numbers:
//
//	<span class="citation" id="cite-3">[<a class="cite-ref" href="/references/#ref-29"
//	  aria-label="Reference 29: McIntyre RS et al., 2021">29</a>,…]</span>
//
// Without JavaScript each number is a plain link to its entry; the preview
// script enhances the same links.
type htmlRenderer struct{}

var _ renderer.NodeRenderer = (*htmlRenderer)(nil)

func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, r.render)
}

func writeLink(w util.BufWriter, t *Target) {
	_, _ = w.WriteString(`<a class="cite-ref" href="`)
	_, _ = w.WriteString(html.EscapeString(t.Href))
	_, _ = w.WriteString(`" role="doc-biblioref" aria-label="`)
	_, _ = w.WriteString(html.EscapeString(t.AccessibleName()))
	_, _ = w.WriteString(`" data-ref="`)
	_, _ = w.WriteString(strconv.Itoa(t.Number))
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(strconv.Itoa(t.Number))
	_, _ = w.WriteString(`</a>`)
}

func (r *htmlRenderer) render(w util.BufWriter, src []byte, n gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	c := n.(*Citation)
	_, _ = w.WriteString(`<span class="citation"`)
	if c.ID != "" {
		_, _ = w.WriteString(` id="` + html.EscapeString(c.ID) + `"`)
	}
	_, _ = w.WriteString(`>[`)
	if plainGroup(c) {
		rs := runs(c.Targets)
		for i, run := range rs {
			if i > 0 {
				_ = w.WriteByte(',')
			}
			writeLink(w, run.first)
			if run.last != run.first {
				_, _ = w.WriteString("–")
				writeLink(w, run.last)
			}
		}
		if len(rs) == 0 {
			_ = w.WriteByte('?')
		}
	} else {
		for i, it := range c.Items {
			if i > 0 {
				_, _ = w.WriteString("; ")
			}
			if it.Prefix != "" {
				_, _ = w.WriteString(html.EscapeString(it.Prefix) + " ")
			}
			if t := c.target(i); t != nil {
				writeLink(w, t)
			} else {
				_ = w.WriteByte('?')
			}
			if it.Locator != "" {
				_, _ = w.WriteString(", " + html.EscapeString(it.Locator))
			}
		}
	}
	_, _ = w.WriteString(`]</span>`)
	return gast.WalkSkipChildren, nil
}
