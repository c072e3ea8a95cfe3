package stagecache

import "testing"

// TestStageCache: a result is reused only with the key it was made from,
// only once its build committed, and a build that does not Commit leaves
// the last good build's results; a nil cache misses and keeps nothing.
func TestStageCache(t *testing.T) {
	var c Cache[string, int]
	c.Begin()
	c.Put("a", 1, 10)
	c.Put("b", 2, 20)
	if _, ok := c.Get("a", 1); ok {
		t.Error("a result is reused before its build committed")
	}
	c.Commit()

	c.Begin() // a build that fails: it keeps "a" under another key
	c.Put("a", 9, 90)

	c.Begin() // the next build still sees the last good build's results
	for _, tc := range []struct {
		name string
		key  uint64
		want int
		ok   bool
	}{
		{"a", 1, 10, true},
		{"a", 9, 0, false},
		{"b", 2, 20, true},
		{"b", 1, 0, false},
		{"c", 0, 0, false},
	} {
		if got, ok := c.Get(tc.name, tc.key); got != tc.want || ok != tc.ok {
			t.Errorf("Get(%q, %d) = %d, %v; want %d, %v", tc.name, tc.key, got, ok, tc.want, tc.ok)
		}
	}
	c.Put("b", 2, 20)
	c.Commit()
	if _, ok := c.Get("a", 1); ok {
		t.Error(`"a", not kept by the last build, is still reused`)
	}
	if v, ok := c.Get("b", 2); !ok || v != 20 {
		t.Errorf(`"b" kept by the last build: Get = %d, %v`, v, ok)
	}

	var none *Cache[string, int]
	none.Put("a", 1, 10)
	if _, ok := none.Get("a", 1); ok {
		t.Error("a nil cache returned a result")
	}
}
