// Package jsonstr appends a Go string to a byte slice as a JSON string,
// escaped exactly as encoding/json escapes it by default, for the JSON the
// site writes by hand (the search index, the calculators' reference index):
// quote, backslash and control characters, <, > and & (so the JSON is safe
// inside HTML), U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
// FuzzAppend compares it with encoding/json byte for byte.
package jsonstr

import "unicode/utf8"

// Append appends s to dst as a JSON string. It stays, instead of
// json.Marshal, because it matters: encoding a page's sections for the
// search index (search.BenchmarkSections, 46 KB of mostly ASCII text) took
// 265 µs, 54 KB and 21 allocations with it against 790 µs, 110 KB and 101
// allocations with json.Marshal (medians of 5 runs on 2 cores shared with
// other builds; half the bytes and a fifth of the allocations whatever the
// load), and the index of the 10000-page corpus is 107 MB.
func Append(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
