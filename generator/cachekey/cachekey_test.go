package cachekey

import (
	"hash/maphash"
	"testing"
	"testing/fstest"
)

func key(seed maphash.Seed, write func(h *Hash)) uint64 {
	var h Hash
	h.SetSeed(seed)
	write(&h)
	return h.Sum64()
}

// TestKeys: equal inputs give equal keys under one seed, and the writes
// are delimited.
func TestKeys(t *testing.T) {
	seed := maphash.MakeSeed()
	fsys := fstest.MapFS{"a.html": {Data: []byte("A")}, "static/s.css": {Data: []byte("S")}}
	other := fstest.MapFS{"a.html": {Data: []byte("B")}, "static/s.css": {Data: []byte("S")}}
	static := fstest.MapFS{"a.html": {Data: []byte("A")}, "static/s.css": {Data: []byte("T")}}
	for _, tc := range []struct {
		name  string
		a, b  func(h *Hash)
		equal bool
	}{
		{"same strings", func(h *Hash) { h.Strings("ab", "c") }, func(h *Hash) { h.Strings("ab", "c") }, true},
		{"strings delimited", func(h *Hash) { h.Strings("ab", "c") }, func(h *Hash) { h.Strings("a", "bc") }, false},
		{"keys", func(h *Hash) { h.Key(1) }, func(h *Hash) { h.Key(2) }, false},
		{"same key", func(h *Hash) { h.Key(7) }, func(h *Hash) { h.Key(7) }, true},
		{"tree content", func(h *Hash) { h.Tree(fsys, "static") }, func(h *Hash) { h.Tree(other, "static") }, false},
		{"tree, skipped folder", func(h *Hash) { h.Tree(fsys, "static") }, func(h *Hash) { h.Tree(static, "static") }, true},
	} {
		if got := key(seed, tc.a) == key(seed, tc.b); got != tc.equal {
			t.Errorf("%s: equal = %v, want %v", tc.name, got, tc.equal)
		}
	}
}

// TestFiles: a file's hash is memoized by its bytes' address until Keep
// drops it.
func TestFiles(t *testing.T) {
	seed := maphash.MakeSeed()
	f := NewFiles(seed)
	one, two := []byte("one"), []byte("two")
	if f.Sum(nil) != 0 {
		t.Error("no bytes hash to non-zero")
	}
	if f.Sum(one) != maphash.Bytes(seed, one) {
		t.Error("Sum is not the hash of the bytes")
	}
	f.Sum(two)
	one[0] = 'X' // same address: the memo answers, not the new bytes
	if f.Sum(one) != maphash.Bytes(seed, []byte("one")) {
		t.Error("Sum hashed again bytes at a remembered address")
	}
	f.Keep([][]byte{two, nil})
	if f.Sum(one) != maphash.Bytes(seed, one) {
		t.Error("Keep did not forget a file not live")
	}
	if len(f.sums) != 2 { // two, and one hashed again
		t.Errorf("%d hashes remembered, want 2", len(f.sums))
	}
}
