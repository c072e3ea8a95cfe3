package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var kindAbbr = ast.NewNodeKind("Abbr")

// abbr is the first use of a glossary term on a page.
type abbr struct {
	ast.BaseInline
	term, title string
}

func (n *abbr) Kind() ast.NodeKind { return kindAbbr }
func (n *abbr) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Term": n.term}, nil)
}

// abbrTransformer marks the first use of each glossary term on a page. A
// use is the term as a whole word, in the exact case, in ordinary text (not
// in code, links or headings). It runs last, so that citations and fences
// are already in place.
type abbrTransformer struct {
	terms map[string]string
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

func (t *abbrTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if len(t.terms) == 0 {
		return
	}
	src := reader.Source()
	st := stateOf(pc)
	used := map[string]bool{}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.Link, *ast.AutoLink, *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for _, tx := range texts {
		seg := tx.Segment
		val := src[seg.Start:seg.Stop]
		for i := 0; i < len(val); {
			if !isWordByte(val[i]) || i > 0 && isWordByte(val[i-1]) {
				i++
				continue
			}
			j := i
			for j < len(val) && (isWordByte(val[j]) || val[j] == '-' && j+1 < len(val) && isWordByte(val[j+1])) {
				j++
			}
			// The longest term that ends at a word end or a hyphen:
			// "TNF-α" whole, "NMDA" in "NMDA-receptor".
			word, title, ok := "", "", false
			for k := j; k > i; k-- {
				if k < j && val[k] != '-' {
					continue
				}
				if tt, found := t.terms[string(val[i:k])]; found {
					word, title, ok, j = string(val[i:k]), tt, true, k
					break
				}
			}
			if !ok || used[word] {
				i = j
				continue
			}
			used[word] = true
			if st != nil {
				st.abbrs = append(st.abbrs, word)
			}
			// Split the text: before, the abbreviation, after.
			parent := tx.Parent()
			before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+i))
			mark := &abbr{term: word, title: title}
			mark.AppendChild(mark, ast.NewTextSegment(text.NewSegment(seg.Start+i, seg.Start+j)))
			after := ast.NewTextSegment(text.NewSegment(seg.Start+j, seg.Stop))
			after.SetSoftLineBreak(tx.SoftLineBreak())
			after.SetHardLineBreak(tx.HardLineBreak())
			if i > 0 {
				parent.InsertBefore(parent, tx, before)
			}
			parent.InsertBefore(parent, tx, mark)
			parent.ReplaceChild(parent, tx, after)
			tx, seg, val, i = after, after.Segment, src[after.Segment.Start:after.Segment.Stop], 0
		}
	}
}

type abbrRenderer struct{}

func (abbrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAbbr, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		a := n.(*abbr)
		if entering {
			_, _ = w.WriteString(`<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.title)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString("</abbr>")
		}
		return ast.WalkContinue, nil
	})
}
