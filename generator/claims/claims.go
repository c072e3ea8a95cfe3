// Package claims extracts the evidence of one Markdown page, as the claims
// and figure data of a living review (package snapshot), while the page is
// converted.
//
// Extension adds an AST transformer to the goldmark converter; after a
// page is parsed, Of returns what it found, in document order:
//
//   - a Sentence claim for each sentence of a paragraph, wherever the
//     paragraph stands (top level, list item, blockquote, footnote), and of
//     a tight list item's text;
//   - a Row claim for each table body row (never the header row), its
//     cells joined by " | " (empty cells at the end, such as a column of
//     citations only, left out);
//   - a Datum for each row of the data table of each ```figure block.
//
// Headings, code, HTML and other fences are not claims. A claim's Section
// is the id of the nearest heading above it ("" before the first). Its
// Text is plain text: emphasis, links and code are flattened, citations
// are left out, white space is collapsed to single spaces and no space is
// left before the punctuation that followed a citation ("within hours
// [@a]." gives "within hours."). Its Cites are the keys of the citation
// groups in it, in written order, each once; a group written just after a
// sentence's end ("hours. [@a] Next") belongs to the sentence it follows.
// Sentences end as cite.SentenceEnd says, so that abbreviations ("et al.",
// "e.g.", "p.", initials) are read alike for backlinks and claims. A
// sentence left with no text (a paragraph that is only a citation) gives
// its citations to the sentence before it in the same block, or is dropped.
// Numbers are the numbers written in Text, as written, in order: runs of
// ASCII digits with decimal or thousands separators ("2.5", "1,000"), or
// a range of two with a hyphen or en dash ("1–2", "10 - 20"), that is the
// matches of \d+(?:[.,]\d+)*(?:\s*[–-]\s*\d+(?:[.,]\d+)*)?; a sign or
// comparison is not part of a number ("≥ 3" gives "3"). Page is left empty:
// the caller knows the page's path.
//
// A Datum's Figure is the figure's element id (figure.Spec.ID), its Label
// and Value are the data table's row (figure.Spec.Rows) and its Cites the
// figure's citation keys. A figure block that does not parse gives no
// data: the figure fence reports the problem.
//
// Extraction never fails and reports nothing: it only reads the page.
package claims

import (
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ketref/generator/snapshot"
)

// Priority is the transformer's goldmark priority. Goldmark runs AST
// transformers in ascending order of priority (util.PrioritizedSlice.Sort),
// so this runs after the citation transformer (100), which numbers the
// groups, and before the fence transformer of package markdown (200),
// which replaces ```figure blocks with their HTML, and the abbreviation
// transformer (300), which splits text nodes.
const Priority = 150

// Extension adds claim extraction to a goldmark instance (for the site:
// markdown.Options.Extensions, next to cite.Extension).
type Extension struct {
	// Skip adds nothing, for a converter whose claims nobody reads:
	// finding them is about 7% of a build's CPU (issue #19), and Of then
	// returns nil.
	Skip bool
}

var _ goldmark.Extender = Extension{}

// Extend implements goldmark.Extender.
func (e Extension) Extend(m goldmark.Markdown) {
	if e.Skip {
		return
	}
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, Priority)))
}

// evidence is what one page states, kept in its parser context.
type evidence struct {
	claims []snapshot.Claim
	data   []snapshot.Datum
}

var evidenceKey = parser.NewContextKey()

// Of returns the claims and figure data of the document last parsed with
// pc, in document order; nil when none was parsed with the extension.
func Of(pc parser.Context) ([]snapshot.Claim, []snapshot.Datum) {
	if ev, ok := pc.Get(evidenceKey).(*evidence); ok {
		return ev.claims, ev.data
	}
	return nil, nil
}

type transformer struct{}

var _ parser.ASTTransformer = transformer{}

// Transform replaces, rather than adds to, what pc holds: a context parsed
// twice (a Parse pass, then Convert) must not list the page twice.
func (transformer) Transform(doc *gast.Document, reader text.Reader, pc parser.Context) {
	claims, data := extract(doc, reader.Source())
	pc.Set(evidenceKey, &evidence{claims: claims, data: data})
}
