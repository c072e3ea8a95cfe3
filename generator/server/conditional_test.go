package server

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"ketref/generator/output"
)

// TestRevalidationSeesEveryBuild: two builds within the same second differ
// only in their bytes; a browser revalidating what it got from the first
// must get the second, whatever the file, and a 304 only for the bytes it
// has.
func TestRevalidationSeesEveryBuild(t *testing.T) {
	second := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) // both builds' stamp
	build := func(files map[string]string, assets map[string]string) *output.Memory {
		return memorySite(t, files).Snapshot(second, assets)
	}
	export := map[string]string{"export.json": `{"css":"` + output.Placeholder("style.css") + `"}`}
	tests := []struct {
		name, path    string
		first, second *output.Memory
		wantSecond    string
	}{
		{"search index", "/search-index.json",
			build(map[string]string{"search-index.json": `[{"t":"one"}]`}, nil),
			build(map[string]string{"search-index.json": `[{"t":"two"}]`}, nil),
			`[{"t":"two"}]`},
		{"sitemap, same length", "/sitemap.xml",
			build(map[string]string{"sitemap.xml": "<urlset>a</urlset>"}, nil),
			build(map[string]string{"sitemap.xml": "<urlset>b</urlset>"}, nil),
			"<urlset>b</urlset>"},
		{"image", "/img/fig.png",
			build(map[string]string{"img/fig.png": "\x89PNG\x01"}, nil),
			build(map[string]string{"img/fig.png": "\x89PNG\x02"}, nil),
			"\x89PNG\x02"},
		{"page with the live-reload script", "/a/",
			build(map[string]string{"a/index.html": "<body>one</body>"}, nil),
			build(map[string]string{"a/index.html": "<body>two</body>"}, nil),
			`<body>two<script src="/__livereload.js" defer></script></body>`},
		// The stored bytes are the same; the asset URL filled in when the
		// file is served is not.
		{"filled placeholder", "/export.json",
			build(export, map[string]string{"style.css": "/style.1.css"}),
			build(export, map[string]string{"style.css": "/style.2.css"}),
			`{"css":"/style.2.css"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var current atomic.Pointer[output.Memory]
			current.Store(tt.first)
			hub := NewHub(1)
			defer hub.Close()
			h := &Handler{Site: func() fs.FS { return current.Load() }, Reload: hub}
			get := func(hdr http.Header) *httptest.ResponseRecorder {
				req := httptest.NewRequest("GET", "http://127.0.0.1"+tt.path, nil)
				for k, v := range hdr {
					req.Header[k] = v
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			one := get(nil)
			etag := one.Header().Get("ETag")
			if one.Code != 200 || len(etag) < 3 || etag[0] != '"' {
				t.Errorf("first build: status %d, ETag %q, want 200 and a strong ETag", one.Code, etag)
			}
			// The browser revalidates with every validator it was given.
			conditional := http.Header{}
			if etag != "" {
				conditional.Set("If-None-Match", etag)
			}
			if lm := one.Header().Get("Last-Modified"); lm != "" {
				conditional.Set("If-Modified-Since", lm)
			}
			if again := get(conditional); again.Code != http.StatusNotModified {
				t.Errorf("unchanged: status %d, want 304", again.Code)
			}

			current.Store(tt.second)
			two := get(conditional)
			if two.Code != 200 || two.Body.String() != tt.wantSecond {
				t.Fatalf("after the second build: %d %q, want 200 %q", two.Code, two.Body.String(), tt.wantSecond)
			}
			etag2 := two.Header().Get("ETag")
			if etag2 == etag || etag2 == "" {
				t.Errorf("second build's ETag %q, first's %q", etag2, etag)
			}
			for _, inm := range []string{etag2, `"x", ` + etag2, "W/" + etag2, "*"} {
				if r := get(http.Header{"If-None-Match": {inm}}); r.Code != http.StatusNotModified || r.Body.Len() != 0 {
					t.Errorf("If-None-Match %s: status %d, body %d bytes; want 304, none", inm, r.Code, r.Body.Len())
				}
			}
		})
	}
}
