package precompress

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// BenchmarkEncode measures, per kind of file that the default mode
// (Assets) compresses, the time and bytes of each setting Encode could
// use: brotli qualities 3 to 6 at windows of 2^20 to 2^24 (and 11 for the
// hashed assets), gzip levels 1 to 9, and Encode itself. The files are a
// built site's, named by KETREF_BENCH_SITE, for example the 1000-page
// corpus's (README, Performance):
//
//	KETREF_BENCH_SITE=/tmp/z19-out go test -run '^$' -bench Encode -benchtime 3x -cpu 1 ./generator/precompress
//
// Each result reports out-bytes (all forms of the kind's files) and their
// ratio to the input; Encode's br-bytes and gz-bytes are what a client
// accepting brotli, and one accepting gzip only, downloads (the .gz where
// there is no .br).
func BenchmarkEncode(b *testing.B) {
	dir := os.Getenv("KETREF_BENCH_SITE")
	if dir == "" {
		b.Skip("set KETREF_BENCH_SITE to a built site's folder (e.g. the 1000-page corpus's) to measure its files")
	}
	kinds := siteFiles(b, dir)
	type setting struct {
		name string
		enc  func([]byte) int
	}
	var settings []setting
	for _, q := range []int{3, 4, 5, 6, 11} {
		for _, lgwin := range []int{20, 22, 24} {
			settings = append(settings, setting{"brotli-q" + strconv.Itoa(q) + "-w" + strconv.Itoa(lgwin), func(d []byte) int {
				var buf bytes.Buffer
				w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: q, LGWin: lgwin})
				_, _ = w.Write(d)
				_ = w.Close()
				return buf.Len()
			}})
		}
	}
	for level := 1; level <= 9; level++ {
		settings = append(settings, setting{"gzip-" + strconv.Itoa(level), func(d []byte) int {
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, level)
			_, _ = w.Write(d)
			_ = w.Close()
			return buf.Len()
		}})
	}
	for _, kind := range []string{"data-large", "data-small", "assets"} {
		files := kinds[kind]
		if len(files) == 0 {
			continue
		}
		raw := 0
		for _, f := range files {
			raw += len(f.data)
		}
		for _, s := range settings {
			// Quality 11 is the hashed assets' alone: on megabytes of
			// data it takes minutes.
			if strings.HasPrefix(s.name, "brotli-q11-") && kind != "assets" {
				continue
			}
			b.Run(kind+"/"+s.name, func(b *testing.B) {
				b.SetBytes(int64(raw))
				out := 0
				for b.Loop() {
					out = 0
					for _, f := range files {
						out += s.enc(f.data)
					}
				}
				b.ReportMetric(float64(out), "out-bytes")
				b.ReportMetric(float64(out)/float64(raw), "ratio")
			})
		}
		b.Run(kind+"/Encode", func(b *testing.B) {
			b.SetBytes(int64(raw))
			var br, gz int
			for b.Loop() {
				br, gz = 0, 0
				for _, f := range files {
					forms := Encode(f.data, f.quality)
					gz += sizeOr(forms.Gzip, len(f.data))
					br += sizeOr(forms.Brotli, sizeOr(forms.Gzip, len(f.data)))
				}
			}
			b.ReportMetric(float64(br), "br-bytes")
			b.ReportMetric(float64(gz), "gz-bytes")
		})
	}
}

type siteFile struct {
	data    []byte
	quality int
}

// siteFiles reads the files of the built site at dir that Assets plans
// forms for, by kind: hashed assets ("assets"), and the other files of at
// least 2*ProbeSize ("data-large", which Encode probes) or less
// ("data-small").
func siteFiles(b *testing.B, dir string) map[string][]siteFile {
	kinds := map[string][]siteFile{}
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		b.Fatalf("KETREF_BENCH_SITE: %v", err)
	}
	slices.Sort(names)
	for _, p := range names {
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		q, ok := Assets.Plan(filepath.ToSlash(rel), len(data))
		if !ok {
			continue
		}
		kind := "data-small"
		switch {
		case q == AssetQuality:
			kind = "assets"
		case len(data) >= 2*ProbeSize:
			kind = "data-large"
		}
		kinds[kind] = append(kinds[kind], siteFile{data, q})
	}
	if len(kinds) == 0 {
		b.Fatalf("KETREF_BENCH_SITE=%s holds no file that -precompress=assets compresses: is it a built site?", dir)
	}
	return kinds
}
