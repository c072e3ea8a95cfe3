package site

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden/*/want")

// TestGolden builds each site under testdata/golden and compares every
// output file with want/. Run `go test ./generator/site -update` after an
// intended change and review the diff.
func TestGolden(t *testing.T) {
	sites, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(sites) == 0 {
		t.Fatalf("no golden sites: %v", err)
	}
	for _, dir := range sites {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			_, err := Build(Options{
				Content:   os.DirFS(filepath.Join(dir, "content")),
				Templates: os.DirFS(filepath.Join(dir, "templates")),
				Out:       out,
			})
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			want := filepath.Join(dir, "want")
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				if err := os.CopyFS(want, os.DirFS(out)); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, wantFiles := listFiles(t, out), listFiles(t, want)
			if !equalStrings(got, wantFiles) {
				t.Errorf("output files differ:\n got %v\nwant %v", got, wantFiles)
			}
			for _, f := range wantFiles {
				g, err1 := os.ReadFile(filepath.Join(out, f))
				w, err2 := os.ReadFile(filepath.Join(want, f))
				if err1 != nil || err2 != nil {
					continue
				}
				if !bytes.Equal(normalize(g), normalize(w)) {
					t.Errorf("%s differs from golden (run with -update and review the diff):\n--- got\n%s\n--- want\n%s", f, g, w)
				}
			}
		})
	}
}

func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// normalize folds runs of white space, so that golden files survive
// editors that trim trailing blanks.
func normalize(b []byte) []byte {
	return bytes.Join(bytes.Fields(b), []byte(" "))
}
