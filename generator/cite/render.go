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
//	<span class="citation" id="cite-3">[<a href="#cited-29">29</a>,…]</span>
//
// Each number links to the reference's entry in the list of the references
// the page cites (partials/cited.html, ids cited-N), which every page that
// cites carries: without JavaScript, and offline, the number jumps there
// without loading the reference list. The preview script (cite.js) enhances
// the same links and reads the number from the href; the author and year
// are in the entry and its preview. The link carries nothing but its
// address and number, as Wikipedia's do: a page repeats it for every
// citation (131 on a long page of the 1000-page corpus), and a role and
// an aria-label ("Reference 29") cost 48 bytes each for a name that the
// bracketed number in its sentence already gives (WCAG 2.4.4, link purpose
// in context; issue #19). Target.Href, the reference list's address, is for other
// renderings (calc.js results, exports).
type htmlRenderer struct{}

var _ renderer.NodeRenderer = (*htmlRenderer)(nil)

func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, r.render)
}

func writeLink(w util.BufWriter, t *Target) {
	n := strconv.Itoa(t.Number)
	_, _ = w.WriteString(`<a href="#cited-`)
	_, _ = w.WriteString(n)
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(n)
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
