// Package suggest finds the known names that an unknown one is probably a
// typo of, for the "did you mean" of error messages: a YAML key, a page
// path, an element id, a citation key.
//
// Distance is the Levenshtein edit distance, in runes. Near returns the
// candidates within a given number of edits, nearest first; candidates at
// the same distance keep their order in the list, so a caller that wants
// ties broken by byte order passes the list sorted. How far counts as a
// typo, and how the suggestion is worded, is the caller's: it differs
// between a three-letter key and a long path.
package suggest

import (
	"slices"
	"unicode/utf8"
)

// Near returns the candidates within max edits of word, nearest first, and
// in their given order at equal distance.
func Near(word string, candidates []string, max int) []string {
	type near struct {
		s    string
		dist int
	}
	var found []near
	n := utf8.RuneCountInString(word)
	for _, c := range candidates {
		// The distance is at least the difference in length: most
		// candidates are ruled out without computing it.
		if diff := utf8.RuneCountInString(c) - n; diff > max || -diff > max {
			continue
		}
		if d := Distance(word, c); d <= max {
			found = append(found, near{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.dist - b.dist })
	out := make([]string, len(found))
	for i, f := range found {
		out[i] = f.s
	}
	return out
}

// Nearest returns the first of Near, or "" when no candidate is within max
// edits.
func Nearest(word string, candidates []string, max int) string {
	if near := Near(word, candidates, max); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Distance is the Levenshtein edit distance between a and b, in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
