package view

import (
	"strconv"
	"testing"

	"ketref/generator/reflist"
)

// The reference list splits above reflist.PerPage numbers: every
// reference is on exactly one page, in number order, each page's pager
// links every page by the range it holds, and a list of up to PerPage
// references is one page without a pager.
func TestNewRefListPart(t *testing.T) {
	for _, n := range []int{0, 88, reflist.PerPage, reflist.PerPage + 1, 2345} {
		var refs []*RefView
		for i := 1; i <= n; i++ {
			refs = append(refs, &RefView{Number: i})
		}
		first := NewRefListPart(refs, "/r/", 1)
		if want := max(1, (n+reflist.PerPage-1)/reflist.PerPage); first.Count != want {
			t.Errorf("%d references: %d pages, want %d", n, first.Count, want)
		}
		if (first.Count > 1) != (first.Pages != nil) {
			t.Errorf("%d references: pager %v on %d pages", n, first.Pages, first.Count)
		}
		seen := map[int]int{}
		for k := 1; k <= first.Count; k++ {
			p := NewRefListPart(refs, "/r/", k)
			if p.Number != k || p.Total != n {
				t.Errorf("%d references, page %d: Number %d, Total %d", n, k, p.Number, p.Total)
			}
			for i, r := range p.Refs {
				seen[r.Number]++
				if i > 0 && p.Refs[i-1].Number >= r.Number {
					t.Errorf("page %d out of order at %d", k, r.Number)
				}
			}
			if len(p.Refs) > 0 && (p.First != p.Refs[0].Number || p.Last != p.Refs[len(p.Refs)-1].Number) {
				t.Errorf("page %d: range %d–%d", k, p.First, p.Last)
			}
			for j, l := range p.Pages {
				lo, hi := reflist.Range(j + 1)
				want := strconv.Itoa(lo) + "–" + strconv.Itoa(min(hi, n))
				if l.URL != reflist.PagePath("/r/", j+1) || l.Title != want || l.Current != (j+1 == k) {
					t.Errorf("page %d, pager entry %d = %+v, want %s at %s", k, j, l, want, reflist.PagePath("/r/", j+1))
				}
			}
		}
		for i := 1; i <= n; i++ {
			if seen[i] != 1 {
				t.Errorf("%d references: reference %d on %d pages", n, i, seen[i])
			}
		}
	}
}
