package output

import "bytes"

const placeholderMark = "__ketref_asset__"

// Placeholder is what a preview build writes for the URL of the static
// asset source ("style.css"): plain URL characters, which html/template
// leaves as they are.
func Placeholder(source string) string { return placeholderMark + source + "__" }

// Fill replaces every placeholder in b by its URL in urls (source path to
// URL), and leaves one whose source urls lacks as it is. Without any to
// fill it returns b itself, so the caller must not change what it returns.
func Fill(b []byte, urls map[string]string) []byte {
	mark := []byte(placeholderMark)
	i := bytes.Index(b, mark)
	if i < 0 || len(urls) == 0 {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for i >= 0 {
		out = append(out, b[:i]...)
		rest := b[i+len(mark):]
		end := bytes.Index(rest, []byte("__"))
		if end < 0 {
			return append(out, b[i:]...)
		}
		if u, ok := urls[string(rest[:end])]; ok {
			out = append(out, u...)
		} else {
			out = append(out, b[i:i+len(mark)+end+2]...)
		}
		b = rest[end+2:]
		i = bytes.Index(b, mark)
	}
	return append(out, b...)
}
