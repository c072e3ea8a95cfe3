package view

import (
	"fmt"

	"ketref/generator/content"
	"ketref/generator/route"
)

// PageLink is the link to a content page: its short title and its URL
// under the site's base path.
func PageLink(r *route.Router, cp *content.Page) Link {
	return Link{Title: cp.ShortTitle(), URL: r.Href(cp.URL)}
}

// navWindow bounds how many entries around the open one the navigation
// lists at the top level, so that navigation rendered into every page stays
// linear in the number of pages instead of quadratic on a large site.
const navWindow = 30

// navLong is the most pages a section below the top level may have and
// still be listed in full in the navigation of the pages inside it; a
// longer section shows the current page with navNear neighbours on either
// side and links to the section for the rest. A section of 50 pages listed
// in full was 2.85 KB of every one of its pages (issue #19); its own page
// lists all of them ("In this section"), and the pager walks them in order.
const (
	navLong = 12
	navNear = 3
)

// Nav builds the navigation of the page cur in the page tree under home:
// home, every top-level entry (at most navWindow on either side of the one
// on the way to cur), and the children of each section on the way down to
// cur (all of them up to navLong, else navNear on either side of cur's
// entry), with a link to the section for the entries left out.
func Nav(home, cur *content.Page, r *route.Router) []NavItem {
	open := map[*content.Page]bool{cur: true}
	for _, a := range cur.Ancestors() {
		open[a] = true
	}
	var items func(sec *content.Page) []NavItem
	items = func(sec *content.Page) []NavItem {
		children := sec.Children
		near := navWindow
		if sec != home && len(children) > navLong {
			near = navNear
		}
		lo, hi := 0, len(children)
		if len(children) > 2*near+1 {
			at := 0
			for i, c := range children {
				if open[c] {
					at = i
				}
			}
			lo, hi = max(0, at-near), min(len(children), at+near+1)
		}
		var out []NavItem
		if lo > 0 {
			out = append(out, NavItem{Link: Link{Title: fmt.Sprintf("… %d more in %s", lo, sec.Meta.Title), URL: r.Href(sec.URL)}})
		}
		for _, c := range children[lo:hi] {
			it := NavItem{Link: PageLink(r, c), Current: c == cur, Open: open[c] && c != cur, Section: c.IsSection()}
			if c.IsSection() && open[c] {
				it.Children = items(c)
			}
			out = append(out, it)
		}
		if hi < len(children) {
			out = append(out, NavItem{Link: Link{Title: fmt.Sprintf("… %d more in %s", len(children)-hi, sec.Meta.Title), URL: r.Href(sec.URL)}})
		}
		return out
	}
	h := NavItem{Link: PageLink(r, home), Current: cur == home}
	return append([]NavItem{h}, items(home)...)
}
