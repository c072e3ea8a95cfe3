package watch

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fakeClock is a clock that moves only when the test says. Its timers
// are delivered on unbuffered channels, so Advance returns only once the
// watcher has taken each timer that came due.
type fakeClock struct {
	t      *testing.T
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
	// armed receives the duration of every timer set.
	armed chan time.Duration
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock(t *testing.T) *fakeClock {
	return &fakeClock{t: t, now: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), armed: make(chan time.Duration, 1024)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time)
	c.timers = append(c.timers, fakeTimer{c.now.Add(d), ch})
	c.armed <- d
	return ch
}

// Advance moves the time on and delivers the timers that came due.
func (c *fakeClock) Advance(d time.Duration) {
	c.t.Helper()
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	var due []fakeTimer
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(now) {
			due = append(due, tm)
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	for _, tm := range due {
		select {
		case tm.c <- now:
		case <-time.After(patience):
			c.t.Fatal("the watcher did not take a timer that came due")
		}
	}
}

// fed is a watcher loop fed with events by the test, on a fake clock.
type fed struct {
	w      *Watcher
	clock  *fakeClock
	events chan fsnotify.Event
}

func startFed(t *testing.T, quiet, maxWait time.Duration) *fed {
	clock := newFakeClock(t)
	w := newWatcher(Options{Roots: []string{"/nowhere"}, Quiet: quiet, MaxWait: maxWait, Clock: clock})
	f := &fed{w: w, clock: clock, events: make(chan fsnotify.Event)}
	go w.loop(f.events, nil)
	t.Cleanup(func() { w.Close() })
	return f
}

// barrier returns once the loop has finished with everything it was
// given: it takes events one at a time, and a chmod is dropped at once.
func (f *fed) barrier() { f.events <- fsnotify.Event{Name: "/nowhere/x", Op: fsnotify.Chmod} }

func (f *fed) write(name string) {
	f.events <- fsnotify.Event{Name: "/nowhere/" + name, Op: fsnotify.Write}
	f.barrier()
}

func (f *fed) advance(d time.Duration) {
	f.clock.Advance(d)
	f.barrier()
}

// sent returns the batches sent so far (the loop is idle after a barrier,
// so this does not race with it).
func (f *fed) sent() [][]string {
	var out [][]string
	for {
		select {
		case b := <-f.w.Batches:
			var names []string
			for _, p := range b.Paths {
				names = append(names, filepath.Base(p))
			}
			out = append(out, names)
		default:
			return out
		}
	}
}

// TestBatchWindows replays event timings on a fake clock: a burst is one
// batch however long it takes as long as no gap reaches Quiet, MaxWait
// caps a stream that never goes quiet, and a gap of Quiet splits.
func TestBatchWindows(t *testing.T) {
	type step struct {
		after time.Duration // the clock moves on by this, then
		write string        // this file is written ("" for none)
	}
	burst := func(n int, gap time.Duration) []step {
		var s []step
		for i := 0; i < n; i++ {
			s = append(s, step{gap, "a.md"}, step{0, "b.md"})
		}
		return s
	}
	tests := []struct {
		name           string
		quiet, maxWait time.Duration
		steps          []step
		// want is the batches sent by the end, then after a long pause.
		want, final [][]string
	}{
		{"a burst faster than Quiet is one batch", 30 * time.Millisecond, time.Second,
			burst(50, time.Millisecond), nil, [][]string{{"a.md", "b.md"}}},
		{"the five rename-saves of one burst, 9 ms apart", 10 * time.Millisecond, 100 * time.Millisecond,
			burst(5, 9*time.Millisecond), nil, [][]string{{"a.md", "b.md"}}},
		{"a stall of Quiet in the middle splits it", 10 * time.Millisecond, 100 * time.Millisecond,
			append(append(burst(2, time.Millisecond), step{10 * time.Millisecond, ""}), burst(2, time.Millisecond)...),
			[][]string{{"a.md", "b.md"}}, [][]string{{"a.md", "b.md"}}},
		{"MaxWait caps a stream that never goes quiet", 50 * time.Millisecond, 120 * time.Millisecond,
			burst(14, 10*time.Millisecond), [][]string{{"a.md", "b.md"}}, [][]string{{"a.md", "b.md"}}},
		{"nothing is sent before Quiet", 10 * time.Millisecond, 100 * time.Millisecond,
			[]step{{0, "a.md"}, {9 * time.Millisecond, ""}}, nil, [][]string{{"a.md"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := startFed(t, tt.quiet, tt.maxWait)
			for _, s := range tt.steps {
				if s.after > 0 {
					f.advance(s.after)
				}
				if s.write != "" {
					f.write(s.write)
				}
			}
			if got := f.sent(); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("batches during the steps = %q, want %q", got, tt.want)
			}
			f.advance(time.Hour)
			if got := f.sent(); !slices.EqualFunc(got, tt.final, slices.Equal) {
				t.Errorf("batches after a pause = %q, want %q", got, tt.final)
			}
		})
	}
}

// TestBatchTakesTheClock: with real file events, no batch is sent until
// the watcher's clock says Quiet has passed, however slow the machine.
func TestBatchTakesTheClock(t *testing.T) {
	dir := tempDir(t)
	// A rename from an ignored name is one event the watcher acts on: a
	// second one could be taken after the clock moved, and rightly delay
	// the batch.
	write(t, filepath.Join(dir, "page.md.tmp"), "x")
	clock := newFakeClock(t)
	w := start(t, Options{Roots: []string{dir}, Clock: clock})
	before := clock.Now()
	must(t, os.Rename(filepath.Join(dir, "page.md.tmp"), filepath.Join(dir, "page.md")))
	select {
	case d := <-clock.armed:
		if d != 10*time.Millisecond {
			t.Errorf("first timer %v, want the default Quiet of 10ms", d)
		}
	case <-time.After(patience):
		t.Fatal("the write set no timer")
	}
	clock.Advance(10*time.Millisecond - time.Nanosecond)
	select {
	case b := <-w.Batches:
		t.Fatalf("batch %v before Quiet passed", b.Paths)
	default:
	}
	clock.Advance(time.Nanosecond)
	select {
	case b := <-w.Batches:
		if len(b.Paths) != 1 || filepath.Base(b.Paths[0]) != "page.md" || !b.First.Equal(before) {
			t.Errorf("batch %v first seen %v, want page.md at %v", b.Paths, b.First, before)
		}
	case <-time.After(patience):
		t.Fatal("no batch once Quiet passed")
	}
}
