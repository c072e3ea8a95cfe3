package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"ketref/generator/calcpage"
	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/headers"
	"ketref/generator/living"
	"ketref/generator/offline"
	"ketref/generator/output"
	"ketref/generator/pool"
	"ketref/generator/route"
	"ketref/generator/search"
	"ketref/generator/sitemap"
	"ketref/generator/view"
)

func (b *builder) glossaryView() []view.GlossaryEntry {
	uses := map[string][]view.Link{}
	for _, pg := range b.pages {
		for _, a := range pg.abbrs {
			uses[a] = append(uses[a], b.link(pg.Page))
		}
	}
	return view.Glossary(b.glossary, uses)
}

func (b *builder) siteView() *view.SiteView {
	cfg := b.site.Config
	base := b.route.BaseURL()
	sv := &view.SiteView{
		Title: cfg.Title, Description: cfg.Description, Language: cfg.Language,
		BaseURL: base, Article: cfg.Article,
		Home:     b.link(b.site.Home),
		Glossary: b.glossaryView(),
	}
	sv.RefIndex = "{}"
	var entries []*cite.Entry
	if b.cites != nil {
		sv.References = b.cites.views
		// The calculators' script turns result sources into citations with
		// RefIndex; the rest of their parts come from their manifest
		// (package calcpage).
		sv.RefIndex = template.JS(b.cites.IndexJSON())
		entries = b.cites.Entries()
		for _, x := range cite.Exporters() {
			sv.Exports = append(sv.Exports, view.Link{Title: x.Name(), URL: b.route.Href("/" + x.File())})
		}
	}
	sv.SearchIndex = b.route.Href("/" + search.IndexFile)
	sv.App = b.appView()
	sv.Evidence = b.live.Evidence()
	if cfg.Article.Title != "" {
		sv.CiteThis = view.NewCiteThis(cfg.Article)
		sv.ScholarlyJSON = view.ScholarlyJSON(cfg.Article, entries)
	}
	return sv
}

// worker says the build writes a service worker (package offline): a
// one-off build that records its files, with a theme that has the script
// registering it (published only then).
func (b *builder) worker() bool {
	_, ok := b.assetURLs()[offline.RegisterScript]
	return b.written != nil && b.proj == nil && ok
}

func (b *builder) appView() view.App {
	a := view.App{Manifest: b.route.Href("/" + offline.ManifestFile), LightColor: offline.LightColor, DarkColor: offline.DarkColor}
	if b.worker() {
		a.Worker, a.Scope = b.route.Href("/"+offline.WorkerFile), b.route.BasePath()
	}
	return a
}

func (b *builder) link(cp *content.Page) view.Link { return view.PageLink(b.route, cp) }

// nav is the navigation of the page cur (see view.Nav).
func (b *builder) nav(cur *content.Page) []view.NavItem { return view.Nav(b.site.Home, cur, b.route) }

func (b *builder) pageView(pg *page, views []*view.RefView) *view.PageView {
	b.citedBy(pg)
	v := &view.PageView{
		Title: pg.Meta.Title, Description: pg.Meta.Description, Kind: pg.Kind.Name(),
		URL: b.route.Href(pg.URL), Permalink: b.route.Permalink(pg.URL), Canonical: b.route.Canonical(pg.URL), Source: pg.File,
		Content: template.HTML(pg.html), Head: view.Head{CSP: b.pagePolicy(pg.layout),
			// Every highlighted block, a fence's or a go-source one's, is
			// markdown's <pre class="chroma">.
			Code: bytes.Contains(pg.html, []byte(`<pre class="chroma"`))},
	}
	v.TOC = view.TOC(pg.headings)
	for _, a := range pg.Ancestors() {
		v.Crumbs = append(v.Crumbs, b.link(a))
	}
	if i := pg.Index; i > 0 {
		l := b.link(b.site.Pages[i-1])
		v.Prev = &l
	}
	if i := pg.Index; i+1 < len(b.site.Pages) {
		l := b.link(b.site.Pages[i+1])
		v.Next = &l
	}
	for _, c := range pg.Children {
		v.Children = append(v.Children, b.link(c))
	}
	v.Nav = b.nav(pg.Page)
	v.Updated = b.updated(pg)
	for _, r := range pg.cited {
		v.Cited = append(v.Cited, views[r.Number-1])
	}
	if b.cites != nil && pg == b.cites.list { // its first page (renderPage sets the others)
		v.RefList = view.NewRefListPart(views, v.URL, 1)
	}
	return v
}

