package memofs

import (
	"io/fs"
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
	base["b.md"] = &fstest.MapFile{Data: []byte("new")}
	entries, err := fs.ReadDir(f, ".")
	if err != nil || len(entries) != 2 {
		t.Errorf("listing is not live: %v %v", entries, err)
	}
	if _, err := fs.ReadFile(f, "missing.md"); err == nil {
		t.Error("missing file read")
	}
}
