package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer hands every link and image destination to the document's
// resolver and writes back the URL it returns.
type linkTransformer struct{}

var _ parser.ASTTransformer = (*linkTransformer)(nil)

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.links == nil {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch l := n.(type) {
		case *ast.Link:
			dest = &l.Destination
		case *ast.Image:
			dest, image = &l.Destination, true
		default:
			return ast.WalkContinue, nil
		}
		off := linkOffset(n, src, image)
		url, err := st.links(Link{Dest: string(*dest), Image: image, Offset: off})
		if err != nil {
			st.problems = append(st.problems, Problem{Offset: off, Msg: err.Error()})
			return ast.WalkContinue, nil
		}
		*dest = []byte(url)
		return ast.WalkContinue, nil
	})
}

// linkOffset returns the offset of the "[" (or "![") that opens a link.
func linkOffset(n ast.Node, src []byte, image bool) int {
	off := nodeOffset(n, src)
	// The parser may record the position of the link text; step back to
	// the bracket that opens it.
	for i := off; i >= 0 && i > off-4 && i < len(src); i-- {
		if src[i] == '[' {
			if image && i > 0 && src[i-1] == '!' {
				return i - 1
			}
			return i
		}
	}
	return off
}
