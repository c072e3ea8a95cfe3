package diag

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestLinesPosition(t *testing.T) {
	src := []byte("ab\nçd\n\nx")
	l := NewLines(src)
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {7, 3, 1}, {8, 4, 1}, {99, 4, 2}, {-1, 1, 1},
	} {
		if line, col := l.Position(tt.off); line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func TestListSortsDedupsAndCounts(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.Errorf("t.html", 2, 3, "same template error on every page")
		}()
	}
	wg.Wait()
	l.Warnf("b.md", 1, 1, "unknown key")
	l.Errorf("a.md", 10, 2, "second")
	l.Errorf("a.md", 2, 5, "first")
	if l.HasErrors(false) != true {
		t.Fatal("HasErrors = false")
	}
	err := l.Err(false)
	want := "a.md:2:5: first\na.md:10:2: second\nt.html:2:3: same template error on every page"
	if err == nil || err.Error() != want {
		t.Errorf("Err = %q, want %q", err, want)
	}
	if strict := l.Err(true).Error(); !strings.Contains(strict, "b.md:1:1: warning: unknown key") {
		t.Errorf("strict Err lacks the warning: %q", strict)
	}
	if w := l.Warnings(); len(w) != 1 {
		t.Errorf("Warnings = %v", w)
	}
}

func TestLocation(t *testing.T) {
	for _, tt := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "a", Line: 1, Col: 2, Msg: "m"}, "a:1:2: m"},
		{Diagnostic{File: "a", Line: 1, Msg: "m"}, "a:1: m"},
		{Diagnostic{File: "a", Msg: "m"}, "a: m"},
		{Diagnostic{Msg: "m"}, "m"},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%+v = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestInternal: a recovered panic becomes an error at its file that names
// the line that panicked, below the runtime's frames.
func TestInternal(t *testing.T) {
	var d Diagnostic
	func() {
		defer func() { d = Internal("content/a.md", recover()) }()
		var s []string
		_ = s[0] // the line the message must name
	}()
	got := d.String()
	for _, want := range []string{"content/a.md: internal error: runtime error: index out of range [0] with length 0 (at diag/diag_test.go:", "report it"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

// TestPositionCostPerCall: finding a column reads a bounded stretch of the
// line, not the line from its start, so that 50000 links on one line cost
// 50000 small steps rather than 50000 times the line.
func TestPositionCostPerCall(t *testing.T) {
	line := strings.Repeat("[é](a.md) ", 50000)
	src := []byte("x\n" + line + "\n")
	l := NewLines(src)
	for i := 0; i < 50000; i++ {
		off := 2 + i*len("[é](a.md) ")
		if gotLine, col := l.Position(off); gotLine != 2 || col != 1+i*len([]rune("[é](a.md) ")) {
			t.Fatalf("Position(%d) = %d:%d", off, gotLine, col)
		}
	}
	if per := l.scanned.Load() / 50000; per > 2*runeMark {
		t.Errorf("Position read %d bytes per call on average; at most %d expected", per, 2*runeMark)
	}
}

// TestPositionAgreesWithCounting compares the indexed column with runes
// counted from the line's start, around the index's marks.
func TestPositionAgreesWithCounting(t *testing.T) {
	src := []byte(strings.Repeat("aé€😀\n", 3) + strings.Repeat("xé€😀", 4*runeMark) + "\nend")
	l := NewLines(src)
	for off := 0; off <= len(src); off++ {
		if off < len(src) && !utf8.RuneStart(src[off]) {
			continue // goldmark's offsets are at runes
		}
		line, col := l.Position(off)
		start := 0
		for i := 0; i < off; i++ {
			if src[i] == '\n' {
				start = i + 1
			}
		}
		if want := 1 + utf8.RuneCount(src[start:off]); col != want || line != 1+strings.Count(string(src[:off]), "\n") {
			t.Fatalf("Position(%d) = %d:%d, want column %d", off, line, col, want)
		}
	}
}

// BenchmarkPositionLongLine finds the column of each of 50000 links on one
// line, as a page converting them does.
func BenchmarkPositionLongLine(b *testing.B) {
	src := []byte(strings.Repeat("[x](a.md) ", 50000))
	for range b.N {
		l := NewLines(src)
		for i := 0; i < 50000; i++ {
			l.Position(i * 10)
		}
	}
}
