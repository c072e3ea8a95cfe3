package pool

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		panics map[int]bool
	}{
		{"none", 0, nil},
		{"one", 1, nil},
		{"many", 1000, nil},
		{"first panics", 10, map[int]bool{0: true}},
		{"some panic", 100, map[int]bool{3: true, 50: true, 99: true}},
		{"all panic", 5, map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := make([]atomic.Int32, tc.n)
			var mu sync.Mutex
			failed := map[int]string{}
			Run(tc.n, func(i int) {
				runs[i].Add(1)
				if tc.panics[i] {
					panic(fmt.Sprintf("item %d", i))
				}
			}, func(i int, msg string) {
				mu.Lock()
				defer mu.Unlock()
				if _, dup := failed[i]; dup {
					t.Errorf("index %d reported twice", i)
				}
				failed[i] = msg
			})
			for i := range runs {
				if got := runs[i].Load(); got != 1 {
					t.Errorf("index %d ran %d times, want once", i, got)
				}
			}
			if len(failed) != len(tc.panics) {
				t.Errorf("%d failures reported, want %d: %v", len(failed), len(tc.panics), failed)
			}
			for i := range tc.panics {
				msg := failed[i]
				if !strings.HasPrefix(msg, fmt.Sprintf("internal error: item %d", i)) || !strings.Contains(msg, "pool_test.go:") {
					t.Errorf("index %d reported %q, want its panic value and the line that panicked", i, msg)
				}
			}
		})
	}
}
