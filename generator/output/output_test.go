package output

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestCommitReplacesWholeFolder(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	for i, files := range [][]string{{"a.html", "dir/b.html"}, {"a.html"}} {
		st, err := Begin(final)
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
	if err := os.WriteFile(filepath.Join(final, "old.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Begin(final)
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
	if len(entries) != 1 || entries[0].Name() != "old.html" {
		t.Errorf("output after abort: %v", entries)
	}
	assertNoStaging(t, final)
}

func TestWriteFileRejectsEscapes(t *testing.T) {
	st, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	for _, p := range []string{"../x", "/abs", "a/../../x", `a\b`, ""} {
		if err := st.WriteFile(p, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", p)
		}
	}
}

func TestFailingWrites(t *testing.T) {
	st, err := Begin(filepath.Join(t.TempDir(), "public"))
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
	if _, err := Begin(final); err == nil {
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
		if _, err := Begin(filepath.Join(parent, "public")); err == nil {
			t.Error("Begin succeeded under a file")
		}
		return
	}
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(parent, 0o755)
	if _, err := Begin(filepath.Join(parent, "public")); err == nil {
		t.Error("Begin succeeded in a read-only folder")
	}
}

func assertNoStaging(t *testing.T, final string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(final))
	for _, e := range entries {
		if e.Name() != filepath.Base(final) {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}
