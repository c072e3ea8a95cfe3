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
// The folder holding each root is watched too, so that a root that is
// moved away and back, or deleted and made again, is watched again (see
// New for why).
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
	// Roots are the folders to watch, recursively. A missing root is
	// watched from the moment it appears.
	Roots []string
	// Quiet is how long the files must be unchanged before a batch is sent
	// (default 10 ms: an editor's save is a burst of events within a few
	// milliseconds); MaxWait caps the wait after the first change (default
	// 100 ms).
	Quiet, MaxWait time.Duration
	// Poll, when not zero, scans at this interval instead of using fsnotify.
	Poll time.Duration
	// Clock times the Quiet and MaxWait windows, the polls and each
	// batch's First (default: the real time). Tests pass a clock they
	// advance themselves, so that what lands in one batch does not depend
	// on how fast the machine is.
	Clock Clock
}

// Clock is what a Watcher needs of time.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real time.
type SystemClock struct{}

func (SystemClock) Now() time.Time                         { return time.Now() }
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

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
	// roots are the cleaned roots, dirs the folders under them that are
	// watched, hidden the hidden folders met under them, which are not
	// (all three used by the loop's goroutine only, once New returned).
	roots   map[string]bool
	dirs    map[string]bool
	hidden  map[string]bool
	done    chan struct{}
	exited  chan struct{}
	batches chan Batch
	errs    chan error
}

// Ignored reports whether a file name is an editor's temp file, which never
// triggers a build (and is never content: content.EditorFile).
func Ignored(name string) bool { return content.EditorFile(filepath.Base(name)) }

// New starts watching.
//
// Besides every folder under the roots, New watches the folder that holds
// each root, and acts only on its events about the root itself. A root's
// own watch cannot see the root come back: when the root is moved away the
// watch follows it (fsnotify then drops it), and when the root is deleted
// the kernel drops it. Only the parent sees the name reappear, as soon as
// it does and without any timer; polling for the root's return would add
// its interval to the first rebuild and wake up for nothing all day. (If
// the parent itself goes, the roots are gone with it: restart the preview.)
func New(opt Options) (*Watcher, error) {
	w := newWatcher(opt)
	if w.opt.Poll > 0 {
		// The first scan is made before New returns, so that a change
		// made right after is seen as one.
		go w.poll(w.scan())
		return w, nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, Explain(err)
	}
	w.fsw = fsw
	parents := map[string]bool{}
	for root := range w.roots {
		if parent := filepath.Dir(root); !parents[parent] {
			parents[parent] = true
			if err := fsw.Add(parent); err != nil && !errors.Is(err, fs.ErrNotExist) {
				fsw.Close()
				return nil, Explain(err)
			}
		}
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := w.addTree(root, nil); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop(fsw.Events, fsw.Errors)
	return w, nil
}

// newWatcher fills in the defaults; the caller starts a loop.
func newWatcher(opt Options) *Watcher {
	if opt.Quiet == 0 {
		opt.Quiet = 10 * time.Millisecond
	}
	if opt.MaxWait == 0 {
		opt.MaxWait = 100 * time.Millisecond
	}
	if opt.Clock == nil {
		opt.Clock = SystemClock{}
	}
	w := &Watcher{
		opt: opt, roots: map[string]bool{}, dirs: map[string]bool{}, hidden: map[string]bool{},
		done: make(chan struct{}), exited: make(chan struct{}),
		batches: make(chan Batch, 1), errs: make(chan error, 8),
	}
	w.Batches, w.Errors = w.batches, w.errs
	for _, r := range opt.Roots {
		w.roots[filepath.Clean(r)] = true
	}
	return w
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
				w.hidden[p] = true
				return fs.SkipDir
			}
			// The folder is watched before it is listed (WalkDir lists
			// it after this returns), so a file made in between is
			// either listed or reported.
			if err := w.fsw.Add(p); err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return Explain(err)
			}
			w.dirs[p] = true
			return nil
		}
		if found != nil && !Ignored(p) {
			found(p)
		}
		return nil
	})
}

