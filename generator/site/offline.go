package site

import (
	"bytes"
	"strings"

	"ketref/generator/headers"
	"ketref/generator/offline"
	"ketref/generator/output"
	"ketref/generator/route"
	"ketref/generator/view"
)

// recordingSink records every file written through it (package offline).
type recordingSink struct {
	sink
	rec *offline.Record
}

func (s recordingSink) WriteFile(rel string, data []byte) error {
	s.rec.Add(rel, data)
	return s.sink.WriteFile(rel, data)
}

// recording wraps the sinks begin makes into recording ones.
func recording(begin func() (sink, error), rec *offline.Record) func() (sink, error) {
	return func() (sink, error) {
		s, err := begin()
		if err != nil {
			return nil, err
		}
		return recordingSink{s, rec}, nil
	}
}

// hasWorker says the build writes a service worker: a one-off build that
// records its files, with a theme that has the script registering it.
func (b *builder) hasWorker() bool {
	return b.written != nil && b.proj == nil && b.hasAsset(offline.RegisterScript)
}

func (b *builder) hasAsset(source string) bool {
	for _, a := range b.theme.Assets() {
		if a.Source == source {
			return true
		}
	}
	return false
}

// appView is the site as an app, for the templates.
func (b *builder) appView() view.App {
	a := view.App{Manifest: b.route.Href("/" + offline.ManifestFile), LightColor: offline.LightColor, DarkColor: offline.DarkColor}
	if b.hasWorker() {
		a.Worker, a.Scope = b.route.Href("/"+offline.WorkerFile), b.route.BasePath()
	}
	return a
}

// manifest is manifest.webmanifest.
func (b *builder) manifest() []byte {
	cfg := b.site.Config
	icons := map[string]string{}
	for _, a := range b.theme.Assets() {
		switch a.Source {
		case offline.Icon192, offline.Icon512, offline.IconMaskable:
			icons[a.Source] = b.route.Href("/" + a.Out)
		}
	}
	return offline.Manifest(offline.App{Name: cfg.Title, ShortName: cfg.ShortName, Description: cfg.Description, Language: cfg.Language, Scope: b.route.BasePath(), Icons: icons})
}

// renderOffline renders the offline page, when the theme has its layout.
func (b *builder) renderOffline(st output.Writer, sv *view.SiteView) {
	if !b.theme.HasLayout("offline") {
		return
	}
	v := &view.PageView{Title: "Offline", Kind: "offline", URL: b.route.Href(offline.OfflinePage), Permalink: b.route.Permalink(offline.OfflinePage), CSP: b.pagePolicy("offline")}
	v.Nav = b.nav(b.site.Home)
	for i := range v.Nav {
		v.Nav[i].Current = false
	}
	var buf bytes.Buffer
	if err := b.theme.Execute(&buf, "offline", view.View{Site: sv, Page: v}, b.opt.Templates); err != nil {
		b.diags.AddErr(err)
		return
	}
	if err := st.WriteFile(route.OutPath(offline.OfflinePage), buf.Bytes()); err != nil {
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
	}
}

// notPrecached are files of the root a reader's browser never needs
// offline (sw.js caches itself in the browser's own way).
var notPrecached = map[string]bool{headers.File: true, offline.WorkerFile: true, "robots.txt": true, "sitemap.xml": true}

// worker writes sw.js, after every other file is written: the shell is
// every file that is not a page (assets, the manifest, the search index
// and its parts, exports, content files) and the offline page; the pages
// are the content pages and the reference pages, as in the sitemap
// (aliases only redirect; 404.html is never a page to show).
func (b *builder) worker(st output.Writer) {
	if !b.hasWorker() {
		return
	}
	plan := offline.Plan{Scope: b.route.BasePath(), Offline: b.route.Href(offline.OfflinePage)}
	target := func(sitePath string) offline.Target {
		return offline.Target{Path: route.OutPath(sitePath), URL: b.route.Href(sitePath)}
	}
	for _, p := range b.written.Paths() {
		if !strings.HasSuffix(p, ".html") && !notPrecached[p] {
			plan.Shell = append(plan.Shell, offline.Target{Path: p, URL: b.route.Href("/" + p)})
		}
	}
	plan.Shell = append(plan.Shell, target(offline.OfflinePage))
	for _, pg := range b.pages {
		plan.Pages = append(plan.Pages, target(pg.URL))
	}
	if b.cites != nil && b.theme.HasLayout("reference") {
		for _, r := range b.cites.ByNum {
			plan.Pages = append(plan.Pages, target(b.referenceURL(r)))
		}
	}
	w := b.written.Worker(plan)
	if err := st.WriteFile(offline.WorkerFile, w.JS); err != nil {
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
	}
}

// skipAsset says the static asset is not published: the worker's
// registration in a build without a worker.
func (b *builder) skipAsset(source string) bool {
	return source == offline.RegisterScript && !b.hasWorker()
}
