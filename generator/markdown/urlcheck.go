package markdown

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"ketref/generator/safeurl"
)

// urlTransformer refuses what could run script in a reader's browser or
// send them off the site without a scheme: links, images and autolinks
// whose destination is not relative or http(s) (mailto for links), and,
// when raw HTML is let through, script-like elements, event handlers and
// such URLs in attributes. goldmark blanks a few URLs by prefix, and only
// while raw HTML is off; an author deserves to hear that the link is
// wrong, so each is a problem at its place, and the offending node is
// dropped (a link keeps its text) so the page stays inert either way.
// It runs before linkTransformer, so resolvers only see safe links.
type urlTransformer struct {
	rawHTML bool
}

var _ parser.ASTTransformer = (*urlTransformer)(nil)

func (t *urlTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	src := reader.Source()
	var unwrap, drop []ast.Node
	report := func(off int, msg string) {
		if st != nil {
			st.problems = append(st.problems, Problem{Offset: off, Msg: msg})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if err := safeurl.Link(emitted(n.Destination)); err != nil {
				report(linkOffset(n, src, false), err.Error())
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if err := safeurl.Image(emitted(n.Destination)); err != nil {
				report(linkOffset(n, src, true), err.Error())
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				if err := safeurl.Link(emitted(n.URL(src))); err != nil {
					report(autoLinkOffset(n, src), err.Error())
					drop = append(drop, n)
				}
			}
		case *ast.RawHTML:
			if t.rawHTML && n.Segments.Len() > 0 {
				start := n.Segments.At(0).Start
				if off, msg := rawHTMLProblem(src[start:n.Segments.At(n.Segments.Len()-1).Stop]); msg != "" {
					report(start+off, msg)
					drop = append(drop, n)
				}
			}
		case *ast.HTMLBlock:
			if t.rawHTML && n.Lines().Len() > 0 {
				start, stop := n.Lines().At(0).Start, n.Lines().At(n.Lines().Len()-1).Stop
				if n.HasClosure() {
					stop = n.ClosureLine.Stop
				}
				if off, msg := rawHTMLProblem(src[start:stop]); msg != "" {
					report(start+off, msg)
					drop = append(drop, n)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range drop {
		if l, ok := n.(*ast.AutoLink); ok {
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(l.Label(src)))
			continue
		}
		n.Parent().RemoveChild(n.Parent(), n)
	}
}

// emitted is a destination as goldmark's renderer writes it: entity and
// numeric references resolved ("&#106;avascript:" is "javascript:" by
// then), unsafe bytes percent-escaped.
func emitted(dest []byte) string { return string(util.URLEscape(dest, true)) }

// autoLinkOffset is the offset of the "<" that opens an autolink.
func autoLinkOffset(n *ast.AutoLink, src []byte) int {
	off := nodeOffset(n, src)
	if off > 0 && off <= len(src) && src[off-1] == '<' {
		return off - 1
	}
	return off
}

// refusedElements run script, load other documents or change how the
// page's URLs and policy are read; SVG's animation elements can set an
// href to a javascript: URL after the fact.
var refusedElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "base": true, "meta": true, "link": true,
	"animate": true, "set": true, "animatemotion": true, "animatetransform": true, "handler": true, "listener": true,
}

// urlAttributes hold a URL (or, for srcset, a list of them) that a
// browser follows or loads.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "background": true, "cite": true, "data": true, "codebase": true,
	"longdesc": true, "usemap": true, "ping": true, "manifest": true, "srcset": true,
	"lowsrc": true, "dynsrc": true, "profile": true, "icon": true, "archive": true, "classid": true,
}

// rawHTMLProblem reads raw as a browser would (entities in attributes
// decoded) and returns the offset of the first tag it refuses, and why;
// msg is "" when raw is harmless.
func rawHTMLProblem(raw []byte) (off int, msg string) {
	z := html.NewTokenizer(strings.NewReader(string(raw)))
	pos := 0
	for {
		tt := z.Next()
		at := pos
		pos += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return 0, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if refusedElements[tok.Data] {
				return at, fmt.Sprintf("raw HTML: <%s> is not allowed in a page; scripts, frames and embedded objects come from the templates only", tok.Data)
			}
			for _, a := range tok.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					return at, fmt.Sprintf("raw HTML: the attribute %s on <%s> runs script, which is not allowed in a page; remove it", a.Key, tok.Data)
				case a.Key == "srcdoc":
					return at, fmt.Sprintf("raw HTML: the attribute srcdoc on <%s> is a document of its own and is not allowed; remove it", tok.Data)
				case urlAttributes[a.Key]:
					for _, u := range urlsIn(a.Key, a.Val) {
						if err := safeurl.Link(u); err != nil {
							return at, fmt.Sprintf("raw HTML: <%s %s>: %v", tok.Data, a.Key, err)
						}
					}
				}
			}
		}
	}
}

// urlsIn splits a srcset ("a.png 1x, b.png 2x") into its URLs; any other
// attribute is one URL.
func urlsIn(key, val string) []string {
	if key != "srcset" {
		return []string{val}
	}
	var out []string
	for _, cand := range strings.Split(val, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}
