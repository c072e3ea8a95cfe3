package site

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// SearchIndexFile is where the search index is written.
const SearchIndexFile = "search-index.json"

// The search index is what the search script loads: the pages, and one
// document per section of text (page text under a heading, a glossary
// term, a reference), each pointing at its page and anchor:
//
//	{"pages":[[title, URL], ...], "docs":[[page index, heading, anchor, text], ...]}
//
// It is the largest file of a big site (107 MB for 10000 pages), so it is
// written straight into a buffer sized up front, with encoding/json's
// escaping (appendJSONString), instead of marshalling boxed values into a
// buffer that doubles and is then copied.
func (b *builder) searchIndex() []byte {
	size := 32
	for _, pg := range b.pages {
		size += len(pg.Meta.Title) + len(pg.href) + len(pg.Meta.Description) + 32
		for _, s := range pg.sections {
			size += len(s.Heading) + len(s.HeadingID) + len(s.Text) + 32
		}
	}
	for _, t := range b.glossary {
		size += len(t.Abbr) + len(t.ID) + len(t.Expansion) + len(t.Note) + 32
	}
	if b.cites != nil {
		for _, v := range b.cites.views {
			size += len(v.Anchor) + len(v.Text) + 48
		}
	}
	out := make([]byte, 0, size+size/8)
	out = append(out, `{"pages":[`...)
	for i, pg := range b.pages {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '[')
		out = appendJSONString(out, pg.Meta.Title)
		out = append(out, ',')
		out = appendJSONString(out, pg.href)
		out = append(out, ']')
	}
	out = append(out, `],"docs":[`...)
	first := true
	doc := func(page int, heading, anchor, text string) {
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, '[')
		out = strconv.AppendInt(out, int64(page), 10)
		out = append(out, ',')
		out = appendJSONString(out, heading)
		out = append(out, ',')
		out = appendJSONString(out, anchor)
		out = append(out, ',')
		out = appendJSONString(out, text)
		out = append(out, ']')
	}
	for i, pg := range b.pages {
		if pg.Meta.Description != "" {
			doc(i, "", "", pg.Meta.Description)
		}
		for _, s := range pg.sections {
			doc(i, s.Heading, s.HeadingID, s.Text)
		}
	}
	for i, pg := range b.pages {
		if pg.layout == "glossary" {
			for _, t := range b.glossary {
				text := t.Expansion
				if t.Note != "" {
					text += ". " + t.Note
				}
				doc(i, t.Abbr, t.ID, text)
			}
		}
	}
	if b.cites != nil && b.cites.list != nil {
		list := slices.Index(b.pages, b.cites.list)
		for _, v := range b.cites.views {
			doc(list, "Reference "+strconv.Itoa(v.Number), v.Anchor, v.Text)
		}
	}
	return append(out, "]}"...)
}

// appendJSONString appends s as a JSON string, escaped exactly as
// encoding/json escapes it by default: quote, backslash and control
// characters, <, > and & (so the index is safe inside HTML), U+2028 and
// U+2029, and invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
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
