package site

// The living review (package living): the release files, the stable
// reference numbers they fix, the changes page, each page's "Updated" mark
// and the feed.

import (
	"path"

	"ketref/generator/calcpage"
	"ketref/generator/content"
	"ketref/generator/living"
	"ketref/generator/refs"
	"ketref/generator/snapshot"
	"ketref/generator/view"
)

// ChangesURL is the site path of the changes page.
const ChangesURL = "/changes/"

// livingState is the build's release history, its changes page (nil
// without releases) and, once every page is converted, that page's view
// and the feed.
type livingState struct {
	*living.Review
	page *page
	view *view.ChangesView
	feed []byte
}

// setupReleases reads the release files, numbers the references as the
// releases fixed them, and adds the changes page.
func (b *builder) setupReleases() {
	b.live = &livingState{Review: b.reviews.Load(b.opt.Content, b.opt.ContentRoot, b.diags)}
	if !b.live.Released() {
		return
	}
	if b.cites != nil {
		if b.site.Config.Citations.Numbering == "first-cite" {
			b.diags.Errorf(path.Join(b.opt.ContentRoot, content.ConfigFile), 0, 0, "citations.numbering is first-cite, but the releases fix each reference's number; remove the setting")
		}
		keys := make([]string, len(b.cites.ByNum))
		for i, r := range b.cites.ByNum {
			keys[i] = r.Entry.ID
		}
		if numbers := b.live.Numbers(keys, b.cites.File, b.diags); numbers != nil {
			b.cites.NumberAs(numbers)
		}
	}
	b.live.page = b.addGenerated(ChangesURL, path.Join(b.opt.ContentRoot, living.ReleasesDir), content.FrontMatter{Title: "What changed", Layout: "changes",
		Description: "Every release of this reference and what it changed: claims, references, figure data and calculator rules."})
}

// liveInput is what package living needs from this build: the
// evidence, with the pages' claims and data when withPages.
func (b *builder) liveInput(withPages bool) living.Input {
	in := living.Input{ChangesPath: ChangesURL, Href: b.route.Href, WithoutPages: !withPages,
		SiteTitle: b.site.Config.Title, BaseURL: b.route.BaseURL(), CurrentThrough: b.site.Config.EvidenceCurrentThrough}
	pages := make([]living.PageData, len(b.pages))
	for i, pg := range b.pages {
		pages[i] = living.PageData{Path: pg.URL, Title: pg.Meta.Title, Layout: pg.layout, Headings: pg.headings, Claims: pg.claims, Data: pg.data}
	}
	var refList []snapshot.Reference
	list := ""
	if b.cites != nil {
		list = b.cites.list.URL
		for _, r := range b.cites.ByNum {
			refList = append(refList, snapshot.Reference{Number: r.Number, Key: r.Entry.ID, Text: b.bibs.Entry(r.Entry).Text, Withdrawn: refs.Withdrawn(r.Entry)})
		}
	}
	in.Site(pages, refList, calcpage.Evidence(), list)
	return in
}

// keepsEvidence says the build finds and keeps each page's claims and
// data, which only a Project's Result.Evidence and a site with releases
// read: in a one-off build they would be a fifth of its memory at the
// end and finding them 7% of its CPU (#19).
func (b *builder) keepsEvidence() bool { return b.proj != nil || b.live.Released() }

// updated is pg's "Updated" mark.
func (b *builder) updated(pg *page) *view.Updated {
	if b.live == nil {
		return nil
	}
	return b.live.Mark(pg.URL, pg.claims, pg.data, b.route.Href(ChangesURL))
}

// prepareLiving compares the releases, and the references and rules with
// the latest release, before any page is rendered.
func (b *builder) prepareLiving() {
	if err := b.live.Prepare(b.liveInput(false)); err != nil {
		b.diags.Errorf(b.opt.ContentRoot, 0, 0, "the changes feed: %v", err)
	}
}

// addGenerated adds a page that the build makes, or reports the content
// page that holds its URL.
func (b *builder) addGenerated(url, file string, meta content.FrontMatter) *page {
	cp, taken := b.site.AddGenerated(url, file, meta)
	if taken != nil {
		b.diags.Errorf(taken.File, 1, 1, "URL %s is reserved for the page %q that the build makes; rename the page", url, meta.Title)
		return nil
	}
	pg := &page{Page: cp, href: b.route.Href(cp.URL), layout: meta.Layout}
	b.pages = append(b.pages, pg)
	b.bySource[cp] = pg
	b.urls[cp.URL] = pg
	return pg
}
