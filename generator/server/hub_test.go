package server

import (
	"bufio"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func liveServer(t *testing.T, hub *Hub) *httptest.Server {
	t.Helper()
	site := memorySite(t, map[string]string{"index.html": "<html><body><h1>hi</h1></body></html>", "style.css": "body{}"})
	srv := httptest.NewServer(&Handler{Site: func() fs.FS { return site }, Reload: hub})
	t.Cleanup(func() { hub.Close(); srv.Close() })
	return srv
}

// readEvent reads one "event:" block from a stream.
func readEvent(t *testing.T, r *bufio.Reader) (string, string) {
	t.Helper()
	var typ, data string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			typ = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && typ != "":
			return typ, data
		}
	}
}

func TestEventStream(t *testing.T) {
	hub := NewHub(2)
	hub.Publish(Event{Type: "errors", Build: 3, Errors: []Problem{{Location: "content/a.md:1:1", Message: "<b>bad</b>"}}})
	srv := liveServer(t, hub)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/__livereload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	typ, data := readEvent(t, r)
	if typ != "hello" || !strings.Contains(data, `"build":3`) || !strings.Contains(data, `content/a.md:1:1`) || !strings.Contains(data, `\u003cb\u003ebad`) {
		t.Errorf("hello = %s %s", typ, data)
	}
	for hub.Clients() != 1 {
		time.Sleep(5 * time.Millisecond)
	}
	if n := hub.Publish(Event{Type: "css", Build: 4, Swap: []Swap{{Old: "/a.1.css", New: "/a.2.css"}}}); n != 1 {
		t.Errorf("published to %d streams", n)
	}
	typ, data = readEvent(t, r)
	if typ != "css" || !strings.Contains(data, `"old":"/a.1.css"`) {
		t.Errorf("event = %s %s", typ, data)
	}
}

func TestEventStreamRefusesForeignOriginsAndTooManyClients(t *testing.T) {
	hub := NewHub(1)
	srv := liveServer(t, hub)
	get := func(origin string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/__livereload", nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	for _, o := range []string{"https://evil.example", "http://localhost.evil.com", "null", "http://127.0.0.1:1"} {
		if resp := get(o); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Origin %s: status %d", o, resp.StatusCode)
			resp.Body.Close()
		}
	}
	first := get(srv.URL) // same origin
	defer first.Body.Close()
	if first.StatusCode != 200 {
		t.Fatalf("same-origin stream refused: %d", first.StatusCode)
	}
	for hub.Clients() != 1 {
		time.Sleep(5 * time.Millisecond)
	}
	second := get("")
	second.Body.Close()
	if second.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("stream beyond the bound: status %d", second.StatusCode)
	}
}

func TestInjection(t *testing.T) {
	srv := liveServer(t, NewHub(4))
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b := new(strings.Builder)
	bufio.NewReader(resp.Body).WriteTo(b)
	resp.Body.Close()
	if b.String() != `<html><body><h1>hi</h1><script src="/__livereload.js" defer></script></body></html>` {
		t.Errorf("page = %q", b.String())
	}
	resp, _ = http.Get(srv.URL + "/style.css")
	b.Reset()
	bufio.NewReader(resp.Body).WriteTo(b)
	resp.Body.Close()
	if b.String() != "body{}" {
		t.Errorf("stylesheet altered: %q", b.String())
	}
	resp, _ = http.Get(srv.URL + "/__livereload.js")
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("script: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Without a hub nothing is injected and there is no stream.
	plainSite := memorySite(t, map[string]string{"index.html": "<body></body>"})
	plain := httptest.NewServer(&Handler{Site: func() fs.FS { return plainSite }})
	defer plain.Close()
	resp, _ = http.Get(plain.URL + "/")
	b.Reset()
	bufio.NewReader(resp.Body).WriteTo(b)
	resp.Body.Close()
	if strings.Contains(b.String(), "livereload") {
		t.Error("script injected without live reload")
	}
	resp, _ = http.Get(plain.URL + "/__livereload")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("stream served without live reload: %d", resp.StatusCode)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	hub := NewHub(4)
	srv := liveServer(t, hub)
	resp, err := http.Get(srv.URL + "/__livereload")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	readEvent(t, r)
	hub.Close()
	done := make(chan struct{})
	go func() { r.ReadString(0); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("stream still open after Close")
	}
}
