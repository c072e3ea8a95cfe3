package cite

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Extension adds citations to a goldmark instance. Resolver is used for
// documents whose parser context does not carry one (see Use); tests and
// single-document tools set it, the site sets one per page.
type Extension struct {
	Resolver Resolver
}

var _ goldmark.Extender = (*Extension)(nil)

// Extend implements goldmark.Extender. The parser runs before the link
// parser (priority 200), so that `[@key]` is not read as a link label.
func (e *Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(&citationParser{}, 100)),
		parser.WithASTTransformers(util.Prioritized(&transformer{fallback: e.Resolver}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{}, 500)))
}
