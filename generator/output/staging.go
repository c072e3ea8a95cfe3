package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
)

// Staging is a Sink that writes a build into a folder beside the output
// folder and swaps it in on Commit.
//
// Begin prepares ".<name>.tmp-*" beside the output folder; WriteFile writes
// into it; Commit replaces the output folder with it in one step (an atomic
// exchange on Linux); Abort discards what the build wrote (a reused tree
// goes back to being kept). Files that no longer have a source are gone
// after a successful build.
//
// The output before last is kept beside the output as ".<name>.prev" and
// becomes the next staging folder: a file whose bytes are already there is
// not written again, its folder is not made again, and nothing is deleted
// but what the new build no longer has. On this kind of machine making,
// filling and deleting a few thousand folders costs more than rendering
// them. The kept tree is checked before it is reused (only folders and
// regular files; anything else and it is discarded), and each reused file
// is compared byte for byte, so whatever happened to it in between, the
// output is exactly what the build wrote. Delete it at any time.
type Staging struct {
	final string
	// foreign says the folder being replaced was not the generator's
	// (Options.Force); it is deleted rather than kept for reuse.
	foreign bool
	dir     string
	bytes   atomic.Int64
	files   atomic.Int64
	// failed, once set, is what every later write fails with.
	failed atomic.Pointer[error]

	// reused says dir is the kept output before last; old lists its
	// files and folders (slash paths), for comparison and pruning.
	reused   bool
	oldFiles map[string]bool
	oldDirs  map[string]bool

	// ready is closed once the kept tree is listed (at once when there
	// is none); adoptErr says it could not be emptied.
	ready    chan struct{}
	adoptErr error

	mu      sync.Mutex
	written map[string]bool // files written or kept by this build
	made    map[string]bool // folders known to exist in dir
}

// PrevDir is where the output before last is kept for reuse.
func PrevDir(final string) string {
	final = filepath.Clean(final)
	return filepath.Join(filepath.Dir(final), "."+filepath.Base(final)+".prev")
}

// Begin prepares a staging folder for the output folder final, after
// Check accepts it. When final is a symbolic link, the build replaces the
// folder it leads to and the link stays as it is.
func Begin(final string, opt Options) (*Staging, error) {
	real, err := Check(final, opt)
	if err != nil {
		return nil, err
	}
	// Staged, kept and swapped beside the real folder, so that the swap
	// stays on its file system and never replaces the link itself.
	final = real
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	foreign := false
	if fi, err := os.Stat(final); err == nil {
		foreign = fi.IsDir() && !Ours(final)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot write beside %s: %w; check that the folder is writable", final, err)
	}
	s := &Staging{final: final, foreign: foreign, dir: dir, written: map[string]bool{}, made: map[string]bool{".": true}, ready: make(chan struct{})}
	prev := PrevDir(final)
	fi, err := os.Lstat(prev)
	switch {
	case err != nil:
		close(s.ready)
	case fi.IsDir() && os.Remove(dir) == nil:
		// Renaming it to the fresh folder's unique name claims the kept
		// tree, so that two builds never share it. It is listed while
		// the build goes on; writes wait for the list.
		if os.Rename(prev, dir) == nil {
			go s.adopt()
			break
		}
		close(s.ready)
		if err := os.Mkdir(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot write beside %s: %w; check that the folder is writable", final, err)
		}
	default:
		_ = os.RemoveAll(prev)
		close(s.ready)
	}
	return s, nil
}

// adopt lists the claimed tree for reuse, or empties it when it holds
// anything but files and folders, then lets writes proceed.
func (s *Staging) adopt() {
	defer close(s.ready)
	if files, dirs, ok := listTree(s.dir); ok {
		s.reused, s.oldFiles, s.oldDirs = true, files, dirs
		for d := range dirs {
			s.made[d] = true
		}
		return
	}
	if err := os.RemoveAll(s.dir); err != nil {
		s.adoptErr = fmt.Errorf("cannot clear %s: %w; remove it by hand", s.dir, err)
		return
	}
	if err := os.Mkdir(s.dir, 0o700); err != nil {
		s.adoptErr = err
	}
}

// listTree lists the files and folders under root; ok is false when it
// holds anything else (a symlink, a device) or cannot be read.
func listTree(root string) (files, dirs map[string]bool, ok bool) {
	files, dirs = map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			dirs[rel] = true
		case d.Type().IsRegular():
			files[rel] = true
		default:
			return errors.New("not a file or folder")
		}
		return nil
	})
	return files, dirs, err == nil
}

// FailWritesWith makes every later WriteFile fail with err, as a full disk
// would; safe to call while the build writes. Tests use it, and an
// interrupted build, which then fails and removes the staging folder the
// way any failed build does.
func (s *Staging) FailWritesWith(err error) {
	s.failed.Store(&err)
}

