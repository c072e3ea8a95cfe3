package site

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"ketref/generator/anchors"
	"ketref/generator/markdown"
	"ketref/generator/suggest"
	"ketref/generator/view"
)

// resolve maps a link as written in pg to the URL to emit. Links to other
// pages are written as relative paths to their .md files; links to files
// under content/ as relative paths to the file. Fragments are recorded and
// checked once every page is converted.
func (b *builder) resolve(pg *page, l markdown.Link) (string, *fragmentCheck, error) {
	dest := l.Dest
	if dest == "" {
		return "", nil, fmt.Errorf("empty link destination; write [text](page.md)")
	}
	if u, err := url.Parse(dest); err == nil && (u.Scheme != "" || strings.HasPrefix(dest, "//")) {
		return dest, nil, nil // external: http:, https:, mailto:, ...
	}
	rawPath, frag, _ := strings.Cut(dest, "#")
	if rawPath == "" {
		return dest, &fragmentCheck{target: pg, id: frag, offset: l.Offset, dest: dest}, nil
	}
	p, err := url.PathUnescape(rawPath)
	if err != nil {
		return "", nil, fmt.Errorf("link %q is not a valid path: %v", dest, err)
	}
	var target string
	if strings.HasPrefix(p, "/") {
		target = strings.TrimPrefix(path.Clean(p), "/")
	} else {
		target = path.Join(pg.Dir, p)
	}
	if target == "" {
		target = "."
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return "", nil, fmt.Errorf("link %q leaves the content folder", dest)
	}
	withFrag := func(u string) string {
		if frag != "" {
			return u + "#" + frag
		}
		return u
	}
	check := func(to *page) *fragmentCheck {
		if frag == "" {
			return nil
		}
		return &fragmentCheck{target: to, id: frag, offset: l.Offset, dest: dest}
	}

	if strings.HasSuffix(target, ".md") {
		cp := b.site.BySource[target]
		if cp == nil {
			return "", nil, fmt.Errorf("link %q points to %s/%s, which does not exist%s", dest, b.opt.ContentRoot, target, b.nearestSource(target))
		}
		to := b.bySource[cp]
		return withFrag(b.route.Href(to.URL)), check(to), nil
	}
	if cp := b.site.BySource[strings.TrimSuffix(target, "/")]; cp != nil && cp.IsSection() {
		to := b.bySource[cp]
		return withFrag(b.route.Href(to.URL)), check(to), nil
	}
	if b.hasFile(target) {
		return withFrag(b.route.Href(target)), nil, nil
	}
	if to := b.urls["/"+strings.Trim(target, "/")+"/"]; to != nil && strings.HasPrefix(p, "/") {
		return withFrag(b.route.Href(to.URL)), check(to), nil
	}
	what := "page or file"
	if l.Image {
		what = "image"
	}
	return "", nil, fmt.Errorf("link %q points to %s/%s, which is no %s in the content folder; link to pages by their .md file%s", dest, b.opt.ContentRoot, target, what, b.nearestSource(target+".md"))
}

func (b *builder) hasFile(p string) bool {
	i := sort.SearchStrings(b.site.Files, p)
	return i < len(b.site.Files) && b.site.Files[i] == p
}

// nearestSource suggests the page whose path is closest to a missing one.
func (b *builder) nearestSource(missing string) string {
	var sources []string
	for src, cp := range b.site.BySource {
		if cp.Source == src { // not a section folder's key
			sources = append(sources, src)
		}
	}
	sort.Strings(sources)
	best := suggest.Nearest(missing, sources, len(missing)/2)
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", best)
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
