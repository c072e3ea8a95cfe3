package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// patience bounds every wait for the watcher. It only turns a hang into a
// failure; no result depends on it, so it is generous for loaded machines.
const patience = 30 * time.Second

// settle writes a sentinel file into dir (in a root) and gathers every path reported
// until the sentinel is (inotify reports the events of one watcher in
// order, so nothing done before the sentinel can come after it). It
// returns the paths, sentinel excluded, relative to base: how the changes
// were split into batches does not matter.
func settle(t *testing.T, w *Watcher, base, dir string) []string {
	t.Helper()
	// A new name each time: the removal of the last sentinel is reported
	// too, and must not be taken for this one.
	f, err := os.CreateTemp(dir, "zz-sentinel-*.md")
	if err != nil {
		t.Fatal(err)
	}
	sentinel := f.Name()
	f.Close()
	seen := map[string]bool{}
	deadline := time.After(patience)
	for !seen[sentinel] {
		select {
		case b := <-w.Batches:
			for _, p := range b.Paths {
				seen[p] = true
			}
		case err := <-w.Errors:
			t.Fatalf("watch error: %v", err)
		case <-deadline:
			t.Fatalf("the sentinel was not reported within %v; so far: %v", patience, seen)
		}
	}
	if err := os.Remove(sentinel); err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := range seen {
		if p == sentinel || strings.HasPrefix(filepath.Base(p), "zz-sentinel") {
			continue
		}
		r, err := filepath.Rel(base, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	slices.Sort(out)
	return out
}

// TestRootMovedAwayAndBackIsWatchedAgain moves or deletes a watched root
// and brings it back: files saved in it afterwards must be reported.
func TestRootMovedAwayAndBackIsWatchedAgain(t *testing.T) {
	tests := []struct {
		name string
		// moved: the root's files are not deleted, so none of them may be
		// reported, not even as the moved copy is edited.
		moved bool
		away  func(t *testing.T, root, elsewhere string)
		back  func(t *testing.T, root, elsewhere string)
	}{
		{"moved away and back", true, func(t *testing.T, root, elsewhere string) {
			must(t, os.Rename(root, elsewhere))
		}, func(t *testing.T, root, elsewhere string) {
			must(t, os.Rename(elsewhere, root))
		}},
		{"deleted and made again, as a move across file systems does", false, func(t *testing.T, root, elsewhere string) {
			must(t, os.CopyFS(elsewhere, os.DirFS(root)))
			must(t, os.RemoveAll(root))
		}, func(t *testing.T, root, elsewhere string) {
			must(t, os.CopyFS(root, os.DirFS(elsewhere)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tempDir(t)
			root, elsewhere := filepath.Join(dir, "content"), filepath.Join(dir, "moved")
			// The sentinels go into a second root, which stays.
			other := filepath.Join(dir, "templates")
			must(t, os.Mkdir(other, 0o755))
			must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o755))
			write(t, filepath.Join(root, "page.md"), "old")
			write(t, filepath.Join(root, "sub", "deep.md"), "old")
			// A sibling of the root, in the folder now also watched.
			write(t, filepath.Join(dir, "notes.md"), "x")
			w := start(t, Options{Roots: []string{root, other}})

			tt.away(t, root, elsewhere)
			// Saves in the moved folder are not the root's.
			write(t, filepath.Join(elsewhere, "page.md"), "away")
			write(t, filepath.Join(elsewhere, "sub", "deep.md"), "away")
			if got := settle(t, w, dir, other); !slices.Contains(got, "content") || tt.moved && slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, "content/") }) {
				t.Errorf("after moving away: %v, want content (and, after a move, nothing inside it)", got)
			}
			tt.back(t, root, elsewhere)
			if got := settle(t, w, dir, other); !slices.Contains(got, "content") {
				t.Errorf("after moving back: %v, want content", got)
			}
			write(t, filepath.Join(root, "page.md"), "new")
			write(t, filepath.Join(root, "sub", "deep.md"), "new")
			if got := settle(t, w, dir, root); !slices.Equal(got, []string{"content/page.md", "content/sub/deep.md"}) {
				t.Errorf("saves after the root came back: %v", got)
			}
			write(t, filepath.Join(dir, "notes.md"), "y")
			if got := settle(t, w, dir, root); len(got) != 0 {
				t.Errorf("a sibling of the root reported: %v", got)
			}
		})
	}
}

// TestRootMadeAfterStart: a root missing at the start is watched once it
// appears.
func TestRootMadeAfterStart(t *testing.T) {
	dir := tempDir(t)
	root, other := filepath.Join(dir, "content"), filepath.Join(dir, "templates")
	must(t, os.Mkdir(other, 0o755))
	w := start(t, Options{Roots: []string{root, other}})
	must(t, os.Mkdir(root, 0o755))
	if got := settle(t, w, dir, other); !slices.Equal(got, []string{"content"}) {
		t.Errorf("root made: %v", got)
	}
	write(t, filepath.Join(root, "page.md"), "x")
	if got := settle(t, w, dir, root); !slices.Equal(got, []string{"content/page.md"}) {
		t.Errorf("save in the new root: %v", got)
	}
}

// TestFoldersMadeAfterStartAreWatched: mkdir -p of nested folders, a file
// in the deepest, then (once that was reported, so the folders' watches
// are in place) another file there, and a folder renamed within the root.
func TestFoldersMadeAfterStartAreWatched(t *testing.T) {
	dir := tempDir(t)
	w := start(t, Options{Roots: []string{dir}})
	must(t, os.MkdirAll(filepath.Join(dir, "a", "b", "c"), 0o755))
	write(t, filepath.Join(dir, "a", "b", "c", "first.md"), "x")
	if got := settle(t, w, dir, dir); !slices.Contains(got, "a/b/c/first.md") {
		t.Errorf("after mkdir -p: %v", got)
	}
	write(t, filepath.Join(dir, "a", "b", "c", "second.md"), "x")
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"a/b/c/second.md"}) {
		t.Errorf("a file in the nested folder: %v", got)
	}
	must(t, os.Rename(filepath.Join(dir, "a"), filepath.Join(dir, "renamed")))
	if got := settle(t, w, dir, dir); !slices.Contains(got, "a") || !slices.Contains(got, "renamed") {
		t.Errorf("folder renamed: %v", got)
	}
	write(t, filepath.Join(dir, "renamed", "b", "c", "third.md"), "x")
	if got := settle(t, w, dir, dir); !slices.Equal(got, []string{"renamed/b/c/third.md"}) {
		t.Errorf("a file in the renamed folder: %v", got)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
