package memofs

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestReadFileIsKeptUntilForgotten(t *testing.T) {
	base := fstest.MapFS{"a.md": {Data: []byte("one")}}
	f := New(base)
	read := func() string {
		b, err := fs.ReadFile(f, "a.md")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if read() != "one" {
		t.Fatal("first read")
	}
	base["a.md"] = &fstest.MapFile{Data: []byte("two")}
	if got := read(); got != "one" {
		t.Errorf("before Forget: %q, want the kept %q", got, "one")
	}
	f.Forget("a.md")
	if got := read(); got != "two" {
		t.Errorf("after Forget: %q", got)
	}
	base["a.md"] = &fstest.MapFile{Data: []byte("three")}
	f.Forget()
	if got := read(); got != "three" {
		t.Errorf("after Forget(): %q", got)
	}
	if _, err := fs.ReadFile(f, "missing.md"); err == nil {
		t.Error("missing file read")
	}
}

// TestListingIsKeptUntilAFileInItIsForgotten: a folder is listed again
// only after a file in it, or the folder itself, was named to Forget, or
// everything was.
func TestListingIsKeptUntilAFileInItIsForgotten(t *testing.T) {
	base := fstest.MapFS{"a.md": {}, "sec/b.md": {}, "other/c.md": {}}
	f := New(base)
	names := func(dir string) []string {
		t.Helper()
		entries, err := fs.ReadDir(f, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	for _, step := range []struct {
		name   string
		change func()
		dir    string
		want   []string
	}{
		{"first listing", func() {}, "sec", []string{"b.md"}},
		{"a new file unreported", func() { base["sec/new.md"] = &fstest.MapFile{} }, "sec", []string{"b.md"}},
		{"a file elsewhere reported", func() { f.Forget("other/c.md") }, "sec", []string{"b.md"}},
		{"the new file reported", func() { f.Forget("sec/new.md") }, "sec", []string{"b.md", "new.md"}},
		{"a removed file reported", func() { delete(base, "sec/b.md"); f.Forget("sec/b.md") }, "sec", []string{"new.md"}},
		{"a folder reported", func() { base["sec/sub/d.md"] = &fstest.MapFile{}; f.Forget("sec") }, "sec", []string{"new.md", "sub"}},
		{"root kept", func() { base["z.md"] = &fstest.MapFile{} }, ".", []string{"a.md", "other", "sec"}},
		{"everything forgotten", func() { f.Forget() }, ".", []string{"a.md", "other", "sec", "z.md"}},
	} {
		if step.name == "root kept" {
			names(".") // list it once before the change
		}
		step.change()
		if got := names(step.dir); !slices.Equal(got, step.want) {
			t.Errorf("%s: %s lists %v, want %v", step.name, step.dir, got, step.want)
		}
	}
}
