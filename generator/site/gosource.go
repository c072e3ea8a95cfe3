package site

import (
	"io/fs"
	"os"
	"path/filepath"

	"ketref/generator/gosource"
)

// wasmSources is the calculators' source folder, which go-source fences
// print (see package gosource); nil when the build has none.
func (b *builder) wasmSources() fs.FS {
	if b.opt.Wasm == nil {
		return nil
	}
	return os.DirFS(filepath.Join(b.opt.Wasm.ModuleRoot, b.opt.Wasm.SourceDir))
}

// wasmSourceKey hashes the calculator sources, which go-source fences
// print.
func (b *builder) wasmSourceKey() uint64 {
	src := b.wasmSources()
	if src == nil {
		return 0
	}
	h := b.hasher()
	gosource.Hash(src, h)
	return h.Sum64()
}
