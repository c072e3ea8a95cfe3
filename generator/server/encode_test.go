package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept, want string
	}{
		{"", ""},
		{"br", "br"},
		{"gzip", "gzip"},
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"gzip, deflate", "gzip"},
		{"br;q=0.5, gzip;q=0.8", "gzip"},
		{"br;q=0.8, gzip;q=0.8", "br"},
		{"BR;Q=1, gzip", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"identity", ""},
		{"identity;q=0", ""}, // nothing else is acceptable: the identity is sent anyway
		{"*", "br"},
		{"*;q=0.5, br;q=0", "gzip"},
		{"x-gzip", "gzip"},
		{"br;q=abc, gzip", "gzip"},
		{"br;q=2, gzip", "gzip"},
		{" , ;q=1", ""},
		{"br;foo=bar;q=0, gzip", "gzip"},
	}
	for _, tt := range tests {
		if got := negotiate(tt.accept); got != tt.want {
			t.Errorf("negotiate(%q) = %q, want %q", tt.accept, got, tt.want)
		}
	}
}

func decode(t *testing.T, enc string, body []byte) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "":
		return string(body)
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServeEncoded: a text file is sent in the encoding the request
// accepts, with the original's type, its own ETag and length, and Vary;
// the same request revalidated gets a 304 only for that encoding's ETag.
func TestServeEncoded(t *testing.T) {
	page := "<!doctype html><body>" + strings.Repeat("<p>ketamine 0.5 mg/kg over 40 minutes</p>", 100) + "</body>"
	css := strings.Repeat("body{color:#123}", 200)
	site := memorySite(t, map[string]string{
		"a/index.html":       page,
		"style.3f2a91c0.css": css,
		"small.js":           "x()", // under precompress.MinSize
		"img/fig.png":        strings.Repeat("\x89PNG", 400),
	})
	h := &Handler{Site: func() fs.FS { return site }}
	do := func(method, target string, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "http://127.0.0.1"+target, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name, method, target, accept string
		rangeHdr                     string
		wantEnc, wantType, wantBody  string
		wantVary                     bool
		wantStatus                   int
	}{
		{"brotli", "GET", "/a/", "gzip, deflate, br", "", "br", "text/html; charset=utf-8", page, true, 200},
		{"gzip", "GET", "/a/", "gzip", "", "gzip", "text/html; charset=utf-8", page, true, 200},
		{"gzip weighs more", "GET", "/style.3f2a91c0.css", "br;q=0.1, gzip;q=0.9", "", "gzip", "text/css; charset=utf-8", css, true, 200},
		{"both refused", "GET", "/a/", "br;q=0, gzip;q=0", "", "", "text/html; charset=utf-8", page, true, 200},
		{"identity", "GET", "/a/", "identity", "", "", "text/html; charset=utf-8", page, true, 200},
		{"no header", "GET", "/a/", "", "", "", "text/html; charset=utf-8", page, true, 200},
		{"HEAD", "HEAD", "/a/", "br", "", "br", "text/html; charset=utf-8", "", true, 200},
		{"range gets the identity", "GET", "/style.3f2a91c0.css", "br", "bytes=0-15", "", "text/css; charset=utf-8", css[:16], true, 206},
		{"small file", "GET", "/small.js", "br", "", "", "text/javascript; charset=utf-8", "x()", false, 200},
		{"not text", "GET", "/img/fig.png", "br", "", "", "image/png", strings.Repeat("\x89PNG", 400), false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := map[string]string{"Accept-Encoding": tt.accept}
			if tt.rangeHdr != "" {
				hdr["Range"] = tt.rangeHdr
			}
			rec := do(tt.method, tt.target, hdr)
			res := rec.Result()
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.wantStatus)
			}
			enc := res.Header.Get("Content-Encoding")
			if enc != tt.wantEnc {
				t.Errorf("Content-Encoding %q, want %q", enc, tt.wantEnc)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tt.wantVary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", res.Header.Get("Vary"), tt.wantVary)
			}
			body := rec.Body.Bytes()
			if tt.method == "HEAD" {
				if len(body) != 0 {
					t.Errorf("HEAD sent %d bytes", len(body))
				}
			} else if got := decode(t, enc, body); got != tt.wantBody {
				t.Errorf("body decodes to %.60q…, want %.60q…", got, tt.wantBody)
			}
			if cl := res.Header.Get("Content-Length"); tt.method == "GET" && cl != "" && cl != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s for %d bytes", cl, len(body))
			}
			if tt.wantEnc != "" && res.Header.Get("Content-Length") == "" {
				t.Error("no Content-Length")
			}
		})
	}

	// Each encoding has its own ETag; revalidating with one gets a 304
	// only in that encoding.
	tags := map[string]string{}
	for _, accept := range []string{"br", "gzip", "identity"} {
		rec := do("GET", "/a/", map[string]string{"Accept-Encoding": accept})
		tag := rec.Result().Header.Get("ETag")
		if !strings.HasPrefix(tag, `"`) || strings.HasPrefix(tag, "W/") {
			t.Fatalf("%s: ETag %q is not a strong validator", accept, tag)
		}
		for other, o := range tags {
			if o == tag {
				t.Errorf("%s and %s share the ETag %s", accept, other, tag)
			}
		}
		tags[accept] = tag
	}
	for accept := range tags {
		for sent, tag := range tags {
			rec := do("GET", "/a/", map[string]string{"Accept-Encoding": accept, "If-None-Match": tag})
			want := http.StatusOK
			if sent == accept {
				want = http.StatusNotModified
			}
			if got := rec.Result().StatusCode; got != want {
				t.Errorf("Accept-Encoding %s, If-None-Match the %s ETag: status %d, want %d", accept, sent, got, want)
			}
			if want == http.StatusNotModified {
				if rec.Body.Len() != 0 || rec.Result().Header.Get("ETag") != tag {
					t.Errorf("%s 304: body %d bytes, ETag %q", accept, rec.Body.Len(), rec.Result().Header.Get("ETag"))
				}
			}
		}
	}
}

