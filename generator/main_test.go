package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBuildCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "-content", "site/testdata/golden/basic/content", "-templates", "site/testdata/golden/basic/templates", "-out", out, "-base-url", "/x/"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !regexp.MustCompile(`^built 6 pages, \d+ files \([\d.]+ MB\) in \S+\n$`).MatchString(stdout.String()) {
		t.Errorf("summary = %q", stdout.String())
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !strings.Contains(string(index), `href="/x/guide/"`) {
		t.Errorf("-base-url not applied: %v", err)
	}
}

func TestBuildCommandFailure(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(content, "a.md"), []byte("---\ntitle: A\n---\n[x](b.md)\n\n[y](#nowhere)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "-content", content, "-templates", "site/testdata/golden/basic/templates", "-out", out}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	msg := stderr.String()
	for _, want := range []string{"a.md:4:1: link \"b.md\"", "a.md:6:1: link \"#nowhere\"", "build failed: 2 error(s)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("failed build wrote into the output: %v", entries)
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage") {
		t.Errorf("no args: exit %d, %q", code, stderr.String())
	}
	if code := run([]string{"frobnicate"}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code := run([]string{"build", "-nope"}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
}

func TestServeUntilCancelled(t *testing.T) {
	bf := &buildFlags{content: "site/testdata/golden/basic/content", templates: "site/testdata/golden/basic/templates", out: t.TempDir(), wasm: "no-such-folder"}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var log, stderr bytes.Buffer
	opt := previewOptions(bf, map[string]bool{}, "127.0.0.1:0", false, &log)
	go func() { done <- servePreview(ctx, opt, ready, &stderr) }()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/docs/guide/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<h1>Guide</h1>") || !strings.Contains(string(body), `<script src="/__livereload.js" defer></script></body>`) {
		t.Errorf("GET /docs/guide/ = %d %q", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if entries, _ := os.ReadDir(bf.out); len(entries) != 0 {
		t.Errorf("serve wrote into the output folder: %v", entries)
	}
}

// TestServeStopsOnSignals runs the real command and stops it with SIGINT
// and with SIGTERM: it must exit 0, saying so, and write nothing.
func TestServeStopsOnSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the command")
	}
	bin := filepath.Join(t.TempDir(), "generator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-content", "site/testdata/golden/basic/content",
				"-templates", "site/testdata/golden/basic/templates", "-wasm", "none", "-out", out)
			stdout, _ := cmd.StdoutPipe()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(stdout)
			var log []string
			for lines.Scan() {
				log = append(log, lines.Text())
				if strings.HasPrefix(lines.Text(), "serving at http://") {
					break
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			for lines.Scan() {
				log = append(log, lines.Text())
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit: %v\n%s\n%s", err, strings.Join(log, "\n"), stderr.String())
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 10 s after the signal")
			}
			if got := strings.Join(log, "\n"); !strings.Contains(got, "stopped") {
				t.Errorf("output lacks \"stopped\":\n%s", got)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("serve wrote files: %v", entries)
			}
		})
	}
}
