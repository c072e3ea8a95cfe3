package site

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ketref/generator/output"
	"ketref/generator/wasmbuild"
)

// TestReviewWorkerPrecachesTheSite: the review built under a base URL
// with a path has a sw.js whose precache list is every file of the build
// but the host's (_headers, robots.txt, sitemap.xml, sw.js itself) and the
// pages no reader asks for (404.html, the aliases' redirects), each under
// the base path with the SHA-256 and size of the file written; every page
// of the sitemap is in it (the review is within the limits), and every
// page links the manifest and loads the registration with the worker's
// URL and scope.
func TestReviewWorkerPrecachesTheSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(Options{Content: os.DirFS("../../content"), Templates: os.DirFS("../../templates"), Out: out, BaseURL: "https://example.org/review/",
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}})
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(out, "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^const CONFIG = (.*);$`).FindSubmatch(js)
	if m == nil {
		t.Fatal("sw.js has no configuration")
	}
	var cfg struct {
		Scope, Offline string
		PagesPrecached bool
		Precache       []struct {
			URL, SHA256 string
			Size        int
			Page        bool
		}
	}
	if err := json.Unmarshal(m[1], &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Scope != "/review/" || cfg.Offline != "/review/offline/" || !cfg.PagesPrecached {
		t.Errorf("scope %q, offline page %q, pages precached %v", cfg.Scope, cfg.Offline, cfg.PagesPrecached)
	}
	listed := map[string]bool{}
	for _, e := range cfg.Precache {
		if listed[e.URL] {
			t.Errorf("%s listed twice", e.URL)
		}
		listed[e.URL] = true
		rel, ok := strings.CutPrefix(e.URL, "/review/")
		if !ok {
			t.Errorf("%s is outside the base path", e.URL)
			continue
		}
		rel, _ = url.PathUnescape(rel)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		data, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Errorf("%s: %v", e.URL, err)
			continue
		}
		sum := sha256.Sum256(data)
		if e.SHA256 != base64.StdEncoding.EncodeToString(sum[:]) || e.Size != len(data) {
			t.Errorf("%s: listed with %d bytes %s; the file has %d", e.URL, e.Size, e.SHA256, len(data))
		}
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	src, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(src, &sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range sm.URLs {
		if p := strings.TrimPrefix(u.Loc, "https://example.org"); !listed[p] {
			t.Errorf("page %s is not precached", p)
		}
	}
	// Not for reading offline: the host's and crawlers' files, the feed
	// and the calculators' test vectors.
	host := map[string]bool{"_headers": true, "robots.txt": true, "sitemap.xml": true, "sw.js": true, "404.html": true, output.Marker: true,
		"changes/feed.xml": true, "calculators/vectors.json": true}
	assets := 0
	for _, f := range listFiles(t, out) {
		u := "/review/" + strings.TrimSuffix(f, "index.html")
		page, _ := os.ReadFile(filepath.Join(out, f))
		skip := host[f] || (strings.HasSuffix(f, ".html") && isRedirect(page))
		if listed[u] == skip {
			t.Errorf("%s: precached %v", f, listed[u])
		}
		if hashedName.MatchString(f) {
			assets++
		}
		if strings.HasSuffix(f, ".html") && !isRedirect(page) {
			for _, want := range []string{`<link rel="manifest" href="/review/manifest.webmanifest">`, `data-worker="/review/sw.js" data-scope="/review/" defer>`} {
				if !strings.Contains(string(page), want) {
					t.Errorf("%s lacks %s", f, want)
				}
			}
		}
	}
	if assets < 12 || len(sm.URLs) < 100 {
		t.Errorf("checked %d assets and %d pages", assets, len(sm.URLs))
	}
}

// TestProjectHasNoWorker: a Project (the preview's builds) and a build
// with NoServiceWorker write no sw.js and no registration script, and
// their pages load none; the manifest stays.
func TestProjectHasNoWorker(t *testing.T) {
	opt := Options{Content: os.DirFS("../../content"), Templates: os.DirFS("../../templates"), Out: filepath.Join(t.TempDir(), "public"), NoServiceWorker: true,
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}}
	if _, err := Build(opt); err != nil {
		t.Fatal(err)
	}
	built := map[string][]byte{}
	for _, f := range listFiles(t, opt.Out) {
		built[f], _ = os.ReadFile(filepath.Join(opt.Out, f))
	}
	opt.NoServiceWorker = false
	_, mem, err := NewProject(opt).Build()
	if err != nil {
		t.Fatal(err)
	}
	project := map[string][]byte{}
	for f, b := range mem.All() {
		project[f] = b
	}
	for name, files := range map[string]map[string][]byte{"build": built, "project": project} {
		if files["manifest.webmanifest"] == nil || files["index.html"] == nil {
			t.Errorf("%s: no manifest or no home page", name)
		}
		for f, b := range files {
			page := strings.HasSuffix(f, ".html")
			if f == "sw.js" || strings.HasPrefix(f, "sw-register") || page && (strings.Contains(string(b), "sw-register") || strings.Contains(string(b), `src="/sw.js"`) || strings.Contains(string(b), "sw.js")) {
				t.Errorf("%s: %s is or loads the service worker", name, f)
			}
		}
	}
}
