// Package memofs wraps an fs.FS and keeps the contents of the files it has
// read until told that they changed.
//
// ReadFile serves a file from memory after its first read; Forget drops
// named files (or everything), so that the next read goes to the disk.
// Directory listings are never kept: a new or removed file shows up at
// once. The preview server uses it so that a rebuild after one saved page
// reads one file, not the whole content folder.
package memofs

import (
	"io/fs"
	"sync"
)

// FS is a memoizing file system. It is safe for concurrent use.
type FS struct {
	base  fs.FS
	mu    sync.Mutex
	files map[string][]byte
}

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// New wraps base.
func New(base fs.FS) *FS { return &FS{base: base, files: map[string][]byte{}} }

// Open opens a file of the underlying file system.
func (f *FS) Open(name string) (fs.File, error) { return f.base.Open(name) }

// ReadDir lists a folder of the underlying file system.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.base, name) }

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
		return
	}
	for _, n := range names {
		delete(f.files, n)
	}
}
