package site

// The living review (packages release and living): the release files,
// the stable reference numbers they fix, the changes page, each page's
// "Updated" mark and the feed.

import (
	"path"
	"strconv"

	"ketref/generator/calcpage"
	"ketref/generator/changes"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/living"
	"ketref/generator/release"
	"ketref/generator/snapshot"
	"ketref/generator/view"
)

// livingState is the release history and what was made of it at Load.
type livingState struct {
	history *release.History
	// view and feed are the changes page and its feed, made once every
	// page is converted.
	view *view.ChangesView
	feed []byte
	page    *page          // the changes page, nil without releases
	base    living.Result  // the releases' marks and dates, and the unreleased reference and rule changes
	latest  map[string]int // the latest release's claims and data of each page, by index into byPage
	byPage  []*snapshot.Snapshot
}

// ChangesURL is the site path of the changes page.
const ChangesURL = "/changes/"

// setupReleases reads the release files, numbers the references as the
// releases fixed them, and adds the changes page.
func (b *builder) setupReleases() {
	h := release.Load(b.opt.Content, content.ReleasesDir, b.opt.ContentRoot, b.diags)
	b.live = &livingState{history: h}
	if h.Latest() == nil {
		return
	}
	if b.cites != nil {
		b.stableNumbers(h)
	}
	cp := &content.Page{
		Kind: content.Regular, Dir: ".", URL: ChangesURL, File: path.Join(b.opt.ContentRoot, content.ReleasesDir),
		Meta:   content.FrontMatter{Title: "What changed", Description: "Every release of this reference and what it changed: claims, references, figure data and calculator rules.", Layout: "changes"},
		Parent: b.site.Home, Lines: diag.NewLines(nil),
	}
	if other := b.urls[cp.URL]; other != nil {
		b.diags.Errorf(other.File, 1, 1, "URL %s is reserved for the changes page of the releases; rename the page", ChangesURL)
		return
	}
	b.site.Home.Children = append(b.site.Home.Children, cp)
	cp.Index = len(b.site.Pages)
	b.site.Pages = append(b.site.Pages, cp)
	pg := &page{Page: cp, href: b.route.Href(cp.URL), layout: "changes"}
	b.pages = append(b.pages, pg)
	b.bySource[cp] = pg
	b.urls[cp.URL] = pg
	b.live.page = pg
	latest := h.Latest()
	b.live.latest = map[string]int{}
	for _, c := range latest.Claims {
		b.live.pageSnapshot(c.Page).Claims = append(b.live.pageSnapshot(c.Page).Claims, c)
	}
	for _, d := range latest.Figures {
		b.live.pageSnapshot(d.Page).Figures = append(b.live.pageSnapshot(d.Page).Figures, d)
	}
}

func (l *livingState) pageSnapshot(p string) *snapshot.Snapshot {
	i, ok := l.latest[p]
	if !ok {
		i = len(l.byPage)
		l.latest[p] = i
		l.byPage = append(l.byPage, &snapshot.Snapshot{})
	}
	return l.byPage[i]
}

// stableNumbers gives each reference the number the releases fixed, new
// ones the next numbers never used, and reports a published reference
// missing from references.json.
func (b *builder) stableNumbers(h *release.History) {
	if b.site.Config.Citations.Numbering == "first-cite" {
		b.diags.Errorf(path.Join(b.opt.ContentRoot, content.ConfigFile), 0, 0, "citations.numbering is first-cite, but releases fix each reference's number; remove the setting")
		return
	}
	keys := make([]string, len(b.cites.ByNum))
	for i, r := range b.cites.ByNum {
		keys[i] = r.Entry.ID
	}
	for _, k := range release.Missing(h, keys) {
		v, _, _ := h.Withdrawn(k)
		b.diags.Errorf(b.cites.File, 0, 0, "reference %q (number %d in the releases%s) is gone from references.json; a published reference keeps its number: put its entry back and mark it withdrawn with \"custom\": {\"withdrawn\": \"the reason\"}", k, h.Numbers()[k], map[bool]string{true: ", withdrawn in " + v}[v != ""])
	}
	if b.diags.HasErrors(false) {
		return
	}
	b.cites.NumberAs(release.Number(h, keys))
}

