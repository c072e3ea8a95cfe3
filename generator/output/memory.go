package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"path"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Memory is a Sink that keeps a build's files in memory, for the preview.
// Once committed it is a read-only file system of the site (fs.StatFS):
// folders are implied by the files' paths, and every file and folder is
// stamped with one modification time. Before Commit, and after Abort, it
// holds nothing to open. A committed Memory never changes, so it is safe
// to read from any number of goroutines.
//
// The preview serves Snapshot(mod, assets), which fills the asset
// placeholders of each file as it is opened: a page rendered by an earlier
// build and kept for this one gets this build's asset URLs.
type Memory struct {
	mu      sync.Mutex
	files   map[string][]byte
	bytes   int64
	aborted bool

	// site is set once, by Commit; reading it needs no lock.
	site   atomic.Pointer[site]
	mod    time.Time
	assets map[string]string
}

// site is what a Memory holds once committed, shared by its snapshots.
type site struct {
	files map[string][]byte
	dirs  map[string]bool
	bytes int64

	// children lists each folder's entries, sorted; made on the first
	// ReadDir, which serving a site never calls.
	listOnce sync.Once
	children map[string][]string
}

// NewMemory prepares an empty build; files is how many to expect, as a
// hint (growing a map of thousands of entries costs a rebuild more than
// the page that changed).
func NewMemory(files int) *Memory {
	return &Memory{files: make(map[string][]byte, files)}
}

// WriteFile keeps data, which must not change afterwards, at rel.
func (m *Memory) WriteFile(rel string, data []byte) error {
	if err := checkPath(rel); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.ended(); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	m.bytes += int64(len(data)) - int64(len(m.files[rel]))
	m.files[rel] = data
	return nil
}

// ended says why the build takes no more writes; m.mu is held.
func (m *Memory) ended() error {
	switch {
	case m.site.Load() != nil:
		return errors.New("the build is already committed")
	case m.aborted:
		return errors.New("the build was aborted")
	case m.files == nil:
		return errors.New("a snapshot takes no writes")
	}
	return nil
}

// Commit makes the files readable through m.
func (m *Memory) Commit() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.ended(); err != nil {
		return err
	}
	s := &site{files: m.files, dirs: map[string]bool{".": true}, bytes: m.bytes}
	for p := range s.files {
		for d := path.Dir(p); !s.dirs[d]; d = path.Dir(d) {
			s.dirs[d] = true
		}
	}
	m.files = nil
	m.site.Store(s)
	return nil
}

// Abort discards the files; after Commit it changes nothing.
func (m *Memory) Abort() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.site.Load() == nil {
		m.files, m.bytes, m.aborted = nil, 0, true
	}
	return nil
}

// Files counts the files written.
func (m *Memory) Files() int64 {
	if s := m.site.Load(); s != nil {
		return int64(len(s.files))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.files))
}

// Bytes counts the bytes written.
func (m *Memory) Bytes() int64 {
	if s := m.site.Load(); s != nil {
		return s.bytes
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// Snapshot returns the committed site as the preview serves it: every
// file and folder stamped mod, and each asset placeholder filled from
// assets (source path to URL) when a file is opened. It shares the files
// with m, holds nothing while m is not committed, and takes no writes.
func (m *Memory) Snapshot(mod time.Time, assets map[string]string) *Memory {
	s := &Memory{mod: mod, assets: assets}
	if site := m.site.Load(); site != nil {
		s.site.Store(site)
	}
	return s
}

// All yields each committed file by path, in path order, as Open would
// read it. Tests compare whole builds with it.
func (m *Memory) All() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		s := m.site.Load()
		if s == nil {
			return
		}
		for _, p := range slices.Sorted(maps.Keys(s.files)) {
			if !yield(p, Fill(s.files[p], m.assets)) {
				return
			}
		}
	}
}

var _ fs.StatFS = (*Memory)(nil)

// Stat describes a file or folder of the committed site; a file's size is
// that of its bytes as Open reads them.
func (m *Memory) Stat(name string) (fs.FileInfo, error) {
	info, _, err := m.lookup("stat", name)
	return info, err
}

// lookup finds name, and a file's bytes as they are read.
func (m *Memory) lookup(op, name string) (memInfo, []byte, error) {
	if !fs.ValidPath(name) {
		return memInfo{}, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if s := m.site.Load(); s != nil {
		if b, ok := s.files[name]; ok {
			b = Fill(b, m.assets)
			return memInfo{path.Base(name), int64(len(b)), false, m.mod}, b, nil
		}
		if s.dirs[name] {
			return memInfo{path.Base(name), 0, true, m.mod}, nil, nil
		}
	}
	return memInfo{}, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
}

// Open opens a file or folder of the committed site.
func (m *Memory) Open(name string) (fs.File, error) {
	info, b, err := m.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if info.dir {
		return &memDir{m: m, name: name, info: info}, nil
	}
	return &memFile{Reader: bytes.NewReader(b), info: info}, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
	mod  time.Time
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return i.mod }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// memDir is an open folder; ReadDir lists it in name order.
type memDir struct {
	m    *Memory
	name string
	info memInfo
	// read counts the entries ReadDir has returned.
	read int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	names := d.m.site.Load().list(d.name)[d.read:]
	if n > 0 && len(names) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(names) {
		names = names[:n]
	}
	entries := make([]fs.DirEntry, len(names))
	for i, name := range names {
		info, _, err := d.m.lookup("readdir", path.Join(d.name, name))
		if err != nil {
			return entries[:i], err
		}
		entries[i] = fs.FileInfoToDirEntry(info)
	}
	d.read += len(names)
	return entries, nil
}

// list returns the names in folder dir, sorted.
func (s *site) list(dir string) []string {
	s.listOnce.Do(func() {
		s.children = map[string][]string{}
		add := func(p string) {
			d := path.Dir(p)
			s.children[d] = append(s.children[d], path.Base(p))
		}
		for p := range s.dirs {
			if p != "." {
				add(p)
			}
		}
		for p := range s.files {
			add(p)
		}
		for _, names := range s.children {
			slices.Sort(names)
		}
	})
	return s.children[dir]
}
