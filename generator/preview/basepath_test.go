package preview

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// basePreview runs a preview on a copy of the project's content and
// templates, after prepare has altered the copy, and returns the
// content folder, the server's URL and the event stream.
func basePreview(t *testing.T, prepare func(content string)) (content, base string, events *bufio.Reader) {
	t.Helper()
	dir := t.TempDir()
	content, templates := filepath.Join(dir, "content"), filepath.Join(dir, "templates")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(templates, os.DirFS(filepath.Join(root, "templates"))); err != nil {
		t.Fatal(err)
	}
	prepare(content)
	p := New(Options{
		Site: site.Options{
			Content: os.DirFS(content), Templates: os.DirFS(templates), ContentRoot: "content", TemplatesRoot: "templates",
			Wasm: &wasmbuild.Options{ModuleRoot: root, Package: "./wasm", SourceDir: "wasm"},
		},
		ContentDir: content, TemplatesDir: templates,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, ln, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("preview: %v", err)
	}
	resp, err := http.Get("http://" + addr + "/__livereload")
	if err != nil {
		cancel()
		<-done
		t.Fatal(err)
	}
	t.Cleanup(func() {
		resp.Body.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview stopped with %v", err)
		}
	})
	events = bufio.NewReader(resp.Body)
	if typ := nextEventType(t, events); typ != "hello" {
		t.Fatalf("first event %q, want hello", typ)
	}
	return content, "http://" + addr, events
}

func nextEventType(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	var typ string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "event: ") {
			typ = strings.TrimPrefix(line, "event: ")
		}
		if line == "" && typ != "" {
			return typ
		}
	}
}

// replaceIn replaces old by new in file the way a safe-saving editor does.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", file, old)
	}
	save(t, file, []byte(strings.Replace(string(b), old, new, 1)))
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	client := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestBasePathFollowsTheBuild changes baseURL while the preview runs, and
// fixes a first build that failed under a base path: each time the new
// base path is served at once, and the old one no longer serves the site.
func TestBasePathFollowsTheBuild(t *testing.T) {
	t.Run("baseURL changed while serving", func(t *testing.T) {
		content, base, events := basePreview(t, func(string) {})
		if code, body := get(t, base+"/mechanism/"); code != 200 || !strings.Contains(body, `href="/mechanism/`) {
			t.Fatalf("before the change: GET /mechanism/ = %d", code)
		}
		replaceIn(t, filepath.Join(content, "site.yaml"), "baseURL: /\n", "baseURL: /review/\n")
		if typ := nextEventType(t, events); typ != "reload" {
			t.Fatalf("event %q after the change, want reload", typ)
		}
		code, body := get(t, base+"/review/mechanism/")
		if code != 200 || !strings.Contains(body, `href="/review/mechanism/`) {
			t.Errorf("GET /review/mechanism/ = %d, want 200 with /review/ links", code)
		}
		if code, body := get(t, base+"/mechanism/"); code != 404 || !strings.Contains(body, "/review/") {
			t.Errorf("GET /mechanism/ = %d %.200q, want 404 naming /review/", code, body)
		}
	})
	t.Run("first build failed, then fixed", func(t *testing.T) {
		content, base, events := basePreview(t, func(content string) {
			replaceIn(t, filepath.Join(content, "site.yaml"), "baseURL: /\n", "baseURL: /review/\n")
			replaceIn(t, filepath.Join(content, "mechanism.md"), "---\n", "---\nno-such-front-matter: [unclosed\n")
		})
		if code, body := get(t, base+"/"); !strings.Contains(body, "has not built yet") {
			t.Fatalf("before the fix: GET / = %d %.200q, want the failed-build page", code, body)
		}
		replaceIn(t, filepath.Join(content, "mechanism.md"), "no-such-front-matter: [unclosed\n", "")
		if typ := nextEventType(t, events); typ != "reload" {
			t.Fatalf("event %q after the fix, want reload", typ)
		}
		if code, body := get(t, base+"/review/mechanism/"); code != 200 || !strings.Contains(body, `href="/review/mechanism/`) {
			t.Errorf("GET /review/mechanism/ = %d, want 200 with /review/ links", code)
		}
		if code, body := get(t, base+"/"); code != 404 || strings.Contains(body, "has not built yet") || !strings.Contains(body, "/review/") {
			t.Errorf("GET / = %d %.200q, want 404 naming /review/", code, body)
		}
	})
}
