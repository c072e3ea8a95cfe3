// Package frontmatter splits a Markdown page into its YAML front matter and
// its body.
//
// Front matter is optional. When present it starts on the first line with
// "---" (after an optional UTF-8 byte order mark) and ends at the next line
// that is exactly "---" or "...". Split never fails on a page without front
// matter; it fails only when a block is opened and never closed.
package frontmatter

import (
	"bytes"
	"errors"
)

// Parts locates the two halves of a page within its source.
type Parts struct {
	// YAML is the front matter text, without its fences; nil when absent.
	YAML []byte
	// YAMLLine is the 1-based line of the first YAML line in the file.
	YAMLLine int
	// Body is the Markdown after the closing fence (or the whole page).
	Body []byte
	// BodyOffset is the byte offset of Body within the source, so that
	// positions in the body can be reported in file terms.
	BodyOffset int
}

// ErrUnterminated reports a front matter block that is opened but not closed.
var ErrUnterminated = errors.New(`front matter opened with "---" on line 1 is never closed; add a line "---" after the last key`)

var bom = []byte("\xEF\xBB\xBF")

// Split separates front matter from body.
func Split(src []byte) (Parts, error) {
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	first, rest, ok := cutLine(src[start:])
	if !ok && len(first) == 0 || !isFence(first, "---") {
		return Parts{Body: src[start:], BodyOffset: start}, nil
	}
	yamlStart := start + len(src[start:]) - len(rest)
	pos := yamlStart
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if isFence(line, "---") || isFence(line, "...") {
			bodyStart := len(src) - len(next)
			return Parts{YAML: src[yamlStart:pos], YAMLLine: 2, Body: src[bodyStart:], BodyOffset: bodyStart}, nil
		}
		pos += len(rest) - len(next)
		rest = next
	}
	return Parts{}, ErrUnterminated
}

// cutLine returns the first line of b without its line ending, the rest
// after it, and whether a line ending was found.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return b[:i], b[i+1:], true
}

func isFence(line []byte, fence string) bool {
	line = bytes.TrimRight(line, " \t\r")
	return string(line) == fence
}
