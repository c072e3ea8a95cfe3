package changes

import (
	"unicode"
	"unicode/utf8"
)

// OpKind says which side of a word diff an Op belongs to.
type OpKind byte

// The kinds of Op.
const (
	Equal  OpKind = '=' // in both texts
	Delete OpKind = '-' // only in the old text
	Insert OpKind = '+' // only in the new text
)

// Op is one step of a word diff. Text includes the spacing that follows a
// word, so that the Equal and Delete texts, concatenated in order, give the
// old text exactly and the Equal and Insert texts give the new text.
type Op struct {
	Kind OpKind
	Text string
}

// maxDiffCells bounds the table of the word diff (old words times new
// words, after the common start and end are set aside); beyond it the
// differing middle is reported as one deletion and one insertion rather
// than spending memory on texts no reader would compare word by word.
const maxDiffCells = 1 << 20

// Words returns the word diff of old -> new: the longest common
// subsequence of words, with adjacent ops of a kind merged and, between two
// Equal ops, the deletion before the insertion. A word whose following
// spacing differs is Equal, followed by the deleted and inserted spacing.
func Words(old, new string) []Op {
	a, b := splitWords(old), splitWords(new)
	var d diffBuilder
	start := 0
	for start < len(a) && start < len(b) && a[start].word == b[start].word {
		start++
	}
	endA, endB := len(a), len(b)
	for endA > start && endB > start && a[endA-1].word == b[endB-1].word {
		endA--
		endB--
	}
	for i := 0; i < start; i++ {
		d.same(a[i], b[i])
	}
	d.middle(a[start:endA], b[start:endB])
	for i := 0; endA+i < len(a); i++ {
		d.same(a[endA+i], b[endB+i])
	}
	return d.finish()
}

// wordToken is a word and the spacing that follows it; text that starts
// with spacing gives a first token with an empty word.
type wordToken struct{ word, space string }

func (t wordToken) text() string { return t.word + t.space }

func splitWords(s string) []wordToken {
	var toks []wordToken
	i := 0
	for i < len(s) {
		start := i
		for i < len(s) && !spaceAt(s, i) {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		}
		wordEnd := i
		for i < len(s) && spaceAt(s, i) {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		}
		toks = append(toks, wordToken{s[start:wordEnd], s[wordEnd:i]})
	}
	return toks
}

func spaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// diffBuilder gathers ops, holding back deletions and insertions until the
// next Equal so that each change reads as "old words, then new words".
type diffBuilder struct {
	ops      []Op
	del, ins []byte
}

func (d *diffBuilder) same(a, b wordToken) {
	if a.space == b.space {
		d.equal(a.text())
		return
	}
	d.equal(a.word)
	d.del = append(d.del, a.space...)
	d.ins = append(d.ins, b.space...)
}

func (d *diffBuilder) equal(text string) {
	if text == "" {
		return
	}
	d.flush()
	if n := len(d.ops); n > 0 && d.ops[n-1].Kind == Equal {
		d.ops[n-1].Text += text
		return
	}
	d.ops = append(d.ops, Op{Equal, text})
}

func (d *diffBuilder) flush() {
	if len(d.del) > 0 {
		d.ops = append(d.ops, Op{Delete, string(d.del)})
		d.del = d.del[:0]
	}
	if len(d.ins) > 0 {
		d.ops = append(d.ops, Op{Insert, string(d.ins)})
		d.ins = d.ins[:0]
	}
}

func (d *diffBuilder) finish() []Op {
	d.flush()
	return d.ops
}

// middle diffs the part of the texts between their common start and end
// with the classic longest-common-subsequence table over the suffixes.
func (d *diffBuilder) middle(a, b []wordToken) {
	if len(a)*len(b) > maxDiffCells {
		for _, t := range a {
			d.del = append(d.del, t.text()...)
		}
		for _, t := range b {
			d.ins = append(d.ins, t.text()...)
		}
		return
	}
	width := len(b) + 1
	table := make([]int32, (len(a)+1)*width)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i].word == b[j].word {
				table[i*width+j] = table[(i+1)*width+j+1] + 1
			} else {
				table[i*width+j] = max(table[(i+1)*width+j], table[i*width+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].word == b[j].word:
			d.same(a[i], b[j])
			i++
			j++
		case table[(i+1)*width+j] >= table[i*width+j+1]:
			d.del = append(d.del, a[i].text()...)
			i++
		default:
			d.ins = append(d.ins, b[j].text()...)
			j++
		}
	}
	for ; i < len(a); i++ {
		d.del = append(d.del, a[i].text()...)
	}
	for ; j < len(b); j++ {
		d.ins = append(d.ins, b[j].text()...)
	}
}