// forget stops watching dir and the folders below it, which are gone.
// After a move within the file system their watches would otherwise
// follow them and report their new contents under their old names.
func (w *Watcher) forget(dir string) {
	for p := range w.dirs {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			delete(w.dirs, p)
			_ = w.fsw.Remove(p) // the kernel may have dropped it already
		}
	}
}

// under reports whether p is a root or inside one.
func (w *Watcher) under(p string) bool {
	for root := range w.roots {
		if p == root || strings.HasPrefix(p, root+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// inHidden reports whether p is inside a hidden folder below its root.
// addTree watches none, but a watch that followed a folder renamed to a
// hidden name may report a few events before forget drops it.
func (w *Watcher) inHidden(p string) bool {
	for dir := filepath.Dir(p); w.under(dir) && !w.roots[dir]; dir = filepath.Dir(dir) {
		if strings.HasPrefix(filepath.Base(dir), ".") {
			return true
		}
	}
	return false
}

// gather collects the paths of one batch. It is due Quiet after its last
// change, or MaxWait after its first, whichever comes sooner. It reads no
// clock: the times are given, so its windows are tested exactly.
type gather struct {
	quiet, maxWait time.Duration
	pending        map[string]bool
	first, last    time.Time
}

func (g *gather) note(p string, now time.Time) {
	if len(g.pending) == 0 {
		g.pending = map[string]bool{}
		g.first = now
	}
	g.pending[p] = true
	g.last = now
}

// dueAt is when the batch is to be sent; ok is false with nothing pending.
func (g *gather) dueAt() (at time.Time, ok bool) {
	if len(g.pending) == 0 {
		return time.Time{}, false
	}
	at = g.last.Add(g.quiet)
	if cap := g.first.Add(g.maxWait); cap.Before(at) {
		at = cap
	}
	return at, true
}

// take empties the gather into a batch.
func (g *gather) take() Batch {
	b := Batch{First: g.first}
	for p := range g.pending {
		b.Paths = append(b.Paths, p)
	}
	sort.Strings(b.Paths)
	g.pending = nil
	return b
}

// loop turns events into batches. It takes the events as channels so that
// tests can feed it without a file system.
func (w *Watcher) loop(events <-chan fsnotify.Event, errs <-chan error) {
	defer close(w.exited)
	clock := w.opt.Clock
	g := &gather{quiet: w.opt.Quiet, maxWait: w.opt.MaxWait}
	// One timer at a time: when it fires early (the batch was extended
	// meanwhile) it is set again for the rest.
	var timer <-chan time.Time
	note := func(p string) {
		g.note(p, clock.Now())
		if timer == nil {
			timer = clock.After(w.opt.Quiet)
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			name := filepath.Clean(ev.Name)
			if ev.Op == fsnotify.Chmod || Ignored(name) || !w.under(name) || w.inHidden(name) {
				continue // chmod, an editor's temp file, a sibling of a root, or in a hidden folder
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				if w.dirs[name] {
					w.forget(name)
				}
				if w.hidden[name] {
					delete(w.hidden, name)
					continue
				}
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(name); err == nil && fi.IsDir() {
					if !w.roots[name] && strings.HasPrefix(filepath.Base(name), ".") {
						// Hidden folders are never content or templates
						// (.git, a tool's staging folder).
						w.hidden[name] = true
						continue
					}
					if err := w.addTree(name, note); err != nil {
						w.report(err)
					}
				}
			}
			note(name)
		case err, ok := <-errs:
			if !ok {
				return
			}
			w.report(Explain(err))
		case <-timer:
			timer = nil
			at, ok := g.dueAt()
			if !ok {
				continue
			}
			if now := clock.Now(); now.Before(at) {
				timer = clock.After(at.Sub(now))
				continue
			}
			select {
			case w.batches <- g.take():
			case <-w.done:
				return
			}
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

// poll compares scans; a changed, new or vanished path is a change. A root
// that vanishes and comes back is simply scanned again.
func (w *Watcher) poll(prev map[string]stamp) {
	defer close(w.exited)
	for {
		select {
		case <-w.done:
			return
		case <-w.opt.Clock.After(w.opt.Poll):
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
		case w.batches <- Batch{Paths: changed, First: w.opt.Clock.Now()}:
		case <-w.done:
			return
		}
	}
}
