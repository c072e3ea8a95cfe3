package civil

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, s := range []string{"", "2026-1-5", "2026-13-01", "2026-02-29", "2026-00-10", "1899-12-31", "3000-01-01", "2026/01/05", "2026-01-05x", "abcd-ef-gh", "+026-01-05"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	d, err := Parse("2024-02-29")
	if err != nil || d != (Date{2024, 2, 29}) {
		t.Errorf("Parse leap day = %v, %v", d, err)
	}
}

// TestAgainstTime compares the arithmetic with the time package over
// several centuries.
func TestAgainstTime(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	d := Date{1900, 1, 1}
	for i := 0; i < 400*366; i += 37 {
		want := start.AddDate(0, 0, i)
		got := d.AddDays(i)
		if got.String() != want.Format("2006-01-02") || got.Weekday() != want.Weekday().String() {
			t.Fatalf("1900-01-01 + %d = %s %s, want %s %s", i, got, got.Weekday(), want.Format("2006-01-02"), want.Weekday())
		}
		if back := got.AddDays(-i); back != d {
			t.Fatalf("round trip of %d days gives %s", i, back)
		}
	}
}
