// Package precompress makes the brotli and gzip forms of a site's text
// files, so that a server can send them without compressing on every
// request (nginx gzip_static and brotli_static, Caddy precompressed, and
// the preview server).
//
// The contract:
//
//   - Worth says which files can have compressed forms: text (HTML, CSS,
//     JS, JSON, XML, SVG, txt, the bibliography downloads; not _headers,
//     which the host reads and never sends) and WebAssembly, of at least
//     MinSize bytes.
//   - A Mode says which of those a build compresses, and Mode.Plan at
//     which brotli quality: by default (Assets) the hashed assets, the
//     module and the other non-HTML files, and no page, which servers
//     compress on the fly (README, Deploying); All adds the pages; None
//     writes no form.
//   - Encode returns a file's brotli and gzip forms, or nil for a form that
//     is not smaller than the file, and nil for a brotli form that is not
//     smaller than the gzip form (so a .br is never larger than the .gz
//     beside it). On a large file at PageQuality it first compresses a
//     probe of ProbeSize bytes both ways and makes no brotli form when
//     brotli clearly loses there, sparing the CPU of a form that would
//     then be dropped. The same input and quality always give the same
//     bytes.
//   - A Cache keeps encoded forms on disk by the SHA-256 of the input and
//     the quality or level, so that a file compressed once is never
//     compressed again, by any build on the machine. Entries are written
//     whole (by rename) and carry the SHA-256 of what they hold: an entry
//     that does not match it (truncated, corrupted) is ignored and
//     rewritten.
//   - Sink wraps an output.Sink: every file its Policy plans forms for is
//     written with its forms (NAME.br, NAME.gz) beside it, compressed as it is
//     written (on the writer's goroutine; the build writes from a worker
//     per core), so that nothing is kept to compress later, and Files and
//     Bytes count the build's own files only.
package precompress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/bits"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest file worth compressing: below it the saving is
// under a packet, and a request for the form costs more than it saves.
const MinSize = 1024

// Brotli qualities. Content-addressed assets (and the module, which is
// one) are cached by browsers for a year and change rarely, so they get
// the best. Pages and data files change with every edit, and a template
// edit changes them all: on the review's 111 pages (1.85 MB) quality 5
// gives 387 KB in about 1 s of one core, 9 gives 384 KB in about 10 s, 11
// gives 335 KB in over a minute (README.md, Performance).
const (
	AssetQuality = 11
	PageQuality  = 5
)

// GzipLevel is gzip's default level (what gzip.DefaultCompression
// means, and nginx's gzip_comp_level and Caddy's encode use). gzip is only the fallback for
// clients without brotli, and level 9 buys little for its time: measured
// on 2026-12-03, it saves 0.6 % of level 6's bytes on the review's
// files (460.7 to 457.9 KB of pages, 693.4 to 689.8 KB of assets and
// module) for 1.9x the CPU on pages and 4.1x on the module, and 0.74 %
// on the 1000-page corpus's pages (20.55 to 20.39 MB) for 1.7x (README,
// Performance).
const GzipLevel = 6

// compressible lists the extensions of files served compressed.
var compressible = map[string]bool{
	".html": true, ".htm": true, ".css": true, ".js": true, ".mjs": true,
	".json": true, ".webmanifest": true, ".xml": true, ".svg": true,
	".txt": true, ".wasm": true, ".map": true,
	// The bibliography downloads.
	".bib": true, ".ris": true,
}

// Worth reports whether the file at rel, of size bytes, can have
// compressed forms: what a server compresses when no form is beside it.
func Worth(rel string, size int) bool {
	return size >= MinSize && compressible[strings.ToLower(path.Ext(rel))]
}

// Mode says which files a build writes compressed forms for. The zero
// Mode is Assets, the default.
type Mode int

const (
	// Assets compresses the hashed assets and the module (AssetQuality)
	// and the other non-HTML files worth it: search index, bibliography
	// downloads, feed, sitemap (PageQuality). Pages get no forms: every
	// common host and server compresses HTML on the fly, pages change
	// with every edit, and they are most of the files (README,
	// Deploying).
	Assets Mode = iota
	// All compresses the pages too (PageQuality), for hosts that can
	// only send precompressed files.
	All
	// None writes no compressed forms.
	None
)

var modeNames = [...]string{Assets: "assets", All: "all", None: "none"}

// String returns the mode's flag value.
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return "Mode(" + strconv.Itoa(int(m)) + ")"
	}
	return modeNames[m]
}

// ParseMode reads a -precompress value: "assets", "all" or "none", and
// "true" (all) and "false" (none), which the boolean flag of earlier
// versions took, so that scripts passing them keep working.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "true":
		return All, nil
	case "false":
		return None, nil
	}
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("unknown precompression mode %q: choose assets (the default: hashed assets, the module and data files), all (pages too) or none; true means all, false none", s)
}

