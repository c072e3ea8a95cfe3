package server

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// MemFS is a built site held in memory: file paths (slash-separated, as a
// build writes them) to contents. Folders are implied by the paths.
type MemFS struct {
	files map[string][]byte
	dirs  map[string]bool
	mod   time.Time
	fill  func([]byte) []byte
}

// WithFill makes the files pass through fill when opened (a preview build
// keeps asset URLs as placeholders, filled in when a file is served).
func (m *MemFS) WithFill(fill func([]byte) []byte) *MemFS {
	m.fill = fill
	return m
}

var _ fs.StatFS = (*MemFS)(nil)

// NewMemFS serves files, all stamped with mod.
func NewMemFS(files map[string][]byte, mod time.Time) *MemFS {
	m := &MemFS{files: files, dirs: map[string]bool{".": true}, mod: mod}
	for p := range files {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if m.dirs[d] {
				break
			}
			m.dirs[d] = true
		}
	}
	return m
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

var _ io.ReadSeeker = (*memFile)(nil)

// Stat describes a file or folder.
func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := m.files[name]; ok {
		return memInfo{path.Base(name), int64(len(b)), false, m.mod}, nil
	}
	if m.dirs[name] {
		return memInfo{path.Base(name), 0, true, m.mod}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// Open opens a file (folders cannot be read, only stat'ed).
func (m *MemFS) Open(name string) (fs.File, error) {
	fi, err := m.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	b := m.files[name]
	if m.fill != nil {
		b = m.fill(b)
	}
	info := fi.(memInfo)
	info.size = int64(len(b))
	return &memFile{Reader: bytes.NewReader(b), info: info}, nil
}

// inject puts the live-reload script into an HTML page, before </body>.
func inject(page []byte) []byte {
	const tag = `<script src="/__livereload.js" defer></script>`
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	var b bytes.Buffer
	b.Grow(len(page) + len(tag))
	b.Write(page[:i])
	b.WriteString(tag)
	b.Write(page[i:])
	return b.Bytes()
}

func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }
