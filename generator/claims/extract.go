package claims

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"ketref/generator/cite"
	"ketref/generator/figure"
	"ketref/generator/snapshot"
)

// NumberPattern matches the numbers of a claim's text: digits, with
// decimal or thousands separators ("2.5", "1,000"), optionally a range
// with a dash or hyphen ("1–2", "10-20"). Signs and comparison marks are
// not part of a number ("≥ 3" gives "3"); a full stop after a number ends
// the sentence, not the number ("2." gives "2").
var NumberPattern = regexp.MustCompile(`\d+(?:[.,]\d+)*(?:\s*[–-]\s*\d+(?:[.,]\d+)*)?`)

// extractor holds the state of one walk over a page.
type extractor struct {
	src     []byte
	section string
	claims  []snapshot.Claim
	data    []snapshot.Datum
	flat    flattener // reused from block to block
}

// extract walks doc once and returns its claims and figure data.
func extract(doc gast.Node, src []byte) ([]snapshot.Claim, []snapshot.Datum) {
	x := &extractor{src: src}
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *gast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				x.section = idString(id)
			}
		case *gast.Paragraph, *gast.TextBlock:
			x.sentences(n)
		case *east.TableRow:
			x.row(n)
		case *gast.FencedCodeBlock:
			x.figure(n)
		case *east.TableHeader, *gast.CodeBlock, *gast.HTMLBlock:
		default:
			return gast.WalkContinue, nil
		}
		return gast.WalkSkipChildren, nil
	})
	return x.claims, x.data
}

func idString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// sentences adds a claim for each sentence of a paragraph or text block.
func (x *extractor) sentences(block gast.Node) {
	f := &x.flat
	f.reset()
	f.inline(block, x.src)
	text, marks := f.buf, f.marks
	first := len(x.claims)
	add := func(start, end int, groups []citeMark) {
		c := x.claim(snapshot.Sentence, text[start:end], groups)
		switch {
		case c.Text != "":
			x.claims = append(x.claims, c)
		case len(x.claims) > first:
			prev := &x.claims[len(x.claims)-1]
			prev.Cites = appendKeys(prev.Cites, groups)
		}
	}
	start := 0
	for i := 0; i < len(text); i++ {
		if !cite.SentenceEnd(text, i) {
			continue
		}
		end := i + 1
		next := end
		for next < len(text) && isSpace(text[next]) {
			next++
		}
		// A group between the full stop and the next sentence belongs
		// to this one; groups after the last sentence end belong to it
		// too.
		n := len(marks)
		if next < len(text) {
			n = 0
			for n < len(marks) && marks[n].at < next {
				n++
			}
		}
		add(start, end, marks[:n])
		marks = marks[n:]
		start = next
		i = next - 1
	}
	if start < len(text) || len(marks) > 0 {
		add(start, len(text), marks)
	}
}

// row adds a claim for a table body row.
func (x *extractor) row(r *east.TableRow) {
	f := &x.flat
	f.reset()
	for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
		if cell != r.FirstChild() {
			f.separate(" | ")
		}
		f.inline(cell, x.src)
	}
	if c := x.claim(snapshot.Row, f.buf, f.marks); c.Text != "" || len(c.Cites) > 0 {
		x.claims = append(x.claims, c)
	}
}

// claim makes a claim of raw, the flattened text of one sentence or row,
// and the citation groups in it.
func (x *extractor) claim(kind string, raw []byte, groups []citeMark) snapshot.Claim {
	text := collapse(raw)
	c := snapshot.Claim{Section: x.section, Kind: kind, Text: text, Cites: appendKeys(nil, groups)}
	if strings.ContainsAny(text, "0123456789") {
		c.Numbers = NumberPattern.FindAllString(text, -1)
	}
	return c
}

// appendKeys adds the keys of groups to keys, each once, in order.
func appendKeys(keys []string, groups []citeMark) []string {
	for _, g := range groups {
		for _, it := range g.group.Items {
			if !slices.Contains(keys, it.Key) {
				keys = append(keys, it.Key)
			}
		}
	}
	return keys
}

// collapse turns each run of white space into one space and trims the
// ends.
func collapse(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw))
	space := false
	for _, c := range raw {
		if isSpace(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

// isSpace is ASCII white space: the bytes of a UTF-8 text that are white
// space on their own. Other white space (a no-break space) is text.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// figure adds a datum for each row of a ```figure block's data table.
func (x *extractor) figure(b *gast.FencedCodeBlock) {
	if fenceName(b, x.src) != "figure" {
		return
	}
	var body []byte
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		body = append(body, seg.Value(x.src)...)
	}
	spec, err := figure.Parse(body)
	if err != nil {
		return // the figure fence reports it
	}
	var cites []string
	for _, k := range spec.Citations {
		if !slices.Contains(cites, k) {
			cites = append(cites, k)
		}
	}
	id := spec.ID()
	for _, r := range spec.Rows() {
		x.data = append(x.data, snapshot.Datum{Figure: id, Label: r.Label, Value: r.Value, Cites: cites})
	}
}

// fenceName is the first word of a fence's info string, read as package
// markdown reads it to choose the block's Fence.
func fenceName(b *gast.FencedCodeBlock, src []byte) string {
	if b.Info == nil {
		return ""
	}
	word := strings.TrimLeftFunc(string(b.Info.Segment.Value(src)), unicode.IsSpace)
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word = word[:i]
	}
	return word
}
