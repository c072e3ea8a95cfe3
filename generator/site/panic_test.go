package site

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/markdown"
)

// panicFS panics when the file name is opened, as a broken file system
// (or a bug reached through one) would.
type panicFS struct {
	fstest.MapFS
	name string
}

func (p panicFS) Open(name string) (fs.File, error) {
	if name == p.name {
		panic("cannot open " + name)
	}
	return p.MapFS.Open(name)
}

func (p panicFS) ReadFile(name string) ([]byte, error) {
	if name == p.name {
		panic("cannot open " + name)
	}
	return p.MapFS.ReadFile(name)
}

// TestPanicBecomesLocatedError: a panic while a page is converted fails
// that page with "file: internal error", in a one-off build and in the
// preview's Project alike; a one-off build removes its staging folder and
// leaves the output untouched, and the Project builds again once the page
// is fixed.
func TestPanicBecomesLocatedError(t *testing.T) {
	boom := map[string]markdown.Fence{"boom": func(markdown.FenceContext) ([]byte, error) { panic("fence exploded") }}
	good := fstest.MapFS{"a.md": md("---\ntitle: A\n---\nFine.\n"), "b.md": md("---\ntitle: B\n---\nFine.\n"), "img.png": md("png")}
	bad := fstest.MapFS{"a.md": md("---\ntitle: A\n---\n## S\n\n```boom\n```\n"), "b.md": good["b.md"], "img.png": good["img.png"]}
	tests := []struct {
		name    string
		content fs.FS
		want    string
	}{
		{"converting a page", bad, "content/a.md: internal error: fence exploded"},
		{"copying a file after pages were written", panicFS{good, "img.png"}, "content: internal error: cannot open img.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/build", func(t *testing.T) {
			out := previousOutput(t, filepath.Join(t.TempDir(), "public"))
			_, err := Build(Options{Content: tt.content, Templates: testTheme(), Out: out, fences: boom})
			assertInternalError(t, err, tt.want)
			assertUntouched(t, out)
		})
		t.Run(tt.name+"/project", func(t *testing.T) {
			fsys := fstest.MapFS{}
			p := NewProject(Options{Content: switchFS{&fsys, tt.content}, Templates: testTheme(), ContentRoot: "content", fences: boom})
			_, _, err := p.Build()
			assertInternalError(t, err, tt.want)
			// The next save fixes the page: the preview builds again.
			fsys = good
			p.Changed(nil, false, false)
			_, files, err := p.Build()
			if err == nil {
				_, err = fs.Stat(files, "a/index.html")
			}
			if err != nil {
				t.Fatalf("build after the fix: %v", err)
			}
		})
	}
}

// switchFS serves first until *next holds files, then next: a content
// folder edited between two builds.
type switchFS struct {
	next  *fstest.MapFS
	first fs.FS
}

func (s switchFS) Open(name string) (fs.File, error) {
	if len(*s.next) > 0 {
		return s.next.Open(name)
	}
	return s.first.Open(name)
}

func assertInternalError(t *testing.T, err error, want string) {
	t.Helper()
	var es *diag.Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want *diag.Errors", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("diagnostics lack %q:\n%v", want, err)
	}
}
