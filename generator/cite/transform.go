package cite

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Resolver maps citation keys to references. The site implements it over
// the bibliography and the numbering in force.
type Resolver interface {
	// Resolve returns the reference for key, or nil when there is none.
	Resolve(key string) *Target
	// Suggest returns the known keys nearest to an unknown one.
	Suggest(key string) []string
}

// Occurrence is one citation group on a page: where it is and what it
// says, for backlinks and the per-reference pages.
type Occurrence struct {
	ID   string   // element id of the group ("cite-3")
	Keys []string // the keys it cites, in written order
	// Offset is the byte offset of the group in the page body.
	Offset int
	// HeadingID and HeadingText name the section the citation is in
	// (empty before the first heading).
	HeadingID, HeadingText string
	// Context is the sentence (or table row) around the citation, as
	// plain text with citation numbers in brackets.
	Context string
}

// Problem is an unknown key, at a byte offset of the page body.
type Problem struct {
	Offset int
	Msg    string
}

type docState struct {
	resolver    Resolver
	occurrences []Occurrence
	problems    []Problem
	groups      int // citation groups numbered so far (cite-1, cite-2, ...)
}

var stateKey = parser.NewContextKey()

// Use sets the resolver for the document parsed with pc.
func Use(pc parser.Context, r Resolver) {
	pc.Set(stateKey, &docState{resolver: r})
}

func state(pc parser.Context, fallback Resolver) *docState {
	if s, ok := pc.Get(stateKey).(*docState); ok {
		return s
	}
	s := &docState{resolver: fallback}
	pc.Set(stateKey, s)
	return s
}

// Occurrences returns the citation groups of the document parsed with pc,
// in document order.
func Occurrences(pc parser.Context) []Occurrence {
	if s, ok := pc.Get(stateKey).(*docState); ok {
		return s.occurrences
	}
	return nil
}

// Problems returns the unknown keys of the document parsed with pc.
func Problems(pc parser.Context) []Problem {
	if s, ok := pc.Get(stateKey).(*docState); ok {
		return s.problems
	}
	return nil
}

// transformer resolves every citation, numbers the groups of the page and
// records where each one stands.
type transformer struct {
	fallback Resolver
}

var _ parser.ASTTransformer = (*transformer)(nil)

func (t *transformer) Transform(doc *gast.Document, reader text.Reader, pc parser.Context) {
	st := state(pc, t.fallback)
	src := reader.Source()
	var headingID string
	var heading *gast.Heading
	// headings holds, per occurrence of this page, the heading it stands
	// under; its text is taken once every group is resolved, since a
	// heading may hold a citation too.
	var headings []*gast.Heading
	first := len(st.occurrences)
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		if h, ok := n.(*gast.Heading); ok {
			if id, ok := h.AttributeString("id"); ok {
				headingID = toString(id)
				heading = h
			}
			return gast.WalkContinue, nil
		}
		c, ok := n.(*Citation)
		if !ok {
			return gast.WalkContinue, nil
		}
		st.groups++
		c.ID = fmt.Sprintf("cite-%d", st.groups)
		c.Targets = make([]*Target, len(c.Items))
		occ := Occurrence{ID: c.ID, Offset: c.Pos(), HeadingID: headingID}
		headings = append(headings, heading)
		for i, it := range c.Items {
			occ.Keys = append(occ.Keys, it.Key)
			var tgt *Target
			if st.resolver != nil {
				tgt = st.resolver.Resolve(it.Key)
			}
			if tgt == nil {
				msg := fmt.Sprintf("unknown citation key %q", it.Key)
				if st.resolver != nil {
					if s := st.resolver.Suggest(it.Key); len(s) > 0 {
						msg += fmt.Sprintf("; did you mean %s?", strings.Join(quoteAll(s), " or "))
					}
				}
				msg += "; keys are the \"id\" fields of content/references.json"
				st.problems = append(st.problems, Problem{Offset: c.Pos(), Msg: msg})
				continue
			}
			c.Targets[i] = tgt
		}
		st.occurrences = append(st.occurrences, occ)
		return gast.WalkSkipChildren, nil
	})
	// Context and heading text need every group resolved, so that
	// neighbouring citations print as numbers too.
	// Each block's text is made once for all the citations in it.
	i := 0
	var block gast.Node
	var text *blockText
	heading = nil
	var headingText string
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if c, ok := n.(*Citation); ok && entering {
			occ := &st.occurrences[first+i]
			if b := contextBlock(c); b != block {
				block, text = b, textOf(b, src)
			}
			occ.Context = sentenceAround(c, text)
			if h := headings[i]; h != nil {
				if h != heading {
					heading, headingText = h, plain(h, src)
				}
				occ.HeadingText = headingText
			}
			i++
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
}

