package watch

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ketref/generator/needs"
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

// TestSaveSequences replays, on real files, the event sequences editors
// produce when they save (measured with fsnotify on Linux): whatever
// batches they come in, exactly the saved paths are reported.
func TestSaveSequences(t *testing.T) {
	section := []string{"section"}
	for i := 0; i < 20; i++ {
		section = append(section, "section/deep/p"+string(rune('a'+i))+".md")
	}
	tests := []struct {
		name string
		save func(t *testing.T, dir string)
		want []string
	}{
		{"in-place write", func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, "page.md"), os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("new")
			f.Close()
		}, []string{"page.md"}},
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
		}, []string{"page.md"}},
		{"JetBrains safe-write: the target gets no WRITE", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "page.md")
			write(t, p+"___jb_tmp___", "new")
			os.Rename(p, p+"___jb_old___")
			os.Rename(p+"___jb_tmp___", p)
			os.Remove(p + "___jb_old___")
		}, []string{"page.md"}},
		{"atomic rename over the target", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, ".page.md.tmp"), "new")
			os.Rename(filepath.Join(dir, ".page.md.tmp"), filepath.Join(dir, "page.md"))
		}, []string{"page.md"}},
		{"Emacs: lock file and auto-save", func(t *testing.T, dir string) {
			os.Symlink("user@host.1234", filepath.Join(dir, ".#page.md"))
			write(t, filepath.Join(dir, "#page.md#"), "autosave")
			write(t, filepath.Join(dir, "page.md"), "new")
			os.Remove(filepath.Join(dir, ".#page.md"))
			os.Remove(filepath.Join(dir, "#page.md#"))
		}, []string{"page.md"}},
		{"delete a page", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "page.md"))
		}, []string{"page.md"}},
		{"rename a page", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "page.md"), filepath.Join(dir, "renamed.md"))
		}, []string{"page.md", "renamed.md"}},
		{"a folder made in a hidden folder and moved in", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, ".staging")
			os.MkdirAll(filepath.Join(tmp, "deep"), 0o755)
			for i := 0; i < 20; i++ {
				write(t, filepath.Join(tmp, "deep", "p"+string(rune('a'+i))+".md"), "x")
			}
			os.Rename(tmp, filepath.Join(dir, "section"))
		}, section},
		{"chmod alone", func(t *testing.T, dir string) {
			os.Chmod(filepath.Join(dir, "page.md"), 0o600)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tempDir(t)
			write(t, filepath.Join(dir, "page.md"), "old")
			w := start(t, Options{Roots: []string{dir}})
			tt.save(t, dir)
			got := settle(t, w, dir, dir)
			// A hidden folder renamed before its creation was read cannot
			// be told from a hidden file (which may be a template's), so
			// its name may be reported; nothing inside it may.
			got = slices.DeleteFunc(got, func(p string) bool { return p == ".staging" })
			if !slices.Equal(got, tt.want) {
				t.Errorf("reported %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFolderCreatedAfterStartIsWatched(t *testing.T) {
	dir := tempDir(t)
	w := start(t, Options{Roots: []string{dir}})
	must(t, os.Mkdir(filepath.Join(dir, "new"), 0o755))
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"new"}) {
		t.Errorf("mkdir: %q", got)
	}
	write(t, filepath.Join(dir, "new", "later.md"), "x")
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"new/later.md"}) {
		t.Errorf("a file in the new folder: %q", got)
	}
	must(t, os.RemoveAll(filepath.Join(dir, "new")))
	if got := settle(t, w, dir, dir); !slices.Contains(got, "new") {
		t.Errorf("removal: %q", got)
	}
}

// TestPoll: the first scan is made before New returns, so a save right
// after it is a change, however late the polling goroutine starts.
func TestPoll(t *testing.T) {
	dir := tempDir(t)
	write(t, filepath.Join(dir, "page.md"), "old")
	w := start(t, Options{Roots: []string{dir}, Poll: 20 * time.Millisecond})
	write(t, filepath.Join(dir, "page.md"), "newer content")
	write(t, filepath.Join(dir, "page.md.swp"), "ignored")
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"page.md"}) {
		t.Errorf("reported %q", got)
	}
	// A root that goes and comes back is scanned again.
	must(t, os.Rename(dir, dir+".away"))
	t.Cleanup(func() { os.RemoveAll(dir + ".away") })
	must(t, os.Mkdir(dir, 0o755))
	write(t, filepath.Join(dir, "page.md"), "back")
	if got := settle(t, w, dir, dir); !slices.Contains(got, "page.md") {
		t.Errorf("after the root came back: %q", got)
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
	vim := needs.Command(t, "vim", "apt-get install -y vim runs this test with a real editor")
	dir := tempDir(t)
	p := filepath.Join(dir, "page.md")
	write(t, p, "old\n")
	w := start(t, Options{Roots: []string{dir}})
	cmd := exec.Command(vim, "-u", "NONE", "-N", "-es", "-c", "set backup writebackup backupcopy=no", "-c", "normal Gonew line", "-c", "wq", p)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vim: %v\n%s", err, out)
	}
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"page.md"}) {
		t.Errorf("reported %q", got)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "new line") {
		t.Errorf("vim did not save: %q", b)
	}
}
