package site

import (
	"html/template"
	"path"
	"slices"
	"strconv"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/pool"
	"ketref/generator/suggest"
	"ketref/generator/view"

	"github.com/yuin/goldmark/parser"
)

// reference is one bibliography entry with its number and every place
// that cites it, in reading order.
type reference struct {
	entry  *cite.Entry
	number int
	target *cite.Target
	cited  []citedAt
}

type citedAt struct {
	page *page
	occ  *cite.Occurrence
}

// citations holds the bibliography of a build and what the pages cite.
type citations struct {
	bib   *cite.Bibliography
	byKey map[string]*reference
	byNum []*reference    // in number order
	list  *page           // the reference list page
	file  string          // references.json, for diagnostics
	keys  []string        // every key, sorted, for suggestions
	views []*view.RefView // by number, made once the citations are collected
}

// Resolve implements cite.Resolver.
func (c *citations) Resolve(key string) *cite.Target {
	if r := c.byKey[key]; r != nil {
		return r.target
	}
	return nil
}

// Suggest implements cite.Resolver: the two keys nearest key, within a
// few edits.
func (c *citations) Suggest(key string) []string {
	near := suggest.Near(key, c.keys, max(2, len(key)/4))
	return near[:min(2, len(near))]
}

// setupCitations loads the bibliography and adds the reference list page
// to the site, unless the content has none.
func (b *builder) setupCitations() {
	src, ok := b.site.Data[cite.File]
	if !ok {
		return
	}
	c := &citations{file: path.Join(b.opt.ContentRoot, cite.File), byKey: map[string]*reference{}}
	c.bib = b.loadBibliography(src, c.file)
	for _, e := range c.bib.Entries {
		if e.ID == "" || c.byKey[e.ID] != nil {
			continue
		}
		r := &reference{entry: e}
		c.byKey[e.ID] = r
		c.byNum = append(c.byNum, r)
		c.keys = append(c.keys, e.ID)
	}
	slices.Sort(c.keys) // ties in Suggest go to byte order
	b.cites = c
	b.numberReferences(nil)

	// The reference list: a content page that asks for it, or one made at
	// /references/ at the end of the reading order.
	for _, pg := range b.pages {
		if pg.Meta.Layout == "references" {
			c.list = pg
		}
	}
	if c.list == nil {
		cp := &content.Page{
			Kind: content.Regular, Dir: ".", URL: "/references/", File: c.file,
			Meta:   content.FrontMatter{Title: "References", Description: "Every work the review cites, with links to each place it is cited on this site.", Layout: "references"},
			Parent: b.site.Home, Lines: diag.NewLines(nil),
		}
		if other := b.urls[cp.URL]; other != nil {
			b.diags.Errorf(other.File, 1, 1, "URL /references/ is reserved for the reference list; rename the page or give it `layout: references`")
			return
		}
		b.site.Home.Children = append(b.site.Home.Children, cp)
		cp.Index = len(b.site.Pages)
		b.site.Pages = append(b.site.Pages, cp)
		pg := &page{Page: cp, href: b.route.Href(cp.URL)}
		b.pages = append(b.pages, pg)
		b.bySource[cp] = pg
		b.urls[cp.URL] = pg
		c.list = pg
	}
	for _, r := range c.byNum {
		if other := b.urls[b.referenceURL(r)]; other != nil {
			b.diags.Errorf(other.File, 1, 1, "URL %s is reserved for reference %d", b.referenceURL(r), r.number)
		}
	}
}

// numberReferences gives each reference its number: its position in
// references.json, or with first-cite numbering the order in which the
// keys are first cited (then the uncited, in file order).
func (b *builder) numberReferences(firstCited []string) {
	c := b.cites
	order := c.byNum
	if firstCited != nil {
		order = nil
		seen := map[string]bool{}
		for _, k := range firstCited {
			if r := c.byKey[k]; r != nil && !seen[k] {
				seen[k] = true
				order = append(order, r)
			}
		}
		for _, r := range c.byNum {
			if !seen[r.entry.ID] {
				order = append(order, r)
			}
		}
		c.byNum = order
	}
	for i, r := range order {
		r.number = i + 1
		r.target = &cite.Target{Key: r.entry.ID, Number: r.number, Label: cite.StyleNamed("vancouver").Label(r.entry)}
	}
}

// referenceURL is the site path of a reference's own page.
func (b *builder) referenceURL(r *reference) string {
	list := "/references/"
	if b.cites.list != nil {
		list = b.cites.list.URL
	}
	return list + strconv.Itoa(r.number) + "/"
}

// finishTargets sets where each number links: the entry in the list.
func (b *builder) finishTargets() {
	for _, r := range b.cites.byNum {
		r.target.Href = b.route.Href(b.cites.list.URL) + "#ref-" + strconv.Itoa(r.number)
	}
}

