// Package sitemap writes the two files that tell crawlers what a site
// holds: sitemap.xml, which lists the pages to index by their permanent
// addresses, in the order given, each once as given; and robots.txt, which
// allows everything and names the sitemap when the site has absolute
// addresses (robots.txt may name a sitemap only by an absolute URL).
// Which pages to list is the caller's choice.
package sitemap

import (
	"bytes"
	"encoding/xml"
)

// XML is sitemap.xml listing permalinks.
func XML(permalinks []string) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range permalinks {
		buf.WriteString("  <url><loc>")
		_ = xml.EscapeText(&buf, []byte(p))
		buf.WriteString("</loc></url>\n")
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
