package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// committed writes files into a new Memory and commits it.
func committed(t *testing.T, files map[string]string) *Memory {
	t.Helper()
	m := NewMemory(len(files))
	for p, data := range files {
		if err := m.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Commit(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMemoryShowsNothingUntilCommit(t *testing.T) {
	tests := []struct {
		name string
		// end ends the build (nil: it is still being written).
		end      func(*Memory) error
		wantOpen bool
		// wantWrite says a further WriteFile succeeds.
		wantWrite bool
	}{
		{"writing", nil, false, true},
		{"committed", (*Memory).Commit, true, false},
		{"aborted", (*Memory).Abort, false, false},
		{"aborted after commit", func(m *Memory) error {
			if err := m.Commit(); err != nil {
				return err
			}
			return m.Abort()
		}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMemory(0)
			if err := m.WriteFile("a/index.html", []byte("<p>a</p>")); err != nil {
				t.Fatal(err)
			}
			if tt.end != nil {
				if err := tt.end(m); err != nil {
					t.Fatal(err)
				}
			}
			for _, fsys := range []fs.FS{m, m.Snapshot(time.Time{}, nil)} {
				b, err := fs.ReadFile(fsys, "a/index.html")
				if got := err == nil && string(b) == "<p>a</p>"; got != tt.wantOpen {
					t.Errorf("ReadFile = %q, %v; want it readable: %v", b, err, tt.wantOpen)
				}
				if !tt.wantOpen && !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("ReadFile error %v, want fs.ErrNotExist", err)
				}
			}
			if err := m.WriteFile("b.html", nil); (err == nil) != tt.wantWrite {
				t.Errorf("WriteFile after %s: %v", tt.name, err)
			}
		})
	}
}

func TestMemoryCommitEndsTheBuild(t *testing.T) {
	tests := []struct {
		name  string
		first func(*Memory) error
	}{
		{"commit twice", (*Memory).Commit},
		{"commit after abort", (*Memory).Abort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMemory(0)
			if err := tt.first(m); err != nil {
				t.Fatal(err)
			}
			if err := m.Commit(); err == nil {
				t.Error("Commit succeeded")
			}
		})
	}
}

// A snapshot, of a committed build or not, is only read.
func TestSnapshotTakesNoWrites(t *testing.T) {
	committed := committed(t, map[string]string{"a.html": "a"})
	for name, m := range map[string]*Memory{"of a build in progress": NewMemory(0), "of a committed build": committed} {
		s := m.Snapshot(time.Unix(1, 0), nil)
		if err := s.WriteFile("b.html", nil); err == nil {
			t.Errorf("%s: WriteFile succeeded", name)
		}
		if err := s.Commit(); err == nil {
			t.Errorf("%s: Commit succeeded", name)
		}
	}
	if b, err := fs.ReadFile(committed, "a.html"); err != nil || string(b) != "a" {
		t.Errorf("the build snapshotted reads %q, %v", b, err)
	}
}

func TestMemoryRefusesWhatStagingRefuses(t *testing.T) {
	for _, p := range []string{"../x", "/abs", "a/../../x", `a\b`, "", ".", Marker, Marker + "/x"} {
		if err := NewMemory(0).WriteFile(p, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", p)
		}
	}
}

