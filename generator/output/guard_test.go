package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree makes files (slash path to content; a trailing slash makes a
// folder, "-> target" a symbolic link) under root.
func tree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		name := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasSuffix(rel, "/"):
			err = os.MkdirAll(name, 0o755)
		case strings.HasPrefix(data, "-> "):
			err = os.Symlink(strings.TrimPrefix(data, "-> "), name)
		default:
			err = os.WriteFile(name, []byte(data), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

var earlierOutput = map[string]string{"index.html": "h", "404.html": "n", "sitemap.xml": "s", "robots.txt": "r", "style.3f2a91c0.css": "c", "guide/index.html": "g"}

func TestCheck(t *testing.T) {
	const (
		ok        = iota
		refused   // whatever the flag says
		forcible  // refused unless Force
		forceOnly // accepted only with Force
	)
	tests := []struct {
		name  string
		files map[string]string
		// content names the content folder ("content" when empty);
		// project, when set, is a project folder.
		content, project string
		out              string // relative to the test's folder, "/" for the root
		want             int
	}{
		{name: "missing", out: "public", want: ok},
		{name: "missing, deep", out: "a/b/public", want: ok},
		{name: "empty", files: map[string]string{"public/": ""}, out: "public", want: ok},
		{name: "marked", files: map[string]string{"public/" + Marker: "", "public/x.html": ""}, out: "public", want: ok},
		{name: "earlier output without the marker", files: prefixed("public/", earlierOutput), out: "public", want: ok},
		{name: "earlier-looking folder with .git", files: prefixed("public/", with(earlierOutput, ".git/HEAD", "x")), out: "public", want: forcible},
		{name: "earlier-looking folder with go.mod", files: prefixed("public/", with(earlierOutput, "go.mod", "x")), out: "public", want: forcible},
		{name: "folder of someone else's files", files: map[string]string{"public/notes.txt": "mine"}, out: "public", want: forcible},
		{name: "marker that is a folder", files: map[string]string{"public/" + Marker + "/": "", "public/notes.txt": "mine"}, out: "public", want: forcible},
		{name: "marker that is a link", files: map[string]string{"public/" + Marker: "-> ../content/a.md", "public/notes.txt": "mine"}, out: "public", want: forcible},
		{name: "file", files: map[string]string{"public": "x"}, out: "public", want: refused},
		{name: "content", out: "content", want: refused},
		{name: "content with a trailing slash", out: "content/", want: refused},
		{name: "content by dots", out: "templates/../content/.", want: refused},
		{name: "inside content", out: "content/public", want: refused},
		{name: "deep inside templates", out: "templates/a/b", want: refused},
		{name: "holding the sources", out: ".", want: refused},
		{name: "beside content, with a name it begins with", out: "content-site", want: ok},
		{name: "project", files: map[string]string{"proj/go.mod": ""}, project: "proj", out: "proj", want: refused},
		{name: "holding the project", files: map[string]string{"a/proj/go.mod": ""}, project: "a/proj", out: "a", want: refused},
		{name: "inside the project", files: map[string]string{"proj/go.mod": ""}, project: "proj", out: "proj/public", want: ok},
		{name: "kept output of the project's parent", files: map[string]string{"a/proj/go.mod": ""}, project: "a/proj", out: "a/proj/../../a", want: refused},
		{name: "link to content", files: map[string]string{"public": "-> content"}, out: "public", want: refused},
		{name: "inside content through a link", files: map[string]string{"c": "-> content"}, out: "c/public", want: refused},
		{name: "content through its link", files: map[string]string{"src/": "", "src/proj": "-> ../"}, out: "src/proj/content", want: refused},
		{name: "kept output would be content", files: map[string]string{".web.prev/a.md": "a"}, content: ".web.prev", out: "web", want: refused},
		{name: "kept output would hold content", files: map[string]string{".web.prev/src/a.md": "a"}, content: ".web.prev/src", out: "web", want: refused},
		{name: "link to nowhere", files: map[string]string{"public": "-> nowhere"}, out: "public", want: refused},
		{name: "inside a link to nowhere", files: map[string]string{"public": "-> nowhere"}, out: "public/x", want: refused},
		{name: "link to an empty folder", files: map[string]string{"www/": "", "public": "-> www"}, out: "public", want: ok},
		{name: "link to someone else's files", files: map[string]string{"www/a.txt": "", "public": "-> www"}, out: "public", want: forcible},
		{name: "kept copy of someone else", files: map[string]string{".public.prev/a.txt": "mine"}, out: "public", want: forcible},
		{name: "kept copy that is a file", files: map[string]string{".public.prev": "mine"}, out: "public", want: forcible},
		{name: "kept copy that is ours", files: map[string]string{".public.prev/" + Marker: ""}, out: "public", want: ok},
		{name: "filesystem root", out: "/", want: refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tree(t, dir, map[string]string{"content/a.md": "a", "templates/base.html": "b"})
			tree(t, dir, tt.files)
			opt := Options{Sources: []Folder{{"content folder", filepath.Join(dir, "content")}, {"templates folder", filepath.Join(dir, "templates")}}}
			if tt.content != "" {
				opt.Sources[0].Path = filepath.Join(dir, tt.content)
			}
			if tt.project != "" {
				opt.Projects = []Folder{{"project", filepath.Join(dir, tt.project)}}
			}
			out := filepath.Join(dir, tt.out)
			if tt.out == "/" {
				out = "/"
			}
			before := snapshotDir(t, dir)
			for _, force := range []bool{false, true} {
				opt.Force = force
				_, err := Check(out, opt)
				var re *RefusedError
				wantOK := tt.want == ok || (tt.want == forcible && force)
				switch {
				case wantOK && err != nil:
					t.Errorf("force=%v: refused: %v", force, err)
				case !wantOK && !errors.As(err, &re):
					t.Errorf("force=%v: err = %v, want a refusal", force, err)
				case !wantOK && re.Forcible != (tt.want == forcible):
					t.Errorf("force=%v: Forcible = %v: %v", force, re.Forcible, err)
				}
			}
			if !maps.Equal(before, snapshotDir(t, dir)) {
				t.Error("Check changed the files")
			}
		})
	}
}

func prefixed(prefix string, files map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range files {
		m[prefix+k] = v
	}
	return m
}

func with(files map[string]string, k, v string) map[string]string {
	m := maps.Clone(files)
	m[k] = v
	return m
}

// snapshotDir lists everything under root, links unfollowed.
func snapshotDir(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.IsDir():
			got[rel] = "/"
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			got[rel] = "-> " + target
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

// A link to the output folder stays a link: the build is staged, kept
// and swapped beside the folder it leads to, and the link's folder gets
// nothing but the link.
func TestLinkedOutput(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"srv/www/": "", "proj/public": "-> ../srv/www"})
	link := filepath.Join(dir, "proj", "public")
	for i, files := range []map[string]string{{"a.html": "1", "d/b.html": "1"}, {"a.html": "2"}, {"c.html": "3"}} {
		build(t, link+"/", files)
		if target, err := os.Readlink(link); err != nil || target != "../srv/www" {
			t.Fatalf("build %d: link = %q, %v", i, target, err)
		}
		if got := readTree(t, filepath.Join(dir, "srv", "www")); !maps.Equal(got, prefixedDirs(files)) {
			t.Errorf("build %d: target holds %v", i, got)
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "proj")); len(entries) != 1 {
			t.Errorf("build %d: beside the link: %v", i, entries)
		}
		assertNoStaging(t, filepath.Join(dir, "srv", "www"))
	}
	if _, err := os.Stat(filepath.Join(dir, "srv", ".www.prev")); err != nil {
		t.Errorf("the previous output is not kept beside the target: %v", err)
	}
}

// prefixedDirs adds the folders of files, as readTree lists them.
func prefixedDirs(files map[string]string) map[string]string {
	m := maps.Clone(files)
	for rel := range files {
		for d := filepath.Dir(rel); d != "."; d = filepath.Dir(d) {
			m[filepath.ToSlash(d)+"/"] = ""
		}
	}
	return m
}

// With Force, a folder the generator did not write is replaced and its
// files deleted, not kept for reuse; the next build needs no Force.
func TestForcedReplacement(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "docs")
	tree(t, dir, map[string]string{"docs/notes.txt": "mine"})
	if _, err := Begin(final, Options{}); err == nil {
		t.Fatal("Begin replaced a folder of someone else's files")
	}
	st, err := Begin(final, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := snapshotDir(t, dir); got["docs/notes.txt"] != "" || got[".docs.prev/notes.txt"] != "" {
		t.Errorf("the replaced files survived: %v", got)
	}
	build(t, final, map[string]string{"index.html": "again"})
	if got := readTree(t, final); !maps.Equal(got, map[string]string{"index.html": "again"}) {
		t.Errorf("output = %v", got)
	}
	assertNoStaging(t, final)
}