// liveInput is what package living needs from this build.
func (b *builder) liveInput(current *snapshot.Snapshot) living.Input {
	in := living.Input{
		History: b.live.history, Current: current,
		Page: func(p string) (string, string, bool) {
			if pg := b.urls[p]; pg != nil {
				return pg.Meta.Title, b.route.Href(p), true
			}
			return "", "", false
		},
		Section: func(p, id string) string {
			if pg := b.urls[p]; pg != nil {
				for _, h := range pg.headings {
					if h.ID == id {
						return h.Text
					}
				}
			}
			return ""
		},
		ChangesPath: ChangesURL, Href: b.route.Href,
		SiteTitle: b.site.Config.Title, BaseURL: b.route.BaseURL(), CurrentThrough: b.site.Config.EvidenceCurrentThrough,
		CalculatorPage: map[string]string{},
	}
	if b.cites != nil {
		in.References = b.cites.list.URL
		in.ReferenceURL = func(n int) string { return b.cites.list.URL + strconv.Itoa(n) + "/" }
	}
	for _, pg := range b.pages {
		in.CalculatorPage[pg.layout] = pg.URL
	}
	return in
}

// evidence is the working tree's evidence: every page's claims and figure
// data (when converted), the references and the calculators' rules.
func (b *builder) evidence(withPages bool) *snapshot.Snapshot {
	s := &snapshot.Snapshot{Rules: calcpage.Evidence()}
	if b.cites != nil {
		for _, r := range b.cites.ByNum {
			s.References = append(s.References, snapshot.Reference{Number: r.Number, Key: r.Entry.ID, Text: b.bibs.Entry(r.Entry).Text, Withdrawn: r.Entry.Custom.Withdrawn})
		}
	}
	if withPages {
		for _, pg := range b.pages {
			s.Claims = append(s.Claims, pg.claims...)
			s.Figures = append(s.Figures, pg.data...)
		}
	}
	return s
}

// prepareLiving compares the releases, and the references and rules with
// the latest release, before any page is rendered.
func (b *builder) prepareLiving() {
	if b.live == nil || b.live.page == nil {
		return
	}
	res, err := living.Build(b.liveInput(b.evidence(false)))
	if err != nil {
		b.diags.Errorf(b.live.page.File, 0, 0, "the changes feed: %v", err)
	}
	b.live.base = res
}

// updated is pg's mark: its unreleased changes, else the last release
// that changed it.
func (b *builder) updated(pg *page) *view.Updated {
	if b.live == nil || b.live.page == nil {
		return nil
	}
	if i, ok := b.live.latest[pg.URL]; ok || len(pg.claims)+len(pg.data) > 0 {
		old := &snapshot.Snapshot{}
		if ok {
			old = b.live.byPage[i]
		}
		if len(changes.Compare(old, &snapshot.Snapshot{Claims: pg.claims, Figures: pg.data})) > 0 {
			u := &view.Updated{Unreleased: true, URL: b.route.Href(ChangesURL) + "#unreleased"}
			if m := b.live.base.Marks[pg.URL]; m != nil && m.Unreleased {
				u.Rules = m.Rules // the calculator's unreleased rule changes
			}
			return u
		}
	}
	return b.live.base.Marks[pg.URL]
}

// changesView compares every page with the latest release, for the
// changes page; it is called once every page is converted.
func (b *builder) changesView() (*view.ChangesView, []byte) {
	res, err := living.Build(b.liveInput(b.evidence(true)))
	if err != nil {
		b.diags.Errorf(b.live.page.File, 0, 0, "the changes feed: %v", err)
	}
	return &res.Page, res.Feed
}

// withdrawnIn is the release that withdrew the reference key, or "".
func (b *builder) withdrawnIn(key string) string {
	if b.live == nil {
		return ""
	}
	v, _, _ := b.live.history.Withdrawn(key)
	return v
}

// lastMod is the date of pg's last released change.
func (b *builder) lastMod(p string) string {
	if b.live == nil {
		return ""
	}
	return b.live.base.LastMod[p]
}
