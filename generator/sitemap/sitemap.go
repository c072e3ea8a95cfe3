// Package sitemap writes the two files that tell crawlers what a site
// holds: sitemap.xml, which lists the pages to index by their permanent
// addresses, in the order given, each once as given, with the date its
// content last changed where the caller knows it; and robots.txt, which
// allows everything and names the sitemap when the site has absolute
// addresses (robots.txt may name a sitemap only by an absolute URL).
// Which pages to list is the caller's choice.
package sitemap

import (
	"bytes"
	"encoding/xml"
)

// URL is one page of the sitemap: its permanent address and, when known,
// the date its content last changed (YYYY-MM-DD, the W3C date form the
// sitemap protocol takes).
type URL struct {
	Loc, LastMod string
}

// XML is sitemap.xml listing urls.
func XML(urls []URL) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		buf.WriteString("  <url><loc>")
		_ = xml.EscapeText(&buf, []byte(u.Loc))
		buf.WriteString("</loc>")
		if u.LastMod != "" {
			buf.WriteString("<lastmod>")
			_ = xml.EscapeText(&buf, []byte(u.LastMod))
			buf.WriteString("</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

// Robots is robots.txt; sitemapURL is the absolute URL of sitemap.xml, or
// empty for a site without a base URL.
func Robots(sitemapURL string) []byte {
	s := "User-agent: *\nAllow: /\n"
	if sitemapURL != "" {
		s += "Sitemap: " + sitemapURL + "\n"
	}
	return []byte(s)
}
