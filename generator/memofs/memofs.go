// Package memofs wraps an fs.FS and keeps the contents of the files it has
// read until told that they changed.
//
// ReadFile serves a file from memory after its first read, and ReadDir a
// folder's listing; Forget drops named files (or everything), and with
// each file the listing of its folder, so that the next read goes to the
// disk. A file created or removed must therefore be named to Forget, as a
// watcher reports it; a folder created, removed or moved calls for
// Forget with no names. site.Project, which the preview builds with, reads
// the content folder through it, so that a rebuild after one saved page
// reads one file and lists one folder, not the whole content folder.
//
// It caches a build's input; what a build writes goes to an output.Sink.
package memofs

import (
	"io/fs"
	"path"
	"slices"
	"sync"
)

// FS is a memoizing file system. It is safe for concurrent use.
type FS struct {
	base  fs.FS
	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string][]fs.DirEntry
}

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// New wraps base.
func New(base fs.FS) *FS {
	return &FS{base: base, files: map[string][]byte{}, dirs: map[string][]fs.DirEntry{}}
}

// Open opens a file of the underlying file system.
func (f *FS) Open(name string) (fs.File, error) { return f.base.Open(name) }

// ReadDir lists a folder, from memory when it was listed before and no
// file in it was forgotten since. The entries' Info is that of the first
// listing.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	f.mu.Lock()
	list, ok := f.dirs[name]
	f.mu.Unlock()
	if ok {
		return slices.Clone(list), nil
	}
	list, err := fs.ReadDir(f.base, name)
	if err != nil {
		return list, err
	}
	f.mu.Lock()
	f.dirs[name] = list
	f.mu.Unlock()
	return slices.Clone(list), nil
}

// Stat describes a file of the underlying file system.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.base, name) }

// ReadFile returns the file's contents, from memory when it was read
// before and not forgotten since. Callers must not modify the result.
func (f *FS) ReadFile(name string) ([]byte, error) {
	f.mu.Lock()
	b, ok := f.files[name]
	f.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := fs.ReadFile(f.base, name)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.files[name] = b
	f.mu.Unlock()
	return b, nil
}

// Forget drops the named files (slash-separated, relative to the root);
// with no names it drops everything.
func (f *FS) Forget(names ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(names) == 0 {
		f.files = map[string][]byte{}
		f.dirs = map[string][]fs.DirEntry{}
		return
	}
	for _, n := range names {
		delete(f.files, n)
		delete(f.dirs, n) // in case n is a folder
		delete(f.dirs, path.Dir(n))
	}
}
