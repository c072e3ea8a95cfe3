package offline

import (
	"strings"

	"ketref/generator/output"
	"ketref/generator/route"
)

// recording is a Sink that records what is written through it.
type recording struct {
	output.Sink
	rec *Record
}

func (s recording) WriteFile(rel string, data []byte) error {
	s.rec.Add(rel, data)
	return s.Sink.WriteFile(rel, data)
}

// Recording returns s recording every file written into r.
func Recording(s output.Sink, r *Record) output.Sink { return recording{s, r} }

// hostFiles are files that a reader's browser never needs offline: the
// host's, the crawlers', the worker itself, which the browser keeps in its
// own way, the feed (a feed reader fetches it online) and the calculators'
// test vectors (400 KB for those who check the calculators, not for
// reading).
var hostFiles = map[string]bool{"_headers": true, WorkerFile: true, "robots.txt": true, "sitemap.xml": true,
	"changes/feed.xml": true, "calculators/vectors.json": true}

// SitePlan is the plan of a site whose files r recorded: the shell is
// every recorded file that is not HTML nor the host's (static assets, the
// manifest, the search index and its parts, exports, content files) and
// the offline page; the pages are the HTML files not marked noindex, so
// not 404.html nor the aliases' redirects.
func (r *Record) SitePlan(rt *route.Router) Plan {
	p := Plan{Scope: rt.BasePath(), Offline: rt.Href(OfflinePage)}
	for _, f := range r.Paths() {
		file, _ := r.Lookup(f)
		switch {
		case file.Page:
			sp := "/" + strings.TrimSuffix(f, "index.html")
			p.Pages = append(p.Pages, Target{Path: f, URL: rt.Href(sp)})
		case !strings.HasSuffix(f, ".html") && !hostFiles[f]:
			p.Shell = append(p.Shell, Target{Path: f, URL: rt.Href("/" + f)})
		}
	}
	p.Shell = append(p.Shell, Target{Path: route.OutPath(OfflinePage), URL: p.Offline})
	return p
}
