// Package cachekey hashes a build stage's inputs into the key under which
// a stage cache (package stagecache) keeps the stage's result.
//
// The contract: keys are compared only between hashes of one seed (a site
// Project makes its seed once); under one seed equal inputs give equal
// keys, and the writes are delimited, so that Strings("ab", "c") and
// Strings("a", "bc") give different keys. A key is a hash: two different
// inputs may, with negligible probability, share one.
package cachekey

import (
	"encoding/binary"
	"hash/maphash"
	"io/fs"
	"sync"
)

// Hash is a maphash.Hash with the writes a key is made of. Its zero value
// hashes with a random seed: keys that are never compared need no other.
type Hash struct {
	maphash.Hash
}

// Key adds a key, without formatting it.
func (h *Hash) Key(k uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], k)
	h.Write(b[:])
}

// Strings adds each string and a NUL after it. Keys are made for every
// page on every preview rebuild: concatenating first would allocate for
// each.
func (h *Hash) Strings(ss ...string) {
	for _, s := range ss {
		h.WriteString(s)
		h.WriteByte(0)
	}
}

// Tree adds every file of fsys, by path and content, outside the folder
// skip at its root.
func (h *Hash) Tree(fsys fs.FS, skip string) {
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p == skip {
				return fs.SkipDir
			}
			return nil
		}
		src, _ := fs.ReadFile(fsys, p)
		h.WriteString(p + "\x00")
		h.Write(src)
		return nil
	})
}

// Files memoizes the hashes of files' bytes by the address of their
// bytes: a content cache hands out the same bytes while a file is
// unchanged, so a rebuild hashes only what changed. Workers call Sum at
// once.
type Files struct {
	seed maphash.Seed
	mu   sync.Mutex
	sums map[*byte]uint64
}

// NewFiles returns an empty memo hashing with seed.
func NewFiles(seed maphash.Seed) *Files {
	return &Files{seed: seed, sums: map[*byte]uint64{}}
}

// Sum returns the hash of src (0 for no bytes).
func (f *Files) Sum(src []byte) uint64 {
	if len(src) == 0 {
		return 0
	}
	at := &src[0]
	f.mu.Lock()
	h, ok := f.sums[at]
	f.mu.Unlock()
	if ok {
		return h
	}
	h = maphash.Bytes(f.seed, src)
	f.mu.Lock()
	f.sums[at] = h
	f.mu.Unlock()
	return h
}

// Keep forgets the hashes of every file but those in live: each
// remembered hash keeps its file's bytes alive.
func (f *Files) Keep(live [][]byte) {
	kept := make(map[*byte]uint64, len(live))
	for _, src := range live {
		if len(src) > 0 {
			if h, ok := f.sums[&src[0]]; ok {
				kept[&src[0]] = h
			}
		}
	}
	f.mu.Lock()
	f.sums = kept
	f.mu.Unlock()
}
