package living

import (
	"crypto/sha256"
	"fmt"
	"html"
	"net/url"
	"strings"

	"ketref/generator/feed"
	"ketref/generator/view"
)

// feed makes the Atom feed of the releases, one entry per release with its
// note, its summary and its entries as an HTML list. Entry ids are
// permanent: the changes page's absolute URL and the release's version
// when the site has an absolute base URL, else a name-based urn:uuid of
// the site's title and the version.
func (in Input) feed(rels []view.ReleaseChanges) ([]byte, error) {
	self := in.abs(in.ChangesPath + FeedFile)
	page := in.abs(in.ChangesPath)
	f := feed.Feed{
		ID:       in.permanentID("changes"),
		Title:    in.SiteTitle + ": changes",
		Subtitle: "Each release of the evidence, with what changed",
		Link:     page, Self: self,
		Author: in.SiteTitle,
	}
	for _, r := range rels {
		if f.Updated == "" || r.Date > f.Updated {
			f.Updated = r.Date
		}
		title := "Release " + r.Version
		summary := r.Summary
		if r.Note != "" {
			summary = r.Note + " (" + r.Summary + ")"
		}
		f.Entries = append(f.Entries, feed.Entry{
			ID: in.permanentID("release/" + r.Version), Title: title, Link: page + "#" + r.ID,
			Published: r.Date, Updated: r.Date, Summary: summary, Content: content(r),
		})
	}
	if f.Updated == "" {
		return nil, nil
	}
	return feed.Atom(f)
}

// content is a release's entries as an HTML list.
func content(r view.ReleaseChanges) string {
	var b strings.Builder
	if r.Note != "" {
		b.WriteString("<p>" + html.EscapeString(r.Note) + "</p>")
	}
	for _, g := range r.Groups {
		b.WriteString("<h3>" + html.EscapeString(g.Title) + "</h3><ul>")
		for _, e := range g.Entries {
			b.WriteString("<li>" + html.EscapeString(e.What) + " " + html.EscapeString(e.Kind) + ": " + string(e.Text))
			if e.Note != "" {
				b.WriteString(" (" + html.EscapeString(e.Note) + ")")
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
	return b.String()
}

// abs is a site path as an absolute URL when the base URL is absolute,
// else as the link itself (a feed reader resolves it against the feed's
// URL).
func (in Input) abs(path string) string {
	href := in.Href(path)
	if u, err := url.Parse(in.BaseURL); err == nil && u.IsAbs() {
		return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: href}).String()
	}
	return href
}

func (in Input) permanentID(name string) string {
	if u, err := url.Parse(in.BaseURL); err == nil && u.IsAbs() {
		return in.abs(in.ChangesPath) + "#" + name
	}
	h := sha256.Sum256([]byte("ketref\x00" + in.SiteTitle + "\x00" + name))
	h[6] = h[6]&0x0f | 0x50 // version 5 layout (name-based, SHA)
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
