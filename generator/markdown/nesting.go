package markdown

import "fmt"

// MaxNesting bounds how deeply list items and block quotes may nest.
// goldmark's time grows faster than the input on deep nesting (100000
// nested `- ` took 25 s, 1 MB of `>` did not finish in 300 s), and the
// preview cannot start its next build while one runs; no page written by
// hand comes near 100 levels.
const MaxNesting = 100

// tooDeep scans src once, before goldmark sees it, and returns the offset
// of the first list marker or `>` that opens level MaxNesting+1, or -1.
//
// A line's depth is the list items its indentation keeps it in (items
// opened on earlier lines whose content starts at or before the line's
// indentation) plus the `>` and list markers that open the line, one after
// another. Lines inside fenced code count nothing. It is a cheap reading
// of CommonMark's container rules, exact for the pathological cases (one
// line of markers, indented lists) and never below goldmark's own depth
// for lists that are not inside block quotes.
func tooDeep(src []byte) int {
	var items []int // content column of each open list item
	var fence byte  // the fence character while inside fenced code
	fenceLen := 0
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := src[start:end]
		i, col := 0, 0
		indent := func() {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				if line[i] == '\t' {
					col += 4 - col%4
				} else {
					col++
				}
				i++
			}
		}
		indent()
		if i == len(line) {
			start = end + 1
			continue // a blank line closes no list item
		}
		if fence != 0 {
			if n := run(line[i:], fence); n >= fenceLen {
				fence = 0
			}
			start = end + 1
			continue
		}
		for len(items) > 0 && items[len(items)-1] > col {
			items = items[:len(items)-1]
		}
		depth := len(items)
		base := 0
		if len(items) > 0 {
			base = items[len(items)-1]
		}
		for i < len(line) && col-base < 4 {
			at := i
			if line[i] == '>' {
				i++
				col++
				if i < len(line) && line[i] == ' ' {
					i++
					col++
				}
			} else if n := listMarker(line[i:]); n > 0 {
				i += n
				col += n
				indent()
				items = append(items, col)
			} else {
				if c := line[i]; c == '`' || c == '~' {
					if n := run(line[i:], c); n >= 3 {
						fence, fenceLen = c, n
					}
				}
				break
			}
			depth++
			if depth > MaxNesting {
				return start + at
			}
			base = col
			indent()
		}
		start = end + 1
	}
	return -1
}

// run counts the leading bytes of s equal to c.
func run(s []byte, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// listMarker returns the length of the bullet (`-`, `+`, `*`) or ordered
// marker (`1.`, `1)`, up to nine digits) that starts s and is followed by
// a space, a tab or the end of the line; 0 for none.
func listMarker(s []byte) int {
	n := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'):
		n = 1
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// pathological reports input that would make goldmark slow, before it
// sees it: nesting beyond MaxNesting, or a paragraph beyond the inline
// limits.
func pathological(src []byte) (Problem, bool) {
	if at := tooDeep(src); at >= 0 {
		return Problem{Offset: at, Msg: fmt.Sprintf("lists and block quotes nest more than %d deep here; the limit keeps the build fast: flatten the structure (split the list, or use headings)", MaxNesting)}, true
	}
	if at, what := tooManyInline(src); at >= 0 {
		return Problem{Offset: at, Msg: what + "; the limit keeps the build fast"}, true
	}
	return Problem{}, false
}

// Inline limits, per paragraph (lines between blank lines, outside fenced
// code). goldmark's time grows with the square of both: 40000 `*_` pairs
// in one paragraph took 0.16 s and 80000 four times that; 40000 link
// reference definitions in a row took 4.5 s, 80000 over 20 s.
const (
	// MaxDelimiters bounds the emphasis characters (`*`, `_`).
	MaxDelimiters = 10000
	// MaxDefinitions bounds the consecutive lines that open with `[`,
	// as link reference definitions do.
	MaxDefinitions = 1000
)

// tooManyInline scans src once and returns the offset of the first `*` or
// `_`, or line opening with `[`, beyond its limit in one paragraph, and
// what it is; -1 when there is none.
func tooManyInline(src []byte) (int, string) {
	var fence byte
	fenceLen, delims, defs := 0, 0, 0
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := src[start:end]
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
			i++
		}
		switch {
		case i == len(line):
			delims, defs = 0, 0
		case fence != 0:
			if run(line[i:], fence) >= fenceLen {
				fence = 0
			}
		case (line[i] == '`' || line[i] == '~') && run(line[i:], line[i]) >= 3:
			fence, fenceLen = line[i], run(line[i:], line[i])
			delims, defs = 0, 0
		default:
			if line[i] == '[' {
				if defs++; defs > MaxDefinitions {
					return start + i, fmt.Sprintf("more than %d lines in a row open with \"[\" (link reference definitions); put a blank line between groups of them", MaxDefinitions)
				}
			} else {
				defs = 0
			}
			for j, c := range line {
				if c == '*' || c == '_' {
					if delims++; delims > MaxDelimiters {
						return start + j, fmt.Sprintf("this paragraph has more than %d emphasis characters (* and _); split it with blank lines, or put the text in a code block", MaxDelimiters)
					}
				}
			}
		}
		start = end + 1
	}
	return -1, ""
}