func TestMemoryCountsConcurrentWrites(t *testing.T) {
	m := NewMemory(0)
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			if err := m.WriteFile(fmt.Sprintf("p%d/index.html", i), make([]byte, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// A path written again counts once, with its last bytes.
	if err := m.WriteFile("p1/index.html", make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := m.Commit(); err != nil {
		t.Fatal(err)
	}
	if m.Files() != 64 || m.Bytes() != 63*64/2-1+10 {
		t.Errorf("Files, Bytes = %d, %d; want 64, %d", m.Files(), m.Bytes(), 63*64/2-1+10)
	}
}

func TestMemoryStat(t *testing.T) {
	mod := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	site := committed(t, map[string]string{
		"index.html":          "<link href=" + Placeholder("style.css") + ">",
		"a/b/index.html":      "<p>b</p>",
		"style.3f2a91c0.css":  "body{}",
		"img/figure-1.svg":    "<svg/>",
		"unknown-source.html": Placeholder("gone.css"),
	}).Snapshot(mod, map[string]string{"style.css": "/style.3f2a91c0.css"})
	tests := []struct {
		name    string
		wantDir bool
		// wantSize is that of the bytes as served.
		wantSize int64
		wantErr  error
	}{
		{".", true, 0, nil},
		{"index.html", false, int64(len("<link href=/style.3f2a91c0.css>")), nil},
		{"a", true, 0, nil},
		{"a/b", true, 0, nil},
		{"a/b/index.html", false, 8, nil},
		{"img", true, 0, nil},
		{"unknown-source.html", false, int64(len(Placeholder("gone.css"))), nil},
		{"a/c", false, 0, fs.ErrNotExist},
		{"index.html/x", false, 0, fs.ErrNotExist},
		{"/index.html", false, 0, fs.ErrInvalid},
		{"a/../index.html", false, 0, fs.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi, err := site.Stat(tt.name)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Stat error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fi.IsDir() != tt.wantDir || fi.Size() != tt.wantSize || !fi.ModTime().Equal(mod) {
				t.Errorf("dir %v, size %d, mod %v; want %v, %d, %v", fi.IsDir(), fi.Size(), fi.ModTime(), tt.wantDir, tt.wantSize, mod)
			}
			if tt.wantDir {
				return
			}
			f, err := site.Open(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err != nil || int64(len(b)) != fi.Size() {
				t.Errorf("read %d bytes (%v), Stat says %d", len(b), err, fi.Size())
			}
		})
	}
}

// TestSnapshotFillsAsItServes: the stored bytes keep their placeholders,
// and each snapshot fills them with its own asset URLs.
func TestSnapshotFillsAsItServes(t *testing.T) {
	page := "<link href=" + Placeholder("style.css") + ">"
	m := committed(t, map[string]string{"index.html": page, "plain.txt": "plain"})
	tests := []struct {
		name   string
		fsys   *Memory
		want   map[string]string
		wantAt time.Time
	}{
		{"as written", m, map[string]string{"index.html": page, "plain.txt": "plain"}, time.Time{}},
		{"first build's URLs", m.Snapshot(time.Unix(1, 0), map[string]string{"style.css": "/style.1.css"}),
			map[string]string{"index.html": "<link href=/style.1.css>", "plain.txt": "plain"}, time.Unix(1, 0)},
		{"second build's URLs", m.Snapshot(time.Unix(2, 0), map[string]string{"style.css": "/style.2.css"}),
			map[string]string{"index.html": "<link href=/style.2.css>", "plain.txt": "plain"}, time.Unix(2, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			for p, b := range tt.fsys.All() {
				got[p] = string(b)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("All = %q, want %q", got, tt.want)
			}
			var want []string
			for p, data := range tt.want {
				b, err := fs.ReadFile(tt.fsys, p)
				if err != nil || string(b) != data {
					t.Errorf("ReadFile(%s) = %q, %v; want %q", p, b, err, data)
				}
				want = append(want, p)
			}
			// TestFS also checks that Stat, Open, ReadDir and Seek agree.
			if err := fstest.TestFS(tt.fsys, want...); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestMemoryFS checks a deeper tree against the rules of io/fs: folders
// implied by paths, listed in order, read in chunks.
func TestMemoryFS(t *testing.T) {
	files := map[string]string{
		"index.html":                 "home",
		"404.html":                   "missing",
		"a/index.html":               "a",
		"a/b/index.html":             "b",
		"a/b/c/d/index.html":         "d",
		"refs/smith-2020/index.html": Placeholder("style.css"),
		"style.3f2a91c0.css":         "body{}",
	}
	fsys := committed(t, files).Snapshot(time.Unix(1, 0), map[string]string{"style.css": "/style.3f2a91c0.css"})
	if err := fstest.TestFS(fsys, slices.Collect(maps.Keys(files))...); err != nil {
		t.Error(err)
	}
	entries, err := fs.ReadDir(fsys, "a/b")
	if err != nil || len(entries) != 2 || entries[0].Name() != "c" || !entries[0].IsDir() || entries[1].Name() != "index.html" {
		t.Errorf("ReadDir(a/b) = %v, %v; want c/ and index.html", entries, err)
	}
}