// Set parses s into m, for flag.Var.
func (m *Mode) Set(s string) error {
	v, err := ParseMode(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Plan says whether the file at rel, of size bytes, gets compressed forms
// under m, and at which brotli quality.
func (m Mode) Plan(rel string, size int) (quality int, ok bool) {
	if m == None || !Worth(rel, size) {
		return 0, false
	}
	if html[strings.ToLower(path.Ext(rel))] && m != All {
		return 0, false
	}
	return Quality(rel), true
}

// html lists the extensions of pages, which only All compresses.
var html = map[string]bool{".html": true, ".htm": true}

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

// Encode compresses data with gzip, and with brotli at quality where
// brotli can beat gzip: a brotli form is kept only when it is smaller than
// the gzip form (a client that accepts brotli gets the .gz otherwise, or
// the server's own brotli: README, Deploying), and it is not even tried
// on a large file at PageQuality whose probe says brotli loses
// (brotliLoses). Gzip is always made: every client that compresses
// accepts it.
func Encode(data []byte, quality int) Forms {
	gz := Gzip(data, GzipLevel)
	if quality <= PageQuality && brotliLoses(data) {
		return Forms{Gzip: gz}
	}
	return Forms{Brotli: servedBrotli(Brotli(data, quality), gz), Gzip: gz}
}

// ProbeSize is how much of a large file brotliLoses compresses to
// predict the whole; files under twice this are compressed whole, which
// costs little more than a probe.
const ProbeSize = 64 << 10

// brotliLoses reports whether brotli at PageQuality, on the first
// ProbeSize bytes of data, is over 5% larger than gzip at GzipLevel on the
// same bytes; files under 2*ProbeSize are never probed (false). Why: on
// text of a small vocabulary in random order, such as the synthetic
// corpus's search index (measured 2026-12-03, BenchmarkEncode), brotli 5
// to 7 is 3% to 19% larger than gzip 6 and costs as much CPU again, and
// the probe's ratio stays within a few percent of the whole file's (1.11
// to 1.18 at 64 to 256 KiB for 1.19 whole); where brotli wins (prose,
// JSON of records, XML, the review's files) it wins on the probe by 4% to
// 53%. The 5% margin keeps a near tie for the full encoding, which
// servedBrotli settles. The probe costs about a tenth of what it spares
// on a 2.5 MB file (64 KiB both ways against 2.5 MB of brotli), and on a
// file where brotli wins, that much in vain.
func brotliLoses(data []byte) bool {
	if len(data) < 2*ProbeSize {
		return false
	}
	probe := data[:ProbeSize]
	// A window just larger than the probe (2^17 for 64 KiB) rather than
	// brotli's default 2^22: the encoder allocates buffers and tables by
	// the window, and those allocations were most of the probe's CPU in a
	// build's profile; a larger window finds nothing more in 64 KiB.
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: PageQuality, LGWin: bits.Len(ProbeSize)})
	_, _ = w.Write(probe) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	br := b.Len()
	gz := sizeOr(Gzip(probe, GzipLevel), len(probe))
	return br*100 > gz*105
}

// sizeOr is len(form), or n (the input's size) for a nil form, which was
// not smaller than its input.
func sizeOr(form []byte, n int) int {
	if form == nil {
		return n
	}
	return len(form)
}

// servedBrotli returns br when a server should send it: when it exists
// and is smaller than gz, the form a client gets otherwise (or, without
// gz, the file itself, which br is already smaller than).
func servedBrotli(br, gz []byte) []byte {
	if br == nil || (gz != nil && len(br) >= len(gz)) {
		return nil
	}
	return br
}

// Brotli compresses data at quality, or returns nil when that is not
// smaller than data.
func Brotli(data []byte, quality int) []byte {
	var b bytes.Buffer
	b.Grow(len(data) / 3)
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: quality, LGWin: window(len(data))})
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

// window is the brotli window (log2 of its size) for n bytes: the
// smallest that holds them, from brotli's least (10) up to its default
// (22). A larger window finds nothing more in a file it already holds, but
// quality 11 allocates match trees for the whole window whatever the
// file's size: 32 MB per file at 22, which with two assets compressed at
// once was the peak of a cold build (TestBrotliWindow, README
// "Performance"). A fitted window can cost a byte of header.
func window(n int) int {
	// A window of 2^w bytes holds 2^w - 16 bytes of data.
	return min(max(bits.Len(uint(n+16-1)), 10), 22)
}

func smaller(enc, data []byte) []byte {
	if len(enc) < len(data) {
		return enc
	}
	return nil
}
