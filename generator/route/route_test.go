package route

import (
	"strings"
	"testing"

	"ketref/generator/diag"
)

func TestRouter(t *testing.T) {
	type urls struct{ href, permalink, canonical string }
	for _, tc := range []struct {
		raw      string
		basePath string
		baseURL  string
		abs      bool
		paths    map[string]urls
	}{
		{raw: "/", basePath: "/", baseURL: "/", paths: map[string]urls{
			"/":           {"/", "/", ""},
			"/routes/iv/": {"/routes/iv/", "/routes/iv/", ""},
			"style.css":   {"/style.css", "/style.css", ""},
		}},
		{raw: "", basePath: "/", baseURL: "/", paths: map[string]urls{"/a/": {"/a/", "/a/", ""}}},
		{raw: "/docs/", basePath: "/docs/", baseURL: "/docs/", paths: map[string]urls{
			"/":           {"/docs/", "/docs/", ""},
			"/routes/iv/": {"/docs/routes/iv/", "/docs/routes/iv/", ""},
		}},
		{raw: "docs", basePath: "/docs/", baseURL: "/docs/", paths: map[string]urls{"/a/": {"/docs/a/", "/docs/a/", ""}}},
		{raw: "https://example.org/ket/", basePath: "/ket/", baseURL: "https://example.org/ket/", abs: true, paths: map[string]urls{
			"/":            {"/ket/", "https://example.org/ket/", "https://example.org/ket/"},
			"/routes/iv/":  {"/ket/routes/iv/", "https://example.org/ket/routes/iv/", "https://example.org/ket/routes/iv/"},
			"/sitemap.xml": {"/ket/sitemap.xml", "https://example.org/ket/sitemap.xml", "https://example.org/ket/sitemap.xml"},
		}},
		{raw: "http://example.org", basePath: "/", baseURL: "http://example.org/", abs: true, paths: map[string]urls{
			"/a/": {"/a/", "http://example.org/a/", "http://example.org/a/"},
		}},
		// Escaping: spaces, non-ASCII and reserved characters in paths.
		{raw: "/my docs/", basePath: "/my docs/", baseURL: "/my docs/", paths: map[string]urls{
			"/été/a b/": {"/my%20docs/%C3%A9t%C3%A9/a%20b/", "/my%20docs/%C3%A9t%C3%A9/a%20b/", ""},
			"/q?x/":     {"/my%20docs/q%3Fx/", "/my%20docs/q%3Fx/", ""},
		}},
		{raw: "https://example.org/a b/", basePath: "/a b/", baseURL: "https://example.org/a%20b/", abs: true, paths: map[string]urls{
			"/c d/": {"/a%20b/c%20d/", "https://example.org/a%20b/c%20d/", "https://example.org/a%20b/c%20d/"},
		}},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			var diags diag.List
			r := New(Base{Raw: tc.raw, File: "content/site.yaml", Config: "content/site.yaml"}, &diags)
			if err := diags.Err(true); err != nil {
				t.Fatalf("New(%q): %v", tc.raw, err)
			}
			if r.BasePath() != tc.basePath || r.BaseURL() != tc.baseURL || r.Absolute() != tc.abs {
				t.Errorf("BasePath, BaseURL, Absolute = %q, %q, %v; want %q, %q, %v", r.BasePath(), r.BaseURL(), r.Absolute(), tc.basePath, tc.baseURL, tc.abs)
			}
			for p, want := range tc.paths {
				got := urls{r.Href(p), r.Permalink(p), r.Canonical(p)}
				if got != want {
					t.Errorf("%q: href, permalink, canonical = %q; want %q", p, got, want)
				}
			}
		})
	}
}

// TestRouterRefuses: a base URL with a scheme other than http(s) is an
// error at its place in site.yaml (unlocated when it came from the flag),
// and the site is built under "/".
func TestRouterRefuses(t *testing.T) {
	at := func() (int, int) { return 2, 10 }
	for _, tc := range []struct {
		name string
		base Base
		want string
	}{
		{"javascript in site.yaml", Base{Raw: "javascript://example.org/%0aalert(1)", File: "content/site.yaml", Config: "content/site.yaml", Position: at},
			`content/site.yaml:2:10: baseURL "javascript://example.org/%0aalert(1)" uses the scheme "javascript:"`},
		{"data in site.yaml", Base{Raw: "data:text/html,x", File: "content/site.yaml", Config: "content/site.yaml", Position: at},
			`content/site.yaml:2:10: baseURL "data:text/html,x" uses the scheme "data:"`},
		{"file from the flag", Base{Raw: "file:///etc/", Config: "content/site.yaml", Position: at},
			`baseURL "file:///etc/" uses the scheme "file:"`},
		{"not a URL", Base{Raw: "http://[::1", File: "content/site.yaml", Config: "content/site.yaml", Position: at},
			`content/site.yaml: baseURL "http://[::1" is not a URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.List
			r := New(tc.base, &diags)
			err := diags.Err(false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
			if r.BasePath() != "/" || r.Absolute() || r.Href("/a/") != "/a/" {
				t.Errorf("refused base URL: BasePath %q, Absolute %v, Href %q; want the site under /", r.BasePath(), r.Absolute(), r.Href("/a/"))
			}
		})
	}
}

func TestOutPath(t *testing.T) {
	for in, want := range map[string]string{
		"/":              "index.html",
		"/routes/iv/":    "routes/iv/index.html",
		"/refs/smith-1/": "refs/smith-1/index.html",
	} {
		if got := OutPath(in); got != want {
			t.Errorf("OutPath(%q) = %q, want %q", in, got, want)
		}
	}
}
