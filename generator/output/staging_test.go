package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestCommitReplacesWholeFolder(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	for i, files := range [][]string{{"a.html", "dir/b.html"}, {"a.html"}} {
		st, err := Begin(final, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, f := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := st.WriteFile(f, []byte(f)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if st.Files() != int64(len(files)) {
			t.Errorf("build %d: Files = %d", i, st.Files())
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(final, "dir", "b.html")); !os.IsNotExist(err) {
		t.Errorf("dir/b.html from the first build survived the second: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(final, "a.html")); err != nil || string(b) != "a.html" {
		t.Errorf("a.html = %q, %v", b, err)
	}
	if fi, err := os.Stat(final); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode: %v %v", fi.Mode(), err)
	}
	assertNoStaging(t, final)
}

func TestAbortLeavesPreviousOutput(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(final, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"old.html", Marker} {
		if err := os.WriteFile(filepath.Join(final, f), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Begin(final, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(final)
	if len(entries) != 2 || entries[1].Name() != "old.html" {
		t.Errorf("output after abort: %v", entries)
	}
	assertNoStaging(t, final)
}

func TestWriteFileRejectsEscapes(t *testing.T) {
	st, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	for _, p := range []string{"../x", "/abs", "a/../../x", `a\b`, "", Marker, Marker + "/x"} {
		if err := st.WriteFile(p, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", p)
		}
	}
}

func TestFailingWrites(t *testing.T) {
	st, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	full := errors.New("no space left on device")
	st.FailWritesWith(full)
	if err := st.WriteFile("a.html", []byte("x")); !errors.Is(err, full) {
		t.Errorf("err = %v", err)
	}
}

func TestBeginRefusesAFileAsOutput(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	if err := os.WriteFile(final, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(final, Options{}); err == nil {
		t.Error("Begin accepted a file as the output folder")
	}
}

func TestBeginUnwritableParent(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores permission bits; simulate with a parent that is a file.
		parent := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(parent, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Begin(filepath.Join(parent, "public"), Options{}); err == nil {
			t.Error("Begin succeeded under a file")
		}
		return
	}
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(parent, 0o755)
	if _, err := Begin(filepath.Join(parent, "public"), Options{}); err == nil {
		t.Error("Begin succeeded in a read-only folder")
	}
}

// assertNoStaging checks that nothing but the output and the kept
// previous output is left beside it.
func assertNoStaging(t *testing.T, final string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(final))
	for _, e := range entries {
		if e.Name() != filepath.Base(final) && e.Name() != filepath.Base(PrevDir(final)) {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

// build writes files (path to content) as one build and commits it.
func build(t *testing.T, final string, files map[string]string) {
	t.Helper()
	st, err := Begin(final, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Concurrently, as a build's workers write.
	var wg sync.WaitGroup
	for rel, data := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.WriteFile(rel, []byte(data)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel != "." {
				got[filepath.ToSlash(rel)+"/"] = ""
			}
			return nil
		}
		b, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every output carries the marker; the tests compare the rest.
	if got[Marker] != string(markerText) {
		t.Errorf("%s: %s = %q", root, Marker, got[Marker])
	}
	delete(got, Marker)
	return got
}

// Successive builds reuse the output before last: the result is always
// exactly what the last build wrote, unchanged files keep their inode (they
// were not written again), and whatever the kept tree had that the build
// does not is gone, including a file that became a folder and back.
func TestReuseOfOutputBeforeLast(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	builds := []map[string]string{
		{"index.html": "home", "a/index.html": "a1", "b/index.html": "b", "x": "file x"},
		{"index.html": "home", "a/index.html": "a2", "c/d/index.html": "d", "x/index.html": "x is a folder"},
		{"index.html": "home", "a/index.html": "a2", "c/d/index.html": "d", "x": "file x again", "a/extra.css": "e"},
		{"index.html": "home!", "a/index.html": "a2"},
		{"index.html": "home!", "a/index.html": "a2", "b/index.html": "b"},
		// The kept tree (two builds back) has folders y/ and y/z/ where
		// this build has a file y, and a file w where it has a folder.
		{"index.html": "home!", "a/index.html": "a2", "y/index.html": "y", "y/z/index.html": "z", "w": "w"},
		{"index.html": "home!", "a/index.html": "a2"},
		{"index.html": "home!", "a/index.html": "a2", "y": "y is a file", "w/index.html": "w1", "w/sub/index.html": "w2", "w/sub/more.html": "w3"},
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, files := range builds {
		// Mark the kept copy of a file this build leaves unchanged.
		kept := filepath.Join(PrevDir(final), "a", "index.html")
		b, err := os.ReadFile(kept)
		unchanged := err == nil && string(b) == files["a/index.html"]
		if unchanged {
			if err := os.Chtimes(kept, old, old); err != nil {
				t.Fatal(err)
			}
		}
		build(t, final, files)
		want := map[string]string{}
		for rel, data := range files {
			want[rel] = data
			for d := filepath.Dir(rel); d != "."; d = filepath.Dir(d) {
				want[filepath.ToSlash(d)+"/"] = ""
			}
		}
		if got := readTree(t, final); !maps.Equal(got, want) {
			t.Errorf("build %d: output\n got %v\nwant %v", i, got, want)
		}
		if fi, err := os.Stat(filepath.Join(final, "a", "index.html")); unchanged && (err != nil || !fi.ModTime().Equal(old)) {
			t.Errorf("build %d: unchanged a/index.html was written again", i)
		}
		if i >= 3 && !unchanged {
			t.Errorf("build %d: the kept tree should have held a/index.html unchanged", i)
		}
		assertNoStaging(t, final)
	}
}

// A kept tree holding anything but files and folders is not reused.
func TestReuseRefusesSymlinks(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "public")
	outside := filepath.Join(dir, "outside.html")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, final, map[string]string{"a.html": "1"})
	build(t, final, map[string]string{"a.html": "2"})
	prev := PrevDir(final)
	if err := os.Remove(filepath.Join(prev, "a.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(prev, "a.html")); err != nil {
		t.Fatal(err)
	}
	build(t, final, map[string]string{"a.html": "3"})
	if b, _ := os.ReadFile(outside); string(b) != "secret" {
		t.Errorf("a write followed a symlink in the kept tree: outside.html = %q", b)
	}
	if got := readTree(t, final); !maps.Equal(got, map[string]string{"a.html": "3"}) {
		t.Errorf("output = %v", got)
	}
}

// A failed build over a reused tree leaves the output untouched and the
// next build still produces exactly its own files.
func TestAbortAfterReuse(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	build(t, final, map[string]string{"a.html": "1", "b.html": "1"})
	build(t, final, map[string]string{"a.html": "2", "b.html": "2"})
	st, err := Begin(final, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("c.html", []byte("half")); err != nil {
		t.Fatal(err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, final); !maps.Equal(got, map[string]string{"a.html": "2", "b.html": "2"}) {
		t.Errorf("output after abort = %v", got)
	}
	build(t, final, map[string]string{"a.html": "3"})
	if got := readTree(t, final); !maps.Equal(got, map[string]string{"a.html": "3"}) {
		t.Errorf("output = %v", got)
	}
	assertNoStaging(t, final)
}
