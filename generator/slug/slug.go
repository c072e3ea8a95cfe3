// Package slug makes the element ids that the generator derives from text:
// figure ids from their titles ("fig-bioavailability-by-route"), glossary
// anchors from abbreviations ("term-star-d").
//
// Make lowercases the text and keeps the ASCII letters and digits. Spaces,
// punctuation and symbols separate words: a run of them becomes one dash,
// and none is written at the start or the end. Letters and digits outside
// ASCII are dropped, but still end a run of separators (which never makes
// two dashes in a row), so "TNF-α" is "tnf-": an id must not change while a page links to it, and this is the
// anchor the glossary has always given that term.
//
// Heading ids are not made here: goldmark makes them (see package
// markdown), and authors set their own with {#id}.
package slug

import (
	"strings"
	"unicode"
)

// Make returns the slug of s (see the package doc); "" when s has no
// letter or digit.
func Make(s string) string {
	var b strings.Builder
	pending := false // a separator was seen since the last word character
	dash := false    // the last byte written is a dash
	for _, r := range strings.ToLower(s) {
		ascii := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if !ascii && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
		pending = false
		if ascii {
			b.WriteRune(r)
			dash = false
		}
	}
	return b.String()
}
