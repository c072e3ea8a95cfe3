package watch

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tempDir makes a folder outside /tmp, where vim (and other editors) save
// by renaming rather than writing in place.
func tempDir(t *testing.T) string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		base = "."
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(base, "ketref-watch-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, opt Options) *Watcher {
	t.Helper()
	w, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next waits for one batch; none arriving within a second is an error.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches:
		return b.Paths
	case err := <-w.Errors:
		t.Fatalf("watch error: %v", err)
	case <-time.After(2 * time.Second):
		t.Fatal("no batch")
	}
	return nil
}

func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches:
		t.Fatalf("unexpected batch %v", b.Paths)
	case <-time.After(200 * time.Millisecond):
	}
}

func rel(dir string, paths []string) string {
	var out []string
	for _, p := range paths {
		r, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(r))
	}
	return strings.Join(out, " ")
}

// TestSaveSequences replays, on real files, the event sequences editors
// produce when they save (measured with fsnotify on Linux).
func TestSaveSequences(t *testing.T) {
	tests := []struct {
		name string
		save func(t *testing.T, dir string)
		want string
	}{
		{"in-place write", func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, "page.md"), os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("new")
			f.Close()
		}, "page.md"},
		{"vim: rename to backup, create, write, chmod, remove backup", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "page.md")
			write(t, filepath.Join(dir, ".page.md.swp"), "swap")
			write(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			os.Rename(p, p+"~")
			write(t, p, "new")
			os.Chmod(p, 0o600)
			os.Remove(p + "~")
			os.Remove(filepath.Join(dir, ".page.md.swp"))
		}, "page.md"},
		{"JetBrains safe-write: the target gets no WRITE", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "page.md")
			write(t, p+"___jb_tmp___", "new")
			os.Rename(p, p+"___jb_old___")
			os.Rename(p+"___jb_tmp___", p)
			os.Remove(p + "___jb_old___")
		}, "page.md"},
		{"atomic rename over the target", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, ".page.md.tmp"), "new")
			os.Rename(filepath.Join(dir, ".page.md.tmp"), filepath.Join(dir, "page.md"))
		}, "page.md"},
		{"Emacs: lock file and auto-save", func(t *testing.T, dir string) {
			os.Symlink("user@host.1234", filepath.Join(dir, ".#page.md"))
			write(t, filepath.Join(dir, "#page.md#"), "autosave")
			write(t, filepath.Join(dir, "page.md"), "new")
			os.Remove(filepath.Join(dir, ".#page.md"))
			os.Remove(filepath.Join(dir, "#page.md#"))
		}, "page.md"},
		{"delete a page", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "page.md"))
		}, "page.md"},
		{"rename a page", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "page.md"), filepath.Join(dir, "renamed.md"))
		}, "page.md renamed.md"},
		{"a folder created with files already inside", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, ".staging")
			os.MkdirAll(filepath.Join(tmp, "deep"), 0o755)
			for i := 0; i < 20; i++ {
				write(t, filepath.Join(tmp, "deep", "p"+string(rune('a'+i))+".md"), "x")
			}
			os.Rename(tmp, filepath.Join(dir, "section"))
		}, "section section/deep/pa.md section/deep/pb.md section/deep/pc.md section/deep/pd.md section/deep/pe.md section/deep/pf.md section/deep/pg.md section/deep/ph.md section/deep/pi.md section/deep/pj.md section/deep/pk.md section/deep/pl.md section/deep/pm.md section/deep/pn.md section/deep/po.md section/deep/pp.md section/deep/pq.md section/deep/pr.md section/deep/ps.md section/deep/pt.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tempDir(t)
			write(t, filepath.Join(dir, "page.md"), "old")
			w := start(t, Options{Roots: []string{dir}})
			tt.save(t, dir)
			got := rel(dir, next(t, w))
			// A folder's creation can arrive as the folder alone or with
			// its files; the files must be there.
			if got != tt.want && !(strings.HasPrefix(tt.want, "section") && strings.Contains(got, "section/deep/pt.md")) {
				t.Errorf("batch = %q, want %q", got, tt.want)
			}
			none(t, w)
		})
	}
}

