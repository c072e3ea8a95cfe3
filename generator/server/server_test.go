package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ketref/generator/headers"
	"ketref/generator/output"
)

// memorySite is a committed in-memory build of files.
func memorySite(t *testing.T, files map[string]string) *output.Memory {
	t.Helper()
	m := output.NewMemory(len(files))
	for p, data := range files {
		if err := m.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Commit(); err != nil {
		t.Fatal(err)
	}
	return m
}

func testRoot(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	root := filepath.Join(parent, "public")
	files := map[string]string{
		"index.html":       "<h1>home</h1>",
		"a/index.html":     "<h1>a</h1>",
		"style.abc123.css": "body{}",
		"404.html":         "<h1>not found</h1>",
	}
	for p, s := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A secret beside the root that no request may reach.
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestServe(t *testing.T) {
	h := NewHandler(testRoot(t))
	tests := []struct {
		name, method, target, host string
		status                     int
		body                       string
	}{
		{"home", "GET", "/", "127.0.0.1:1313", 200, "<h1>home</h1>"},
		{"folder index", "GET", "/a/", "localhost:1313", 200, "<h1>a</h1>"},
		{"folder without slash redirects", "GET", "/a", "localhost", 301, ""},
		{"asset", "GET", "/style.abc123.css", "[::1]:1313", 200, "body{}"},
		{"head", "HEAD", "/", "127.0.0.1", 200, ""},
		{"missing is the site's 404", "GET", "/nope/", "127.0.0.1", 404, "<h1>not found</h1>"},
		{"dot-dot", "GET", "/../secret.txt", "127.0.0.1", 400, ""},
		{"encoded dot-dot", "GET", "/%2e%2e/secret.txt", "127.0.0.1", 400, ""},
		{"encoded slash", "GET", "/..%2fsecret.txt", "127.0.0.1", 400, ""},
		{"backslash", "GET", "/..%5csecret.txt", "127.0.0.1", 400, ""},
		{"NUL", "GET", "/index.html%00.css", "127.0.0.1", 400, ""},
		{"very long path", "GET", "/" + strings.Repeat("a/", 2000), "127.0.0.1", 400, ""},
		{"POST", "POST", "/", "127.0.0.1", 405, ""},
		{"PUT", "PUT", "/", "127.0.0.1", 405, ""},
		{"DELETE", "DELETE", "/index.html", "127.0.0.1", 405, ""},
		{"foreign host (DNS rebinding)", "GET", "/", "evil.example:1313", 403, ""},
		{"private address host", "GET", "/", "192.168.1.5:1313", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://x"+tt.target, nil)
			req.Host = tt.host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d (body %q)", rec.Code, tt.status, rec.Body.String())
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", rec.Body.String(), tt.body)
			}
			if strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("served a file outside the root")
			}
			hdr := rec.Header()
			if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Content-Security-Policy") != headers.CalculatorContentSecurityPolicy || hdr.Get("Referrer-Policy") == "" {
				t.Errorf("security headers missing: %v", hdr)
			}
		})
	}
}

func TestServeOverRealHTTP(t *testing.T) {
	// httptest.NewServer listens on 127.0.0.1: the Host the client sends
	// is a loopback address, as a browser's would be.
	srv := httptest.NewServer(NewHandler(testRoot(t)))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/a/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /a/: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"/", ".", true},
		{"/a/b/", "a/b", true},
		{"/a//b", "a/b", true},
		{"/a/../b", "", false},
		{"/./a", "", false},
		{"a", "", false},
		{"/a\\b", "", false},
		{"/a\x00", "", false},
	}
	for _, tt := range tests {
		got, ok := CleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST:80": true, "127.0.0.1:1313": true, "127.8.9.10": true,
		"[::1]:1313": true, "app.localhost:1313": true,
		"example.org": false, "10.0.0.1": false, "localhost.evil.com": false, "": false, "0.0.0.0": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
