package preview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

const root = "../.."

// fixture is a running preview on a copy of some content, with one event
// stream connected as a browser's would be.
type fixture struct {
	dir    string
	addr   string
	events *bufio.Reader
	stop   func()
}

func startFixture(tb testing.TB, content string) *fixture {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(content)); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "templates"), os.DirFS(filepath.Join(root, "templates"))); err != nil {
		tb.Fatal(err)
	}
	p := New(Options{
		Site: site.Options{
			Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates")),
			Wasm: &wasmbuild.Options{ModuleRoot: root, Package: "./wasm", SourceDir: "wasm"},
		},
		ContentDir: filepath.Join(dir, "content"), TemplatesDir: filepath.Join(dir, "templates"),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, ln, ready) }()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/__livereload")
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{dir: dir, addr: addr, events: bufio.NewReader(resp.Body)}
	f.next(tb) // hello
	f.stop = func() { resp.Body.Close(); cancel(); <-done }
	return f
}

func (f *fixture) next(tb testing.TB) string {
	tb.Helper()
	typ, err := f.nextEvent()
	if err != nil {
		tb.Fatalf("event stream: %v", err)
	}
	return typ
}

func (f *fixture) nextEvent() (string, error) {
	var typ string
	for {
		line, err := f.events.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "event: ") {
			typ = strings.TrimPrefix(line, "event: ")
		}
		if line == "" && typ != "" {
			return typ, nil
		}
	}
}

