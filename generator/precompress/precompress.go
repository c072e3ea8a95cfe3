// Package precompress makes the brotli and gzip forms of a site's text
// files, so that a server can send them without compressing on every
// request (nginx gzip_static and brotli_static, Caddy precompressed, and
// the preview server).
//
// The contract:
//
//   - Worth says which files get compressed forms: text (HTML, CSS, JS,
//     JSON, XML, SVG, txt, the bibliography downloads; not _headers, which
//     the host reads and never sends) and WebAssembly, of at least MinSize
//     bytes.
//   - Encode returns a file's brotli and gzip forms, or nil for a form that
//     is not smaller than the file. The same input and quality always give
//     the same bytes.
//   - A Cache keeps encoded forms on disk by the SHA-256 of the input and
//     the quality, so that a file compressed once is never compressed
//     again, by any build on the machine. Entries are written whole (by
//     rename) and carry the SHA-256 of what they hold: an entry that does
//     not match it (truncated, corrupted) is ignored and rewritten.
//   - Sink wraps an output.Sink: every file worth it is written with
//     NAME.br and NAME.gz beside it, compressed in parallel (package pool)
//     when the build commits, and Files and Bytes count the build's own
//     files only.
package precompress

import (
	"bytes"
	"compress/gzip"
	"path"
	"regexp"
	"strings"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest file worth compressing: below it the saving is
// under a packet, and a request for the form costs more than it saves.
const MinSize = 1024

// Brotli qualities. Content-addressed assets are cached by browsers for a
// year and change rarely, so they get the best. Pages change with every
// edit, and a template edit changes them all: on the review's 111 pages
// (1.85 MB) quality 5 gives 387 KB in about 1 s of one core, 9 gives
// 384 KB in about 10 s, 11 gives 335 KB in over a minute (README.md,
// Performance).
const (
	AssetQuality = 11
	PageQuality  = 5
)

// GzipLevel is gzip's best, for the build: gzip is the fallback for
// clients without brotli, and a build compresses each file once.
const GzipLevel = gzip.BestCompression

// compressible lists the extensions of files served compressed.
var compressible = map[string]bool{
	".html": true, ".htm": true, ".css": true, ".js": true, ".mjs": true,
	".json": true, ".webmanifest": true, ".xml": true, ".svg": true,
	".txt": true, ".wasm": true, ".map": true,
	// The bibliography downloads.
	".bib": true, ".ris": true,
}

// Worth reports whether the file at rel, of size bytes, gets compressed
// forms.
func Worth(rel string, size int) bool {
	return size >= MinSize && compressible[strings.ToLower(path.Ext(rel))]
}

// hashed matches the name of a content-addressed asset, which carries 8
// hex digits of its hash before the extension ("style.3f2a91c0.css").
var hashed = regexp.MustCompile(`\.[0-9a-f]{8}\.[a-z0-9]+$`)

// Quality is the brotli quality for the file at rel.
func Quality(rel string) int {
	if hashed.MatchString(rel) {
		return AssetQuality
	}
	return PageQuality
}

// Forms are a file's encoded forms; a nil form is not smaller than the
// file and is not served.
type Forms struct {
	Brotli, Gzip []byte
}

// Encode compresses data with brotli at quality and with gzip.
func Encode(data []byte, quality int) Forms {
	return Forms{Brotli: Brotli(data, quality), Gzip: Gzip(data, GzipLevel)}
}

// Brotli compresses data at quality, or returns nil when that is not
// smaller than data.
func Brotli(data []byte, quality int) []byte {
	var b bytes.Buffer
	b.Grow(len(data) / 3)
	w := brotli.NewWriterLevel(&b, quality)
	// Writes to a bytes.Buffer do not fail.
	_, _ = w.Write(data)
	_ = w.Close()
	return smaller(b.Bytes(), data)
}

// Gzip compresses data at level, or returns nil when that is not smaller
// than data.
func Gzip(data []byte, level int) []byte {
	var b bytes.Buffer
	b.Grow(len(data) / 3)
	w, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		panic(err) // a level of compress/gzip's constants
	}
	_, _ = w.Write(data)
	_ = w.Close()
	return smaller(b.Bytes(), data)
}

func smaller(enc, data []byte) []byte {
	if len(enc) < len(data) {
		return enc
	}
	return nil
}
