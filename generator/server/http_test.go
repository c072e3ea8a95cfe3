package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRedirectsStayOnThisSite: a folder's redirect to its slashed form
// keeps the query and never becomes a protocol-relative "//host/" URL,
// which a browser would follow to another site.
func TestRedirectsStayOnThisSite(t *testing.T) {
	root := testRoot(t)
	if err := os.MkdirAll(root+"/references", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(root+"/references/index.html", []byte("refs"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHandler(root)
	tests := []struct{ target, location string }{
		{"/a", "/a/"},
		{"/a?weight=70", "/a/?weight=70"},
		{"/a?weight=70&unit=kg", "/a/?weight=70&unit=kg"},
		{"//references", "/references/"},
		{"//references?x=1", "/references/?x=1"},
		{"///references", "/references/"},
		{"/references//", ""}, // a folder with its slash is served, not redirected
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			req := httptest.NewRequest("GET", "http://127.0.0.1"+tt.target, nil)
			req.Host = "127.0.0.1"
			req.RequestURI = tt.target
			// httptest.NewRequest reads "//references" as a host; a
			// server reads it as a path, as here.
			u, err := url.ParseRequestURI(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			req.URL = u
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if tt.location == "" {
				if rec.Code != 200 {
					t.Errorf("status %d, want 200", rec.Code)
				}
				return
			}
			if rec.Code != http.StatusMovedPermanently {
				t.Fatalf("status %d, want 301", rec.Code)
			}
			loc := rec.Header().Get("Location")
			if loc != tt.location {
				t.Errorf("Location = %q, want %q", loc, tt.location)
			}
			if u, err := url.Parse(loc); err != nil || u.Host != "" || u.Scheme != "" {
				t.Errorf("Location %q leaves the site", loc)
			}
		})
	}
}

// serveRaw runs h on NewHTTPServer, after adjust has changed the server,
// and returns its address.
func serveRaw(t *testing.T, h http.Handler, adjust func(*http.Server)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(h)
	adjust(srv)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// roundTrip writes a raw request on conn and reads the response.
func roundTrip(t *testing.T, conn net.Conn, br *bufio.Reader, raw string) *http.Response {
	t.Helper()
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestOptionsStarIsCheckedLikeEveryRequest: Go's http.Server answers
// "OPTIONS *" itself unless told not to, without the handler's Host check
// and security headers.
func TestOptionsStarIsCheckedLikeEveryRequest(t *testing.T) {
	addr := serveRaw(t, NewHandler(testRoot(t)), func(*http.Server) {})
	tests := []struct {
		host   string
		status int
	}{
		{"evil.example", http.StatusForbidden},
		{"192.168.1.5:1313", http.StatusForbidden},
		{"127.0.0.1", http.StatusMethodNotAllowed},
		{"localhost:1313", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			resp := roundTrip(t, conn, bufio.NewReader(conn), fmt.Sprintf("OPTIONS * HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", tt.host))
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "Referrer-Policy", "X-Frame-Options"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		})
	}
}

// TestIdleConnectionsAreClosed: a keep-alive connection that sends
// nothing more is closed by the server.
func TestIdleConnectionsAreClosed(t *testing.T) {
	if d := NewHTTPServer(http.NotFoundHandler()).IdleTimeout; d <= 0 || d > 5*time.Minute {
		t.Fatalf("IdleTimeout = %v, want a bound of a few minutes at most", d)
	}
	// The same server with the bound shortened, so the test need not wait
	// minutes for what it checks: that the server, not the client, ends an
	// idle connection.
	addr := serveRaw(t, NewHandler(testRoot(t)), func(s *http.Server) { s.IdleTimeout = 50 * time.Millisecond })
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	if resp := roundTrip(t, conn, br, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); resp.StatusCode != 200 || resp.Close {
		t.Fatalf("keep-alive request: status %d, close %v", resp.StatusCode, resp.Close)
	}
	// Only a guard against hanging for ever: the server closes the
	// connection long before.
	if err := conn.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: read gave %v, want EOF (closed by the server)", err)
	}
}

// TestServeUnderBasePath: with a base path, the site is served under it
// only; anything else is a 404 that names it, as the base path may have
// just changed under an open page.
func TestServeUnderBasePath(t *testing.T) {
	root := testRoot(t)
	base := "/review/"
	h := NewHandler(root)
	h.BasePath = func() string { return base }
	tests := []struct {
		target   string
		status   int
		body     string // contained in the body
		location string
	}{
		{"/review/", 200, "<h1>home</h1>", ""},
		{"/review/a/", 200, "<h1>a</h1>", ""},
		{"/review/a?weight=70", 301, "", "/review/a/?weight=70"},
		{"/review", 301, "", "/review/"},
		{"/review?x=1", 301, "", "/review/?x=1"},
		{"/", 404, "/review/", ""},
		{"/a/", 404, "/review/", ""},
		{"/reviewer/", 404, "/review/", ""},
		{"/review/nope/", 404, "<h1>not found</h1>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			req := httptest.NewRequest("GET", "http://127.0.0.1"+tt.target, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body %q lacks %q", rec.Body.String(), tt.body)
			}
			if loc := rec.Header().Get("Location"); loc != tt.location {
				t.Errorf("Location %q, want %q", loc, tt.location)
			}
		})
	}
	// The base path is asked for on every request.
	base = "/"
	req := httptest.NewRequest("GET", "http://127.0.0.1/a/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("after the base path became /: GET /a/ = %d", rec.Code)
	}
}