// RecordGroup resolves a citation group that a generated block (a dosing
// table, a figure caption) writes itself, records it as an occurrence of
// the document parsed with pc, and returns its HTML. Unknown keys are
// recorded as problems at offset. Call it from an AST transformer that runs
// after the citation transformer, so that group ids do not collide.
func RecordGroup(pc parser.Context, keys []string, offset int, headingID, headingText, context string) string {
	st := state(pc, nil)
	c := &Citation{}
	for _, k := range keys {
		c.Items = append(c.Items, Item{Key: k})
	}
	st.groups++
	c.ID = fmt.Sprintf("cite-%d", st.groups)
	c.Targets = make([]*Target, len(keys))
	for i, k := range keys {
		if st.resolver != nil {
			c.Targets[i] = st.resolver.Resolve(k)
		}
		if c.Targets[i] == nil {
			st.problems = append(st.problems, Problem{Offset: offset, Msg: fmt.Sprintf("unknown citation key %q in generated content", k)})
		}
	}
	if context != "" {
		context += " " + NumbersText(c)
	}
	st.occurrences = append(st.occurrences, Occurrence{ID: c.ID, Keys: keys, Offset: offset, HeadingID: headingID, HeadingText: headingText, Context: context})
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	(&htmlRenderer{}).render(w, nil, c, true)
	_ = w.Flush()
	return b.String()
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

func toString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// plain renders n as text; citations print as their numbers.
func plain(n gast.Node, src []byte) string {
	return string(textOf(n, src).text)
}

// blockText is the plain text of a block, with where each citation in it
// starts and ends, in bytes.
type blockText struct {
	text  []byte
	marks map[*Citation][2]int
}

// textOf renders n as text, citations as their numbers, recording the byte
// span of each citation; leading and trailing space is trimmed.
func textOf(n gast.Node, src []byte) *blockText {
	t := &blockText{}
	var walk func(gast.Node)
	walk = func(n gast.Node) {
		switch n := n.(type) {
		case *gast.Text:
			t.text = append(t.text, n.Value(src)...)
			if n.SoftLineBreak() || n.HardLineBreak() {
				t.text = append(t.text, ' ')
			}
			return
		case *gast.String:
			t.text = append(t.text, n.Value...)
			return
		case *gast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*gast.Text); ok {
					t.text = append(t.text, tx.Value(src)...)
				}
			}
			return
		case *Citation:
			start := len(t.text)
			t.text = append(t.text, NumbersText(n)...)
			if t.marks == nil {
				t.marks = map[*Citation][2]int{}
			}
			t.marks[n] = [2]int{start, len(t.text)}
			return
		case *east.TableCell:
			if n.PreviousSibling() != nil {
				t.text = append(t.text, " | "...)
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	trimmed := bytes.TrimRightFunc(bytes.TrimLeftFunc(t.text, unicode.IsSpace), unicode.IsSpace)
	if lead := len(t.text) - len(bytes.TrimLeftFunc(t.text, unicode.IsSpace)); lead > 0 {
		for c, m := range t.marks {
			t.marks[c] = [2]int{max(m[0]-lead, 0), max(m[1]-lead, 0)}
		}
	}
	for c, m := range t.marks {
		t.marks[c] = [2]int{min(m[0], len(trimmed)), min(m[1], len(trimmed))}
	}
	t.text = trimmed
	return t
}

// maxContext bounds a context, in runes. A reference's page lists every
// citing sentence whole; the bound only cuts text with no sentence end in
// reach (a long list item, a paragraph without full stops), so that one
// block cannot put kilobytes on every reference it cites.
const maxContext = 1000 // runes

// contextBlock returns the block whose text is the context of c: its
// paragraph, list item, heading or table row.
func contextBlock(c *Citation) gast.Node {
	var block gast.Node = c
	for block.Parent() != nil {
		block = block.Parent()
		switch block.(type) {
		case *gast.Paragraph, *gast.TextBlock, *gast.Heading:
		case *east.TableCell:
			block = block.Parent() // the whole row
		default:
			continue
		}
		break
	}
	return block
}

// sentenceAround returns the sentence that holds c within the text of its
// block, cut at sentence ends. Sentence ends and abbreviations are ASCII,
// so the text is scanned as bytes.
func sentenceAround(c *Citation, bt *blockText) string {
	text := bt.text
	m, ok := bt.marks[c]
	if !ok {
		return string(text)
	}
	mStart, mEnd := m[0], m[1]
	start := 0
	for i := mStart - 1; i > 0; i-- {
		if SentenceEnd(text, i-1) {
			start = i + 1
			break
		}
	}
	end := len(text)
	for i := mEnd; i < len(text); i++ {
		if SentenceEnd(text, i) {
			end = i + 1
			break
		}
	}
	s := strings.TrimSpace(string(text[start:end]))
	if utf8.RuneCountInString(s) > maxContext {
		// Keep the citation in view: cut around it.
		r := []rune(s)
		at := utf8.RuneCount(text[start:mStart])
		lo := min(max(0, at-maxContext/2), len(r))
		hi := min(len(r), lo+maxContext)
		s = string(r[lo:hi])
		if lo > 0 {
			s = "…" + s
		}
		if hi < len(r) {
			s += "…"
		}
	}
	return s
}

// SentenceEnd reports whether text[i] ends a sentence: a full stop,
// exclamation or question mark at the end of text or before a space or a
// newline, that is not the full stop of an abbreviation ("et al.",
// "e.g.", "vs.", "p.", an initial). Text is plain text; the rules are
// ASCII, so any encoding that keeps ASCII bytes as they are will do.
// Backlink contexts and the claims of a living review split sentences
// with it, so that the two agree.
func SentenceEnd(text []byte, i int) bool {
	return i >= 0 && i < len(text) && isSentenceEnd(text[i]) &&
		(i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') && !isAbbrev(text, i)
}

func isSentenceEnd(c byte) bool { return c == '.' || c == '!' || c == '?' }

// isAbbrev reports a full stop that ends a common abbreviation ("et al.",
// "e.g.", "vs.", "p.", "U.S.") rather than a sentence.
func isAbbrev(text []byte, dot int) bool {
	if text[dot] != '.' {
		return false
	}
	start := dot
	for start > 0 && text[start-1] != ' ' && text[start-1] != '(' {
		start--
	}
	word := text[start : dot+1]
	if len(word) <= 7 {
		switch strings.ToLower(string(word)) {
		case "al.", "e.g.", "i.e.", "vs.", "p.", "pp.", "approx.", "ca.", "dr.", "no.", "fig.", "u.s.", "u.k.":
			return true
		}
	}
	// A single capital letter and a dot: an initial.
	return len(word) == 2 && word[0] >= 'A' && word[0] <= 'Z'
}

// numberRun is a run of reference numbers to print as "a" or "a–b".
type numberRun struct {
	first, last *Target
}

// runs sorts the targets by number, drops duplicates and joins three or
// more consecutive numbers into a range.
func runs(targets []*Target) []numberRun {
	ts := make([]*Target, 0, len(targets))
	for _, t := range targets {
		if t != nil && !slices.ContainsFunc(ts, func(u *Target) bool { return u.Number == t.Number }) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *Target) int { return a.Number - b.Number })
	out := make([]numberRun, 0, len(ts))
	for i := 0; i < len(ts); {
		j := i
		for j+1 < len(ts) && ts[j+1].Number == ts[j].Number+1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, numberRun{ts[i], ts[j]})
		} else {
			for k := i; k <= j; k++ {
				out = append(out, numberRun{ts[k], ts[k]})
			}
		}
		i = j + 1
	}
	return out
}

