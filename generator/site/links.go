package site

import (
	"bytes"
	"strings"

	"ketref/generator/anchors"
	"ketref/generator/content"
	"ketref/generator/markdown"
	"ketref/generator/view"
)

// resolve maps a link as written in pg to the URL to emit (see
// content.Site.Resolve); a fragment is recorded and checked once every
// page is converted.
func (b *builder) resolve(pg *page, l markdown.Link) (string, *fragmentCheck, error) {
	t, err := b.site.Resolve(pg.Page, l.Dest, l.Image, b.opt.ContentRoot, func(u string) *content.Page {
		if to := b.urls[u]; to != nil {
			return to.Page
		}
		return nil
	})
	switch {
	case err != nil:
		return "", nil, err
	case t.External != "":
		return t.External, nil, nil
	}
	href := b.route.Href(t.File)
	var check *fragmentCheck
	if t.Page != nil {
		to := b.bySource[t.Page]
		if to == nil {
			to = b.urls[t.Page.URL]
		}
		href = b.route.Href(to.URL)
		if t.Fragment != "" {
			check = &fragmentCheck{target: to, id: t.Fragment, offset: l.Offset, dest: l.Dest}
		}
	}
	if t.Fragment != "" {
		href += "#" + t.Fragment
	}
	if t.Page == pg.Page && !strings.Contains(l.Dest, "/") && strings.HasPrefix(l.Dest, "#") {
		href = l.Dest // a fragment of the page itself, as written
	}
	return href, check, nil
}

// checkFragments reports links to ids that their target page lacks. Ids
// come from the page's Markdown; on a miss the target page's template output
// is searched too, since layouts add ids of their own (glossary entries,
// reference lists).
func (b *builder) checkFragments() {
	rendered := map[*page]map[string]bool{}
	for _, pg := range b.pages {
		for _, c := range pg.checks {
			// A page that could not be converted has no ids to check
			// against; its own error is the one to fix.
			if c.target.ids.Has(c.id) || c.target.unconverted {
				continue
			}
			ids, ok := rendered[c.target]
			if !ok {
				ids = b.templateIDs(c.target)
				rendered[c.target] = ids
			}
			if ids[c.id] {
				continue
			}
			line, col := c.line, c.col
			where := "this page"
			if c.target != pg {
				where = c.target.File
			}
			b.diags.Errorf(pg.File, line, col, "link %q: %s has no heading or element with id %q%s", c.dest, where, c.id, anchors.Hint(c.id, c.target.ids))
		}
	}
}

// templateIDs renders pg and returns the ids in the result; nil when the
// theme cannot render it (its errors are reported elsewhere).
func (b *builder) templateIDs(pg *page) map[string]bool {
	if !b.theme.HasLayout(pg.layout) {
		return nil
	}
	var views []*view.RefView
	if b.cites != nil {
		views = b.cites.views
	}
	var buf bytes.Buffer
	if err := b.theme.Execute(&buf, pg.layout, view.View{Site: b.siteView(), Page: b.pageView(pg, views)}, b.opt.Templates); err != nil {
		return nil
	}
	ids := map[string]bool{}
	anchors.Scan(buf.Bytes(), func(id string) { ids[id] = true })
	return ids
}
