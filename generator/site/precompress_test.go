package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"ketref/generator/output"
	"ketref/generator/precompress"
)

// TestPrecompressedBuild: under each precompression mode, every file the
// mode plans forms for has NAME.br and NAME.gz beside it that decode to
// it, nothing else has, and the build's summary counts the site's files,
// not the forms; without Precompress, no form is written. Pages have
// forms under "all" only, assets under "assets" and "all". No file links
// a form.
func TestPrecompressedBuild(t *testing.T) {
	dir := "testdata/golden/basic"
	cache, err := precompress.NewCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		policy *precompress.Policy
		// pages and assets: whether pages and hashed assets (the basic
		// site has both of MinSize) have forms.
		pages, assets bool
	}{
		{"assets", &precompress.Policy{Mode: precompress.Assets, Cache: cache}, false, true},
		{"all", &precompress.Policy{Mode: precompress.All, Cache: cache}, true, true},
		{"none", &precompress.Policy{Mode: precompress.None, Cache: cache}, false, false},
		{"without", nil, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{
				Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates")),
				Out: out, Precompress: tt.policy,
			})
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range listFiles(t, out) {
				if b, err := os.ReadFile(filepath.Join(out, f)); err == nil {
					files[f] = b
				}
			}
			site, forms, pageForms, assetForms, assetBrotli := 0, 0, 0, 0, 0
			for f, data := range files {
				if strings.HasSuffix(f, ".br") || strings.HasSuffix(f, ".gz") {
					forms++
					continue
				}
				if f != output.Marker {
					site++
				}
				br, gz := files[f+".br"], files[f+".gz"]
				want := false
				if tt.policy != nil {
					_, want = tt.policy.Mode.Plan(f, len(data))
				}
				if want && strings.HasSuffix(f, ".html") {
					pageForms++
				}
				if want && hashedAsset.MatchString(f) {
					assetForms++
				}
				if !want {
					if br != nil || gz != nil {
						t.Errorf("%s (%d bytes) has compressed forms", f, len(data))
					}
					continue
				}
				// Every planned file has a .gz; a .br only where it is
				// smaller than the .gz (precompress.Encode).
				if gz == nil {
					t.Errorf("%s (%d bytes) has no .gz", f, len(data))
					continue
				}
				if br != nil {
					if hashedAsset.MatchString(f) {
						assetBrotli++
					}
					if len(br) >= len(gz) {
						t.Errorf("%s.br is %d bytes, not smaller than its .gz (%d)", f, len(br), len(gz))
					}
					got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
					if err != nil || !bytes.Equal(got, data) {
						t.Errorf("%s.br does not decode to %s: %v", f, f, err)
					}
				}
				var got []byte
				zr, err := gzip.NewReader(bytes.NewReader(gz))
				if err == nil {
					got, err = io.ReadAll(zr)
				}
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s.gz does not decode to %s: %v", f, f, err)
				}
			}
			if assetForms > 0 && assetBrotli != assetForms {
				t.Errorf("%d of %d hashed assets have a .br; brotli beats gzip on every one of them", assetBrotli, assetForms)
			}
			if (pageForms > 0) != tt.pages || (assetForms > 0) != tt.assets {
				t.Errorf("%d pages and %d hashed assets have forms; want pages %v, assets %v", pageForms, assetForms, tt.pages, tt.assets)
			}
			if (tt.pages || tt.assets) && forms == 0 {
				t.Error("no compressed forms written")
			}
			// The forms are reached by negotiation only: no file of the
			// site names one, so no browser asks for one by URL.
			for f, data := range files {
				if strings.HasSuffix(f, ".br") || strings.HasSuffix(f, ".gz") {
					continue
				}
				if m := regexp.MustCompile(`[\w.-]+\.(br|gz)\b`).Find(data); m != nil {
					t.Errorf("%s names %s", f, m)
				}
			}
			if res.Files != int64(site) {
				t.Errorf("summary counts %d files, the site has %d (and %d forms)", res.Files, site, forms)
			}
		})
	}
}

// hashedAsset matches the name of a hashed asset.
var hashedAsset = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`)

// TestCodeCSSOnlyWhereUsed: a page links code.css exactly when it holds
// highlighted code; the review has two such pages.
func TestCodeCSSOnlyWhereUsed(t *testing.T) {
	out := buildReview(t, "/")
	link := regexp.MustCompile(`<link rel="stylesheet" href="/code\.[0-9a-f]{8}\.css">`)
	var with []string
	for _, f := range htmlFiles(t, out) {
		page, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		code := bytes.Contains(page, []byte(`<pre class="chroma"`))
		if linked := link.Match(page); linked != code {
			t.Errorf("%s: links code.css %v, has highlighted code %v", f, linked, code)
		}
		if code {
			with = append(with, f)
		}
	}
	want := []string{"authoring/index.html", "calculators/how/index.html"}
	if strings.Join(with, " ") != strings.Join(want, " ") {
		t.Errorf("pages with code.css: %v, want %v", with, want)
	}
}