// measure edits a file n times and returns the times from each write to
// the reload event reaching the stream.
func (f *fixture) measure(tb testing.TB, n int, file string, wantType string, change func(i int) []byte) []time.Duration {
	tb.Helper()
	var out []time.Duration
	for i := 0; i < n; i++ {
		data := change(i)
		start := time.Now()
		// Written to a temporary file and renamed over the old one, as a
		// safe-saving editor does; an in-place write can be read half-done
		// by a build, which then reports a passing error.
		if err := os.WriteFile(file+".tmp", data, 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.Rename(file+".tmp", file); err != nil {
			tb.Fatal(err)
		}
		if typ := f.next(tb); typ != wantType {
			tb.Fatalf("event %q, want %q", typ, wantType)
		}
		out = append(out, time.Since(start))
		time.Sleep(30 * time.Millisecond) // let the watcher go quiet
	}
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func report(b *testing.B, d []time.Duration) {
	b.ReportMetric(float64(percentile(d, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(d, 0.95).Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(percentile(d, 1).Microseconds())/1000, "max-ms")
}

func pageEdits(b *testing.B, f *fixture, page string) []time.Duration {
	file := filepath.Join(f.dir, "content", page)
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	return f.measure(b, b.N, file, "reload", func(i int) []byte {
		return append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit number %d.\n", i)...)
	})
}

func cssEdits(b *testing.B, f *fixture) []time.Duration {
	file := filepath.Join(f.dir, "templates", "static", "style.css")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	return f.measure(b, b.N, file, "css", func(i int) []byte {
		return append(append([]byte(nil), orig...), fmt.Sprintf("\n.edit-%d { color: red; }\n", i)...)
	})
}

// corpus makes a synthetic corpus with the shared script.
func corpus(b *testing.B, pages, refs int) string {
	dir := b.TempDir()
	script := filepath.Join(root, "..", "shared", "bench", "mkcorpus.py")
	if out, err := exec.Command("python3", script, dir, fmt.Sprint(pages), fmt.Sprint(refs)).CombinedOutput(); err != nil {
		b.Skipf("mkcorpus.py: %v %s", err, out)
	}
	return filepath.Join(dir, "content")
}

// BenchmarkSaveToReload measures the time from a file write to the reload
// event reaching a connected page, for a page edit and a CSS edit, on the
// review site and on 1000- and 10000-page corpora. Run with -benchtime=40x
// and read the p50-ms, p95-ms and max-ms metrics.
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("review/page", func(b *testing.B) {
		f := startFixture(b, filepath.Join(root, "content"))
		defer f.stop()
		b.ResetTimer()
		report(b, pageEdits(b, f, "mechanism.md"))
	})
	b.Run("review/css", func(b *testing.B) {
		f := startFixture(b, filepath.Join(root, "content"))
		defer f.stop()
		b.ResetTimer()
		report(b, cssEdits(b, f))
	})
	b.Run("corpus1000/page", func(b *testing.B) {
		f := startFixture(b, corpus(b, 1000, 2000))
		defer f.stop()
		b.ResetTimer()
		report(b, pageEdits(b, f, "section007/page00507.md"))
	})
	b.Run("corpus10000/page", func(b *testing.B) {
		f := startFixture(b, corpus(b, 10000, 5000))
		defer f.stop()
		b.ResetTimer()
		report(b, pageEdits(b, f, "section107/page05107.md"))
	})
	b.Run("corpus1000/css", func(b *testing.B) {
		f := startFixture(b, corpus(b, 1000, 2000))
		defer f.stop()
		b.ResetTimer()
		report(b, cssEdits(b, f))
	})
}

// TestChangeDuringBuildLeadsToOneMoreBuild: writes that arrive while a
// build runs are gathered into exactly one more build.
func TestChangeDuringBuildLeadsToOneMoreBuild(t *testing.T) {
	f := startFixture(t, filepath.Join(root, "content"))
	defer f.stop()
	file := filepath.Join(f.dir, "content", "about.md")
	orig, _ := os.ReadFile(file)
	for i := 0; i < 5; i++ {
		os.WriteFile(file+".tmp", append(append([]byte(nil), orig...), fmt.Sprintf("\nBurst %d.\n", i)...), 0o644)
		os.Rename(file+".tmp", file)
	}
	if typ := f.next(t); typ != "reload" {
		t.Fatalf("event %q", typ)
	}
	// No further event may follow for this burst.
	got := make(chan string, 1)
	go func() {
		if typ, err := f.nextEvent(); err == nil {
			got <- typ
		}
	}()
	select {
	case typ := <-got:
		t.Errorf("a second event %q for one burst of writes", typ)
	case <-time.After(400 * time.Millisecond):
	}
}

// TestLoadDuringRebuilds holds many concurrent page requests on loopback
// while the site is rebuilt again and again: every response must be a
// complete page, and none may fail. Bounded: 16 clients for about two
// seconds.
func TestLoadDuringRebuilds(t *testing.T) {
	f := startFixture(t, filepath.Join(root, "content"))
	defer f.stop()
	base := "http://" + f.addr
	pages := []string{"/", "/mechanism/", "/routes/intravenous/", "/safety/", "/references/", "/references/29/", "/calculators/dosing/", "/glossary/"}
	stop := time.Now().Add(2 * time.Second)
	type outcome struct {
		requests int
		problems []string
	}
	results := make(chan outcome, 16)
	for c := 0; c < 16; c++ {
		go func(c int) {
			var o outcome
			client := &http.Client{Timeout: 5 * time.Second}
			for i := 0; time.Now().Before(stop); i++ {
				url := base + pages[(c+i)%len(pages)]
				resp, err := client.Get(url)
				if err != nil {
					o.problems = append(o.problems, url+": "+err.Error())
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				o.requests++
				if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(string(body), "<!doctype html>") || !strings.HasSuffix(strings.TrimSpace(string(body)), "</html>") || strings.Contains(string(body), "__ketref_asset__") {
					o.problems = append(o.problems, fmt.Sprintf("%s: status %d, %d bytes", url, resp.StatusCode, len(body)))
				}
			}
			results <- o
		}(c)
	}
	file := filepath.Join(f.dir, "content", "mechanism.md")
	orig, _ := os.ReadFile(file)
	builds := 0
	for i := 0; time.Now().Before(stop); i++ {
		// Saved as editors that write safely do (a new file renamed over
		// the old), so no build reads a half-written page.
		tmp := file + ".tmp"
		os.WriteFile(tmp, append(append([]byte(nil), orig...), fmt.Sprintf("\nRebuild %d.\n", i)...), 0o644)
		os.Rename(tmp, file)
		if typ, err := f.nextEvent(); err != nil || typ != "reload" {
			t.Fatalf("rebuild %d: %q %v", i, typ, err)
		}
		builds++
	}
	total := 0
	for c := 0; c < 16; c++ {
		o := <-results
		total += o.requests
		for _, p := range o.problems {
			t.Error(p)
		}
	}
	t.Logf("%d requests during %d rebuilds, no error", total, builds)
	if builds < 5 || total < 100 {
		t.Errorf("too little load: %d requests, %d rebuilds", total, builds)
	}
}
