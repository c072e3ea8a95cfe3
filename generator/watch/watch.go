// Package watch reports changes to the files of a project, in batches.
//
// A Watcher watches every folder under its roots with fsnotify (which is
// not recursive: it watches folders, never single files, so that editors
// that save by renaming do not lose the watch). When a folder appears it is
// watched and then walked, so that files created in it before the watch
// took hold are reported too. Editor temp files (vim's swap and backup
// files and 4913 probe, JetBrains' ___jb_tmp___ and ___jb_old___, Emacs
// lock and auto-save files, …) and chmod-only events are ignored.
//
// Changes are gathered until the files have been quiet for Quiet, or for at
// most MaxWait after the first change, then sent as one Batch of paths.
// With Poll set the Watcher scans the roots at that interval instead, for
// file systems where inotify does not work or its limits are reached.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"ketref/generator/content"
)

// Options configure a Watcher.
type Options struct {
	// Roots are the folders to watch, recursively. Missing roots are
	// skipped.
	Roots []string
	// Quiet is how long the files must be unchanged before a batch is sent
	// (default 10 ms: an editor's save is a burst of events within a few
	// milliseconds); MaxWait caps the wait after the first change (default
	// 100 ms).
	Quiet, MaxWait time.Duration
	// Poll, when not zero, scans at this interval instead of using fsnotify.
	Poll time.Duration
}

// Batch is a set of changed paths (files or folders, created, written,
// renamed or removed), sorted and without repeats.
type Batch struct {
	Paths []string
	// First is when the first change of the batch was seen.
	First time.Time
}

// Watcher delivers batches on Batches and problems on Errors until Close.
type Watcher struct {
	Batches <-chan Batch
	Errors  <-chan error
	opt     Options
	fsw     *fsnotify.Watcher
	done    chan struct{}
	exited  chan struct{}
	batches chan Batch
	errs    chan error
}

// Ignored reports whether a file name is an editor's temp file, which never
// triggers a build (and is never content: content.EditorFile).
func Ignored(name string) bool { return content.EditorFile(filepath.Base(name)) }

// New starts watching.
func New(opt Options) (*Watcher, error) {
	if opt.Quiet == 0 {
		opt.Quiet = 10 * time.Millisecond
	}
	if opt.MaxWait == 0 {
		opt.MaxWait = 100 * time.Millisecond
	}
	w := &Watcher{
		opt: opt, done: make(chan struct{}), exited: make(chan struct{}),
		batches: make(chan Batch, 1), errs: make(chan error, 8),
	}
	w.Batches, w.Errors = w.batches, w.errs
	if opt.Poll > 0 {
		go w.poll()
		return w, nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, Explain(err)
	}
	w.fsw = fsw
	for _, root := range opt.Roots {
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := w.addTree(root, nil); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Close stops the watcher.
func (w *Watcher) Close() error {
	close(w.done)
	<-w.exited
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// Explain turns the errors of running out of inotify watches or file
// descriptors into messages that say what to do.
func Explain(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("cannot watch more folders: the inotify watch limit is reached (%w); raise it with `sudo sysctl fs.inotify.max_user_watches=524288`, or run `serve -poll`", err)
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return fmt.Errorf("cannot watch: too many open files (%w); raise the limit with `ulimit -n 65536` or `sudo sysctl fs.inotify.max_user_instances=1024`, or run `serve -poll`", err)
	}
	return err
}

// addTree watches dir and every folder below it; when found is not nil,
// every file met is passed to it (for folders that appeared while
// watching, whose files may have been created before the watch).
func (w *Watcher) addTree(dir string, found func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while walking
			}
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return Explain(err)
			}
			return nil
		}
		if found != nil && !Ignored(p) {
			found(p)
		}
		return nil
	})
}

func (w *Watcher) loop() {
	defer close(w.exited)
	pending := map[string]bool{}
	var first time.Time
	var quiet, deadline <-chan time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		b := Batch{First: first}
		for p := range pending {
			b.Paths = append(b.Paths, p)
		}
		sort.Strings(b.Paths)
		pending = map[string]bool{}
		quiet, deadline = nil, nil
		select {
		case w.batches <- b:
		case <-w.done:
		}
	}
	note := func(p string) {
		if len(pending) == 0 {
			first = time.Now()
			deadline = time.After(w.opt.MaxWait)
		}
		pending[p] = true
		quiet = time.After(w.opt.Quiet)
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || Ignored(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := w.addTree(ev.Name, note); err != nil {
						w.report(err)
					}
				}
			}
			note(ev.Name)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.report(Explain(err))
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		}
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // a consumer that does not read errors loses the extras
	}
}

type stamp struct {
	size int64
	mod  time.Time
	dir  bool
}

func (w *Watcher) scan() map[string]stamp {
	seen := map[string]stamp{}
	for _, root := range w.opt.Roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if Ignored(p) {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				seen[p] = stamp{fi.Size(), fi.ModTime(), d.IsDir()}
			}
			return nil
		})
	}
	return seen
}

// poll compares scans; a changed, new or vanished path is a change.
func (w *Watcher) poll() {
	defer close(w.exited)
	prev := w.scan()
	tick := time.NewTicker(w.opt.Poll)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
		}
		cur := w.scan()
		var changed []string
		for p, s := range cur {
			if old, ok := prev[p]; !ok || (!s.dir && (old.size != s.size || !old.mod.Equal(s.mod))) {
				changed = append(changed, p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				changed = append(changed, p)
			}
		}
		prev = cur
		if len(changed) == 0 {
			continue
		}
		sort.Strings(changed)
		select {
		case w.batches <- Batch{Paths: changed, First: time.Now()}:
		case <-w.done:
			return
		}
	}
}