// TestServePrecompressedFiles: a folder with a build's NAME.br serves
// those bytes as they are; a page with the live-reload script is
// compressed with the script in it, never from the file's own NAME.br.
func TestServePrecompressedFiles(t *testing.T) {
	page := "<!doctype html><body>" + strings.Repeat("<p>esketamine</p>", 200) + "</body>"
	marker := "precompressed by the build"
	var br bytes.Buffer
	w := brotli.NewWriter(&br)
	_, _ = io.WriteString(w, marker)
	_ = w.Close()
	fsys := fstest.MapFS{
		"a/index.html":    {Data: []byte(page)},
		"a/index.html.br": {Data: br.Bytes()},
	}
	hub := NewHub(1)
	defer hub.Close()
	for _, tt := range []struct {
		name   string
		reload *Hub
		want   string
	}{
		{"the build's form", nil, marker},
		{"live reload", hub, strings.Replace(page, "</body>", `<script src="/__livereload.js" defer></script></body>`, 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := &Handler{Site: func() fs.FS { return fsys }, Reload: tt.reload}
			req := httptest.NewRequest("GET", "http://127.0.0.1/a/", nil)
			req.Header.Set("Accept-Encoding", "br")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if enc := rec.Result().Header.Get("Content-Encoding"); enc != "br" {
				t.Fatalf("Content-Encoding %q", enc)
			}
			if got := decode(t, "br", rec.Body.Bytes()); got != tt.want {
				t.Errorf("body decodes to %.80q…, want %.80q…", got, tt.want)
			}
		})
	}
}

