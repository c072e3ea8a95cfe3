package precompress

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"ketref/generator/output"
)

func TestWorthAndQuality(t *testing.T) {
	tests := []struct {
		rel     string
		size    int
		worth   bool
		quality int
	}{
		{"index.html", 5000, true, PageQuality},
		{"efficacy/index.html", MinSize, true, PageQuality},
		{"efficacy/index.html", MinSize - 1, false, PageQuality},
		{"style.3f2a91c0.css", 20000, true, AssetQuality},
		{"ketcalc.f7ca4e9d.wasm", 2 << 20, true, AssetQuality},
		{"search-index.json", 90000, true, PageQuality},
		{"search/part-3.json", 9000, true, PageQuality},
		{"sitemap.xml", 9000, true, PageQuality},
		{"favicon.af5441c6.svg", 2000, true, AssetQuality},
		{"robots.txt", 2000, true, PageQuality},
		{"references.bib", 90000, true, PageQuality},
		{"figures/plot.png", 90000, false, PageQuality},
		{"_headers", 9000, false, PageQuality},
		{"index.html.br", 9000, false, PageQuality},
		{"index.html.gz", 9000, false, PageQuality},
		{"INDEX.HTML", 9000, true, PageQuality},
		{"style.3F2A91C0.css", 9000, true, PageQuality}, // not a name the build makes
	}
	for _, tt := range tests {
		if got := Worth(tt.rel, tt.size); got != tt.worth {
			t.Errorf("Worth(%q, %d) = %v, want %v", tt.rel, tt.size, got, tt.worth)
		}
		if got := Quality(tt.rel); got != tt.quality {
			t.Errorf("Quality(%q) = %d, want %d", tt.rel, got, tt.quality)
		}
	}
}

func unbrotli(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ungzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// random is bytes no encoder can shrink.
func random(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func TestEncode(t *testing.T) {
	text := []byte(strings.Repeat("<p>ketamine 0.5 mg/kg</p>\n", 400))
	tests := []struct {
		name    string
		data    []byte
		smaller bool
	}{
		{"text", text, true},
		{"incompressible", random(4096), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, q := range []int{PageQuality, AssetQuality} {
				f := Encode(tt.data, q)
				if !tt.smaller {
					if f.Brotli != nil || f.Gzip != nil {
						t.Errorf("q%d: forms of %d and %d bytes for %d incompressible bytes", q, len(f.Brotli), len(f.Gzip), len(tt.data))
					}
					continue
				}
				if !bytes.Equal(unbrotli(t, f.Brotli), tt.data) || !bytes.Equal(ungzip(t, f.Gzip), tt.data) {
					t.Fatalf("q%d: a form does not decode to the input", q)
				}
				if again := Encode(tt.data, q); !bytes.Equal(again.Brotli, f.Brotli) || !bytes.Equal(again.Gzip, f.Gzip) {
					t.Errorf("q%d: two encodings of the same bytes differ", q)
				}
			}
		})
	}
}

// TestCache: the cache gives what Encode gives, from disk the second
// time; an entry damaged on disk is detected and rewritten.
func TestCache(t *testing.T) {
	text := []byte(strings.Repeat("<p>esketamine 56 mg</p>\n", 300))
	want := Encode(text, PageQuality)
	damage := []struct {
		name string
		do   func(name string) error
	}{
		{"none", func(string) error { return nil }},
		{"truncated", func(name string) error { return os.Truncate(name, 40) }},
		{"emptied", func(name string) error { return os.Truncate(name, 0) }},
		{"flipped byte", func(name string) error {
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			b[len(b)-1] ^= 1
			return os.WriteFile(name, b, 0o644)
		}},
		{"removed", os.Remove},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			c, err := NewCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Encode(text, PageQuality); !bytes.Equal(got.Brotli, want.Brotli) || !bytes.Equal(got.Gzip, want.Gzip) {
				t.Fatal("first encoding differs from Encode's")
			}
			entries, _ := filepath.Glob(filepath.Join(c.dir, "*", "*"))
			if len(entries) != 2 {
				t.Fatalf("cache holds %v, want a brotli and a gzip entry", entries)
			}
			for _, e := range entries {
				if err := d.do(e); err != nil {
					t.Fatal(err)
				}
			}
			if got := c.Encode(text, PageQuality); !bytes.Equal(got.Brotli, want.Brotli) || !bytes.Equal(got.Gzip, want.Gzip) {
				t.Fatal("second encoding differs from Encode's")
			}
			for _, e := range entries {
				if _, ok := readEntry(e); !ok {
					t.Errorf("%s was not rewritten", e)
				}
			}
		})
	}
	t.Run("quality is part of the key", func(t *testing.T) {
		c, err := NewCache(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		c.Encode(text, PageQuality)
		if got := c.Encode(text, AssetQuality); !bytes.Equal(got.Brotli, Encode(text, AssetQuality).Brotli) {
			t.Error("the asset quality was served the page quality's entry")
		}
	})
	t.Run("zero cache", func(t *testing.T) {
		var c *Cache
		if got := c.Encode(text, PageQuality); !bytes.Equal(got.Brotli, want.Brotli) {
			t.Error("a nil cache does not encode")
		}
	})
}

