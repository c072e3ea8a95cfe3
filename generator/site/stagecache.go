package site

import "sync"

// stageCache keeps one stage's results of the last good build, by name,
// each with the key of the inputs it was made from, and collects those of
// the build under way. A Project owns one per cached stage (conversions,
// rendered files, search index parts) and hands it to each build; a
// one-off build has none, and a nil *stageCache misses and keeps nothing,
// so the stages call it the same way either way.
//
// get reads the last build's results, which nothing writes during a
// build; put may be called from every worker at once.
type stageCache[K comparable, V any] struct {
	mu   sync.Mutex
	last map[K]keyed[V]
	next map[K]keyed[V]
}

type keyed[T any] struct {
	key uint64
	val T
}

// begin starts a build: its results are collected into a map sized like
// the last build's, since growing maps of tens of thousands of entries
// cost a rebuild of a large site more than the page that changed.
func (c *stageCache[K, V]) begin() {
	c.next = make(map[K]keyed[V], len(c.last))
}

// commit makes the build's results those the next build reuses; a failed
// build does not commit, and the next one reuses the last good build's.
func (c *stageCache[K, V]) commit() {
	c.last, c.next = c.next, nil
}

// get returns the last build's result for name when it was made from the
// same key.
func (c *stageCache[K, V]) get(name K, key uint64) (V, bool) {
	if c != nil {
		if e, ok := c.last[name]; ok && e.key == key {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// put keeps this build's result for name, made from key.
func (c *stageCache[K, V]) put(name K, key uint64, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.next[name] = keyed[V]{key, v}
	c.mu.Unlock()
}
