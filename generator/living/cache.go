package living

import (
	"crypto/sha256"
	"io/fs"
	"path"
	"sync"

	"ketref/generator/diag"
)

// Cache keeps the last Review a preview loaded while the release files'
// bytes are unchanged: decoding and checking them (about 18 ms for the
// review's 1.0) would otherwise be most of a rebuild. A nil *Cache loads
// every time, as a one-off build does.
type Cache struct {
	mu     sync.Mutex
	sum    [sha256.Size]byte
	review *Review
	diags  []diag.Diagnostic
}

// Load is living.Load through the cache: the problems of a reused load
// are reported again. Key hashes the files it read.
func (c *Cache) Load(fsys fs.FS, root string, diags *diag.List) *Review {
	sum := filesSum(fsys)
	if c == nil {
		r := Load(fsys, root, diags)
		r.key = sum
		return r
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.review == nil || c.sum != sum {
		var local diag.List
		c.review, c.sum = Load(fsys, root, &local), sum
		c.review.key = sum
		c.diags = local.Sorted()
	}
	for _, d := range c.diags {
		diags.Add(d)
	}
	// A build prepares its own comparisons; the history is shared.
	fresh := *c.review
	fresh.base = Result{}
	return &fresh
}

// Key hashes the release files the Review was loaded from.
func (r *Review) Key() [sha256.Size]byte { return r.key }

// filesSum hashes the names and bytes of the release files.
func filesSum(fsys fs.FS) [sha256.Size]byte {
	h := sha256.New()
	items, _ := fs.ReadDir(fsys, ReleasesDir)
	for _, it := range items {
		src, _ := fs.ReadFile(fsys, path.Join(ReleasesDir, it.Name()))
		h.Write([]byte(it.Name()))
		h.Write([]byte{0})
		h.Write(src)
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
