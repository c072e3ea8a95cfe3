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

	"ketref/generator/needs"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

const root = "../.."

// fixture is a running preview on a copy of some content, with one event
// stream connected as a browser's would be.
type fixture struct {
	dir    string
	addr   string
	events chan string // the stream's event types; closed when it ends
	stop   func()
}

// patience bounds every wait of a test. It only turns a hang into a
// failure; no result depends on it, so it is generous for loaded machines.
const patience = 60 * time.Second

func startFixture(tb testing.TB, content string, configure ...func(*Options)) *fixture {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(content)); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "templates"), os.DirFS(filepath.Join(root, "templates"))); err != nil {
		tb.Fatal(err)
	}
	opt := Options{
		Site: site.Options{
			Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates")),
			Wasm: &wasmbuild.Options{ModuleRoot: root, Package: "./wasm", SourceDir: "wasm"},
		},
		ContentDir: filepath.Join(dir, "content"), TemplatesDir: filepath.Join(dir, "templates"),
	}
	for _, c := range configure {
		c(&opt)
	}
	p := New(opt)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, ln, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		tb.Fatalf("preview: %v", err)
	}
	resp, err := http.Get("http://" + addr + "/__livereload")
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{dir: dir, addr: addr, events: make(chan string, 64)}
	go readEvents(bufio.NewReader(resp.Body), f.events)
	f.next(tb) // hello
	f.stop = func() { resp.Body.Close(); cancel(); <-done }
	return f
}

// readEvents sends the type of each event of the stream until it ends.
func readEvents(r *bufio.Reader, out chan<- string) {
	defer close(out)
	var typ string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "event: ") {
			typ = strings.TrimPrefix(line, "event: ")
		}
		if line == "" && typ != "" {
			out <- typ
			typ = ""
		}
	}
}

// next returns the type of the next event of the stream.
func (f *fixture) next(tb testing.TB) string {
	tb.Helper()
	select {
	case typ, ok := <-f.events:
		if !ok {
			tb.Fatal("the event stream ended")
		}
		return typ
	case <-time.After(patience):
		tb.Fatalf("no event within %v", patience)
	}
	return ""
}

// get fetches a page of the preview.
func (f *fixture) get(tb testing.TB, path string) string {
	tb.Helper()
	resp, err := http.Get("http://" + f.addr + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// save writes a file as a safe-saving editor does: a new file renamed over
// the old one, so that no build reads it half-written.
func save(tb testing.TB, file string, data []byte) {
	tb.Helper()
	if err := os.WriteFile(file+".tmp", data, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(file+".tmp", file); err != nil {
		tb.Fatal(err)
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
		// An in-place write can be read half-done by a build, which then
		// reports a passing error.
		save(tb, file, data)
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
	python := needs.Command(b, "python3", "apt-get install -y python3")
	script := needs.File(b, filepath.Join(root, "..", "shared", "bench", "mkcorpus.py"), "put the team's shared/ folder beside the repository (../shared/bench/mkcorpus.py)")
	if out, err := exec.Command(python, script, dir, fmt.Sprint(pages), fmt.Sprint(refs)).CombinedOutput(); err != nil {
		b.Fatalf("mkcorpus.py: %v %s", err, out)
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
