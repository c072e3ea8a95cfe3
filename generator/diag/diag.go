// Package diag holds located diagnostics: the errors and warnings a build
// reports about content and templates.
//
// A Diagnostic names a file (slash-separated, relative to the project, such as
// "content/routes/iv.md"), a 1-based line and column where known, and a
// message that says what is wrong and what to do. A List gathers every
// diagnostic of a build so that all of them are reported, not only the first;
// it is safe for concurrent use.
package diag

import (
	"errors"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported; it fails the build only in strict mode.
	Warning
)

// Diagnostic is one located problem.
type Diagnostic struct {
	File     string
	Line     int // 1-based; 0 when the problem concerns the whole file
	Col      int // 1-based; 0 when unknown
	Severity Severity
	Msg      string
}

// Location renders "file:line:col", dropping the parts that are unknown.
func (d Diagnostic) Location() string {
	switch {
	case d.File == "":
		return ""
	case d.Line == 0:
		return d.File
	case d.Col == 0:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Col)
	}
}

func (d Diagnostic) String() string {
	loc := d.Location()
	prefix := ""
	if d.Severity == Warning {
		prefix = "warning: "
	}
	if loc == "" {
		return prefix + d.Msg
	}
	return loc + ": " + prefix + d.Msg
}

// Error makes a Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics from concurrent workers.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
	seen  map[string]bool
}

// Add records d once; an identical diagnostic reported again (the same
// template failing on every page, say) is kept only once.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := d.String()
	if l.seen[key] {
		return
	}
	if l.seen == nil {
		l.seen = make(map[string]bool)
	}
	l.seen[key] = true
	l.items = append(l.items, d)
}

// Errorf records an error at file:line:col.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// AddErr records err: a Diagnostic or a *Errors as they are, anything else
// as an unlocated error.
func (l *List) AddErr(err error) {
	if err == nil {
		return
	}
	var es *Errors
	if errors.As(err, &es) {
		for _, d := range es.Items {
			l.Add(d)
		}
		return
	}
	var d Diagnostic
	if errors.As(err, &d) {
		l.Add(d)
		return
	}
	l.Add(Diagnostic{Severity: Error, Msg: err.Error()})
}

// Sorted returns the diagnostics ordered by file, line and column.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	return out
}

// HasErrors reports whether any diagnostic fails the build; with strict set,
// warnings count too.
func (l *List) HasErrors(strict bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Err returns the failing diagnostics as one error (nil when there are none).
func (l *List) Err(strict bool) error {
	var failing []Diagnostic
	for _, d := range l.Sorted() {
		if d.Severity == Error || strict {
			failing = append(failing, d)
		}
	}
	if len(failing) == 0 {
		return nil
	}
	return &Errors{Items: failing}
}

// Warnings returns the warnings, sorted.
func (l *List) Warnings() []Diagnostic {
	var w []Diagnostic
	for _, d := range l.Sorted() {
		if d.Severity == Warning {
			w = append(w, d)
		}
	}
	return w
}

// Errors is the error a failed build returns: every diagnostic that failed it.
type Errors struct {
	Items []Diagnostic
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, d := range e.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Lines maps byte offsets of one file to 1-based lines and columns. Build it
// once per file; each lookup is a binary search for the line and a count
// of at most runeMark bytes for the column.
type Lines struct {
	src    []byte
	starts []int // byte offset of each line's first byte
	// runes[k] counts the runes of src[:k*runeMark]: a column on a long
	// line (a page of 50000 links on one line) is counted from the mark
	// before it, not from the line's start.
	runes []int
	// scanned counts the bytes Position has read, for the test that
	// keeps its cost independent of the line's length.
	scanned atomic.Int64
}

// runeMark is the spacing of Lines.runes, in bytes.
const runeMark = 512

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	runes := make([]int, 0, len(src)/runeMark+1)
	n := 0
	for i, c := range src {
		if i%runeMark == 0 {
			runes = append(runes, n)
		}
		if c == '\n' {
			starts = append(starts, i+1)
		}
		if utf8.RuneStart(c) {
			n++
		}
	}
	return &Lines{src: src, starts: starts, runes: runes}
}

// runesBefore counts the runes of src[:offset] (as the runes that start
// there: the file is UTF-8).
func (l *Lines) runesBefore(offset int) int {
	k := offset / runeMark
	if k >= len(l.runes) {
		k = len(l.runes) - 1
	}
	n := l.runes[k]
	for _, c := range l.src[k*runeMark : offset] {
		if utf8.RuneStart(c) {
			n++
		}
	}
	l.scanned.Add(int64(offset - k*runeMark))
	return n
}

// Position converts a byte offset into a line and a column. The column counts
// runes, so it matches what an editor shows.
func (l *Lines) Position(offset int) (line, col int) {
	if offset < 0 {
		offset = 0
	}
	if offset > len(l.src) {
		offset = len(l.src)
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	if offset-l.starts[i] <= runeMark || len(l.runes) == 0 {
		l.scanned.Add(int64(offset - l.starts[i]))
		return i + 1, 1 + utf8.RuneCount(l.src[l.starts[i]:offset])
	}
	return i + 1, 1 + l.runesBefore(offset) - l.runesBefore(l.starts[i])
}

// Internal is the error a recovered panic becomes: a bug in the generator
// that some content runs into must fail that content's file, not crash the
// build or the preview that runs it. Call it in the deferred function that
// recovered v, while the panicking frames are still on the stack, so that
// it can name the line of the generator that failed.
func Internal(file string, v any) Diagnostic {
	return Diagnostic{File: file, Severity: Error, Msg: InternalMessage(v)}
}

// InternalMessage is Internal's message, for a caller that locates it
// later.
func InternalMessage(v any) string {
	msg := fmt.Sprintf("internal error: %v", v)
	if at := panicSite(); at != "" {
		msg += " (at " + at + ")"
	}
	return msg + "; this is a bug in the generator, please report it with this file; until it is fixed, undo the last change to the file"
}

// panicSite is the innermost frame below the panic that is not the
// runtime's: where the generator (or a library it called) failed.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	sawPanic := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" {
			sawPanic = true
		} else if sawPanic && !strings.HasPrefix(f.Function, "runtime.") {
			dir, file := path.Split(f.File)
			return path.Base(dir) + "/" + file + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return ""
		}
	}
}
