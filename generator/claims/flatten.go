package claims

import (
	"bytes"
	"strings"

	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"ketref/generator/cite"
)

// citeMark is a citation group left out of a flattened text, at the byte
// offset where it stood.
type citeMark struct {
	at    int
	group *cite.Citation
}

// flattener turns the inline content of a block into plain text without
// its citations, recording where each citation stood.
type flattener struct {
	buf   []byte
	marks []citeMark
	// floor is where the current table cell starts: the space trimmed
	// before a citation never reaches into the cell before.
	floor int
	// afterCite says a citation was the last thing written; spaceAfter
	// that white space followed it or was trimmed before it.
	afterCite, spaceAfter bool
}

// closers are the characters that take no space before them once the
// citation between them and the preceding word is gone.
const closers = ".,;:!?)]"

func (f *flattener) reset() {
	f.buf, f.marks = f.buf[:0], f.marks[:0]
	f.floor, f.afterCite, f.spaceAfter = 0, false, false
}

// inline writes the text of n's inline descendants.
func (f *flattener) inline(n gast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *gast.Text:
			f.write(unescape(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				f.write([]byte{' '})
			}
		case *gast.String:
			f.write(c.Value)
		case *gast.CodeSpan:
			f.code(c, src)
		case *gast.AutoLink:
			f.write(c.Label(src))
		case *cite.Citation:
			f.cite(c)
		case *gast.RawHTML, *east.FootnoteLink, *east.TaskCheckBox:
			// markup, a footnote's number, a check box: not text
		default:
			f.inline(c, src) // emphasis, links, images' alt text, ...
		}
	}
}

// code writes a code span's text as written: escapes and entities are
// not read inside code.
func (f *flattener) code(c *gast.CodeSpan, src []byte) {
	for t := c.FirstChild(); t != nil; t = t.NextSibling() {
		switch t := t.(type) {
		case *gast.Text:
			f.write(t.Segment.Value(src))
		case *gast.String:
			f.write(t.Value)
		}
	}
}

// unescape reads backslash escapes and character references as the HTML
// renderer does, so that "\*" is "*" and "&amp;" is "&".
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') >= 0 {
		b = util.UnescapePunctuations(b)
	}
	if bytes.IndexByte(b, '&') >= 0 {
		b = util.ResolveEntityNames(util.ResolveNumericReferences(b))
	}
	return b
}

// write appends text. Right after a citation, the space that separated it
// from what follows is dropped before a closing punctuation mark and kept
// (as one space) before a word.
func (f *flattener) write(b []byte) {
	if f.afterCite {
		t := bytes.TrimLeftFunc(b, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
		if len(t) < len(b) {
			f.spaceAfter = true
		}
		if len(t) == 0 {
			return
		}
		if f.spaceAfter && !strings.ContainsRune(closers, rune(t[0])) {
			f.buf = append(f.buf, ' ')
		}
		b = t
		f.afterCite, f.spaceAfter = false, false
	}
	f.buf = append(f.buf, b...)
}

// cite leaves a citation group out, trimming the space before it.
func (f *flattener) cite(c *cite.Citation) {
	end := len(f.buf)
	for end > f.floor && isSpace(f.buf[end-1]) {
		end--
	}
	if end < len(f.buf) {
		f.spaceAfter = true
	}
	f.buf = f.buf[:end]
	f.marks = append(f.marks, citeMark{at: end, group: c})
	f.afterCite = true
}

// separate writes the separator between two table cells.
func (f *flattener) separate(sep string) {
	f.afterCite, f.spaceAfter = false, false
	f.buf = append(f.buf, sep...)
	f.floor = len(f.buf)
}
