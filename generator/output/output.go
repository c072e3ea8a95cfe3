// Package output writes a build into a fresh folder beside the final one and
// swaps it in only when the whole build succeeded.
//
// Begin creates ".<name>.tmp-*" beside the output folder; WriteFile writes
// into it (safe for concurrent use); Commit replaces the output folder with
// it in one step (an atomic exchange on Linux) and removes the old one;
// Abort removes it. Until Commit, the previous output is untouched, so a
// failed build leaves it exactly as it was, and files that no longer have a
// source are gone after a successful one.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Writer is what a build writes through; tests substitute failing writers.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// Staging is a build in progress.
type Staging struct {
	final string
	dir   string
	bytes atomic.Int64
	files atomic.Int64
	// write lets tests simulate a full disk.
	write func(name string, data []byte, perm fs.FileMode) error
}

// Begin prepares a staging folder for the output folder final.
func Begin(final string) (*Staging, error) {
	final = filepath.Clean(final)
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	if fi, err := os.Stat(final); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output %s exists and is not a folder; remove it or choose another -out", final)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot write beside %s: %w; check that the folder is writable", final, err)
	}
	return &Staging{final: final, dir: dir, write: os.WriteFile}, nil
}

// Dir is the staging folder.
func (s *Staging) Dir() string { return s.dir }

// FailWritesWith makes every later WriteFile fail with err, as a full disk
// would. For tests.
func (s *Staging) FailWritesWith(err error) {
	s.write = func(string, []byte, fs.FileMode) error { return err }
}

// WriteFile writes data at the slash-separated path rel.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
		return fmt.Errorf("invalid output path %q", rel)
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := s.write(name, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	s.files.Add(1)
	s.bytes.Add(int64(len(data)))
	return nil
}

// Files and Bytes count what was written.
func (s *Staging) Files() int64 { return s.files.Load() }

// Bytes counts the bytes written.
func (s *Staging) Bytes() int64 { return s.bytes.Load() }

// Commit swaps the staging folder in as the output folder.
func (s *Staging) Commit() error {
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return err
	}
	if _, err := os.Lstat(s.final); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, s.final)
	}
	if err := exchange(s.dir, s.final); err == nil {
		// s.dir now holds the previous output.
		return os.RemoveAll(s.dir)
	}
	old := s.dir + ".old"
	if err := os.Rename(s.final, old); err != nil {
		return fmt.Errorf("cannot replace %s: %w", s.final, err)
	}
	if err := os.Rename(s.dir, s.final); err != nil {
		_ = os.Rename(old, s.final)
		return fmt.Errorf("cannot replace %s: %w", s.final, err)
	}
	return os.RemoveAll(old)
}

// Abort discards the staging folder.
func (s *Staging) Abort() error { return os.RemoveAll(s.dir) }
