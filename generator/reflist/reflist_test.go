package reflist

import "testing"

func TestHref(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{1, "/references/#ref-1"},
		{88, "/references/#ref-88"},
		{PerPage, "/references/#ref-500"},
		{PerPage + 1, "/references/page/2/#ref-501"},
		{2 * PerPage, "/references/page/2/#ref-1000"},
		{4999, "/references/page/10/#ref-4999"},
	} {
		if got := Href("/references/", c.n); got != c.want {
			t.Errorf("Href(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// Every number is on exactly one page, the page whose range holds it.
func TestPagesCoverEveryNumberOnce(t *testing.T) {
	for _, highest := range []int{1, 88, PerPage, PerPage + 1, 5000, 5001} {
		seen := 0
		for k := 1; k <= Pages(highest); k++ {
			first, last := Range(k)
			for n := first; n <= min(last, highest); n++ {
				if PageOf(n) != k {
					t.Errorf("PageOf(%d) = %d, but page %d's range holds it", n, PageOf(n), k)
				}
				seen++
			}
		}
		if seen != highest {
			t.Errorf("highest %d: the pages hold %d numbers", highest, seen)
		}
	}
	if got := PagePath("/base/references/", 1); got != "/base/references/" {
		t.Errorf("page 1 = %q", got)
	}
}
