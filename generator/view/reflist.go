package view

import (
	"strconv"

	"ketref/generator/reflist"
)

// RefListPart is one page of the reference list, which package reflist
// splits into pages of at most reflist.PerPage numbers.
type RefListPart struct {
	// Number is this page (1, 2, ...) of Count.
	Number, Count int
	// First and Last are the lowest and highest reference numbers on it;
	// Total is the number of references in the whole list.
	First, Last, Total int
	// Refs are the references on this page, by number.
	Refs []*RefView
	// Pages links every page of the list, by the range of numbers it
	// holds ("501–1000"), this one marked Current; nil when there is one.
	Pages []ListPageLink
}

// ListPageLink is a page of the reference list in its pager.
type ListPageLink struct {
	Link
	Current bool
}

// NewRefListPart is page k of the list at listHref (its href, "/references/")
// of the references refs, in number order. A k beyond the last page is the
// last page.
func NewRefListPart(refs []*RefView, listHref string, k int) *RefListPart {
	highest := 0
	if len(refs) > 0 {
		highest = refs[len(refs)-1].Number
	}
	p := &RefListPart{Count: reflist.Pages(highest), Total: len(refs)}
	p.Number = min(max(k, 1), p.Count)
	lo, hi := reflist.Range(p.Number)
	for _, r := range refs {
		if lo <= r.Number && r.Number <= hi {
			p.Refs = append(p.Refs, r)
		}
	}
	if len(p.Refs) > 0 {
		p.First, p.Last = p.Refs[0].Number, p.Refs[len(p.Refs)-1].Number
	}
	if p.Count > 1 {
		for i := 1; i <= p.Count; i++ {
			first, last := reflist.Range(i)
			title := strconv.Itoa(first) + "–" + strconv.Itoa(min(last, highest))
			p.Pages = append(p.Pages, ListPageLink{Link{Title: title, URL: reflist.PagePath(listHref, i)}, i == p.Number})
		}
	}
	return p
}

// RefNeighbours are the links to the references before and after refs[i]
// ("Reference 7"), nil at either end, for the pager of a reference's page.
func RefNeighbours(refs []*RefView, i int) (prev, next *Link) {
	if i > 0 {
		prev = &Link{Title: "Reference " + strconv.Itoa(refs[i-1].Number), URL: refs[i-1].URL}
	}
	if i+1 < len(refs) {
		next = &Link{Title: "Reference " + strconv.Itoa(refs[i+1].Number), URL: refs[i+1].URL}
	}
	return prev, next
}

// OpenNotCurrent marks the entry of nav at url open rather than current:
// a reference's page sits under the reference list without being it.
func OpenNotCurrent(nav []NavItem, url string) {
	for j := range nav {
		if nav[j].URL == url {
			nav[j].Current, nav[j].Open = false, true
		}
	}
}
