// Package markdown converts one page body from Markdown to HTML.
//
// A Converter is built once per build and is safe for concurrent use. It
// speaks CommonMark with GitHub tables, strikethrough, autolinks and task
// lists, plus footnotes and `{#id}` heading attributes. Headings get stable,
// unique ids and a permalink; fenced code is highlighted by chroma with CSS
// classes (see CodeCSS for the stylesheet); tables are wrapped so they scroll
// on narrow screens; raw HTML is dropped unless Options.Unsafe is set.
//
// Links and images are handed to the Document's LinkResolver, which returns
// the URL to emit or an error; errors come back as Problems with the byte
// offset of the link in the body, never as a failed conversion. Inline
// syntax of its own (citations) comes in as goldmark extensions through
// Options.Extensions.
//
// # Fences
//
// A fenced block whose info string names a registered Fence (```figure,
// ```dosing-table) is data, not code: the Fence turns it into HTML at build
// time. A new kind of block is one Fences.Register call when the build sets
// its converter up; the kind itself lives in its own package.
//
// A Fence gets a FenceContext: the body of the block (the lines between the
// fences, each with its newline), the byte offset of the body in the
// document, the document's parser context (where extensions keep their
// state: a fence that cites records its citations there, see
// cite.RecordGroup) and the id and text of the heading the block stands
// under. Fences run after the citation transformer, so the groups a fence
// records are numbered after the page's own.
//
// It returns the HTML that replaces the block, or an error. An error is a
// Problem of the document, never a failed conversion, and the block is then
// left as highlighted code. A *FenceError locates the problem: Line counts
// the lines of the body from 1 and Col the characters of that line from 1,
// so a fence that parses YAML passes the position its parser reports; the
// Problem's Offset is then that character's byte offset in the document
// (the body's start when Line is 0 or past the body, the line's start when
// Col is 0). Any other error is at the start of the body. The caller turns
// offsets into file:line:col.
package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	// Unsafe lets raw HTML through. Off by default.
	Unsafe bool
	// Extensions are further goldmark extensions (citations). Figures
	// and other blocks of data are Fences, not extensions.
	Extensions []goldmark.Extender
	// Fences render fenced blocks by info string (```dosing-table) into
	// HTML at build time.
	Fences Fences
	// Abbreviations maps glossary terms ("TRD") to their expansions; the
	// first use of each on a page becomes an <abbr> with the expansion.
	Abbreviations map[string]string
}

// Converter turns Markdown into HTML.
type Converter struct {
	md     goldmark.Markdown
	tables *tableWrapper
}

// Link is a link or image destination as written, with where it was written.
type Link struct {
	Dest   string
	Image  bool
	Offset int // byte offset of the link in the body
}

// LinkResolver maps a destination as written to the URL to emit; an error
// says what is wrong with the link.
type LinkResolver func(Link) (string, error)

// Document is one body to convert.
type Document struct {
	Source []byte
	// Links resolves links; nil leaves them as written.
	Links LinkResolver
	// Context carries per-document state for extensions; nil for none.
	Context parser.Context
}

// Heading is one heading of a document, for tables of contents.
type Heading struct {
	Level  int
	ID     string
	Text   string
	Offset int // byte offset in the source
}

// Problem is an error found while converting, at a byte offset of Source.
type Problem struct {
	Offset  int
	Msg     string
	Warning bool
}

// Section is the plain text under one heading (or before the first), for
// the search index.
type Section struct {
	HeadingID, Heading string
	Text               string
}

// Result is a converted document.
type Result struct {
	HTML     []byte
	Headings []Heading
	// IDs lists every element id the document defines, in order.
	IDs      []string
	Problems []Problem
	// Sections split the document's text at its level-2 and level-3
	// headings.
	Sections []Section
	// Abbreviations lists the glossary terms the document marks up.
	Abbreviations []string
	// Refused says the document was not converted (Problems says why),
	// so it defines no ids at all.
	Refused bool
}

// New builds a Converter.
func New(opt Options) *Converter {
	tables := newTableWrapper()
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(&headingRenderer{}, 100),
			util.Prioritized(&codeRenderer{}, 100),
			util.Prioritized(tables, 100),
			util.Prioritized(generatedRenderer{}, 100),
			util.Prioritized(abbrRenderer{}, 100),
		),
	}
	var htmlOpts []renderer.Option
	if opt.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	exts := []goldmark.Extender{extension.GFM, extension.Footnote}
	exts = append(exts, opt.Extensions...)
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(
				util.Prioritized(&urlTransformer{rawHTML: opt.Unsafe}, 40),
				util.Prioritized(&linkTransformer{}, 50),
				util.Prioritized(&fenceTransformer{fences: opt.Fences}, 200),
				util.Prioritized(&abbrTransformer{terms: opt.Abbreviations}, 300),
			),
		),
		goldmark.WithRendererOptions(append(rendererOpts, htmlOpts...)...),
	)
	return &Converter{md: md, tables: tables}
}

