package claims

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"ketref/generator/cite"
	"ketref/generator/figure"
	"ketref/generator/snapshot"
)

// numbers returns the numbers written in text, in order: runs of ASCII
// digits, with decimal or thousands separators ("2.5", "1,000"),
// optionally a range with a dash or hyphen ("1–2", "10 - 20"); that is,
// the leftmost-first matches of the regular expression
//
//	\d+(?:[.,]\d+)*(?:\s*[–-]\s*\d+(?:[.,]\d+)*)?
//
// (the tests hold the two to agree). Signs and comparison marks are not
// part of a number ("≥ 3" gives "3"); a full stop after a number ends the
// sentence, not the number ("2." gives "2"); digits inside a word count
// ("R-107" gives "107"). It is written out because it runs on every claim
// of every page, where the regular expression took half the time.
func numbers(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		end := decimal(text, i)
		// A range: white space, a dash or hyphen, white space, a number.
		j := skipRESpace(text, end)
		if dash := dashLen(text, j); dash > 0 {
			k := skipRESpace(text, j+dash)
			if k < len(text) && isDigit(text[k]) {
				end = decimal(text, k)
			}
		}
		out = append(out, text[i:end])
		i = end
	}
	return out
}

// decimal returns the end of the number starting with a digit at i:
// digits, then any number of separators each followed by digits.
func decimal(text string, i int) int {
	i = skipDigits(text, i)
	for i+1 < len(text) && (text[i] == '.' || text[i] == ',') && isDigit(text[i+1]) {
		i = skipDigits(text, i+1)
	}
	return i
}

func skipDigits(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

// skipRESpace skips what \s matches in a regular expression: ASCII white
// space except the vertical tab.
func skipRESpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '\f') {
		i++
	}
	return i
}

// dashLen is the length of the hyphen or en dash at i, or 0.
func dashLen(text string, i int) int {
	switch {
	case i < len(text) && text[i] == '-':
		return 1
	case strings.HasPrefix(text[i:], "–"):
		return len("–")
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

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
	c := x.claim(snapshot.Row, f.buf, f.marks)
	// A last column of citations only (the review's "Source") is empty
	// once they are left out: no trailing separator.
	for strings.HasSuffix(c.Text, " |") {
		c.Text = strings.TrimSuffix(c.Text, " |")
	}
	if c.Text != "" || len(c.Cites) > 0 {
		x.claims = append(x.claims, c)
	}
}

// claim makes a claim of raw, the flattened text of one sentence or row,
// and the citation groups in it.
func (x *extractor) claim(kind string, raw []byte, groups []citeMark) snapshot.Claim {
	text := collapse(raw)
	c := snapshot.Claim{Section: x.section, Kind: kind, Text: text, Cites: appendKeys(nil, groups)}
	c.Numbers = numbers(text)
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
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		if isSpace(raw[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(raw) && !isSpace(raw[j]) {
			j++
		}
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, raw[i:j]...)
		i = j
	}
	return string(out)
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