// plainGroup reports whether a group has no prefix or locator, so that its
// numbers may be sorted and collapsed.
func plainGroup(c *Citation) bool {
	for _, it := range c.Items {
		if it.Prefix != "" || it.Locator != "" {
			return false
		}
	}
	return true
}

// NumbersText prints a group as text: "[14–16]", "[29,30]", "[29, p. 4]".
func NumbersText(c *Citation) string {
	b := make([]byte, 0, 16)
	b = append(b, '[')
	if plainGroup(c) {
		rs := runs(c.Targets)
		for i, r := range rs {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(r.first.Number), 10)
			if r.last != r.first {
				b = append(b, "–"...)
				b = strconv.AppendInt(b, int64(r.last.Number), 10)
			}
		}
		if len(rs) == 0 {
			b = append(b, '?')
		}
	} else {
		for i, it := range c.Items {
			if i > 0 {
				b = append(b, "; "...)
			}
			if it.Prefix != "" {
				b = append(b, it.Prefix+" "...)
			}
			if t := c.target(i); t != nil {
				b = strconv.AppendInt(b, int64(t.Number), 10)
			} else {
				b = append(b, '?')
			}
			if it.Locator != "" {
				b = append(b, ", "+it.Locator...)
			}
		}
	}
	b = append(b, ']')
	return string(b)
}