type docState struct {
	links    LinkResolver
	problems []Problem
	headings []Heading
	ids      []string
	abbrs    []string
}

var stateKey = parser.NewContextKey()

func stateOf(pc parser.Context) *docState {
	s, _ := pc.Get(stateKey).(*docState)
	return s
}

// Parse parses a document without rendering it, for passes that only need
// what extensions collect into its context (citation order, say). It
// returns the context.
func (c *Converter) Parse(doc Document) parser.Context {
	pc := doc.Context
	if pc == nil {
		pc = parser.NewContext()
	}
	pc.Set(stateKey, &docState{links: doc.Links})
	if _, slow := pathological(doc.Source); slow {
		return pc // Convert reports it
	}
	c.md.Parser().Parse(text.NewReader(doc.Source), parser.WithContext(pc))
	return pc
}

// Convert renders one document. The error is reserved for failures of the
// renderer itself; problems in the content are in Result.Problems.
func (c *Converter) Convert(doc Document) (Result, error) {
	pc := doc.Context
	if pc == nil {
		pc = parser.NewContext()
	}
	st := &docState{links: doc.Links}
	pc.Set(stateKey, st)
	if p, slow := pathological(doc.Source); slow {
		return Result{Problems: []Problem{p}, Refused: true}, nil
	}
	root := c.md.Parser().Parse(text.NewReader(doc.Source), parser.WithContext(pc))
	collectIDs(root, doc.Source, st)
	sections := collectSections(root, doc.Source)
	var buf bytes.Buffer
	// Pages with citations render to about three times their source; a
	// build holds every page's HTML until the templates run, so the
	// buffer is sized up front and trimmed when much of it is unused.
	buf.Grow(3*len(doc.Source) + 512)
	if err := c.md.Renderer().Render(&buf, doc.Source, root); err != nil {
		return Result{}, fmt.Errorf("rendering: %w", err)
	}
	html := buf.Bytes()
	if cap(html)-len(html) > len(html)/4 {
		html = bytes.Clone(html)
	}
	return Result{HTML: html, Headings: st.headings, IDs: st.ids, Problems: st.problems, Sections: sections, Abbreviations: st.abbrs}, nil
}

// collectSections gathers the text of the document's top-level blocks
// under their headings. Each section's text grows in one buffer: a string
// appended to would be copied whole for every block.
func collectSections(root ast.Node, src []byte) []Section {
	sections := []Section{{}}
	var text strings.Builder
	flush := func() {
		sections[len(sections)-1].Text = text.String()
		text = strings.Builder{}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 3 {
			flush()
			id, _ := h.AttributeString("id")
			sections = append(sections, Section{HeadingID: string(asBytes(id)), Heading: PlainText(h, src)})
			continue
		}
		if _, ok := n.(*generated); ok {
			continue
		}
		if t := PlainText(n, src); t != "" {
			if text.Len() > 0 {
				text.WriteByte(' ')
			}
			text.WriteString(t)
		}
	}
	flush()
	if sections[0].Text == "" {
		sections = sections[1:]
	}
	return sections
}

// collectIDs records headings and every id attribute, and reports ids that
// two elements share (a `{#id}` clashing with a generated one, say).
func collectIDs(root ast.Node, src []byte, st *docState) {
	seen := map[string]bool{}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		id, ok := n.AttributeString("id")
		if !ok {
			return ast.WalkContinue, nil
		}
		sid := string(asBytes(id))
		if seen[sid] {
			st.problems = append(st.problems, Problem{Offset: nodeOffset(n, src), Msg: fmt.Sprintf("id %q is used twice on this page; give one of the headings another {#id}", sid)})
		}
		seen[sid] = true
		st.ids = append(st.ids, sid)
		if h, ok := n.(*ast.Heading); ok {
			st.headings = append(st.headings, Heading{Level: h.Level, ID: sid, Text: PlainText(h, src), Offset: nodeOffset(h, src)})
		}
		return ast.WalkContinue, nil
	})
}

func asBytes(v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return []byte(fmt.Sprint(v))
}

// PlainText returns the text of n and its descendants without markup;
// blocks and table cells are separated by a space.
func PlainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c != n && c.Type() == ast.TypeBlock && b.Len() > 0 && b.Bytes()[b.Len()-1] != ' ' {
			b.WriteByte(' ')
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tx, ok := cc.(*ast.Text); ok {
					b.Write(tx.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

// nodeOffset finds where n starts in src: its own position when the parser
// recorded one, else its first line or its first text.
func nodeOffset(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	if p := n.Parent(); p != nil {
		return nodeOffset(p, src)
	}
	return 0
}