// TestCacheControl: with CacheControl set, a file gets the header it
// returns; without, no-cache.
func TestCacheControl(t *testing.T) {
	site := memorySite(t, map[string]string{"style.3f2a91c0.css": "body{}", "index.html": "<p>home</p>", "404.html": "<p>none</p>"})
	immutable := func(rel string) string {
		if strings.HasPrefix(rel, "style.") {
			return "public, max-age=31536000, immutable"
		}
		return "no-cache"
	}
	for _, tt := range []struct {
		name   string
		cc     func(string) string
		target string
		want   string
	}{
		{"preview", nil, "/style.3f2a91c0.css", "no-cache"},
		{"asset", immutable, "/style.3f2a91c0.css", "public, max-age=31536000, immutable"},
		{"page", immutable, "/", "no-cache"},
		{"missing page", immutable, "/nothing/", "no-cache"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := &Handler{Site: func() fs.FS { return site }, CacheControl: tt.cc}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1"+tt.target, nil))
			if got := rec.Result().Header.Get("Cache-Control"); got != tt.want {
				t.Errorf("Cache-Control %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEncodedFormsOutliveRebuilds: the preview's forms are kept by the
// ETag of the bytes they encode, so a rebuild that leaves a file as it was
// does not compress it again, and one that changes it gets a new form.
func TestEncodedFormsOutliveRebuilds(t *testing.T) {
	page := func(s string) map[string]string {
		return map[string]string{"a/index.html": "<body>" + strings.Repeat("<p>"+s+"</p>", 300) + "</body>"}
	}
	var current fs.FS
	hub := NewHub(1)
	defer hub.Close()
	h := &Handler{Site: func() fs.FS { return current }, Reload: hub}
	for _, tt := range []struct {
		name  string
		files map[string]string
		forms int
	}{
		{"first build", page("one"), 1},
		{"rebuilt, same bytes", page("one"), 1},
		{"rebuilt, new bytes", page("two"), 2},
	} {
		current = memorySite(t, tt.files)
		req := httptest.NewRequest("GET", "http://127.0.0.1/a/", nil)
		req.Header.Set("Accept-Encoding", "br")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Result().Header.Get("Content-Encoding") != "br" {
			t.Fatalf("%s: not compressed", tt.name)
		}
		if got := len(h.encoded.forms); got != tt.forms {
			t.Errorf("%s: %d files compressed, want %d", tt.name, got, tt.forms)
		}
	}
}

// TestServeGzipWhereBrotliLost: a file the build gave a .gz and no .br
// (brotli was larger) is sent as its .gz to a client that takes both, and
// compressed on request only for a client that takes brotli alone.
func TestServeGzipWhereBrotliLost(t *testing.T) {
	data := strings.Repeat(`{"docs":[[1,"Dose","dose","esketamine 56 mg"]]}`, 200)
	marker := "gzipped by the build"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = io.WriteString(zw, marker)
	_ = zw.Close()
	fsys := fstest.MapFS{
		"search/1a2b.json":    {Data: []byte(data)},
		"search/1a2b.json.gz": {Data: gz.Bytes()},
	}
	for _, tt := range []struct{ accept, enc, body string }{
		{"gzip, deflate, br", "gzip", marker},
		{"br;q=1, gzip;q=0.5", "gzip", marker},
		{"br", "br", data},
		{"gzip", "gzip", marker},
		{"identity", "", data},
	} {
		h := &Handler{Site: func() fs.FS { return fsys }}
		req := httptest.NewRequest("GET", "http://127.0.0.1/search/1a2b.json", nil)
		req.Header.Set("Accept-Encoding", tt.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		enc := rec.Result().Header.Get("Content-Encoding")
		if enc != tt.enc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tt.accept, enc, tt.enc)
			continue
		}
		if got := decode(t, enc, rec.Body.Bytes()); got != tt.body {
			t.Errorf("Accept-Encoding %q: body decodes to %.60q…, want %.60q…", tt.accept, got, tt.body)
		}
	}
}
