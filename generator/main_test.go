package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"ketref/generator/site"
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

// TestBuildPrecompressFlag: -precompress takes assets (the default), all
// and none, and the true and false of the earlier boolean flag; each
// writes the forms its mode plans (pages only under all). Anything else
// is refused before building, with a message listing the choices.
func TestBuildPrecompressFlag(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the compression cache
	tests := []struct {
		args          []string
		code          int
		pages, assets bool
	}{
		{nil, 0, false, true},
		{[]string{"-precompress=assets"}, 0, false, true},
		{[]string{"-precompress", "all"}, 0, true, true},
		{[]string{"-precompress=true"}, 0, true, true},
		{[]string{"-precompress=none"}, 0, false, false},
		{[]string{"-precompress=false"}, 0, false, false},
		{[]string{"-precompress=pages"}, 2, false, false},
		{[]string{"-precompress=ALL"}, 2, false, false},
		{[]string{"-precompress"}, 2, false, false},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var stdout, stderr bytes.Buffer
			args := append([]string{"build", "-content", "site/testdata/golden/basic/content", "-templates", "site/testdata/golden/basic/templates", "-out", out}, tt.args...)
			if code := run(args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr.String())
			}
			if tt.code != 0 {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a refused build wrote %s: %v", out, err)
				}
				if tt.args[0] != "-precompress" { // a value, not a missing one
					for _, want := range []string{"assets", "all", "none", "true means all, false none"} {
						if !strings.Contains(stderr.String(), want) {
							t.Errorf("refusal does not name %q:\n%s", want, stderr.String())
						}
					}
				}
				return
			}
			pages, assets := 0, 0
			err := filepath.WalkDir(out, func(p string, _ os.DirEntry, err error) error {
				switch {
				case err != nil:
					return err
				case strings.HasSuffix(p, ".html.br"):
					pages++
				case regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)\.br$`).MatchString(p):
					assets++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if (pages > 0) != tt.pages || (assets > 0) != tt.assets {
				t.Errorf("%d pages and %d assets have .br forms; want pages %v, assets %v", pages, assets, tt.pages, tt.assets)
			}
		})
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

// project makes a throwaway project (go.mod, content/, templates/, a
// calculators folder calc/) inside a fresh folder, makes it the working
// folder, and returns the folder that holds it and its name.
func project(t *testing.T) (outer, name string) {
	t.Helper()
	outer = t.TempDir()
	name = "proj"
	dir := filepath.Join(outer, name)
	for from, to := range map[string]string{"site/testdata/golden/basic/content": "content", "site/testdata/golden/basic/templates": "templates"} {
		if err := os.CopyFS(filepath.Join(dir, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	for file, data := range map[string]string{"go.mod": "module proj\n", "calc/main.go": "package main\n", "notes/todo.txt": "mine\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, file)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return outer, name
}

// snapshot records every path under root: folders, file bytes and link
// targets, without following links.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.IsDir():
			got[rel] = "folder"
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			got[rel] = "link to " + target
			return err
		default:
			b, err := os.ReadFile(p)
			got[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// An output folder that is, holds or lies inside the sources or the
// project, or whose kept copy would land on them, is refused before
// anything is written, however often the build is run.
func TestBuildRefusesDangerousOut(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, outer, proj string)
		args  []string
	}{
		{name: "content", args: []string{"-out", "content"}},
		{name: "content with a trailing slash", args: []string{"-out", "content/"}},
		{name: "content spelled with dots", args: []string{"-out", "./templates/../content/."}},
		{name: "inside content", args: []string{"-out", "content/out"}},
		{name: "templates", args: []string{"-out", "templates"}},
		{name: "inside templates", args: []string{"-out", "templates/static/public"}},
		{name: "calculators", args: []string{"-wasm", "calc", "-out", "calc"}},
		{name: "working folder", args: []string{"-out", "."}},
		{name: "project by its name", args: []string{"-out", "../proj"}},
		{name: "project by an absolute path", setup: func(t *testing.T, outer, proj string) {}, args: []string{"-out", "ABS"}},
		{name: "folder holding the project", args: []string{"-out", ".."}},
		{name: "link to content", setup: func(t *testing.T, outer, proj string) {
			if err := os.Symlink("content", "site"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"-out", "site"}},
		{name: "inside content reached through a link", setup: func(t *testing.T, outer, proj string) {
			if err := os.Symlink("content", "c"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"-content", "c", "-out", "content/public"}},
		{name: "kept output would replace content", setup: func(t *testing.T, outer, proj string) {
			if err := os.Rename("content", ".web.prev"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"-content", ".web.prev", "-out", "web"}},
		{name: "folder the generator did not write", args: []string{"-out", "notes"}},
		{name: "link to a folder the generator did not write", setup: func(t *testing.T, outer, proj string) {
			if err := os.Symlink("notes", "public"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{}},
		{name: "link to nowhere", setup: func(t *testing.T, outer, proj string) {
			if err := os.Symlink(filepath.Join(outer, "www"), "public"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{}},
		{name: "the project even with -force-out", args: []string{"-force-out", "-out", "../proj"}},
		{name: "content even with -force-out", args: []string{"-force-out", "-out", "content"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outer, name := project(t)
			proj := filepath.Join(outer, name)
			if tt.setup != nil {
				tt.setup(t, outer, proj)
			}
			args := append([]string{"build", "-templates", "templates"}, tt.args...)
			for i, a := range args {
				if a == "ABS" {
					args[i] = proj
				}
			}
			before := snapshot(t, outer)
			for run1 := range 2 {
				var stdout, stderr bytes.Buffer
				code := run(args, &stdout, &stderr)
				if code != 1 {
					t.Fatalf("run %d of %v: exit %d, want 1\n%s%s", run1+1, args, code, stdout.String(), stderr.String())
				}
				if msg := stderr.String(); !strings.Contains(msg, "-out") {
					t.Errorf("the message does not say which flag to change: %q", msg)
				}
				if after := snapshot(t, outer); !maps.Equal(before, after) {
					t.Fatalf("run %d of %v changed the files:\nbefore %v\n after %v", run1+1, args, before, after)
				}
			}
		})
	}
}

// The output is marked as the generator's, so that the next build may
// replace it; what it refuses without the mark it replaces with
// -force-out; an output from before the mark still counts as its own; a
// link to the output folder is followed and stays a link.
func TestBuildOutAccepted(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, outer, proj string)
		args   []string
		out    string // where the site lands, relative to the project
		intact []string
	}{
		{name: "default, twice", out: "public"},
		{name: "absolute path with a trailing slash", args: []string{"-out", "ABS/public/"}, out: "public"},
		{name: "beside the project", args: []string{"-out", "../site"}, out: "../site"},
		{name: "empty folder", setup: func(t *testing.T, outer, proj string) {
			if err := os.Mkdir("public", 0o755); err != nil {
				t.Fatal(err)
			}
		}, out: "public"},
		{name: "folder the generator did not write, with -force-out", args: []string{"-force-out", "-out", "notes"}, out: "notes"},
		{name: "output of a build before the mark", setup: func(t *testing.T, outer, proj string) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"build", "-templates", "templates"}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if err := os.Remove(filepath.Join("public", ".ketref-output")); err != nil {
				t.Fatal(err)
			}
		}, out: "public"},
		{name: "link to a folder elsewhere", setup: func(t *testing.T, outer, proj string) {
			if err := os.Mkdir(filepath.Join(outer, "www"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(outer, "www"), "public"); err != nil {
				t.Fatal(err)
			}
		}, out: "../www", intact: []string{"public"}},
		{name: "link with a trailing slash", setup: func(t *testing.T, outer, proj string) {
			if err := os.Mkdir(filepath.Join(outer, "www"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("../www", "public"); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"-out", "public/"}, out: "../www", intact: []string{"public"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outer, name := project(t)
			proj := filepath.Join(outer, name)
			if tt.setup != nil {
				tt.setup(t, outer, proj)
			}
			args := append([]string{"build", "-templates", "templates"}, tt.args...)
			for i, a := range args {
				args[i] = strings.Replace(a, "ABS", proj, 1)
			}
			links := map[string]string{}
			for _, l := range tt.intact {
				links[l], _ = os.Readlink(l)
			}
			sources := snapshot(t, "content")
			for run1 := range 2 {
				var stdout, stderr bytes.Buffer
				if code := run(args, &stdout, &stderr); code != 0 {
					t.Fatalf("run %d of %v: exit %d\n%s", run1+1, args, code, stderr.String())
				}
				for _, f := range []string{"index.html", "guide/index.html", ".ketref-output"} {
					if fi, err := os.Lstat(filepath.Join(tt.out, f)); err != nil || !fi.Mode().IsRegular() {
						t.Errorf("run %d: %s/%s: %v", run1+1, tt.out, f, err)
					}
				}
				if _, err := os.Stat(filepath.Join(tt.out, "todo.txt")); !os.IsNotExist(err) {
					t.Errorf("run %d: a file the build did not write is still in the output: %v", run1+1, err)
				}
				for l, target := range links {
					if got, err := os.Readlink(l); err != nil || got != target {
						t.Errorf("run %d: link %s = %q, %v; want it kept, to %q", run1+1, l, got, err, target)
					}
				}
				if !maps.Equal(sources, snapshot(t, "content")) {
					t.Fatalf("run %d changed the content folder", run1+1)
				}
				// Nothing is left beside the output but the kept copy.
				real, err := filepath.EvalSymlinks(tt.out)
				if err != nil {
					t.Fatal(err)
				}
				entries, _ := os.ReadDir(filepath.Dir(real))
				for _, e := range entries {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("run %d left %s", run1+1, e.Name())
					}
				}
			}
		})
	}
}

// A failed build, or one refused, leaves no staging folder behind.
func TestFailedBuildLeavesNoStaging(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T)
		args  []string
	}{
		{name: "content error", setup: func(t *testing.T) {
			if err := os.WriteFile(filepath.Join("content", "bad.md"), []byte("---\ntitle: Bad\n---\n[x](nowhere.md)\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "content error over a kept output", setup: func(t *testing.T) {
			for range 2 {
				var stdout, stderr bytes.Buffer
				if code := run([]string{"build", "-templates", "templates"}, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			if err := os.WriteFile(filepath.Join("content", "bad.md"), []byte("---\ntitle: Bad\n---\n[x](nowhere.md)\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "template error", setup: func(t *testing.T) {
			if err := os.WriteFile(filepath.Join("templates", "page.html"), []byte(`{{define "main"}}{{.Nope.Nope}}{{end}}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "refused output", args: []string{"-out", "notes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			project(t)
			if tt.setup != nil {
				tt.setup(t)
			}
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"build", "-templates", "templates"}, tt.args...), &stdout, &stderr); code != 1 {
				t.Fatalf("exit %d, want 1: %s", code, stderr.String())
			}
			entries, _ := os.ReadDir(".")
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("left %s", e.Name())
				}
			}
		})
	}
}

