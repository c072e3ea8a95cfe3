// Package route owns the site's URLs: the base path every link starts
// with, the absolute base URL when there is one, the pretty URL of each
// page and the file it is written to. The build, the views the templates
// receive and the preview server all ask a Router, so that a base URL
// changed between two builds changes every one of them together.
//
// A site path is the URL of a page or file relative to the site's root,
// with a leading slash: "/", "/routes/iv/", "/style.css". From it a Router
// makes:
//
//   - Href, the link to emit: the base path and the site path, escaped
//     ("/docs/routes/iv/");
//   - Permalink, the absolute URL when the base URL is absolute, else the
//     Href;
//   - Canonical, the absolute URL, or "" without an absolute base URL;
//   - OutPath, the file a pretty URL is written to ("routes/iv/index.html").
//
// The base URL comes from site.yaml or the -base-url flag. New refuses one
// whose scheme is neither http nor https (a javascript: base URL would end
// up in every canonical link) with a diagnostic at its place in site.yaml,
// and builds the site under "/" instead.
package route

import (
	"net/url"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/safeurl"
)

// Base says which base URL to use and where it was given, for diagnostics.
type Base struct {
	// Raw is the base URL: a path ("/docs/") or an http(s) URL.
	Raw string
	// File is the file Raw was read from, or "" for a command-line flag.
	// Config is the configuration file named by a diagnostic that is not
	// about the scheme (it is named even for a flag, as it always was).
	File, Config string
	// Position, when not nil, finds Raw's line and column in File; it is
	// called only when Raw is refused.
	Position func() (line, col int)
}

// Router makes the URLs of one build. Its zero value is not usable: make
// one with New.
type Router struct {
	basePath string
	baseURL  *url.URL // nil when the base URL is not absolute
}

// New validates base and returns its Router. Problems go to diags; the
// Router then serves the site under "/".
func New(base Base, diags *diag.List) *Router {
	raw := base.Raw
	if sc := safeurl.Scheme(raw); sc != "" && sc != "http" && sc != "https" {
		line, col := 0, 0
		if base.File != "" && base.Position != nil {
			line, col = base.Position()
		}
		diags.Errorf(base.File, line, col, "baseURL %q uses the scheme %q; give a path (/review/) or an http or https URL (https://example.org/review/)", raw, sc+":")
		raw = "/"
	}
	u, err := url.Parse(raw)
	if err != nil {
		diags.Errorf(base.Config, 0, 0, "baseURL %q is not a URL: %v", raw, err)
		u = &url.URL{Path: "/"}
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		p = "/"
	}
	r := &Router{basePath: p}
	if u.Scheme != "" && u.Host != "" {
		abs := *u
		abs.Path = p
		r.baseURL = &abs
	}
	return r
}

// BasePath is the URL path the site is served under: "/" or "/docs/".
func (r *Router) BasePath() string { return r.basePath }

// Absolute reports whether the base URL has a scheme and host, so that
// canonical URLs and the sitemap can be made.
func (r *Router) Absolute() bool { return r.baseURL != nil }

// BaseURL is the absolute base URL when there is one, else the base path.
func (r *Router) BaseURL() string {
	if r.baseURL == nil {
		return r.basePath
	}
	return r.baseURL.String()
}

// Href turns a site path ("/routes/iv/") into the link to emit.
func (r *Router) Href(sitePath string) string {
	return (&url.URL{Path: r.basePath + strings.TrimPrefix(sitePath, "/")}).EscapedPath()
}

// Canonical is the absolute URL of a site path, or "" without an absolute
// base URL.
func (r *Router) Canonical(sitePath string) string {
	if r.baseURL == nil {
		return ""
	}
	return r.Permalink(sitePath)
}

// Permalink is the absolute URL of a site path when the base is absolute,
// else the same as Href.
func (r *Router) Permalink(sitePath string) string {
	if r.baseURL == nil {
		return r.Href(sitePath)
	}
	u := *r.baseURL
	u.Path = r.basePath + strings.TrimPrefix(sitePath, "/")
	return u.String()
}

// OutPath is the file a page's pretty URL is written to:
// "/routes/iv/" -> "routes/iv/index.html", "/" -> "index.html".
func OutPath(sitePath string) string {
	return strings.TrimPrefix(sitePath, "/") + "index.html"
}
