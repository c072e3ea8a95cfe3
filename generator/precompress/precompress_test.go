package precompress

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// TestPlan: which file gets forms at which quality under each mode. The
// names are the build's: hashed assets, the module, the search index and
// its parts, the bibliography downloads, feed, sitemap, the service
// worker, pages.
func TestPlan(t *testing.T) {
	const no = -1 // no forms
	tests := []struct {
		rel               string
		size              int
		assets, all, none int
	}{
		{"cite.c5d059f3.js", 9628, AssetQuality, AssetQuality, no},
		{"style.1ebc1d5d.css", 23952, AssetQuality, AssetQuality, no},
		{"ketcalc.b57f41d2.wasm", 2240424, AssetQuality, AssetQuality, no},
		{"favicon.af5441c6.svg", 2000, AssetQuality, AssetQuality, no},
		{"search-index.json", 389153, PageQuality, PageQuality, no},
		{"search/25bad8c3.json", 2523021, PageQuality, PageQuality, no}, // a part: its hash is its name, no dot before it
		{"references.json", 976687, PageQuality, PageQuality, no},
		{"references.bib", 496684, PageQuality, PageQuality, no},
		{"references.ris", 460684, PageQuality, PageQuality, no},
		{"feed.xml", 40000, PageQuality, PageQuality, no},
		{"sitemap.xml", 130806, PageQuality, PageQuality, no},
		{"sw.js", 10133, PageQuality, PageQuality, no},
		{"index.html", 671000, no, PageQuality, no},
		{"efficacy/index.html", 58000, no, PageQuality, no},
		{"references/smith-2019/index.html", MinSize, no, PageQuality, no},
		{"legacy/page.HTM", 9000, no, PageQuality, no},
		{"404.html", MinSize - 1, no, no, no},
		{"cite.c5d059f3.js", MinSize - 1, no, no, no},
		{"manifest.webmanifest", 631, no, no, no},
		{"icon-512.5f1792b9.png", 9375, no, no, no},
		{"_headers", 7091, no, no, no},
		{"cite.c5d059f3.js.br", 9000, no, no, no},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			mode Mode
			want int
		}{{Assets, tt.assets}, {All, tt.all}, {None, tt.none}} {
			q, ok := c.mode.Plan(tt.rel, tt.size)
			if !ok {
				q = no
			}
			if q != c.want {
				t.Errorf("%v.Plan(%q, %d) = %d, %v; want quality %d (%d: no forms)", c.mode, tt.rel, tt.size, q, ok, c.want, no)
			}
		}
	}
}