// WriteFile writes data at the slash-separated path rel.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if err := checkPath(rel); err != nil {
		return err
	}
	if err := s.failed.Load(); err != nil {
		return fmt.Errorf("writing %s: %w", rel, *err)
	}
	<-s.ready
	if s.adoptErr != nil {
		return s.adoptErr
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if s.reused && s.oldFiles[rel] && sameBytes(name, data) {
		s.mu.Lock()
		s.written[rel] = true
		s.mu.Unlock()
		s.files.Add(1)
		s.bytes.Add(int64(len(data)))
		return nil
	}
	if err := s.mkdirs(path.Dir(rel)); err != nil {
		return err
	}
	if s.reused && s.oldDirs[rel] {
		// A folder of the kept tree where this build has a file.
		if err := os.RemoveAll(name); err != nil {
			return err
		}
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	s.mu.Lock()
	s.written[rel] = true
	s.mu.Unlock()
	s.files.Add(1)
	s.bytes.Add(int64(len(data)))
	return nil
}

// mkdirs makes the folder rel and its parents, once per build.
func (s *Staging) mkdirs(rel string) error {
	s.mu.Lock()
	known := s.made[rel]
	s.mu.Unlock()
	if known {
		return nil
	}
	if err := s.mkdirs(path.Dir(rel)); err != nil {
		return err
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	err := os.Mkdir(name, 0o755)
	if err != nil && s.reused && s.oldFiles[rel] {
		// A file of the kept tree where this build has a folder. Two
		// workers may get here for the same folder: the lock makes one
		// replace the file and the other find the folder made.
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.made[rel] {
			return nil
		}
		if fi, lerr := os.Lstat(name); lerr == nil && fi.Mode().IsRegular() {
			if err = os.Remove(name); err == nil {
				err = os.Mkdir(name, 0o755)
			}
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		s.made[rel] = true
		return nil
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.mu.Lock()
	s.made[rel] = true
	s.mu.Unlock()
	return nil
}

var comparePool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// sameBytes reports whether the regular file name holds exactly data.
func sameBytes(name string, data []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	bp := comparePool.Get().(*[]byte)
	defer comparePool.Put(bp)
	buf := *bp
	for len(data) > 0 {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data))])
		if err != nil || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
	}
	n, _ := f.Read(buf[:1])
	return n == 0
}

// Files counts the files written.
func (s *Staging) Files() int64 { return s.files.Load() }

// Bytes counts the bytes written.
func (s *Staging) Bytes() int64 { return s.bytes.Load() }

// prune removes what the kept tree had and this build did not write. A
// path of the kept tree may have changed kind: a folder that is now a file
// is not removed, and what was under it is already gone (ENOTDIR).
func (s *Staging) prune() error {
	gone := func(err error) bool {
		return err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
	}
	for rel := range s.oldFiles {
		if !s.written[rel] && !s.made[rel] {
			if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(rel))); !gone(err) {
				return err
			}
		}
	}
	// Folders that hold no file of this build, deepest first.
	keep := map[string]bool{".": true}
	for rel := range s.written {
		for d := path.Dir(rel); !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	var dirs []string
	for d := range s.oldDirs {
		if !keep[d] && !s.written[d] {
			dirs = append(dirs, d)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if err := os.RemoveAll(filepath.Join(s.dir, filepath.FromSlash(d))); !gone(err) {
			return err
		}
	}
	return nil
}

// Commit swaps the staging folder in as the output folder, and keeps the
// previous output for the next build to reuse.
func (s *Staging) Commit() error {
	<-s.ready
	if s.adoptErr != nil {
		return s.adoptErr
	}
	if err := s.mark(); err != nil {
		return err
	}
	if s.reused {
		if err := s.prune(); err != nil {
			return fmt.Errorf("cannot tidy the staging folder %s: %w", s.dir, err)
		}
	}
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return err
	}
	if _, err := os.Lstat(s.final); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, s.final)
	}
	if err := exchange(s.dir, s.final); err == nil {
		// s.dir now holds the previous output.
		s.keep(s.dir)
		return nil
	}
	old := s.dir + ".old"
	if err := os.Rename(s.final, old); err != nil {
		return fmt.Errorf("cannot replace %s: %w", s.final, err)
	}
	if err := os.Rename(s.dir, s.final); err != nil {
		_ = os.Rename(old, s.final)
		return fmt.Errorf("cannot replace %s: %w", s.final, err)
	}
	s.keep(old)
	return nil
}

// mark writes the Marker into the staging folder, once.
func (s *Staging) mark() error {
	name := filepath.Join(s.dir, Marker)
	if !(s.reused && s.oldFiles[Marker] && sameBytes(name, markerText)) {
		if err := os.WriteFile(name, markerText, 0o644); err != nil {
			return fmt.Errorf("cannot mark the staging folder %s: %w", s.dir, err)
		}
	}
	s.mu.Lock()
	s.written[Marker] = true
	s.mu.Unlock()
	return nil
}

// keep moves the previous output to PrevDir for the next build, or removes
// it when that fails or when it was not the generator's.
func (s *Staging) keep(old string) {
	if s.foreign || os.Rename(old, PrevDir(s.final)) != nil {
		_ = os.RemoveAll(old)
	}
}

// Abort discards the staging folder; a reused tree is kept for the next
// build (it is compared byte for byte before any reuse).
func (s *Staging) Abort() error {
	<-s.ready
	if s.reused && os.Rename(s.dir, PrevDir(s.final)) == nil {
		return nil
	}
	return os.RemoveAll(s.dir)
}