// firstCiteOrder parses every page, without rendering, and returns the keys
// in the order the site cites them.
func (b *builder) firstCiteOrder(conv *markdown.Converter) []string {
	perPage := make([][]string, len(b.pages))
	pool.Run(len(b.pages), func(i int) {
		pg := b.pages[i]
		if pg.Src == nil {
			return
		}
		pc := newContext(b.cites)
		conv.Parse(markdown.Document{Source: pg.Body, Context: pc})
		for _, o := range cite.Occurrences(pc) {
			perPage[i] = append(perPage[i], o.Keys...)
		}
	}, b.pageFailed)
	var all []string
	for _, keys := range perPage {
		all = append(all, keys...)
	}
	return all
}

// collectCitations gives every reference its view with each place that
// cites it (reused from the last build when no citation, title or reference
// changed); it warns of references no page cites.
func (b *builder) collectCitations() {
	key := uint64(0)
	if p := b.proj; p != nil {
		h := b.hasher()
		h.WriteString(strconv.FormatUint(b.renderKey, 16) + "/" + strconv.FormatUint(b.citationsKey(), 16))
		key = h.Sum64()
		if p.views != nil && p.viewsKey == key {
			b.cites.views = p.views
			for _, d := range p.viewsDiag {
				b.diags.Add(d)
			}
			return
		}
	}
	for _, pg := range b.pages {
		for oi := range pg.occurrences {
			o := &pg.occurrences[oi]
			for ki, k := range o.Keys {
				if r := b.cites.byKey[k]; r != nil && !slices.Contains(o.Keys[:ki], k) {
					r.cited = append(r.cited, citedAt{page: pg, occ: o})
				}
			}
		}
	}
	var local diag.List
	for _, r := range b.cites.byNum {
		if len(r.cited) == 0 {
			line, col := b.cites.bib.Position(r.entry)
			local.Warnf(b.cites.file, line, col, "reference %d (%s) is never cited; cite it with [@%s] or remove it", r.number, r.entry.ID, r.entry.ID)
		}
		v := b.refView(r)
		b.cites.views = append(b.cites.views, &v)
	}
	for _, d := range local.Sorted() {
		b.diags.Add(d)
	}
	if p := b.proj; p != nil {
		p.views, p.viewsKey, p.viewsDiag = b.cites.views, key, local.Sorted()
	}
}

// citedBy lists the references pg cites, by number. It is called when
// the page is rendered: a Project build that reuses a page's render does not
// need it.
func (b *builder) citedBy(pg *page) {
	pg.cited = nil
	if b.cites == nil {
		return
	}
	for _, o := range pg.occurrences {
		for _, k := range o.Keys {
			if r := b.cites.byKey[k]; r != nil {
				pg.cited = append(pg.cited, r)
			}
		}
	}
	slices.SortFunc(pg.cited, func(a, b *reference) int { return a.number - b.number })
	pg.cited = slices.Compact(pg.cited)
}

// entryViews are the views of the references before any citation is
// collected (no CitedAt), for the pages a one-off build renders while it
// converts.
func (b *builder) entryViews() []*view.RefView {
	if b.cites == nil {
		return nil
	}
	views := make([]*view.RefView, len(b.cites.byNum))
	for i, r := range b.cites.byNum {
		v := b.refView(r)
		views[i] = &v
	}
	return views
}

// entryView is the part of a reference's view that depends on its entry
// alone; a Project keeps it between builds.
type entryView struct {
	html, text, label, meta string
	lookups                 []cite.Lookup
}

func (b *builder) entryView(e *cite.Entry) *entryView { return b.bibs.entry(e) }

func (b *builder) refView(r *reference) view.RefView {
	e := r.entry
	ev := b.entryView(e)
	cites := make([]view.Cite, len(r.cited))
	for i, c := range r.cited {
		cites[i] = view.Cite{Href: c.page.href, Title: c.page.ShortTitle(), Occ: c.occ}
	}
	return view.NewRef(view.RefView{
		Number: r.number, Key: e.ID, Anchor: "ref-" + strconv.Itoa(r.number),
		HTML: template.HTML(ev.html), Text: ev.text, Label: ev.label,
		URL: b.route.Href(b.referenceURL(r)), ListURL: r.target.Href, Lookups: ev.lookups,
		Meta: ev.meta,
	}, cites)
}

// noBibliography resolves nothing: a site without references.json.
type noBibliography struct{}

func (noBibliography) Resolve(string) *cite.Target { return nil }
func (noBibliography) Suggest(string) []string     { return nil }

func newContext(c *citations) parser.Context {
	pc := parser.NewContext()
	if c != nil {
		cite.Use(pc, c)
	} else {
		cite.Use(pc, noBibliography{})
	}
	return pc
}

func (b *builder) viewOf(r *reference) *view.RefView { return b.cites.views[r.number-1] }

// loadBibliography parses references.json, or reuses the last build's
// parse when its bytes are unchanged (see bibCache).
func (b *builder) loadBibliography(src []byte, file string) *cite.Bibliography {
	if b.bibs == nil {
		b.bibs = &bibCache{}
	}
	return b.bibs.load(src, file, b.diags)
}
