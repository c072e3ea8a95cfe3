package sitemap

import "testing"

func TestXML(t *testing.T) {
	for _, tc := range []struct {
		name string
		urls []URL
		want string
	}{
		{"none", nil, `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n</urlset>\n"},
		{"escaped, in order, dated where known", []URL{{Loc: "https://example.org/b/", LastMod: "2024-12-20"}, {Loc: "/a/?x=1&y=<2>"}}, `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n" +
			"  <url><loc>https://example.org/b/</loc><lastmod>2024-12-20</lastmod></url>\n  <url><loc>/a/?x=1&amp;y=&lt;2&gt;</loc></url>\n</urlset>\n"},
	} {
		if got := string(XML(tc.urls)); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

func TestRobots(t *testing.T) {
	for _, tc := range []struct{ sitemap, want string }{
		{"", "User-agent: *\nAllow: /\n"},
		{"https://example.org/ket/sitemap.xml", "User-agent: *\nAllow: /\nSitemap: https://example.org/ket/sitemap.xml\n"},
	} {
		if got := string(Robots(tc.sitemap)); got != tc.want {
			t.Errorf("Robots(%q) = %q, want %q", tc.sitemap, got, tc.want)
		}
	}
}
