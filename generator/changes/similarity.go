package changes

import (
	"slices"
	"strings"
	"unicode"
)

// Thresholds of similarity (2 * common words / total words).
const (
	pairSimilarity  = 0.5 // one old claim and one new claim
	groupSimilarity = 0.6 // one claim and 2 or 3 consecutive ones joined
)

// vocabulary numbers the normalised words of one comparison so that the
// similarity of two claims compares integers. It lives for one Compare.
type vocabulary map[string]int32

// tokens returns the words of text, lower-cased and without surrounding
// punctuation, so that "Ketamine," and "ketamine" are the same word and the
// " | " between table cells is no word at all.
func (v vocabulary) tokens(text string) []int32 {
	var out []int32
	for _, field := range strings.FieldsFunc(text, unicode.IsSpace) {
		w := strings.ToLower(strings.TrimFunc(field, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}))
		if w == "" {
			continue
		}
		id, ok := v[w]
		if !ok {
			id = int32(len(v))
			v[w] = id
		}
		out = append(out, id)
	}
	return out
}

// similarity is 2 * (length of the longest common subsequence) / (total
// length): 1 for the same words, 0 for none in common. It returns 0 without
// computing when the lengths alone rule out reaching atLeast.
func similarity(a, b []int32, atLeast float64) float64 {
	total := len(a) + len(b)
	if total == 0 {
		return 1
	}
	if float64(2*min(len(a), len(b)))/float64(total) < atLeast {
		return 0
	}
	return float64(2*commonLength(a, b)) / float64(total)
}

// commonLength is the length of the longest common subsequence of a and b,
// computed with two rows.
func commonLength(a, b []int32) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// claimWords is the words of a claim in order, and sorted: the sorted bag
// bounds the words in common cheaply (no more than the bags share), which
// spares the subsequence for most pairs of unrelated claims.
type claimWords struct{ seq, bag []int32 }

func newClaimWords(seq []int32) claimWords {
	bag := slices.Clone(seq)
	slices.Sort(bag)
	return claimWords{seq, bag}
}

// similarity is the similarity of w to others joined, or 0 when it cannot
// reach atLeast.
func (w claimWords) similarity(atLeast float64, others ...claimWords) float64 {
	total, shared := len(w.seq), 0
	for _, o := range others {
		total += len(o.seq)
		shared += bagsShare(w.bag, o.bag)
	}
	if total == 0 {
		return 1
	}
	if float64(2*shared)/float64(total) < atLeast {
		return 0
	}
	joined := others[0].seq
	if len(others) > 1 {
		joined = nil
		for _, o := range others {
			joined = append(joined, o.seq...)
		}
	}
	return similarity(w.seq, joined, atLeast)
}

// bagsShare counts the words two sorted bags have in common, with
// repetition.
func bagsShare(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}