// A build interrupted (Ctrl-C, SIGTERM: its context ends) stops writing,
// removes its staging folder as a failed build does, keeps the output
// before last for reuse, and says so in one line.
func TestBuildInterrupted(t *testing.T) {
	tests := []struct {
		name string
		// earlier builds before the interrupted one
		earlier int
		// cancel ends the build's context before it starts, or else as
		// soon as its staging folder exists.
		early bool
	}{
		{name: "before the staging folder", early: true},
		{name: "in the staging folder"},
		{name: "in the reused output before last", earlier: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			project(t)
			bf := &buildFlags{content: "content", templates: "templates", out: "public", wasm: "none"}
			for range tt.earlier {
				var stdout, stderr bytes.Buffer
				if code := run([]string{"build", "-templates", "templates"}, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			before := snapshot(t, ".")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opt := bf.options(map[string]bool{})
			opt.Output = bf.outputOptions(false)
			staged := false
			opt.Stage = func(site.Stager) { staged = true; cancel() }
			if tt.early {
				cancel()
			}
			var stdout, stderr bytes.Buffer
			if build(ctx, opt, &stdout, &stderr) {
				t.Fatalf("the interrupted build succeeded: %s", stdout.String())
			}
			if !staged && !tt.early {
				t.Error("the build never staged, so the test proves nothing about its staging folder")
			}
			if got := stderr.String(); got != "build: interrupted; public was left unchanged\n" {
				t.Errorf("stderr = %q", got)
			}
			if after := snapshot(t, "."); !maps.Equal(before, after) {
				t.Errorf("the interrupted build changed the files:\nbefore %v\n after %v", before, after)
			}
		})
	}
}