// TestSink: the forms are written beside the files worth them and only
// there, decode to what was written even when the caller reuses its
// buffer, and are left out of Files and Bytes.
func TestSink(t *testing.T) {
	page := []byte(strings.Repeat("<p>ketamine</p>\n", 200))
	asset := []byte(strings.Repeat("body{margin:0}\n", 200))
	files := []struct {
		rel   string
		data  []byte
		forms bool
	}{
		{"index.html", page, true},
		{"style.3f2a91c0.css", asset, true},
		{"tiny.html", []byte("<p>x</p>"), false},
		{"noise.js", random(4096), false},
		{"fig.png", page, false},
	}
	out := t.TempDir() + "/public"
	st, err := output.Begin(out, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSink(st, nil)
	var raw int64
	for _, f := range files {
		buf := bytes.Clone(f.data)
		if err := s.WriteFile(f.rel, buf); err != nil {
			t.Fatal(err)
		}
		clear(buf) // the build recycles page buffers
		raw += int64(len(f.data))
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if s.Files() != int64(len(files)) || s.Bytes() != raw {
		t.Errorf("Files, Bytes = %d, %d; want %d, %d", s.Files(), s.Bytes(), len(files), raw)
	}
	if n, _ := s.Forms(); n != 4 {
		t.Errorf("Forms = %d files, want 4", n)
	}
	for _, f := range files {
		br, brErr := os.ReadFile(filepath.Join(out, f.rel+".br"))
		gz, gzErr := os.ReadFile(filepath.Join(out, f.rel+".gz"))
		if !f.forms {
			if brErr == nil || gzErr == nil {
				t.Errorf("%s has compressed forms", f.rel)
			}
			continue
		}
		if brErr != nil || gzErr != nil {
			t.Fatalf("%s: %v, %v", f.rel, brErr, gzErr)
		}
		if !bytes.Equal(unbrotli(t, br), f.data) || !bytes.Equal(ungzip(t, gz), f.data) {
			t.Errorf("%s: a form does not decode to the file", f.rel)
		}
	}
}

// TestSinkWriteFails: a form that cannot be written fails Commit, and the
// output is not replaced.
func TestSinkWriteFails(t *testing.T) {
	out := t.TempDir() + "/public"
	st, err := output.Begin(out, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSink(st, nil)
	if err := s.WriteFile("index.html", []byte(strings.Repeat("<p>x</p>", 500))); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	st.FailWritesWith(full)
	if err := s.Commit(); !errors.Is(err, full) {
		t.Fatalf("Commit = %v, want %v", err, full)
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder exists after a failed build: %v", err)
	}
}