// renderPage renders a content page with the given site and reference
// views and writes it.
func (b *builder) renderPage(pg *page, sv *view.SiteView, views []*view.RefView, write func(string, []byte) error, cites uint64) {
	if !b.theme.HasLayout(pg.layout) {
		return // reported when layouts were chosen
	}
	for k, u := range append([]string{pg.URL}, b.morePages(pg)...) {
		buf := b.bufs.Get()
		b.renderCached(route.OutPath(u), b.pageKey(pg, cites), func(rel string, data []byte) {
			if err := write(rel, data); err != nil {
				b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
			}
		}, func() ([]byte, bool) {
			buf.Grow(len(pg.html) + 24<<10) // a page of the reference list grows past it (about 350 KB)
			v := b.pageView(pg, views)
			if k > 0 {
				v.URL, v.Permalink, v.Canonical = b.route.Href(u), b.route.Permalink(u), b.route.Canonical(u)
				v.RefList = view.NewRefListPart(views, b.route.Href(pg.URL), k+1)
				v.Title = fmt.Sprintf("%s %d–%d", v.Title, v.RefList.First, v.RefList.Last)
			}
			if err := b.theme.Execute(buf, pg.layout, view.View{Site: sv, Page: v}, b.opt.Templates); err != nil {
				b.diags.AddErr(err)
				return nil, false
			}
			return b.bufs.Bytes(buf), true
		})
		b.bufs.Put(buf)
	}
}

// referenceView is the page of one reference: its entry and every place
// that cites it.
func (b *builder) referenceView(i int, sv *view.SiteView) *view.PageView {
	r := b.cites.ByNum[i]
	rv := b.viewOf(r)
	list := b.cites.list
	v := &view.PageView{
		Title: fmt.Sprintf("Reference %d: %s", r.Number, rv.Label), Kind: "reference",
		Description: rv.Text, URL: rv.URL, Permalink: b.route.Permalink(b.referenceURL(r)), Canonical: b.route.Canonical(b.referenceURL(r)),
		Source: b.cites.File, Reference: rv, Head: view.Head{CSP: b.pagePolicy("reference")},
		Navigation: view.Navigation{Crumbs: []view.Link{b.link(b.site.Home), b.link(list.Page)}, Nav: b.nav(list.Page)},
	}
	view.OpenNotCurrent(v.Nav, b.route.Href(list.URL))
	v.Updated = b.updated(&page{Page: &content.Page{URL: b.referenceURL(r)}})
	v.Prev, v.Next = view.RefNeighbours(b.cites.views, i)
	return v
}

