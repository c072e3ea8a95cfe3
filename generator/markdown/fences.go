package markdown

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Fence renders a fenced block whose info string names it (```dosing-table)
// into HTML at build time. Its body is data, not code. It returns the HTML
// that replaces the block, or an error that says what is wrong with the
// body; a *FenceError locates it on a line and column of the body.
type Fence func(FenceContext) ([]byte, error)

// Fences are the fence kinds of a Converter, by the info string that names
// them. A new kind of fenced block is one Register call.
type Fences map[string]Fence

// Register adds the fence kind name. It panics when name is empty, has
// white space, or is registered already, or when f is nil: two kinds with
// one name would leave which one runs to chance, and registration happens
// once, when the build sets its converter up.
func (fs *Fences) Register(name string, f Fence) {
	switch {
	case name == "" || strings.ContainsAny(name, " \t\n\r"):
		panic(fmt.Sprintf("markdown: fence name %q is not one word", name))
	case f == nil:
		panic("markdown: fence " + name + " is nil")
	case (*fs)[name] != nil:
		panic("markdown: fence " + name + " is registered twice")
	}
	if *fs == nil {
		*fs = Fences{}
	}
	(*fs)[name] = f
}

// FenceContext is what a Fence gets.
type FenceContext struct {
	Body []byte
	// Offset is the byte offset of the body in the document.
	Offset int
	// Parser is the document's parser context, for extensions' state (a
	// fence that cites records its citations there).
	Parser parser.Context
	// HeadingID and HeadingText name the section the block is in.
	HeadingID, HeadingText string
}

// FenceError locates a problem inside a fence body.
type FenceError struct {
	Line int // 1-based line of the body; 0 for the whole block
	Col  int // 1-based column (in characters) of that line; 0 for its start
	Msg  string
}

func (e *FenceError) Error() string { return e.Msg }

var kindGenerated = ast.NewNodeKind("Generated")

// generated is a block replaced by the HTML a Fence produced.
type generated struct {
	ast.BaseBlock
	html []byte
}

func (n *generated) Kind() ast.NodeKind { return kindGenerated }
func (n *generated) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// fenceTransformer replaces the fenced blocks that have a Fence. It runs
// after the citation transformer (priority 100), so that citations a fence
// records are numbered after the page's own.
type fenceTransformer struct {
	fences Fences
}

func (t *fenceTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := stateOf(pc)
	var headingID, headingText string
	var blocks []*ast.FencedCodeBlock
	headings := map[*ast.FencedCodeBlock][2]string{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch b := n.(type) {
		case *ast.Heading:
			if id, ok := b.AttributeString("id"); ok {
				headingID, headingText = string(asBytes(id)), PlainText(b, src)
			}
		case *ast.FencedCodeBlock:
			if t.fences[fenceLanguage(b, src)] != nil {
				blocks = append(blocks, b)
				headings[b] = [2]string{headingID, headingText}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		var body []byte
		offset := nodeOffset(b, src)
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			if i == 0 {
				offset = seg.Start
			}
			body = append(body, seg.Value(src)...)
		}
		h := headings[b]
		html, err := t.fences[fenceLanguage(b, src)](FenceContext{Body: body, Offset: offset, Parser: pc, HeadingID: h[0], HeadingText: h[1]})
		if err != nil && st != nil {
			at := offset
			var fe *FenceError
			if errors.As(err, &fe) && fe.Line > 0 && fe.Line <= lines.Len() {
				line := lines.At(fe.Line - 1)
				at = line.Start
				text := line.Value(src)
				for n := 1; n < fe.Col && at-line.Start < len(text); n++ {
					_, size := utf8.DecodeRune(text[at-line.Start:])
					at += size
				}
			}
			st.problems = append(st.problems, Problem{Offset: at, Msg: err.Error()})
			continue
		}
		g := &generated{html: html}
		b.Parent().ReplaceChild(b.Parent(), b, g)
	}
}

type generatedRenderer struct{}

func (generatedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindGenerated, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*generated).html)
		}
		return ast.WalkSkipChildren, nil
	})
}
