// Package stagecache keeps one build stage's results between the builds
// of a long-lived project (the preview), so that a rebuild remakes only
// what its inputs changed.
//
// The contract: a result is reused only under the key of the inputs it
// was made from, and only once the build that made it committed; a build
// that fails does not commit, and the next one reuses the last good
// build's results. A result not Put again by a committed build is
// dropped. A nil *Cache misses and keeps nothing, so that a one-off build
// calls its stages the same way without one.
package stagecache

import "sync"

// Cache keeps one stage's results of the last good build, by name,
// each with the key of the inputs it was made from, and collects those of
// the build under way. A site Project owns one per cached stage
// (conversions, rendered files, search index parts) and hands it to each
// build; a one-off build has none.
//
// Get reads the last build's results, which nothing writes during a
// build; Put may be called from every worker at once.
type Cache[K comparable, V any] struct {
	mu   sync.Mutex
	last map[K]keyed[V]
	next map[K]keyed[V]
}

type keyed[T any] struct {
	key uint64
	val T
}

// Begin starts a build: its results are collected into a map sized like
// the last build's, since growing maps of tens of thousands of entries
// cost a rebuild of a large site more than the page that changed.
func (c *Cache[K, V]) Begin() {
	c.next = make(map[K]keyed[V], len(c.last))
}

// Commit makes the build's results those the next build reuses; a failed
// build does not commit, and the next one reuses the last good build's.
func (c *Cache[K, V]) Commit() {
	c.last, c.next = c.next, nil
}

// Get returns the last build's result for name when it was made from the
// same key.
func (c *Cache[K, V]) Get(name K, key uint64) (V, bool) {
	if c != nil {
		if e, ok := c.last[name]; ok && e.key == key {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// Put keeps this build's result for name, made from key.
func (c *Cache[K, V]) Put(name K, key uint64, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.next[name] = keyed[V]{key, v}
	c.mu.Unlock()
}