// TestParseMode: the flag's values, the booleans of earlier versions, and
// a refusal that lists the choices.
func TestParseMode(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Mode
	}{
		{"assets", Assets}, {"all", All}, {"none", None}, {"true", All}, {"false", None},
	} {
		got, err := ParseMode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if tt.in != "true" && tt.in != "false" && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
	if Mode(0) != Assets {
		t.Error("the zero Mode is not Assets, the default")
	}
	for _, bad := range []string{"", "yes", "1", "All", "pages", "assets,all"} {
		_, err := ParseMode(bad)
		if err == nil {
			t.Errorf("ParseMode(%q) accepted", bad)
			continue
		}
		for _, choice := range []string{"assets", "all", "none", "true means all", "false none", strconv.Quote(bad)} {
			if !strings.Contains(err.Error(), choice) {
				t.Errorf("ParseMode(%q): %q does not say %q", bad, err, choice)
			}
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

// salad is n bytes of words of a small vocabulary in random order, as the
// synthetic corpus's pages and so its search index are: text on which
// brotli at PageQuality is larger than gzip at GzipLevel.
func salad(n int) []byte {
	words := strings.Fields("ketamine esketamine dose response remission relapse placebo trial " +
		"cohort infusion intranasal intravenous oral glutamate receptor synaptic plasticity " +
		"tolerability dissociation monitoring maintenance guideline evidence efficacy adverse " +
		"bioavailability hypertension meta-analysis randomized depression")
	var b bytes.Buffer
	x := uint32(88172645)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteString(words[x%uint32(len(words))])
		if x>>24 < 24 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.Bytes()[:n]
}

// records is n bytes of JSON records that differ in their numbers, as the
// bibliography data does: text on which brotli beats gzip.
func records(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `{"id":"smith-%d","title":"Ketamine for depression, trial %d","year":%d,"doi":"10.1000/%x"},`, i, i*7%1000, 1990+i%35, i*2654435761)
	}
	return b.Bytes()[:n]
}

// TestBrotliLoses: which inputs the probe spares a brotli form.
func TestBrotliLoses(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		loses bool
	}{
		{"small vocabulary, large", salad(5 * ProbeSize), true},
		{"small vocabulary, just large enough", salad(2 * ProbeSize), true},
		{"small vocabulary, under twice the probe", salad(2*ProbeSize - 1), false},
		{"records, large", records(5 * ProbeSize), false},
		{"markup, large", []byte(strings.Repeat("<p>ketamine 0.5 mg/kg</p>\n", 5*ProbeSize/27)), false},
		{"incompressible, large", random(3 * ProbeSize), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := brotliLoses(tt.data); got != tt.loses {
			t.Errorf("%s (%d bytes): brotliLoses = %v, want %v", tt.name, len(tt.data), got, tt.loses)
		}
	}
}

// TestServedBrotli: a brotli form is served only when smaller than the
// gzip form beside it, or than the file when there is none.
func TestServedBrotli(t *testing.T) {
	form := func(n int) []byte { return make([]byte, n) }
	tests := []struct {
		name     string
		br, gz   []byte
		wantKept bool
	}{
		{"smaller than gzip", form(90), form(100), true},
		{"as large as gzip", form(100), form(100), false},
		{"larger than gzip", form(110), form(100), false},
		{"no gzip form", form(90), nil, true},
		{"no brotli form", nil, form(100), false},
		{"neither", nil, nil, false},
	}
	for _, tt := range tests {
		got := servedBrotli(tt.br, tt.gz)
		if kept := got != nil; kept != tt.wantKept || (kept && len(got) != len(tt.br)) {
			t.Errorf("%s: servedBrotli(%d bytes, %d bytes) = %d bytes (kept %v), want kept %v", tt.name, len(tt.br), len(tt.gz), len(got), kept, tt.wantKept)
		}
	}
}

// TestEncode: the forms decode to the input, are deterministic, and a
// brotli form is never made or never larger than the gzip form where
// brotli loses.
func TestEncode(t *testing.T) {
	text := []byte(strings.Repeat("<p>ketamine 0.5 mg/kg</p>\n", 400))
	tests := []struct {
		name    string
		data    []byte
		smaller bool
		// brotli: whether a brotli form is made at PageQuality.
		brotli bool
	}{
		{"text", text, true, true},
		{"records", records(3 * ProbeSize), true, true},
		{"small vocabulary", salad(3 * ProbeSize), true, false},
		{"incompressible", random(4096), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qualities := []int{PageQuality, AssetQuality}
			if len(tt.data) > ProbeSize {
				qualities = qualities[:1] // brotli 11 takes seconds there, and longer with -race
			}
			for _, q := range qualities {
				f := Encode(tt.data, q)
				if !tt.smaller {
					if f.Brotli != nil || f.Gzip != nil {
						t.Errorf("q%d: forms of %d and %d bytes for %d incompressible bytes", q, len(f.Brotli), len(f.Gzip), len(tt.data))
					}
					continue
				}
				if !bytes.Equal(ungzip(t, f.Gzip), tt.data) {
					t.Fatalf("q%d: the gzip form does not decode to the input", q)
				}
				if q == PageQuality && (f.Brotli != nil) != tt.brotli {
					t.Errorf("q%d: brotli form of %d bytes (gzip %d); want one: %v", q, len(f.Brotli), len(f.Gzip), tt.brotli)
				}
				if f.Brotli != nil {
					if len(f.Brotli) >= len(f.Gzip) {
						t.Errorf("q%d: brotli form of %d bytes, gzip %d", q, len(f.Brotli), len(f.Gzip))
					}
					if !bytes.Equal(unbrotli(t, f.Brotli), tt.data) {
						t.Fatalf("q%d: the brotli form does not decode to the input", q)
					}
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
	t.Run("gzip level is part of the key", func(t *testing.T) {
		c, err := NewCache(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		// The brotli entry, and a gzip entry as the level-9 builds
		// named it: KEY.gz.
		sum := sha256.Sum256(text)
		key := hex.EncodeToString(sum[:])
		if err := os.MkdirAll(filepath.Join(c.dir, key[:2]), 0o755); err != nil {
			t.Fatal(err)
		}
		writeEntry(filepath.Join(c.dir, key[:2], key+"-q"+strconv.Itoa(PageQuality)+".br"), want.Brotli)
		writeEntry(filepath.Join(c.dir, key[:2], key+".gz"), []byte("level 9 bytes"))
		if got := c.Encode(text, PageQuality); !bytes.Equal(got.Gzip, want.Gzip) {
			t.Error("an entry of another gzip level was served")
		}
	})
	t.Run("a brotli form not made is kept as such", func(t *testing.T) {
		c, err := NewCache(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		data := salad(2 * ProbeSize)
		first := c.Encode(data, PageQuality)
		if first.Brotli != nil || first.Gzip == nil {
			t.Fatalf("forms of %d and %d bytes; want gzip only", len(first.Brotli), len(first.Gzip))
		}
		sum := sha256.Sum256(data)
		key := hex.EncodeToString(sum[:])
		payload, ok := readEntry(filepath.Join(c.dir, key[:2], key+"-q"+strconv.Itoa(PageQuality)+".br"))
		if !ok || payload != nil {
			t.Fatalf("brotli entry: %d bytes, ok %v; want an empty entry", len(payload), ok)
		}
		if again := c.Encode(data, PageQuality); again.Brotli != nil || !bytes.Equal(again.Gzip, first.Gzip) {
			t.Error("the second encoding differs from the first")
		}
	})
	t.Run("zero cache", func(t *testing.T) {
		var c *Cache
		if got := c.Encode(text, PageQuality); !bytes.Equal(got.Brotli, want.Brotli) {
			t.Error("a nil cache does not encode")
		}
	})
}

// TestSink: under each mode, the forms are written beside the files its
// plan names and only there, at the planned quality, decode to what was
// written even when the caller reuses its buffer, and are left out of
// Files and Bytes.
func TestSink(t *testing.T) {
	page := []byte(strings.Repeat("<p>ketamine</p>\n", 200))
	asset := []byte(strings.Repeat("body{margin:0}\n", 200))
	data := []byte(strings.Repeat(`{"id":"smith-2019","title":"Ketamine"}`, 100))
	files := []struct {
		rel  string
		data []byte
		// forms lists the modes that write this file's forms.
		forms []Mode
	}{
		{"index.html", page, []Mode{All}},
		{"style.3f2a91c0.css", asset, []Mode{Assets, All}},
		{"search/25bad8c3.json", data, []Mode{Assets, All}},
		// A search part of the synthetic corpus's kind: gzip only.
		{"search/6fec48af.json", salad(2 * ProbeSize), []Mode{Assets, All}},
		{"tiny.html", []byte("<p>x</p>"), nil},
		{"noise.js", random(4096), nil},
		{"fig.png", page, nil},
	}
	for _, mode := range []Mode{Assets, All, None} {
		t.Run(mode.String(), func(t *testing.T) {
			out := t.TempDir() + "/public"
			st, err := output.Begin(out, output.Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := NewSink(st, Policy{Mode: mode})
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
			wantForms := 0
			for _, f := range files {
				br, brErr := os.ReadFile(filepath.Join(out, f.rel+".br"))
				gz, gzErr := os.ReadFile(filepath.Join(out, f.rel+".gz"))
				if !slices.Contains(f.forms, mode) {
					if brErr == nil || gzErr == nil {
						t.Errorf("%s has compressed forms", f.rel)
					}
					continue
				}
				q, _ := mode.Plan(f.rel, len(f.data))
				want := Encode(f.data, q)
				if want.Brotli == nil {
					// Brotli loses to gzip here: the .gz alone.
					if brErr == nil {
						t.Errorf("%s.br written (%d bytes), though brotli loses to gzip (%d bytes)", f.rel, len(br), len(gz))
					}
					br, brErr = nil, nil
				} else {
					wantForms++
					if !bytes.Equal(unbrotli(t, br), f.data) {
						t.Errorf("%s.br does not decode to the file", f.rel)
					}
					if !bytes.Equal(br, Brotli(f.data, q)) {
						t.Errorf("%s.br is not brotli quality %d", f.rel, q)
					}
					if len(br) >= len(gz) {
						t.Errorf("%s.br (%d bytes) is not smaller than its .gz (%d)", f.rel, len(br), len(gz))
					}
				}
				wantForms++
				if brErr != nil || gzErr != nil {
					t.Fatalf("%s: %v, %v", f.rel, brErr, gzErr)
				}
				if !bytes.Equal(ungzip(t, gz), f.data) {
					t.Errorf("%s.gz does not decode to the file", f.rel)
				}
				if want := Gzip(f.data, GzipLevel); !bytes.Equal(gz, want) {
					t.Errorf("%s.gz is not gzip level %d", f.rel, GzipLevel)
				}
			}
			if n, _ := s.Forms(); n != int64(wantForms) {
				t.Errorf("Forms = %d files, want %d", n, wantForms)
			}
		})
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
	s := NewSink(st, Policy{Mode: All})
	if err := s.WriteFile("index.html", []byte(strings.Repeat("<p>x</p>", 500))); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	st.FailWritesWith(full)
	// The forms are written with their file: the failure is the write's.
	if err := s.WriteFile("about.html", []byte(strings.Repeat("<p>y</p>", 500))); !errors.Is(err, full) {
		t.Fatalf("WriteFile = %v, want %v", err, full)
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder exists after a failed build: %v", err)
	}
}

func TestBrotliWindow(t *testing.T) {
	for _, tt := range []struct{ n, want int }{
		{0, 10}, {1008, 10}, {1009, 11}, {40_000, 16}, {65_520, 16}, {65_521, 17},
		{2<<20 - 16, 21}, {4<<20 - 16, 22}, {4 << 20, 22}, {64 << 20, 22},
	} {
		if got := window(tt.n); got != tt.want {
			t.Errorf("window(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
	// Around each boundary the form decodes to the data, at quality 11 and
	// at the data files' quality.
	for _, n := range []int{1008, 1009, 65_520, 65_521, 300_000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = "ketamine dose 0.5 mg/kg "[(i*7+i/13)%24]
		}
		for _, q := range []int{AssetQuality, PageQuality} {
			br := Brotli(data, q)
			if br == nil {
				t.Fatalf("%d bytes at quality %d: no brotli form", n, q)
			}
			got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%d bytes at quality %d: decodes to %d bytes, %v", n, q, len(got), err)
			}
		}
	}
}

// TestCacheRemovesOldVersions: opening a cache deletes the folders of
// other entry formats and nothing else.
func TestCacheRemovesOldVersions(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"v1/ab/x.br", "v2/cd/y.gz", cacheVersion + "/ef/z.br", "v1x/keep", "notes/keep", "v/keep"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte("entry"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "v9"), []byte("a file, not a version folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCache(dir); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]bool{"v1": false, "v2": false, cacheVersion + "/ef/z.br": true, "v1x/keep": true, "notes/keep": true, "v/keep": true, "v9": true} {
		_, err := os.Stat(filepath.Join(dir, f))
		if got := err == nil; got != want {
			t.Errorf("%s exists = %v, want %v", f, got, want)
		}
	}
}