func (b *builder) render(st output.Writer) {
	if b.live.page != nil {
		var err error
		if b.live.view, b.live.feed, err = b.live.Changes(b.liveInput(true)); err != nil {
			b.diags.Errorf(b.live.page.File, 0, 0, "%v", err)
		}
	}
	sv := b.siteView()
	sv.Changes = b.live.view
	write := func(rel string, data []byte) {
		if err := st.WriteFile(rel, data); err != nil {
			b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		}
	}
	var cites uint64
	if b.proj != nil {
		cites = b.citationsKey()
	}
	var views []*view.RefView
	if b.cites != nil {
		views = b.cites.views
	}
	// One pool for everything left, the largest first (the reference list
	// and the search index), so that no core waits on one long page.
	// Each task names the file a panic in it is reported at.
	type task struct {
		file string
		run  func()
	}
	if b.live.page != nil {
		write(strings.TrimPrefix(ChangesURL, "/")+living.FeedFile, b.live.feed)
	}
	if b.opt.Wasm != nil && b.cites != nil { // the calculators' rules and test vectors, as data
		for name, data := range calcpage.Files(b.cites.NumberOf) {
			write(name, data)
		}
	}
	var first, rest []task
	for _, pg := range b.pages {
		if pg.rendered {
			continue
		}
		t := task{pg.File, func() {
			b.renderPage(pg, sv, views, func(rel string, data []byte) error { write(rel, data); return nil }, cites)
		}}
		if b.cites != nil && pg == b.cites.list {
			first = append(first, t)
		} else {
			rest = append(rest, t)
		}
	}
	first = append(first, task{b.opt.ContentRoot, func() {
		for _, f := range b.searchIndex() {
			write(f.Name, f.Data)
		}
	}})
	if b.cites != nil {
		for _, run := range b.referenceTasks(write, sv, cites) {
			rest = append(rest, task{b.cites.File, run})
		}
	}
	tasks := append(first, rest...)
	pool.Run(len(tasks), func(i int) { tasks[i].run() }, func(i int, msg string) {
		b.diags.Errorf(tasks[i].file, 0, 0, "%s", msg)
	})

	write(offline.ManifestFile, offline.Manifest(offline.App{Name: b.site.Config.Title, ShortName: b.site.Config.ShortName, Description: b.site.Config.Description, Language: b.site.Config.Language, Scope: b.route.BasePath(), Icons: b.assetURLs()}))
	for _, f := range b.site.Files {
		data, err := fs.ReadFile(b.opt.Content, f)
		if err != nil {
			b.diags.Errorf(b.opt.ContentRoot+"/"+f, 0, 0, "cannot read: %v", err)
			continue
		}
		write(f, data)
	}
	for _, pg := range b.pages {
		for _, a := range pg.Meta.Aliases {
			write(route.OutPath(content.NormalizeAlias(a)), view.Redirect(b.route.Href(pg.URL), pg.Meta.Title, headers.MetaPolicy(false)))
		}
	}
	b.renderSpecial(st, sv, "404", "Page not found", "/404.html", "404.html")
	if b.theme.HasLayout("offline") {
		b.renderSpecial(st, sv, "offline", "Offline", offline.OfflinePage, route.OutPath(offline.OfflinePage))
	}
	b.renderCached("sitemap.xml", b.sitemapKey(), write, func() ([]byte, bool) { return b.sitemap(), true })
	b.renderCached(headers.File, b.headersKey(), write, func() ([]byte, bool) { return b.headersFile(), true })
	robots := ""
	if b.route.Absolute() {
		robots = b.route.Permalink("/sitemap.xml")
	}
	write("robots.txt", sitemap.Robots(robots))
	if b.worker() { // last: it lists the files written above
		write(offline.WorkerFile, b.written.Worker(b.written.SitePlan(b.route)).JS)
	}
}

// renderSpecial renders a page that is not content: 404.html (in the
// layout "page" when the theme has no "404"), and the offline page.
func (b *builder) renderSpecial(st output.Writer, sv *view.SiteView, kind, title, sitePath, out string) {
	layout := kind
	body := ""
	if !b.theme.HasLayout(layout) {
		layout = "page"
		body = "<p>There is no page at this address. Try the <a href=\"" + b.route.Href("/") + "\">home page</a>.</p>"
	}
	if !b.theme.HasLayout(layout) {
		return
	}
	v := &view.PageView{Title: title, Kind: kind, URL: b.route.Href(sitePath), Permalink: b.route.Permalink(sitePath), Content: template.HTML(body), Head: view.Head{CSP: b.pagePolicy(layout)}}
	v.Nav = b.nav(b.site.Home)
	for i := range v.Nav {
		v.Nav[i].Current = false
	}
	var buf bytes.Buffer
	if err := b.theme.Execute(&buf, layout, view.View{Site: sv, Page: v}, b.opt.Templates); err != nil {
		b.diags.AddErr(err)
		return
	}
	if err := st.WriteFile(out, buf.Bytes()); err != nil {
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
	}
}

// sitemap lists every page a reader can reach: the content pages and
// each reference's own page, which search engines would otherwise find
// only by following links. 404.html and the aliases' redirect pages are
// not pages to index.
func (b *builder) sitemap() []byte {
	var urls []sitemap.URL
	for _, pg := range b.pages {
		urls = append(urls, sitemap.URL{Loc: b.route.Permalink(pg.URL), LastMod: b.live.LastMod(pg.URL)})
	}
	if b.cites != nil && b.theme.HasLayout("reference") {
		for _, r := range b.cites.ByNum {
			urls = append(urls, sitemap.URL{Loc: b.route.Permalink(b.referenceURL(r)), LastMod: b.live.LastMod(b.referenceURL(r))})
		}
		for _, u := range b.morePages(b.cites.list) {
			urls = append(urls, sitemap.URL{Loc: b.route.Permalink(u)})
		}
	}
	return sitemap.XML(urls)
}

// sitemapKey is the render key of the sitemap: the pages' URLs (in the
// render key) and the number of references, which name theirs.
func (b *builder) sitemapKey() uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.Key(b.renderKey)
	if b.cites != nil {
		h.Key(uint64(len(b.cites.ByNum)))
	}
	return h.Sum64()
}
