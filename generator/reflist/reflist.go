// Package reflist says how a site's reference list is split into pages,
// and so where each reference's entry is.
//
// The contract:
//   - Reference numbers 1..PerPage are on the list's own page, the next
//     PerPage on its page 2, and so on: page k holds the numbers
//     (k-1)*PerPage+1 .. k*PerPage. A list whose highest number is at most
//     PerPage (the review's 88) is one page, as it always was.
//   - Page 1 is the list's own address ("/references/"); page k > 1 is
//     that address + "page/k/" ("/references/page/2/"), which no reference's
//     own page ("/references/N/") can take.
//   - Href(list, n) is the entry of reference n ("/references/page/2/#ref-612"):
//     every link to an entry of the list must be made with it (or, in a
//     script, with the same arithmetic).
//
// Why a fixed number per page: an entry of the list is about 700 bytes,
// so 500 of them keep a page near 350 KB, under the 500 KB a page may
// weigh (issue #19), whatever the size of the bibliography.
package reflist

import "strconv"

// PerPage is the most references one page of the list holds.
const PerPage = 500

// PageOf is the page (1, 2, ...) of the list that holds reference n.
func PageOf(n int) int {
	if n < 1 {
		return 1
	}
	return (n-1)/PerPage + 1
}

// Pages is the number of pages of a list whose highest number is highest
// (at least 1).
func Pages(highest int) int { return PageOf(highest) }

// Range is the first and last reference number page k may hold.
func Range(k int) (first, last int) { return (k-1)*PerPage + 1, k * PerPage }

// PagePath is the address of page k of the list at list, a path or URL
// ending in "/": list itself for page 1.
func PagePath(list string, k int) string {
	if k <= 1 {
		return list
	}
	return list + "page/" + strconv.Itoa(k) + "/"
}

// Href is the address of reference n's entry in the list at list.
func Href(list string, n int) string {
	return PagePath(list, PageOf(n)) + "#ref-" + strconv.Itoa(n)
}

// Paths is the addresses of every page of the list at list whose highest
// number is highest: list first.
func Paths(list string, highest int) []string {
	out := make([]string, Pages(highest))
	for i := range out {
		out[i] = PagePath(list, i+1)
	}
	return out
}