func TestFolderCreatedAfterStartIsWatched(t *testing.T) {
	dir := tempDir(t)
	w := start(t, Options{Roots: []string{dir}})
	os.Mkdir(filepath.Join(dir, "new"), 0o755)
	next(t, w)
	write(t, filepath.Join(dir, "new", "later.md"), "x")
	if got := rel(dir, next(t, w)); got != "new/later.md" {
		t.Errorf("batch = %q", got)
	}
	os.RemoveAll(filepath.Join(dir, "new"))
	if got := rel(dir, next(t, w)); !strings.Contains(got, "new") {
		t.Errorf("removal batch = %q", got)
	}
}

func TestChmodOnlyIsIgnored(t *testing.T) {
	dir := tempDir(t)
	write(t, filepath.Join(dir, "page.md"), "x")
	w := start(t, Options{Roots: []string{dir}})
	os.Chmod(filepath.Join(dir, "page.md"), 0o600)
	none(t, w)
}

func TestBurstIsOneBatch(t *testing.T) {
	dir := tempDir(t)
	w := start(t, Options{Roots: []string{dir}, Quiet: 30 * time.Millisecond, MaxWait: time.Second})
	for i := 0; i < 50; i++ {
		write(t, filepath.Join(dir, "a.md"), strings.Repeat("x", i))
		write(t, filepath.Join(dir, "b.md"), strings.Repeat("y", i))
	}
	if got := rel(dir, next(t, w)); got != "a.md b.md" {
		t.Errorf("batch = %q", got)
	}
	none(t, w)
}

func TestMaxWaitCapsABusyStream(t *testing.T) {
	dir := tempDir(t)
	w := start(t, Options{Roots: []string{dir}, Quiet: 50 * time.Millisecond, MaxWait: 120 * time.Millisecond})
	stop := time.Now().Add(400 * time.Millisecond)
	begin := time.Now()
	go func() {
		for time.Now().Before(stop) {
			os.WriteFile(filepath.Join(dir, "busy.md"), []byte(time.Now().String()), 0o644)
			time.Sleep(10 * time.Millisecond)
		}
	}()
	next(t, w)
	if d := time.Since(begin); d > 350*time.Millisecond {
		t.Errorf("first batch after %v, although MaxWait is 120ms", d)
	}
	time.Sleep(450 * time.Millisecond)
	for len(w.Batches) > 0 {
		<-w.Batches
	}
}

func TestPoll(t *testing.T) {
	dir := tempDir(t)
	write(t, filepath.Join(dir, "page.md"), "old")
	w := start(t, Options{Roots: []string{dir}, Poll: 20 * time.Millisecond})
	time.Sleep(30 * time.Millisecond)
	write(t, filepath.Join(dir, "page.md"), "newer content")
	write(t, filepath.Join(dir, "page.md.swp"), "ignored")
	if got := rel(dir, next(t, w)); got != "page.md" {
		t.Errorf("batch = %q", got)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"page.md": false, "page.md~": true, ".page.md.swp": true, ".page.md.swx": true, "4913": true,
		"page.md___jb_tmp___": true, "page.md___jb_old___": true, ".#page.md": true, "#page.md#": true,
		"x.kate-swp": true, ".goutputstream-ABC": true, "style.css": false, "a#b.md": false,
	} {
		if got := Ignored("dir/" + name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestRealVim saves a file with vim itself, outside /tmp, where vim renames
// the original to a backup and writes a new file.
func TestRealVim(t *testing.T) {
	vim, err := exec.LookPath("vim")
	if err != nil {
		msg := "vim is not installed: `apt-get install -y vim` runs this test with a real editor"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := tempDir(t)
	p := filepath.Join(dir, "page.md")
	write(t, p, "old\n")
	w := start(t, Options{Roots: []string{dir}})
	cmd := exec.Command(vim, "-u", "NONE", "-N", "-es", "-c", "set backup writebackup backupcopy=no", "-c", "normal Gonew line", "-c", "wq", p)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vim: %v\n%s", err, out)
	}
	if got := rel(dir, next(t, w)); got != "page.md" {
		t.Errorf("batch = %q", got)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "new line") {
		t.Errorf("vim did not save: %q", b)
	}
}
