// Package server serves a built site over HTTP for preview.
//
// It serves the files of one fs.FS (a folder, or a build in an output.Memory,
// asked for anew on every request so that a new build is swapped in
// atomically) and nothing outside it: a request's path is cleaned and
// checked before it touches the files, so "..", encoded slashes,
// backslashes and NUL bytes are refused. Only GET and HEAD
// are served. Requests whose Host is not a loopback name are refused, which
// defeats DNS rebinding: a page on another site cannot reach the preview by
// pointing its own domain at 127.0.0.1. A folder serves its index.html;
// missing paths get the site's 404.html with status 404. Every response
// carries nosniff, a referrer policy and a content security policy that
// allows only the site's own origin.
//
// A text file is sent in brotli or gzip when the request accepts it
// (encode.go says how), from the build's precompressed NAME.br and
// NAME.gz or compressed on first request.
//
// With a Hub, it also serves the live-reload event stream at
// /__livereload and its script at /__livereload.js, and injects that script
// into every HTML page it serves; the built files themselves never contain
// it.
package server

import (
	"bytes"
	_ "embed"
	"io"
	"io/fs"
	"ketref/generator/headers"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// Handler serves a site.
type Handler struct {
	// Site returns the files to serve; it is asked on every request, so
	// a new build can be swapped in between two requests.
	Site func() fs.FS
	// Reload, when set, adds live reload.
	Reload *Hub
	// BasePath, when set, returns the URL path the current site was built
	// for ("/" or "/sub/"); requests under it are served from the site's
	// root. It is asked on every request, as Site is, because a rebuild
	// can change it.
	BasePath func() string
	// CacheControl, when set, gives the Cache-Control header of the file
	// at rel (a path in Site) served with status 200; otherwise every
	// response says no-cache, as a preview must.
	CacheControl func(rel string) string

	// encoded keeps the forms compressed on request (encode.go).
	encoded encodings
}

// NewHandler serves the folder dir.
func NewHandler(dir string) *Handler {
	return &Handler{Site: func() fs.FS { return os.DirFS(dir) }}
}

//go:embed assets/livereload.js
var liveReloadJS []byte

// IsLoopbackHost reports whether a Host header names this machine by a
// loopback name or address.
func IsLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SetSecurityHeaders adds the headers every response carries.
func SetSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	// The calculator pages' policy, the widest the site sends: the site's
	// own scripts, styles, images and WebAssembly, nothing from any other
	// origin; each page's meta narrows it further.
	h.Set("Content-Security-Policy", headers.CalculatorContentSecurityPolicy)
	h.Set("X-Frame-Options", "DENY")
}

// CleanPath validates a URL path and returns it as a slash-separated path
// relative to the root, or ok=false when it could escape the root.
func CleanPath(raw string) (rel string, ok bool) {
	if !strings.HasPrefix(raw, "/") || len(raw) > 2048 {
		return "", false
	}
	if strings.ContainsAny(raw, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(raw, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	rel = strings.TrimPrefix(path.Clean(raw), "/")
	if rel == "" {
		rel = "."
	}
	if !fs.ValidPath(rel) {
		return "", false
	}
	return rel, true
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SetSecurityHeaders(w.Header())
	if !IsLoopbackHost(r.Host) {
		http.Error(w, "preview server: Host must be localhost or a loopback address", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// RawPath keeps %2F and %2e as sent; refuse encoded separators and
	// dots outright rather than decode them into something else.
	if raw := r.URL.EscapedPath(); strings.Contains(strings.ToLower(raw), "%2f") || strings.Contains(strings.ToLower(raw), "%5c") || strings.Contains(strings.ToLower(raw), "%00") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if h.Reload != nil {
		switch r.URL.Path {
		case "/__livereload":
			h.Reload.ServeHTTP(w, r)
			return
		case "/__livereload.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			_, _ = w.Write(liveReloadJS)
			return
		}
	}
	base := "/"
	if h.BasePath != nil {
		if b := h.BasePath(); strings.HasPrefix(b, "/") && strings.HasSuffix(b, "/") {
			base = b
		}
	}
	urlPath := r.URL.Path
	if base != "/" {
		switch {
		case strings.HasPrefix(urlPath, base):
			urlPath = "/" + strings.TrimPrefix(urlPath, base)
		case urlPath+"/" == base:
			redirect(w, r, base)
			return
		default:
			outsideBase(w, base)
			return
		}
	}
	rel, ok := CleanPath(urlPath)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	fsys := h.Site()
	fi, err := fs.Stat(fsys, rel)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			// Built from the cleaned path, not the request's: "//x"
			// would come back as "//x/", which a browser reads as the
			// host x.
			redirect(w, r, base+rel+"/")
			return
		}
		rel = path.Join(rel, "index.html")
		fi, err = fs.Stat(fsys, rel)
	}
	if err != nil || !fi.Mode().IsRegular() {
		h.notFound(w, r, fsys)
		return
	}
	h.serveFile(w, r, fsys, rel, http.StatusOK)
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, rel string, status int) {
	f, err := fsys.Open(rel)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	injected := h.Reload != nil && isHTML(rel)
	if injected {
		b = inject(b)
	}
	cacheControl := "no-cache"
	if h.CacheControl != nil && status == http.StatusOK {
		cacheControl = h.CacheControl(rel)
	}
	w.Header().Set("Cache-Control", cacheControl)
	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(b)
		}
		return
	}
	// The validator is the hash of the bytes sent (after placeholders are
	// filled and the script injected), and there is no Last-Modified: its
	// one-second resolution would call two builds within a second the
	// same, and a revalidating browser would keep the first one's bytes.
	tag := etag(b)
	if h.serveEncoded(w, r, fsys, rel, b, tag, !injected) {
		return
	}
	w.Header().Set("ETag", tag)
	http.ServeContent(w, r, rel, time.Time{}, bytes.NewReader(b))
}

// redirect sends the browser to target, a path on this site, keeping the
// query.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	u := url.URL{Path: target, RawQuery: r.URL.RawQuery}
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusMovedPermanently)
}

// outsideBase answers a request outside the base path as Hugo's server
// does, with a 404, but says where the site is.
func outsideBase(w http.ResponseWriter, base string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, "404 page not found: this site is built for the base path "+base+
		" (baseURL in content/site.yaml, or -base-url), so every page is under "+base+". Open "+base+" instead.\n")
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, fsys fs.FS) {
	if _, err := fs.Stat(fsys, "404.html"); err == nil {
		h.serveFile(w, r, fsys, "404.html", http.StatusNotFound)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// IdleTimeout is how long the preview keeps a keep-alive connection that
// sends nothing: without it, every client that goes quiet keeps a socket
// and a goroutine for ever.
const IdleTimeout = 2 * time.Minute

// NewHTTPServer is the http.Server the preview runs h on. Go's server
// answers "OPTIONS *" by itself unless told not to, which would skip h's
// Host check and security headers; h refuses it like any other method.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: IdleTimeout, DisableGeneralOptionsHandler: true}
}
