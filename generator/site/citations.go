package site

import (
	"html/template"
	"path"
	"strconv"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/pool"
	"ketref/generator/refs"
	"ketref/generator/view"

	"github.com/yuin/goldmark/parser"
)

// citations is the build's bibliography (package refs) with what the site
// adds to it: the reference list page and the references' views.
type citations struct {
	*refs.Set
	list  *page           // the reference list page
	views []*view.RefView // by number, made once the citations are collected
}

// setupCitations loads the bibliography and adds the reference list page
// to the site, unless the content has none.
func (b *builder) setupCitations() {
	src, ok := b.site.Data[cite.File]
	if !ok {
		return
	}
	file := path.Join(b.opt.ContentRoot, cite.File)
	c := &citations{Set: refs.New(b.loadBibliography(src, file), file)}
	b.cites = c

	// The reference list: a content page that asks for it, or one made at
	// /references/ at the end of the reading order.
	for _, pg := range b.pages {
		if pg.Meta.Layout == "references" {
			c.list = pg
		}
	}
	if c.list == nil {
		c.list = b.addGenerated("/references/", c.File, content.FrontMatter{Title: "References", Layout: "references",
			Description: "Every work the review cites, with links to each place it is cited on this site."})
		if c.list == nil {
			return
		}
	}
	for _, r := range c.ByNum {
		if other := b.urls[b.referenceURL(r)]; other != nil {
			b.diags.Errorf(other.File, 1, 1, "URL %s is reserved for reference %d", b.referenceURL(r), r.Number)
		}
	}
}

// referenceURL is the site path of a reference's own page.
func (b *builder) referenceURL(r *refs.Reference) string {
	list := "/references/"
	if b.cites.list != nil {
		list = b.cites.list.URL
	}
	return list + strconv.Itoa(r.Number) + "/"
}

// finishTargets sets where each number links: the entry in the list.
func (b *builder) finishTargets() {
	b.cites.SetHrefs(b.route.Href(b.cites.list.URL))
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
	if b.proj != nil {
		h := b.hasher()
		h.WriteString(strconv.FormatUint(b.renderKey, 16) + "/" + strconv.FormatUint(b.citationsKey(), 16))
		key = h.Sum64()
	}
	b.cites.views = b.bibs.Views(key, func(local *diag.List) []*view.RefView {
		b.cites.Collect(len(b.pages), func(i int) []cite.Occurrence { return b.pages[i].occurrences }, local)
		var views []*view.RefView
		for _, r := range b.cites.ByNum {
			v := b.refView(r)
			views = append(views, &v)
		}
		b.cites.Forget() // the views hold what they need of it
		return views
	}, b.diags)
}

// citedBy lists the references pg cites, by number. It is called when
// the page is rendered: a Project build that reuses a page's render does not
// need it.
func (b *builder) citedBy(pg *page) {
	pg.cited = nil
	if b.cites != nil {
		pg.cited = b.cites.CitedBy(pg.occurrences)
	}
}

// entryViews are the views of the references before any citation is
// collected (no CitedAt), for the pages a one-off build renders while it
// converts.
func (b *builder) entryViews() []*view.RefView {
	if b.cites == nil {
		return nil
	}
	views := make([]*view.RefView, len(b.cites.ByNum))
	for i, r := range b.cites.ByNum {
		v := b.refView(r)
		views[i] = &v
	}
	return views
}

func (b *builder) refView(r *refs.Reference) view.RefView {
	e := r.Entry
	ev := b.bibs.Entry(e)
	cites := make([]view.Cite, len(r.CitedAt()))
	for i, c := range r.CitedAt() {
		pg := b.pages[c.Page]
		cites[i] = view.Cite{Href: pg.href, Title: pg.ShortTitle(), Occ: c.Occ}
	}
	return view.NewRef(view.RefView{
		Number: r.Number, Key: e.ID, Anchor: "ref-" + strconv.Itoa(r.Number),
		HTML: template.HTML(ev.HTML), Text: ev.Text, Label: ev.Label,
		URL: b.route.Href(b.referenceURL(r)), ListURL: r.Target.Href, Lookups: ev.Lookups,
		Meta: ev.Meta, Withdrawal: b.live.Withdrawal(e.ID, refs.Withdrawn(e)),
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

func (b *builder) viewOf(r *refs.Reference) *view.RefView { return b.cites.views[r.Number-1] }

// loadBibliography parses references.json, or reuses the last build's
// parse when its bytes are unchanged (see refs.Cache).
func (b *builder) loadBibliography(src []byte, file string) *cite.Bibliography {
	if b.bibs == nil {
		b.bibs = &refs.Cache{}
	}
	return b.bibs.Load(src, file, b.diags)
}
