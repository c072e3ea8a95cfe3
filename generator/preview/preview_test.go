package preview

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ketref/generator/watch"
)

// TestChangeDuringBuildLeadsToOneMoreBuild: changes that arrive while a
// build runs are gathered into exactly one more build, which has the last
// content. The test feeds the batches itself and holds the build open, so
// what lands in which batch does not depend on the machine's speed.
func TestChangeDuringBuildLeadsToOneMoreBuild(t *testing.T) {
	batches := make(chan watch.Batch, 8)
	started := make(chan int, 8)
	release := make(chan struct{})
	f := startFixture(t, filepath.Join(root, "content"), func(o *Options) {
		o.Batches = batches
		o.BeforeBuild = func(n int) {
			if n == 0 {
				return // the first build, before serving
			}
			started <- n
			<-release
		}
	})
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			f.stop()
		}
	}
	defer stop()
	file := filepath.Join(f.dir, "content", "about.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	burst := func(i int) {
		save(t, file, append(append([]byte(nil), orig...), fmt.Sprintf("\nBurst %d.\n", i)...))
		batches <- watch.Batch{Paths: []string{file}, First: time.Now()}
	}
	awaitStart := func(want int) {
		t.Helper()
		select {
		case n := <-started:
			if n != want {
				t.Fatalf("build %d started, want %d", n, want)
			}
		case <-time.After(patience):
			t.Fatalf("build %d did not start", want)
		}
	}

	burst(0)
	awaitStart(1)
	for i := 1; i < 5; i++ { // four more saves while build 1 runs
		burst(i)
	}
	release <- struct{}{}
	if typ := f.next(t); typ != "reload" {
		t.Fatalf("build 1 sent %q", typ)
	}
	awaitStart(2)
	release <- struct{}{}
	if typ := f.next(t); typ != "reload" {
		t.Fatalf("build 2 sent %q", typ)
	}
	if page := f.get(t, "/about/"); !strings.Contains(page, "Burst 4.") {
		t.Error("the page lacks the last save")
	}
	close(batches)
	stop() // Run has returned: no build can start any more
	select {
	case n := <-started:
		t.Errorf("build %d started for changes already built", n)
	default:
	}
}

// TestContentMovedAwayAndBack: moving the content folder away fails the
// build; moving it back rebuilds, and saves in it rebuild again.
func TestContentMovedAwayAndBack(t *testing.T) {
	f := startFixture(t, filepath.Join(root, "content"))
	defer f.stop()
	content, away := filepath.Join(f.dir, "content"), filepath.Join(f.dir, "away")
	if err := os.Rename(content, away); err != nil {
		t.Fatal(err)
	}
	if typ := f.next(t); typ != "errors" {
		t.Fatalf("after moving content away: %q, want errors", typ)
	}
	if err := os.Rename(away, content); err != nil {
		t.Fatal(err)
	}
	if typ := f.next(t); typ != "reload" {
		t.Fatalf("after moving content back: %q, want reload", typ)
	}
	file := filepath.Join(content, "about.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	save(t, file, append(orig, "\nSaved after the move, MOVED-BACK-EDIT.\n"...))
	// The save may come in more than one batch; one of the builds has it.
	for !strings.Contains(f.get(t, "/about/"), "MOVED-BACK-EDIT") {
		if typ := f.next(t); typ != "reload" {
			t.Fatalf("after the save: %q, want reload", typ)
		}
	}
}

// TestLoadDuringRebuilds holds many concurrent page requests on loopback
// while the site is rebuilt again and again: every response must be a
// complete page, and none may fail. Each rebuild waits until every client
// has made requests since the last one, so the load and the rebuilds
// overlap however fast the machine is.
func TestLoadDuringRebuilds(t *testing.T) {
	const clients, rebuilds = 16, 8
	f := startFixture(t, filepath.Join(root, "content"))
	defer f.stop()
	base := "http://" + f.addr
	pages := []string{"/", "/mechanism/", "/routes/intravenous/", "/safety/", "/references/", "/references/29/", "/calculators/dosing/", "/glossary/"}
	type outcome struct {
		requests int
		problems []string
	}
	stop := make(chan struct{})
	served := make([]chan struct{}, clients)
	results := make(chan outcome, clients)
	for c := 0; c < clients; c++ {
		served[c] = make(chan struct{}, 1)
		go func(c int) {
			var o outcome
			client := &http.Client{Timeout: patience}
			for i := 0; ; i++ {
				select {
				case <-stop:
					results <- o
					return
				default:
				}
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
				select {
				case served[c] <- struct{}{}:
				default:
				}
			}
		}(c)
	}
	file := filepath.Join(f.dir, "content", "mechanism.md")
	orig, _ := os.ReadFile(file)
	for i := 0; i < rebuilds; i++ {
		for c := range served {
			select {
			case <-served[c]:
			case <-time.After(patience):
				t.Fatalf("client %d made no request before rebuild %d", c, i)
			}
		}
		save(t, file, append(append([]byte(nil), orig...), fmt.Sprintf("\nRebuild %d.\n", i)...))
		if typ := f.next(t); typ != "reload" {
			t.Fatalf("rebuild %d: %q", i, typ)
		}
	}
	close(stop)
	total := 0
	for c := 0; c < clients; c++ {
		o := <-results
		total += o.requests
		for _, p := range o.problems {
			t.Error(p)
		}
	}
	t.Logf("%d requests during %d rebuilds", total, rebuilds)
}
